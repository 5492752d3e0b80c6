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
//! A language of the site other than the default has its own index of its tree under `_search/<code>/<version>/`,
//! cut by its analyzer ([`language`]), which the manifest names (`analyzer`) for the query side.
//!
//! `<hash>` is the start of the SHA-256 of the file, so shards and docs files can be cached forever, and an edit to
//! one article republishes only the files it changes. The manifest keeps one name, so pages (which find it through
//! `data-index` on their search form, [`crate::pages::theme::AssetPaths::search`]) do not change with the index.
//!
//! A shard key is the first two characters of its terms, or the first one for a Chinese or Japanese term (a pair
//! of characters, see [`tokenize`]).
//!
//! A shard is a JSON array of `[term, [other surface forms], postings]` or `[term, forms, postings, tail]`, sorted by
//! term. Postings are grouped by article: `article delta, count, unit...`, where a unit is `local << 4 | weight`.
//! `local` numbers an article's units (0: the article itself, then its headings and steps in page order); `weight`
//! (1-15, see [`weight`]) says how much the term counts there: titles and headings weigh more than body text.
//!
//! A term in more than [`HEAD_ARTICLES`] articles keeps its units only in the articles where it weighs most; the
//! others are in its `tail`, `article delta, best weight, ...` (deltas between tail articles): the query side still
//! finds and ranks those articles by the term, but lands on their units by the query's other words. A common word's
//! units are most of what a first query would fetch on a large site ("email" is in almost every article of a mail
//! product's help), and where the word says least.
//!
//! The manifest names the hashed files by two arrays beside the shard keys: `hashes.shards[i]` is the hash of shard
//! `shards[i]`, `hashes.docs[n]` that of docs file `n`.
//!
//! A docs file holds [`DOCS_PER_FILE`] articles in index order, each `[path, title, description, units]` with
//! units `[anchor, step number (empty for a heading), text, heading the step is under]` for local 1, 2, ...
//!
//! Building: every rendering of an article is read back ([`extract`]) and cut into terms ([`tokenize`]) once, in
//! parallel, however many versions share it; only titles and descriptions are cut per article. Terms are kept as
//! ids ([`intern`]) until the shards are written, sorted by the terms themselves, so the output does not depend
//! on the threads. Each shard entry and each rendering's docs units are serialised once.

pub(crate) mod extract;
pub(crate) mod intern;
pub(crate) mod language;
pub(crate) mod synonyms;
pub mod tokenize;

use crate::load::config::SiteConfig;
use crate::output::Output;
use crate::render::articles::{Article, Library};
use crate::render::markdown::{Heading, Rendered};
use crate::report::{Problem, Problems};
use intern::{FxHashMap, Interner};
use language::Analyzer;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use synonyms::{Compiled, Synonyms};

/// Articles per docs file: a result costs one small fetch of its neighbours' texts.
pub(crate) const DOCS_PER_FILE: usize = 8;
/// Result texts longer than this (in characters) are cut at a word.
pub(crate) const MAX_TEXT_CHARS: usize = 160;
/// Version of the file format; the query side refuses another.
pub(crate) const FORMAT: u32 = 3;
/// A group of terms with the same first two characters whose shard would be larger than this (raw JSON) is split
/// into shards by the first three characters (terms of two characters keep the two-character shard). The query
/// side then waits for the third letter of a word being typed rather than load the whole group.
pub(crate) const SPLIT_BYTES: usize = 32 * 1024;
/// A term keeps its units (where a result lands) in this many of its articles at most, those where it weighs most;
/// see the module documentation. At 10,000 articles this cuts what "email server password" fetches by half, and
/// no site under a thousand articles has a tail at all.
pub(crate) const HEAD_ARTICLES: usize = 1000;

/// How the index is cut into files; tests make small sites behave like large ones with smaller numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// See [`SPLIT_BYTES`].
    pub split_bytes: usize,
    /// See [`HEAD_ARTICLES`].
    pub head_articles: usize,
}

impl Limits {
    pub(crate) const DEFAULT: Limits = Limits {
        split_bytes: SPLIT_BYTES,
        head_articles: HEAD_ARTICLES,
    };
}

/// Where in a unit a term was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// A step's whole text, a section's paragraphs, the article's introduction.
    Body,
    /// The article's description.
    Description,
    /// A heading, or the first sentence of a step.
    Heading,
    /// The heading a step is under.
    Context,
    /// The article's tags.
    Tag,
    /// The article's title.
    Title,
}

