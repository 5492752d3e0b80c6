//! `content/search-synonyms.toml`: words and phrases that mean the same to a reader, applied on both sides of the
//! search. Each group has one index term of its own (its canonical term): the builder adds it wherever a text says
//! any phrase of the group, and the query side ([`crate::search`]'s manifest carries the groups) searches for it in
//! place of a phrase the reader typed. So "outgoing mail" finds a step that only says SMTP, and the other way round,
//! without a term of the index being repeated under each of its synonyms.
//!
//! A language of the site other than the default has its own file, `content/search-synonyms.<code>.toml`
//! (`search-synonyms.de.toml`), its phrases cut and stemmed as that language's index is.
//!
//! ```toml
//! synonyms = [
//!   "2fa = 2-step verification = two-factor",
//!   "smtp = outgoing mail",
//! ]
//! ```

use super::language::Analyzer;
use super::tokenize;
use crate::report::{Problem, Problems};
use serde::Deserialize;
use std::path::Path;

/// The file's path from the site root.
pub(crate) const PATH: &str = "content/search-synonyms.toml";

/// One group: its canonical term and its phrases, each the stems of its index terms in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub canonical: String,
    pub phrases: Vec<Vec<String>>,
}

/// Every group of the file, in its order, and the analyzer of the language tree they are for (which stemmed
/// them, and which the tree's index cuts its texts with).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Synonyms {
    pub groups: Vec<Group>,
    pub analyzer: Analyzer,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    synonyms: Vec<String>,
}

/// The index terms of a phrase, as stems.
fn stems(phrase: &str, analyzer: Analyzer) -> Vec<String> {
    let mut scanner = tokenize::Scanner::new(analyzer);
    let mut out = Vec::new();
    scanner.terms(phrase, |stem, _| out.push(stem.to_string()));
    out
}

impl Synonyms {
    /// Reads `content/search-synonyms.toml` under `root` (`search-synonyms.<code>.toml` for `language`, a
    /// language other than the default); none when there is no such file. A line that is not a group of two or more
    /// phrases is reported, with its line, and left out.
    pub(crate) fn load(
        root: &Path,
        language: Option<&str>,
        analyzer: Analyzer,
        problems: &mut Problems,
    ) -> Self {
        let none = Self {
            groups: Vec::new(),
            analyzer,
        };
        let path = match language {
            None => PATH.to_string(),
            Some(code) => PATH.replace(".toml", &format!(".{code}.toml")),
        };
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            return none;
        };
        let file: File = match toml::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| crate::report::LineIndex::new(&text).line_of(s.start));
                problems.push(
                    Problem::error(&path, line, e.message().trim().to_string()).hint(
                        "write `synonyms = [\"2fa = two-factor\", ...]`: each string a group of phrases joined by `=`",
                    ),
                );
                return none;
            }
        };
        let mut groups = Vec::new();
        for entry in &file.synonyms {
            let phrases: Vec<Vec<String>> = entry
                .split('=')
                .map(|p| stems(p, analyzer))
                .filter(|p| !p.is_empty())
                .collect();
            if phrases.len() < 2 {
                let line = text
                    .lines()
                    .position(|l| l.contains(entry.as_str()))
                    .map(|i| i + 1);
                problems.push(
                    Problem::error(
                        &path,
                        line,
                        format!("synonym group {entry:?} has fewer than two phrases"),
                    )
                    .hint("join two or more words or phrases with `=`: \"smtp = outgoing mail\""),
                );
                continue;
            }
            groups.push(Group {
                canonical: phrases[0].join("-"),
                phrases,
            });
        }
        Self { groups, analyzer }
    }

    /// What goes into the keys of the index and its cache: the groups as the index uses them.
    pub(crate) fn key(&self) -> u64 {
        let mut key = crate::incremental::key::Key::new();
        key.add_bytes(self.analyzer.name().as_bytes());
        for g in &self.groups {
            key.add_postcard(&g.phrases);
        }
        key.finish()
    }

    /// The groups as the manifest gives them to the query side: `[[canonical, [[stem, ...], ...]], ...]`.
    pub(crate) fn manifest(&self) -> serde_json::Value {
        self.groups
            .iter()
            .map(|g| serde_json::json!([g.canonical, g.phrases]))
            .collect()
    }
}

