//! Answering requests for `helpsite serve`: the built site's files with their content types, `index.html` for
//! folders, the site's own 404 page, nothing outside the output folder; the live-reload script, its styles and its
//! event stream under `/__helpsite/`. HTML gets the reload script as it is served; the files on disk never do.

use super::events::Hub;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

const SCRIPT: &str = include_str!("../theme/livereload.js");
const STYLES: &str = include_str!("../theme/livereload.css");
/// Where the server's own files live; no built file can be there (hidden and `_`-names aside, it is not a valid
/// version id).
pub const PREFIX: &str = "/__helpsite/";
/// A comment on an idle event stream this often, so that a page that went away is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the request threads share.
pub struct Site {
    /// The output folder of the builds (replaced as a whole by each good build).
    pub out: PathBuf,
    /// The path the site is published under (`/`, or the path of `--base-url`), with a trailing slash.
    pub mount: String,
    pub hub: Arc<Hub>,
}

/// Answers one request (on its own thread: an event stream lasts as long as its page).
pub fn handle(request: Request, site: &Site) {
    let answer = answer(&request, site);
    let _ = match answer {
        Answer::Stream(seen) => return stream(request, &site.hub, seen.as_deref()),
        Answer::Bytes {
            status,
            content_type,
            bytes,
            headers,
        } => {
            let mut response = Response::from_data(bytes)
                .with_status_code(StatusCode(status))
                .with_chunked_threshold(usize::MAX);
            for h in common_headers(status, content_type)
                .into_iter()
                .chain(headers)
            {
                response.add_header(h);
            }
            request.respond(response)
        }
        Answer::File { path, content_type } => match std::fs::File::open(&path) {
            Ok(file) => {
                // Always with Content-Length (tiny_http would send large files in chunks).
                let mut response = Response::from_file(file).with_chunked_threshold(usize::MAX);
                for h in common_headers(200, content_type) {
                    response.add_header(h);
                }
                request.respond(response)
            }
            Err(_) => request.respond(not_found_text()),
        },
    };
}

/// What to send back, decided without touching the connection.
#[derive(Debug)]
enum Answer {
    Bytes {
        status: u16,
        content_type: &'static str,
        bytes: Vec<u8>,
        headers: Vec<Header>,
    },
    File {
        path: PathBuf,
        content_type: &'static str,
    },
    /// The event stream, for a page served from this build.
    Stream(Option<String>),
}

fn answer(request: &Request, site: &Site) -> Answer {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return Answer::Bytes {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            bytes: b"only GET and HEAD\n".to_vec(),
            headers: vec![header("Allow", "GET, HEAD")],
        };
    }
    let (path, query) = split_target(request.url());
    if let Some(name) = path.strip_prefix(PREFIX) {
        let seen = query_param(query, "build");
        return match name {
            "livereload.js" => bytes(200, "text/javascript; charset=utf-8", SCRIPT.into()),
            "livereload.css" => bytes(200, "text/css; charset=utf-8", STYLES.into()),
            "events" => Answer::Stream(seen),
            "state" => {
                let state = site.hub.state_for(seen.as_deref());
                let json = state.map_or_else(|| "null".to_string(), |e| e.to_json());
                bytes(200, "application/json", json.into_bytes())
            }
            _ => not_found(site),
        };
    }
    // Read which build is served before reading its files: a page that raced a rebuild is then at worst reloaded
    // once more, never left out of date.
    let Some(build) = site.hub.build() else {
        return placeholder();
    };
    let Some(rest) = path.strip_prefix(site.mount.as_str()) else {
        if format!("{path}/") == site.mount || path == "/" {
            return redirect(&site.mount, query);
        }
        return not_found(site);
    };
    match resolve(&site.out, rest) {
        Resolved::File(file) => file_answer(file, 200, &build),
        Resolved::Folder(segments) => {
            let mut location = site.mount.clone();
            for s in segments {
                location.push_str(&encode_segment(&s));
                location.push('/');
            }
            redirect(&location, query)
        }
        Resolved::NotFound => not_found(site),
    }
}

fn bytes(status: u16, content_type: &'static str, bytes: Vec<u8>) -> Answer {
    Answer::Bytes {
        status,
        content_type,
        bytes,
        headers: Vec::new(),
    }
}

