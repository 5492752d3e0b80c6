//! Markdown to HTML with pulldown-cmark, plus what the rest of the build needs to know about the page: its headings,
//! steps, element ids, links (with source lines) and widgets. Steps, callouts, figures and widgets are written here
//! by replacing pulldown-cmark events; everything else is pulldown-cmark's own HTML.

use crate::render::anchors::{self, IdSet};
use crate::render::raw_html;
use crate::render::steps::{self, Step};
use crate::report::{LineIndex, Problem};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// An image as written in Markdown, handed to the image stage.
#[derive(Debug, Clone)]
pub(crate) struct ImageUse<'a> {
    pub src: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    /// The image stands alone in its paragraph and becomes a `<figure>`.
    pub figure: bool,
    /// The first image of the page: it may be on the first screen, so it is not lazy-loaded.
    pub first: bool,
    /// How many steps it is inside: each narrows the column it is drawn in.
    pub depth: usize,
    /// How many items of plain (bullet or numbered, not step) lists it is inside: each indents it too.
    pub plain: usize,
}

/// A failure the image or widget stage reports: what is wrong, and how to fix it.
pub(crate) type Failure = (String, String);

/// Stages that markdown rendering calls out to.
pub(crate) struct Hooks<'a> {
    pub image: &'a (dyn Fn(&ImageUse) -> Result<String, Failure> + Sync),
    pub widget: &'a (dyn Fn(&str) -> Result<String, Failure> + Sync),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

impl Heading {
    /// The heading as a reader names the section: trimmed, without a closing colon, lowercased.
    pub(crate) fn key(text: &str) -> String {
        text.trim().trim_end_matches(':').to_lowercase()
    }

    /// Whether it heads a list of links to other articles ("Related articles", "See also"). The build adds no
    /// related articles to an article that has one, and search does not offer one as a result.
    pub(crate) fn lists_related(text: &str) -> bool {
        matches!(
            Self::key(text).as_str(),
            "related"
                | "related articles"
                | "related topics"
                | "see also"
                | "more help"
                | "next steps"
                // The same in the German of the shipped catalogue.
                | "verwandte artikel"
                | "siehe auch"
                | "weitere hilfe"
        )
    }
}

pub(crate) use crate::render::hrefs::LinkTarget;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Link {
    pub target: LinkTarget,
    pub line: usize,
    /// As written, for messages.
    pub raw: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Rendered {
    /// A hash of everything else here, set by [`crate::render::articles`] (keys of later stages read it).
    pub digest: u64,
    /// From the first `#` heading, when the front matter has no title.
    pub h1_title: Option<String>,
    pub html: String,
    pub headings: Vec<Heading>,
    pub steps: Vec<Step>,
    pub ids: BTreeSet<String>,
    pub links: Vec<Link>,
    pub widgets: BTreeSet<String>,
    pub images: usize,
    /// Every image path as written, in order: the same source renders the same HTML in another version when these
    /// resolve to the same files there.
    pub image_srcs: Vec<String>,
    pub problems: Vec<Problem>,
    /// Earlier meanings of the page's addresses, by id, newest first (from the ledger, see
    /// [`crate::render::history`]; empty as rendered).
    #[serde(default)]
    pub notices: Vec<(String, steps::Notice)>,
}

impl Rendered {
    /// Sets `digest` to a hash of everything else, after rendering or after a later stage changed the rendering.
    pub(crate) fn seal(&mut self) {
        self.digest = 0;
        let mut digest = crate::incremental::key::Key::new();
        digest.add_postcard(&*self);
        self.digest = digest.finish();
    }
}

pub(crate) struct Input<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub body_offset: usize,
    /// The folder of the file inside its version folder on disk (`Billing/Refunds`): relative links start there.
    pub dir: &'a str,
    /// The title from the front matter, when there is one.
    pub front_title: Option<&'a str>,
    /// Relative path from the page to the site root (`../../../` for an article of a top-level category, one `../`
    /// more per section level).
    pub root: &'a str,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Parses into events with their byte ranges, merging runs of text so markers split by the parser are whole.
fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut events: Vec<(Event, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Event::Text(t), Some((Event::Text(prev), prev_range))) = (&event, events.last_mut())
        {
            let mut merged = prev.to_string();
            merged.push_str(t);
            *prev = CowStr::from(merged);
            prev_range.end = range.end;
            continue;
        }
        events.push((event, range));
    }
    events
}

