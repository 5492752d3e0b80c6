//! Links: the check of every link of the built site (content and templates), the step-link catalog `links.json` and
//! `helpsite links`, the published-link stability check (`check --against`) and the external link check.

use crate::common::{article, helpsite, text, Fixture, ONE_VERSION};
use helpsite::links::catalog::Catalog;
use helpsite::links::external::{self, Settings, Verdict};
use helpsite::links::stability;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The numbered lines of a report (`  3. file:line: message`), without their numbers.
fn report_lines(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let (n, rest) = t.split_once(". ")?;
            n.parse::<usize>().ok().map(|_| rest.to_string())
        })
        .collect()
}

const TARGET: &str = r#"+++
title = "Target"
+++

## Overview

Some text.

1. Open the console. {#open-console}
2. Click **Settings**.
"#;

// ---------------------------------------------------------------------------------------------------------------
// The check of the built site

#[test]
fn every_kind_of_broken_link_is_reported_once_with_its_source() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/guide/old.md",
        &article("Old", "Only in version 1.\n"),
    );
    f.write("content/v2/guide/old.md", "+++\nremoved = true\n+++\n");
    f.write("content/v2/guide/target.md", TARGET);
    f.write(
        "content/v2/guide/source.md",
        &article(
            "Source",
            "A [missing page](nothing.md).\n\n\
             A [missing heading](target.md#no-such-heading).\n\n\
             A [missing step](target.md#step-9).\n\n\
             A [missing step name](target.md#no-such-name).\n\n\
             A [bad latest link](/latest/guide/old/).\n\n\
             ![A missing screenshot](nope.png)\n\n\
             And [a good one](target.md#open-console), [another](/latest/guide/target/#step-2), [home](/v2/).\n",
        ),
    );
    f.write(
        "templates/footer.html",
        "<footer class=\"site-footer\"><p><a href=\"{{ root }}contact/\">Contact us</a></p></footer>\n",
    );
    let report = f.build_err();
    let lines = report_lines(&report);
    let expect = [
        ("content/v2/guide/source.md:5:", "nothing.md"),
        ("content/v2/guide/source.md:7:", "#no-such-heading"),
        ("content/v2/guide/source.md:9:", "#step-9"),
        ("content/v2/guide/source.md:11:", "#no-such-name"),
        ("content/v2/guide/source.md:13:", "/latest/guide/old/"),
        ("content/v2/guide/source.md:15:", "nope.png"),
        ("templates/footer.html:", "/contact/"),
    ];
    for (at, what) in expect {
        let found: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with(at) && l.contains(what))
            .collect();
        assert_eq!(found.len(), 1, "{at} {what} reported once:\n{report}");
    }
    assert_eq!(
        lines.len(),
        expect.len(),
        "nothing else is reported:\n{report}"
    );
    assert!(
        report.contains("(on 12 pages"),
        "the template link names how many pages show it:\n{report}"
    );
}

#[test]
fn a_template_link_to_a_missing_id_or_file_is_reported_with_the_template() {
    let f = Fixture::two_versions();
    f.write("content/v2/guide/target.md", TARGET);
    // An article template of our own, with one broken fragment link and one broken image.
    let article_html = helpsite::pages::theme::TEMPLATES
        .iter()
        .find(|(n, _)| *n == "article.html")
        .unwrap()
        .1
        .replace(
            "{% block body %}",
            "{% block body %}<a href=\"#top-of-page\">Top</a><img src=\"{{ root }}_assets/logo.svg\" alt=\"\">",
        );
    f.write("templates/article.html", &article_html);
    let report = f.build_err();
    let lines = report_lines(&report);
    assert_eq!(lines.len(), 2, "{report}");
    assert!(lines.iter().any(|l| l.starts_with("templates/article.html: link to #top-of-page, which the page itself does not have (on 2 pages")), "{report}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "templates/article.html: image /_assets/logo.svg, which the build does not write"
        )),
        "{report}"
    );
}

