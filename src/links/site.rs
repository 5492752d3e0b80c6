//! Phase two of the link check: the built site. Every URL in every page the build wrote (from the content and from the templates alike:
//! navigation, switcher, breadcrumbs, footer, assets, images, redirects) must lead to a file of the output and, with a
//! `#fragment`, to an id of that page. Content links are reported at their source line; template links with the
//! template's name.

use crate::links::ids_list;
use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::scan::{FileScan, FoundLink, PageScan};
use crate::render::articles::Library;
use crate::render::markdown::LinkTarget;
use crate::report::{Problem, Problems};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// Where a URL found in a page leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A path from the site root (`current/email/x/`, `_assets/a.css`, `` for the root) and a fragment.
    Site {
        path: String,
        fragment: Option<String>,
    },
    /// Leaves the site (another origin, mailto:, data:): not checked here.
    Elsewhere,
    /// A path that cannot be in the site: above its root, or outside its base path.
    Outside(String),
}

/// Resolves `url` as written in the page at `page` (a file path from the site root, e.g. `current/email/x/index.html`).
/// `base` is the site's address with a trailing slash, `base_path` its path part (`/` or `/help/`).
pub(crate) fn resolve(url: &str, page: &str, base: &str, base_path: &str) -> Resolved {
    let url = url.trim();
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(crate::url::percent_decode(f))),
        None => (url, None),
    };
    let rest = rest.split_once('?').map(|(r, _)| r).unwrap_or(rest);
    let page_dir = page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let joined: String = if let Some(in_site) = url.strip_prefix(base) {
        let in_site = in_site.split(['#', '?']).next().unwrap_or("");
        in_site.to_string()
    } else if let Some((scheme, _)) = rest.split_once(':') {
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return Resolved::Elsewhere;
        }
        format!("{page_dir}/{rest}")
    } else if rest.starts_with("//") {
        return Resolved::Elsewhere;
    } else if let Some(abs) = rest.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base_path) {
            Some(in_site) => in_site.to_string(),
            None => return Resolved::Outside(rest.to_string()),
        }
    } else if rest.is_empty() {
        // `#id` or `?q`: this page.
        return Resolved::Site {
            path: page.to_string(),
            fragment,
        };
    } else if page_dir.is_empty() {
        rest.to_string()
    } else {
        format!("{page_dir}/{rest}")
    };
    let decoded = crate::url::percent_decode(&joined);
    let mut segments: Vec<&str> = Vec::new();
    let trailing = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Resolved::Outside(url.to_string());
                }
            }
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Resolved::Site { path, fragment }
}

/// The file a site path is served from: `a/b/` and `` are folders with an index.html.
fn file_of<'f>(
    files: &'f BTreeMap<String, FileScan>,
    path: &str,
) -> Option<(&'f str, &'f FileScan)> {
    let found = if !(path.is_empty() || path.ends_with('/')) {
        // A folder written without its trailing slash: servers answer with a redirect to the folder.
        files
            .get_key_value(path)
            .or_else(|| files.get_key_value(&format!("{path}/index.html")))
    } else {
        files.get_key_value(&format!("{path}index.html"))
    };
    found.map(|(k, f)| (k.as_str(), f))
}

/// The page file a site path shows, after following redirect pages (moved articles); None when it is not a page.
pub(crate) fn landing_page(
    files: &BTreeMap<String, FileScan>,
    path: &str,
    base: &str,
    base_path: &str,
) -> Option<String> {
    let mut path = path.to_string();
    for _ in 0..8 {
        let (file, scan) = file_of(files, &path)?;
        let file = file.to_string();
        let page = match scan {
            FileScan::Page(page) => page,
            // Kept pages are the theme's pages, never redirects.
            FileScan::Kept => return Some(file),
            _ => return None,
        };
        match page.refresh().map(|t| resolve(t, &file, base, base_path)) {
            Some(Resolved::Site { path: next, .. }) => path = next,
            Some(_) => return None,
            None => return Some(file),
        }
    }
    None
}