/// Plain text of events[start..] up to the end tag that closes events[start - 1].
fn plain_text(
    events: &[(Event, Range<usize>)],
    from: usize,
    stop: impl Fn(&Event) -> bool,
) -> String {
    let mut text = String::new();
    for (e, _) in &events[from..] {
        if stop(e) {
            break;
        }
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

struct ListCtx {
    /// Index of the step list's item being read, and the number the next item gets.
    ordered: bool,
    next: u64,
    /// Numbers of the enclosing steps, for nested steps.
    parents: Vec<u64>,
    section: Option<usize>,
    /// Event index of the list's start: which list a step is in.
    start: usize,
}

struct PendingStep {
    /// The list the step is in ([`ListCtx::start`]).
    list: usize,
    item_event: usize,
    numbers: Vec<u64>,
    section: Option<usize>,
    names: Vec<String>,
    /// Event index and byte offset in that text event where the name marker starts.
    marker: Option<(usize, usize)>,
    text: String,
    line: usize,
}

/// The largest article rendered: a page of more would be unreadable, and the limit bounds a build's memory.
const MAX_ARTICLE_BYTES: usize = 5 * 1024 * 1024;
/// The deepest nesting of lists and block quotes: real procedures nest a few levels; thousands would make pages of
/// many megabytes.
const MAX_DEPTH: usize = 100;

fn too_big(input: &Input, body: &str) -> Option<Problem> {
    (input.text.len() > MAX_ARTICLE_BYTES).then(|| {
        Problem::error(
            input.file,
            Some(1),
            format!(
                "the article is {:.1} MB; helpsite renders articles of up to {} MB",
                input.text.len() as f64 / 1_048_576.0,
                MAX_ARTICLE_BYTES / 1_048_576
            ),
        )
        .hint(if body.contains("data:") {
            "move embedded data (data: URLs) into files beside the article, or split the article into several"
        } else {
            "split the article into several, one per task"
        })
    })
}

fn too_deep(
    events: &[(Event, Range<usize>)],
    file: &Path,
    line_at: &impl Fn(usize) -> usize,
) -> Option<Problem> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(
                        Problem::error(
                            file,
                            Some(line_at(range.start)),
                            format!("lists and quotes are nested more than {MAX_DEPTH} deep here"),
                        )
                        .hint("nest steps a few levels at most; start a new procedure under its own heading instead"),
                    );
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

pub(crate) fn render(input: &Input, hooks: &Hooks) -> Rendered {
    // Other generators' callouts are read as GitHub alerts, line for line (see `callouts`).
    let rewritten = super::callouts::rewrite(&input.text[input.body_offset..]);
    let owned;
    let text = match &rewritten {
        Some(r) => {
            owned = format!("{}{}", &input.text[..input.body_offset], r.text);
            owned.as_str()
        }
        None => input.text,
    };
    let body = &text[input.body_offset..];
    let lines = LineIndex::new(text);
    let line_at = |offset: usize| lines.line_of(input.body_offset + offset);
    let mut out = Rendered::default();
    for (index, name) in rewritten.iter().flat_map(|r| &r.unknown) {
        let line = lines.line_of(input.body_offset) + index;
        out.problems.push(
            Problem::warning(input.file, Some(line), format!("callout kind {name:?} is not one helpsite knows; it is shown as a note"))
                .hint("use note, tip, important, warning or caution (info, danger and the other Docusaurus and MkDocs names work too)"),
        );
    }
    if let Some(problem) = too_big(input, body) {
        out.problems.push(problem);
        return out;
    }
    let mut events = parse(body);
    if let Some(problem) = too_deep(&events, input.file, &line_at) {
        out.problems.push(problem);
        return out;
    }
    let problem = |line: usize, message: String, hint: &str| {
        Problem::error(input.file, Some(line), message).hint(hint)
    };

    // Headings, and the title from a first `#` heading.
    struct HeadingInfo {
        event: usize,
        level: u8,
        explicit: Option<String>,
        text: String,
        line: usize,
        id: String,
    }
    let mut headings: Vec<HeadingInfo> = Vec::new();
    let mut drop_range: Option<Range<usize>> = None;
    // Lines of `#` headings below the title: a changelog has dozens, and one warning says it.
    let mut repeated_h1: Vec<usize> = Vec::new();
    for (i, (e, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { level, id, .. }) = e {
            let text = plain_text(&events, i + 1, |e| {
                matches!(e, Event::End(TagEnd::Heading(_)))
            });
            let level = level_number(*level);
            let first = level == 1 && headings.is_empty() && out.h1_title.is_none();
            // An export that keeps the title in the front matter often repeats it as the first `# ` heading: that
            // heading is the title, shown once.
            let repeats_title = first && input.front_title.is_some_and(|t| same_title(t, &text));
            if repeats_title {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(0);
                drop_range = Some(i..i + end + 1);
                continue;
            }
            if first && input.front_title.is_none() {
                out.h1_title = Some(text.trim().to_string());
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(0);
                drop_range = Some(i..i + end + 1);
                continue;
            }
            if level == 1 {
                repeated_h1.push(line_at(range.start));
            }
            headings.push(HeadingInfo {
                event: i,
                level,
                explicit: id.as_ref().map(|s| s.to_string()),
                text: text.trim().to_string(),
                line: line_at(range.start),
                id: String::new(),
            });
        }
    }

    if let Some(&first) = repeated_h1.first() {
        let message = match repeated_h1.len() {
            1 => "a `#` heading inside the article repeats the page title level".to_string(),
            n => format!(
                "{n} `#` headings inside the article repeat the page title level (this one first)"
            ),
        };
        out.problems.push(
            Problem::warning(input.file, Some(first), message)
                .hint("the title comes from the front matter; use `##` for sections"),
        );
    }

    let mut ids = IdSet::default();
    // 1. Explicit heading ids.
    for h in headings.iter_mut() {
        if let Some(id) = h.explicit.clone() {
            if !anchors::is_valid_explicit_id(&id) {
                out.problems.push(problem(
                    h.line,
                    format!("heading id {{#{id}}} cannot be used"),
                    "ids hold ASCII letters, digits, '-' and '_'",
                ));
            } else if !ids.claim(&id) {
                out.problems.push(problem(
                    h.line,
                    format!("heading id {{#{id}}} is used twice on this page"),
                    "give each heading its own id",
                ));
            }
            h.id = id;
        }
    }
    // 1b. Ids in the author's raw HTML are explicit too; its problems are reported here, its dropped look once.
    let raw = raw_html::clean_events(&events, line_at);
    for (id, line) in &raw.ids {
        if !ids.claim(id) {
            out.problems.push(problem(
                *line,
                format!("id=\"{id}\" in the article's HTML is used twice on this page"),
                "give each element its own id",
            ));
        }
    }
    for (line, message, hint) in &raw.errors {
        out.problems.push(problem(*line, message.clone(), hint));
    }
    if let Some(summary) = raw.dropped.summary() {
        out.problems.push(
            Problem::warning(input.file, raw.dropped.first, summary).hint(raw_html::DROPPED_HINT),
        );
    }

    // 2. Steps: numbers, sections and names.
    let mut pending: Vec<PendingStep> = Vec::new();
    let mut stack: Vec<ListCtx> = Vec::new();
    // Per open item: index into `pending` when it is a step.
    let mut items: Vec<Option<usize>> = Vec::new();
    let mut section: Option<usize> = None;
    // Top-level lists led by a bold line of their own (`**Scenario 2: Outlook**`), by the list's start.
    let mut labels: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    let mut heading_iter = headings.iter().enumerate().peekable();
    for i in 0..events.len() {
        while let Some((hi, h)) = heading_iter.peek() {
            if h.event <= i {
                section = Some(*hi);
                heading_iter.next();
            } else {
                break;
            }
        }
        match &events[i].0 {
            Event::Start(Tag::List(start)) => {
                if stack.is_empty() {
                    if let Some(label) = steps::bold_label(&events[..i]) {
                        labels.insert(i, label);
                    }
                }
                let parents = match (stack.last(), items.last()) {
                    (Some(_), Some(Some(p))) => pending[*p].numbers.clone(),
                    _ => Vec::new(),
                };
                let in_non_step_item = matches!(items.last(), Some(None));
                stack.push(ListCtx {
                    ordered: start.is_some() && !in_non_step_item,
                    next: start.unwrap_or(1),
                    parents,
                    section,
                    start: i,
                });
            }
            Event::End(TagEnd::List(_)) => {
                stack.pop();
            }
            Event::Start(Tag::Item) => {
                let Some(ctx) = stack.last_mut() else {
                    continue;
                };
                if !ctx.ordered {
                    items.push(None);
                    continue;
                }
                let mut numbers = ctx.parents.clone();
                numbers.push(ctx.next);
                ctx.next += 1;
                // The first line of the step: text events up to the first break or block end.
                let first_line_end = events[i + 1..]
                    .iter()
                    .position(|(e, _)| {
                        matches!(
                            e,
                            Event::SoftBreak
                                | Event::HardBreak
                                | Event::End(TagEnd::Paragraph | TagEnd::Item)
                                | Event::Start(Tag::List(_))
                        )
                    })
                    .map(|p| i + 1 + p)
                    .unwrap_or(events.len());
                let mut names = Vec::new();
                let mut marker = None;
                if let Some(last_text) = (i + 1..first_line_end)
                    .rev()
                    .find(|j| matches!(events[*j].0, Event::Text(_)))
                {
                    if let Event::Text(t) = &events[last_text].0 {
                        if let Some(m) = steps::find_name_marker(t) {
                            names = m.names;
                            marker = Some((last_text, m.start));
                        }
                    }
                }
                if marker.is_none() {
                    // A marker the parser cut into pieces (`{#a"><b>x}` holds HTML) would show as text and leave
                    // its HTML open: the step's first line as written says so.
                    let item = &body[events[i].1.clone()];
                    let first = item.lines().next().unwrap_or("").trim_end();
                    if let Some(open) = first.rfind("{#").filter(|_| first.ends_with('}')) {
                        out.problems.push(problem(
                            line_at(events[i].1.start),
                            format!("the step marker {} holds characters a step name cannot", &first[open..]),
                            "step names hold ASCII letters, digits, '-' and '_', e.g. {#open-app-passwords}",
                        ));
                    }
                }
                let text = plain_text(&events, i + 1, |e| {
                    matches!(
                        e,
                        Event::End(TagEnd::Paragraph)
                            | Event::End(TagEnd::Item)
                            | Event::Start(Tag::List(_))
                            | Event::Start(Tag::Image { .. })
                    )
                });
                let text = match steps::find_name_marker(text.lines().next().unwrap_or("")) {
                    Some(_) if marker.is_some() => {
                        let first = text.find("{#").unwrap_or(text.len());
                        let rest = text[first..]
                            .find('}')
                            .map(|p| &text[first + p + 1..])
                            .unwrap_or("");
                        format!("{}{}", &text[..first], rest)
                    }
                    _ => text,
                };
                pending.push(PendingStep {
                    list: ctx.start,
                    item_event: i,
                    numbers,
                    section: ctx.section,
                    names,
                    marker,
                    text: steps::first_sentence(text.trim()),
                    line: line_at(events[i].1.start),
                });
                items.push(Some(pending.len() - 1));
            }
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            _ => {}
        }
    }
    for s in &pending {
        for name in &s.names {
            if !anchors::is_valid_explicit_id(name) {
                out.problems.push(problem(s.line, format!("step name {{#{name}}} cannot be used"), "step names hold ASCII letters, digits, '-' and '_', e.g. {#open-app-passwords}"));
            } else if anchors::looks_like_step_id(name) {
                out.problems.push(problem(s.line, format!("step name {{#{name}}} looks like a step number"), "numbered ids change when steps move; name the step after what it does, e.g. {#open-app-passwords}"));
            } else if !ids.claim(name) {
                out.problems.push(problem(s.line, format!("the name {{#{name}}} is used twice on this page"), "give each step and heading its own name; keep former names only on the step that had them"));
            }
        }
    }

    // 3. Automatic heading ids, avoiding explicit ones and the shapes of step ids.
    for h in headings.iter_mut().filter(|h| h.explicit.is_none()) {
        let mut base = anchors::slugify(&h.text);
        if anchors::looks_like_step_id(&base) {
            base = format!("{base}-heading");
        }
        h.id = ids.claim_unique(&base);
    }

    // 4. Numbered step ids: the first section with steps is the main procedure.
    let main_section = pending.first().map(|s| s.section);
    let mut steps_out = Vec::new();
    let mut warned_list = None;
    for s in &pending {
        let prefix = if Some(s.section) == main_section {
            None
        } else {
            s.section.map(|h| headings[h].id.clone())
        };
        let base = steps::step_id(prefix.as_deref(), &s.numbers);
        let label = labels.get(&s.list);
        let id = if ids.claim(&base) {
            base
        } else if let Some(label) = label {
            // A procedure that starts again after a bold line of its own is another procedure, as the writer meant:
            // its steps are named after that line (`scenario-2-outlook-step-1`), without a warning.
            let prefix = match &prefix {
                Some(p) => format!("{p}-{}", anchors::slugify(label)),
                None => anchors::slugify(label),
            };
            ids.claim_unique(&steps::step_id(Some(&prefix), &s.numbers))
        } else {
            // A list that starts again at 1 under the same heading (after a code block, say) is one mistake: one
            // warning, at its first clashing step.
            if warned_list != Some(s.list) {
                warned_list = Some(s.list);
                out.problems.push(
                    Problem::warning(input.file, Some(s.line), format!("this list numbers its steps again under the same heading: {base} is taken, so its steps get ids like {base}-1, and their links may move"))
                        .hint("put each procedure under its own heading, or continue the numbering with the list's start number (`4.` after step 3); a code block that belongs to the step above goes inside it, indented like the step's text (its fences too), and the list then goes on"),
                );
            }
            ids.claim_unique(&base)
        };
        let number = s
            .numbers
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(".");
        let mut names = s
            .names
            .iter()
            .filter(|n| anchors::is_valid_explicit_id(n))
            .cloned();
        steps_out.push(Step {
            number,
            id,
            name: names.next(),
            auto_name: None,
            former_names: names.collect(),
            kept_names: Vec::new(),
            text: s.text.clone(),
            line: s.line,
            prefix,
        });
    }
    // 4b. Automatic names, last: every id a writer chose, every heading's and every numbered one comes first.
    for step in steps_out.iter_mut().filter(|s| s.name.is_none()) {
        step.auto_name = Some(ids.claim_step_name(&steps::auto_base(&step.text)));
    }

    // 5. Write: replace the events that become our own HTML.
    for (p, step) in pending.iter().zip(&steps_out) {
        if let Some((ev, start)) = p.marker {
            if let Event::Text(t) = &events[ev].0 {
                let kept = t[..start].to_string();
                events[ev].0 = Event::Text(CowStr::from(kept));
            }
        }
        let mut html = format!("<li class=\"step\" id=\"{}\">", step.id);
        for alias in step.all_ids().skip(1) {
            html.push_str(&format!("<span class=\"step-name\" id=\"{alias}\"></span>"));
        }
        html.push_str(&format!(
            "<a class=\"step-link\" href=\"#{}\" {}</a>",
            step.anchor(),
            crate::render::steps::step_link_texts(
                &step.number,
                crate::render::steps::STEP_LINK_TITLE,
                crate::render::steps::STEP_LINK_HIDDEN
            )
        ));
        events[p.item_event].0 = Event::Html(CowStr::from(html));
    }
    let step_items: BTreeSet<usize> = pending.iter().map(|p| p.item_event).collect();
    for h in &headings {
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[h.event].0 {
            *id = Some(CowStr::from(h.id.clone()));
        }
    }

    let mut result: Vec<Event> = Vec::with_capacity(events.len());
    let mut item_stack: Vec<bool> = Vec::new();
    let mut list_stack: Vec<bool> = Vec::new();
    let mut image_srcs: Vec<String> = Vec::new();
    // Lines of images from other sites, shown as links (see `image_html`).
    let mut remote: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Some(r) = &drop_range {
            if r.contains(&i) {
                i += 1;
                continue;
            }
        }
        let (event, range) = (&events[i].0, events[i].1.clone());
        let line = line_at(range.start);
        match event {
            Event::Start(Tag::List(start)) => {
                // A list is a procedure when its items are steps.
                let is_steps = matches!(events.get(i + 1), Some((Event::Html(_), _)))
                    && step_items.contains(&(i + 1));
                list_stack.push(is_steps);
                if is_steps {
                    let start_attr = match start {
                        Some(n) if *n != 1 => format!(" start=\"{n}\""),
                        _ => String::new(),
                    };
                    result.push(Event::Html(CowStr::from(format!(
                        "<ol class=\"steps\" role=\"list\"{start_attr}>\n"
                    ))));
                } else {
                    result.push(event.clone());
                }
            }
            Event::End(TagEnd::List(_)) => {
                if list_stack.pop() == Some(true) {
                    result.push(Event::Html(CowStr::Borrowed("</ol>\n")));
                } else {
                    result.push(event.clone());
                }
            }
            Event::Start(Tag::Item) => {
                item_stack.push(false);
                result.push(event.clone());
            }
            Event::Html(_) if step_items.contains(&i) => {
                item_stack.push(true);
                result.push(event.clone());
            }
            Event::End(TagEnd::Item) => {
                if item_stack.pop() == Some(true) {
                    result.push(Event::Html(CowStr::Borrowed("</li>\n")));
                } else {
                    result.push(event.clone());
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = match kind {
                    BlockQuoteKind::Note => ("note", "Note"),
                    BlockQuoteKind::Tip => ("tip", "Tip"),
                    BlockQuoteKind::Important => ("important", "Important"),
                    BlockQuoteKind::Warning => ("warning", "Warning"),
                    BlockQuoteKind::Caution => ("caution", "Caution"),
                };
                result.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                result.push(Event::Html(CowStr::Borrowed("</div>\n")))
            }
            Event::Start(Tag::Table(_)) => {
                result.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\">\n",
                )));
                result.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                result.push(event.clone());
                result.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph holding only a widget shortcode becomes the widget.
                if let (Some((Event::Text(t), _)), Some((Event::End(TagEnd::Paragraph), _))) =
                    (events.get(i + 1), events.get(i + 2))
                {
                    if let Some(name) = parse_shortcode(t) {
                        match name.and_then(|n| (hooks.widget)(n).map(|html| (n, html))) {
                            Ok((n, html)) => {
                                out.widgets.insert(n.to_string());
                                result.push(Event::Html(CowStr::from(html)));
                            }
                            Err((message, hint)) => {
                                out.problems.push(problem(line, message, &hint))
                            }
                        }
                        i += 3;
                        continue;
                    }
                }
                // A paragraph holding only an image becomes a figure.
                if let Some((Event::Start(Tag::Image { .. }), _)) = events.get(i + 1) {
                    let end = events[i + 1..]
                        .iter()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                        .map(|p| i + 1 + p);
                    if let Some(end) = end {
                        if matches!(
                            events.get(end + 1),
                            Some((Event::End(TagEnd::Paragraph), _))
                        ) {
                            let html = image_html(
                                &events,
                                (i + 1, nesting(&item_stack)),
                                true,
                                (&mut image_srcs, &mut remote),
                                hooks,
                                input.file,
                                line,
                                &mut out.problems,
                            );
                            result.push(Event::Html(CowStr::from(html)));
                            i = end + 2;
                            continue;
                        }
                    }
                }
                result.push(event.clone());
            }
            Event::Start(Tag::Image { .. }) => {
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                    .map(|p| i + p)
                    .unwrap_or(i);
                let html = image_html(
                    &events,
                    (i, nesting(&item_stack)),
                    false,
                    (&mut image_srcs, &mut remote),
                    hooks,
                    input.file,
                    line,
                    &mut out.problems,
                );
                result.push(Event::InlineHtml(CowStr::from(html)));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (href, target) =
                    crate::render::hrefs::resolve_link(dest_url, input.dir, input.root);
                match target {
                    Ok(Some(t)) => out.links.push(Link {
                        target: t,
                        line,
                        raw: dest_url.to_string(),
                    }),
                    Ok(None) => {}
                    Err((message, hint)) => out.problems.push(problem(line, message, &hint)),
                }
                result.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(href),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Text(t) if t.contains("{{<") => {
                // Hugo's cross-reference shortcodes, as imported content has them, are links to write plainly.
                let hugo_ref = ["{{< ref ", "{{< relref ", "{{<ref ", "{{<relref "]
                    .iter()
                    .any(|r| t.contains(r));
                if hugo_ref {
                    out.problems.push(problem(line, "Hugo's ref shortcode is not read here".into(), "link to the article's file itself: [Install on Linux](../install/linux.md)"));
                } else {
                    out.problems.push(problem(line, "a widget shortcode must stand alone in its own paragraph".into(), "put `{{< widget NAME >}}` on a line of its own with a blank line before and after it"));
                }
                result.push(event.clone());
            }
            // The author's raw HTML, as the pre-pass rewrote it (a block's lines come out as its first event).
            Event::Html(_) | Event::InlineHtml(_) => match raw.replacements.get(&i) {
                Some(Some(html)) if matches!(event, Event::Html(_)) => {
                    result.push(Event::Html(CowStr::from(html.clone())))
                }
                Some(Some(html)) => result.push(Event::InlineHtml(CowStr::from(html.clone()))),
                Some(None) => {}
                None => result.push(event.clone()),
            },
            _ => result.push(event.clone()),
        }
        i += 1;
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, result.into_iter());
    // Where the page tells a reader whose link names a step that moved or is gone: above the first procedure.
    let at = html.find("<ol class=\"steps\"").unwrap_or(0);
    html.insert_str(at, steps::NOTICE);
    out.html = html;
    if let Some(&first) = remote.first() {
        let message = match remote.len() {
            1 => "an image from another site is shown as a link to it".to_string(),
            n => format!("{n} images from other sites are shown as links to them (this one first)"),
        };
        out.problems.push(
            Problem::warning(input.file, Some(first), message)
                .hint("pages load nothing from other origins: save the image beside the article and link it by file name to show it"),
        );
    }
    out.images = image_srcs.len();
    out.image_srcs = image_srcs;
    out.ids = ids.into_set();
    out.headings = headings
        .into_iter()
        .map(|h| Heading {
            level: h.level,
            id: h.id,
            text: h.text,
            line: h.line,
        })
        .collect();
    out.steps = steps_out;
    let headings = out.headings.iter().map(|h| (h.line, h.text.as_str()));
    out.problems.extend(steps::acting_characters(
        input.file,
        (body, &line_at),
        out.h1_title.as_deref(),
        headings,
        &out.steps,
    ));
    out
}

