//! Links from an article to a file that is not an article (an attachment: `setup.pdf`, `assets/fix.patch`,
//! `../downloads/tool.zip`). The file is published at the same path inside the version's address as inside the
//! version folder, so the link is written relative to the page and reads the same in every version (and under
//! `latest/`): whether the file exists is checked per version later, in [`crate::render::attachments`].

use crate::render::placement;

/// Extensions refused as attachments: a browser would run them as a page (or a stylesheet) of the site, outside its
/// Content-Security-Policy, and the check of the built site would read them as the site's own.
const REFUSED: &[&str] = &["html", "htm", "xhtml", "svg", "css"];

/// A relative link to a file, as rendering found it: its path inside the version folder and the `#fragment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileLink {
    pub path: String,
    pub fragment: Option<String>,
}

/// Rewrites the relative link `path` (`#fragment` split off) of an article in the folder `dir` (its path inside the
/// version folder) to a file: the `href` from the article's page, whose way to its version's address is
/// `version_root`, and the file's path inside the version folder.
pub(crate) fn resolve(
    dest: &str,
    path: &str,
    fragment: Option<String>,
    dir: &str,
    version_root: &str,
) -> Result<(String, FileLink), (String, String)> {
    let hint_place = "attachments are files inside the version folder (content/<version>/), linked by their path from the article's folder: [Download](assets/setup.pdf)";
    // A folder (`../billing/`, `.`): a section's page or a folder's lone `index.md`, as MkDocs and Docusaurus sites
    // link them; which one, or neither, is known once the version's content is (see `articles::link_moves`). Its path
    // keeps the final `/`.
    let folder = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    let Some(mut rel) = placement::resolve(&[dir], path) else {
        return Err((
            format!("link {dest:?} leaves this version's folder"),
            format!("articles link to files of their own version by relative path ({hint_place}); use /<version>/<category>/<article>/ for a page of another version"),
        ));
    };
    if folder {
        rel.push('/');
    }
    let name = rel.trim_end_matches('/').rsplit('/').next().unwrap_or(&rel);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !folder && REFUSED.contains(&ext.as_str()) {
        return Err((
            format!("link {dest:?} is to a .{ext} file, which helpsite does not publish as an attachment"),
            "a browser would open it as a page of this site, outside its Content-Security-Policy: put it in a .zip, or write it as an article".to_string(),
        ));
    }
    if let Some(c) = rel.chars().find(|c| c.is_control() || *c == ':') {
        return Err((
            format!("attachment {dest:?} has {c:?} in its name, which cannot be in a published file name"),
            "rename the file (letters, digits, spaces, '-', '_' and '.' work everywhere)".to_string(),
        ));
    }
    let frag = fragment
        .as_ref()
        .map(|f| format!("#{f}"))
        .unwrap_or_default();
    let href = format!("{version_root}{}{frag}", encode(&rel));
    Ok((
        href,
        FileLink {
            path: rel,
            fragment,
        },
    ))
}

/// Whether a site path written without its trailing slash names a file (`links.json`, `v2/a/assets/x.pdf`) rather
/// than a page's folder: its last segment has an extension, and one that is not a number, since article names may
/// hold version numbers (`update-to-magento-2.4.0`).
pub(crate) fn looks_like_file(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && !ext.is_empty() && !ext.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A path as a URL path: everything but unreserved characters and `/` percent-encoded.
pub(crate) fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(dest: &str) -> (String, String) {
        let (path, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let (href, link) = resolve(dest, path, frag, "email", "../../").unwrap();
        (href, link.path)
    }

    #[test]
    fn a_file_beside_the_article_a_shared_folder_and_a_folder_above_all_resolve_inside_the_version()
    {
        assert_eq!(
            ok("fix.patch"),
            ("../../email/fix.patch".into(), "email/fix.patch".into())
        );
        assert_eq!(
            ok("gmail/setup.pdf#page=2"),
            (
                "../../email/gmail/setup.pdf#page=2".into(),
                "email/gmail/setup.pdf".into()
            )
        );
        assert_eq!(
            ok("../downloads/Tool%20v2.zip"),
            (
                "../../downloads/Tool%20v2.zip".into(),
                "downloads/Tool v2.zip".into()
            )
        );
        assert_eq!(
            ok("assets/notes"),
            (
                "../../email/assets/notes".into(),
                "email/assets/notes".into()
            )
        );
    }

    #[test]
    fn a_path_out_of_the_version_a_folder_and_a_page_like_file_are_refused() {
        let err = |dest: &str| resolve(dest, dest, None, "email", "../../").unwrap_err().0;
        assert!(err("../../secret.zip").contains("leaves this version's folder"));
        assert_eq!(
            ok("assets/"),
            ("../../email/assets/".into(), "email/assets/".into()),
            "a folder keeps its final / for the version to say what it is"
        );
        assert!(err("assets/page.HTML").contains(".html file"));
        assert!(err("a:b.txt").contains("cannot be in a published file name"));
    }

    #[test]
    fn from_a_section_the_link_climbs_one_folder_more_to_the_version_and_reads_from_the_folder_on_disk(
    ) {
        let (href, link) = resolve(
            "../Shared Files/form.pdf",
            "../Shared Files/form.pdf",
            None,
            "Billing/Refunds",
            "../../../",
        )
        .unwrap();
        assert_eq!(href, "../../../Billing/Shared%20Files/form.pdf");
        assert_eq!(link.path, "Billing/Shared Files/form.pdf");
    }

    #[test]
    fn a_site_path_ending_in_a_version_number_is_a_page_and_one_with_an_extension_a_file() {
        assert!(!looks_like_file("v2/magento/update-to-magento-2.4.0"));
        assert!(!looks_like_file("v2/email/gmail"));
        assert!(looks_like_file("links.json"));
        assert!(looks_like_file("v2/email/assets/fix-2.4.0.patch"));
    }

    #[test]
    fn names_are_percent_encoded_in_urls() {
        assert_eq!(encode("a b/#1?.pdf"), "a%20b/%231%3F.pdf");
        assert_eq!(encode("Ünï.txt"), "%C3%9Cn%C3%AF.txt");
    }
}
