//! `helpsite links`: the steps of the catalog that match a search, as a table, CSV or JSON for support agents.

use crate::cmd::terminal::{errln, Terminal};
use crate::links::catalog::{self, ArticleEntry, Catalog};
use crate::{build, Options};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// How `helpsite links` prints the steps it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// One step of the catalog with its article, as `helpsite links` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRow<'a> {
    pub version: &'a str,
    pub article: &'a str,
    pub title: &'a str,
    pub article_url: &'a str,
    pub number: &'a str,
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub former_names: &'a [String],
    pub text: &'a str,
    /// The heading of the step's procedure, when it is not the article's main one.
    pub section: Option<&'a str>,
    pub url: &'a str,
}

impl Catalog {
    /// The steps whose article title, text, name or former names hold every one of `words` (case-insensitive), in
    /// `version` (an id or `latest`) or in every version; newest version first, then by article path, then in order.
    pub fn find_steps(
        &self,
        version: Option<&str>,
        words: &[String],
    ) -> Result<Vec<StepRow<'_>>, String> {
        let only = match version {
            Some(v) => Some(self.version_index(v).ok_or_else(|| {
                let known: Vec<&str> = self.versions.iter().map(|v| v.id.as_str()).collect();
                format!(
                    "no version {v:?}; the versions are {} (or latest)",
                    known.join(", ")
                )
            })?),
            None => None,
        };
        let words: Vec<String> = words
            .iter()
            .flat_map(|w| w.split_whitespace())
            .map(|w| w.to_lowercase())
            .collect();
        let order: BTreeMap<&str, usize> = self
            .versions
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();
        let mut articles: Vec<&ArticleEntry> = self
            .articles
            .iter()
            .filter(|a| only.is_none() || only == order.get(a.version.as_str()).copied())
            .collect();
        articles.sort_by(|a, b| {
            let (va, vb) = (order.get(a.version.as_str()), order.get(b.version.as_str()));
            vb.cmp(&va).then_with(|| a.path.cmp(&b.path))
        });
        let mut rows = Vec::new();
        for a in articles {
            let title = a.title.to_lowercase();
            for s in &a.steps {
                let mut hay = format!("{title}\n{}", s.text.to_lowercase());
                for n in s.name.iter().chain(&s.former_names) {
                    hay.push('\n');
                    hay.push_str(&n.to_lowercase());
                    // A name's words match too: `open-app-passwords` matches "app".
                    hay.push('\n');
                    hay.push_str(&n.to_lowercase().replace(['-', '_'], " "));
                }
                if words.iter().all(|w| hay.contains(w.as_str())) {
                    rows.push(StepRow {
                        version: &a.version,
                        article: &a.path,
                        title: &a.title,
                        article_url: &a.url,
                        number: &s.number,
                        id: &s.id,
                        name: s.name.as_deref(),
                        former_names: &s.former_names,
                        text: &s.text,
                        section: s.section.as_deref().map(|id| {
                            a.headings
                                .iter()
                                .find(|h| h.id == id)
                                .map(|h| h.text.as_str())
                                .unwrap_or(id)
                        }),
                        url: &s.url,
                    });
                }
            }
        }
        Ok(rows)
    }
}

/// Cuts `text` to at most `width` characters, ending with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    if let Some(space) = cut.rfind(' ').filter(|&p| p > width / 2) {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

