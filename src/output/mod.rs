//! Writing the site, so that a failed build leaves the previous site untouched and a rebuild writes only what changed.
//!
//! - A first build (no output yet, or an empty folder) writes everything into a staging folder beside the output and
//!   renames it into place at the end.
//! - A rebuild into a folder helpsite wrote compares each file with the manifest of the last build (a hash per file,
//!   kept in [`MARKER`]): unchanged files are not written at all; changed and new files go to a staging folder; at
//!   the end, once the whole build has succeeded, they are moved into place one by one (each move atomic), files the
//!   new build no longer has are deleted, and the manifest is replaced last.
//!
//! Either way nothing in the output changes before every check has passed.

pub(crate) mod assets;
pub(crate) mod scan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Marks a folder as a helpsite output (so a build never replaces a folder it did not make), and holds the manifest
/// of the last build: its inputs' fingerprint and a hash per file.
pub const MARKER: &str = ".helpsite-output";

const MANIFEST_HEADER: &str =
    "# helpsite output manifest: written by `helpsite build`, replaced by each build.";

/// What the last build wrote, read from [`MARKER`].
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Manifest {
    /// Fingerprint of the last build's inputs (content, templates, options, the program itself).
    pub inputs: Option<String>,
    /// The last build's summary line data: pages, articles, images.
    pub counts: Option<(usize, usize, usize)>,
    /// Path -> hash of the bytes.
    pub files: BTreeMap<String, u64>,
    /// Path -> the file's size and modification time as the build left it: a file the build would keep is trusted
    /// only while they match (one edited or restored by hand is written again). Absent in manifests of older builds.
    pub stamps: BTreeMap<String, Stamp>,
}

/// A file's size and modification time (nanoseconds since the epoch).
pub(crate) type Stamp = (u64, u64);

/// The size and modification time of the file at `path`, None if it is no file.
pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as u64;
    Some((meta.len(), mtime))
}

impl Manifest {
    pub(crate) fn read(dir: &Path) -> Option<Manifest> {
        Manifest::parse(&std::fs::read_to_string(dir.join(MARKER)).ok()?).ok()
    }

    /// Reads a manifest's text. A path that is not a plain relative path inside the output makes the whole manifest
    /// damaged: the output may have been restored from elsewhere or edited, and a build only ever writes or deletes
    /// inside its own folder.
    fn parse(text: &str) -> Result<Manifest, String> {
        let damaged = || "the output manifest cannot be read".to_string();
        let mut lines = text.lines();
        if lines.next().ok_or_else(damaged)? != MANIFEST_HEADER {
            return Err(damaged());
        }
        let mut m = Manifest::default();
        for line in lines {
            if let Some(inputs) = line.strip_prefix("inputs ") {
                m.inputs = Some(inputs.to_string());
            } else if let Some(counts) = line.strip_prefix("counts ") {
                let n: Vec<usize> = counts.split(' ').filter_map(|n| n.parse().ok()).collect();
                if let [pages, articles, images] = n[..] {
                    m.counts = Some((pages, articles, images));
                }
            } else if let Some((fields, path)) = line.split_once('\t') {
                if !confined(path) {
                    return Err(format!(
                        "the output manifest names {path:?}, which is not a file inside the output"
                    ));
                }
                let mut fields = fields.split(' ');
                let hash = fields.next().unwrap_or_default();
                let hash = u64::from_str_radix(hash, 16).map_err(|_| damaged())?;
                m.files.insert(path.to_string(), hash);
                if let (Some(size), Some(mtime)) = (fields.next(), fields.next()) {
                    let size = size.parse().map_err(|_| damaged())?;
                    let mtime = mtime.parse().map_err(|_| damaged())?;
                    m.stamps.insert(path.to_string(), (size, mtime));
                }
            } else {
                return Err(damaged());
            }
        }
        Ok(m)
    }

    /// Records the size and modification time of every file, as it is in `dir`.
    fn stamp_all(&mut self, dir: &Path) {
        use rayon::prelude::*;
        self.stamps = self
            .files
            .par_iter()
            .filter_map(|(path, _)| stamp(&dir.join(path)).map(|s| (path.clone(), s)))
            .collect();
    }

