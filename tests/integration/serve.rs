//! `helpsite serve` over real HTTP: the binary on a free port, serving a fixture site; pages reload after an edit,
//! a broken edit is heard over the reload channel while the last good page is still served, nothing outside the
//! site is served, and files carry their content types. Every wait is bounded.

use crate::common::{article, Fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long anything may take: a build of a fixture site with the debug binary on a busy machine included.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `helpsite serve`, stopped (killed, if it has to be) when dropped.
struct Server {
    child: Child,
    lines: Receiver<String>,
    /// Every line printed so far (stdout and stderr).
    printed: Vec<String>,
    addr: String,
}

impl Server {
    /// Starts `helpsite serve --port 0` on the site and waits for its first build.
    fn start(root: &Path) -> Server {
        Server::start_with(root, None)
    }

    /// [`Server::start`], under a soft limit of open files when one is given.
    fn start_with(root: &Path, open_files: Option<u32>) -> Server {
        let mut server = Server::launch_with(root, open_files);
        server.wait_for_line(|l| l.starts_with("built "));
        server
    }

    /// Starts `helpsite serve --port 0` on the site and waits until it listens.
    fn launch(root: &Path) -> Server {
        Server::launch_with(root, None)
    }

    fn launch_with(root: &Path, open_files: Option<u32>) -> Server {
        let mut command = match open_files {
            // The shell sets the limit and becomes helpsite (same process, so stopping it stops helpsite).
            Some(n) => {
                let mut c = Command::new("sh");
                c.args(["-c", &format!("ulimit -Sn {n} && exec \"$0\" \"$@\"")])
                    .arg(env!("CARGO_BIN_EXE_helpsite"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_helpsite")),
        };
        let mut child = command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("helpsite serve starts");
        let (tx, lines) = channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            lines,
            printed: Vec::new(),
            addr: String::new(),
        };
        let serving = server.wait_for_line(|l| l.starts_with("Serving http://"));
        server.addr = serving["Serving http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        server
    }

    /// Waits for a printed line that matches, and returns it.
    fn wait_for_line(&mut self, matches: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.printed.push(line.clone());
                    if matches(&line) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no such line within {PATIENCE:?}; printed so far:\n{}",
                    self.printed.join("\n")
                ),
            }
        }
    }

    fn get(&self, target: &str) -> Reply {
        request(&self.addr, "GET", target)
    }

    fn events(&self, build: &str) -> Events {
        Events::open(&self.addr, build)
    }

    /// Stops the server as Ctrl-C does (SIGINT), and returns whether it exited with success.
    fn stop(mut self) -> bool {
        let pid = self.child.id().to_string();
        let signalled = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .is_ok_and(|s| s.success());
        assert!(signalled, "kill -INT {pid}");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread may not have passed on the last lines yet: take them until it ends (at the
                // pipe's end, which has come with the exit).
                while let Ok(line) = self.lines.recv_timeout(PATIENCE) {
                    self.printed.push(line);
                }
                assert!(
                    self.printed.iter().any(|l| l == "Stopped."),
                    "{:?}",
                    self.printed
                );
                return status.success();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A response: status, headers (names in lower case) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request written by hand (so that the target goes out exactly as given), read until the server
/// closes the connection.
fn request(addr: &str, method: &str, target: &str) -> Reply {
    request_for(addr, addr, method, target)
}

/// [`request`] with another `Host` header than the address connected to.
fn request_for(addr: &str, host: &str, method: &str, target: &str) -> Reply {
    request_with(addr, host, method, target, "")
}

/// [`request_for`] with more header lines (each ending in `\r\n`).
fn request_with(addr: &str, host: &str, method: &str, target: &str, headers: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a complete response");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
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
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if let Some(len) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse::<usize>().unwrap())
    {
        assert!(
            body.len() >= len || method == "HEAD",
            "a body of {len} bytes"
        );
        body.truncate(len);
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// The reload channel, as a page of build `build` hears it: an HTTP/1.1 response with a chunked body, read as it
/// comes.
struct Events {
    stream: TcpStream,
    /// Bytes received and not yet decoded.
    raw: Vec<u8>,
    /// Decoded text not yet read as lines.
    text: String,
    head_read: bool,
}

impl Events {
    fn open(addr: &str, build: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        write!(
            stream,
            "GET /__helpsite/events?build={build} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            stream,
            raw: Vec::new(),
            text: String::new(),
            head_read: false,
        };
        let deadline = Instant::now() + PATIENCE;
        while !events.head_read {
            assert!(events.receive(deadline), "no answer to the event stream");
        }
        events
    }

    /// Reads what has arrived (waiting at most until the deadline), and decodes what it can. False at the deadline
    /// or when the stream ended.
    fn receive(&mut self, deadline: Instant) -> bool {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        self.stream.set_read_timeout(Some(left)).unwrap();
        let mut buf = [0u8; 4096];
        match self.stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => self.raw.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false
            }
            Err(e) => panic!("reading events: {e}"),
        }
        if !self.head_read {
            let Some(end) = self.raw.windows(4).position(|w| w == b"\r\n\r\n") else {
                return true;
            };
            let head = String::from_utf8_lossy(&self.raw[..end]).to_ascii_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{head}");
            assert!(head.contains("content-type: text/event-stream"), "{head}");
            assert!(head.contains("transfer-encoding: chunked"), "{head}");
            self.raw.drain(..end + 4);
            self.head_read = true;
        }
        // Whole chunks: a hexadecimal size line, the data, CRLF.
        while let Some(eol) = self.raw.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&self.raw[..eol]).unwrap(), 16)
                .expect("a chunk size");
            if self.raw.len() < eol + 2 + size + 2 {
                break;
            }
            let data = &self.raw[eol + 2..eol + 2 + size];
            self.text.push_str(std::str::from_utf8(data).unwrap());
            self.raw.drain(..eol + 2 + size + 2);
        }
        true
    }

    /// The next line without its line end, or None at the deadline.
    fn line(&mut self, deadline: Instant) -> Option<String> {
        loop {
            if let Some(eol) = self.text.find('\n') {
                let line = self.text[..eol].to_string();
                self.text.drain(..=eol);
                return Some(line);
            }
            if !self.receive(deadline) {
                return None;
            }
        }
    }

    /// The next event (name and data) within `wait`, skipping comments and `retry:`.
    fn next_within(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + wait;
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let line = self.line(deadline)?;
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            } else if line.is_empty() && !name.is_empty() {
                return Some((name, data));
            }
        }
    }

    fn next(&mut self) -> (String, String) {
        self.next_within(PATIENCE)
            .unwrap_or_else(|| panic!("no event within {PATIENCE:?}"))
    }
}

