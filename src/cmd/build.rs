//! `helpsite build` and `helpsite check`: build (or only check), print the report, and for a check compare with a
//! published `links.json` and ask the content's external links. The problems are printed in the `--format` asked
//! for ([`Format`]): a numbered list for a person, GitHub Actions annotations, or one JSON document.

use crate::cmd::terminal::{errln, outln, Terminal};
use crate::links::catalog::Catalog;
use crate::links::{external, stability};
use crate::report::ci::{self, Format};
use crate::report::{Problem, Problems};
use crate::{build, Options, Summary};
use std::path::Path;
use std::process::ExitCode;

/// What a command found, printed in its [`Format`]: as found for `human` (problems on standard error, summary
/// lines on standard output) and `github` (annotations on standard output, summary lines on standard error);
/// gathered for `json` into the one document [`Reporter::finish`] prints (summary lines on standard error).
struct Reporter {
    format: Format,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Reporter {
    fn new(format: Format) -> Self {
        Reporter {
            format,
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn problems(&mut self, t: &mut Terminal, problems: &Problems) {
        if problems.is_empty() {
            return;
        }
        match self.format {
            Format::Human => t.err(&problems.to_string()),
            Format::Github => t.out(&ci::github(problems.iter())),
            Format::Json => self.problems.extend(problems.iter().cloned()),
        }
    }

    fn note(&mut self, t: &mut Terminal, note: &str) {
        match self.format {
            Format::Json => self.notes.push(note.to_string()),
            _ => self.line(t, &format!("note: {note}")),
        }
    }

    /// A line of the summary: on standard output for a person, on standard error when that is for a program.
    fn line(&mut self, t: &mut Terminal, line: &str) {
        if self.format.is_machine() {
            errln!(t, "{line}");
        } else {
            outln!(t, "{line}");
        }
    }

    /// Ends the command with `code`: for `json`, prints the document first (not after wrong usage, exit 2).
    fn finish(self, t: &mut Terminal, code: u8) -> u8 {
        if self.format == Format::Json && code != 2 {
            t.out(&ci::Document::new(code == 0, &self.problems, &self.notes).to_json());
        }
        code
    }
}

/// Builds (or checks, without an output folder) and reports for a person; the summary on success.
pub(crate) fn build_and_report(options: &Options, t: &mut Terminal) -> Option<Summary> {
    report_build(options, &mut Reporter::new(Format::Human), t)
}

/// Builds (or checks) and reports to `r`; the summary on success.
fn report_build(options: &Options, r: &mut Reporter, t: &mut Terminal) -> Option<Summary> {
    match build(options) {
        Ok(summary) => {
            if summary.warnings.warning_count() > 0 {
                r.problems(t, &summary.warnings);
            }
            for note in &summary.notes {
                r.note(t, note);
            }
            r.line(t, &summary.line(options.output.as_deref()));
            Some(summary)
        }
        Err(problems) => {
            r.problems(t, &problems);
            let n = problems.errors().count();
            errln!(
                t,
                "Build failed with {n} error{}; {}",
                if n == 1 { "" } else { "s" },
                if problems.output_changed() {
                    "the output was changed: see the error for where each site is."
                } else if options.output.is_some() {
                    "the previous output was left as it was."
                } else {
                    "nothing was written."
                }
            );
            None
        }
    }
}

/// `helpsite build`, its problems printed in `format`.
pub fn run(options: Options, format: Format) -> ExitCode {
    let mut t = Terminal::default();
    let mut r = Reporter::new(format);
    let code = match report_build(&options, &mut r, &mut t) {
        Some(_) => 0,
        None => 1,
    };
    let code = r.finish(&mut t, code);
    t.finish(ExitCode::from(code))
}

/// `helpsite check`, with `--against` and `--external`, its problems (of all three) printed in `format`.
pub fn check(
    options: Options,
    against: Option<&Path>,
    external: Option<external::Settings>,
    format: Format,
) -> ExitCode {
    let mut t = Terminal::default();
    let mut r = Reporter::new(format);
    let code = check_and_report(&options, against, external, &mut r, &mut t);
    let code = r.finish(&mut t, code);
    t.finish(ExitCode::from(code))
}

/// The exit code: 0 ok, 1 problems, 2 wrong usage.
fn check_and_report(
    options: &Options,
    against: Option<&Path>,
    external: Option<external::Settings>,
    r: &mut Reporter,
    t: &mut Terminal,
) -> u8 {
    // A manifest that cannot be read is a mistake in the command: say so before building.
    let old = match against.map(Catalog::read).transpose() {
        Ok(old) => old,
        Err(e) => {
            errln!(t, "error: {e}");
            return 2;
        }
    };
    let Some(summary) = report_build(options, r, t) else {
        return 1;
    };
    let mut failed = false;
    if let (Some(old), Some(path)) = (old, against) {
        let report = stability::check(&old, &summary.catalog);
        if report.problems.is_empty() {
            r.line(
                t,
                &format!(
                    "All {} published links of {} still land where they did.",
                    report.checked,
                    path.display()
                ),
            );
        } else {
            r.problems(t, &report.problems);
            let n = report.problems.len();
            errln!(
                t,
                "{n} published link{} of {} no longer land{} where {} did (of {} checked).",
                if n == 1 { "" } else { "s" },
                path.display(),
                if n == 1 { "s" } else { "" },
                if n == 1 { "it" } else { "they" },
                report.checked
            );
            failed = true;
        }
    }
    if let Some(settings) = external {
        let report = external::check(summary.external_links.keys(), &settings);
        let problems = report.problems(&summary.external_links);
        r.problems(t, &problems);
        if let Some(e) = &report.cache_error {
            errln!(t, "warning: the answers were not cached: {e}");
        }
        r.line(t, &report.line());
        failed |= problems.has_errors();
    }
    u8::from(failed)
}
