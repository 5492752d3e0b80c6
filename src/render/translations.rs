//! A language's library: its translations rendered, each held to its source's procedures and step names (so that
//! `#open-app-passwords` and `#step-6` land on the same step in every language), and the source's rendering for
//! every article without a translation.
//!
//! A translator writes the steps in their language; the names stay the source's. Where the translation gives no
//! `{#name}` (or heading `{#id}`), the source's is written into its Markdown before it is rendered again, so every
//! id, link and map comes out as the source's. Differences the build cannot mend (a step missing, added, moved or
//! named otherwise) are errors at the translation's line naming the source's, or warnings for a draft.

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::load::languages::{Language, Status};
use crate::render::articles::{self, article_root, Article, Library};
use crate::render::cache::RenderCache;
use crate::render::images::Images;
use crate::render::markdown::Rendered;
use crate::render::steps::Step;
use crate::render::theme_text;
use crate::report::{display_path, Problem, Problems};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Renders a language's tree of articles. `library` is the default language's, with the ledger applied.
pub(crate) fn library(
    config: &SiteConfig,
    lang: &mut Language,
    (default, library): (&Content, &Library),
    images: &Images,
    cache: &RenderCache,
    strings: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> Library {
    // Only the translated articles are rendered; the rest are the source's renderings.
    let only_translated = |content: &Content| {
        let mut c = content.clone();
        for vc in &mut c.versions {
            vc.articles.retain(|_, i| lang.translations.contains_key(i));
        }
        c
    };
    let translated_content = only_translated(&lang.content);
    let mut first_found = Problems::new();
    let mut translated =
        articles::render_all(config, &translated_content, images, cache, &mut first_found);
    // Each translation against its source, in each version, in parallel; then the first version's edits of each.
    let lang_now: &Language = lang;
    let pairs: Vec<(usize, &Article, &Article)> = translated
        .iter()
        .enumerate()
        .flat_map(|(vi, articles)| {
            articles.iter().filter_map(move |(key, t)| {
                let s = library[vi].get(key)?;
                (lang_now.translations.contains_key(&t.source) && !t.broken && !s.broken)
                    .then_some((vi, t, s))
            })
        })
        .collect();
    type Compared = (
        usize,
        Vec<Problem>,
        Vec<(usize, String)>,
        Vec<(String, String)>,
    );
    let compared: Vec<Compared> = pairs
        .par_iter()
        .map(|&(vi, t, s)| {
            let (src, status) = lang_now.translations[&t.source];
            let source = &lang_now.content.sources[t.source];
            let (p, e) = compare(
                &default.sources[src].rel_path,
                &s.rendered,
                &source.rel_path,
                &source.text,
                &t.rendered,
                status == Status::Draft,
            );
            let own_images = translated_images(&t.rendered.image_srcs, &lang_now.code, |src| {
                images.find(vi, &source.dir, &source.own_dir, src).is_ok()
            });
            (t.source, p, e, own_images)
        })
        .collect();
    let mut edits: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    let mut found: BTreeSet<Problem> = BTreeSet::new();
    let mut pictures: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for (source, p, e, own_images) in compared {
        found.extend(p);
        edits.entry(source).or_insert(e);
        pictures.entry(source).or_insert(own_images);
    }
    problems.extend(found);
    // The translations whose Markdown gets the source's ids or its own pictures are rendered again; the others'
    // first rendering is the one (a translation that writes its steps' names, as a copy of its source does).
    let mut again: BTreeSet<usize> = BTreeSet::new();
    for (ti, list) in edits {
        if !list.is_empty() {
            let s = &mut lang.content.sources[ti];
            s.text = with_markers(&s.text, &list);
            again.insert(ti);
        }
    }
    for (ti, list) in pictures {
        let s = &mut lang.content.sources[ti];
        for (from, to) in &list {
            for lead in ["](", "src=\""] {
                s.text = s
                    .text
                    .replace(&format!("{lead}{from}"), &format!("{lead}{to}"));
            }
        }
        if !list.is_empty() {
            again.insert(ti);
        }
    }
    let files = |wanted: &dyn Fn(usize) -> bool| -> BTreeSet<String> {
        lang.translations
            .keys()
            .filter(|&&i| wanted(i))
            .map(|&i| display_path(&lang.content.sources[i].rel_path))
            .collect()
    };
    let mut again_found = Problems::new();
    if !again.is_empty() {
        // The same articles beside them as the first time, so links between articles resolve as they did.
        let mut translated_content = translated_content;
        for &ti in &again {
            translated_content.sources[ti].text = lang.content.sources[ti].text.clone();
        }
        let rendered = articles::render_some(
            config,
            &translated_content,
            images,
            cache,
            |i| again.contains(&i),
            &mut again_found,
        );
        for (vi, articles) in rendered.into_iter().enumerate() {
            translated[vi].extend(articles);
        }
    }
    // Each translation's rendering problems, from the rendering it keeps; the source's are reported already.
    let kept_first = files(&|i| !again.contains(&i));
    let rendered_again = files(&|i| again.contains(&i));
    problems.extend(
        first_found
            .into_vec()
            .into_iter()
            .filter(|p| kept_first.contains(&p.file))
            .chain(
                again_found
                    .into_vec()
                    .into_iter()
                    .filter(|p| rendered_again.contains(&p.file)),
            ),
    );
    // An article the same in several versions is one rendering shared by them (an `Arc`): its copy in this tree is
    // made once too, unless it links attachments, whose addresses name the version. Each copy is made on its own
    // (localized, its site files one folder further up), in parallel; then every article takes its copy.
    type Memo = (usize, usize, String);
    let memo_of = |vi: usize, key: &(String, String), a: &Article| -> Option<Memo> {
        a.files.is_empty().then(|| {
            (
                Arc::as_ptr(&a.rendered) as usize,
                translated[vi]
                    .get(key)
                    .map_or(0, |t| Arc::as_ptr(&t.rendered) as usize),
                article_root(&a.category),
            )
        })
    };
    let mut first_of: BTreeMap<Memo, (usize, &(String, String))> = BTreeMap::new();
    let mut jobs: Vec<(usize, &(String, String))> = Vec::new();
    for (vi, articles) in library.iter().enumerate() {
        for (key, a) in articles {
            match memo_of(vi, key, a) {
                Some(memo) => {
                    if let std::collections::btree_map::Entry::Vacant(e) = first_of.entry(memo) {
                        e.insert((vi, key));
                        jobs.push((vi, key));
                    }
                }
                None => jobs.push((vi, key)),
            }
        }
    }
    let english = crate::render::widgets::english();
    let copies: Vec<Arc<Rendered>> = jobs
        .par_iter()
        .map(|&(vi, key)| {
            let a = &library[vi][key];
            let root = article_root(&a.category);
            let shown = match translated[vi].get(key) {
                // The source's kept names (the ledger's) land on the same steps here.
                Some(t) => theme_text::localize(
                    &with_kept_names(&t.rendered, &a.rendered),
                    &root,
                    (strings, &english),
                ),
                None => a.rendered.clone(),
            };
            in_language_tree(&shown, &root, &a.files, &config.versions[vi].id)
        })
        .collect();
    let copies: BTreeMap<(usize, &(String, String)), Arc<Rendered>> =
        jobs.into_iter().zip(copies).collect();
    library
        .iter()
        .enumerate()
        .map(|(vi, articles)| {
            articles
                .iter()
                .map(|(key, a)| {
                    let job = memo_of(vi, key, a).map_or((vi, key), |memo| first_of[&memo]);
                    let rendered = copies[&job].clone();
                    let article = match translated[vi].get(key) {
                        // The attachments are the source's, published once, in the default language's tree.
                        Some(t) => Article {
                            rendered,
                            files: a.files.clone(),
                            ..t.clone()
                        },
                        None => Article {
                            rendered,
                            ..a.clone()
                        },
                    };
                    (key.clone(), article)
                })
                .collect()
        })
        .collect()
}

/// The images a translation shows in its language: `(as written, the translated file)` for each `name.png` that has a
/// `name.<code>.png` beside it (`exists` says whether an image path resolves).
fn translated_images(
    srcs: &[String],
    code: &str,
    exists: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = srcs
        .iter()
        .filter_map(|src| {
            let (stem, ext) = src.rsplit_once('.')?;
            if ext.contains('/') || stem.ends_with(&format!(".{code}")) {
                return None;
            }
            let own = format!("{stem}.{code}.{ext}");
            exists(&own).then(|| (src.clone(), own))
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// A language's page is one folder deeper below the site root (`de/v1/...`): the site's own files its HTML names
/// from the root (`_img/`, `_assets/`) are one `../` further up. Links between pages stay inside the tree.
fn in_language_tree(
    rendered: &Arc<Rendered>,
    root: &str,
    files: &[crate::render::placement::Attachment],
    version: &str,
) -> Arc<Rendered> {
    let mut r = Rendered::clone(rendered);
    for lead in ["\"", ", "] {
        r.html = r
            .html
            .replace(&format!("{lead}{root}_"), &format!("{lead}../{root}_"));
    }
    // Attachments are published once, under the default language's addresses: a link leads there.
    let version_root = &root[3..];
    for f in files {
        let path = crate::render::file_links::encode(&f.path);
        for end in ["\"", "#"] {
            r.html = r.html.replace(
                &format!("href=\"{version_root}{path}{end}"),
                &format!("href=\"../{root}{version}/{path}{end}"),
            );
        }
    }
    r.seal();
    Arc::new(r)
}

/// The translation's steps with the kept names of the source's steps of the same id.
fn with_kept_names(t: &Arc<Rendered>, s: &Rendered) -> Arc<Rendered> {
    if s.steps.iter().all(|st| st.kept_names.is_empty()) {
        return t.clone();
    }
    let mut r = Rendered::clone(t);
    for step in &mut r.steps {
        if let Some(src) = s.steps.iter().find(|x| x.id == step.id) {
            step.kept_names = src.kept_names.clone();
        }
    }
    r.notices = s.notices.clone();
    r.seal();
    Arc::new(r)
}

/// The procedure a step id belongs to: the id without its own number (`setup-step-6-2` -> `setup-step-6-`).
fn procedure(id: &str) -> &str {
    id.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// How the procedure is named in a message.
fn procedure_name(p: &str) -> String {
    match p.strip_suffix("step-") {
        Some("") => "the main procedure".to_string(),
        Some(prefix) => format!("the procedure under #{}", prefix.trim_end_matches('-')),
        None => format!("the steps inside #{}", p.trim_end_matches('-')),
    }
}

/// The marker that gives a translated step the source step's names.
fn marker(s: &Step) -> String {
    let mut names: Vec<&str> = s.written_names().collect();
    if names.is_empty() {
        names.push(s.anchor());
    }
    names.extend(s.kept_names.iter().map(String::as_str));
    format!("{{#{}}}", names.join(" "))
}

/// Step parity between a source's rendering and its translation's: the problems, and the markers to write at the end
/// of the translation's lines (1-based) so that its headings and steps take the source's ids.
pub(crate) fn compare(
    source_file: &Path,
    source: &Rendered,
    file: &Path,
    text: &str,
    translation: &Rendered,
    draft: bool,
) -> (Vec<Problem>, Vec<(usize, String)>) {
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    let src_file = display_path(source_file);
    let problem = |line: usize, message: String, hint: &str| {
        let p = if draft {
            Problem::warning(file, Some(line), message)
        } else {
            Problem::error(file, Some(line), message)
        };
        p.hint(if draft {
            format!(
                "{hint} (a warning while the translation is marked translation_status = \"draft\")"
            )
        } else {
            hint.to_string()
        })
    };
    let lines: Vec<&str> = text.lines().collect();
    let has_marker = |line: usize| {
        lines
            .get(line.wrapping_sub(1))
            .is_some_and(|l| l.trim_end().ends_with('}') && l.contains("{#"))
    };
    // Headings by position: a translated heading takes its source's id, so the procedures under it keep theirs.
    let mut heading_ids: BTreeMap<&str, &str> = BTreeMap::new();
    if source.headings.len() == translation.headings.len() {
        for (s, t) in source.headings.iter().zip(&translation.headings) {
            heading_ids.insert(&t.id, &s.id);
            if t.id != s.id && !has_marker(t.line) {
                edits.push((t.line, format!("{{#{}}}", s.id)));
            }
        }
    } else {
        let line = translation.headings.first().map_or(1, |h| h.line);
        problems.push(problem(
            line,
            format!(
                "the translation has {} headings and its source {src_file} has {}: the headings' links (#...) and the procedures under them cannot be matched",
                translation.headings.len(),
                source.headings.len()
            ),
            "translate every heading of the source, in its order, and add none",
        ));
    }
    // The translation's step ids as the source's headings make them.
    let mapped = |id: &str| -> String {
        for (t, s) in &heading_ids {
            if let Some(rest) = id.strip_prefix(&format!("{t}-")) {
                return format!("{s}-{rest}");
            }
        }
        id.to_string()
    };
    let src = group(source.steps.iter().map(|s| (s.id.clone(), s)).collect());
    let tr = group(
        translation
            .steps
            .iter()
            .map(|s| (mapped(&s.id), s))
            .collect(),
    );
    let src_names: BTreeMap<&str, &Step> = source
        .steps
        .iter()
        .flat_map(|s| s.written_names().map(move |n| (n, s)))
        .collect();
    for (p, steps) in &src {
        let Some((_, tsteps)) = tr.iter().find(|(q, _)| q == p) else {
            let at = steps[0].1;
            problems.push(problem(
                translation.steps.first().map_or(1, |s| s.line),
                format!(
                    "{} of {src_file}:{} ({} steps) is missing from the translation",
                    procedure_name(p),
                    at.line,
                    steps.len()
                ),
                "translate every procedure of the source: a link to one of its steps lands nowhere in this language",
            ));
            continue;
        };
        if steps.len() != tsteps.len() {
            problems.push(problem(
                tsteps[0].1.line,
                format!(
                    "{} has {} steps here and {} in {src_file}:{}",
                    procedure_name(p),
                    tsteps.len(),
                    steps.len(),
                    steps[0].1.line
                ),
                "give the translation the source's steps, one list item each, in the source's order",
            ));
            continue;
        }
        for ((_, s), (_, t)) in steps.iter().zip(tsteps) {
            match (&s.name, &t.name) {
                (_, None) => {
                    if !has_marker(t.line) {
                        edits.push((t.line, marker(s)));
                    }
                }
                (Some(a), Some(b)) if a == b => {}
                (None, Some(b)) if Some(b) == s.auto_name.as_ref() => {}
                (_, Some(b)) => {
                    let message = match src_names.get(b.as_str()) {
                        Some(other) => format!(
                            "step {} is named #{b}, which is step {} in {src_file}:{} (steps in another order than the source's)",
                            t.number, other.number, other.line
                        ),
                        None => format!(
                            "step {} is named #{b}, which no step of {src_file} is named; the source's step {} ({src_file}:{}) is #{}",
                            t.number,
                            s.number,
                            s.line,
                            s.anchor()
                        ),
                    };
                    problems.push(problem(
                        t.line,
                        message,
                        "leave the {#name} out (the source's names are used), or write the source's name for this step",
                    ));
                }
            }
        }
    }
    for (p, tsteps) in &tr {
        if !src.iter().any(|(q, _)| q == p) {
            problems.push(problem(
                tsteps[0].1.line,
                format!(
                    "{} ({} steps) is not in the source {src_file}",
                    procedure_name(p),
                    tsteps.len()
                ),
                "translate the source's procedures only; a new procedure belongs in the source first",
            ));
        }
    }
    (problems, edits)
}

/// Steps by procedure, in order of their first step.
type Procedures<'s> = Vec<(String, Vec<(String, &'s Step)>)>;

fn group(steps: Vec<(String, &Step)>) -> Procedures<'_> {
    let mut by: Procedures = Vec::new();
    for (id, s) in steps {
        let p = procedure(&id).to_string();
        match by.iter_mut().find(|(q, _)| *q == p) {
            Some((_, list)) => list.push((id, s)),
            None => by.push((p, vec![(id, s)])),
        }
    }
    by
}

/// `text` with each marker appended to the end of its line.
fn with_markers(text: &str, edits: &[(usize, String)]) -> String {
    let by_line: BTreeMap<usize, &str> = edits.iter().map(|(l, m)| (*l, m.as_str())).collect();
    let mut out = String::with_capacity(text.len() + edits.len() * 24);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        match by_line.get(&(i + 1)) {
            Some(m) => {
                let body = line.trim_end_matches(['\n', '\r']);
                let end = &line[body.len()..];
                out.push_str(body.trim_end());
                out.push(' ');
                out.push_str(m);
                out.push_str(end);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_goes_at_the_end_of_its_line() {
        let text = "1. Öffnen Sie\n   mehr\n2. Klicken  \r\n";
        let out = with_markers(text, &[(1, "{#open}".into()), (3, "{#click}".into())]);
        assert_eq!(
            out,
            "1. Öffnen Sie {#open}\n   mehr\n2. Klicken {#click}\r\n"
        );
    }

    #[test]
    fn a_translated_image_is_the_one_with_the_language_before_its_extension() {
        let srcs = vec![
            "shot.png".to_string(),
            "other.png".to_string(),
            "shot.png".to_string(),
        ];
        let found = translated_images(&srcs, "de", |p| p == "shot.de.png");
        assert_eq!(
            found,
            vec![("shot.png".to_string(), "shot.de.png".to_string())]
        );
    }

    #[test]
    fn a_step_ids_procedure_is_the_id_without_its_number() {
        assert_eq!(procedure("step-12"), "step-");
        assert_eq!(procedure("setup-step-6-2"), "setup-step-6-");
        assert_eq!(procedure_name("step-"), "the main procedure");
        assert_eq!(procedure_name("setup-step-"), "the procedure under #setup");
    }
}
