//! Reads back what the link check needs from the pages the build writes: every element id, and every URL the page
//! points to (`href`, `src`, `srcset`, a meta refresh, the data attributes our scripts follow), each with the byte
//! offset it sits at. A single forward pass over the bytes, not an HTML parser: the pages are our own output.
//!
//! [`Written`] collects this for every file of a build as [`crate::output::Output`] writes it, so the check costs one
//! extra read of bytes already in memory and no second walk of the output folder.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// A URL found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundLink {
    /// The attribute it came from (`href`, `src`, `srcset`, `refresh`, `data-target`, `url()`, ...).
    pub attr: &'static str,
    /// The element (lowercase; `element` for ones the check does not tell apart), `css` for a stylesheet, `sitemap`.
    pub tag: &'static str,
    /// The URL, entities decoded.
    pub url: String,
    /// Byte offset of the element in the file.
    pub offset: usize,
    /// The `data-map` of a version link: which of this page's ids land on which of the target page's. Shared between the links
    /// of a page that carry the same map (the switcher, the footer and the banner link to the same pages): a large
    /// site's check holds every page's links at once.
    pub map: Option<Arc<str>>,
}

/// Byte ranges of the parts of a page the theme's templates write, for telling which template a link came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Landmarks {
    /// `<nav class="version-switcher">` to its `</nav>`.
    pub switcher: Option<(usize, usize)>,
    /// `<footer>` to `</footer>`.
    pub footer: Option<(usize, usize)>,
    /// Where `<div class="layout">`, the page template's own part, starts.
    pub layout: Option<usize>,
}

impl Landmarks {
    /// The template that wrote the byte at `offset`, when the page's landmarks tell; None means the page's own template.
    pub(crate) fn template_at(&self, offset: usize) -> Option<&'static str> {
        let within = |r: Option<(usize, usize)>| r.is_some_and(|(s, e)| offset >= s && offset < e);
        if within(self.switcher) {
            Some("switcher.html")
        } else if within(self.footer) {
            Some("footer.html")
        } else if self.layout.is_some_and(|l| offset < l)
            || self.footer.is_some_and(|(_, e)| offset >= e)
        {
            Some("base.html")
        } else {
            None
        }
    }
}

/// The ids of a page, sorted, in one block of text: a large site's check holds every page's ids at once, and a set of
/// strings takes three times the memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ids {
    text: Box<str>,
    /// Where each id ends in `text`.
    ends: Box<[u32]>,
}

impl Ids {
    pub(crate) fn new(ids: HashSet<String>) -> Self {
        let mut sorted: Vec<String> = ids.into_iter().collect();
        sorted.sort_unstable();
        let mut text = String::with_capacity(sorted.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(sorted.len());
        for id in &sorted {
            text.push_str(id);
            ends.push(text.len() as u32);
        }
        Ids {
            text: text.into(),
            ends: ends.into(),
        }
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(id) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        false
    }

    /// In sorted order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// What one HTML page holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageScan {
    pub ids: Ids,
    pub links: Vec<FoundLink>,
    pub landmarks: Landmarks,
}

impl PageScan {
    /// Forgets the links to an id of the page itself that it has (`#step-3`, a table of contents, the skip link): they
    /// are most of a page's links, and nothing else needs them, so a large site's check holds far fewer. Fragments
    /// with escapes stay for the full check.
    fn drop_good_self_links(&mut self) {
        let ids = &self.ids;
        self.links.retain(|l| match l.url.strip_prefix('#') {
            Some(f) if l.map.is_none() && !f.contains('%') => !(f.is_empty() || ids.contains(f)),
            _ => true,
        });
        self.links.shrink_to_fit();
    }

    /// The page is a redirect: the target of its `<meta http-equiv="refresh">`.
    pub(crate) fn refresh(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.attr == "refresh")
            .map(|l| l.url.as_str())
    }
}

/// One file of the output, as far as links are concerned.
#[derive(Debug, Clone)]
pub(crate) enum FileScan {
    /// Shared between pages with the same bytes: the latest version's pages are written twice, under its id and
    /// under `latest/`.
    Page(Arc<PageScan>),
    /// Another file that points into the site: a stylesheet's `url(...)`s, the sitemap's `<loc>`s.
    Urls(Vec<FoundLink>),
    /// A page a rebuild kept as the last build wrote it, not scanned unless the check needs it (see
    /// [`crate::links::check_output`]).
    Kept,
    Other,
}

/// Every file a build wrote, by path relative to the site root. Filled in parallel.
#[derive(Debug, Default)]
pub(crate) struct Written {
    files: Mutex<BTreeMap<String, FileScan>>,
    /// Pages scanned so far by a hash and the length of their bytes, so identical pages are scanned once.
    seen: Mutex<HashMap<(u64, usize), Arc<PageScan>>>,
}

