//! Property tests: `check` never panics, its verdicts keep their invariants (among them:
//! `check(normalized)` is valid whenever `normalized` is set), it depends on nothing but the input,
//! and cosmetic damage to a real password is repaired to exactly that password.

use proptest::prelude::*;
use wasm_validator::{check, check_utf16, rules::check_invariants, Status};

/// Characters the rules treat specially, plus ordinary ones.
const PALETTE: &[char] = &[
    'a', 'b', 'c', 'd', 'x', 'y', 'z', 'A', 'Q', 'Z', '0', '7', ' ', ' ', ' ', '\t', '\n', '\r',
    '\u{A0}', '\u{2009}', '\u{202F}', '\u{3000}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
    '\u{FEFF}', '\u{AD}', '\u{0}', '"', '\'', '“', '”', '-', '.', '@', '*', '•', 'ａ', 'Ｚ', '５',
    'а', 'е', 'ο', 'ö', '\u{301}', '😀', '𝐚', '\u{FFFD}',
];

fn palette_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PALETTE), 0..48)
        .prop_map(|v| v.into_iter().collect())
}

fn canonical() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::char::range('a', 'z'), 16).prop_map(|letters| {
        let mut s = String::new();
        for (i, c) in letters.into_iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                s.push(' ');
            }
            s.push(c);
        }
        s
    })
}

/// Things a paste adds or loses that never change the letters.
const COSMETIC: &[&str] = &[
    " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{2009}", "\u{202F}", "\u{3000}", "\u{200B}",
    "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string_gets_a_verdict_that_keeps_the_invariants(s in any::<String>()) {
        let v = check(&s);
        prop_assert_eq!(check_invariants(&s, &v), Ok(()), "{:?} -> {:?}", s, v);
    }

    #[test]
    fn strings_of_the_special_characters_keep_the_invariants(s in palette_string()) {
        let v = check(&s);
        prop_assert_eq!(check_invariants(&s, &v), Ok(()), "{:?} -> {:?}", s, v);
    }

    #[test]
    fn the_verdict_depends_on_nothing_but_the_input(s in palette_string()) {
        prop_assert_eq!(check(&s), check(&s.clone()));
    }

    #[test]
    fn any_utf16_units_even_lone_surrogates_get_offsets_inside_the_input(
        units in prop::collection::vec(prop_oneof![any::<u16>(), 0xD800u16..0xE000, Just(0x20u16), 0x61u16..0x7B], 0..48)
    ) {
        let v = check_utf16(&units);
        for p in &v.problems {
            if let (Some(s), Some(e)) = (p.start, p.end) {
                prop_assert!(s < e && e <= units.len(), "{:?}: {:?}", units, p);
                // Never inside a surrogate pair.
                prop_assert!(!(0xDC00..0xE000).contains(&units.get(s).copied().unwrap_or(0))
                    || s == 0 || !(0xD800..0xDC00).contains(&units[s - 1]));
            }
        }
        let text: String = char::decode_utf16(units.iter().copied())
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        prop_assert_eq!(check_invariants(&text, &v), Ok(()));
    }

    #[test]
    fn cosmetic_damage_to_a_password_is_fixable_back_to_it(
        password in canonical(),
        edits in prop::collection::vec((0usize..40, prop::sample::select(COSMETIC), any::<bool>()), 1..6),
        quote in any::<bool>(),
    ) {
        let mut chars: Vec<String> = password.chars().map(String::from).collect();
        for (at, what, drop_a_space) in edits {
            let at = at % (chars.len() + 1);
            if drop_a_space && chars.get(at).is_some_and(|c| c == " ") {
                chars.remove(at);
            } else {
                chars.insert(at, what.to_owned());
            }
        }
        let mut damaged: String = chars.concat();
        if quote {
            damaged = format!("\"{damaged}\"");
        }
        let v = check(&damaged);
        if damaged == password {
            prop_assert_eq!(v.status, Status::Valid);
        } else {
            prop_assert_eq!(v.status, Status::Fixable, "{:?} -> {:?}", damaged, v);
        }
        prop_assert_eq!(v.normalized.as_deref(), Some(password.as_str()));
    }

    #[test]
    fn capitals_in_a_password_are_a_warning_that_suggests_it(
        password in canonical(),
        caps in prop::collection::vec(any::<bool>(), 19),
    ) {
        let damaged: String = password
            .chars()
            .zip(caps)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect();
        let v = check(&damaged);
        let expected = if damaged == password { Status::Valid } else { Status::Warning };
        prop_assert_eq!(v.status, expected);
        prop_assert_eq!(v.normalized.as_deref(), Some(password.as_str()));
    }
}
