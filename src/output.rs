//! Writing the site: everything goes into a temporary folder beside the output folder, which replaces the old output
//! only once the whole build succeeded. A failed build leaves the previous site untouched.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Marks a folder as a helpsite output, so a build never replaces a folder it did not make.
pub const MARKER: &str = ".helpsite-output";

pub struct Output {
    /// None when checking: files are counted, not written.
    staging: Option<PathBuf>,
    target: PathBuf,
    files: AtomicUsize,
    committed: bool,
    /// What each file holds for the link check, scanned as it is written (also when checking).
    written: crate::html_scan::Written,
}

impl Output {
    /// A sink that writes nothing (for `helpsite check`).
    pub fn discard() -> Self {
        Output {
            staging: None,
            target: PathBuf::new(),
            files: AtomicUsize::new(0),
            committed: false,
            written: Default::default(),
        }
    }

    /// Prepares a staging folder for `target`. Refuses a target that holds files but was not made by helpsite.
    pub fn begin(target: &Path) -> Result<Self, String> {
        if target.exists() {
            if !target.is_dir() {
                return Err(format!(
                    "the output {} exists and is not a folder",
                    target.display()
                ));
            }
            let empty = std::fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !target.join(MARKER).is_file() {
                return Err(format!(
                    "the output folder {} holds files helpsite did not write; refusing to replace it (choose another --output-dir, or empty it)",
                    target.display()
                ));
            }
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "site".into());
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                format!(
                    "cannot create a staging folder in {}: {e}",
                    parent.display()
                )
            })?
            .keep();
        Ok(Output {
            staging: Some(staging),
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
            committed: false,
            written: Default::default(),
        })
    }

    /// Writes one file, `path` relative to the site root with `/` separators.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.written.record(path, bytes);
        let Some(staging) = &self.staging else {
            return Ok(());
        };
        let full = staging.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))
    }

    /// Every file written so far, with the ids and links of its pages, for the check of the built site.
    pub fn written(&self) -> &crate::html_scan::Written {
        &self.written
    }

    pub fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Puts the staged site in place of the old one.
    pub fn commit(mut self) -> Result<(), String> {
        let Some(staging) = self.staging.clone() else {
            self.committed = true;
            return Ok(());
        };
        std::fs::write(
            staging.join(MARKER),
            b"This folder is written by helpsite build and replaced by each build.\n",
        )
        .map_err(|e| format!("cannot write the output marker: {e}"))?;
        let old = if self.target.exists() {
            let old = staging.with_extension("old");
            std::fs::rename(&self.target, &old).map_err(|e| {
                format!(
                    "cannot move the old output {} aside: {e}",
                    self.target.display()
                )
            })?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staging, &self.target) {
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &self.target);
            }
            return Err(format!(
                "cannot move the new site into {}: {e}",
                self.target.display()
            ));
        }
        self.committed = true;
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            if let Some(staging) = &self.staging {
                let _ = std::fs::remove_dir_all(staging);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_build_leaves_the_old_site_and_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::begin(&site).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.commit().unwrap();
        let out = Output::begin(&site).unwrap();
        out.write("a/index.html", b"two").unwrap();
        drop(out);
        assert_eq!(std::fs::read(site.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(leftovers.len(), 1, "only site/ remains");
    }

    #[test]
    fn a_folder_not_made_by_helpsite_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), b"x").unwrap();
        let err = Output::begin(dir.path()).err().unwrap();
        assert!(err.contains("refusing to replace it"));
    }
}
