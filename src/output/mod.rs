//! Writing the site, so that a failed build leaves the previous site untouched, a rebuild writes only what changed,
//! and whatever stops a build the output is the old site or the new one, never a mix.
//!
//! - A build writes into a staging folder beside the output. A first build writes everything there.
//! - A rebuild into a folder helpsite wrote compares each file with the manifest of the last build (a hash, size and
//!   modification time per file, kept in [`MARKER`]): unchanged files are not written at all, changed and new files
//!   go to staging.
//! - Once the whole build has succeeded, the commit ([`commit`]) completes staging with hard links to the kept files
//!   and swaps it with the output in one rename.
//!
//! Nothing in the output changes before every check has passed.

pub(crate) mod assets;
mod commit;
pub(crate) mod compress;
mod manifest;
pub(crate) mod scan;
mod staging;
pub(crate) mod types;

use manifest::hash;
pub use manifest::MARKER;
pub(crate) use manifest::{stamp, Manifest};
use staging::{staging_dir, Lock};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// The first file that could not be written (a full disk, a permission), and how many failed in all: the cause
    /// of a failed build, reported once.
    failure: Mutex<Option<(String, usize)>>,
    faults: staging::Faults,
    /// Whether `.br` and `.gz` copies are written beside each text file ([`compress`]).
    compress: bool,
    /// Folders of staging found there already by [`Output::make_dir`]: a category's Markdown copies and pages go into
    /// one, and asking the file system again costs two calls per file.
    made_dirs: Mutex<std::collections::HashSet<PathBuf>>,
}

