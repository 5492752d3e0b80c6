//! Renderings of articles kept between builds, so that a rebuild parses only the Markdown that changed.
//!
//! An entry is found by a hash of everything rendering reads from the source (the text, its file, where the body
//! starts, its category, whether the front matter names the title). Rendering also asks the image stage for the HTML
//! of each image; an entry records those questions with their answers, and is used only when the image stage answers
//! them the same way now (an image changed, or resolves to another file in this version, and the article is rendered
//! again). The rest is fixed by the program, and a cache written by another helpsite is not read.
//!
//! Kept in `.helpsite-cache/renders/` under the site's root: `base.bin` holds the entries of some build, and
//! `added.bin` the entries added since, appended one by one; the two are merged once the additions or the unused
//! entries grow large.

use crate::markdown::{Failure, ImageUse, Input, Rendered};
use crate::report::Problem;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const FORMAT: u32 = 1;

/// An image as rendering asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageCall {
    pub src: String,
    pub alt: String,
    pub title: String,
    pub figure: bool,
    pub first: bool,
}

impl ImageCall {
    pub fn of(use_: &ImageUse) -> Self {
        ImageCall {
            src: use_.src.to_string(),
            alt: use_.alt.to_string(),
            title: use_.title.to_string(),
            figure: use_.figure,
            first: use_.first,
        }
    }

    fn as_use(&self) -> ImageUse<'_> {
        ImageUse {
            src: &self.src,
            alt: &self.alt,
            title: &self.title,
            figure: self.figure,
            first: self.first,
        }
    }
}

/// One rendering, with the image questions it asked (and a hash of each answer) and the problems rendering found.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub images: Vec<(ImageCall, u64)>,
    pub rendered: Arc<Rendered>,
    pub problems: Vec<Problem>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    program: String,
}

pub struct RenderCache {
    dir: Option<PathBuf>,
    loaded: HashMap<u64, Arc<Entry>>,
    /// Bytes of `added.bin` when it was read.
    added_bytes: u64,
    base_bytes: u64,
    /// Entries this build used or added, by key.
    used: Mutex<BTreeMap<u64, Arc<Entry>>>,
    new: Mutex<Vec<u64>>,
}

/// A hash of what the image stage answered.
pub fn answer_hash(answer: &Result<String, Failure>) -> u64 {
    let mut k = crate::state::Key::new();
    k.add_postcard(answer);
    k.finish()
}

/// The key of a rendering's Markdown input.
pub fn key(input: &Input) -> u64 {
    let mut k = crate::state::Key::new();
    k.add_bytes(input.file.to_string_lossy().as_bytes())
        .add_bytes(input.text.as_bytes())
        .add_bytes(input.category.as_bytes())
        .add_bytes(input.root.as_bytes())
        .add_bytes(&(input.body_offset as u64).to_le_bytes())
        .add_bytes(&[input.has_front_title as u8]);
    k.finish()
}

