//! Images in articles: found beside the article (with version inheritance), checked, measured, and written under
//! content-hashed names so they can be cached forever.

use crate::config::SiteConfig;
use crate::markdown::{attr, Failure, ImageUse};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One image file of the content, as it will be published.
#[derive(Debug, Clone)]
pub struct ImageFile {
    pub source: PathBuf,
    /// Path in the output, `_img/<stem>.<hash>.<ext>`.
    pub output: String,
    pub width: u32,
    pub height: u32,
}

/// Alt text that marks an image as decorative: it gets `alt=""` and screen readers skip it.
pub const DECORATIVE: &str = "decorative";

/// Resolves and measures images; shared by the parallel renderers, each file read once.
pub struct Images<'a> {
    config: &'a SiteConfig,
    content_dir: PathBuf,
    cache: Mutex<BTreeMap<PathBuf, Result<Arc<ImageFile>, Failure>>>,
}

impl<'a> Images<'a> {
    pub fn new(root: &Path, config: &'a SiteConfig) -> Self {
        Images {
            config,
            content_dir: root.join("content"),
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    /// Every image used, for writing, in a stable order.
    pub fn files(&self) -> Vec<Arc<ImageFile>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<Arc<ImageFile>> = cache
            .values()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect();
        files.sort_by(|a, b| a.output.cmp(&b.output));
        files.dedup_by(|a, b| a.output == b.output);
        files
    }

    /// Finds `src` for the article `category/slug` as seen from `version`: the article's own folder in that version,
    /// else in the nearest older version that has the file.
    pub fn find(
        &self,
        version: usize,
        category: &str,
        slug: &str,
        src: &str,
    ) -> Result<PathBuf, Failure> {
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            return Err((
                format!("image {src:?} is not a file of the site"),
                "pages load nothing from other origins: save the image beside the article and link it by file name".into(),
            ));
        }
        let decoded = src.replace("%20", " ");
        let mut segments: Vec<String> = vec![category.to_string(), slug.to_string()];
        for seg in decoded.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Err((
                            format!("image path {src:?} leaves content/"),
                            format!("keep images in the article's folder, content/<version>/{category}/{slug}/, and write ![alt](file.png)"),
                        ));
                    }
                }
                s => segments.push(s.to_string()),
            }
        }
        let rel = segments.join("/");
        for v in (0..=version).rev() {
            let candidate = self
                .content_dir
                .join(&self.config.versions[v].id)
                .join(&rel);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        let here = format!("content/{}/{rel}", self.config.versions[version].id);
        Err((
            format!("image {src:?} not found (looked for {here} and in older versions)"),
            format!(
                "save the image as {here}, or correct the file name (names are case-sensitive)"
            ),
        ))
    }

    fn load(&self, path: &Path) -> Result<Arc<ImageFile>, Failure> {
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return hit.clone();
        }
        let result = measure(path);
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), result.clone());
        result
    }

    /// The HTML for one image use in an article at `root` (relative path to the site root).
    pub fn html(
        &self,
        version: usize,
        category: &str,
        slug: &str,
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
        let path = self.find(version, category, slug, image.src)?;
        let file = self.load(&path)?;
        let alt = if alt == DECORATIVE { "" } else { alt };
        let src = format!("{root}{}", file.output);
        let loading = if image.first {
            ""
        } else {
            " loading=\"lazy\" decoding=\"async\""
        };
        let img = format!(
            "<img src=\"{src}\" alt=\"{}\" width=\"{}\" height=\"{}\"{loading}>",
            attr(alt),
            file.width,
            file.height
        );
        if !image.figure {
            return Ok(img);
        }
        let caption = if image.title.is_empty() {
            String::new()
        } else {
            format!("<figcaption>{}</figcaption>", attr(image.title))
        };
        Ok(format!(
            "<figure class=\"screenshot\"><a class=\"zoom\" href=\"{src}\" aria-label=\"{} (open full size)\">{img}</a>{caption}</figure>\n",
            attr(if alt.is_empty() { "Image" } else { alt })
        ))
    }
}

fn measure(path: &Path) -> Result<Arc<ImageFile>, Failure> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| {
        (
            format!("cannot read image {name}: {e}"),
            "check the file's permissions".to_string(),
        )
    })?;
    let not_image = || {
        (
            format!("{name} is not a readable image"),
            "save it again as PNG or JPEG (screenshots are best as PNG)".to_string(),
        )
    };
    let reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|_| not_image())?;
    let format = reader.format().ok_or_else(not_image)?;
    // Decoding the whole image proves it is not truncated or corrupt, which the header alone would not.
    let decoded = reader.decode().map_err(|_| not_image())?;
    let ext = format.extensions_str().first().copied().unwrap_or("img");
    let hash = hex(&Sha256::digest(&bytes))[..10].to_string();
    let stem: String = Path::new(&name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    Ok(Arc::new(ImageFile {
        source: path.to_path_buf(),
        output: format!("_img/{stem}.{hash}.{ext}"),
        width: decoded.width(),
        height: decoded.height(),
    }))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
