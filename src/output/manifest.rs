//! The manifest of a build's output: what the last build wrote (a hash, a size and a modification time per file),
//! kept in [`MARKER`] inside the output, and the check that each path in it stays inside the output.

use std::collections::BTreeMap;
use std::path::Path;

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
    /// Whether the last build wrote `.br` and `.gz` copies beside its text files.
    pub precompress: bool,
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
    pub(super) fn parse(text: &str) -> Result<Manifest, String> {
        let damaged = || "the output manifest cannot be read".to_string();
        let mut lines = text.lines();
        if lines.next().ok_or_else(damaged)? != MANIFEST_HEADER {
            return Err(damaged());
        }
        let mut m = Manifest::default();
        for line in lines {
            if let Some(inputs) = line.strip_prefix("inputs ") {
                m.inputs = Some(inputs.to_string());
            } else if line == "precompress" {
                m.precompress = true;
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
    pub(super) fn stamp_all(&mut self, dir: &Path) {
        use rayon::prelude::*;
        self.stamps = self
            .files
            .par_iter()
            .filter_map(|(path, _)| stamp(&dir.join(path)).map(|s| (path.clone(), s)))
            .collect();
    }

    /// The stamps of a rebuild's files in `dir`: the last build's for the files kept (each was found intact before
    /// it was kept), read from the disk for the files in `changed` and any the last build did not stamp.
    pub(super) fn carry_stamps(&mut self, previous: &Manifest, changed: &[String], dir: &Path) {
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

    pub(super) fn to_text(&self) -> String {
        let mut text = String::with_capacity(self.files.len() * 48 + 128);
        text.push_str(MANIFEST_HEADER);
        text.push('\n');
        if let Some(inputs) = &self.inputs {
            text.push_str(&format!("inputs {inputs}\n"));
        }
        if let Some((p, a, i)) = self.counts {
            text.push_str(&format!("counts {p} {a} {i}\n"));
        }
        if self.precompress {
            text.push_str("precompress\n");
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

/// Whether `path` is a plain relative path of a file inside the output: `/`-separated names, none empty, `.` or
/// `..`, no backslash, colon or control character (a drive letter or a Windows separator would leave the folder too).
pub(super) fn confined(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|name| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && !name.contains(|c: char| c == '\\' || c == ':' || c.is_control())
        })
}

pub(super) fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
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
}
