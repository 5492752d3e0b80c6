//! Images in articles: checked with file and line, measured, published as figures with lossless responsive variants
//! under content-hashed names, cached across builds, and byte-identical from build to build.

use crate::common::{article, snapshot_dir, Fixture};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

/// Something like a busy screenshot: lines and small "text" over a grainy background (as photos and gradients in
/// screenshots are), so that a smaller copy has fewer bytes and every variant is worth publishing.
fn screenshot(w: u32, h: u32, seed: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let grain = (x.wrapping_mul(2_654_435_761) ^ (y + seed).wrapping_mul(40_503))
            .wrapping_mul(2_246_822_519)
            >> 27;
        let base: u8 = if y % 37 < 2 {
            210
        } else if (x / 3 + y / 5 + seed).is_multiple_of(11) && y % 37 > 8 && x % 200 < 150 {
            40
        } else {
            250
        };
        let v = base - grain as u8;
        Rgb([v, v.saturating_add(3), v.saturating_add(6)])
    }))
}

fn encoded(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

pub(crate) fn png(w: u32, h: u32, seed: u32) -> Vec<u8> {
    encoded(&screenshot(w, h, seed), ImageFormat::Png)
}

/// `src` attribute values of the page's `<img>` tags and their `srcset` candidates, as written.
fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// A site whose article `v1/a/b` shows a large PNG, a small PNG and a JPEG.
fn gallery() -> Fixture {
    let f = Fixture::two_versions();
    f.write_bytes("content/v1/a/b/large.png", &png(1500, 800, 1));
    f.write_bytes("content/v1/a/b/small.png", &png(300, 200, 2));
    let photo = encoded(&screenshot(1000, 600, 3), ImageFormat::Jpeg);
    f.write_bytes("content/v1/a/b/photo.jpg", &photo);
    f.write(
        "content/v1/a/b.md",
        &article(
            "B",
            "1. Open it.\n\n   ![The large page](large.png \"The large page, captioned\")\n\n\
             2. Click the small button ![The small button](small.png) there.\n\n\
             ![A photo of the desk](photo.jpg)\n\n![decorative](small.png)\n",
        ),
    );
    f
}

#[test]
fn a_large_png_becomes_a_figure_with_lossless_webp_variants_srcset_sizes_and_its_real_size() {
    let f = gallery();
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    let figure = html
        .split("<figure class=\"screenshot\">")
        .nth(1)
        .expect("a figure")
        .split("</figure>")
        .next()
        .unwrap();
    let href = attr_values(figure, "href")[0];
    let src = attr_values(figure, "src")[0];
    assert_eq!(href, src, "the figure links to the full-size file");
    assert!(
        src.starts_with("../../../_img/large.") && src.ends_with(".webp"),
        "{src}"
    );
    assert!(
        figure.contains(" width=\"1500\" height=\"800\""),
        "{figure}"
    );
    assert!(figure.contains(" sizes=\""), "{figure}");
    assert!(figure.contains("<figcaption>The large page, captioned</figcaption>"));
    assert!(
        !figure.contains("loading="),
        "the first image of the page is not lazy: {figure}"
    );
    let srcset = attr_values(figure, "srcset")[0];
    let candidates: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|c| c.split_once(' ').unwrap())
        .collect();
    let widths: Vec<&str> = candidates.iter().map(|c| c.1).collect();
    assert_eq!(
        widths,
        ["360w", "600w", "720w", "1080w", "1500w"],
        "never upscaled, original the largest"
    );
    assert_eq!(candidates.last().unwrap().0, src);
    let mut sizes = Vec::new();
    for (url, w) in &candidates {
        let rel = url.trim_start_matches("../../../");
        let bytes = std::fs::read(f.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let img = image::load_from_memory_with_format(&bytes, ImageFormat::WebP).unwrap();
        assert_eq!(format!("{}w", img.width()), *w);
        assert_eq!(
            img.height(),
            (800 * img.width() + 750) / 1500,
            "aspect ratio kept"
        );
        sizes.push(bytes.len());
    }
    assert!(
        sizes.windows(2).all(|s| s[0] < s[1]),
        "each variant saves bytes: {sizes:?}"
    );
    // Lossless: the full-size file has exactly the source's pixels.
    let full = image::open(f.out().join(src.trim_start_matches("../../../"))).unwrap();
    assert_eq!(full.to_rgb8(), screenshot(1500, 800, 1).to_rgb8());
}

#[test]
fn a_small_image_has_no_variants_and_later_images_are_lazy() {
    let f = gallery();
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    let small = html
        .split("<img")
        .find(|t| t.contains("alt=\"The small button\""))
        .expect("the inline image");
    assert!(!small.contains("srcset"), "{small}");
    assert!(
        small.contains("width=\"300\" height=\"200\" loading=\"lazy\" decoding=\"async\">"),
        "{small}"
    );
    assert!(
        html.contains("Click the small button <img src="),
        "an image inside a sentence stays in it, not a figure"
    );
}

#[test]
fn a_jpeg_keeps_its_own_bytes_at_full_size_and_gets_jpeg_variants() {
    let f = gallery();
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    let photo = html
        .split("<img")
        .find(|t| t.contains("alt=\"A photo of the desk\""))
        .unwrap();
    let src = attr_values(photo, "src")[0].trim_start_matches("../../../");
    assert!(
        src.starts_with("_img/photo.") && src.ends_with(".jpg"),
        "{src}"
    );
    assert_eq!(
        std::fs::read(f.out().join(src)).unwrap(),
        std::fs::read(f.root().join("content/v1/a/b/photo.jpg")).unwrap()
    );
    let srcset = attr_values(photo, "srcset")[0];
    assert!(
        srcset.contains("-360w.jpg 360w")
            && srcset.contains("-720w.jpg 720w")
            && srcset.ends_with(".jpg 1000w"),
        "{srcset}"
    );
}

#[test]
fn a_decorative_image_has_an_empty_alt() {
    let f = gallery();
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    assert!(
        html.contains("aria-label=\"Image (open full size)\"><img src=\"../../../_img/small."),
        "{html}"
    );
    assert!(html.contains(" alt=\"\" width=\"300\""), "{html}");
}

#[test]
fn images_are_inherited_from_older_versions_one_file_at_a_time() {
    let f = gallery();
    let body = "![The large page](large.png)\n\n![The small button](small.png)\n";
    f.write("content/v1/a/b.md", &article("B", body));
    f.write("content/v2/a/b.md", &article("B", body));
    f.write_bytes("content/v2/a/b/small.png", &png(300, 200, 9));
    f.build_ok();
    let v1 = f.page("v1/a/b/index.html");
    let v2 = f.page("v2/a/b/index.html");
    let src = |html: &str, stem: &str| -> String {
        attr_values(html, "src")
            .into_iter()
            .find(|s| s.contains(stem))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        src(&v1, "/large."),
        src(&v2, "/large."),
        "v2 inherits v1's large.png"
    );
    assert_ne!(
        src(&v1, "/small."),
        src(&v2, "/small."),
        "v2 has its own small.png"
    );
}

#[test]
fn every_image_problem_fails_the_build_with_file_and_line_and_nothing_is_written() {
    let f = gallery();
    f.build_ok();
    let before = snapshot_dir(&f.out());
    f.write_bytes("content/v1/a/c/corrupt.png", &png(400, 300, 4)[..200]);
    f.write("content/v1/a/c/notes.png", "not an image at all");
    let body = "Intro.\n\n![The missing one](missing.png)\n\n![Out of the content](../../../../etc/passwd.png)\n\n\
                ![A truncated one](corrupt.png)\n\n![](large.png)\n\n![Text named .png](notes.png)\n";
    f.write("content/v1/a/c.md", &article("C", body));
    let report = f.build_err();
    for expected in [
        "content/v1/a/c.md:7",
        "image \"missing.png\" not found",
        "content/v1/a/c.md:9",
        "leaves content/",
        "content/v1/a/c.md:11",
        "corrupt.png is not a readable image",
        "content/v1/a/c.md:13",
        "has no alt text",
        "![decorative](large.png)",
        "content/v1/a/c.md:15",
        "notes.png is not a readable image",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
    assert_eq!(
        snapshot_dir(&f.out()),
        before,
        "the previous site is untouched"
    );
}

/// A PNG whose header claims `width` x `height` RGBA pixels, with a token of image data: its size is read, and
/// nothing of it could be decoded.
fn png_header_claiming(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    0xedb8_8320 ^ (crc >> 1)
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, no filter, not interlaced
    for (kind, data) in [
        (&b"IHDR"[..], ihdr),
        (b"IDAT", vec![0x78, 0x9c, 0x03, 0x00]),
        (b"IEND", vec![]),
    ] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend(&data);
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
    }
    png
}

#[test]
fn an_image_over_the_pixel_limit_fails_at_the_line_that_uses_it_before_it_is_decoded() {
    let f = gallery();
    // 400 megapixels: 1.6 GB decoded. The limit is met reading the header, so the test allocates nothing of it.
    f.write_bytes(
        "content/v1/a/c/huge.png",
        &png_header_claiming(20_000, 20_000),
    );
    f.write(
        "content/v1/a/c.md",
        &article(
            "C",
            "Intro.\n\n![The whole wall](huge.png)\n\n1. Again: ![The wall](huge.png)\n",
        ),
    );
    let report = f.build_err();
    for expected in [
        "content/v1/a/c.md:7: huge.png is 20000x20000 pixels (400.0 megapixels); helpsite processes images of up to 50 megapixels",
        "content/v1/a/c.md:9: huge.png is 20000x20000 pixels",
        "fix: scale it down",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }

    // The limit is the site's to set, and holds for images the cache already knows.
    f.remove("content/v1/a/c.md");
    f.build_ok();
    f.write(
        "content/site.toml",
        &format!("max_image_megapixels = 1\n{}", crate::common::TWO_VERSIONS),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/a/b.md:7: large.png is 1500x800 pixels (1.2 megapixels); helpsite processes images of up to 1 megapixels"),
        "{report}"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_content_is_refused() {
    let f = Fixture::two_versions();
    f.write_bytes("outside.png", &png(100, 100, 5));
    std::fs::create_dir_all(f.root().join("content/v1/a/b")).unwrap();
    std::os::unix::fs::symlink(
        f.root().join("outside.png"),
        f.root().join("content/v1/a/b/link.png"),
    )
    .unwrap();
    f.write(
        "content/v1/a/b.md",
        &article("B", "![A linked file](link.png)\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/a/b.md:5") && report.contains("leaves content/"),
        "{report}"
    );
}

#[test]
fn a_rebuild_takes_every_image_from_the_cache_and_a_changed_one_is_processed_again() {
    let f = gallery();
    let first = f.build_ok();
    assert_eq!(
        (first.images, first.images_processed, first.images_cached),
        (3, 3, 0)
    );
    assert!(f.root().join(".helpsite-cache/images/index.json").is_file());
    f.touch("content/v1/a/b.md");
    let second = f.build_ok();
    assert_eq!(
        (second.images, second.images_processed, second.images_cached),
        (3, 0, 3)
    );
    assert!(
        second
            .line(Some(&f.out()))
            .contains("3 images: 0 processed, 3 from cache"),
        "{}",
        second.line(Some(&f.out()))
    );
    f.write_bytes("content/v1/a/b/large.png", &png(1500, 800, 6));
    let third = f.build_ok();
    assert_eq!((third.images_processed, third.images_cached), (1, 2));
}

#[test]
fn a_damaged_cache_is_rebuilt_not_trusted() {
    let f = gallery();
    f.build_ok();
    let dir = f.root().join(".helpsite-cache/images");
    let built = snapshot_dir(&f.out());
    std::fs::write(dir.join("index.json"), "{ not json").unwrap();
    let variant = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".360.webp"))
        .unwrap();
    std::fs::remove_file(variant).unwrap();
    f.touch("content/v1/a/b.md");
    let summary = f.build_ok();
    assert_eq!((summary.images_processed, summary.images_cached), (1, 2));
    assert_eq!(snapshot_dir(&f.out()), built);
}

#[test]
fn two_builds_are_byte_identical_with_and_without_the_cache() {
    let f = gallery();
    f.build_ok();
    let cold = snapshot_dir(&f.out());
    let warm_summary = f.build_ok();
    assert_eq!(warm_summary.images_processed, 0);
    assert_eq!(snapshot_dir(&f.out()), cold, "cached build");
    std::fs::remove_dir_all(f.root().join(".helpsite-cache")).unwrap();
    f.build_ok();
    assert_eq!(snapshot_dir(&f.out()), cold, "build with an empty cache");
}

#[test]
fn checking_writes_nothing_and_encodes_nothing() {
    let f = gallery();
    let mut options = f.options();
    options.output = None;
    let summary = helpsite::build(&options).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!((summary.images, summary.images_processed), (3, 0));
    assert!(!f.out().exists());
    assert!(!f.root().join(".helpsite-cache").exists());
}

const DIAGRAM: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\">\n\
  <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#0a58ca\"/></linearGradient></defs>\n\
  <rect width=\"640\" height=\"360\" fill=\"url(#g)\"/>\n\
  <text x=\"20\" y=\"40\">SmarterTrack → Gmail</text>\n\
</svg>\n";

#[test]
fn an_svg_diagram_is_published_as_it_is_at_its_intrinsic_size() {
    let f = Fixture::two_versions();
    f.write("content/v1/a/b/flow.svg", DIAGRAM);
    f.write(
        "content/v1/a/b.md",
        &article(
            "B",
            "1. Look at the flow.\n\n   ![How mail flows](flow.svg)\n",
        ),
    );
    f.build_ok();
    let page = f.page("v1/a/b/index.html");
    let src = attr_values(&page, "src")
        .into_iter()
        .find(|s| s.ends_with(".svg"))
        .unwrap_or_else(|| panic!("no SVG in\n{page}"));
    assert!(
        page.contains("alt=\"How mail flows\" width=\"640\" height=\"360\""),
        "{page}"
    );
    assert!(
        !page.contains("srcset"),
        "a drawing has no smaller variants"
    );
    let published = crate::common::target("v1/a/b/index.html", src);
    assert_eq!(
        std::fs::read_to_string(f.out().join(&published)).unwrap(),
        DIAGRAM,
        "the file is the source's bytes"
    );
}

#[test]
fn an_svg_that_could_run_script_or_load_from_elsewhere_fails_at_the_line_that_shows_it_naming_the_element(
) {
    let f = Fixture::two_versions();
    let svg = |inner: &str| {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n{inner}\n</svg>\n")
    };
    f.write(
        "content/v1/a/b/script.svg",
        &svg("<script>alert(document.cookie)</script>"),
    );
    f.write(
        "content/v1/a/b/onload.svg",
        &svg("<rect width=\"1\" height=\"1\" onload=\"alert(1)\"/>"),
    );
    f.write(
        "content/v1/a/b/remote.svg",
        &svg("<image href=\"https://evil.example/pixel.png\"/>"),
    );
    // An entity is expanded by the browser as by the check; the script is where the entity is declared.
    f.write(
        "content/v1/a/b/entity.svg",
        "<!DOCTYPE svg [<!ENTITY s \"<script>alert(1)</script>\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">\n&s;\n</svg>\n",
    );
    f.write(
        "content/v1/a/b.md",
        &article(
            "B",
            "![Script](script.svg)\n\n![Onload](onload.svg)\n\n![Remote](remote.svg)\n\n![Entity](entity.svg)\n",
        ),
    );
    let report = f.build_err();
    for expected in [
        "content/v1/a/b.md:5: script.svg (line 2) has a <script> element",
        "content/v1/a/b.md:7: onload.svg (line 2) has an event attribute onload=",
        "content/v1/a/b.md:9: remote.svg (line 2) has <image href=\"https://evil.example/pixel.png\">, which leads outside the image",
        "content/v1/a/b.md:11: entity.svg (line 1) has a <script> element",
        "export as plain SVG",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
    assert!(!f.out().exists());
}