impl Written {
    /// Records a file: HTML pages and stylesheets are scanned; the scanning happens outside the lock. `hash` is a
    /// hash of `bytes` (the output's), so identical pages are scanned once.
    pub(crate) fn record(&self, path: &str, bytes: &[u8], hash: u64) {
        let scan = if path.ends_with(".html") {
            let key = (hash, bytes.len());
            let known = self
                .seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&key)
                .cloned();
            let page = known.unwrap_or_else(|| {
                let page = Arc::new(scan_for_check(bytes));
                self.seen
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, page.clone());
                page
            });
            FileScan::Page(page)
        } else if path.ends_with(".css") {
            FileScan::Urls(scan_css(&text(bytes)))
        } else if path == "sitemap.xml" {
            FileScan::Urls(scan_sitemap(&text(bytes)))
        } else {
            FileScan::Other
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), scan);
    }

    /// Records a page a rebuild keeps as it was, without reading it.
    pub(crate) fn record_kept(&self, path: &str) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), FileScan::Kept);
    }

    /// Everything recorded so far.
    pub(crate) fn files(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, FileScan>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The bytes as text: borrowed when they are UTF-8, as everything the build writes is (the lossy path is slower).
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// What the check of the built site keeps of a page the build wrote (or kept from the last build): its scan without
/// the links to its own ids that it has.
pub(crate) fn scan_for_check(bytes: &[u8]) -> PageScan {
    let mut page = scan_page(&text(bytes));
    page.drop_good_self_links();
    page
}

/// An HTML start or end tag.
pub(crate) struct Tag<'a> {
    /// As written; compare with `eq_ignore_ascii_case`.
    pub name: &'a str,
    pub closing: bool,
    pub offset: usize,
    pub attrs: &'a [(&'a str, Cow<'a, str>)],
}

impl Tag<'_> {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    pub(crate) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Calls `f` for every start and end tag, skipping comments, doctypes and the text of `<script>` and `<style>`.
pub(crate) fn for_each_tag<'a>(html: &'a str, mut f: impl FnMut(&Tag<'_>)) {
    let bytes = html.as_bytes();
    let mut attrs: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
    let mut i = 0;
    while let Some(p) = find_byte(bytes, b'<', i) {
        i = p + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i = find_str(html, "-->", i + 3)
                .map(|e| e + 3)
                .unwrap_or(bytes.len());
            continue;
        }
        if rest.first() == Some(&b'!') || rest.first() == Some(&b'?') {
            i = find_byte(bytes, b'>', i)
                .map(|e| e + 1)
                .unwrap_or(bytes.len());
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let mut j = name_start;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == name_start || !bytes[name_start].is_ascii_alphabetic() {
            // A `<` in text.
            continue;
        }
        let name = &html[name_start..j];
        attrs.clear();
        let end = parse_attrs(html, j, &mut attrs);
        f(&Tag {
            name,
            closing,
            offset: p,
            attrs: &attrs,
        });
        i = end;
        if !closing && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")) {
            // Raw text up to the matching end tag.
            let close = if name.eq_ignore_ascii_case("script") {
                "</script"
            } else {
                "</style"
            };
            i = find_ci(html, close, i).unwrap_or(bytes.len());
        }
    }
}

/// Reads attributes from `at` to the end of the tag; returns the offset after the `>`.
fn parse_attrs<'a>(html: &'a str, at: usize, attrs: &mut Vec<(&'a str, Cow<'a, str>)>) -> usize {
    let bytes = html.as_bytes();
    let mut i = at;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return bytes.len();
        }
        if bytes[i] == b'>' {
            return i + 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = &html[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (value, next) = match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = find_byte(bytes, q, i + 1).unwrap_or(bytes.len());
                    (&html[i + 1..end], (end + 1).min(bytes.len()))
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    (&html[start..i], i)
                }
            };
            attrs.push((name, decode_entities(value)));
            i = next;
        } else if !name.is_empty() {
            attrs.push((name, Cow::Borrowed("")));
        } else {
            i += 1;
        }
    }
}

fn find_byte(bytes: &[u8], b: u8, from: usize) -> Option<usize> {
    memchr::memchr(b, bytes.get(from..)?).map(|p| from + p)
}

fn find_str(html: &str, needle: &str, from: usize) -> Option<usize> {
    html.get(from..)?.find(needle).map(|p| from + p)
}

