//! Where a link written in an article leads: the `href` for the page and the target the link checks look at. Links
//! name files and folders as they are on disk; pages are at their URL names (see [`crate::load::names`]).

use serde::{Deserialize, Serialize};

/// What is wrong with a link, and the fix.
type Failure = (String, String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum LinkTarget {
    /// Another article of the same version (or this one), from a relative `.md` link.
    Article {
        category: String,
        slug: String,
        fragment: Option<String>,
    },
    /// A file that is not an article (an attachment), by its path inside the version folder (`email/assets/x.pdf`).
    File {
        path: String,
        fragment: Option<String>,
    },
    /// `#id` on this page.
    Fragment(String),
    /// `/v12/email/x/#id` or `/latest/...`: a path from the site root.
    Site {
        path: String,
        fragment: Option<String>,
    },
    External(String),
}

/// Rewrites a link for the page and says what it points to, for the link check. `dir` is the article's folder on
/// disk, `root` the page's way to the site root.
pub(crate) fn resolve_link(
    dest: &str,
    dir: &str,
    root: &str,
) -> (String, Result<Option<LinkTarget>, Failure>) {
    // The page is at `<version>/<category path>/<slug>/`: one `../` less than the root is its version's address.
    let version_root = root.strip_prefix("../").unwrap_or(root);
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let frag_suffix = fragment
        .as_ref()
        .map(|f| format!("#{f}"))
        .unwrap_or_default();
    if path.is_empty() {
        return match fragment {
            Some(f) if !f.is_empty() => (dest.to_string(), Ok(Some(LinkTarget::Fragment(f)))),
            _ => (dest.to_string(), Ok(None)),
        };
    }
    if let Some((scheme, _)) = path.split_once(':') {
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '.' || c == '-')
        {
            return match scheme.to_ascii_lowercase().as_str() {
                "http" | "https" => (
                    dest.to_string(),
                    Ok(Some(LinkTarget::External(dest.to_string()))),
                ),
                "mailto" | "tel" => (dest.to_string(), Ok(None)),
                _ => (
                    dest.to_string(),
                    Err((
                        format!("link to {dest:?} uses a scheme pages cannot open"),
                        "use http(s), mailto or tel links".to_string(),
                    )),
                ),
            };
        }
    }
    if path.starts_with("//") {
        return (
            dest.to_string(),
            Err((
                format!("link {dest:?} has no scheme"),
                "write the full address, e.g. https://example.com/".to_string(),
            )),
        );
    }
    if let Some(site_path) = path.strip_prefix('/') {
        let mut clean = site_path.trim_end_matches("index.html").to_string();
        if !clean.is_empty()
            && !clean.ends_with('/')
            && !crate::render::file_links::looks_like_file(&clean)
        {
            clean.push('/');
        }
        let href = format!("{root}{clean}{frag_suffix}");
        return (
            href,
            Ok(Some(LinkTarget::Site {
                path: clean,
                fragment,
            })),
        );
    }
    let Some(md_path) = path.strip_suffix(".md") else {
        return match crate::render::file_links::resolve(dest, path, fragment, dir, version_root) {
            Ok((href, file)) => (
                href,
                Ok(Some(LinkTarget::File {
                    path: file.path,
                    fragment: file.fragment,
                })),
            ),
            Err(failure) => (dest.to_string(), Err(failure)),
        };
    };
    let leaves = || {
        (dest.to_string(), Err((format!("link {dest:?} leaves this version's folder"), "articles link to articles of their own version by relative path; use /<version>/<category>/<article>/ for another version".to_string())))
    };
    let Some(resolved) = crate::render::placement::resolve(&[dir], md_path) else {
        return leaves();
    };
    // The link names files and folders as they are on disk; their pages are at their URL names.
    let segments: Vec<&str> = resolved.split('/').collect();
    let (folders, file) = segments.split_at(segments.len() - 1);
    let category = crate::load::names::folder_path(folders).filter(|c| !c.is_empty());
    let slug = crate::load::names::article(file[0].trim_start_matches('_'));
    match (category, slug) {
        (Some(cat), Some(slug)) => (
            format!("{version_root}{cat}/{slug}/{frag_suffix}"),
            Ok(Some(LinkTarget::Article { category: cat, slug, fragment })),
        ),
        _ => (
            dest.to_string(),
            Err((format!("link {dest:?} does not point to <category>/<article>.md"), "from an article, another article is `other.md` (same folder) or `../category/other.md`".to_string())),
        ),
    }
}
