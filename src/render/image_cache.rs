//! Image processing and its cache across builds.
//!
//! Each source image gets a [`Plan`] (its size, the format it is published in and the widths of its smaller
//! variants) and a key, the hash of its bytes and of [`SETTINGS`]. The encoded files are stored in the cache folder
//! under that key, so a later build with the same image and settings copies them instead of decoding and encoding.
//! An index of (path, size, modification time) to key lets a build skip even reading and hashing unchanged files.
//!
//! Encoding is deterministic: the same source and settings give the same bytes, cached or not.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageEncoder, ImageFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Widths of the smaller variants, in pixels: the widths the default theme draws a screenshot at (see `sizes` in
/// images.rs) times the pixel densities of the screens that show it. In a step, a phone's column is 240-350 CSS px
/// (320-430 px screens): 360 at 1x, 600 at 1.75x (412 px Android phones, and Lighthouse's phone: 580 needed), 720
/// at 2x, 1080 at 3x. A desktop's is 664 px in a step and 736 px outside one: 720 at 1x, 1440 at 2x. The original is
/// always published too, as the largest.
pub(crate) const WIDTHS: &[u32] = &[360, 600, 720, 1080, 1440];
/// A variant is made only when it is at most this share of the original's width: a variant barely smaller than the
/// original saves too little to be worth a file.
pub(crate) const MAX_SHARE: f64 = 0.85;
/// A variant is kept only when its file is smaller than this share of the next larger file's bytes: never more
/// bytes for fewer pixels (fewer pixels still save a phone memory and decoding time). Lossless variants
/// of screenshots can be larger than the original: resampling turns a screenshot's few colours into many new
/// shades, which compress worse (the 1328-wide checker screenshot has 1,270 colours and is 55 kB lossless; its
/// 600-wide variant is 72 kB lossless, 40 kB lossy at quality 90).
pub(crate) const KEEP_BYTES: f64 = 1.0;
/// Quality of the JPEG variants of JPEG sources (photos; screenshots are PNG and stay lossless).
pub(crate) const JPEG_QUALITY: u8 = 88;
/// Everything that changes the bytes of a processed image. Changing any setting above, the filter or an encoder
/// must change this string, so no old cache entry is used for new settings.
pub(crate) const SETTINGS: &str =
    "helpsite-images/4 widths=360,600,720,1080,1440 share=0.85 keep-bytes=1.0 fir6-lanczos3 png>libwebp-0.9-lossless-m1-q70-exact webp,jpeg>as-is+variants jpeg-q88 gif>as-is image-0.25";
/// With `[images] lossy_quality`, a file of a PNG screenshot is published lossy only when its lossless WebP is more
/// than this many times the bytes of the lossy one (below that, lossless costs little and keeps every pixel), or when
/// only a lossy file makes a smaller variant worth keeping (see [`KEEP_BYTES`]).
pub(crate) const LOSSY_GAIN: f64 = 2.0;
/// ... and only for screenshots of this many pixels or more: small images (icons, buttons) are cheap lossless.
pub(crate) const LOSSY_MIN_PIXELS: u64 = 250_000;

/// The encoding choices site.toml makes, on top of [`SETTINGS`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Encoding {
    /// `[images] lossy_quality`.
    pub lossy_quality: Option<u8>,
}

impl Encoding {
    /// Everything that changes the bytes of a processed image, as stored with the cache and hashed into each key.
    pub(crate) fn settings(&self) -> String {
        match self.lossy_quality {
            None => SETTINGS.to_string(),
            Some(q) => format!(
                "{SETTINGS} png>webp-lossy-q{q} gain>{LOSSY_GAIN} min-pixels={LOSSY_MIN_PIXELS}"
            ),
        }
    }
}

/// The subfolder of the site root where processed images are kept between builds.
pub(crate) const CACHE_DIR: &str = ".helpsite-cache/images";

/// How one source image is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub width: u32,
    pub height: u32,
    /// Extension of every published file of this image: `webp`, `jpg` or `gif`.
    pub ext: String,
    /// The full-size file is the source's own bytes (JPEG, GIF, WebP); otherwise it is re-encoded (PNG to WebP).
    pub full_is_source: bool,
    /// (width, height) of each smaller variant, narrowest first: before processing the candidates, after it the
    /// variants kept (see [`KEEP_BYTES`]).
    pub variants: Vec<(u32, u32)>,
    /// The quality of its lossy WebP files, when some are (see [`LOSSY_GAIN`]) ...
    #[serde(default)]
    pub lossy: Option<u8>,
    /// ... and the widths of those files, narrowest first.
    #[serde(default)]
    pub lossy_files: Vec<u32>,
}

