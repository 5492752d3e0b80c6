//! Answering requests for `helpsite serve`: the built site's files with their content types, `index.html` for
//! folders, the site's own 404 page, nothing outside the output folder; the live-reload script, its styles and its
//! event stream under `/__helpsite/`. HTML gets the reload script as it is served; the files on disk never do.

use super::events::{Event, Hub};
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

const SCRIPT: &str = include_str!("livereload.js");
const STYLES: &str = include_str!("livereload.css");
/// Where the server's own files live; no built file can be there (hidden and `_`-names aside, it is not a valid
/// version id).
pub(super) const PREFIX: &str = "/__helpsite/";
/// A comment on an idle event stream this often, so that a page that went away is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the connections share.
pub(super) struct Site {
    /// The output folder of the builds (replaced as a whole by each good build).
    pub out: PathBuf,
    /// The path the site is published under (`/`, or the path of `--base-url`), with a trailing slash.
    pub mount: String,
    pub hub: Arc<Hub>,
    /// The port served, and the names given with `--allow-host`, for [`host_allowed`].
    pub port: u16,
    pub allowed_hosts: Vec<String>,
}

/// Whether this server answers a request for `host` (its `Host` header): an IP address or `localhost` with the port
/// served, or a name given with `--allow-host` (any port: a tunnel may map it). Any other name is refused, so a web
/// page whose name was rebound to this machine's address cannot read the preview.
pub(super) fn host_allowed(host: &str, port: u16, allowed: &[String]) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, given_port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':')),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host.as_str(), None),
        },
    };
    if allowed.iter().any(|a| a.eq_ignore_ascii_case(name)) {
        return true;
    }
    let port_ok = given_port.unwrap_or("80").parse::<u16>().ok() == Some(port);
    port_ok && (name == "localhost" || name.parse::<std::net::IpAddr>().is_ok())
}

/// Answers one request. Files are read off the runtime's thread; an event stream is a body that lasts as long as its
/// page.
pub(super) async fn handle(
    request: Request<Incoming>,
    site: Arc<Site>,
) -> Result<Response<Body>, Infallible> {
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    if let Some(host) = host.filter(|h| !host_allowed(h, site.port, &site.allowed_hosts)) {
        let text = format!("helpsite serve answers 127.0.0.1, localhost and [::1], not {host:?}; start it with --allow-host NAME to be reached by that name\n");
        return Ok(reply(
            421,
            "text/plain; charset=utf-8",
            text.into_bytes(),
            None,
        ));
    }
    let method = request.method().clone();
    let accept = Accept::of(request.headers());
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().to_string(), |p| p.as_str().to_string());
    let answer = {
        let site = site.clone();
        tokio::task::spawn_blocking(move || answer(&method, &target, &site, accept)).await
    };
    let response = match answer {
        Ok(Answer::Stream(seen)) => match site.hub.subscribe(seen.as_deref()) {
            Some((events, first)) => {
                let mut r = Response::new(Body::Events(EventStream::new(events, first)));
                set_headers(&mut r, 200, "text/event-stream");
                r
            }
            None => reply(
                503,
                "text/plain; charset=utf-8",
                b"stopping\n".to_vec(),
                None,
            ),
        },
        Ok(Answer::Bytes {
            status,
            content_type,
            bytes,
            location,
            encoding,
        }) => {
            let mut r = reply(status, content_type, bytes, location);
            let h = r.headers_mut();
            h.insert(
                hyper::header::VARY,
                HeaderValue::from_static("accept-encoding"),
            );
            if let Some(encoding) = encoding {
                h.insert(
                    hyper::header::CONTENT_ENCODING,
                    HeaderValue::from_static(encoding),
                );
            }
            r
        }
        Err(_) => reply(
            500,
            "text/plain; charset=utf-8",
            b"internal error\n".to_vec(),
            None,
        ),
    };
    Ok(response)
}

fn reply(
    status: u16,
    content_type: &'static str,
    bytes: Vec<u8>,
    location: Option<String>,
) -> Response<Body> {
    let mut r = Response::new(Body::Full(Some(Bytes::from(bytes))));
    set_headers(&mut r, status, content_type);
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(LOCATION, value);
    }
    r
}

fn set_headers(r: &mut Response<Body>, status: u16, content_type: &'static str) {
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(cache_control(status, content_type)),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
}

