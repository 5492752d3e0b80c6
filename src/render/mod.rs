//! Rendering: each article's Markdown to HTML, with its steps, heading ids, widgets and images, cached by input; then
//! what the ledger of published addresses asks of each page (`history.rs`).

pub(crate) mod anchors;
pub(crate) mod articles;
pub(crate) mod attachments;
pub(crate) mod cache;
pub(crate) mod callouts;
pub(crate) mod file_links;
pub(crate) mod history;
pub(crate) mod hrefs;
pub(crate) mod image_cache;
pub(crate) mod images;
pub(crate) mod markdown;
pub(crate) mod placement;
pub(crate) mod raw_html;
pub(crate) mod step_map;
pub(crate) mod steps;
pub(crate) mod svg;
pub(crate) mod theme_text;
pub(crate) mod translations;
pub(crate) mod widgets;
