//! Search: every version's index is written, every page's search form finds it, results link to steps by name, and
//! removed articles are not in the index of the versions they were removed from.

use crate::common::{article, Fixture};
use serde_json::Value;

fn site() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/email/gmail.md",
        &article(
            "Connect Gmail",
            "1. Sign in. {#sign-in}\n2. Open **Security**.\n3. Click **App passwords**. {#open-app-passwords}\n",
        ),
    );
    f.write(
        "content/v1/email/old.md",
        &article("Zanzibar procedures", "1. Feed the zanzibar quokka.\n"),
    );
    f.write("content/v2/email/old.md", "+++\nremoved = true\n+++\n");
    f
}

/// The `data-` attribute `name` of the search form of a built page.
fn form_attr(html: &str, name: &str) -> String {
    let form = &html[html
        .find("<form class=\"search\"")
        .expect("the page has the search form")..];
    let form = &form[..form.find('>').unwrap()];
    let at = form
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("{name} on {form}"))
        + name.len()
        + 2;
    form[at..at + form[at..].find('"').unwrap()].to_string()
}

/// Resolves a relative URL against the folder of `page` (both relative to the site root).
fn resolve(page: &str, url: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in url.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn json(f: &Fixture, rel: &str) -> Value {
    serde_json::from_str(&f.page(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The manifest a page's search form points to, with its folder.
fn manifest_of(f: &Fixture, page: &str) -> (String, Value) {
    let html = f.page(page);
    let path = resolve(page, &form_attr(&html, "data-index"));
    let dir = path.trim_end_matches("index.json").to_string();
    (dir, json(f, &path))
}

/// The published name of an index file (`ap.json`, `docs-0.json`) by the manifest's hashes, as the query side
/// names it; None when the manifest has no such file.
fn published(manifest: &Value, logical: &str) -> Option<String> {
    let stem = logical.trim_end_matches(".json");
    let hash = match stem.strip_prefix("docs-") {
        Some(n) => &manifest["hashes"]["docs"][n.parse::<usize>().ok()?],
        None => {
            let keys = manifest["shards"].as_array()?;
            let i = keys.iter().position(|k| {
                helpsite::search::tokenize::shard_file(k.as_str().unwrap()) == logical
            })?;
            &manifest["hashes"]["shards"][i]
        }
    };
    Some(format!("{stem}.{}.json", hash.as_str()?))
}

#[test]
fn every_page_finds_its_versions_search_index_and_the_search_script() {
    let f = site();
    f.build_ok();
    for (page, version) in [
        ("v1/index.html", "v1"),
        ("v1/email/gmail/index.html", "v1"),
        ("v1/email/index.html", "v1"),
        ("v2/email/gmail/index.html", "v2"),
        ("latest/email/gmail/index.html", "v2"),
        ("latest/index.html", "v2"),
    ] {
        let (dir, manifest) = manifest_of(&f, page);
        assert!(
            dir.starts_with(&format!("_search/{version}/")),
            "{page} -> {dir}"
        );
        assert_eq!(manifest["version"], version);
        assert_eq!(manifest["format"], 3);
        for key in manifest["shards"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            let file = helpsite::search::tokenize::shard_file(key);
            let published = published(&manifest, &file).unwrap();
            assert!(
                published.starts_with(file.trim_end_matches("json")),
                "{published}"
            );
            assert!(
                f.exists(&format!("{dir}{published}")),
                "{page}: shard {key}"
            );
        }
        for n in 0..manifest["docs"].as_u64().unwrap() {
            let published = published(&manifest, &format!("docs-{n}.json")).unwrap();
            assert!(f.exists(&format!("{dir}{published}")));
        }
        let html = f.page(page);
        assert!(
            f.exists(&resolve(page, &form_attr(&html, "data-script"))),
            "{page}: search script"
        );
    }
    let v1 = manifest_of(&f, "v1/index.html").1;
    assert_eq!(v1["label"], "Version 1");
    assert_eq!(v1["articles"], 2, "gmail and old");
}

#[test]
fn latest_pages_and_the_current_version_share_one_index_and_result_links_are_relative() {
    let f = site();
    f.build_ok();
    let current = manifest_of(&f, "v2/email/gmail/index.html").0;
    let latest = manifest_of(&f, "latest/email/gmail/index.html").0;
    assert_eq!(current, latest);
    assert!(!f.exists("_search/latest"), "no second copy for latest/");
    let html = f.page("latest/email/gmail/index.html");
    assert_eq!(
        form_attr(&html, "data-home"),
        "../../",
        "results resolve inside the version the page is in"
    );
}

#[test]
fn results_link_to_steps_by_their_written_or_automatic_name_with_their_number() {
    let f = site();
    f.build_ok();
    let (dir, manifest) = manifest_of(&f, "v1/index.html");
    let mut found = Vec::new();
    for n in 0..manifest["docs"].as_u64().unwrap() {
        let published = published(&manifest, &format!("docs-{n}.json")).unwrap();
        for a in json(&f, &format!("{dir}{published}")).as_array().unwrap() {
            if a[0] == "email/gmail" {
                found = a[3].as_array().unwrap().clone();
            }
        }
    }
    assert_eq!(
        Value::Array(found),
        serde_json::json!([
            ["sign-in", "1", "Sign in.", ""],
            ["open-security", "2", "Open Security.", ""],
            ["open-app-passwords", "3", "Click App passwords.", ""]
        ])
    );
}

#[test]
fn a_removed_article_is_not_found_in_the_versions_it_was_removed_from() {
    let f = site();
    f.build_ok();
    let docs_of = |page: &str| -> String {
        let (dir, manifest) = manifest_of(&f, page);
        (0..manifest["docs"].as_u64().unwrap())
            .map(|n| {
                f.page(&format!(
                    "{dir}{}",
                    published(&manifest, &format!("docs-{n}.json")).unwrap()
                ))
            })
            .collect()
    };
    let shard_of = |page: &str| -> Option<String> {
        let (dir, manifest) = manifest_of(&f, page);
        published(&manifest, "za.json").map(|published| f.page(&format!("{dir}{published}")))
    };
    assert!(docs_of("v1/index.html").contains("\"email/old\""));
    assert!(shard_of("v1/index.html").is_some_and(|s| s.contains("\"zanzibar\"")));
    assert!(
        !docs_of("v2/index.html").contains("\"email/old\""),
        "v2's results never show it"
    );
    assert!(!docs_of("latest/index.html").contains("Zanzibar"));
    if let Some(shard) = shard_of("v2/index.html") {
        assert!(
            !shard.contains("\"zanzibar\""),
            "its words are not in v2's index"
        );
    }
    // Inherited articles are in the newer version's index.
    assert!(docs_of("v2/index.html").contains("\"email/gmail\""));
}

#[test]
fn the_index_is_the_same_for_the_same_content_and_changed_files_get_new_names() {
    let f = site();
    f.build_ok();
    let (dir, first) = manifest_of(&f, "v1/index.html");
    f.build_ok();
    assert_eq!(manifest_of(&f, "v1/index.html").1, first);
    f.write(
        "content/v1/email/gmail.md",
        &article("Connect Gmail", "1. Sign in again.\n"),
    );
    f.build_ok();
    let (moved_dir, moved) = manifest_of(&f, "v1/index.html");
    assert_eq!(
        moved_dir, dir,
        "pages find the manifest under the same name"
    );
    let old_docs = published(&first, "docs-0.json").unwrap();
    let new_docs = published(&moved, "docs-0.json").unwrap();
    assert_ne!(
        new_docs, old_docs,
        "a changed file gets a new name, so caches never serve the old one"
    );
    assert!(
        !f.exists(&format!("{dir}{old_docs}")),
        "the old file is gone with the old build"
    );
    assert!(f.exists(&format!("{dir}{new_docs}")));
}

#[test]
fn content_search_synonyms_go_into_every_versions_manifest_and_a_broken_file_fails_the_build() {
    let f = site();
    f.write(
        "content/v1/email/replies.md",
        &article(
            "Replies are not sent",
            "1. Check the outgoing mail server.\n",
        ),
    );
    f.build_ok();
    let (_, before) = manifest_of(&f, "v1/index.html");
    assert_eq!(before["synonyms"], serde_json::json!([]));
    let smtp_postings = |manifest: &Value| -> Option<String> {
        let (dir, _) = manifest_of(&f, "v1/index.html");
        let shard = published(manifest, "sm.json")?;
        Some(f.page(&format!("{dir}{shard}")))
    };
    assert!(smtp_postings(&before).is_none_or(|s| !s.contains("\"smtp\"")));
    f.write(
        "content/search-synonyms.toml",
        "synonyms = [\"2fa = two-factor\", \"smtp = outgoing mail\"]\n",
    );
    f.build_ok();
    for page in ["v1/index.html", "v2/index.html"] {
        let (_, manifest) = manifest_of(&f, page);
        assert_eq!(
            manifest["synonyms"],
            serde_json::json!([
                ["2fa", [["2fa"], ["two", "factor"]]],
                ["smtp", [["smtp"], ["outgo", "mail"]]]
            ]),
            "{page}: the rebuild wrote the index again"
        );
    }
    // The article's rendering did not change, but its cached terms were cut without the synonyms.
    let (_, after) = manifest_of(&f, "v1/index.html");
    assert!(
        smtp_postings(&after).is_some_and(|s| s.contains("\"smtp\"")),
        "the group's term is indexed where \"outgoing mail\" is said"
    );
    f.write(
        "content/search-synonyms.toml",
        "synonyms = [\n  \"vpn = virtual private network\",\n  \"alone\",\n]\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/search-synonyms.toml:3") && err.contains("fewer than two phrases"),
        "{err}"
    );
}

#[test]
fn a_site_in_japanese_is_searched_by_pairs_of_characters_without_a_stemmer() {
    let f = Fixture::new(
        "title = \"ヘルプ\"\nbase_url = \"https://help.test/\"\nlanguage = \"ja\"\n[[versions]]\nid = \"v1\"\nlabel = \"1\"\nstatus = \"current\"\n",
    );
    f.write(
        "content/v1/mail/gmail.md",
        &article(
            "Gmailを接続する",
            "1. アプリパスワードを入力します。\n2. Enter the passwords.\n",
        ),
    );
    f.build_ok();
    let manifest: Value = serde_json::from_str(&f.page("_search/v1/index.json")).unwrap();
    assert_eq!(manifest["analyzer"], "plain");
    let keys: Vec<&str> = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    // A term of two characters lives in the shard of its first: `パス` in `パ`, not a file per pair.
    assert!(keys.contains(&"パ"), "{keys:?}");
    assert!(!keys
        .iter()
        .any(|k| k.starts_with('パ') && k.chars().count() > 1));
    let i = keys.iter().position(|k| *k == "パ").unwrap();
    let hash = manifest["hashes"]["shards"][i].as_str().unwrap();
    let hex: String = "パ".bytes().map(|b| format!("{b:02x}")).collect();
    let shard = f.page(&format!("_search/v1/x{hex}.{hash}.json"));
    assert!(shard.contains("[\"パス\""), "{shard}");
    // No English stemmer on a Japanese site: "passwords" stays as written.
    let pa = keys.iter().position(|k| *k == "pa").unwrap();
    let hash = manifest["hashes"]["shards"][pa].as_str().unwrap();
    assert!(f
        .page(&format!("_search/v1/pa.{hash}.json"))
        .contains("[\"passwords\""));
}
