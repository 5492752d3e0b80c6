//! What an article page offers after the article: related articles (the writer's `related` list, else chosen from
//! shared tags, links and category) and the previous and next article of its category.

use crate::load::content::Content;
use crate::render::articles::{Article, Library};
use crate::render::markdown::{Heading, LinkTarget};
use crate::report::{Problem, Problems};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many related articles a page lists at most.
const MAX_RELATED: usize = 5;

/// Tags on more articles than this say little about any two of them, and pairing all of them would cost the square
/// of their number; they are left out of the choice.
const MAX_TAG_ARTICLES: usize = 60;

/// A link from an article page to another article of its version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct NavLink {
    pub title: String,
    /// From the article's page (`../../billing/refunds/`).
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub(crate) struct Nav {
    pub related: Vec<NavLink>,
    /// Whether `related` is the writer's own list (else chosen by the build).
    pub chosen: bool,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
}

type Key = (String, String);

/// Per version, what each article's page links to after it. Entries of `related` that name no article are errors of
/// the file that has them, reported in its own version (a newer version that dropped the article just leaves it out).
pub(crate) fn collect(
    content: &Content,
    library: &Library,
    listing: &dyn Fn(usize, &str) -> Vec<Key>,
    problems: &mut Problems,
) -> Vec<BTreeMap<Key, Nav>> {
    library
        .iter()
        .enumerate()
        .map(|(vi, articles)| {
            let by_tag = tag_index(articles);
            let linked = link_index(articles);
            let mut navs = BTreeMap::new();
            // Each category's listing and every article's place in it, found once per category rather than by a
            // walk of the listing for each of its articles.
            let mut orders: BTreeMap<&str, (Vec<Key>, HashMap<Key, usize>)> = BTreeMap::new();
            for (key, a) in articles {
                let (list, found) = written(content, vi, a, articles);
                if content.sources[a.source].version == vi {
                    problems.extend(found);
                }
                let chosen = list.is_empty();
                let keys = if chosen && !has_own_list(a) {
                    choose(key, a, articles, &by_tag, &linked)
                } else if chosen {
                    Vec::new()
                } else {
                    list
                };
                let (order, places) = orders.entry(a.category.as_str()).or_insert_with(|| {
                    let order = listing(vi, &a.category);
                    let mut places = HashMap::with_capacity(order.len());
                    for (i, k) in order.iter().enumerate() {
                        places.entry(k.clone()).or_insert(i);
                    }
                    (order, places)
                });
                let at = places.get(key).copied();
                let neighbour = |i: Option<usize>| {
                    i.and_then(|i| order.get(i))
                        .and_then(|k| articles.get(k))
                        .map(|b| link(a, b))
                };
                let prev = neighbour(at.and_then(|i| i.checked_sub(1)));
                let next = neighbour(at.map(|i| i + 1));
                let related = keys
                    .iter()
                    .filter_map(|k| articles.get(k))
                    .map(|b| link(a, b))
                    .collect();
                navs.insert(
                    key.clone(),
                    Nav {
                        related,
                        chosen,
                        prev,
                        next,
                    },
                );
            }
            navs
        })
        .collect()
}

/// Whether the article has a related section of its own ("Related articles", "See also"): the build adds none.
fn has_own_list(a: &Article) -> bool {
    a.rendered
        .headings
        .iter()
        .any(|h| Heading::lists_related(&h.text))
}

/// The link from `a`'s page to `b`'s.
fn link(a: &Article, b: &Article) -> NavLink {
    let up = "../".repeat(a.category.split('/').count() + 1);
    NavLink {
        title: b.title.clone(),
        url: format!("{up}{}/{}/", b.category, b.slug),
        description: b.description.clone(),
    }
}

