//! The theme's strings per language: a catalogue per language compiled into the binary (`templates/messages/`),
//! each string replaceable, and languages addable, by the site's own `templates/messages/<code>.toml`. English is
//! the reference: a language that lacks one of its keys fails the build, naming the key and the language.

use crate::load::config::SiteConfig;
use crate::report::{Problem, Problems};
use std::collections::BTreeMap;
use std::path::Path;

/// Built-in catalogues, by language code.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../templates/messages/en.toml")),
    ("de", include_str!("../../templates/messages/de.toml")),
];

/// Every language's strings, by key.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Messages {
    by_language: BTreeMap<String, BTreeMap<String, String>>,
}

/// Reads one catalogue; a problem names its file and line.
fn parse(text: &str, file: &str, problems: &mut Problems) -> BTreeMap<String, String> {
    match toml::from_str::<BTreeMap<String, String>>(text) {
        Ok(m) => m,
        Err(e) => {
            let line = e
                .span()
                .map(|s| crate::report::LineIndex::new(text).line_of(s.start));
            problems.push(
                Problem::error(file, line, format!("cannot read the messages: {}", e.message()))
                    .hint("write one `key = \"text\"` per line, as in helpsite's templates/messages/en.toml"),
            );
            BTreeMap::new()
        }
    }
}

impl Messages {
    /// The catalogues of the site's languages (none without `languages`), built-in strings replaced by the site's.
    pub(crate) fn load(root: &Path, config: &SiteConfig, problems: &mut Problems) -> Self {
        let mut messages = Messages::default();
        let reference = parse(BUILT_IN[0].1, "templates/messages/en.toml", problems);
        // A site in one language keeps the English theme (its `language` says what its content is written in).
        let codes: Vec<&str> = if config.languages.is_empty() {
            vec!["en"]
        } else {
            config.languages.iter().map(|l| l.code.as_str()).collect()
        };
        for code in codes {
            let mut strings = BUILT_IN
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(c, text)| parse(text, &format!("templates/messages/{c}.toml"), problems))
                .unwrap_or_default();
            let rel = format!("templates/messages/{code}.toml");
            if let Ok(text) = std::fs::read_to_string(root.join(&rel)) {
                strings.extend(parse(&text, &rel, problems));
            }
            let missing: Vec<&String> = reference
                .keys()
                .filter(|k| !strings.contains_key(*k))
                .collect();
            for key in missing {
                problems.push(
                    Problem::error(&rel, None, format!("the message {key:?} has no text in language {code:?}"))
                        .hint(format!("add {key} = \"...\" to templates/messages/{code}.toml (helpsite's English text is {:?})", reference[key])),
                );
                // The pages are still rendered (into nothing), so that this is the one problem they report.
                strings.insert(key.clone(), reference[key].clone());
            }
            messages.by_language.insert(code.to_string(), strings);
        }
        messages
    }

    /// Every string of a language.
    pub(crate) fn all(&self, code: &str) -> &BTreeMap<String, String> {
        Self::all_of(Some(self), code)
    }

    /// Every string of a language of `messages`, none without.
    pub(crate) fn all_of<'m>(
        messages: Option<&'m Messages>,
        code: &str,
    ) -> &'m BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        messages
            .and_then(|m| m.by_language.get(code))
            .unwrap_or(&EMPTY)
    }

    /// One string (empty when missing: the build has already failed on it).
    pub(crate) fn get(&self, code: &str, key: &str) -> String {
        self.all(code).get(key).cloned().unwrap_or_default()
    }
}
