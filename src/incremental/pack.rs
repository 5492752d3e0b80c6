//! A store of values by 64-bit key, kept between builds under `.helpsite-cache/<name>/`: `base.bin` holds the values
//! of some build, `added.bin` the ones added since, appended; the two are merged once the additions or the values no
//! longer used grow large. A store written by another helpsite is not read. Values are read back in parallel, in
//! chunks; a file cut short keeps what was whole. Failing to write only costs the next build some work.

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    program: String,
}

pub(crate) struct Pack<V> {
    dir: Option<PathBuf>,
    loaded: HashMap<u64, Arc<V>>,
    /// Bytes of `added.bin` when it was read.
    added_bytes: u64,
    base_bytes: u64,
    /// Values this build used or added, by key.
    used: Mutex<BTreeMap<u64, Arc<V>>>,
    new: Mutex<Vec<u64>>,
}

/// Reads the chunks of values after a header, in parallel; stops at the first chunk that does not read (a write cut
/// short). None when the header is another helpsite's.
fn read_records<V: DeserializeOwned + Send>(
    bytes: &[u8],
    into: &mut HashMap<u64, Arc<V>>,
) -> Option<()> {
    let (header, mut rest): (Header, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
    if header.format != FORMAT || header.program != crate::incremental::fingerprint::program() {
        return None;
    }
    let mut chunks: Vec<&[u8]> = Vec::new();
    while !rest.is_empty() {
        let Ok((chunk, tail)) = postcard::take_from_bytes::<&[u8]>(rest) else {
            break;
        };
        chunks.push(chunk);
        rest = tail;
    }
    let parsed: Vec<Option<Vec<(u64, V)>>> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes(c).ok())
        .collect();
    let parsed = parsed.into_iter().map_while(|c| c);
    for (key, value) in parsed.flatten() {
        into.insert(key, Arc::new(value));
    }
    Some(())
}

/// Writes values as chunks, each a length-prefixed run of bytes, one chunk in memory at a time.
fn write_chunks<V: Serialize>(out: &mut impl Write, values: &[(u64, &V)]) -> std::io::Result<()> {
    for chunk in values.chunks(128) {
        let bytes = postcard::to_stdvec(chunk).map_err(std::io::Error::other)?;
        postcard::to_io(&bytes.as_slice(), &mut *out).map_err(std::io::Error::other)?;
    }
    Ok(())
}

fn header_bytes() -> Vec<u8> {
    postcard::to_stdvec(&Header {
        format: FORMAT,
        program: crate::incremental::fingerprint::program(),
    })
    .unwrap_or_default()
}

impl<V: Serialize + DeserializeOwned + Send + Sync + 'static> Pack<V> {
    /// The store `name` of the site at `root`.
    pub(crate) fn open(root: &Path, name: &str) -> Self {
        let dir = root.join(".helpsite-cache").join(name);
        let mut loaded = HashMap::new();
        let mut sizes = [0u64; 2];
        for (i, file) in ["base.bin", "added.bin"].iter().enumerate() {
            if let Ok(bytes) = std::fs::read(dir.join(file)) {
                sizes[i] = bytes.len() as u64;
                if read_records(&bytes, &mut loaded).is_none() {
                    // Another helpsite's store: start again.
                    loaded.clear();
                    sizes = [0, 0];
                    let _ = std::fs::remove_file(dir.join("added.bin"));
                    break;
                }
            }
        }
        Pack {
            dir: Some(dir),
            loaded,
            base_bytes: sizes[0],
            added_bytes: sizes[1],
            used: Mutex::new(BTreeMap::new()),
            new: Mutex::new(Vec::new()),
        }
    }

    /// A store that holds nothing and keeps nothing.
    pub(crate) fn none() -> Self {
        Pack {
            dir: None,
            loaded: HashMap::new(),
            added_bytes: 0,
            base_bytes: 0,
            used: Mutex::new(BTreeMap::new()),
            new: Mutex::new(Vec::new()),
        }
    }

    /// The value kept for `key`, if it is `good`; it is then kept for the next build.
    pub(crate) fn get(&self, key: u64, good: impl FnOnce(&V) -> bool) -> Option<Arc<V>> {
        let value = self.loaded.get(&key).filter(|v| good(v))?;
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, value.clone());
        Some(value.clone())
    }

    /// Keeps a new value.
    pub(crate) fn put(&self, key: u64, value: V) -> Arc<V> {
        let value = Arc::new(value);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, value.clone());
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push(key);
        value
    }

    /// Writes what this build added; values it did not use go at the next merge.
    pub(crate) fn save(self) {
        let Some(dir) = self.dir else { return };
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        new.sort_unstable();
        new.dedup();
        let unused = self.loaded.keys().filter(|k| !used.contains_key(k)).count();
        if new.is_empty() && unused == 0 {
            return;
        }
        let _ = std::fs::create_dir_all(&dir);
        // Merge when the additions or the unused values have grown to a quarter of the store.
        let merge = self.added_bytes * 4 > self.base_bytes
            || unused * 4 > self.loaded.len()
            || self.base_bytes == 0;
        let write = |path: &Path, append: bool, values: &[(u64, &V)]| -> std::io::Result<()> {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .append(append)
                .truncate(!append)
                .open(path)?;
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
            if !append || self.added_bytes == 0 {
                out.write_all(&header_bytes())?;
            }
            write_chunks(&mut out, values)?;
            out.flush()
        };
        if merge {
            let all: Vec<(u64, &V)> = used.iter().map(|(k, v)| (*k, &**v)).collect();
            let tmp = dir.join("base.tmp");
            if write(&tmp, false, &all).is_ok()
                && std::fs::rename(&tmp, dir.join("base.bin")).is_ok()
            {
                let _ = std::fs::remove_file(dir.join("added.bin"));
            }
        } else {
            let added: Vec<(u64, &V)> = new
                .iter()
                .filter_map(|k| Some((*k, &**used.get(k)?)))
                .collect();
            if write(&dir.join("added.bin"), true, &added).is_err() {
                let _ = std::fs::remove_file(dir.join("added.bin"));
            }
        }
        crate::background::drop_later((used, self.loaded));
    }
}
