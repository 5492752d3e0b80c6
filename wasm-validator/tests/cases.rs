//! The case table (`tests/cases.json`, shared with the Node test of the shipped wasm) against the
//! native rules.

use std::collections::BTreeSet;

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