/// The compressions a request accepts (`Accept-Encoding`).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Accept {
    br: bool,
    gzip: bool,
}

impl Accept {
    pub(super) fn of(headers: &hyper::HeaderMap) -> Self {
        let mut accept = Accept::default();
        for value in headers.get_all(hyper::header::ACCEPT_ENCODING) {
            for item in value.to_str().unwrap_or_default().split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                match name.as_str() {
                    "br" => accept.br = !refused,
                    "gzip" => accept.gzip = !refused,
                    "*" if !refused => {
                        accept.br = true;
                        accept.gzip = true;
                    }
                    _ => {}
                }
            }
        }
        accept
    }

    /// The first of the copies' extensions (`br`, `gz`) this request accepts, in the order given.
    fn pick<'a>(&self, available: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        available
            .into_iter()
            .find(|ext| (*ext == "br" && self.br) || (*ext == "gz" && self.gzip))
    }
}

/// `body` compressed as `accept` allows (Brotli first), with its `Content-Encoding`; as it is when it does not.
fn compressed(body: Vec<u8>, accept: Accept) -> (Vec<u8>, Option<&'static str>) {
    let copies = crate::output::compress::copies(&body);
    match accept.pick(copies.iter().map(|c| c.0)) {
        Some(ext) => {
            let copy = copies.into_iter().find(|c| c.0 == ext).map(|c| c.1);
            (copy.unwrap_or_default(), Some(encoding_of(ext)))
        }
        None => (body, None),
    }
}

/// The reload script or its style sheet, compressed as `accept` allows.
fn own_file(content_type: &'static str, body: &str, accept: Accept) -> Answer {
    let (bytes, encoding) = compressed(body.as_bytes().to_vec(), accept);
    Answer::Bytes {
        status: 200,
        content_type,
        bytes,
        location: None,
        encoding,
    }
}

/// The `Content-Encoding` of a copy's extension.
fn encoding_of(ext: &str) -> &'static str {
    if ext == "br" {
        "br"
    } else {
        "gzip"
    }
}

/// What to send back, decided without touching the connection.
#[derive(Debug)]
enum Answer {
    Bytes {
        status: u16,
        content_type: &'static str,
        bytes: Vec<u8>,
        location: Option<String>,
        /// `Content-Encoding`, when `bytes` are a compressed copy.
        encoding: Option<&'static str>,
    },
    /// The event stream, for a page served from this build.
    Stream(Option<String>),
}

