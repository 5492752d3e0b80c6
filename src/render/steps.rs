//! Steps: every item of an ordered list. Their ids (`step-N`, respecting the list's `start`), the names writers give
//! them with `{#name former-name ...}` at the end of the first line, and the plain text the link catalog shows.
//!
//! Id rule: the ordered lists of the first section (the part of the page under one heading) that has any are
//! the page's main procedure, with ids `step-N`. Lists in any later section are prefixed with that section's
//! heading id: `<heading-id>-step-N`. A list nested in a step numbers its items `<step-id>-M`.

use crate::report::{acting_character, Problem, ACTING_HINT};
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::Path;

/// The place, above an article's first procedure, where its script tells a reader that the step their link named
/// moved or is gone (a live region, so screen readers announce it). [`crate::render::history`] adds what the ledger
/// knows as `data-history`.
pub(crate) const NOTICE: &str = "<div class=\"step-notice\" role=\"status\"></div>";

/// The step link's texts, as the renderer writes them in helpsite's English (see [`crate::render::theme_text`] for other languages).
pub(crate) fn step_link_texts(number: &str, title: &str, hidden: &str) -> String {
    format!(
        "title=\"{}\"><span aria-hidden=\"true\">{number}</span><span class=\"visually-hidden\">{}</span>",
        crate::html::escape(&title.replace("{number}", number)),
        crate::html::escape(&hidden.replace("{number}", number)),
    )
}

/// The English of the step link, which the renderer writes.
pub(crate) const STEP_LINK_TITLE: &str = "Link to step {number}";
pub(crate) const STEP_LINK_HIDDEN: &str = "Step {number}, link to this step";

/// One step of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Step {
    /// The number the reader sees, with parents for nested steps (`6` or `6.2`).
    pub number: String,
    /// `step-6`, `setup-step-6`, `step-6-2`.
    pub id: String,
    /// The stable name a writer gave the step, if any.
    pub name: Option<String>,
    /// The name made from its text when the writer gave none (`click-app-passwords`, see [`auto_base`]).
    #[serde(default)]
    pub auto_name: Option<String>,
    /// Names the step had before; links to them still land on it.
    pub former_names: Vec<String>,
    /// Automatic names it had in published releases (from the ledger, see [`crate::render::history`]), kept so
    /// that the addresses sent with them still land on it after its text was edited.
    #[serde(default)]
    pub kept_names: Vec<String>,
    /// Plain text of the step's first sentence.
    pub text: String,
    /// Line of the step in the source file.
    pub line: usize,
    /// Section heading id the step's procedure sits under, when it is not the main procedure.
    pub prefix: Option<String>,
}

impl Step {
    /// The anchor to link to: the writer's name when there is one, else the automatic one (both survive
    /// renumbering), else the numbered id.
    pub(crate) fn anchor(&self) -> &str {
        self.name
            .as_deref()
            .or(self.auto_name.as_deref())
            .unwrap_or(&self.id)
    }

    /// Every id that lands on this step.
    pub(crate) fn all_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.name.as_deref())
            .chain(self.auto_name.as_deref())
            .chain(self.former_names.iter().map(|s| s.as_str()))
            .chain(self.kept_names.iter().map(|s| s.as_str()))
    }

    /// The names the writer gave it: its name and former names.
    pub(crate) fn written_names(&self) -> impl Iterator<Item = &str> {
        self.name
            .as_deref()
            .into_iter()
            .chain(self.former_names.iter().map(|s| s.as_str()))
    }
}

/// Words that open a step without saying what it does ("Next, click ..."), dropped from the front of an automatic
/// name, and words dropped anywhere in it.
const LEADING: &[&str] = &[
    "next", "then", "now", "first", "firstly", "finally", "lastly", "also", "and", "please",
];
const FILLER: &[&str] = &["a", "an", "the", "your"];
/// An automatic name has at most this many words and bytes: short enough to read in a link, long enough to be
/// unique on most pages.
const NAME_WORDS: usize = 5;
const NAME_BYTES: usize = 48;

/// The automatic name of a step from its text: its first words in ASCII (`Next, click **App passwords**.` ->
/// `click-app-passwords`), without opening words such as "next" and without articles; never of the shape of a
/// numbered id (`step-3` becomes `step-3-text`). `step-without-words` when the text has none (a step that only shows a picture).
pub(crate) fn auto_base(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    let start = words
        .iter()
        .position(|w| !LEADING.contains(w) && !FILLER.contains(w))
        .unwrap_or(words.len());
    let mut name = String::new();
    let mut count = 0;
    for w in &words[start..] {
        let w = w.replace('\'', "");
        if FILLER.contains(&w.as_str()) || w.is_empty() {
            continue;
        }
        if count == NAME_WORDS || (count > 0 && name.len() + 1 + w.len() > NAME_BYTES) {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&w[..w.len().min(NAME_BYTES)]);
        count += 1;
    }
    if name.is_empty() {
        return "step-without-words".to_string();
    }
    // `step-3`, and `do-this-step`, which would become `do-this-step-2` when taken, are numbered shapes.
    if crate::render::anchors::looks_like_step_id(&name)
        || name == "step"
        || name.ends_with("-step")
    {
        name.push_str("-text");
    }
    name
}

