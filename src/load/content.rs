//! Walks `content/`: one folder per version, category folders of any depth in it (category > section >
//! sub-section), articles in those. Resolves version inheritance: a version holds only what changed, and everything
//! else comes from the nearest older version that has it.

use crate::load::categories::{self, CategoryMeta, Rank};
use crate::load::config::SiteConfig;
use crate::load::front_matter::{self, FrontMatter};
use crate::load::names;
use crate::report::{display_path, Problem, Problems};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One Markdown file on disk.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Path relative to the site root (`content/v12/email/gmail.md`), for reports.
    pub rel_path: PathBuf,
    /// Index of the version whose folder holds the file.
    pub version: usize,
    /// The category's path in URLs: its folders' URL names (`billing/getting-started`).
    pub category: String,
    /// The article's name in URLs: the front matter's `slug`, else [`Source::file_slug`].
    pub slug: String,
    /// The URL name of the file (without `.md`; of the folder for `folder/index.md` alone in it): a newer version's
    /// file of that name in the same category replaces this one.
    pub file_slug: String,
    /// The folder the file is in, as its path inside the version folder on disk (`Billing/Getting Started`): relative
    /// links and images are read from there.
    pub dir: String,
    /// The folder of the article's own files (`<dir>/<file name>`, or `dir` for a folder's lone `index.md`), looked
    /// in first for images.
    pub own_dir: String,
    pub text: String,
    pub front_matter: FrontMatter,
    pub body_offset: usize,
    /// Its front matter could not be read: the problem is reported, and the article still exists so that links to
    /// it do not add misleading problems of their own.
    pub broken: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Category {
    /// Its path in URLs (`billing/refunds`), the key of [`VersionContent::categories`].
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub order: Option<i64>,
}

impl Category {
    /// The category it is in, if it is a section of one.
    pub(crate) fn parent(&self) -> Option<&str> {
        self.slug.rsplit_once('/').map(|(p, _)| p)
    }
}

/// What one version of the site holds once inheritance is resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct VersionContent {
    /// `(category, slug)` -> index into `Content::sources`.
    pub articles: BTreeMap<(String, String), usize>,
    /// `(category, file name)` -> the article's `(category, slug)`: where a link to `file.md` leads.
    pub files: BTreeMap<(String, String), (String, String)>,
    /// `(category, file name)` of drafts no published edition replaces -> index into `Content::sources`, so that a
    /// link to one is explained.
    pub drafts: BTreeMap<(String, String), usize>,
    /// Every category with an article in it or below it, sections included, by path.
    pub categories: BTreeMap<String, Category>,
}

#[derive(Debug, Clone)]
pub(crate) struct Content {
    pub root: PathBuf,
    pub sources: Vec<Source>,
    /// One per configured version, same order.
    pub versions: Vec<VersionContent>,
}

/// Whether the link `path` resolves to somewhere inside `content` (a link that resolves nowhere does not).
fn leads_inside(path: &Path, content: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(content)) {
        (Ok(target), Ok(content)) => target.starts_with(content),
        _ => false,
    }
}

/// A file the walk found: its version, its path inside the version folder by segments, where it is.
struct Found {
    vi: usize,
    segments: Vec<String>,
    rel_path: PathBuf,
    path: PathBuf,
}

