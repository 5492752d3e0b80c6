//! Renders every article of every version, in parallel. An article a version inherits unchanged shares the older
//! version's rendering (nothing in an article's HTML depends on its version but its images); it is rendered again
//! only where one of its images resolves to another file.

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::render::cache::{self as render_cache, Entry, ImageCall, RenderCache};
use crate::render::images::Images;
use crate::render::markdown::{self, Hooks, LinkTarget, Rendered};
use crate::render::placement::Attachment;
use crate::render::widgets;
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The way from an article's page (`<version>/<category path>/<slug>/`) to the site root: one `../` per folder.
pub(crate) fn article_root(category: &str) -> String {
    "../".repeat(category.split('/').count() + 2)
}

#[derive(Debug, Clone)]
pub(crate) struct Article {
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
    pub tags: Vec<String>,
    pub rendered: Arc<Rendered>,
    /// The attachments its links lead to, as this version has them (see [`crate::render::attachments`]).
    pub files: Vec<Attachment>,
    /// Its source could not be read; its problem is already reported.
    pub broken: bool,
}

impl Article {
    /// `category/slug`, the article's path within a version.
    pub(crate) fn path(&self) -> String {
        format!("{}/{}", self.category, self.slug)
    }
}

/// Per version, its articles by `(category, slug)`.
pub(crate) type Library = Vec<BTreeMap<(String, String), Article>>;

pub(crate) fn render_all(
    config: &SiteConfig,
    content: &Content,
    images: &Images,
    cache: &RenderCache,
    problems: &mut Problems,
) -> Library {
    // Per source file, the versions that show it (oldest first) and where.
    type Uses<'a> = Vec<(usize, &'a (String, String))>;
    let mut by_source: BTreeMap<usize, Uses> = BTreeMap::new();
    for (vi, vc) in content.versions.iter().enumerate() {
        for (key, &src) in &vc.articles {
            by_source.entry(src).or_default().push((vi, key));
        }
    }
    let jobs: Vec<(usize, Uses)> = by_source.into_iter().collect();
    let rendered: Vec<(usize, Article, Vec<Problem>)> = jobs
        .par_iter()
        .flat_map_iter(|(src, uses)| {
            let source = &content.sources[*src];
            let mut done: Vec<(usize, Article, Vec<Problem>, Moves)> =
                Vec::with_capacity(uses.len());
            for &(vi, (category, slug)) in uses {
                let (dir, own) = (source.dir.as_str(), source.own_dir.as_str());
                // Shared when every image resolves to the same file, and every link to the same article, as in the
                // version rendered last.
                let reuse = done.last().filter(|(prev_vi, prev, _, moves)| {
                    prev.rendered.image_srcs.iter().all(|s| {
                        images.find(vi, dir, own, s).ok() == images.find(*prev_vi, dir, own, s).ok()
                    }) && *moves == link_moves(&prev.rendered, content, vi)
                });
                if let Some((_, prev, _, moves)) = reuse {
                    let article = Article {
                        version: vi,
                        ..prev.clone()
                    };
                    let moves = moves.clone();
                    done.push((vi, article, Vec::new(), moves));
                    continue;
                }
                let (article, found, moves) =
                    render_one(vi, category, slug, *src, source, content, images, cache);
                done.push((vi, article, found, moves));
            }
            done.into_iter().map(|(vi, a, found, _)| (vi, a, found))
        })
        .collect();
    let mut library: Library = vec![BTreeMap::new(); config.versions.len()];
    for (vi, article, found) in rendered {
        problems.extend(found);
        library[vi].insert((article.category.clone(), article.slug.clone()), article);
    }
    library
}

/// Links to articles whose address is not their file's (a `slug` in the front matter, a folder's lone `index.md`),
/// as `(category, file name, category, slug)`: rendering wrote them by the file (it knows only the Markdown), so they
/// are rewritten for the version.
type Moves = Vec<(String, String, String, String)>;

fn link_moves(rendered: &Rendered, content: &Content, vi: usize) -> Moves {
    let mut moves: Moves = rendered
        .links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::Article { category, slug, .. } => {
                let (to_c, to_s) = content.versions[vi]
                    .files
                    .get(&(category.clone(), slug.clone()))?;
                (to_c != category || to_s != slug)
                    .then(|| (category.clone(), slug.clone(), to_c.clone(), to_s.clone()))
            }
            _ => None,
        })
        .collect();
    moves.sort();
    moves.dedup();
    moves
}

