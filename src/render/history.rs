//! What the ledger (`content/links.lock`, see [`crate::load::ledger`]) means for the pages of this build: every step
//! address a release published must still land on the step it meant, and a page tells the reader whose address moved.
//!
//! For each recorded page the block in force at each release is matched, step by step, to the page that address
//! reaches now (the same version's article at that path or with it as an alias, and for `latest/` the latest
//! version's), in this order:
//! 1. a step that carries the recorded name as one the writer gave (`{#name former}`);
//! 2. the old and new step lists lined up as a diff of their texts: steps left as they were;
//! 3. a step with the same text elsewhere (steps reordered);
//! 4. the most alike text ([`likeness`] at least [`FOLLOW`], and ahead of every other candidate by [`MARGIN`]):
//!    the step was edited, and its automatic name follows it (kept as a former name, said in the summary).
//!
//! A recorded step left over is gone (the page says so) when no unmatched step stands where it stood; when one does,
//! the build cannot tell an edit from a replacement and fails with both texts and the one-line fix. A step name the
//! writer gave must stay on its step: losing one fails. A numbered address (`#step-6`) whose step now has another
//! number is explained on the page ([`Notice`]) and in the summary.

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::load::ledger::{self, Ledger, PageRecord, StepRecord};
use crate::render::articles::{article_root, Library};
use crate::render::steps::{self, Elsewhere, Notice, Step};
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Texts at least this alike (shared words over all words, see [`likeness`]) are the same step, edited.
pub(crate) const FOLLOW: f64 = 0.6;
/// ... and only when no other candidate comes within this much.
pub(crate) const MARGIN: f64 = 0.1;

/// Share of words two texts have in common, counting repeats: 2 * shared / (words of a + words of b), from 0 to 1.
pub(crate) fn likeness(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for w in s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let (a, b) = (words(a), words(b));
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let shared: usize = a
        .iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    2.0 * shared as f64 / total as f64
}

/// What became of a recorded step in the page's steps (indexes into them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fate {
    /// The same step: by a written name, or its text.
    Same(usize),
    /// Its text was edited: this step reads most like it.
    Followed(usize),
    /// Not on the page, and nothing new stands where it stood.
    Gone,
    /// Not on the page, and these new steps stand where it stood: an edit or a replacement.
    Undecided(Vec<usize>),
}

impl Fate {
    fn step(&self) -> Option<usize> {
        match self {
            Fate::Same(j) | Fate::Followed(j) => Some(*j),
            _ => None,
        }
    }
}

