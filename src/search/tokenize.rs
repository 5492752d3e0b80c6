//! The search tokeniser, shared in behaviour with the query side (`templates/search.js`): both must cut the same
//! words and stem them the same way, or a query would look for terms the index does not hold.
//! `tests/fixtures/tokenizer-cases.json` pins the behaviour; a Rust test and a Node test both check it.
//!
//! Rules, kept simple so they are easy to mirror in JavaScript:
//! - a word is a maximal run of alphanumeric characters (Unicode `Alphabetic` or a number: `Nd`, `Nl`, `No`),
//!   where a `.` between two ASCII digits belongs to the run, so that `403.4`, `2.4.1` and `5.7.8` are one token
//!   each (numbered errors and versions are what readers search by); such a dotted token is followed by its parts
//!   (`403`, `4`), so that "403" still finds it; tokens longer than [`MAX_TOKEN_CHARS`] characters (hashes, long
//!   identifiers) are dropped;
//! - Chinese and Japanese are written without spaces: in a word, each run of Han, Hiragana and Katakana characters
//!   gives its overlapping pairs of characters (`应用密码` → `应用`, `用密`, `密码`), or its one character, as
//!   tokens; the rest of the word is a token as above;
//! - the token is lowercased (Unicode full lowercase mapping), then folded, left out when it is a stopword, and
//!   stemmed, each as the site's language does it ([`super::language`]).

use super::language::{fold_into, Analyzer, Stems};

/// Longer tokens are not indexed.
pub(crate) const MAX_TOKEN_CHARS: usize = 40;

#[cfg(test)]
/// One word of a text, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The lowercased, folded word as written (for prefix and typo matching on what readers type).
    pub surface: String,
    /// The stemmed word: the index term.
    pub stem: String,
    /// Byte range of the word in the text.
    pub start: usize,
    pub end: usize,
}

/// Han (with its extensions and compatibility forms), Hiragana and Katakana: scripts written without spaces.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff66}'..='\u{ff9f}'
        | '\u{20000}'..='\u{2fa1f}')
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
/// number each of its parts; in a word, the pairs of each run of [`is_cjk`] characters.
fn token_ranges(text: &str, mut f: impl FnMut(usize, usize)) {
    word_ranges(text, |from, to| {
        let word = &text[from..to];
        if word.is_ascii() {
            plain_token(word, from, &mut f);
            return;
        }
        // Runs of CJK and of other characters, in order.
        let mut run_start = from;
        let mut run_cjk = None;
        let mut previous: Option<usize> = None;
        for (i, c) in word.char_indices() {
            let at = from + i;
            let cjk = is_cjk(c);
            if run_cjk != Some(cjk) {
                if let Some(was_cjk) = run_cjk {
                    if !was_cjk {
                        plain_token(&text[run_start..at], run_start, &mut f);
                    } else if previous == Some(run_start) {
                        f(run_start, at);
                    }
                }
                run_start = at;
                run_cjk = Some(cjk);
            } else if cjk {
                // The pair of the character before and this one.
                if let Some(p) = previous {
                    f(p, at + c.len_utf8());
                }
            }
            previous = Some(at);
        }
        match run_cjk {
            Some(false) => plain_token(&text[run_start..to], run_start, &mut f),
            Some(true) if previous == Some(run_start) => f(run_start, to),
            _ => {}
        }
    });
}

/// A word (or the part of one that is not CJK) at `from`: itself unless too long, and the parts of a dotted number.
fn plain_token(word: &str, from: usize, f: &mut impl FnMut(usize, usize)) {
    if too_long(word) {
        return;
    }
    f(from, from + word.len());
    if word.contains('.') {
        let mut at = from;
        for part in word.split('.') {
            f(at, at + part.len());
            at += part.len() + 1;
        }
    }
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
#[derive(Debug)]
pub(crate) struct Scanner {
    lower: String,
    surface: String,
    stems: Stems,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new(Analyzer::default())
    }
}

impl Scanner {
    pub(crate) fn new(analyzer: Analyzer) -> Self {
        Scanner {
            lower: String::new(),
            surface: String::new(),
            stems: Stems::new(analyzer),
        }
    }

    /// Calls `f(stem, surface)` for every index term of `text` in order: what [`terms`] gives, without allocating.
    pub(crate) fn terms(&mut self, text: &str, mut f: impl FnMut(&str, &str)) {
        let Scanner {
            lower,
            surface,
            stems,
        } = self;
        let analyzer = stems.analyzer();
        token_ranges(text, |from, to| {
            normalize_into(&text[from..to], lower, surface);
            if analyzer.is_stopword(surface) {
                return;
            }
            f(stems.stem(surface), surface);
        });
    }
}

/// Replaces `out` with `word` lowercased and folded (`lower` is a buffer).
fn normalize_into(word: &str, lower: &mut String, out: &mut String) {
    if word.is_ascii() {
        lowercase_into(word, out);
    } else {
        lowercase_into(word, lower);
        fold_into(lower, out);
    }
}

