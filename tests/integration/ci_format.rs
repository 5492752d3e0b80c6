//! What CI reads: `check` and `build` with `--format github` (workflow commands) and `--format json` (one document),
//! `helpsite --version`, and the example GitHub Actions workflow.

use crate::common::{article, helpsite, text, Fixture, ONE_VERSION};
use serde_json::Value;

/// A site whose one article has a broken link (line 5) and a missing image (line 7).
fn broken_site() -> Fixture {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/guide/source.md",
        &article(
            "Source",
            "A [missing page](nothing.md).\n\n![A missing screenshot](nope.png)\n",
        ),
    );
    f
}

fn clean_site() -> Fixture {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/guide/target.md",
        &article("Target", "1. Open the console.\n2. Click Save.\n"),
    );
    f.write(
        "content/v1/guide/source.md",
        &article("Source", "See [the target](target.md#step-2).\n"),
    );
    f
}

fn root(f: &Fixture) -> &str {
    f.root().to_str().unwrap()
}

fn json_of(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}):\n{}", text(stdout)))
}

const BROKEN_LINK: &str = "::error file=content/v1/guide/source.md,line=5,title=helpsite::link to missing article guide/nothing.md (in v1) — fix: no article content/<version>/guide/nothing.md exists in this version or an older one; check the file name";
const MISSING_IMAGE: &str = "::error file=content/v1/guide/source.md,line=7,title=helpsite::image \"nope.png\" not found (looked for content/v1/guide/source/nope.png and content/v1/guide/nope.png and in older versions) — fix: save the image as content/v1/guide/nope.png, or correct the path (names are case-sensitive)";

#[test]
fn check_in_github_format_prints_one_error_command_per_problem_and_exits_1() {
    let f = broken_site();
    let out = helpsite(&["check", "--root", root(&f), "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{BROKEN_LINK}\n{MISSING_IMAGE}\n")
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("Build failed with 2 errors; nothing was written."),
        "the summary stays on standard error:\n{err}"
    );
    assert!(
        !err.contains("1. content/"),
        "the human list is not printed as well:\n{err}"
    );
}

#[test]
fn build_in_github_format_prints_the_same_commands_and_writes_nothing() {
    let f = broken_site();
    let out = helpsite(&["build", "--root", root(&f), "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{BROKEN_LINK}\n{MISSING_IMAGE}\n")
    );
    assert!(!f.out().exists());
}

