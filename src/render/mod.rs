//! Rendering: each article's Markdown to HTML, with its steps, heading ids, widgets and images, cached by input.

pub mod anchors;
pub mod articles;
pub mod cache;
pub mod image_cache;
pub mod images;
pub mod markdown;
pub mod steps;
pub mod widgets;