/// Matches recorded steps to a page's steps (see the module's comment for the order). `digests` are the page's
/// steps' ([`ledger::digest`] of each text); `known` says which of them another release recorded: such a step is
/// no replacement of a gone one.
pub(crate) fn match_steps(
    old: &[StepRecord],
    new: &[Step],
    digests: &[String],
    known: &dyn Fn(usize) -> bool,
) -> Vec<Fate> {
    let mut fate: Vec<Option<Fate>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    // 1. Names the writer gave.
    for (i, o) in old.iter().enumerate() {
        if let Some(j) = new
            .iter()
            .position(|s| s.written_names().any(|n| n == o.name))
        {
            fate[i] = Some(Fate::Same(j));
            taken[j] = true;
        }
    }
    // 2. The rest lined up by text.
    let ou: Vec<usize> = (0..old.len()).filter(|i| fate[*i].is_none()).collect();
    let nu: Vec<usize> = (0..new.len()).filter(|j| !taken[*j]).collect();
    let od: Vec<&str> = ou.iter().map(|i| old[*i].digest.as_str()).collect();
    let nd: Vec<&str> = nu.iter().map(|j| digests[*j].as_str()).collect();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &od, &nd) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                fate[ou[old_index + k]] = Some(Fate::Same(nu[new_index + k]));
                taken[nu[new_index + k]] = true;
            }
        }
    }
    // 3. The same text elsewhere: moved.
    for (i, o) in old.iter().enumerate() {
        if fate[i].is_none() {
            if let Some(j) = (0..new.len()).find(|j| !taken[*j] && digests[*j] == o.digest) {
                fate[i] = Some(Fate::Same(j));
                taken[j] = true;
            }
        }
    }
    // 4. Edited: the most alike text, when nothing else comes close. A step with a name of the writer's that no
    // release recorded was named as a new step, and is no candidate.
    let candidate = |j: usize, taken: &[bool]| !taken[j] && new[j].name.is_none();
    let mut undecided: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in (0..old.len()).filter(|i| fate[*i].is_none() && !undecided.contains_key(i)) {
            for j in (0..new.len()).filter(|j| candidate(*j, &taken)) {
                let l = likeness(&old[i].text, &new[j].text);
                if l >= FOLLOW && best.is_none_or(|(b, _, _)| l > b) {
                    best = Some((l, i, j));
                }
            }
        }
        let Some((l, i, j)) = best else { break };
        let rivals: Vec<usize> = (0..new.len())
            .filter(|k| *k != j && candidate(*k, &taken))
            .filter(|k| likeness(&old[i].text, &new[*k].text) > l - MARGIN)
            .collect();
        let other_old = (0..old.len()).any(|k| {
            k != i && fate[k].is_none() && likeness(&old[k].text, &new[j].text) > l - MARGIN
        });
        if rivals.is_empty() && !other_old {
            fate[i] = Some(Fate::Followed(j));
            taken[j] = true;
        } else {
            let mut all = vec![j];
            all.extend(rivals);
            all.sort_unstable();
            undecided.insert(i, all);
        }
    }
    // 5. Left over: gone, unless unmatched steps stand where it stood.
    let placed: Vec<Option<usize>> = fate
        .iter()
        .map(|f| f.as_ref().and_then(Fate::step))
        .collect();
    (0..old.len())
        .map(|i| {
            if let Some(f) = fate[i].take() {
                return f;
            }
            if let Some(c) = undecided.remove(&i) {
                return Fate::Undecided(c);
            }
            let before = placed[..i].iter().rev().flatten().next().map(|j| j + 1);
            let after = placed[i + 1..].iter().flatten().next().copied();
            let (lo, hi) = (before.unwrap_or(0), after.unwrap_or(new.len()));
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            let standing: Vec<usize> = (lo..hi)
                .filter(|j| candidate(*j, &taken) && !known(*j))
                .collect();
            if standing.is_empty() {
                Fate::Gone
            } else {
                Fate::Undecided(standing)
            }
        })
        .collect()
}

/// A recorded block as one address scope saw it: the releases at which it was in force there.
struct Seen<'l> {
    block: &'l PageRecord,
    since: (u32, String),
    changed: Option<(u32, String)>,
    /// Through `latest/`: the recorded version may still have the step itself.
    via_latest: bool,
}

/// What the ledger asks of one page.
#[derive(Default)]
struct Outcome {
    kept: BTreeMap<usize, BTreeSet<String>>,
    notices: BTreeMap<String, BTreeSet<Notice>>,
    problems: Vec<Problem>,
    moved: usize,
    gone: usize,
    followed: Vec<String>,
}

