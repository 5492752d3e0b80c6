//! `helpsite serve`: builds the site into a private folder, serves it over HTTP on this machine, and rebuilds when
//! `content/` or `templates/` change. Open pages reload by themselves after a good rebuild; a failed rebuild is
//! listed in the terminal and over every open page, while the last good build stays served.
//!
//! Threads: the main thread accepts requests and gives each its own thread (an event stream lasts as long as its
//! page); one builder thread waits for changes and rebuilds; the [`events::Hub`] carries news from the builder to
//! the pages.

mod events;
mod http;
mod watch;

use crate::cmd::terminal::{errln, outln, Terminal};
use crate::report::{Problem, Problems, Severity};
use crate::{Options, Summary};
use events::Hub;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `helpsite serve` was asked to do.
pub struct Settings {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub interface: IpAddr,
    pub port: u16,
    pub open: bool,
    /// Names besides 127.0.0.1, localhost and [::1] that requests may use (a tunnel's).
    pub allow_hosts: Vec<String>,
}

/// Exit status for a server that cannot start (port taken, no site): the same as wrong usage.
const CANNOT_START: u8 = 2;
/// How long a stop waits for a build under way to finish.
const STOP_PATIENCE: Duration = Duration::from_secs(5);

pub fn run(settings: Settings) -> ExitCode {
    // A browser opens several connections per page and keeps them; a low soft limit (1024, or less) would make the
    // server refuse everyone once idle connections hold it. The hard limit is what the system allows.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let root = match settings.root.canonicalize() {
        Ok(root) if root.join("content").is_dir() => root,
        _ => {
            errln!(
Terminal::default(),
                "error: {} has no content/ folder; run helpsite serve in the site's folder, or name it with --root",
                settings.root.display()
            );
            return ExitCode::from(CANNOT_START);
        }
    };
    let listener = match TcpListener::bind((settings.interface, settings.port)) {
        Ok(listener) => listener,
        Err(e) => {
            errln!(
                Terminal::default(),
                "error: {}",
                bind_error(settings.interface, settings.port, &e)
            );
            return ExitCode::from(CANNOT_START);
        }
    };
    let bound = listener.local_addr().expect("a bound address");
    let url = browse_url(bound);
    let base_url = settings.base_url.clone().unwrap_or_else(|| url.clone());
    let mount = url_path(&base_url);

    // Never site/: the writer's own build stays as it is. A folder of its own per server, removed when it stops.
    let private = match std::fs::create_dir_all(root.join(PRIVATE_DIR)).and_then(|_| {
        tempfile::Builder::new()
            .prefix("site-")
            .tempdir_in(root.join(PRIVATE_DIR))
    }) {
        Ok(dir) => dir,
        Err(e) => {
            errln!(
                Terminal::default(),
                "error: cannot make a build folder in {}: {e}",
                root.join(PRIVATE_DIR).display()
            );
            return ExitCode::from(CANNOT_START);
        }
    };
    let watcher = match watch::Watcher::start(&root) {
        Ok(w) => w,
        Err(e) => {
            errln!(Terminal::default(), "error: {e}");
            return ExitCode::from(CANNOT_START);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            errln!(Terminal::default(), "error: cannot start the server: {e}");
            return ExitCode::from(CANNOT_START);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::new(tokio::sync::Notify::new());
    {
        let (stop, stopping) = (stop.clone(), stopping.clone());
        let handler = move || {
            if stop.swap(true, Ordering::SeqCst) {
                // A second Ctrl-C while stopping: stop now.
                std::process::exit(130);
            }
            stopping.notify_one();
        };
        if let Err(e) = ctrlc::set_handler(handler) {
            errln!(
                Terminal::default(),
                "warning: Ctrl-C will not stop the server cleanly: {e}"
            );
        }
    }

    let hub = Arc::new(Hub::new());
    let site = Arc::new(http::Site {
        out: private.path().join("site"),
        mount: mount.clone(),
        hub: hub.clone(),
        port: bound.port(),
        allowed_hosts: settings.allow_hosts.clone(),
    });
    let everywhere = if settings.interface.is_unspecified() {
        " (listening on every interface: other machines can reach it)"
    } else {
        ""
    };
    outln!(
        Terminal::default(),
        "Serving {url}{}{everywhere}; Ctrl-C stops.",
        mount.trim_start_matches('/')
    );
    if settings.open {
        open_browser(&format!("{url}{}", mount.trim_start_matches('/')));
    }
    let builder = {
        let builder = Builder::new(&root, &site.out, base_url, hub.clone());
        let stop = stop.clone();
        std::thread::spawn(move || builder.run(watcher, &stop))
    };

    if let Err(e) = runtime.block_on(serve(listener, site, stopping)) {
        errln!(Terminal::default(), "error: cannot serve on {bound}: {e}");
    }
    stop.store(true, Ordering::SeqCst);
    hub.close();
    let waited = Instant::now();
    while !builder.is_finished() && waited.elapsed() < STOP_PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    runtime.shutdown_timeout(Duration::from_millis(200));
    drop(private);
    outln!(Terminal::default(), "Stopped.");
    ExitCode::SUCCESS
}

/// Accepts connections until `stopping` is notified; each connection is a task of its own, with keep-alive.
async fn serve(
    listener: TcpListener,
    site: Arc<http::Site>,
    stopping: Arc<tokio::sync::Notify>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            _ = stopping.notified() => {
                // End the event streams properly, and give them a moment to say so.
                site.hub.close();
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Ok(());
            }
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a moment rather than spin (idle connections time out,
                // which frees them).
                errln!(Terminal::default(), "warning: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            tokio::spawn(refuse_busy(stream));
            continue;
        };
        let site = site.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request| http::handle(request, site.clone()));
            // A connection that sends no request header within HEADER_TIMEOUT (the first, or the next one of a
            // kept-alive connection) is closed: idle and half-open connections cannot pile up.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Connections served at once (each open page keeps one for its reload events); more are answered 503.
const MAX_CONNECTIONS: usize = 1000;
/// How long a connection may take to send a request's header, or stay idle between requests.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Answers a connection over [`MAX_CONNECTIONS`] with 503 and closes it.
async fn refuse_busy(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = "helpsite serve has too many open connections; try again in a moment\n";
    let reply = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(reply.as_bytes())).await;
}

/// Where the builds of `helpsite serve` go, inside the site's folder (beside the image cache).
const PRIVATE_DIR: &str = ".helpsite-cache/serve";

fn bind_error(interface: IpAddr, port: u16, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on {interface} is already in use (is another helpsite serve running?); choose another with --port, for example --port {}, or --port 0 for any free port",
            port.checked_add(1).unwrap_or(1112)
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "{interface} is not an address of this machine; choose another with --interface (127.0.0.1 is this machine only)"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "not allowed to listen on port {port}; choose a port above 1023 with --port"
        ),
        _ => format!("cannot listen on {interface} port {port}: {e}; choose another with --port"),
    }
}

