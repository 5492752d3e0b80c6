//! Static files published under content-hashed names, so that they can be cached forever.

use sha2::{Digest, Sha256};

/// A file published under `_assets/`.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path in the output, e.g. `_assets/style.0123456789.css`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// `stem.<first 10 hex digits of sha256>.ext`: the name changes when the bytes do, so files can be cached forever.
pub(crate) fn hashed_name(dir: &str, stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{dir}/{stem}.{hash}.{ext}")
}
