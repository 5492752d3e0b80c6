//! Languages: `languages` in site.toml (the first is the default), and the translations that sit beside their
//! sources (`<name>.<code>.md`, `_category.<code>.toml`). Each other language gets a [`Content`] of its own: the
//! default's, with every article that has a translation for its edition read from the translation instead, so that
//! the later stages build a language's tree as they build the default's.

use crate::load::categories::{self, Rank};
use crate::load::config::{others, translated_name, SiteConfig};
use crate::load::content::{Content, Source};
use crate::load::front_matter::{self, FrontMatter};
use crate::report::{display_path, Problem, Problems};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How far along a translation says it is (`translation_status` in its front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Status {
    Complete,
    /// Work in progress: differences from the source are warnings, not errors.
    Draft,
    /// A translation made to show the feature (the shipped site's), held to the same checks as a complete one.
    Sample,
}

/// A translated file found beside its source.
#[derive(Debug, Clone)]
struct Found {
    lang: usize,
    vi: usize,
    /// Its folder inside the version folder, as on disk (`Billing/Refunds`).
    dir: String,
    /// The file name of its source (`gmail.md`, `_category.toml`).
    source_name: String,
    rel_path: PathBuf,
    path: PathBuf,
}

/// Every translation under `content/`, for every other language.
fn walk(root: &Path, config: &SiteConfig) -> Vec<Found> {
    let mut found = Vec::new();
    for (vi, v) in config.versions.iter().enumerate() {
        let vdir = root.join("content").join(&v.id);
        for entry in walkdir::WalkDir::new(&vdir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| e.ok())
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            let Some((lang, source_name)) = translated_name(config, &name) else {
                continue;
            };
            let inside = entry.path().strip_prefix(&vdir).unwrap_or(entry.path());
            let dir = inside.parent().map(display_path).unwrap_or_default();
            found.push(Found {
                lang,
                vi,
                dir,
                source_name,
                rel_path: Path::new("content").join(&v.id).join(display_path(inside)),
                path: entry.path().to_path_buf(),
            });
        }
    }
    found
}

/// One language's content, and what the later stages need to know of its translations.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    /// Index into `config.languages`.
    pub index: usize,
    pub code: String,
    /// The default language's content, with each translated article's source replaced by its translation (appended
    /// to `sources`).
    pub content: Content,
    /// Per translated source (an index into `content.sources`): the default language's source it translates, and
    /// its status.
    pub translations: BTreeMap<usize, (usize, Status)>,
    /// The translated sources whose recorded `source_digest` is not their source's now: the source changed since.
    pub stale: BTreeSet<usize>,
    /// The translated sources that record no `source_digest`.
    pub unmarked: BTreeSet<usize>,
}

impl Language {
    /// Whether the article `key` of version `vi` is read from a translation (else it falls back to the source).
    pub(crate) fn is_translated(&self, vi: usize, key: &(String, String)) -> bool {
        self.content.versions[vi]
            .articles
            .get(key)
            .is_some_and(|i| self.translations.contains_key(i))
    }
}

/// Reads every translation, one [`Language`] per language other than the default (none without `languages`).
pub(crate) fn load(
    root: &Path,
    config: &SiteConfig,
    content: &Content,
    problems: &mut Problems,
) -> Vec<Language> {
    if config.languages.len() < 2 {
        return Vec::new();
    }
    let found = walk(root, config);
    others(config)
        .map(|(li, code)| {
            let mine: Vec<&Found> = found.iter().filter(|f| f.lang == li).collect();
            language(config, content, li, code, &mine, problems)
        })
        .collect()
}

/// The translation's front matter and text, read as an article's.
fn read(
    config: &SiteConfig,
    f: &Found,
    problems: &mut Problems,
) -> Option<(Source, Status, Option<String>)> {
    let text = match std::fs::read_to_string(&f.path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::error(
                &f.rel_path,
                None,
                format!("cannot read: {e}"),
            ));
            return None;
        }
    };
    let (mut front_matter, body_offset, broken) =
        match front_matter::split(&f.rel_path, &text, config.strict_front_matter) {
            Ok(s) => (s.front_matter, s.body_offset, false),
            Err(found) => {
                // `translation_status` is ours even where strict front matter refuses other keys.
                let found: Vec<Problem> = found
                    .into_iter()
                    .filter(|p| {
                        !p.message.contains("`translation_status`")
                            && !p.message.contains("`source_digest`")
                    })
                    .collect();
                let broken = found
                    .iter()
                    .any(|p| p.severity == crate::report::Severity::Error);
                problems.extend(found);
                match front_matter::split(&f.rel_path, &text, false) {
                    Ok(s) if !broken => (s.front_matter, s.body_offset, false),
                    _ => (FrontMatter::default(), text.len(), true),
                }
            }
        };
    let status = match front_matter.extra.remove("translation_status") {
        None => Status::Complete,
        Some(v) => match v.as_str() {
            Some("complete") => Status::Complete,
            Some("draft") => Status::Draft,
            Some("sample") => Status::Sample,
            _ => {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("translation_status"))
                    .map(|i| i + 1);
                problems.push(
                    Problem::error(&f.rel_path, line, format!("translation_status {v} is not one helpsite knows"))
                        .hint("write translation_status = \"draft\" (differences from the source are warnings) or \"complete\""),
                );
                Status::Complete
            }
        },
    };
    let digest = front_matter
        .extra
        .remove("source_digest")
        .and_then(|v| v.as_str().map(str::to_string));
    let source = Source {
        rel_path: f.rel_path.clone(),
        version: f.vi,
        category: String::new(),
        slug: String::new(),
        file_slug: String::new(),
        dir: f.dir.clone(),
        own_dir: String::new(),
        text,
        front_matter,
        body_offset,
        broken,
    };
    Some((source, status, digest))
}

