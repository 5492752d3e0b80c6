//! Every page of the built site, rendered through the theme: per version a home page, category pages and article
//! pages (the latest version a second time under `/latest/`), redirects for moved articles, the site root, 404,
//! sitemap and robots.txt.

mod aliases;
mod contexts;
pub(crate) mod copies;
mod json_ld;
pub(crate) mod languages;
pub(crate) mod messages;
pub(crate) mod related;
pub(crate) mod script_texts;
pub(crate) mod support;
pub(crate) mod tags;
pub mod theme;
pub(crate) mod versions;

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::Output;
use crate::pages::contexts::{
    ArticleCtx, Banner, CategoryCtx, Common, Link, Redirect, SiteCtx, TagCtx, VersionCtx,
    WithArticle, WithCategories, WithCategory, WithTag,
};
use crate::pages::theme::{AssetPaths, Theme};
use crate::pages::versions::Switch;
use crate::render::articles::{article_root, Article, Library};
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

/// The Content-Security-Policy of a page: our own files only; WebAssembly only where a widget needs it; connections
/// to one other origin only where site.toml names a feedback endpoint there.
pub(crate) fn csp(wasm: bool, connect: Option<&str>) -> String {
    let script = if wasm {
        "'self' 'wasm-unsafe-eval'"
    } else {
        "'self'"
    };
    let connect = match connect {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

pub(crate) struct Pages<'a> {
    pub config: &'a SiteConfig,
    pub content: &'a Content,
    pub library: &'a Library,
    pub theme: &'a Theme,
    /// The theme's file paths the pages name: the theme's own, but for a language tree's search manifests.
    assets: &'a AssetPaths,
    /// The last build's key of each page (see [`crate::incremental::state`]): a page with the same key is kept as it is.
    pub previous: Option<&'a HashMap<String, u64>>,
    /// This build's key of each page, for the next build.
    pub keys: Mutex<HashMap<String, u64>>,
    /// Every redirect page written, as (its folder, the folder it sends to), both from the site root ("" is the
    /// root): for the hosts that redirect by themselves.
    pub redirects: Mutex<Vec<(String, String)>>,
    /// See [`Pages::site_key`].
    site: u64,
    tags: tags::Tags,
    /// The feedback endpoint's origin, which pages may send answers to.
    connect: Option<String>,
    /// Per version, each article's related, previous and next articles.
    nav: Vec<BTreeMap<(String, String), related::Nav>>,
    /// The language tree these pages are in, on a site with `languages` (see [`languages`]).
    pub tree: Option<languages::Tree<'a>>,
    /// Pages of other languages' trees for the sitemap, written by the default language's.
    pub sitemap_extra: Vec<String>,
    /// The theme's strings of every language: set before pages are written.
    pub messages: Option<&'a messages::Messages>,
    /// See [`Pages::t`] and [`Pages::strings_key`].
    template_strings: OnceLock<BTreeMap<String, String>>,
    strings_key: OnceLock<u64>,
}

/// A page to render: its template and context.
struct Job<C> {
    template: &'static str,
    ctx: C,
}

/// An article whose HTML is longer than this is several screens on a phone: it ends with a way back to the top.
const LONG_PAGE_BYTES: usize = 6000;

/// Sorted for listing: by `order` (unset last), then title.
fn sort_key(order: Option<i64>, title: &str) -> (i64, String) {
    (order.unwrap_or(i64::MAX), title.to_lowercase())
}

/// An article's place in its category's list: a folder's own page (`index.md`, `README.md`) without an order comes
/// first, as the overview it is.
fn article_sort_key(a: &Article, file_slug: &str) -> (i64, String) {
    let overview = matches!(file_slug, "index" | "readme");
    sort_key(a.order.or(overview.then_some(i64::MIN)), &a.title)
}

/// The articles of `category` in version `vi`, in the order its page lists them.
fn listed<'l>(
    content: &Content,
    library: &'l Library,
    vi: usize,
    category: &str,
) -> Vec<&'l Article> {
    let mut articles: Vec<(&Article, (i64, String))> = library[vi]
        .values()
        .filter(|a| a.category == category)
        .map(|a| (a, article_sort_key(a, &content.sources[a.source].file_slug)))
        .collect();
    articles.sort_by(|x, y| x.1.cmp(&y.1));
    articles.into_iter().map(|(a, _)| a).collect()
}