/// One searchable unit of an article, before tokenising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit<'a> {
    /// Empty for the article itself.
    pub anchor: &'a str,
    /// The step number (`6`, `6.2`), empty for headings and the article.
    pub number: &'a str,
    /// Texts and the field each one counts as.
    pub texts: Vec<(Field, Cow<'a, str>)>,
    /// What a result shows.
    pub display: &'a str,
    /// For a step, the heading it is under (empty when none): results show it when two read the same.
    pub section: &'a str,
}

#[cfg(test)]
/// The units of an article: the article itself first, then its headings and steps in page order.
pub(crate) fn units(article: &Article) -> Vec<Unit<'_>> {
    let mut units = rendered_units(&article.rendered);
    let description = article.description.as_deref().unwrap_or("");
    let own = &mut units[0];
    own.texts.splice(
        0..0,
        [
            (Field::Title, Cow::Borrowed(article.title.as_str())),
            (Field::Description, Cow::Borrowed(description)),
        ],
    );
    if !article.tags.is_empty() {
        own.texts
            .insert(2, (Field::Tag, Cow::Owned(article.tags.join(" "))));
    }
    own.display = description;
    units
}

/// The units as far as the rendering knows them: the article's own unit has its introduction only (its title and
/// description are the article's, and the same rendering can serve articles in several versions). A step also holds
/// the words of the heading it is under (as [`Field::Context`]): "clear require ssl" finds the step under "Require
/// SSL" that says only "Clear the checkbox"; a heading holds its steps' words as body text. Sections that only point
/// elsewhere ([`navigation_only`]) are no units.
fn rendered_units(r: &Rendered) -> Vec<Unit<'_>> {
    let sections = extract::sections(&r.html, &r.headings, &r.steps);
    let mut units = Vec::with_capacity(sections.blocks.len() + 1);
    units.push(Unit {
        anchor: "",
        number: "",
        texts: vec![(Field::Body, Cow::Owned(sections.intro))],
        display: "",
        section: "",
    });
    let mut section = "";
    // The unit of the heading the steps are under: it holds their text too, so that a query whose words are spread
    // over the steps of a section lands on the section.
    let mut heading_unit: Option<usize> = None;
    for block in sections.blocks {
        match block.owner {
            extract::Owner::Heading(i) => {
                let h = &r.headings[i];
                if navigation_only(&h.text) {
                    section = "";
                    heading_unit = None;
                    continue;
                }
                section = &h.text;
                heading_unit = Some(units.len());
                units.push(Unit {
                    anchor: &h.id,
                    number: "",
                    texts: vec![
                        (Field::Heading, Cow::Borrowed(h.text.as_str())),
                        (Field::Body, Cow::Owned(block.body)),
                    ],
                    display: &h.text,
                    section: "",
                });
            }
            extract::Owner::Step(i) => {
                let s = &r.steps[i];
                if let Some(h) = heading_unit {
                    units[h]
                        .texts
                        .push((Field::Body, Cow::Owned(block.body.clone())));
                }
                let mut texts = vec![
                    (Field::Heading, Cow::Borrowed(s.text.as_str())),
                    (Field::Body, Cow::Owned(block.body)),
                ];
                if !section.is_empty() {
                    texts.push((Field::Context, Cow::Borrowed(section)));
                }

                units.push(Unit {
                    anchor: s.anchor(),
                    number: &s.number,
                    texts,
                    display: &s.text,
                    section,
                });
            }
        }
    }
    units
}

/// Whether a heading names a section that only lists links to elsewhere ("Related articles", "See also"): a reader
/// searching for words of its links wants those articles, not the list.
pub(crate) fn navigation_only(heading: &str) -> bool {
    Heading::lists_related(heading)
        || matches!(
            Heading::key(heading).as_str(),
            "on this page" | "further reading" | "in this article"
        )
}

