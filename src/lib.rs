//! helpsite: a static help-site generator for versioned customer help centers, where every step of every article has
//! a link that survives edits, renumbering and new product versions.
//!
//! [`build`] is the pipeline: load the configuration and content, render Markdown, check links and anchors, render
//! templates, write the output.

mod background;
pub mod cmd;
mod hosts;
mod html;
mod incremental;
mod languages;
pub mod links;
mod load;
pub mod output;
pub mod pages;
mod render;
pub mod report;
pub mod search;
mod similar;
mod url;

use background::drop_later;
use incremental::state::{Deps, Memos};
use incremental::Previous;
use languages::{search_trees, translate, LanguageTrees};
use links::catalog::{self, Catalog};
pub use load::config::Host;
use load::config::SiteConfig;
use load::content::Content;
use render::articles::Library;
use render::cache::RenderCache;
use render::images::Images;
use report::{Problem, Problems};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build, and where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site's folder: holds `content/` and `templates/`.
    pub root: PathBuf,
    /// Where the site is written; None checks everything and writes nothing.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Replaces `[publish] host` from `site.toml`.
    pub host: Option<Host>,
    /// Replaces `[publish] precompress` from `site.toml`.
    pub precompress: Option<bool>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub versions: usize,
    pub articles: usize,
    pub images: usize,
    /// Images decoded and encoded by this build.
    pub images_processed: usize,
    /// Images copied from the cache of an earlier build, without decoding.
    pub images_cached: usize,
    pub warnings: Problems,
    /// What the pages explain to readers of published addresses that moved, and names kept after an edit (see
    /// [`render::history`]); a line each.
    pub notes: Vec<String>,
    pub elapsed: Duration,
    /// Files written: all of them on a first build, the changed ones on a rebuild (0 when nothing changed).
    pub written: usize,
    /// Nothing under content/ or templates/ changed since the last build into this output, so nothing was done;
    /// `catalog` and `external_links` are then empty.
    pub unchanged: bool,
    /// What `links.json` holds: every article, step and heading with its address. Filled by a check (no output); a
    /// build writes it to `links.json` instead and leaves this empty.
    pub catalog: Catalog,
    /// The same for each other language's tree (its `<code>/links.json`), by language code; filled by a check.
    pub language_catalogs: std::collections::BTreeMap<String, Catalog>,
    /// The content's http(s) links and where they are written, for `helpsite check --external`.
    pub external_links:
        std::collections::BTreeMap<String, std::collections::BTreeSet<links::external::Place>>,
}

impl Summary {
    pub fn line(&self, output: Option<&std::path::Path>) -> String {
        let warnings = self.warnings.warning_count();
        let what = match output {
            Some(_) if self.unchanged => {
                format!("Nothing changed: {} pages up to date", self.pages)
            }
            Some(_) => format!(
                "Built {} pages ({} files written)",
                self.pages, self.written
            ),
            None => format!("Checked {} pages", self.pages),
        };
        let dest = output
            .map(|d| format!(" into {}", d.display()))
            .unwrap_or_default();
        format!(
            "{what} ({} articles, {} images{}) in {} version{}{dest}, {warnings} warning{}, in {:.2?}",
            self.articles,
            self.images,
            if self.images_processed + self.images_cached > 0 {
                format!(
                    ": {} processed, {} from cache",
                    self.images_processed, self.images_cached
                )
            } else {
                String::new()
            },
            self.versions,
            if self.versions == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            self.elapsed
        )
    }
}

/// Stage timings, printed to stderr when `HELPSITE_TIMINGS` is set (for profiling builds).
struct Timings {
    enabled: bool,
    last: Instant,
}

