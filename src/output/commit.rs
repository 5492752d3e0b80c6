//! Putting a finished build in place of the last one, in one step: the new site is made whole in its staging folder
//! (a rebuild links the files it kept into it, without copying their bytes), then the staging folder and the output
//! trade places in one `rename` (Linux's `RENAME_EXCHANGE`). Whatever stops the process, the output is either the
//! old site or the new one, never a mix; the old site, now in the staging folder's place, is deleted last.

use super::manifest::{hash, Manifest, MARKER};
use super::{write_file, Mode, Output};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Why a commit failed, and whether the output was changed all the same (only where the exchange is two renames and
/// the second failed: the message then says where the old site is).
#[derive(Debug)]
pub(crate) struct CommitError {
    pub message: String,
    pub output_changed: bool,
}

impl CommitError {
    fn untouched(message: String) -> Self {
        CommitError {
            message,
            output_changed: false,
        }
    }
}

impl Output {
    /// Puts the new site in place, recording `inputs` (the fingerprint of what it was built from) and its counts.
    /// The old site is deleted on another thread: [`OldSite::wait`].
    pub(crate) fn commit(
        mut self,
        inputs: Option<String>,
        counts: (usize, usize, usize),
    ) -> Result<OldSite, CommitError> {
        crate::background::drop_later(std::mem::take(&mut self.written));
        let mut manifest = Manifest {
            inputs,
            counts: Some(counts),
            precompress: self.compress,
            files: std::mem::take(&mut *self.hashes.lock().unwrap_or_else(|e| e.into_inner())),
            stamps: BTreeMap::new(),
        };
        match std::mem::replace(&mut self.mode, Mode::Discard) {
            Mode::Discard => {
                self.committed = true;
                Ok(OldSite(None))
            }
            Mode::Fresh { staging } => {
                self.mode = Mode::Fresh {
                    staging: staging.clone(),
                };
                // A rename keeps a file's modification time: stamped in staging, as they will be in place.
                manifest.stamp_all(&staging);
                self.swap_in(&staging, &manifest)
            }
            Mode::Update { staging, previous } => {
                self.mode = Mode::Update {
                    staging: staging.clone(),
                    previous: Manifest::default(),
                };
                let mut changed =
                    std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
                let copied = self
                    .complete_staging(&staging, &previous, &manifest, &changed)
                    .map_err(CommitError::untouched)?;
                // A linked file has the modification time the last build recorded; a copied one is new.
                changed.extend(copied);
                manifest.carry_stamps(&previous, &changed, &staging);
                self.swap_in(&staging, &manifest)
            }
        }
    }

    /// Puts the complete site in `staging` in place of the target and deletes the old one (without following links).
    fn swap_in(&mut self, staging: &Path, manifest: &Manifest) -> Result<OldSite, CommitError> {
        let failed =
            |what: &str, e: std::io::Error| CommitError::untouched(format!("cannot {what}: {e}"));
        self.faults
            .step()
            .and_then(|()| std::fs::write(staging.join(MARKER), manifest.to_text()))
            .map_err(|e| failed("write the output manifest", e))?;
        self.faults
            .step()
            .map_err(|e| failed("move the new site in place", e))?;
        if std::fs::symlink_metadata(&self.target).is_err() {
            std::fs::rename(staging, &self.target).map_err(|e| {
                failed(
                    &format!("move the new site into {}", self.target.display()),
                    e,
                )
            })?;
            self.committed = true;
            return Ok(OldSite(None));
        }
        let old = self.exchange(staging).inspect_err(|e| {
            // The new site is where the message says: it stays.
            self.committed = e.output_changed;
        })?;
        self.committed = true;
        let _ = self.faults.step();
        Ok(OldSite::remove(old))
    }

    /// Trades the places of the output and `staging` in one rename where the system can (Linux), else in two: the
    /// output aside, the new site in. Returns where the old site is now.
    fn exchange(&self, staging: &Path) -> Result<PathBuf, CommitError> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            match renameat_with(CWD, staging, CWD, &self.target, RenameFlags::EXCHANGE) {
                Ok(()) => return Ok(staging.to_path_buf()),
                // A file system without the exchange (some network and FUSE ones): the two renames below.
                Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
                Err(e) => {
                    return Err(CommitError::untouched(format!(
                        "cannot move the new site into {}: {e}",
                        self.target.display()
                    )))
                }
            }
        }
        let mut old = staging.as_os_str().to_owned();
        old.push(".old");
        let old = PathBuf::from(old);
        std::fs::rename(&self.target, &old).map_err(|e| {
            CommitError::untouched(format!(
                "cannot move the old output {} aside: {e}",
                self.target.display()
            ))
        })?;
        if let Err(e) = std::fs::rename(staging, &self.target) {
            if std::fs::rename(&old, &self.target).is_ok() {
                return Err(CommitError::untouched(format!(
                    "cannot move the new site into {}: {e}",
                    self.target.display()
                )));
            }
            return Err(CommitError {
                message: format!(
                    "cannot move the new site into {} ({e}), nor the old one back: the old site is in {} and the new one in {}; rename either to {}",
                    self.target.display(),
                    old.display(),
                    staging.display(),
                    self.target.display()
                ),
                output_changed: true,
            });
        }
        Ok(old)
    }

    /// Makes `staging`, which holds the files this rebuild wrote, hold the whole new site: each file kept from the last
    /// build is linked in from the output (a hard link: no bytes copied, and the output's file stays as it is).
    /// Where the output's folder is a link helpsite did not make, or the file system has no hard links, it is copied,
    /// and only when it still has the bytes the last build wrote. Returns the files copied.
    fn complete_staging(
        &self,
        staging: &Path,
        previous: &Manifest,
        manifest: &Manifest,
        changed: &[String],
    ) -> Result<Vec<String>, String> {
        use rayon::prelude::*;
        let changed: HashSet<&str> = changed.iter().map(String::as_str).collect();
        let kept: Vec<(&String, &u64)> = manifest
            .files
            .iter()
            .filter(|(path, _)| !changed.contains(path.as_str()))
            .collect();
        let folders: BTreeSet<&str> = kept
            .iter()
            .filter_map(|(path, _)| path.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        let outside = folders_leaving(&self.target, &folders);
        // Level by level, each level's folders in parallel: a site has a folder per page.
        let mut levels: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for dir in folders
            .iter()
            .flat_map(|d| ancestors(d))
            .collect::<BTreeSet<_>>()
        {
            levels
                .entry(dir.matches('/').count())
                .or_default()
                .push(dir);
        }
        for dirs in levels.values() {
            dirs.par_iter().try_for_each(|dir| {
                let full = staging.join(dir);
                match std::fs::create_dir(&full) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                        Err(format!("cannot create {}: {e}", full.display()))
                    }
                    _ => Ok(()),
                }
            })?;
        }
        let copies: Vec<Option<String>> = kept
            .par_iter()
            .map(|&(path, h)| {
                let from = self.target.join(path);
                let to = staging.join(path);
                self.faults
                    .step()
                    .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
                let behind_link = path
                    .rsplit_once('/')
                    .is_some_and(|(dir, _)| outside.contains(dir));
                if !behind_link && std::fs::hard_link(&from, &to).is_ok() {
                    return Ok(None);
                }
                let bytes = std::fs::read(&from).ok();
                if bytes.as_deref().map(hash) != Some(*h) || previous.files.get(path) != Some(h) {
                    return Err(format!(
                        "{} is not the file the last build wrote{}; nothing was changed: delete the output folder and build again",
                        from.display(),
                        if behind_link { " (it lies behind a link helpsite did not make)" } else { "" }
                    ));
                }
                write_file(&to, bytes.as_deref().unwrap_or_default())
                    .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
                Ok(Some(path.clone()))
            })
            .collect::<Result<_, String>>()?;
        Ok(copies.into_iter().flatten().collect())
    }
}

