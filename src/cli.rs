//! Command-line definitions (clap derive). Kept apart from what the commands do.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "helpsite",
    version,
    about = "Build versioned help sites where every step has a link that keeps working.",
    after_help = "Examples:\n  helpsite build                      build content/ into site/\n  helpsite build --base-url https://help.example.com/\n  helpsite check                      check everything, write nothing\n  helpsite init my-help               start a new help site\n\nExit codes: 0 ok, 1 problems in the content (all listed with file:line), 2 wrong usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site's folder, holding content/ and templates/
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Publish at this address instead of base_url from content/site.toml
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from content/ into site/
    #[command(
        after_help = "Examples:\n  helpsite build\n  helpsite build --root docs --output-dir public\n  helpsite build --base-url https://staging.example.com/help/"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: site/ in the root folder)
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
    /// Do everything build does, write nothing; exit 1 on any problem
    #[command(after_help = "Example:\n  helpsite check --root .")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write a small starter site that builds as it is
    #[command(after_help = "Example:\n  helpsite init my-help && cd my-help && helpsite build")]
    Init {
        /// Folder to create the site in (must be empty or not exist)
        dir: PathBuf,
    },
}