/// The build a served page belongs to, from its reload script's address.
fn build_of(html: &str) -> String {
    let key = "/__helpsite/livereload.js?build=";
    let at = html.find(key).expect("the reload script") + key.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// The serve build folders of a site (one per running server).
fn private_outputs(root: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(root.join(".helpsite-cache/serve")) {
        Ok(dir) => dir
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("site"))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn email_site() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/setup.md",
        &article(
            "Set up email",
            "1. Open the settings.\n2. First text of the second step.\n",
        ),
    );
    f
}

#[test]
fn an_edit_reloads_open_pages_and_a_broken_edit_is_shown_while_the_last_good_page_is_served() {
    let f = email_site();
    let mut server = Server::start(f.root());

    let page = server.get("/v2/email/setup/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.text().contains("First text"));
    let build = build_of(&page.text());
    assert!(
        page.text()
            .contains("<link rel=\"stylesheet\" href=\"/__helpsite/livereload.css\">"),
        "the reload styles are added as the page is served"
    );
    // Served from a private folder, never site/; the files on disk have no reload script.
    assert!(!f.out().exists(), "site/ is left alone");
    let outputs = private_outputs(f.root());
    assert_eq!(outputs.len(), 1);
    let on_disk = std::fs::read_to_string(outputs[0].join("v2/email/setup/index.html")).unwrap();
    assert!(on_disk.contains("First text") && !on_disk.contains("__helpsite"));

    // A page of the served build hears nothing until something changes.
    let mut events = server.events(&build);
    assert_eq!(events.next_within(Duration::from_millis(300)), None);

    f.write(
        "content/v2/email/setup.md",
        &article(
            "Set up email",
            "1. Open the settings.\n2. Second text of the second step.\n",
        ),
    );
    let (name, data) = events.next();
    assert_eq!(name, "reload", "{data}");
    let line = server.wait_for_line(|l| l.starts_with("rebuilt after "));
    assert!(
        line.starts_with("rebuilt after content/v2/email/setup.md changed: "),
        "{line}"
    );
    let page = server.get("/v2/email/setup/");
    assert!(page.text().contains("Second text"));
    let build = build_of(&page.text());

    // Broken front matter: the problem reaches the page (file, line, message, fix), the last good page is served.
    f.write(
        "content/v2/email/setup.md",
        "+++\ntitle = \"Set up email\"\ntitel = \"typo\"\n+++\n\n1. Third text.\n",
    );
    let (name, data) = events.next();
    assert_eq!(name, "error", "{data}");
    let report: serde_json::Value = serde_json::from_str(&data).unwrap();
    let problem = &report["report"]["problems"][0];
    assert!(
        problem["location"]
            .as_str()
            .unwrap()
            .starts_with("content/v2/email/setup.md:"),
        "{problem}"
    );
    assert!(
        problem["message"].as_str().unwrap().contains("titel"),
        "{problem}"
    );
    assert_eq!(report["report"]["served"], true);
    server.wait_for_line(|l| l.starts_with("build failed after content/v2/email/setup.md changed"));
    let page = server.get("/v2/email/setup/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Second text"),
        "the last good build is served"
    );
    // A page opened now hears of the problem as it connects, also through the state a second tab asks for.
    let mut late = server.events(&build_of(&page.text()));
    assert_eq!(late.next().0, "error");
    let state = server.get(&format!("/__helpsite/state?build={build}"));
    assert!(
        state.text().starts_with("{\"type\":\"error\""),
        "{}",
        state.text()
    );

    // Fixed: every page reloads and gets the new text.
    f.write(
        "content/v2/email/setup.md",
        &article("Set up email", "1. Open the settings.\n2. Third text.\n"),
    );
    assert_eq!(events.next().0, "reload");
    assert_eq!(late.next().0, "reload");
    assert!(server.get("/v2/email/setup/").text().contains("Third text"));

    // Editors' temporary files are not changes.
    f.write("content/v2/email/.setup.md.swp", "swap");
    f.write("content/v2/email/setup.md~", "backup");
    assert_eq!(events.next_within(Duration::from_millis(500)), None);

    let root = f.root().to_path_buf();
    assert!(server.stop(), "a clean stop exits with success");
    assert!(
        private_outputs(&root).is_empty(),
        "the private build folder is removed"
    );
}

