//! Keys: a hash of everything a memo of the last build is made from, so that it is reused only when that is the same.

use serde::Serialize;
use std::io::Write;
use xxhash_rust::xxh3::Xxh3;

/// A hash of what a value serialises to, for keys.
pub(crate) struct Key(Xxh3);

impl Key {
    pub(crate) fn new() -> Self {
        Key(Xxh3::new())
    }

    pub(crate) fn add(&mut self, value: &impl Serialize) -> &mut Self {
        serde_json::to_writer(&mut *self, value).expect("page contexts serialise");
        // A separator, so that two values never read as one.
        self.0.update(&[0xff]);
        self
    }

    /// Adds a value in postcard's encoding (faster than JSON; no `#[serde(flatten)]`).
    pub(crate) fn add_postcard(&mut self, value: &impl Serialize) -> &mut Self {
        postcard::to_io(value, &mut *self).expect("values serialise");
        self.0.update(&[0xff]);
        self
    }

    pub(crate) fn add_bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl Default for Key {
    fn default() -> Self {
        Self::new()
    }
}

impl Write for Key {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_when_any_part_differs_and_not_by_where_parts_split() {
        let key = |parts: &[&str]| {
            let mut k = Key::new();
            for p in parts {
                k.add(p);
            }
            k.finish()
        };
        assert_eq!(key(&["a", "b"]), key(&["a", "b"]));
        assert_ne!(key(&["a", "b"]), key(&["a", "c"]));
        assert_ne!(key(&["ab", ""]), key(&["a", "b"]));
        let bytes = |parts: &[&[u8]]| {
            let mut k = Key::new();
            for p in parts {
                k.add_bytes(p);
            }
            k.finish()
        };
        assert_ne!(bytes(&[b"ab", b""]), bytes(&[b"a", b"b"]));
    }
}