/// What kind of thing a link is, for messages.
fn noun(link: &FoundLink) -> &'static str {
    match (link.tag, link.attr) {
        ("img" | "source", _) | (_, "srcset") | (_, "poster") => "image",
        ("script", _) => "script",
        ("link", _) => "<link> to",
        (_, "refresh") | (_, "data-target") => "redirect to",
        ("css", _) => "url() of",
        ("sitemap", _) => "sitemap entry for",
        _ => "link to",
    }
}

/// A problem with one URL of one page: what is wrong, a hint, and where the URL leads (site path and fragment).
struct Failure {
    message: String,
    hint: String,
    target: Option<(String, Option<String>)>,
}

fn ids_hint(page: &PageScan, wanted: &str) -> String {
    ids_list(page.ids.iter(), "that page has", wanted)
}

/// Checks one link of the page at `page_path`. `page_of` gives the scan of a page (reading a kept one). Returns the
/// problems, and the file the link leads to with whether it wants an id there (for the next build's state).
fn check_link<'f>(
    files: &'f BTreeMap<String, FileScan>,
    page_of: &(dyn Fn(&str, &FileScan) -> Option<Arc<PageScan>> + Sync),
    page_path: &str,
    link: &FoundLink,
    base: &str,
    base_path: &str,
) -> (Vec<Failure>, Option<(&'f str, bool)>) {
    let what = noun(link);
    let (path, fragment) = match resolve(&link.url, page_path, base, base_path) {
        Resolved::Elsewhere => return (Vec::new(), None),
        Resolved::Outside(p) => {
            return (
                vec![Failure {
                    message: format!("{what} {p:?} leads outside the site"),
                    hint: format!(
                        "write \"{}\" as a path inside the site; the site lives under {base}",
                        link.url
                    ),
                    target: None,
                }],
                None,
            )
        }
        Resolved::Site { path, fragment } => (path, fragment),
    };
    let shown = |f: &Option<String>| match f {
        Some(f) if !f.is_empty() => format!("/{path}#{f}"),
        _ => format!("/{path}"),
    };
    let target = || Some((path.clone(), fragment.clone()));
    let Some((file, scan)) = file_of(files, &path) else {
        return (vec![Failure {
            message: format!("{what} {}, which the build does not write", shown(&None)),
            hint: "link to a page or file the site has (check the spelling, and the number of ../ in a relative link)".into(),
            target: target(),
        }], None);
    };
    let wants_id = link.map.is_some() || fragment.as_deref().is_some_and(|f| !f.is_empty());
    let dep = Some((file, wants_id));
    let mut failures = Vec::new();
    if let Some(target_page) = wants_id.then(|| page_of(file, scan)).flatten() {
        let target_page = &*target_page;
        if let Some(f) = fragment.as_deref().filter(|f| !f.is_empty()) {
            if !target_page.ids.contains(f) {
                let message = if file == page_path {
                    format!("{what} #{f}, which the page itself does not have")
                } else {
                    format!("{what} {}, which that page does not have", shown(&fragment))
                };
                failures.push(Failure {
                    message,
                    hint: ids_hint(target_page, f),
                    target: target(),
                });
            }
        }
        if let Some(map) = &link.map {
            match crate::render::step_map::parse_map(map) {
                Some(pairs) => {
                    for (from, to) in pairs {
                        if !to.is_empty() && !target_page.ids.contains(to) {
                            failures.push(Failure {
                                message: format!(
                                    "version link to /{path} maps #{from} to #{to}, which that page does not have"
                                ),
                                hint: ids_hint(target_page, to),
                                target: target(),
                            });
                        }
                    }
                }
                None => failures.push(Failure {
                    message: format!(
                        "the data-map of the link to /{path} is not `same` followed by pairs of ids"
                    ),
                    hint: "data-map holds \"same id-here id-there ...\" (`#` for the top of the page); write \
                           {{ v.map }} as the theme does"
                        .into(),
                    target: target(),
                }),
            }
        }
    }
    (failures, dep)
}

/// Which template writes a page, from its path.
fn page_template(
    config: &SiteConfig,
    library: &Library,
    path: &str,
    page: &PageScan,
) -> &'static str {
    if path == "404.html" {
        return "404.html";
    }
    if page.refresh().is_some() {
        return "redirect.html";
    }
    let parts: Vec<&str> = path
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .collect();
    let is_version = |p: &str| p == "latest" || config.version_index(p).is_some();
    let is_article =
        article_of(config, path).is_some_and(|(vi, c, s)| library[vi].contains_key(&(c, s)));
    match parts.as_slice() {
        [v] if is_version(v) => "home.html",
        [v, t, _] if is_version(v) && *t == crate::load::names::TAGS => "tag.html",
        [v, ..] if is_version(v) && is_article => "article.html",
        [v, _, ..] if is_version(v) => "category.html",
        _ => "base.html",
    }
}

