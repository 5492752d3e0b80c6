//! Loading: `content/site.toml`, the walk of `content/` with version inheritance, and each article's front matter.

pub(crate) mod categories;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod front_matter;
pub(crate) mod names;
