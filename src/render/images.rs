//! Images in articles: found beside the article (with version inheritance), checked, measured, and published as a
//! `<figure>` with responsive, lossless variants under content-hashed names, so they can be cached forever.
//!
//! Two stages: while articles render (in parallel), [`Images::html`] resolves and checks each image, processes it
//! unless the cache (see [`crate::render::image_cache`]) already holds it, and writes its HTML; then [`Images::publish`]
//! writes the files. Processing comes first because which variants are worth publishing is known only once they
//! are encoded.

use crate::html::escape;
use crate::load::config::SiteConfig;
use crate::output::Output;
use crate::render::image_cache::{self, Cache, IndexEntry, Plan, Stamp};
use crate::render::markdown::{Failure, ImageUse};
use crate::render::placement::{self, Finder, Looked};
use crate::render::svg;
use crate::report::{display_path, Problem, Problems};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Alt text that marks an image as decorative: it gets `alt=""` and screen readers skip it.
pub(crate) const DECORATIVE: &str = "decorative";

/// How wide an article image is shown `depth` steps deep (0: not in a step; 1: in a step) and inside `plain` items of
/// plain lists, for the browser to choose a variant before layout. Taken from the default theme's geometry
/// (style.css): the page's side padding (`.layout`: 0.75rem each side up to 40rem wide, 1rem above), the text column
/// (`--measure`: 46rem), per step level a step's left and right padding and its 2 px borders (`ol.steps > li.step`:
/// 2.9rem + 0.4rem on phones, 3.25rem + 0.75rem above; a nested step 2.75rem on the left), and per plain list the
/// browser's indent (2.5rem). A browser test compares it with the width each image is drawn at.
pub(crate) fn sizes(depth: usize, plain: usize) -> String {
    let nested = depth.saturating_sub(1) as f64;
    let lists = depth.min(1) as f64;
    let border = 4 * depth.min(4);
    let indent = plain as f64 * 2.5;
    let phone = 1.5 + lists * 3.3 + nested * 3.15 + indent;
    let tablet = 2.0 + lists * 4.0 + nested * 3.5 + indent;
    let desktop = 46.0 - lists * 4.0 - nested * 3.5 - indent;
    // A CSS length from its first term less the others: `46rem`, or `calc(100vw - 4.8rem - 4px)`.
    let rem = |v: f64| format!("{}rem", (v * 100.0).round() / 100.0);
    let less = |first: String, minus: Option<String>| {
        let borders = (border > 0).then(|| format!("{border}px"));
        let terms: Vec<String> = [Some(first), minus, borders]
            .into_iter()
            .flatten()
            .collect();
        match terms.len() {
            1 => terms.concat(),
            _ => format!("calc({})", terms.join(" - ")),
        }
    };
    format!(
        "(max-width: 40rem) {}, (max-width: 48rem) {}, {}",
        less("100vw".into(), Some(rem(phone))),
        less("100vw".into(), Some(rem(tablet))),
        less(rem(desktop), None)
    )
}

/// With more images than this to process, a progress bar shows (when stderr is a terminal).
const PROGRESS_MIN: usize = 8;

/// One image file of the content, as it will be published.
#[derive(Debug)]
pub(crate) struct ImageFile {
    pub source: PathBuf,
    /// The source's path from the site root, e.g. `content/v100/email/gmail/app-passwords.png`.
    pub rel: String,
    /// The file name's stem, cleaned for URLs.
    pub stem: String,
    /// Hash of the source's bytes and the image settings: names the published files and the cache entry.
    pub key: String,
    pub plan: Plan,
    stamp: Option<Stamp>,
    /// Decoded and encoded by this build.
    processed: bool,
    /// The files encoded by this build when the cache could not keep them; else they are read back from the cache.
    encoded: Option<Encoded>,
}

/// Encoded files, (width, bytes); shown by their sizes only.
struct Encoded(Vec<(u32, Vec<u8>)>);

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let sizes: Vec<(u32, usize)> = self.0.iter().map(|(w, b)| (*w, b.len())).collect();
        write!(f, "Encoded({sizes:?})")
    }
}

impl ImageFile {
    /// Path of the full-size file in the output: `_img/<stem>.<hash>.<ext>`.
    pub(crate) fn output(&self) -> String {
        format!("_img/{}.{}.{}", self.stem, &self.key[..10], self.plan.ext)
    }

