//! The ledger, `content/links.lock`: every step address the site has published, with what it meant then. Kept in
//! the repository with the content; `helpsite publish` adds a release to it, nothing removes lines from it, and every
//! build checks that each address it holds still lands on the step it meant (see [`crate::render::history`]).
//!
//! A text file, one record a line, so that a publish shows in a diff as the lines it added:
//!
//! ```text
//! helpsite-ledger 1
//! release 1 2026-11-01 latest=v100 versions=v100
//! page 1 v100 email/connect-gmail-app-password
//!   step 6 step-6 name=open-app-passwords 4b9d1c0e Next Click App passwords.
//! ```
//!
//! - `release N DATE latest=ID versions=ID,ID`: a publish, numbered from 1, with the versions built and the one
//!   served at `latest/`.
//! - `page N VERSION PATH`: an article as release N published it (`PATH` is `category/slug`), followed by its steps.
//!   A page is written again only when a release changed what its steps are: the block in force at a release is the
//!   page's last block at or before it.
//! - `  step NUMBER ID name=NAME|auto=NAME DIGEST TEXT`: a step, in page order: the number shown, the numbered id,
//!   its name (`name=` the writer's, `auto=` made from its text), the first 8 hex digits of the SHA-256 of its text,
//!   and the text (the step's first sentence).
//!
//! Blank lines and lines starting with `#` are ignored. Blocks are sorted by version, path and release.

