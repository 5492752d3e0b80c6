//! The search tokeniser, shared in behaviour with the query side (`templates/search.js`): both must cut the same
//! words and stem them the same way, or a query would look for terms the index does not hold.
//! `tests/fixtures/tokenizer-cases.json` pins the behaviour; a Rust test and a Node test both check it.
//!
//! Rules, kept simple so they are easy to mirror in JavaScript:
//! - a token is a maximal run of alphanumeric characters (Unicode `Alphabetic` or a number: `Nd`, `Nl`, `No`),
//!   where a `.` between two ASCII digits belongs to the run, so that `403.4`, `2.4.1` and `5.7.8` are one token
//!   each (numbered errors and versions are what readers search by); such a dotted token is followed by its parts
//!   (`403`, `4`), so that "403" still finds it; tokens longer than [`MAX_TOKEN_CHARS`] characters (hashes, long
//!   identifiers) are dropped;
//! - the token is lowercased (Unicode full lowercase mapping);
//! - a token of three or more letters a-z is stemmed by [`stem`], a light Porter-style suffix stripper
//!   (Porter's steps 1a-1c and 5); other tokens (digits, non-ASCII letters) are kept as they are;
//! - a few English function words ([`STOPWORDS`]) are not indexed.

/// Longer tokens are not indexed.
pub(crate) const MAX_TOKEN_CHARS: usize = 40;

/// Words not worth indexing: they are in nearly every step. Sorted, for binary search. Contraction tails (`s` of
/// "it's", `ve` of "you've") are here too.
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "d",
    "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "ll", "m", "me", "my", "of", "on", "or", "our", "re", "s", "she",
    "so", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "us", "ve", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "you", "your",
];

#[cfg(test)]
/// One word of a text, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The lowercased word as written (for prefix and typo matching on what readers type).
    pub surface: String,
    /// The stemmed word: the index term.
    pub stem: String,
    /// Byte range of the word in the text.
    pub start: usize,
    pub end: usize,
}

/// A word of up to seven bytes as a number (its bytes, then its length), for comparing without `memcmp`.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < word.len() {
        key = key << 8 | word[i] as u64;
        i += 1;
    }
    key << 8 | word.len() as u64
}

/// [`STOPWORDS`] packed, sorted.
const PACKED_STOPWORDS: [u64; STOPWORDS.len()] = {
    let mut keys = [0; STOPWORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(STOPWORDS[i].as_bytes());
        // Insertion sort: longer words pack to larger numbers, so the list's order is not this one.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

pub(crate) fn is_stopword(word: &str) -> bool {
    // No stopword is longer than five bytes.
    word.len() <= 5
        && PACKED_STOPWORDS
            .binary_search(&pack(word.as_bytes()))
            .is_ok()
}

/// Word characters: the same set as JavaScript's `/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `f` with the byte range of every word of `text` in order, long ones included (a dotted number is one
/// word: see the module's rules).
pub(crate) fn word_ranges(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, len) = if b == b'.' {
            let digits = i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            (start.is_some() && digits, 1)
        } else if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_word_char(c), c.len_utf8())
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                f(s, i);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        f(s, text.len());
    }
}

/// Calls `f` with the byte range of every token of `text` in order: each word not too long, and after a dotted
/// number each of its parts.
fn token_ranges(text: &str, mut f: impl FnMut(usize, usize)) {
    word_ranges(text, |from, to| {
        let word = &text[from..to];
        if too_long(word) {
            return;
        }
        f(from, to);
        if word.contains('.') {
            let mut at = from;
            for part in word.split('.') {
                f(at, at + part.len());
                at += part.len() + 1;
            }
        }
    });
}

/// Whether a word is too long to index.
fn too_long(word: &str) -> bool {
    word.len() > MAX_TOKEN_CHARS && word.chars().count() > MAX_TOKEN_CHARS
}

/// Replaces `out` with `word` lowercased (Unicode full lowercase mapping, as [`str::to_lowercase`]).
pub(crate) fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // Not char by char: a final sigma lowercases differently.
        out.push_str(&word.to_lowercase());
    }
}

/// Reused buffers for cutting many texts into terms without allocating for each word.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    surface: String,
    stem: Vec<u8>,
}

impl Scanner {
    /// Calls `f(stem, surface)` for every index term of `text` in order: what [`terms`] gives, without allocating.
    pub(crate) fn terms(&mut self, text: &str, mut f: impl FnMut(&str, &str)) {
        let Scanner { surface, stem } = self;
        token_ranges(text, |from, to| {
            lowercase_into(&text[from..to], surface);
            if is_stopword(surface) {
                return;
            }
            f(stem_into(surface, stem), surface);
        });
    }
}

#[cfg(test)]
/// Every word of `text` in order, stopwords included (callers drop them with [`is_stopword`]).
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stem_buf = Vec::new();
    token_ranges(text, |from, to| {
        let surface = text[from..to].to_lowercase();
        let stem = stem_into(&surface, &mut stem_buf).to_string();
        out.push(Token {
            surface,
            stem,
            start: from,
            end: to,
        });
    });
    out
}