    /// The stamps of a rebuild's files in `dir`: the last build's for the files kept (each was found intact before
    /// it was kept), read from the disk for the files in `changed` and any the last build did not stamp.
    fn carry_stamps(&mut self, previous: &Manifest, changed: &[String], dir: &Path) {
        use rayon::prelude::*;
        let changed: std::collections::HashSet<&str> = changed.iter().map(String::as_str).collect();
        self.stamps = self
            .files
            .par_iter()
            .filter_map(|(path, _)| {
                let kept = previous
                    .stamps
                    .get(path)
                    .filter(|_| !changed.contains(path.as_str()));
                kept.copied()
                    .or_else(|| stamp(&dir.join(path)))
                    .map(|s| (path.clone(), s))
            })
            .collect();
    }

    /// Whether every file it lists is in `dir` with the size and modification time it recorded: a manifest without
    /// them (an older build's) cannot tell, and is not trusted.
    pub(crate) fn matches_disk(&self, dir: &Path) -> bool {
        use rayon::prelude::*;
        self.stamps.len() == self.files.len()
            && self
                .stamps
                .par_iter()
                .all(|(path, was)| stamp(&dir.join(path)).as_ref() == Some(was))
    }

    fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.files.len() * 48 + 128);
        text.push_str(MANIFEST_HEADER);
        text.push('\n');
        if let Some(inputs) = &self.inputs {
            text.push_str(&format!("inputs {inputs}\n"));
        }
        if let Some((p, a, i)) = self.counts {
            text.push_str(&format!("counts {p} {a} {i}\n"));
        }
        for (path, hash) in &self.files {
            match self.stamps.get(path) {
                Some((size, mtime)) => {
                    text.push_str(&format!("{hash:016x} {size} {mtime}\t{path}\n"))
                }
                None => text.push_str(&format!("{hash:016x}\t{path}\n")),
            }
        }
        text
    }
}

enum Mode {
    /// `helpsite check`: files are counted and scanned, not written.
    Discard,
    /// Everything goes to `staging`, which replaces the target.
    Fresh { staging: PathBuf },
    /// Only changed files go to `staging`; `previous` is the last build's manifest.
    Update {
        staging: PathBuf,
        previous: Manifest,
    },
}

pub(crate) struct Output {
    mode: Mode,
    target: PathBuf,
    files: AtomicUsize,
    /// Files this build produced, with the hash of their bytes.
    hashes: Mutex<BTreeMap<String, u64>>,
    /// Files written to staging in update mode, to move into place.
    changed: Mutex<Vec<String>>,
    committed: bool,
    /// Why the last build's manifest was not used, when it was there but damaged.
    damaged: Option<String>,
    /// Held while this build's staging folder exists.
    lock: Option<Lock>,
    /// What each file holds for the link check, scanned as it is written (also when checking).
    written: crate::output::scan::Written,
}

/// Whether `path` is a plain relative path of a file inside the output: `/`-separated names, none empty, `.` or
/// `..`, no backslash, colon or control character (a drive letter or a Windows separator would leave the folder too).
fn confined(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|name| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && !name.contains(|c: char| c == '\\' || c == ':' || c.is_control())
        })
}

/// The first folder on the way from `target` to its file `path` that is not a real folder of the output (a symbolic
/// link, which may lead out of it, or a file), checking each folder once (`seen`).
fn leaves_output<'p>(
    target: &Path,
    path: &'p str,
    seen: &mut std::collections::HashSet<&'p str>,
) -> Option<&'p str> {
    let mut end = 0;
    for name in path.split('/') {
        end += name.len();
        if end == path.len() {
            return None;
        }
        let dir = &path[..end];
        end += 1;
        if !seen.insert(dir) {
            continue;
        }
        match std::fs::symlink_metadata(target.join(dir)) {
            Ok(m) if m.file_type().is_dir() => {}
            // Not there yet: the commit creates it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            _ => return Some(dir),
        }
    }
    None
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A staging folder beside `target` and the lock that marks it as a live build's: `.site.building-XXXX/` and
/// `.site.building-XXXX.lock`, locked for as long as the build runs. What killed builds left there goes first.
fn staging_dir(target: &Path) -> Result<(PathBuf, Lock), String> {
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
struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes the staging folders (and the old outputs moved aside) that builds into `parent/name` left when they were
/// killed: those whose lock no live build holds.
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
        // Never follows a link: a folder of ours is a real folder.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
        if held.is_some() {
            let _ = std::fs::remove_file(&lock);
        }
    }
}