#[test]
fn links_to_ids_that_only_templates_add_pass_and_root_absolute_links_of_the_404_page_are_checked() {
    let f = Fixture::two_versions();
    f.write("content/v2/guide/target.md", TARGET);
    f.write(
        "content/v2/guide/source.md",
        &article(
            "Source",
            "See [the home page](/v2/#main) and [the notice](/latest/#not-in-version).\n",
        ),
    );
    f.build_ok();
    let f = Fixture::two_versions();
    f.write("content/v2/guide/target.md", TARGET);
    f.write(
        "templates/404.html",
        "<p><a href=\"{{ root }}latest/nowhere/\">Home</a></p>\n",
    );
    let report = f.build_err();
    assert!(report.contains("templates/404.html: link to /latest/nowhere/, which the build does not write (on 404.html)"), "{report}");
}

#[test]
fn the_shipped_content_has_no_broken_link() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = helpsite::Options {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        ..Default::default()
    };
    if let Err(p) = helpsite::build(&options) {
        panic!("the shipped content does not check:\n{p}");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Aliases and former step names

#[test]
fn an_alias_and_a_former_step_name_land_on_the_article_and_its_step() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/guide/new-name.md",
        "+++\ntitle = \"New\"\naliases = [\"guide/old-name\", \"/kb/42\"]\n+++\n\n1. Open the console. {#launch-console open-console}\n2. Save.\n",
    );
    f.build_ok();
    // The redirect keeps the fragment (redirect.js), with a refresh and a plain link as fallback.
    for (page, target) in [
        ("v2/guide/old-name/index.html", "../../guide/new-name/"),
        ("latest/guide/old-name/index.html", "../../guide/new-name/"),
        ("kb/42/index.html", "../../latest/guide/new-name/"),
    ] {
        let html = f.page(page);
        assert!(html.contains(&format!("url={target}\"")), "{page}: {html}");
        assert!(
            html.contains(&format!("data-target=\"{target}\"")),
            "{page}: {html}"
        );
        assert!(
            html.contains(&format!("href=\"{target}\"")),
            "{page}: {html}"
        );
    }
    let page = f.page("latest/guide/new-name/index.html");
    assert!(
        page.contains("<span class=\"step-name\" id=\"open-console\"></span>"),
        "{page}"
    );
    let catalog = Catalog::read(&f.out().join("links.json")).unwrap();
    let a = catalog
        .articles
        .iter()
        .find(|a| a.path == "guide/new-name")
        .unwrap();
    assert_eq!(
        a.aliases,
        [
            "https://help.test/kb/42/",
            "https://help.test/latest/guide/old-name/",
            "https://help.test/v2/guide/old-name/"
        ]
    );
    assert_eq!(a.steps[0].name.as_deref(), Some("launch-console"));
    assert_eq!(a.steps[0].former_names, ["open-console"]);
}

// ---------------------------------------------------------------------------------------------------------------
// links.json and `helpsite links`

