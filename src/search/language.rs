//! What a language does to a word after the tokenizer ([`super::tokenize`]) has cut and lowercased it: accent
//! folding, its stopwords and its stemmer. The query side (`templates/search.js`) does the same for the language the
//! manifest names; `tests/fixtures/tokenizer-cases.json` holds cases per language that both sides are tested on.
//!
//! - Folding, in every language: a Latin letter with diacritics becomes its base letter (`é` → `e`, `ö` → `o`: the
//!   letter's canonical decomposition is an ASCII letter and combining marks of U+0300–U+036F), and `ß`, `æ`, `œ`,
//!   `ø`, `ł`, `đ` become `ss`, `ae`, `oe`, `o`, `l`, `d`; other scripts are kept as they are (folding `й` to `и`
//!   would merge two Russian letters). Readers type "Losung" for "Lösung" and "cafe" for "café".
//! - English: the light Porter-style stemmer below and [`EN_STOPWORDS`].
//! - German: the Snowball German stemmer of the `rust-stemmers` crate, on the folded word, and [`DE_STOPWORDS`].
//! - Any other language: folding only.
//!
//! Every stemmer here keeps a word's first three characters (Snowball's R1 starts after them; the English one never
//! changes the first two), so a word and its stem share a shard.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

/// English words not worth indexing: they are in nearly every step. Sorted, for binary search. Contraction tails
/// (`s` of "it's", `ve` of "you've") are here too.
pub(crate) const EN_STOPWORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "d",
    "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "ll", "m", "me", "my", "of", "on", "or", "our", "re", "s", "she",
    "so", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "us", "ve", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "you", "your",
];

/// German function words, folded (`für` is `fur`). Sorted. Words that change what a reader asks ("nicht", "ohne",
/// "kein") are not here, as "not" is not in the English list.
pub(crate) const DE_STOPWORDS: &[&str] = &[
    "aber", "alle", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bist",
    "da", "damit", "dann", "das", "dass", "dem", "den", "denn", "der", "des", "die", "dies",
    "diese", "diesem", "diesen", "dieser", "dieses", "doch", "du", "durch", "ein", "eine", "einem",
    "einen", "einer", "eines", "er", "es", "euch", "fur", "hat", "hatte", "ich", "ihm", "ihn",
    "ihr", "ihre", "im", "in", "ist", "ja", "man", "mit", "nach", "noch", "nur", "ob", "oder",
    "sich", "sie", "sind", "so", "uber", "um", "und", "uns", "vom", "von", "vor", "war", "was",
    "wenn", "wie", "wir", "wird", "wo", "zu", "zum", "zur",
];

/// How a language's words become index terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) enum Analyzer {
    /// The light English stemmer and English stopwords (also the analyzer of a site without `languages`).
    #[default]
    English,
    /// Snowball German and German stopwords.
    German,
    /// Folding only: no stemmer, no stopwords.
    Plain,
}

impl Analyzer {
    /// The analyzer for a language tag of site.toml: `en`, `en-gb` → English; `de`, `de-ch` → German; else plain.
    pub(crate) fn for_language(code: &str) -> Self {
        let primary = code.split('-').next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Analyzer::English,
            "de" => Analyzer::German,
            _ => Analyzer::Plain,
        }
    }

    /// Its name in the search manifest, which tells the query side what to do.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Analyzer::English => "en",
            Analyzer::German => "de",
            Analyzer::Plain => "plain",
        }
    }

    /// Whether `word` (lowercased and folded) is a stopword of the language.
    pub(crate) fn is_stopword(self, word: &str) -> bool {
        match self {
            Analyzer::English => is_english_stopword(word),
            Analyzer::German => word.len() <= 6 && DE_STOPWORDS.binary_search(&word).is_ok(),
            Analyzer::Plain => false,
        }
    }
}