/// The widths of the variants of an image `width` pixels wide; never upscaled, never almost the original's width.
pub(crate) fn variant_widths(width: u32) -> Vec<u32> {
    WIDTHS
        .iter()
        .copied()
        .filter(|&w| f64::from(w) <= f64::from(width) * MAX_SHARE)
        .collect()
}

/// The height of a `width` x `height` image scaled to `to` pixels wide, rounded, at least 1.
pub(crate) fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    h.max(1) as u32
}

/// The plan for a decoded image of `format`, with every candidate variant.
pub(crate) fn plan(format: ImageFormat, width: u32, height: u32) -> Plan {
    let (ext, full_is_source, resize) = match format {
        ImageFormat::Png => ("webp", false, true),
        // A WebP source may be lossy: keep its own bytes at full size rather than inflate them losslessly.
        ImageFormat::WebP => ("webp", true, true),
        ImageFormat::Jpeg => ("jpg", true, true),
        // A GIF may be animated: published as it is, at its own size only.
        _ => ("gif", true, false),
    };
    let variants = if resize {
        variant_widths(width)
            .into_iter()
            .map(|w| (w, scaled_height(width, height, w)))
            .collect()
    } else {
        Vec::new()
    };
    Plan {
        width,
        height,
        ext: ext.to_string(),
        full_is_source,
        variants,
        lossy: None,
        lossy_files: Vec::new(),
    }
}

/// The cache key of a source: its bytes and the settings ([`Encoding::settings`]).
pub(crate) fn key(bytes: &[u8], settings: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(settings.as_bytes());
    hasher.update([0]);
    hasher.update(bytes);
    hex(&hasher.finalize()[..16])
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The width and height a source's header claims, read without decoding it (so without its memory).
pub(crate) fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Decodes a whole image (which proves it is not truncated or corrupt) and returns it with its format.
pub(crate) fn decode(bytes: &[u8]) -> Option<(ImageFormat, DynamicImage)> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let format = reader.format()?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return None;
    }
    let image = reader.decode().ok()?;
    Some((format, image))
}

/// Encoded files of one image: (width, bytes), narrowest first.
pub(crate) type Encoded = Vec<(u32, Vec<u8>)>;

/// The encoded files of one image: (width, bytes), narrowest first, the full size last (left out when it is the
/// source itself, which the caller copies). Returns the plan as published: only the variants worth their bytes.
/// `source_len` is the size of the source file, the full size's bytes when those are the source's own.
pub(crate) fn process(
    image: DynamicImage,
    plan: &Plan,
    source_len: usize,
    encoding: Encoding,
) -> Result<(Plan, Encoded), String> {
    let image = normalise(image, &plan.ext);
    let large = u64::from(plan.width) * u64::from(plan.height) >= LOSSY_MIN_PIXELS;
    let quality = encoding
        .lossy_quality
        .filter(|_| plan.ext == "webp" && large);
    let mut lossy_files = Vec::new();
    // One file, lossless unless lossy is allowed and worth it: lossless is more than LOSSY_GAIN times the bytes, or
    // (for a variant) too large to be kept beside the next larger file when a lossy one would be.
    let mut choose =
        |image: &DynamicImage, w: u32, larger: Option<usize>| -> Result<Vec<u8>, String> {
            let exact = encode(image, &plan.ext, None)?;
            let Some(q) = quality else { return Ok(exact) };
            let small = encode(image, &plan.ext, Some(q))?;
            let kept = |n: usize| larger.is_none_or(|l| (n as f64) < l as f64 * KEEP_BYTES);
            let worth = exact.len() as f64 > small.len() as f64 * LOSSY_GAIN
                || (!kept(exact.len()) && kept(small.len()));
            if worth {
                lossy_files.push(w);
                Ok(small)
            } else {
                Ok(exact)
            }
        };
    let mut files = Vec::new();
    let mut larger = source_len;
    if !plan.full_is_source {
        let full = choose(&image, plan.width, None)?;
        larger = full.len();
        files.push((plan.width, full));
    }
    let mut kept = Vec::new();
    for &(w, h) in plan.variants.iter().rev() {
        let bytes = choose(&resized(&image, w, h)?, w, Some(larger))?;
        if (bytes.len() as f64) < larger as f64 * KEEP_BYTES {
            larger = bytes.len();
            kept.push((w, h));
            files.push((w, bytes));
        }
    }
    kept.reverse();
    files.reverse();
    lossy_files.retain(|w| *w == plan.width || kept.iter().any(|k| k.0 == *w));
    lossy_files.sort_unstable();
    let published = Plan {
        variants: kept,
        lossy: quality.filter(|_| !lossy_files.is_empty()),
        lossy_files,
        ..plan.clone()
    };
    Ok((published, files))
}

