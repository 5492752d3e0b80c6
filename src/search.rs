//! The search index: per version, every article, heading and step is a searchable unit; results link to the unit
//! (`<category>/<slug>/#<step name or id>`). The index is split into small files the browser fetches on demand:
//!
//! ```text
//! _search/<version>/index.json             the manifest: label, article count, shard keys, number of docs files,
//!                                          and the published name of every other file
//! _search/<version>/<key>.<hash>.json      a shard: the terms starting with `key` (their first two characters, or
//!                                          three when the two-character group is larger than [`SPLIT_BYTES`])
//! _search/<version>/docs-<n>.<hash>.json   what results show: titles, anchors, step numbers and texts
//! ```
//!
//! `<hash>` is the start of the SHA-256 of the file, so shards and docs files can be cached forever, and an edit to
//! one article republishes only the files it changes. The manifest keeps one name, so pages (which find it through
//! `data-index` on their search form, [`crate::templates::AssetPaths::search`]) do not change with the index.
//!
//! A shard is a JSON array of `[term, [other surface forms], postings]`, sorted by term. Postings are grouped by
//! article: `article delta, count, unit...`, where a unit is `local << 4 | weight`. `local` numbers an article's
//! units (0: the article itself, then its headings and steps in page order); `weight` (1-15, see [`weight`]) says
//! how much the term counts there: titles and headings weigh more than body text.
//!
//! A docs file holds [`DOCS_PER_FILE`] articles in index order, each `[path, title, description, units]` with
//! units `[anchor, step number (empty for a heading), text]` for local 1, 2, ...

pub mod extract;
pub mod tokenize;

use crate::articles::{Article, Library};
use crate::config::SiteConfig;
use crate::output::Output;
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Articles per docs file: a result costs one small fetch of its neighbours' texts.
pub const DOCS_PER_FILE: usize = 8;
/// Result texts longer than this (in characters) are cut at a word.
pub const MAX_TEXT_CHARS: usize = 160;
/// Version of the file format; the query side refuses another.
pub const FORMAT: u32 = 1;
/// A group of terms with the same first two characters whose shard would be larger than this (raw JSON) is split
/// into shards by the first three characters (terms of two characters keep the two-character shard). The query
/// side then waits for the third letter of a word being typed rather than load the whole group.
pub const SPLIT_BYTES: usize = 32 * 1024;

/// Where in a unit a term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A step's whole text, a section's paragraphs, the article's introduction.
    Body,
    /// The article's description.
    Description,
    /// A heading, or the first sentence of a step.
    Heading,
    /// The article's title.
    Title,
}

/// One searchable unit of an article, before tokenising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Empty for the article itself.
    pub anchor: String,
    /// The step number (`6`, `6.2`), empty for headings and the article.
    pub number: String,
    /// Texts and the field each one counts as.
    pub texts: Vec<(Field, String)>,
    /// What a result shows.
    pub display: String,
}

/// The units of an article: the article itself first, then its headings and steps in page order.
pub fn units(article: &Article) -> Vec<Unit> {
    let r = &article.rendered;
    let sections = extract::sections(&r.html, &r.headings, &r.steps);
    let description = article.description.clone().unwrap_or_default();
    let mut units = vec![Unit {
        anchor: String::new(),
        number: String::new(),
        texts: vec![
            (Field::Title, article.title.clone()),
            (Field::Description, description.clone()),
            (Field::Body, sections.intro),
        ],
        display: description,
    }];
    for block in sections.blocks {
        units.push(match block.owner {
            extract::Owner::Heading(i) => {
                let h = &r.headings[i];
                Unit {
                    anchor: h.id.clone(),
                    number: String::new(),
                    texts: vec![(Field::Heading, h.text.clone()), (Field::Body, block.body)],
                    display: h.text.clone(),
                }
            }
            extract::Owner::Step(i) => {
                let s = &r.steps[i];
                Unit {
                    anchor: s.anchor().to_string(),
                    number: s.number.clone(),
                    texts: vec![(Field::Heading, s.text.clone()), (Field::Body, block.body)],
                    display: s.text.clone(),
                }
            }
        });
    }
    units
}

