//! The case table (`tests/cases.json`, shared with the Node test of the shipped wasm) against the
//! native rules.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use wasm_validator::{check, check_utf16, rules::check_invariants, Code, Status};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The input, or for inputs JSON cannot hold as a string (lone surrogates) its UTF-16 units.
    input: Option<String>,
    input16: Option<Vec<u16>>,
    status: String,
    normalized: Option<String>,
    /// `[code, start, end]` in order.
    problems: Vec<(String, Option<usize>, Option<usize>)>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("cases.json");
    serde_json::from_str(text).expect("tests/cases.json is a list of cases")
}

#[test]
fn every_case_in_the_table_gets_its_status_normalized_form_and_problems() {
    let mut failures = Vec::new();
    for case in cases() {
        let verdict = match (&case.input, &case.input16) {
            (Some(s), None) => check(s),
            (None, Some(units)) => check_utf16(units),
            _ => panic!("{}: give exactly one of input and input16", case.name),
        };
        let got: Vec<(String, Option<usize>, Option<usize>)> = verdict
            .problems
            .iter()
            .map(|p| (p.code.as_str().to_owned(), p.start, p.end))
            .collect();
        if verdict.status.as_str() != case.status
            || verdict.normalized != case.normalized
            || got != case.problems
        {
            failures.push(format!(
                "{}: expected {} {:?} {:?}\n  got {} {:?} {:?}",
                case.name,
                case.status,
                case.normalized,
                case.problems,
                verdict.status.as_str(),
                verdict.normalized,
                got
            ));
        }
        if let Some(s) = &case.input {
            if let Err(e) = check_invariants(s, &verdict) {
                failures.push(format!("{}: {e}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_status_and_every_code_with_at_least_forty_cases() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let statuses: BTreeSet<&str> = cases.iter().map(|c| c.status.as_str()).collect();
    for s in [
        Status::Empty,
        Status::Valid,
        Status::Fixable,
        Status::Warning,
        Status::Invalid,
    ] {
        assert!(
            statuses.contains(s.as_str()),
            "no case has status {}",
            s.as_str()
        );
    }
    let codes: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.problems.iter().map(|p| p.0.as_str()))
        .collect();
    for code in Code::ALL {
        assert!(
            codes.contains(code.as_str()),
            "no case has code {}",
            code.as_str()
        );
    }
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
}

/// The widget's English texts (the JSON object in `widget/widget.js`, the same as the site's English catalogue),
/// filled in as the widget fills them for a page in another language.
fn widget_texts() -> BTreeMap<String, String> {
    let script = include_str!("../widget/widget.js");
    let from = script
        .find("/* messages */")
        .expect("widget.js has its texts")
        + 14;
    let to = script.find("/* end messages */").expect("and their end");
    serde_json::from_str(&script[from..to]).expect("a JSON object of strings")
}

fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// What widget.js shows for a problem: `problemText`.
fn widget_text(texts: &BTreeMap<String, String>, p: &wasm_validator::Problem) -> Option<String> {
    let template = texts.get(&format!("widget_{}", p.key))?;
    let mut values = Vec::new();
    if let Some(name) = p.name {
        let key: String = name
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_")
            .to_lowercase();
        let text = texts
            .get(&format!("widget_name_{key}"))
            .cloned()
            .unwrap_or_else(|| name.to_string());
        values.push(("name", text));
        if let Some(n) = p.count {
            let many = if n == 1 { "one" } else { "many" };
            let unit = &texts[&format!("widget_count_{name}_{many}")];
            values.push(("count", fill(unit, &[("n", n.to_string())])));
        }
    }
    if let Some(latin) = p.latin {
        values.push(("latin", latin.to_string()));
    }
    Some(fill(template, &values))
}

#[test]
fn every_problem_has_a_catalogue_key_whose_english_filled_in_is_the_checkers_own_message() {
    let texts = widget_texts();
    let mut inputs: Vec<String> = cases().into_iter().filter_map(|c| c.input).collect();
    // Each character name, script and mask, and counts of one and many.
    for extra in [
        "abcd\u{2009}efgh ijkl mnop",
        "abcd\u{202f}efgh ijkl mnop",
        "abcd\u{3000}efgh ijkl mnop",
        "abcd\u{2003}efgh ijkl mnop",
        "abcd\tefgh ijkl mnop",
        "ab\u{200c}cd efgh ijkl mnop",
        "ab\u{200d}cd efgh ijkl mnop",
        "ab\u{2060}cd efgh ijkl mnop",
        "ab\u{ad}cd efgh ijkl mnop",
        "ab\u{200e}cd efgh ijkl mnop",
        "ab\u{fe0f}cd efgh ijkl mnop",
        "ab\u{2061}cd efgh ijkl mnop",
        "ab\u{1}cd efgh ijkl mnop",
        "\u{3b1}bcd efgh ijkl mnop",
        "\u{131}bcd efgh ijkl mnop",
        "\u{2022}\u{2022}\u{2022}\u{2022}",
        "****************",
        "a",
        "abcd efgh ijkl mnopq",
        "abcd efgh ijkl mnopqr",
        "ab1d efgh ijkl mnop",
        "ab12 efgh ijkl mnop",
        "\u{ff41}bcd efgh ijkl mnop",
    ] {
        inputs.push(extra.to_string());
    }
    let mut keys = BTreeSet::new();
    let mut failures = Vec::new();
    for input in &inputs {
        for p in check(input).problems {
            keys.insert(p.key);
            match widget_text(&texts, &p) {
                Some(text) if text == p.message => {}
                Some(text) => failures.push(format!(
                    "{input:?}: {} gives {text:?}, the checker says {:?}",
                    p.key, p.message
                )),
                None => failures.push(format!("{input:?}: no text widget_{} in widget.js", p.key)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        keys.len() >= 25,
        "only {} message keys were seen: {keys:?}",
        keys.len()
    );
}
