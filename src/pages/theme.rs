//! The theme: Tera templates and static files compiled into the binary, each replaceable by a file of the same name
//! in the site's `templates/` folder. Static files are published under content-hashed names.

use crate::output::assets::{hashed_name, Asset};
use crate::pages::script_texts;
use crate::report::{display_path, Problem, Problems};
use serde::Serialize;
use std::path::Path;
use tera::Tera;

/// Built-in templates, by the name a `templates/` file uses to replace one.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "category.html",
        include_str!("../../templates/category.html"),
    ),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "switcher.html",
        include_str!("../../templates/switcher.html"),
    ),
    ("footer.html", include_str!("../../templates/footer.html")),
    (
        "language-switcher.html",
        include_str!("../../templates/language-switcher.html"),
    ),
    (
        "search-form.html",
        include_str!("../../templates/search-form.html"),
    ),
];

/// Built-in static files: (name in templates/, published stem, extension, contents).
const STATIC: &[(&str, &str, &str, &[u8])] = &[
    (
        "style.css",
        "style",
        "css",
        include_bytes!("../../templates/style.css"),
    ),
    (
        "site.js",
        "site",
        "js",
        include_bytes!("../../templates/site.js"),
    ),
    (
        "redirect.js",
        "redirect",
        "js",
        include_bytes!("../../templates/redirect.js"),
    ),
    (
        "icon.svg",
        "icon",
        "svg",
        include_bytes!("../../templates/icon.svg"),
    ),
    (
        "search.js",
        "search",
        "js",
        include_bytes!("../../templates/search.js"),
    ),
    (
        "zoom.js",
        "zoom",
        "js",
        include_bytes!("../../templates/zoom.js"),
    ),
    ("widget.js", "widget", "js", crate::render::widgets::SCRIPT),
];

/// The static files that are scripts with texts: published once per language, each copy in its language's words
/// (see [`script_texts`]).
const SCRIPTS: &[&str] = &["site.js", "search.js", "zoom.js", "widget.js"];

/// Output paths of the theme's static files, for templates.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct AssetPaths {
    pub css: String,
    pub js: String,
    pub redirect_js: String,
    pub icon: String,
    /// The search script, loaded by site.js when the search box is first used.
    pub search_js: String,
    /// The screenshot zoom, loaded by every page (it does nothing on pages without screenshots).
    pub zoom_js: String,
    /// The app-password widget's page script, loaded by pages that show the widget.
    pub widget_js: String,
    /// Per version id, the search manifest (`_search/<version>/<hash>/index.json`); filled in by the build.
    pub search: std::collections::BTreeMap<String, String>,
}

pub(crate) struct Theme {
    tera: Tera,
    /// A template of the site's own replaces a built-in one (with other text) or adds one: the pages then get every
    /// value of the README's template reference, since no one knows what it reads. The built-in templates leave some
    /// out (`article.steps`, `article.extra`), and so do their contexts.
    pub custom: bool,
    /// The keys of the theme's strings the templates read as `t.key`, when that is all they read of `t` (the built-in
    /// templates'); `None`: every string (a site's own templates).
    pub strings_read: Option<std::collections::BTreeSet<String>>,
    /// A hash of every template's text, for the keys of pages (see [`crate::incremental::state`]).
    pub key: u64,
    pub assets: Vec<Asset>,
    pub paths: AssetPaths,
    /// The scripts with texts, as the site has them: (name in templates/, published stem, contents).
    scripts: Vec<(String, String, Vec<u8>)>,
}