/// Case-insensitive search for an ASCII needle.
fn find_ci(html: &str, needle: &str, from: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let n = needle.as_bytes();
    let mut i = from;
    while let Some(p) = find_byte(bytes, b'<', i) {
        if bytes.len() - p >= n.len() && bytes[p..p + n.len()].eq_ignore_ascii_case(n) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Decodes the character references an attribute value may hold.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "nbsp" => Some('\u{a0}'),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let after = if rest[end..].starts_with(';') {
                    end + 1
                } else {
                    end
                };
                rest = &rest[after..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The elements whose URLs the check words differently, by name.
fn element_name(name: &str) -> &'static str {
    const NAMES: &[&str] = &[
        "a", "area", "link", "script", "img", "source", "video", "audio", "iframe", "meta",
        "track", "embed",
    ];
    NAMES
        .iter()
        .find(|n| name.eq_ignore_ascii_case(n))
        .copied()
        .unwrap_or("element")
}

/// Attributes of our own scripts that hold a URL of the site.
const DATA_URLS: &[&str] = &["data-target", "data-glue", "data-wasm", "data-page-url"];

/// Scans one HTML page.
pub(crate) fn scan_page(html: &str) -> PageScan {
    let mut page = PageScan::default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut switcher_open: Option<usize> = None;
    let mut footer_open: Option<usize> = None;
    let mut maps: Vec<Arc<str>> = Vec::new();
    for_each_tag(html, |tag| {
        if tag.closing {
            if tag.is("nav") {
                if let Some(start) = switcher_open.take() {
                    page.landmarks.switcher = Some((start, tag.offset));
                }
            } else if tag.is("footer") {
                if let Some(start) = footer_open.take() {
                    page.landmarks.footer = Some((start, tag.offset));
                }
            }
            return;
        }
        let class = tag.attr("class").unwrap_or("");
        if tag.is("nav") && class.split_whitespace().any(|c| c == "version-switcher") {
            switcher_open.get_or_insert(tag.offset);
        } else if tag.is("footer") && page.landmarks.footer.is_none() {
            footer_open.get_or_insert(tag.offset);
        } else if tag.is("div")
            && page.landmarks.layout.is_none()
            && class.split_whitespace().any(|c| c == "layout")
        {
            page.landmarks.layout = Some(tag.offset);
        }
        let mut push = |attr: &'static str, url: &str, map: Option<Arc<str>>| {
            let url = url.trim();
            if !url.is_empty() {
                page.links.push(FoundLink {
                    attr,
                    tag: element_name(tag.name),
                    url: url.to_string(),
                    offset: tag.offset,
                    map,
                });
            }
        };
        for (name, value) in tag.attrs {
            if name.eq_ignore_ascii_case("id") || (name.eq_ignore_ascii_case("name") && tag.is("a"))
            {
                if !value.is_empty() {
                    ids.insert(value.to_string());
                }
            } else if name.eq_ignore_ascii_case("href") {
                let map = tag.attr("data-map").map(|m| {
                    match maps.iter().find(|known| known.as_ref() == m) {
                        Some(known) => known.clone(),
                        None => {
                            let new: Arc<str> = Arc::from(m);
                            maps.push(new.clone());
                            new
                        }
                    }
                });
                push("href", value, map);
            } else if name.eq_ignore_ascii_case("src") {
                push("src", value, None);
            } else if name.eq_ignore_ascii_case("poster") {
                push("poster", value, None);
            } else if name.eq_ignore_ascii_case("srcset") {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push("srcset", url, None);
                    }
                }
            } else if let Some(known) = DATA_URLS.iter().find(|d| name.eq_ignore_ascii_case(d)) {
                push(known, value, None);
            }
        }
        if tag.is("meta")
            && tag
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            if let Some(content) = tag.attr("content") {
                if let Some(p) = content.to_ascii_lowercase().find("url=") {
                    let url = content[p + 4..].trim().trim_matches(['\'', '"']);
                    push("refresh", url, None);
                }
            }
        }
    });
    page.ids = Ids::new(ids);
    page
}

/// The `<loc>` addresses of a sitemap.
pub(crate) fn scan_sitemap(xml: &str) -> Vec<FoundLink> {
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(start) = find_str(xml, "<loc>", from) {
        let Some(end) = find_str(xml, "</loc>", start) else {
            break;
        };
        links.push(FoundLink {
            attr: "loc",
            tag: "sitemap",
            url: decode_entities(xml[start + 5..end].trim()).into_owned(),
            offset: start,
            map: None,
        });
        from = end;
    }
    links
}