/// The stemmers of a language, with the buffers they work in.
pub(crate) struct Stems {
    analyzer: Analyzer,
    german: Stemmer,
    buf: Vec<u8>,
    /// The Snowball stemmer allocates for every word it changes, and the words of help articles repeat: each word's
    /// German stem is kept (`None`: the word is its own stem).
    german_seen: crate::search::intern::FxHashMap<Box<str>, Option<Box<str>>>,
}

impl std::fmt::Debug for Stems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stems")
            .field("analyzer", &self.analyzer)
            .finish()
    }
}

impl Stems {
    pub(crate) fn new(analyzer: Analyzer) -> Self {
        Stems {
            analyzer,
            german: Stemmer::create(Algorithm::German),
            buf: Vec::new(),
            german_seen: Default::default(),
        }
    }

    pub(crate) fn analyzer(&self) -> Analyzer {
        self.analyzer
    }

    /// The stem of `word` (lowercased and folded): `word` itself or a string in the buffers.
    pub(crate) fn stem<'a>(&'a mut self, word: &'a str) -> &'a str {
        match self.analyzer {
            Analyzer::English => stem_into(word, &mut self.buf),
            Analyzer::German => {
                if !self.german_seen.contains_key(word) {
                    let stem = match self.german.stem(word) {
                        Cow::Borrowed(_) => None,
                        Cow::Owned(s) => Some(s.into_boxed_str()),
                    };
                    self.german_seen.insert(word.into(), stem);
                }
                match self.german_seen.get(word) {
                    Some(Some(stem)) => stem,
                    _ => word,
                }
            }
            Analyzer::Plain => word,
        }
    }
}

/// Letters that fold to ASCII without a canonical decomposition.
fn special_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        _ => return None,
    })
}

fn is_combining_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Replaces `out` with `word` folded (see the module's rules); `word` is lowercase already.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    let mut parts = Vec::new();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(s) = special_fold(c) {
            out.push_str(s);
        } else if is_combining_diacritic(c) {
            // A mark inside a word: the letter before it already stands for itself.
        } else {
            parts.clear();
            unicode_normalization::char::decompose_canonical(c, |d| parts.push(d));
            match parts.split_first() {
                Some((base, marks))
                    if base.is_ascii_alphabetic()
                        && !marks.is_empty()
                        && marks.iter().copied().all(is_combining_diacritic) =>
                {
                    out.push(*base)
                }
                _ => out.push(c),
            }
        }
    }
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