use crate::report::{Problem, Problems};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Where the ledger is, from the site's root.
pub(crate) const FILE: &str = "content/links.lock";
/// The first line of a ledger this helpsite writes and reads.
const HEADER: &str = "helpsite-ledger 1";
const PREAMBLE: &str = "# The step addresses this help site has published, and what each meant. `helpsite publish` adds to it;\n# keep it in the repository with the content. Removing a page's lines retires its addresses. Format: README, \"The ledger\".\n";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ledger {
    /// Oldest first; numbered 1, 2, ...
    pub releases: Vec<Release>,
    /// Sorted by version, path and release.
    pub pages: Vec<PageRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Release {
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The version served at `latest/`.
    pub latest: String,
    pub versions: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRecord {
    pub release: u32,
    pub version: String,
    /// `category/slug`.
    pub path: String,
    pub steps: Vec<StepRecord>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepRecord {
    pub number: String,
    pub id: String,
    pub name: String,
    /// The name was made from the text, not written by the writer.
    pub automatic: bool,
    pub digest: String,
    pub text: String,
    pub line: usize,
}

impl StepRecord {
    /// Compares what a step was, not where the ledger says so.
    fn same(&self, other: &StepRecord) -> bool {
        (
            &self.number,
            &self.id,
            &self.name,
            self.automatic,
            &self.digest,
        ) == (
            &other.number,
            &other.id,
            &other.name,
            other.automatic,
            &other.digest,
        )
    }
}

/// The digest the ledger keeps of a step's text.
pub(crate) fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash[..4].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Reads `content/links.lock` when there is one; its problems name their lines.
pub(crate) fn load(root: &Path, problems: &mut Problems) -> Option<Ledger> {
    let text = match std::fs::read_to_string(root.join(FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            problems.push(Problem::error(FILE, None, format!("cannot read: {e}")));
            return None;
        }
    };
    let mut found = Vec::new();
    let ledger = parse(&text, &mut found);
    let failed = !found.is_empty();
    problems.extend(found);
    (!failed).then_some(ledger)
}

fn bad(line: usize, message: impl Into<String>) -> Problem {
    Problem::error(FILE, Some(line), message).hint(
        "the ledger is written by `helpsite publish`: restore this line from the repository's history (git checkout content/links.lock)",
    )
}

/// Parses a ledger; every line that is not as [`write`] writes it is a problem.
pub(crate) fn parse(text: &str, problems: &mut Vec<Problem>) -> Ledger {
    let mut ledger = Ledger::default();
    let mut header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim_end();
        if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if !header {
            if trimmed != HEADER {
                problems.push(bad(
                    line,
                    format!("the ledger starts with {HEADER:?}, not {trimmed:?}"),
                ));
                return ledger;
            }
            header = true;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("  step ") {
            match (parse_step(rest, line), ledger.pages.last_mut()) {
                (Ok(step), Some(page)) => page.steps.push(step),
                (Ok(_), None) => problems.push(bad(line, "a step line before any page line")),
                (Err(e), _) => problems.push(bad(line, e)),
            }
        } else if let Some(rest) = trimmed.strip_prefix("release ") {
            match parse_release(rest, line, ledger.releases.len()) {
                Ok(r) => ledger.releases.push(r),
                Err(e) => problems.push(bad(line, e)),
            }
        } else if let Some(rest) = trimmed.strip_prefix("page ") {
            let fields: Vec<&str> = rest.split(' ').collect();
            let release = fields.first().and_then(|r| r.parse::<u32>().ok());
            match (release, fields.len()) {
                (Some(n), 3) if n >= 1 && n as usize <= ledger.releases.len() => {
                    ledger.pages.push(PageRecord {
                        release: n,
                        version: fields[1].to_string(),
                        path: fields[2].to_string(),
                        steps: Vec::new(),
                        line,
                    })
                }
                (Some(n), 3) => problems.push(bad(
                    line,
                    format!("page of release {n}, which no release line before it records"),
                )),
                _ => problems.push(bad(
                    line,
                    "a page line is `page RELEASE VERSION CATEGORY/SLUG`",
                )),
            }
        } else {
            problems.push(bad(line, format!("not a line of the ledger: {trimmed:?}")));
        }
    }
    if !header && !text.trim().is_empty() {
        problems.push(bad(1, format!("the ledger starts with {HEADER:?}")));
    }
    ledger.sort_pages();
    ledger
}

fn parse_release(rest: &str, line: usize, before: usize) -> Result<Release, String> {
    let fields: Vec<&str> = rest.split(' ').collect();
    let shape = "a release line is `release N YYYY-MM-DD latest=VERSION versions=V1,V2`";
    let [number, date, latest, versions] = fields[..] else {
        return Err(shape.into());
    };
    let number: u32 = number.parse().map_err(|_| shape.to_string())?;
    if number as usize != before + 1 {
        return Err(format!(
            "release {number} follows release {before}: releases are numbered 1, 2, 3, ..."
        ));
    }
    if !is_date(date) {
        return Err(format!("{date:?} is not a date (YYYY-MM-DD)"));
    }
    let latest = latest.strip_prefix("latest=").ok_or(shape)?;
    let versions: Vec<String> = versions
        .strip_prefix("versions=")
        .ok_or(shape)?
        .split(',')
        .map(str::to_string)
        .collect();
    Ok(Release {
        number,
        date: date.to_string(),
        latest: latest.to_string(),
        versions,
        line,
    })
}

fn parse_step(rest: &str, line: usize) -> Result<StepRecord, String> {
    let shape = "a step line is `  step NUMBER ID name=NAME|auto=NAME DIGEST TEXT`";
    let mut fields = rest.splitn(5, ' ');
    let (Some(number), Some(id), Some(name), Some(digest)) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(shape.into());
    };
    let text = fields.next().unwrap_or("").to_string();
    let (name, automatic) = match (name.strip_prefix("name="), name.strip_prefix("auto=")) {
        (Some(n), _) => (n, false),
        (_, Some(n)) => (n, true),
        _ => return Err(shape.into()),
    };
    if digest.len() != 8 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{digest:?} is not a digest (8 hex digits)"));
    }
    Ok(StepRecord {
        number: number.to_string(),
        id: id.to_string(),
        name: name.to_string(),
        automatic,
        digest: digest.to_string(),
        text,
        line,
    })
}

/// `YYYY-MM-DD` with a month and day that exist.
pub(crate) fn is_date(s: &str) -> bool {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// Today, in UTC, as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// The ledger as text: what [`parse`] reads back.
pub(crate) fn write(ledger: &Ledger) -> String {
    let mut out = String::with_capacity(64 + ledger.pages.len() * 400);
    out.push_str(PREAMBLE);
    out.push_str(HEADER);
    out.push('\n');
    for r in &ledger.releases {
        let _ = writeln!(
            out,
            "release {} {} latest={} versions={}",
            r.number,
            r.date,
            r.latest,
            r.versions.join(",")
        );
    }
    for p in &ledger.pages {
        let _ = writeln!(out, "\npage {} {} {}", p.release, p.version, p.path);
        for s in &p.steps {
            let _ = writeln!(
                out,
                "  step {} {} {}={} {} {}",
                s.number,
                s.id,
                if s.automatic { "auto" } else { "name" },
                s.name,
                s.digest,
                s.text
            );
        }
    }
    out
}

/// A page as a build has it, to record.
pub(crate) struct Published {
    pub version: String,
    pub path: String,
    pub steps: Vec<StepRecord>,
}

impl Ledger {
    /// Blocks in the ledger's order: by version, path and release.
    fn sort_pages(&mut self) {
        self.pages.sort_by(|a, b| {
            (&a.version, &a.path, a.release).cmp(&(&b.version, &b.path, b.release))
        });
    }

    /// The blocks of each `(version, path)`, oldest first.
    pub(crate) fn by_page(&self) -> BTreeMap<(&str, &str), Vec<&PageRecord>> {
        let mut map: BTreeMap<(&str, &str), Vec<&PageRecord>> = BTreeMap::new();
        for p in &self.pages {
            map.entry((&p.version, &p.path)).or_default().push(p);
        }
        map
    }

    /// Adds a release of `pages`, writing a page again only where its steps differ from its block in force.
    /// Returns the release's number, or None when it would record nothing new (the same latest version and versions,
    /// and no page changed).
    pub(crate) fn record(
        &mut self,
        date: &str,
        latest: &str,
        versions: Vec<String>,
        pages: Vec<Published>,
    ) -> Option<u32> {
        let number = self.releases.len() as u32 + 1;
        let mut added = Vec::new();
        {
            let by_page = self.by_page();
            for p in pages {
                let last = by_page.get(&(p.version.as_str(), p.path.as_str()));
                let unchanged = last.and_then(|b| b.last()).is_some_and(|b| {
                    b.steps.len() == p.steps.len()
                        && b.steps.iter().zip(&p.steps).all(|(a, b)| a.same(b))
                });
                if !unchanged {
                    added.push(PageRecord {
                        release: number,
                        version: p.version,
                        path: p.path,
                        steps: p.steps,
                        line: 0,
                    });
                }
            }
        }
        let same_versions = self
            .releases
            .last()
            .is_some_and(|r| r.latest == latest && r.versions == versions);
        if added.is_empty() && same_versions {
            return None;
        }
        self.releases.push(Release {
            number,
            date: date.to_string(),
            latest: latest.to_string(),
            versions,
            line: 0,
        });
        self.pages.extend(added);
        self.sort_pages();
        Some(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(number: &str, name: &str, automatic: bool, text: &str) -> StepRecord {
        StepRecord {
            number: number.into(),
            id: format!("step-{number}"),
            name: name.into(),
            automatic,
            digest: digest(text),
            text: text.into(),
            line: 0,
        }
    }

    fn page(version: &str, path: &str, steps: Vec<StepRecord>) -> Published {
        Published {
            version: version.into(),
            path: path.into(),
            steps,
        }
    }

    fn without_lines(mut l: Ledger) -> Ledger {
        for r in &mut l.releases {
            r.line = 0;
        }
        for p in &mut l.pages {
            p.line = 0;
            for s in &mut p.steps {
                s.line = 0;
            }
        }
        l
    }

    #[test]
    fn a_ledger_reads_back_as_it_was_written() {
        let mut ledger = Ledger::default();
        ledger.record(
            "2026-11-01",
            "v1",
            vec!["v1".into()],
            vec![page(
                "v1",
                "email/gmail",
                vec![
                    step("1", "sign-in", false, "Sign in."),
                    step(
                        "2",
                        "click-app-passwords",
                        true,
                        "Next Click App passwords.",
                    ),
                ],
            )],
        );
        let text = write(&ledger);
        let mut problems = Vec::new();
        assert_eq!(without_lines(parse(&text, &mut problems)), ledger);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(text.contains("\npage 1 v1 email/gmail\n  step 1 step-1 name=sign-in "));
        assert!(text.contains("\n  step 2 step-2 auto=click-app-passwords "));
    }

    #[test]
    fn a_release_writes_only_the_pages_whose_steps_changed() {
        let mut ledger = Ledger::default();
        let a = || page("v1", "e/a", vec![step("1", "x", true, "X.")]);
        let b = |t: &str| page("v1", "e/b", vec![step("1", "y", true, t)]);
        assert_eq!(
            ledger.record("2026-11-01", "v1", vec!["v1".into()], vec![a(), b("Y.")]),
            Some(1)
        );
        assert_eq!(
            ledger.record("2026-11-02", "v1", vec!["v1".into()], vec![a(), b("Y.")]),
            None
        );
        assert_eq!(
            ledger.record(
                "2026-11-03",
                "v1",
                vec!["v1".into()],
                vec![a(), b("Y, edited.")]
            ),
            Some(2)
        );
        let blocks: Vec<(u32, &str)> = ledger
            .pages
            .iter()
            .map(|p| (p.release, p.path.as_str()))
            .collect();
        assert_eq!(blocks, [(1, "e/a"), (1, "e/b"), (2, "e/b")]);
        // A new latest version is a release even when no page changed.
        assert_eq!(
            ledger.record(
                "2026-11-04",
                "v2",
                vec!["v1".into(), "v2".into()],
                vec![a()]
            ),
            Some(3)
        );
    }

    #[test]
    fn lines_that_are_not_the_ledgers_are_errors_at_their_lines() {
        let text = "helpsite-ledger 1\nrelease 1 2026-13-01 latest=v1 versions=v1\nrelease 1 2026-11-01 latest=v1 versions=v1\npage 2 v1 e/a\npage 1 v1 e/a\n  step 1 step-1 name=x nothex!! X.\nwhat\n";
        let mut problems = Vec::new();
        parse(text, &mut problems);
        let shown: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.location(), p.message))
            .collect();
        assert_eq!(
            shown,
            [
                "content/links.lock:2: \"2026-13-01\" is not a date (YYYY-MM-DD)",
                "content/links.lock:4: page of release 2, which no release line before it records",
                "content/links.lock:6: \"nothex!!\" is not a digest (8 hex digits)",
                "content/links.lock:7: not a line of the ledger: \"what\"",
            ]
        );
    }

    #[test]
    fn the_digest_is_eight_hex_digits_of_the_texts_sha256() {
        assert_eq!(digest("abc"), "ba7816bf");
    }
}
