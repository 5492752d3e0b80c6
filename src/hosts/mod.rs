//! The configuration a static host or web server needs to serve the built site as it should be served, written beside
//! the pages from the same data: every redirect page as a 301 (the root as a 302), cache lifetimes by kind of file
//! (content-hashed files for a year, pages revalidated), the Content-Security-Policy and other security headers as
//! headers, and the content types a server may not know (`application/wasm`).
//!
//! The HTML redirect pages stay, for hosts that cannot redirect and for links opened from a saved copy.

mod apache;
mod netlify;
mod nginx;
mod s3;

use crate::load::config::Host;
use crate::output::Output;
use crate::report::{Problem, Problems};

/// Folders whose files are named by a hash of their bytes: a changed file gets a new name, so caches may keep them.
pub(crate) const HASHED: &[&str] = &["_img", "_assets", "_search"];
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub(crate) const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// What every host's configuration is made from.
pub(crate) struct Rules {
    /// The path the site is published under: `/` or `/help/`.
    pub base_path: String,
    /// (from, to): folders of the site, relative to its root (`""` is the root itself).
    pub redirects: Vec<(String, String)>,
    /// Every file of the site, relative to its root.
    pub files: Vec<String>,
    /// The one other origin pages may connect to (the feedback endpoint).
    pub connect: Option<String>,
}

impl Rules {
    /// The URL path of a folder or file of the site.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The status of a redirect from `from`: the site root's may change with the site (302), moved pages' do not.
    pub(crate) fn status(from: &str) -> u16 {
        if from.is_empty() {
            302
        } else {
            301
        }
    }
}

/// The headers every answer carries. The policy is the one pages carry in their `<meta>` where WebAssembly runs
/// (a header cannot differ per page on every host; each page's own `<meta>` still narrows it), plus what only a
/// header can say: that no other site may frame the pages.
pub(crate) fn security_headers(rules: &Rules) -> Vec<(&'static str, String)> {
    vec![
        (
            "Content-Security-Policy",
            format!(
                "{}; frame-ancestors 'none'",
                crate::pages::csp(true, rules.connect.as_deref())
            ),
        ),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
    ]
}

/// Whether a file of the site is named by its content's hash.
pub(crate) fn hashed(path: &str) -> bool {
    path.split('/')
        .next()
        .is_some_and(|first| HASHED.contains(&first))
}

/// The files of the host's configuration, written into the output.
pub(crate) fn write(host: Host, rules: &Rules, out: &Output, problems: &mut Problems) {
    let files: Vec<(&str, String)> = match host {
        Host::Netlify => netlify::files(rules, true, problems),
        Host::Cloudflare => netlify::files(rules, false, problems),
        Host::Nginx => vec![(nginx::FILE, nginx::config(rules))],
        Host::Apache => vec![(".htaccess", apache::config(rules))],
        Host::S3 => vec![(s3::FILE, s3::config(rules))],
        Host::GithubPages => vec![(".nojekyll", String::new())],
    };
    for (name, text) in files {
        if let Err(e) = out.write(name, text.as_bytes()) {
            problems.push(Problem::error(name, None, e));
        }
    }
}
