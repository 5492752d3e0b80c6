//! The step-link catalog, `links.json`: every article of every version with the published address of each of its steps
//! and headings, for support agents (`helpsite links`) and for the published-link stability check
//! (`helpsite check --against`). Written by every build; sorted, so two builds of the same content give the same bytes.

use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::output::scan::FileScan;
use crate::render::articles::Library;
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
    /// The attachments the article links to (absent from files written before helpsite published attachments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileEntry>,
    /// Addresses of the article that a release of the ledger (`content/links.lock`) published with another meaning
    /// than they have now: a step number that moved, a step that is gone. The page tells their readers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<MovedEntry>,
}

/// An address whose step moved or is gone since a release published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedEntry {
    /// The address as it was sent: the article's `url` with the fragment.
    pub url: String,
    /// What the step said then.
    pub text: String,
    /// The release that published that meaning, and its date.
    pub release: u32,
    pub date: String,
    /// The release that changed it, when one has (absent: the change is not published yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_release: Option<u32>,
    /// Where that step is now (absent when it is gone), and its number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A gone step that an older version still has: its address there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still_in: Option<String>,
}

/// An attachment: a file that is not an article, published at a stable address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its path inside the version folder, as under the version's address: `email/assets/setup.pdf`.
    pub path: String,
    /// The address to share: under `latest/` for the latest version, else under the version's id.
    pub url: String,
    /// The address under the version's own id.
    pub version_url: String,
    /// The file published, from the site's root folder (an older version's when this one inherits it).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEntry {
    /// As the reader sees it: `6`, or `6.2` for a nested step.
    pub number: String,
    /// The numbered id: `step-6`, `setup-step-2`, `step-6-2`.
    pub id: String,
    /// Its name, which its `url` uses: the one the writer gave it, else the one made from its text (`automatic`).
    /// Links to it survive renumbering. Absent from files written before helpsite named every step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The name was made from the step's text, not written (a later edit of the text may change it; the ledger
    /// keeps the published one landing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automatic: bool,
    /// Names it had before, which still land on it: the writer's former names, then automatic names it had in
    /// published releases.
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

    /// Its name when the writer gave it, and its former names.
    pub fn written_names(&self) -> impl Iterator<Item = &str> {
        self.name
            .as_deref()
            .filter(|_| !self.automatic)
            .into_iter()
            .chain(self.former_names.iter().map(String::as_str))
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
pub(crate) fn read_fresh(root: &std::path::Path, tree: &str) -> Option<Catalog> {
    let file = root.join("site").join(tree).join(FILE);
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
pub(crate) fn make(
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
pub(crate) type Aliases = BTreeMap<(usize, String, String), BTreeSet<String>>;

/// The redirect pages among the files the build wrote, by the article each lands on.
pub(crate) fn aliases(config: &SiteConfig, files: &BTreeMap<String, FileScan>) -> Aliases {
    let base = config.base();
    let base_path = config.base_path();
    let mut aliases = Aliases::new();
    for (path, scan) in files {
        let FileScan::Page(page) = scan else { continue };
        if page.refresh().is_none() {
            continue;
        }
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        if let Some(landing) = crate::links::site::landing_page(files, folder, &base, &base_path) {
            if let Some(key) = crate::links::site::article_of(config, &landing) {
                aliases.entry(key).or_default().insert(format!(
                    "{base}{}",
                    crate::render::file_links::encode(folder)
                ));
            }
        }
    }
    aliases
}

/// The `links.json` of the last build with the keys of its article lines (in order), so that a rebuild copies the
/// lines of articles whose key is the same instead of making them again.
pub(crate) struct Previous<'p> {
    pub bytes: &'p [u8],
    pub keys: &'p [u64],
}

/// Writes the catalog as `links.json` holds it (the same bytes as `make(..).to_json()`), made one article at a time so
/// that a large site's catalog is never held whole. Returns the keys of the article lines, for the next build.
pub(crate) fn write_file(
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
    article: &'a crate::render::articles::Article,
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
    let mut site = crate::incremental::key::Key::new();
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
            let mut key = crate::incremental::key::Key::new();
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
            for f in &a.files {
                key.add_bytes(f.path.as_bytes()).add_bytes(f.rel.as_bytes());
            }
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
            name: st.name.clone().or_else(|| st.auto_name.clone()),
            automatic: st.name.is_none() && st.auto_name.is_some(),
            former_names: st
                .former_names
                .iter()
                .chain(&st.kept_names)
                .cloned()
                .collect(),
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
    let files = a
        .files
        .iter()
        .map(|f| {
            let path = crate::render::file_links::encode(&f.path);
            let version_url = format!("{base}{vid}/{path}");
            FileEntry {
                path: f.path.clone(),
                url: if p.vi == config.latest_index() {
                    format!("{base}latest/{path}")
                } else {
                    version_url.clone()
                },
                version_url,
                source: f.rel.clone(),
            }
        })
        .collect();
    let moved = a
        .rendered
        .notices
        .iter()
        .map(|(id, n)| MovedEntry {
            url: format!("{url}#{id}"),
            text: n.text.clone(),
            release: n.release,
            date: n.since.clone(),
            changed_release: n.changed_release,
            now: n.to.as_ref().map(|to| format!("{url}#{to}")),
            number: n.number.clone(),
            still_in: n.elsewhere.as_ref().map(|e| format!("{base}{}", e.path)),
        })
        .collect();
    ArticleEntry {
        moved,
        version: vid.clone(),
        path: format!("{c}/{s}"),
        title: a.title.clone(),
        url,
        version_url,
        aliases: p.aliases,
        source: crate::report::display_path(&content.sources[a.source].rel_path),
        steps,
        headings,
        files,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two versions of one article with two steps.
    pub(crate) fn sample() -> Catalog {
        let step = |n: &str, name: Option<&str>, text: &str| StepEntry {
            number: n.into(),
            id: format!("step-{n}"),
            name: name.map(Into::into),
            automatic: false,
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
                    moved: vec![],
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
                    files: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn a_file_written_before_attachments_reads_with_none_and_an_entry_without_files_writes_none() {
        let json = sample().to_json();
        assert!(!json.contains("\"files\""), "{json}");
        let mut with = sample();
        with.articles[0].files.push(FileEntry {
            path: "e/assets/fix.patch".into(),
            url: "https://h/v1/e/assets/fix.patch".into(),
            version_url: "https://h/v1/e/assets/fix.patch".into(),
            source: "content/v1/e/assets/fix.patch".into(),
        });
        let back = Catalog::parse(&with.to_json()).unwrap();
        assert_eq!(back, with);
        assert_eq!(Catalog::parse(&json).unwrap(), sample());
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
