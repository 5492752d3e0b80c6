//! A Markdown copy of every article beside its page (`email/gmail/` has `email/gmail.md`), and `llms.txt` at the
//! site root listing the latest version's copies: the shape assistants and their tools read (the llms.txt
//! convention). A copy is the article as written, with its front matter and helpsite's own markup taken out, its
//! screenshots as their descriptions, and every step's link listed at the end, so an answer can cite "step 6".

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::Output;
use crate::render::articles::{Article, Library};
use crate::report::{Problem, Problems};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

/// Where an article's copy is, from the version's address: beside its page's folder.
pub(crate) fn path(a: &Article) -> String {
    format!("{}/{}.md", a.category, a.slug)
}

/// Writes each version's copies (the latest's under `latest/` too) in `pages`' language tree, and for the default
/// language `llms.txt`. A copy whose key (see [`copy_key`]) is the last build's is kept as it is, unmade: making one
/// parses the article's Markdown again.
pub(crate) fn write(pages: &super::Pages<'_>, out: &Output, problems: &mut Problems) {
    let (config, content, library) = (pages.config, pages.content, pages.library);
    // A language's folder (`de/`), or "" for the default language's.
    let tree = pages.prefix();
    let latest = config.latest_index();
    let found: Vec<Problem> = library
        .par_iter()
        .enumerate()
        .flat_map_iter(|(vi, articles)| {
            let mut prefixes = vec![config.versions[vi].id.clone()];
            if vi == latest {
                prefixes.push("latest".to_string());
            }
            let url = |a: &Article| {
                format!(
                    "{}{tree}{}/{}/{}/",
                    config.base(),
                    prefixes[prefixes.len() - 1],
                    a.category,
                    a.slug
                )
            };
            // Broken articles too: their pages are published (with the problem reported), and link here.
            articles
                .values()
                .filter_map(|a| {
                    let url = url(a);
                    let key = copy_key(pages.site, content, a, &url);
                    // The same bytes under `latest/`: a link to the version's file on a first build.
                    pages
                        .emit(out, &prefixes, &path(a), key, &|| {
                            Ok(copy(config, vi, content, a, &url))
                        })
                        .err()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    problems.extend(found);
    if tree.is_empty() {
        if let Err(e) = out.write("llms.txt", llms_txt(config, content, library).as_bytes()) {
            problems.push(Problem::error("llms.txt", None, e));
        }
    }
}

/// The key of an article's copy, from everything [`copy`] reads: the site's settings (in `site`, see
/// [`super::Pages::site_key`]: the version labels, the site's title), the copy's address, the article's title and
/// description, its Markdown body and its rendering (the steps listed, whether the first heading is the title).
fn copy_key(site: u64, content: &Content, a: &Article, url: &str) -> u64 {
    let source = &content.sources[a.source];
    let body = source.text.get(source.body_offset..).unwrap_or_default();
    let mut key = crate::incremental::key::Key::new();
    key.add_bytes(&site.to_le_bytes())
        .add_bytes(b"copy.md")
        .add_bytes(&(a.version as u64).to_le_bytes())
        .add_bytes(url.as_bytes())
        .add_bytes(a.title.as_bytes())
        .add_postcard(&a.description)
        .add_bytes(body.as_bytes())
        .add_bytes(&a.rendered.digest.to_le_bytes());
    key.finish()
}

/// The Markdown copy of one article: title, description, where it is on the web, the body, the step links.
fn copy(config: &SiteConfig, vi: usize, content: &Content, a: &Article, url: &str) -> String {
    let source = &content.sources[a.source];
    let body = source.text.get(source.body_offset..).unwrap_or_default();
    let mut text = format!("# {}\n\n", a.title);
    if let Some(d) = &a.description {
        text.push_str(&format!("> {d}\n\n"));
    }
    text.push_str(&format!(
        "{} · {}: {url}\n\n",
        config.versions[vi].label, config.title
    ));
    let body = clean(body);
    // A first `#` heading that is the title (or gave it) is already the copy's first line; exports from other
    // systems often repeat the front matter's title so.
    let body = match body.trim_start().strip_prefix("# ") {
        Some(rest) => {
            let (heading, after) = rest.split_once('\n').unwrap_or((rest, ""));
            if a.rendered.h1_title.is_some() || heading.trim() == a.title {
                after
            } else {
                body.as_str()
            }
        }
        None => body.as_str(),
    };
    text.push_str(body.trim());
    text.push('\n');
    if !a.rendered.steps.is_empty() {
        text.push_str("\n## Links to each step\n\n");
        for s in &a.rendered.steps {
            text.push_str(&format!(
                "- Step {}: {} <{url}#{}>\n",
                s.number,
                s.text,
                s.anchor()
            ));
        }
    }
    text
}

/// The body without helpsite's markup: `{#name}` step markers and heading ids, widget shortcodes (the web page
/// has the widget), and images written as their descriptions (their files are published under other names).
fn clean(body: &str) -> String {
    let mut cuts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut image: Option<(usize, String)> = None;
    for (event, range) in
        Parser::new_ext(body, crate::render::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Image { .. }) => image = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = image.take() {
                    let alt = alt.trim();
                    let shown = if alt.is_empty() {
                        "*(Screenshot)*".to_string()
                    } else {
                        format!("*(Screenshot: {alt})*")
                    };
                    cuts.push((start..range.end, shown));
                }
            }
            _ => {}
        }
    }
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    for (range, with) in cuts {
        if range.start < at {
            continue;
        }
        text.push_str(&body[at..range.start]);
        text.push_str(&with);
        at = range.end;
    }
    text.push_str(&body[at..]);
    text.lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with("{{<") && trimmed.ends_with(">}}") {
                return format!(
                    "{}*(An interactive checker is on the web page.)*",
                    &line[..line.len() - line.trim_start().len()]
                );
            }
            strip_marker(line).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line without the `{#name}` that ends it.
fn strip_marker(line: &str) -> &str {
    let end = line.trim_end();
    if let Some(open) = end.rfind("{#") {
        let name = &end[open + 2..];
        if let Some(name) = name.strip_suffix('}') {
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return end[..open].trim_end();
            }
        }
    }
    line
}

/// `llms.txt`: the site, then per top-level category its articles in the latest version, each a link to its copy.
fn llms_txt(config: &SiteConfig, content: &Content, library: &Library) -> String {
    let latest = config.latest_index();
    let base = format!("{}latest/", config.base());
    let mut text = format!("# {}\n\n", config.title);
    let summary = if config.description.is_empty() {
        format!(
            "Help for {}, {}: every article as Markdown, with a link to each of its steps.",
            if config.product.is_empty() {
                &config.title
            } else {
                &config.product
            },
            config.versions[latest].label
        )
    } else {
        config.description.clone()
    };
    text.push_str(&format!("> {summary}\n\n"));
    let categories = &content.versions[latest].categories;
    let mut current = None;
    for a in library[latest].values().filter(|a| !a.broken) {
        if current != Some(&a.category) {
            let title = categories
                .get(&a.category)
                .map_or(a.category.as_str(), |c| c.title.as_str());
            let trail: Vec<&str> = crate::load::names::lineage(&a.category)
                .into_iter()
                .filter_map(|p| categories.get(p).map(|c| c.title.as_str()))
                .collect();
            let heading = if trail.len() > 1 {
                trail.join(" / ")
            } else {
                title.to_string()
            };
            if current.is_some() {
                text.push('\n');
            }
            text.push_str(&format!("## {heading}\n\n"));
            current = Some(&a.category);
        }
        text.push_str(&format!("- [{}]({base}{})", a.title, path(a)));
        if let Some(d) = &a.description {
            text.push_str(&format!(": {d}"));
        }
        text.push('\n');
    }
    let older: Vec<&str> = config
        .versions
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != latest)
        .map(|(_, v)| v.label.as_str())
        .collect();
    if !older.is_empty() {
        text.push_str(&format!(
            "\n## Optional\n\n- Other versions ({}) have the same copies under their own addresses: {}<version>/<category>/<article>.md\n",
            older.join(", "),
            config.base()
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_keeps_the_words_and_drops_helpsites_markup() {
        let body = "1. Sign in. {#sign-in}\n2. Look:\n\n   ![The App passwords page](_img/app.png)\n\n   {{< widget app-password >}}\n3. Keep `{#this}` in code? It ends with text.\n";
        let text = clean(body);
        assert!(text.contains("1. Sign in.\n"), "{text}");
        assert!(
            text.contains("   *(Screenshot: The App passwords page)*"),
            "{text}"
        );
        assert!(
            text.contains("   *(An interactive checker is on the web page.)*"),
            "{text}"
        );
        assert!(text.contains("`{#this}` in code"), "{text}");
    }
}