/// The library key a `[home] pinned` entry (`category/article`) names.
fn pinned_key(entry: &str) -> Option<(String, String)> {
    let (c, s) = entry.trim_matches('/').rsplit_once('/')?;
    Some((c.to_string(), s.to_string()))
}

/// How many folders deep a category's page is below its version's address.
fn depth(category: &str) -> usize {
    category.split('/').count()
}

impl<'a> Pages<'a> {
    pub(crate) fn new(
        config: &'a SiteConfig,
        content: &'a Content,
        library: &'a Library,
        theme: &'a Theme,
        previous: Option<&'a HashMap<String, u64>>,
        problems: &mut Problems,
    ) -> Self {
        let listing = |vi: usize, category: &str| {
            listed(content, library, vi, category)
                .into_iter()
                .map(|a| (a.category.clone(), a.slug.clone()))
                .collect()
        };
        let nav = related::collect(content, library, &listing, problems);
        for entry in &config.home.pinned {
            let found =
                pinned_key(entry).is_some_and(|key| library.iter().any(|v| v.contains_key(&key)));
            if !found {
                let line = std::fs::read_to_string(content.root.join("content/site.toml"))
                    .ok()
                    .and_then(|t| t.lines().position(|l| l.contains(&format!("\"{entry}\""))))
                    .map(|i| i + 1);
                problems.push(
                    Problem::error("content/site.toml", line, format!("[home] pinned names {entry:?}, which is no article of any version"))
                        .hint("write each pinned article as `category/article`, as in its address (\"email/how-to-connect-gmail\")"),
                );
            }
        }
        let mut pages = Pages {
            config,
            content,
            library,
            theme,
            assets: &theme.paths,
            previous,
            keys: Default::default(),
            redirects: Default::default(),
            site: 0,
            tags: tags::collect(library),
            connect: config.support.endpoint_origin(),
            nav,
            tree: None,
            sitemap_extra: Vec::new(),
            messages: None,
            template_strings: OnceLock::new(),
            strings_key: OnceLock::new(),
        };
        pages.site = pages.site_key();
        pages
    }

    /// The same pages naming `assets` for the theme's files (a language tree's, with its search index).
    pub(crate) fn with_assets(mut self, assets: &'a AssetPaths) -> Self {
        self.assets = assets;
        self.site = self.site_key();
        self
    }

