//! Languages: translations beside their sources, built into `/<code>/<version>/...` with the source's step names,
//! parity errors at both files' lines, untranslated articles served honestly, hreflang, the switcher's maps and the
//! theme's message catalogue.

use crate::common::{snapshot_dir, step_map, step_map_in, Fixture};

const SITE: &str = r#"title = "Test Help"
base_url = "https://help.test/"
languages = [{ code = "en", label = "English" }, { code = "de", label = "Deutsch" }]
[[versions]]
id = "v1"
label = "Version 1"
status = "unmaintained"
[[versions]]
id = "v2"
label = "Version 2"
status = "current"
"#;

const SOURCE: &str = r#"+++
title = "Connect Gmail"
+++

Intro.

1. Open Google settings.
2. Next click **App passwords**. {#open-app-passwords}
3. Copy the password.

## Add the account

1. Open SmarterTrack.
2. Paste the password.

See [the other article](other.md#step-1).

> [!WARNING]
> Keep the password safe.
"#;

const TRANSLATION: &str = r#"+++
title = "Gmail verbinden"
+++

Einleitung.

1. Öffnen Sie die Google-Einstellungen.
2. Klicken Sie auf **App-Passwörter**.
3. Kopieren Sie das Passwort.

## Konto hinzufügen

1. Öffnen Sie SmarterTrack.
2. Fügen Sie das Passwort ein.

Siehe [den anderen Artikel](other.md#step-1).

> [!WARNING]
> Bewahren Sie das Passwort sicher auf.
"#;

fn site() -> Fixture {
    let f = Fixture::new(SITE);
    f.write("content/v1/email/gmail.md", SOURCE);
    f.write(
        "content/v1/email/other.md",
        "+++\ntitle = \"Other\"\n+++\n\n1. Do a thing.\n",
    );
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    f
}

fn ids(html: &str) -> Vec<String> {
    html.split("id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_translation_is_published_under_its_language_with_the_sources_step_names() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let de = f.page("de/latest/email/gmail/index.html");
    assert!(de.contains("<html lang=\"de\">"));
    assert!(de.contains("Öffnen Sie die Google-Einstellungen"));
    let en = f.page("latest/email/gmail/index.html");
    // Every step and heading id of the source lands on the same step in German.
    let (en_ids, de_ids) = (ids(&en), ids(&de));
    for id in [
        "open-google-settings",
        "open-app-passwords",
        "copy-password",
        "add-the-account",
        "add-the-account-step-2",
        "paste-password",
    ] {
        assert!(en_ids.contains(&id.to_string()), "{id} in English");
        assert!(de_ids.contains(&id.to_string()), "{id} in German");
    }
    // Callouts are titled in the translation's language.
    assert!(de.contains("<p class=\"callout-title\">Warnung</p>"));
    assert!(en.contains("<p class=\"callout-title\">Warning</p>"));
    assert!(f.exists("de/v1/email/gmail/index.html"));
    assert!(
        f.exists("de/v2/email/gmail/index.html"),
        "inherited like its source"
    );
    // Links stay inside the language's tree; the site's own files are one folder further up.
    assert!(de.contains("href=\"../../email/other/#step-1\""));
    assert!(de.contains("href=\"../../../../_assets/"));
}

#[test]
fn every_page_carries_hreflang_alternates_and_the_sitemap_lists_the_translations() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let en = f.page("latest/email/gmail/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    for (lang, href) in [
        ("en", "https://help.test/latest/email/gmail/"),
        ("de", "https://help.test/de/latest/email/gmail/"),
        ("x-default", "https://help.test/latest/email/gmail/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\">");
        assert!(en.contains(&link), "{link}");
        assert!(
            f.page("de/latest/email/gmail/index.html").contains(&link),
            "{link}"
        );
    }
    // An untranslated page is no German alternate.
    let other = f.page("latest/email/other/index.html");
    assert!(!other.contains("rel=\"alternate\" hreflang=\"de\""));
    let sitemap = f.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://help.test/de/latest/email/gmail/</loc>"));
    assert!(!sitemap.contains("de/latest/email/other/"));
}

#[test]
fn an_untranslated_article_is_served_as_the_source_with_a_notice_in_the_readers_language() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let page = f.page("de/latest/email/other/index.html");
    assert!(page.contains("<html lang=\"de\">"));
    assert!(page.contains(
        "<div class=\"callout callout-note language-fallback\" role=\"note\"><p>Dieser Artikel ist noch nicht übersetzt."
    ));
    assert!(page.contains("<article class=\"article\" lang=\"en\""));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    // The theme speaks the reader's language around the source's text.
    assert!(page.contains(">Zum Inhalt springen</a>"));
    assert!(page.contains("Do a thing."));
    // The translated page is indexed.
    assert!(!f
        .page("de/latest/email/gmail/index.html")
        .contains("content=\"noindex\""));
}

#[test]
fn the_language_switcher_lands_on_the_same_step_in_the_other_language() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let en = f.page("v1/email/gmail/index.html");
    let switcher = en
        .split("class=\"version-switcher language-switcher\"")
        .nth(1)
        .expect("a language switcher")
        .split("</nav>")
        .next()
        .unwrap();
    assert!(switcher.contains("href=\"../../../de/v1/email/gmail/\""));
    // The translation has the source's steps under the same names: every id lands on itself.
    let map = step_map(&en, "../../../de/v1/email/gmail/");
    assert_eq!(map.lands("step-2"), "open-app-passwords");
    assert_eq!(map.lands("open-app-passwords"), "open-app-passwords");
    let de = f.page("de/v1/email/gmail/index.html");
    // ... and there step 2 is the step of that name too.
    assert!(
        de.contains(
            "<li class=\"step\" id=\"step-2\"><span class=\"step-name\" id=\"open-app-passwords\">"
        ),
        "{de}"
    );
    assert!(de.contains("href=\"../../../../v1/email/gmail/\""));
}

#[test]
fn a_missing_step_in_a_translation_fails_with_the_lines_of_both_files() {
    let f = site();
    let short = TRANSLATION.replace("3. Kopieren Sie das Passwort.\n", "");
    f.write("content/v1/email/gmail.de.md", &short);
    let report = f.build_err();
    assert!(
        report.contains("content/v1/email/gmail.de.md:7")
            && report.contains(
                "the main procedure has 2 steps here and 3 in content/v1/email/gmail.md:7"
            ),
        "{report}"
    );
}

#[test]
fn a_step_named_otherwise_or_moved_is_an_error_and_a_draft_only_warns() {
    let f = site();
    let renamed = TRANSLATION
        .replace(
            "**App-Passwörter**.",
            "**App-Passwörter**. {#app-passwoerter}",
        )
        .replace(
            "1. Öffnen Sie die Google-Einstellungen.",
            "1. Öffnen Sie die Google-Einstellungen. {#open-app-passwords}",
        );
    f.write("content/v1/email/gmail.de.md", &renamed);
    let report = f.build_err();
    assert!(
        report.contains("content/v1/email/gmail.de.md:7"),
        "{report}"
    );
    assert!(
        report.contains(
            "step 1 is named #open-app-passwords, which is step 2 in content/v1/email/gmail.md:8"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "step 2 is named #app-passwoerter, which no step of content/v1/email/gmail.md is named"
        ),
        "{report}"
    );
    let draft = renamed.replace(
        "title = \"Gmail verbinden\"",
        "title = \"Gmail verbinden\"\ntranslation_status = \"draft\"",
    );
    f.write("content/v1/email/gmail.de.md", &draft);
    let summary = f.build_ok();
    assert!(
        summary.warnings.warning_count() >= 2,
        "{}",
        summary.warnings
    );
}

#[test]
fn a_procedure_the_source_does_not_have_is_an_error() {
    let f = site();
    let extra = format!("{TRANSLATION}\n## Mehr\n\n1. Noch etwas.\n");
    f.write("content/v1/email/gmail.de.md", &extra);
    let report = f.build_err();
    assert!(report.contains("headings"), "{report}");
}

#[test]
fn a_translation_without_a_source_is_an_error() {
    let f = site();
    f.write("content/v1/email/gone.de.md", TRANSLATION);
    let report = f.build_err();
    assert!(report.contains("content/v1/email/gone.de.md"), "{report}");
    assert!(
        report.contains("which is no article of version \"v1\""),
        "{report}"
    );
}

#[test]
fn a_bad_language_code_is_an_error_at_its_line() {
    let f = Fixture::new(&SITE.replace("code = \"de\"", "code = \"Deutsch\""));
    std::fs::create_dir_all(f.root().join("content/v1")).unwrap();
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    let report = f.build_err();
    assert!(report.contains("content/site.toml:3"), "{report}");
    assert!(report.contains("language code \"Deutsch\""), "{report}");
}

#[test]
fn a_language_without_a_catalogue_fails_naming_each_missing_message() {
    let f = Fixture::new(&SITE.replace(
        "{ code = \"de\", label = \"Deutsch\" }",
        "{ code = \"fr\", label = \"Français\" }",
    ));
    f.write("content/v1/email/gmail.md", SOURCE);
    f.write("content/v1/email/other.md", "# Other\n\n1. Do.\n");
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    let report = f.build_err();
    assert!(report.contains("templates/messages/fr.toml"), "{report}");
    assert!(
        report.contains("the message \"fallback_notice\" has no text in language \"fr\""),
        "{report}"
    );
    assert!(
        report.contains("the message \"was_this_helpful\" has no text in language \"fr\""),
        "{report}"
    );
    // Only those: the pages render all the same.
    assert!(!report.contains("sitemap"), "{report}");
    // The site's own catalogue completes it (here: the English one with a French notice).
    let english = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/messages/en.toml"
    ))
    .unwrap();
    let french: String = english
        .lines()
        .filter(|l| !l.starts_with("fallback_notice"))
        .map(|l| format!("{l}\n"))
        .collect();
    f.write(
        "templates/messages/fr.toml",
        &format!(
            "{french}fallback_notice = \"Pas encore traduit : voici l'original ({{language}}).\"\n"
        ),
    );
    f.build_ok();
    assert!(f
        .page("fr/latest/email/gmail/index.html")
        .contains("Pas encore traduit : voici l'original (English)."));
}

