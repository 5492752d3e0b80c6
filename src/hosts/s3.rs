//! `.helpsite-s3.json`: what a bucket behind a CDN needs besides the files, for a deploy script to apply.

use super::{hashed, security_headers, Rules, IMMUTABLE, REVALIDATE};
use serde::Serialize;

pub(super) const FILE: &str = ".helpsite-s3.json";

#[derive(Serialize)]
struct Config {
    version: u32,
    /// The bucket's static website hosting settings.
    index_document: &'static str,
    error_document: String,
    /// Each redirect page's key, to upload with `x-amz-website-redirect-location` (`--website-redirect`).
    redirects: Vec<Redirect>,
    /// For a CloudFront response headers policy (S3 itself cannot add them).
    response_headers: Vec<Header>,
    /// Every file's key with its metadata (`aws s3 cp --content-type ... --cache-control ...`).
    objects: Vec<Object>,
}

#[derive(Serialize)]
struct Redirect {
    key: String,
    location: String,
    status: u16,
}

#[derive(Serialize)]
struct Header {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Object {
    key: String,
    content_type: &'static str,
    cache_control: &'static str,
}

pub(super) fn config(rules: &Rules) -> String {
    let prefix = rules.base_path.trim_start_matches('/');
    let config = Config {
        version: 1,
        index_document: "index.html",
        error_document: format!("{prefix}404.html"),
        redirects: rules
            .redirects
            .iter()
            .map(|(from, to)| Redirect {
                key: format!("{prefix}{from}index.html"),
                location: rules.url(to),
                status: Rules::status(from),
            })
            .collect(),
        response_headers: security_headers(rules)
            .into_iter()
            .map(|(name, value)| Header { name, value })
            .collect(),
        objects: rules
            .files
            .iter()
            // Hidden files are helpsite's bookkeeping; compressed copies cannot be chosen by S3.
            .filter(|p| {
                !p.split('/').any(|n| n.starts_with('.'))
                    && !p.ends_with(".br")
                    && !p.ends_with(".gz")
            })
            .map(|key| Object {
                key: format!("{prefix}{key}"),
                content_type: crate::output::types::content_type(std::path::Path::new(key)),
                cache_control: if hashed(key) { IMMUTABLE } else { REVALIDATE },
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
    text.push('\n');
    text
}