/// The groups with their stems as term ids, looked up by a phrase's first term.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    /// `(first term, the rest of the phrase, canonical term)`, sorted.
    phrases: Vec<(u32, Vec<u32>, u32)>,
}

impl Compiled {
    pub(crate) fn new(synonyms: &Synonyms, mut id: impl FnMut(&str) -> u32) -> Self {
        let mut phrases = Vec::new();
        for g in &synonyms.groups {
            let canonical = id(&g.canonical);
            for p in &g.phrases {
                let ids: Vec<u32> = p.iter().map(|s| id(s)).collect();
                phrases.push((ids[0], ids[1..].to_vec(), canonical));
            }
        }
        phrases.sort();
        phrases.dedup();
        Self { phrases }
    }

    /// Calls `f` with the canonical term of every phrase that `terms` (a text's terms in order) says.
    pub(crate) fn found_in(&self, terms: &[u32], mut f: impl FnMut(u32)) {
        if self.phrases.is_empty() {
            return;
        }
        for (i, &t) in terms.iter().enumerate() {
            let from = self.phrases.partition_point(|p| p.0 < t);
            for (_, rest, canonical) in self.phrases[from..].iter().take_while(|p| p.0 == t) {
                if terms[i + 1..].starts_with(rest) {
                    f(*canonical);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Synonyms, Problems) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join(PATH), text).unwrap();
        let mut problems = Problems::new();
        (
            Synonyms::load(dir.path(), None, Analyzer::English, &mut problems),
            problems,
        )
    }

    #[test]
    fn each_group_has_the_stems_of_its_phrases_and_its_first_phrase_as_its_term() {
        let (s, problems) = load(
            "synonyms = [\"2fa = 2-step verification = two-factor\", \"SMTP = outgoing mail\"]\n",
        );
        assert!(problems.is_empty());
        assert_eq!(s.groups.len(), 2);
        assert_eq!(s.groups[0].canonical, "2fa");
        assert_eq!(
            s.groups[0].phrases,
            vec![
                vec!["2fa"],
                vec!["2", "step", "verification"],
                vec!["two", "factor"]
            ]
        );
        assert_eq!(s.groups[1].canonical, "smtp");
        assert_eq!(s.groups[1].phrases[1], vec!["outgo", "mail"]);
    }

    #[test]
    fn a_group_of_one_phrase_is_reported_with_its_line_and_left_out() {
        let (s, problems) =
            load("synonyms = [\n  \"vpn = virtual private network\",\n  \"lonely\",\n]\n");
        assert_eq!(s.groups.len(), 1);
        let p: Vec<_> = problems.iter().collect();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(3));
    }

    #[test]
    fn a_file_that_is_not_a_list_of_groups_is_an_error() {
        let (s, problems) = load("synonym = 3\n");
        assert!(s.groups.is_empty());
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn no_file_means_no_synonyms() {
        let mut problems = Problems::new();
        let s = Synonyms::load(
            Path::new("/nonexistent"),
            None,
            Analyzer::English,
            &mut problems,
        );
        assert!(s.groups.is_empty() && problems.is_empty());
    }

    #[test]
    fn a_phrase_is_found_only_when_its_terms_follow_each_other() {
        let s = Synonyms {
            groups: vec![Group {
                canonical: "smtp".into(),
                phrases: vec![vec!["smtp".into()], vec!["outgo".into(), "mail".into()]],
            }],
            analyzer: Analyzer::English,
        };
        let names = ["smtp", "outgo", "mail", "server"];
        let c = Compiled::new(&s, |t| names.iter().position(|n| *n == t).unwrap() as u32);
        let found = |terms: &[u32]| {
            let mut out = Vec::new();
            c.found_in(terms, |t| out.push(t));
            out
        };
        assert_eq!(found(&[1, 2, 3]), vec![0], "outgoing mail server");
        assert_eq!(found(&[2, 1, 3]), Vec::<u32>::new(), "mail outgoing server");
        assert_eq!(found(&[0, 3]), vec![0], "smtp server");
        assert_eq!(found(&[1]), Vec::<u32>::new(), "outgoing, at the end");
    }
}
