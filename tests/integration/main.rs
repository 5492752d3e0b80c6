//! The one integration-test binary: each module builds fixture sites into temporary folders and checks the output.

mod common;

mod architecture;

mod article_end;
mod build;
mod ci_format;
mod digests;
mod hosts;
mod imports;
mod incremental;
mod kb;
mod kb_files;
mod languages;
mod ledger;
mod links;
mod output;
mod raw_html;
mod screenshots;
mod search;
mod sections;
mod serve;
mod terminal;