/// How much a term counts in a unit, 1-15: by the field it is in; a short heading or step sentence (eight terms or
/// fewer) is more about each of its words than a long one; a word said twice in a body counts a little more.
pub fn weight(field: Field, field_terms: usize, occurrences: usize) -> u32 {
    match field {
        Field::Title => 15,
        Field::Heading if field_terms <= 8 => 10,
        Field::Heading => 8,
        Field::Description => 4,
        Field::Body if occurrences > 1 => 2,
        Field::Body => 1,
    }
}

/// An article's terms: for each term, its best weight per unit; and each term's surface forms.
#[derive(Debug, Default)]
struct ArticleTerms {
    terms: BTreeMap<String, BTreeMap<u32, u32>>,
    surfaces: BTreeSet<(String, String)>,
}

fn article_terms(units: &[Unit]) -> ArticleTerms {
    let mut out = ArticleTerms::default();
    for (local, unit) in units.iter().enumerate() {
        for (field, text) in &unit.texts {
            let terms: Vec<tokenize::Token> = tokenize::terms(text).collect();
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for t in &terms {
                *counts.entry(t.stem.as_str()).or_default() += 1;
            }
            for (stem, n) in counts {
                let w = weight(*field, terms.len(), n);
                let best = out
                    .terms
                    .entry(stem.to_string())
                    .or_default()
                    .entry(local as u32)
                    .or_insert(w);
                *best = (*best).max(w);
            }
            for t in terms {
                if t.surface != t.stem {
                    out.surfaces.insert((t.stem, t.surface));
                }
            }
        }
    }
    out
}

/// A unit in a docs file: anchor, step number, text.
type DocUnit<'a> = (&'a str, &'a str, String);
/// An article in a docs file: path, title, description, its units after the article itself.
type DocArticle<'a> = (String, &'a str, String, Vec<DocUnit<'a>>);

/// A version's index, ready to write.
#[derive(Debug)]
pub struct VersionIndex {
    /// `_search/<version>/`
    pub dir: String,
    /// Logical file names (`ap.json`, `docs-0.json`, `index.json` for the manifest) with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Logical name -> published name in `dir` (content-hashed, except the manifest's).
    pub names: BTreeMap<String, String>,
}

impl VersionIndex {
    /// The manifest's path from the site root.
    pub fn manifest(&self) -> String {
        format!("{}index.json", self.dir)
    }
}

/// A term's postings, grouped by article (see the module documentation).
#[derive(Debug, Default)]
struct Postings {
    last_article: Option<u32>,
    data: Vec<u32>,
}

impl Postings {
    fn push(&mut self, article: u32, units: &BTreeMap<u32, u32>) {
        let delta = match self.last_article {
            Some(last) => article - last,
            None => article,
        };
        self.last_article = Some(article);
        self.data.push(delta);
        self.data.push(units.len() as u32);
        self.data
            .extend(units.iter().map(|(local, weight)| local << 4 | weight));
    }
}

/// Builds the index of one version from its articles (in the Library's order, which numbers them).
pub fn build_version(version_id: &str, label: &str, articles: &[&Article]) -> VersionIndex {
    build_version_split(version_id, label, articles, SPLIT_BYTES)
}

