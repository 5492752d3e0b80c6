//! Feeds arbitrary input to the rules, as UTF-8 text and as UTF-16 code units (lone surrogates
//! included, as JavaScript can pass them), and checks every verdict's invariants.
//!
//! RUSTC_BOOTSTRAP=1 cargo fuzz run check   (from wasm-validator/; stable toolchain)
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_validator::{check, check_utf16, rules::check_invariants};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let verdict = check(&text);
    if let Err(broken) = check_invariants(&text, &verdict) {
        panic!("{broken}: {text:?} -> {verdict:?}");
    }
    assert_eq!(verdict, check(&text), "not deterministic on {text:?}");

    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let verdict = check_utf16(&units);
    let decoded: String = char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if let Err(broken) = check_invariants(&decoded, &verdict) {
        panic!("{broken}: {units:x?} -> {verdict:?}");
    }
    for p in &verdict.problems {
        if let Some(end) = p.end {
            assert!(
                end <= units.len(),
                "offset past the input: {units:x?} -> {verdict:?}"
            );
        }
    }
});
