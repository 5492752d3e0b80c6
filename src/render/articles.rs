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
    render_some(config, content, images, cache, |_| true, problems)
}

/// As [`render_all`], but only the articles of the source files `wanted` picks (by index in `content.sources`); the
/// others still count for the links between articles.
pub(crate) fn render_some(
    config: &SiteConfig,
    content: &Content,
    images: &Images,
    cache: &RenderCache,
    wanted: impl Fn(usize) -> bool,
    problems: &mut Problems,
) -> Library {
    // Per source file, the versions that show it (oldest first) and where.
    type Uses<'a> = Vec<(usize, &'a (String, String))>;
    let mut by_source: BTreeMap<usize, Uses> = BTreeMap::new();
    for (vi, vc) in content.versions.iter().enumerate() {
        for (key, &src) in &vc.articles {
            if wanted(src) {
                by_source.entry(src).or_default().push((vi, key));
            }
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
                    }) && *moves == link_moves(&prev.rendered, content, vi, &config.versions[vi].id)
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
                let (article, found, moves) = render_one(
                    config, vi, category, slug, *src, source, content, images, cache,
                );
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

/// Links whose address the version decides, as written by rendering (which knows only the Markdown) and as they
/// are in this version: `(href after the version's address, target)` before and after. An article's file whose slug
/// is not its file name, a folder's lone `index.md`, and, from a relative link to a folder or to a name without an
/// extension (`../billing/`, `./merge-tickets`, as MkDocs and Docusaurus sites write them), a section's page or an
/// article.
type Moves = Vec<((String, LinkTarget), (String, LinkTarget))>;

fn link_moves(rendered: &Rendered, content: &Content, vi: usize, version_id: &str) -> Moves {
    let vc = &content.versions[vi];
    let article = |category: &str, file: &str, fragment: &Option<String>| {
        let (c, s) = vc.files.get(&(category.to_string(), file.to_string()))?;
        Some((
            format!("{c}/{s}/"),
            LinkTarget::Article {
                category: c.clone(),
                slug: s.clone(),
                fragment: fragment.clone(),
            },
        ))
    };
    let mut moves: Moves = rendered
        .links
        .iter()
        .filter_map(|link| {
            let (from, to) = match &link.target {
                LinkTarget::Article {
                    category,
                    slug,
                    fragment,
                } => {
                    let to = article(category, slug, fragment)?;
                    (format!("{category}/{slug}/"), to)
                }
                LinkTarget::File { path, fragment } => {
                    let folder = path.ends_with('/');
                    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
                    let (dirs, last) = segments.split_at(segments.len() - 1);
                    let extensionless = !last[0].contains('.');
                    if !folder && !extensionless {
                        return None;
                    }
                    let parent = crate::load::names::folder_path(dirs).unwrap_or_default();
                    let name = crate::load::names::article(last[0].trim_start_matches('_'))?;
                    let section = crate::load::names::folder_path(&segments)
                        .filter(|c| vc.categories.contains_key(c));
                    let to = match section {
                        Some(c) => (
                            format!("{c}/"),
                            LinkTarget::Site {
                                path: format!("{version_id}/{c}/"),
                                fragment: fragment.clone(),
                            },
                        ),
                        None => article(&parent, &name, fragment)?,
                    };
                    (crate::render::file_links::encode(path), to)
                }
                _ => return None,
            };
            let changed = from != to.0 || !matches!(link.target, LinkTarget::Article { .. });
            changed.then(|| ((from, link.target.clone()), to))
        })
        .collect();
    moves.sort_by(|a, b| (&a.0 .0, &a.1 .0).cmp(&(&b.0 .0, &b.1 .0)));
    moves.dedup_by(|a, b| a.0 == b.0);
    moves
}

/// The rendering with the links of `moves` leading where the version has them, in the HTML and for the link checks.
/// `version_root` is the page's way to its version's address.
fn with_moves(rendered: &Arc<Rendered>, moves: &Moves, version_root: &str) -> Arc<Rendered> {
    if moves.is_empty() {
        return rendered.clone();
    }
    let mut r = Rendered::clone(rendered);
    for ((from, old), (to, new)) in moves {
        // Rendering writes these hrefs itself (see `hrefs::resolve_link`), so the text to replace is exact: the whole
        // address, up to its fragment or the attribute's end, so a file under an article's folder keeps its own.
        for end in ["\"", "#"] {
            r.html = r.html.replace(
                &format!("href=\"{version_root}{from}{end}"),
                &format!("href=\"{version_root}{to}{end}"),
            );
        }
        for link in &mut r.links {
            if same_target(&link.target, old) {
                link.target = with_fragment(new, &link.target);
            }
        }
    }
    r.seal();
    Arc::new(r)
}

/// Whether two targets are the same place, whatever their fragments.
fn same_target(a: &LinkTarget, b: &LinkTarget) -> bool {
    match (a, b) {
        (
            LinkTarget::Article {
                category: c1,
                slug: s1,
                ..
            },
            LinkTarget::Article {
                category: c2,
                slug: s2,
                ..
            },
        ) => c1 == c2 && s1 == s2,
        (LinkTarget::File { path: p1, .. }, LinkTarget::File { path: p2, .. }) => p1 == p2,
        _ => false,
    }
}

/// `target` with the fragment of `link`.
fn with_fragment(target: &LinkTarget, link: &LinkTarget) -> LinkTarget {
    let fragment = match link {
        LinkTarget::Article { fragment, .. } | LinkTarget::File { fragment, .. } => {
            fragment.clone()
        }
        _ => None,
    };
    match target.clone() {
        LinkTarget::Article { category, slug, .. } => LinkTarget::Article {
            category,
            slug,
            fragment,
        },
        LinkTarget::Site { path, .. } => LinkTarget::Site { path, fragment },
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
fn render_one(
    config: &SiteConfig,
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
        rendered.seal();
        cache.put(
            key,
            Entry {
                images: asked.into_inner().unwrap_or_else(|e| e.into_inner()),
                rendered: Arc::new(rendered),
                problems,
            },
        )
    });
    let moves = link_moves(&entry.rendered, content, vi, &config.versions[vi].id);
    let rendered = with_moves(&entry.rendered, &moves, &root[3..]);
    let mut found = entry.problems.clone();
    let fm = &source.front_matter;
    let title = fm.title.clone().or_else(|| rendered.h1_title.clone()).unwrap_or_else(|| {
        // A file without a title (a changelog, a note) is still an article: it is named after its file.
        let name = source.own_dir.rsplit('/').next().unwrap_or(slug);
        let title = crate::load::names::title(name, crate::load::names::Titled::Article);
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