fn build_version_split(
    version_id: &str,
    label: &str,
    articles: &[&Article],
    split_bytes: usize,
) -> VersionIndex {
    let per_article: Vec<(Vec<Unit>, ArticleTerms)> = articles
        .par_iter()
        .map(|a| {
            let units = units(a);
            let terms = article_terms(&units);
            (units, terms)
        })
        .collect();

    let mut postings: HashMap<String, Postings> = HashMap::new();
    let mut surfaces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (ai, (_, terms)) in per_article.iter().enumerate() {
        for (term, units) in &terms.terms {
            match postings.get_mut(term.as_str()) {
                Some(p) => p.push(ai as u32, units),
                None => {
                    let mut p = Postings::default();
                    p.push(ai as u32, units);
                    postings.insert(term.clone(), p);
                }
            }
        }
        for (stem, surface) in &terms.surfaces {
            surfaces
                .entry(stem.clone())
                .or_default()
                .insert(surface.clone());
        }
    }

    // Shards: terms grouped by their first two characters (three for large groups), sorted.
    let mut groups: BTreeMap<String, Vec<(String, Postings)>> = BTreeMap::new();
    for (term, p) in postings {
        groups
            .entry(tokenize::shard_key(&term))
            .or_default()
            .push((term, p));
    }
    let shard_json = |terms: &[&(String, Postings)]| -> Vec<u8> {
        let entries: Vec<(&str, Vec<&str>, &[u32])> = terms
            .iter()
            .map(|(term, p)| {
                let forms = surfaces
                    .get(term)
                    .map(|s| s.iter().map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                (term.as_str(), forms, p.data.as_slice())
            })
            .collect();
        json(&entries)
    };
    let shards: Vec<(String, Vec<u8>)> = groups
        .par_iter_mut()
        .flat_map_iter(|(key, terms)| {
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            let all: Vec<&(String, Postings)> = terms.iter().collect();
            let whole = shard_json(&all);
            if whole.len() <= split_bytes || terms.iter().all(|(t, _)| t.chars().count() <= 2) {
                return vec![(key.clone(), whole)];
            }
            let mut sub: BTreeMap<String, Vec<&(String, Postings)>> = BTreeMap::new();
            for t in &all {
                sub.entry(t.0.chars().take(3).collect())
                    .or_default()
                    .push(t);
            }
            sub.into_iter()
                .map(|(k, ts)| (k, shard_json(&ts)))
                .collect()
        })
        .collect();
    let mut shards = shards;
    shards.sort();
    let keys: Vec<String> = shards.iter().map(|(k, _)| k.clone()).collect();
    let mut files: Vec<(String, Vec<u8>)> = shards
        .into_iter()
        .map(|(k, bytes)| (tokenize::shard_file(&k), bytes))
        .collect();

    let docs: Vec<(String, Vec<u8>)> = per_article
        .par_chunks(DOCS_PER_FILE)
        .zip(articles.par_chunks(DOCS_PER_FILE))
        .enumerate()
        .map(|(n, (chunk, arts))| {
            let entries: Vec<DocArticle> = chunk
                .iter()
                .zip(arts)
                .map(|((units, _), a)| {
                    let rest = units[1..]
                        .iter()
                        .map(|u| (u.anchor.as_str(), u.number.as_str(), shorten(&u.display)))
                        .collect();
                    (a.path(), a.title.as_str(), shorten(&units[0].display), rest)
                })
                .collect();
            (format!("docs-{n}.json"), json(&entries))
        })
        .collect();
    let doc_files = docs.len();
    files.extend(docs);

    files.sort();
    let mut names: BTreeMap<String, String> = files
        .iter()
        .map(|(name, bytes)| {
            let hash: String = Sha256::digest(bytes)
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let stem = name.trim_end_matches(".json");
            (name.clone(), format!("{stem}.{hash}.json"))
        })
        .collect();
    let manifest = serde_json::json!({
        "format": FORMAT,
        "version": version_id,
        "label": label,
        "articles": articles.len(),
        "docsPerFile": DOCS_PER_FILE,
        "docs": doc_files,
        "shards": keys,
        "files": names,
    });
    files.push(("index.json".into(), json(&manifest)));
    files.sort();
    names.insert("index.json".into(), "index.json".into());
    VersionIndex {
        dir: format!("_search/{version_id}/"),
        files,
        names,
    }
}

fn json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("search index values serialise")
}

/// Cuts `text` to [`MAX_TEXT_CHARS`] at a word boundary, with an ellipsis.
fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_TEXT_CHARS).collect();
    let at = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// Builds every version's index and writes it. Returns, per version id, the manifest's path from the site root.
pub fn write(
    config: &SiteConfig,
    library: &Library,
    out: &Output,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let indexes: Vec<VersionIndex> = library
        .par_iter()
        .enumerate()
        .map(|(vi, articles)| {
            let v = &config.versions[vi];
            let list: Vec<&Article> = articles.values().collect();
            build_version(&v.id, &v.label, &list)
        })
        .collect();
    let mut manifests = BTreeMap::new();
    for (vi, index) in indexes.iter().enumerate() {
        for (name, bytes) in &index.files {
            let path = format!("{}{}", index.dir, index.names[name]);
            if let Err(e) = out.write(&path, bytes) {
                problems.push(Problem::error(&path, None, e));
            }
        }
        manifests.insert(config.versions[vi].id.clone(), index.manifest());
    }
    manifests
}

#[cfg(test)]
mod tests;
