//! Published-link stability: every address an earlier build's `links.json` lists (articles, their steps and headings,
//! their aliases) must still land in the new build, on the same step. An address lands when its page exists, directly
//! or through an alias's redirect, and its `#fragment` is one of the page's step names, former step names, numbered
//! step ids or heading ids. A numbered step id (`#step-7`, used by steps without a name) must also still be the same
//! step: when the step it showed is now another number, the address is reported as moved.
//!
//! Step addresses under a page that is gone are reported with the page, as one problem.

use crate::links::catalog::{ArticleEntry, Catalog, HeadingEntry, StepEntry};
use crate::report::{Problem, Problems};
use std::collections::{BTreeMap, BTreeSet};

/// How many published addresses were checked, and the problems with them.
#[derive(Debug, Default)]
pub struct Report {
    pub checked: usize,
    pub problems: Problems,
}

/// Where a published path (from the site root, without fragment) lands in the new build.
struct Index<'a> {
    by_path: BTreeMap<String, &'a ArticleEntry>,
}

fn strip<'u>(url: &'u str, base: &str) -> &'u str {
    let url = url.split('#').next().unwrap_or(url);
    url.strip_prefix(base).unwrap_or(url)
}

impl<'a> Index<'a> {
    fn new(new: &'a Catalog) -> Self {
        let base = &new.site.base_url;
        let mut by_path = BTreeMap::new();
        // Aliases first: a page's own address wins over an alias with the same path.
        for a in &new.articles {
            for alias in &a.aliases {
                by_path.insert(strip(alias, base).to_string(), a);
            }
        }
        for a in &new.articles {
            by_path.insert(strip(&a.version_url, base).to_string(), a);
            by_path.insert(strip(&a.url, base).to_string(), a);
        }
        Index { by_path }
    }

    fn get(&self, path: &str) -> Option<&'a ArticleEntry> {
        self.by_path.get(path).copied()
    }
}

/// Lowercase words of a text, for likeness.
fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Share of words two texts have in common (0 to 1).
fn likeness(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

fn step_names(s: &StepEntry) -> impl Iterator<Item = &str> {
    s.name
        .as_deref()
        .into_iter()
        .chain(s.former_names.iter().map(String::as_str))
}

/// The step of `new` that is `old`: one that carries one of its names, else one with the same text.
fn same_step<'n>(old: &StepEntry, new: &'n ArticleEntry) -> Option<&'n StepEntry> {
    new.steps
        .iter()
        .find(|n| step_names(old).any(|o| n.all_ids().any(|id| id == o)))
        .or_else(|| new.steps.iter().find(|n| n.text == old.text))
}

/// `step-6`, `step 6 (named x)`.
fn describe(s: &StepEntry) -> String {
    match &s.name {
        Some(n) => format!("the step named {n} is now {}", s.id),
        None => format!("its text is now {}", s.id),
    }
}

fn quote(s: &str) -> String {
    let cut: String = s.chars().take(60).collect();
    if cut.len() < s.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

/// The closest step of `new` to `old` by its text, when it is close enough to suggest.
fn closest_step<'n>(old: &StepEntry, new: &'n ArticleEntry) -> Option<&'n StepEntry> {
    new.steps
        .iter()
        .map(|n| (likeness(&old.text, &n.text), n))
        .filter(|(l, _)| *l >= 0.4)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// The problems of a published step: its name's address (when it has a name), and its numbered address, which was
/// published too (`links.json` lists it, and readers copy the number they see).
fn check_step(
    old: &StepEntry,
    old_article: &ArticleEntry,
    landing: &ArticleEntry,
    what: &str,
) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    if old.name.is_some() {
        if let Some((m, h)) = check_name(old, landing, what) {
            found.push((old.anchor().to_string(), m, h));
        }
    }
    if let Some((m, h)) = check_number(old, old_article, landing, what) {
        found.push((old.id.clone(), m, h));
    }
    found
}

