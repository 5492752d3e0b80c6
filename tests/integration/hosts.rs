//! `helpsite build --host`: each host's configuration, written beside the shipped site, read back as the host reads
//! it. nginx is run for real (scripts/setup installs it) and asked for the pages.

use helpsite::{Host, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The shipped content built for `host` into a temporary folder.
fn shipped(host: Host) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    helpsite::build(&Options {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.clone()),
        host: Some(host),
        ..Options::default()
    })
    .unwrap_or_else(|p| panic!("{p}"));
    (dir, out)
}

/// Every redirect page of a built site: its folder's URL path -> the URL path it sends readers to.
fn redirect_pages(out: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let Some(at) = html.find("http-equiv=\"refresh\" content=\"0; url=") else {
            continue;
        };
        let rest = &html[at + "http-equiv=\"refresh\" content=\"0; url=".len()..];
        let target = &rest[..rest.find('"').unwrap()];
        let folder = entry.path().parent().unwrap().strip_prefix(out).unwrap();
        let folder = folder.to_string_lossy().replace('\\', "/");
        let from = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let to = crate::common::target(&format!("{from}index.html"), target);
        found.insert(
            format!("/{from}"),
            format!("/{}", to.trim_end_matches("index.html")),
        );
    }
    assert!(
        found.len() >= 2,
        "the shipped site has the root and an alias: {found:?}"
    );
    found
}

#[test]
fn netlify_gets_a_forced_301_for_every_redirect_page_and_headers_by_kind_of_file() {
    let (_dir, out) = shipped(Host::Netlify);
    let rules: BTreeMap<String, (String, String)> = std::fs::read_to_string(out.join("_redirects"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "{l}");
            (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
        })
        .collect();
    for (from, to) in redirect_pages(&out) {
        let status = if from == "/" { "302!" } else { "301!" };
        assert_eq!(
            rules.get(&from),
            Some(&(to.clone(), status.to_string())),
            "{from}"
        );
    }
    let headers = parse_headers(&std::fs::read_to_string(out.join("_headers")).unwrap());
    let all = &headers["/*"];
    assert!(all["Content-Security-Policy"].contains("frame-ancestors 'none'"));
    assert!(all["Content-Security-Policy"].contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert_eq!(all["X-Content-Type-Options"], "nosniff");
    assert!(
        !all.contains_key("Cache-Control"),
        "two matching rules would join their values"
    );
    for dir in ["/_img/*", "/_assets/*", "/_search/*"] {
        assert_eq!(
            headers[dir]["Cache-Control"],
            "public, max-age=31536000, immutable"
        );
    }
    assert!(
        !out.join("index.html.br").exists(),
        "Netlify compresses by itself"
    );
}

#[test]
fn cloudflare_gets_each_redirect_with_and_without_its_slash_unforced() {
    let (_dir, out) = shipped(Host::Cloudflare);
    let text = std::fs::read_to_string(out.join("_redirects")).unwrap();
    for (from, to) in redirect_pages(&out) {
        if from == "/" {
            assert!(text.contains("/ /latest/ 302\n"), "{text}");
            continue;
        }
        assert!(text.contains(&format!("{from} {to} 301\n")), "{text}");
        assert!(
            text.contains(&format!("{} {to} 301\n", from.trim_end_matches('/'))),
            "{text}"
        );
    }
    assert!(!text.contains("301!"));
    assert!(out.join("_headers").is_file());
}

/// `_headers`: a path line, then indented `Name: value` lines.
fn parse_headers(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header.split_once(": ").unwrap();
            let path: &String = current.as_ref().expect("a path before its headers");
            let previous = out.get_mut(path).unwrap().insert(name.into(), value.into());
            assert!(previous.is_none(), "{name} twice for {path}");
        } else {
            current = Some(line.to_string());
            out.entry(line.to_string()).or_default();
        }
    }
    out
}

#[test]
fn s3_gets_a_redirect_per_redirect_page_and_metadata_for_every_file() {
    let (_dir, out) = shipped(Host::S3);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(".helpsite-s3.json")).unwrap())
            .unwrap();
    let redirects: BTreeMap<String, (String, u64)> = json["redirects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                (
                    r["location"].as_str().unwrap().to_string(),
                    r["status"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    for (from, to) in redirect_pages(&out) {
        let key = format!("{}index.html", from.trim_start_matches('/'));
        let status = if from == "/" { 302 } else { 301 };
        assert_eq!(redirects.get(&key), Some(&(to, status)), "{key}");
    }
    let objects: BTreeMap<String, (String, String)> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["key"].as_str().unwrap().to_string(),
                (
                    o["content_type"].as_str().unwrap().into(),
                    o["cache_control"].as_str().unwrap().into(),
                ),
            )
        })
        .collect();
    let files: Vec<String> = crate::common::snapshot_dir(&out)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.starts_with('.'))
        .collect();
    assert_eq!(
        objects.keys().cloned().collect::<Vec<_>>(),
        files,
        "every file, and only those"
    );
    let wasm = objects
        .iter()
        .find(|(k, _)| k.ends_with(".wasm"))
        .unwrap()
        .1;
    assert_eq!(
        wasm,
        &(
            "application/wasm".into(),
            "public, max-age=31536000, immutable".into()
        )
    );
    let page = &objects["latest/index.html"];
    assert_eq!(
        page,
        &(
            "text/html; charset=utf-8".into(),
            "public, max-age=0, must-revalidate".into()
        )
    );
    assert!(json["response_headers"]
        .to_string()
        .contains("frame-ancestors"));
}

