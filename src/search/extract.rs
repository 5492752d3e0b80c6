//! The text of an article's sections and steps, read back from its rendered HTML: text belongs to the innermost
//! step (`<li class="step" id=...>`) that holds it, else to the section under the last heading (`<hN id=...>`),
//! else to the article's introduction. Step numbers, hidden helper text, screenshots, widgets and scripts are left
//! out. Reading the HTML (rather than the Markdown) keeps the step and heading ids exactly as the page has them.

use crate::render::markdown::Heading;
use crate::render::steps::Step;
use std::borrow::Cow;

/// What a piece of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// Index into the article's headings.
    Heading(usize),
    /// Index into the article's steps.
    Step(usize),
}

/// A heading or step, with the text under it (for a step: its whole text without nested steps; for a heading: the
/// text of its section outside steps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub owner: Owner,
    pub body: String,
}

/// The article split into its introduction and its blocks, in page order. Headings and steps the HTML does not show
/// come last, with no body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sections {
    pub intro: String,
    pub blocks: Vec<Block>,
}

struct Frame<'a> {
    /// Lowercase.
    tag: Cow<'a, str>,
    /// Text inside goes nowhere.
    skip: bool,
    /// The step block this element opened.
    step: Option<usize>,
    /// A heading: its text is the heading's own, known already.
    heading: bool,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
const INLINE: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "small", "span", "strong",
    "sub", "sup", "u",
];
const SKIPPED_TAGS: &[&str] = &[
    "button", "figure", "form", "noscript", "script", "style", "svg", "template", "textarea",
    "select",
];
const SKIPPED_CLASSES: &[&str] = &["visually-hidden", "step-link", "hs-widget", "step-copy"];

/// `name` lowercased, borrowed when it is lowercase already (as in the HTML we write).
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

pub(crate) fn sections(html: &str, headings: &[Heading], steps: &[Step]) -> Sections {
    let mut out = Sections::default();
    let mut seen_headings = vec![false; headings.len()];
    let mut seen_steps = vec![false; steps.len()];
    let mut stack: Vec<Frame> = Vec::new();
    // The block text outside steps goes to: None = the introduction.
    let mut section: Option<usize> = None;
    let mut rest = html;
    while !rest.is_empty() {
        // Bytes, not `find('<')`: a byte search costs no comparison of encoded characters.
        let Some(lt) = rest.bytes().position(|b| b == b'<') else {
            add_text(&mut out, &stack, section, rest);
            break;
        };
        if lt > 0 {
            add_text(&mut out, &stack, section, &rest[..lt]);
            rest = &rest[lt..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
            continue;
        }
        let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
            add_text(&mut out, &stack, section, "<");
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = lower(name.trim());
            if let Some(pos) = stack.iter().rposition(|f| f.tag == name) {
                stack.truncate(pos);
            }
            if !INLINE.contains(&&*name) {
                add_text(&mut out, &stack, section, " ");
            }
            continue;
        }
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = lower(&tag[..name_end]);
        let attrs = &tag[name_end..];
        if !INLINE.contains(&&*name) {
            add_text(&mut out, &stack, section, " ");
        }
        if VOID.contains(&&*name) || tag.ends_with('/') {
            continue;
        }
        let (mut id, mut class) = (None, None);
        for (key, value) in attributes(attrs) {
            if id.is_none() && key.eq_ignore_ascii_case("id") {
                id = Some(decoded(value));
            } else if class.is_none() && key.eq_ignore_ascii_case("class") {
                class = Some(decoded(value));
            }
        }
        let (mut skipped_class, mut step_class) = (false, false);
        for c in class.as_deref().unwrap_or("").split_ascii_whitespace() {
            skipped_class |= SKIPPED_CLASSES.contains(&c);
            step_class |= c == "step";
        }
        let skip = SKIPPED_TAGS.contains(&&*name) || skipped_class;
        let is_heading =
            name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
        let mut step = None;
        if let Some(id) = id.as_deref() {
            if name == "li" && step_class {
                if let Some(i) = steps
                    .iter()
                    .position(|s| s.id == id)
                    .filter(|&i| !seen_steps[i])
                {
                    seen_steps[i] = true;
                    out.blocks.push(Block {
                        owner: Owner::Step(i),
                        body: String::new(),
                    });
                    step = Some(out.blocks.len() - 1);
                }
            } else if is_heading {
                if let Some(i) = headings
                    .iter()
                    .position(|h| h.id == id)
                    .filter(|&i| !seen_headings[i])
                {
                    seen_headings[i] = true;
                    out.blocks.push(Block {
                        owner: Owner::Heading(i),
                        body: String::new(),
                    });
                    section = Some(out.blocks.len() - 1);
                }
            }
        }
        stack.push(Frame {
            tag: name,
            skip,
            step,
            heading: is_heading,
        });
    }
    for (i, seen) in seen_headings.iter().enumerate() {
        if !seen {
            out.blocks.push(Block {
                owner: Owner::Heading(i),
                body: String::new(),
            });
        }
    }
    for (i, seen) in seen_steps.iter().enumerate() {
        if !seen {
            out.blocks.push(Block {
                owner: Owner::Step(i),
                body: String::new(),
            });
        }
    }
    // Texts were added with white space squashed, but for a space at the end.
    for text in std::iter::once(&mut out.intro).chain(out.blocks.iter_mut().map(|b| &mut b.body)) {
        if text.ends_with(' ') {
            text.pop();
        }
    }
    out
}