fn answer(method: &Method, target: &str, site: &Site, accept: Accept) -> Answer {
    if method != Method::GET && method != Method::HEAD {
        return bytes(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        );
    }
    let (path, query) = split_target(target);
    if let Some(name) = path.strip_prefix(PREFIX) {
        let seen = query_param(query, "build");
        return match name {
            "livereload.js" => own_file("text/javascript; charset=utf-8", SCRIPT, accept),
            "livereload.css" => own_file("text/css; charset=utf-8", STYLES, accept),
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
        Resolved::File(file) => file_answer(file, 200, &build, accept),
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
        location: None,
        encoding: None,
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
        location: Some(location),
        encoding: None,
    }
}

/// A file of the site; HTML with the reload script added. A request that accepts Brotli or gzip gets the file's
/// precompressed copy (`.br`, `.gz` beside it) as it is, and HTML compressed here (the script changed its bytes).
fn file_answer(file: PathBuf, status: u16, build: &str, accept: Accept) -> Answer {
    let content_type = content_type(&file);
    let copy = |ext: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        std::fs::read(PathBuf::from(name)).ok()
    };
    let (body, encoding) = if content_type.starts_with("text/html") {
        match std::fs::read(&file) {
            Ok(body) => compressed(inject(&body, build), accept),
            Err(_) => return bytes(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
        }
    } else {
        let precompressed = crate::output::compress::ENCODINGS
            .iter()
            .filter(|ext| accept.pick([**ext]).is_some())
            .find_map(|ext| copy(ext).map(|bytes| (bytes, Some(encoding_of(ext)))));
        match precompressed {
            Some(found) => found,
            None => match std::fs::read(&file) {
                Ok(body) => (body, None),
                Err(_) => return bytes(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
            },
        }
    };
    Answer::Bytes {
        status,
        content_type,
        bytes: body,
        location: None,
        encoding,
    }
}

/// The site's own 404 page with status 404, or plain text when the site has none.
fn not_found(site: &Site) -> Answer {
    let page = site
        .hub
        .build()
        .map(|build| (resolve(&site.out, "404.html"), build));
    match page {
        Some((Resolved::File(file), build)) => file_answer(file, 404, &build, Accept::default()),
        _ => bytes(404, "text/plain; charset=utf-8", b"not found\n".to_vec()),
    }
}

/// Served for every page before the first build succeeded: the reload script shows why, and reloads when it does.
fn placeholder() -> Answer {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<title>Building the site · helpsite serve</title>\n</head>\n<body>\n<main class=\"hs-lr-waiting\">\n<h1>The site has not built yet</h1>\n<p>This page reloads by itself as soon as it has. Problems that stop the build are listed here and in the terminal.</p>\n</main>\n</body>\n</html>\n",
        crate::pages::csp(false, None)
    );
    bytes(
        503,
        "text/html; charset=utf-8",
        inject(html.as_bytes(), "none"),
    )
}

/// Adds the reload script and its styles before `</head>` (at the end when there is none).
pub(super) fn inject(html: &[u8], build: &str) -> Vec<u8> {
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

pub(super) use crate::output::types::content_type;

/// HTML changes with every build and carries the build it belongs to, and a redirect or a miss may not hold after the
/// next build: never reuse them. Other files are checked again each time.
fn cache_control(status: u16, content_type: &str) -> &'static str {
    if status != 200
        || content_type.starts_with("text/html")
        || content_type == "application/json"
        || content_type == "text/event-stream"
    {
        "no-store"
    } else {
        "no-cache"
    }
}

/// The path and query of a request target (an absolute URL's scheme and host are dropped; a fragment is ignored).
pub(super) fn split_target(target: &str) -> (&str, Option<&str>) {
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
pub(super) enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: its decoded segments, to redirect to.
    Folder(Vec<String>),
    NotFound,
}

/// The file of the output folder `out` that the path `rest` (relative to the site's mount, still percent-encoded)
/// names. Anything that could reach outside `out` is not found: `..` segments (also encoded), backslashes, NUL,
/// hidden names, and symbolic links that lead out of it.
pub(super) fn resolve(out: &Path, rest: &str) -> Resolved {
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

/// A response body: bytes at once, or the event stream of one page.
pub(super) enum Body {
    Full(Option<Bytes>),
    Events(EventStream),
}

/// The state the page needs first, then each event as it happens, until the page goes away (the hub finds its
/// channel closed) or the server stops (the hub lets it go). A comment every [`KEEP_ALIVE`] on a quiet stream.
pub(super) struct EventStream {
    events: UnboundedReceiver<Event>,
    pending: Option<Bytes>,
    keep_alive: tokio::time::Interval,
}

impl EventStream {
    fn new(events: UnboundedReceiver<Event>, first: Option<Event>) -> Self {
        let mut start = String::from("retry: 1000\n\n");
        if let Some(event) = first {
            start.push_str(&event.to_sse());
        }
        EventStream {
            events,
            pending: Some(Bytes::from(start)),
            keep_alive: tokio::time::interval_at(
                tokio::time::Instant::now() + KEEP_ALIVE,
                KEEP_ALIVE,
            ),
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let data = |b: Bytes| Poll::Ready(Some(Ok(Frame::data(b))));
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(stream) => {
                if let Some(start) = stream.pending.take() {
                    return data(start);
                }
                match stream.events.poll_recv(cx) {
                    Poll::Ready(Some(event)) => data(Bytes::from(event.to_sse())),
                    Poll::Ready(None) => Poll::Ready(None),
                    Poll::Pending => match stream.keep_alive.poll_tick(cx) {
                        Poll::Ready(_) => data(Bytes::from_static(b": keep-alive\n\n")),
                        Poll::Pending => Poll::Pending,
                    },
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Events(_) => SizeHint::default(),
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
    fn only_addresses_localhost_and_allowed_names_are_answered() {
        let allowed = vec!["preview.example.net".to_string()];
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "192.168.1.9:1111",
            "preview.example.net",
            "preview.example.net:443",
        ] {
            assert!(host_allowed(ok, 1111, &allowed), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1:2222",
            "localhost",
            "[::1",
            "127.0.0.1.evil.example:1111",
        ] {
            assert!(!host_allowed(bad, 1111, &allowed), "{bad}");
        }
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