#[test]
fn requests_outside_the_site_get_404_and_files_carry_their_content_types() {
    let f = email_site();
    f.write_bytes(
        "content/v2/email/setup/shot.png",
        &image_bytes(image::ImageFormat::Png),
    );
    f.write_bytes(
        "content/v2/email/setup/photo.jpg",
        &image_bytes(image::ImageFormat::Jpeg),
    );
    f.write(
        "content/v2/email/setup.md",
        &article(
            "Set up email",
            "1. Open the settings. ![Settings](shot.png) ![Photo](photo.jpg)\n",
        ),
    );
    f.write("secret.txt", "not part of the site");
    let server = Server::start(f.root());
    let out = private_outputs(f.root()).pop().unwrap();

    for target in [
        "/../secret.txt",
        "/v2/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2E/secret.txt",
        "/v2/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/.helpsite-output",
        "/%00",
        "/nothing-here/",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.text().contains("not part of the site"), "{target}");
    }
    // Backslashes are not even a request (400), and are never a path.
    let reply = server.get("/v2\\..\\..\\secret.txt");
    assert!(matches!(reply.status, 400 | 404), "{}", reply.status);
    assert!(!reply.text().contains("not part of the site"));
    // Misses get the site's own 404 page, with the reload script.
    let miss = server.get("/nothing-here/");
    assert!(miss.text().contains("Page not found"), "{}", miss.text());
    assert!(miss.text().contains("/__helpsite/livereload.js"));

    // A symbolic link inside the output that leads out of it is not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(f.root().join("secret.txt"), out.join("leak.txt")).unwrap();
        assert_eq!(server.get("/leak.txt").status, 404);
    }

    // Folders: their index.html; without the trailing slash, a redirect to it.
    let folder = server.get("/v2/email");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/v2/email/"));
    assert_eq!(server.get("/v2/email/?x=1").status, 200);
    assert_eq!(
        request(&server.addr, "POST", "/v2/email/").status,
        405,
        "only GET and HEAD"
    );
    let head = request(&server.addr, "HEAD", "/v2/email/setup/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // Every built file, by its extension.
    let expected = |ext: &str| match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        other => panic!("a built file with an unexpected extension: {other}"),
    };
    let mut seen = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Precompressed copies are sent in place of their file (tested on their own).
        if !entry.file_type().is_file()
            || rel.starts_with('.')
            || rel.ends_with(".br")
            || rel.ends_with(".gz")
        {
            continue;
        }
        let ext = rel.rsplit('.').next().unwrap().to_string();
        let reply = server.get(&format!("/{rel}"));
        assert_eq!(reply.status, 200, "{rel}");
        assert_eq!(reply.header("content-type"), Some(expected(&ext)), "{rel}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        if ext != "html" {
            assert_eq!(reply.body, std::fs::read(entry.path()).unwrap(), "{rel}");
        }
        seen.insert(ext);
    }
    for ext in [
        "html", "css", "js", "wasm", "json", "svg", "webp", "jpg", "xml", "txt",
    ] {
        assert!(
            seen.contains(ext),
            "the fixture publishes a .{ext} file: {seen:?}"
        );
    }
    for (path, ty) in [
        (
            "/__helpsite/livereload.js",
            "text/javascript; charset=utf-8",
        ),
        ("/__helpsite/livereload.css", "text/css; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(
            (reply.status, reply.header("content-type")),
            (200, Some(ty))
        );
    }
}

