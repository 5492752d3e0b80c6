//! The app-password rules, in plain Rust with no wasm-bindgen: everything the widget decides is
//! decided here, and tested natively.
//!
//! A Google app password is 16 letters a-z, shown as four groups of four separated by single
//! spaces (`abcd efgh ijkl mnop`). [`check`] tells whether a pasted string is exactly that, can be
//! made so by cosmetic fixes, needs the user to confirm a likely fix, or is something else.
//!
//! Problem codes (stable; the widget and tests rely on them):
//!
//! | code | status | what |
//! | --- | --- | --- |
//! | `missing-spaces` | fixable | a group of four runs into the next with no space between |
//! | `misplaced-space` | fixable | a space splits a group of four |
//! | `extra-whitespace` | fixable | space before or after the password, or more than one between groups |
//! | `unusual-space` | fixable | a no-break, thin, narrow, ideographic or other special space, or a tab, instead of a space |
//! | `line-break` | fixable | a line break between groups |
//! | `invisible-character` | fixable | zero-width characters, byte-order mark, soft hyphen, direction marks, control characters |
//! | `quotes` | fixable | quotation marks around the password |
//! | `uppercase` | warning | capital letters (auto-capitalisation, caps lock) |
//! | `fullwidth` | warning | full-width letters from an East Asian input mode |
//! | `too-short` | invalid | fewer than 16 letters (no position) |
//! | `too-long` | invalid | more than 16 letters (no position) |
//! | `digit` | invalid | digits |
//! | `symbol` | invalid | punctuation, symbols, emoji, anything else |
//! | `lookalike` | invalid | letters that are not a-z: Cyrillic or Greek look-alikes, accented letters; never replaced |
//! | `masked` | invalid | the bullets (or asterisks) a screen shows instead of a password |
//! | `repeated` | invalid | the password pasted twice or more; located at the extra copies |
//! | `account-password` | invalid | one word with digits or symbols, not 16 letters: most likely the account's normal password |
//!
//! Positions are UTF-16 code-unit offsets into the input (what JavaScript string indexes use).
//! Problems are sorted by start (then end); the two without a position come last. Ranges may
//! nest (an invisible character inside a run of spaces, for example) but never cross.

use alloc::string::String;
use alloc::vec::Vec;

/// Letters in an app password.
pub const LETTERS: usize = 16;
/// Letters in one group.
pub const GROUP: usize = 4;

/// The verdict on one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Nothing but whitespace or invisible characters.
    Empty,
    /// Exactly the canonical form.
    Valid,
    /// The 16 letters are unambiguous; only cosmetic things differ.
    Fixable,
    /// A likely fix exists, but the user must confirm it.
    Warning,
    /// Anything else.
    Invalid,
}

impl Status {
    /// The name the JavaScript contract uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Empty => "empty",
            Status::Valid => "valid",
            Status::Fixable => "fixable",
            Status::Warning => "warning",
            Status::Invalid => "invalid",
        }
    }
}

/// What is wrong, as a stable kebab-case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    MissingSpaces,
    MisplacedSpace,
    ExtraWhitespace,
    UnusualSpace,
    LineBreak,
    InvisibleCharacter,
    Quotes,
    Uppercase,
    Fullwidth,
    TooShort,
    TooLong,
    Digit,
    Symbol,
    Lookalike,
    Masked,
    Repeated,
    AccountPassword,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 17] = [
        Code::MissingSpaces,
        Code::MisplacedSpace,
        Code::ExtraWhitespace,
        Code::UnusualSpace,
        Code::LineBreak,
        Code::InvisibleCharacter,
        Code::Quotes,
        Code::Uppercase,
        Code::Fullwidth,
        Code::TooShort,
        Code::TooLong,
        Code::Digit,
        Code::Symbol,
        Code::Lookalike,
        Code::Masked,
        Code::Repeated,
        Code::AccountPassword,
    ];

    /// The code's name in the JavaScript contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingSpaces => "missing-spaces",
            Code::MisplacedSpace => "misplaced-space",
            Code::ExtraWhitespace => "extra-whitespace",
            Code::UnusualSpace => "unusual-space",
            Code::LineBreak => "line-break",
            Code::InvisibleCharacter => "invisible-character",
            Code::Quotes => "quotes",
            Code::Uppercase => "uppercase",
            Code::Fullwidth => "fullwidth",
            Code::TooShort => "too-short",
            Code::TooLong => "too-long",
            Code::Digit => "digit",
            Code::Symbol => "symbol",
            Code::Lookalike => "lookalike",
            Code::Masked => "masked",
            Code::Repeated => "repeated",
            Code::AccountPassword => "account-password",
        }
    }

    /// The status this problem gives the input when it is the worst one found.
    pub fn status(self) -> Status {
        match self {
            Code::MissingSpaces
            | Code::MisplacedSpace
            | Code::ExtraWhitespace
            | Code::UnusualSpace
            | Code::LineBreak
            | Code::InvisibleCharacter
            | Code::Quotes => Status::Fixable,
            Code::Uppercase | Code::Fullwidth => Status::Warning,
            Code::TooShort
            | Code::TooLong
            | Code::Digit
            | Code::Symbol
            | Code::Lookalike
            | Code::Masked
            | Code::Repeated
            | Code::AccountPassword => Status::Invalid,
        }
    }

    /// Codes whose neighbouring occurrences are reported as one range.
    fn merges(self) -> bool {
        matches!(
            self,
            Code::InvisibleCharacter
                | Code::Quotes
                | Code::Uppercase
                | Code::Fullwidth
                | Code::Digit
                | Code::Symbol
                | Code::Lookalike
                | Code::Masked
        )
    }
}