/// The `>` that ends the tag starting at `s[0] == '<'`, outside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in the attribute text of a tag.
#[cfg(test)]
fn attr<'a>(attrs: &'a str, name: &str) -> Option<Cow<'a, str>> {
    attributes(attrs)
        .find_map(|(key, value)| key.eq_ignore_ascii_case(name).then(|| decoded(value)))
}

/// `value` with its character references decoded.
fn decoded(value: &str) -> Cow<'_, str> {
    if value.contains('&') {
        Cow::Owned(decode(value))
    } else {
        Cow::Borrowed(value)
    }
}

/// The attributes in the attribute text of a tag, in order: name and value as written.
fn attributes(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && bytes[i] != b'='
                && bytes[i] != b'/'
            {
                i += 1;
            }
            let key = &attrs[start..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = None;
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    let vstart = i + 1;
                    i = vstart;
                    while i < bytes.len() && bytes[i] != q {
                        i += 1;
                    }
                    value = Some(&attrs[vstart..i.min(attrs.len())]);
                    i += 1;
                } else {
                    let vstart = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = Some(&attrs[vstart..i]);
                }
            }
            if start == i {
                i += 1;
                continue;
            }
            return Some((key, value.unwrap_or("")));
        }
        None
    })
}

fn add_text(out: &mut Sections, stack: &[Frame], section: Option<usize>, text: &str) {
    if stack.iter().any(|f| f.skip || f.heading) {
        return;
    }
    let target = match stack.iter().rev().find_map(|f| f.step) {
        Some(b) => &mut out.blocks[b].body,
        None => match section {
            Some(b) => &mut out.blocks[b].body,
            None => &mut out.intro,
        },
    };
    decode_with(text, |piece| push_squashed(target, piece));
}

/// Appends `text` to `target` with each run of white space as one space, and none at the start of `target`. Added
/// piece by piece, a text reads as if squashed whole (`split_whitespace` joined with spaces), but for one space
/// at its end.
fn push_squashed(target: &mut String, text: &str) {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            target.push_str(&text[start..i]);
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
            start = i + c.len_utf8();
        }
    }
    target.push_str(&text[start..]);
}

/// Decodes the character references pulldown-cmark and our templates write.
pub(crate) fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    decode_with(text, |piece| out.push_str(piece));
    out
}