fn image_bytes(format: image::ImageFormat) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
        image::Rgb([(x * 6) as u8, (y * 8) as u8, 128])
    }));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

#[test]
fn a_port_in_use_is_an_error_naming_the_port_and_how_to_choose_another() {
    let f = email_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["serve", "--port", &port, "--root"])
        .arg(f.root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains(&format!("port {port}")), "{err}");
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_site_that_does_not_build_at_first_is_served_once_it_does() {
    let f = email_site();
    f.write(
        "content/v2/email/setup.md",
        "+++\ntitel = \"typo\"\n+++\n\n1. Step.\n",
    );
    let mut server = Server::launch(f.root());
    let mut events = server.events("none");
    let (name, data) = events.next();
    assert_eq!(name, "error");
    assert!(data.contains("\"served\":false"), "{data}");
    let waiting = server.get("/v2/email/setup/");
    assert_eq!(waiting.status, 503);
    assert!(waiting
        .text()
        .contains("/__helpsite/livereload.js?build=none"));
    f.write(
        "content/v2/email/setup.md",
        &article("Set up email", "1. Step.\n"),
    );
    server.wait_for_line(|l| l.starts_with("build failed: 1 error in "));
    assert_eq!(events.next().0, "reload");
    assert_eq!(server.get("/v2/email/setup/").status, 200);
    server.wait_for_line(|l| l.starts_with("rebuilt after content/v2/email/setup.md changed"));
}

#[test]
fn a_request_for_another_host_name_is_refused_so_a_rebound_name_cannot_read_the_preview() {
    let f = email_site();
    let server = Server::start(f.root());
    let port = server.addr.rsplit_once(':').unwrap().1;
    let page = "/v2/email/setup/";
    assert_eq!(server.get(page).status, 200);
    assert_eq!(
        request_for(&server.addr, &format!("localhost:{port}"), "GET", page).status,
        200
    );
    let refused = request_for(
        &server.addr,
        &format!("attacker.example:{port}"),
        "GET",
        page,
    );
    assert_eq!(refused.status, 421);
    assert!(
        refused.text().contains("--allow-host"),
        "{}",
        refused.text()
    );
    assert!(!refused.text().contains("Set up email"));
}