/// Walks every version folder for Markdown and folder metadata files.
fn walk(root: &Path, config: &SiteConfig, problems: &mut Problems) -> (Vec<Found>, Vec<Found>) {
    let content_dir = root.join("content");
    let (mut md, mut meta) = (Vec::new(), Vec::new());
    for (vi, version) in config.versions.iter().enumerate() {
        let vdir = content_dir.join(&version.id);
        if !vdir.is_dir() {
            problems.push(
                Problem::error(
                    "content/site.toml",
                    None,
                    format!(
                        "version {:?} has no folder content/{}/",
                        version.id, version.id
                    ),
                )
                .hint(format!(
                    "create content/{}/ (it may stay empty: it then inherits everything)",
                    version.id
                )),
            );
            continue;
        }
        // Links are followed when they lead to a file or folder inside content/ (a shared article, a category kept
        // once); one that leads out of it is an error, never read.
        let mut walker = walkdir::WalkDir::new(&vdir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    problems.push(Problem::error(
                        Path::new("content").join(&version.id),
                        None,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().to_string();
            // Hidden files and folders (`.git`, `.obsidian`, editors' backups) are not content.
            if name.starts_with('.') {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let segments: Vec<String> = entry
                .path()
                .strip_prefix(&vdir)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            let rel_path = Path::new("content")
                .join(&version.id)
                .join(segments.join("/"));
            if entry.path_is_symlink() && !leads_inside(entry.path(), &content_dir) {
                problems.push(
                    Problem::error(&rel_path, None, "a symbolic link that leads out of content/")
                        .hint("copy the file into content/ instead: only what is inside content/ is published"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_dir() {
                continue;
            }
            // Translations (`gmail.de.md`) are read with their language (see `languages`), not as articles.
            if crate::load::config::translated_name(config, &name).is_some() {
                continue;
            }
            let found = Found {
                vi,
                segments,
                rel_path,
                path: entry.path().to_path_buf(),
            };
            if name.ends_with(".md") {
                if found.segments.len() == 1 && is_blank_home_page(&name, &found.path) {
                    // Hugo's `content/_index.md` of front matter only: the version's home page is helpsite's own.
                    continue;
                }
                if found.segments.len() == 1 {
                    problems.push(
                        Problem::error(
                            &found.rel_path,
                            None,
                            "an article must be inside a category folder",
                        )
                        .hint(format!(
                            "move it to content/{}/<category>/{name}",
                            version.id
                        )),
                    );
                } else {
                    md.push(found);
                }
            } else if categories::rank_of(&name).is_some() && found.segments.len() > 1 {
                meta.push(found);
            }
        }
    }
    (md, meta)
}

/// Whether a file at the top of a version folder is a site's home page with no text (`_index.md`, `index.md`,
/// `README.md` of front matter only), which helpsite's own home page replaces.
fn is_blank_home_page(name: &str, path: &Path) -> bool {
    let lower = name.to_ascii_lowercase();
    if !["_index.md", "index.md", "readme.md"].contains(&lower.as_str()) {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    front_matter::split(path, &text, false)
        .is_ok_and(|split| text[split.body_offset..].trim().is_empty())
}

/// What a Markdown file is, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Article,
    /// `index.md` alone in a folder with nothing below it (a Hugo page bundle, a Docusaurus doc folder): the article
    /// named after the folder, its files beside it.
    Bundle,
    /// `_index.md`, `index.md` or `README.md` of a folder that holds more: the folder's page. Its front matter titles
    /// the category; its text, if it has any, is an article of the category.
    FolderPage,
}

/// A Markdown file to read, with what its place says of it.
struct Job {
    found: Found,
    role: Role,
    category: String,
    file_slug: String,
    dir: String,
    own_dir: String,
}

/// Where each Markdown file goes: its category and URL name. A folder or file whose name has nothing a URL can spell
/// is an error, reported once.
fn classify(md: Vec<Found>, problems: &mut Problems) -> Vec<Job> {
    // Per version and folder: how many Markdown files are directly in it, and whether any is below it.
    let mut count: HashMap<(usize, String), usize> = HashMap::new();
    let mut below: HashSet<(usize, String)> = HashSet::new();
    for f in &md {
        let dir = &f.segments[..f.segments.len() - 1];
        *count.entry((f.vi, dir.join("/"))).or_default() += 1;
        for n in 1..dir.len() {
            below.insert((f.vi, dir[..n].join("/")));
        }
    }
    let mut reported: BTreeSet<PathBuf> = BTreeSet::new();
    let mut jobs = Vec::with_capacity(md.len());
    for found in md {
        let n = found.segments.len();
        let dir: Vec<&str> = found.segments[..n - 1].iter().map(String::as_str).collect();
        let dir_path = dir.join("/");
        let stem = found.segments[n - 1].trim_end_matches(".md").to_string();
        let lower = stem.to_ascii_lowercase();
        let alone = count.get(&(found.vi, dir_path.clone())) == Some(&1)
            && !below.contains(&(found.vi, dir_path.clone()));
        let role = if lower == "index" && dir.len() >= 2 && alone {
            Role::Bundle
        } else if ["index", "_index", "readme"].contains(&lower.as_str()) {
            Role::FolderPage
        } else {
            Role::Article
        };
        let (category_dirs, name) = match role {
            Role::Bundle => (&dir[..dir.len() - 1], dir[dir.len() - 1].to_string()),
            _ => (&dir[..], stem.clone()),
        };
        // The first folder whose name cannot be a URL segment, reported at that folder.
        let mut category = Vec::with_capacity(category_dirs.len());
        for (i, d) in category_dirs.iter().enumerate() {
            match names::folder(d) {
                Some(s) => category.push(s),
                None => {
                    // `content/<version>/` and the folders down to this one.
                    let folder: PathBuf = found.rel_path.components().take(i + 3).collect();
                    if reported.insert(folder.clone()) {
                        problems.push(
                            Problem::error(
                                &folder,
                                None,
                                format!("folder name {d:?} has nothing a URL can spell"),
                            )
                            .hint("rename the folder with some letters or digits in its name"),
                        );
                    }
                    break;
                }
            }
        }
        if category.len() < category_dirs.len() {
            continue;
        }
        // `_index` becomes `index`: an underscore name in a URL reads as something private.
        let file_slug = match names::article(name.trim_start_matches('_')) {
            Some(s) => s,
            None => {
                problems.push(
                    Problem::error(
                        &found.rel_path,
                        None,
                        format!("file name {name:?} has nothing a URL can spell"),
                    )
                    .hint("rename the file with some letters or digits in its name"),
                );
                continue;
            }
        };
        let own_dir = match role {
            Role::Bundle => dir_path.clone(),
            _ => format!("{dir_path}/{stem}"),
        };
        jobs.push(Job {
            role,
            category: category.join("/"),
            file_slug,
            dir: dir_path,
            own_dir,
            found,
        });
    }
    jobs
}

/// A file read: the source, what its place makes it, and the problems of its front matter.
type Read = (Source, Role, Vec<Problem>);

/// Loads every version folder. Problems are collected across all files into `problems`; the content returned
/// holds whatever could be read.
pub(crate) fn load(root: &Path, config: &SiteConfig, problems: &mut Problems) -> Content {
    let content_dir = root.join("content");
    // Version folders that site.toml does not know about are a mistake, not something to skip silently.
    if let Ok(entries) = std::fs::read_dir(&content_dir) {
        let mut names: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let name = e.file_name().to_string_lossy().to_string();
            if e.path().is_dir()
                && config.version_index(&name).is_none()
                && !name.starts_with('.')
                && !name.starts_with('_')
            {
                let known: Vec<&str> = config.versions.iter().map(|v| v.id.as_str()).collect();
                problems.push(
                    Problem::error(Path::new("content").join(&name), None, format!("folder for unknown version {name:?}"))
                        .hint(format!(
                            "add a [[versions]] entry with id = {name:?} to content/site.toml, or rename the folder to one of: {}",
                            known.join(", ")
                        )),
                );
            }
        }
    }

    let (md, meta_files) = walk(root, config, problems);
    let jobs = classify(md, problems);

    // Per version: each category's metadata with how sure it is, and the folder on disk each category path was
    // first seen at (for its default title and for two folders that become one address).
    let mut own_meta: Vec<BTreeMap<String, (CategoryMeta, Rank)>> =
        vec![BTreeMap::new(); config.versions.len()];
    for f in meta_files {
        let name = f.segments.last().cloned().unwrap_or_default();
        let Some(rank) = categories::rank_of(&name) else {
            continue;
        };
        let dirs: Vec<&str> = f.segments[..f.segments.len() - 1]
            .iter()
            .map(String::as_str)
            .collect();
        let Some(category) = names::folder_path(&dirs) else {
            continue;
        };
        match categories::read(&f.path, &f.rel_path, rank) {
            Ok(meta) => add_meta(&mut own_meta[f.vi], category, meta, rank),
            Err(p) => problems.push(p),
        }
    }

    // A source whose front matter does not read is kept (see `Source::broken`), with its problems.
    let strict = config.strict_front_matter;
    let read: Vec<Result<Read, Problem>> = jobs
        .into_par_iter()
        .map(|job| {
            let rel_path = job.found.rel_path;
            let text = match std::fs::read(&job.found.path) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                    Problem::error(&rel_path, None, "the file is not UTF-8 text")
                        .hint("save it as UTF-8 in your editor")
                })?,
                Err(e) => {
                    return Err(Problem::error(&rel_path, None, format!("cannot read: {e}")));
                }
            };
            let (front_matter, body_offset, broken, mut found) =
                match front_matter::split(&rel_path, &text, strict) {
                    Ok(s) => (s.front_matter, s.body_offset, false, Vec::new()),
                    Err(p) => (FrontMatter::default(), text.len(), true, p),
                };
            let slug = match &front_matter.slug {
                None => job.file_slug.clone(),
                // Docusaurus writes slugs from the site root; here an article's name is one URL segment.
                Some(s) if names::is_valid_article_name(s.strip_prefix('/').unwrap_or(s)) => {
                    s.strip_prefix('/').unwrap_or(s).to_string()
                }
                Some(s) => {
                    found.push(
                        Problem::error(
                            &rel_path,
                            front_matter.lines.get("slug").copied(),
                            format!("slug {s:?} cannot be used in a URL"),
                        )
                        .hint(format!(
                            "an article's slug is one URL name of lowercase letters, digits and '-' (and '.' inside it), e.g. {:?}",
                            names::cleaned(s, true)
                        )),
                    );
                    job.file_slug.clone()
                }
            };
            let source = Source {
                rel_path,
                version: job.found.vi,
                category: job.category,
                slug,
                file_slug: job.file_slug,
                dir: job.dir,
                own_dir: job.own_dir,
                text,
                front_matter,
                body_offset,
                broken,
            };
            Ok((source, job.role, found))
        })
        .collect();

    let mut sources: Vec<Source> = Vec::with_capacity(read.len());
    // Per version: the folder on disk of each category path, and which file holds each (category, file name).
    let mut folders: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); config.versions.len()];
    let mut names_taken: Vec<BTreeMap<(String, String), PathBuf>> =
        vec![BTreeMap::new(); config.versions.len()];
    let mut clashes: BTreeSet<(usize, String, String)> = BTreeSet::new();
    for r in read {
        let (source, role, found) = match r {
            Ok(x) => x,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        problems.extend(found);
        let vi = source.version;
        if role == Role::FolderPage {
            let fm = &source.front_matter;
            let meta = CategoryMeta {
                // An MkDocs `index.md` often has no front matter: its `# Heading` names the folder.
                title: fm
                    .title
                    .clone()
                    .or_else(|| first_heading(&source.text[source.body_offset..])),
                description: fm.description.clone(),
                order: fm.order,
            };
            add_meta(&mut own_meta[vi], source.category.clone(), meta, Rank::Page);
            // A folder page of front matter only (Hugo's `_index.md`) says what the folder is, and is no article.
            if source.text[source.body_offset..].trim().is_empty() && !source.broken {
                continue;
            }
        }
        let category_dir = match role {
            Role::Bundle => source
                .dir
                .rsplit_once('/')
                .map_or("", |(d, _)| d)
                .to_string(),
            _ => source.dir.clone(),
        };
        if let Some(first) = folders[vi].get(&source.category) {
            // Reported once per pair of folders; their articles stay, so nothing else is reported for them.
            if *first != category_dir && clashes.insert((vi, first.clone(), category_dir.clone())) {
                let v = &config.versions[vi].id;
                problems.push(
                    Problem::error(
                        &source.rel_path,
                        None,
                        format!(
                            "the folders content/{v}/{first}/ and content/{v}/{category_dir}/ both have the address {}/",
                            source.category
                        ),
                    )
                    .hint("folder names become URLs in lowercase with '-' between words: merge the two folders or rename one"),
                );
            }
        } else {
            folders[vi].insert(source.category.clone(), category_dir);
        }
        let key = (source.category.clone(), source.file_slug.clone());
        if let Some(first) = names_taken[vi].get(&key) {
            problems.push(
                Problem::error(
                    &source.rel_path,
                    None,
                    format!(
                        "{} and {} both have the address {}/{}/",
                        display_path(first),
                        display_path(&source.rel_path),
                        key.0,
                        key.1
                    ),
                )
                .hint("file names become URLs in lowercase with '-' between words: rename one of them"),
            );
            continue;
        }
        names_taken[vi].insert(key, source.rel_path.clone());
        sources.push(source);
    }
    let bundles: BTreeSet<usize> = sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.own_dir == s.dir)
        .map(|(i, _)| i)
        .collect();

    let versions = inherit(config, &sources, &bundles, &own_meta, &folders, problems);
    Content {
        root: root.to_path_buf(),
        sources,
        versions,
    }
}

