//! Every page of the built site, rendered through the theme: per version a home page, category pages and article
//! pages (the latest version a second time under `/latest/`), redirects for moved articles, the site root, 404,
//! sitemap and robots.txt.

pub mod theme;
pub(crate) mod versions;

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::Output;
use crate::pages::theme::{AssetPaths, Theme};
use crate::pages::versions::Switch;
use crate::render::articles::{Article, Library, ARTICLE_ROOT};
use crate::render::markdown::Heading;
use crate::render::widgets;
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    product: &'a str,
    base_url: String,
    language: &'a str,
}

#[derive(Serialize, Clone)]
struct VersionCtx<'a> {
    id: &'a str,
    label: &'a str,
    status: &'a str,
    is_latest: bool,
}

#[derive(Serialize)]
struct Banner {
    url: String,
    text: &'static str,
    map: Option<String>,
}

/// What every template receives.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteCtx<'a>,
    version: VersionCtx<'a>,
    versions: Vec<Switch>,
    root: &'a str,
    home_url: &'a str,
    assets: &'a AssetPaths,
    scripts: Vec<String>,
    csp: String,
    page_title: String,
    description: Option<String>,
    canonical: Option<String>,
    noindex: bool,
    banner: Option<Banner>,
    page_url: String,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
    description: Option<String>,
}

#[derive(Serialize)]
struct CategoryCtx {
    slug: String,
    title: String,
    description: Option<String>,
    url: String,
    articles: Vec<Link>,
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    updated: Option<&'a str>,
    tags: &'a [String],
    /// The front matter's keys that are not helpsite's, sorted, for templates.
    extra: &'a BTreeMap<String, serde_json::Value>,
    content: &'a str,
    toc: Vec<&'a Heading>,
    steps: &'a [crate::render::steps::Step],
    category: Link,
}

#[derive(Serialize)]
struct WithArticle<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    article: ArticleCtx<'a>,
}

#[derive(Serialize)]
struct WithCategories<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    categories: Vec<CategoryCtx>,
}

#[derive(Serialize)]
struct WithCategory<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    category: CategoryCtx,
}

#[derive(Serialize)]
struct Redirect<'a> {
    site: SiteCtx<'a>,
    root: &'a str,
    assets: &'a AssetPaths,
    csp: String,
    canonical: String,
    target: String,
    target_title: &'a str,
}

/// The Content-Security-Policy of a page: our own files only; WebAssembly only where a widget needs it.
pub(crate) fn csp(wasm: bool) -> String {
    let script = if wasm {
        "'self' 'wasm-unsafe-eval'"
    } else {
        "'self'"
    };
    format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

pub(crate) struct Pages<'a> {
    pub config: &'a SiteConfig,
    pub content: &'a Content,
    pub library: &'a Library,
    pub theme: &'a Theme,
    /// The last build's key of each page (see [`crate::incremental::state`]): a page with the same key is kept as it is.
    pub previous: Option<&'a HashMap<String, u64>>,
    /// This build's key of each page, for the next build.
    pub keys: Mutex<HashMap<String, u64>>,
    /// See [`Pages::site_key`].
    site: u64,
}

/// A page to render: its template and context.
struct Job<C> {
    template: &'static str,
    ctx: C,
}

/// Sorted for listing: by `order` (unset last), then title.
fn sort_key(order: Option<i64>, title: &str) -> (i64, String) {
    (order.unwrap_or(i64::MAX), title.to_lowercase())
}

impl<'a> Pages<'a> {
    pub(crate) fn new(
        config: &'a SiteConfig,
        content: &'a Content,
        library: &'a Library,
        theme: &'a Theme,
        previous: Option<&'a HashMap<String, u64>>,
    ) -> Self {
        let mut pages = Pages {
            config,
            content,
            library,
            theme,
            previous,
            keys: Default::default(),
            site: 0,
        };
        pages.site = pages.site_key();
        pages
    }

