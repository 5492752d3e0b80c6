//! The built output, file by file, against digests recorded from an earlier build: work on the speed of the build
//! must not change a byte of what it writes.
//!
//! Each site below is built into a temporary folder; a SHA-256 of every file it writes (the output manifest aside:
//! it holds modification times) is compared with `tests/fixtures/output-digests/<site>.txt`. A change of the output
//! that is meant (a template or rendering change) records the lists again:
//!
//! ```text
//! HELPSITE_UPDATE_DIGESTS=1 cargo test --test integration digests
//! ```
//!
//! and the diff of the lists shows which files changed.

use crate::common::{snapshot_dir, Fixture};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `sha256  path`, a line per output file, sorted by path.
fn digests(site: &Fixture) -> String {
    let summary = site.build_ok();
    assert!(summary.pages > 0);
    let mut list = String::new();
    for (path, bytes) in snapshot_dir(&site.out()) {
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let _ = writeln!(list, "{hex}  {path}");
    }
    list
}

/// Builds `site` and compares its digests with the list recorded under `name` (or records it, see the module).
fn same_output_as_recorded(name: &str, site: &Fixture) {
    let now = digests(site);
    let file = repo("tests/fixtures/output-digests").join(format!("{name}.txt"));
    if std::env::var_os("HELPSITE_UPDATE_DIGESTS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &now).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; record it with HELPSITE_UPDATE_DIGESTS=1",
            file.display()
        )
    });
    if recorded == now {
        return;
    }
    let by_path = |list: &str| -> std::collections::BTreeMap<String, String> {
        list.lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(d, p)| (p.to_string(), d.to_string()))
            .collect()
    };
    let (was, is) = (by_path(&recorded), by_path(&now));
    let mut report = String::new();
    for (path, d) in &is {
        match was.get(path) {
            None => writeln!(report, "new:     {path}").unwrap(),
            Some(old) if old != d => writeln!(report, "changed: {path}").unwrap(),
            Some(_) => {}
        }
    }
    for path in was.keys().filter(|p| !is.contains_key(*p)) {
        writeln!(report, "gone:    {path}").unwrap();
    }
    panic!(
        "the output of {name} is not the one recorded in {}:\n{report}\
         (if the change is meant, record the lists again with HELPSITE_UPDATE_DIGESTS=1)",
        file.display()
    );
}

#[test]
fn the_shipped_site_builds_to_the_recorded_bytes() {
    let site = Fixture::from_dir(&repo(""));
    same_output_as_recorded("shipped", &site);
}

#[test]
fn a_generated_corpus_with_three_versions_builds_to_the_recorded_bytes() {
    let site = Fixture::from_dir(&repo("tests/fixtures/corpus-small"));
    same_output_as_recorded("corpus-small", &site);
}

#[test]
fn a_site_with_support_links_and_an_announcement_builds_to_the_recorded_bytes() {
    let site = Fixture::from_dir(&repo("tests/fixtures/support"));
    same_output_as_recorded("support", &site);
}

#[test]
fn a_site_for_phones_builds_to_the_recorded_bytes() {
    let site = Fixture::from_dir(&repo("tests/fixtures/phone"));
    same_output_as_recorded("phone", &site);
}

/// The override contract: a site's own `base.html` and `footer.html` are what its pages are made of, whatever the
/// built-in theme renders once for many pages.
#[test]
fn a_site_that_overrides_base_and_footer_gets_exactly_what_its_templates_write() {
    let site = Fixture::from_dir(&repo("tests/fixtures/corpus-small"));
    site.copy_in(&repo("tests/fixtures/overrides/templates"), "templates");
    same_output_as_recorded("overrides", &site);
    let page = site.page("v3/index.html");
    assert!(
        page.contains("Benchmark Help (overridden)") && page.contains("Also in: "),
        "{page}"
    );
}