/// The files of a plan already decided by [`process`] (and recorded in the cache), encoded again: the same bytes.
pub(crate) fn encode_plan(image: DynamicImage, plan: &Plan) -> Result<Vec<(u32, Vec<u8>)>, String> {
    let image = normalise(image, &plan.ext);
    let quality = |w: u32| plan.lossy.filter(|_| plan.lossy_files.contains(&w));
    let mut files = Vec::new();
    for &(w, h) in &plan.variants {
        files.push((w, encode(&resized(&image, w, h)?, &plan.ext, quality(w))?));
    }
    if !plan.full_is_source {
        files.push((plan.width, encode(&image, &plan.ext, quality(plan.width))?));
    }
    Ok(files)
}

/// `image` scaled to `w` x `h` with a Lanczos3 filter. fast_image_resize, not `image`'s own resize: on screenshots that
/// one took three quarters of a cold build (8.5 s for 200 screenshots and 800 articles).
fn resized(image: &DynamicImage, w: u32, h: u32) -> Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    let mut out = DynamicImage::new(w, h, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut out, &options)
        .map_err(|e| format!("cannot resize: {e}"))?;
    Ok(out)
}

/// 8-bit pixels in the fewest channels that hold the image exactly: an opaque alpha channel only costs bytes, and
/// JPEG has none.
fn normalise(image: DynamicImage, ext: &str) -> DynamicImage {
    use image::ColorType::{La16, La8, L16, L8};
    let gray = matches!(image.color(), L8 | La8 | L16 | La16);
    let alpha = image.color().has_alpha() && ext != "jpg" && !opaque(&image);
    match (gray, alpha) {
        (true, false) => DynamicImage::ImageLuma8(image.into_luma8()),
        (true, true) => DynamicImage::ImageLumaA8(image.into_luma_alpha8()),
        (false, false) => DynamicImage::ImageRgb8(image.into_rgb8()),
        (false, true) => DynamicImage::ImageRgba8(image.into_rgba8()),
    }
}

fn opaque(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageRgba8(buf) => buf.pixels().all(|p| p.0[3] == 255),
        DynamicImage::ImageLumaA8(buf) => buf.pixels().all(|p| p.0[1] == 255),
        other => other.to_rgba8().pixels().all(|p| p.0[3] == 255),
    }
}

/// `image` encoded as `ext`; a WebP losslessly, or lossy at quality `lossy`.
fn encode(image: &DynamicImage, ext: &str, lossy: Option<u8>) -> Result<Vec<u8>, String> {
    match ext {
        "webp" => webp(image, lossy),
        "jpg" => {
            let mut out = Vec::new();
            let (w, h, color) = (image.width(), image.height(), image.color().into());
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(image.as_bytes(), w, h, color)
                .map_err(|e| format!("cannot encode the image: {e}"))?;
            Ok(out)
        }
        other => Err(format!("no encoder for {other}")),
    }
}