/// How much a term counts in a unit, 1-15: by the field it is in; a short heading or step sentence (eight terms or
/// fewer) is more about each of its words than a long one; a word said twice in a body counts a little more. A tag is
/// a writer's word for what the article is about, so it weighs more than the description. The query side reads
/// weights of 4 and more in the article's own unit (title, tags, description) as context for all its units, and
/// lower ones (its introduction's body) as the article's only.
pub(crate) fn weight(field: Field, field_terms: usize, occurrences: usize) -> u32 {
    match field {
        Field::Title => 15,
        Field::Heading if field_terms <= 8 => 10,
        Field::Heading => 8,
        Field::Tag => 6,
        Field::Description => 4,
        Field::Context => 3,
        Field::Body if occurrences > 1 => 2,
        Field::Body => 1,
    }
}

/// Terms of some texts, as ids (see [`intern`]).
#[derive(Debug, Default)]
struct Terms {
    /// `(term, local << 4 | weight)`, sorted, with each term's best weight per unit only.
    entries: Vec<(u32, u32)>,
    /// `(term, surface form)` where the two differ, sorted, without repeats.
    surfaces: Vec<(u32, u32)>,
}

impl Terms {
    fn finish(mut self) -> Self {
        self.entries.sort_unstable();
        // Sorted by term, unit and weight: the first of each (term, unit) is kept, with the last one's weight.
        self.entries.dedup_by(|next, kept| {
            next.0 == kept.0 && next.1 >> 4 == kept.1 >> 4 && {
                kept.1 = next.1;
                true
            }
        });
        self.surfaces.sort_unstable();
        self.surfaces.dedup();
        self.entries.shrink_to_fit();
        self.surfaces.shrink_to_fit();
        self
    }
}

/// Buffers a thread reuses to cut texts into terms, and the ids it has seen (so that it seldom waits for the
/// shared [`Interner`]).
#[derive(Debug)]
struct Cutter {
    scanner: tokenize::Scanner,
    field: Vec<u32>,
    extra: Vec<u32>,
    known: FxHashMap<Box<str>, u32>,
}

/// The shared term ids, and the synonym groups as ids.
struct Ids<'a> {
    interner: &'a Interner,
    synonyms: &'a Compiled,
}

/// The id of `s`, from `known` or else `ids`.
fn id(known: &mut FxHashMap<Box<str>, u32>, ids: &Interner, s: &str) -> u32 {
    if let Some(&id) = known.get(s) {
        return id;
    }
    let id = ids.id(s);
    known.insert(s.into(), id);
    id
}

impl Cutter {
    fn new(analyzer: Analyzer) -> Self {
        Cutter {
            scanner: tokenize::Scanner::new(analyzer),
            field: Vec::new(),
            extra: Vec::new(),
            known: FxHashMap::default(),
        }
    }

    /// Adds the terms of `text`, found in `field` of unit `local`, to `out`, with the term of each synonym group
    /// that the text says a phrase of.
    fn add(&mut self, ids: &Ids, local: u32, field: Field, text: &str, out: &mut Terms) {
        let Cutter {
            scanner,
            field: found,
            extra,
            known,
        } = self;
        found.clear();
        scanner.terms(text, |stem, surface| {
            let term = id(known, ids.interner, stem);
            if surface != stem {
                out.surfaces.push((term, id(known, ids.interner, surface)));
            }
            found.push(term);
        });
        let n = found.len();
        extra.clear();
        ids.synonyms
            .found_in(found, |canonical| extra.push(canonical));
        found.extend_from_slice(extra);
        found.sort_unstable();
        for run in found.chunk_by(|a, b| a == b) {
            out.entries
                .push((run[0], local << 4 | weight(field, n, run.len())));
        }
    }
}

/// What the index takes from one rendering of an article, whichever versions show it.
#[derive(Debug)]
struct RenderedIndex {
    /// The terms of its units (the article's own: its introduction).
    terms: Terms,
    /// The JSON of its units after the article's own in a docs file: `[[anchor, number, text], ...]` (shared with the
    /// cache).
    docs: Arc<Vec<u8>>,
}

fn index_rendered(r: &Rendered, ids: &Ids, cutter: &mut Cutter) -> RenderedIndex {
    let units = rendered_units(r);
    let mut terms = Terms::default();
    for (local, unit) in units.iter().enumerate() {
        for (field, text) in &unit.texts {
            cutter.add(ids, local as u32, *field, text, &mut terms);
        }
    }
    let rest: Vec<DocUnit> = units[1..]
        .iter()
        .map(|u| (u.anchor, u.number, shorten(u.display), u.section))
        .collect();
    RenderedIndex {
        terms: terms.finish(),
        docs: Arc::new(json(&rest)),
    }
}

