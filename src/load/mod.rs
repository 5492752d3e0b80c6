//! Loading: `content/site.toml`, the walk of `content/` with version inheritance, each article's front matter, and the
//! ledger of published addresses.

pub(crate) mod categories;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod front_matter;
pub(crate) mod git_dates;
pub(crate) mod languages;
pub(crate) mod ledger;
pub(crate) mod names;
