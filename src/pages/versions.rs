//! Between versions: the switcher's targets (same article, same step), and the link from an old version's page to
//! the latest edition of it.

use crate::load::config::{SiteConfig, VersionStatus};
use crate::render::markdown::Rendered;
use serde::Serialize;
use std::collections::BTreeMap;

/// One entry of the version switcher.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Switch {
    pub id: String,
    pub label: String,
    /// What to say about the version: "latest", "supported", "no longer maintained", "preview".
    pub tag: String,
    pub url: String,
    /// JSON object from this page's ids to the target page's ids, for the script that keeps the step.
    pub map: Option<String>,
    /// False when the page does not exist in that version and the link goes to its home instead.
    pub available: bool,
    pub current: bool,
}

pub(crate) fn tag(config: &SiteConfig, vi: usize) -> String {
    if vi == config.latest_index() {
        return "latest".to_string();
    }
    match config.versions[vi].status {
        VersionStatus::Current | VersionStatus::Supported => "supported",
        VersionStatus::Unmaintained => "no longer maintained",
        VersionStatus::Preview => "preview",
    }
    .to_string()
}

/// Where each of `from`'s step and heading ids lands in `to`: a step by one of its names, else by its number when
/// the step with that number there has no written name, a heading by its id. Ids that have no
/// counterpart are left out: the link then opens the top of the article.
pub(crate) fn id_map(from: &Rendered, to: &Rendered) -> BTreeMap<String, String> {
    // The first step of `to` holding each name, and each unnamed step by its id: a page has dozens of steps, and
    // every page asks this of each other version and language.
    let mut by_name: std::collections::HashMap<&str, &crate::render::steps::Step> =
        std::collections::HashMap::with_capacity(to.steps.len() * 2);
    let mut unnamed: std::collections::HashMap<&str, &crate::render::steps::Step> =
        std::collections::HashMap::with_capacity(to.steps.len());
    for t in &to.steps {
        for n in t.all_ids().skip(1) {
            by_name.entry(n).or_insert(t);
        }
        if t.name.is_none() {
            unnamed.entry(t.id.as_str()).or_insert(t);
        }
    }
    let position =
        |t: &crate::render::steps::Step| to.steps.iter().position(|x| std::ptr::eq(x, t));
    let mut map = BTreeMap::new();
    for step in &from.steps {
        // By any name the step has (the writer's, the automatic one, former ones), else by number when the step
        // with that number there has no name of the writer's (it may be another step: the notice on that page
        // tells a reader whose link it misleads). Of several steps holding one of its names, the first in `to`.
        let target = step
            .all_ids()
            .skip(1)
            .filter_map(|n| by_name.get(n).copied())
            .min_by_key(|t| position(t))
            .or_else(|| unnamed.get(step.id.as_str()).copied());
        if let Some(t) = target {
            for id in step.all_ids() {
                map.insert(id.to_string(), t.anchor().to_string());
            }
        }
    }
    for h in &from.headings {
        if to.ids.contains(&h.id) && !map.contains_key(&h.id) {
            map.insert(h.id.clone(), h.id.clone());
        }
    }
    map
}

pub(crate) fn map_json(map: &BTreeMap<String, String>) -> Option<String> {
    (!map.is_empty()).then(|| serde_json::to_string(map).expect("a map of strings serialises"))
}

/// Switcher for a page at `<version>/<rest>` (rest is "" for a home page), where `root` leads to the site root.
/// `target` says, per other version, whether the same page exists there and with which id map.
pub(crate) fn switcher(
    config: &SiteConfig,
    vi: usize,
    root: &str,
    rest: &str,
    target: impl Fn(usize) -> Option<Option<String>>,
) -> Vec<Switch> {
    // Newest first, as readers look for the latest.
    (0..config.versions.len())
        .rev()
        .map(|wi| {
            let v = &config.versions[wi];
            let current = wi == vi;
            let (url, available, map) = if current {
                ("./".to_string(), true, None)
            } else {
                match target(wi) {
                    Some(map) => (format!("{root}{}/{rest}", v.id), true, map),
                    None => (format!("{root}{}/#not-in-version", v.id), false, None),
                }
            };
            Switch {
                id: v.id.clone(),
                label: v.label.clone(),
                tag: tag(config, wi),
                url,
                map,
                available,
                current,
            }
        })
        .collect()
}
