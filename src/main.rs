//! The `helpsite` command: parse the arguments, run the command, print the report, set the exit code.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use helpsite::{build, init, Options};
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
        Command::Check { site } => run(Options {
            root: site.root,
            output: None,
            base_url: site.base_url,
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

fn run(options: Options) -> ExitCode {
    match build(&options) {
        Ok(summary) => {
            if summary.warnings.warning_count() > 0 {
                eprint!("{}", summary.warnings);
            }
            println!("{}", summary.line(options.output.as_deref()));
            ExitCode::SUCCESS
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
            ExitCode::from(1)
        }
    }
}