#[cfg(test)]
/// The index terms of `text`: stems of the words that are not stopwords, with their surface forms.
pub(crate) fn terms(text: &str) -> impl Iterator<Item = Token> {
    tokens(text)
        .into_iter()
        .filter(|t| !is_stopword(&t.surface))
}

#[cfg(test)]
/// The shard a term lives in: its first two characters. Stemming never changes them (see [`stem`]), so a word and
/// its stem are always in the same shard.
pub(crate) fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// The file name of a shard: the key itself when it is ASCII letters and digits, else `x` and the hex of its UTF-8
/// bytes (at least five characters, so it never meets a two-character key or `index`/`docs-N`).
pub fn shard_file(key: &str) -> String {
    if key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        format!("{key}.json")
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("x{hex}.json")
    }
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !is_consonant(w, i - 1),
        _ => true,
    }
}

/// Porter's measure m: the number of vowel-consonant sequences in `w`.
fn measure(w: &[u8]) -> usize {
    let n = w.len();
    let mut i = 0;
    while i < n && is_consonant(w, i) {
        i += 1;
    }
    let mut m = 0;
    while i < n {
        while i < n && !is_consonant(w, i) {
            i += 1;
        }
        if i == n {
            break;
        }
        while i < n && is_consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
    m
}

fn has_vowel(w: &[u8]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// Consonant-vowel-consonant at the end, the last not w, x or y (`hop`, not `show`).
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
}

#[cfg(test)]
/// A light Porter-style stemmer for lowercase English words: plurals (`passwords` → `password`), `-ed` and `-ing`
/// (`enabled`, `enabling` → `enabl`), final `y` (`copy`, `copies` → `copi`) and final `e` (`enable` → `enabl`).
/// Words of fewer than three letters, or with anything but a-z, are returned as they are. The first two letters
/// never change.
pub(crate) fn stem(word: &str) -> String {
    stem_into(word, &mut Vec::new()).to_string()
}

/// [`stem`], with `buf` for the work: the stem is `word` itself or lives in `buf`.
pub(crate) fn stem_into<'a>(word: &'a str, buf: &'a mut Vec<u8>) -> &'a str {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word;
    }
    let w = buf;
    w.clear();
    w.extend_from_slice(word.as_bytes());
    // Step 1a: plurals.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if !w.ends_with(b"ss") && w.ends_with(b"s") {
        w.pop();
    }
    // Step 1b: -eed, -ed, -ing.
    let mut tidy = false;
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else if w.ends_with(b"ed") && has_vowel(&w[..w.len() - 2]) {
        w.truncate(w.len() - 2);
        tidy = true;
    } else if w.ends_with(b"ing") && has_vowel(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
        tidy = true;
    }
    if tidy {
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if ends_double_consonant(w) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
            w.pop();
        } else if measure(w) == 1 && ends_cvc(w) {
            w.push(b'e');
        }
    }
    // Step 1c: y after a vowel-bearing stem becomes i.
    if w.len() > 2 && w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Step 5a: a final e goes when the rest is long enough.
    if w.len() > 2 && w.ends_with(b"e") {
        let rest = &w[..w.len() - 1];
        let m = measure(rest);
        if m > 1 || (m == 1 && !ends_cvc(rest)) {
            w.pop();
        }
    }
    // Step 5b: -ll after a long stem becomes -l.
    if w.ends_with(b"ll") && measure(w) > 1 {
        w.pop();
    }
    if w.len() < 2 {
        return word;
    }
    // Only ASCII letters were removed or replaced.
    std::str::from_utf8(w).unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        terms(text).map(|t| t.stem).collect()
    }

    #[test]
    fn plural_singular_and_inflected_forms_share_a_stem() {
        for (words, want) in [
            (&["password", "passwords"][..], "password"),
            (&["enable", "enables", "enabled", "enabling"][..], "enabl"),
            (&["setting", "settings", "set"][..], "set"),
            (&["use", "uses", "used", "using"][..], "us"),
            (&["copy", "copies", "copied", "copying"][..], "copi"),
            (&["generate", "generated", "generating"][..], "generat"),
            (
                &["connect", "connected", "connecting", "connects"][..],
                "connect",
            ),
            (&["app", "apps"][..], "app"),
            (&["hope", "hoping", "hoped"][..], "hope"),
            (&["stop", "stopped", "stopping"][..], "stop"),
            (&["address", "addresses"][..], "address"),
            (&["agree", "agreed"][..], "agre"),
        ] {
            for w in words {
                assert_eq!(stem(w), want, "stem of {w}");
            }
        }
    }

    #[test]
    fn stemming_keeps_the_first_two_letters_so_a_word_and_its_stem_share_a_shard() {
        for w in [
            "uses", "ties", "eyes", "ying", "ay", "aye", "eed", "sees", "ides", "oozed", "ably",
            "yelled", "ill",
        ] {
            let s = stem(w);
            assert_eq!(shard_key(&s), shard_key(w), "{w} -> {s}");
        }
    }

    #[test]
    fn short_words_digits_and_non_ascii_words_are_not_stemmed() {
        assert_eq!(stem("is"), "is");
        assert_eq!(stem("pop3"), "pop3");
        assert_eq!(stem("2sv"), "2sv");
        assert_eq!(stem("cafés"), "cafés");
        assert_eq!(stem("995"), "995");
    }

    #[test]
    fn words_are_cut_at_anything_that_is_not_a_letter_or_digit_and_lowercased() {
        let t: Vec<String> =
            tokens("Click **App passwords** (2-Step Verification); it's Grüße, naïve—ok?")
                .into_iter()
                .map(|t| t.surface)
                .collect();
        assert_eq!(
            t,
            [
                "click",
                "app",
                "passwords",
                "2",
                "step",
                "verification",
                "it",
                "s",
                "grüße",
                "naïve",
                "ok"
            ]
        );
    }

    #[test]
    fn stopwords_are_not_index_terms_and_the_list_is_sorted() {
        assert_eq!(
            stems("How to add the Gmail account to your SmarterTrack"),
            ["add", "gmail", "account", "smartertrack"]
        );
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, STOPWORDS);
        assert!(
            STOPWORDS.iter().all(|w| w.len() <= 5),
            "is_stopword looks up words of five bytes or fewer only"
        );
        for w in STOPWORDS {
            assert!(is_stopword(w), "{w}");
            for other in [format!("{w}s"), format!("x{w}"), w[1..].to_string()] {
                assert_eq!(
                    is_stopword(&other),
                    STOPWORDS.contains(&other.as_str()),
                    "{other}"
                );
            }
        }
        assert!(!is_stopword("") && !is_stopword("\0a"));
    }

    #[test]
    fn the_scanner_gives_the_terms_of_a_text_without_allocating_for_each() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tokenizer-cases.json"
        );
        let fixture: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut texts: Vec<String> = fixture["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect();
        texts.push(format!("x {} ΟΔΟΣ Σ'Α y", "é".repeat(MAX_TOKEN_CHARS + 1)));
        texts.push("İstanbul ΑΣ. Straße ǅemal".into());
        let mut scanner = Scanner::default();
        for text in &texts {
            let mut got = Vec::new();
            scanner.terms(text, |stem, surface| {
                got.push((stem.to_string(), surface.to_string()))
            });
            let want: Vec<(String, String)> = terms(text).map(|t| (t.stem, t.surface)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn byte_offsets_point_at_the_words() {
        let text = "Öffnen «App passwords»";
        for t in tokens(text) {
            assert_eq!(text[t.start..t.end].to_lowercase(), t.surface);
        }
    }

    #[test]
    fn very_long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert!(tokens(&format!("x {long} y"))
            .iter()
            .all(|t| t.surface != long));
        assert_eq!(tokens(&"b".repeat(MAX_TOKEN_CHARS)).len(), 1);
    }

    /// `tests/fixtures/tokenizer-cases.json`: texts with the tokens, terms and shard files they give. The Node test
    /// `tests/browser/search.test.mjs` checks the query side's tokeniser against the same file.
    /// `HELPSITE_UPDATE_FIXTURES=1 cargo test` rewrites the expected values from the texts.
    #[test]
    fn the_tokenizer_gives_what_the_shared_fixture_expects() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tokenizer-cases.json"
        );
        let text = std::fs::read_to_string(path).expect("the fixture exists");
        let mut fixture: serde_json::Value =
            serde_json::from_str(&text).expect("the fixture is JSON");
        let update = std::env::var_os("HELPSITE_UPDATE_FIXTURES").is_some();
        let mut differences = Vec::new();
        for case in fixture["cases"].as_array_mut().expect("cases") {
            let input = case["text"].as_str().expect("text").to_string();
            let toks = tokens(&input);
            let want = serde_json::json!({
                "text": input,
                "tokens": toks.iter().map(|t| [t.surface.as_str(), t.stem.as_str()]).collect::<Vec<_>>(),
                "terms": terms(&input).map(|t| t.stem).collect::<Vec<_>>(),
                "shards": terms(&input).map(|t| shard_file(&shard_key(&t.stem))).collect::<Vec<_>>(),
            });
            if *case != want {
                differences.push(input);
                if update {
                    *case = want;
                }
            }
        }
        if update {
            let mut out = serde_json::to_string_pretty(&fixture).unwrap();
            out.push('\n');
            std::fs::write(path, out).unwrap();
        } else {
            assert!(
                differences.is_empty(),
                "the tokenizer differs from the fixture for: {differences:?}"
            );
        }
    }

    #[test]
    fn shard_files_are_plain_for_ascii_keys_and_hex_otherwise() {
        assert_eq!(shard_file("ap"), "ap.json");
        assert_eq!(shard_file("9"), "9.json");
        assert_eq!(shard_file("gr"), "gr.json");
        assert_eq!(shard_file("ü1"), "xc3bc31.json");
    }
}
