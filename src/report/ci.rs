//! Problems in the formats CI reads (`--format github|json` of `helpsite check` and `helpsite build`): GitHub Actions
//! workflow commands, which show each problem as an annotation at its file and line, and one JSON document for
//! scripts. `human` is the numbered list of [`Problems`](super::Problems)' `Display`.

use super::{Problem, Severity};

/// How a command prints the problems it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The numbered list with `file:line` and fix, for a person (standard error).
    #[default]
    Human,
    /// One GitHub Actions workflow command (`::error file=..,line=..::message`) per problem, on standard output.
    Github,
    /// One JSON [`Document`] on standard output.
    Json,
}

impl Format {
    /// Whether standard output is for a program: what `human` prints there (summary lines, notes) goes to standard
    /// error instead.
    pub fn is_machine(self) -> bool {
        self != Format::Human
    }
}

/// The title of every annotation: which tool found the problem.
const TITLE: &str = "helpsite";

/// A workflow command's message (its data), escaped as GitHub's toolkit does: `%`, carriage return and line feed.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=`, `title=`): as [`escape_data`], and `:` and `,`, which end a value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for one problem, without its line end:
/// `::error file=content/v1/x.md,line=12,title=helpsite::MESSAGE — fix: HINT`.
pub fn github_command(problem: &Problem) -> String {
    let command = match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!("file={}", escape_property(&problem.file))];
    if let Some(line) = problem.line {
        properties.push(format!("line={line}"));
    }
    properties.push(format!("title={}", escape_property(TITLE)));
    let message = match &problem.hint {
        Some(hint) => format!("{} — fix: {hint}", problem.message),
        None => problem.message.clone(),
    };
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// The workflow commands for `problems`, a line each.
pub fn github<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> String {
    problems
        .into_iter()
        .map(|p| github_command(p) + "\n")
        .collect()
}

/// The version of the [`Document`] format; it changes only when a field changes meaning or goes.
pub const JSON_VERSION: u32 = 1;

/// What `--format json` prints: everything the command found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Whether the command succeeded (exit code 0).
    pub ok: bool,
    /// How many of `problems` are errors.
    pub errors: usize,
    /// How many of `problems` are warnings.
    pub warnings: usize,
    pub problems: Vec<JsonProblem>,
    /// What the pages explain to readers of moved addresses, and names kept after an edit; a line each.
    pub notes: Vec<String>,
}

/// One problem of a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JsonProblem {
    pub severity: Level,
    /// Relative to the site root, with `/` separators (a published address for `check --against`).
    pub file: String,
    /// 1-based; `null` when the problem is with the whole file.
    pub line: Option<usize>,
    /// Always `null` today: problems do not know their column.
    pub column: Option<usize>,
    pub message: String,
    /// How to fix it, when helpsite knows.
    pub fix: Option<String>,
}

/// A problem's severity, as JSON writes it: `"error"` or `"warning"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl From<&Problem> for JsonProblem {
    fn from(p: &Problem) -> Self {
        JsonProblem {
            severity: match p.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
            },
            file: p.file.clone(),
            line: p.line,
            column: None,
            message: p.message.clone(),
            fix: p.hint.clone(),
        }
    }
}

impl Document {
    pub fn new<'a>(
        ok: bool,
        problems: impl IntoIterator<Item = &'a Problem>,
        notes: &[String],
    ) -> Self {
        let problems: Vec<JsonProblem> = problems.into_iter().map(JsonProblem::from).collect();
        let count = |level| problems.iter().filter(|p| p.severity == level).count();
        Document {
            version: JSON_VERSION,
            ok,
            errors: count(Level::Error),
            warnings: count(Level::Warning),
            notes: notes.to_vec(),
            problems,
        }
    }

    /// The document, indented, with a line end. Characters that would act on a terminal (DEL, C1 controls,
    /// direction overrides; serde_json already escapes the C0 controls) are written as `\uXXXX` escapes, so the
    /// text is plain and parses back to the same strings.
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string_pretty(self).expect("a document serialises");
        let mut out = String::with_capacity(json.len() + 1);
        for c in json.chars() {
            if super::acts_on_terminal(c) {
                // Every such character is in the Basic Multilingual Plane: one escape of four digits.
                out.push_str(&format!("\\u{:04x}", c as u32));
            } else {
                out.push(c);
            }
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_with_a_line_and_a_fix_is_one_workflow_command_with_the_fix_in_its_message() {
        let p = Problem::error(
            "content/v1/x.md",
            Some(12),
            "link to missing page nothing.md",
        )
        .hint("correct the path");
        assert_eq!(
            github_command(&p),
            "::error file=content/v1/x.md,line=12,title=helpsite::link to missing page nothing.md — fix: correct the path"
        );
    }

    #[test]
    fn a_warning_without_a_line_has_no_line_property() {
        let p = Problem::warning("content/site.toml", None, "odd thing");
        assert_eq!(
            github_command(&p),
            "::warning file=content/site.toml,title=helpsite::odd thing"
        );
    }

    #[test]
    fn percent_signs_and_line_breaks_in_a_message_are_escaped() {
        let p =
            Problem::error("content/a.md", Some(1), "100% wrong\r\nsecond line").hint("see\nthis");
        assert_eq!(
            github_command(&p),
            "::error file=content/a.md,line=1,title=helpsite::100%25 wrong%0D%0Asecond line — fix: see%0Athis"
        );
    }

    #[test]
    fn colons_and_commas_are_escaped_in_a_file_name_but_not_in_the_message() {
        let p = Problem::error("content/v1/a: b,c%\n.md", Some(3), "x: y, z");
        assert_eq!(
            github_command(&p),
            "::error file=content/v1/a%3A b%2Cc%25%0A.md,line=3,title=helpsite::x: y, z"
        );
    }

    #[test]
    fn a_published_address_as_file_keeps_no_bare_colon() {
        assert_eq!(
            escape_property("https://help.test/v1/a/#step-2"),
            "https%3A//help.test/v1/a/#step-2"
        );
    }

    #[test]
    fn every_problem_is_one_line_of_the_github_output() {
        let problems = [
            Problem::error("content/a.md", Some(1), "one\ntwo"),
            Problem::warning("content/b.md", None, "three"),
        ];
        let out = github(&problems);
        assert_eq!(out.lines().count(), 2);
        assert!(out.ends_with('\n'));
        assert_eq!(github(&[]), "");
    }

    #[test]
    fn the_json_document_counts_errors_and_warnings_and_names_every_field() {
        let problems = [
            Problem::error("content/a.md", Some(3), "bad thing").hint("do this"),
            Problem::warning("content/b.md", None, "odd thing"),
        ];
        let json = Document::new(false, &problems, &["a note".to_string()]).to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "version": 1,
                "ok": false,
                "errors": 1,
                "warnings": 1,
                "problems": [
                    {"severity": "error", "file": "content/a.md", "line": 3, "column": null,
                     "message": "bad thing", "fix": "do this"},
                    {"severity": "warning", "file": "content/b.md", "line": null, "column": null,
                     "message": "odd thing", "fix": null},
                ],
                "notes": ["a note"],
            })
        );
    }

    #[test]
    fn characters_that_act_on_a_terminal_are_json_escapes_that_read_back_the_same() {
        let message = "evil\u{1b}]0;x\u{7}\u{9b}\u{202e}end";
        let problems = [Problem::error("content/a.md", None, message)];
        let json = Document::new(false, &problems, &[]).to_json();
        assert!(!json.contains(crate::report::acts_on_terminal), "{json:?}");
        assert!(json.contains("\\u202e"), "{json}");
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back.problems[0].message, message);
    }
}
