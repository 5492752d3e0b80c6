//! `helpsite publish`: build the site as a release is published, then add the release's step addresses to the
//! ledger (`content/links.lock`), so that every later build checks them. Nothing is recorded when the build fails.

use crate::cmd::build::build_and_report;
use crate::cmd::terminal::{errln, outln, Terminal};
use crate::links::catalog::{self, Catalog};
use crate::load::ledger::{self, Ledger, Published, StepRecord};
use crate::Options;
use std::path::Path;
use std::process::ExitCode;

/// `helpsite publish`: `date` (`YYYY-MM-DD`) defaults to today in UTC.
pub fn run(options: Options, date: Option<String>) -> ExitCode {
    let mut t = Terminal::default();
    let code = publish(&options, date, &mut t);
    t.finish(code)
}

fn publish(options: &Options, date: Option<String>, t: &mut Terminal) -> ExitCode {
    let date = date.unwrap_or_else(ledger::today);
    if !ledger::is_date(&date) {
        errln!(t, "error: --date {date:?} is not a date\n  fix: give it as YYYY-MM-DD, e.g. --date 2026-11-01");
        return ExitCode::from(2);
    }
    let Some(output) = options.output.as_deref() else {
        return ExitCode::from(2);
    };
    let path = options.root.join(ledger::FILE);
    // The ledger as it is now. One that cannot be read is not added to: the build reports its problems with their
    // lines, together with the content's.
    let mut problems = crate::report::Problems::new();
    let ledger = ledger::load(&options.root, &mut problems);
    if !problems.is_empty() {
        let _ = build_and_report(options, t);
        errln!(t, "Nothing was recorded in {}.", ledger::FILE);
        return ExitCode::from(1);
    }
    let mut ledger = ledger.unwrap_or_default();
    if let Some(last) = ledger.releases.last() {
        if date < last.date {
            errln!(t, "error: --date {date} is before release {} of {}\n  fix: publish with a date on or after {}", last.number, last.date, last.date);
            return ExitCode::from(2);
        }
    }
    if build_and_report(options, t).is_none() {
        errln!(t, "Nothing was recorded in {}.", ledger::FILE);
        return ExitCode::from(1);
    }
    let published = match Catalog::read(&output.join(catalog::FILE)) {
        Ok(c) => c,
        Err(e) => {
            errln!(t, "error: {e}");
            return ExitCode::from(1);
        }
    };
    let Some(number) = record(&mut ledger, &published, &date) else {
        outln!(
            t,
            "Nothing new to record: every page is in {} as it is published now.",
            ledger::FILE
        );
        return ExitCode::SUCCESS;
    };
    if let Err(e) = write_atomically(&path, &ledger::write(&ledger)) {
        errln!(t, "error: {}: cannot write: {e}", ledger::FILE);
        return ExitCode::from(1);
    }
    let pages = ledger.pages.iter().filter(|p| p.release == number).count();
    outln!(
        t,
        "Recorded release {number} ({date}, latest {}) in {}: {pages} page{} new or changed. Commit it with the content.",
        published.site.latest,
        ledger::FILE,
        if pages == 1 { "" } else { "s" }
    );
    // The pages now know the release's date (their notices say when steps were renumbered).
    match build_and_report(options, t) {
        Some(_) => ExitCode::SUCCESS,
        None => ExitCode::from(1),
    }
}

/// Adds the release that `published` (the site's `links.json`) shows.
fn record(ledger: &mut Ledger, published: &Catalog, date: &str) -> Option<u32> {
    let pages = published
        .articles
        .iter()
        .map(|a| Published {
            version: a.version.clone(),
            path: a.path.clone(),
            steps: a
                .steps
                .iter()
                .map(|s| StepRecord {
                    number: s.number.clone(),
                    id: s.id.clone(),
                    name: s.anchor().to_string(),
                    automatic: s.automatic,
                    digest: ledger::digest(&s.text),
                    text: s.text.clone(),
                    line: 0,
                })
                .collect(),
        })
        .collect();
    let versions = published.versions.iter().map(|v| v.id.clone()).collect();
    ledger.record(date, &published.site.latest, versions, pages)
}

/// Writes beside the file and renames it into place, so that an interrupted publish leaves the old ledger whole.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    // A temporary file is private to its owner; the ledger is a file of the repository like the content beside it.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => std::fs::metadata(dir)?.permissions(),
    };
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        // A folder's execute bits are not a file's.
        std::fs::Permissions::from_mode(permissions.mode() & 0o666)
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
