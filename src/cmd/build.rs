//! `helpsite build` and `helpsite check`: build (or only check), print the report, and for a check compare with a
//! published `links.json` and ask the content's external links.

use crate::cmd::terminal::{errln, outln, Terminal};
use crate::links::catalog::Catalog;
use crate::links::{external, stability};
use crate::{build, Options, Summary};
use std::path::Path;
use std::process::ExitCode;

/// Builds (or checks, without an output folder) and reports; the summary on success.
pub(crate) fn build_and_report(options: &Options, t: &mut Terminal) -> Option<Summary> {
    match build(options) {
        Ok(summary) => {
            if summary.warnings.warning_count() > 0 {
                t.err(&summary.warnings.to_string());
            }
            for note in &summary.notes {
                outln!(t, "note: {note}");
            }
            outln!(t, "{}", summary.line(options.output.as_deref()));
            Some(summary)
        }
        Err(problems) => {
            t.err(&problems.to_string());
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

/// `helpsite build`.
pub fn run(options: Options) -> ExitCode {
    let mut t = Terminal::default();
    let code = match build_and_report(&options, &mut t) {
        Some(_) => ExitCode::SUCCESS,
        None => ExitCode::from(1),
    };
    t.finish(code)
}

/// `helpsite check`, with `--against` and `--external`.
pub fn check(
    options: Options,
    against: Option<&Path>,
    external: Option<external::Settings>,
) -> ExitCode {
    let mut t = Terminal::default();
    let code = check_and_report(&options, against, external, &mut t);
    t.finish(code)
}

fn check_and_report(
    options: &Options,
    against: Option<&Path>,
    external: Option<external::Settings>,
    t: &mut Terminal,
) -> ExitCode {
    // A manifest that cannot be read is a mistake in the command: say so before building.
    let old = match against.map(Catalog::read).transpose() {
        Ok(old) => old,
        Err(e) => {
            errln!(t, "error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(summary) = build_and_report(options, t) else {
        return ExitCode::from(1);
    };
    let mut failed = false;
    if let (Some(old), Some(path)) = (old, against) {
        let report = stability::check(&old, &summary.catalog);
        if report.problems.is_empty() {
            outln!(
                t,
                "All {} published links of {} still land where they did.",
                report.checked,
                path.display()
            );
        } else {
            t.err(&report.problems.to_string());
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
        if !problems.is_empty() {
            t.err(&problems.to_string());
        }
        if let Some(e) = &report.cache_error {
            errln!(t, "warning: the answers were not cached: {e}");
        }
        outln!(t, "{}", report.line());
        failed |= problems.has_errors();
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
