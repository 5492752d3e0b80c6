//! The ledger of published addresses (`content/links.lock`): `helpsite publish` records a release, and every later
//! build checks that each recorded address still lands on the step it meant, over the edits writers make.

use crate::common::{article, helpsite, snapshot_dir, text, Fixture, ONE_VERSION};

const STEPS: [&str; 5] = [
    "Sign in to the account.",
    "Open the Security page.",
    "Click App passwords.",
    "Type a name for the password.",
    "Click Create.",
];

fn procedure(steps: &[&str]) -> String {
    let mut body = String::from("Intro.\n\n");
    for (i, s) in steps.iter().enumerate() {
        body.push_str(&format!("{}. {s}\n", i + 1));
    }
    article("Connect Gmail", &body)
}

fn publish(f: &Fixture, date: &str) -> String {
    let out = helpsite(&[
        "publish",
        "--root",
        f.root().to_str().unwrap(),
        "--date",
        date,
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A site whose article of five steps was published on 2026-11-01.
fn published_site() -> Fixture {
    let f = Fixture::new(ONE_VERSION);
    f.write("content/v1/email/gmail.md", &procedure(&STEPS));
    let said = publish(&f, "2026-11-01");
    assert!(
        said.contains("Recorded release 1 (2026-11-01, latest v1)"),
        "{said}"
    );
    f
}

/// The page's notices for the reader: what `data-history` holds, as JSON.
fn history(f: &Fixture) -> serde_json::Value {
    let html = f.page("v1/email/gmail/index.html");
    let Some(start) = html.find("data-history=\"") else {
        return serde_json::json!({});
    };
    let rest = &html[start + 14..];
    let raw = &rest[..rest.find('"').unwrap()];
    serde_json::from_str(&raw.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

fn ids(f: &Fixture) -> Vec<String> {
    let html = f.page("v1/email/gmail/index.html");
    html.split("id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn publish_writes_every_step_with_its_number_name_digest_and_text_and_records_nothing_twice() {
    let f = published_site();
    let ledger = std::fs::read_to_string(f.root().join("content/links.lock")).unwrap();
    assert!(ledger.contains("helpsite-ledger 1\nrelease 1 2026-11-01 latest=v1 versions=v1\n"));
    assert!(ledger.contains("\npage 1 v1 email/gmail\n  step 1 step-1 auto=sign-in-to-account "));
    assert!(ledger.contains("\n  step 3 step-3 auto=click-app-passwords "));
    assert!(ledger.ends_with(" Click Create.\n"), "{ledger}");
    let again = publish(&f, "2026-11-02");
    assert!(again.contains("Nothing new to record"), "{again}");
    assert_eq!(
        std::fs::read_to_string(f.root().join("content/links.lock")).unwrap(),
        ledger
    );
}

#[test]
fn a_publish_whose_build_fails_records_nothing() {
    let f = published_site();
    let before = std::fs::read_to_string(f.root().join("content/links.lock")).unwrap();
    f.write(
        "content/v1/email/gmail.md",
        &article("Connect Gmail", "1. See [the missing page](nowhere.md).\n"),
    );
    let out = helpsite(&[
        "publish",
        "--root",
        f.root().to_str().unwrap(),
        "--date",
        "2026-11-05",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Nothing was recorded in content/links.lock"));
    assert_eq!(
        std::fs::read_to_string(f.root().join("content/links.lock")).unwrap(),
        before
    );
}

#[test]
fn inserting_a_step_keeps_every_name_and_the_page_tells_where_the_numbers_went() {
    let f = published_site();
    let mut steps = STEPS.to_vec();
    steps.insert(2, "Turn on 2-Step Verification.");
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let summary = f.build_ok();
    assert_eq!(
        summary.notes,
        ["v1/email/gmail: 3 published step numbers moved; the page tells a reader who follows one where it went"]
    );
    let h = history(&f);
    assert_eq!(
        h["step-3"][0],
        serde_json::json!({"text": "Click App passwords.", "since": "2026-11-01", "release": 1, "to": "click-app-passwords", "number": "4"})
    );
    assert_eq!(h["step-5"][0]["to"], "click-create");
    assert!(h.get("step-1").is_none() && h.get("step-2").is_none());
    // `helpsite links --changed-since 1` lists the same for an agent's saved replies.
    let out = helpsite(&[
        "links",
        "--root",
        f.root().to_str().unwrap(),
        "--changed-since",
        "1",
        "--format",
        "csv",
    ]);
    let csv = text(&out.stdout);
    assert!(csv.contains("v1,email/gmail,Connect Gmail,https://help.test/latest/email/gmail/#step-3,Click App passwords.,1,2026-11-01,https://help.test/latest/email/gmail/#click-app-passwords,4,\n"), "{csv}");
}

#[test]
fn deleting_a_step_is_told_on_the_page_and_its_address_is_not_an_error() {
    let f = published_site();
    let steps: Vec<&str> = STEPS
        .iter()
        .copied()
        .filter(|s| !s.contains("App passwords"))
        .collect();
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let summary = f.build_ok();
    assert!(
        summary.notes[0].contains("1 published step is gone"),
        "{:?}",
        summary.notes
    );
    let h = history(&f);
    let gone = &h["click-app-passwords"][0];
    assert_eq!(gone["text"], "Click App passwords.");
    assert!(gone.get("to").is_none(), "{gone}");
    assert_eq!(h["step-4"][0]["to"], "type-name-for-password");
}

#[test]
fn reordering_steps_moves_their_numbers_and_nothing_breaks() {
    let f = published_site();
    let mut steps = STEPS.to_vec();
    steps.swap(3, 4);
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let summary = f.build_ok();
    assert!(summary.notes[0].contains("2 published step numbers moved"));
    let h = history(&f);
    assert_eq!(h["step-4"][0]["to"], "type-name-for-password");
    assert_eq!(h["step-4"][0]["number"], "5");
}

#[test]
fn a_step_reworded_slightly_keeps_its_published_automatic_name_by_itself_and_says_so() {
    let f = published_site();
    let mut steps = STEPS.to_vec();
    steps[2] = "Click App passwords in the menu.";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let summary = f.build_ok();
    assert_eq!(
        summary.notes,
        ["v1/email/gmail: #click-app-passwords now leads to step 3, edited from “Click App passwords.” to “Click App passwords in the menu.”"]
    );
    let html = f.page("v1/email/gmail/index.html");
    assert!(html.contains("<li class=\"step\" id=\"step-3\"><span class=\"step-name\" id=\"click-app-passwords\"></span><span class=\"step-name\" id=\"click-app-passwords-in-menu\"></span>"), "{html}");
    // The step's own link and "Copy link" use its new name; the old one is listed as a former name.
    assert!(html.contains("href=\"#click-app-passwords-in-menu\" title=\"Link to step 3\""));
    let catalog = helpsite::links::catalog::Catalog::read(&f.out().join("links.json")).unwrap();
    assert_eq!(
        catalog.articles[0].steps[2].former_names,
        ["click-app-passwords"]
    );
}

#[test]
fn a_step_reworded_completely_fails_the_build_with_both_texts_and_the_one_line_fix() {
    let f = published_site();
    let mut steps = STEPS.to_vec();
    steps[2] = "Open the page for generated credentials.";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let report = f.build_err();
    assert!(report.contains("content/v1/email/gmail.md:9: the step “Click App passwords.” was published as step 3 (#click-app-passwords) on 2026-11-01 in /v1/email/gmail/; step 3 “Open the page for generated credentials.” stands where it was"), "{report}");
    assert!(
        report.contains("{#open-page-for-generated-credentials click-app-passwords}"),
        "{report}"
    );
    // Either fix the report offers lets it build: the old name kept, or the step named as a new one.
    steps[2] = "Open the page for generated credentials. {#open-page-for-generated-credentials click-app-passwords}";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    f.build_ok();
    assert!(ids(&f).contains(&"click-app-passwords".to_string()));
    steps[2] = "Open the page for generated credentials. {#open-credentials}";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let summary = f.build_ok();
    assert!(
        summary.notes[0].contains("1 published step is gone"),
        "{:?}",
        summary.notes
    );
}

#[test]
fn renaming_a_written_step_name_without_keeping_the_old_one_fails() {
    let f = Fixture::new(ONE_VERSION);
    let mut steps = STEPS.to_vec();
    steps[2] = "Click App passwords. {#open-app-passwords}";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    publish(&f, "2026-11-01");
    steps[2] = "Click App passwords. {#go-to-app-passwords}";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    let report = f.build_err();
    assert!(report.contains("content/v1/email/gmail.md:9: step 3 “Click App passwords.” was published as step 3 (#open-app-passwords) on 2026-11-01 in /v1/email/gmail/, and no step has the name open-app-passwords now"), "{report}");
    assert!(
        report.contains("{#go-to-app-passwords open-app-passwords}"),
        "{report}"
    );
    steps[2] = "Click App passwords. {#go-to-app-passwords open-app-passwords}";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    f.build_ok();
}

#[test]
fn a_moved_article_keeps_its_addresses_through_an_alias_and_fails_without_one() {
    let f = published_site();
    f.remove("content/v1/email/gmail.md");
    f.write("content/v1/mail/gmail.md", &procedure(&STEPS));
    let report = f.build_err();
    assert!(report.contains("content/links.lock:6: the page /v1/email/gmail/, published in release 1 (2026-11-01), is gone"), "{report}");
    assert!(report.contains("aliases = [\"email/gmail\"]"), "{report}");
    f.write(
        "content/v1/mail/gmail.md",
        &procedure(&STEPS).replacen("+++\n", "+++\naliases = [\"email/gmail\"]\n", 1),
    );
    f.build_ok();
    assert!(f.exists("v1/mail/gmail/index.html"));
}

#[test]
fn an_address_published_under_latest_is_explained_on_the_new_latest_versions_page() {
    let f = Fixture::new(ONE_VERSION);
    f.write("content/v1/email/gmail.md", &procedure(&STEPS));
    publish(&f, "2026-11-01");
    // A new version becomes the latest, with a step fewer.
    f.write("content/site.toml", &ONE_VERSION.replace("status = \"current\"", "status = \"supported\"\n[[versions]]\nid = \"v2\"\nlabel = \"Version 2\"\nstatus = \"current\""));
    let steps: Vec<&str> = STEPS
        .iter()
        .copied()
        .filter(|s| !s.contains("Security"))
        .collect();
    f.write("content/v2/email/gmail.md", &procedure(&steps));
    f.build_ok();
    let html = f.page("v2/email/gmail/index.html");
    let h = &html[html.find("data-history=").unwrap()..];
    // /latest/...#step-3 meant v1's step 3, which is step 2 in v2; v1's "Open the Security page." is still in v1.
    assert!(
        h.contains("&quot;step-3&quot;:[{&quot;text&quot;:&quot;Click App passwords.&quot;"),
        "{h}"
    );
    assert!(h.contains("&quot;label&quot;:&quot;Version 1&quot;,&quot;url&quot;:&quot;../../../v1/email/gmail/#open-security-page&quot;"), "{h}");
    // The next publish records the new latest; the page then dates the change.
    let said = publish(&f, "2026-12-01");
    assert!(
        said.contains("Recorded release 2 (2026-12-01, latest v2)"),
        "{said}"
    );
    let html = f.page("v2/email/gmail/index.html");
    assert!(html.contains("&quot;changed&quot;:&quot;2026-12-01&quot;"));
}

#[test]
fn a_ledger_written_by_this_version_is_read_as_documented() {
    // tests/fixtures/ledger holds a ledger written by hand in the documented format, with two releases.
    let f = Fixture::from_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger"),
    );
    let summary = f.build_ok();
    assert_eq!(
        summary.notes,
        ["v1/email/gmail: 1 published step number moved; the page tells a reader who follows one where it went"]
    );
    assert_eq!(
        history(&f)["step-2"][0],
        serde_json::json!({"text": "Click App passwords.", "since": "2026-10-01", "release": 1, "changed": "2026-11-01", "changed_release": 2, "to": "click-app-passwords", "number": "3"})
    );
}

#[test]
fn a_damaged_ledger_is_an_error_at_its_line() {
    let f = published_site();
    let path = f.root().join("content/links.lock");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("release 1 2026-11-01", "release 1 2026-11-31"),
    )
    .unwrap();
    let report = f.build_err();
    assert!(
        report.contains("content/links.lock:4: \"2026-11-31\" is not a date (YYYY-MM-DD)"),
        "{report}"
    );
}

#[test]
fn the_shipped_content_explains_every_address_of_its_recorded_release() {
    let f = Fixture::from_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let summary = f.build_ok();
    assert!(summary.warnings.is_empty(), "{}", summary.warnings);
    assert!(
        summary
            .notes
            .iter()
            .any(|n| n.starts_with("current/email/connect-gmail-app-password: ")),
        "{:?}",
        summary.notes
    );
    let html = f.page("latest/email/connect-gmail-app-password/index.html");
    // v100's step 6 was "Next Click App passwords."; it is step 5 now.
    assert!(html.contains("&quot;step-6&quot;:[{&quot;text&quot;:&quot;Next Click App passwords.&quot;,&quot;since&quot;:&quot;2026-11-01&quot;,&quot;release&quot;:1,&quot;to&quot;:&quot;open-app-passwords&quot;,&quot;number&quot;:&quot;5&quot;}]"), "{html}");
}

#[test]
fn a_rebuild_after_a_publish_and_an_edit_is_the_same_bytes_as_a_clean_build() {
    let f = published_site();
    let mut steps = STEPS.to_vec();
    steps.insert(1, "Open a new browser window.");
    steps[3] = "Click App passwords in the menu.";
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    f.build_ok();
    publish(&f, "2026-11-20");
    steps.remove(0);
    f.write("content/v1/email/gmail.md", &procedure(&steps));
    f.build_ok();
    let clean = Fixture::from_dir(f.root());
    clean.build_ok();
    assert_eq!(snapshot_dir(&f.out()), snapshot_dir(&clean.out()));
    // Each release's meaning is on the page once: #step-1 was "Sign in" in both (told once, from release 1), #step-2
    // was release 2's inserted step, step 1 now.
    let h = history(&f);
    assert_eq!(h["step-1"].as_array().unwrap().len(), 1, "{h}");
    assert_eq!(h["step-1"][0]["release"], 1);
    assert_eq!(h["step-1"][0]["changed"], "2026-11-20");
    assert_eq!(h["step-2"][0]["text"], "Open a new browser window.");
    assert_eq!(h["step-2"][0]["number"], "1");
}
