//! The raw HTML an author writes in Markdown, and editor HTML from knowledge-base exports, made fit for a page served
//! under `default-src 'self'` with no inline script or style:
//! - dropped, with one warning per article: `style` attributes, presentational attributes, `<font>` tags (their text
//!   stays), `<style>` elements, editor class names ([`EDITOR_CLASS_PREFIXES`]);
//! - errors: script (`<script>`, `on*` handlers, `javascript:` and other non-web URL schemes), anything that loads
//!   from another origin or from a `data:` URL (`src`, `srcset`, `poster`, `data`, `background`, `href` outside links),
//!   and elements that embed, redirect or submit (`iframe`, `object`, `embed`, `link`, `base`, `meta http-equiv`,
//!   `form`, `noscript`, `action`, `formaction`, `ping`), and markup inside elements whose content is text here but
//!   may be markup to a browser (`title`, `textarea`, `xmp`, `noembed`, `noframes`, inside an `<svg>` left open);
//! - ids (`id`, and `name` on `<a>`) are collected as link targets.
//!
//! Only the author's raw HTML events go through here, never the HTML helpsite writes.
//!
//! Why `lol_html`, not `ammonia`: pulldown-cmark hands inline HTML over one tag at a time (`<span style=..>`, text,
//! `</span>`), and a block line by line. `lol_html` rewrites tokens in place without rebalancing, so a lone start tag
//! stays a lone start tag; `ammonia` parses a whole fragment into a tree and closes what is open, which would turn
//! `<span>` into `<span></span>`. `lol_html` also gives each element's byte offset (our problems carry lines), and lets
//! us report what we refuse instead of silently removing it. Its attribute values are raw (entities not decoded), so
//! the URL checks decode them first with `htmlize`, as a browser would.
//!
//! Cost, measured in a release build: a 716 KB article of editor HTML (2,000 tables, 4,000 inline tags) rewrites in
//! about 30-60 ms, against 7-10 ms for pulldown-cmark to parse it; most of it is one rewriter per fragment.

use lol_html::html_content::Element;
use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

/// Class names that only editors understand (Word's `MsoNormal`, Zendesk's `wysiwyg-*`, Quill's `ql-*`, Ember's
/// `ember-view`, Apple's `Apple-converted-space`, Froala's `fr-*`): the theme does not style them.
pub(crate) const EDITOR_CLASS_PREFIXES: &[&str] =
    &["Mso", "wysiwyg-", "ql-", "ember", "Apple-", "fr-"];

/// Attributes that only set looks; the theme styles the page. `width` and `height` stay on media, where they reserve
/// the space of an image before it loads.
const PRESENTATIONAL: &[&str] = &[
    "align",
    "bgcolor",
    "border",
    "cellpadding",
    "cellspacing",
    "valign",
    "background",
    "nowrap",
    "hspace",
    "vspace",
];
const SIZED_MEDIA: &[&str] = &["img", "video", "canvas", "picture", "source", "svg"];

/// Elements that embed another document, redirect, or submit: none has a place in a help article.
const REFUSED: &[(&str, &str)] = &[
    ("iframe", "an embedded page (iframe) cannot be shown: link to the page instead"),
    ("frame", "frames cannot be shown: link to the page instead"),
    ("frameset", "frames cannot be shown: link to the page instead"),
    ("object", "an embedded object cannot be shown: link to the file instead, or use an image ![alt](file.png)"),
    ("embed", "an embedded object cannot be shown: link to the file instead, or use an image ![alt](file.png)"),
    ("applet", "applets cannot run: link to the file instead"),
    ("portal", "an embedded page cannot be shown: link to the page instead"),
    ("link", "the theme's stylesheet styles every page: remove the <link>, or put the style in templates/style.css"),
    ("base", "a <base> would change where every link of the page goes: remove it; links are checked as written"),
    ("form", "a help page cannot submit a form: link to the page that has the form"),
    // Parsed as markup by a browser without script, as text by the rewriter: what is inside is never checked.
    ("noscript", "every page works without script: write the text in Markdown, outside <noscript>"),
    ("plaintext", "<plaintext> turns the rest of the page into text: use a code block (```) instead"),
];

/// Attributes whose URL the browser loads by itself: only files of this site may be named there.
const LOADING: &[&str] = &["src", "srcset", "poster", "data", "lowsrc", "dynsrc"];

const SCRIPT_HINT: &str = "pages run under a Content-Security-Policy that blocks inline script; describe the steps in Markdown, or ask for a widget ({{< widget NAME >}})";

/// What the rewrite of one fragment dropped (one warning per article sums these up).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    pub styles: usize,
    pub presentational: usize,
    pub fonts: usize,
    pub style_elements: usize,
    pub classes: usize,
    /// `<img>` from other sites, replaced by their alt text.
    pub remote_images: usize,
    /// Offset (in the fragment) of the first thing dropped.
    pub first: Option<usize>,
}