/// One thing wrong with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    /// Short, plain English, for the person who pasted.
    pub message: String,
    /// Which message this is, for pages in other languages: the widget's catalogue key without its
    /// `widget_` prefix (the English catalogue's text, filled in, is `message`).
    pub key: &'static str,
    /// What the message names, in English: a character (`no-break space`), a script (`a Cyrillic
    /// letter`), what masks the password (`dots`), or the unit of `count` (`letters`). A page in
    /// another language shows it by its own key, `widget_name_` and the words joined by `_`.
    pub name: Option<&'static str>,
    /// The plain letter a look-alike stands for.
    pub latin: Option<char>,
    /// How many letters or characters there are, for too short and too long.
    pub count: Option<usize>,
    /// UTF-16 offset of the first code unit concerned, or `None` when the problem has no place.
    pub start: Option<usize>,
    /// UTF-16 offset just past the last code unit concerned; `None` exactly when `start` is.
    pub end: Option<usize>,
}

/// The result of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    /// The canonical form for `Valid`, `Fixable` and `Warning`; `None` otherwise.
    pub normalized: Option<String>,
    pub problems: Vec<Problem>,
}

/// Checks one input. Never panics; the result depends on nothing but `input`.
pub fn check(input: &str) -> Verdict {
    let mut items = Vec::with_capacity(input.len());
    let mut pos = 0usize;
    for c in input.chars() {
        let end = pos + c.len_utf16();
        items.push(Item {
            c,
            kind: classify(c),
            start: pos,
            end,
        });
        pos = end;
    }
    Checker::new(items).run()
}

/// Checks a string given as UTF-16 code units, as JavaScript holds it. A lone surrogate counts as
/// one U+FFFD (which is what a JavaScript string with one becomes on its way into the wasm), so
/// offsets stay those of the original units.
pub fn check_utf16(units: &[u16]) -> Verdict {
    let text: String = char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    check(&text)
}

/// The properties every verdict must have; `Err` names the first one broken. Used by the
/// property tests and the fuzz target.
pub fn check_invariants(input: &str, verdict: &Verdict) -> Result<(), &'static str> {
    let len: usize = input.chars().map(char::len_utf16).sum();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut seen_unlocated = false;
    for p in &verdict.problems {
        if p.message.is_empty() {
            return Err("a problem has no message");
        }
        match (p.start, p.end) {
            (Some(s), Some(e)) => {
                if s >= e || e > len {
                    return Err("a range is empty or outside the input");
                }
                if utf16_to_byte(input, s).is_none() || utf16_to_byte(input, e).is_none() {
                    return Err("a range splits a character");
                }
                if seen_unlocated || spans.last().is_some_and(|&(ps, _)| s < ps) {
                    return Err("problems are not in input order");
                }
                if spans.iter().any(|&(ps, pe)| ps < s && s < pe && pe < e) {
                    return Err("two ranges cross");
                }
                spans.push((s, e));
            }
            (None, None) => seen_unlocated = true,
            _ => return Err("start and end must both be set or both be null"),
        }
    }
    let worst = verdict.problems.iter().map(|p| p.code.status()).max();
    match verdict.status {
        Status::Empty => {
            if !verdict.problems.is_empty() || verdict.normalized.is_some() {
                return Err("empty has problems or a normalized form");
            }
            if input.chars().any(|c| is_content(classify(c))) {
                return Err("empty but there is something visible");
            }
        }
        Status::Valid => {
            if !verdict.problems.is_empty() || verdict.normalized.as_deref() != Some(input) {
                return Err("valid must have no problems and normalized equal to the input");
            }
        }
        status => {
            if worst != Some(status) {
                return Err("status is not the worst problem's status");
            }
            if (status == Status::Invalid) != verdict.normalized.is_none() {
                return Err("normalized must be null exactly when invalid");
            }
        }
    }
    if let Some(n) = &verdict.normalized {
        if !is_canonical(n) {
            return Err("normalized is not canonical");
        }
        if check(n).status != Status::Valid {
            return Err("check(normalized) is not valid");
        }
        if verdict.status != Status::Valid && n == input {
            return Err("a non-valid input equals its normalized form");
        }
    }
    Ok(())
}

/// True for exactly `abcd efgh ijkl mnop` shapes: 16 letters a-z in groups of four.
pub fn is_canonical(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == LETTERS + LETTERS / GROUP - 1
        && b.iter().enumerate().all(|(i, &c)| {
            if i % (GROUP + 1) == GROUP {
                c == b' '
            } else {
                c.is_ascii_lowercase()
            }
        })
}

fn utf16_to_byte(s: &str, unit: usize) -> Option<usize> {
    let mut u = 0;
    for (b, c) in s.char_indices() {
        if u == unit {
            return Some(b);
        }
        if u > unit {
            return None;
        }
        u += c.len_utf16();
    }
    (u == unit).then_some(s.len())
}