    /// Path of the variant `width` pixels wide: `_img/<stem>.<hash>-<width>w.<ext>`.
    pub(crate) fn variant(&self, width: u32) -> String {
        if width == self.plan.width {
            return self.output();
        }
        format!(
            "_img/{}.{}-{width}w.{}",
            self.stem,
            &self.key[..10],
            self.plan.ext
        )
    }

    /// The `srcset` value (empty without variants), URLs relative to `root`.
    pub(crate) fn srcset(&self, root: &str) -> String {
        if self.plan.variants.is_empty() {
            return String::new();
        }
        self.plan
            .variants
            .iter()
            .map(|v| v.0)
            .chain([self.plan.width])
            .map(|w| format!("{root}{} {w}w", self.variant(w)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What publishing the images did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Published {
    /// Distinct image files used by the articles.
    pub images: usize,
    /// Decoded and encoded in this build.
    pub processed: usize,
    /// Copied from the cache without decoding.
    pub cached: usize,
}

type Loaded = Arc<OnceLock<Result<Arc<ImageFile>, Failure>>>;

/// Resolves, checks, processes and publishes images; shared by the parallel renderers, each file looked at once.
pub(crate) struct Images {
    root: PathBuf,
    cache: Cache,
    /// Encode what the cache lacks (building); false when only checking.
    encode: bool,
    loaded: Mutex<BTreeMap<PathBuf, Loaded>>,
    finder: Finder,
    bar: indicatif::ProgressBar,
    /// Warnings found on the way (the cache could not be written), reported by `publish`.
    warnings: Mutex<Vec<Problem>>,
    /// The largest image processed, in megapixels (`max_image_megapixels` in site.toml).
    max_megapixels: u32,
    /// `[images]` in site.toml.
    encoding: image_cache::Encoding,
}

impl Images {
    /// Images of the site at `root`, with the cache in `root/.helpsite-cache/images/`. With `encode` false (checking
    /// only) images are decoded to check them, and nothing is encoded.
    pub(crate) fn new(root: &Path, config: &SiteConfig, encode: bool) -> Self {
        let encoding = image_cache::Encoding {
            lossy_quality: config.images.lossy_quality,
        };
        let cache = Cache::open(root.join(image_cache::CACHE_DIR), encoding.settings());
        let bar = if encode && std::io::stderr().is_terminal() {
            progress_bar(count_unknown(root, &cache))
        } else {
            indicatif::ProgressBar::hidden()
        };
        Images {
            root: root.to_path_buf(),
            finder: Finder::new(root, config),
            cache,
            encode,
            loaded: Mutex::new(BTreeMap::new()),
            bar,
            warnings: Mutex::new(Vec::new()),
            max_megapixels: config.max_image_megapixels,
            encoding,
        }
    }

    /// An image over the pixel limit is an error before it is decoded: its decoded pixels would take gigabytes.
    /// Checked on cached sizes too, so a lowered limit holds for every image.
    fn within_limit(&self, name: &str, width: u32, height: u32) -> Result<(), Failure> {
        let pixels = u64::from(width) * u64::from(height);
        if pixels <= u64::from(self.max_megapixels) * 1_000_000 {
            return Ok(());
        }
        Err((
            format!(
                "{name} is {width}x{height} pixels ({:.1} megapixels); helpsite processes images of up to {} megapixels",
                pixels as f64 / 1e6,
                self.max_megapixels
            ),
            "scale it down (a screenshot needs no more pixels than its screen) and save it again; or raise max_image_megapixels in content/site.toml".into(),
        ))
    }

    /// Finds the content's files (attachments use it too, sharing what it has looked at).
    pub(crate) fn finder(&self) -> &Finder {
        &self.finder
    }

    /// Every image used, in a stable order, one entry per published name.
    pub(crate) fn files(&self) -> Vec<Arc<ImageFile>> {
        let loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<Arc<ImageFile>> = loaded
            .values()
            .filter_map(|cell| cell.get().and_then(|r| r.as_ref().ok()).cloned())
            .collect();
        files.sort_by_key(|f| f.output());
        files.dedup_by_key(|f| f.output());
        files
    }

    /// Finds `src` for the article in the folder `dir` (its path in the version folder on disk) as seen from
    /// `version`. First in the article's own folder `own` (`<dir>/<file name>/`), as sites written for helpsite keep
    /// them; then by the path from the article's folder (`assets/x.png`, `../images/x.png`, `<slug>/x.png`), as
    /// exported help centers write them. Each path is inherited from older versions on its own.
    pub(crate) fn find(
        &self,
        version: usize,
        dir: &str,
        own: &str,
        src: &str,
    ) -> Result<PathBuf, Failure> {
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            return Err((
                format!("image {src:?} is not a file of the site"),
                "pages load nothing from other origins: save the image beside the article and link it by file name".into(),
            ));
        }
        let version_dir = self.finder.shown(version, "");
        let leaves = |how: &str| {
            (
                format!("image path {src:?} leaves {version_dir}{how}"),
                format!("keep images inside the version folder, in the article's folder content/<version>/{own}/ or a shared one such as content/<version>/{dir}/assets/, and write a relative path: ![alt](assets/file.png)"),
            )
        };
        let own_path = placement::resolve(&[own], src);
        let from_article = placement::resolve(&[dir], src);
        let mut tried = Vec::new();
        for rel in own_path.iter().chain(&from_article) {
            match self.finder.lookup(version, rel) {
                Looked::Found(path, _) => return Ok(path),
                Looked::Outside => {
                    return Err(leaves(" (a symbolic link to a file outside content/)"))
                }
                // An article alone in its folder (`bundle/index.md`) has that folder as its own: looked at once.
                Looked::Missing if tried.contains(&rel.as_str()) => {}
                Looked::Missing => tried.push(rel.as_str()),
            }
        }
        // The path is read from the article's folder: one that leaves the version folder from there is refused,
        // even when the same path from its `<slug>/` folder would not.
        let Some(rel) = from_article.as_deref() else {
            return Err(leaves(" (the folder of the version)"));
        };
        let here = self.finder.shown(version, rel);
        let looked = tried
            .iter()
            .map(|r| self.finder.shown(version, r))
            .collect::<Vec<_>>()
            .join(" and ");
        let hint = match tried.iter().find_map(|r| self.finder.near(version, r)) {
            Some(near) => format!(
                "there is {near}: write its name exactly as it is (names are case-sensitive)"
            ),
            None => {
                format!("save the image as {here}, or correct the path (names are case-sensitive)")
            }
        };
        Err((
            format!("image {src:?} not found (looked for {looked} and in older versions)"),
            hint,
        ))
    }

    fn load(&self, path: &Path) -> Result<Arc<ImageFile>, Failure> {
        let cell = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        cell.get_or_init(|| self.measure(path)).clone()
    }

    /// Size and plan of one source: from the cache index when the file is unchanged, else by decoding it whole
    /// (which also proves it is not truncated or corrupt).
    fn measure(&self, path: &Path) -> Result<Arc<ImageFile>, Failure> {
        let rel = display_path(path.strip_prefix(&self.root).unwrap_or(path));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = clean_stem(&name);
        let stamp = Stamp::of(path);
        let file = |key: String, plan: Plan, processed: bool, encoded: Option<Encoded>| {
            Ok(Arc::new(ImageFile {
                source: path.to_path_buf(),
                rel: rel.clone(),
                stem: stem.clone(),
                key,
                plan,
                stamp,
                processed,
                encoded,
            }))
        };
        if svg::is_svg(&name) {
            return self.measure_svg(path, &name, |key, plan| {
                file(key, plan, false, Some(Encoded(Vec::new())))
            });
        }
        if let Some(entry) = self.cache.unchanged(&rel, stamp) {
            self.within_limit(&name, entry.plan.width, entry.plan.height)?;
            return file(entry.key.clone(), entry.plan.clone(), false, None);
        }
        let bytes = std::fs::read(path).map_err(|e| {
            (
                format!("cannot read image {name}: {e}"),
                "check the file's permissions".to_string(),
            )
        })?;
        let key = image_cache::key(&bytes, self.cache.settings());
        if let Some(plan) = self.cache.plan(&key) {
            self.within_limit(&name, plan.width, plan.height)?;
            return file(key, plan, false, None);
        }
        if let Some((width, height)) = image_cache::dimensions(&bytes) {
            self.within_limit(&name, width, height)?;
        }
        let Some((format, decoded)) = image_cache::decode(&bytes) else {
            return Err((
                format!("{name} is not a readable image"),
                "save it again as PNG (best for screenshots) or JPEG; it may be truncated or misnamed".to_string(),
            ));
        };
        let plan = image_cache::plan(format, decoded.width(), decoded.height());
        if !self.encode {
            return file(key, plan, false, None);
        }
        let (plan, files) = image_cache::process(decoded, &plan, bytes.len(), self.encoding)
            .map_err(|e| {
                (
                    format!("{name}: {e}"),
                    "save it again as PNG or JPEG".to_string(),
                )
            })?;
        self.bar.inc(1);
        // Kept in memory only if the cache cannot keep them, so a large site's images are not all held at once.
        match self.cache.store(&key, &plan, &files) {
            Ok(()) => file(key, plan, true, None),
            Err(e) => {
                let mut warnings = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
                warnings.push(cache_warning(self.cache.dir(), e));
                file(key, plan, true, Some(Encoded(files)))
            }
        }
    }

    /// The HTML for one image use in an article at `root` (relative path to the site root).
    /// An SVG is checked on every build (parsing one is quick): published as it is, at its intrinsic size.
    fn measure_svg(
        &self,
        path: &Path,
        name: &str,
        file: impl FnOnce(String, Plan) -> Result<Arc<ImageFile>, Failure>,
    ) -> Result<Arc<ImageFile>, Failure> {
        let bytes = std::fs::read(path).map_err(|e| {
            (
                format!("cannot read image {name}: {e}"),
                "check the file's permissions".to_string(),
            )
        })?;
        let (width, height) = svg::check(&bytes).map_err(|r| {
            (
                format!("{name} (line {}) {}", r.line, r.message),
                "remove that from the SVG (in a drawing program: export as plain SVG, without scripts, links or web fonts), or save it as PNG".to_string(),
            )
        })?;
        let plan = Plan {
            width,
            height,
            ext: "svg".into(),
            full_is_source: true,
            variants: Vec::new(),
            lossy: None,
            lossy_files: Vec::new(),
        };
        file(image_cache::key(&bytes, self.cache.settings()), plan)
    }

    pub(crate) fn html(
        &self,
        version: usize,
        dir: &str,
        own: &str,
        root: &str,
        image: &ImageUse,
    ) -> Result<String, Failure> {
        let alt = image.alt.trim();
        if alt.is_empty() {
            return Err((
                format!("image {:?} has no alt text", image.src),
                format!("describe what the screenshot shows, e.g. ![The App passwords page with the Create button]({}); for a purely decorative image write ![{DECORATIVE}]({})", image.src, image.src),
            ));
        }
        let path = self.find(version, dir, own, image.src)?;
        let file = self.load(&path)?;
        Ok(img_html(&file, root, image))
    }

    /// Writes every image used into `out`: from the cache where it can, else decoding and encoding, in parallel.
    /// With `encode` false (checking only) nothing is encoded: the names are given to `out` with no bytes, for the
    /// check of the links in the built pages.
    pub(crate) fn publish(&self, out: &Output, encode: bool, problems: &mut Problems) -> Published {
        let files = self.files();
        let mut published = Published {
            images: files.len(),
            ..Published::default()
        };
        if !encode {
            for file in &files {
                let widths = file.plan.variants.iter().map(|v| v.0);
                for w in widths.chain([file.plan.width]) {
                    if let Err(e) = out.write(&file.variant(w), &[]) {
                        problems.push(Problem::error(&file.rel, None, e));
                    }
                }
            }
            return published;
        }
        self.bar.finish_and_clear();
        problems.extend(std::mem::take(
            &mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner()),
        ));
        let results: Vec<(Option<bool>, Vec<Problem>)> = files
            .par_iter()
            .map(|file| {
                let mut found = Vec::new();
                let processed = self.publish_one(file, out, &mut found);
                (processed, found)
            })
            .collect();
        for (processed, found) in results {
            match processed {
                Some(true) => published.processed += 1,
                Some(false) => published.cached += 1,
                None => {}
            }
            problems.extend(found);
        }
        let index: BTreeMap<String, IndexEntry> = files
            .iter()
            .filter_map(|f| {
                let entry = IndexEntry {
                    stamp: f.stamp?,
                    key: f.key.clone(),
                    plan: f.plan.clone(),
                };
                Some((f.rel.clone(), entry))
            })
            .collect();
        if let Err(e) = self.cache.save_index(index) {
            problems.push(cache_warning(self.cache.dir(), e));
        }
        published
    }

    /// Writes one image's files; Some(true) when it was processed by this build, Some(false) when it came from the
    /// cache.
    fn publish_one(
        &self,
        file: &ImageFile,
        out: &Output,
        problems: &mut Vec<Problem>,
    ) -> Option<bool> {
        let mut source = None;
        let (encoded, processed) = match &file.encoded {
            Some(Encoded(files)) => (files.clone(), true),
            None => match self.cache.files(&file.key, &file.plan) {
                Some(files) => (files, file.processed),
                None => {
                    // Known to the index, but the cache lost its files: encode them again, as recorded.
                    let bytes = read(file, problems)?;
                    let fail = |e: String| Problem::error(&file.rel, None, e).hint("build again");
                    if image_cache::key(&bytes, self.cache.settings()) != file.key {
                        problems.push(fail("the image changed during the build".into()));
                        return None;
                    }
                    let decoded = image_cache::decode(&bytes).map(|d| d.1);
                    let files = decoded
                        .ok_or_else(|| "the image can no longer be decoded".to_string())
                        .and_then(|d| image_cache::encode_plan(d, &file.plan));
                    let files = match files {
                        Ok(files) => files,
                        Err(e) => {
                            problems.push(fail(e));
                            return None;
                        }
                    };
                    if let Err(e) = self.cache.store(&file.key, &file.plan, &files) {
                        problems.push(cache_warning(self.cache.dir(), e));
                    }
                    source = Some(bytes);
                    (files, true)
                }
            },
        };
        let mut outputs: Vec<(String, Vec<u8>)> = encoded
            .into_iter()
            .map(|(w, bytes)| (file.variant(w), bytes))
            .collect();
        if file.plan.full_is_source {
            let bytes = match source {
                Some(bytes) => bytes,
                None => read(file, problems)?,
            };
            outputs.push((file.output(), bytes));
        }
        for (name, bytes) in outputs {
            if let Err(e) = out.write(&name, &bytes) {
                problems.push(Problem::error(&name, None, e));
                return None;
            }
        }
        Some(processed)
    }
}

fn img_html(file: &ImageFile, root: &str, image: &ImageUse) -> String {
    let alt = image.alt.trim();
    let alt = if alt == DECORATIVE { "" } else { alt };
    let src = escape(&format!("{root}{}", file.output()));
    let srcset = file.srcset(root);
    let srcset = if srcset.is_empty() {
        String::new()
    } else {
        format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape(&srcset),
            sizes(image.depth, image.plain)
        )
    };
    // The first image of a page may be on the first screen: load it at once; the rest as they come near.
    let loading = if image.first {
        ""
    } else {
        " loading=\"lazy\" decoding=\"async\""
    };
    let img = format!(
        "<img src=\"{src}\"{srcset} alt=\"{}\" width=\"{}\" height=\"{}\"{loading}>",
        escape(alt),
        file.plan.width,
        file.plan.height
    );
    if !image.figure {
        return img;
    }
    let caption = if image.title.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", escape(image.title))
    };
    // Without JavaScript the image is a link to its full-size file; with it, zoom.js opens that file over the page.
    format!(
        "<figure class=\"screenshot\"><a class=\"zoom\" href=\"{src}\" aria-label=\"{} (open full size)\">{img}</a>{caption}</figure>\n",
        escape(if alt.is_empty() { "Image" } else { alt })
    )
}