#[test]
fn a_translated_category_title_is_used_in_its_language() {
    let f = site();
    f.write("content/v1/email/_category.toml", "title = \"Email\"\n");
    f.write("content/v1/email/_category.de.toml", "title = \"E-Mail\"\n");
    f.build_ok();
    assert!(f.page("de/latest/index.html").contains("E-Mail"));
    assert!(!f.page("latest/index.html").contains("E-Mail"));
}

/// The output equals a clean build of the same content and templates.
fn assert_same_as_a_clean_build(f: &Fixture, after: &str) {
    let clean = Fixture::new(SITE);
    for dir in ["content", "templates"] {
        for (rel, bytes) in snapshot_dir(&f.root().join(dir)) {
            clean.write_bytes(&format!("{dir}/{rel}"), &bytes);
        }
    }
    std::fs::create_dir_all(clean.root().join("content/v2")).unwrap();
    clean.build_ok();
    let (ours, theirs) = (snapshot_dir(&f.out()), snapshot_dir(&clean.out()));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&ours),
        names(&theirs),
        "after {after}: the same files"
    );
    for ((name, a), (_, b)) in ours.iter().zip(&theirs) {
        assert!(a == b, "after {after}: {name} differs from a clean build");
    }
}

/// An edit of a fixture's files.
type Edit = Box<dyn Fn(&Fixture)>;