/// The address to open in a browser: the bound one, with an unspecified interface (0.0.0.0) read as this machine.
fn browse_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

/// The path of a base URL, with a trailing slash: `https://x.test/help` is `/help/`.
fn url_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/", |i| &after_scheme[i..])
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    format!("{}/", path.trim_end_matches('/'))
}

/// Rebuilds the site when its sources change, and tells the terminal and the pages.
struct Builder {
    root: PathBuf,
    out: PathBuf,
    base_url: String,
    hub: Arc<Hub>,
    /// Names this server's builds apart from another run's: a page left open across a restart reloads.
    session: String,
    builds: u64,
}

impl Builder {
    fn new(root: &Path, out: &Path, base_url: String, hub: Arc<Hub>) -> Self {
        let session = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| format!("{:x}", d.as_millis()))
            .unwrap_or_default();
        Builder {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            base_url,
            hub,
            session,
            builds: 0,
        }
    }

    fn run(mut self, mut watcher: watch::Watcher, stop: &AtomicBool) {
        self.rebuild(None);
        while let Some(changes) = watcher.next(stop) {
            self.rebuild(Some(&changes));
        }
    }

    /// The one place the site is built. (Builds are whole for now; when `Options` learns to build incrementally,
    /// say so here.)
    fn build(&self) -> Result<Summary, Problems> {
        crate::build(&Options {
            root: self.root.clone(),
            output: Some(self.out.clone()),
            base_url: Some(self.base_url.clone()),
            ..Options::default()
        })
    }

    fn rebuild(&mut self, changes: Option<&watch::Changes>) {
        let started = Instant::now();
        // A bug that panics in the build must not end the watching: it is reported like a failed build.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.build()))
            .unwrap_or_else(|_| {
                Err(vec![Problem::error(
                    "helpsite",
                    None,
                    "helpsite stopped with an internal error while building (a bug: the message above says where)",
                )
                .hint("save again to retry; if it happens again, report the message above")]
                .into())
            });
        let ms = started.elapsed().as_millis();
        let what = changes.map(|c| c.describe());
        match result {
            Ok(summary) => {
                self.builds += 1;
                self.hub
                    .succeeded(format!("{}-{}", self.session, self.builds));
                if summary.warnings.warning_count() > 0 {
                    Terminal::default().err(&summary.warnings.to_string());
                }
                let pages = plural(summary.pages, "page");
                let written = plural(summary.written, "file");
                match what {
                    None => outln!(
                        Terminal::default(),
                        "built {pages} in {ms} ms; watching content/ and templates/"
                    ),
                    Some(what) => outln!(
                        Terminal::default(),
                        "rebuilt after {what} changed: {pages} ({written} written) in {ms} ms"
                    ),
                }
            }
            Err(problems) => {
                let served = self.builds > 0;
                self.hub.failed(report_json(&problems, served));
                Terminal::default().err(&problems.to_string());
                let errors = plural(problems.errors().count(), "error");
                let after = what
                    .map(|w| format!(" after {w} changed"))
                    .unwrap_or_default();
                let still = if served {
                    "still serving the last good build"
                } else {
                    "nothing to serve until they are fixed"
                };
                errln!(Terminal::default(), "build failed{after}: {errors} in {ms} ms (listed above, and on every open page); {still}");
            }
        }
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// A failed build as the pages show it: each problem with its place, what is wrong and the fix, and the report as
/// the terminal shows it.
fn report_json(problems: &Problems, served: bool) -> String {
    let list: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| {
            serde_json::json!({
                "severity": match p.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "location": p.location(),
                "file": p.file,
                "line": p.line,
                "message": p.message,
                "hint": p.hint,
            })
        })
        .collect();
    serde_json::json!({
        "errors": problems.errors().count(),
        "served": served,
        "problems": list,
        "text": problems.to_string(),
    })
    .to_string()
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => errln!(
            Terminal::default(),
            "warning: cannot open a browser ({program}: {e}); open {url} yourself"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_is_browsed_at_the_bound_address_and_published_under_the_base_url_path() {
        assert_eq!(
            browse_url("127.0.0.1:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            browse_url("0.0.0.0:80".parse().unwrap()),
            "http://127.0.0.1:80/"
        );
        assert_eq!(
            browse_url("[::]:8080".parse().unwrap()),
            "http://[::1]:8080/"
        );
        assert_eq!(url_path("http://127.0.0.1:1111/"), "/");
        assert_eq!(url_path("https://x.test"), "/");
        assert_eq!(url_path("https://x.test/help"), "/help/");
        assert_eq!(url_path("https://x.test/help/docs/?a"), "/help/docs/");
    }

    #[test]
    fn a_taken_port_is_named_with_the_way_to_choose_another() {
        let e = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        let text = bind_error("127.0.0.1".parse().unwrap(), 1111, &e);
        assert!(text.contains("port 1111"), "{text}");
        assert!(text.contains("--port 1112"), "{text}");
    }

    #[test]
    fn a_failed_build_reaches_the_pages_with_place_message_and_fix() {
        let problems: Problems =
            vec![
                Problem::error("content/v1/a.md", Some(2), "unknown field `titel`")
                    .hint("did you mean `title`?"),
            ]
            .into();
        let json: serde_json::Value = serde_json::from_str(&report_json(&problems, true)).unwrap();
        assert_eq!(json["errors"], 1);
        assert_eq!(json["served"], true);
        assert_eq!(json["problems"][0]["location"], "content/v1/a.md:2");
        assert_eq!(json["problems"][0]["hint"], "did you mean `title`?");
        assert!(json["text"].as_str().unwrap().contains("fix: did you mean"));
    }
}