    fn site(&self) -> SiteCtx<'a> {
        SiteCtx {
            title: &self.config.title,
            product: &self.config.product,
            base_url: self.config.base(),
            language: self.tree.as_ref().map_or(&self.config.language, |t| {
                &self.config.languages[t.index].code
            }),
            announcement: self.config.home.announcement.as_deref(),
            announcement_url: self.config.home.announcement_url.as_deref(),
            announcement_id: self
                .config
                .home
                .announcement
                .as_deref()
                .map(|a| format!("{:016x}", xxhash_rust::xxh3::xxh3_64(a.as_bytes())))
                .unwrap_or_default(),
        }
    }

    fn version(&self, vi: usize) -> VersionCtx<'a> {
        let v = &self.config.versions[vi];
        VersionCtx {
            id: &v.id,
            label: &v.label,
            status: v.status.as_str(),
            is_latest: vi == self.config.latest_index(),
        }
    }

    /// Published address of `rest` in version `vi`; the latest version's pages are published under /latest/.
    fn public_url(&self, vi: usize, rest: &str) -> String {
        let prefix = if vi == self.config.latest_index() {
            "latest"
        } else {
            &self.config.versions[vi].id
        };
        format!("{}{}{prefix}/{rest}", self.config.base(), self.prefix())
    }

    /// The theme's strings in this tree's language (English on a site without `languages`).
    /// Every one of the theme's strings in this tree's language.
    fn strings(&self) -> &'a BTreeMap<String, String> {
        let code = match &self.tree {
            Some(t) => self.config.languages[t.index].code.as_str(),
            None => self.config.default_theme_language(),
        };
        messages::Messages::all_of(self.messages, code)
    }

    /// The theme's strings a page's templates get as `t`: those the built-in templates read, or every one when the
    /// site has templates of its own (see [`Theme::strings_read`]). A page's context is serialised for Tera, and most
    /// strings are the scripts' and the widget's.
    fn t(&'a self) -> &'a BTreeMap<String, String> {
        let all = self.strings();
        match &self.theme.strings_read {
            None => all,
            Some(read) => self.template_strings.get_or_init(|| {
                all.iter()
                    .filter(|(k, _)| read.contains(k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            }),
        }
    }

    /// A digest of every one of the theme's strings, for the pages' keys: made once, not per page.
    fn strings_key(&self) -> u64 {
        *self.strings_key.get_or_init(|| {
            let mut key = crate::incremental::key::Key::new();
            key.add(self.strings());
            key.finish()
        })
    }

    /// One of the theme's strings in this tree's language.
    fn text(&self, key: &str) -> String {
        self.strings().get(key).cloned().unwrap_or_default()
    }

    /// The folder of this language's tree below the site root: "" but for a language other than the default.
    fn prefix(&self) -> String {
        self.tree
            .as_ref()
            .map(|t| t.prefix(self.config))
            .unwrap_or_default()
    }

    #[allow(clippy::too_many_arguments)]
    fn common(
        &'a self,
        vi: usize,
        root: String,
        home_url: String,
        rest: &str,
        title: String,
        description: Option<String>,
        versions: Vec<Switch>,
        in_latest: Option<Option<String>>,
        wasm: bool,
        language: Option<languages::LanguageCtx>,
    ) -> Common<'a> {
        let latest = self.config.latest_index();
        let is_latest = vi == latest;
        let (canonical, banner) = if is_latest {
            (Some(self.public_url(vi, rest)), None)
        } else {
            match in_latest {
                Some(map) => (
                    Some(self.public_url(latest, rest)),
                    Some(Banner {
                        url: format!("{root}latest/{rest}"),
                        text: self.text("banner_latest_page"),
                        map,
                    }),
                ),
                None => (
                    Some(self.public_url(vi, rest)),
                    Some(Banner {
                        url: format!("{root}latest/"),
                        text: self.text("banner_latest_home"),
                        map: None,
                    }),
                ),
            }
        };
        let root = format!("{}{root}", "../".repeat(self.prefix().matches('/').count()));
        let language = language.or_else(|| {
            self.tree
                .as_ref()
                .map(|t| t.ctx(self.config, vi, &root, rest, None))
        });
        Common {
            site: self.site(),
            version: self.version(vi),
            versions,
            language,
            t: self.t(),
            root,
            home_url,
            assets: self.assets,
            scripts: if wasm {
                vec![self.assets.widget_js.clone()]
            } else {
                Vec::new()
            },
            csp: csp(wasm, self.connect.as_deref()),
            page_title: title,
            description,
            canonical,
            noindex: !is_latest,
            banner,
            page_url: self.public_url(vi, rest),
        }
    }

    /// An article page's language context (see [`languages::Tree::ctx`]), made once for its key and its page.
    fn article_language(&self, a: &Article) -> Option<languages::LanguageCtx> {
        self.tree.as_ref().map(|t| {
            let root = format!(
                "{}{}",
                "../".repeat(self.prefix().matches('/').count()),
                article_root(&a.category)
            );
            let rest = format!("{}/{}/", a.category, a.slug);
            t.ctx(self.config, a.version, &root, &rest, Some(a))
        })
    }

    fn article_page(
        &'a self,
        a: &'a Article,
        language: Option<languages::LanguageCtx>,
    ) -> Job<WithArticle<'a>> {
        let vi = a.version;
        let rest = format!("{}/{}/", a.category, a.slug);
        let key = (a.category.clone(), a.slug.clone());
        let map_to = |wi: usize| {
            self.library[wi]
                .get(&key)
                .map(|b| Some(crate::render::step_map::map_attr(&a.rendered, &b.rendered)))
        };
        let root = article_root(&a.category);
        let switch = versions::switcher(self.config, vi, &root, &rest, map_to);
        // The switcher's entry for the latest version has its map already (a map costs a walk of both renderings);
        // a page of the latest version needs none.
        let latest = self.config.latest_index();
        let in_latest = match vi == latest {
            true => None,
            false => switch
                .iter()
                .find(|s| s.id == self.config.versions[latest].id)
                .filter(|s| s.available)
                .map(|s| s.map.clone()),
        };
        let wasm = !a.rendered.widgets.is_empty();
        let d = depth(&a.category);
        let trail = self.trail(vi, &a.category, d + 1);
        let mut common = self.common(
            vi,
            root,
            "../".repeat(d + 1),
            &rest,
            a.title.clone(),
            a.description.clone(),
            switch,
            in_latest,
            wasm,
            language,
        );
        // Untranslated, the page is the source's text: not one to index in this language.
        if common
            .language
            .as_ref()
            .is_some_and(|l| l.fallback.is_some())
        {
            common.noindex = true;
        }
        let category = trail.last().map_or_else(
            || Link {
                title: a.category.clone(),
                url: "../".into(),
                description: None,
            },
            |c| Link {
                title: c.title.clone(),
                url: c.url.clone(),
                description: None,
            },
        );
        let json_ld = json_ld::json_ld(
            &common.page_url,
            a,
            self.config,
            common.canonical.as_deref(),
        );
        let support_links = support::links(
            &self.config.support,
            &a.title,
            &self.config.versions[vi].label,
            &common.page_url,
            &self.text("support_contact_text"),
        );
        let custom = self.theme.custom;
        let ctx = WithArticle {
            common,
            article: ArticleCtx {
                title: &a.title,
                description: a.description.as_deref(),
                updated: a.updated.as_deref(),
                tags: &a.tags,
                tag_links: tags::links(a, &"../".repeat(d + 1)),
                extra: custom.then_some(&self.content.sources[a.source].front_matter.extra),
                content: &a.rendered.html,
                toc: a
                    .rendered
                    .headings
                    .iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .collect(),
                steps: custom.then_some(a.rendered.steps.as_slice()),
                json_ld,
                category,
                trail,
                nav: &self.nav[vi][&key],
                long: a.rendered.html.len() > LONG_PAGE_BYTES,
                support: support_links,
                markdown: format!("../{}.md", a.slug),
            },
        };
        Job {
            template: "article.html",
            ctx,
        }
    }

    /// Breadcrumb links to `category` and the categories it is in, from a page `up` folders below the version's
    /// address and inside `category`'s folder: each is the right number of `../` up.
    fn trail(&self, vi: usize, category: &str, up: usize) -> Vec<Link> {
        let cats = &self.content.versions[vi].categories;
        crate::load::names::lineage(category)
            .into_iter()
            .filter_map(|path| cats.get(path))
            .map(|c| Link {
                title: c.title.clone(),
                url: "../".repeat(up - depth(&c.slug)),
                description: None,
            })
            .collect()
    }

    /// What a page shows of the category at `path`: its sections and articles, with URLs from a page `up` folders
    /// below the version's address.
    fn category_ctx(&self, vi: usize, path: &str, up: usize) -> CategoryCtx {
        let vc = &self.content.versions[vi];
        let c = &vc.categories[path];
        let from = "../".repeat(up);
        let articles = listed(self.content, self.library, vi, &c.slug);
        let mut sections: Vec<&crate::load::content::Category> = vc
            .categories
            .values()
            .filter(|s| s.parent() == Some(path))
            .collect();
        sections.sort_by_key(|s| sort_key(s.order, &s.title));
        // Breadcrumbs only on the category's own page, whose folder is `up` below the version's address.
        let mut trail = if up == depth(path) {
            self.trail(vi, path, up)
        } else {
            Vec::new()
        };
        trail.pop();
        let inside = format!("{}/", c.slug);
        let count = self.library[vi]
            .values()
            .filter(|a| a.category == c.slug || a.category.starts_with(&inside))
            .count();
        CategoryCtx {
            count,
            slug: c.slug.clone(),
            title: c.title.clone(),
            description: c.description.clone(),
            url: format!("{from}{}/", c.slug),
            trail,
            sections: sections
                .iter()
                .map(|s| Link {
                    title: s.title.clone(),
                    url: format!("{from}{}/", s.slug),
                    description: s.description.clone(),
                })
                .collect(),
            articles: articles
                .iter()
                .map(|a| Link {
                    title: a.title.clone(),
                    url: format!("{from}{}/{}/", a.category, a.slug),
                    description: a.description.clone(),
                })
                .collect(),
        }
    }

    /// The top-level categories, in order, as the version's home page shows them.
    fn categories(&self, vi: usize) -> Vec<CategoryCtx> {
        let mut top: Vec<&crate::load::content::Category> = self.content.versions[vi]
            .categories
            .values()
            .filter(|c| c.parent().is_none())
            .collect();
        top.sort_by_key(|c| sort_key(c.order, &c.title));
        top.iter()
            .map(|c| self.category_ctx(vi, &c.slug, 0))
            .collect()
    }

    fn home_page(&'a self, vi: usize) -> Job<WithCategories<'a>> {
        let switch = versions::switcher(self.config, vi, "../", "", |_| Some(None));
        let common = self.common(
            vi,
            "../".into(),
            "./".into(),
            "",
            self.config.title.clone(),
            None,
            switch,
            Some(None),
            false,
            None,
        );
        let pinned = self
            .config
            .home
            .pinned
            .iter()
            .filter_map(|p| self.library[vi].get(&pinned_key(p)?))
            .map(|a| Link {
                title: a.title.clone(),
                url: format!("{}/{}/", a.category, a.slug),
                description: a.description.clone(),
            })
            .collect();
        let ctx = WithCategories {
            common,
            categories: self.categories(vi),
            pinned,
        };
        Job {
            template: "home.html",
            ctx,
        }
    }

    fn tag_page(&'a self, vi: usize, slug: &str) -> Job<WithTag<'a>> {
        let tag = &self.tags[vi][slug];
        let rest = format!("{}/{slug}/", crate::load::names::TAGS);
        let exists_in = |wi: usize| self.tags[wi].contains_key(slug).then_some(None);
        let switch = versions::switcher(self.config, vi, "../../../", &rest, exists_in);
        let in_latest = exists_in(self.config.latest_index());
        let mut articles: Vec<&Article> = tag
            .articles
            .iter()
            .filter_map(|key| self.library[vi].get(key))
            .collect();
        articles.sort_by_key(|a| sort_key(a.order, &a.title));
        let common = self.common(
            vi,
            "../../../".into(),
            "../../".into(),
            &rest,
            format!("{} {}", self.text("articles_tagged"), tag.name),
            None,
            switch,
            in_latest,
            false,
            None,
        );
        let ctx = WithTag {
            common,
            tag: TagCtx {
                name: tag.name.clone(),
                slug: slug.to_string(),
                articles: articles
                    .iter()
                    .map(|a| Link {
                        title: a.title.clone(),
                        url: format!("../../{}/{}/", a.category, a.slug),
                        description: a.description.clone(),
                    })
                    .collect(),
            },
        };
        Job {
            template: "tag.html",
            ctx,
        }
    }

    fn category_page(&'a self, vi: usize, path: &str) -> Job<WithCategory<'a>> {
        let d = depth(path);
        let category = self.category_ctx(vi, path, d);
        let rest = format!("{path}/");
        let exists_in = |wi: usize| {
            self.content.versions[wi]
                .categories
                .contains_key(path)
                .then_some(None)
        };
        let root = "../".repeat(d + 1);
        let switch = versions::switcher(self.config, vi, &root, &rest, exists_in);
        let in_latest = exists_in(self.config.latest_index());
        let common = self.common(
            vi,
            root,
            "../".repeat(d),
            &rest,
            category.title.clone(),
            category.description.clone(),
            switch,
            in_latest,
            false,
            None,
        );
        Job {
            template: "category.html",
            ctx: WithCategory { common, category },
        }
    }

    /// A page at `path` (a folder, relative to the site root) that sends readers to `target` (relative to that folder).
    fn redirect(
        &self,
        path: &str,
        target: String,
        canonical: String,
        title: &str,
    ) -> Result<String, Problem> {
        let depth = path
            .trim_end_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .count();
        let root = "../".repeat(depth);
        let ctx = Redirect {
            site: self.site(),
            root: &root,
            assets: self.assets,
            csp: csp(false, None),
            canonical,
            target,
            target_title: title,
        };
        self.theme.render("redirect.html", &ctx)
    }

    /// The key of a page: the theme's templates, the template and its context.
    fn key<C: Serialize>(&self, job: &Job<C>) -> u64 {
        let mut key = crate::incremental::key::Key::new();
        key.add(&self.theme.key).add(&job.template).add(&job.ctx);
        key.finish()
    }

    /// What every page is made from besides its own data: the templates, the theme's files, the site's settings.
    fn site_key(&self) -> u64 {
        let mut key = crate::incremental::key::Key::new();
        key.add_bytes(&self.theme.key.to_le_bytes())
            .add_postcard(self.assets)
            .add_postcard(self.config);
        key.finish()
    }

    /// The key of an article's page, from everything [`Pages::article_page`] reads: the site, the article's version,
    /// path, title, description, date, tags, other front matter and rendering, its category's title, and the rendering
    /// of its edition in every
    /// version (for the version switcher's maps), the theme's strings, and on a site with languages its language
    /// context (the switcher's maps from every language's edition, the untranslated and out-of-date notices). Tests
    /// compare rebuilds after every kind of edit with clean builds.
    fn article_key(&self, a: &Article, language: Option<&languages::LanguageCtx>) -> u64 {
        let mut key = crate::incremental::key::Key::new();
        key.add_bytes(&self.site.to_le_bytes())
            .add_bytes(b"article.html")
            .add_bytes(&(a.version as u64).to_le_bytes())
            .add_bytes(a.category.as_bytes())
            .add_bytes(a.slug.as_bytes())
            .add_bytes(a.title.as_bytes())
            .add_postcard(&a.description)
            .add_postcard(&a.updated)
            .add_postcard(&a.tags)
            .add(&self.content.sources[a.source].front_matter.extra)
            .add_bytes(&a.rendered.digest.to_le_bytes());
        // The breadcrumbs' titles.
        let cats = &self.content.versions[a.version].categories;
        for path in crate::load::names::lineage(&a.category) {
            key.add_postcard(&cats.get(path).map(|c| &c.title));
        }
        let path = (a.category.clone(), a.slug.clone());
        key.add_postcard(&self.nav[a.version].get(&path));
        for editions in self.library.iter() {
            key.add_postcard(&editions.get(&path).map(|b| b.rendered.digest));
        }
        // The theme's strings it shows (a site may change them in templates/messages/).
        key.add_bytes(&self.strings_key().to_le_bytes());
        // Its language, switcher maps and notice, on a site with languages.
        if let Some(language) = language {
            key.add(language);
        }
        key.finish()
    }

    /// Writes the page at `rest` under each of `prefixes` (a version's id, and `latest` for the latest version),
    /// rendering it only when the last build's page had another key or is not there as it was written.
    fn emit(
        &self,
        out: &Output,
        prefixes: &[String],
        rest: &str,
        key: u64,
        render: &dyn Fn() -> Result<String, Problem>,
    ) -> Result<usize, Problem> {
        let tree = self.prefix();
        let paths: Vec<String> = prefixes
            .iter()
            .map(|p| format!("{tree}{p}/{rest}"))
            .collect();
        {
            let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
            for p in &paths {
                keys.insert(p.clone(), key);
            }
        }
        let same = |p: &String| self.previous.and_then(|prev| prev.get(p)) == Some(&key);
        if paths.iter().all(|p| same(p) && out.can_keep(p)) {
            for p in &paths {
                out.keep(p);
            }
            return Ok(paths.len());
        }
        let html = render()?;
        let first = &paths[0];
        out.write(first, html.as_bytes())
            .map_err(|e| Problem::error(first, None, e))?;
        for path in &paths[1..] {
            out.write_copy(path, first, html.as_bytes())
                .map_err(|e| Problem::error(path, None, e))?;
        }
        Ok(paths.len())
    }

    /// Renders and writes every page. Returns the number of pages.
    pub(crate) fn write(&self, out: &Output, problems: &mut Problems) -> usize {
        let latest = self.config.latest_index();
        // Every version: home, categories, articles; the latest also under latest/. Identical bytes in both places
        // (all links inside are relative), so the second is a copy of the first.
        let results: Vec<Result<usize, Problem>> = (0..self.config.versions.len())
            .into_par_iter()
            .flat_map(|vi| {
                let mut prefixes = vec![self.config.versions[vi].id.clone()];
                if vi == latest {
                    prefixes.push("latest".to_string());
                }
                let emit = |rest: &str, key: u64, render: &dyn Fn() -> Result<String, Problem>| {
                    self.emit(out, &prefixes, rest, key, render)
                };
                let home = self.home_page(vi);
                let key = self.key(&home);
                let mut jobs: Vec<Result<usize, Problem>> = vec![emit("index.html", key, &|| {
                    self.theme.render(home.template, &home.ctx)
                })];
                for path in self.content.versions[vi].categories.keys() {
                    let rest = format!("{path}/index.html");
                    let job = self.category_page(vi, path);
                    let key = self.key(&job);
                    jobs.push(emit(&rest, key, &|| {
                        self.theme.render(job.template, &job.ctx)
                    }));
                }
                for slug in self.tags[vi].keys() {
                    let rest = format!("{}/{slug}/index.html", crate::load::names::TAGS);
                    let job = self.tag_page(vi, slug);
                    let key = self.key(&job);
                    jobs.push(emit(&rest, key, &|| {
                        self.theme.render(job.template, &job.ctx)
                    }));
                }
                let articles: Vec<Result<usize, Problem>> = self.library[vi]
                    .par_iter()
                    .map(|((c, s), a)| {
                        // Keyed by what its context is made from, so a page kept as it is costs no context.
                        let language = self.article_language(a);
                        let key = self.article_key(a, language.as_ref());
                        emit(&format!("{c}/{s}/index.html"), key, &|| {
                            let job = self.article_page(a, language.clone());
                            self.theme.render(job.template, &job.ctx)
                        })
                    })
                    .collect();
                jobs.extend(articles);
                jobs
            })
            .collect();
        let mut pages = 0;
        for r in results {
            match r {
                Ok(n) => pages += n,
                Err(p) => problems.push(p),
            }
        }
        if self.prefix().is_empty() {
            pages += self.write_site_files(out, problems);
        }
        pages
    }

    /// Root redirect, 404, redirects for aliases, sitemap, robots.txt.
    fn write_site_files(&self, out: &Output, problems: &mut Problems) -> usize {
        let base = self.config.base();
        let latest = self.config.latest_index();
        let mut pages = 0;
        let aliases = self.aliases(problems);
        let mut emit = |path: &str, result: Result<String, Problem>| match result.and_then(|html| {
            out.write(path, html.as_bytes())
                .map_err(|e| Problem::error(path, None, e))
        }) {
            Ok(()) => pages += 1,
            Err(p) => problems.push(p),
        };
        emit(
            "index.html",
            self.redirect(
                "",
                "latest/".into(),
                format!("{base}latest/"),
                &self.config.title,
            ),
        );

        let base_path = self.config.base_path();
        let home_404 = format!("{base_path}latest/");
        let common = self.common(
            latest,
            base_path.clone(),
            home_404,
            "",
            self.text("page_not_found"),
            None,
            Vec::new(),
            Some(None),
            false,
            None,
        );
        let not_found = Common {
            canonical: None,
            noindex: true,
            ..common
        };
        emit("404.html", self.theme.render("404.html", &not_found));

        let mut redirects = vec![(String::new(), "latest/".to_string())];
        for (path, (_, canonical, _)) in &aliases {
            let to = canonical.strip_prefix(base.as_str()).unwrap_or(canonical);
            redirects.push((path.clone(), to.to_string()));
        }
        *self.redirects.lock().unwrap_or_else(|e| e.into_inner()) = redirects;
        for (path, (target, canonical, title)) in aliases {
            emit(
                &format!("{path}index.html"),
                self.redirect(&path, target, canonical, &title),
            );
        }

        let mut urls: Vec<String> = vec![format!("{base}latest/")];
        for c in self.content.versions[latest].categories.keys() {
            urls.push(format!("{base}latest/{c}/"));
        }
        for (c, s) in self.library[latest].keys() {
            urls.push(format!("{base}latest/{c}/{s}/"));
        }
        for t in self.tags[latest].keys() {
            urls.push(format!("{base}latest/{}/{t}/", crate::load::names::TAGS));
        }
        urls.extend(self.sitemap_extra.iter().cloned());
        urls.sort();
        let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for u in urls {
            sitemap.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::html::escape(&u)
            ));
        }
        sitemap.push_str("</urlset>\n");
        if let Err(e) = out.write("sitemap.xml", sitemap.as_bytes()) {
            problems.push(Problem::error("sitemap.xml", None, e));
        }
        let robots = format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n");
        if let Err(e) = out.write("robots.txt", robots.as_bytes()) {
            problems.push(Problem::error("robots.txt", None, e));
        }
        pages
    }
}