#[test]
fn every_edit_of_a_translation_its_source_or_the_messages_rebuilds_to_a_clean_build() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let edits: Vec<(&str, Edit)> = vec![
        (
            "a translated step's text",
            Box::new(|f| {
                f.write(
                    "content/v1/email/gmail.de.md",
                    &TRANSLATION.replace("Kopieren Sie", "Kopieren Sie bitte"),
                );
            }),
        ),
        (
            "the source's step name",
            Box::new(|f| {
                f.write(
                    "content/v1/email/gmail.md",
                    &SOURCE.replace(
                        "{#open-app-passwords}",
                        "{#app-passwords open-app-passwords}",
                    ),
                );
            }),
        ),
        (
            "a new translation",
            Box::new(|f| {
                f.write(
                    "content/v1/email/other.de.md",
                    "+++\ntitle = \"Anderes\"\n+++\n\n1. Etwas tun.\n",
                );
            }),
        ),
        (
            "a translation in a newer version",
            Box::new(|f| {
                f.write(
                    "content/v2/email/other.de.md",
                    "+++\ntitle = \"Anderes, neu\"\n+++\n\n1. Etwas anderes tun.\n",
                );
            }),
        ),
        (
            "a folder's translated title",
            Box::new(|f| {
                f.write("content/v1/email/_category.de.toml", "title = \"E-Mail\"\n");
            }),
        ),
        (
            "a message of the site's catalogue",
            Box::new(|f| {
                f.write(
                    "templates/messages/de.toml",
                    "was_this_helpful = \"Hat das geholfen?\"\n",
                );
            }),
        ),
        (
            "a removed translation",
            Box::new(|f| f.remove("content/v1/email/other.de.md")),
        ),
    ];
    for (what, edit) in edits {
        edit(&f);
        f.build_ok();
        assert_same_as_a_clean_build(&f, what);
    }
}