/// [`decode`], giving the text piece by piece to `out`.
fn decode_with(text: &str, mut out: impl FnMut(&str)) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out(c.encode_utf8(&mut [0; 4]));
                rest = &rest[end + 1..];
            }
            None => {
                out("&");
                rest = &rest[1..];
            }
        }
    }
    out(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str) -> Step {
        Step {
            number: id.trim_start_matches("step-").replace('-', "."),
            id: id.into(),
            name: None,
            auto_name: None,
            former_names: vec![],
            kept_names: vec![],
            text: String::new(),
            line: 1,
            prefix: None,
        }
    }

    fn heading(id: &str) -> Heading {
        Heading {
            level: 2,
            id: id.into(),
            text: id.into(),
            line: 1,
        }
    }

    const HTML: &str = r##"<p>Intro &amp; more.</p>
<ol class="steps" role="list">
<li class="step" id="step-1"><span class="step-name" id="sign-in"></span><a class="step-link" href="#sign-in"><span aria-hidden="true">1</span><span class="visually-hidden">Step 1, link to this step</span></a>
<p>Sign in to <strong>Gmail</strong>.</p>
<figure class="screenshot"><img src="x.png" alt="alt text"><figcaption>caption text</figcaption></figure>
<ol class="steps"><li class="step" id="step-1-1"><p>Nested words.</p></li></ol>
<p>After nested.</p>
</li>
<li class="step" id="step-2"><p>Second<br>line</p><div class="hs-widget"><p>widget text</p><form><button>Show</button></form></div></li>
</ol>
<p>Outro.</p>
<!-- a comment <li class="step" id="step-9"> -->
<h2 id="more">More</h2>
<p>Section a&lt;b &#x41;&#66;.</p>
"##;

    #[test]
    fn text_goes_to_the_innermost_step_then_the_section_then_the_introduction() {
        let steps = [step("step-1"), step("step-1-1"), step("step-2")];
        let headings = [heading("more")];
        let s = sections(HTML, &headings, &steps);
        assert_eq!(s.intro, "Intro & more. Outro.");
        let bodies: Vec<(Owner, &str)> = s
            .blocks
            .iter()
            .map(|b| (b.owner, b.body.as_str()))
            .collect();
        assert_eq!(
            bodies,
            [
                (Owner::Step(0), "Sign in to Gmail. After nested."),
                (Owner::Step(1), "Nested words."),
                (Owner::Step(2), "Second line"),
                (Owner::Heading(0), "Section a<b AB."),
            ]
        );
    }

    #[test]
    fn steps_and_headings_the_html_does_not_show_still_get_a_block() {
        let s = sections("<p>x</p>", &[heading("h")], &[step("step-1")]);
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[0].owner, Owner::Heading(0));
        assert_eq!(s.blocks[1].owner, Owner::Step(0));
    }

    #[test]
    fn text_added_piece_by_piece_is_squashed_as_if_whole() {
        let pieces = [
            "  a ",
            "b",
            "\u{a0}",
            "",
            " c\n\t",
            "d",
            "é\u{2003}f",
            " ",
            "  ",
        ];
        for from in 0..pieces.len() {
            for to in from..=pieces.len() {
                let whole: String = pieces[from..to].concat();
                let want = whole.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut got = String::new();
                for p in &pieces[from..to] {
                    push_squashed(&mut got, p);
                }
                if got.ends_with(' ') {
                    got.pop();
                }
                assert_eq!(got, want, "{whole:?}");
            }
        }
    }

    #[test]
    fn broken_markup_does_not_lose_text_or_panic() {
        let s = sections("<p>a <b>b</p> c < d <i", &[], &[]);
        assert_eq!(s.intro, "a b c < d");
        assert_eq!(
            attr(r#" id=x class='a b' data-x="q>r""#, "class").as_deref(),
            Some("a b")
        );
        assert_eq!(decode("&bogus; &#xZZ; &amp"), "&bogus; &#xZZ; &amp");
    }
}