/// The site path of a page's own folder (`current/email/x/index.html` -> `current/email/x/`), with `latest/` read as the
/// latest version's id, so links from both copies of a latest page compare equal.
fn canonical_path(config: &SiteConfig, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    match path.strip_prefix("latest/") {
        Some(rest) => format!("{}/{rest}", config.versions[config.latest_index()].id),
        None if path == "latest" => format!("{}/", config.versions[config.latest_index()].id),
        None => path.to_string(),
    }
}

/// The article a page of the output would show by its path: (version index, category path, slug). Whether there is
/// one is for the library to say: a section's page has a path of the same shape.
pub(crate) fn article_of(config: &SiteConfig, path: &str) -> Option<(usize, String, String)> {
    let parts: Vec<&str> = path.strip_suffix("/index.html")?.split('/').collect();
    let [v, c @ .., s] = parts.as_slice() else {
        return None;
    };
    if c.is_empty() {
        return None;
    }
    let vi = if *v == "latest" {
        config.latest_index()
    } else {
        config.version_index(v)?
    };
    Some((vi, c.join("/"), s.to_string()))
}

/// Where a content link leads, as a site path and fragment, for matching a rendered URL back to its source line.
fn source_target(
    config: &SiteConfig,
    vi: usize,
    own: &str,
    target: &LinkTarget,
) -> Option<(String, Option<String>)> {
    let clean = |f: &Option<String>| f.clone().filter(|f| !f.is_empty());
    match target {
        LinkTarget::Article {
            category,
            slug,
            fragment,
        } => Some((
            format!("{}/{category}/{slug}/", config.versions[vi].id),
            clean(fragment),
        )),
        LinkTarget::Fragment(f) => Some((own.to_string(), Some(f.clone()))),
        LinkTarget::Site { path, fragment } => {
            Some((canonical_path(config, path), clean(fragment)))
        }
        LinkTarget::File { path, fragment } => Some((
            format!("{}/{path}", config.versions[vi].id),
            clean(fragment),
        )),
        LinkTarget::External(_) => None,
    }
}

/// Checks every page and stylesheet of the built site (see the section comment). `files` is what the build wrote.
/// A page and the files its links lead to (`true` where a link wants an id there).
pub(crate) type PageDeps<'f> = (&'f str, Vec<(&'f str, bool)>);

/// What a rebuild knows of the last build, for the pages it kept without reading them ([`FileScan::Kept`]).
pub(crate) struct Kept<'p> {
    /// Where the last build's pages' links led.
    pub deps: Option<&'p crate::incremental::state::Deps>,
    /// The hash of each file's bytes: in the last build, and in this one.
    pub before: &'p (dyn Fn(&str) -> Option<u64> + Sync),
    pub now: &'p BTreeMap<String, u64>,
    /// Reads a kept page from the output folder.
    pub read: &'p (dyn Fn(&str) -> Option<Vec<u8>> + Sync),
}

