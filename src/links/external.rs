//! `helpsite check --external`: do the http(s) links of the content still answer? A bounded, polite checker: a few
//! worker threads, at most `per_host` requests to one host at a time, a timeout per request, retries with growing
//! waits (honouring `Retry-After`) for answers that may pass (429, 5xx, timeouts), HEAD first and GET when HEAD is
//! refused, and a cache of definite answers in `.helpsite-cache/external.json` so that a second run within the cache's
//! age asks nobody. Never part of `build`: the network is slow and other sites' outages are not the writer's errors.

use crate::load::content::Content;
use crate::render::articles::Library;
use crate::render::markdown::LinkTarget;
use crate::report::{Problem, Problems};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where a link is written: file and line.
pub(crate) type Place = (String, usize);

/// Every external link of the content, without its `#fragment`, with the places it is written. A file inherited by
/// several versions counts once.
pub(crate) fn links_in(content: &Content, library: &Library) -> BTreeMap<String, BTreeSet<Place>> {
    let mut found: BTreeMap<String, BTreeSet<Place>> = BTreeMap::new();
    for articles in library {
        for a in articles.values() {
            let file = crate::report::display_path(&content.sources[a.source].rel_path);
            for link in &a.rendered.links {
                if let LinkTarget::External(url) = &link.target {
                    let url = url.split('#').next().unwrap_or(url).to_string();
                    found
                        .entry(url)
                        .or_default()
                        .insert((file.clone(), link.line));
                }
            }
        }
    }
    found
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests at once, over all hosts.
    pub workers: usize,
    /// Requests at once to one host.
    pub per_host: usize,
    /// For one request, connecting included.
    pub timeout: Duration,
    /// Further tries after an answer that may pass.
    pub retries: u32,
    /// Wait before the first retry; doubles for each further one.
    pub backoff: Duration,
    /// Longest wait a `Retry-After` may impose.
    pub max_wait: Duration,
    /// Cached answers younger than this are used as they are; zero asks again.
    pub max_age: Duration,
    /// The cache file; None keeps no cache.
    pub cache: Option<PathBuf>,
}

impl Settings {
    /// The defaults for a site at `root`, with the cache in `root/.helpsite-cache/external.json`.
    pub fn for_root(root: &Path) -> Self {
        Settings {
            workers: 8,
            per_host: 2,
            timeout: Duration::from_secs(15),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(30),
            max_age: Duration::from_secs(24 * 3600),
            cache: Some(root.join(".helpsite-cache").join("external.json")),
        }
    }
}

/// What a URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A page is there (2xx after redirects).
    Ok,
    /// The address is wrong: 404, 410 and the other 4xx answers.
    Broken,
    /// The site refused the checker (401, 403) or kept asking it to slow down (429): check it by hand.
    Refused,
    /// No answer to judge by: timeouts, connection errors, 5xx after the retries.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub verdict: Verdict,
    /// The final HTTP status, when there was one.
    pub status: Option<u16>,
    /// What happened, for the report (`404 Not Found`, `timed out after 15s`).
    pub detail: String,
    /// Seconds since 1970 when it was asked.
    pub checked: u64,
}

impl Answer {
    /// Only definite answers are kept: a timeout today says nothing about tomorrow.
    fn cacheable(&self) -> bool {
        matches!(self.verdict, Verdict::Ok | Verdict::Broken)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    answers: BTreeMap<String, Answer>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn load_cache(path: &Path) -> BTreeMap<String, Answer> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok())
        .filter(|c| c.format == 1)
        .map(|c| c.answers)
        .unwrap_or_default()
}

fn save_cache(path: &Path, answers: BTreeMap<String, Answer>) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(&CacheFile { format: 1, answers })
        .expect("the cache serialises");
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text + "\n")
        .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    pub answers: BTreeMap<String, Answer>,
    /// How many answers came from the cache.
    pub cached: usize,
    /// How many URLs were asked over the network.
    pub asked: usize,
    /// Writing the cache failed (the check itself is still good).
    pub cache_error: Option<String>,
}

impl Report {
    /// One problem per place a link that is not Ok is written: errors for broken links, warnings for the rest.
    pub(crate) fn problems(&self, links: &BTreeMap<String, BTreeSet<Place>>) -> Problems {
        let mut problems = Problems::new();
        for (url, places) in links {
            let Some(answer) = self.answers.get(url) else {
                continue;
            };
            for (file, line) in places {
                let p = match answer.verdict {
                    Verdict::Ok => continue,
                    Verdict::Broken => Problem::error(file, Some(*line), format!("external link {url} answers {}", answer.detail))
                        .hint("correct the address, link to the page that replaced it, or remove the link"),
                    Verdict::Refused => Problem::warning(file, Some(*line), format!("external link {url} could not be checked: {}", answer.detail))
                        .hint("the site refuses automated checks; open the link in a browser to check it"),
                    Verdict::Failed => Problem::warning(file, Some(*line), format!("external link {url} could not be checked: {}", answer.detail))
                        .hint("the site did not answer in time or failed; run the check again later, or open the link in a browser"),
                };
                problems.push(p);
            }
        }
        problems.sorted()
    }

    /// `Checked 12 external links (5 from the cache): 1 broken, 1 could not be checked.`
    pub(crate) fn line(&self) -> String {
        let count = |v: Verdict| self.answers.values().filter(|a| a.verdict == v).count();
        let unknown = count(Verdict::Refused) + count(Verdict::Failed);
        format!(
            "Checked {} external link{} ({} asked, {} from the cache): {} broken, {} could not be checked",
            self.answers.len(),
            if self.answers.len() == 1 { "" } else { "s" },
            self.asked,
            self.cached,
            count(Verdict::Broken),
            unknown
        )
    }
}

