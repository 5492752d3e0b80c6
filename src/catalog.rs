//! The step-link catalog, `links.json`: every article of every version with the published address of each of its steps
//! and headings, for support agents (`helpsite links`) and for the published-link stability check
//! (`helpsite check --against`). Written by every build; sorted, so two builds of the same content give the same bytes.

use crate::articles::Library;
use crate::config::SiteConfig;
use crate::content::Content;
use crate::html_scan::FileScan;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The version of the file's layout; readers refuse other versions.
pub const FORMAT: u32 = 1;

/// The file name in the site's root folder.
pub const FILE: &str = "links.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Always [`FORMAT`].
    pub format: u32,
    pub site: SiteInfo,
    /// Oldest first, as in `site.toml`.
    pub versions: Vec<VersionInfo>,
    /// Sorted by version (oldest first), then path.
    pub articles: Vec<ArticleEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub title: String,
    /// With a trailing slash; every URL of the catalog starts with it.
    pub base_url: String,
    /// The id of the version also served at `latest/`.
    pub latest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub id: String,
    pub label: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// The version's id.
    pub version: String,
    /// `category/slug`.
    pub path: String,
    pub title: String,
    /// The address to share: under `latest/` for the latest version (it follows the newest edition), else under the
    /// version's id.
    pub url: String,
    /// The address under the version's own id (the same as `url` for older versions).
    pub version_url: String,
    /// Old addresses that redirect here (front matter `aliases`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The Markdown file, from the site's root folder.
    pub source: String,
    pub steps: Vec<StepEntry>,
    pub headings: Vec<HeadingEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEntry {
    /// As the reader sees it: `6`, or `6.2` for a nested step.
    pub number: String,
    /// The numbered id: `step-6`, `setup-step-2`, `step-6-2`.
    pub id: String,
    /// The name the writer gave it; links to it survive renumbering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Names it had before, which still land on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    /// The first sentence of the step, as plain text.
    pub text: String,
    /// The id of the heading whose procedure the step belongs to, when it is not the article's main procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The article's `url` with the step's name, or its numbered id when it has no name.
    pub url: String,
}

impl StepEntry {
    /// The id its URL uses.
    pub fn anchor(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// Every id that lands on the step.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.name.as_deref())
            .chain(self.former_names.iter().map(String::as_str))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub url: String,
}

impl Catalog {
    /// Reads a `links.json`, refusing files of another layout.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        #[derive(Deserialize)]
        struct Probe {
            format: Option<u32>,
        }
        let probe: Probe =
            serde_json::from_str(text).map_err(|e| format!("not a links.json file: {e}"))?;
        match probe.format {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(format!(
                    "links.json format {other}, this helpsite reads format {FORMAT}; use the helpsite that wrote it"
                ))
            }
            None => return Err("not a helpsite links.json file (it has no \"format\")".into()),
        }
        serde_json::from_str(text).map_err(|e| format!("not a links.json file: {e}"))
    }

    pub fn read(path: &std::path::Path) -> Result<Catalog, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Catalog::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The JSON of `links.json`: one article per line (compact, and a change to an article is a change to its line).
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        write_json(&mut bytes, &self.site, &self.versions, self.articles.iter())
            .expect("the catalog serialises");
        String::from_utf8(bytes).expect("JSON is UTF-8")
    }

    /// The index of the version with this id (or `latest`).
    pub fn version_index(&self, id: &str) -> Option<usize> {
        let id = if id == "latest" {
            &self.site.latest
        } else {
            id
        };
        self.versions.iter().position(|v| v.id == id)
    }
}

/// The built site's `site/links.json` under `root`, when it is at least as new as every file in `content/` and
/// `templates/` and as the running helpsite (so it lists what a build would list now), and of this helpsite's format.
pub fn read_fresh(root: &std::path::Path) -> Option<Catalog> {
    let file = root.join("site").join(FILE);
    let built = std::fs::metadata(&file).and_then(|m| m.modified()).ok()?;
    // A newer helpsite may list more than the one that wrote the file.
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .and_then(|m| m.modified());
    if exe.is_ok_and(|t| t > built) {
        return None;
    }
    for dir in ["content", "templates"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let newer = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t > built);
            if newer {
                return None;
            }
        }
    }
    Catalog::read(&file).ok()
}

/// Builds the catalog from the rendered articles and the files the build wrote (for the redirect pages of aliases).
pub fn make(
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    files: &BTreeMap<String, FileScan>,
) -> Catalog {
    let (site, versions) = header(config);
    Catalog {
        format: FORMAT,
        site,
        versions,
        articles: pending(config, content, library, aliases(config, files))
            .map(|p| entry(config, content, p))
            .collect(),
    }
}

/// Old addresses that redirect to an article, by (version index, category, slug): the redirect pages the build wrote.
pub type Aliases = BTreeMap<(usize, String, String), BTreeSet<String>>;