/// A WebP from libwebp: its lossless encoder makes screenshots about a third of the size the `image` crate's
/// simple one does (151 kB against 51 kB for the checker screenshot). It takes 8-bit RGB or RGBA only; gray images
/// are widened to RGB (which keeps every pixel). With default settings (one thread) the same pixels give the same
/// bytes.
fn webp(image: &DynamicImage, lossy: Option<u8>) -> Result<Vec<u8>, String> {
    let (w, h) = (image.width(), image.height());
    let rgba;
    let rgb;
    let encoder = if image.color().has_alpha() {
        rgba = image.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), w, h)
    } else {
        rgb = image.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), w, h)
    };
    let Ok(mut config) = webp::WebPConfig::new() else {
        return Err("cannot set up the WebP encoder".to_string());
    };
    match lossy {
        Some(q) => config.quality = f32::from(q),
        None => {
            config.lossless = 1;
            // Effort 1 of 6 with quality 70: within 1% of the bytes of the default effort 4, in half the time.
            config.method = 1;
            config.quality = 70.0;
            // Keep the colour under transparent pixels too: lossless means every pixel as it was.
            config.exact = 1;
        }
    }
    encoder
        .encode_advanced(&config)
        .map(|m| m.to_vec())
        .map_err(|e| format!("cannot encode the image as WebP: {e:?}"))
}

/// Size and modification time of a file: when both are unchanged, the file is taken as unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub size: u64,
    pub mtime_ns: u64,
}

impl Stamp {
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            mtime_ns: u64::try_from(mtime.as_nanos()).ok()?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IndexEntry {
    pub stamp: Stamp,
    pub key: String,
    pub plan: Plan,
}

/// The cache folder. Every write goes to a temporary file renamed into place, so a build that stops half-way, or
/// two builds at once, never leave a partial file under a final name.
pub(crate) struct Cache {
    dir: PathBuf,
    /// [`Encoding::settings`] of this build: an index made with others is not used.
    settings: String,
    /// Source path (relative to the site root) to what it was when last processed.
    index: BTreeMap<String, IndexEntry>,
    unused: BTreeMap<String, u64>,
}

const INDEX: &str = "index.json";

/// The index file: valid only for the settings it was made with (the keys in it include them).
#[derive(Serialize, Deserialize)]
struct IndexFile {
    settings: String,
    images: BTreeMap<String, IndexEntry>,
    /// Keys with files in the cache that the last build did not use -> when a build first found them unused
    /// (seconds since 1970). Their files are deleted once they have been unused for [`KEEP_UNUSED_SECS`].
    #[serde(default)]
    unused: BTreeMap<String, u64>,
}

/// How long the files of an image no build uses are kept: long enough that switching between branches, or undoing
/// a change to a screenshot, finds them again; short enough that the cache does not grow for ever with every
/// screenshot ever replaced.
pub(crate) const KEEP_UNUSED_SECS: u64 = 14 * 24 * 60 * 60;

impl Cache {
    /// Opens the cache at `dir`; a missing or unreadable index, or one made with other settings, is an empty one.
    pub(crate) fn open(dir: PathBuf, settings: String) -> Cache {
        let file = std::fs::read(dir.join(INDEX))
            .ok()
            .and_then(|b| serde_json::from_slice::<IndexFile>(&b).ok());
        let unused = file.as_ref().map(|f| f.unused.clone()).unwrap_or_default();
        let index = file
            .filter(|file| file.settings == settings)
            .map(|file| file.images)
            .unwrap_or_default();
        Cache {
            dir,
            settings,
            index,
            unused,
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The settings this cache's keys are made with.
    pub(crate) fn settings(&self) -> &str {
        &self.settings
    }

    /// The index entry of `rel` if the file still has the same size and modification time.
    pub(crate) fn unchanged(&self, rel: &str, stamp: Option<Stamp>) -> Option<&IndexEntry> {
        let entry = self.index.get(rel)?;
        (Some(entry.stamp) == stamp).then_some(entry)
    }

    /// The plan stored for `key`, if that source was processed before.
    pub(crate) fn plan(&self, key: &str) -> Option<Plan> {
        let bytes = std::fs::read(self.dir.join(format!("{key}.json"))).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    fn file(&self, key: &str, width: u32, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{width}.{ext}"))
    }

    /// The encoded files of `key`, as [`process`] returns them, if all of them are in the cache.
    pub(crate) fn files(&self, key: &str, plan: &Plan) -> Option<Vec<(u32, Vec<u8>)>> {
        let full = (!plan.full_is_source).then_some(plan.width);
        plan.variants
            .iter()
            .map(|v| v.0)
            .chain(full)
            .map(|w| Some((w, std::fs::read(self.file(key, w, &plan.ext)).ok()?)))
            .collect()
    }

    /// Stores the encoded files of `key` and its plan (the plan last: it marks the entry complete).
    pub(crate) fn store(
        &self,
        key: &str,
        plan: &Plan,
        files: &[(u32, Vec<u8>)],
    ) -> Result<(), String> {
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            // Backup tools skip a folder with this tag (the Cache Directory Tagging Specification).
            write_atomic(
                &tag,
                b"Signature: 8a477f597d28d172789f06886806bc55\n# helpsite's image cache: safe to delete.\n",
            )?;
        }
        for (w, bytes) in files {
            write_atomic(&self.file(key, *w, &plan.ext), bytes)?;
        }
        let json = serde_json::to_vec(plan).map_err(|e| e.to_string())?;
        write_atomic(&self.dir.join(format!("{key}.json")), &json)
    }

    /// Replaces the index with the images of this build, and deletes the files of images no build has used for
    /// [`KEEP_UNUSED_SECS`].
    pub(crate) fn save_index(&self, images: BTreeMap<String, IndexEntry>) -> Result<(), String> {
        let now = std::time::SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.save_index_at(images, now)
    }

    fn save_index_at(&self, images: BTreeMap<String, IndexEntry>, now: u64) -> Result<(), String> {
        let unused = self.prune(&images, now);
        let file = IndexFile {
            settings: self.settings.clone(),
            images,
            unused,
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
        write_atomic(&self.dir.join(INDEX), &json)
    }

    /// Deletes the files of keys unused since longer than [`KEEP_UNUSED_SECS`] before `now`; returns the keys still
    /// unused with the time each was first found unused. Only files named like an entry (`<key>.json`,
    /// `<key>.<width>.<ext>`) are looked at; a cache folder that cannot be listed is left as it is.
    fn prune(&self, images: &BTreeMap<String, IndexEntry>, now: u64) -> BTreeMap<String, u64> {
        let used: std::collections::BTreeSet<&str> =
            images.values().map(|e| e.key.as_str()).collect();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return BTreeMap::new();
        };
        let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some((key, _)) = name.split_once('.') else {
                continue;
            };
            if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) && !used.contains(key)
            {
                files.entry(key.to_string()).or_default().push(entry.path());
            }
        }
        let mut unused = BTreeMap::new();
        for (key, paths) in files {
            let since = self.unused.get(&key).copied().unwrap_or(now);
            if now.saturating_sub(since) >= KEEP_UNUSED_SECS {
                // The plan file last: while it is there, the entry is looked up (and found incomplete).
                let (plans, others): (Vec<_>, Vec<_>) = paths
                    .into_iter()
                    .partition(|p| p.extension() == Some("json".as_ref()));
                for path in others.iter().chain(&plans) {
                    let _ = std::fs::remove_file(path);
                }
            } else {
                unused.insert(key, since);
            }
        }
        unused
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn screenshot_like(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            if (x / 7 + y / 11) % 5 == 0 {
                Rgb([20, 30, 40])
            } else if y % 40 < 3 {
                Rgb([200, 210, 230])
            } else {
                Rgb([255, 255, 255])
            }
        })
    }

