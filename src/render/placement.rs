//! Where the files an article uses are (images and attachments): a relative path, resolved against a folder inside
//! the article's version folder, that must stay inside it. Each path is inherited on its own: a file missing from
//! the version comes from the nearest older version that has it, so a release holds only the files that changed.

use crate::load::config::SiteConfig;
use crate::report::display_path;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a lookup of one path found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Looked {
    /// The file, and the index of the version whose folder holds it.
    Found(PathBuf, usize),
    /// The file is a symbolic link (or under one) that leads out of `content/`.
    Outside,
    Missing,
}

/// An attachment an article links to, as its version sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attachment {
    /// Its path inside the version folder, which is also its path under the version's address.
    pub path: String,
    /// The file read, from the version that has it.
    pub source: PathBuf,
    /// `source` from the site root (`content/v1/email/assets/x.pdf`).
    pub rel: String,
}

/// `src` (as written in Markdown, percent-decoded, `\` read as `/`) resolved against `base`, a folder given as its
/// path inside the version folder: the file's path inside the version folder (`email/assets/x.png`). None when it
/// leaves the version folder.
pub(crate) fn resolve(base: &[&str], src: &str) -> Option<String> {
    let decoded = crate::url::percent_decode(src);
    let mut segments: Vec<String> = base
        .iter()
        .flat_map(|b| b.split('/'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for seg in decoded.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s.to_string()),
        }
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// Finds files of the content by their path inside a version folder, each candidate looked at once.
pub(crate) struct Finder {
    content_dir: PathBuf,
    /// `content/` resolved once: a symbolic link may point anywhere, so a found file must really be inside it.
    content_real: Option<PathBuf>,
    versions: Vec<String>,
    /// For each candidate path whether it is a file (None if not) and really inside `content/`: articles share
    /// files, so this costs one stat and one canonicalisation per path, not one per use.
    inside: Mutex<HashMap<PathBuf, Option<bool>>>,
}

impl Finder {
    pub(crate) fn new(root: &Path, config: &SiteConfig) -> Self {
        let content_dir = root.join("content");
        Finder {
            content_real: content_dir.canonicalize().ok(),
            content_dir,
            versions: config.versions.iter().map(|v| v.id.clone()).collect(),
            inside: Mutex::new(HashMap::new()),
        }
    }

    /// The file at `rel` (a path inside a version folder) as `version` sees it: its own, else the nearest older
    /// version's.
    pub(crate) fn lookup(&self, version: usize, rel: &str) -> Looked {
        for v in (0..=version.min(self.versions.len().saturating_sub(1))).rev() {
            let candidate = self.content_dir.join(&self.versions[v]).join(rel);
            let found = *self
                .inside
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(candidate.clone())
                .or_insert_with(|| {
                    candidate.is_file().then(|| {
                        match (candidate.canonicalize(), &self.content_real) {
                            (Ok(file), Some(content)) => file.starts_with(content),
                            _ => false,
                        }
                    })
                });
            match found {
                Some(true) => return Looked::Found(candidate, v),
                Some(false) => return Looked::Outside,
                None => {}
            }
        }
        Looked::Missing
    }

    /// `content/<version>/<rel>`, for messages.
    pub(crate) fn shown(&self, version: usize, rel: &str) -> String {
        format!("content/{}/{rel}", self.versions[version])
    }

    /// A file `version` sees in the folder of `rel` that a writer may have meant: the same name in another case
    /// (`Shot.PNG` for `shot.png`), else the same stem with another extension (`shot.jpg`). Shown from the root.
    pub(crate) fn near(&self, version: usize, rel: &str) -> Option<String> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = |n: &str| {
            n.rsplit_once('.')
                .map_or(n, |(s, _)| s)
                .to_ascii_lowercase()
        };
        let mut same_case: Option<String> = None;
        let mut same_stem: Option<String> = None;
        for v in (0..=version.min(self.versions.len().saturating_sub(1))).rev() {
            let folder = self.content_dir.join(&self.versions[v]).join(dir);
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n != name && !n.starts_with('.'))
                .collect();
            names.sort();
            let at = |n: &str| {
                display_path(
                    &Path::new("content")
                        .join(&self.versions[v])
                        .join(dir)
                        .join(n),
                )
            };
            if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
                same_case.get_or_insert_with(|| at(n));
            }
            if let Some(n) = names.iter().find(|n| stem(n) == stem(name)) {
                same_stem.get_or_insert_with(|| at(n));
            }
        }
        same_case.or(same_stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_resolves_against_its_folder_and_may_not_leave_the_version_folder() {
        assert_eq!(
            resolve(&["email"], "assets/x.png").as_deref(),
            Some("email/assets/x.png")
        );
        assert_eq!(
            resolve(&["email"], "../images/x.png").as_deref(),
            Some("images/x.png")
        );
        assert_eq!(
            resolve(&["email", "gmail"], "./a%20b.pdf").as_deref(),
            Some("email/gmail/a b.pdf")
        );
        assert_eq!(
            resolve(&["email"], "..\\shared\\x.zip").as_deref(),
            Some("shared/x.zip")
        );
        assert_eq!(resolve(&["email"], "../../x.png"), None);
        assert_eq!(resolve(&["email"], ".."), None);
    }

    fn site(dir: &Path) -> SiteConfig {
        std::fs::create_dir_all(dir.join("content")).unwrap();
        let toml = "title = \"T\"\nproduct = \"P\"\nbase_url = \"https://h.example/\"\n\
                    [[versions]]\nid = \"v1\"\nlabel = \"1\"\nstatus = \"supported\"\n\
                    [[versions]]\nid = \"v2\"\nlabel = \"2\"\nstatus = \"current\"\n";
        std::fs::write(dir.join("content/site.toml"), toml).unwrap();
        crate::load::config::load(
            &dir.join("content/site.toml"),
            "content/site.toml".as_ref(),
            None,
        )
        .map_err(|_| "site.toml")
        .unwrap()
    }

    #[test]
    fn a_file_is_inherited_from_the_nearest_older_version_and_a_near_name_is_offered() {
        let dir = tempfile::tempdir().unwrap();
        let config = site(dir.path());
        let put = |rel: &str| {
            let p = dir.path().join("content").join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        };
        put("v1/a/assets/Shot.PNG");
        put("v1/a/assets/guide.pdf");
        put("v2/a/assets/guide.pdf");
        put("v1/a/assets/notes.txt");
        let finder = Finder::new(dir.path(), &config);
        assert!(matches!(
            finder.lookup(1, "a/assets/Shot.PNG"),
            Looked::Found(_, 0)
        ));
        assert!(matches!(
            finder.lookup(1, "a/assets/guide.pdf"),
            Looked::Found(_, 1)
        ));
        assert_eq!(finder.lookup(1, "a/assets/shot.png"), Looked::Missing);
        assert_eq!(
            finder.near(1, "a/assets/shot.png").as_deref(),
            Some("content/v1/a/assets/Shot.PNG")
        );
        assert_eq!(
            finder.near(1, "a/assets/notes.md").as_deref(),
            Some("content/v1/a/assets/notes.txt")
        );
        assert_eq!(finder.near(1, "a/assets/other.zip"), None);
    }
}