#[test]
fn github_pages_gets_nojekyll_beside_the_html_redirects_and_the_404_page() {
    let (_dir, out) = shipped(Host::GithubPages);
    assert!(out.join(".nojekyll").is_file());
    assert!(out.join("404.html").is_file());
    assert!(!redirect_pages(&out).is_empty());
}

#[test]
fn apache_gets_a_rewrite_rule_per_redirect_page_and_the_headers() {
    let (_dir, out) = shipped(Host::Apache);
    let text = std::fs::read_to_string(out.join(".htaccess")).unwrap();
    for (from, to) in redirect_pages(&out) {
        let rule = if from == "/" {
            format!("RewriteRule ^$ {to} [R=302,L]")
        } else {
            let path = from.trim_matches('/').replace('.', "\\.");
            format!("RewriteRule ^{path}/?(index\\.html)?$ {to} [R=301,L]")
        };
        assert!(text.contains(&rule), "{rule} not in\n{text}");
    }
    for needed in [
        "AddType application/wasm .wasm",
        "AddEncoding br .br",
        "frame-ancestors 'none'",
        "immutable",
    ] {
        assert!(text.contains(needed), "{needed}");
    }
}

/// nginx with the snippet, serving `out` on a free port of 127.0.0.1; stopped when dropped.
struct Nginx {
    child: std::process::Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx(dir: &Path, out: &Path) -> Nginx {
    let binary = Path::new("/usr/sbin/nginx");
    assert!(binary.exists(), "nginx is not installed: run scripts/setup");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The workers read the site as another user: the temporary folder is readable by all.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let prefix = dir.join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    let conf = prefix.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    root {out};\n    include {out}/.helpsite-nginx.conf;\n  }}\n}}\n",
            p = prefix.display(),
            out = out.display()
        ),
    )
    .unwrap();
    let test = std::process::Command::new(binary)
        .args(["-t", "-p"])
        .arg(&prefix)
        .arg("-c")
        .arg(&conf)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&test.stderr)
    );
    let child = std::process::Command::new(binary)
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Nginx { child, port }
}

/// One request without following redirects: status, headers (lower-case names), body as sent.
fn get(
    port: u16,
    path: &str,
    accept_encoding: Option<&str>,
) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let extra = accept_encoding
        .map(|e| format!("Accept-Encoding: {e}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: help.example.com\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, raw[end + 4..].to_vec())
}

#[cfg(unix)]
#[test]
fn nginx_with_the_written_snippet_redirects_caches_types_and_sends_the_precompressed_copies() {
    let (dir, out) = shipped(Host::Nginx);
    let server = nginx(dir.path(), &out);
    for (from, to) in redirect_pages(&out) {
        let (status, headers, _) = get(server.port, &from, None);
        assert_eq!(status, if from == "/" { 302 } else { 301 }, "{from}");
        assert!(
            headers["location"].ends_with(&to),
            "{from} -> {:?}",
            headers["location"]
        );
        if from != "/" {
            let (status, ..) = get(server.port, from.trim_end_matches('/'), None);
            assert_eq!(status, 301, "{from} without its slash");
        }
    }
    let page = "/latest/email/connect-gmail-app-password/";
    let (status, headers, body) = get(server.port, page, None);
    assert_eq!(status, 200);
    assert_eq!(
        headers["cache-control"],
        "public, max-age=0, must-revalidate"
    );
    assert!(headers["content-security-policy"].contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-frame-options"], "DENY");
    let original =
        std::fs::read(out.join("latest/email/connect-gmail-app-password/index.html")).unwrap();
    assert_eq!(body, original);

    let (_, headers, gz) = get(server.port, page, Some("gzip, deflate, br"));
    assert_eq!(
        headers.get("content-encoding").map(String::as_str),
        Some("gzip")
    );
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, original, "the .gz beside the page, sent as it is");
    assert!(
        gz.len() * 3 < original.len(),
        "{} of {} bytes",
        gz.len(),
        original.len()
    );

    let wasm = std::fs::read_dir(out.join("_assets"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm"))
        .unwrap();
    let (status, headers, _) = get(server.port, &format!("/_assets/{wasm}"), None);
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(headers["content-security-policy"].contains("wasm-unsafe-eval"));
    let (status, headers, _) = get(server.port, "/_assets/", None);
    assert_ne!(status, 200, "{headers:?}");
    for hidden in ["/.helpsite-output", "/.helpsite-nginx.conf"] {
        assert_eq!(get(server.port, hidden, None).0, 404, "{hidden}");
    }
    let (status, _, body) = get(server.port, "/no/such/page/", None);
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
}
