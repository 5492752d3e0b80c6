//! SVG screenshots and diagrams: published as they are, once checked to be inert.
//!
//! In an `<img>` a browser runs no script of an SVG and loads nothing for it, but the zoom link opens the file on its
//! own, where it is a document of the site's origin: a script, an event attribute or a reference to another file
//! would run or load there. So an SVG is accepted only when it holds none (each refusal names the element and its
//! line in the SVG), and its intrinsic size comes from its `width` and `height` or its `viewBox`, so the page keeps
//! its space before it loads.

/// Why an SVG was refused: the line in the SVG and what is wrong there.
#[derive(Debug, PartialEq)]
pub(crate) struct Refused {
    pub line: u32,
    pub message: String,
}

/// Elements that run script, embed other documents or listen to events.
const REFUSED_ELEMENTS: &[&str] = &[
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "handler",
    "listener",
];

/// Whether `name` (a file name) is an SVG by its extension.
pub(crate) fn is_svg(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}

/// The intrinsic size of an inert SVG, rounded up to whole pixels; or why it is refused.
pub(crate) fn check(bytes: &[u8]) -> Result<(u32, u32), Refused> {
    let at = |line: u32, message: String| Refused { line, message };
    let text = std::str::from_utf8(bytes)
        .map_err(|_| at(1, "is not UTF-8 text, so not an SVG file".into()))?;
    let options = roxmltree::ParsingOptions {
        // Old editors write `<!DOCTYPE svg PUBLIC ...>`; roxmltree expands internal entities with limits.
        allow_dtd: true,
        nodes_limit: 1_000_000,
        // No external entity is ever read.
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        at(
            e.pos().row,
            format!("is not well-formed XML ({e}), so browsers would not show it"),
        )
    })?;
    let line = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(at(
            line(root),
            format!(
                "starts with <{}>, not <svg xmlns=\"{SVG_NS}\">",
                root.tag_name().name()
            ),
        ));
    }
    for node in doc.descendants() {
        if node.is_pi() {
            return Err(at(
                line(node),
                "has a processing instruction (<?xml-stylesheet ...?>), which loads another file"
                    .into(),
            ));
        }
        if !node.is_element() {
            if node.is_text() && node.parent().is_some_and(|p| p.has_tag_name(style_name())) {
                if let Some(why) = css_loads(node.text().unwrap_or_default()) {
                    return Err(at(line(node), format!("has a <style> that {why}")));
                }
            }
            continue;
        }
        let name = node.tag_name().name();
        if REFUSED_ELEMENTS.contains(&name) {
            return Err(at(
                line(node),
                format!("has a <{name}> element, which would run or embed content when the SVG is opened on its own"),
            ));
        }
        if node.tag_name().namespace() != Some(SVG_NS) {
            return Err(at(
                line(node),
                format!("has a <{name}> element outside the SVG namespace (a browser may show it as HTML)"),
            ));
        }
        for attr in node.attributes() {
            let attr_name = attr.name();
            let value = attr.value();
            if attr_name.len() > 2 && attr_name[..2].eq_ignore_ascii_case("on") {
                return Err(at(
                    line(node),
                    format!(
                        "has an event attribute {attr_name}=\"...\" on <{name}>, which runs script"
                    ),
                ));
            }
            if matches!(attr_name, "href" | "src") && !value.trim_start().starts_with('#') {
                return Err(at(
                    line(node),
                    format!("has <{name} {attr_name}=\"{}\">, which leads outside the image: only references to its own parts (\"#id\") are allowed", short(value)),
                ));
            }
            if attr_name == "attributeName" && matches!(value.trim(), "href" | "xlink:href") {
                return Err(at(
                    line(node),
                    format!("has an <{name}> that changes a link"),
                ));
            }
            if attr_name == "style" || value.contains("url(") {
                if let Some(why) = css_loads(value) {
                    return Err(at(
                        line(node),
                        format!("has {attr_name}=\"...\" on <{name}> that {why}"),
                    ));
                }
            }
        }
    }
    size(root).ok_or_else(|| {
        at(
            line(root),
            "has neither a width and height in pixels nor a viewBox, so a page cannot keep its space: add viewBox=\"0 0 WIDTH HEIGHT\" to <svg>".into(),
        )
    })
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn style_name() -> roxmltree::ExpandedName<'static, 'static> {
    (SVG_NS, "style").into()
}

/// What a piece of CSS loads from elsewhere, if anything: `@import`, or a `url()` that is not a `#fragment`.
fn css_loads(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("imports another style sheet".into());
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let target = rest.trim_start().trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some(format!(
                "loads {}",
                short(&format!(
                    "url({}",
                    rest.split(')').next().unwrap_or_default()
                ))
            ));
        }
    }
    None
}

