//! Term ids for building the index: each distinct string gets a dense `u32`, from any thread. Articles are cut into
//! terms in parallel and remember ids, not strings; the index sorts terms by their strings at the end, so the ids'
//! order (which depends on the threads) never reaches the output.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// The Firefox/rustc hash: a multiply and a rotate per word, fast for the short keys here (terms, ids). Not
/// resistant to chosen collisions, which does not matter for a build's own content.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i.into());
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;

const SHARDS: usize = 16;

/// Strings to ids, shared by threads: a map per shard of the hash, so threads rarely wait for one another.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    shards: [Mutex<FxHashMap<Box<str>, u32>>; SHARDS],
    next: AtomicU32,
}

impl Interner {
    /// The id of `s`, a new one if it has none yet.
    pub(crate) fn id(&self, s: &str) -> u32 {
        let hash = FxBuildHasher::default().hash_one(s);
        // Not the top bits: the map uses them for its own tags.
        let shard = &self.shards[(hash >> 32) as usize % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(s) {
            return id;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        map.insert(s.into(), id);
        id
    }

    /// Every string, at the index of its id.
    pub(crate) fn into_strings(self) -> Vec<Box<str>> {
        let mut out: Vec<Box<str>> = vec![Box::from(""); self.next.into_inner() as usize];
        for shard in self.shards {
            let map = shard.into_inner().unwrap_or_else(|e| e.into_inner());
            for (s, id) in map {
                out[id as usize] = s;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_gets_one_id_from_any_thread_and_the_ids_lead_back_to_it() {
        let interner = Interner::default();
        let words: Vec<String> = (0..2000).map(|i| format!("w{}", i % 700)).collect();
        let ids: Vec<Vec<u32>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| words.iter().map(|w| interner.id(w)).collect::<Vec<u32>>()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(
            ids.windows(2).all(|w| w[0] == w[1]),
            "the same ids everywhere"
        );
        let strings = interner.into_strings();
        assert_eq!(strings.len(), 700);
        for (w, &id) in words.iter().zip(&ids[0]) {
            assert_eq!(&*strings[id as usize], w.as_str());
        }
    }
}
