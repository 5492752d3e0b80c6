//! `.htaccess` at the site root, for Apache with `AllowOverride All` (mod_rewrite, mod_headers, mod_mime).

use super::{security_headers, Rules, HASHED, IMMUTABLE, REVALIDATE};

pub(super) fn config(rules: &Rules) -> String {
    let base = &rules.base_path;
    let mut c = format!(
        "# Written by helpsite build --host apache. Needs mod_rewrite, mod_headers and AllowOverride All.\n\
         ErrorDocument 404 {base}404.html\n\
         AddType application/wasm .wasm\n\
         AddType text/markdown .md\n\
         AddDefaultCharset utf-8\n\
         # x.html.br is text/html sent with Content-Encoding: br.\n\
         RemoveType .br .gz\n\
         AddEncoding br .br\n\
         AddEncoding gzip .gz\n\n\
         <IfModule mod_headers.c>\n"
    );
    for (name, value) in security_headers(rules) {
        c.push_str(&format!("    Header always set {name} \"{value}\"\n"));
    }
    c.push_str(&format!("    Header set Cache-Control \"{REVALIDATE}\"\n"));
    c.push_str(&format!(
        "    <If \"%{{REQUEST_URI}} =~ m#^{base}({})/#\">\n        Header set Cache-Control \"{IMMUTABLE}\"\n    </If>\n",
        HASHED.join("|")
    ));
    c.push_str("    Header append Vary Accept-Encoding\n</IfModule>\n\n");
    c.push_str("RewriteEngine On\n# Nothing hidden is served.\nRewriteRule (^|/)\\. - [R=404,L]\n");
    c.push_str("# Redirect pages as redirects (browsers keep the #fragment of a step).\n");
    for (from, to) in &rules.redirects {
        let status = Rules::status(from);
        let pattern = if from.is_empty() {
            "^$".to_string()
        } else {
            format!(
                "^{}/?(index\\.html)?$",
                regex_escape(from.trim_end_matches('/'))
            )
        };
        c.push_str(&format!(
            "RewriteRule {pattern} {} [R={status},L]\n",
            rules.url(to)
        ));
    }
    c.push_str("\n# The precompressed copy, when the browser takes it.\n");
    for (accept, ext) in [("br", "br"), ("gzip", "gz")] {
        c.push_str(&format!(
            "RewriteCond %{{HTTP:Accept-Encoding}} \\b{accept}\\b\nRewriteCond %{{REQUEST_FILENAME}} -f\nRewriteCond %{{REQUEST_FILENAME}}.{ext} -f\nRewriteRule ^(.+)$ $1.{ext} [L]\n"
        ));
        c.push_str(&format!(
            "RewriteCond %{{HTTP:Accept-Encoding}} \\b{accept}\\b\nRewriteCond %{{REQUEST_FILENAME}} -d\nRewriteCond %{{REQUEST_FILENAME}}/index.html.{ext} -f\nRewriteRule ^(.*?)/?$ $1/index.html.{ext} [L]\n"
        ));
    }
    c
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escape = "\\.+*?()[]{}|^$".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}
