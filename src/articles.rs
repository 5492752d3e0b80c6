//! Renders every article of every version, in parallel. An article inherited by a version is rendered for that version
//! too, since its images may differ there.

use crate::config::SiteConfig;
use crate::content::Content;
use crate::markdown::{self, Hooks, Rendered};
use crate::report::{Problem, Problems};
use crate::screenshots::Images;
use crate::widgets;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Articles are at `<version>/<category>/<slug>/`: three folders below the site root.
pub const ARTICLE_ROOT: &str = "../../../";

#[derive(Debug, Clone)]
pub struct Article {
    pub version: usize,
    pub category: String,
    pub slug: String,
    /// Index into `Content::sources`.
    pub source: usize,
    pub title: String,
    pub description: Option<String>,
    pub updated: Option<String>,
    pub order: Option<i64>,
    pub aliases: Vec<String>,
    pub rendered: Rendered,
    /// Its source could not be read; its problem is already reported.
    pub broken: bool,
}

impl Article {
    /// `category/slug`, the article's path within a version.
    pub fn path(&self) -> String {
        format!("{}/{}", self.category, self.slug)
    }
}

/// Per version, its articles by `(category, slug)`.
pub type Library = Vec<BTreeMap<(String, String), Article>>;

pub fn render_all(
    config: &SiteConfig,
    content: &Content,
    images: &Images,
    problems: &mut Problems,
) -> Library {
    let jobs: Vec<(usize, &(String, String), &usize)> = content
        .versions
        .iter()
        .enumerate()
        .flat_map(|(vi, vc)| vc.articles.iter().map(move |(key, src)| (vi, key, src)))
        .collect();
    let rendered: Vec<(usize, Article, Vec<Problem>)> = jobs
        .par_iter()
        .map(|&(vi, (category, slug), &src)| {
            let source = &content.sources[src];
            let image = |use_: &markdown::ImageUse| images.html(vi, category, slug, ARTICLE_ROOT, use_);
            let widget = |name: &str| widgets::html(name, ARTICLE_ROOT);
            let hooks = Hooks { image: &image, widget: &widget };
            let input = markdown::Input {
                file: &source.rel_path,
                text: &source.text,
                body_offset: source.body_offset,
                category,
                has_front_title: source.front_matter.title.is_some(),
                root: ARTICLE_ROOT,
            };
            let mut rendered = markdown::render(&input, &hooks);
            let mut found = std::mem::take(&mut rendered.problems);
            let fm = &source.front_matter;
            let title = fm.title.clone().or_else(|| rendered.h1_title.clone()).unwrap_or_else(|| {
                if !source.broken {
                    found.push(
                    Problem::error(&source.rel_path, Some(1), "the article has no title")
                            .hint("add title = \"...\" to the front matter, or start the text with a `# Title` line"),
                    );
                }
                slug.clone()
            });
            let article = Article {
                version: vi,
                category: category.clone(),
                slug: slug.clone(),
                source: src,
                title,
                description: fm.description.clone(),
                updated: fm.updated.as_ref().map(|d| d.text()),
                order: fm.order,
                aliases: fm.aliases.clone(),
                rendered,
                broken: source.broken,
            };
            (vi, article, found)
        })
        .collect();
    let mut library: Library = vec![BTreeMap::new(); config.versions.len()];
    for (vi, article, found) in rendered {
        problems.extend(found);
        library[vi].insert((article.category.clone(), article.slug.clone()), article);
    }
    library
}
