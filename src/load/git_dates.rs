//! "Last updated" from history: for articles whose front matter has no `updated`, the date of the last commit that
//! changed their file. One `git log` over `content/` answers for every file at once; without git or outside a
//! repository there are no dates, and nothing else changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Per file (its path from the site root, `content/v1/email/gmail.md`), the day of the last commit that changed
/// it, `YYYY-MM-DD` (the committer's date, as the commit records it: the same in every clone).
pub(crate) type Dates = BTreeMap<PathBuf, String>;

/// Reads the dates of every file under `root/content` that git knows; an empty map when git cannot tell.
pub(crate) fn read(root: &Path) -> Dates {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        // Names as they are (not quoted octal), and no pager or colour from the user's configuration.
        .args(["-c", "core.quotePath=false", "--no-pager", "log"])
        .args([
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--relative",
        ])
        .args(["--", "content"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => Dates::new(),
    }
}

/// Gives each article whose front matter has no `updated` its file's date.
pub(crate) fn fill(content: &mut crate::load::content::Content, dates: &Dates) {
    for source in &mut content.sources {
        if source.front_matter.updated.is_none() {
            source.front_matter.updated = dates.get(&source.rel_path).cloned();
        }
    }
}

/// `git log` lists commits newest first: the first date a file appears under is its last change.
fn parse(log: &str) -> Dates {
    let mut dates = Dates::new();
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = lines.next().map(str::trim) else {
            continue;
        };
        if crate::load::front_matter::parse_date(date).as_deref() != Some(date) {
            continue;
        }
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            dates
                .entry(PathBuf::from(file))
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

/// What `git log` would answer differently after: the commit the work tree is on (for the fingerprint that lets a
/// build that changed nothing stop early).
pub(crate) fn head_state(root: &Path) -> String {
    let Some(git) = root
        .ancestors()
        .map(|d| d.join(".git"))
        .find(|g| g.exists())
    else {
        return String::new();
    };
    let dir = if git.is_file() {
        // A worktree or submodule: `.git` says where its git folder is.
        std::fs::read_to_string(&git)
            .ok()
            .and_then(|t| t.strip_prefix("gitdir:").map(|p| p.trim().to_string()))
            .map(|p| git.parent().unwrap_or(root).join(p))
            .unwrap_or(git)
    } else {
        git
    };
    let head = std::fs::read_to_string(dir.join("HEAD")).unwrap_or_default();
    let mut state = head.clone();
    let common = std::fs::read_to_string(dir.join("commondir"))
        .ok()
        .map(|c| dir.join(c.trim()))
        .unwrap_or_else(|| dir.clone());
    let mut files = vec![common.join("packed-refs")];
    if let Some(r) = head.strip_prefix("ref:") {
        files.push(dir.join(r.trim()));
        files.push(common.join(r.trim()));
    }
    for f in files {
        // A digest, not the text: packed-refs can be large, and one ref's new hash keeps its length.
        if let Ok(bytes) = std::fs::read(&f) {
            let digest = xxhash_rust::xxh3::xxh3_64(&bytes);
            state.push_str(&format!("{}\0{digest:016x}\0", f.display()));
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_that_names_a_file_gives_its_date() {
        let log =
            "\0 2024-05-30\n\ncontent/v1/a.md\n\0 2023-01-02\n\ncontent/v1/a.md\ncontent/v1/b.md\n";
        let dates = parse(log.replace("\0 ", "\0").as_str());
        assert_eq!(dates[Path::new("content/v1/a.md")], "2024-05-30");
        assert_eq!(dates[Path::new("content/v1/b.md")], "2023-01-02");
    }

    #[test]
    fn a_folder_that_is_no_repository_has_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        // Outside any repository only when the temp folder is not inside one; git then fails and the map is empty.
        if head_state(dir.path()).is_empty() {
            assert!(read(dir.path()).is_empty());
        }
    }
}
