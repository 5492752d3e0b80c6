//! Fixture sites in temporary folders, and builds of them through the library.
#![allow(dead_code)]

use helpsite::report::Problems;
use helpsite::{build, Options, Summary};
use std::path::{Path, PathBuf};

/// A site in a temporary folder, removed when dropped.
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
}

pub(crate) const TWO_VERSIONS: &str = r#"title = "Test Help"
product = "Test"
base_url = "https://help.test/"
[[versions]]
id = "v1"
label = "Version 1"
status = "unmaintained"
[[versions]]
id = "v2"
label = "Version 2"
status = "current"
"#;

/// One version, the current one.
pub(crate) const ONE_VERSION: &str = r#"title = "Test Help"
base_url = "https://help.test/"
[[versions]]
id = "v1"
label = "Version 1"
status = "current"
"#;

impl Fixture {
    /// An empty site with the given site.toml.
    pub(crate) fn new(site_toml: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        f.write("content/site.toml", site_toml);
        f
    }

    /// A site made of a copy of the folder `dir` holds: its `content/` (and `templates/`, if it has one).
    pub(crate) fn from_dir(dir: &Path) -> Self {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for part in ["content", "templates"] {
            if dir.join(part).is_dir() {
                f.copy_in(&dir.join(part), part);
            }
        }
        f
    }

    /// Copies every file below `from` to the same place below `rel` in the site, replacing what is there.
    pub(crate) fn copy_in(&self, from: &Path, rel: &str) {
        for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let inside = entry.path().strip_prefix(from).unwrap();
                let to = self.root().join(rel).join(inside);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), to).unwrap();
            }
        }
    }

    /// A site with versions v1 (unmaintained) and v2 (current), and their folders.
    pub(crate) fn two_versions() -> Self {
        let f = Fixture::new(TWO_VERSIONS);
        std::fs::create_dir_all(f.root().join("content/v1")).unwrap();
        std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
        f
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root().join("site")
    }

    /// Writes a file, creating folders.
    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Marks a file as changed without changing its bytes, so the next build is not skipped as "nothing changed".
    pub(crate) fn touch(&self, rel: &str) {
        let file = std::fs::File::options()
            .append(true)
            .open(self.root().join(rel))
            .unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
        file.set_modified(later).unwrap();
    }

    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub(crate) fn options(&self) -> Options {
        Options {
            root: self.root().to_path_buf(),
            output: Some(self.out()),
            base_url: None,
            ..Default::default()
        }
    }

    pub(crate) fn build(&self) -> Result<Summary, Problems> {
        build(&self.options())
    }

    /// Builds (panicking on failure) and reads back the `links.json` the build wrote.
    pub(crate) fn built_catalog(&self) -> helpsite::links::catalog::Catalog {
        self.build_ok();
        helpsite::links::catalog::Catalog::read(&self.out().join("links.json")).unwrap()
    }

    /// Builds and panics with the problem list when the build fails.
    pub(crate) fn build_ok(&self) -> Summary {
        match self.build() {
            Ok(s) => s,
            Err(p) => panic!("build failed:\n{p}"),
        }
    }

    /// Builds, expects failure, and returns the report as the user sees it.
    pub(crate) fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(p) => p.to_string(),
        }
    }

    /// A file of the built site.
    pub(crate) fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }
}

/// Every file of a folder with its bytes, sorted, for comparing builds. The output manifest (a fingerprint of the
/// inputs, which include modification times) is left out: it is bookkeeping, not part of the site.
pub(crate) fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name() != helpsite::output::MARKER)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A Markdown article with TOML front matter.
pub(crate) fn article(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}")
}

/// A relative URL written in the page at `page` (a file of the output), as a file of the output.
pub(crate) fn target(page: &str, url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap().replace("%20", " ");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in url.split('/') {
        match seg {
            ".." => {
                parts.pop().expect("inside the site");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if url.ends_with('/') || url.is_empty() {
        format!("{joined}/index.html")
            .trim_start_matches('/')
            .to_string()
    } else {
        joined
    }
}

/// Runs the helpsite binary with `args`, for a terminal 100 columns wide.
pub(crate) fn helpsite(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .expect("run helpsite")
}

/// A command's output as text.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The step map of the link to `href` in the page `html` (its `data-map`: `same`, then pairs of ids, `#` for the
/// top), read as the page's script reads it: any id of a step stands for the step's anchor (its link's target), an
/// id the map lists lands where it says, any other on itself.
pub(crate) fn step_map(html: &str, href: &str) -> StepMap {
    step_map_in(html, html, href)
}

/// [`step_map`] of the link to `href` found in `part` of the page `html` (a notice, the footer).
pub(crate) fn step_map_in(html: &str, part: &str, href: &str) -> StepMap {
    let tag = part
        .split(&format!("href=\"{href}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("a link to {href}"))
        .split('>')
        .next()
        .unwrap();
    let attr = tag
        .split("data-map=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("a data-map on the link to {href}: {tag}"))
        .split('"')
        .next()
        .unwrap();
    let mut words = attr.split(' ');
    assert_eq!(words.next(), Some("same"), "{attr}");
    let words: Vec<&str> = words.collect();
    assert_eq!(words.len() % 2, 0, "pairs of ids: {attr}");
    let mut anchors = std::collections::BTreeMap::new();
    for step in html.split("<li class=\"step\"").skip(1) {
        let head = step
            .split("<a class=\"step-link\" href=\"#")
            .collect::<Vec<_>>();
        let anchor = head[1].split('"').next().unwrap().to_string();
        for id in head[0].split(" id=\"").skip(1) {
            anchors.insert(id.split('"').next().unwrap().to_string(), anchor.clone());
        }
    }
    StepMap {
        pairs: words
            .chunks(2)
            .map(|p| (p[0].to_string(), p[1].trim_start_matches('#').to_string()))
            .collect(),
        anchors,
    }
}

pub(crate) struct StepMap {
    pub(crate) pairs: std::collections::BTreeMap<String, String>,
    anchors: std::collections::BTreeMap<String, String>,
}

impl StepMap {
    /// The id the link opens for a reader on `id` ("" for the top of the page).
    pub(crate) fn lands<'a>(&'a self, id: &'a str) -> &'a str {
        let id = self.anchors.get(id).map(String::as_str).unwrap_or(id);
        self.pairs.get(id).map(String::as_str).unwrap_or(id)
    }
}
