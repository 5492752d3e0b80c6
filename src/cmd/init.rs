//! `helpsite init DIR`: a small starter site (configuration, one version, one article with named steps) that builds
//! as it is.

use crate::cmd::terminal::{errln, outln, Terminal};
use std::path::Path;
use std::process::ExitCode;

const SITE_TOML: &str = r#"title = "Example Help"
product = "Example"
base_url = "https://help.example.com/"

# Versions, oldest first. A version folder holds only what changed since the version before it.
# Exactly one version has status "current": it is the latest, also served at /latest/.
[[versions]]
id = "v1"
label = "Version 1"
status = "current"
"#;

const CATEGORY: &str = r#"title = "Getting started"
order = 1
"#;

const ARTICLE: &str = r#"+++
title = "Sign in for the first time"
description = "Open the app, sign in and set your password."
order = 1
updated = 2026-01-01
+++

Follow these steps the first time you use Example.

1. Open the sign-in page. {#open-sign-in}
2. Type your email address and the temporary password from your welcome email.
3. Choose a new password and click **Save**. {#set-password}

> [!TIP]
> Send a customer straight to a step: the link next to each step's number points at it, for example `#set-password`.

## Next steps

Now [set your password](#set-password) if you have not yet.
"#;

/// Writes the starter site into `dir`, which must be empty or not exist.
pub fn write_starter(dir: &Path) -> Result<(), String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} is not empty; choose a new folder",
            dir.display()
        ));
    }
    let files: [(&str, &str); 4] = [
        ("content/site.toml", SITE_TOML),
        ("content/v1/getting-started/_category.toml", CATEGORY),
        ("content/v1/getting-started/sign-in.md", ARTICLE),
        ("templates/README.md", "Files here replace helpsite's built-in templates one by one (see the README of helpsite).\n"),
    ];
    for (path, text) in files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&full, text).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    }
    Ok(())
}

/// `helpsite init DIR`.
pub fn run(dir: &Path) -> ExitCode {
    let mut t = Terminal::default();
    let code = match write_starter(dir) {
        Ok(()) => {
            outln!(
                t,
                "Created a help site in {}. Next: cd {} && helpsite build",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!(t, "error: {e}");
            ExitCode::from(2)
        }
    };
    t.finish(code)
}