/// A step's name must still land on the page.
fn check_name(old: &StepEntry, landing: &ArticleEntry, what: &str) -> Option<(String, String)> {
    let anchor = old.anchor();
    let has = |id: &str| {
        landing.steps.iter().any(|s| s.all_ids().any(|i| i == id))
            || landing.headings.iter().any(|h| h.id == id)
    };
    if has(anchor) {
        return None;
    }
    let message = format!("the step named {anchor} of {what} is gone");
    let hint = match same_step(old, landing).or_else(|| closest_step(old, landing)) {
        Some(n) => match &n.name {
            Some(name) => format!(
                "{} is now {} named {name}; keep the old name as a former one: {{#{name} {anchor}}}",
                quote(&old.text),
                n.id
            ),
            None => format!(
                "{} is now {} with no name; give it its old name back: {{#{anchor}}}",
                quote(&old.text),
                n.id
            ),
        },
        None => format!(
            "no step of the new edition reads like {}; if it was removed on purpose, put its name on the step that replaces it as a former name ({{#new-name {anchor}}})",
            quote(&old.text)
        ),
    };
    let hint = if old.automatic {
        format!("{hint} (its name was made from its text; `helpsite publish` records the names a release published, and builds then keep them landing)")
    } else {
        hint
    };
    Some((message, hint))
}

/// A numbered id must still show the same step.
fn check_number(
    old: &StepEntry,
    old_article: &ArticleEntry,
    landing: &ArticleEntry,
    what: &str,
) -> Option<(String, String)> {
    let now = landing.steps.iter().find(|s| s.id == old.id);
    let moved_to = landing
        .steps
        .iter()
        .find(|s| s.text == old.text && s.id != old.id);
    match (now, moved_to) {
        (Some(n), _)
            if n.text == old.text || old.name.as_deref().is_some_and(|x| n.written_names().any(|w| w == x)) =>
        {
            None
        }
        (_, Some(m)) => Some((
            format!("{} of {what} moved: {}", old.id, describe(m)),
            match &m.name {
                Some(name) => format!("publish #{name} instead; the link to #{} now opens another step", old.id),
                None => format!(
                    "name the step so its links survive renumbering ({{#a-name}} at the end of its first line) and publish that; #{} now opens {}",
                    old.id,
                    now.map(|n| quote(&n.text)).unwrap_or_else(|| "nothing".into())
                ),
            },
        )),
        // Same number, other text: the step edited in place, unless the text is another step's of the old edition.
        (Some(n), None) => {
            let was = old_article.steps.iter().find(|o| {
                o.id != old.id
                    && (o.text == n.text || step_names(o).any(|x| n.all_ids().any(|i| i == x)))
            })?;
            Some((
                format!(
                    "{} of {what} now opens another step: {}, which was {}",
                    old.id,
                    quote(&n.text),
                    was.id
                ),
                format!(
                    "the step it opened, {}, is gone; if another step replaces it, name that step and publish its name",
                    quote(&old.text)
                ),
            ))
        }
        (None, None) => Some((
            format!("{} of {what} is gone: the article has {} steps now", old.id, landing.steps.len()),
            match closest_step(old, landing) {
                Some(n) => format!("the closest step is {} ({})", n.id, quote(&n.text)),
                None => format!("no step reads like {}", quote(&old.text)),
            },
        )),
    }
}

fn check_heading(
    old: &HeadingEntry,
    landing: &ArticleEntry,
    what: &str,
) -> Option<(String, String)> {
    if landing.headings.iter().any(|h| h.id == old.id)
        || landing
            .steps
            .iter()
            .any(|s| s.all_ids().any(|i| i == old.id))
    {
        return None;
    }
    let hint = match landing
        .headings
        .iter()
        .find(|h| h.text == old.text)
        .or_else(|| {
            landing
                .headings
                .iter()
                .map(|h| (likeness(&old.text, &h.text), h))
                .filter(|(l, _)| *l >= 0.4)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, h)| h)
        }) {
        Some(h) => format!(
            "the heading {} is now #{}; give it its old id back: `## {} {{#{}}}`",
            quote(&h.text),
            h.id,
            h.text,
            old.id
        ),
        None => format!("no heading reads like {}", quote(&old.text)),
    };
    Some((
        format!(
            "the heading #{} ({}) of {what} is gone",
            old.id,
            quote(&old.text)
        ),
        hint,
    ))
}

