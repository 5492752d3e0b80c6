//! `_redirects` and `_headers` at the site root, the format Netlify and Cloudflare Pages share.

use super::{security_headers, Rules, HASHED, IMMUTABLE};
use crate::report::{Problem, Problems};

/// Cloudflare Pages reads at most this many redirects without placeholders.
const CLOUDFLARE_MAX_REDIRECTS: usize = 2000;

/// `_redirects` and `_headers`. Netlify serves a file where one exists before it redirects, so its redirects are
/// forced (`301!`): the redirect pages exist. Cloudflare redirects first, and tells `/a` from `/a/`.
pub(super) fn files(
    rules: &Rules,
    netlify: bool,
    problems: &mut Problems,
) -> Vec<(&'static str, String)> {
    let mut redirects = String::from(
        "# Written by helpsite build: every redirect page as a redirect of the host.\n",
    );
    let mut count = 0;
    for (from, to) in &rules.redirects {
        let status = Rules::status(from);
        let force = if netlify { "!" } else { "" };
        let to = rules.url(to);
        let mut froms = vec![rules.url(from)];
        if !netlify && !from.is_empty() {
            froms.push(rules.url(from.trim_end_matches('/')));
        }
        for from in froms {
            redirects.push_str(&format!("{from} {to} {status}{force}\n"));
            count += 1;
        }
    }
    if !netlify && count > CLOUDFLARE_MAX_REDIRECTS {
        problems.push(
            Problem::warning("_redirects", None, format!("{count} redirects: Cloudflare Pages reads only the first {CLOUDFLARE_MAX_REDIRECTS}"))
                .hint("the HTML redirect pages still send readers on; or move redirects into a Bulk Redirects list"),
        );
    }
    let mut headers = String::from("# Written by helpsite build. Pages are revalidated by the host's default (max-age=0, must-revalidate);\n# content-hashed files are kept for a year.\n");
    headers.push_str(&format!("{}*\n", rules.base_path));
    for (name, value) in security_headers(rules) {
        headers.push_str(&format!("  {name}: {value}\n"));
    }
    for dir in HASHED {
        headers.push_str(&format!(
            "{}{dir}/*\n  Cache-Control: {IMMUTABLE}\n",
            rules.base_path
        ));
    }
    vec![("_redirects", redirects), ("_headers", headers)]
}