    #[test]
    fn variants_are_never_upscaled_nor_almost_the_original_width() {
        assert_eq!(variant_widths(300), Vec::<u32>::new());
        assert_eq!(variant_widths(360), Vec::<u32>::new());
        assert_eq!(variant_widths(423), Vec::<u32>::new());
        assert_eq!(variant_widths(424), vec![360]);
        assert_eq!(variant_widths(1360), vec![360, 600, 720, 1080]);
        assert_eq!(variant_widths(1520), vec![360, 600, 720, 1080]);
        assert_eq!(variant_widths(3000), vec![360, 600, 720, 1080, 1440]);
    }

    #[test]
    fn scaled_heights_keep_the_aspect_ratio_rounded() {
        assert_eq!(scaled_height(1520, 836, 800), 440);
        assert_eq!(scaled_height(1520, 1184, 480), 374);
        assert_eq!(scaled_height(3000, 2, 480), 1);
    }

    #[test]
    fn png_is_published_as_lossless_webp_with_variants_and_jpeg_and_gif_keep_their_bytes() {
        let p = plan(ImageFormat::Png, 1520, 836);
        assert_eq!((p.ext.as_str(), p.full_is_source), ("webp", false));
        assert_eq!(
            p.variants,
            vec![(360, 198), (600, 330), (720, 396), (1080, 594)]
        );
        let j = plan(ImageFormat::Jpeg, 1000, 500);
        assert_eq!((j.ext.as_str(), j.full_is_source), ("jpg", true));
        assert_eq!(j.variants, vec![(360, 180), (600, 300), (720, 360)]);
        let g = plan(ImageFormat::Gif, 2000, 1000);
        assert_eq!(
            (g.ext.as_str(), g.full_is_source, g.variants.len()),
            ("gif", true, 0)
        );
    }

