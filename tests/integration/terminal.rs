//! What the command prints and how it ends when its streams are closed or full, its root is wrong, or the text it
//! prints holds terminal escapes.

use crate::common::{article, Fixture};
use std::io::Read;
use std::process::{Command, Stdio};

fn helpsite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_helpsite"))
}

fn site() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/gmail.md",
        &article("Connect Gmail", "1. Sign in.\n2. Open **Security**.\n"),
    );
    f
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly_with_its_usual_exit_code() {
    let f = site();
    for args in [&["check"][..], &["links", "gmail"][..]] {
        let mut child = helpsite()
            .args(args)
            .arg("--root")
            .arg(f.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -0`: the reader is gone before anything is written.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_reported_once_as_a_write_error_not_a_panic() {
    let f = site();
    let out = helpsite()
        .args(["build", "--root"])
        .arg(f.root())
        .stdout(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        stderr.matches("cannot write to standard output").count(),
        1,
        "{stderr}"
    );
    assert!(
        f.exists("v2/email/gmail/index.html"),
        "the build itself succeeded"
    );
}

#[test]
fn a_root_without_a_site_is_wrong_usage_with_the_init_hint() {
    let missing = tempfile::tempdir().unwrap().path().join("nowhere");
    for command in ["build", "check", "serve"] {
        let out = helpsite()
            .args([command, "--root"])
            .arg(&missing)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("is not a helpsite root"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("does not exist"), "{command}: {stderr}");
        assert!(stderr.contains("helpsite init"), "{command}: {stderr}");
    }
}

#[test]
fn terminal_escapes_in_a_links_manifest_are_shown_escaped_not_obeyed() {
    let f = site();
    let catalog = f.built_catalog();
    let mut text = catalog.to_json();
    // A hostile links.json: a title that would clear the screen and retitle the window.
    text = text.replace(
        "Connect Gmail",
        "Connect \\u001b[2J\\u001b]0;owned\\u0007Gmail \\u202e",
    );
    let manifest = f.root().join("hostile.json");
    std::fs::write(&manifest, text).unwrap();
    for format in ["table", "csv"] {
        let out = helpsite()
            .args(["links", "--format", format, "--manifest"])
            .arg(&manifest)
            .arg("--root")
            .arg(f.root())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("Connect \\u{1b}[2J\\u{1b}]0;owned\\u{7}Gmail \\u{202e}"),
            "{format}: {stdout}"
        );
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{format}: {stdout:?}"
        );
    }
}