#[test]
fn a_translated_screenshot_replaces_the_sources_and_the_others_fall_back_to_it() {
    let f = site();
    let png = crate::screenshots::png(300, 200, 1);
    f.write_bytes("content/v1/email/gmail/shot.png", &png);
    f.write_bytes(
        "content/v1/email/gmail/other.png",
        &crate::screenshots::png(300, 200, 2),
    );
    f.write_bytes(
        "content/v1/email/gmail/shot.de.png",
        &crate::screenshots::png(300, 200, 3),
    );
    let pictures = "\n![A shot](shot.png)\n\n![Another](other.png)\n";
    f.write("content/v1/email/gmail.md", &format!("{SOURCE}{pictures}"));
    f.write(
        "content/v1/email/gmail.de.md",
        &format!("{TRANSLATION}\n![Ein Bild](shot.png)\n\n![Ein anderes](other.png)\n"),
    );
    f.build_ok();
    let (en, de) = (
        f.page("latest/email/gmail/index.html"),
        f.page("de/latest/email/gmail/index.html"),
    );
    assert!(
        en.contains("_img/shot.") && !en.contains("_img/shot-de."),
        "{en}"
    );
    assert!(de.contains("src=\"../../../../_img/shot-de."), "{de}");
    assert!(de.contains("src=\"../../../../_img/other."), "{de}");
}

#[test]
fn a_marked_translation_whose_source_changed_says_so_and_links_the_source_at_the_same_step() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    let mark = || {
        helpsite::cmd::translations::run(
            f.root(),
            None,
            None,
            helpsite::cmd::translations::Format::Json,
            &[f.root().join("content/v1/email/gmail.de.md")],
        )
    };
    assert_eq!(mark(), std::process::ExitCode::SUCCESS);
    assert!(
        std::fs::read_to_string(f.root().join("content/v1/email/gmail.de.md"))
            .unwrap()
            .contains("source_digest = \"")
    );
    f.build_ok();
    assert!(!f
        .page("de/v1/email/gmail/index.html")
        .contains("language-stale"));
    // A new date in the source's front matter is no new revision of its text; a changed step is.
    f.write(
        "content/v1/email/gmail.md",
        &SOURCE.replace(
            "title = \"Connect Gmail\"",
            "title = \"Connect Gmail\"\nupdated = 2026-01-02",
        ),
    );
    f.build_ok();
    assert!(!f
        .page("de/v1/email/gmail/index.html")
        .contains("language-stale"));
    f.write(
        "content/v1/email/gmail.md",
        &SOURCE.replace("Copy the password.", "Copy the whole password."),
    );
    f.build_ok();
    let page = f.page("de/v1/email/gmail/index.html");
    let notice = page
        .split("<div class=\"callout callout-warning language-stale\" role=\"note\">")
        .nth(1)
        .expect("a notice")
        .split("</div>")
        .next()
        .unwrap();
    assert!(
        notice.contains("Diese Übersetzung ist möglicherweise nicht mehr aktuell;"),
        "{notice}"
    );
    assert!(
        notice.contains("href=\"../../../../v1/email/gmail/\""),
        "{notice}"
    );
    let map = step_map_in(&page, notice, "../../../../v1/email/gmail/");
    assert_eq!(map.lands("open-app-passwords"), "open-app-passwords");
    assert!(
        notice.contains(">siehe die Originalfassung (English)</a>"),
        "{notice}"
    );
    // Marking it again says it translates the source as it is now.
    mark();
    f.build_ok();
    assert!(!f
        .page("de/v1/email/gmail/index.html")
        .contains("language-stale"));
}