/// The text of a Markdown body's first line when it is a `# ` heading (blank lines before it allowed).
fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    let text = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Records a folder's metadata found in one version: the surer source wins field by field.
fn add_meta(
    own: &mut BTreeMap<String, (CategoryMeta, Rank)>,
    category: String,
    meta: CategoryMeta,
    rank: Rank,
) {
    match own.get_mut(&category) {
        Some((old, old_rank)) if *old_rank > rank => *old = old.clone().or(&meta),
        Some((old, old_rank)) => {
            *old = meta.or(old);
            *old_rank = rank;
        }
        None => {
            own.insert(category, (meta, rank));
        }
    }
}

/// Inheritance: walk versions oldest first, each starting from the previous one's resolved state. Files replace
/// files by category and name; their slugs are where they are published.
fn inherit(
    config: &SiteConfig,
    sources: &[Source],
    bundles: &BTreeSet<usize>,
    own_meta: &[BTreeMap<String, (CategoryMeta, Rank)>],
    folders: &[BTreeMap<String, String>],
    problems: &mut Problems,
) -> Vec<VersionContent> {
    let mut versions: Vec<VersionContent> = Vec::with_capacity(config.versions.len());
    let mut metas: BTreeMap<String, CategoryMeta> = BTreeMap::new();
    let mut disk_names: BTreeMap<String, String> = BTreeMap::new();
    let mut files: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut drafts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (vi, own) in own_meta.iter().enumerate() {
        for (i, s) in sources.iter().enumerate().filter(|(_, s)| s.version == vi) {
            let key = (s.category.clone(), s.file_slug.clone());
            if s.front_matter.draft {
                // Not published: an older edition, if there is one, is still the article.
                drafts.insert(key, i);
                continue;
            }
            drafts.remove(&key);
            if s.front_matter.removed {
                if files.remove(&key).is_none() {
                    problems.push(
                        Problem::warning(&s.rel_path, s.front_matter.lines.get("removed").copied(), "marked removed, but no older version has this article")
                            .hint("delete the file, or check the category and file name against the older version"),
                    );
                }
            } else {
                files.insert(key, i);
            }
        }
        let mut vc = VersionContent {
            drafts: drafts
                .iter()
                .filter(|(k, _)| !files.contains_key(*k))
                .map(|(k, &i)| (k.clone(), i))
                .collect(),
            ..VersionContent::default()
        };
        for ((category, file_slug), &i) in &files {
            let s = &sources[i];
            let key = (category.clone(), s.slug.clone());
            if let Some(&other) = vc.articles.get(&key) {
                let first = &sources[other];
                // Reported at the slug that made the address (one of them has one: file names differ).
                let line = |s: &Source| s.front_matter.lines.get("slug").copied();
                let at = if line(s).is_some() { s } else { first };
                problems.push(
                    Problem::error(
                        &at.rel_path,
                        line(at),
                        format!(
                            "{}/{} is the address of both {} and {}",
                            category,
                            s.slug,
                            display_path(&first.rel_path),
                            display_path(&s.rel_path)
                        ),
                    )
                    .hint("give one of them another slug in its front matter (or rename its file)"),
                );
                vc.files.insert(
                    (category.clone(), file_slug.clone()),
                    (category.clone(), first.slug.clone()),
                );
                continue;
            }
            vc.articles.insert(key.clone(), i);
            vc.files
                .insert((category.clone(), file_slug.clone()), key.clone());
            if bundles.contains(&i) {
                // `folder/index.md`, as a link may name it: a link's folders are read by the folders' rule, which
                // keeps no dots (`release-4.1/index.md` is `release-4-1`), while the article's name keeps them.
                let folder = s.dir.rsplit('/').next().and_then(names::folder);
                vc.files.insert(
                    (
                        format!("{category}/{}", folder.as_deref().unwrap_or(file_slug)),
                        "index".into(),
                    ),
                    key,
                );
            }
        }
        for (slug, (meta, _)) in own {
            let merged = meta
                .clone()
                .or(metas.get(slug).unwrap_or(&CategoryMeta::default()));
            metas.insert(slug.clone(), merged);
        }
        for (slug, dir) in &folders[vi] {
            // The path and the folders have one segment each per level: the sections' folders name them too.
            let (url, disk): (Vec<&str>, Vec<&str>) =
                (slug.split('/').collect(), dir.split('/').collect());
            for n in 1..=url.len().min(disk.len()) {
                disk_names
                    .entry(url[..n].join("/"))
                    .or_insert_with(|| disk[n - 1].to_string());
            }
        }
        // Every category with an article, and the categories it is a section of.
        let mut paths: BTreeSet<String> = BTreeSet::new();
        for (c, _) in vc.articles.keys() {
            paths.extend(names::lineage(c).into_iter().map(String::from));
        }
        vc.categories = paths
            .into_iter()
            .map(|slug| {
                let meta = metas.get(&slug).cloned().unwrap_or_default();
                let last = slug.rsplit('/').next().unwrap_or(&slug);
                let name = disk_names.get(&slug).map_or(last, String::as_str);
                let title = meta
                    .title
                    .unwrap_or_else(|| names::title(name, names::Titled::Folder));
                let category = Category {
                    title,
                    description: meta.description,
                    order: meta.order,
                    slug: slug.clone(),
                };
                (slug, category)
            })
            .collect();
        // A category's page and an article's page cannot share an address (`faq/` holding articles beside `faq.md`).
        for ((c, s), &i) in &vc.articles {
            let path = format!("{c}/{s}");
            if sources[i].version == vi && vc.categories.contains_key(&path) {
                problems.push(
                    Problem::error(
                        &sources[i].rel_path,
                        None,
                        format!("the article's address {path}/ is also the page of the category folder {path}/"),
                    )
                    .hint("rename the article or the folder (a folder beside an article may hold its images, not articles)"),
                );
            }
        }
        versions.push(vc);
    }
    versions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_pages_first_heading_can_title_its_folder() {
        assert_eq!(
            first_heading("\n# Getting started\n\nText").as_deref(),
            Some("Getting started")
        );
        assert_eq!(first_heading("Intro\n# Later"), None);
        assert_eq!(first_heading("## Sub"), None);
    }
}