fn write_file(full: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(full, bytes)
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
            failure: Mutex::new(None),
            faults: Default::default(),
            compress: false,
            made_dirs: Default::default(),
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
        out.faults = staging::Faults::from_env();
        Ok(out)
    }

    /// Writes `.br` and `.gz` copies beside each text file. A rebuild after one that did not (or the other way
    /// round) writes every file again, so that each page has its copies or none.
    pub(crate) fn precompress(&mut self, on: bool) {
        self.compress = on;
        if let Mode::Update { staging, previous } = &self.mode {
            if previous.precompress != on {
                self.mode = Mode::Fresh {
                    staging: staging.clone(),
                };
            }
        }
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
        if self.compress && compress::compressible(path) && !self.keep_copies(path) {
            // A copy deleted or changed by hand: made again from the kept file.
            if let Some(bytes) = self.read_kept(path) {
                let _ = self.write_copies(path, &bytes);
            }
        }
    }

    /// Keeps the compressed copies of `path` the last build wrote, when each is as it left it.
    fn keep_copies(&self, path: &str) -> bool {
        let copies: Vec<String> = compress::ENCODINGS
            .iter()
            .map(|ext| format!("{path}.{ext}"))
            .filter(|copy| self.hash_before(copy).is_some())
            .collect();
        if !copies.iter().all(|copy| self.intact(copy)) {
            return false;
        }
        for copy in &copies {
            if let Some(h) = self.hash_before(copy) {
                self.record(copy, b"", h);
            }
        }
        true
    }

    /// Writes the compressed copies of the file `path` that are smaller than it.
    fn write_copies(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        for (ext, copy) in compress::copies(bytes) {
            self.write_one(&format!("{path}.{ext}"), &copy)?;
        }
        Ok(())
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

    /// Writes one file, `path` relative to the site root with `/` separators, and its compressed copies.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let unchanged = self.write_one(path, bytes)?;
        if self.compress && compress::compressible(path) && !(unchanged && self.keep_copies(path)) {
            self.write_copies(path, bytes)?;
        }
        Ok(())
    }

    /// Writes one file; true when a rebuild kept it, the bytes being those the last build wrote.
    fn write_one(&self, path: &str, bytes: &[u8]) -> Result<bool, String> {
        let h = self.account(path, bytes);
        match &self.mode {
            Mode::Discard => Ok(false),
            Mode::Fresh { staging } => self
                .put(staging, path, |full| self.write_staged(full, bytes))
                .map(|()| false),
            Mode::Update { staging, previous } => {
                if previous.files.get(path) == Some(&h) && self.intact(path) {
                    return Ok(true);
                }
                self.put(staging, path, |full| self.write_staged(full, bytes))?;
                self.changed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(path.to_string());
                Ok(false)
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
        let staging = match &self.mode {
            Mode::Discard => None,
            Mode::Fresh { staging } | Mode::Update { staging, .. } => Some(staging),
        };
        let staged = staging.map(|s| s.join(path));
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
        let h = match staging {
            None => run(std::io::sink(), fill).map_err(|e| format!("cannot write {path}: {e}"))?,
            Some(staging) => {
                let mut h = 0;
                self.put(staging, path, |full| {
                    if let Some(dir) = full.parent() {
                        self.make_dir(dir)?;
                    }
                    h = run(std::fs::File::create(full)?, fill)?;
                    Ok(())
                })?;
                h
            }
        };
        self.record(path, b"", h);
        let mut unchanged = false;
        if let (Mode::Update { previous, .. }, Some(full)) = (&self.mode, &staged) {
            if previous.files.get(path) == Some(&h) && self.intact(path) {
                let _ = std::fs::remove_file(full);
                unchanged = true;
            } else {
                self.changed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(path.to_string());
            }
        }
        if let Some(full) = staged.filter(|_| self.compress && compress::compressible(path)) {
            if !(unchanged && self.keep_copies(path)) {
                let bytes = match unchanged {
                    true => self.read_kept(path),
                    false => std::fs::read(&full).ok(),
                };
                let bytes = bytes.ok_or_else(|| format!("cannot read back {path}"))?;
                self.write_copies(path, &bytes)?;
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
            let linked = self.faults.step().is_ok() && {
                let to = staging.join(path);
                to.parent().is_some_and(|dir| self.make_dir(dir).is_ok())
                    && std::fs::hard_link(staging.join(original), &to).is_ok()
            };
            if linked {
                self.account(path, bytes);
                if self.compress && compress::compressible(path) {
                    // The original's copies, linked too.
                    for ext in compress::ENCODINGS {
                        let from = format!("{original}.{ext}");
                        let Some(h) = self.hashes().get(&from).copied() else {
                            continue;
                        };
                        let name = format!("{path}.{ext}");
                        let linked = self.faults.step().is_ok()
                            && std::fs::hard_link(staging.join(&from), staging.join(&name)).is_ok();
                        if linked {
                            self.record(&name, b"", h);
                        } else {
                            let copy = std::fs::read(staging.join(&from))
                                .map_err(|e| format!("cannot read back {from}: {e}"))?;
                            self.write_one(&name, &copy)?;
                        }
                    }
                }
                return Ok(());
            }
        }
        self.write(path, bytes)
    }

    /// Writes a file of staging, making its folder when this build has not made it yet.
    fn write_staged(&self, full: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(dir) = full.parent() {
            self.make_dir(dir)?;
        }
        std::fs::write(full, bytes)
    }

    /// Makes a folder of staging and those it is in. A folder found there already is remembered, so the next file
    /// into it costs no call; a new one is not (most are a page's own folder, asked for once).
    fn make_dir(&self, dir: &Path) -> std::io::Result<()> {
        let known = || self.made_dirs.lock().unwrap_or_else(|e| e.into_inner());
        if known().contains(dir) {
            return Ok(());
        }
        match std::fs::create_dir(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
            Err(_) => std::fs::create_dir_all(dir)?,
        }
        known().insert(dir.to_path_buf());
        Ok(())
    }

    /// Writes the file `path` of the staging folder with `write`, counting the operation for [`staging::Faults`]. A
    /// failure of the machine (a full disk, a missing permission), not of the content, is noted as the build's cause
    /// of failure (the first one, and how many there were). Every failure is returned.
    fn put(
        &self,
        staging: &Path,
        path: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let result = self.faults.step().and_then(|()| write(&staging.join(path)));
        result.map_err(|e| {
            let message = format!(
                "cannot write {path} into the staging folder {}: {e}",
                staging.display()
            );
            use std::io::ErrorKind::*;
            if !matches!(
                e.kind(),
                StorageFull | QuotaExceeded | PermissionDenied | ReadOnlyFilesystem
            ) {
                return message;
            }
            let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
            match &mut *failure {
                Some((_, n)) => *n += 1,
                None => *failure = Some((message.clone(), 1)),
            }
            message
        })
    }

    /// The first file this build could not write and how many could not be written in all.
    pub(crate) fn failure(&self) -> Option<(String, usize)> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
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