/// `{{< widget NAME >}}` -> Some(Ok(NAME)); other `{{< ... >}}` -> Some(Err); anything else -> None.
fn parse_shortcode(text: &str) -> Option<Result<&str, Failure>> {
    let inner = text.trim().strip_prefix("{{<")?.strip_suffix(">}}")?.trim();
    let mut words = inner.split_whitespace();
    Some(match (words.next(), words.next(), words.next()) {
        (Some("widget"), Some(name), None) => Ok(name.trim_matches('"')),
        _ => Err((
            format!("unknown shortcode {{{{< {inner} >}}}}"),
            "the shortcode is `{{< widget NAME >}}`, e.g. {{< widget app-password >}}".to_string(),
        )),
    })
}

/// How many steps and how many plain list items the current event is inside (`items`: true for a step).
fn nesting(items: &[bool]) -> (usize, usize) {
    let steps = items.iter().filter(|&&step| step).count();
    (steps, items.len() - steps)
}

#[allow(clippy::too_many_arguments)]
/// `at`: the image's start event, and how many steps and plain list items it is inside.
fn image_html(
    events: &[(Event, Range<usize>)],
    (start, (depth, plain)): (usize, (usize, usize)),
    figure: bool,
    (srcs, remote): (&mut Vec<String>, &mut Vec<usize>),
    hooks: &Hooks,
    file: &Path,
    line: usize,
    problems: &mut Vec<Problem>,
) -> String {
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &events[start].0
    else {
        return String::new();
    };
    let alt = plain_text(events, start + 1, |e| {
        matches!(e, Event::End(TagEnd::Image))
    });
    // A badge or a picture hosted elsewhere (imported READMEs and help centers have many): the page may not load
    // it, so it is a link the reader can follow, with one warning for the article.
    let lower = dest_url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("//") {
        remote.push(line);
        let text = match alt.trim() {
            "" => dest_url
                .rsplit('/')
                .find(|s| !s.is_empty())
                .unwrap_or(dest_url),
            a => a,
        };
        let href = match dest_url.strip_prefix("//") {
            Some(rest) => format!("https://{rest}"),
            None => dest_url.to_string(),
        };
        let link = format!(
            "<a class=\"remote-image\" href=\"{}\">{}</a>",
            crate::html::escape(&href),
            crate::html::escape(text)
        );
        // A badge inside a link (`[![Build](badge.svg)](ci/)`) is that link's text: links do not nest.
        if inside_link(events, start) {
            return crate::html::escape(text);
        }
        return if figure {
            format!("<p>{link}</p>\n")
        } else {
            link
        };
    }
    let use_ = ImageUse {
        src: dest_url,
        alt: alt.trim(),
        title,
        figure,
        first: srcs.is_empty(),
        depth,
        plain,
    };
    srcs.push(dest_url.to_string());
    match (hooks.image)(&use_) {
        Ok(html) => html,
        Err((message, hint)) => {
            problems.push(Problem::error(file, Some(line), message).hint(hint));
            String::new()
        }
    }
}

/// Whether the event at `at` is inside a link's text, in its block.
fn inside_link(events: &[(Event, Range<usize>)], at: usize) -> bool {
    let mut depth = 0usize;
    for (e, _) in events[..at].iter().rev() {
        match e {
            Event::End(TagEnd::Link) => depth += 1,
            Event::Start(Tag::Link { .. }) if depth == 0 => return true,
            Event::Start(Tag::Link { .. }) => depth -= 1,
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::Heading { .. }
                | Tag::TableCell
                | Tag::BlockQuote(_),
            ) => return false,
            _ => {}
        }
    }
    false
}

/// Whether two titles are the same but for case, spacing and punctuation.
fn same_title(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(a) == words(b)
}
