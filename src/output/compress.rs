//! Precompressed copies of the site's text files, for servers that send a file's `.br` or `.gz` as it is (nginx's
//! `gzip_static`, Apache's rewrite rules, `helpsite serve`) instead of compressing each answer.
//!
//! The settings favour build time over the last percent: Brotli at quality 5 is within 10% of quality 9 on pages of
//! the shipped site at a fifth of its time, and gzip at level 6 within 2% of level 9 at half of it. Both encoders are
//! deterministic, so two builds write the same bytes.

use std::io::Write;

/// Brotli quality (0-11) and window (log2 of bytes).
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;
const GZIP_LEVEL: u32 = 6;

/// The kinds of file that are text (or WebAssembly) and worth compressing; images and fonts already are compressed.
const EXTENSIONS: &[&str] = &[
    "html", "css", "js", "json", "svg", "wasm", "xml", "txt", "map", "md",
];

/// The compressed copies' extensions, as written after the file's own.
pub(crate) const ENCODINGS: [&str; 2] = ["br", "gz"];

/// Whether `path` gets compressed copies.
pub(crate) fn compressible(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    // Hidden files (the manifest, a host's configuration) are not served.
    !name.starts_with('.')
        && name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// Files from this size on are compressed into both encodings at once: the large ones (`links.json`, a search
/// shard) are written alone, while the pages are written many at a time and keep the cores busy anyway.
const BOTH_AT_ONCE: usize = 256 * 1024;

/// The `.br` and `.gz` copies of `bytes` that are smaller than it, as (extension, bytes).
pub(crate) fn copies(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let (br, gz) = match bytes.len() >= BOTH_AT_ONCE {
        true => rayon::join(|| brotli(bytes), || gzip(bytes)),
        false => (brotli(bytes), gzip(bytes)),
    };
    [("br", br), ("gz", gz)]
        .into_iter()
        .filter_map(|(ext, copy)| Some((ext, copy?)).filter(|(_, c)| c.len() < bytes.len()))
        .collect()
}

fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut br = Vec::with_capacity(bytes.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        // Writing into a Vec cannot fail.
        let _ = w.write_all(bytes);
    }
    Some(br)
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::new(GZIP_LEVEL),
    );
    let _ = gz.write_all(bytes);
    gz.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original_and_are_the_same_bytes_every_time() {
        let page = "<!DOCTYPE html><p>Sign in to your Google account.</p>\n".repeat(200);
        let copies = copies(page.as_bytes());
        assert_eq!(copies.iter().map(|c| c.0).collect::<Vec<_>>(), ["br", "gz"]);
        let mut unbr = Vec::new();
        brotli::Decompressor::new(&copies[0].1[..], 4096)
            .read_to_end(&mut unbr)
            .unwrap();
        assert_eq!(unbr, page.as_bytes());
        let mut ungz = Vec::new();
        flate2::read::GzDecoder::new(&copies[1].1[..])
            .read_to_end(&mut ungz)
            .unwrap();
        assert_eq!(ungz, page.as_bytes());
        assert_eq!(copies, super::copies(page.as_bytes()));
    }

    #[test]
    fn a_copy_that_would_not_be_smaller_is_not_made() {
        assert!(copies(b"x").is_empty());
    }

    #[test]
    fn text_files_are_compressed_and_images_are_not() {
        for yes in [
            "index.html",
            "_assets/site.1234.js",
            "links.json",
            "_img/a.svg",
            "a.wasm",
            "sitemap.xml",
            "robots.txt",
        ] {
            assert!(compressible(yes), "{yes}");
        }
        for no in [
            "_img/a.webp",
            "_img/b.jpg",
            "a.html.gz",
            "a.html.br",
            "html",
            ".helpsite-output",
            "file.pdf",
        ] {
            assert!(!compressible(no), "{no}");
        }
    }
}
