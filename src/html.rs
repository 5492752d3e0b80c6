//! HTML escaping, for every stage that writes markup.

/// Escaped text for double-quoted attributes and element text: `&`, `<`, `>` and `"` (apostrophes stay readable).
pub(crate) fn escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    // The characters to escape are ASCII: copy the runs between them whole, found by SIMD byte search (Tera calls
    // this for every value of every page; the version maps are JSON, full of quotes). The next `&<>` and the next
    // `"` are looked for apart, and each again only once it is passed.
    let find = |from: usize, quote: bool| {
        let rest = &bytes[from..];
        match quote {
            true => memchr::memchr(b'"', rest),
            false => memchr::memchr3(b'&', b'<', b'>', rest),
        }
        .map(|p| p + from)
    };
    let (mut other, mut quote) = (find(0, false), find(0, true));
    let mut start = 0;
    loop {
        let i = match (other, quote) {
            (Some(o), Some(q)) => o.min(q),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        let escaped = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = i + 1;
        if other == Some(i) {
            other = find(start, false);
        } else {
            quote = find(start, true);
        }
    }
    out.push_str(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_replaces_the_four_characters_and_keeps_everything_else() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain text, it's fine"), "plain text, it's fine");
        assert_eq!(
            escape(r#"{"a":"b"} <x & y> "é""#),
            "{&quot;a&quot;:&quot;b&quot;} &lt;x &amp; y&gt; &quot;é&quot;"
        );
        assert_eq!(escape("&&\"\"<>"), "&amp;&amp;&quot;&quot;&lt;&gt;");
        assert_eq!(escape("ends with \""), "ends with &quot;");
    }
}
