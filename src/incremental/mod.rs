//! Reusing the last build: keys of what a memo is made from, the input fingerprint, the saved build state, and packs
//! (the on-disk store the render and search caches share).

pub mod fingerprint;
pub mod key;
pub mod pack;
pub mod state;