/// [`EN_STOPWORDS`] packed, sorted.
const PACKED_STOPWORDS: [u64; EN_STOPWORDS.len()] = {
    let mut keys = [0; EN_STOPWORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(EN_STOPWORDS[i].as_bytes());
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

/// English stopwords are looked up for every word of the default language: without `memcmp`.
fn is_english_stopword(word: &str) -> bool {
    // No stopword is longer than five bytes.
    word.len() <= 5
        && PACKED_STOPWORDS
            .binary_search(&pack(word.as_bytes()))
            .is_ok()
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

/// A light Porter-style stemmer for lowercase English words: plurals (`passwords` → `password`), `-ed` and `-ing`
/// (`enabled`, `enabling` → `enabl`), final `y` (`copy`, `copies` → `copi`) and final `e` (`enable` → `enabl`).
/// Words of fewer than three letters, or with anything but a-z, are returned as they are. The first two letters
/// never change.
#[cfg(test)]
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

    /// The terms of words separated by spaces (the tokenizer's own tests cut real texts).
    fn analysed(text: &str, analyzer: Analyzer) -> Vec<String> {
        let mut stems = Stems::new(analyzer);
        let mut folded = String::new();
        text.split_whitespace()
            .filter_map(|w| {
                fold_into(&w.to_lowercase(), &mut folded);
                (!analyzer.is_stopword(&folded)).then(|| stems.stem(&folded).to_string())
            })
            .collect()
    }

    fn stems(text: &str) -> Vec<String> {
        analysed(text, Analyzer::English)
    }

    fn shard_key(w: &str) -> String {
        w.chars().take(2).collect()
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
    fn stopwords_are_not_index_terms_and_the_list_is_sorted() {
        assert_eq!(
            stems("How to add the Gmail account to your SmarterTrack"),
            ["add", "gmail", "account", "smartertrack"]
        );
        let mut sorted = EN_STOPWORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, EN_STOPWORDS);
        assert!(
            EN_STOPWORDS.iter().all(|w| w.len() <= 5),
            "is_stopword looks up words of five bytes or fewer only"
        );
        for w in EN_STOPWORDS {
            assert!(is_english_stopword(w), "{w}");
            for other in [format!("{w}s"), format!("x{w}"), w[1..].to_string()] {
                assert_eq!(
                    is_english_stopword(&other),
                    EN_STOPWORDS.contains(&other.as_str()),
                    "{other}"
                );
            }
        }
        assert!(!is_english_stopword("") && !is_english_stopword("\0a"));
    }

    fn german(text: &str) -> Vec<String> {
        analysed(text, Analyzer::German)
    }

    #[test]
    fn german_inflections_share_a_stem_and_umlauts_fold() {
        for (words, want) in [
            (&["Passwort", "Passworts", "Passworte"][..], "passwort"),
            (&["Einstellung", "Einstellungen"][..], "einstell"),
            (&["öffnen", "Öffne", "offnen"][..], "offn"),
            (&["Lösung", "Lösungen", "Losung"][..], "losung"),
            (&["eingeben", "eingebe"][..], "eingeb"),
        ] {
            for w in words {
                assert_eq!(german(w), [want], "stem of {w}");
            }
        }
        assert_eq!(german("Straße"), german("Strasse"));
    }

    #[test]
    fn german_function_words_are_not_index_terms_and_the_list_is_sorted() {
        assert_eq!(
            german("Öffnen Sie die Einstellungen für das Konto"),
            ["offn", "einstell", "konto"]
        );
        let mut sorted = DE_STOPWORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, DE_STOPWORDS);
        assert!(DE_STOPWORDS.iter().all(|w| w.len() <= 6 && w.is_ascii()));
    }

    #[test]
    fn no_stemmer_changes_the_first_three_characters_so_a_word_and_its_stem_share_a_shard() {
        let mut stems = Stems::new(Analyzer::German);
        for w in [
            "aus", "eis", "enden", "ernst", "ungen", "igel", "nisse", "heit", "keit", "lichen",
            "eyes", "auen", "ueber",
        ] {
            let s = stems.stem(w).to_string();
            assert_eq!(shard_key(&s), shard_key(w), "{w} -> {s}");
            assert!(s.starts_with(&w[..2]), "{w} -> {s}");
        }
    }

    #[test]
    fn accents_fold_to_their_latin_letter_and_other_scripts_stay() {
        let fold = |w: &str| {
            let mut out = String::new();
            fold_into(w, &mut out);
            out
        };
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("grüße"), "grusse");
        assert_eq!(fold("ærøskøbing"), "aeroskobing");
        assert_eq!(fold("łódź"), "lodz");
        assert_eq!(fold("ñandú"), "nandu");
        assert_eq!(fold("tiếng"), "tieng", "two marks on one letter");
        assert_eq!(fold("йод"), "йод", "Cyrillic letters are not Latin ones");
        assert_eq!(fold("密码"), "密码");
    }

    #[test]
    fn a_language_tag_picks_its_analyzer() {
        assert_eq!(Analyzer::for_language("en"), Analyzer::English);
        assert_eq!(Analyzer::for_language("en-GB"), Analyzer::English);
        assert_eq!(Analyzer::for_language("de-ch"), Analyzer::German);
        assert_eq!(Analyzer::for_language("fr"), Analyzer::Plain);
        assert_eq!(Analyzer::for_language("zh-hant"), Analyzer::Plain);
    }
}