/// Reads the chunks of entries after a header, in parallel; stops at the first chunk that does not read (a write cut
/// short). None when the header is another helpsite's.
fn read_records(bytes: &[u8], into: &mut HashMap<u64, Arc<Entry>>) -> Option<()> {
    let (header, mut rest): (Header, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
    if header.format != FORMAT || header.program != crate::fingerprint::program() {
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
    let parsed: Vec<Option<Vec<(u64, Entry)>>> = chunks
        .par_iter()
        .map(|c| postcard::from_bytes(c).ok())
        .collect();
    let parsed = parsed.into_iter().map_while(|c| c);
    for (key, entry) in parsed.flatten() {
        into.insert(key, Arc::new(entry));
    }
    Some(())
}

/// Writes entries as chunks, each a length-prefixed run of bytes (read back in parallel), one chunk in memory at a time.
fn write_chunks(out: &mut impl Write, entries: &[(u64, &Entry)]) -> std::io::Result<()> {
    for chunk in entries.chunks(128) {
        let bytes = postcard::to_stdvec(chunk).map_err(std::io::Error::other)?;
        postcard::to_io(&bytes.as_slice(), &mut *out).map_err(std::io::Error::other)?;
    }
    Ok(())
}

fn header_bytes() -> Vec<u8> {
    postcard::to_stdvec(&Header {
        format: FORMAT,
        program: crate::fingerprint::program(),
    })
    .unwrap_or_default()
}

impl RenderCache {
    /// The cache of the site at `root`.
    pub fn open(root: &Path) -> Self {
        let dir = root.join(".helpsite-cache/renders");
        let mut loaded = HashMap::new();
        let mut sizes = [0u64; 2];
        for (i, name) in ["base.bin", "added.bin"].iter().enumerate() {
            if let Ok(bytes) = std::fs::read(dir.join(name)) {
                sizes[i] = bytes.len() as u64;
                if read_records(&bytes, &mut loaded).is_none() {
                    // Another helpsite's cache: start again.
                    loaded.clear();
                    sizes = [0, 0];
                    let _ = std::fs::remove_file(dir.join("added.bin"));
                    break;
                }
            }
        }
        RenderCache {
            dir: Some(dir),
            loaded,
            base_bytes: sizes[0],
            added_bytes: sizes[1],
            used: Mutex::new(BTreeMap::new()),
            new: Mutex::new(Vec::new()),
        }
    }

    /// A cache that holds nothing and keeps nothing.
    pub fn none() -> Self {
        RenderCache {
            dir: None,
            loaded: HashMap::new(),
            added_bytes: 0,
            base_bytes: 0,
            used: Mutex::new(BTreeMap::new()),
            new: Mutex::new(Vec::new()),
        }
    }

    /// The entry for `key` when the image stage answers its questions as it did (`image` is the image stage now).
    pub fn get(
        &self,
        key: u64,
        image: &dyn Fn(&ImageUse) -> Result<String, Failure>,
    ) -> Option<Arc<Entry>> {
        let entry = self.loaded.get(&key)?;
        if !entry
            .images
            .iter()
            .all(|(call, answer)| answer_hash(&image(&call.as_use())) == *answer)
        {
            return None;
        }
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, entry.clone());
        Some(entry.clone())
    }

    /// Keeps a new rendering.
    pub fn put(&self, key: u64, entry: Entry) -> Arc<Entry> {
        let entry = Arc::new(entry);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, entry.clone());
        self.new.lock().unwrap_or_else(|e| e.into_inner()).push(key);
        entry
    }

    /// Writes what this build added. Failing to write only costs the next build some rendering.
    pub fn save(self) {
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
        // Merge when the additions or the unused entries have grown to a quarter of the cache.
        let merge = self.added_bytes * 4 > self.base_bytes
            || unused * 4 > self.loaded.len()
            || self.base_bytes == 0;
        let write = |path: &Path, append: bool, entries: &[(u64, &Entry)]| -> std::io::Result<()> {
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
            write_chunks(&mut out, entries)?;
            out.flush()
        };
        if merge {
            let all: Vec<(u64, &Entry)> = used.iter().map(|(k, e)| (*k, &**e)).collect();
            let tmp = dir.join("base.tmp");
            if write(&tmp, false, &all).is_ok()
                && std::fs::rename(&tmp, dir.join("base.bin")).is_ok()
            {
                let _ = std::fs::remove_file(dir.join("added.bin"));
            }
        } else {
            let added: Vec<(u64, &Entry)> = new
                .iter()
                .filter_map(|k| Some((*k, &**used.get(k)?)))
                .collect();
            if write(&dir.join("added.bin"), true, &added).is_err() {
                let _ = std::fs::remove_file(dir.join("added.bin"));
            }
        }
        crate::drop_later((used, self.loaded));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(html: &str, image_answer: &str) -> Entry {
        Entry {
            images: vec![(
                ImageCall {
                    src: "shot.png".into(),
                    alt: "A shot".into(),
                    title: String::new(),
                    figure: true,
                    first: true,
                },
                answer_hash(&Ok(image_answer.to_string())),
            )],
            rendered: Arc::new(Rendered {
                html: html.into(),
                ..Default::default()
            }),
            problems: vec![Problem::warning("content/v1/a.md", Some(3), "a warning")],
        }
    }

    #[test]
    fn a_rendering_is_found_again_only_while_its_images_answer_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let cache = RenderCache::open(dir.path());
        cache.put(1, entry("<p>one</p>", "<img one>"));
        cache.put(2, entry("<p>two</p>", "<img two>"));
        cache.save();

        let answer = |a: &'static str| move |_: &ImageUse| Ok::<String, Failure>(a.to_string());
        let cache = RenderCache::open(dir.path());
        let hit = cache.get(1, &answer("<img one>")).expect("found");
        assert_eq!(hit.rendered.html, "<p>one</p>");
        assert_eq!(hit.problems.len(), 1, "its warnings come back with it");
        assert!(
            cache.get(1, &answer("<img changed>")).is_none(),
            "the image changed"
        );
        assert!(cache.get(3, &answer("<img one>")).is_none());
        // Entry 2 is not used by this build; a new one is added.
        cache.put(3, entry("<p>three</p>", "<img three>"));
        cache.save();

        let cache = RenderCache::open(dir.path());
        assert!(cache.get(3, &answer("<img three>")).is_some(), "added");
        assert!(cache.get(1, &answer("<img one>")).is_some(), "kept");
    }

    #[test]
    fn a_cache_cut_short_keeps_what_was_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = RenderCache::open(dir.path());
        for k in 0..300 {
            cache.put(k, entry(&format!("<p>{k}</p>"), "<img>"));
        }
        cache.save();
        let base = dir.path().join(".helpsite-cache/renders/base.bin");
        let bytes = std::fs::read(&base).unwrap();
        std::fs::write(&base, &bytes[..bytes.len() - 10]).unwrap();
        let cache = RenderCache::open(dir.path());
        let answer = |_: &ImageUse| Ok::<String, Failure>("<img>".to_string());
        let found = (0..300)
            .filter(|k| cache.get(*k, &answer).is_some())
            .count();
        assert!((128..300).contains(&found), "{found} of 300");
    }
}
