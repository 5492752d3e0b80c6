//! The theme's own words inside a rendered article (callout titles, each step's link, a widget's texts), which the
//! Markdown renderer writes in helpsite's English: here they are put in a language's words, from its message
//! catalogue. A translation gets its language's; the default language gets the site's own catalogue when that
//! changes any of them.

use crate::render::articles::{article_root, Library};
use crate::render::markdown::Rendered;
use crate::render::steps::{step_link_texts, STEP_LINK_HIDDEN, STEP_LINK_TITLE};
use crate::render::widgets;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The callout kinds and the titles the renderer gives them.
const CALLOUTS: [(&str, &str); 5] = [
    ("note", "Note"),
    ("tip", "Tip"),
    ("important", "Important"),
    ("warning", "Warning"),
    ("caution", "Caution"),
];

/// The keys of the texts this module puts into renderings: a language whose catalogue has helpsite's English for
/// all of them needs nothing done.
pub(crate) fn keys() -> Vec<String> {
    let mut keys: Vec<String> = CALLOUTS
        .iter()
        .map(|(k, _)| format!("callout_{k}"))
        .collect();
    keys.extend(["step_link_title".into(), "step_link_hidden".into()]);
    keys.extend(widgets::text_keys().map(str::to_string));
    keys
}

/// The default language's articles with the theme's words in its catalogue, when that differs from helpsite's
/// English in any of them (a site's own `templates/messages/en.toml`, or a site whose first language is another).
pub(crate) fn library(library: &mut Library, strings: &BTreeMap<String, String>) {
    let english = widgets::english();
    if keys().iter().all(|k| strings.get(k) == english.get(k)) {
        return;
    }
    for articles in library.iter_mut() {
        for a in articles.values_mut() {
            a.rendered = localize(&a.rendered, &article_root(&a.category), (strings, &english));
        }
    }
}

/// `r` with the theme's words in `strings`' language; `root` is the article's path to the site root, as rendered;
/// `english` is helpsite's English catalogue ([`widgets::english`]), which the renderer wrote.
pub(crate) fn localize(
    r: &Arc<Rendered>,
    root: &str,
    (strings, english): (&BTreeMap<String, String>, &BTreeMap<String, String>),
) -> Arc<Rendered> {
    let mut html = r.html.clone();
    for (kind, written) in CALLOUTS {
        if let Some(title) = strings.get(&format!("callout_{kind}")) {
            let head = format!(
                "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">"
            );
            html = html.replace(
                &format!("{head}{written}</p>"),
                &format!("{head}{}</p>", crate::html::escape(title)),
            );
        }
    }
    if let (Some(title), Some(hidden)) = (
        strings.get("step_link_title"),
        strings.get("step_link_hidden"),
    ) {
        if title != STEP_LINK_TITLE || hidden != STEP_LINK_HIDDEN {
            html = step_links_in(&html, &r.steps, (title, hidden));
        }
    }
    for name in &r.widgets {
        if let (Ok(written), Ok(own)) = (
            widgets::localized(name, root, english),
            widgets::localized(name, root, strings),
        ) {
            html = html.replace(&written, &own);
        }
    }
    if html == r.html {
        return r.clone();
    }
    let mut r = Rendered::clone(r);
    r.html = html;
    r.seal();
    Arc::new(r)
}

/// `html` with the English texts of `steps`' links replaced by `(title, hidden)`'s, in one pass over the page (an
/// article has dozens of steps).
fn step_links_in(
    html: &str,
    steps: &[crate::render::steps::Step],
    (title, hidden): (&str, &str),
) -> String {
    let before_number = STEP_LINK_TITLE.split("{number}").next().unwrap_or_default();
    let lead = format!("title=\"{}", crate::html::escape(before_number));
    let texts: std::collections::HashMap<&str, (String, String)> = steps
        .iter()
        .map(|s| {
            let english = step_link_texts(&s.number, STEP_LINK_TITLE, STEP_LINK_HIDDEN);
            (
                s.number.as_str(),
                (english, step_link_texts(&s.number, title, hidden)),
            )
        })
        .collect();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(at) = rest.find(&lead) {
        let after = &rest[at + lead.len()..];
        let number = &after[..after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len())];
        match texts.get(number) {
            Some((english, own)) if rest[at..].starts_with(english.as_str()) => {
                out.push_str(&rest[..at]);
                out.push_str(own);
                rest = &rest[at + english.len()..];
            }
            _ => {
                out.push_str(&rest[..at + lead.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{render, Hooks, Input};

    fn rendered(text: &str) -> Arc<Rendered> {
        let input = Input {
            file: "a.md".as_ref(),
            text,
            body_offset: 0,
            dir: "",
            front_title: Some("A"),
            root: "../../",
        };
        let image = |_: &crate::render::markdown::ImageUse| Ok(String::new());
        let widget = |name: &str| widgets::html(name, "../../");
        Arc::new(render(
            &input,
            &Hooks {
                image: &image,
                widget: &widget,
            },
        ))
    }

    fn german() -> BTreeMap<String, String> {
        toml::from_str(include_str!("../../templates/messages/de.toml")).unwrap()
    }

    #[test]
    fn a_german_article_gets_german_step_links_callout_titles_and_widget_texts() {
        let r = rendered("1. Open it.\n2. Enter the password.\n\n   {{< widget app-password >}}\n\n> [!WARNING]\n> Careful.\n");
        assert!(r.html.contains("Link to step 2"), "{}", r.html);
        let de = localize(&r, "../../", (&german(), &widgets::english()));
        for english in [
            "Link to step",
            "link to this step",
            ">Warning<",
            "Paste or type",
            "Check the app password",
        ] {
            assert!(
                !de.html.contains(english),
                "{english} is left in {}",
                de.html
            );
        }
        for german in [
            "title=\"Link zu Schritt 2\"",
            "Schritt 1, Link zu diesem Schritt",
            ">Warnung<",
            "App-Passwort einfügen oder eingeben",
            "Vierergruppen mit Leerzeichen dazwischen anzeigt: <code>abcd efgh ijkl mnop</code>.",
        ] {
            assert!(de.html.contains(german), "{german} is not in {}", de.html);
        }
        assert_ne!(de.digest, r.digest);
    }

    #[test]
    fn helpsites_own_english_changes_nothing() {
        let r = rendered("1. Open it.\n\n   {{< widget app-password >}}\n\n> [!NOTE]\n> See.\n");
        let english = widgets::english();
        assert!(Arc::ptr_eq(
            &localize(&r, "../../", (&english, &english)),
            &r
        ));
    }

    #[test]
    fn every_step_of_a_long_nested_list_gets_its_own_number_in_the_translated_link_texts() {
        let mut md = String::new();
        for i in 1..=11 {
            md.push_str(&format!("{i}. Step {i}.\n"));
        }
        md.push_str("\n   1. Inner one.\n   2. Inner two.\n");
        let r = rendered(&md);
        let de = localize(&r, "../../", (&german(), &widgets::english()));
        assert!(!de.html.contains("Link to step"), "{}", de.html);
        for step in &r.steps {
            let number = &step.number;
            assert!(
                de.html.contains(&format!(
                    "title=\"Link zu Schritt {number}\"><span aria-hidden=\"true\">{number}</span>"
                )),
                "step {number} in {}",
                de.html
            );
        }
        assert!(r.steps.len() >= 12, "{:?}", r.steps.len());
    }
}