// ---------------------------------------------------------------------------------------------
// Characters

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// U+0020.
    Space,
    /// A space that is not U+0020, or a tab, by name.
    OtherSpace(&'static str),
    LineBreak,
    /// Invisible and not whitespace, by name.
    Invisible(&'static str),
    /// a-z, A-Z and their full-width forms, with the a-z letter they stand for.
    Letter {
        lower: u8,
        upper: bool,
        wide: bool,
    },
    Digit,
    /// Password-masking dots.
    Bullet,
    /// Masking only when everything is masks; a symbol otherwise.
    Asterisk,
    /// Quotation marks: cosmetic around the password, a symbol inside it.
    Quote,
    Lookalike(Look),
    Symbol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    /// Looks like this ASCII letter; the string names what it really is.
    Like(u8, &'static str),
    /// A combining accent.
    Accent,
    /// Another letter that is not a-z.
    Other,
}

fn is_ws(k: Kind) -> bool {
    matches!(k, Kind::Space | Kind::OtherSpace(_) | Kind::LineBreak)
}

fn is_content(k: Kind) -> bool {
    !matches!(
        k,
        Kind::Space | Kind::OtherSpace(_) | Kind::LineBreak | Kind::Invisible(_)
    )
}

/// Letters, digits and look-alikes: what takes one of the 16 places. (A combining accent belongs
/// to the letter before it.)
fn is_slot(k: Kind) -> bool {
    matches!(
        k,
        Kind::Letter { .. } | Kind::Digit | Kind::Lookalike(Look::Like(..) | Look::Other)
    )
}

fn classify(c: char) -> Kind {
    match c {
        'a'..='z' => Kind::Letter {
            lower: c as u8,
            upper: false,
            wide: false,
        },
        'A'..='Z' => Kind::Letter {
            lower: c.to_ascii_lowercase() as u8,
            upper: true,
            wide: false,
        },
        ' ' => Kind::Space,
        '0'..='9' => Kind::Digit,
        '\u{FF41}'..='\u{FF5A}' => Kind::Letter {
            lower: b'a' + (u32::from(c) - 0xFF41) as u8,
            upper: false,
            wide: true,
        },
        '\u{FF21}'..='\u{FF3A}' => Kind::Letter {
            lower: b'a' + (u32::from(c) - 0xFF21) as u8,
            upper: true,
            wide: true,
        },
        _ => {
            let u = u32::from(c);
            // First match wins, so single characters come before the ranges that hold them.
            for &(lo, hi, kind) in CHARACTERS {
                if lo <= u && u <= hi {
                    return kind;
                }
            }
            for &(ch, latin, what) in LOOKALIKES {
                if ch == c {
                    return Kind::Lookalike(Look::Like(latin, what));
                }
            }
            for &(lo, hi) in OTHER_LETTERS {
                if lo <= u && u <= hi {
                    return Kind::Lookalike(Look::Other);
                }
            }
            Kind::Symbol
        }
    }
}

const fn one(c: u32, kind: Kind) -> (u32, u32, Kind) {
    (c, c, kind)
}

const SPECIAL_SPACE: Kind = Kind::OtherSpace("special space");
const DIRECTION: Kind = Kind::Invisible("text-direction mark");
const INVISIBLE: Kind = Kind::Invisible("invisible character");

/// Characters other than a-z, A-Z, 0-9, space and full-width letters, as inclusive ranges.
const CHARACTERS: &[(u32, u32, Kind)] = &[
    one(0x0A, Kind::LineBreak),
    one(0x0B, Kind::LineBreak),
    one(0x0C, Kind::LineBreak),
    one(0x0D, Kind::LineBreak),
    one(0x85, Kind::LineBreak),
    one(0x2028, Kind::LineBreak),
    one(0x2029, Kind::LineBreak),
    one(0x09, Kind::OtherSpace("tab")),
    one(0xA0, Kind::OtherSpace("no-break space")),
    one(0x2009, Kind::OtherSpace("thin space")),
    one(0x202F, Kind::OtherSpace("narrow no-break space")),
    one(0x3000, Kind::OtherSpace("wide (ideographic) space")),
    one(0x1680, SPECIAL_SPACE),
    (0x2000, 0x200A, SPECIAL_SPACE),
    one(0x205F, SPECIAL_SPACE),
    one(0x200B, Kind::Invisible("zero-width space")),
    one(0x200C, Kind::Invisible("zero-width non-joiner")),
    one(0x200D, Kind::Invisible("zero-width joiner")),
    one(0x2060, Kind::Invisible("word joiner")),
    one(0xFEFF, Kind::Invisible("byte-order mark")),
    one(0xAD, Kind::Invisible("soft hyphen")),
    (0x200E, 0x200F, DIRECTION),
    one(0x61C, DIRECTION),
    (0x202A, 0x202E, DIRECTION),
    (0x2066, 0x2069, DIRECTION),
    (0xFE00, 0xFE0F, Kind::Invisible("variation selector")),
    one(0x34F, INVISIBLE),
    one(0x180E, INVISIBLE),
    (0x2061, 0x2064, INVISIBLE),
    (0xFFF9, 0xFFFB, INVISIBLE),
    (0x00, 0x1F, Kind::Invisible("control character")),
    (0x7F, 0x9F, Kind::Invisible("control character")),
    (0xFF10, 0xFF19, Kind::Digit),
    // Masking dots.
    one(0x2022, Kind::Bullet),
    one(0x25CF, Kind::Bullet),
    one(0x2219, Kind::Bullet),
    one(0xB7, Kind::Bullet),
    one(0x2027, Kind::Bullet),
    one(0x25E6, Kind::Bullet),
    one(0x30FB, Kind::Bullet),
    one(0xFF65, Kind::Bullet),
    one(0x26AB, Kind::Bullet),
    one(0x2981, Kind::Bullet),
    one(0x2A, Kind::Asterisk),
    one(0x2217, Kind::Asterisk),
    one(0xFF0A, Kind::Asterisk),
    // Quotation marks.
    one(0x22, Kind::Quote),
    one(0x27, Kind::Quote),
    one(0x60, Kind::Quote),
    (0x2018, 0x201F, Kind::Quote),
    one(0xAB, Kind::Quote),
    one(0xBB, Kind::Quote),
    (0x2039, 0x203A, Kind::Quote),
    (0x300C, 0x300F, Kind::Quote),
    one(0xFF02, Kind::Quote),
    one(0xFF07, Kind::Quote),
    // Combining accents.
    (0x300, 0x36F, Kind::Lookalike(Look::Accent)),
];

const CYRILLIC: &str = "a Cyrillic letter";
const GREEK: &str = "a Greek letter";
const OTHER_LATIN: &str = "a different letter";

/// Letters of other scripts that look like a-z or A-Z.
const LOOKALIKES: &[(char, u8, &str)] = &[
    ('а', b'a', CYRILLIC),
    ('е', b'e', CYRILLIC),
    ('о', b'o', CYRILLIC),
    ('р', b'p', CYRILLIC),
    ('с', b'c', CYRILLIC),
    ('у', b'y', CYRILLIC),
    ('х', b'x', CYRILLIC),
    ('ѕ', b's', CYRILLIC),
    ('і', b'i', CYRILLIC),
    ('ј', b'j', CYRILLIC),
    ('ԁ', b'd', CYRILLIC),
    ('һ', b'h', CYRILLIC),
    ('ԛ', b'q', CYRILLIC),
    ('ԝ', b'w', CYRILLIC),
    ('ӏ', b'l', CYRILLIC),
    ('А', b'A', CYRILLIC),
    ('В', b'B', CYRILLIC),
    ('Е', b'E', CYRILLIC),
    ('К', b'K', CYRILLIC),
    ('М', b'M', CYRILLIC),
    ('Н', b'H', CYRILLIC),
    ('О', b'O', CYRILLIC),
    ('Р', b'P', CYRILLIC),
    ('С', b'C', CYRILLIC),
    ('Т', b'T', CYRILLIC),
    ('Х', b'X', CYRILLIC),
    ('Ѕ', b'S', CYRILLIC),
    ('І', b'I', CYRILLIC),
    ('Ј', b'J', CYRILLIC),
    ('α', b'a', GREEK),
    ('ο', b'o', GREEK),
    ('ν', b'v', GREEK),
    ('ι', b'i', GREEK),
    ('κ', b'k', GREEK),
    ('ρ', b'p', GREEK),
    ('υ', b'u', GREEK),
    ('χ', b'x', GREEK),
    ('γ', b'y', GREEK),
    ('Α', b'A', GREEK),
    ('Β', b'B', GREEK),
    ('Ε', b'E', GREEK),
    ('Ζ', b'Z', GREEK),
    ('Η', b'H', GREEK),
    ('Ι', b'I', GREEK),
    ('Κ', b'K', GREEK),
    ('Μ', b'M', GREEK),
    ('Ν', b'N', GREEK),
    ('Ο', b'O', GREEK),
    ('Ρ', b'P', GREEK),
    ('Τ', b'T', GREEK),
    ('Υ', b'Y', GREEK),
    ('Χ', b'X', GREEK),
    ('ı', b'i', OTHER_LATIN),
    ('ɑ', b'a', OTHER_LATIN),
    ('ɡ', b'g', OTHER_LATIN),
];

/// Other letters that are not a-z, as inclusive ranges.
const OTHER_LETTERS: &[(u32, u32)] = &[
    (0xC0, 0xD6),       // Latin-1 letters (not ×)
    (0xD8, 0xF6),       // (not ÷)
    (0xF8, 0x2AF),      // Latin Extended A and B, IPA
    (0x370, 0x3FF),     // Greek
    (0x400, 0x52F),     // Cyrillic
    (0x1E00, 0x1FFF),   // Latin Extended Additional, Greek Extended
    (0x2C60, 0x2C7F),   // Latin Extended C
    (0xA720, 0xA7FF),   // Latin Extended D
    (0xFB00, 0xFB06),   // Latin ligatures (ﬁ, ﬂ)
    (0x1D400, 0x1D7FF), // Mathematical letters (𝐚, 𝒂, 𝕒)
];

// ---------------------------------------------------------------------------------------------
// The check

#[derive(Clone, Copy, Debug)]
struct Item {
    c: char,
    kind: Kind,
    /// UTF-16 offsets.
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Detail {
    None,
    Name(&'static str),
    Look(Look),
    Before {
        line_break: bool,
    },
    After {
        line_break: bool,
    },
    /// How many places, and whether they are all letters.
    Count(usize, bool),
}

/// A problem while checking: positions are item indices (inclusive), turned into UTF-16 offsets
/// and messages at the end.
#[derive(Clone, Copy, Debug)]
struct Found {
    code: Code,
    detail: Detail,
    span: Option<(usize, usize)>,
    count: usize,
}

struct Checker {
    items: Vec<Item>,
    /// The first item of the second copy, when the password is repeated.
    repeat_from: Option<usize>,
    /// `content_before[i]`: how many content items precede item `i` (one entry past the end too).
    content_before: Vec<usize>,
    found: Vec<Found>,
}

/// A stretch of whitespace (and any invisible characters among it) inside the password.
struct Gap {
    /// First and last whitespace item.
    first: usize,
    last: usize,
    /// Slots (letters) before it.
    slots_before: usize,
}

impl Checker {
    fn new(items: Vec<Item>) -> Self {
        let mut content_before = Vec::with_capacity(items.len() + 1);
        let mut n = 0;
        for it in &items {
            content_before.push(n);
            n += usize::from(is_content(it.kind));
        }
        content_before.push(n);
        Checker {
            items,
            repeat_from: None,
            content_before,
            found: Vec::new(),
        }
    }

    fn push(&mut self, code: Code, detail: Detail, span: Option<(usize, usize)>) {
        self.found.push(Found {
            code,
            detail,
            span,
            count: 1,
        });
    }

    fn run(mut self) -> Verdict {
        let content: Vec<usize> = (0..self.items.len())
            .filter(|&i| is_content(self.items[i].kind))
            .collect();
        let (Some(&first), Some(&last)) = (content.first(), content.last()) else {
            return Verdict {
                status: Status::Empty,
                normalized: None,
                problems: Vec::new(),
            };
        };

        // Quotation marks at either end, when there is something else between them.
        let (mut lo, mut hi) = (first, last);
        if content.iter().any(|&i| self.items[i].kind != Kind::Quote) {
            while self.items[lo].kind == Kind::Quote {
                self.push(Code::Quotes, Detail::None, Some((lo, lo)));
                lo = self.next_content(lo);
            }
            let mut trailing = Vec::new();
            while self.items[hi].kind == Kind::Quote {
                trailing.push(hi);
                hi = self.prev_content(hi);
            }
            for &q in trailing.iter().rev() {
                self.push(Code::Quotes, Detail::None, Some((q, q)));
            }
        }
        // The password proper is items lo..=hi.

        // Invisible characters, wherever they are.
        for i in 0..self.items.len() {
            if let Kind::Invisible(name) = self.items[i].kind {
                self.push(Code::InvisibleCharacter, Detail::Name(name), Some((i, i)));
            }
        }

        // Characters inside the password.
        let all_masks = (lo..=hi)
            .filter(|&i| is_content(self.items[i].kind))
            .all(|i| matches!(self.items[i].kind, Kind::Bullet | Kind::Asterisk));
        let mut masked = all_masks;
        let mut bad_chars = false;
        let mut has_digit_or_symbol = false;
        // The places (letters) of the password, and how many precede each item.
        let slots: Vec<usize> = (lo..=hi).filter(|&i| is_slot(self.items[i].kind)).collect();
        let mut slots_before = Vec::with_capacity(self.items.len() + 1);
        let mut count = 0;
        for i in 0..=self.items.len() {
            slots_before.push(count);
            count += usize::from(slots.get(count) == Some(&i));
        }
        for i in lo..=hi {
            let kind = self.items[i].kind;
            let (code, detail) = match kind {
                Kind::Letter {
                    upper: true,
                    wide: true,
                    ..
                } => {
                    self.push(Code::Fullwidth, Detail::None, Some((i, i)));
                    // Not joined with ordinary capitals, whose range would cross the full-width one.
                    (Code::Uppercase, Detail::Name("wide"))
                }
                Kind::Letter { upper: true, .. } => (Code::Uppercase, Detail::None),
                Kind::Letter { wide: true, .. } => (Code::Fullwidth, Detail::None),
                Kind::Digit => (Code::Digit, Detail::None),
                Kind::Lookalike(look) => (Code::Lookalike, Detail::Look(look)),
                Kind::Bullet => {
                    masked = true;
                    (Code::Masked, Detail::Name("dots"))
                }
                Kind::Asterisk if all_masks => (Code::Masked, Detail::Name("stars")),
                Kind::Asterisk | Kind::Quote | Kind::Symbol => (Code::Symbol, Detail::None),
                _ => continue,
            };
            if code.status() == Status::Invalid {
                bad_chars = true;
                has_digit_or_symbol |= matches!(code, Code::Digit | Code::Symbol);
            }
            self.push(code, detail, Some((i, i)));
        }
        let n = slots.len();
        let letters_only = slots
            .iter()
            .all(|&i| matches!(self.items[i].kind, Kind::Letter { .. }));
        let spacing = n == LETTERS && !bad_chars;

        // Whitespace: outside the password, and the gaps within it, in input order.
        let mut gaps: Vec<Gap> = Vec::new();
        let mut i = 0;
        while i < self.items.len() {
            if is_content(self.items[i].kind) {
                i += 1;
                continue;
            }
            let start = i;
            while i < self.items.len() && !is_content(self.items[i].kind) {
                i += 1;
            }
            let mut ws = (start..i).filter(|&j| is_ws(self.items[j].kind));
            let Some(f) = ws.next() else {
                continue;
            };
            let (mut l, mut spaces, mut line_break) = (f, 1, self.items[f].kind == Kind::LineBreak);
            for j in ws {
                l = j;
                spaces += 1;
                line_break |= self.items[j].kind == Kind::LineBreak;
            }
            let span = Some((f, l));
            if l < lo {
                self.push(Code::ExtraWhitespace, Detail::Before { line_break }, span);
                continue;
            }
            if f > hi {
                self.push(Code::ExtraWhitespace, Detail::After { line_break }, span);
                continue;
            }
            let g = Gap {
                first: f,
                last: l,
                slots_before: slots_before[f],
            };
            if spacing && g.slots_before % GROUP != 0 {
                self.push(Code::MisplacedSpace, Detail::None, span);
            } else if spaces > 1 {
                let code = if line_break {
                    Code::LineBreak
                } else {
                    Code::ExtraWhitespace
                };
                self.push(code, Detail::None, span);
            } else {
                match self.items[f].kind {
                    Kind::OtherSpace(name) => {
                        self.push(Code::UnusualSpace, Detail::Name(name), span)
                    }
                    Kind::LineBreak => self.push(Code::LineBreak, Detail::None, span),
                    _ => {}
                }
            }
            gaps.push(g);
        }

        // Groups that run into the next: each stretch of the password between two gaps that
        // holds a group boundary.
        if spacing {
            let mut seg_start = lo;
            let mut bounds: Vec<(usize, usize)> = Vec::new();
            for g in &gaps {
                bounds.push((seg_start, self.prev_content(g.first)));
                seg_start = self.next_content(g.last);
            }
            bounds.push((seg_start, hi));
            for (a, b) in bounds {
                let s0 = slots_before[a];
                let s1 = slots_before[b] + 1;
                if (s0 / GROUP) != ((s1 - 1) / GROUP) {
                    self.push(Code::MissingSpaces, Detail::None, Some((a, b)));
                }
            }
        }

        // Length.
        if !masked {
            if n < LETTERS {
                self.push(Code::TooShort, Detail::Count(n, letters_only), None);
            } else if n > LETTERS {
                if self.repeats(&slots) {
                    let span = (slots[LETTERS], slots[n - 1]);
                    self.repeat_from = Some(span.0);
                    self.push(Code::Repeated, Detail::None, Some(span));
                } else {
                    self.push(Code::TooLong, Detail::Count(n, letters_only), None);
                }
            }
        }

        // One word with digits or symbols that is not 16 letters long: a normal password.
        let length = self.content_before[hi + 1] - self.content_before[lo];
        if gaps.is_empty() && !masked && n != LETTERS && has_digit_or_symbol && length >= 6 {
            self.found.retain(|f| {
                !matches!(
                    f.code,
                    Code::Digit
                        | Code::Symbol
                        | Code::Lookalike
                        | Code::Uppercase
                        | Code::Fullwidth
                        | Code::TooShort
                        | Code::TooLong
                        | Code::Repeated
                )
            });
            self.push(Code::AccountPassword, Detail::None, Some((lo, hi)));
        }

        self.finish(&slots)
    }

    fn next_content(&self, i: usize) -> usize {
        (i + 1..self.items.len())
            .find(|&j| is_content(self.items[j].kind))
            .unwrap_or(i)
    }

    fn prev_content(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&j| is_content(self.items[j].kind))
            .unwrap_or(i)
    }

    /// The 16 slots, then the same 16 again (once or more): pasted twice.
    fn repeats(&self, slots: &[usize]) -> bool {
        let key = |i: usize| match self.items[i].kind {
            Kind::Letter { lower, .. } => u32::from(lower),
            _ => u32::from(self.items[i].c),
        };
        slots.len() % LETTERS == 0
            && slots.chunks(LETTERS).all(|chunk| {
                chunk
                    .iter()
                    .zip(&slots[..LETTERS])
                    .all(|(&a, &b)| key(a) == key(b))
            })
    }

    /// Whether two occurrences of `code` ending at item `a` and starting at item `b` are reported
    /// as one range. Only when nothing visible is between them, and only where the joined range
    /// cannot cross another problem's: invisible characters join only when side by side (a run of
    /// spaces around them has its own range), capitals across a space only when no group is
    /// reported as running into the next, and nothing across the start of a repeated copy.
    fn may_join(&self, code: Code, a: usize, b: usize, missing_spaces: bool) -> bool {
        if self.repeat_from.is_some_and(|r| a < r && r <= b) {
            return false;
        }
        let adjacent = b == a + 1;
        let nothing_visible_between = self.content_before[b] == self.content_before[a + 1];
        match code {
            Code::InvisibleCharacter => adjacent,
            Code::Uppercase | Code::Fullwidth => {
                adjacent || (nothing_visible_between && !missing_spaces)
            }
            _ => nothing_visible_between,
        }
    }

    fn finish(self, slots: &[usize]) -> Verdict {
        // Each code's problems, in input order, neighbours merged.
        let missing_spaces = self.found.iter().any(|f| f.code == Code::MissingSpaces);
        let mut lists: Vec<Vec<Found>> = Vec::with_capacity(Code::ALL.len());
        for code in Code::ALL {
            let mut list: Vec<Found> = Vec::new();
            for f in self.found.iter().filter(|f| f.code == code) {
                if let Some(prev) = list.last_mut() {
                    if let (true, Some((a0, a1)), Some((b0, b1))) =
                        (code.merges(), prev.span, f.span)
                    {
                        if prev.detail == f.detail && self.may_join(code, a1, b0, missing_spaces) {
                            prev.span = Some((a0, b1));
                            prev.count += f.count;
                            continue;
                        }
                    }
                }
                list.push(*f);
            }
            lists.push(list);
        }
        // Merge the lists by (start, longest first), the ones without a place last. (A k-way merge
        // of sorted lists: no general sort needed in the wasm.)
        let key = |f: &Found| match f.span {
            Some((a, b)) => (0u8, self.items[a].start, usize::MAX - self.items[b].end),
            None => (1, 0, 0),
        };
        let total = lists.iter().map(Vec::len).sum();
        let mut heads = [0usize; Code::ALL.len()];
        let mut problems: Vec<Problem> = Vec::with_capacity(total);
        for _ in 0..total {
            let mut best: Option<(usize, (u8, usize, usize))> = None;
            for (k, list) in lists.iter().enumerate() {
                if let Some(f) = list.get(heads[k]) {
                    let kf = key(f);
                    let better = match best {
                        Some((_, kb)) => kf < kb,
                        None => true,
                    };
                    if better {
                        best = Some((k, kf));
                    }
                }
            }
            let Some((k, _)) = best else { break };
            let f = &lists[k][heads[k]];
            heads[k] += 1;
            problems.push(Problem {
                code: f.code,
                message: message(f),
                key: message_key(f),
                name: match f.detail {
                    // Capitals' detail ("wide") only keeps them apart from full-width ones.
                    Detail::Name(_) if f.code == Code::Uppercase => None,
                    Detail::Name(n) | Detail::Look(Look::Like(_, n)) => Some(n),
                    Detail::Count(_, true) => Some("letters"),
                    Detail::Count(_, false) => Some("characters"),
                    _ => None,
                },
                latin: match f.detail {
                    Detail::Look(Look::Like(latin, _)) => Some(char::from(latin)),
                    _ => None,
                },
                count: match f.detail {
                    Detail::Count(n, _) => Some(n),
                    _ => None,
                },
                start: f.span.map(|(a, _)| self.items[a].start),
                end: f.span.map(|(_, b)| self.items[b].end),
            });
        }

        let status = problems
            .iter()
            .map(|p| p.code.status())
            .max()
            .unwrap_or(Status::Valid);
        let normalized = (status != Status::Invalid).then(|| {
            let mut s = String::with_capacity(LETTERS + LETTERS / GROUP);
            for (k, &i) in slots.iter().enumerate() {
                if k > 0 && k % GROUP == 0 {
                    s.push(' ');
                }
                if let Kind::Letter { lower, .. } = self.items[i].kind {
                    s.push(char::from(lower));
                }
            }
            s
        });
        Verdict {
            status,
            normalized,
            problems,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Messages: short, plain English, no jargon beyond the names of the characters.

fn message(f: &Found) -> String {
    let many = f.count > 1;
    let mut m = String::new();
    match (f.code, f.detail) {
        (Code::MissingSpaces, _) => m.push_str(
            "Spaces missing: an app password is four groups of four letters with a space between groups.",
        ),
        (Code::MisplacedSpace, _) => {
            m.push_str("Space in the wrong place: each group has four letters.")
        }
        (Code::ExtraWhitespace, Detail::Before { line_break }) => m.push_str(if line_break {
            "Line break before the password."
        } else {
            "Extra space before the password."
        }),
        (Code::ExtraWhitespace, Detail::After { line_break }) => m.push_str(if line_break {
            "Line break after the password."
        } else {
            "Extra space after the password."
        }),
        (Code::ExtraWhitespace, _) => {
            m.push_str("More than one space here: groups are separated by a single space.")
        }
        (Code::UnusualSpace, Detail::Name(name)) => {
            m.push_str("A ");
            m.push_str(name);
            m.push_str(" instead of an ordinary space.");
        }
        (Code::LineBreak, _) => m.push_str("Line break inside the password."),
        (Code::InvisibleCharacter, Detail::Name(name)) => {
            m.push_str(if many {
                "Invisible characters ("
            } else {
                "Invisible character ("
            });
            m.push_str(name);
            m.push_str("): not part of the password.");
        }
        (Code::Quotes, _) => m.push_str(if many {
            "Quotation marks: not part of the password."
        } else {
            "Quotation mark: not part of the password."
        }),
        (Code::Uppercase, _) => m.push_str(if many {
            "Capital letters: app passwords are all lower case. Is Caps Lock on?"
        } else {
            "Capital letter: app passwords are all lower case. A phone may have capitalised it."
        }),
        (Code::Fullwidth, _) => m.push_str(if many {
            "Wide (full-width) letters from an East Asian input mode: the password uses ordinary letters."
        } else {
            "Wide (full-width) letter from an East Asian input mode: the password uses ordinary letters."
        }),
        (Code::TooShort, Detail::Count(0, _)) => {
            m.push_str("No letters: an app password has 16.")
        }
        (Code::TooShort, Detail::Count(n, letters)) => {
            m.push_str("Too short: ");
            push_count(&mut m, n, letters);
            m.push_str(" where an app password has 16 letters.");
        }
        (Code::TooLong, Detail::Count(n, letters)) => {
            m.push_str("Too long: ");
            push_count(&mut m, n, letters);
            m.push_str(" where an app password has 16 letters.");
        }
        (Code::Digit, _) => m.push_str(if many {
            "Digits: app passwords have only letters."
        } else {
            "A digit: app passwords have only letters."
        }),
        (Code::Symbol, _) => {
            m.push_str("Not part of an app password, which has only the letters a to z and spaces.")
        }
        (Code::Lookalike, Detail::Look(Look::Like(latin, what))) => {
            m.push_str("Looks like “");
            m.push(char::from(latin));
            m.push_str("” but is ");
            m.push_str(what);
            m.push_str(", a different character. Type the password again or copy it from Google.");
        }
        (Code::Lookalike, Detail::Look(Look::Accent)) => {
            m.push_str("Accent mark: app passwords use the plain letters a to z.")
        }
        (Code::Lookalike, _) => m.push_str(if many {
            "Not the plain letters a to z, though they may look like them."
        } else {
            "Not one of the plain letters a to z, though it may look like one."
        }),
        (Code::Masked, Detail::Name(what)) => {
            m.push_str("These ");
            m.push_str(what);
            m.push_str(" hide a password: copy the password itself, not the ");
            m.push_str(what);
            m.push('.');
        }
        (Code::Repeated, _) => {
            m.push_str("The password is here more than once: keep only one copy.")
        }
        (Code::AccountPassword, _) => m.push_str(
            "This looks like an ordinary account password. Use the 16-letter app password Google created instead.",
        ),
        // Every code above has a message whatever its detail; this arm is for completeness.
        (
            Code::UnusualSpace
            | Code::InvisibleCharacter
            | Code::TooShort
            | Code::TooLong
            | Code::Masked,
            _,
        ) => {
            m.push_str("Not part of an app password.")
        }
    }
    m
}

/// The message's key in the widget's catalogue (`templates/messages/`), without `widget_`: one per
/// text [`message`] writes.
fn message_key(f: &Found) -> &'static str {
    let many = f.count > 1;
    match (f.code, f.detail) {
        (Code::MissingSpaces, _) => "missing_spaces",
        (Code::MisplacedSpace, _) => "misplaced_space",
        (Code::ExtraWhitespace, Detail::Before { line_break: true }) => "line_break_before",
        (Code::ExtraWhitespace, Detail::Before { line_break: false }) => "space_before",
        (Code::ExtraWhitespace, Detail::After { line_break: true }) => "line_break_after",
        (Code::ExtraWhitespace, Detail::After { line_break: false }) => "space_after",
        (Code::ExtraWhitespace, _) => "extra_space",
        (Code::UnusualSpace, Detail::Name(_)) => "unusual_space",
        (Code::LineBreak, _) => "line_break",
        (Code::InvisibleCharacter, Detail::Name(_)) if many => "invisible_many",
        (Code::InvisibleCharacter, Detail::Name(_)) => "invisible_one",
        (Code::Quotes, _) if many => "quotes_many",
        (Code::Quotes, _) => "quotes_one",
        (Code::Uppercase, _) if many => "uppercase_many",
        (Code::Uppercase, _) => "uppercase_one",
        (Code::Fullwidth, _) if many => "fullwidth_many",
        (Code::Fullwidth, _) => "fullwidth_one",
        (Code::TooShort, Detail::Count(0, _)) => "no_letters",
        (Code::TooShort, Detail::Count(..)) => "too_short",
        (Code::TooLong, Detail::Count(..)) => "too_long",
        (Code::Digit, _) if many => "digits_many",
        (Code::Digit, _) => "digits_one",
        (Code::Symbol, _) => "symbol",
        (Code::Lookalike, Detail::Look(Look::Like(..))) => "lookalike_named",
        (Code::Lookalike, Detail::Look(Look::Accent)) => "accent",
        (Code::Lookalike, _) if many => "lookalike_many",
        (Code::Lookalike, _) => "lookalike_one",
        (Code::Masked, Detail::Name(_)) => "masked",
        (Code::Repeated, _) => "repeated",
        (Code::AccountPassword, _) => "account_password",
        (
            Code::UnusualSpace
            | Code::InvisibleCharacter
            | Code::TooShort
            | Code::TooLong
            | Code::Masked,
            _,
        ) => "other",
    }
}

/// "1 letter", "15 letters", "15 characters", without `format!`.
fn push_count(m: &mut String, n: usize, letters: bool) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    let mut v = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &d in &digits[k..] {
        m.push(char::from(d));
    }
    m.push_str(match (letters, n == 1) {
        (true, true) => " letter",
        (true, false) => " letters",
        (false, true) => " character",
        (false, false) => " characters",
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: &str) -> Vec<&'static str> {
        check(input)
            .problems
            .iter()
            .map(|p| p.code.as_str())
            .collect()
    }

    #[test]
    fn the_canonical_form_is_valid_with_no_problems() {
        let v = check("abcd efgh ijkl mnop");
        assert_eq!(v.status, Status::Valid);
        assert_eq!(v.normalized.as_deref(), Some("abcd efgh ijkl mnop"));
        assert!(v.problems.is_empty());
    }

    #[test]
    fn every_code_has_a_distinct_kebab_case_name() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn counts_are_written_without_format() {
        let mut s = String::new();
        push_count(&mut s, 0, true);
        s.push('|');
        push_count(&mut s, 1, true);
        s.push('|');
        push_count(&mut s, 1234, false);
        assert_eq!(s, "0 letters|1 letter|1234 characters");
    }

    #[test]
    fn offsets_count_utf16_units_so_an_emoji_counts_two() {
        let v = check("😀abcd efgh ijkl mnop");
        let p = &v.problems[0];
        assert_eq!((p.code, p.start, p.end), (Code::Symbol, Some(0), Some(2)));
    }

    #[test]
    fn lone_surrogates_from_javascript_count_as_one_unit_each() {
        let mut units: Vec<u16> = "abcd efgh ijkl mnop".encode_utf16().collect();
        units.insert(4, 0xD800);
        let v = check_utf16(&units);
        assert_eq!(v.status, Status::Invalid);
        let p = &v.problems[0];
        assert_eq!((p.code, p.start, p.end), (Code::Symbol, Some(4), Some(5)));
    }

    #[test]
    fn capitals_separated_only_by_spaces_are_one_problem() {
        assert_eq!(codes("ABCD EFGH IJKL MNOP"), ["uppercase"]);
        assert_eq!(codes("Abcd Efgh ijkl mnop"), ["uppercase", "uppercase"]);
    }

    #[test]
    fn invariants_hold_on_hand_picked_inputs() {
        for s in [
            "",
            " ",
            "\"",
            "\"\"",
            "abcdefghijklmnop",
            "abcd efgh ijkl mnop abcd efgh ijkl mnop",
            "••••••••••••••••",
            "Summer2024!",
            "\u{200B}",
            "ab\u{200B}cd efgh ijkl mnop",
            // Once found crossing ranges: capitals of two widths; runs across a repeated copy.
            "AＺａ",
            "9bcdefghijklmno99bcdefghijklmno9",
            "Pbcd efgh ijkl mnoP Pbcd efgh ijkl mnoP",
        ] {
            let v = check(s);
            assert_eq!(check_invariants(s, &v), Ok(()), "{s:?}: {v:?}");
        }
    }
}