/// Applies the ledger to the library: kept names and notices into the pages, problems for addresses that would
/// break, and the lines the summary says about what the pages explain. Without a ledger, nothing.
pub(crate) fn apply(
    config: &SiteConfig,
    content: &Content,
    ledger: Option<&Ledger>,
    library: &mut Library,
    problems: &mut Problems,
) -> Vec<String> {
    let Some(ledger) = ledger else {
        return Vec::new();
    };
    let latest = config.latest_index();
    let mut targets: BTreeMap<(usize, (String, String)), Vec<Seen>> = BTreeMap::new();
    let mut gone_versions: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((version, path), blocks) in ledger.by_page() {
        let Some(vi) = config.version_index(version) else {
            let e = gone_versions.entry(version).or_insert((blocks[0].line, 0));
            e.1 += 1;
            continue;
        };
        for (bi, block) in blocks.iter().enumerate() {
            // The releases at which this block was in force, for the version's address and for `latest/`.
            let next = blocks.get(bi + 1).map(|b| b.release);
            let in_force = |r: &&ledger::Release| {
                r.number >= block.release
                    && next.is_none_or(|n| r.number < n)
                    && r.versions.iter().any(|v| v == version)
            };
            let own: Vec<&ledger::Release> = ledger.releases.iter().filter(in_force).collect();
            let as_latest: Vec<&ledger::Release> = own
                .iter()
                .copied()
                .filter(|r| r.latest == version)
                .collect();
            for (releases, via_latest, into) in [(own, false, vi), (as_latest, true, latest)] {
                let (Some(first), Some(last)) = (releases.first(), releases.last()) else {
                    continue;
                };
                let changed = ledger
                    .releases
                    .iter()
                    .find(|r| {
                        r.number > last.number
                            && (via_latest || r.versions.iter().any(|v| v == version))
                    })
                    .map(|r| (r.number, r.date.clone()));
                let Some(key) = resolve(&library[into], &config.versions[into].id, path) else {
                    if via_latest && into == vi {
                        // The version's own address is reported already: it is the same page.
                        continue;
                    }
                    let shown = if via_latest { "latest" } else { version };
                    problems.push(
                        Problem::error(ledger::FILE, Some(block.line), format!("the page /{shown}/{path}/, published in release {} ({}), is gone", first.number, first.date))
                            .hint(format!("give the article that replaces it the old address: aliases = [\"{path}\"] in its front matter (in {}); to retire the address on purpose, remove its page lines from {}", config.versions[into].id, ledger::FILE)),
                    );
                    continue;
                };
                let seen = targets.entry((into, key)).or_default();
                if let Some(s) = seen.iter_mut().find(|s| std::ptr::eq(s.block, *block)) {
                    // The latest version's own block, seen through both addresses: one meaning.
                    s.changed = s.changed.clone().min(changed);
                    continue;
                }
                seen.push(Seen {
                    block,
                    since: (first.number, first.date.clone()),
                    changed,
                    via_latest: via_latest && into != vi,
                });
            }
        }
    }
    for (version, (line, pages)) in gone_versions {
        problems.push(
            Problem::error(ledger::FILE, Some(line), format!("version {version:?}, whose {pages} page{} the ledger records, is no longer in content/site.toml", if pages == 1 { "" } else { "s" }))
                .hint(format!("keep the version (status = \"unmaintained\" keeps its pages up with a banner), or retire its addresses on purpose: remove its page lines from {}", ledger::FILE)),
        );
    }

    // Matched in parallel (a large site has tens of thousands of recorded pages), applied in order.
    let targets: Vec<_> = targets.into_iter().collect();
    let shared: &Library = library;
    type Judged = ((usize, (String, String)), Outcome);
    let judged: Vec<Judged> = targets
        .into_par_iter()
        .filter_map(|((vi, key), seen)| {
            let library = shared;
            let article = library[vi].get(&key)?;
            let root = article_root(&key.0);
            let elsewhere = |block: &PageRecord, name: &str| -> Option<Elsewhere> {
                let wi = config.version_index(&block.version)?;
                let k = resolve(&library[wi], &block.version, &block.path)?;
                let a = library[wi].get(&k)?;
                a.rendered
                    .steps
                    .iter()
                    .any(|s| s.all_ids().any(|id| id == name))
                    .then(|| {
                        let path = format!("{}/{}/{}/#{name}", block.version, k.0, k.1);
                        Elsewhere {
                            label: config.versions[wi].label.clone(),
                            url: format!("{root}{path}"),
                            path,
                        }
                    })
            };
            let file = &content.sources[article.source].rel_path;
            let outcome = judge(
                &seen,
                &article.rendered.steps,
                &article.rendered.ids,
                file,
                &elsewhere,
            );
            Some(((vi, key), outcome))
        })
        .collect();
    let mut notes = Vec::new();
    for ((vi, key), outcome) in judged {
        let where_ = format!("{}/{}/{}", config.versions[vi].id, key.0, key.1);
        for f in &outcome.followed {
            notes.push(format!("{where_}: {f}"));
        }
        if outcome.moved + outcome.gone > 0 {
            let mut parts = Vec::new();
            if outcome.moved > 0 {
                parts.push(format!(
                    "{} published step number{} moved",
                    outcome.moved,
                    if outcome.moved == 1 { "" } else { "s" },
                ));
            }
            if outcome.gone > 0 {
                parts.push(format!(
                    "{} published step{} {} gone",
                    outcome.gone,
                    if outcome.gone == 1 { "" } else { "s" },
                    if outcome.gone == 1 { "is" } else { "are" }
                ));
            }
            notes.push(format!(
                "{where_}: {}; the page tells a reader who follows one where it went",
                parts.join(" and ")
            ));
        }
        problems.extend(outcome.problems.iter().cloned());
        let article = library[vi]
            .get_mut(&key)
            .expect("the article was found above");
        article.rendered = with_outcome(&article.rendered, &outcome);
    }
    notes
}