impl Dropped {
    fn total(&self) -> usize {
        self.styles
            + self.presentational
            + self.fonts
            + self.style_elements
            + self.classes
            + self.remote_images
    }

    pub(crate) fn add(&mut self, other: &Dropped, first_line: usize) {
        if self.first.is_none() && other.total() > 0 {
            self.first = Some(first_line);
        }
        self.styles += other.styles;
        self.presentational += other.presentational;
        self.fonts += other.fonts;
        self.style_elements += other.style_elements;
        self.classes += other.classes;
        self.remote_images += other.remote_images;
    }

    /// "14 inline style attributes and 3 other presentational attributes were dropped: ...", or None.
    pub(crate) fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            (
                self.styles,
                "inline style attribute",
                "inline style attributes",
            ),
            (
                self.presentational,
                "other presentational attribute",
                "other presentational attributes",
            ),
            (self.fonts, "<font> tag", "<font> tags"),
            (self.style_elements, "<style> element", "<style> elements"),
            (self.classes, "editor class name", "editor class names"),
            (
                self.remote_images,
                "<img> from another site (its alt text stays)",
                "<img>s from other sites (their alt text stays)",
            ),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        let list = match parts.split_last()? {
            (last, []) => last.clone(),
            (last, rest) => format!("{} and {last}", rest.join(", ")),
        };
        let verb = if self.total() == 1 { "was" } else { "were" };
        Some(format!("{list} {verb} dropped: the page's Content-Security-Policy would block them, and the theme styles the page"))
    }
}

pub(crate) const DROPPED_HINT: &str = "nothing to do for the page to build; to keep a look, use Markdown (**bold**, tables, callouts) or a class styled in templates/style.css";

/// An error in one fragment: offset in the fragment, message, hint.
pub(crate) type Refusal = (usize, String, String);

#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    pub html: String,
    /// `id`s and `<a name>`s, with their offsets in the fragment.
    pub ids: Vec<(String, usize)>,
    pub errors: Vec<Refusal>,
    pub dropped: Dropped,
}

#[derive(Default)]
struct State {
    ids: Vec<(String, usize)>,
    errors: Vec<Refusal>,
    dropped: Dropped,
}

impl State {
    fn refuse(&mut self, at: usize, message: String, hint: &str) {
        self.errors.push((at, message, hint.to_string()));
    }

    fn drop_at(&mut self, at: usize) {
        self.dropped.first.get_or_insert(at);
    }
}