/// `a/b/c`, `a/b` and `a`.
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(dir), |d| d.rsplit_once('/').map(|(parent, _)| parent))
}

/// The old site, being deleted after the new one took its place.
pub(crate) struct OldSite(Option<std::thread::JoinHandle<Option<String>>>);

impl OldSite {
    /// Deletes the folder `old` on another thread, its subfolders in parallel (without following links).
    fn remove(old: PathBuf) -> Self {
        OldSite(Some(std::thread::spawn(move || {
            use rayon::prelude::*;
            let mut parts: Vec<PathBuf> = Vec::new();
            for entry in std::fs::read_dir(&old).into_iter().flatten().flatten() {
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                match std::fs::read_dir(entry.path()) {
                    Ok(inner) if is_dir => parts.extend(inner.flatten().map(|e| e.path())),
                    _ => {}
                }
            }
            parts.par_iter().for_each(|part| {
                let _ = match std::fs::symlink_metadata(part) {
                    Ok(m) if m.is_dir() => std::fs::remove_dir_all(part),
                    _ => std::fs::remove_file(part),
                };
            });
            std::fs::remove_dir_all(&old).err().map(|e| {
                format!(
                    "the new site is in place, but the old one, moved to {}, could not be deleted ({e}); the next build tries again, or delete it by hand",
                    old.display()
                )
            })
        })))
    }

    /// Waits for the old site to be gone; a warning when some of it could not be deleted.
    pub(crate) fn wait(self) -> Option<String> {
        self.0.and_then(|h| h.join().ok().flatten())
    }
}

/// The folders among `folders` (paths inside the output `target`) that are not real folders of the output, or lie in
/// one: a symbolic link planted there may lead out of it. Each folder on the way is looked at once.
fn folders_leaving<'a>(target: &Path, folders: &BTreeSet<&'a str>) -> HashSet<&'a str> {
    let mut real: HashMap<&str, bool> = HashMap::new();
    let mut outside = HashSet::new();
    for &dir in folders {
        let mut end = 0;
        for name in dir.split('/') {
            end += name.len();
            let prefix = &dir[..end];
            end += 1;
            let is_real = *real.entry(prefix).or_insert_with(|| {
                std::fs::symlink_metadata(target.join(prefix)).is_ok_and(|m| m.file_type().is_dir())
            });
            if !is_real {
                outside.insert(dir);
                break;
            }
        }
    }
    outside
}