/// The redirect pages among the files the build wrote, by the article each lands on.
pub fn aliases(config: &SiteConfig, files: &BTreeMap<String, FileScan>) -> Aliases {
    let base = config.base();
    let base_path = config.base_path();
    let mut aliases = Aliases::new();
    for (path, scan) in files {
        let FileScan::Page(page) = scan else { continue };
        if page.refresh().is_none() {
            continue;
        }
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        if let Some(landing) = crate::links::landing_page(files, folder, &base, &base_path) {
            if let Some(key) = crate::links::article_of(config, &landing) {
                aliases
                    .entry(key)
                    .or_default()
                    .insert(format!("{base}{folder}"));
            }
        }
    }
    aliases
}

/// The `links.json` of the last build with the keys of its article lines (in order), so that a rebuild copies the
/// lines of articles whose key is the same instead of making them again.
pub struct Previous<'p> {
    pub bytes: &'p [u8],
    pub keys: &'p [u64],
}

/// Writes the catalog as `links.json` holds it (the same bytes as `make(..).to_json()`), made one article at a time so
/// that a large site's catalog is never held whole. Returns the keys of the article lines, for the next build.
pub fn write_file(
    out: &mut dyn std::io::Write,
    config: &SiteConfig,
    content: &Content,
    library: &Library,
    aliases: Aliases,
    previous: Option<Previous>,
) -> std::io::Result<Vec<u64>> {
    // The article lines of the last file: after the first line, up to the closing `]}`.
    let lines: HashMap<u64, &[u8]> = previous
        .and_then(|p| {
            let mut lines: Vec<&[u8]> = p.bytes.split(|b| *b == b'\n').skip(1).collect();
            // The last two: `]}` and the empty rest after the final newline.
            lines.truncate(lines.len().checked_sub(2)?);
            (lines.len() == p.keys.len()).then(|| {
                p.keys
                    .iter()
                    .zip(lines)
                    .map(|(k, l)| (*k, l.strip_suffix(b",").unwrap_or(l)))
                    .collect()
            })
        })
        .unwrap_or_default();
    let (site, versions) = header(config);
    let mut keys = Vec::new();
    write_head(out, &site, &versions)?;
    // Lines are made in parallel a batch at a time, and written in order.
    let mut articles = pending(config, content, library, aliases);
    loop {
        let batch: Vec<Pending> = articles.by_ref().take(512).collect();
        if batch.is_empty() {
            break;
        }
        let made: Vec<(u64, std::io::Result<Cow<[u8]>>)> = batch
            .into_par_iter()
            .map(|p| {
                let key = p.key;
                let line = match lines.get(&key) {
                    Some(line) => Ok(Cow::Borrowed(*line)),
                    None => serde_json::to_vec(&entry(config, content, p))
                        .map(Cow::Owned)
                        .map_err(std::io::Error::other),
                };
                (key, line)
            })
            .collect();
        for (key, line) in made {
            out.write_all(if keys.is_empty() { b"\n" } else { b",\n" })?;
            out.write_all(&line?)?;
            keys.push(key);
        }
    }
    out.write_all(b"\n]}\n")?;
    Ok(keys)
}

fn put_json<T: Serialize + ?Sized>(out: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(out, value).map_err(std::io::Error::other)
}

fn write_head(
    out: &mut dyn std::io::Write,
    site: &SiteInfo,
    versions: &[VersionInfo],
) -> std::io::Result<()> {
    write!(out, "{{\"format\":{FORMAT},\"site\":")?;
    put_json(out, site)?;
    out.write_all(b",\"versions\":")?;
    put_json(out, versions)?;
    out.write_all(b",\"articles\":[")
}

/// `{"format":1,"site":{..},"versions":[..],"articles":[` then one article per line, `]}` and a final newline.
fn write_json<A: Serialize>(
    out: &mut dyn std::io::Write,
    site: &SiteInfo,
    versions: &[VersionInfo],
    articles: impl Iterator<Item = A>,
) -> std::io::Result<()> {
    write_head(out, site, versions)?;
    for (i, a) in articles.enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        put_json(out, &a)?;
    }
    out.write_all(b"\n]}\n")
}

fn header(config: &SiteConfig) -> (SiteInfo, Vec<VersionInfo>) {
    let site = SiteInfo {
        title: config.title.clone(),
        base_url: config.base(),
        latest: config.versions[config.latest_index()].id.clone(),
    };
    let versions = config
        .versions
        .iter()
        .map(|v| VersionInfo {
            id: v.id.clone(),
            label: v.label.clone(),
            status: v.status.as_str().to_string(),
        })
        .collect();
    (site, versions)
}

/// An article of the catalog before its entry is made, with a key of everything the entry is made from.
struct Pending<'a> {
    vi: usize,
    category: &'a str,
    slug: &'a str,
    article: &'a crate::articles::Article,
    aliases: Vec<String>,
    key: u64,
}