fn redirect(location: &str, query: Option<&str>) -> Answer {
    let location = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_string(),
    };
    Answer::Bytes {
        status: 302,
        content_type: "text/plain; charset=utf-8",
        bytes: format!("moved to {location}\n").into_bytes(),
        headers: vec![header("Location", &location)],
    }
}

/// A file of the site; HTML with the reload script added.
fn file_answer(file: PathBuf, status: u16, build: &str) -> Answer {
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        match std::fs::read(&file) {
            Ok(html) => bytes(status, content_type, inject(&html, build)),
            Err(_) => bytes(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
        }
    } else {
        Answer::File {
            path: file,
            content_type,
        }
    }
}

/// The site's own 404 page with status 404, or plain text when the site has none.
fn not_found(site: &Site) -> Answer {
    let page = site
        .hub
        .build()
        .map(|build| (resolve(&site.out, "404.html"), build));
    match page {
        Some((Resolved::File(file), build)) => file_answer(file, 404, &build),
        _ => bytes(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

fn not_found_text() -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = Response::from_string("not found\n").with_status_code(StatusCode(404));
    for h in common_headers(404, "text/plain; charset=utf-8") {
        r.add_header(h);
    }
    r
}

/// Served for every page before the first build succeeded: the reload script shows why, and reloads when it does.
fn placeholder() -> Answer {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<title>Building the site · helpsite serve</title>\n</head>\n<body>\n<main class=\"hs-lr-waiting\">\n<h1>The site has not built yet</h1>\n<p>This page reloads by itself as soon as it has. Problems that stop the build are listed here and in the terminal.</p>\n</main>\n</body>\n</html>\n",
        helpsite::pages::csp(false)
    );
    bytes(
        503,
        "text/html; charset=utf-8",
        inject(html.as_bytes(), "none"),
    )
}

/// Adds the reload script and its styles before `</head>` (at the end when there is none).
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}livereload.css\">\n<script type=\"module\" src=\"{PREFIX}livereload.js?build={}\"></script>\n",
        encode_segment(build)
    );
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Content-Type by extension; unknown files are plain bytes.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn common_headers(status: u16, content_type: &str) -> Vec<Header> {
    // HTML changes with every build and carries the build it belongs to, and a redirect or a miss may not hold after
    // the next build: never reuse them. Other files are checked again each time.
    let cache = if status != 200
        || content_type.starts_with("text/html")
        || content_type == "application/json"
    {
        "no-store"
    } else {
        "no-cache"
    };
    vec![
        header("Content-Type", content_type),
        header("Cache-Control", cache),
        header("X-Content-Type-Options", "nosniff"),
    ]
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// The path and query of a request target (an absolute URL's scheme and host are dropped; a fragment is ignored).
pub fn split_target(target: &str) -> (&str, Option<&str>) {
    let target = target.split('#').next().unwrap_or("");
    let target = match target.find("://") {
        Some(i) if !target.starts_with('/') => {
            let after = &target[i + 3..];
            after.find('/').map_or("/", |j| &after[j..])
        }
        _ => target,
    };
    match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    }
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode(v).and_then(|b| String::from_utf8(b).ok()))?
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: its decoded segments, to redirect to.
    Folder(Vec<String>),
    NotFound,
}

/// The file of the output folder `out` that the path `rest` (relative to the site's mount, still percent-encoded)
/// names. Anything that could reach outside `out` is not found: `..` segments (also encoded), backslashes, NUL,
/// hidden names, and symbolic links that lead out of it.
pub fn resolve(out: &Path, rest: &str) -> Resolved {
    // A rebuild replaces the output folder by renaming; for a moment it is not there.
    for _ in 0..50 {
        if out.is_dir() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let Some(segments) = segments(rest) else {
        return Resolved::NotFound;
    };
    let mut path = out.to_path_buf();
    path.extend(&segments);
    let Ok(meta) = std::fs::metadata(&path) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !(rest.is_empty() || rest.ends_with('/')) {
            return Resolved::Folder(segments);
        }
        path.push("index.html");
    }
    let (Ok(real), Ok(real_out)) = (path.canonicalize(), out.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&real_out) || !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(real)
}

