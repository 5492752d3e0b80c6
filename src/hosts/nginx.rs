//! `.helpsite-nginx.conf`: the rules of a `server` block, to `include` where the site's `root` is set.

use super::{security_headers, Rules, HASHED, IMMUTABLE, REVALIDATE};

pub(super) const FILE: &str = ".helpsite-nginx.conf";

/// The snippet. `add_header` is not inherited by a `location` that sets its own, so each repeats the security headers.
pub(super) fn config(rules: &Rules) -> String {
    let headers = |cache: &str, indent: &str| {
        let mut h = format!("{indent}add_header Cache-Control \"{cache}\" always;\n");
        for (name, value) in security_headers(rules) {
            h.push_str(&format!("{indent}add_header {name} \"{value}\" always;\n"));
        }
        h
    };
    let base = &rules.base_path;
    let mut c = format!(
        "# Written by helpsite build --host nginx. Include it inside the server block that serves the site:\n\
         #   server {{ ... root /srv/help/site; include /srv/help/site/{FILE}; }}\n\
         # (with the site published under {base}, root is the folder that holds it at that path).\n\
         # Precompressed .gz files are sent as they are; with the ngx_brotli module, also uncomment brotli_static.\n\
         gzip_static on;\n\
         # brotli_static on;\n\
         charset utf-8;\n\
         error_page 404 {base}404.html;\n\n"
    );
    c.push_str("# Redirect pages as redirects (browsers keep the #fragment of a step).\n");
    for (from, to) in &rules.redirects {
        let status = Rules::status(from);
        let to = rules.url(to);
        let mut froms = vec![rules.url(from)];
        if !from.is_empty() {
            froms.push(rules.url(from.trim_end_matches('/')));
            froms.push(rules.url(&format!("{from}index.html")));
        }
        for from in froms {
            c.push_str(&format!("location = {from} {{ return {status} {to}; }}\n"));
        }
    }
    c.push_str("\n# Nothing hidden is served (this file, the build manifest).\n");
    c.push_str(&format!(
        "location ~ ^{base}(.*/)?\\. {{ return 404; }}\n\n"
    ));
    c.push_str("# Files named by their content's hash: kept for a year.\n");
    c.push_str(&format!("location ~ ^{base}({})/ {{\n", HASHED.join("|")));
    c.push_str(&headers(IMMUTABLE, "    "));
    c.push_str(
        "    location ~ \\.wasm$ {\n        types { }\n        default_type application/wasm;\n",
    );
    c.push_str(&headers(IMMUTABLE, "        "));
    c.push_str("    }\n}\n\n# Pages and the rest: revalidated on every visit.\n");
    c.push_str(&format!("location {base} {{\n"));
    c.push_str(&headers(REVALIDATE, "    "));
    c.push_str("    try_files $uri $uri/ =404;\n");
    // nginx's own type list has no Markdown: the copies for assistants would download instead of showing.
    c.push_str("    location ~ \\.md$ {\n        types { }\n        default_type \"text/markdown; charset=utf-8\";\n");
    c.push_str(&headers(REVALIDATE, "        "));
    c.push_str("    }\n}\n");
    c
}