#[test]
fn an_attachment_linked_in_a_language_tree_is_the_one_the_default_language_publishes() {
    let f = site();
    f.write("content/v1/email/assets/guide.pdf", "%PDF-1.4 guide");
    f.write(
        "content/v1/email/other.md",
        "+++\ntitle = \"Other\"\n+++\n\n1. Do a thing.\n\n[The guide](assets/guide.pdf)\n",
    );
    f.write(
        "content/v1/email/other.de.md",
        "+++\ntitle = \"Anderes\"\n+++\n\n1. Etwas tun.\n\n[Die Anleitung](assets/guide.pdf)\n",
    );
    f.build_ok();
    assert!(f.exists("v1/email/assets/guide.pdf"));
    assert!(!f.exists("de/v1/email/assets/guide.pdf"));
    for page in [
        "de/v1/email/other/index.html",
        "de/v1/email/gmail/index.html",
    ] {
        let html = f.page(page);
        if html.contains("guide.pdf") {
            assert!(
                html.contains("href=\"../../../../v1/email/assets/guide.pdf\""),
                "{page}"
            );
        }
    }
    assert!(f
        .page("de/v1/email/other/index.html")
        .contains("Die Anleitung"));
}

#[test]
fn each_language_has_its_links_json_with_its_step_addresses() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.build_ok();
    let de = f.page("de/links.json");
    assert!(
        de.contains("https://help.test/de/latest/email/gmail/#open-app-passwords"),
        "{de}"
    );
    assert!(de.contains("Klicken Sie auf App-Passwörter"), "{de}");
    let en = f.page("links.json");
    assert!(en.contains("https://help.test/latest/email/gmail/#open-app-passwords"));
    assert!(!en.contains("/de/"));
}