/// The rendering with its links to `file.md` leading to the article's address, in the HTML and for the link checks.
/// `version_root` is the page's way to its version's address.
fn with_moves(rendered: &Arc<Rendered>, moves: &Moves, version_root: &str) -> Arc<Rendered> {
    if moves.is_empty() {
        return rendered.clone();
    }
    let mut r = Rendered::clone(rendered);
    for (category, from, to_c, to_s) in moves {
        // Rendering writes these hrefs itself (see `markdown::resolve_link`), so the text to replace is exact.
        r.html = r.html.replace(
            &format!("href=\"{version_root}{category}/{from}/"),
            &format!("href=\"{version_root}{to_c}/{to_s}/"),
        );
        for link in &mut r.links {
            if let LinkTarget::Article {
                category: c, slug, ..
            } = &mut link.target
            {
                if c == category && slug == from {
                    c.clone_from(to_c);
                    slug.clone_from(to_s);
                }
            }
        }
    }
    r.digest = 0;
    let mut digest = crate::incremental::key::Key::new();
    digest.add_postcard(&r);
    r.digest = digest.finish();
    Arc::new(r)
}

#[allow(clippy::too_many_arguments)]
fn render_one(
    vi: usize,
    category: &str,
    slug: &str,
    src: usize,
    source: &crate::load::content::Source,
    content: &Content,
    images: &Images,
    cache: &RenderCache,
) -> (Article, Vec<Problem>, Moves) {
    let root = article_root(category);
    let root = root.as_str();
    // Images are in the folder named after the file, whatever the article's slug.
    let (dir, own) = (source.dir.as_str(), source.own_dir.as_str());
    let image = |use_: &markdown::ImageUse| images.html(vi, dir, own, root, use_);
    let input = markdown::Input {
        file: &source.rel_path,
        text: &source.text,
        body_offset: source.body_offset,
        dir,
        front_title: source.front_matter.title.as_deref(),
        root,
    };
    let key = render_cache::key(&input);
    let entry = cache.get(key, &image).unwrap_or_else(|| {
        // Rendered now, recording what the image stage answered.
        let asked = Mutex::new(Vec::new());
        let image = |use_: &markdown::ImageUse| {
            let answer = image(use_);
            asked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((ImageCall::of(use_), render_cache::answer_hash(&answer)));
            answer
        };
        let widget = |name: &str| widgets::html(name, root);
        let hooks = Hooks {
            image: &image,
            widget: &widget,
        };
        let mut rendered = markdown::render(&input, &hooks);
        let problems = std::mem::take(&mut rendered.problems);
        let mut digest = crate::incremental::key::Key::new();
        digest.add_postcard(&rendered);
        rendered.digest = digest.finish();
        cache.put(
            key,
            Entry {
                images: asked.into_inner().unwrap_or_else(|e| e.into_inner()),
                rendered: Arc::new(rendered),
                problems,
            },
        )
    });
    let moves = link_moves(&entry.rendered, content, vi);
    let rendered = with_moves(&entry.rendered, &moves, &root[3..]);
    let mut found = entry.problems.clone();
    let fm = &source.front_matter;
    let title = fm.title.clone().or_else(|| rendered.h1_title.clone()).unwrap_or_else(|| {
        // A file without a title (a changelog, a note) is still an article: it is named after its file.
        let title = title_from_name(source.own_dir.rsplit('/').next().unwrap_or(slug));
        if !source.broken {
            found.push(
                Problem::warning(&source.rel_path, Some(1), format!("the article has no title: it is shown as {title:?}"))
                    .hint("add title = \"...\" to the front matter, or start the text with a `# Title` line"),
            );
        }
        title
    });
    let article = Article {
        version: vi,
        category: category.to_string(),
        slug: slug.to_string(),
        source: src,
        title,
        description: fm.description.clone(),
        updated: fm.updated.clone(),
        order: fm.order,
        aliases: fm.aliases.clone(),
        tags: fm.tags.clone(),
        rendered,
        files: Vec::new(),
        broken: source.broken,
    };
    (article, found, moves)
}

/// A title from a file or folder name: a URL-style name is spelled out (`reset-password` -> `Reset password`), any
/// other is shown as written (`CHANGELOG`, `Getting Started`).
fn title_from_name(name: &str) -> String {
    if !crate::load::names::is_valid_article_name(name) {
        return name.to_string();
    }
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