/// The writer's `related` list resolved in version `vi`: `category/slug`, the file's path in the version folder
/// (`email/gmail.md`), or either relative to the article's category (`../billing/refunds`, `./other.md`).
fn written(
    content: &Content,
    vi: usize,
    a: &Article,
    articles: &BTreeMap<Key, Article>,
) -> (Vec<Key>, Vec<Problem>) {
    let source = &content.sources[a.source];
    let fm = &source.front_matter;
    let line = fm.lines.get("related").copied();
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    for entry in &fm.related {
        let path = relative_to(&a.category, entry.trim());
        let (category, name) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
        let name = name.strip_suffix(".md").unwrap_or(name);
        let key = (category.to_string(), name.to_string());
        let found = if articles.contains_key(&key) {
            Some(key)
        } else {
            content.versions[vi].files.get(&key).cloned()
        };
        match found {
            Some(k) if k == (a.category.clone(), a.slug.clone()) => problems.push(
                Problem::error(
                    &source.rel_path,
                    line,
                    format!("`related` lists the article itself ({entry:?})"),
                )
                .hint("list other articles only"),
            ),
            Some(k) if !keys.contains(&k) => keys.push(k),
            Some(_) => {}
            None => {
                let near = articles
                    .keys()
                    .map(|(c, s)| format!("{c}/{s}"))
                    .map(|p| (crate::similar::edit_distance(&p, &path), p))
                    .filter(|(d, p)| *d <= 3.max(p.len() / 4))
                    .min()
                    .map(|(_, p)| p);
                let hint = match near {
                    Some(p) => format!("did you mean \"{p}\"? Entries are `category/article` as in the article's address"),
                    None => "write each entry as `category/article`, as in the article's address (or the file's path in the version folder, e.g. \"email/gmail.md\")".to_string(),
                };
                problems.push(
                    Problem::error(
                        &source.rel_path,
                        line,
                        format!("`related` names {entry:?}, which is no article of this version"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    (keys, problems)
}

/// `entry` as a path from the version's address: `./x` and `../x` from `category`, a leading `/` and a trailing
/// `/` dropped.
fn relative_to(category: &str, entry: &str) -> String {
    let entry = entry.trim_end_matches('/');
    if !(entry.starts_with("./") || entry.starts_with("../")) {
        return entry.trim_start_matches('/').to_string();
    }
    let mut parts: Vec<&str> = category.split('/').filter(|s| !s.is_empty()).collect();
    for part in entry.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn tag_index(articles: &BTreeMap<Key, Article>) -> BTreeMap<&str, Vec<&Key>> {
    let mut index: BTreeMap<&str, Vec<&Key>> = BTreeMap::new();
    for (key, a) in articles {
        for tag in &a.tags {
            index.entry(tag.as_str()).or_default().push(key);
        }
    }
    index.retain(|_, keys| keys.len() <= MAX_TAG_ARTICLES);
    index
}

/// Pairs of articles where one links to the other, both ways.
fn link_index(articles: &BTreeMap<Key, Article>) -> BTreeMap<&Key, BTreeSet<Key>> {
    let mut index: BTreeMap<&Key, BTreeSet<Key>> = BTreeMap::new();
    for (key, a) in articles {
        for l in &a.rendered.links {
            if let LinkTarget::Article { category, slug, .. } = &l.target {
                let to = (category.clone(), slug.clone());
                if &to == key {
                    continue;
                }
                if let Some((k, _)) = articles.get_key_value(&to) {
                    index.entry(key).or_default().insert(to.clone());
                    index.entry(k).or_default().insert(key.clone());
                }
            }
        }
    }
    index
}

/// Related articles chosen by the build: a link between the two counts 3, each shared tag 2, the same category 1;
/// at least 2 is needed (the category alone is what previous/next are for). Ties go by title, then path.
fn choose(
    key: &Key,
    a: &Article,
    articles: &BTreeMap<Key, Article>,
    by_tag: &BTreeMap<&str, Vec<&Key>>,
    linked: &BTreeMap<&Key, BTreeSet<Key>>,
) -> Vec<Key> {
    let mut score: BTreeMap<&Key, u32> = BTreeMap::new();
    if let Some(to) = linked.get(key) {
        for k in to {
            if let Some((k, _)) = articles.get_key_value(k) {
                *score.entry(k).or_default() += 3;
            }
        }
    }
    for tag in &a.tags {
        for k in by_tag.get(tag.as_str()).into_iter().flatten() {
            *score.entry(k).or_default() += 2;
        }
    }
    // The category counts only for articles that share something else: those already scored, fewer than the
    // category's articles (a key's first part is its article's category).
    for (k, s) in score.iter_mut() {
        if k.0 == a.category {
            *s += 1;
        }
    }
    score.remove(key);
    let mut ranked: Vec<(u32, String, &Key)> = score
        .into_iter()
        .filter(|(_, s)| *s >= 2)
        .map(|(k, s)| (s, articles[k].title.to_lowercase(), k))
        .collect();
    ranked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)).then(x.2.cmp(y.2)));
    ranked
        .into_iter()
        .take(MAX_RELATED)
        .map(|(_, _, k)| k.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn related_entries_may_be_relative_to_the_articles_category() {
        assert_eq!(
            relative_to("email/setup", "../billing/refunds"),
            "email/billing/refunds"
        );
        assert_eq!(relative_to("email", "./gmail.md"), "email/gmail.md");
        assert_eq!(
            relative_to("email", "../billing/refunds/"),
            "billing/refunds"
        );
        assert_eq!(relative_to("email", "/billing/refunds"), "billing/refunds");
    }
}