/// Every shard of the search index in `dir` (under the output), as one text.
fn shards(f: &Fixture, dir: &str) -> String {
    let mut text = String::new();
    let mut names: Vec<_> = std::fs::read_dir(f.out().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json") && n != "index.json" && !n.starts_with("docs-"))
        .collect();
    names.sort();
    for n in names {
        text.push_str(&f.page(&format!("{dir}/{n}")));
    }
    text
}

#[test]
fn each_language_searches_its_own_index_cut_and_stemmed_as_its_language_is() {
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    f.write(
        "content/search-synonyms.de.toml",
        "synonyms = [\"kennwort = passwort\"]\n",
    );
    f.build_ok();
    let de = f.page("de/latest/email/gmail/index.html");
    assert!(
        de.contains("data-index=\"../../../../_search/de/v2/index.json\""),
        "German pages search the German index"
    );
    let en = f.page("latest/email/gmail/index.html");
    assert!(en.contains("data-index=\"../../../_search/v2/index.json\""));
    let manifest = f.page("_search/de/v2/index.json");
    assert!(manifest.contains("\"analyzer\":\"de\""), "{manifest}");
    assert!(
        manifest.contains("\"synonyms\":[[\"kennwort\""),
        "the German synonyms apply to German: {manifest}"
    );
    let english_manifest = f.page("_search/v2/index.json");
    assert!(english_manifest.contains("\"analyzer\":\"en\""));
    assert!(english_manifest.contains("\"synonyms\":[]"));
    // German inflections share a stem and umlauts fold: "Öffnen" is found as "offnen", "Passwörter" as "passwort".
    let german = shards(&f, "_search/de/v2");
    assert!(german.contains("[\"offn\",[\"offnen\"]"), "{german}");
    assert!(
        german.contains("[\"passwort\",[\"passworter\"]"),
        "{german}"
    );
    assert!(
        !german.contains("[\"sie\"") && !german.contains("[\"die\""),
        "German function words are not indexed"
    );
    let english = shards(&f, "_search/v2");
    assert!(english.contains("[\"password\""));
    assert!(
        !english.contains("offn"),
        "the English index has no German text"
    );
}

/// The file a page loads with `<script ... src="...<stem>.<hash>.js">` or names in `data-script`, read from the output.
fn script_of(f: &Fixture, page: &str, stem: &str) -> (String, String) {
    let html = f.page(page);
    let at = html
        .find(&format!("_assets/{stem}."))
        .unwrap_or_else(|| panic!("{page} loads no {stem} script"));
    let end = at + html[at..].find('"').unwrap();
    let path = html[at..end].to_string();
    let text = f.page(&path);
    (path, text)
}

#[test]
fn each_language_loads_the_theme_scripts_and_the_widget_in_its_own_words() {
    let f = site();
    f.write(
        "content/v1/email/gmail.md",
        &SOURCE.replace(
            "3. Copy the password.",
            "3. Copy the password.\n\n   {{< widget app-password >}}",
        ),
    );
    f.write(
        "content/v1/email/gmail.de.md",
        &TRANSLATION.replace(
            "3. Kopieren Sie das Passwort.",
            "3. Kopieren Sie das Passwort.\n\n   {{< widget app-password >}}",
        ),
    );
    f.build_ok();
    let (de, en) = (
        "de/latest/email/gmail/index.html",
        "latest/email/gmail/index.html",
    );
    for (stem, english, german) in [
        (
            "site",
            "\"copy_link\":\"Copy link\"",
            "\"copy_link\":\"Link kopieren\"",
        ),
        (
            "zoom",
            "\"zoom_actual_size\":\"Actual size\"",
            "\"zoom_actual_size\":\"Originalgröße\"",
        ),
        (
            "search",
            "\"search_step\":\"Step {number}\"",
            "\"search_step\":\"Schritt {number}\"",
        ),
        (
            "widget",
            "\"widget_show\":\"Show\"",
            "\"widget_show\":\"Anzeigen\"",
        ),
    ] {
        let (path, text) = script_of(&f, de, &format!("{stem}.de"));
        assert!(text.contains(german), "{path} has no {german}");
        let (path, text) = script_of(&f, en, stem);
        assert!(!path.contains(".de."), "{path}");
        assert!(text.contains(english), "{path} has no {english}");
    }
    // The widget's own text on the page, and each step's link, in the page's language.
    let page = f.page(de);
    assert!(
        page.contains("App-Passwort einfügen oder eingeben"),
        "{page}"
    );
    assert!(page.contains("title=\"Link zu Schritt 2\""));
    assert!(!page.contains("Paste or type the app password"));
    assert!(f.page(en).contains("Paste or type the app password"));
}

#[test]
fn a_site_catalogue_changes_the_default_languages_script_and_widget_texts() {
    let f = Fixture::new(
        SITE.lines()
            .filter(|l| !l.starts_with("languages"))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    );
    f.write(
        "content/v1/email/gmail.md",
        "+++\ntitle = \"Gmail\"\n+++\n\n1. Enter it.\n\n   {{< widget app-password >}}\n",
    );
    f.write(
        "templates/messages/en.toml",
        "copy_link = \"Copy this step's address\"\nwidget_title = \"Is my app password right?\"\nstep_link_title = \"Address of step {number}\"\n",
    );
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    f.build_ok();
    let page = "v1/email/gmail/index.html";
    let (_, site) = script_of(&f, page, "site");
    assert!(site.contains("\"copy_link\":\"Copy this step's address\""));
    let html = f.page(page);
    assert!(html.contains("Is my app password right?"), "{html}");
    assert!(html.contains("title=\"Address of step 1\""), "{html}");
}

#[test]
fn a_sites_own_script_naming_a_text_no_catalogue_has_fails_naming_the_key_and_the_language() {
    let f = site();
    f.write(
        "templates/zoom.js",
        "const TEXT = /* messages */ {\"zoom_close\": \"Close\", \"zoom_spin\": \"Spin it\"} /* end messages */;\n",
    );
    let report = f.build_err();
    assert!(report.contains("templates/zoom.js"), "{report}");
    assert!(
        report.contains("the text \"zoom_spin\" of zoom.js has no message in language \"de\""),
        "{report}"
    );
    assert!(
        report.contains("add zoom_spin = \"...\" to templates/messages/de.toml"),
        "{report}"
    );
}

#[test]
fn a_site_whose_first_language_is_german_has_a_german_theme_in_its_default_tree() {
    let f = Fixture::new(&SITE.replace(
        "languages = [{ code = \"en\", label = \"English\" }, { code = \"de\", label = \"Deutsch\" }]",
        "languages = [{ code = \"de\", label = \"Deutsch\" }, { code = \"en\", label = \"English\" }]",
    ));
    f.write("content/v1/email/gmail.md", TRANSLATION);
    f.write(
        "content/v1/email/other.md",
        "+++\ntitle = \"Andere\"\n+++\n\n1. Tun.\n",
    );
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    f.build_ok();
    let html = f.page("latest/email/gmail/index.html");
    assert!(html.contains("Zum Inhalt springen"), "{html}");
    assert!(html.contains("title=\"Link zu Schritt 1\""));
    assert!(html.contains("<p class=\"callout-title\">Warnung</p>"));
    let (_, site) = script_of(&f, "latest/email/gmail/index.html", "site");
    assert!(site.contains("\"copy_link\":\"Link kopieren\""));
}

#[test]
fn helpsite_links_lists_a_languages_steps_at_their_addresses_in_its_tree() {
    use crate::common::{helpsite, text};
    let f = site();
    f.write("content/v1/email/gmail.de.md", TRANSLATION);
    let root = f.root().to_str().unwrap();
    // Before a build (in memory), and after one (from site/de/links.json), the same rows.
    let mut seen = Vec::new();
    for built in [false, true] {
        if built {
            let out = helpsite(&["build", "--root", root]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            assert!(f.root().join("site/de/links.json").exists());
        }
        let out = helpsite(&[
            "links", "--root", root, "--lang", "de", "--format", "csv", "passwort",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        seen.push(text(&out.stdout));
    }
    assert_eq!(seen[0], seen[1]);
    let lines: Vec<&str> = seen[0].lines().collect();
    assert!(
        lines.contains(&"v2,email/gmail,Gmail verbinden,,3,step-3,copy-password,,Kopieren Sie das Passwort.,https://help.test/de/latest/email/gmail/#copy-password")
            && lines.contains(&"v1,email/gmail,Gmail verbinden,,3,step-3,copy-password,,Kopieren Sie das Passwort.,https://help.test/de/v1/email/gmail/#copy-password"),
        "{}",
        seen[0]
    );
    // The same step in English, at its English address.
    let out = helpsite(&[
        "links", "--root", root, "--lang", "en", "--format", "csv", "copy",
    ]);
    assert!(text(&out.stdout)
        .contains("Copy the password.,https://help.test/latest/email/gmail/#copy-password"));
    let out = helpsite(&["links", "--root", root, "--lang", "fr", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no language \"fr\"; the site's languages are en, de"),
        "{}",
        text(&out.stderr)
    );
}