#[cfg(test)]
/// Every word of `text` in order, stopwords included (callers drop them with the analyzer's `is_stopword`).
pub(crate) fn tokens(text: &str, analyzer: Analyzer) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stems = Stems::new(analyzer);
    let (mut lower, mut surface) = (String::new(), String::new());
    token_ranges(text, |from, to| {
        normalize_into(&text[from..to], &mut lower, &mut surface);
        let stem = stems.stem(&surface).to_string();
        out.push(Token {
            surface: surface.clone(),
            stem,
            start: from,
            end: to,
        });
    });
    out
}

#[cfg(test)]
/// The index terms of `text`: stems of the words that are not stopwords, with their surface forms.
pub(crate) fn terms(text: &str, analyzer: Analyzer) -> impl Iterator<Item = Token> {
    tokens(text, analyzer)
        .into_iter()
        .filter(move |t| !analyzer.is_stopword(&t.surface))
}

/// The shard a term lives in: its first two characters, or its first when that is [`is_cjk`] (a shard per pair
/// of characters would be a file per term). No stemmer changes them (see [`super::language`]), so a word and its
/// stem are always in the same shard.
pub(crate) fn shard_key(term: &str) -> &str {
    let mut chars = term.char_indices();
    let end = match chars.next() {
        None => 0,
        Some((_, c)) if is_cjk(c) => c.len_utf8(),
        Some(_) => chars.next().map_or(term.len(), |(i, c)| i + c.len_utf8()),
    };
    &term[..end]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_at_anything_that_is_not_a_letter_or_digit_lowercased_and_folded() {
        let t: Vec<String> = tokens(
            "Click **App passwords** (2-Step Verification); it's Grüße, naïve—ok?",
            Analyzer::English,
        )
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
                "grusse",
                "naive",
                "ok"
            ]
        );
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
        texts.push("Die Lösung für 应用密码 und App-Passwörter".into());
        for analyzer in [Analyzer::English, Analyzer::German, Analyzer::Plain] {
            let mut scanner = Scanner::new(analyzer);
            for text in &texts {
                let mut got = Vec::new();
                scanner.terms(text, |stem, surface| {
                    got.push((stem.to_string(), surface.to_string()))
                });
                let want: Vec<(String, String)> =
                    terms(text, analyzer).map(|t| (t.stem, t.surface)).collect();
                assert_eq!(got, want, "{analyzer:?}: {text}");
            }
        }
    }

    #[test]
    fn byte_offsets_point_at_the_words() {
        let text = "Öffnen «App passwords» 应用密码";
        let mut folded = String::new();
        for t in tokens(text, Analyzer::German) {
            fold_into(&text[t.start..t.end].to_lowercase(), &mut folded);
            assert_eq!(folded, t.surface);
        }
    }

    #[test]
    fn chinese_and_japanese_runs_give_their_pairs_of_characters() {
        let surfaces = |text: &str| -> Vec<String> {
            tokens(text, Analyzer::Plain)
                .into_iter()
                .map(|t| t.surface)
                .collect()
        };
        assert_eq!(surfaces("应用密码"), ["应用", "用密", "密码"]);
        assert_eq!(surfaces("Gmail的应用"), ["gmail", "的应", "应用"]);
        assert_eq!(surfaces("密 码"), ["密", "码"]);
        assert_eq!(
            surfaces("アプリ パスワード"),
            ["アプ", "プリ", "パス", "スワ", "ワー", "ード"]
        );
        assert_eq!(
            surfaces("비밀번호 입력"),
            ["비밀번호", "입력"],
            "Korean has spaces"
        );
    }

    #[test]
    fn a_cjk_term_is_in_the_shard_of_its_first_character() {
        assert_eq!(shard_key("密码"), "密");
        assert_eq!(shard_key("password"), "pa");
        assert_eq!(shard_key("p"), "p");
        assert_eq!(shard_key(""), "");
    }

    #[test]
    fn very_long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert!(tokens(&format!("x {long} y"), Analyzer::English)
            .iter()
            .all(|t| t.surface != long));
        assert_eq!(
            tokens(&"b".repeat(MAX_TOKEN_CHARS), Analyzer::English).len(),
            1
        );
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
            let name = case["analyzer"].as_str().unwrap_or("en").to_string();
            let analyzer = Analyzer::for_language(&name);
            let toks = tokens(&input, analyzer);
            let mut want = serde_json::json!({
                "text": input,
                "tokens": toks.iter().map(|t| [t.surface.as_str(), t.stem.as_str()]).collect::<Vec<_>>(),
                "terms": terms(&input, analyzer).map(|t| t.stem).collect::<Vec<_>>(),
                "shards": terms(&input, analyzer).map(|t| shard_file(shard_key(&t.stem))).collect::<Vec<_>>(),
            });
            if case.get("analyzer").is_some() {
                want["analyzer"] = name.into();
            }
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
