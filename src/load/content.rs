//! Walks `content/`: one folder per version, category folders in it, articles in those. Resolves version inheritance:
//! a version holds only what changed, and everything else comes from the nearest older version that has it.

use crate::load::config::SiteConfig;
use crate::load::front_matter::{self, FrontMatter};
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One Markdown file on disk.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Path relative to the site root (`content/v12/email/gmail.md`), for reports.
    pub rel_path: PathBuf,
    /// Index of the version whose folder holds the file.
    pub version: usize,
    pub category: String,
    /// The article's name in URLs: the front matter's `slug`, else the file name.
    pub slug: String,
    /// The file name without `.md`: a newer version's file of that name replaces this one, and the article's images
    /// are in the folder of that name.
    pub file_slug: String,
    pub text: String,
    pub front_matter: FrontMatter,
    pub body_offset: usize,
    /// Its front matter could not be read: the problem is reported, and the article still exists so that links to
    /// it do not add misleading problems of their own.
    pub broken: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub order: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Category {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub order: Option<i64>,
}

/// What one version of the site holds once inheritance is resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct VersionContent {
    /// `(category, slug)` -> index into `Content::sources`.
    pub articles: BTreeMap<(String, String), usize>,
    /// `(category, file name)` -> the article's slug: where a link to `file.md` leads.
    pub files: BTreeMap<(String, String), String>,
    /// `(category, file name)` of drafts no published edition replaces -> index into `Content::sources`, so that a
    /// link to one is explained.
    pub drafts: BTreeMap<(String, String), usize>,
    pub categories: BTreeMap<String, Category>,
}

#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub root: PathBuf,
    pub sources: Vec<Source>,
    /// One per configured version, same order.
    pub versions: Vec<VersionContent>,
}

pub(crate) fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !s.starts_with('-')
}

/// An article's name in its URL (its file name without `.md`, or its front matter's `slug`): a category name that may
/// also hold dots inside it, since help centers name articles after releases (`update-to-magento-2.4.0`). Not at the
/// start or the end, and never two in a row, so a name is never `..`, hidden, or cut short by a URL's rules.
pub(crate) fn is_valid_article_name(s: &str) -> bool {
    !s.starts_with('.') && !s.ends_with('.') && !s.contains("..") && s.split('.').all(is_valid_slug)
}

/// A name cleaned for URLs; with `dots`, the dots inside it are kept (article names).
fn suggestion(name: &str, dots: bool) -> String {
    let words = |part: &str| {
        part.to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    if !dots {
        return words(name);
    }
    name.split('.')
        .map(words)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

fn slug_hint(name: &str) -> String {
    format!(
        "names become URLs: use lowercase letters, digits and '-' only, e.g. {:?}",
        suggestion(name, false)
    )
}

fn article_name_hint(name: &str) -> String {
    format!(
        "names become URLs: use lowercase letters, digits and '-' (and '.' inside the name), e.g. {:?}",
        suggestion(name, true)
    )
}

/// Whether a folder holds a Markdown file directly in it (an article, were it a category).
fn holds_markdown(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().ends_with(".md"))
    })
}

fn title_case(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the link `path` resolves to somewhere inside `content` (a link that resolves nowhere does not).
fn leads_inside(path: &Path, content: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(content)) {
        (Ok(target), Ok(content)) => target.starts_with(content),
        _ => false,
    }
}