/// The decoded segments of a path, or None when one of them is not allowed.
fn segments(rest: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in rest.split('/') {
        let s = String::from_utf8(percent_decode(raw)?).ok()?;
        if s.is_empty() || s == "." {
            continue;
        }
        if s.starts_with('.') || s.contains(['/', '\\', '\0', ':']) {
            return None;
        }
        out.push(s);
    }
    Some(out)
}

/// `%XX` decoded; None for a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A path segment with everything but unreserved characters percent-encoded.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The event stream: the state the page needs first, then each event as it happens, until the page goes away or
/// the server stops. Written straight to the connection, flushed per event (no chunk buffering).
fn stream(request: Request, hub: &Hub, seen: Option<&str>) {
    let Some((events, first)) = hub.subscribe(seen) else {
        let _ = request.respond(Response::empty(503));
        return;
    };
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    let mut send = |text: &str| w.write_all(text.as_bytes()).and_then(|_| w.flush());
    if send(head).is_err() {
        return;
    }
    if let Some(event) = first {
        if send(&event.to_sse()).is_err() {
            return;
        }
    }
    loop {
        let text = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => event.to_sse(),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".into(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if send(&text).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("v1/email")).unwrap();
        std::fs::write(out.join("index.html"), "<html><head></head></html>").unwrap();
        std::fs::write(out.join("v1/email/index.html"), "<p>email</p>").unwrap();
        std::fs::write(out.join(".helpsite-output"), "marker").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, out)
    }

    #[test]
    fn paths_resolve_to_files_folders_to_their_index_and_bare_folders_to_a_redirect() {
        let (_dir, out) = site();
        let real = out.canonicalize().unwrap();
        assert_eq!(resolve(&out, ""), Resolved::File(real.join("index.html")));
        assert_eq!(
            resolve(&out, "v1/email/"),
            Resolved::File(real.join("v1/email/index.html"))
        );
        assert_eq!(
            resolve(&out, "v1/%65mail/index.html"),
            Resolved::File(real.join("v1/email/index.html"))
        );
        assert_eq!(
            resolve(&out, "v1/email"),
            Resolved::Folder(vec!["v1".into(), "email".into()])
        );
        assert_eq!(resolve(&out, "v2/"), Resolved::NotFound);
    }

    #[test]
    fn nothing_outside_the_output_folder_or_hidden_in_it_is_found() {
        let (_dir, out) = site();
        for path in [
            "../secret.txt",
            "v1/../../secret.txt",
            "%2e%2e/secret.txt",
            "%2E%2E%2fsecret.txt",
            "..%5csecret.txt",
            "v1\\..\\..\\secret.txt",
            ".helpsite-output",
            "%00",
            "%zz",
            "C:/secret.txt",
        ] {
            assert_eq!(resolve(&out, path), Resolved::NotFound, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_out_of_the_output_folder_is_not_followed() {
        let (dir, out) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        assert_eq!(resolve(&out, "link.txt"), Resolved::NotFound);
        assert_eq!(resolve(&out, "up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_head_once() {
        let html = inject(
            b"<html><HEAD><title>x</title></HEAD><body></head></body>",
            "s-1",
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><HEAD><title>x</title><link rel=\"stylesheet\" href=\"/__helpsite/livereload.css\">\n<script type=\"module\" src=\"/__helpsite/livereload.js?build=s-1\"></script>\n</HEAD>"), "{html}");
        assert_eq!(html.matches("livereload.js").count(), 1);
        let plain = String::from_utf8(inject(b"<p>no head</p>", "b")).unwrap();
        assert!(plain.starts_with("<p>no head</p><link"));
    }

    #[test]
    fn targets_split_into_path_and_query() {
        assert_eq!(split_target("/a/b?x=1#f"), ("/a/b", Some("x=1")));
        assert_eq!(split_target("http://127.0.0.1:1/a/"), ("/a/", None));
        assert_eq!(split_target("http://host"), ("/", None));
        assert_eq!(
            query_param(Some("a=1&build=x%2D1"), "build").as_deref(),
            Some("x-1")
        );
        assert_eq!(query_param(Some("a=1"), "build"), None);
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (name, ty) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.wasm", "application/wasm"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.webp", "image/webp"),
            ("a.jpeg", "image/jpeg"),
            ("a.xml", "application/xml"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
    }
}
