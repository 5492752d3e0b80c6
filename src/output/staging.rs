//! The staging folder a build writes into, beside the output, and the removal of those that killed builds left.

use std::path::{Path, PathBuf};

/// A staging folder beside `target` and the lock that marks it as a live build's: `.site.building-XXXX/` and
/// `.site.building-XXXX.lock`, locked for as long as the build runs. What killed builds left there goes first.
pub(super) fn staging_dir(target: &Path) -> Result<(PathBuf, Lock), String> {
    // Without `.` in the middle (`./site`), for the messages that name it.
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.components().collect(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    remove_dead_staging(&parent, &name);
    let cannot = |e: std::io::Error| {
        format!(
            "cannot create a staging folder in {}: {e}",
            parent.display()
        )
    };
    // The lock first, so that no other build ever sees the folder without it.
    let (file, lock_path) = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .suffix(".lock")
        .tempfile_in(&parent)
        .map_err(cannot)?
        .keep()
        .map_err(|e| cannot(e.error))?;
    let lock = Lock {
        path: lock_path,
        _file: file,
    };
    lock._file.try_lock().map_err(|e| cannot(e.into()))?;
    let dir = lock.path.to_string_lossy();
    let staging = PathBuf::from(dir.strip_suffix(".lock").unwrap_or(&dir));
    std::fs::create_dir(&staging).map_err(cannot)?;
    Ok((staging, lock))
}

/// The lock file of a live build's staging folder; removed when the build ends.
pub(super) struct Lock {
    pub(super) path: PathBuf,
    _file: std::fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes the staging folders (and the old outputs moved aside) that builds into `parent/name` left when they were
/// killed: those whose lock no live build holds. An old output moved aside by a build killed before it moved the new
/// one in (where the exchange is two renames) is put back instead.
fn remove_dead_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.building-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        if !file.starts_with(&prefix) || file.ends_with(".lock") {
            continue;
        }
        let base = file.strip_suffix(".old").unwrap_or(file);
        let lock = parent.join(format!("{base}.lock"));
        // Held from here on, so that the lock file goes only with its folder.
        let held = std::fs::File::open(&lock).ok();
        if held.as_ref().is_some_and(|f| f.try_lock().is_err()) {
            continue;
        }
        let target = parent.join(name);
        let put_back = file.ends_with(".old")
            && std::fs::symlink_metadata(&target).is_err()
            && std::fs::rename(entry.path(), &target).is_ok();
        // Never follows a link: a folder of ours is a real folder.
        if !put_back && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
        if held.is_some() {
            let _ = std::fs::remove_file(&lock);
        }
    }
}

/// Faults a test can make a build meet, from the environment, at the build's N-th file operation on its output or
/// staging folder: `HELPSITE_FAULT_ABORT_AT=N` ends the process there as a kill would (exit status 134, no
/// destructor runs: staging folder and lock are left behind);
/// `HELPSITE_FAULT_FULL_AT=N` makes that write and every later one fail as on a full disk.
#[derive(Default)]
pub(super) struct Faults {
    abort_at: Option<usize>,
    full_at: Option<usize>,
    done: std::sync::atomic::AtomicUsize,
}

impl Faults {
    pub(super) fn from_env() -> Self {
        let at = |name: &str| std::env::var(name).ok().and_then(|n| n.parse().ok());
        Faults {
            abort_at: at("HELPSITE_FAULT_ABORT_AT"),
            full_at: at("HELPSITE_FAULT_FULL_AT"),
            done: Default::default(),
        }
    }

    /// Counts one file operation; aborts or fails it when a fault is due.
    pub(super) fn step(&self) -> std::io::Result<()> {
        if self.abort_at.is_none() && self.full_at.is_none() {
            return Ok(());
        }
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if self.abort_at.is_some_and(|at| n >= at) {
            std::process::exit(134);
        }
        if self.full_at.is_some_and(|at| n >= at) {
            // ENOSPC on Linux and macOS.
            return Err(std::io::Error::from_raw_os_error(28));
        }
        Ok(())
    }
}