/// The host part of a URL, lowercase, for the per-host limit.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    host.to_ascii_lowercase()
}

struct Queue {
    pending: VecDeque<String>,
    busy: HashMap<String, usize>,
    done: BTreeMap<String, Answer>,
}

/// Asks every URL of `urls` (answers in the cache younger than `max_age` excepted) and updates the cache.
pub fn check<'a>(urls: impl IntoIterator<Item = &'a String>, settings: &Settings) -> Report {
    let mut report = Report::default();
    let mut cache = settings
        .cache
        .as_deref()
        .map(load_cache)
        .unwrap_or_default();
    let now = now_secs();
    let mut pending = VecDeque::new();
    for url in urls {
        match cache.get(url) {
            Some(a)
                if a.cacheable() && now.saturating_sub(a.checked) < settings.max_age.as_secs() =>
            {
                report.answers.insert(url.clone(), a.clone());
                report.cached += 1;
            }
            _ => pending.push_back(url.clone()),
        }
    }
    report.asked = pending.len();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("helpsite-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new(Queue {
        pending,
        busy: HashMap::new(),
        done: BTreeMap::new(),
    });
    let wake = Condvar::new();
    let workers = settings.workers.max(1).min(report.asked.max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                let url = loop {
                    if q.pending.is_empty() {
                        return;
                    }
                    let free = q.pending.iter().position(|u| {
                        q.busy.get(&host_of(u)).copied().unwrap_or(0) < settings.per_host.max(1)
                    });
                    match free {
                        Some(i) => break q.pending.remove(i).expect("the index is in range"),
                        None => q = wake.wait(q).unwrap_or_else(|e| e.into_inner()),
                    }
                };
                let host = host_of(&url);
                *q.busy.entry(host.clone()).or_default() += 1;
                drop(q);
                let answer = ask(&agent, &url, settings);
                let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(n) = q.busy.get_mut(&host) {
                    *n -= 1;
                }
                q.done.insert(url, answer);
                drop(q);
                wake.notify_all();
            });
        }
    });
    let done = queue.into_inner().unwrap_or_else(|e| e.into_inner()).done;
    for (url, answer) in done {
        if answer.cacheable() {
            cache.insert(url.clone(), answer.clone());
        } else {
            cache.remove(&url);
        }
        report.answers.insert(url, answer);
    }
    if let Some(path) = &settings.cache {
        if let Err(e) = save_cache(path, cache) {
            report.cache_error = Some(e);
        }
    }
    report
}

/// One outcome of one request.
enum Reply {
    Status(u16, Option<Duration>),
    Error(String),
}

fn request(agent: &ureq::Agent, url: &str, head: bool) -> Reply {
    let result = if head {
        agent.head(url).call()
    } else {
        agent.get(url).call()
    };
    match result {
        Ok(resp) => {
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            // The body is not read: dropping the response closes the connection.
            Reply::Status(resp.status().as_u16(), retry_after)
        }
        Err(ureq::Error::Timeout(_)) => Reply::Error("timed out".into()),
        Err(ureq::Error::HostNotFound) => Reply::Error("host not found".into()),
        Err(ureq::Error::TooManyRedirects) => Reply::Error("too many redirects".into()),
        Err(e) => Reply::Error(e.to_string()),
    }
}

fn reason(status: u16) -> String {
    let text = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };
    format!("{status} {text}").trim_end().to_string()
}

/// Asks one URL: HEAD, then GET when HEAD gives no good answer; retries answers that may pass.
fn ask(agent: &ureq::Agent, url: &str, settings: &Settings) -> Answer {
    let started = Instant::now();
    let mut wait = settings.backoff;
    let mut attempt = 0;
    loop {
        let mut reply = request(agent, url, true);
        if !matches!(reply, Reply::Status(200..=399, _)) {
            // Many servers answer HEAD with 403, 404, 405 or 501 and GET properly: GET decides.
            reply = request(agent, url, false);
        }
        let (verdict, status, detail, retry_after) = match reply {
            Reply::Status(s @ 200..=399, _) => (Verdict::Ok, Some(s), reason(s), None),
            Reply::Status(s @ (408 | 429), ra) => (Verdict::Refused, Some(s), reason(s), ra),
            Reply::Status(s @ (401 | 403), _) => (Verdict::Refused, Some(s), reason(s), None),
            Reply::Status(s @ 400..=499, _) => (Verdict::Broken, Some(s), reason(s), None),
            Reply::Status(s, ra) => (Verdict::Failed, Some(s), reason(s), ra),
            Reply::Error(e) => (
                Verdict::Failed,
                None,
                format!("{e} (after {:.1?})", started.elapsed()),
                None,
            ),
        };
        let may_pass = matches!(status, Some(408 | 429) | Some(500..=599)) || status.is_none();
        if !may_pass || attempt >= settings.retries {
            let detail = if attempt > 0 {
                format!("{detail}, {} tries", attempt + 1)
            } else {
                detail
            };
            return Answer {
                verdict,
                status,
                detail,
                checked: now_secs(),
            };
        }
        attempt += 1;
        std::thread::sleep(retry_after.unwrap_or(wait).min(settings.max_wait));
        wait *= 2;
    }
}

/// Reads `90s`, `15m`, `12h`, `1d`, `2w` or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration; write e.g. 30s, 15m, 12h, 1d or 2w"))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {text:?}; use s, m, h, d or w"
            ))
        }
    };
    Ok(Duration::from_secs(n * seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_their_units() {
        assert_eq!(parse_duration("1d").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        assert!(parse_duration("1y").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn hosts_are_compared_without_case_or_credentials() {
        assert_eq!(
            host_of("https://User@Example.com:8443/a?b"),
            "example.com:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:9/x"), "127.0.0.1:9");
    }
}
