//! The `helpsite` command: parse the arguments and dispatch to the command (`helpsite::cmd`).

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format, TranslationFormat};
use helpsite::links::external;
use helpsite::{cmd, Options};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { site, .. }
        | Command::Check { site, .. }
        | Command::Publish { site, .. } => Some(&site.root),
        Command::Serve(args) => Some(&args.site.root),
        Command::Links { root, manifest, .. } => manifest.is_none().then_some(root),
        Command::Init { .. } => None,
        Command::Translations { root, .. } => Some(root),
    };
    if let Some(Err(code)) = root.map(|r| cmd::check_root(r)) {
        return code;
    }
    match cli.command {
        Command::Build {
            site,
            output_dir,
            publish,
            format,
        } => {
            let output = output_dir.unwrap_or_else(|| site.root.join("site"));
            cmd::build::run(
                Options {
                    root: site.root,
                    output: Some(output),
                    base_url: site.base_url,
                    host: publish.host,
                    precompress: publish.precompress(),
                },
                format.into(),
            )
        }
        Command::Publish {
            site,
            output_dir,
            date,
        } => {
            let output = output_dir.unwrap_or_else(|| site.root.join("site"));
            cmd::publish::run(
                Options {
                    root: site.root,
                    output: Some(output),
                    base_url: site.base_url,
                    ..Options::default()
                },
                date,
            )
        }
        Command::Check {
            site,
            against,
            external,
            cache_max_age,
            timeout,
            per_host,
            format,
        } => {
            let external = external.then(|| {
                let mut settings = external::Settings::for_root(&site.root);
                settings.max_age = cache_max_age;
                settings.timeout = timeout;
                settings.per_host = per_host.into();
                settings
            });
            cmd::build::check(
                Options {
                    root: site.root,
                    output: None,
                    base_url: site.base_url,
                    ..Options::default()
                },
                against.as_deref(),
                external,
                format.into(),
            )
        }
        Command::Links {
            root,
            version,
            format,
            manifest,
            words,
            changed_since,
            lang,
        } => cmd::links::run(
            &root,
            version.as_deref(),
            match format {
                Format::Table => cmd::links::Format::Table,
                Format::Json => cmd::links::Format::Json,
                Format::Csv => cmd::links::Format::Csv,
            },
            manifest.as_deref(),
            &words,
            changed_since,
            lang.as_deref(),
        ),
        Command::Translations {
            root,
            lang,
            version,
            format,
            mark,
        } => cmd::translations::run(
            &root,
            lang.as_deref(),
            version.as_deref(),
            match format {
                TranslationFormat::Table => cmd::translations::Format::Table,
                TranslationFormat::Json => cmd::translations::Format::Json,
            },
            &mark,
        ),
        Command::Serve(args) => cmd::serve::run(cmd::serve::Settings {
            root: args.site.root,
            base_url: args.site.base_url,
            interface: args.interface,
            port: args.port,
            open: args.open,
            allow_hosts: args.allow_host,
        }),
        Command::Init { dir } => cmd::init::run(&dir),
    }
}