/// Rewrites one fragment of raw HTML (a whole HTML block, or one inline tag).
pub(crate) fn clean(fragment: &str) -> Cleaned {
    // An inline end tag alone (half of all inline HTML) carries nothing to check: it stays, unless its element is
    // one we drop, whose start tag came in an earlier event.
    if let Some(name) = lone_end_tag(fragment) {
        let html = if name == "font" || name == "style" {
            String::new()
        } else {
            fragment.to_string()
        };
        return Cleaned {
            html,
            ..Cleaned::default()
        };
    }
    let state = RefCell::new(State::default());
    let rewritten = rewrite_str(
        fragment,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("*", |el| {
                    check(el, &mut state.borrow_mut());
                    Ok(())
                }),
                // Read here as text, but as markup by a browser when an earlier HTML block left an <svg> or <math>
                // open: markup in them would go unchecked.
                text!("title, textarea, xmp, noembed, noframes", |t| {
                    if t.as_str().contains('<') {
                        let at = t.source_location().bytes().start;
                        state.borrow_mut().refuse(
                            at,
                            "markup inside <title>, <textarea>, <xmp>, <noembed> or <noframes>"
                                .into(),
                            "a browser may read it as HTML; write it in a code block (```) instead",
                        );
                        t.remove();
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    );
    let mut state = state.into_inner();
    let html = match rewritten {
        Ok(html) => html,
        Err(e) => {
            state.refuse(
                0,
                format!("this HTML cannot be read: {e}"),
                "write it in Markdown",
            );
            String::new()
        }
    };
    Cleaned {
        html,
        ids: state.ids,
        errors: state.errors,
        dropped: state.dropped,
    }
}

fn lone_end_tag(fragment: &str) -> Option<String> {
    let inner = fragment
        .trim()
        .strip_prefix("</")?
        .strip_suffix('>')?
        .trim();
    inner
        .chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then(|| inner.to_ascii_lowercase())
}

fn check(el: &mut Element, s: &mut State) {
    let at = el.source_location().bytes().start;
    let tag = el.tag_name();
    let attrs: Vec<(String, String)> = el
        .attributes()
        .iter()
        .map(|a| {
            (
                a.name(),
                htmlize::unescape_attribute(a.value()).into_owned(),
            )
        })
        .collect();

    // A picture hosted elsewhere (a README's badge, an export's CDN copy) is not loaded: its alt text stands in.
    if tag == "img" {
        if let Some((_, src)) = attrs.iter().find(|(n, _)| n == "src") {
            let url = normalise(src).to_ascii_lowercase();
            if ["http://", "https://", "//"]
                .iter()
                .any(|p| url.starts_with(p))
            {
                let alt = attrs
                    .iter()
                    .find(|(n, _)| n == "alt")
                    .map(|(_, a)| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| {
                        src.rsplit('/')
                            .find(|p| !p.is_empty())
                            .unwrap_or("image")
                            .to_string()
                    });
                s.dropped.remote_images += 1;
                s.drop_at(at);
                el.replace(&alt, lol_html::html_content::ContentType::Text);
                return;
            }
        }
    }
    match tag.as_str() {
        "script" => {
            s.refuse(at, "a <script> in the article's HTML".into(), SCRIPT_HINT);
            el.remove();
            return;
        }
        "style" => {
            s.dropped.style_elements += 1;
            s.drop_at(at);
            el.remove();
            return;
        }
        "font" => {
            s.dropped.fonts += 1;
            s.drop_at(at);
            el.remove_and_keep_content();
            return;
        }
        "meta" if attrs.iter().any(|(n, _)| n == "http-equiv") => {
            s.refuse(at, "a <meta http-equiv> in the article's HTML would redirect or reconfigure the page".into(), "remove it; to send readers elsewhere, link to the page, or add the old address to the article's `aliases`");
            el.remove();
            return;
        }
        "animate" | "set"
            if attrs
                .iter()
                .any(|(n, v)| n == "attributename" && v.to_ascii_lowercase().contains("href")) =>
        {
            s.refuse(
                at,
                "an SVG animation that changes a link in the article's HTML".into(),
                SCRIPT_HINT,
            );
            el.remove();
            return;
        }
        _ => {}
    }
    if let Some((_, hint)) = REFUSED.iter().find(|(t, _)| *t == tag) {
        s.refuse(at, format!("<{tag}> cannot be used in an article"), hint);
        el.remove();
        return;
    }

    for (name, value) in &attrs {
        let name = name.as_str();
        if name.starts_with("on") {
            s.refuse(
                at,
                format!("an event handler `{name}` on <{tag}> in the article's HTML"),
                SCRIPT_HINT,
            );
            el.remove_attribute(name);
        } else if name == "style" {
            s.dropped.styles += 1;
            s.drop_at(at);
            el.remove_attribute(name);
        } else if PRESENTATIONAL.contains(&name)
            || (matches!(name, "width" | "height") && !SIZED_MEDIA.contains(&tag.as_str()))
            || (tag == "font" && matches!(name, "face" | "color" | "size"))
        {
            s.dropped.presentational += 1;
            s.drop_at(at);
            el.remove_attribute(name);
        } else if name == "class" {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| !EDITOR_CLASS_PREFIXES.iter().any(|p| c.starts_with(p)))
                .collect();
            let removed = value.split_ascii_whitespace().count() - kept.len();
            if removed > 0 {
                s.dropped.classes += removed;
                s.drop_at(at);
                if kept.is_empty() {
                    el.remove_attribute(name);
                } else {
                    let _ = el.set_attribute(name, &kept.join(" "));
                }
            }
        } else if matches!(name, "action" | "formaction") {
            s.refuse(
                at,
                format!("`{name}` on <{tag}> would submit a form from the article"),
                "a help page cannot submit a form: link to the page that has the form",
            );
            el.remove_attribute(name);
        } else if name == "ping" {
            s.refuse(
                at,
                format!("`ping` on <{tag}> would report clicks to another address"),
                "remove the `ping` attribute; the link itself stays",
            );
            el.remove_attribute(name);
        } else if is_link_attribute(&tag, name) {
            if let Some(scheme) = forbidden_link_scheme(value) {
                s.refuse(at, format!("a `{scheme}:` URL in `{name}` on <{tag}>"), "links go to http(s), mailto: or tel: addresses, or to pages of this site: write the link in Markdown, [text](url)");
                el.remove_attribute(name);
            }
        } else if LOADING.contains(&name) || name.ends_with("href") {
            if let Some(what) = off_site_load(name, value) {
                s.refuse(at, format!("`{name}` on <{tag}> loads {what}"), "pages load only files of this site: put the file beside the article and use ![alt](file.png) for an image, or link to it with [text](url)");
                el.remove_attribute(name);
            }
        } else if (name == "id" || (name == "name" && tag == "a"))
            && !value.is_empty()
            // `<a id="x" name="x">` is one target.
            && !s.ids.iter().any(|(id, pos)| *pos == at && id == value)
        {
            s.ids.push((value.clone(), at));
        }
    }
    // The site's link check and older browsers agree on `id`; `<a name>` gets one too so `#name` lands everywhere.
    if tag == "a" && !attrs.iter().any(|(n, _)| n == "id") {
        if let Some((_, v)) = attrs.iter().find(|(n, v)| n == "name" && !v.is_empty()) {
            let _ = el.set_attribute("id", v);
        }
    }
}

/// `href` (and `xlink:href`) of links, which navigate only on a click.
fn is_link_attribute(tag: &str, name: &str) -> bool {
    matches!(tag, "a" | "area") && (name == "href" || name == "xlink:href")
}

/// The URL as a browser reads it: tabs and newlines anywhere are ignored, spaces and controls around it trimmed.
fn normalise(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_string()
}

/// The URL's scheme, lowercased, when it has one.
fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| head.to_ascii_lowercase())
}