#[test]
fn check_in_json_format_lists_every_problem_with_its_fields_and_exits_1() {
    let f = broken_site();
    let out = helpsite(&["check", "--root", root(&f), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc = json_of(&out.stdout);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["errors"], 2);
    assert_eq!(doc["warnings"], 0);
    assert_eq!(doc["notes"], serde_json::json!([]));
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{doc:#}");
    assert_eq!(
        problems[0],
        serde_json::json!({
            "severity": "error",
            "file": "content/v1/guide/source.md",
            "line": 5,
            "column": null,
            "message": "link to missing article guide/nothing.md (in v1)",
            "fix": "no article content/<version>/guide/nothing.md exists in this version or an older one; check the file name",
        })
    );
    assert_eq!(problems[1]["line"], 7);
    assert!(problems[1]["message"]
        .as_str()
        .unwrap()
        .starts_with("image \"nope.png\" not found"));
    assert!(text(&out.stderr).contains("Build failed with 2 errors"));
}

#[test]
fn a_clean_site_prints_nothing_in_github_format_and_ok_in_json() {
    let f = clean_site();
    let out = helpsite(&["check", "--root", root(&f), "--format", "github"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("pages (2 articles, 0 images) in 1 version, 0 warnings"),
        "the summary line is on standard error:\n{}",
        text(&out.stderr)
    );

    let out = helpsite(&["check", "--root", root(&f), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc = json_of(&out.stdout);
    assert_eq!(
        doc,
        serde_json::json!({"version": 1, "ok": true, "errors": 0, "warnings": 0, "problems": [], "notes": []})
    );

    let out = helpsite(&["build", "--root", root(&f), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(json_of(&out.stdout)["ok"], true);
    assert!(f.exists("links.json"));
}

#[test]
fn the_human_format_is_the_default_and_prints_what_check_always_printed() {
    let f = broken_site();
    let default = helpsite(&["check", "--root", root(&f)]);
    let human = helpsite(&["check", "--root", root(&f), "--format", "human"]);
    assert_eq!(default.status.code(), Some(1));
    assert_eq!(human.status.code(), Some(1));
    assert_eq!(text(&default.stdout), "");
    assert_eq!(text(&default.stderr), text(&human.stderr));
    assert!(text(&default.stderr)
        .contains("  1. content/v1/guide/source.md:5: link to missing article guide/nothing.md"));
}

#[test]
fn published_links_that_no_longer_land_are_problems_of_the_same_document() {
    let f = clean_site();
    let built = helpsite(&["build", "--root", root(&f)]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let old = f.root().join("published-links.json");
    std::fs::copy(f.out().join("links.json"), &old).unwrap();
    f.remove("content/v1/guide/target.md");
    f.write(
        "content/v1/guide/source.md",
        &article("Source", "No link now.\n"),
    );
    let old = old.to_str().unwrap();

    let out = helpsite(&[
        "check",
        "--root",
        root(&f),
        "--against",
        old,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc = json_of(&out.stdout);
    assert_eq!(doc["ok"], false);
    let problems = doc["problems"].as_array().unwrap();
    assert!(!problems.is_empty(), "{doc:#}");
    assert_eq!(doc["errors"], problems.len());
    assert!(
        problems.iter().all(|p| p["file"]
            .as_str()
            .unwrap()
            .starts_with("https://help.test/")
            && p["line"].is_null()),
        "a published link's problem names its address:\n{doc:#}"
    );
    assert!(text(&out.stderr).contains("no longer land"));

    let out = helpsite(&[
        "check",
        "--root",
        root(&f),
        "--against",
        old,
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), problems.len(), "{stdout}");
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("::error file=https%3A//help.test/")),
        "{stdout}"
    );

    let out = helpsite(&[
        "check",
        "--root",
        root(&f),
        "--against",
        "no-such-file.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "", "wrong usage prints no document");
}

#[test]
fn version_names_the_package_version_and_the_commit_it_was_built_from() {
    let out = helpsite(&["--version"]);
    assert!(out.status.success());
    let line = text(&out.stdout);
    let prefix = format!("helpsite {} (", env!("CARGO_PKG_VERSION"));
    let inside = line
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line:?} is `{prefix}COMMIT DATE)`"));
    let commit = inside.split(' ').next().unwrap();
    let hash = commit.strip_suffix("-dirty").unwrap_or(commit);
    assert!(
        hash == "unknown" || (hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())),
        "{line:?} names a short commit"
    );
}

#[test]
fn the_github_actions_example_parses_and_checks_in_github_format() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ci/github-actions.yml"
    );
    let yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).expect("valid YAML");
    let jobs = yaml["jobs"].as_mapping().expect("jobs");
    let steps: Vec<&serde_yaml_ng::Value> = jobs
        .values()
        .flat_map(|job| job["steps"].as_sequence().expect("steps"))
        .collect();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    for command in [
        "cargo install --path .",
        "helpsite check --format github",
        "helpsite build --host github-pages",
        "--against published-links.json",
    ] {
        assert!(
            runs.iter().any(|r| r.contains(command)),
            "a step runs {command}: {runs:?}"
        );
    }
    for action in [
        "actions/checkout@",
        "actions/cache@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "a step uses {action}: {uses:?}"
        );
    }
    assert!(steps
        .iter()
        .any(|s| s["with"]["path"].as_str() == Some(".helpsite-cache/")
            && s["with"]["key"]
                .as_str()
                .unwrap_or("")
                .contains("hashFiles('content/**')")));
}