fn write_file(full: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))
}

impl Output {
    fn with_mode(mode: Mode, target: &Path) -> Self {
        Output {
            mode,
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
            hashes: Mutex::new(BTreeMap::new()),
            changed: Mutex::new(Vec::new()),
            committed: false,
            damaged: None,
            lock: None,
            written: Default::default(),
        }
    }

    /// A sink that writes nothing (for `helpsite check`).
    pub(crate) fn discard() -> Self {
        Output::with_mode(Mode::Discard, Path::new(""))
    }

    /// Prepares to write `target`. Refuses a target that holds files but was not made by helpsite.
    pub(crate) fn begin(target: &Path) -> Result<Self, String> {
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
        let last = std::fs::read_to_string(target.join(MARKER))
            .ok()
            .map(|t| Manifest::parse(&t));
        let (staging, lock) = staging_dir(target)?;
        let (mode, damaged) = match last {
            Some(Ok(previous)) => (Mode::Update { staging, previous }, None),
            // A damaged manifest is not trusted with a single path: the site is built afresh and swapped in whole.
            Some(Err(why)) => (Mode::Fresh { staging }, Some(why)),
            None => (Mode::Fresh { staging }, None),
        };
        let mut out = Output::with_mode(mode, target);
        out.damaged = damaged;
        out.lock = Some(lock);
        Ok(out)
    }

    /// Why the last build's manifest was ignored, when it was damaged (this build then replaces the output whole).
    pub(crate) fn damaged(&self) -> Option<&str> {
        self.damaged.as_deref()
    }

    /// The last build's manifest, when this build updates its output.
    pub(crate) fn previous(&self) -> Option<&Manifest> {
        match &self.mode {
            Mode::Update { previous, .. } => Some(previous),
            _ => None,
        }
    }

    /// Whether `path` can be kept as the last build wrote it: this build updates its output and the file is there,
    /// as the manifest says.
    pub(crate) fn can_keep(&self, path: &str) -> bool {
        self.hash_before(path).is_some() && self.intact(path)
    }

    /// Keeps the page `path` as the last build wrote it, without its bytes (check [`Output::can_keep`] first).
    pub(crate) fn keep(&self, path: &str) {
        let Some(h) = self.hash_before(path) else {
            return;
        };
        if path.ends_with(".html") {
            self.written.record_kept(path);
            self.count(path, h);
        } else {
            // Kept search files and the like: nothing in them for the link check.
            self.record(path, b"", h);
        }
    }

    /// Whether the last build's file at `path` is still as it left it: there, with the size and modification time
    /// it recorded (only that it is there, for a manifest without them).
    fn intact(&self, path: &str) -> bool {
        let Mode::Update { previous, .. } = &self.mode else {
            return false;
        };
        let now = stamp(&self.target.join(path));
        match previous.stamps.get(path) {
            Some(was) => now.as_ref() == Some(was),
            None => now.is_some(),
        }
    }

    /// The hash of the bytes the last build wrote at `path`, when this build updates its output.
    pub(crate) fn hash_before(&self, path: &str) -> Option<u64> {
        match &self.mode {
            Mode::Update { previous, .. } => previous.files.get(path).copied(),
            _ => None,
        }
    }

    /// Every file this build produced with the hash of its bytes.
    pub(crate) fn hashes(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        self.hashes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The bytes of a file this build kept (they are in the output folder, as the last build wrote them).
    pub(crate) fn read_kept(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.target.join(path)).ok()
    }