#[test]
fn five_hundred_idle_connections_do_not_keep_a_page_from_being_served_within_a_second() {
    let f = email_site();
    // Started under a soft open-files limit of 256, as a shell or service may set it.
    let server = Server::start_with(f.root(), Some(256));
    // Connections that send nothing, and half-open ones that send half a request header.
    let mut idle: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    for s in idle.iter_mut().step_by(2) {
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let page = server.get("/v2/email/setup/");
    assert_eq!(page.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn a_half_open_connection_is_closed_after_the_header_timeout() {
    let f = email_site();
    let server = Server::start(f.root());
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server closes it (with a timeout answer or none): the read ends instead of waiting forever.
    let _ = stream.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(15),
        "still open after {waited:?}"
    );
    assert!(
        waited >= Duration::from_secs(5),
        "closed too early, after {waited:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_edit_at_the_target_of_a_linked_category_or_article_rebuilds_its_pages() {
    use std::os::unix::fs::symlink;
    let f = Fixture::two_versions();
    // Kept once in a hidden folder (no version of its own), published through links.
    f.write(
        "content/.shared/email/setup.md",
        &article("Set up email", "1. First text.\n"),
    );
    f.write("content/.shared/faq.md", &article("FAQ", "Old answer.\n"));
    symlink("../.shared/email", f.root().join("content/v2/email")).unwrap();
    std::fs::create_dir_all(f.root().join("content/v2/help")).unwrap();
    symlink(
        "../../.shared/faq.md",
        f.root().join("content/v2/help/faq.md"),
    )
    .unwrap();
    let mut server = Server::start(f.root());
    assert!(server.get("/v2/email/setup/").text().contains("First text"));
    assert!(server.get("/v2/help/faq/").text().contains("Old answer"));

    f.write(
        "content/.shared/email/setup.md",
        &article("Set up email", "1. Second text.\n"),
    );
    server.wait_for_line(|l| l.starts_with("rebuilt after content/v2/email/setup.md changed"));
    assert!(server
        .get("/v2/email/setup/")
        .text()
        .contains("Second text"));

    f.write("content/.shared/faq.md", &article("FAQ", "New answer.\n"));
    server.wait_for_line(|l| l.starts_with("rebuilt after content/v2/help/faq.md changed"));
    assert!(server.get("/v2/help/faq/").text().contains("New answer"));
}

#[cfg(unix)]
#[test]
fn removing_a_link_to_a_category_keeps_the_category_it_led_to_watched() {
    let f = email_site();
    std::fs::rename(
        f.root().join("content/v2/email"),
        f.root().join("content/v1/email"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../v1/email", f.root().join("content/v2/email")).unwrap();
    let mut server = Server::start(f.root());

    f.write(
        "content/v1/email/setup.md",
        &article("Set up email", "1. Second text.\n"),
    );
    server.wait_for_line(|l| l.starts_with("rebuilt after "));

    f.remove("content/v2/email");
    server.wait_for_line(|l| l.starts_with("rebuilt after content/v2/email changed"));
    f.write(
        "content/v1/email/setup.md",
        &article("Set up email", "1. Third text.\n"),
    );
    server.wait_for_line(|l| l.starts_with("rebuilt after content/v1/email/setup.md changed"));
    assert!(server.get("/v1/email/setup/").text().contains("Third text"));
}

#[test]
fn a_reader_that_stops_after_the_first_line_does_not_stop_the_rebuilds() {
    let f = email_site();
    // `helpsite serve | head -1`: the first line is read, then the reading end of stdout is closed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["serve", "--port", "0", "--root"])
        .arg(f.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("helpsite serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .strip_prefix("Serving http://")
        .unwrap_or_else(|| panic!("{first}"))
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let stderr = child.stderr.take().unwrap();
    let printed = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(stderr).read_to_string(&mut text);
        text
    });
    let mut server = Server {
        child,
        // Nothing more is read from stdout; stderr is read below.
        lines: channel().1,
        printed: Vec::new(),
        addr,
    };
    let page_says = |text: &str| {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            let page = server.get("/v2/email/setup/");
            if page.status == 200 && page.text().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    };
    assert!(page_says("First text"), "the first build is served");
    // Every rebuild prints a line on the closed stdout; each must be shrugged off.
    for text in ["Second text", "Third text"] {
        f.write(
            "content/v2/email/setup.md",
            &article(
                "Set up email",
                &format!("1. Open the settings.\n2. {text}.\n"),
            ),
        );
        assert!(page_says(text), "rebuilt with {text:?}");
    }
    // Ctrl-C still stops it cleanly ("Stopped." goes to the closed stdout, so Server::stop cannot wait for it).
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = printed.join().unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_browser_that_takes_brotli_or_gzip_gets_the_precompressed_copies_and_the_same_bytes_once_decompressed(
) {
    use std::io::Read;
    let f = email_site();
    let server = Server::start(f.root());
    let out = private_outputs(f.root()).pop().unwrap();
    let css = std::fs::read_dir(out.join("_assets"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .unwrap();
    let target = format!("/_assets/{css}");
    let plain = server.get(&target);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    assert_eq!(
        plain.body,
        std::fs::read(out.join("_assets").join(&css)).unwrap()
    );

    let br = request_with(
        &server.addr,
        &server.addr,
        "GET",
        &target,
        "Accept-Encoding: gzip, deflate, br\r\n",
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        br.body,
        std::fs::read(out.join("_assets").join(format!("{css}.br"))).unwrap(),
        "the copy as it is"
    );
    let mut unbr = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_end(&mut unbr)
        .unwrap();
    assert_eq!(unbr, plain.body);

    let gz = request_with(
        &server.addr,
        &server.addr,
        "GET",
        &target,
        "Accept-Encoding: gzip\r\n",
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let mut ungz = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut ungz)
        .unwrap();
    assert_eq!(ungz, plain.body);

    // A page gets the reload script, so it is compressed as it is sent.
    let page = "/v2/email/setup/";
    let plain = server.get(page);
    let gz = request_with(
        &server.addr,
        &server.addr,
        "GET",
        page,
        "Accept-Encoding: br;q=0, gzip\r\n",
    );
    assert_eq!(
        gz.header("content-encoding"),
        Some("gzip"),
        "br refused with q=0"
    );
    let mut ungz = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut ungz)
        .unwrap();
    assert_eq!(ungz, plain.body);
    assert!(server.stop());
}