/// Links may go to the web, to mail and phone numbers, or stay relative: any other scheme (`javascript:`,
/// `vbscript:`, `data:`, `file:`) is refused, by an allow-list so a scheme we did not think of is refused too.
fn forbidden_link_scheme(value: &str) -> Option<String> {
    let scheme = scheme(&normalise(value))?;
    (!matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")).then_some(scheme)
}

/// What a loading attribute would fetch from outside the site: an absolute or protocol-relative URL, or any scheme
/// (`data:` included: the CSP blocks it, and an image belongs in a file).
fn off_site_load(name: &str, value: &str) -> Option<String> {
    let urls: Vec<String> = if name == "srcset" {
        value
            .split(',')
            .filter_map(|c| c.split_ascii_whitespace().next())
            .map(normalise)
            .collect()
    } else {
        vec![normalise(value)]
    };
    urls.into_iter().find_map(|url| {
        if let Some(scheme) = scheme(&url) {
            Some(format!("a `{scheme}:` URL"))
        } else if url.starts_with("//")
            || url.starts_with("\\\\")
            || url.starts_with("/\\")
            || url.starts_with("\\/")
        {
            Some("from another site (a protocol-relative `//` URL)".to_string())
        } else {
            None
        }
    })
}

/// The raw HTML of one article, rewritten, with what markdown rendering reports and claims of it.
#[derive(Debug, Default)]
pub(crate) struct Article {
    /// By event index: the HTML to write instead of that event (None: write nothing, its text went into an earlier
    /// event of the same block).
    pub replacements: BTreeMap<usize, Option<String>>,
    /// Ids with their lines.
    pub ids: Vec<(String, usize)>,
    /// Line, message, hint.
    pub errors: Vec<(usize, String, String)>,
    /// `first` is a line here.
    pub dropped: Dropped,
}

/// Rewrites every raw HTML event of an article: a block's lines together (a tag may span lines), each inline tag
/// alone. `line_at` maps an offset of the body to its line in the file.
pub(crate) fn clean_events(
    events: &[(Event, Range<usize>)],
    line_at: impl Fn(usize) -> usize,
) -> Article {
    let mut out = Article::default();
    let mut i = 0;
    while i < events.len() {
        let first = i;
        // Fragment text, and per piece: (offset in the fragment, offset in the body).
        let mut text = String::new();
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        match &events[i].0 {
            Event::Start(Tag::HtmlBlock) => {
                i += 1;
                while let Some((Event::Html(h), range)) = events.get(i) {
                    pieces.push((text.len(), range.start));
                    text.push_str(h);
                    i += 1;
                }
                if matches!(events.get(i), Some((Event::End(TagEnd::HtmlBlock), _))) {
                    i += 1;
                }
                if pieces.is_empty() {
                    continue;
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                pieces.push((0, events[i].1.start));
                text.push_str(h);
                i += 1;
            }
            _ => {
                i += 1;
                continue;
            }
        }
        let line = |at: usize| {
            let (start, body) = pieces
                .iter()
                .rev()
                .find(|(start, _)| *start <= at)
                .copied()
                .unwrap_or((0, 0));
            line_at(body + (at - start))
        };
        let cleaned = clean(&text);
        let html_events =
            (first..i).filter(|&e| matches!(events[e].0, Event::Html(_) | Event::InlineHtml(_)));
        let mut html = Some(cleaned.html);
        for e in html_events {
            out.replacements.insert(e, html.take());
        }
        out.ids
            .extend(cleaned.ids.into_iter().map(|(id, at)| (id, line(at))));
        out.errors.extend(
            cleaned
                .errors
                .into_iter()
                .map(|(at, m, h)| (line(at), m, h)),
        );
        let first_line = cleaned.dropped.first.map(line).unwrap_or(0);
        out.dropped.add(&cleaned.dropped, first_line);
    }
    out
}

#[cfg(test)]
#[path = "raw_html_tests.rs"]
mod tests;