/// Every article of every version, in catalog order.
fn pending<'a>(
    config: &'a SiteConfig,
    content: &'a Content,
    library: &'a Library,
    mut aliases: Aliases,
) -> impl Iterator<Item = Pending<'a>> + 'a {
    let latest = config.latest_index();
    let mut site = crate::state::Key::new();
    site.add_bytes(config.base().as_bytes());
    let site = site.finish();
    library.iter().enumerate().flat_map(move |(vi, arts)| {
        let vid = &config.versions[vi].id;
        // Aliases are sorted by version first: this version's are at the front.
        let mut mine: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        while aliases
            .first_key_value()
            .is_some_and(|((v, _, _), _)| *v <= vi)
        {
            if let Some(((v, c, s), set)) = aliases.pop_first() {
                if v == vi {
                    mine.insert((c, s), set);
                }
            }
        }
        arts.iter().map(move |((c, s), a)| {
            let aliases: Vec<String> = mine
                .remove(&(c.clone(), s.clone()))
                .map(|set| set.into_iter().collect())
                .unwrap_or_default();
            let mut key = crate::state::Key::new();
            key.add_bytes(&site.to_le_bytes())
                .add_bytes(vid.as_bytes())
                .add_bytes(&[(vi == latest) as u8])
                .add_bytes(c.as_bytes())
                .add_bytes(s.as_bytes())
                .add_bytes(a.title.as_bytes())
                .add_postcard(&aliases)
                .add_bytes(
                    content.sources[a.source]
                        .rel_path
                        .to_string_lossy()
                        .as_bytes(),
                )
                .add_bytes(&a.rendered.digest.to_le_bytes());
            Pending {
                vi,
                category: c,
                slug: s,
                article: a,
                aliases,
                key: key.finish(),
            }
        })
    })
}

/// The catalog entry of an article.
fn entry(config: &SiteConfig, content: &Content, p: Pending) -> ArticleEntry {
    let base = config.base();
    let vid = &config.versions[p.vi].id;
    let (c, s, a) = (p.category, p.slug, p.article);
    let version_url = format!("{base}{vid}/{c}/{s}/");
    let url = if p.vi == config.latest_index() {
        format!("{base}latest/{c}/{s}/")
    } else {
        version_url.clone()
    };
    let steps = a
        .rendered
        .steps
        .iter()
        .map(|st| StepEntry {
            number: st.number.clone(),
            id: st.id.clone(),
            name: st.name.clone(),
            former_names: st.former_names.clone(),
            text: st.text.clone(),
            section: st.prefix.clone(),
            url: format!("{url}#{}", st.anchor()),
        })
        .collect();
    let headings = a
        .rendered
        .headings
        .iter()
        .map(|h| HeadingEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
            url: format!("{url}#{}", h.id),
        })
        .collect();
    ArticleEntry {
        version: vid.clone(),
        path: format!("{c}/{s}"),
        title: a.title.clone(),
        url,
        version_url,
        aliases: p.aliases,
        source: crate::report::display_path(&content.sources[a.source].rel_path),
        steps,
        headings,
    }
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

/// The rows as CSV with a header line (RFC 4180 quoting; former names separated by spaces).
pub fn csv(rows: &[StepRow]) -> String {
    let mut out =
        String::from("version,article,title,section,number,id,name,former_names,text,url\n");
    for r in rows {
        let fields = [
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
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The rows as a JSON array with a final newline.
pub fn json(rows: &[StepRow]) -> String {
    let mut s = serde_json::to_string_pretty(rows).expect("rows serialise");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        let step = |n: &str, name: Option<&str>, text: &str| StepEntry {
            number: n.into(),
            id: format!("step-{n}"),
            name: name.map(Into::into),
            former_names: vec![],
            text: text.into(),
            section: None,
            url: format!(
                "https://h/latest/e/a/#{}",
                name.map(String::from).unwrap_or(format!("step-{n}"))
            ),
        };
        Catalog {
            format: FORMAT,
            site: SiteInfo {
                title: "H".into(),
                base_url: "https://h/".into(),
                latest: "v2".into(),
            },
            versions: vec![
                VersionInfo {
                    id: "v1".into(),
                    label: "One".into(),
                    status: "unmaintained".into(),
                },
                VersionInfo {
                    id: "v2".into(),
                    label: "Two".into(),
                    status: "current".into(),
                },
            ],
            articles: ["v1", "v2"]
                .iter()
                .map(|v| ArticleEntry {
                    version: v.to_string(),
                    path: "e/a".into(),
                    title: "Connect Gmail".into(),
                    url: "https://h/latest/e/a/".into(),
                    version_url: format!("https://h/{v}/e/a/"),
                    aliases: vec![],
                    source: format!("content/{v}/e/a.md"),
                    steps: vec![
                        step("1", Some("sign-in"), "Sign in to Gmail."),
                        step("2", None, "Click App passwords, then \"Create\"."),
                    ],
                    headings: vec![],
                })
                .collect(),
        }
    }

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

    #[test]
    fn a_file_of_another_format_is_refused_with_a_reason() {
        assert!(Catalog::parse("{\"format\": 9}")
            .unwrap_err()
            .contains("format 9"));
        assert!(Catalog::parse("[]").is_err());
        let c = sample();
        assert_eq!(Catalog::parse(&c.to_json()).unwrap(), c);
    }
}
