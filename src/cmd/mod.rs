//! The commands, one file each: what `main.rs` dispatches to once the command line is parsed.

pub mod build;
pub mod init;
pub mod links;
pub mod publish;
pub mod serve;
pub(crate) mod terminal;
pub mod translations;

use std::path::Path;
use std::process::ExitCode;
use terminal::{errln, Terminal};

/// A `--root` without `content/site.toml` is a mistake in the command (exit 2), not a site with problems.
pub fn check_root(root: &Path) -> Result<(), ExitCode> {
    if root.join("content/site.toml").is_file() {
        return Ok(());
    }
    let mut t = Terminal::default();
    let shown = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    errln!(
        t,
        "error: {} is not a helpsite root: it has no content/site.toml{}\n  fix: run helpsite in the folder that holds content/ (or pass it with --root), or start a site with `helpsite init DIR`",
        shown.display(),
        if root.exists() { "" } else { " (the folder does not exist)" }
    );
    Err(t.finish(ExitCode::from(2)))
}