/// The article of `articles` a recorded `path` reaches: the article there, else the one with it as an alias (within
/// the version, or from the site root under the version's id or `latest/`).
fn resolve(
    articles: &BTreeMap<(String, String), crate::render::articles::Article>,
    version: &str,
    path: &str,
) -> Option<(String, String)> {
    let (category, slug) = path.rsplit_once('/')?;
    let key = (category.to_string(), slug.to_string());
    if articles.contains_key(&key) {
        return Some(key);
    }
    articles.iter().find_map(|(k, a)| {
        a.aliases
            .iter()
            .any(|alias| {
                let clean = alias.trim_matches('/');
                if alias.starts_with('/') {
                    clean == format!("{version}/{path}") || clean == format!("latest/{path}")
                } else {
                    clean == path
                }
            })
            .then(|| k.clone())
    })
}

/// A sort key that orders the numbers inside ids by value.
fn natural(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = id;
    while !rest.is_empty() {
        let text_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(text_len);
        let digits_len = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, tail) = tail.split_at(digits_len);
        key.push((text.to_string(), digits.parse().unwrap_or(0)));
        rest = tail;
    }
    key
}

fn quote(s: &str) -> String {
    let cut: String = s.chars().take(70).collect();
    if cut.len() < s.len() {
        format!("“{cut}…”")
    } else {
        format!("“{cut}”")
    }
}

