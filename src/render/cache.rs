//! Renderings of articles kept between builds, so that a rebuild parses only the Markdown that changed.
//!
//! An entry is found by a hash of everything rendering reads from the source (the text, its file, where the body
//! starts, its category, whether the front matter names the title). Rendering also asks the image stage for the HTML
//! of each image; an entry records those questions with their answers, and is used only when the image stage answers
//! them the same way now (an image changed, or resolves to another file in this version, and the article is rendered
//! again). The rest is fixed by the program, and a cache written by another helpsite is not read.
//!
//! Kept in `.helpsite-cache/renders/` under the site's root (see [`crate::incremental::pack`]).

use crate::incremental::pack::Pack;
use crate::render::markdown::{Failure, ImageUse, Input, Rendered};
use crate::report::Problem;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;

/// An image as rendering asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImageCall {
    pub src: String,
    pub alt: String,
    pub title: String,
    pub figure: bool,
    pub first: bool,
    pub depth: usize,
    #[serde(default)]
    pub plain: usize,
}

impl ImageCall {
    pub(crate) fn of(use_: &ImageUse) -> Self {
        ImageCall {
            src: use_.src.to_string(),
            alt: use_.alt.to_string(),
            title: use_.title.to_string(),
            figure: use_.figure,
            first: use_.first,
            depth: use_.depth,
            plain: use_.plain,
        }
    }

    fn as_use(&self) -> ImageUse<'_> {
        ImageUse {
            src: &self.src,
            alt: &self.alt,
            title: &self.title,
            figure: self.figure,
            first: self.first,
            depth: self.depth,
            plain: self.plain,
        }
    }
}

/// One rendering, with the image questions it asked (and a hash of each answer) and the problems rendering found.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub images: Vec<(ImageCall, u64)>,
    pub rendered: Arc<Rendered>,
    pub problems: Vec<Problem>,
}

/// A hash of what the image stage answered.
pub(crate) fn answer_hash(answer: &Result<String, Failure>) -> u64 {
    let mut k = crate::incremental::key::Key::new();
    k.add_postcard(answer);
    k.finish()
}

/// The key of a rendering's Markdown input.
pub(crate) fn key(input: &Input) -> u64 {
    let mut k = crate::incremental::key::Key::new();
    k.add_bytes(input.file.to_string_lossy().as_bytes())
        .add_bytes(input.text.as_bytes())
        .add_bytes(input.dir.as_bytes())
        .add_bytes(input.root.as_bytes())
        .add_bytes(&(input.body_offset as u64).to_le_bytes())
        .add_postcard(&input.front_title);
    k.finish()
}

/// The renderings of a site, in `.helpsite-cache/renders/` (see [`crate::incremental::pack`]).
pub(crate) struct RenderCache(Pack<Entry>);

impl RenderCache {
    /// The cache of the site at `root`.
    pub(crate) fn open(root: &Path) -> Self {
        RenderCache(Pack::open(root, "renders"))
    }

    /// A cache that holds nothing and keeps nothing.
    pub(crate) fn none() -> Self {
        RenderCache(Pack::none())
    }

    /// The entry for `key` when the image stage answers its questions as it did (`image` is the image stage now).
    pub(crate) fn get(
        &self,
        key: u64,
        image: &dyn Fn(&ImageUse) -> Result<String, Failure>,
    ) -> Option<Arc<Entry>> {
        self.0.get(key, |entry| {
            entry
                .images
                .iter()
                .all(|(call, answer)| answer_hash(&image(&call.as_use())) == *answer)
        })
    }

    /// Keeps a new rendering.
    pub(crate) fn put(&self, key: u64, entry: Entry) -> Arc<Entry> {
        self.0.put(key, entry)
    }

    /// Writes what this build added. Failing to write only costs the next build some rendering.
    pub(crate) fn save(self) {
        self.0.save()
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
                    depth: 1,
                    plain: 0,
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