/// The article of the new build that most likely replaced `old`: same title, else same file name, else the most alike
/// title; the new article's own version first.
fn replacement<'n>(old: &ArticleEntry, new: &'n Catalog) -> Option<&'n ArticleEntry> {
    let same_version = |a: &&ArticleEntry| a.version == old.version || a.version == new.site.latest;
    let slug = |p: &str| p.rsplit('/').next().unwrap_or("").to_string();
    new.articles
        .iter()
        .filter(same_version)
        .find(|a| a.title == old.title && a.path != old.path)
        .or_else(|| {
            new.articles
                .iter()
                .filter(same_version)
                .find(|a| slug(&a.path) == slug(&old.path) && a.path != old.path)
        })
        .or_else(|| {
            new.articles
                .iter()
                .filter(same_version)
                .filter(|a| a.path != old.path)
                .map(|a| (likeness(&a.title, &old.title), a))
                .filter(|(l, _)| *l >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, a)| a)
        })
}

/// The alias that makes `path` (from the site root, no trailing slash) lead to an article of `version`: within the
/// version (`category/old-slug`) when the path is in that version's tree or under `latest/` for the latest version,
/// else from the site root (`/kb/old`).
fn alias_for(path: &str, version: &str, new: &Catalog) -> String {
    let in_version = path
        .strip_prefix("latest/")
        .filter(|_| version == new.site.latest)
        .or_else(|| path.strip_prefix(&format!("{version}/")));
    match in_version {
        Some(p) => p.to_string(),
        None => format!("/{path}"),
    }
}

/// Checks every address of `old` against the new build's catalog.
pub fn check(old: &Catalog, new: &Catalog) -> Report {
    let index = Index::new(new);
    let mut report = Report::default();
    let old_base = &old.site.base_url;
    for a in &old.articles {
        let what = format!("{} ({})", a.path, a.version);
        // Every address of the page, grouped by where it lands now, so that the same step is reported once per
        // edition it lands on.
        let mut addresses: Vec<&str> = vec![a.url.as_str()];
        if a.version_url != a.url {
            addresses.push(&a.version_url);
        }
        addresses.extend(a.aliases.iter().map(String::as_str));
        let mut landings: BTreeMap<String, (&ArticleEntry, Vec<&str>)> = BTreeMap::new();
        let mut gone: Vec<&str> = Vec::new();
        for url in &addresses {
            report.checked += 1 + a.steps.len() + a.headings.len();
            match index.get(strip(url, old_base)) {
                Some(n) => landings
                    .entry(format!("{} {}", n.version, n.path))
                    .or_insert((n, Vec::new()))
                    .1
                    .push(url),
                None => gone.push(url),
            }
        }
        if let Some(first) = gone.first() {
            let anchors = a.steps.len() + a.headings.len();
            let mut message = format!("the page of {what} is gone, and no alias leads on");
            if anchors > 0 {
                message.push_str(&format!(
                    " (with {anchors} step and heading link{})",
                    if anchors == 1 { "" } else { "s" }
                ));
            }
            if gone.len() > 1 {
                let others: Vec<&str> = gone[1..].iter().map(|u| strip(u, old_base)).collect();
                message.push_str(&format!("; also gone: /{}", others.join(", /")));
            }
            let path = strip(first, old_base).trim_end_matches('/');
            let hint = match replacement(a, new) {
                Some(r) => format!(
                    "the article {:?} is now at {} ({}): add aliases = [\"{}\"] to the front matter of {}",
                    r.title,
                    r.path,
                    r.version,
                    alias_for(path, &r.version, new),
                    r.source
                ),
                None => format!(
                    "no article of the new build looks like it; if {:?} was removed on purpose, add aliases = [\"{}\"] to the front matter of the article that replaces it",
                    a.title,
                    alias_for(path, &new.site.latest, new)
                ),
            };
            report
                .problems
                .push(Problem::error(*first, None, message).hint(hint));
        }
        for (landing, urls) in landings.values() {
            let first = urls[0];
            let others = if urls.len() > 1 {
                format!(
                    " (also at {})",
                    urls[1..]
                        .iter()
                        .map(|u| strip(u, old_base))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            };
            for s in &a.steps {
                for (fragment, message, hint) in check_step(s, a, landing, &a.path) {
                    let url = format!("{first}#{fragment}");
                    report
                        .problems
                        .push(Problem::error(url, None, format!("{message}{others}")).hint(hint));
                }
            }
            for h in &a.headings {
                if let Some((message, hint)) = check_heading(h, landing, &a.path) {
                    let url = format!("{first}#{}", h.id);
                    report
                        .problems
                        .push(Problem::error(url, None, format!("{message}{others}")).hint(hint));
                }
            }
        }
    }
    report.problems = std::mem::take(&mut report.problems).sorted();
    report
}