/// Matches every block seen for a page and says what follows.
fn judge(
    seen: &[Seen],
    steps: &[Step],
    ids: &BTreeSet<String>,
    file: &std::path::Path,
    elsewhere: &dyn Fn(&PageRecord, &str) -> Option<Elsewhere>,
) -> Outcome {
    let mut out = Outcome::default();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    // Steps of the page that some release recorded as they are now (by text or name).
    let recorded: BTreeSet<&str> = seen
        .iter()
        .flat_map(|s| s.block.steps.iter())
        .flat_map(|o| [o.digest.as_str(), o.name.as_str()])
        .collect();
    let digests: Vec<String> = steps.iter().map(|s| ledger::digest(&s.text)).collect();
    let known = |j: usize| {
        recorded.contains(digests[j].as_str()) || steps[j].all_ids().any(|id| recorded.contains(id))
    };
    for s in seen {
        let fates = match_steps(&s.block.steps, steps, &digests, &known);
        let published = |o: &StepRecord| {
            format!(
                "published as step {} (#{}) on {} in /{}/{}/",
                o.number, o.name, s.since.1, s.block.version, s.block.path
            )
        };
        for (o, fate) in s.block.steps.iter().zip(&fates) {
            let notice = |to: Option<&Step>, elsewhere: Option<Elsewhere>| Notice {
                text: o.text.clone(),
                since: s.since.1.clone(),
                release: s.since.0,
                changed: s.changed.as_ref().map(|c| c.1.clone()),
                changed_release: s.changed.as_ref().map(|c| c.0),
                to: to.map(|n| n.anchor().to_string()),
                number: to.map(|n| n.number.clone()),
                elsewhere,
            };
            match fate {
                Fate::Same(j) | Fate::Followed(j) => {
                    let n = &steps[*j];
                    let lands = n.all_ids().any(|id| id == o.name)
                        || out.kept.get(j).is_some_and(|k| k.contains(&o.name));
                    if !lands && o.automatic {
                        if ids.contains(&o.name) {
                            let holder = steps
                                .iter()
                                .find(|x| x.all_ids().any(|id| id == o.name))
                                .map(|x| format!("step {} {}", x.number, quote(&x.text)))
                                .unwrap_or_else(|| "a heading".into());
                            if reported.insert((o.name.clone(), "taken".into())) {
                                out.problems.push(
                                    Problem::error(file, Some(n.line), format!("#{} was {}, and now names {holder}: its readers would land on another step", o.name, published(o)))
                                        .hint(format!("give {holder} a name of its own ({{#a-name}} at the end of its first line), so that #{} can keep leading to step {} {}", o.name, n.number, quote(&n.text))),
                                );
                            }
                        } else {
                            out.kept.entry(*j).or_default().insert(o.name.clone());
                            if matches!(fate, Fate::Followed(_)) {
                                out.followed.push(format!(
                                    "#{} now leads to step {}, edited from {} to {}",
                                    o.name,
                                    n.number,
                                    quote(&o.text),
                                    quote(&n.text)
                                ));
                            }
                        }
                    } else if !lands && reported.insert((o.name.clone(), "written".into())) {
                        let fix = match &n.name {
                            Some(name) => format!("{{#{name} {}}}", o.name),
                            None => format!("{{#{}}}", o.name),
                        };
                        out.problems.push(
                            Problem::error(file, Some(n.line), format!("step {} {} was {}, and no step has the name {} now", n.number, quote(&n.text), published(o), o.name))
                                .hint(format!("keep the name as a former one: end the step's first line with {fix}")),
                        );
                    }
                    if n.id != o.id && add_notice(&mut out.notices, &o.id, notice(Some(n), None)) {
                        out.moved += 1;
                    }
                }
                Fate::Gone => {
                    let there = if s.via_latest {
                        elsewhere(s.block, &o.name)
                    } else {
                        None
                    };
                    let n = notice(None, there);
                    let mut new = false;
                    for id in [&o.id, &o.name] {
                        if !steps
                            .iter()
                            .any(|x| x.all_ids().any(|i| i == id) && x.text == o.text)
                        {
                            new |= add_notice(&mut out.notices, id, n.clone());
                        }
                    }
                    out.gone += usize::from(new);
                }
                Fate::Undecided(candidates) => {
                    if !reported.insert((o.name.clone(), "undecided".into())) {
                        continue;
                    }
                    let n = &steps[candidates[0]];
                    let others = if candidates.len() > 1 {
                        format!(
                            " (or steps {})",
                            candidates[1..]
                                .iter()
                                .map(|c| steps[*c].number.clone())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    } else {
                        String::new()
                    };
                    out.problems.push(
                        Problem::error(file, Some(n.line), format!("the step {} was {}; step {} {} stands where it was{others}: is it that step, edited, or a new one?", quote(&o.text), published(o), n.number, quote(&n.text)))
                            .hint(format!("if it is the same step, keep its address: end step {}'s first line with {{#{} {}}}; if it is a new one, give it a name of its own ({{#a-name}}) and the old step's readers are told it is gone", n.number, n.anchor(), o.name)),
                    );
                }
            }
        }
    }
    out
}

/// Adds a meaning of `id`, unless the same one (same text, same place now) is there from another release: the
/// earliest release that published it is kept. True when it was new.
fn add_notice(notices: &mut BTreeMap<String, BTreeSet<Notice>>, id: &str, n: Notice) -> bool {
    let set = notices.entry(id.to_string()).or_default();
    let same = |m: &Notice| m.text == n.text && m.to == n.to && m.elsewhere == n.elsewhere;
    match set.iter().find(|m| same(m)).cloned() {
        Some(m) if m.release <= n.release => false,
        Some(m) => {
            set.remove(&m);
            set.insert(n);
            false
        }
        None => set.insert(n),
    }
}

/// The page with the ledger's outcome: kept names as ids of their steps, and the notices for the page's script.
fn with_outcome(
    rendered: &Arc<crate::render::markdown::Rendered>,
    out: &Outcome,
) -> Arc<crate::render::markdown::Rendered> {
    if out.kept.is_empty() && out.notices.is_empty() {
        return rendered.clone();
    }
    let mut r = crate::render::markdown::Rendered::clone(rendered);
    for (j, names) in &out.kept {
        let step = &mut r.steps[*j];
        // Rendering writes each step's opening tag itself (see `markdown.rs`): the text to find is exact.
        let open = format!("<li class=\"step\" id=\"{}\">", step.id);
        let spans: String = names
            .iter()
            .map(|n| format!("<span class=\"step-name\" id=\"{n}\"></span>"))
            .collect();
        if let Some(at) = r.html.find(&open) {
            r.html.insert_str(at + open.len(), &spans);
        }
        for n in names {
            r.ids.insert(n.clone());
            step.kept_names.push(n.clone());
        }
    }
    if !out.notices.is_empty() {
        r.notices = out
            .notices
            .iter()
            .flat_map(|(id, n)| n.iter().map(|n| (id.clone(), n.clone())))
            .collect();
        // In page order (`step-2` before `step-10`), and per address the newest meaning first.
        r.notices
            .sort_by_key(|(id, n)| (natural(id), std::cmp::Reverse(n.release)));
        let mut data: BTreeMap<&str, Vec<&Notice>> = BTreeMap::new();
        for (id, n) in &r.notices {
            data.entry(id).or_default().push(n);
        }
        let json = serde_json::to_string(&data).expect("notices serialise");
        let with = format!(
            "{} data-history=\"{}\">",
            steps::NOTICE.trim_end_matches("></div>"),
            crate::html::escape(&json)
        );
        r.html = r
            .html
            .replacen(steps::NOTICE.trim_end_matches("</div>"), &with, 1);
    }
    r.seal();
    Arc::new(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn old(texts: &[&str]) -> Vec<StepRecord> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| StepRecord {
                number: (i + 1).to_string(),
                id: format!("step-{}", i + 1),
                name: steps::auto_base(t),
                automatic: true,
                digest: ledger::digest(t),
                text: t.to_string(),
                line: 0,
            })
            .collect()
    }

    fn new(texts: &[&str]) -> Vec<Step> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Step {
                number: (i + 1).to_string(),
                id: format!("step-{}", i + 1),
                name: None,
                auto_name: Some(steps::auto_base(t)),
                former_names: Vec::new(),
                kept_names: Vec::new(),
                text: t.to_string(),
                line: i + 1,
                prefix: None,
            })
            .collect()
    }

    fn fates(a: &[&str], b: &[&str]) -> Vec<Fate> {
        let new = new(b);
        match_steps(&old(a), &new, &digests(&new), &|_| false)
    }

    fn digests(steps: &[Step]) -> Vec<String> {
        steps.iter().map(|s| ledger::digest(&s.text)).collect()
    }

    #[test]
    fn likeness_counts_shared_words_over_all_words() {
        assert_eq!(likeness("Click Save.", "click save"), 1.0);
        assert!(
            (likeness("Click App passwords.", "Click App passwords in the menu.") - 2.0 / 3.0)
                .abs()
                < 1e-9
        );
        assert_eq!(likeness("Click Save.", "Click Next."), 0.5);
        assert_eq!(likeness("", "x"), 0.0);
    }

    #[test]
    fn inserted_and_reordered_steps_are_the_same_steps_at_other_places() {
        use Fate::*;
        assert_eq!(
            fates(
                &["A one.", "B two.", "C three."],
                &["A one.", "New.", "B two.", "C three."]
            ),
            [Same(0), Same(2), Same(3)]
        );
        assert_eq!(
            fates(
                &["A one.", "B two.", "C three."],
                &["C three.", "A one.", "B two."]
            ),
            [Same(1), Same(2), Same(0)]
        );
    }

    #[test]
    fn an_edited_step_is_followed_a_deleted_one_is_gone_and_a_replaced_one_is_undecided() {
        use Fate::*;
        assert_eq!(
            fates(
                &["Sign in.", "Click App passwords.", "Done."],
                &["Sign in.", "Click App passwords in the menu.", "Done."]
            ),
            [Same(0), Followed(1), Same(2)]
        );
        assert_eq!(
            fates(
                &["Sign in.", "Click App passwords.", "Done."],
                &["Sign in.", "Done."]
            ),
            [Same(0), Gone, Same(1)]
        );
        assert_eq!(
            fates(
                &["Sign in.", "Click App passwords.", "Done."],
                &["Sign in.", "Open the credentials page.", "Done."]
            ),
            [Same(0), Undecided(vec![1]), Same(2)]
        );
        // Two equally alike candidates: the build does not guess.
        assert_eq!(
            fates(
                &["Click Save now."],
                &["Click Save now please.", "Click Save now again."]
            ),
            [Undecided(vec![0, 1])]
        );
    }

    #[test]
    fn a_written_name_finds_its_step_whatever_its_text() {
        let mut o = old(&["Open it."]);
        o[0].name = "open".into();
        o[0].automatic = false;
        let mut n = new(&["Intro.", "Something else entirely."]);
        n[1].name = Some("open".into());
        assert_eq!(
            match_steps(&o, &n, &digests(&n), &|_| false),
            [Fate::Same(1)]
        );
    }
}