    /// Writes one file, `path` relative to the site root with `/` separators.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let h = self.account(path, bytes);
        match &self.mode {
            Mode::Discard => Ok(()),
            Mode::Fresh { staging } => write_file(&staging.join(path), bytes),
            Mode::Update { staging, previous } => {
                if previous.files.get(path) == Some(&h) && self.intact(path) {
                    return Ok(());
                }
                write_file(&staging.join(path), bytes)?;
                self.changed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(path.to_string());
                Ok(())
            }
        }
    }

    /// Writes a large file made piece by piece (`links.json`) without holding it whole: `fill` writes it, buffered,
    /// into staging (or nowhere, when checking) while it is hashed; a rebuild keeps the old file when the hash is the
    /// same. Not scanned for the link check.
    pub(crate) fn write_streamed(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        struct Hashing<W> {
            inner: W,
            hash: xxhash_rust::xxh3::Xxh3,
        }
        impl<W: std::io::Write> std::io::Write for Hashing<W> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let n = self.inner.write(buf)?;
                self.hash.update(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.inner.flush()
            }
        }
        let staged = match &self.mode {
            Mode::Discard => None,
            Mode::Fresh { staging } | Mode::Update { staging, .. } => Some(staging.join(path)),
        };
        let failed = |e: std::io::Error| format!("cannot write {path}: {e}");
        // Buffered before the hashing, so both see large chunks.
        fn run<W: std::io::Write>(
            inner: W,
            fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
        ) -> std::io::Result<u64> {
            let mut w = std::io::BufWriter::with_capacity(
                256 * 1024,
                Hashing {
                    inner,
                    hash: Default::default(),
                },
            );
            fill(&mut w)?;
            let hashing = w.into_inner().map_err(|e| e.into_error())?;
            Ok(hashing.hash.digest())
        }
        let h = match &staged {
            None => run(std::io::sink(), fill).map_err(failed)?,
            Some(full) => {
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                let file = std::fs::File::create(full).map_err(failed)?;
                run(file, fill).map_err(failed)?
            }
        };
        self.record(path, b"", h);
        if let (Mode::Update { previous, .. }, Some(full)) = (&self.mode, &staged) {
            if previous.files.get(path) == Some(&h) && self.intact(path) {
                let _ = std::fs::remove_file(full);
            } else {
                self.changed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(path.to_string());
            }
        }
        Ok(())
    }

    /// Writes `path` with the same bytes as `original`, written just before by this build (a `latest/` page and its
    /// version's page). A first build links the two names to one file, saving the write.
    pub(crate) fn write_copy(
        &self,
        path: &str,
        original: &str,
        bytes: &[u8],
    ) -> Result<(), String> {
        if let Mode::Fresh { staging } = &self.mode {
            let to = staging.join(path);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            if std::fs::hard_link(staging.join(original), &to).is_ok() {
                self.account(path, bytes);
                return Ok(());
            }
        }
        self.write(path, bytes)
    }

    /// Counts, scans (for the site check) and hashes a file this build produces; the one hash serves both the
    /// manifest and the scan's reuse of identical pages. Returns it.
    fn account(&self, path: &str, bytes: &[u8]) -> u64 {
        let h = hash(bytes);
        self.record(path, bytes, h);
        h
    }

    fn record(&self, path: &str, bytes: &[u8], h: u64) {
        self.written.record(path, bytes, h);
        self.count(path, h);
    }

    /// Counts a file of this build and notes its hash for the manifest.
    fn count(&self, path: &str, h: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), h);
    }

    /// Every file written so far, with the ids and links of its pages, for the check of the built site.
    pub(crate) fn written(&self) -> &crate::output::scan::Written {
        &self.written
    }

    pub(crate) fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// How many files this build actually wrote (all of them for a first build; the changed ones for a rebuild).
    pub(crate) fn changed_count(&self) -> usize {
        match &self.mode {
            Mode::Update { .. } => self.changed.lock().unwrap_or_else(|e| e.into_inner()).len(),
            _ => self.file_count(),
        }
    }

    /// Puts the new site in place, recording `inputs` (the fingerprint of what it was built from) and its counts.
    pub(crate) fn commit(
        mut self,
        inputs: Option<String>,
        counts: (usize, usize, usize),
    ) -> Result<(), String> {
        crate::background::drop_later(std::mem::take(&mut self.written));
        let mut manifest = Manifest {
            inputs,
            counts: Some(counts),
            files: std::mem::take(&mut *self.hashes.lock().unwrap_or_else(|e| e.into_inner())),
            stamps: BTreeMap::new(),
        };
        match std::mem::replace(&mut self.mode, Mode::Discard) {
            Mode::Discard => {
                self.committed = true;
                Ok(())
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
                let changed =
                    std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
                let gone: Vec<&String> = previous
                    .files
                    .keys()
                    .filter(|p| !manifest.files.contains_key(*p))
                    .collect();
                // Every file moved in or deleted lies in a real folder of the output: a symbolic link planted there
                // is never followed out. Where one is, the new site is completed in staging and swapped in whole.
                let mut seen = std::collections::HashSet::new();
                let outside = changed
                    .iter()
                    .chain(gone.iter().copied())
                    .find_map(|p| leaves_output(&self.target, p, &mut seen));
                if let Some(dir) = outside {
                    let dir = dir.to_string();
                    self.complete_staging(&staging, &previous, &manifest, &changed, &dir)?;
                    manifest.stamp_all(&staging);
                    return self.swap_in(&staging, &manifest);
                }
                for path in &changed {
                    let to = self.target.join(path);
                    if let Some(dir) = to.parent() {
                        std::fs::create_dir_all(dir)
                            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                    }
                    std::fs::rename(staging.join(path), &to)
                        .map_err(|e| format!("cannot update {}: {e}", to.display()))?;
                }
                for gone in gone {
                    let path = self.target.join(gone);
                    let _ = std::fs::remove_file(&path);
                    // Folders left empty (a removed article's) go too; stop at the first that is not empty.
                    let mut dir = path.parent();
                    while let Some(d) = dir.filter(|d| *d != self.target) {
                        if std::fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
                // A file this rebuild kept was checked against its stamp on the way (see `Output::intact`): only
                // the files moved in, and those an older manifest had no stamp for, need looking at.
                manifest.carry_stamps(&previous, &changed, &self.target);
                let tmp = staging.join(MARKER);
                std::fs::write(&tmp, manifest.to_text())
                    .map_err(|e| format!("cannot write the output manifest: {e}"))?;
                std::fs::rename(&tmp, self.target.join(MARKER))
                    .map_err(|e| format!("cannot write the output manifest: {e}"))?;
                self.committed = true;
                let _ = std::fs::remove_dir_all(&staging);
                Ok(())
            }
        }
    }
}

impl Output {
    /// Puts the complete site in `staging` in place of the target: the old output is moved aside, the new one renamed
    /// in, the old one deleted (without following links).
    fn swap_in(&mut self, staging: &Path, manifest: &Manifest) -> Result<(), String> {
        std::fs::write(staging.join(MARKER), manifest.to_text())
            .map_err(|e| format!("cannot write the output manifest: {e}"))?;
        let old = if self.target.exists() {
            let mut old = staging.as_os_str().to_owned();
            old.push(".old");
            let old = PathBuf::from(old);
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
        if let Err(e) = std::fs::rename(staging, &self.target) {
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

    /// Copies the files a rebuild kept from the output into `staging`, which then holds the whole new site. A kept
    /// file must still have the bytes the last build wrote: one behind the link `link` may not.
    fn complete_staging(
        &self,
        staging: &Path,
        previous: &Manifest,
        manifest: &Manifest,
        changed: &[String],
        link: &str,
    ) -> Result<(), String> {
        let changed: std::collections::HashSet<&str> = changed.iter().map(String::as_str).collect();
        for (path, h) in &manifest.files {
            if changed.contains(path.as_str()) {
                continue;
            }
            let bytes = std::fs::read(self.target.join(path)).ok();
            if bytes.as_deref().map(hash) != Some(*h) || previous.files.get(path) != Some(h) {
                return Err(format!(
                    "{} is not the file the last build wrote (it lies behind {}, which helpsite did not make); nothing was changed: delete the output folder and build again",
                    self.target.join(path).display(),
                    self.target.join(link).display()
                ));
            }
            write_file(&staging.join(path), bytes.as_deref().unwrap_or_default())?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            if let Mode::Fresh { staging } | Mode::Update { staging, .. } = &self.mode {
                let _ = std::fs::remove_dir_all(staging);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_inside_the_output() {
        for ok in [
            "index.html",
            "v2/email/gmail/index.html",
            "_img/a.0123.webp",
            ".helpsite-x",
        ] {
            assert!(confined(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "./x",
            "a//b",
            "a/",
            "..\\x",
            "C:/x",
            "a\nb",
            "a/./b",
        ] {
            assert!(!confined(bad), "{bad:?}");
        }
    }

    fn site_files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string()
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_dropped_build_leaves_the_old_site_and_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::begin(&site).unwrap();
        out.write("a/index.html", b"one").unwrap();
        out.commit(None, (1, 1, 0)).unwrap();
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

    #[test]
    fn a_rebuild_writes_only_changed_files_and_removes_the_ones_gone() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::begin(&site).unwrap();
        for (p, b) in [
            ("a/index.html", "a"),
            ("b/index.html", "b"),
            ("gone/x/index.html", "g"),
        ] {
            out.write(p, b.as_bytes()).unwrap();
        }
        out.commit(Some("one".into()), (3, 3, 0)).unwrap();
        let before = std::fs::metadata(site.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();

        let out = Output::begin(&site).unwrap();
        assert_eq!(out.previous().unwrap().inputs.as_deref(), Some("one"));
        out.write("a/index.html", b"a").unwrap();
        out.write("b/index.html", b"B").unwrap();
        out.write("c/index.html", b"c").unwrap();
        assert_eq!(
            out.changed_count(),
            2,
            "b changed and c is new; a is the same"
        );
        out.commit(Some("two".into()), (3, 3, 0)).unwrap();

        assert_eq!(
            site_files(&site),
            vec![MARKER, "a/index.html", "b/index.html", "c/index.html"]
        );
        assert_eq!(std::fs::read(site.join("b/index.html")).unwrap(), b"B");
        assert_eq!(
            std::fs::metadata(site.join("a/index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before,
            "a was not rewritten"
        );
        assert!(!site.join("gone").exists(), "emptied folders are removed");
        let m = Manifest::read(&site).unwrap();
        assert_eq!(m.inputs.as_deref(), Some("two"));
        assert_eq!(m.files.len(), 3);
    }

    #[test]
    fn a_copy_has_the_same_bytes_on_a_first_build_and_on_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for text in ["one", "two"] {
            let out = Output::begin(&site).unwrap();
            out.write("v2/index.html", text.as_bytes()).unwrap();
            out.write_copy("latest/index.html", "v2/index.html", text.as_bytes())
                .unwrap();
            out.commit(None, (2, 0, 0)).unwrap();
            assert_eq!(
                std::fs::read(site.join("latest/index.html")).unwrap(),
                text.as_bytes()
            );
            assert_eq!(
                std::fs::read(site.join("v2/index.html")).unwrap(),
                text.as_bytes()
            );
        }
    }

    #[test]
    fn a_streamed_file_is_written_whole_and_left_alone_when_a_rebuild_makes_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let big = |w: &mut dyn std::io::Write| {
            for i in 0..100_000 {
                writeln!(w, "line {i}")?;
            }
            Ok(())
        };
        let out = Output::begin(&site).unwrap();
        out.write_streamed("links.json", big).unwrap();
        out.commit(None, (0, 0, 0)).unwrap();
        let bytes = std::fs::read(site.join("links.json")).unwrap();
        assert_eq!(bytes.len(), 1_088_890);
        assert_eq!(
            Manifest::read(&site).unwrap().files["links.json"],
            hash(&bytes),
            "the same hash as a file written whole"
        );
        let before = std::fs::metadata(site.join("links.json"))
            .unwrap()
            .modified()
            .unwrap();

        let out = Output::begin(&site).unwrap();
        out.write_streamed("links.json", big).unwrap();
        assert_eq!(out.changed_count(), 0);
        out.commit(None, (0, 0, 0)).unwrap();
        assert_eq!(
            std::fs::metadata(site.join("links.json"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );

        let out = Output::begin(&site).unwrap();
        out.write_streamed("links.json", |w| w.write_all(b"new"))
            .unwrap();
        assert_eq!(out.changed_count(), 1);
        out.commit(None, (0, 0, 0)).unwrap();
        assert_eq!(std::fs::read(site.join("links.json")).unwrap(), b"new");
    }

    #[test]
    fn a_file_deleted_by_hand_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let out = Output::begin(&site).unwrap();
        out.write("a/index.html", b"a").unwrap();
        out.commit(None, (1, 1, 0)).unwrap();
        std::fs::remove_file(site.join("a/index.html")).unwrap();
        let out = Output::begin(&site).unwrap();
        out.write("a/index.html", b"a").unwrap();
        out.commit(None, (1, 1, 0)).unwrap();
        assert_eq!(std::fs::read(site.join("a/index.html")).unwrap(), b"a");
    }
}