/// The rows as a table for a terminal of `width` columns: one block per article (title, version, its address), then
/// per step its number and text on one line and its address on the next, where it can be copied whole.
pub fn table(catalog: &Catalog, rows: &[StepRow], width: usize) -> String {
    let width = width.max(40);
    let mut out = String::new();
    let mut last: Option<(&str, &str)> = None;
    let mut section: Option<&str> = None;
    for r in rows {
        if last != Some((r.version, r.article)) {
            if last.is_some() {
                out.push('\n');
            }
            let label = catalog
                .versions
                .iter()
                .find(|v| v.id == r.version)
                .map(|v| v.label.as_str())
                .unwrap_or(r.version);
            let latest = if r.version == catalog.site.latest {
                ", latest"
            } else {
                ""
            };
            let tail = format!(" [{}{latest}]", r.version);
            out.push_str(&fit(r.title, width.saturating_sub(tail.chars().count())));
            out.push_str(&tail);
            out.push('\n');
            out.push_str(&fit(&format!("{} · {}", r.article, label), width));
            out.push('\n');
            last = Some((r.version, r.article));
            section = None;
        }
        if r.section != section {
            if let Some(heading) = r.section {
                out.push_str(&fit(&format!("  {heading}:"), width));
                out.push('\n');
            }
            section = r.section;
        }
        let number = format!("{:>5}  ", r.number);
        out.push_str(&number);
        out.push_str(&fit(r.text, width - number.len()));
        out.push('\n');
        out.push_str(&" ".repeat(number.len()));
        out.push_str(r.url);
        out.push('\n');
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Lines of fields as CSV under a header line (RFC 4180 quoting).
fn csv_lines<const N: usize>(header: &str, lines: impl Iterator<Item = [String; N]>) -> String {
    let mut out = format!("{header}\n");
    for fields in lines {
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The rows as CSV with a header line (RFC 4180 quoting; former names separated by spaces).
pub fn csv(rows: &[StepRow]) -> String {
    csv_lines(
        "version,article,title,section,number,id,name,former_names,text,url",
        rows.iter().map(|r| {
            [
                r.version.to_string(),
                r.article.to_string(),
                r.title.to_string(),
                r.section.unwrap_or("").to_string(),
                r.number.to_string(),
                r.id.to_string(),
                r.name.unwrap_or("").to_string(),
                r.former_names.join(" "),
                r.text.to_string(),
                r.url.to_string(),
            ]
        }),
    )
}

/// The rows as a JSON array with a final newline.
pub fn json<T: Serialize>(rows: &[T]) -> String {
    let mut s = serde_json::to_string_pretty(rows).expect("rows serialise");
    s.push('\n');
    s
}

/// The language tree `lang` names: `None` for the default language's, else its folder (`de/`); an unknown code is
/// an error naming the site's languages.
fn language_tree(
    root: &Path,
    lang: Option<&str>,
    t: &mut Terminal,
) -> Result<Option<String>, ExitCode> {
    let Some(code) = lang else {
        return Ok(None);
    };
    let config = crate::load::config::load(
        &root.join("content/site.toml"),
        "content/site.toml".as_ref(),
        None,
    )
    .map_err(|problems| {
        t.err(&problems.to_string());
        ExitCode::from(1)
    })?;
    match config.languages.iter().position(|l| l.code == code) {
        Some(0) => Ok(None),
        Some(_) => Ok(Some(code.to_string())),
        None => {
            let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            if known.is_empty() {
                errln!(t, "error: no language {code:?}: the site has one language (site.toml sets no `languages`)");
            } else {
                errln!(
                    t,
                    "error: no language {code:?}; the site's languages are {}",
                    known.join(", ")
                );
            }
            Err(ExitCode::from(2))
        }
    }
}

/// The catalog to list: the given manifest, the site's own `site/links.json` (`site/<code>/links.json` for another
/// language) when it is fresh, or an in-memory build.
fn catalog_for(
    root: &Path,
    manifest: Option<&Path>,
    lang: Option<&str>,
    t: &mut Terminal,
) -> Result<Catalog, ExitCode> {
    if let Some(path) = manifest {
        return Catalog::read(path).map_err(|e| {
            errln!(t, "error: {e}");
            ExitCode::from(2)
        });
    }
    let tree = language_tree(root, lang, t)?;
    let folder = tree.as_ref().map(|c| format!("{c}/")).unwrap_or_default();
    if let Some(catalog) = catalog::read_fresh(root, &folder) {
        return Ok(catalog);
    }
    let options = Options {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
        ..Options::default()
    };
    match build(&options) {
        Ok(mut summary) => Ok(match tree {
            Some(code) => summary.language_catalogs.remove(&code).unwrap_or_default(),
            None => summary.catalog,
        }),
        Err(problems) => {
            t.err(&problems.to_string());
            errln!(t, "The site does not build, so its links cannot be listed; fix the problems above, or list a links.json with --manifest.");
            Err(ExitCode::from(1))
        }
    }
}

/// The width tables are cut to: `COLUMNS`, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// `helpsite links`; with `changed_since`, the addresses that moved since that release of the ledger instead.
pub fn run(
    root: &Path,
    version: Option<&str>,
    format: Format,
    manifest: Option<&Path>,
    words: &[String],
    changed_since: Option<u32>,
    lang: Option<&str>,
) -> ExitCode {
    let mut t = Terminal::default();
    let code = match changed_since {
        Some(release) => changes(root, (version, lang), format, manifest, release, &mut t),
        None => list(root, (version, lang), format, manifest, words, &mut t),
    };
    t.finish(code)
}

/// An address a release published whose step moved or is gone now, as `helpsite links --changed-since` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRow<'a> {
    pub version: &'a str,
    pub article: &'a str,
    pub title: &'a str,
    /// The address as it was sent.
    pub url: &'a str,
    /// What its step said then.
    pub text: &'a str,
    pub release: u32,
    pub date: &'a str,
    /// Where that step is now, and its number; absent when it is gone.
    pub now: Option<&'a str>,
    pub number: Option<&'a str>,
    /// A gone step that an older version still has: its address there.
    pub still_in: Option<&'a str>,
}

impl Catalog {
    /// The addresses whose meaning at `release` differs now, in `version` (or all); newest version first.
    pub fn changes_since(
        &self,
        version: Option<&str>,
        release: u32,
    ) -> Result<Vec<ChangeRow<'_>>, String> {
        let only = match version {
            Some(v) => Some(
                self.version_index(v)
                    .ok_or_else(|| format!("no version {v:?}"))?,
            ),
            None => None,
        };
        let mut rows = Vec::new();
        for (vi, v) in self.versions.iter().enumerate().rev() {
            if only.is_some_and(|o| o != vi) {
                continue;
            }
            for a in self.articles.iter().filter(|a| a.version == v.id) {
                for m in &a.moved {
                    if m.release <= release && m.changed_release.is_none_or(|c| c > release) {
                        rows.push(ChangeRow {
                            version: &a.version,
                            article: &a.path,
                            title: &a.title,
                            url: &m.url,
                            text: &m.text,
                            release: m.release,
                            date: &m.date,
                            now: m.now.as_deref(),
                            number: m.number.as_deref(),
                            still_in: m.still_in.as_deref(),
                        });
                    }
                }
            }
        }
        Ok(rows)
    }
}

/// The change rows for a terminal: per article its title, then per address the address, what it meant, and where
/// that step is now.
pub fn changes_table(rows: &[ChangeRow], width: usize) -> String {
    let width = width.max(40);
    let mut out = String::new();
    let mut last = None;
    for r in rows {
        if last != Some((r.version, r.article)) {
            if last.is_some() {
                out.push('\n');
            }
            out.push_str(&fit(&format!("{} [{}]", r.title, r.version), width));
            out.push('\n');
            last = Some((r.version, r.article));
        }
        out.push_str("  ");
        out.push_str(r.url);
        out.push('\n');
        out.push_str(&fit(
            &format!("    was “{}” (release {}, {})", r.text, r.release, r.date),
            width,
        ));
        out.push('\n');
        match (r.now, r.number) {
            (Some(now), Some(n)) => out.push_str(&format!("    now step {n}: {now}\n")),
            _ => match r.still_in {
                Some(there) => {
                    out.push_str(&format!("    gone from this edition; still at {there}\n"))
                }
                None => out.push_str("    gone from this edition\n"),
            },
        }
    }
    out
}

fn changes(
    root: &Path,
    (version, lang): (Option<&str>, Option<&str>),
    format: Format,
    manifest: Option<&Path>,
    release: u32,
    t: &mut Terminal,
) -> ExitCode {
    if manifest.is_none() {
        let mut problems = crate::report::Problems::new();
        let releases =
            crate::load::ledger::load(root, &mut problems).map_or(0, |l| l.releases.len());
        if !problems.is_empty() {
            t.err(&problems.to_string());
            return ExitCode::from(1);
        }
        if release == 0 || release as usize > releases {
            errln!(
                t,
                "error: no release {release} in {}: it records {releases} release{}",
                crate::load::ledger::FILE,
                if releases == 1 { "" } else { "s" }
            );
            return ExitCode::from(2);
        }
    }
    let catalog = match catalog_for(root, manifest, lang, t) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rows = match catalog.changes_since(version, release) {
        Ok(rows) => rows,
        Err(e) => {
            errln!(t, "error: {e}");
            return ExitCode::from(2);
        }
    };
    if rows.is_empty() && format == Format::Table {
        t.out(&format!(
            "Every address release {release} published still opens the step it did.\n"
        ));
        return ExitCode::SUCCESS;
    }
    let width = terminal_width();
    let text = match format {
        Format::Table => changes_table(&rows, width),
        Format::Json => json(&rows),
        Format::Csv => csv_lines(
            "version,article,title,url,text,release,date,now,number,still_in",
            rows.iter().map(|r| {
                [
                    r.version.to_string(),
                    r.article.to_string(),
                    r.title.to_string(),
                    r.url.to_string(),
                    r.text.to_string(),
                    r.release.to_string(),
                    r.date.to_string(),
                    r.now.unwrap_or("").to_string(),
                    r.number.unwrap_or("").to_string(),
                    r.still_in.unwrap_or("").to_string(),
                ]
            }),
        ),
    };
    t.out(&text);
    ExitCode::SUCCESS
}

fn list(
    root: &Path,
    (version, lang): (Option<&str>, Option<&str>),
    format: Format,
    manifest: Option<&Path>,
    words: &[String],
    t: &mut Terminal,
) -> ExitCode {
    let catalog = match catalog_for(root, manifest, lang, t) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rows = match catalog.find_steps(version, words) {
        Ok(rows) => rows,
        Err(e) => {
            errln!(t, "error: {e}");
            return ExitCode::from(2);
        }
    };
    if rows.is_empty() {
        errln!(
            t,
            "No step matches {}{}.",
            if words.is_empty() {
                "at all".to_string()
            } else {
                format!("{:?}", words.join(" "))
            },
            version
                .map(|v| format!(" in version {v}"))
                .unwrap_or_default()
        );
        return ExitCode::from(1);
    }
    let width = terminal_width();
    let text = match format {
        Format::Table => table(&catalog, &rows, width),
        Format::Json => json(&rows),
        Format::Csv => csv(&rows),
    };
    t.out(&text);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::catalog::tests::sample;

    #[test]
    fn every_word_must_match_title_text_or_name_and_the_newest_version_comes_first() {
        let c = sample();
        let rows = c.find_steps(None, &["gmail".into(), "APP".into()]).unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.version, r.number))
                .collect::<Vec<_>>(),
            [("v2", "2"), ("v1", "2")]
        );
        let rows = c
            .find_steps(Some("latest"), &["sign".into(), "in".into()])
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].version, "v2");
        assert!(c
            .find_steps(Some("v9"), &[])
            .unwrap_err()
            .contains("v1, v2"));
    }

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes() {
        let c = sample();
        let rows = c.find_steps(Some("v1"), &["create".into()]).unwrap();
        let text = csv(&rows);
        assert!(
            text.ends_with(
                ",\"Click App passwords, then \"\"Create\"\".\",https://h/latest/e/a/#step-2\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn the_table_fits_the_width_except_for_addresses() {
        let c = sample();
        let rows = c.find_steps(None, &[]).unwrap();
        let text = table(&c, &rows, 40);
        for line in text.lines().filter(|l| !l.contains("https://")) {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert!(text.contains("https://h/latest/e/a/#sign-in"));
    }
}
