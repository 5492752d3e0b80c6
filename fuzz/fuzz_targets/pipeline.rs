//! The whole Markdown-to-page pipeline, as `helpsite check` runs it: load site.toml and the content, split front
//! matter, render Markdown (steps, anchors, callouts, widgets, raw HTML, images), check links and anchors, render the
//! pages with the built-in theme, index for search, check the built site. Nothing is written (`output: None`).
//!
//! The input (lossy UTF-8) is split at its first NUL byte:
//!   - before it: `content/v1/guide/article.md`, front matter and Markdown, as a writer would write it;
//!   - after it, if there is a NUL: `content/v1/guide/other.md`, a second article the first can link to
//!     (`[x](other.md#step)`); without a NUL there is no second article.
//!
//! The article has one image to use, `screenshot.png` (a 4x3 PNG in its own folder, `content/v1/guide/article/`).
//!
//! Problems (errors and warnings in the report) are the expected outcome of most inputs; only panics, aborts,
//! timeouts and running out of memory are findings. With `HELPSITE_FUZZ_SHOW` set, each build's report is printed
//! (to see what an input does: `HELPSITE_FUZZ_SHOW=1 cargo fuzz run ... pipeline FILE`).
//!
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O pipeline   (from the repository root; stable toolchain)
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The `ONE_VERSION` site of the integration tests (tests/integration/common.rs).
const SITE_TOML: &str = r#"title = "Test Help"
base_url = "https://help.test/"
[[versions]]
id = "v1"
label = "Version 1"
status = "current"
"#;

const ARTICLE: &str = "content/v1/guide/article.md";
const OTHER: &str = "content/v1/guide/other.md";

/// A valid 4x3 RGB PNG.
const SCREENSHOT_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x03, 0x08, 0x02, 0x00, 0x00, 0x00, 0x3b, 0x96, 0x39,
    0x91, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x38, 0x91, 0x62, 0x04,
    0x47, 0x0c, 0x38, 0x39, 0x00, 0x47, 0x2a, 0x10, 0x69, 0xaa, 0xab, 0xbb, 0xaa, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

struct Site {
    /// Kept for the life of the process (statics are not dropped: see [`sweep_stale`] for the clean-up).
    _dir: tempfile::TempDir,
    root: PathBuf,
}

/// The site root, made once per process.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let parent = std::env::temp_dir().join("helpsite-fuzz");
        std::fs::create_dir_all(&parent).expect("temp parent");
        sweep_stale(&parent);
        let dir = tempfile::Builder::new()
            .prefix(&format!("pid-{}-", std::process::id()))
            .tempdir_in(&parent)
            .expect("temp dir");
        let root = dir.path().to_path_buf();
        write(&root, "content/site.toml", SITE_TOML.as_bytes());
        write(
            &root,
            "content/v1/guide/article/screenshot.png",
            SCREENSHOT_PNG,
        );
        Site { _dir: dir, root }
    })
}

/// Removes the site roots of fuzzing processes that are gone (libFuzzer ends a process on a crash, and `-fork`
/// starts many): their names start with `pid-<pid>-`.
fn sweep_stale(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix("pid-"))
            .and_then(|n| n.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).expect("folder");
    std::fs::write(path, bytes).expect("write");
}

fuzz_target!(|data: &[u8]| {
    let site = site();
    let (article, other) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    write(
        &site.root,
        ARTICLE,
        String::from_utf8_lossy(article).as_bytes(),
    );
    match other {
        Some(other) => write(&site.root, OTHER, String::from_utf8_lossy(other).as_bytes()),
        None => {
            let _ = std::fs::remove_file(site.root.join(OTHER));
        }
    }
    // As `helpsite check` sets them (src/main.rs): no output folder, base_url (and the rest) from site.toml.
    let options = helpsite::Options {
        root: site.root.clone(),
        output: None,
        base_url: None,
        ..Default::default()
    };
    // Problems are a fine answer; a panic is the finding.
    let result = helpsite::build(&options);
    if std::env::var_os("HELPSITE_FUZZ_SHOW").is_some() {
        match &result {
            Ok(summary) => eprintln!("{}\n{}", summary.warnings, summary.line(None)),
            Err(problems) => eprintln!("{problems}"),
        }
    }
});