/// Loads every version folder. Problems are collected across all files into `problems`; the content returned
/// holds whatever could be read.
pub(crate) fn load(root: &Path, config: &SiteConfig, problems: &mut Problems) -> Content {
    let content_dir = root.join("content");
    let mut sources = Vec::new();
    // Per version: its own category metadata, from `_category.toml`.
    let mut own_categories: Vec<BTreeMap<String, (CategoryMeta, bool)>> =
        vec![BTreeMap::new(); config.versions.len()];

    // Version folders that site.toml does not know about are a mistake, not something to skip silently.
    if let Ok(entries) = std::fs::read_dir(&content_dir) {
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().is_dir()
                && config.version_index(&name).is_none()
                && !name.starts_with('.')
                && !name.starts_with('_')
            {
                let known: Vec<&str> = config.versions.iter().map(|v| v.id.as_str()).collect();
                problems.push(
                    Problem::error(Path::new("content").join(&name), None, format!("folder for unknown version {name:?}"))
                        .hint(format!(
                            "add a [[versions]] entry with id = {name:?} to content/site.toml, or rename the folder to one of: {}",
                            known.join(", ")
                        )),
                );
            }
        }
    }

    // Article files found by the walk, read and parsed afterwards in parallel, in this order.
    let mut jobs: Vec<(PathBuf, usize, String, String, PathBuf)> = Vec::new();
    for (vi, version) in config.versions.iter().enumerate() {
        let vdir = content_dir.join(&version.id);
        if !vdir.is_dir() {
            problems.push(
                Problem::error(
                    "content/site.toml",
                    None,
                    format!(
                        "version {:?} has no folder content/{}/",
                        version.id, version.id
                    ),
                )
                .hint(format!(
                    "create content/{}/ (it may stay empty: it then inherits everything)",
                    version.id
                )),
            );
            continue;
        }
        // Links are followed when they lead to a file or folder inside content/ (a shared article, a category kept
        // once); one that leads out of it is an error, never read.
        let mut walker = walkdir::WalkDir::new(&vdir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(Problem::error(
                        Path::new("content").join(&version.id),
                        None,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            if entry.path_is_symlink() && !leads_inside(entry.path(), &content_dir) {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                problems.push(
                    Problem::error(rel, None, "a symbolic link that leads out of content/")
                        .hint("copy the file into content/ instead: only what is inside content/ is published"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let rel_in_version: Vec<String> = entry
                .path()
                .strip_prefix(&vdir)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            let rel_path = Path::new("content")
                .join(&version.id)
                .join(rel_in_version.join("/"));
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue;
            }
            let is_md = name.ends_with(".md");
            match (rel_in_version.len(), entry.file_type().is_dir()) {
                // A folder of shared files (`Shared Images/`) is not a category: only one with articles needs a URL.
                (1, true) if !is_valid_slug(&name) && holds_markdown(entry.path()) => problems.push(
                    Problem::error(&rel_path, None, format!("category folder {name:?} cannot be used in a URL"))
                        .hint(slug_hint(&name)),
                ),
                (1, false) if is_md => problems.push(
                    Problem::error(&rel_path, None, "an article must be inside a category folder")
                        .hint(format!("move it to content/{}/<category>/{name}", version.id)),
                ),
                (2, false) if name == "_category.toml" => {
                    let category = rel_in_version[0].clone();
                    match std::fs::read_to_string(entry.path()).map_err(|e| e.to_string()).and_then(|t| {
                        toml::from_str::<CategoryMeta>(&t).map_err(|e| {
                            let line = e.span().map(|s| crate::report::LineIndex::new(&t).line_of(s.start));
                            format!("{}\u{0}{}", e.message(), line.unwrap_or(0))
                        })
                    }) {
                        Ok(meta) => {
                            own_categories[vi].insert(category, (meta, true));
                        }
                        Err(e) => {
                            let (msg, line) = e.split_once('\u{0}').unwrap_or((&e, "0"));
                            let line = line.parse().ok().filter(|l| *l > 0);
                            problems.push(
                                Problem::error(&rel_path, line, format!("invalid category file: {msg}"))
                                    .hint("_category.toml may hold title, description and order"),
                            );
                        }
                    }
                }
                (2, false) if is_md => {
                    let category = rel_in_version[0].clone();
                    let slug = name.trim_end_matches(".md").to_string();
                    if !is_valid_article_name(&slug) {
                        problems.push(
                            Problem::error(&rel_path, None, format!("article file name {name:?} cannot be used in a URL"))
                                .hint(article_name_hint(&slug)),
                        );
                        continue;
                    }
                    jobs.push((rel_path, vi, category, slug, entry.path().to_path_buf()));
                }
                (2, true) => {
                    // An article's image folder; it should have an article, here or in an older version.
                }
                (2, false) => {}
                (_, _) if is_md && rel_in_version.len() > 2 => problems.push(
                    Problem::error(&rel_path, None, "articles cannot be nested deeper than one category folder")
                        .hint(format!(
                            "move it to content/{}/{}/{name} (folders in a category hold images and attachments, not articles)",
                            version.id, rel_in_version[0]
                        )),
                ),
                _ => {}
            }
        }
    }

    // A source whose front matter does not read is kept (see `Source::broken`), with its problems.
    let strict = config.strict_front_matter;
    let read: Vec<Result<(Source, Vec<Problem>), Problem>> = jobs
        .into_par_iter()
        .map(|(rel_path, vi, category, file_slug, path)| {
            let text = match std::fs::read(&path) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                    Problem::error(&rel_path, None, "the file is not UTF-8 text")
                        .hint("save it as UTF-8 in your editor")
                })?,
                Err(e) => {
                    return Err(Problem::error(&rel_path, None, format!("cannot read: {e}")));
                }
            };
            let (front_matter, body_offset, broken, mut found) =
                match front_matter::split(&rel_path, &text, strict) {
                    Ok(s) => (s.front_matter, s.body_offset, false, Vec::new()),
                    Err(p) => (FrontMatter::default(), text.len(), true, p),
                };
            let slug = match &front_matter.slug {
                None => file_slug.clone(),
                // Docusaurus writes slugs from the site root; here an article's name is one URL segment.
                Some(s) if is_valid_article_name(s.strip_prefix('/').unwrap_or(s)) => {
                    s.strip_prefix('/').unwrap_or(s).to_string()
                }
                Some(s) => {
                    found.push(
                        Problem::error(
                            &rel_path,
                            front_matter.lines.get("slug").copied(),
                            format!("slug {s:?} cannot be used in a URL"),
                        )
                        .hint(article_name_hint(s)),
                    );
                    file_slug.clone()
                }
            };
            let source = Source {
                rel_path,
                version: vi,
                category,
                slug,
                file_slug,
                text,
                front_matter,
                body_offset,
                broken,
            };
            Ok((source, found))
        })
        .collect();
    for r in read {
        match r {
            Ok((source, found)) => {
                problems.extend(found);
                if !source.front_matter.draft {
                    own_categories[source.version]
                        .entry(source.category.clone())
                        .or_insert_with(|| (CategoryMeta::default(), false));
                }
                sources.push(source);
            }
            Err(p) => problems.push(p),
        }
    }

    // Inheritance: walk versions oldest first, each starting from the previous one's resolved state. Files replace
    // files by name; their slugs are where they are published.
    let mut versions: Vec<VersionContent> = Vec::with_capacity(config.versions.len());
    let mut metas: BTreeMap<String, CategoryMeta> = BTreeMap::new();
    let mut files: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut drafts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (vi, own) in own_categories.iter().enumerate() {
        for (i, s) in sources.iter().enumerate().filter(|(_, s)| s.version == vi) {
            let key = (s.category.clone(), s.file_slug.clone());
            if s.front_matter.draft {
                // Not published: an older edition, if there is one, is still the article.
                drafts.insert(key, i);
                continue;
            }
            drafts.remove(&key);
            if s.front_matter.removed {
                if files.remove(&key).is_none() {
                    problems.push(
                        Problem::warning(&s.rel_path, s.front_matter.lines.get("removed").copied(), "marked removed, but no older version has this article")
                            .hint("delete the file, or check the category and file name against the older version"),
                    );
                }
            } else {
                files.insert(key, i);
            }
        }
        let mut vc = VersionContent {
            drafts: drafts
                .iter()
                .filter(|(k, _)| !files.contains_key(*k))
                .map(|(k, &i)| (k.clone(), i))
                .collect(),
            ..VersionContent::default()
        };
        for ((category, file_slug), &i) in &files {
            let s = &sources[i];
            let key = (category.clone(), s.slug.clone());
            if let Some(&other) = vc.articles.get(&key) {
                let first = &sources[other];
                // Reported at the slug that made the address (one of them has one: file names differ).
                let line = |s: &Source| s.front_matter.lines.get("slug").copied();
                let at = if line(s).is_some() { s } else { first };
                problems.push(
                    Problem::error(
                        &at.rel_path,
                        line(at),
                        format!(
                            "{}/{} is the address of both {} and {}",
                            category,
                            s.slug,
                            crate::report::display_path(&first.rel_path),
                            crate::report::display_path(&s.rel_path)
                        ),
                    )
                    .hint("give one of them another slug in its front matter (or rename its file)"),
                );
                vc.files
                    .insert((category.clone(), file_slug.clone()), first.slug.clone());
                continue;
            }
            vc.articles.insert(key, i);
            vc.files
                .insert((category.clone(), file_slug.clone()), s.slug.clone());
        }
        for (slug, (meta, explicit)) in own {
            if *explicit || !metas.contains_key(slug) {
                metas.insert(slug.clone(), meta.clone());
            }
        }
        vc.categories = vc
            .articles
            .keys()
            .map(|(c, _)| c.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|slug| {
                let meta = metas.get(&slug).cloned().unwrap_or_default();
                let category = Category {
                    title: meta.title.unwrap_or_else(|| title_case(&slug)),
                    description: meta.description,
                    order: meta.order,
                    slug: slug.clone(),
                };
                (slug, category)
            })
            .collect();
        versions.push(vc);
    }

    Content {
        root: root.to_path_buf(),
        sources,
        versions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_name_may_hold_dots_inside_it_but_not_at_its_ends_or_two_in_a_row() {
        for ok in ["update-to-magento-2.4.0", "v1.2-notes", "gmail"] {
            assert!(is_valid_article_name(ok), "{ok}");
        }
        for bad in [
            ".hidden", "ends.", "a..b", "..", ".", "Upper.2", "-x.1", "a.-b", "",
        ] {
            assert!(!is_valid_article_name(bad), "{bad}");
        }
        assert!(!is_valid_slug("a.b"), "category names stay without dots");
    }

    #[test]
    fn the_hint_for_an_article_name_keeps_its_inner_dots() {
        assert_eq!(
            suggestion("Update To Magento 2.4.0", true),
            "update-to-magento-2.4.0"
        );
        assert_eq!(suggestion("..Odd..Name.", true), "odd.name");
        assert_eq!(
            suggestion("Getting Started.v2", false),
            "getting-started-v2"
        );
    }
}
