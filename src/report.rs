//! Problems found while building: each names a file, a line when there is one, what is wrong and how to fix it.
//! Stages collect them and the build fails once, with the whole numbered list.

pub mod ci;

use std::fmt;
use std::path::Path;

/// How bad a problem is: errors fail the build, warnings are reported and the build goes on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// Relative to the site root, with `/` separators, so reports read the same on every machine.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn error(file: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            file: display_path(file.as_ref()),
            line,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: impl AsRef<Path>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, line, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{}", self.file, line),
            None => self.file.clone(),
        }
    }
}

/// Paths in reports use forward slashes and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// The problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    items: Vec<Problem>,
    /// Set when a failed build changed its output all the same (what changed is in its problem): a report must not
    /// say the previous output was left as it was.
    output_changed: bool,
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, problem: Problem) {
        self.items.push(problem);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Problem>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|p| p.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.items.iter().filter(|p| p.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.items
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    pub fn warning_count(&self) -> usize {
        self.warnings().count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Drops the problems after the first `len` (those that followed from a cause reported instead).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }

    pub(crate) fn mark_output_changed(&mut self) {
        self.output_changed = true;
    }

    /// Whether the failed build changed the output although it failed (its problem says how to recover).
    pub fn output_changed(&self) -> bool {
        self.output_changed
    }

    /// Sorted by file, then line, then message, without duplicates: the same broken link seen from two
    /// versions that share a source file is one problem for the writer.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.line, &a.message)
                .cmp(&(b.severity, &b.file, b.line, &b.message))
        });
        self.items.dedup();
        self
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.items.iter()
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(items: Vec<Problem>) -> Self {
        Problems {
            items,
            output_changed: false,
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Problem> = self.errors().collect();
        let warnings: Vec<&Problem> = self.warnings().collect();
        for (title, list) in [("error", &errors), ("warning", &warnings)] {
            if list.is_empty() {
                continue;
            }
            let plural = if list.len() == 1 { "" } else { "s" };
            writeln!(f, "{} {}{}:", list.len(), title, plural)?;
            for (i, p) in list.iter().enumerate() {
                writeln!(f, "{:>3}. {}: {}", i + 1, p.location(), p.message)?;
                if let Some(hint) = &p.hint {
                    writeln!(f, "     fix: {hint}")?;
                }
            }
        }
        Ok(())
    }
}

/// Maps byte offsets of a text to 1-based line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Problems found once per version of an inherited file, keyed by (file, line, message) with their hint and the
/// versions they were found in: each reported once, naming its versions (`total` is the site's number of versions).
pub(crate) type PerVersion =
    std::collections::BTreeMap<(String, usize, String), (String, Vec<String>)>;

impl Problems {
    /// Reports each problem of `found` once, as an error, with the versions it is in.
    pub(crate) fn push_per_version(&mut self, found: PerVersion, total: usize) {
        for ((file, line, message), (hint, versions)) in found {
            let scope = if versions.len() == total && total > 1 {
                " (in every version)".to_string()
            } else {
                format!(" (in {})", versions.join(", "))
            };
            self.push(Problem::error(file, Some(line), format!("{message}{scope}")).hint(hint));
        }
    }
}

/// A character that acts on a terminal instead of showing: C0 controls but tab and newline, DEL, C1 controls, and the
/// bidirectional overrides and isolates that reorder what follows. Content may not hold them; printed text shows
/// them escaped.
pub(crate) fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The first character of `text` that [acts on a terminal](acts_on_terminal), for the error that names it.
pub(crate) fn acting_character(text: &str) -> Option<char> {
    text.chars().find(|c| acts_on_terminal(*c))
}

/// The fix for a text of the content that holds an [acting character](acts_on_terminal).
pub(crate) const ACTING_HINT: &str =
    "remove it: control characters and direction overrides show as nothing in a page and can rewrite a terminal";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_one_based_lines() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(6), 3);
        assert_eq!(idx.line_of(7), 4);
    }

    #[test]
    fn the_report_numbers_every_problem_with_its_location_and_fix() {
        let problems: Problems = vec![
            Problem::error("content/a.md", Some(3), "bad thing").hint("do this"),
            Problem::error("content/b.md", None, "other thing"),
            Problem::warning("content/c.md", Some(1), "odd thing"),
        ]
        .into();
        let text = problems.sorted().to_string();
        assert!(text.contains("2 errors:"));
        assert!(text.contains("  1. content/a.md:3: bad thing\n     fix: do this"));
        assert!(text.contains("  2. content/b.md: other thing"));
        assert!(text.contains("1 warning:\n  1. content/c.md:1: odd thing"));
    }
}