/// The width and height of `<svg>`: its `width` and `height` in pixels, or in absolute units, else its `viewBox`
/// (scaled to a given width or height).
fn size(svg: roxmltree::Node) -> Option<(u32, u32)> {
    let view: Option<(f64, f64)> = svg.attribute("viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        match n[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
            _ => None,
        }
    });
    let width = svg.attribute("width").and_then(pixels);
    let height = svg.attribute("height").and_then(pixels);
    let (w, h) = match (width, height, view) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(v)) => v,
        _ => return None,
    };
    let whole = |x: f64| (x.ceil() as u32).clamp(1, 100_000);
    (w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0).then(|| (whole(w), whole(h)))
}

/// A length in CSS pixels: a number with no unit or `px`, or an absolute unit; None for `%`, `em` and the like.
fn pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let split = value
        .find(|c: char| c.is_ascii_alphabetic() || c == '%')
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let n: f64 = number.trim().parse().ok()?;
    let per = match unit.trim() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        _ => return None,
    };
    Some(n * per)
}

/// A value shortened for a message.
fn short(value: &str) -> String {
    let mut s: String = value.chars().take(60).collect();
    if s.len() < value.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(inner: &str, attrs: &str) -> String {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" {attrs}>\n{inner}\n</svg>\n")
    }

    fn refused(inner: &str) -> Refused {
        check(svg(inner, "viewBox=\"0 0 10 10\"").as_bytes()).expect_err(inner)
    }

    #[test]
    fn a_drawing_gets_its_size_from_width_and_height_or_its_view_box() {
        let rect = "<rect width=\"5\" height=\"5\" fill=\"url(#g)\"/><use href=\"#r\"/>";
        assert_eq!(
            check(svg(rect, "width=\"640\" height=\"360\"").as_bytes()),
            Ok((640, 360))
        );
        assert_eq!(
            check(svg(rect, "viewBox=\"0 0 800 450.5\"").as_bytes()),
            Ok((800, 451))
        );
        assert_eq!(
            check(svg(rect, "width=\"400px\" viewBox=\"0 0 800 400\"").as_bytes()),
            Ok((400, 200))
        );
        assert_eq!(
            check(svg(rect, "width=\"1in\" height=\"72pt\"").as_bytes()),
            Ok((96, 96))
        );
        let no_size = check(svg(rect, "width=\"100%\"").as_bytes()).unwrap_err();
        assert!(no_size.message.contains("viewBox"), "{no_size:?}");
    }

    #[test]
    fn anything_that_runs_loads_or_leads_elsewhere_is_refused_at_its_line() {
        let script = refused("<g>\n<script>alert(1)</script></g>");
        assert_eq!(script.line, 3);
        assert!(script.message.contains("<script>"), "{script:?}");
        for (inner, says) in [
            (
                "<rect onclick=\"x()\" width=\"1\" height=\"1\"/>",
                "onclick",
            ),
            ("<rect ONLOAD=\"x()\"/>", "ONLOAD"),
            (
                "<image href=\"https://evil.example/x.png\"/>",
                "leads outside",
            ),
            (
                "<image xlink:href=\"data:image/png;base64,AA\"/>",
                "leads outside",
            ),
            (
                "<a href=\"javascript:alert(1)\"><text>x</text></a>",
                "leads outside",
            ),
            ("<use href=\"other.svg#a\"/>", "leads outside"),
            (
                "<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>",
                "foreignObject",
            ),
            (
                "<style>@import url(https://evil.example/a.css);</style>",
                "imports",
            ),
            (
                "<style>rect { fill: url(https://evil.example/a) }</style>",
                "loads url(",
            ),
            (
                "<rect style=\"background: url('//evil.example/t')\"/>",
                "loads url(",
            ),
            (
                "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
                "changes a link",
            ),
            (
                "<html:div xmlns:html=\"http://www.w3.org/1999/xhtml\"/>",
                "outside the SVG namespace",
            ),
        ] {
            let r = refused(inner);
            assert!(r.message.contains(says), "{inner}: {r:?}");
            assert_eq!(r.line, 2, "{inner}");
        }
        let pi = check(b"<?xml-stylesheet href=\"https://evil.example/s.css\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>").unwrap_err();
        assert!(pi.message.contains("processing instruction"), "{pi:?}");
    }

    #[test]
    fn what_is_not_an_svg_document_is_refused() {
        assert!(check(b"<svg viewBox=\"0 0 1 1\"/>")
            .unwrap_err()
            .message
            .contains("xmlns"));
        assert!(check(b"<html></html>").is_err());
        assert!(check(b"\x89PNG\r\n").is_err());
        let broken = check(b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n</svg>").unwrap_err();
        assert_eq!(broken.line, 3);
        assert!(broken.message.contains("well-formed"), "{broken:?}");
    }

    #[test]
    fn svg_files_are_known_by_their_extension() {
        assert!(is_svg("diagram.svg") && is_svg("A.SVG"));
        assert!(!is_svg("svg") && !is_svg("x.svgz") && !is_svg("x.png"));
    }
}
