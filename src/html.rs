//! HTML escaping, for every stage that writes markup.

/// Escaped text for double-quoted attributes and element text: `&`, `<`, `>` and `"` (apostrophes stay readable).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // The characters to escape are ASCII: copy the runs between them whole.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}
