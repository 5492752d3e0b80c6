//! Attachments: files that are not articles (`.pdf`, `.zip`, `.patch`, any extension) that articles link to by a
//! relative path inside their version folder. Each is found per version with inheritance, like images, and published
//! at a stable address: its path inside the version folder under the version's address (`/v2/email/assets/x.pdf`,
//! and under `/latest/` for the latest version), because support agents paste those links to customers as they do
//! step links, and a content hash in the name would break them at every edit of the file.

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::Output;
use crate::render::articles::Library;
use crate::render::markdown::LinkTarget;
use crate::render::placement::{Attachment, Finder, Looked};
use crate::report::{display_path, Problem, Problems};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Finds the files of every article's attachment links in the article's version, into `Article::files`. A missing
/// file, or one that a symbolic link leads out of `content/`, is a problem at the link's line: once for all the
/// versions sharing the link.
pub(crate) fn resolve_all(
    config: &SiteConfig,
    content: &Content,
    library: &mut Library,
    finder: &Finder,
    problems: &mut Problems,
) {
    let mut found = crate::report::PerVersion::new();
    for (vi, articles) in library.iter_mut().enumerate() {
        for article in articles.values_mut() {
            let file = display_path(&content.sources[article.source].rel_path);
            // Messages name paths in the version of the article's file, so that an inherited article's missing file
            // is one problem for all the versions that inherit it, as its broken links are.
            let own = content.sources[article.source].version;
            let mut files: BTreeMap<String, Attachment> = BTreeMap::new();
            for link in &article.rendered.links {
                let (path, report) = match &link.target {
                    LinkTarget::File { path, .. } => (path.clone(), true),
                    // A file of this version linked by its site path (`/v2/email/assets/x.pdf`, `/latest/...`) is
                    // published as a relative link's would be; a missing one is the site-path check's to report.
                    LinkTarget::Site { path, .. } => match own_file(config, vi, path) {
                        Some(rel) => (crate::url::percent_decode(rel), false),
                        None => continue,
                    },
                    _ => continue,
                };
                let path = &path;
                // A folder that is no section and holds no lone `index.md` (those links were moved to their page).
                let failure = if path.ends_with('/') {
                    (
                        format!("relative link {:?} points to a folder", link.raw),
                        "link to a file in it, to a section's folder, or to another article by its file, e.g. ../email/gmail-pop-smtp-settings.md".to_string(),
                    )
                } else {
                    match finder.lookup(vi, path) {
                        Looked::Found(source, from) => {
                            files.insert(
                                path.clone(),
                                Attachment {
                                    path: path.clone(),
                                    rel: finder.shown(from, path),
                                    source,
                                },
                            );
                            continue;
                        }
                        _ if !report => continue,
                        Looked::Outside => (
                            format!("attachment {:?} leaves content/ (a symbolic link to a file outside it)", link.raw),
                            format!("copy the file into the version folder, as {}", finder.shown(own, path)),
                        ),
                        Looked::Missing => (
                            format!(
                                "attachment {:?} not found (looked for {} and in older versions)",
                                link.raw,
                                finder.shown(own, path)
                            ),
                            match finder.near(vi, path) {
                                // `[Scenario 2](scen2)`: an anchor that lost its `#` in an export.
                                _ if is_bare_name(&link.raw) && article.rendered.ids.contains(link.raw.as_str()) => format!(
                                    "this page has the id {0:?}: write [..](#{0}) to link to it",
                                    link.raw
                                ),
                                Some(near) => format!("there is {near}: write its name exactly as it is (names are case-sensitive)"),
                                None => format!(
                                    "save the file as {}, or correct the path (names are case-sensitive); a link to another article names its .md file",
                                    finder.shown(own, path)
                                ),
                            },
                        ),
                    }
                };
                found
                    .entry((file.clone(), link.line, failure.0))
                    .or_insert_with(|| (failure.1, Vec::new()))
                    .1
                    .push(config.versions[vi].id.clone());
            }
            article.files = files.into_values().collect();
        }
    }
    problems.push_per_version(found, config.versions.len());
}

/// Whether a link is one bare name: no folder, no extension, no fragment (`scen2`).
fn is_bare_name(raw: &str) -> bool {
    !raw.is_empty() && !raw.contains(['/', '.', '#', '\\', '?'])
}

/// The path inside version `vi`'s folder of a site path to a file of that version (`v2/email/x.pdf` or, for the
/// latest version, `latest/email/x.pdf` -> `email/x.pdf`).
fn own_file<'p>(config: &SiteConfig, vi: usize, path: &'p str) -> Option<&'p str> {
    if !crate::render::file_links::looks_like_file(path) {
        return None;
    }
    let (first, rest) = path.split_once('/')?;
    let of_vi =
        first == config.versions[vi].id || (first == "latest" && vi == config.latest_index());
    (of_vi && !rest.is_empty()).then_some(rest)
}

/// Every attachment's published paths (the version's, then `latest/`'s), each file once however many articles link
/// to it.
fn addresses<'l>(
    config: &SiteConfig,
    library: &'l Library,
) -> BTreeMap<(usize, &'l str), (Vec<String>, &'l Attachment)> {
    let latest = config.latest_index();
    let mut all: BTreeMap<(usize, &str), (Vec<String>, &Attachment)> = BTreeMap::new();
    for (vi, articles) in library.iter().enumerate() {
        let mut prefixes = vec![config.versions[vi].id.as_str()];
        if vi == latest {
            prefixes.push("latest");
        }
        for file in articles.values().flat_map(|a| &a.files) {
            all.entry((vi, file.path.as_str())).or_insert_with(|| {
                let paths = prefixes
                    .iter()
                    .map(|p| format!("{p}/{}", file.path))
                    .collect();
                (paths, file)
            });
        }
    }
    all
}

/// Writes every attachment into `out`, after the pages (an attachment may not take a page's place). With `writing`
/// false (checking, or the content has errors) the names are given to `out` with no bytes, for the check of the
/// built site. Returns how many files there are.
pub(crate) fn publish(
    config: &SiteConfig,
    library: &Library,
    out: &Output,
    writing: bool,
    problems: &mut Problems,
) -> usize {
    let all = addresses(config, library);
    {
        let written = out.written().files();
        for (paths, file) in all.values() {
            for path in paths {
                let folder = format!("{path}/");
                let taken = written.contains_key(path)
                    || written
                        .range(folder.clone()..)
                        .next()
                        .is_some_and(|(k, _)| k.starts_with(&folder));
                if taken {
                    problems.push(
                        Problem::error(&file.rel, None, format!("this attachment would be published at /{path}, where the site has a page"))
                            .hint("rename the file (an attachment without an extension takes the name of an article's folder)"),
                    );
                }
            }
        }
    }
    let failures: Vec<Problem> = all
        .par_iter()
        .filter_map(|(_, (paths, file))| {
            let bytes = if writing {
                match std::fs::read(&file.source) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        return Some(
                            Problem::error(&file.rel, None, format!("cannot read: {e}"))
                                .hint("check the file's permissions"),
                        )
                    }
                }
            } else {
                Vec::new()
            };
            let (first, copies) = paths.split_first()?;
            let written = out.write(first, &bytes).and_then(|()| {
                copies
                    .iter()
                    .try_for_each(|p| out.write_copy(p, first, &bytes))
            });
            written.err().map(|e| Problem::error(&file.rel, None, e))
        })
        .collect();
    problems.extend(failures);
    all.len()
}