/// Checks every link of every file of the built site: it must lead to a file the build wrote, and to an id that page
/// has. A kept page is checked only when a file its links led to is gone, or has other bytes where a link wants an id
/// (it is read from the output folder then); so is a page a link wants an id of. Returns, per page checked or known
/// from the last build, where its links lead, for the next build's state.
pub(crate) fn check_output<'f>(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    files: &'f BTreeMap<String, FileScan>,
    kept: Option<&Kept>,
    problems: &mut Problems,
) -> Vec<PageDeps<'f>> {
    let base = config.base();
    let base_path = config.base_path();
    // Articles whose front matter could not be read are written empty; their problem is already reported, and links
    // into them would only add misleading ones.
    let latest = config.latest_index();
    let broken: Vec<String> = library
        .iter()
        .enumerate()
        .flat_map(|(vi, articles)| {
            articles.values().filter(|a| a.broken).flat_map(move |a| {
                let mut prefixes = vec![format!(
                    "{}/{}/{}/",
                    config.versions[vi].id, a.category, a.slug
                )];
                if vi == latest {
                    prefixes.push(format!("latest/{}/{}/", a.category, a.slug));
                }
                prefixes
            })
        })
        .collect();
    // The URLs each article's own HTML holds: a failing URL found there is the writer's, not the theme's. Made only
    // when a link fails.
    let content_urls: OnceLock<BTreeMap<(usize, String, String), HashSet<String>>> =
        OnceLock::new();
    let content_urls = || {
        content_urls.get_or_init(|| {
            library
                .iter()
                .enumerate()
                .flat_map(|(vi, articles)| {
                    articles.iter().map(move |((c, s), a)| {
                        let scan = crate::output::scan::scan_page(&a.rendered.html);
                        (
                            (vi, c.clone(), s.clone()),
                            scan.links.into_iter().map(|l| l.url).collect(),
                        )
                    })
                })
                .collect()
        })
    };
    // A page under latest/ with the same bytes as the page at the same path under the latest version's id has the
    // same links with the same outcomes (the two trees mirror each other), so it is checked once.
    // So it is in each language's tree (`de/latest/` beside `de/<latest>/`).
    let latest_id = &config.versions[latest].id;
    let trees: Vec<String> = (0..config.languages.len().max(1))
        .map(|li| config.tree_prefix(li))
        .collect();
    let mirrored = |path: &str, scan: &FileScan| -> bool {
        let Some((tree, rest)) = trees.iter().find_map(|tree| {
            let rest = path.strip_prefix(tree.as_str())?.strip_prefix("latest/")?;
            Some((tree, rest))
        }) else {
            return false;
        };
        let twin = format!("{tree}{latest_id}/{rest}");
        match (scan, files.get(&twin)) {
            (FileScan::Page(a), Some(FileScan::Page(b))) => Arc::ptr_eq(a, b),
            (FileScan::Kept, Some(FileScan::Kept)) => kept
                .is_some_and(|k| k.now.get(path).is_some() && k.now.get(path) == k.now.get(&twin)),
            _ => false,
        }
    };
    // Kept pages read back from the output folder, each once.
    let read_back: std::sync::Mutex<HashMap<String, Arc<PageScan>>> = Default::default();
    let page_of = |path: &str, scan: &FileScan| -> Option<Arc<PageScan>> {
        match scan {
            FileScan::Page(p) => Some(p.clone()),
            FileScan::Kept => {
                if let Some(p) = read_back
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(path)
                {
                    return Some(p.clone());
                }
                let bytes = (kept?.read)(path)?;
                let page = Arc::new(crate::output::scan::scan_for_check(&bytes));
                read_back
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path.to_string(), page.clone());
                Some(page)
            }
            _ => None,
        }
    };
    // Each file of the last build, looked up once: this build's name for it (when it still writes it), and whether its
    // bytes are the same.
    let last: Vec<Option<(&'f str, bool)>> = match kept.and_then(|k| Some((k, k.deps?))) {
        Some((k, deps)) => deps
            .paths()
            .par_iter()
            .map(|p| {
                let (key, _) = files.get_key_value(p.as_str())?;
                let same = matches!((k.before)(p), Some(h) if k.now.get(p.as_str()) == Some(&h));
                Some((key.as_str(), same))
            })
            .collect(),
        None => Vec::new(),
    };
    // A kept page whose links all lead where they led, to files with the same bytes where they want an id.
    let still_good = |path: &str| -> Option<Vec<(&'f str, bool)>> {
        let deps = kept?.deps?.indexes_of(path)?;
        let mut list = Vec::with_capacity(deps.len());
        for &(target, wants_id) in deps.iter() {
            let (key, same) = last[target]?;
            if wants_id && !same {
                return None;
            }
            list.push((key, wants_id));
        }
        Some(list)
    };
    struct Found {
        file: String,
        line: Option<usize>,
        message: String,
        hint: String,
        page: String,
    }
    let checked: Vec<(Vec<Found>, Option<PageDeps<'f>>)> = files
        .par_iter()
        .map(|(path, scan)| {
            let mut out = Vec::new();
            if mirrored(path, scan) {
                return (out, None);
            }
            let read;
            let (page, links): (Option<&PageScan>, &[FoundLink]) = match scan {
                FileScan::Page(p) => (Some(p), &p.links),
                FileScan::Urls(links) => (None, links),
                FileScan::Other => return (out, None),
                FileScan::Kept => {
                    if let Some(deps) = still_good(path) {
                        return (out, Some((path.as_str(), deps)));
                    }
                    match page_of(path, scan) {
                        Some(p) => {
                            read = p;
                            (Some(&*read), &read.links)
                        }
                        None => {
                            out.push(Found {
                                file: path.clone(),
                                line: None,
                                message: "cannot read the page back from the output folder".into(),
                                hint: "build again; if it persists, delete the output folder"
                                    .into(),
                                page: path.clone(),
                            });
                            return (out, None);
                        }
                    }
                }
            };
            let mut deps = Vec::with_capacity(links.len());
            let empty = PageScan::default();
            let page_scan = page.unwrap_or(&empty);
            let article = article_of(config, path);
            for link in links {
                let (failures, dep) = check_link(files, &page_of, path, link, &base, &base_path);
                deps.extend(dep);
                let into_broken = |f: &Failure| {
                    f.target
                        .as_ref()
                        .is_some_and(|(p, _)| broken.iter().any(|b| p.starts_with(b.as_str())))
                };
                for failure in failures.into_iter().filter(|f| !into_broken(f)) {
                    let from_content = article
                        .as_ref()
                        .and_then(|key| content_urls().get(key).map(|urls| (key, urls)))
                        .filter(|(_, urls)| urls.contains(&link.url));
                    let (file, line) = if let Some(((vi, c, s), _)) = from_content {
                        let a = &library[*vi][&(c.clone(), s.clone())];
                        let own = format!("{}/{c}/{s}/", config.versions[*vi].id);
                        let wanted = failure.target.as_ref().map(|(p, f)| {
                            (
                                canonical_path(config, p),
                                f.clone().filter(|f| !f.is_empty()),
                            )
                        });
                        let line = a
                            .rendered
                            .links
                            .iter()
                            .find(|l| source_target(config, *vi, &own, &l.target) == wanted)
                            .map(|l| l.line);
                        (
                            crate::report::display_path(&content.sources[a.source].rel_path),
                            line,
                        )
                    } else if page.is_none() {
                        (path.clone(), None)
                    } else {
                        let template = page_scan
                            .landmarks
                            .template_at(link.offset)
                            .unwrap_or_else(|| page_template(config, library, path, page_scan));
                        (format!("templates/{template}"), None)
                    };
                    out.push(Found {
                        file,
                        line,
                        message: failure.message,
                        hint: failure.hint,
                        page: path.clone(),
                    });
                }
            }
            (out, page.is_some().then_some((path.as_str(), deps)))
        })
        .collect();
    let mut found = Vec::new();
    let mut all_deps = Vec::new();
    for (f, d) in checked {
        found.extend(f);
        all_deps.extend(d);
    }
    // What a mirrored page would have reported: the same as its twin.
    let twins: Vec<Found> = found
        .iter()
        .filter_map(|f| {
            let rest = f.page.strip_prefix(latest_id.as_str())?.strip_prefix('/')?;
            let copy = format!("latest/{rest}");
            let scan = files.get(&copy)?;
            mirrored(&copy, scan).then(|| Found {
                file: f.file.clone(),
                line: f.line,
                message: f.message.clone(),
                hint: f.hint.clone(),
                page: copy,
            })
        })
        .collect();
    found.extend(twins);
    // One problem per source and message, naming the pages it shows on; the two copies of a latest page (under its
    // version's id and under latest/) count as one.
    let latest_id = &config.versions[config.latest_index()].id;
    /// Source file, line and the message with `/latest/` read as the version -> message, hint, pages.
    type Groups = BTreeMap<(String, Option<usize>, String), (String, String, BTreeSet<String>)>;
    let mut grouped = Groups::new();
    for f in found {
        let key = f.message.replace("/latest/", &format!("/{latest_id}/"));
        grouped
            .entry((f.file, f.line, key))
            .or_insert_with(|| (f.message, f.hint, BTreeSet::new()))
            .2
            .insert(f.page);
    }
    for ((file, line, _), (message, hint, pages)) in grouped {
        // A content link the source check already reported at this line is not reported twice.
        if line.is_some()
            && problems.iter().any(|p| {
                p.file == file && p.line == line && p.severity == crate::report::Severity::Error
            })
        {
            continue;
        }
        // The example page: an ordinary one rather than the 404 page, whose links are written from the site root.
        let first = pages
            .iter()
            .find(|p| p.as_str() != "404.html")
            .or(pages.iter().next())
            .cloned()
            .unwrap_or_default();
        let on = if pages.len() == 1 {
            format!(" (on {first})")
        } else {
            format!(" (on {} pages, e.g. {first})", pages.len())
        };
        let is_template = file.starts_with("templates/");
        let hint = if is_template && !content.root.join(&file).is_file() {
            format!("{hint}; this is the built-in {file}: replace it with your own {file}, or fix the link it writes")
        } else {
            hint
        };
        problems.push(Problem::error(file, line, format!("{message}{on}")).hint(hint));
    }
    all_deps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::Site {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn a_page_folder_with_dots_in_its_name_is_a_folder_and_an_attachment_a_file() {
        let mut files = BTreeMap::new();
        files.insert("v2/m/update-2.4.0/index.html".to_string(), FileScan::Other);
        files.insert("v2/m/assets/fix 1.patch".to_string(), FileScan::Other);
        let page = "v2/m/x/index.html";
        let Resolved::Site { path, .. } = resolve("../update-2.4.0/", page, "https://h/", "/")
        else {
            panic!("in the site")
        };
        assert_eq!(path, "v2/m/update-2.4.0/");
        assert_eq!(
            file_of(&files, &path).map(|f| f.0),
            Some("v2/m/update-2.4.0/index.html")
        );
        assert_eq!(
            file_of(&files, "v2/m/update-2.4.0").map(|f| f.0),
            Some("v2/m/update-2.4.0/index.html"),
            "without its slash, the folder"
        );
        let Resolved::Site { path, .. } =
            resolve("../assets/fix%201.patch", page, "https://h/", "/")
        else {
            panic!("in the site")
        };
        assert_eq!(
            file_of(&files, &path).map(|f| f.0),
            Some("v2/m/assets/fix 1.patch")
        );
    }

    #[test]
    fn urls_resolve_against_the_page_the_base_url_and_the_base_path() {
        let r = |url: &str, page: &str| resolve(url, page, "https://h.test/help/", "/help/");
        let page = "v2/email/x/index.html";
        assert_eq!(
            r("../../../_assets/a.css", page),
            site("_assets/a.css", None)
        );
        assert_eq!(r("../y/#step-2", page), site("v2/email/y/", Some("step-2")));
        assert_eq!(r("#open%20it", page), site(page, Some("open it")));
        assert_eq!(r("./", page), site("v2/email/x/", None));
        assert_eq!(r("../../../", page), site("", None));
        assert_eq!(
            r("https://h.test/help/latest/#a", page),
            site("latest/", Some("a"))
        );
        assert_eq!(r("/help/latest/", "404.html"), site("latest/", None));
        assert_eq!(
            r("/elsewhere/", "404.html"),
            Resolved::Outside("/elsewhere/".into())
        );
        assert_eq!(
            r("../../../../x/", page),
            Resolved::Outside("../../../../x/".into())
        );
        for other in [
            "https://example.com/",
            "mailto:a@b.c",
            "//cdn.test/x.js",
            "data:image/png;base64,AA",
        ] {
            assert_eq!(r(other, page), Resolved::Elsewhere, "{other}");
        }
    }
}