/// The `url(...)` references of a stylesheet (comments skipped).
pub(crate) fn scan_css(css: &str) -> Vec<FoundLink> {
    let mut links = Vec::new();
    let mut i = 0;
    while i < css.len() {
        let rest = &css[i..];
        let next_comment = rest.find("/*");
        let next_url = rest.find("url(");
        match (next_comment, next_url) {
            (Some(c), u) if u.is_none_or(|u| c < u) => {
                i += c + 2;
                i = find_str(css, "*/", i).map(|e| e + 2).unwrap_or(css.len());
            }
            (_, Some(u)) => {
                let start = i + u + 4;
                let end = find_byte(css.as_bytes(), b')', start).unwrap_or(css.len());
                let url = css[start..end].trim().trim_matches(['\'', '"']);
                if !url.is_empty() {
                    links.push(FoundLink {
                        attr: "url()",
                        tag: "css",
                        url: url.to_string(),
                        offset: i + u,
                        map: None,
                    });
                }
                i = end + 1;
            }
            _ => break,
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_are_read_with_entities_decoded() {
        let page = scan_page(
            r##"<!DOCTYPE html><html><head><!-- <a href="comment/"> -->
<link rel="stylesheet" href="../_assets/s.css"><script type="module" src="../s.js"></script>
<script>if (a<b) { x = "<a href='no/'>"; }</script><meta http-equiv="refresh" content="0; url=../new/">
</head><body><h2 id="setup">Set up</h2><li class=step id=step-1><span class="step-name" id="old-name"></span>
<a class="step-link" href="#old-name">1</a><a href="?a=1&amp;b=2#x">q</a><a name="legacy"></a>
<img src="i.png" srcset="i.png 1x, i@2x.png 2x" alt="a < b"><a href="next/" data-map="{&quot;a&quot;:&quot;b&quot;}">v</a>
</body></html>"##,
        );
        let mut ids: Vec<&str> = page.ids.iter().collect();
        ids.sort();
        assert_eq!(ids, ["legacy", "old-name", "setup", "step-1"]);
        let urls: Vec<(&str, &str)> = page
            .links
            .iter()
            .map(|l| (l.attr, l.url.as_str()))
            .collect();
        assert_eq!(
            urls,
            [
                ("href", "../_assets/s.css"),
                ("src", "../s.js"),
                ("refresh", "../new/"),
                ("href", "#old-name"),
                ("href", "?a=1&b=2#x"),
                ("src", "i.png"),
                ("srcset", "i.png"),
                ("srcset", "i@2x.png"),
                ("href", "next/"),
            ]
        );
        assert_eq!(page.refresh(), Some("../new/"));
        assert_eq!(
            page.links.last().unwrap().map.as_deref(),
            Some(r#"{"a":"b"}"#)
        );
    }

    #[test]
    fn landmarks_tell_which_template_wrote_a_link() {
        let html = r#"<head><link href="a"></head><header><nav class="version-switcher"><a href="b"></a></nav></header>
<div class="layout"><a href="c"></a></div><footer class="site-footer"><a href="d"></a></footer>"#;
        let page = scan_page(html);
        let by: Vec<Option<&str>> = page
            .links
            .iter()
            .map(|l| page.landmarks.template_at(l.offset))
            .collect();
        assert_eq!(
            by,
            [
                Some("base.html"),
                Some("switcher.html"),
                None,
                Some("footer.html")
            ]
        );
    }

    #[test]
    fn stylesheets_give_their_urls_but_not_commented_ones() {
        let links =
            scan_css("a{background:url('x.png')} /* url(no.png) */ b{src:url(\"f.woff2\")}");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["x.png", "f.woff2"]);
    }

    #[test]
    fn the_sitemap_gives_its_addresses() {
        let links = scan_sitemap("<urlset>\n  <url><loc>https://h/a/?x=1&amp;y=2</loc></url>\n  <url><loc>https://h/b/</loc></url>\n</urlset>");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://h/a/?x=1&y=2", "https://h/b/"]);
    }

    #[test]
    fn a_lone_less_than_sign_in_text_is_not_a_tag() {
        let page = scan_page("<p>1 < 2 and 3 <4</p><a id=\"z\" href=\"y\">");
        assert!(page.ids.contains("z"));
        assert_eq!(page.links.len(), 1);
    }

    #[test]
    fn ids_are_found_by_exact_name_only_and_listed_in_order() {
        let ids = Ids::new(
            ["step-2", "main", "step-10", "", "b"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        for id in ["step-2", "main", "step-10", "b", ""] {
            assert!(ids.contains(id), "{id}");
        }
        for id in ["step", "step-1", "mai", "c", "step-20"] {
            assert!(!ids.contains(id), "{id}");
        }
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            vec!["", "b", "main", "step-10", "step-2"]
        );
        assert_eq!(ids.len(), 5);
        assert!(Ids::default().is_empty() && !Ids::default().contains("a"));
    }
}
