//! Between versions: the switcher's targets (same article, same step), and the link from an old version's page to
//! the latest edition of it.

use crate::load::config::{SiteConfig, VersionStatus};
use serde::Serialize;

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