    fn site(&self) -> SiteCtx<'a> {
        SiteCtx {
            title: &self.config.title,
            product: &self.config.product,
            base_url: self.config.base(),
            language: &self.config.language,
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
        format!("{}{prefix}/{rest}", self.config.base())
    }

    #[allow(clippy::too_many_arguments)]
    fn common(
        &self,
        vi: usize,
        root: &'a str,
        home_url: &'a str,
        rest: &str,
        title: String,
        description: Option<String>,
        versions: Vec<Switch>,
        in_latest: Option<Option<String>>,
        wasm: bool,
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
                        text: "Read the latest version of this page",
                        map,
                    }),
                ),
                None => (
                    Some(self.public_url(vi, rest)),
                    Some(Banner {
                        url: format!("{root}latest/"),
                        text: "Go to the help for the latest version",
                        map: None,
                    }),
                ),
            }
        };
        Common {
            site: self.site(),
            version: self.version(vi),
            versions,
            root,
            home_url,
            assets: &self.theme.paths,
            scripts: if wasm {
                vec![widgets::script_path()]
            } else {
                Vec::new()
            },
            csp: csp(wasm),
            page_title: title,
            description,
            canonical,
            noindex: !is_latest,
            banner,
            page_url: self.public_url(vi, rest),
        }
    }

    fn article_page(&'a self, a: &'a Article) -> Job<WithArticle<'a>> {
        let vi = a.version;
        let rest = format!("{}/{}/", a.category, a.slug);
        let key = (a.category.clone(), a.slug.clone());
        let map_to = |wi: usize| {
            self.library[wi]
                .get(&key)
                .map(|b| versions::map_json(&versions::id_map(&a.rendered, &b.rendered)))
        };
        let switch = versions::switcher(self.config, vi, ARTICLE_ROOT, &rest, map_to);
        let in_latest = map_to(self.config.latest_index());
        let category = &self.content.versions[vi].categories[&a.category];
        let wasm = !a.rendered.widgets.is_empty();
        let common = self.common(
            vi,
            ARTICLE_ROOT,
            "../../",
            &rest,
            a.title.clone(),
            a.description.clone(),
            switch,
            in_latest,
            wasm,
        );
        let ctx = WithArticle {
            common,
            article: ArticleCtx {
                title: &a.title,
                description: a.description.as_deref(),
                updated: a.updated.as_deref(),
                tags: &a.tags,
                extra: &self.content.sources[a.source].front_matter.extra,
                content: &a.rendered.html,
                toc: a
                    .rendered
                    .headings
                    .iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .collect(),
                steps: &a.rendered.steps,
                category: Link {
                    title: category.title.clone(),
                    url: "../".into(),
                    description: None,
                },
            },
        };
        Job {
            template: "article.html",
            ctx,
        }
    }

    fn categories(&self, vi: usize, prefix: &str) -> Vec<CategoryCtx> {
        let mut cats: Vec<CategoryCtx> = self.content.versions[vi]
            .categories
            .values()
            .map(|c| {
                let mut articles: Vec<&Article> = self.library[vi]
                    .values()
                    .filter(|a| a.category == c.slug)
                    .collect();
                articles.sort_by_key(|a| sort_key(a.order, &a.title));
                CategoryCtx {
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    description: c.description.clone(),
                    url: format!("{prefix}{}/", c.slug),
                    articles: articles
                        .iter()
                        .map(|a| Link {
                            title: a.title.clone(),
                            url: format!("{prefix}{}/{}/", a.category, a.slug),
                            description: a.description.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        let order: BTreeMap<&str, (i64, String)> = self.content.versions[vi]
            .categories
            .values()
            .map(|c| (c.slug.as_str(), sort_key(c.order, &c.title)))
            .collect();
        cats.sort_by(|a, b| order[a.slug.as_str()].cmp(&order[b.slug.as_str()]));
        cats
    }

    fn home_page(&'a self, vi: usize) -> Job<WithCategories<'a>> {
        let switch = versions::switcher(self.config, vi, "../", "", |_| Some(None));
        let common = self.common(
            vi,
            "../",
            "./",
            "",
            self.config.title.clone(),
            None,
            switch,
            Some(None),
            false,
        );
        let ctx = WithCategories {
            common,
            categories: self.categories(vi, ""),
        };
        Job {
            template: "home.html",
            ctx,
        }
    }

    fn category_page(&'a self, vi: usize, category: CategoryCtx) -> Job<WithCategory<'a>> {
        let rest = format!("{}/", category.slug);
        let exists_in = |wi: usize| {
            self.content.versions[wi]
                .categories
                .contains_key(&category.slug)
                .then_some(None)
        };
        let switch = versions::switcher(self.config, vi, "../../", &rest, exists_in);
        let in_latest = exists_in(self.config.latest_index());
        let common = self.common(
            vi,
            "../../",
            "../",
            &rest,
            category.title.clone(),
            category.description.clone(),
            switch,
            in_latest,
            false,
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
            assets: &self.theme.paths,
            csp: csp(false),
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
            .add_postcard(&self.theme.paths)
            .add_postcard(self.config);
        key.finish()
    }

    /// The key of an article's page, from everything [`Pages::article_page`] reads: the site, the article's version,
    /// path, title, description, date, tags, other front matter and rendering, its category's title, and the rendering
    /// of its edition in every
    /// version (for the version switcher's maps). Tests compare rebuilds after every kind of edit with clean builds.
    fn article_key(&self, a: &Article) -> u64 {
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
            .add_bytes(&a.rendered.digest.to_le_bytes())
            .add_bytes(
                self.content.versions[a.version].categories[&a.category]
                    .title
                    .as_bytes(),
            );
        let path = (a.category.clone(), a.slug.clone());
        for editions in self.library.iter() {
            key.add_postcard(&editions.get(&path).map(|b| b.rendered.digest));
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
        let paths: Vec<String> = prefixes.iter().map(|p| format!("{p}/{rest}")).collect();
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
                for category in self.categories(vi, "../") {
                    let rest = format!("{}/index.html", category.slug);
                    let job = self.category_page(vi, category);
                    let key = self.key(&job);
                    jobs.push(emit(&rest, key, &|| {
                        self.theme.render(job.template, &job.ctx)
                    }));
                }
                let articles: Vec<Result<usize, Problem>> = self.library[vi]
                    .par_iter()
                    .map(|((c, s), a)| {
                        // Keyed by what its context is made from, so a page kept as it is costs no context.
                        emit(&format!("{c}/{s}/index.html"), self.article_key(a), &|| {
                            let job = self.article_page(a);
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
        pages += self.write_site_files(out, problems);
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
            &base_path,
            &home_404,
            "",
            "Page not found".into(),
            None,
            Vec::new(),
            Some(None),
            false,
        );
        let not_found = Common {
            canonical: None,
            noindex: true,
            ..common
        };
        emit("404.html", self.theme.render("404.html", &not_found));

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

    /// Folder path of each redirect page -> (target relative to it, canonical URL, title of the target).
    /// `category/old-slug` aliases live in the article's version; `/absolute` ones at the site root lead to the newest
    /// edition of the article.
    fn aliases(&self, problems: &mut Problems) -> BTreeMap<String, (String, String, String)> {
        let latest = self.config.latest_index();
        let mut found: BTreeMap<String, (String, String, String, String)> = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for (vi, articles) in self.library.iter().enumerate() {
            let mut prefixes = vec![self.config.versions[vi].id.clone()];
            if vi == latest {
                prefixes.push("latest".into());
            }
            for p in &prefixes {
                taken.insert(format!("{p}/"), "a version's home page".into());
                for (c, s) in articles.keys() {
                    taken.insert(format!("{p}/{c}/"), "a category page".into());
                    taken.insert(format!("{p}/{c}/{s}/"), format!("the article {c}/{s}"));
                }
            }
        }
        // Where each alias path was first claimed, for the report of a second claim.
        let mut claimed_at: BTreeMap<String, String> = BTreeMap::new();
        // Absolute aliases lead to the newest edition: walk versions newest first.
        for vi in (0..self.library.len()).rev() {
            for a in self.library[vi].values() {
                let source = &self.content.sources[a.source];
                let file = crate::report::display_path(&source.rel_path);
                let line = source.front_matter.lines.get("aliases").copied();
                for alias in &a.aliases {
                    let clean = alias.trim_matches('/');
                    let absolute = alias.starts_with('/');
                    // From the site root, the first name must not be one of the site's own: `_img/`, `_assets/`,
                    // `_search/`, `index.html`, `links.json` and the like.
                    let first = clean.split('/').next().unwrap_or("");
                    let own = absolute
                        && (first.starts_with(['_', '.'])
                            || [
                                "index.html",
                                "404.html",
                                "sitemap.xml",
                                "robots.txt",
                                "links.json",
                            ]
                            .contains(&first));
                    let valid = !clean.is_empty()
                        && !own
                        && clean.split('/').all(|seg| {
                            !seg.is_empty()
                                && seg != "."
                                && seg != ".."
                                && crate::load::content::is_valid_slug(seg)
                        });
                    if !valid {
                        problems.push(
                            Problem::error(&file, line, format!("alias {alias:?} is not a usable path"))
                                .hint("aliases are old paths like \"email/old-name\" (in this version) or \"/kb/old-name\" (from the site root), in lowercase letters, digits and '-'"),
                        );
                        continue;
                    }
                    let (path, target_version) = if absolute {
                        let in_latest = self.library[latest]
                            .contains_key(&(a.category.clone(), a.slug.clone()));
                        (format!("{clean}/"), if in_latest { latest } else { vi })
                    } else {
                        (format!("{}/{clean}/", self.config.versions[vi].id), vi)
                    };
                    let owner = format!("{}/{}", a.category, a.slug);
                    if let Some(what) = taken.get(&path) {
                        problems.push(
                            Problem::error(&file, line, format!("alias {alias:?} is the address of {what}"))
                                .hint("two pages cannot have the same URL: remove the alias or rename one of them"),
                        );
                        continue;
                    }
                    match found.get(&path) {
                        Some((_, _, _, other)) if *other != owner => problems.push(
                            Problem::error(&file, line, format!(
                                "alias {alias:?} is also claimed by the article {other}{}",
                                claimed_at.get(&path).map(|at| format!(" ({at})")).unwrap_or_default()
                            ))
                            .hint("an old address can lead to one article only: remove it from one of them"),
                        ),
                        Some(_) => {}
                        None => {
                            // Absolute aliases lead from the site root to the newest edition; aliases within a version
                            // stay in that version's tree (and in latest/ for the latest version).
                            let target = if absolute {
                                let depth = clean.split('/').count();
                                let tv = if target_version == latest { "latest" } else { &self.config.versions[target_version].id };
                                format!("{}{tv}/{}/{}/", "../".repeat(depth), a.category, a.slug)
                            } else {
                                format!("{}{}/{}/", "../".repeat(clean.split('/').count()), a.category, a.slug)
                            };
                            let canonical = self.public_url(target_version, &format!("{}/{}/", a.category, a.slug));
                            let at = line.map(|l| format!("{file}:{l}")).unwrap_or_else(|| file.clone());
                            claimed_at.insert(path.clone(), at);
                            found.insert(path, (target, canonical, a.title.clone(), owner));
                        }
                    }
                }
            }
        }
        // Relative aliases of the latest version are reachable under latest/ too.
        let latest_id = &self.config.versions[latest].id;
        let extra: Vec<(String, (String, String, String, String))> = found
            .iter()
            .filter_map(|(p, v)| {
                p.strip_prefix(&format!("{latest_id}/"))
                    .map(|rest| (format!("latest/{rest}"), v.clone()))
            })
            .collect();
        found.extend(extra);
        found
            .into_iter()
            .map(|(p, (t, c, title, _))| (p, (t, c, title)))
            .collect()
    }
}
