//! Names the commit the binary is built from, for `helpsite --version`: `HELPSITE_VERSION` is
//! `0.1.0 (0123456789ab 2026-01-31)` (the short commit, `-dirty` when the tree had changes, and the commit's date),
//! or `0.1.0 (unknown)` without git or a `.git` (`cargo install` from a tarball).
//!
//! Cargo runs this again only when the commit changes (`.git/HEAD`, the branch it points to, `packed-refs`) or the
//! sources the binary is made from change (which rebuild it anyway, and may make the tree dirty or clean): not on an
//! edit of the content, the tests or the documentation.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let sources = [
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "templates",
        "wasm-validator/pkg",
        "wasm-validator/widget",
    ];
    for source in sources {
        if root.join(source).exists() {
            println!("cargo:rerun-if-changed={source}");
        }
    }
    let commit = if root.join(".git").exists() {
        describe(&root)
    } else {
        None
    };
    let commit = commit.unwrap_or_else(|| "unknown".to_string());
    println!(
        "cargo:rustc-env=HELPSITE_VERSION={} ({commit})",
        std::env::var("CARGO_PKG_VERSION").expect("set by cargo")
    );
}

/// `0123456789ab[-dirty] 2026-01-31`, and the rerun-if-changed lines of the files that name the commit.
fn describe(root: &Path) -> Option<String> {
    let commit = git(root, &["rev-parse", "--short=12", "HEAD"])?;
    let date = git(root, &["log", "-1", "--format=%cd", "--date=short"])?;
    // Untracked files count: a new source file not yet added is a change. `--no-optional-locks`: never rewrite the
    // index (another git command may be running).
    let dirty =
        git(root, &["--no-optional-locks", "status", "--porcelain"]).is_some_and(|s| !s.is_empty());
    // Only paths that exist: cargo reruns the script on every build for a path that is missing. A branch whose ref
    // is packed gets its loose file at its next commit: then its folder is watched until the script runs again.
    let mut watched = vec![root.join(git(root, &["rev-parse", "--git-path", "HEAD"])?)];
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        if let Some(path) = git(root, &["rev-parse", "--git-path", &branch]) {
            let path = root.join(path);
            match path.parent() {
                Some(folder) if !path.exists() => watched.push(folder.to_path_buf()),
                _ => watched.push(path),
            }
        }
    }
    watched.extend(git(root, &["rev-parse", "--git-path", "packed-refs"]).map(|p| root.join(p)));
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let dirty = if dirty { "-dirty" } else { "" };
    Some(format!("{commit}{dirty} {date}"))
}

/// The trimmed standard output of `git args` in `root`, when git ran and succeeded.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}