fn tera_error_text(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Loads the built-in theme with the site's overrides. `extra_css` (the widget's styles) is appended to the stylesheet.
pub(crate) fn load(root: &Path, extra_css: &str, problems: &mut Problems) -> Option<Theme> {
    let dir = root.join("templates");
    let mut sources: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut statics: Vec<(String, String, String, Vec<u8>)> = STATIC
        .iter()
        .map(|(n, s, e, b)| (n.to_string(), s.to_string(), e.to_string(), b.to_vec()))
        .collect();
    let mut custom = false;
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = display_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
            let rel = Path::new("templates").join(&name);
            let bytes = match std::fs::read(entry.path()) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(Problem::error(&rel, None, format!("cannot read: {e}")));
                    continue;
                }
            };
            if let Some(s) = statics.iter_mut().find(|s| s.0 == name) {
                s.3 = bytes;
            } else if name.ends_with(".html") {
                match String::from_utf8(bytes) {
                    Ok(text) => match sources.iter_mut().find(|(n, _)| *n == name) {
                        Some(existing) => {
                            custom |= existing.1 != text;
                            existing.1 = text;
                        }
                        None => {
                            custom = true;
                            sources.push((name, text));
                        }
                    },
                    Err(_) => problems.push(
                        Problem::error(&rel, None, "the template is not UTF-8 text")
                            .hint("save it as UTF-8"),
                    ),
                }
            } else if name.starts_with("messages/") && name.ends_with(".toml") {
                // The theme's strings per language, read by `messages`.
            } else if !name.ends_with(".md") && !name.starts_with('.') {
                problems.push(
                    Problem::warning(&rel, None, "not a template helpsite knows; it is ignored")
                        .hint("templates/ holds .html templates and style.css, site.js or redirect.js to replace the built-in ones"),
                );
            }
        }
    }
    let key = {
        let mut key = crate::incremental::key::Key::new();
        let mut sorted: Vec<&(String, String)> = sources.iter().collect();
        sorted.sort();
        for (name, text) in sorted {
            key.add_bytes(name.as_bytes()).add_bytes(text.as_bytes());
        }
        key.finish()
    };
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's default also escapes `/` and `'`, which makes every URL unreadable; `&<>"` is enough for our
    // double-quoted attributes and text.
    tera.set_escape_fn(crate::html::escape);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        let name = sources
            .iter()
            .map(|(n, _)| n)
            .find(|n| e.to_string().contains(n.as_str()))
            .cloned()
            .unwrap_or_default();
        problems.push(
            Problem::error(
                Path::new("templates").join(name),
                None,
                format!("template error: {}", tera_error_text(&e)),
            )
            .hint("fix the Tera syntax, or delete the file to use the built-in template"),
        );
        return None;
    }
    let mut assets = Vec::new();
    let mut paths = AssetPaths::default();
    let mut scripts = Vec::new();
    for (name, stem, ext, mut bytes) in statics {
        if SCRIPTS.contains(&name.as_str()) {
            scripts.push((name, stem, bytes));
            continue;
        }
        if name == "style.css" && !extra_css.is_empty() {
            bytes.extend_from_slice(b"\n");
            bytes.extend_from_slice(extra_css.as_bytes());
        }
        let path = hashed_name("_assets", &stem, &ext, &bytes);
        match name.as_str() {
            "style.css" => paths.css = path.clone(),
            "redirect.js" => paths.redirect_js = path.clone(),
            "icon.svg" => paths.icon = path.clone(),
            _ => {}
        }
        assets.push(Asset { path, bytes });
    }
    // The site's own templates may read any string; the built-in ones read those they name.
    let strings_read = match custom {
        true => None,
        false => strings_read(TEMPLATES.iter().map(|(_, text)| *text)),
    };
    Some(Theme {
        tera,
        custom,
        strings_read,
        key,
        assets,
        paths,
        scripts,
    })
}

/// The keys that `templates` read of the theme's strings: each `t.key` inside a `{{ }}` or `{% %}` tag. `None` when a
/// tag names `t` in another way (`t[name]`, `t | length`, a loop over `t`), which could read any of them.
fn strings_read<'t>(
    templates: impl Iterator<Item = &'t str>,
) -> Option<std::collections::BTreeSet<String>> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut keys = std::collections::BTreeSet::new();
    for text in templates {
        let mut rest = text;
        while let Some(open) = rest.find(['{']) {
            let after = &rest[open + 1..];
            let close = match after.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            // The tag's text runs from after its opening `{{` or `{%` to its close.
            let end = after[1..].find(close).map_or(after.len(), |e| e + 1);
            let tag = &after.as_bytes()[1..end];
            for (i, &c) in tag.iter().enumerate() {
                let before_ok = i == 0 || !(word(tag[i - 1]) || tag[i - 1] == b'.');
                let after_ok = tag.get(i + 1).is_none_or(|&n| !word(n));
                if c != b't' || !before_ok || !after_ok {
                    continue;
                }
                if tag.get(i + 1) != Some(&b'.') {
                    return None;
                }
                let key: String = tag[i + 2..]
                    .iter()
                    .take_while(|&&n| word(n))
                    .map(|&n| n as char)
                    .collect();
                if key.is_empty() {
                    return None;
                }
                keys.insert(key);
            }
            rest = &after[end..];
        }
    }
    Some(keys)
}

