//! Loading: `content/site.toml`, the walk of `content/` with version inheritance, and each article's front matter.

pub mod config;
pub mod content;
pub mod front_matter;