/// One earlier meaning of an address of the page, for its script: shown when the page is opened at that address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Notice {
    /// What the step said.
    pub text: String,
    /// The date and number of the release that published that meaning.
    pub since: String,
    pub release: u32,
    /// The date and number of the release that changed it, when one has (else the change is not published yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_release: Option<u32>,
    /// Where the step is now: its anchor and number on this page. Absent when it is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A gone step that an older version still has there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<Elsewhere>,
}

/// A step in another version: that version's label and the step's address from this page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Elsewhere {
    pub label: String,
    /// From this page.
    pub url: String,
    /// From the site's root: `v100/email/x/#name`.
    pub path: String,
}

/// The numbered id of a step: `numbers` holds the item number at each list depth.
/// The text of a paragraph that is one bold phrase (`**Scenario 2: Outlook**`, a trailing `:` allowed), when it is
/// the block just before the end of `events`: a heading in all but name, as editors export them.
pub(crate) fn bold_label(events: &[(Event, Range<usize>)]) -> Option<String> {
    let mut rev = events.iter().rev().map(|(e, _)| e);
    if !matches!(rev.next()?, Event::End(TagEnd::Paragraph)) {
        return None;
    }
    let mut after = rev.next()?;
    if let Event::Text(t) = after {
        if t.trim() != ":" {
            return None;
        }
        after = rev.next()?;
    }
    if !matches!(after, Event::End(TagEnd::Strong)) {
        return None;
    }
    let mut text = Vec::new();
    for e in rev.by_ref() {
        match e {
            Event::Start(Tag::Strong) => break,
            Event::Text(t) | Event::Code(t) => text.push(t.to_string()),
            _ => return None,
        }
    }
    if !matches!(rev.next()?, Event::Start(Tag::Paragraph)) {
        return None;
    }
    text.reverse();
    let label = text.concat();
    let label = label.trim().trim_end_matches(':').trim();
    (!label.is_empty()).then(|| label.to_string())
}

pub(crate) fn step_id(prefix: Option<&str>, numbers: &[u64]) -> String {
    let mut id = String::new();
    if let Some(p) = prefix {
        id.push_str(p);
        id.push('-');
    }
    id.push_str("step");
    for n in numbers {
        id.push('-');
        id.push_str(&n.to_string());
    }
    id
}

/// A `{#name former ...}` marker at the end of a step's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameMarker {
    /// Byte offset where the marker (with the spaces before it) starts in the text given.
    pub start: usize,
    pub names: Vec<String>,
}

/// Finds a trailing `{#name ...}` in `line`. Returns None when the line does not end with one.
pub(crate) fn find_name_marker(line: &str) -> Option<NameMarker> {
    let trimmed = line.trim_end();
    if !trimmed.ends_with('}') {
        return None;
    }
    let open = trimmed.rfind("{#")?;
    let inner = &trimmed[open + 2..trimmed.len() - 1];
    if inner.contains('{') || inner.contains('}') {
        return None;
    }
    let names: Vec<String> = inner
        .split_whitespace()
        .map(|n| n.trim_start_matches('#').to_string())
        .collect();
    let start = line[..open].trim_end().len();
    Some(NameMarker { start, names })
}

/// The first sentence of a step's text, for the catalog and search: up to the first `. `, `! ` or `? `.
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') && i > 2 {
            // "e.g. " and "i.e. " do not end a sentence.
            let before = &text[..=i];
            if before.ends_with("e.g.")
                || before.ends_with("i.e.")
                || before.ends_with("etc.") && i + 2 < text.len()
            {
                continue;
            }
            return text[..=i].to_string();
        }
    }
    text
}

/// What headings and steps say is shown beyond their page (the table of contents, search results, `links.json`,
/// `helpsite links` in a terminal), where a control character or direction override acts instead of showing: each
/// is an error at its line, as in the front matter. `title` is the page title taken from a first `#` heading, which is
/// not among `headings`; `body` (with `line_at` for its offsets) finds its line, only when it holds one.
pub(crate) fn acting_characters<'a>(
    file: &Path,
    (body, line_at): (&str, &dyn Fn(usize) -> usize),
    title: Option<&str>,
    headings: impl IntoIterator<Item = (usize, &'a str)>,
    steps: &[Step],
) -> Vec<Problem> {
    let problem = |line: usize, what: &str, c: char| {
        Problem::error(
            file,
            Some(line),
            format!("{what} holds the control character U+{:04X}", c as u32),
        )
        .hint(ACTING_HINT)
    };
    let mut found = Vec::new();
    if let Some(c) = title.and_then(acting_character) {
        found.push(problem(
            line_at(first_heading(body)),
            "the title heading",
            c,
        ));
    }
    for (line, text) in headings {
        if let Some(c) = acting_character(text) {
            found.push(problem(line, "the heading", c));
        }
    }
    for step in steps {
        if let Some(c) = acting_character(&step.text) {
            found.push(problem(step.line, &format!("step {}", step.number), c));
        }
    }
    found
}

