//! The `helpsite` command: parse the arguments, run the command, print the report, set the exit code.

mod cli;
mod serve;

use clap::Parser;
use cli::{Cli, Command, Format};
use helpsite::catalog::{self, Catalog};
use helpsite::{build, external, init, stability, Options};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, output_dir } => {
            let output = output_dir.unwrap_or_else(|| site.root.join("site"));
            run(Options {
                root: site.root,
                output: Some(output),
                base_url: site.base_url,
            })
        }
        Command::Check {
            site,
            against,
            external,
            cache_max_age,
            timeout,
            per_host,
        } => {
            let external = external.then(|| {
                let mut settings = external::Settings::for_root(&site.root);
                settings.max_age = cache_max_age;
                settings.timeout = timeout;
                settings.per_host = per_host.into();
                settings
            });
            check(
                Options {
                    root: site.root,
                    output: None,
                    base_url: site.base_url,
                },
                against.as_deref(),
                external,
            )
        }
        Command::Links {
            root,
            version,
            format,
            manifest,
            words,
        } => links(
            &root,
            version.as_deref(),
            format,
            manifest.as_deref(),
            &words,
        ),
        Command::Serve(args) => serve::run(serve::Settings {
            root: args.site.root,
            base_url: args.site.base_url,
            interface: args.interface,
            port: args.port,
            open: args.open,
        }),
        Command::Init { dir } => match init::write_starter(&dir) {
            Ok(()) => {
                println!(
                    "Created a help site in {}. Next: cd {} && helpsite build",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// Builds (or checks, without an output folder) and reports; the summary on success.
fn build_and_report(options: &Options) -> Option<helpsite::Summary> {
    match build(options) {
        Ok(summary) => {
            if summary.warnings.warning_count() > 0 {
                eprint!("{}", summary.warnings);
            }
            println!("{}", summary.line(options.output.as_deref()));
            Some(summary)
        }
        Err(problems) => {
            eprint!("{problems}");
            let n = problems.errors().count();
            eprintln!(
                "Build failed with {n} error{}; {}",
                if n == 1 { "" } else { "s" },
                if options.output.is_some() {
                    "the previous output was left as it was."
                } else {
                    "nothing was written."
                }
            );
            None
        }
    }
}

fn run(options: Options) -> ExitCode {
    match build_and_report(&options) {
        Some(_) => ExitCode::SUCCESS,
        None => ExitCode::from(1),
    }
}

fn check(
    options: Options,
    against: Option<&Path>,
    external: Option<external::Settings>,
) -> ExitCode {
    // A manifest that cannot be read is a mistake in the command: say so before building.
    let old = match against.map(Catalog::read).transpose() {
        Ok(old) => old,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(summary) = build_and_report(&options) else {
        return ExitCode::from(1);
    };
    let mut failed = false;
    if let (Some(old), Some(path)) = (old, against) {
        let report = stability::check(&old, &summary.catalog);
        if report.problems.is_empty() {
            println!(
                "All {} published links of {} still land where they did.",
                report.checked,
                path.display()
            );
        } else {
            eprint!("{}", report.problems);
            let n = report.problems.len();
            eprintln!(
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
            eprint!("{problems}");
        }
        if let Some(e) = &report.cache_error {
            eprintln!("warning: the answers were not cached: {e}");
        }
        println!("{}", report.line());
        failed |= problems.has_errors();
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The catalog to list: the given manifest, the site's own `site/links.json` when it is fresh, or an in-memory build.
fn catalog_for(root: &Path, manifest: Option<&Path>) -> Result<Catalog, ExitCode> {
    if let Some(path) = manifest {
        return Catalog::read(path).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(2)
        });
    }
    if let Some(catalog) = catalog::read_fresh(root) {
        return Ok(catalog);
    }
    let options = Options {
        root: root.to_path_buf(),
        output: None,
        base_url: None,
    };
    match build(&options) {
        Ok(summary) => Ok(summary.catalog),
        Err(problems) => {
            eprint!("{problems}");
            eprintln!("The site does not build, so its links cannot be listed; fix the problems above, or list a links.json with --manifest.");
            Err(ExitCode::from(1))
        }
    }
}

fn links(
    root: &Path,
    version: Option<&str>,
    format: Format,
    manifest: Option<&Path>,
    words: &[String],
) -> ExitCode {
    let catalog = match catalog_for(root, manifest) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rows = match catalog.find_steps(version, words) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if rows.is_empty() {
        eprintln!(
            "No step matches {}{}.",
            if words.is_empty() {
                "at all".to_string()
            } else {
                format!("{:?}", words.join(" "))
            },
            version
                .map(|v| format!(" in version {v}"))
                .unwrap_or_default()
        );
        return ExitCode::from(1);
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let text = match format {
        Format::Table => catalog::table(&catalog, &rows, width),
        Format::Json => catalog::json(&rows),
        Format::Csv => catalog::csv(&rows),
    };
    // A reader that stops early (`helpsite links | head`) is not an error.
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}