    #[test]
    fn the_full_size_webp_has_exactly_the_pixels_of_the_png() {
        // Photo-like noise: its smaller copy has fewer bytes, so the variant is kept.
        let img = DynamicImage::ImageRgb8(RgbImage::from_fn(700, 300, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503))
                .wrapping_mul(2_246_822_519);
            Rgb([(n >> 24) as u8, (n >> 16) as u8, (n >> 8) as u8])
        }));
        let p = plan(ImageFormat::Png, 700, 300);
        let (kept, files) = process(img.clone(), &p, 0, Encoding::default()).unwrap();
        assert_eq!(kept, p, "the 360 variant is worth its bytes");
        let (w, full) = files.last().unwrap();
        assert_eq!(*w, 700);
        let back = image::load_from_memory_with_format(full, ImageFormat::WebP).unwrap();
        assert_eq!(back.to_rgb8(), img.to_rgb8());
        let (w, small) = &files[0];
        assert_eq!(*w, 360);
        let small = image::load_from_memory(small).unwrap();
        assert_eq!(
            (small.width(), small.height()),
            (360, scaled_height(700, 300, 360))
        );
    }

    #[test]
    fn an_opaque_alpha_channel_is_dropped_and_a_real_one_kept() {
        let opaque = DynamicImage::ImageRgba8(RgbaImage::from_pixel(4, 4, Rgba([1, 2, 3, 255])));
        assert_eq!(normalise(opaque, "webp").color(), image::ColorType::Rgb8);
        let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(4, 4, Rgba([1, 2, 3, 0])));
        assert_eq!(normalise(clear, "webp").color(), image::ColorType::Rgba8);
    }

    #[test]
    fn encoding_twice_gives_the_same_bytes_and_the_recorded_plan_gives_them_again() {
        let img = DynamicImage::ImageRgb8(screenshot_like(900, 500));
        let p = plan(ImageFormat::Png, 900, 500);
        let (kept, files) = process(img.clone(), &p, 0, Encoding::default()).unwrap();
        assert_eq!(
            (kept.clone(), files.clone()),
            process(img.clone(), &p, 0, Encoding::default()).unwrap()
        );
        assert_eq!(encode_plan(img, &kept).unwrap(), files);
    }

    #[test]
    fn a_variant_that_saves_too_few_bytes_is_dropped() {
        // Sharp one-pixel stripes: every resampled copy is full of new shades and compresses worse.
        let img = DynamicImage::ImageRgb8(RgbImage::from_fn(1500, 400, |x, _| {
            if x % 2 == 0 {
                Rgb([0, 0, 0])
            } else {
                Rgb([255, 255, 255])
            }
        }));
        let p = plan(ImageFormat::Png, 1500, 400);
        assert_eq!(p.variants.len(), 4);
        let (kept, files) = process(img, &p, 0, Encoding::default()).unwrap();
        assert!(kept.variants.len() < 4, "{:?}", kept.variants);
        assert_eq!(files.len(), kept.variants.len() + 1);
        for pair in files.windows(2) {
            assert!((pair[0].1.len() as f64) < pair[1].1.len() as f64 * KEEP_BYTES);
        }
    }

    /// A screenshot of a photo (a gradient with a little sensor noise): lossless costs it many times the bytes of a
    /// lossy copy.
    fn gradient(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503))
                .wrapping_mul(2_246_822_519);
            let noise = |shift: u32| ((n >> shift) & 7) as u8;
            Rgb([
                (x * 200 / w) as u8 + noise(24),
                (y * 200 / h) as u8 + noise(16),
                ((x + y) * 100 / (w + h)) as u8 + noise(8),
            ])
        })
    }

    #[test]
    fn without_lossy_quality_every_file_of_a_png_stays_lossless() {
        let img = DynamicImage::ImageRgb8(gradient(1200, 700));
        let p = plan(ImageFormat::Png, 1200, 700);
        let (kept, files) = process(img.clone(), &p, 0, Encoding::default()).unwrap();
        assert_eq!((kept.lossy, kept.lossy_files.len()), (None, 0));
        let back = image::load_from_memory(&files.last().unwrap().1).unwrap();
        assert_eq!(back.to_rgb8(), img.to_rgb8());
    }

    #[test]
    fn with_lossy_quality_a_large_screenshot_is_lossy_where_lossless_costs_twice_the_bytes() {
        let img = DynamicImage::ImageRgb8(gradient(1200, 700));
        let p = plan(ImageFormat::Png, 1200, 700);
        let (_, exact) = process(img.clone(), &p, 0, Encoding::default()).unwrap();
        let lossy = Encoding {
            lossy_quality: Some(90),
        };
        let (kept, files) = process(img.clone(), &p, 0, lossy).unwrap();
        assert_eq!(kept.lossy, Some(90));
        assert!(kept.lossy_files.contains(&1200), "{:?}", kept.lossy_files);
        let (full, exact_full) = (&files.last().unwrap().1, &exact.last().unwrap().1);
        assert!(exact_full.len() as f64 > full.len() as f64 * LOSSY_GAIN);
        // Still the same picture: no pixel channel off by much.
        let back = image::load_from_memory(full).unwrap().to_rgb8();
        let off = back
            .as_raw()
            .iter()
            .zip(img.to_rgb8().as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum::<u64>() as f64
            / back.as_raw().len() as f64;
        assert!(off < 4.0, "mean difference {off}");
        // Recorded in the plan, so encoding it again gives the same files.
        assert_eq!(encode_plan(img, &kept).unwrap(), files);
    }

    #[test]
    fn lossy_quality_leaves_small_images_and_cheap_lossless_screenshots_alone() {
        let lossy = Encoding {
            lossy_quality: Some(90),
        };
        let small = DynamicImage::ImageRgb8(gradient(400, 300));
        let (kept, _) = process(small, &plan(ImageFormat::Png, 400, 300), 0, lossy).unwrap();
        assert_eq!(kept.lossy, None, "under {LOSSY_MIN_PIXELS} pixels");
        let flat = DynamicImage::ImageRgb8(screenshot_like(1200, 700));
        let (kept, _) = process(flat, &plan(ImageFormat::Png, 1200, 700), 0, lossy).unwrap();
        assert!(
            !kept.lossy_files.contains(&1200),
            "a few flat colours compress better lossless"
        );
    }

    #[test]
    fn the_lossy_quality_is_part_of_every_cache_key() {
        let q90 = Encoding {
            lossy_quality: Some(90),
        }
        .settings();
        let q80 = Encoding {
            lossy_quality: Some(80),
        }
        .settings();
        assert_ne!(key(b"a", &q90), key(b"a", &q80));
        assert_ne!(key(b"a", &q90), key(b"a", SETTINGS));
        assert_eq!(Encoding::default().settings(), SETTINGS);
    }

    #[test]
    fn a_jpeg_variant_must_be_smaller_than_the_source_file() {
        let img = DynamicImage::ImageRgb8(screenshot_like(1000, 600));
        let p = plan(ImageFormat::Jpeg, 1000, 600);
        let (kept, files) = process(img, &p, 10, Encoding::default()).unwrap();
        assert!(
            kept.variants.is_empty() && files.is_empty(),
            "no variant beats a 10-byte source"
        );
    }

    #[test]
    fn the_key_changes_with_the_bytes() {
        assert_ne!(key(b"one", SETTINGS), key(b"two", SETTINGS));
        assert_eq!(key(b"one", SETTINGS), key(b"one", SETTINGS));
        assert_eq!(key(b"one", SETTINGS).len(), 32);
    }

    #[test]
    fn the_cache_returns_what_was_stored_and_nothing_when_a_file_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path().join("images"), SETTINGS.to_string());
        let p = plan(ImageFormat::Png, 1000, 100);
        let files = vec![
            (360, b"a".to_vec()),
            (600, b"b".to_vec()),
            (720, b"c".to_vec()),
            (1000, b"d".to_vec()),
        ];
        cache.store("k", &p, &files).unwrap();
        assert_eq!(cache.plan("k"), Some(p.clone()));
        assert_eq!(cache.files("k", &p), Some(files));
        std::fs::remove_file(dir.path().join("images/k.600.webp")).unwrap();
        assert_eq!(cache.files("k", &p), None);
        assert!(dir.path().join("images/CACHEDIR.TAG").exists());
    }

    #[test]
    fn files_of_images_no_build_used_for_two_weeks_are_deleted_and_used_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let images = dir.path().join("images");
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        let p = plan(ImageFormat::Png, 1000, 100);
        let files = vec![
            (360, b"a".to_vec()),
            (600, b"b".to_vec()),
            (720, b"c".to_vec()),
            (1000, b"d".to_vec()),
        ];
        let (used, old) = ("0".repeat(32), "1".repeat(32));
        cache.store(&used, &p, &files).unwrap();
        cache.store(&old, &p, &files).unwrap();
        let entry = IndexEntry {
            stamp: Stamp {
                size: 1,
                mtime_ns: 1,
            },
            key: used.clone(),
            plan: p.clone(),
        };
        let index = BTreeMap::from([("content/a.png".to_string(), entry)]);
        let day = 24 * 60 * 60;
        let count = || std::fs::read_dir(&images).unwrap().count();
        // INDEX, CACHEDIR.TAG and five files per key.
        cache.save_index_at(index.clone(), 100 * day).unwrap();
        assert_eq!(count(), 12, "an image unused since today is kept");
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        cache.save_index_at(index.clone(), 113 * day).unwrap();
        assert_eq!(count(), 12, "and after 13 days");
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        cache.save_index_at(index.clone(), 114 * day).unwrap();
        assert_eq!(count(), 7, "after 14 days its files are gone");
        assert_eq!(cache.files(&used, &p), Some(files.clone()));
        assert_eq!(cache.files(&old, &p), None);
        assert_eq!(cache.plan(&old), None);
        // An image used again is no longer counted as unused: its two weeks start again when it next goes unused.
        cache.store(&old, &p, &files).unwrap();
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        cache.save_index_at(index.clone(), 115 * day).unwrap();
        let mut both = index.clone();
        both.insert(
            "content/b.png".into(),
            IndexEntry {
                key: old.clone(),
                ..index["content/a.png"].clone()
            },
        );
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        cache.save_index_at(both, 116 * day).unwrap();
        let cache = Cache::open(images.clone(), SETTINGS.to_string());
        cache.save_index_at(index, 129 * day).unwrap();
        assert_eq!(cache.plan(&old), Some(p), "unused for 13 days only");
    }

    #[test]
    fn the_index_answers_for_unchanged_files_and_only_under_the_same_settings() {
        let dir = tempfile::tempdir().unwrap();
        let p = plan(ImageFormat::Png, 10, 10);
        let unchanged = Stamp {
            size: 5,
            mtime_ns: 7,
        };
        let stamp = Some(unchanged);
        let entry = IndexEntry {
            stamp: unchanged,
            key: "k".into(),
            plan: p,
        };
        let cache = Cache::open(dir.path().to_path_buf(), SETTINGS.to_string());
        cache
            .save_index([("content/a.png".to_string(), entry)].into())
            .unwrap();
        let cache = Cache::open(dir.path().to_path_buf(), SETTINGS.to_string());
        assert_eq!(
            cache
                .unchanged("content/a.png", stamp)
                .map(|e| e.key.as_str()),
            Some("k")
        );
        assert!(cache
            .unchanged(
                "content/a.png",
                Some(Stamp {
                    size: 5,
                    mtime_ns: 8
                })
            )
            .is_none());
        assert!(cache.unchanged("content/b.png", stamp).is_none());
        let json = std::fs::read_to_string(dir.path().join(INDEX)).unwrap();
        std::fs::write(
            dir.path().join(INDEX),
            json.replace(SETTINGS, "older settings"),
        )
        .unwrap();
        assert!(Cache::open(dir.path().to_path_buf(), SETTINGS.to_string())
            .unchanged("content/a.png", stamp)
            .is_none());
    }
}
