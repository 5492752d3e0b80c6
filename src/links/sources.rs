//! The internal link check: every link written in an article must land on a page of the site and, with a
//! `#fragment`, on an element of that page. Runs once every page's ids are known (phase two of rendering).

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::render::articles::Library;
use crate::render::markdown::LinkTarget;
use crate::report::Problems;
use std::collections::{BTreeMap, BTreeSet};

use crate::links::ids_list;

/// What a page of the built site answers to: its element ids (None for files that are not pages).
pub(crate) struct SiteMap<'a> {
    pages: BTreeMap<String, PageIds<'a>>,
}

pub(crate) enum PageIds<'a> {
    Article(&'a BTreeSet<String>),
    /// Ids the theme puts on generated pages.
    Fixed(BTreeSet<String>),
    File,
}

impl<'a> SiteMap<'a> {
    pub(crate) fn new(config: &SiteConfig, content: &Content, library: &'a Library) -> Self {
        let mut pages = BTreeMap::new();
        let latest = config.latest_index();
        for (vi, articles) in library.iter().enumerate() {
            let mut prefixes = vec![config.versions[vi].id.clone()];
            if vi == latest {
                prefixes.push("latest".to_string());
            }
            for prefix in prefixes {
                let mut home: BTreeSet<String> = ["main", "not-in-version"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                for ((category, slug), article) in articles {
                    for tag in article
                        .tags
                        .iter()
                        .filter_map(|t| crate::load::names::tag(t))
                    {
                        pages.insert(
                            format!("{prefix}/{}/{tag}/", crate::load::names::TAGS),
                            PageIds::Fixed(["main".to_string()].into()),
                        );
                    }
                    for file in &article.files {
                        pages.insert(format!("{prefix}/{}", file.path), PageIds::File);
                    }
                    pages.insert(
                        format!("{prefix}/{category}/{slug}/"),
                        PageIds::Article(&article.rendered.ids),
                    );
                }
                // Every category, sections too, has a page; the home page a card per top-level one.
                for c in content.versions[vi].categories.values() {
                    if c.parent().is_none() {
                        home.insert(format!("cat-{}", c.slug));
                    }
                    pages.insert(
                        format!("{prefix}/{}/", c.slug),
                        PageIds::Fixed(["main".to_string()].into()),
                    );
                }
                pages.insert(format!("{prefix}/"), PageIds::Fixed(home));
            }
        }
        pages.insert(String::new(), PageIds::File);
        for file in ["404.html", "sitemap.xml", "robots.txt", "links.json"] {
            pages.insert(file.to_string(), PageIds::File);
        }
        SiteMap { pages }
    }

    pub(crate) fn get(&self, path: &str) -> Option<&PageIds<'a>> {
        self.pages.get(path)
    }
}

fn fragment_ok(ids: &PageIds, fragment: &Option<String>) -> bool {
    match (fragment.as_deref(), ids) {
        (None | Some(""), _) => true,
        (Some(f), PageIds::Article(ids)) => ids.contains(f),
        (Some(f), PageIds::Fixed(ids)) => ids.contains(f),
        (Some(_), PageIds::File) => false,
    }
}

/// A short list of the ids a reader could have meant, sorted, for hints: `lead` then the first 24 of them.
fn available(ids: &PageIds, wanted: &str) -> String {
    match ids {
        PageIds::Article(ids) => ids_list(ids.iter().map(String::as_str), "link to one of", wanted),
        PageIds::Fixed(ids) => ids_list(ids.iter().map(String::as_str), "link to one of", wanted),
        PageIds::File => ids_list(std::iter::empty(), "", wanted),
    }
}

pub(crate) fn check(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    problems: &mut Problems,
) {
    let site = SiteMap::new(config, content, library);
    // The same broken link in a file inherited by several versions is one problem, naming the versions.
    let mut found = crate::report::PerVersion::new();
    for (vi, articles) in library.iter().enumerate() {
        let version = &config.versions[vi].id;
        for article in articles.values() {
            let file = crate::report::display_path(&content.sources[article.source].rel_path);
            for link in &article.rendered.links {
                let failure: Option<(String, String)> = match &link.target {
                    // Found (or reported) per version by the attachments' own check.
                    LinkTarget::External(_) | LinkTarget::File { .. } => None,
                    LinkTarget::Fragment(f) => (!article.rendered.ids.contains(f)).then(|| {
                        (
                            format!("link to #{f}, which is not on this page"),
                            available(&PageIds::Article(&article.rendered.ids), f),
                        )
                    }),
                    LinkTarget::Article { category, slug, fragment } => {
                        let path = format!("{version}/{category}/{slug}/");
                        let draft = content.versions[vi].drafts.get(&(category.clone(), slug.clone()));
                        match (site.get(&path), draft) {
                            (None, Some(&draft)) => {
                                let source = &content.sources[draft];
                                Some((
                                    format!("link to {category}/{slug}.md, which is a draft and not published"),
                                    format!(
                                        "{} has draft: true (line {}); publish it by removing `draft`, or remove the link until it is published",
                                        crate::report::display_path(&source.rel_path),
                                        source.front_matter.lines.get("draft").copied().unwrap_or(1)
                                    ),
                                ))
                            }
                            (None, None) => Some((
                                format!("link to missing article {category}/{slug}.md"),
                                format!(
                                    "no article content/<version>/{category}/{slug}.md exists in this version or an older one; check the file name{}",
                                    if library[vi].keys().any(|(c, _)| c == category) { "" } else { " and the category folder" }
                                ),
                            )),
                            (Some(_), _) if library[vi].get(&(category.clone(), slug.clone())).is_some_and(|a| a.broken) => None,
                            (Some(ids), _) if !fragment_ok(ids, fragment) => Some((
                                format!(
                                    "link to {category}/{}.md#{}, which that article does not have",
                                    // The link names the file; `slug` is where it led (its front matter's slug).
                                    library[vi].get(&(category.clone(), slug.clone())).map_or(slug.as_str(), |a| content.sources[a.source].file_slug.as_str()),
                                    fragment.as_deref().unwrap_or_default()
                                ),
                                available(ids, fragment.as_deref().unwrap_or_default()),
                            )),
                            (Some(_), _) => None,
                        }
                    }
                    // A page's folder written without its trailing slash (a dotted name looks like a file's) is
                    // still that page: servers redirect to the folder.
                    LinkTarget::Site { path, fragment } => match site.get(path).or_else(|| site.get(&format!("{path}/"))).or_else(|| site.get(&crate::url::percent_decode(path))) {
                        None => Some((
                            format!("link to /{path}, which is not a page of the site"),
                            "site paths look like /<version>/<category>/<article>/ or /latest/<category>/<article>/".to_string(),
                        )),
                        Some(ids) if !fragment_ok(ids, fragment) => Some((
                            format!("link to /{path}#{}, which that page does not have", fragment.as_deref().unwrap_or_default()),
                            available(ids, fragment.as_deref().unwrap_or_default()),
                        )),
                        Some(_) => None,
                    },
                };
                if let Some((message, hint)) = failure {
                    found
                        .entry((file.clone(), link.line, message))
                        .or_insert_with(|| (hint, Vec::new()))
                        .1
                        .push(version.clone());
                }
            }
        }
    }
    problems.push_per_version(found, config.versions.len());
}