/// The terms of what an article adds to its rendering: its title, description and tags.
fn index_article(a: &Article, ids: &Ids, cutter: &mut Cutter) -> Terms {
    let mut terms = Terms::default();
    cutter.add(ids, 0, Field::Title, &a.title, &mut terms);
    let description = a.description.as_deref().unwrap_or("");
    cutter.add(ids, 0, Field::Description, description, &mut terms);
    cutter.add(ids, 0, Field::Tag, &a.tags.join(" "), &mut terms);
    terms.finish()
}

/// The articles of some versions cut into terms, each rendering once however many versions share it.
#[derive(Debug)]
struct Analysis {
    /// Term ids to terms (and surface forms).
    strings: Vec<Box<str>>,
    rendered: Vec<RenderedIndex>,
    /// Per version, per article: its rendering in `rendered`, and its own terms.
    articles: Vec<Vec<(usize, Terms)>>,
}

/// What the index takes from one rendering, with its terms as text (term ids belong to one build): kept between builds
/// by the rendering's digest, in `.helpsite-cache/search/`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SavedRendering {
    /// Its terms, each followed by a NUL (one allocation, not one per term).
    strings: String,
    /// As in [`Terms`], with indexes into `strings`.
    entries: Vec<(u32, u32)>,
    surfaces: Vec<(u32, u32)>,
    docs: Arc<Vec<u8>>,
}

/// The search index of each rendering, kept between builds.
pub(crate) type Cache = crate::incremental::pack::Pack<SavedRendering>;

impl SavedRendering {
    fn of(r: &RenderedIndex, strings: &[Box<str>]) -> Self {
        let mut local: FxHashMap<u32, u32> = FxHashMap::default();
        let mut table = String::new();
        let mut at = |id: u32| {
            let next = local.len() as u32;
            *local.entry(id).or_insert_with(|| {
                table.push_str(&strings[id as usize]);
                table.push('\0');
                next
            })
        };
        let entries = r.terms.entries.iter().map(|&(t, u)| (at(t), u)).collect();
        let surfaces = r
            .terms
            .surfaces
            .iter()
            .map(|&(t, s)| (at(t), at(s)))
            .collect();
        SavedRendering {
            strings: table,
            entries,
            surfaces,
            docs: r.docs.clone(),
        }
    }

    fn restore(&self, ids: &Interner, cutter: &mut Cutter) -> RenderedIndex {
        let global: Vec<u32> = self
            .strings
            .split_terminator('\0')
            .map(|s| id(&mut cutter.known, ids, s))
            .collect();
        let terms = Terms {
            entries: self
                .entries
                .iter()
                .map(|&(t, u)| (global[t as usize], u))
                .collect(),
            surfaces: self
                .surfaces
                .iter()
                .map(|&(t, s)| (global[t as usize], global[s as usize]))
                .collect(),
        };
        RenderedIndex {
            terms: terms.finish(),
            docs: self.docs.clone(),
        }
    }
}

/// The key a rendering's index is cached under: its digest, and the key of the synonyms it was cut with (none
/// without synonyms).
fn cache_key(digest: u64, synonyms: Option<u64>) -> u64 {
    // `synonyms` is the key of the synonyms and the analyzer; none for the default's (English, no groups).
    let Some(synonyms) = synonyms else {
        return digest;
    };
    let mut key = crate::incremental::key::Key::new();
    key.add_bytes(&digest.to_le_bytes())
        .add_bytes(&synonyms.to_le_bytes());
    key.finish()
}