#[test]
fn links_json_lists_every_step_and_heading_with_its_address_and_is_the_same_for_the_same_content() {
    let f = Fixture::two_versions();
    f.write("content/v1/guide/target.md", TARGET);
    f.write(
        "content/v2/guide/target.md",
        &TARGET.replace("{#open-console}", "{#launch-console open-console}"),
    );
    f.build_ok();
    let first = f.page("links.json");
    f.build_ok();
    assert_eq!(
        first,
        f.page("links.json"),
        "two builds write the same bytes"
    );
    let c = Catalog::parse(&first).unwrap();
    assert_eq!(c.site.latest, "v2");
    let keys: Vec<(&str, &str)> = c
        .articles
        .iter()
        .map(|a| (a.version.as_str(), a.path.as_str()))
        .collect();
    assert_eq!(keys, [("v1", "guide/target"), ("v2", "guide/target")]);
    let old = &c.articles[0];
    assert_eq!(old.url, "https://help.test/v1/guide/target/");
    assert_eq!(
        old.steps[0].url,
        "https://help.test/v1/guide/target/#open-console"
    );
    // A step without a written name is listed with the name made from its text.
    assert_eq!(
        old.steps[1].url,
        "https://help.test/v1/guide/target/#click-settings"
    );
    assert_eq!(old.steps[1].name.as_deref(), Some("click-settings"));
    assert!(old.steps[1].automatic);
    assert!(!old.steps[0].automatic);
    assert_eq!(old.steps[1].text, "Click Settings.");
    let new = &c.articles[1];
    assert_eq!(new.url, "https://help.test/latest/guide/target/");
    assert_eq!(new.version_url, "https://help.test/v2/guide/target/");
    assert_eq!(
        new.steps[0].url,
        "https://help.test/latest/guide/target/#launch-console"
    );
    assert_eq!(new.steps[0].former_names, ["open-console"]);
    assert_eq!(new.headings[0].id, "overview");
    assert_eq!(
        new.headings[0].url,
        "https://help.test/latest/guide/target/#overview"
    );
    assert_eq!(new.source, "content/v2/guide/target.md");
}