/// A translation read: its version folder, its text as a source, its status, the source digest it records.
type Read = (usize, Source, Status, Option<String>);

/// The digest of a source's text that a translation records (`source_digest`) as the revision it translates: its
/// body, so that a new date or title in the front matter does not make translations out of date.
pub(crate) fn digest(source: &Source) -> String {
    body_digest(source.text.get(source.body_offset..).unwrap_or(""))
}

/// The digest of a source's body (its text after the front matter).
pub(crate) fn body_digest(body: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(body.as_bytes()))
}

fn language(
    config: &SiteConfig,
    content: &Content,
    index: usize,
    code: &str,
    found: &[&Found],
    problems: &mut Problems,
) -> Language {
    let mut lang = Language {
        index,
        code: code.to_string(),
        content: content.clone(),
        translations: BTreeMap::new(),
        stale: BTreeSet::new(),
        unmarked: BTreeSet::new(),
    };
    // Articles' translations by their source's folder and file name, oldest version first.
    let mut articles: BTreeMap<(&str, &str), Vec<Read>> = BTreeMap::new();
    let mut metas: BTreeMap<(&str, &str), Vec<(usize, &Found)>> = BTreeMap::new();
    for f in found {
        if f.source_name == "_category.toml" {
            metas
                .entry((f.dir.as_str(), f.source_name.as_str()))
                .or_default()
                .push((f.vi, f));
        }
    }
    // The translations are read and their front matter parsed in parallel, then kept in the order they were found.
    let read_all: Vec<(&Found, Option<Read>, Problems)> = found
        .par_iter()
        .filter(|f| !f.source_name.ends_with(".toml"))
        .map(|&f| {
            let mut found = Problems::new();
            let read = read(config, f, &mut found).map(|(s, st, d)| (f.vi, s, st, d));
            (f, read, found)
        })
        .collect();
    for (f, read, found) in read_all {
        problems.extend(found.into_vec());
        if let Some(read) = read {
            articles
                .entry((f.dir.as_str(), f.source_name.as_str()))
                .or_default()
                .push(read);
        }
    }
    let mut used: BTreeSet<PathBuf> = BTreeSet::new();
    // A translation in version folder `tv` translates the edition of its source that a version shows when that
    // edition is not newer than the translation: it is inherited by later versions as its source is.
    let mut made: BTreeMap<(PathBuf, usize), usize> = BTreeMap::new();
    for vi in 0..config.versions.len() {
        let keys: Vec<((String, String), usize)> = content.versions[vi]
            .articles
            .iter()
            .map(|(k, &i)| (k.clone(), i))
            .collect();
        for (key, src) in keys {
            let s = &content.sources[src];
            let name = s
                .rel_path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let Some(candidates) = articles.get(&(s.dir.as_str(), name.as_str())) else {
                continue;
            };
            let Some((_, t, status, recorded)) = candidates
                .iter()
                .rev()
                .find(|(tv, _, _, _)| *tv <= vi && *tv >= s.version)
            else {
                continue;
            };
            used.insert(t.rel_path.clone());
            let ti = *made.entry((t.rel_path.clone(), src)).or_insert_with(|| {
                lang.content.sources.push(Source {
                    category: s.category.clone(),
                    slug: s.slug.clone(),
                    file_slug: s.file_slug.clone(),
                    dir: s.dir.clone(),
                    own_dir: s.own_dir.clone(),
                    version: s.version,
                    ..t.clone()
                });
                lang.content.sources.len() - 1
            });
            lang.translations.insert(ti, (src, *status));
            match recorded {
                Some(d) if *d != digest(s) => {
                    lang.stale.insert(ti);
                }
                Some(_) => {}
                None => {
                    lang.unmarked.insert(ti);
                }
            }
            lang.content.versions[vi].articles.insert(key, ti);
        }
    }
    for candidates in articles.values() {
        for (tv, t, _, _) in candidates {
            if !used.contains(&t.rel_path) {
                let v = &config.versions[*tv].id;
                let source = t
                    .rel_path
                    .to_string_lossy()
                    .replace(&format!(".{code}.md"), ".md");
                problems.push(
                    Problem::error(&t.rel_path, None, format!("a translation into {code:?} of {source}, which is no article of version {v:?}"))
                        .hint(format!("a translation sits beside its source with the same name and .{code} before .md; rename it, or add the source (a newer edition of the source needs its translation in the same or a newer version folder)")),
                );
            }
        }
    }
    // Folder titles: each version takes the newest translation of a folder's `_category.toml` up to it.
    for vi in 0..config.versions.len() {
        for ((dir, _), list) in &metas {
            let Some((_, f)) = list.iter().rev().find(|(tv, _)| *tv <= vi) else {
                continue;
            };
            let dirs: Vec<&str> = dir.split('/').filter(|d| !d.is_empty()).collect();
            let Some(slug) = crate::load::names::folder_path(&dirs) else {
                continue;
            };
            let Some(category) = lang.content.versions[vi].categories.get_mut(&slug) else {
                continue;
            };
            match categories::read(&f.path, &f.rel_path, Rank::Toml) {
                Ok(meta) => {
                    if let Some(t) = meta.title {
                        category.title = t;
                    }
                    if let Some(d) = meta.description {
                        category.description = Some(d);
                    }
                }
                // Reported once, at its own version.
                Err(p) if f.vi == vi => problems.push(p),
                Err(_) => {}
            }
        }
    }
    lang
}
