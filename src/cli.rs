//! Command-line definitions (clap derive). Kept apart from what the commands do.

use clap::{Parser, Subcommand, ValueEnum};
use helpsite::links::external::parse_duration;
use std::path::PathBuf;
use std::time::Duration;

/// Output formats of `helpsite links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For reading: per article its title, then each step's number, text and address
    Table,
    /// An array of steps, each with its version, article, number, id, names, text and address
    Json,
    /// One step per line, with a header line
    Csv,
}

/// Output formats of `helpsite translations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TranslationFormat {
    /// Per language a summary line, then each article's state and translation file
    Table,
    /// An array of articles, each with its language, version, article, state, source and translation
    Json,
}

/// Output formats of the problems of `helpsite check` and `helpsite build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProblemFormat {
    /// For reading: the numbered list with file:line and fix (standard error)
    Human,
    /// One GitHub Actions workflow command per problem (::error file=..,line=..::), shown as annotations (standard
    /// output)
    Github,
    /// One JSON document with every problem (standard output)
    Json,
}

impl From<ProblemFormat> for helpsite::report::ci::Format {
    fn from(format: ProblemFormat) -> Self {
        match format {
            ProblemFormat::Human => Self::Human,
            ProblemFormat::Github => Self::Github,
            ProblemFormat::Json => Self::Json,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "helpsite",
    // `helpsite 0.1.0 (0123456789ab 2026-01-31)`: the commit and its date, from build.rs.
    version = env!("HELPSITE_VERSION"),
    about = "Build versioned help sites where every step has a link that keeps working.",
    after_help = "Examples:\n  helpsite build                      build content/ into site/\n  helpsite build --base-url https://help.example.com/\n  helpsite check                      check everything, write nothing\n  helpsite serve --open               preview while writing: rebuilds and reloads on save\n  helpsite links gmail password       find the link to a step\n  helpsite init my-help               start a new help site\n\nExit codes: 0 ok, 1 problems in the content (all listed with file:line), 2 wrong usage."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SiteArgs {
    /// The site's folder, holding content/ and templates/
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Publish at this address instead of base_url from content/site.toml
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// How the built site is handed to its host.
#[derive(Debug, clap::Args)]
pub(crate) struct PublishArgs {
    /// Also write this host's configuration: redirects as 301s, cache lifetimes, security headers (instead of
    /// [publish] host in site.toml)
    #[arg(long, value_name = "HOST")]
    pub host: Option<helpsite::Host>,
    /// Write no .br and .gz copies of the text files
    #[arg(long)]
    pub no_precompress: bool,
}

impl PublishArgs {
    /// The precompression asked for on the command line, if any (else site.toml's, or the default).
    pub(crate) fn precompress(&self) -> Option<bool> {
        self.no_precompress.then_some(false)
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
        #[command(flatten)]
        publish: PublishArgs,
        /// How to print the problems (github and json: for CI, summary lines on standard error)
        #[arg(long, value_enum, default_value_t = ProblemFormat::Human)]
        format: ProblemFormat,
    },
    /// Do everything build does, write nothing; exit 1 on any problem
    #[command(
        after_help = "Examples:\n  helpsite check\n  helpsite check --against published/links.json   would the release break published links?\n  helpsite check --external --cache-max-age 12h   do the content's http(s) links still answer?\n  helpsite check --format github                  problems as annotations of a GitHub Actions run\n\nExit codes: 0 ok, 1 problems (broken links, published links that no longer land), 2 wrong usage."
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Check that every address of an earlier build's links.json (the live site's) still lands on the same
        /// page, step or heading: directly, through an alias or through a former step name
        #[arg(long, value_name = "LINKS_JSON")]
        against: Option<PathBuf>,
        /// Also check the content's http(s) links over the network (off by default, never part of build)
        #[arg(long)]
        external: bool,
        /// Reuse answers of earlier external checks younger than this (30s, 15m, 12h, 1d, 2w; 0 asks again)
        #[arg(long, value_name = "AGE", default_value = "1d", value_parser = parse_duration, requires = "external")]
        cache_max_age: Duration,
        /// Wait this long for one external answer
        #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration, requires = "external")]
        timeout: Duration,
        /// Ask one host at most this many things at once
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=16), requires = "external")]
        per_host: u16,
        /// How to print the problems (github and json: for CI, summary lines on standard error)
        #[arg(long, value_enum, default_value_t = ProblemFormat::Human)]
        format: ProblemFormat,
    },
    /// Build the site as it is published, and add its step addresses to the ledger (content/links.lock)
    #[command(
        after_help = "Examples:\n  helpsite publish                    build into site/, then record the release\n  helpsite publish --date 2026-11-01  record it under another date\n\nThe release workflow: helpsite publish, then commit content/links.lock with the content, then deploy site/.\nEvery later build checks that each recorded address still lands on the step it meant. Nothing is recorded\nwhen the build fails. Exit codes: 0 recorded (or nothing new), 1 problems in the content, 2 wrong usage."
    )]
    Publish {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: site/ in the root folder)
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// The release's date (YYYY-MM-DD; default: today, in UTC)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// List the step links of the site, to find the link to paste for a step
    #[command(
        after_help = "Examples:\n  helpsite links gmail app password\n  helpsite links --version current --format csv > steps.csv\n  helpsite links --manifest live/links.json smtp\n  helpsite links --changed-since 3 --format csv   what moved since release 3 of the ledger\n\nWords match the article title, the step's text and its names, in any case; every word must match.\nReads site/links.json when it is newer than everything in content/ and templates/; otherwise builds the\nsite in memory (writing nothing) to list it."
    )]
    Links {
        /// The site's folder, holding content/ and templates/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Only this version (an id from site.toml, or latest)
        #[arg(long, value_name = "VERSION")]
        version: Option<String>,
        /// The steps of this language's tree (a code from site.toml's `languages`), at their addresses there
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// How to print the steps
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Read this links.json (for example the live site's) instead of the site's own
        #[arg(long, value_name = "LINKS_JSON")]
        manifest: Option<PathBuf>,
        /// List the addresses that release N of the ledger published and that now open another step or none
        /// (for updating saved replies and macros), instead of the steps
        #[arg(long, value_name = "N", conflicts_with = "words")]
        changed_since: Option<u32>,
        /// Words every listed step must match
        words: Vec<String>,
    },
    /// List each article's translation per language (complete, unmarked, stale, draft, missing), or mark translations
    /// as translating their source as it is now
    #[command(
        after_help = "Examples:\n  helpsite translations                       the latest version, every language\n  helpsite translations --lang de --format json\n  helpsite translations --mark content/current/email/gmail.de.md\n\nA marked translation whose source changes afterwards is listed as stale, and its page says it may be out of date."
    )]
    Translations {
        /// The site's folder, holding content/ and templates/
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Only this language (a code from site.toml)
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// This version (an id from site.toml, or latest: the default)
        #[arg(long, value_name = "VERSION")]
        version: Option<String>,
        /// How to print the list
        #[arg(long, value_enum, default_value_t = TranslationFormat::Table)]
        format: TranslationFormat,
        /// Record in these translations the revision of their source they translate (source_digest), instead of
        /// listing
        #[arg(long, value_name = "FILE", num_args = 1..)]
        mark: Vec<PathBuf>,
    },
    /// Build the site, serve it on this machine and rebuild on every save; open pages reload by themselves
    #[command(
        after_help = "Examples:\n  helpsite serve                      http://127.0.0.1:1111/\n  helpsite serve --port 8080 --open\n  helpsite serve --interface 0.0.0.0  reachable from other machines (careful)\n\nWatches content/ and templates/. A failed rebuild lists its problems here and over every open page; the\nlast good build stays served. Builds into .helpsite-cache/serve/ (never site/), with --base-url defaulting to the\nserved address so that copied step links work here. Ctrl-C stops. Exit codes: 0 stopped, 2 wrong usage or the port is taken."
    )]
    Serve(ServeArgs),
    /// Write a small starter site that builds as it is
    #[command(after_help = "Example:\n  helpsite init my-help && cd my-help && helpsite build")]
    Init {
        /// Folder to create the site in (must be empty or not exist)
        dir: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on (0 picks a free one)
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; the default answers this machine only
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub interface: std::net::IpAddr,
    /// Open the site in the default browser once it is served
    #[arg(long)]
    pub open: bool,
    /// Also answer requests for this host name (a tunnel's); by default only 127.0.0.1, localhost, [::1] and IP
    /// addresses are answered, so that no web page can reach the preview by rebinding its name
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}