fn read(file: &ImageFile, problems: &mut Vec<Problem>) -> Option<Vec<u8>> {
    match std::fs::read(&file.source) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            problems.push(Problem::error(&file.rel, None, format!("cannot read: {e}")));
            None
        }
    }
}

fn cache_warning(dir: &Path, e: String) -> Problem {
    Problem::warning(display_path(dir), None, format!("the image cache was not updated: {e}"))
        .hint("the site is complete; the next build processes these images again. Check that the folder is writable")
}

/// A progress bar on stderr for `todo` images to process, hidden unless there are many.
fn progress_bar(todo: usize) -> indicatif::ProgressBar {
    if todo <= PROGRESS_MIN {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(todo as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "Processing images {bar:30} {pos}/{len} ({elapsed}, {eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Image files under `content/` that the cache's index does not know as they are now: about how many images this
/// build will process (an image no article uses is counted too).
fn count_unknown(root: &Path, cache: &Cache) -> usize {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
            ["png", "jpg", "jpeg", "gif", "webp"].contains(&ext.to_ascii_lowercase().as_str())
        })
        .filter(|e| {
            let rel = display_path(e.path().strip_prefix(root).unwrap_or(e.path()));
            cache.unchanged(&rel, Stamp::of(e.path())).is_none()
        })
        .count()
}

/// A file name stem safe in URLs: lowercase letters, digits, `-` and `_`.
fn clean_stem(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if !clean.chars().any(|c| c.is_ascii_alphanumeric()) {
        "image".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(width: u32, height: u32) -> ImageFile {
        ImageFile {
            source: PathBuf::from("content/v1/a/b/Shot 1.png"),
            rel: "content/v1/a/b/Shot 1.png".into(),
            stem: clean_stem("Shot 1.png"),
            key: "0123456789abcdef0123456789abcdef".into(),
            plan: image_cache::plan(image::ImageFormat::Png, width, height),
            stamp: None,
            processed: false,
            encoded: None,
        }
    }

    fn use_(
        first: bool,
        figure: bool,
        alt: &'static str,
        title: &'static str,
    ) -> ImageUse<'static> {
        ImageUse {
            src: "Shot 1.png",
            alt,
            title,
            figure,
            first,
            depth: 1,
            plain: 0,
        }
    }

    #[test]
    fn sizes_narrow_the_column_by_each_list_the_image_is_in() {
        assert_eq!(
            sizes(0, 0),
            "(max-width: 40rem) calc(100vw - 1.5rem), (max-width: 48rem) calc(100vw - 2rem), 46rem"
        );
        assert_eq!(
            sizes(1, 0),
            "(max-width: 40rem) calc(100vw - 4.8rem - 4px), (max-width: 48rem) calc(100vw - 6rem - 4px), calc(42rem - 4px)"
        );
        assert!(
            sizes(2, 0).ends_with("calc(38.5rem - 8px)"),
            "{}",
            sizes(2, 0)
        );
        assert_eq!(
            sizes(1, 1),
            "(max-width: 40rem) calc(100vw - 7.3rem - 4px), (max-width: 48rem) calc(100vw - 8.5rem - 4px), calc(39.5rem - 4px)",
            "a bullet under a step indents by the browser's 2.5rem, without a step's borders"
        );
        assert_eq!(
            sizes(0, 1),
            "(max-width: 40rem) calc(100vw - 4rem), (max-width: 48rem) calc(100vw - 4.5rem), 43.5rem"
        );
    }

    #[test]
    fn names_are_content_hashed_and_safe_in_urls() {
        let f = file(1520, 836);
        assert_eq!(f.output(), "_img/shot-1.0123456789.webp");
        assert_eq!(f.variant(800), "_img/shot-1.0123456789-800w.webp");
        assert_eq!(f.variant(1520), f.output());
        assert_eq!(clean_stem("..png"), "image");
    }

    #[test]
    fn a_large_image_lists_its_variants_and_the_original_in_srcset() {
        let f = file(1520, 836);
        assert_eq!(
            f.srcset("../"),
            "../_img/shot-1.0123456789-360w.webp 360w, ../_img/shot-1.0123456789-600w.webp 600w, \
             ../_img/shot-1.0123456789-720w.webp 720w, ../_img/shot-1.0123456789-1080w.webp 1080w, \
             ../_img/shot-1.0123456789.webp 1520w"
        );
        assert_eq!(file(400, 300).srcset("../"), "");
        assert_eq!(file(300, 200).srcset("../"), "");
    }

    #[test]
    fn a_figure_links_to_the_full_size_file_and_only_later_images_are_lazy() {
        let f = file(1520, 836);
        let html = img_html(&f, "../", &use_(true, true, "The page", "A caption"));
        assert!(html.starts_with("<figure class=\"screenshot\"><a class=\"zoom\" href=\"../_img/shot-1.0123456789.webp\""));
        assert!(html.contains("width=\"1520\" height=\"836\">"), "{html}");
        assert!(html.contains(&format!("sizes=\"{}\"", sizes(1, 0))));
        assert!(html.contains("<figcaption>A caption</figcaption>"));
        let later = img_html(&f, "../", &use_(false, false, "The page", ""));
        assert!(
            later.starts_with("<img ") && later.ends_with(" loading=\"lazy\" decoding=\"async\">"),
            "{later}"
        );
    }

    #[test]
    fn a_decorative_image_has_an_empty_alt() {
        let html = img_html(&file(300, 200), "", &use_(false, true, "decorative", ""));
        assert!(html.contains(" alt=\"\" "), "{html}");
        assert!(html.contains("aria-label=\"Image (open full size)\""));
        assert!(!html.contains("srcset"));
    }
}