/// The offset of the first heading in `body`, parsed as `markdown.rs` parses it (its options, but for heading
/// detection only the block structure matters).
fn first_heading(body: &str) -> usize {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    Parser::new_ext(body, options)
        .into_offset_iter()
        .find(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
        .map_or(0, |(_, range)| range.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_carry_prefix_and_nesting() {
        assert_eq!(step_id(None, &[6]), "step-6");
        assert_eq!(step_id(Some("pop"), &[3]), "pop-step-3");
        assert_eq!(step_id(None, &[6, 2]), "step-6-2");
    }

    #[test]
    fn a_trailing_marker_gives_the_name_and_former_names() {
        let m =
            find_name_marker("Next click **App passwords**. {#open-app-passwords app-passwords}")
                .unwrap();
        assert_eq!(m.names, vec!["open-app-passwords", "app-passwords"]);
        assert_eq!(
            &"Next click **App passwords**. {#x}"[..m.start],
            "Next click **App passwords**."
        );
    }

    #[test]
    fn braces_elsewhere_are_not_a_marker() {
        assert_eq!(find_name_marker("Use {#x} in the middle"), None);
        assert_eq!(find_name_marker("A set {a, b}"), None);
        assert_eq!(find_name_marker("plain"), None);
    }

    #[test]
    fn control_characters_in_a_heading_a_step_or_the_title_heading_are_errors_at_their_lines() {
        let step = |number: &str, text: &str, line| Step {
            number: number.into(),
            id: format!("step-{number}"),
            name: None,
            auto_name: None,
            former_names: Vec::new(),
            kept_names: Vec::new(),
            text: text.into(),
            line,
            prefix: None,
        };
        let body = "Intro.\n\n# Connect \u{202e}Gmail\n";
        let line_at = |offset: usize| 4 + body[..offset].matches('\n').count();
        let found = acting_characters(
            Path::new("content/v1/a/b.md"),
            (body, &line_at),
            Some("Connect \u{202e}Gmail"),
            [(9, "Clean"), (12, "Bell \u{7} here"), (14, "Tab\tis fine")],
            &[
                step("1", "Open it.", 10),
                step("2.1", "Click \u{9b}OK.", 11),
            ],
        );
        let shown: Vec<String> = found
            .iter()
            .map(|p| format!("{}: {}", p.location(), p.message))
            .collect();
        assert_eq!(
            shown,
            [
                "content/v1/a/b.md:6: the title heading holds the control character U+202E",
                "content/v1/a/b.md:12: the heading holds the control character U+0007",
                "content/v1/a/b.md:11: step 2.1 holds the control character U+009B",
            ]
        );
        assert!(found.iter().all(|p| p.hint.as_deref() == Some(ACTING_HINT)));
    }

    #[test]
    fn an_automatic_name_is_the_first_words_of_the_step_without_openers_and_articles() {
        assert_eq!(
            auto_base("Next Click App passwords."),
            "click-app-passwords"
        );
        assert_eq!(
            auto_base("Type a name for the app password, for example \"SmarterTrack\"."),
            "type-name-for-app-password"
        );
        assert_eq!(
            auto_base("After you've logged in, click on the account icon."),
            "after-youve-logged-in-click"
        );
        assert_eq!(
            auto_base("Öffnen Sie die Einstellungen."),
            "offnen-sie-die-einstellungen"
        );
        assert_eq!(auto_base("Step 3"), "step-3-text");
        assert_eq!(auto_base("**!!!**"), "step-without-words");
        assert!(auto_base(&"Supercalifragilistic ".repeat(9)).len() <= NAME_BYTES);
    }

    #[test]
    fn an_automatic_name_never_ends_in_step_so_a_numbered_suffix_cannot_make_it_a_step_id() {
        assert_eq!(auto_base("Complete this step."), "complete-this-step-text");
    }

    #[test]
    fn the_first_sentence_stops_at_the_first_full_stop() {
        assert_eq!(
            first_sentence("Next Click App passwords. Then more."),
            "Next Click App passwords."
        );
        assert_eq!(
            first_sentence("Use a name, e.g. SmarterTrack. Then go."),
            "Use a name, e.g. SmarterTrack."
        );
        assert_eq!(first_sentence("No stop here"), "No stop here");
        assert_eq!(first_sentence("Spread\nover  lines."), "Spread over lines.");
    }
}