impl Timings {
    fn new() -> Self {
        Timings {
            enabled: std::env::var_os("HELPSITE_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn stage(&mut self, name: &str) {
        if self.enabled {
            // Peak resident memory so far (Linux), to see which stage holds the most.
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().to_string()))
                })
                .unwrap_or_default();
            let _ = writeln!(
                std::io::stderr(),
                "{name:>16}: {:>8.1} ms  peak {peak}",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}

/// Builds the site. On failure, returns every problem found; the previous output is left as it was.
pub fn build(options: &Options) -> Result<Summary, Problems> {
    let started = Instant::now();
    let mut t = Timings::new();
    let root = &options.root;
    let mut problems = Problems::new();
    let config = load::config::load(
        &root.join("content/site.toml"),
        "content/site.toml".as_ref(),
        options.base_url.as_deref(),
    )?;
    let publish = Publish::of(options, &config);
    // Dates from history change with the commit the work tree is on, not only with the files.
    let history = if config.updated_from_git {
        load::git_dates::head_state(root)
    } else {
        String::new()
    };
    let mut previous = Previous::open(
        root,
        options.output.as_deref(),
        options.base_url.as_deref(),
        &format!("{publish:?}\0{history}"),
    );
    if let Some(summary) = unchanged(&config, options, &previous, started) {
        return Ok(summary);
    }
    t.stage("fingerprint");

    // The renderings of earlier builds are read on another thread while the content loads.
    let caches = {
        let root = root.clone();
        std::thread::spawn(move || {
            (
                RenderCache::open(&root),
                search::Cache::open(&root, "search"),
            )
        })
    };
    let dates = {
        let (root, wanted) = (root.clone(), config.updated_from_git);
        std::thread::spawn(move || wanted.then(|| load::git_dates::read(&root)))
    };
    let mut content = load::content::load(root, &config, &mut problems);
    if let Ok(Some(dates)) = dates.join() {
        load::git_dates::fill(&mut content, &dates);
    }
    let ledger = load::ledger::load(root, &mut problems);
    let theme = pages::theme::load(root, render::widgets::CSS, &mut problems);
    t.stage("load");
    let images = Images::new(root, &config, options.output.is_some());
    let (renders, search_cache) = caches
        .join()
        .unwrap_or_else(|_| (RenderCache::none(), search::Cache::none()));
    t.stage("render cache");
    let mut library =
        render::articles::render_all(&config, &content, &images, &renders, &mut problems);
    render::attachments::resolve_all(
        &config,
        &content,
        &mut library,
        images.finder(),
        &mut problems,
    );
    t.stage("markdown");
    let notes = render::history::apply(
        &config,
        &content,
        ledger.as_ref(),
        &mut library,
        &mut problems,
    );
    t.stage("ledger");
    links::sources::check(&config, &content, &library, &mut problems);
    let messages = pages::messages::Messages::load(root, &config, &mut problems);
    let default_language = config.default_theme_language();
    render::theme_text::library(&mut library, messages.all(default_language));
    let mut languages = load::languages::load(root, &config, &content, &mut problems);
    let translated = translate(
        &config,
        &mut languages,
        (&content, &library),
        (&images, &renders, &messages),
        &mut problems,
    );
    t.stage("link check");
    let Some(mut theme) = theme else {
        return Err(problems.sorted());
    };
    theme.with_default_scripts(
        default_language,
        messages.all(default_language),
        &mut problems,
    );
    // With problems in the content the pages are still rendered (and nothing is written), so that the check of the
    // built site reports the templates' broken links in the same report.
    let writing = options.output.is_some() && !problems.has_errors();
    let before_output = problems.len();
    let mut out = begin_output(options, &mut problems)?;
    out.precompress(writing && publish.precompress);
    previous.read_state(out.previous().and_then(|m| m.inputs.as_deref()));
    let state = previous.state();
    t.stage("state");
    let (search_paths, language_search, search_memo) = search_trees(
        (root, &config),
        (&library, &languages, &translated),
        &out,
        state.map(|s| &s.search),
        &search_cache,
        &mut problems,
    );
    theme.paths.search = search_paths;
    // A check writes nothing, the caches included; a build keeps the caches for the next build, each on another
    // thread while the rest is made.
    let keep_caches = options.output.is_some();
    let saving_search = std::thread::spawn(move || keep_caches.then(|| search_cache.save()));
    t.stage("search index");
    let mut pages = pages::Pages::new(
        &config,
        &content,
        &library,
        &theme,
        state.map(|s| &s.pages),
        &mut problems,
    );
    let mut language_catalogs = std::collections::BTreeMap::new();
    let trees = LanguageTrees {
        languages: &languages,
        libraries: &translated,
        messages: &messages,
        search: &language_search,
    };
    pages.messages = Some(&messages);
    trees.attach(&config, &mut pages);
    let page_count = pages.write(&out, &mut problems)
        + trees.write(
            &config,
            (&theme, &pages),
            &out,
            state.map(|s| &s.pages),
            options.output.is_none().then_some(&mut language_catalogs),
            &mut problems,
        );
    pages::copies::write(&pages, &out, &mut problems);
    t.stage("pages");
    write_assets(&theme, &out, &mut problems);
    let saving_renders = std::thread::spawn(move || keep_caches.then(|| renders.save()));
    // links.json is written by one thread while the others publish images (it is tens of megabytes on a large site).
    let mut catalog_problems = Problems::new();
    let (published, (catalog, catalog_keys)) = rayon::join(
        || {
            let published = images.publish(&out, writing, &mut problems);
            render::attachments::publish(&config, &library, &out, writing, &mut problems);
            published
        },
        || {
            links_json(
                &config,
                &content,
                &library,
                &out,
                options
                    .output
                    .is_some()
                    .then(|| state.map(|s| s.catalog.as_slice())),
                &mut catalog_problems,
            )
        },
    );
    problems.extend(catalog_problems.into_vec());
    t.stage("images, links.json");
    if let Some(host) = publish.host.filter(|_| writing) {
        let rules = hosts::Rules {
            base_path: config.base_path(),
            redirects: std::mem::take(
                &mut *pages.redirects.lock().unwrap_or_else(|e| e.into_inner()),
            ),
            files: out.hashes().keys().cloned().collect(),
            connect: config.support.endpoint_origin(),
        };
        hosts::write(host, &rules, &out, &mut problems);
    }
    let deps = check_site(
        &config,
        &content,
        &library,
        &out,
        state.map(|s| &s.links),
        &mut problems,
    );
    t.stage("site check");
    // A full disk or a folder that cannot be written to is the cause of every problem that follows it (files missing
    // for the check, pages not written): it alone is reported, once.
    if let Some((cause, failed)) = out.failure() {
        problems.truncate(before_output);
        let more = match failed {
            1 => String::new(),
            n => format!(" ({} more files could not be written either)", n - 1),
        };
        problems.push(
            Problem::error("site", None, format!("{cause}{more}"))
                .hint("free space on that disk, or make the folder writable, and build again"),
        );
        return Err(problems.sorted());
    }
    if problems.has_errors() {
        return Err(problems.sorted());
    }

    let written = out.changed_count();
    let articles = library.iter().map(|v| v.len()).sum();
    let page_keys = pages.keys.into_inner().unwrap_or_else(|e| e.into_inner());
    previous.forget();
    let old_site = out
        .commit(
            previous.inputs().map(str::to_string),
            (page_count, articles, published.images),
        )
        .map_err(|e| {
            let mut problems = fail(&mut problems, e.message);
            if e.output_changed {
                problems.mark_output_changed();
            }
            problems
        })?;
    previous.save(Memos {
        pages: page_keys,
        links: deps,
        search: search_memo,
        catalog: catalog_keys,
    });
    let external_links = links::external::links_in(&content, &library);
    drop_later((content, library));
    let _ = (saving_renders.join(), saving_search.join());
    if let Some(warning) = old_site.wait() {
        problems.push(Problem::warning("site", None, warning));
    }
    t.stage("commit");
    Ok(Summary {
        pages: page_count,
        versions: config.versions.len(),
        articles,
        images: published.images,
        images_processed: published.processed,
        images_cached: published.cached,
        warnings: problems.sorted(),
        notes,
        elapsed: started.elapsed(),
        written,
        unchanged: false,
        catalog,
        language_catalogs,
        external_links,
    })
}

/// How the site is handed to its host: the options' choice, else site.toml's `[publish]`.
#[derive(Debug, Clone, Copy)]
struct Publish {
    host: Option<Host>,
    /// `.br` and `.gz` copies of the text files: by default, unless the host compresses by itself.
    precompress: bool,
}

impl Publish {
    fn of(options: &Options, config: &SiteConfig) -> Self {
        let host = options.host.or(config.publish.host);
        let precompress = options
            .precompress
            .or(config.publish.precompress)
            .unwrap_or(!host.is_some_and(Host::compresses));
        Publish { host, precompress }
    }
}

/// The summary of a build whose inputs are those of the build that wrote the output as it is: nothing to do.
fn unchanged(
    config: &SiteConfig,
    options: &Options,
    previous: &Previous,
    started: Instant,
) -> Option<Summary> {
    let out = options.output.as_deref()?;
    let manifest = output::Manifest::read(out)?;
    if manifest.inputs.as_deref() != Some(previous.inputs()?) {
        return None;
    }
    // The disk is trusted only where it is as the last build left it: a file edited, restored or deleted by hand is
    // written again by a real (incremental) build.
    if !manifest.matches_disk(out) {
        return None;
    }
    let (pages, articles, images) = manifest.counts?;
    Some(Summary {
        pages,
        versions: config.versions.len(),
        articles,
        images,
        images_processed: 0,
        images_cached: 0,
        warnings: Problems::new(),
        notes: Vec::new(),
        elapsed: started.elapsed(),
        written: 0,
        unchanged: true,
        catalog: Catalog::default(),
        language_catalogs: Default::default(),
        external_links: Default::default(),
    })
}

/// Where the pages go: a staging folder beside the output when there are no errors so far, else nowhere.
fn begin_output(options: &Options, problems: &mut Problems) -> Result<output::Output, Problems> {
    match &options.output {
        Some(dir) if !problems.has_errors() => {
            let out = output::Output::begin(dir).map_err(|e| fail(problems, e))?;
            if let Some(why) = out.damaged() {
                problems.push(
                    Problem::warning(dir.join(output::MARKER), None, format!("{why}; it was ignored"))
                        .hint("nothing outside the output folder is touched: this build replaces the output whole"),
                );
            }
            Ok(out)
        }
        _ => Ok(output::Output::discard()),
    }
}

/// The theme's static files and the widgets' files, under their hashed names.
fn write_assets(theme: &pages::theme::Theme, out: &output::Output, problems: &mut Problems) {
    for asset in theme.assets.iter().chain(&render::widgets::assets()) {
        if let Err(e) = out.write(&asset.path, &asset.bytes) {
            problems.push(Problem::error(&asset.path, None, e));
        }
    }
}

/// The catalog of step links. A build writes it to `links.json` (`previous_keys` is then `Some`) and returns the keys
/// of its lines; a check returns it whole instead, for `check --against` and `helpsite links`.
fn links_json(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    out: &output::Output,
    previous_keys: Option<Option<&[u64]>>,
    problems: &mut Problems,
) -> (Catalog, Vec<u64>) {
    match previous_keys {
        Some(previous_keys) => {
            let keys = write_catalog(config, content, library, out, previous_keys, problems);
            (Catalog::default(), keys)
        }
        None => {
            let files = out.written().files();
            (catalog::make(config, content, library, &files), Vec::new())
        }
    }
}

/// Writes `links.json`, made one article at a time (a large site's catalog is big), the lines of articles whose key is
/// in `previous_keys` copied from the last build's file. Returns the keys of its lines.
fn write_catalog(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    out: &output::Output,
    previous_keys: Option<&[u64]>,
    problems: &mut Problems,
) -> Vec<u64> {
    let aliases = catalog::aliases(config, &out.written().files());
    // The last build's file lends its lines when it is there as that build wrote it.
    let last = out
        .read_kept(catalog::FILE)
        .filter(|b| out.hash_before(catalog::FILE) == Some(xxhash_rust::xxh3::xxh3_64(b)));
    let previous = match (&last, previous_keys) {
        (Some(bytes), Some(keys)) => Some(catalog::Previous { bytes, keys }),
        _ => None,
    };
    let mut keys = Vec::new();
    let written = out.write_streamed(catalog::FILE, |w| {
        keys = catalog::write_file(w, config, content, library, aliases, previous)?;
        Ok(())
    });
    drop_later(last);
    if let Err(e) = written {
        problems.push(Problem::error(catalog::FILE, None, e));
    }
    keys
}

/// Checks every link of the built site (see [`links::check_output`]); returns where each page's links lead.
fn check_site(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    out: &output::Output,
    previous_links: Option<&Deps>,
    problems: &mut Problems,
) -> Deps {
    let files = out.written().files();
    let hashes = out.hashes();
    let before = |p: &str| out.hash_before(p);
    let read = |p: &str| out.read_kept(p);
    let kept = links::site::Kept {
        deps: previous_links,
        before: &before,
        now: &hashes,
        read: &read,
    };
    let deps = links::site::check_output(config, content, library, &files, Some(&kept), problems);
    Deps::new(files.keys().map(String::as_str), deps.into_iter())
}

fn fail(problems: &mut Problems, message: String) -> Problems {
    problems.push(Problem::error("site", None, message));
    std::mem::take(problems).sorted()
}
