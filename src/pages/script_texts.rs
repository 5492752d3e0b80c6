//! The texts of the theme's scripts in the page's language. Each script keeps its English texts as a JSON object
//! between two markers (`/* messages */ {...} /* end messages */`); a language's copy of the script has that
//! object's texts from the language's message catalogue instead, so the scripts stay plain files that run as they
//! are (in tests, too) and a page loads only its own language's texts, with no inline script.

use std::collections::BTreeMap;

const START: &str = "/* messages */";
const END: &str = "/* end messages */";

/// The keys and texts of a message object; an object that is not a JSON object of strings is an error to report.
fn parse(object: &str) -> Result<BTreeMap<String, String>, String> {
    serde_json::from_str(object).map_err(|e| {
        format!("the texts between {START} and {END} are not a JSON object of strings: {e}")
    })
}

/// The script's three parts around its message object (before, the object, after).
fn split(script: &[u8]) -> Result<Option<(&str, &str, &str)>, String> {
    let Ok(text) = std::str::from_utf8(script) else {
        return Ok(None);
    };
    let Some(start) = text.find(START) else {
        return Ok(None);
    };
    let from = start + START.len();
    let Some(len) = text[from..].find(END) else {
        return Err(format!("{START} has no {END} after it"));
    };
    Ok(Some((
        &text[..from],
        &text[from..from + len],
        &text[from + len..],
    )))
}

/// The script with each text of its message object taken from `strings`; the keys `strings` lacks are returned, the
/// script's own text kept for them. A script without a message object is returned as it is.
pub(crate) fn localize(
    script: &[u8],
    strings: &BTreeMap<String, String>,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let Some((before, object, after)) = split(script)? else {
        return Ok((script.to_vec(), Vec::new()));
    };
    let own = parse(object)?;
    let mut missing = Vec::new();
    let mut object = serde_json::Map::new();
    for (key, english) in own {
        let text = match strings.get(&key) {
            Some(t) => t.clone(),
            None => {
                missing.push(key.clone());
                english
            }
        };
        object.insert(key, serde_json::Value::String(text));
    }
    let json = serde_json::to_string(&object).expect("strings serialise");
    let mut out = String::with_capacity(before.len() + json.len() + after.len() + 2);
    out.push_str(before);
    out.push(' ');
    out.push_str(&json);
    out.push(' ');
    out.push_str(after);
    Ok((out.into_bytes(), missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &[u8] = b"const TEXT = /* messages */ {\n  \"copy\": \"Copy\",\n  \"n\": \"{n} found\"\n} /* end messages */;\nrun(TEXT);\n";

    #[test]
    fn a_language_gets_its_own_texts_and_the_rest_of_the_script_unchanged() {
        let strings = BTreeMap::from([
            ("copy".to_string(), "Kopieren".to_string()),
            ("n".to_string(), "{n} gefunden".to_string()),
        ]);
        let (out, missing) = localize(SCRIPT, &strings).unwrap();
        assert!(missing.is_empty());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "const TEXT = /* messages */ {\"copy\":\"Kopieren\",\"n\":\"{n} gefunden\"} /* end messages */;\nrun(TEXT);\n"
        );
    }

    #[test]
    fn a_key_the_catalogue_lacks_is_named_and_keeps_the_scripts_text() {
        let strings = BTreeMap::from([("copy".to_string(), "Kopieren".to_string())]);
        let (out, missing) = localize(SCRIPT, &strings).unwrap();
        assert_eq!(missing, ["n"]);
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("\"n\":\"{n} found\""));
    }

    #[test]
    fn a_script_without_texts_is_published_as_it_is() {
        let script = b"console.log(1);\n";
        let (out, missing) = localize(script, &BTreeMap::new()).unwrap();
        assert_eq!(out, script);
        assert!(missing.is_empty());
    }

    #[test]
    fn texts_that_are_not_a_json_object_are_an_error() {
        let err = localize(
            b"const T = /* messages */ {a: 1} /* end messages */;",
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert!(err.contains("not a JSON object of strings"), "{err}");
        let err = localize(b"const T = /* messages */ {", &BTreeMap::new()).unwrap_err();
        assert!(err.contains("has no"), "{err}");
    }

    fn texts(script: &[u8]) -> Option<BTreeMap<String, String>> {
        let (_, object, _) = split(script).unwrap()?;
        Some(parse(object).unwrap())
    }

    /// The built-in scripts' English texts are the English catalogue's: the catalogue is where a site changes them.
    #[test]
    fn every_text_of_the_built_in_scripts_is_in_the_english_catalogue_with_the_same_words() {
        let catalogue: BTreeMap<String, String> =
            toml::from_str(include_str!("../../templates/messages/en.toml")).unwrap();
        for (name, script) in [
            ("site.js", &include_bytes!("../../templates/site.js")[..]),
            ("search.js", include_bytes!("../../templates/search.js")),
            ("zoom.js", include_bytes!("../../templates/zoom.js")),
            (
                "widget.js",
                include_bytes!("../../wasm-validator/widget/widget.js"),
            ),
        ] {
            let texts = texts(script).unwrap_or_else(|| panic!("{name} has no texts"));
            for (key, english) in texts {
                assert_eq!(catalogue.get(&key), Some(&english), "{name}: {key}");
            }
        }
    }
}