#[test]
fn helpsite_links_filters_by_words_and_version_in_every_format() {
    let f = Fixture::two_versions();
    f.write("content/v1/guide/target.md", TARGET);
    f.write(
        "content/v2/guide/target.md",
        &TARGET.replace("Click **Settings**.", "Click **Settings**, then \"Save\"."),
    );
    let root = f.root().to_str().unwrap();
    // No build yet: helpsite links builds in memory and writes nothing.
    let out = helpsite(&["links", "--root", root, "--format", "csv", "SETTINGS"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "version,article,title,section,number,id,name,former_names,text,url\n\
         v2,guide/target,Target,,2,step-2,click-settings-then-save,,\"Click Settings, then \"\"Save\"\".\",https://help.test/latest/guide/target/#click-settings-then-save\n\
         v1,guide/target,Target,,2,step-2,click-settings,,Click Settings.,https://help.test/v1/guide/target/#click-settings\n"
    );
    assert!(!f.exists("links.json"));
    let out = helpsite(&[
        "links",
        "--root",
        root,
        "--version",
        "v1",
        "--format",
        "json",
        "console",
        "open",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(
        rows[0]["url"],
        "https://help.test/v1/guide/target/#open-console"
    );
    assert_eq!(rows[0]["name"], "open-console");
    let out = helpsite(&["links", "--root", root, "nothing-matches-this"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("No step matches"));
    let out = helpsite(&["links", "--root", root, "--version", "v9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the versions are v1, v2 (or latest)"));
}

#[test]
fn helpsite_links_reads_a_fresh_links_json_and_rebuilds_after_the_content_changed() {
    let f = Fixture::two_versions();
    f.write("content/v2/guide/target.md", TARGET);
    f.build_ok();
    // A links.json newer than the content is used as it is.
    let mut c = Catalog::read(&f.out().join("links.json")).unwrap();
    c.articles[0].steps[0].text = "Text from the built file.".into();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(f.out().join("links.json"), c.to_json()).unwrap();
    let root = f.root().to_str().unwrap();
    let out = helpsite(&["links", "--root", root, "built"]);
    assert!(
        text(&out.stdout).contains("Text from the built file."),
        "{}",
        text(&out.stdout)
    );
    // Once the content is newer, the listing comes from the content.
    std::thread::sleep(Duration::from_millis(20));
    f.write(
        "content/v2/guide/target.md",
        &TARGET.replace("Open the console.", "Open the web console."),
    );
    let out = helpsite(&["links", "--root", root, "console"]);
    assert!(
        text(&out.stdout).contains("Open the web console."),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn helpsite_links_for_the_shipped_content() {
    let root = env!("CARGO_MANIFEST_DIR");
    // --manifest would read a file; the shipped content is listed from an in-memory build of it.
    let options = helpsite::Options {
        root: root.into(),
        output: None,
        base_url: None,
        ..Default::default()
    };
    let summary = helpsite::build(&options).expect("the shipped content builds");
    let rows = summary.catalog.find_steps(None, &["gmail".into()]).unwrap();
    insta::assert_snapshot!(
        "links_gmail_table",
        helpsite::cmd::links::table(&summary.catalog, &rows, 100)
    );
    let rows = summary
        .catalog
        .find_steps(Some("latest"), &["app".into(), "password".into()])
        .unwrap();
    insta::assert_snapshot!(
        "links_app_password_latest_csv",
        helpsite::cmd::links::csv(&rows)
    );
    // Every step of the Gmail article is listed in every version.
    for a in summary
        .catalog
        .articles
        .iter()
        .filter(|a| a.path == "email/connect-gmail-app-password")
    {
        for s in &a.steps {
            assert!(
                rows_for(&summary.catalog, &a.version).contains(&s.url),
                "{} is listed",
                s.url
            );
        }
    }
}

fn rows_for(c: &Catalog, version: &str) -> Vec<String> {
    c.find_steps(Some(version), &["gmail".into()])
        .unwrap()
        .iter()
        .map(|r| r.url.to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Published-link stability

fn stability_site() -> Fixture {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/guide/setup.md",
        &article(
            "Set up",
            "## Before you start\n\nRead this.\n\n## Install\n\n1. Download the installer. {#download}\n2. Run the installer.\n3. Restart the computer.\n",
        ),
    );
    f.write(
        "content/v1/guide/names.md",
        &article(
            "Names",
            "1. Open the console. {#open-console}\n2. Save the changes. {#old-save}\n",
        ),
    );
    f.write(
        "content/v1/guide/moved-with-alias.md",
        &article("Moved with alias", "1. Do it.\n"),
    );
    f.write(
        "content/v1/guide/moved-without.md",
        &article("Moved without alias", "1. Do that.\n"),
    );
    f.write(
        "content/v1/guide/removed.md",
        &article("Removed", "1. Gone soon.\n"),
    );
    f
}

fn change_content(f: &Fixture) {
    // Insert a step before step 2.
    f.write(
        "content/v1/guide/setup.md",
        &article(
            "Set up",
            "## Before you start\n\nRead this.\n\n## Install\n\n1. Download the installer. {#download}\n2. Accept the license.\n3. Run the installer.\n4. Restart the computer.\n",
        ),
    );
    // Rename one name keeping the old one, and one without.
    f.write(
        "content/v1/guide/names.md",
        &article("Names", "1. Open the console. {#launch-console open-console}\n2. Save the changes. {#save-changes}\n"),
    );
    f.remove("content/v1/guide/moved-with-alias.md");
    f.write(
        "content/v1/guide/new-place.md",
        "+++\ntitle = \"Moved with alias\"\naliases = [\"guide/moved-with-alias\"]\n+++\n\n1. Do it.\n",
    );
    f.remove("content/v1/guide/moved-without.md");
    f.write(
        "content/v1/other/moved-without.md",
        &article("Moved without alias", "1. Do that.\n"),
    );
    f.remove("content/v1/guide/removed.md");
}

#[test]
fn the_stability_check_reports_exactly_the_published_links_that_break() {
    let f = stability_site();
    let old = f.built_catalog();
    assert!(
        stability::check(&old, &old).problems.is_empty(),
        "a build is stable against itself"
    );
    change_content(&f);
    let new = f.built_catalog();
    let report = stability::check(&old, &new);
    let found: Vec<(String, String)> = report
        .problems
        .iter()
        .map(|p| (p.file.clone(), p.message.clone()))
        .collect();
    let expect = [
        (
            "https://help.test/latest/guide/moved-without/",
            "the page of guide/moved-without (v1) is gone, and no alias leads on (with 1 step and heading link); also gone: /v1/guide/moved-without/",
        ),
        (
            "https://help.test/latest/guide/names/#old-save",
            "the step named old-save of guide/names is gone (also at v1/guide/names/)",
        ),
        (
            "https://help.test/latest/guide/removed/",
            "the page of guide/removed (v1) is gone, and no alias leads on (with 1 step and heading link); also gone: /v1/guide/removed/",
        ),
        (
            "https://help.test/latest/guide/setup/#step-2",
            "step-2 of guide/setup moved: the step named run-installer is now step-3 (also at v1/guide/setup/)",
        ),
        (
            "https://help.test/latest/guide/setup/#step-3",
            "step-3 of guide/setup moved: the step named restart-computer is now step-4 (also at v1/guide/setup/)",
        ),
    ];
    let expect: Vec<(String, String)> = expect
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(found, expect, "\n{}", report.problems);
    let hints: BTreeMap<String, String> = report
        .problems
        .iter()
        .map(|p| (p.file.clone(), p.hint.clone().unwrap_or_default()))
        .collect();
    assert!(hints["https://help.test/latest/guide/names/#old-save"]
        .contains("{#save-changes old-save}"));
    assert!(hints["https://help.test/latest/guide/moved-without/"]
        .contains("is now at other/moved-without (v1): add aliases = [\"guide/moved-without\"] to the front matter of content/v1/other/moved-without.md"));
}

#[test]
fn check_against_an_old_links_json_exits_1_and_names_the_moved_step() {
    let f = stability_site();
    f.build_ok();
    let old = f.root().join("published-links.json");
    std::fs::copy(f.out().join("links.json"), &old).unwrap();
    let root = f.root().to_str().unwrap();
    let out = helpsite(&["check", "--root", root, "--against", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("still land where they did"));
    change_content(&f);
    let out = helpsite(&["check", "--root", root, "--against", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("https://help.test/latest/guide/setup/#step-2: step-2 of guide/setup moved: the step named run-installer is now step-3"), "{err}");
    assert!(err.contains("5 published links of"), "{err}");
    let out = helpsite(&["check", "--root", root, "--against", "no-such-file.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_renumbered_step_that_has_a_name_now_is_reported_with_its_name_and_its_lost_automatic_names_too(
) {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/connect.md",
        &article(
            "Connect",
            "1. Sign in.\n2. Open Security.\n3. Click App passwords.\n",
        ),
    );
    let old = f.built_catalog();
    f.write(
        "content/v1/email/connect.md",
        &article(
            "Connect",
            "1. Sign in.\n2. Click App passwords. {#open-app-passwords}\n",
        ),
    );
    let new = f.built_catalog();
    let report = stability::check(&old, &new);
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the step named click-app-passwords of email/connect is gone (also at v1/email/connect/)",
            "the step named open-security of email/connect is gone (also at v1/email/connect/)",
            "step-2 of email/connect now opens another step: \"Click App passwords.\", which was step-3 (also at v1/email/connect/)",
            "step-3 of email/connect moved: the step named open-app-passwords is now step-2 (also at v1/email/connect/)",
        ]
    );
}

// ---------------------------------------------------------------------------------------------------------------
// External links, against a server of our own on 127.0.0.1

/// A small HTTP/1.1 server: answers each request from `route(method, path, nth request for that path)` as
/// (status, extra headers, delay), counts requests and the most requests it served at once.
struct TestServer {
    base: String,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
    max_at_once: Arc<AtomicUsize>,
}

type Route = fn(&str, &str, usize) -> (u16, &'static str, u64);

impl TestServer {
    fn start(route: Route) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits: Arc<Mutex<BTreeMap<String, usize>>> = Default::default();
        let max_at_once = Arc::new(AtomicUsize::new(0));
        let now = Arc::new(AtomicUsize::new(0));
        let (h, m) = (hits.clone(), max_at_once.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (h, m, now) = (h.clone(), m.clone(), now.clone());
                std::thread::spawn(move || serve(stream, route, &h, &m, &now));
            }
        });
        TestServer {
            base,
            hits,
            max_at_once,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn serve(
    mut stream: TcpStream,
    route: Route,
    hits: &Mutex<BTreeMap<String, usize>>,
    max: &AtomicUsize,
    now: &AtomicUsize,
) {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut words = head.split_whitespace();
    let (method, path) = (
        words.next().unwrap_or("").to_string(),
        words.next().unwrap_or("").to_string(),
    );
    let nth = {
        let mut h = hits.lock().unwrap();
        let n = h.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
    max.fetch_max(at_once, Ordering::SeqCst);
    let (status, headers, delay) = route(&method, &path, nth);
    std::thread::sleep(Duration::from_millis(delay));
    now.fetch_sub(1, Ordering::SeqCst);
    let body = if method == "HEAD" { "" } else { "hello\n" };
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
        if method == "HEAD" { 6 } else { body.len() }
    );
    let _ = stream.write_all(response.as_bytes());
}

fn routes(method: &str, path: &str, nth: usize) -> (u16, &'static str, u64) {
    match path {
        "/ok" => (200, "", 0),
        "/gone" => (404, "", 0),
        "/forbidden" => (403, "", 0),
        "/no-head" if method == "HEAD" => (405, "", 0),
        "/no-head" => (200, "", 0),
        // Fails twice (HEAD and GET of the first try), then answers.
        "/flaky" if nth <= 2 => (503, "", 0),
        "/flaky" => (200, "", 0),
        "/busy" if nth <= 2 => (429, "Retry-After: 0\r\n", 0),
        "/busy" => (200, "", 0),
        "/down" => (500, "", 0),
        "/slow-forever" => (200, "", 3000),
        p if p.starts_with("/slow/") => (200, "", 150),
        "/redirect" => (301, "Location: /ok\r\n", 0),
        _ => (404, "", 0),
    }
}

fn quick(cache: Option<&Path>) -> Settings {
    Settings {
        workers: 8,
        per_host: 2,
        timeout: Duration::from_millis(1500),
        retries: 2,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(50),
        max_age: Duration::from_secs(3600),
        cache: cache.map(Path::to_path_buf),
    }
}

#[test]
fn external_links_are_judged_with_head_then_get_retries_and_redirects() {
    let server = TestServer::start(routes);
    let urls: Vec<String> = [
        "/ok",
        "/gone",
        "/forbidden",
        "/no-head",
        "/flaky",
        "/busy",
        "/down",
        "/redirect",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let report = external::check(&urls, &quick(None));
    let verdict = |p: &str| report.answers[&server.url(p)].verdict.clone();
    assert_eq!(verdict("/ok"), Verdict::Ok);
    assert_eq!(verdict("/gone"), Verdict::Broken);
    assert_eq!(verdict("/forbidden"), Verdict::Refused);
    assert_eq!(verdict("/no-head"), Verdict::Ok);
    assert_eq!(verdict("/flaky"), Verdict::Ok);
    assert_eq!(verdict("/busy"), Verdict::Ok);
    assert_eq!(verdict("/down"), Verdict::Failed);
    assert_eq!(verdict("/redirect"), Verdict::Ok);
    assert_eq!(
        server.hits("/ok"),
        2,
        "HEAD answered: one more for /redirect's target, no GET"
    );
    assert_eq!(server.hits("/no-head"), 2, "HEAD refused, then GET");
    assert_eq!(server.hits("/down"), 6, "three tries of HEAD and GET");
    assert!(report.answers[&server.url("/down")]
        .detail
        .contains("3 tries"));
}

#[test]
fn external_checks_keep_to_the_per_host_limit_and_time_out() {
    let server = TestServer::start(routes);
    let urls: Vec<String> = (1..=8).map(|i| server.url(&format!("/slow/{i}"))).collect();
    let report = external::check(&urls, &quick(None));
    assert!(report.answers.values().all(|a| a.verdict == Verdict::Ok));
    assert_eq!(
        server.max_at_once.load(Ordering::SeqCst),
        2,
        "two at once for one host, not more, not fewer"
    );

    let mut settings = quick(None);
    settings.timeout = Duration::from_millis(200);
    settings.retries = 0;
    let started = std::time::Instant::now();
    let report = external::check(&[server.url("/slow-forever")], &settings);
    let answer = &report.answers[&server.url("/slow-forever")];
    assert_eq!(answer.verdict, Verdict::Failed);
    assert!(answer.detail.contains("timed out"), "{}", answer.detail);
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "it gave up at the timeout"
    );
}

#[test]
fn definite_external_answers_are_cached_for_the_max_age() {
    let server = TestServer::start(routes);
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join(".helpsite-cache/external.json");
    let urls: Vec<String> = ["/ok", "/gone", "/down"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let mut settings = quick(Some(&cache));
    settings.retries = 0;
    let first = external::check(&urls, &settings);
    assert_eq!((first.asked, first.cached), (3, 0));
    let second = external::check(&urls, &settings);
    assert_eq!(
        (second.asked, second.cached),
        (1, 2),
        "only the failing one is asked again"
    );
    assert_eq!(server.hits("/ok"), 1);
    assert_eq!(
        second.answers[&server.url("/gone")].verdict,
        Verdict::Broken
    );
    settings.max_age = Duration::ZERO;
    let third = external::check(&urls, &settings);
    assert_eq!((third.asked, third.cached), (3, 0), "max age 0 asks again");
    assert_eq!(server.hits("/ok"), 2);
}

#[test]
fn check_external_reports_broken_content_links_with_file_and_line() {
    let server = TestServer::start(routes);
    let f = Fixture::two_versions();
    f.write(
        "content/v2/guide/a.md",
        &article(
            "A",
            &format!(
                "See [this]({}) and\n[that]({}#part).\n\n[Refused]({}).\n",
                server.url("/ok"),
                server.url("/gone"),
                server.url("/forbidden")
            ),
        ),
    );
    let root = f.root().to_str().unwrap();
    // Not part of an ordinary check or build.
    let out = helpsite(&["check", "--root", root]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.hits("/gone"), 0);
    let out = helpsite(&[
        "check",
        "--root",
        root,
        "--external",
        "--cache-max-age",
        "1h",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "content/v2/guide/a.md:6: external link {} answers 404 Not Found",
            server.url("/gone")
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "content/v2/guide/a.md:8: external link {} could not be checked: 403 Forbidden",
            server.url("/forbidden")
        )),
        "{err}"
    );
    assert!(text(&out.stdout).contains(
        "Checked 3 external links (3 asked, 0 from the cache): 1 broken, 1 could not be checked"
    ));
    assert!(f.root().join(".helpsite-cache/external.json").is_file());
    let out = helpsite(&[
        "check",
        "--root",
        root,
        "--external",
        "--cache-max-age",
        "soon",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_broken_fragment_names_the_id_it_most_likely_meant() {
    let f = Fixture::two_versions();
    let steps: String = (1..=9)
        .map(|n| format!("{n}. Step number {n}.\n"))
        .collect();
    f.write(
        "content/v2/email/long.md",
        &article(
            "Long",
            &format!("See [step 9](#step9) and [the end](other.md#Step_2).\n\n{steps}"),
        ),
    );
    f.write(
        "content/v2/email/other.md",
        &article("Other", "1. One.\n2. Two.\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("long.md:5: link to #step9, which is not on this page"),
        "{report}"
    );
    assert!(report.contains("fix: did you mean #step-9?"), "{report}");
    assert!(report.contains("fix: did you mean #step-2?"), "{report}");
}
