//! A page per tag and version (`<version>/_tags/<tag>/`), listing the articles that carry it, and the links from an
//! article's tag chips to those pages. Tags that differ only in spelling (`Email`, `email`) share one page, named as
//! the first article (in path order) spells it.

use crate::load::names;
use crate::render::articles::{Article, Library};
use serde::Serialize;
use std::collections::BTreeMap;

/// One tag of one version: its name as shown and its articles' `(category, slug)`, sorted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tag {
    pub name: String,
    pub articles: Vec<(String, String)>,
}

/// Per version, its tags by URL name.
pub(crate) type Tags = Vec<BTreeMap<String, Tag>>;

pub(crate) fn collect(library: &Library) -> Tags {
    library
        .iter()
        .map(|articles| {
            let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
            for (key, a) in articles {
                for name in &a.tags {
                    let Some(slug) = names::tag(name) else {
                        continue;
                    };
                    let tag = tags.entry(slug).or_insert_with(|| Tag {
                        name: name.trim().to_string(),
                        articles: Vec::new(),
                    });
                    if tag.articles.last() != Some(key) {
                        tag.articles.push(key.clone());
                    }
                }
            }
            tags
        })
        .collect()
}

/// A tag chip of an article: its name and the link to its page.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct TagLink {
    pub name: String,
    /// None for a tag with nothing a URL can spell: shown, not linked.
    pub url: Option<String>,
}

/// The chips of `a`, whose page's way to its version's address is `version_root`.
pub(crate) fn links(a: &Article, version_root: &str) -> Vec<TagLink> {
    a.tags
        .iter()
        .map(|name| TagLink {
            name: name.clone(),
            url: names::tag(name).map(|slug| format!("{version_root}{}/{slug}/", names::TAGS)),
        })
        .collect()
}