fn analyse(versions: &[Vec<&Article>], cache: &Cache, synonyms: &Synonyms) -> Analysis {
    let interner = Interner::default();
    let compiled = Compiled::new(synonyms, |s| interner.id(s));
    let ids = Ids {
        interner: &interner,
        synonyms: &compiled,
    };
    // Hashed once here, not for each rendering.
    let analyzer = synonyms.analyzer;
    let synonyms_key =
        (!synonyms.groups.is_empty() || analyzer != Analyzer::English).then(|| synonyms.key());
    let mut unique: Vec<&Rendered> = Vec::new();
    let mut seen: FxHashMap<*const Rendered, usize> = FxHashMap::default();
    let which: Vec<Vec<usize>> = versions
        .iter()
        .map(|list| {
            list.iter()
                .map(|a| {
                    *seen.entry(Arc::as_ptr(&a.rendered)).or_insert_with(|| {
                        unique.push(&a.rendered);
                        unique.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    let (rendered, own) = rayon::join(
        || {
            unique
                .par_iter()
                .map_init(
                    || Cutter::new(analyzer),
                    |c, r| match cache.get(cache_key(r.digest, synonyms_key), |_| true) {
                        Some(saved) => (saved.restore(&interner, c), false),
                        None => (index_rendered(r, &ids, c), true),
                    },
                )
                .collect::<Vec<_>>()
        },
        || {
            versions
                .par_iter()
                .map(|list| {
                    list.par_iter()
                        .map_init(|| Cutter::new(analyzer), |c, a| index_article(a, &ids, c))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        },
    );
    let strings = interner.into_strings();
    let rendered: Vec<RenderedIndex> = rendered
        .into_iter()
        .zip(&unique)
        .map(|((index, new), r)| {
            if new {
                cache.put(
                    cache_key(r.digest, synonyms_key),
                    SavedRendering::of(&index, &strings),
                );
            }
            index
        })
        .collect();
    Analysis {
        strings,
        rendered,
        articles: which
            .into_iter()
            .zip(own)
            .map(|(w, o)| w.into_iter().zip(o).collect())
            .collect(),
    }
}

/// Which index: its language tree's folder (`""` for the default language, `de/`) and its version.
#[derive(Debug, Clone, Copy)]
struct Which<'a> {
    tree: &'a str,
    id: &'a str,
    label: &'a str,
}

/// A language tree to index: its folder (`""` for the default language, `de/`), its articles, and its synonyms,
/// which carry its analyzer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tree<'a> {
    pub folder: &'a str,
    pub library: &'a Library,
    pub synonyms: &'a Synonyms,
}

/// A unit in a docs file: anchor, step number, text, the heading a step is under.
type DocUnit<'a> = (&'a str, &'a str, String, &'a str);

/// A version's index, ready to write.
#[derive(Debug)]
pub(crate) struct VersionIndex {
    /// `_search/<version>/`
    pub dir: String,
    /// Logical file names (`ap.json`, `docs-0.json`, `index.json` for the manifest) with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Logical name -> published name in `dir` (content-hashed, except the manifest's).
    pub names: BTreeMap<String, String>,
}

impl VersionIndex {
    /// The manifest's path from the site root.
    pub(crate) fn manifest(&self) -> String {
        format!("{}index.json", self.dir)
    }
}

/// A term's postings, grouped by article (see the module documentation).
#[derive(Debug, Default)]
struct Postings {
    last_article: Option<u32>,
    articles: usize,
    data: Vec<u32>,
}

impl Postings {
    fn push(&mut self, article: u32, units: &[u32]) {
        let delta = match self.last_article {
            Some(last) => article - last,
            None => article,
        };
        self.last_article = Some(article);
        self.articles += 1;
        self.data.push(delta);
        self.data.push(units.len() as u32);
        self.data.extend_from_slice(units);
    }

    /// The postings of the `head` articles where the term weighs most (ties: the earlier article), and the tail of
    /// the rest as `article delta, best weight`; None when the term is in `head` articles or fewer.
    fn split(&self, head: usize) -> Option<(Vec<u32>, Vec<u32>)> {
        if self.articles <= head {
            return None;
        }
        // (best weight, article, range of its group in data)
        let mut groups: Vec<(u32, u32, Range<usize>)> = Vec::with_capacity(self.articles);
        let (mut i, mut article) = (0, 0);
        while i < self.data.len() {
            article += self.data[i];
            let end = i + 2 + self.data[i + 1] as usize;
            let best = self.data[i + 2..end]
                .iter()
                .map(|u| u & 15)
                .max()
                .unwrap_or(0);
            groups.push((best, article, i..end));
            i = end;
        }
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.select_nth_unstable_by_key(head - 1, |&g| {
            (std::cmp::Reverse(groups[g].0), groups[g].1)
        });
        let mut kept = vec![false; groups.len()];
        for &g in &order[..head] {
            kept[g] = true;
        }
        let (mut units, mut tail) = (Postings::default(), Vec::new());
        let mut last_tail = 0;
        for ((best, article, range), kept) in groups.into_iter().zip(kept) {
            if kept {
                units.push(article, &self.data[range.start + 2..range.end]);
            } else {
                tail.push(article - last_tail);
                tail.push(best);
                last_tail = article;
            }
        }
        Some((units.data, tail))
    }
}

#[cfg(test)]
/// Builds the index of one version from its articles (in the Library's order, which numbers them).
pub(crate) fn build_version(version_id: &str, label: &str, articles: &[&Article]) -> VersionIndex {
    build_version_limits(version_id, label, articles, Limits::DEFAULT)
}

#[cfg(test)]
fn build_version_limits(
    version_id: &str,
    label: &str,
    articles: &[&Article],
    limits: Limits,
) -> VersionIndex {
    build_version_with(version_id, label, articles, &Synonyms::default(), limits)
}

#[cfg(test)]
fn build_version_with(
    version_id: &str,
    label: &str,
    articles: &[&Article],
    synonyms: &Synonyms,
    limits: Limits,
) -> VersionIndex {
    let analysis = analyse(&[articles.to_vec()], &Cache::none(), synonyms);
    let which = Which {
        tree: "",
        id: version_id,
        label,
    };
    build_analysed(&analysis, 0, which, articles, synonyms, limits)
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

/// The runs of `terms` (sorted by their text) whose texts have the same `key`: (key, index range).
fn runs_by_key<'s, S: AsRef<str>>(
    terms: &[u32],
    strings: &'s [S],
    key: impl Fn(&'s str) -> &'s str,
) -> Vec<(&'s str, Range<usize>)> {
    let mut runs: Vec<(&str, Range<usize>)> = Vec::new();
    for (i, &t) in terms.iter().enumerate() {
        let key = key(strings[t as usize].as_ref());
        match runs.last_mut() {
            Some((k, range)) if *k == key => range.end = i + 1,
            _ => runs.push((key, i..i + 1)),
        }
    }
    runs
}

/// Builds the index of version `vi` of `analysis`, whose articles are `articles`.
fn build_analysed(
    analysis: &Analysis,
    vi: usize,
    which: Which,
    articles: &[&Article],
    synonyms: &Synonyms,
    limits: Limits,
) -> VersionIndex {
    let Which {
        tree,
        id: version_id,
        label,
    } = which;
    let strings = &analysis.strings;
    let list = &analysis.articles[vi];

    // Postings, article by article, in order.
    let mut postings: Vec<Postings> = Vec::new();
    postings.resize_with(strings.len(), Postings::default);
    let mut surfaces: Vec<(u32, u32)> = Vec::new();
    let mut units: Vec<u32> = Vec::new();
    for (ai, (ri, own)) in list.iter().enumerate() {
        let rendered = &analysis.rendered[*ri].terms;
        let (from, add) = (&rendered.entries, &own.entries);
        let (mut i, mut j) = (0, 0);
        loop {
            let term = match (from.get(i), add.get(j)) {
                (Some(a), Some(b)) => a.0.min(b.0),
                (Some(a), None) => a.0,
                (None, Some(b)) => b.0,
                (None, None) => break,
            };
            units.clear();
            while let Some(&(_, unit)) = from.get(i).filter(|e| e.0 == term) {
                units.push(unit);
                i += 1;
            }
            // The article's own terms are all in its own unit (local 0), which comes first.
            if let Some(&(_, unit)) = add.get(j).filter(|e| e.0 == term) {
                match units.first_mut() {
                    Some(first) if *first >> 4 == 0 => *first = (*first).max(unit),
                    _ => units.insert(0, unit),
                }
                j += 1;
            }
            postings[term as usize].push(ai as u32, &units);
        }
        surfaces.extend_from_slice(&rendered.surfaces);
        surfaces.extend_from_slice(&own.surfaces);
    }
    surfaces.sort_unstable();
    surfaces.dedup();

    // Terms sorted, grouped by their shard key (their first two characters, mostly).
    let mut terms: Vec<u32> = (0..strings.len() as u32)
        .filter(|&t| !postings[t as usize].data.is_empty())
        .collect();
    terms.sort_unstable_by(|&a, &b| strings[a as usize].cmp(&strings[b as usize]));
    let groups = runs_by_key(&terms, strings, tokenize::shard_key);

    // A shard is a JSON array of entries. Each entry is written once: a group's shard is written whole, and one
    // too large is cut into the shards of its three-character prefixes (each a run of its sorted terms).
    let mut shards: Vec<(String, Vec<u8>)> = groups
        .par_iter()
        .flat_map_iter(|(key, range)| {
            let group = &terms[range.clone()];
            let mut whole = vec![b'['];
            let mut entries: Vec<Range<usize>> = Vec::with_capacity(group.len());
            for &t in group {
                if whole.len() > 1 {
                    whole.push(b',');
                }
                let start = whole.len();
                let lo = surfaces.partition_point(|&(s, _)| s < t);
                let hi = lo + surfaces[lo..].partition_point(|&(s, _)| s == t);
                let mut forms: Vec<&str> = surfaces[lo..hi]
                    .iter()
                    .map(|&(_, f)| &*strings[f as usize])
                    .collect();
                forms.sort_unstable();
                let term = &*strings[t as usize];
                let p = &postings[t as usize];
                match p.split(limits.head_articles) {
                    None => serde_json::to_writer(&mut whole, &(term, forms, p.data.as_slice())),
                    Some((head, tail)) => {
                        serde_json::to_writer(&mut whole, &(term, forms, head, tail))
                    }
                }
                .expect("search index values serialise");
                entries.push(start..whole.len());
            }
            whole.push(b']');
            if whole.len() <= limits.split_bytes
                || group
                    .iter()
                    .all(|&t| strings[t as usize].chars().count() <= 2)
            {
                return vec![(key.to_string(), whole)];
            }
            let shard = |range: Range<usize>| -> Vec<u8> {
                let bytes = entries[range.end - 1].end - entries[range.start].start;
                let mut out = Vec::with_capacity(bytes + 2);
                out.push(b'[');
                out.extend_from_slice(
                    &whole[entries[range.start].start..entries[range.end - 1].end],
                );
                out.push(b']');
                out
            };
            runs_by_key(group, strings, |s| prefix(s, 3))
                .into_iter()
                .map(|(k, range)| (k.to_string(), shard(range)))
                .collect()
        })
        .collect();
    drop(postings);
    shards.sort();
    let keys: Vec<String> = shards.iter().map(|(k, _)| k.clone()).collect();
    let mut files: Vec<(String, Vec<u8>)> = shards
        .into_iter()
        .map(|(k, bytes)| (tokenize::shard_file(&k), bytes))
        .collect();

    let docs: Vec<(String, Vec<u8>)> = list
        .par_chunks(DOCS_PER_FILE)
        .zip(articles.par_chunks(DOCS_PER_FILE))
        .enumerate()
        .map(|(n, (chunk, arts))| {
            // `[[path, title, description, units], ...]`, the units' JSON made once per rendering.
            let mut out = vec![b'['];
            for (k, ((ri, _), a)) in chunk.iter().zip(arts).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                let description = shorten(a.description.as_deref().unwrap_or(""));
                let head = (a.path(), a.title.as_str(), description);
                let head = json(&head);
                // The head is a JSON array of three: its `]` gives way to the units.
                out.extend_from_slice(&head[..head.len() - 1]);
                out.push(b',');
                out.extend_from_slice(&analysis.rendered[*ri].docs);
                out.push(b']');
            }
            out.push(b']');
            (format!("docs-{n}.json"), out)
        })
        .collect();
    let doc_files = docs.len();
    files.extend(docs);

    files.sort();
    let hashes: BTreeMap<&str, String> = files
        .iter()
        .map(|(name, bytes)| {
            let hash: String = Sha256::digest(bytes)
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            (name.as_str(), hash)
        })
        .collect();
    // The query side names a file by its logical name and this hash; one array per kind keeps the manifest small
    // (it is part of every first query).
    let shard_hashes: Vec<&str> = keys
        .iter()
        .map(|k| hashes[tokenize::shard_file(k).as_str()].as_str())
        .collect();
    let doc_hashes: Vec<&str> = (0..doc_files)
        .map(|n| hashes[format!("docs-{n}.json").as_str()].as_str())
        .collect();
    let manifest = serde_json::json!({
        "format": FORMAT,
        "version": version_id,
        "label": label,
        "articles": articles.len(),
        "docsPerFile": DOCS_PER_FILE,
        "docs": doc_files,
        "shards": keys,
        "synonyms": synonyms.manifest(),
        "analyzer": synonyms.analyzer.name(),
        "hashes": { "shards": shard_hashes, "docs": doc_hashes },
    });
    let mut names: BTreeMap<String, String> = hashes
        .iter()
        .map(|(name, hash)| {
            let stem = name.trim_end_matches(".json");
            (name.to_string(), format!("{stem}.{hash}.json"))
        })
        .collect();
    files.push(("index.json".into(), json(&manifest)));
    files.sort();
    names.insert("index.json".into(), "index.json".into());
    VersionIndex {
        dir: format!("_search/{tree}{version_id}/"),
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

pub(crate) use crate::incremental::state::SearchMemo as Memo;

/// The key of a version's index: the version, the synonyms, and each article's path, title, description, tags and
/// rendering.
fn version_key(
    v: &crate::load::config::VersionConfig,
    list: &[&Article],
    synonyms: &Synonyms,
) -> u64 {
    let mut key = crate::incremental::key::Key::new();
    key.add_bytes(v.id.as_bytes())
        .add_bytes(v.label.as_bytes())
        .add_bytes(&synonyms.key().to_le_bytes());
    for a in list {
        key.add_bytes(a.category.as_bytes())
            .add_bytes(a.slug.as_bytes())
            .add_bytes(a.title.as_bytes())
            .add_postcard(&a.description)
            .add_postcard(&a.tags)
            .add_bytes(&a.rendered.digest.to_le_bytes());
    }
    key.finish()
}

/// Builds every version's index of a language tree and writes it under `_search/<folder><version>/`; a version
/// whose index has the key it had in the last build keeps its files. Returns, per version id, the manifest's path
/// from the site root, and this build's memo of the tree (keyed `<folder><version>`).
pub(crate) fn write(
    config: &SiteConfig,
    tree: Tree,
    out: &Output,
    previous: Option<&Memo>,
    cache: &Cache,
    problems: &mut Problems,
) -> (BTreeMap<String, String>, Memo) {
    let Tree {
        folder,
        library,
        synonyms,
    } = tree;
    let versions: Vec<Vec<&Article>> = library
        .iter()
        .map(|articles| articles.values().collect())
        .collect();
    let keys: Vec<u64> = versions
        .par_iter()
        .enumerate()
        .map(|(vi, list)| version_key(&config.versions[vi], list, synonyms))
        .collect();
    let kept: Vec<Option<&Vec<String>>> = (0..versions.len())
        .map(|vi| {
            let (key, files) = previous?.get(&format!("{folder}{}", config.versions[vi].id))?;
            (*key == keys[vi] && files.iter().all(|f| out.can_keep(f))).then_some(files)
        })
        .collect();
    // Only the versions built again are analysed.
    let to_build: Vec<Vec<&Article>> = versions
        .iter()
        .zip(&kept)
        .map(|(list, k)| {
            if k.is_some() {
                Vec::new()
            } else {
                list.clone()
            }
        })
        .collect();
    let analysis = analyse(&to_build, cache, synonyms);
    // Each version is written as soon as it is built, and its bytes dropped.
    let written: Vec<(Vec<String>, Vec<Problem>)> = versions
        .par_iter()
        .enumerate()
        .map(|(vi, list)| {
            if let Some(files) = kept[vi] {
                for f in files {
                    out.keep(f);
                }
                return (files.clone(), Vec::new());
            }
            let v = &config.versions[vi];
            let which = Which {
                tree: folder,
                id: &v.id,
                label: &v.label,
            };
            let index = build_analysed(&analysis, vi, which, list, synonyms, Limits::DEFAULT);
            let failed = index
                .files
                .par_iter()
                .filter_map(|(name, bytes)| {
                    let path = format!("{}{}", index.dir, index.names[name]);
                    let e = out.write(&path, bytes).err()?;
                    Some(Problem::error(&path, None, e))
                })
                .collect();
            let mut files = vec![index.manifest()];
            files.extend(
                index
                    .names
                    .iter()
                    .filter(|(name, _)| *name != "index.json")
                    .map(|(_, published)| format!("{}{published}", index.dir)),
            );
            (files, failed)
        })
        .collect();
    let mut manifests = BTreeMap::new();
    let mut memo = Memo::new();
    for (vi, (files, failed)) in written.into_iter().enumerate() {
        for p in failed {
            problems.push(p);
        }
        let id = config.versions[vi].id.clone();
        manifests.insert(id.clone(), files[0].clone());
        memo.insert(format!("{folder}{id}"), (keys[vi], files));
    }
    (manifests, memo)
}

#[cfg(test)]
mod tests;