impl Theme {
    /// Publishes the scripts in the words of the default language, `code` (`strings` being its catalogue).
    pub(crate) fn with_default_scripts(
        &mut self,
        code: &str,
        strings: &std::collections::BTreeMap<String, String>,
        problems: &mut Problems,
    ) {
        let mut paths = self.paths.clone();
        let assets = self.scripts_in((code, true), strings, &mut paths, problems);
        self.paths = paths;
        self.assets.extend(assets);
    }

    /// The scripts with their texts in language `code`, `strings` being its catalogue: their paths set in `paths`,
    /// their files returned. The default language's copies keep the plain names (`_assets/site.<hash>.js`); another
    /// language's are `_assets/site.de.<hash>.js`.
    pub(crate) fn scripts_in(
        &self,
        (code, default): (&str, bool),
        strings: &std::collections::BTreeMap<String, String>,
        paths: &mut AssetPaths,
        problems: &mut Problems,
    ) -> Vec<Asset> {
        let mut assets = Vec::new();
        for (name, stem, bytes) in &self.scripts {
            let file = Path::new("templates").join(name);
            let bytes = match script_texts::localize(bytes, strings) {
                Ok((bytes, missing)) => {
                    for key in missing {
                        problems.push(
                            Problem::error(&file, None, format!("the text {key:?} of {name} has no message in language {code:?}"))
                                .hint(format!("add {key} = \"...\" to templates/messages/{code}.toml")),
                        );
                    }
                    bytes
                }
                Err(e) => {
                    problems.push(Problem::error(&file, None, e).hint("write the texts as a JSON object: /* messages */ { \"key\": \"text\" } /* end messages */"));
                    bytes.clone()
                }
            };
            let stem = if default {
                stem.clone()
            } else {
                format!("{stem}.{code}")
            };
            let path = hashed_name("_assets", &stem, "js", &bytes);
            match name.as_str() {
                "site.js" => paths.js = path.clone(),
                "search.js" => paths.search_js = path.clone(),
                "zoom.js" => paths.zoom_js = path.clone(),
                _ => paths.widget_js = path.clone(),
            }
            assets.push(Asset { path, bytes });
        }
        assets
    }

    pub(crate) fn render(
        &self,
        template: &str,
        context: &impl Serialize,
    ) -> Result<String, Problem> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| {
            Problem::error(
                Path::new("templates").join(template),
                None,
                format!("template context: {}", tera_error_text(&e)),
            )
        })?;
        // Rendered into a buffer the size of a typical page, not grown from Tera's 2 KB.
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &ctx, &mut out)
            .map(|()| String::from_utf8(out).expect("templates write text"))
            .map_err(|e| {
                Problem::error(
                    Path::new("templates").join(template),
                    None,
                    format!("template error: {}", tera_error_text(&e)),
                )
                .hint("check the variable names against the template reference in the README")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_a_template_reads_are_the_t_keys_in_its_tags_and_text_outside_tags_is_not_read() {
        let read = strings_read(
            ["<p>t. is text</p>{{ t.title }} {% if t.more and site.t %}{{ t.more | upper }}{% endif %}"].into_iter(),
        );
        let want: Vec<&str> = vec!["more", "title"];
        assert_eq!(
            read.unwrap().iter().map(String::as_str).collect::<Vec<_>>(),
            want
        );
    }

    #[test]
    fn a_template_that_reads_t_otherwise_than_by_key_reads_every_string() {
        for text in [
            "{{ t[name] }}",
            "{% for k, v in t %}{{ v }}{% endfor %}",
            "{{ t | length }}",
            "{% set s = t %}",
        ] {
            assert_eq!(strings_read([text].into_iter()), None, "{text}");
        }
    }

    #[test]
    fn the_built_in_templates_read_some_of_the_strings_each_of_which_the_english_catalogue_has() {
        let read = strings_read(TEMPLATES.iter().map(|(_, t)| *t))
            .expect("the built-in templates read t by key only");
        let english: std::collections::BTreeMap<String, String> =
            toml::from_str(include_str!("../../templates/messages/en.toml")).unwrap();
        assert!(
            read.len() > 20 && read.len() < english.len(),
            "{} of {}",
            read.len(),
            english.len()
        );
        for key in &read {
            assert!(english.contains_key(key), "{key}");
        }
    }
}
