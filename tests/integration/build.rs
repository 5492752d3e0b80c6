//! `helpsite build`: steps and their links, versions and /latest/, the switcher, errors, safety and determinism.

use crate::common::{article, snapshot_dir, step_map, Fixture};

const PROCEDURE: &str = "Intro.\n\n1. Sign in. {#sign-in}\n2. Open **Security**.\n3. Click **App passwords**. {#open-app-passwords app-passwords}\n4. Done.\n";

fn gmail_site() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/email/gmail.md",
        &article("Connect Gmail", PROCEDURE),
    );
    // v2 renumbers: a step is inserted before the named one.
    f.write(
        "content/v2/email/gmail.md",
        &article("Connect Gmail", "1. Sign in. {#sign-in}\n2. Turn on 2-Step Verification.\n3. Open **Security**.\n4. Click **App passwords**. {#open-app-passwords}\n"),
    );
    f.write(
        "content/v1/email/settings.md",
        &article(
            "Settings",
            "See [step 3](gmail.md#open-app-passwords).\n\n1. One.\n2. Two.\n",
        ),
    );
    f
}

#[test]
fn every_step_gets_a_numbered_id_and_a_link_to_itself() {
    let f = gmail_site();
    f.build_ok();
    let html = f.page("v1/email/gmail/index.html");
    for n in 1..=4 {
        assert!(
            html.contains(&format!("<li class=\"step\" id=\"step-{n}\">")),
            "step-{n} missing in\n{html}"
        );
    }
    assert!(
        html.contains("<a class=\"step-link\" href=\"#open-security\""),
        "a step without a name links to the name made from its text"
    );
    assert!(html.contains(
        "<li class=\"step\" id=\"step-2\"><span class=\"step-name\" id=\"open-security\"></span>"
    ));
    assert!(
        html.contains("<a class=\"step-link\" href=\"#open-app-passwords\""),
        "named steps link to their name"
    );
    assert!(html.contains("<span class=\"step-name\" id=\"open-app-passwords\"></span>"));
    assert!(
        html.contains("<span class=\"step-name\" id=\"app-passwords\"></span>"),
        "a former name still lands"
    );
    assert!(!html.contains("{#"), "the name marker is not shown");
}

#[test]
fn a_list_start_number_is_the_step_number() {
    let f = Fixture::two_versions();
    f.write("content/v1/a/b.md", &article("B", "5. Five.\n6. Six.\n"));
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    assert!(html.contains("<ol class=\"steps\" role=\"list\" start=\"5\">"));
    assert!(html.contains("id=\"step-5\"") && html.contains("id=\"step-6\""));
}

#[test]
fn a_procedure_broken_by_a_paragraph_keeps_counting_and_later_procedures_are_prefixed() {
    let f = Fixture::two_versions();
    let body = "1. One.\n2. Two.\n\nA note between.\n\n3. Three.\n\n## Add the SMTP account\n\n1. Open SMTP.\n   1. Nested.\n2. Save. {#smtp-save}\n";
    f.write("content/v1/a/b.md", &article("B", body));
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    for id in [
        "step-1",
        "step-2",
        "step-3",
        "add-the-smtp-account-step-1",
        "add-the-smtp-account-step-1-1",
        "add-the-smtp-account-step-2",
        "smtp-save",
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "{id} missing in\n{html}"
        );
    }
}

#[test]
fn a_heading_called_step_1_does_not_take_the_first_steps_id() {
    let f = Fixture::two_versions();
    f.write("content/v1/a/b.md", &article("B", "## Step 1\n\n1. One.\n"));
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    assert!(html.contains("<h2 id=\"step-1-heading\">"), "{html}");
    assert!(html.contains("<li class=\"step\" id=\"step-1\">"));
}

#[test]
fn the_latest_version_is_also_served_under_latest_with_identical_pages() {
    let f = gmail_site();
    f.build_ok();
    for page in [
        "index.html",
        "email/index.html",
        "email/gmail/index.html",
        "email/settings/index.html",
    ] {
        assert_eq!(
            f.page(&format!("v2/{page}")),
            f.page(&format!("latest/{page}")),
            "{page}"
        );
    }
    assert!(
        f.page("index.html").contains("url=latest/"),
        "the site root leads to the latest home"
    );
    assert!(f.exists("404.html"));
    let sitemap = f.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://help.test/latest/email/gmail/</loc>"));
    assert!(
        !sitemap.contains("/v1/"),
        "old versions are not in the sitemap"
    );
    assert!(f
        .page("robots.txt")
        .contains("Sitemap: https://help.test/sitemap.xml"));
}

#[test]
fn an_article_missing_from_a_version_is_inherited_and_removed_ones_are_gone() {
    let f = gmail_site();
    f.write("content/v1/email/old.md", &article("Old", "Old text.\n"));
    f.write("content/v2/email/old.md", "+++\nremoved = true\n+++\n");
    f.build_ok();
    assert!(
        f.page("v2/email/settings/index.html").contains("Settings"),
        "inherited from v1"
    );
    assert!(f.exists("v1/email/old/index.html"));
    assert!(!f.exists("v2/email/old/index.html"), "removed from v2 on");
    let v2_home = f.page("v2/index.html");
    assert!(
        !v2_home.contains("old/"),
        "the home page does not list removed articles"
    );
}

#[test]
fn the_switcher_maps_named_steps_across_renumbering_and_missing_pages_to_the_home_notice() {
    let f = gmail_site();
    f.write("content/v1/email/old.md", &article("Old", "Text.\n"));
    f.write("content/v2/email/old.md", "+++\nremoved = true\n+++\n");
    f.build_ok();
    let v1 = f.page("v1/email/gmail/index.html");
    // In v1 the named step is step 3; in v2 it is step 4 and keeps its name.
    let map = step_map(&v1, "../../../v2/email/gmail/");
    assert_eq!(map.lands("step-3"), "open-app-passwords");
    assert_eq!(map.lands("open-app-passwords"), "open-app-passwords");
    assert_eq!(map.lands("app-passwords"), "open-app-passwords");
    assert_eq!(map.lands("sign-in"), "sign-in");
    // v2 inserted a step before it: a step without a written name is found by its automatic one, not its number.
    assert_eq!(map.lands("step-2"), "open-security");
    assert_eq!(map.lands("open-security"), "open-security");
    // v1's last step has no counterpart in v2: the link opens the top of the article.
    assert_eq!(map.lands("done"), "");
    let old = f.page("v1/email/old/index.html");
    assert!(
        old.contains("href=\"../../../v2/#not-in-version\""),
        "{old}"
    );
    assert!(f.page("v2/index.html").contains("id=\"not-in-version\""));
}

#[test]
fn a_switcher_template_whose_step_map_names_a_missing_id_or_is_not_a_map_fails_the_build() {
    let f = gmail_site();
    // The theme's switcher with one pair added to each version link's map, and the footer with a map in JSON.
    let switcher = include_str!("../../templates/switcher.html").replace(
        "data-map=\"{{ v.map }}\"",
        "data-map=\"{{ v.map }} sign-in no-such-step\"",
    );
    assert!(switcher.contains("no-such-step"));
    f.write("templates/switcher.html", &switcher);
    f.write(
        "templates/footer.html",
        "<footer class=\"site-footer\">{% for v in versions %}{% if not v.current %}<a href=\"{{ v.url }}\" data-map='{\"a\":\"b\"}'>{{ v.label }}</a>{% endif %}{% endfor %}</footer>\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("maps #sign-in to #no-such-step, which that page does not have"),
        "{report}"
    );
    assert!(
        report.contains("is not `same` followed by pairs of ids"),
        "{report}"
    );
    assert!(report.contains("templates/switcher.html"), "{report}");
}

#[test]
fn old_versions_point_to_the_latest_edition_and_are_not_indexed() {
    let f = gmail_site();
    f.build_ok();
    let v1 = f.page("v1/email/gmail/index.html");
    assert!(v1.contains("<link rel=\"canonical\" href=\"https://help.test/latest/email/gmail/\">"));
    assert!(v1.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(v1.contains("class=\"version-banner\""));
    assert!(
        v1.contains("href=\"../../../latest/email/gmail/\""),
        "the banner links the latest edition"
    );
    let v2 = f.page("v2/email/gmail/index.html");
    assert!(v2.contains("<link rel=\"canonical\" href=\"https://help.test/latest/email/gmail/\">"));
    assert!(!v2.contains("noindex"));
    assert!(!v2.contains("class=\"version-banner\""));
}

#[test]
fn pages_carry_a_strict_csp_and_no_inline_script_or_style() {
    let f = gmail_site();
    f.build_ok();
    for (path, bytes) in snapshot_dir(&f.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'"), "{path}");
        assert!(!html.contains("unsafe-inline"), "{path}");
        assert!(!html.contains(" style="), "{path}");
        // Scripts are files; the one block without `src` is data (schema.org JSON-LD), which never runs.
        for script in html.split("<script").skip(1) {
            assert!(
                script.contains("src=") || script.starts_with(" type=\"application/ld+json\">{"),
                "inline script in {path}"
            );
        }
        // Loaded resources (src, srcset, <link> other than canonical) are all our own files.
        let loaded = html
            .split("src=\"")
            .skip(1)
            .chain(html.split("srcset=\"").skip(1))
            .chain(
                html.split("<link ")
                    .skip(1)
                    .filter(|l| !l.starts_with("rel=\"canonical\""))
                    .filter_map(|l| l.split("href=\"").nth(1)),
            );
        for value in loaded {
            let url = value.split('"').next().unwrap();
            assert!(
                !url.contains("://") && !url.starts_with("//"),
                "{path} loads {url} from another origin"
            );
        }
    }
}

#[test]
fn relative_md_links_become_article_urls() {
    let f = gmail_site();
    f.build_ok();
    let html = f.page("v1/email/settings/index.html");
    assert!(
        html.contains("<a href=\"../../email/gmail/#open-app-passwords\">step 3</a>"),
        "{html}"
    );
}

#[test]
fn plain_markdown_without_front_matter_takes_its_title_from_the_first_heading() {
    let f = Fixture::two_versions();
    f.write("content/v1/a/plain.md", "# Plain Title\n\nBody.\n");
    f.build_ok();
    let html = f.page("v1/a/plain/index.html");
    assert!(html.contains("<h1>Plain Title</h1>"));
    assert_eq!(
        html.matches("<h1").count(),
        1,
        "the heading is not repeated"
    );
}

#[test]
fn alerts_tables_and_footnotes_render() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/a/b.md",
        &article("B", "> [!WARNING]\n> Careful.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n\n- [x] done\n\n~~old~~\n"),
    );
    f.build_ok();
    let html = f.page("v1/a/b/index.html");
    assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>"));
    assert!(html.contains("<div class=\"table-scroll\">\n<table>"));
    assert!(html.contains("footnote-definition"));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("type=\"checkbox\""));
}

#[test]
fn every_problem_is_reported_at_once_with_file_line_and_fix_and_the_old_site_stays() {
    let f = gmail_site();
    f.build_ok();
    let before = snapshot_dir(&f.out());
    f.write(
        "content/v1/email/bad.md",
        "+++\ntitle = \"Bad\"\norder = first\n+++\n",
    );
    f.write(
        "content/v1/email/links.md",
        &article(
            "Links",
            "Line.\n\n[missing](nowhere.md)\n\n[step](gmail.md#step-99)\n\n[heading](#no-such)\n",
        ),
    );
    f.write(
        "content/v1/email/twice.md",
        &article("Twice", "1. A. {#same}\n2. B. {#same}\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/email/bad.md:3: invalid TOML front matter"),
        "{report}"
    );
    assert!(
        report.contains("content/v1/email/links.md:7: link to missing article email/nowhere.md"),
        "{report}"
    );
    assert!(report.contains("content/v1/email/links.md:9: link to email/gmail.md#step-99, which that article does not have"), "{report}");
    assert!(
        report
            .contains("content/v1/email/links.md:11: link to #no-such, which is not on this page"),
        "{report}"
    );
    assert!(
        report.contains("content/v1/email/twice.md:6: the name {#same} is used twice"),
        "{report}"
    );
    assert!(report.contains("fix: "), "{report}");
    assert!(
        report.contains("5 errors:"),
        "links into the article with bad front matter add none: {report}"
    );
    assert_eq!(
        snapshot_dir(&f.out()),
        before,
        "a failed build leaves the previous site untouched"
    );
}

#[test]
fn an_unknown_version_folder_and_a_clashing_alias_are_errors() {
    let f = gmail_site();
    f.write("content/v3/email/x.md", &article("X", "x"));
    let report = f.build_err();
    assert!(
        report.contains("content/v3: folder for unknown version \"v3\""),
        "{report}"
    );
    f.remove("content/v3/email/x.md");
    std::fs::remove_dir_all(f.root().join("content/v3")).unwrap();
    f.write(
        "content/v1/email/dup.md",
        "+++\ntitle = \"Dup\"\naliases = [\"email/gmail\"]\n+++\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("alias \"email/gmail\" is the address of the article email/gmail"),
        "{report}"
    );
}

#[test]
fn aliases_write_redirect_pages_that_keep_the_fragment() {
    let f = gmail_site();
    f.write("content/v2/email/gmail.md", &format!("+++\ntitle = \"Connect Gmail\"\naliases = [\"/kb/gmail\", \"email/gmail-old\"]\n+++\n{PROCEDURE}"));
    f.build_ok();
    let kb = f.page("kb/gmail/index.html");
    assert!(
        kb.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../latest/email/gmail/\">"),
        "{kb}"
    );
    assert!(kb.contains("data-target=\"../../latest/email/gmail/\""));
    assert!(f
        .page("v2/email/gmail-old/index.html")
        .contains("url=../../email/gmail/"));
    assert!(f.exists("latest/email/gmail-old/index.html"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let f = gmail_site();
    f.build_ok();
    let first = snapshot_dir(&f.out());
    f.build_ok();
    assert_eq!(snapshot_dir(&f.out()), first);
}

#[test]
fn a_folder_helpsite_did_not_write_is_never_replaced() {
    let f = gmail_site();
    f.write("site/precious.txt", "keep me");
    let report = f.build_err();
    assert!(report.contains("refusing to replace it"), "{report}");
    assert_eq!(
        std::fs::read_to_string(f.out().join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_starter_site_from_init_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-help");
    helpsite::cmd::init::write_starter(&site).unwrap();
    let summary = helpsite::build(&helpsite::Options {
        root: site.clone(),
        output: Some(site.join("site")),
        base_url: None,
        ..Default::default()
    })
    .unwrap_or_else(|p| panic!("{p}"));
    assert!(summary.articles >= 1);
    let html =
        std::fs::read_to_string(site.join("site/v1/getting-started/sign-in/index.html")).unwrap();
    assert!(html.contains("id=\"set-password\""));
    assert!(
        helpsite::cmd::init::write_starter(&site).is_err(),
        "init refuses a folder that is not empty"
    );
}

#[test]
fn a_template_override_replaces_the_built_in_one_file_at_a_time() {
    let f = gmail_site();
    f.write(
        "templates/footer.html",
        "<footer class=\"custom\">Custom footer for {{ site.title }}</footer>\n",
    );
    f.build_ok();
    let html = f.page("v1/email/gmail/index.html");
    assert!(html.contains("Custom footer for Test Help"));
    assert!(
        html.contains("class=\"version-switcher\""),
        "other templates stay built in"
    );
}

#[test]
fn a_broken_template_override_is_reported_with_its_name() {
    let f = gmail_site();
    f.write("templates/footer.html", "{% if %}\n");
    let report = f.build_err();
    assert!(report.contains("templates/footer.html"), "{report}");
}

#[test]
fn the_article_html_reads_as_expected() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/email/gmail.md",
        "+++\ntitle = \"Connect Gmail\"\nupdated = 2022-06-01\n+++\n\nIntro.\n\n1. Sign in. {#sign-in}\n2. Click **App passwords**.\n\n> [!NOTE]\n> Spaces matter.\n",
    );
    f.build_ok();
    let html = f.page("v1/email/gmail/index.html");
    let article = html
        .split("<div class=\"content\">")
        .nth(1)
        .unwrap()
        .split("</article>")
        .next()
        .unwrap();
    insta::assert_snapshot!(article);
}

fn tiny_png(shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([shade, shade, shade]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[test]
fn an_inherited_article_shows_the_newer_versions_replacement_screenshot_and_shares_the_rest() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/a/b.md",
        &article("B", "1. Look:\n\n   ![The screen](shot.png)\n"),
    );
    f.write_bytes("content/v1/a/b/shot.png", &tiny_png(10));
    f.write(
        "content/v1/a/c.md",
        &article("C", "1. Look:\n\n   ![The other screen](shot.png)\n"),
    );
    f.write_bytes("content/v1/a/c/shot.png", &tiny_png(30));
    // v2 keeps both articles' text and replaces only b's screenshot.
    f.write_bytes("content/v2/a/b/shot.png", &tiny_png(200));
    f.build_ok();
    let img = |page: &str| {
        f.page(page)
            .split("<img src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    assert_ne!(
        img("v1/a/b/index.html"),
        img("v2/a/b/index.html"),
        "v2 shows its own screenshot"
    );
    assert_eq!(
        img("v1/a/c/index.html"),
        img("v2/a/c/index.html"),
        "v2 inherits c's screenshot"
    );
}

/// Copies the folder `rel` of this repository into `to`.
fn copy_from_repo(rel: &str, to: &std::path::Path) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let dest = to.join(rel).join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn the_repository_templates_folder_is_the_built_in_theme_so_the_shipped_site_is_the_same_bytes_without_it(
) {
    let with = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    for root in [with.path(), without.path()] {
        copy_from_repo("content", root);
    }
    copy_from_repo("templates", with.path());
    let build = |root: &std::path::Path| {
        let summary = helpsite::build(&helpsite::Options {
            root: root.to_path_buf(),
            output: Some(root.join("site")),
            base_url: None,
            ..Default::default()
        })
        .unwrap_or_else(|p| panic!("the shipped content does not build:\n{p}"));
        assert_eq!(summary.warnings.warning_count(), 0, "{}", summary.warnings);
        snapshot_dir(&root.join("site"))
    };
    let (a, b) = (build(with.path()), build(without.path()));
    assert!(a.len() > 100, "{} files", a.len());
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{name} differs between the templates/ folder and the built-in theme"
        );
    }
}

#[test]
fn a_first_heading_that_repeats_the_front_matter_title_is_the_title_shown_once_without_a_warning() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/gmail.md",
        &article(
            "Connect Gmail: App Passwords",
            "# Connect gmail — app  passwords\n\n1. Sign in.\n",
        ),
    );
    f.write(
        "content/v2/email/other.md",
        &article("Other", "# Something else\n\n1. Sign in.\n"),
    );
    let summary = f.build_ok();
    let warnings = summary.warnings.to_string();
    assert!(!warnings.contains("gmail.md"), "{warnings}");
    assert!(
        warnings
            .contains("other.md:5: a `#` heading inside the article repeats the page title level"),
        "{warnings}"
    );
    let page = f.page("v2/email/gmail/index.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(
        !page.contains("app  passwords"),
        "the repeated heading is not shown"
    );
}

#[test]
fn a_list_that_numbers_again_after_a_code_block_gets_unique_step_ids_and_one_warning() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/imap.md",
        &article(
            "Set up IMAP",
            "1. Open a terminal.\n2. Run the check.\n3. Read the result.\n\n```\nimap-check --host mail\n```\n\n1. Open the settings.\n2. Enter the host.\n3. Save.\n",
        ),
    );
    let summary = f.build_ok();
    let warnings = summary.warnings.to_string();
    assert_eq!(warnings.matches("imap.md:").count(), 1, "{warnings}");
    assert!(
        warnings.contains("imap.md:13: this list numbers its steps again"),
        "{warnings}"
    );
    let page = f.page("v2/email/imap/index.html");
    for id in ["step-1", "step-3", "step-1-1", "step-2-1", "step-3-1"] {
        assert_eq!(page.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
}

#[test]
fn a_list_that_starts_again_after_a_bold_line_of_its_own_is_another_procedure_named_after_it_without_a_warning(
) {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/scenarios.md",
        &article(
            "Scenarios",
            "**Scenario 1: Gmail**\n\n1. Open Gmail.\n2. Sign in.\n\n**Scenario 2: Outlook:**\n\n1. Open Outlook.\n2. Sign in.\n\nSee [the second](#scenario-2-outlook-step-2).\n",
        ),
    );
    let summary = f.build_ok();
    assert_eq!(
        summary.warnings.to_string().matches("scenarios.md").count(),
        0
    );
    let page = f.page("v2/email/scenarios/index.html");
    for id in [
        "step-1",
        "step-2",
        "scenario-2-outlook-step-1",
        "scenario-2-outlook-step-2",
    ] {
        assert_eq!(
            page.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}: {page}"
        );
    }
}

#[test]
fn two_articles_claiming_one_alias_are_an_error_naming_both_places_and_the_sites_own_folders_are_no_alias(
) {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/gmail.md",
        "+++\ntitle = \"Gmail\"\naliases = [\"/kb/old\"]\n+++\n\n1. One.\n",
    );
    f.write(
        "content/v2/email/outlook.md",
        "+++\ntitle = \"Outlook\"\naliases = [\"/kb/old\", \"/_img/logo\", \"/links.json\"]\n+++\n\n1. One.\n",
    );
    let report = f.build_err();
    let claimed = report
        .lines()
        .find(|l| l.contains("is also claimed by"))
        .unwrap_or_else(|| panic!("{report}"));
    // Either article may be read first; the other is reported, naming the first's file and line.
    assert!(
        claimed.contains("content/v2/email/outlook.md:3: alias \"/kb/old\" is also claimed by the article email/gmail (content/v2/email/gmail.md:3)")
            || claimed.contains("content/v2/email/gmail.md:3: alias \"/kb/old\" is also claimed by the article email/outlook (content/v2/email/outlook.md:3)"),
        "{report}"
    );
    assert!(
        report.contains("alias \"/_img/logo\" is not a usable path"),
        "{report}"
    );
    assert!(
        report.contains("alias \"/links.json\" is not a usable path"),
        "{report}"
    );
}

#[test]
fn a_step_marker_holding_html_is_an_error_not_text_with_open_html() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/gmail.md",
        &article("Gmail", "1. Sign in. {#a\"><b>x}\n2. Done. {#done}\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains(
            "gmail.md:5: the step marker {#a\"><b>x} holds characters a step name cannot"
        ),
        "{report}"
    );
}

#[test]
fn control_characters_in_headings_steps_and_step_names_fail_the_build_with_file_and_line() {
    let f = Fixture::two_versions();
    // As pasted from a terminal or a hostile export: an escape, a bidi override written as an entity, an isolate in a
    // step name, and a C1 control in the heading that is the title.
    f.write(
        "content/v2/email/gmail.md",
        &article(
            "Gmail",
            "Intro.\n\n## Sign in \u{1b}]0;owned\u{7}\n\n1. Open the &#x202E;settings.\n2. Click **OK**. {#click\u{2066}ok}\n\n## Clean\n\n1. Tab\tis fine.\n",
        ),
    );
    f.write(
        "content/v2/email/plain.md",
        "# Plain \u{9b} title\n\n1. Step.\n",
    );
    let report = f.build_err();
    for expected in [
        "gmail.md:7: the heading holds the control character U+001B",
        "gmail.md:9: step 1 holds the control character U+202E",
        "gmail.md:10: step name {#click\u{2066}ok} cannot be used",
        "plain.md:1: the title heading holds the control character U+009B",
        "fix: remove it: control characters and direction overrides show as nothing in a page",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
    assert_eq!(
        report.matches("holds the control character").count(),
        3,
        "{report}"
    );
}

#[test]
fn lists_nested_thousands_deep_and_huge_articles_fail_with_the_limit_instead_of_exhausting_memory()
{
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/deep.md",
        &article("Deep", &format!("Intro.\n\n{}x\n", "1. ".repeat(10_000))),
    );
    f.write(
        "content/v2/email/quotes.md",
        &article("Quotes", &format!("{}x\n", "> ".repeat(5_000))),
    );
    f.write(
        "content/v2/email/huge.md",
        &article(
            "Huge",
            &"1. A step of a very long article.\n".repeat(200_000),
        ),
    );
    let started = std::time::Instant::now();
    let report = f.build_err();
    assert!(
        report.contains("deep.md:7: lists and quotes are nested more than 100 deep here"),
        "{report}"
    );
    assert!(
        report.contains("quotes.md:5: lists and quotes are nested more than 100 deep here"),
        "{report}"
    );
    assert!(
        report
            .contains("huge.md:1: the article is 6.5 MB; helpsite renders articles of up to 5 MB"),
        "{report}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[cfg(unix)]
#[test]
fn links_into_content_are_followed_and_links_out_of_it_are_errors_never_read() {
    use std::os::unix::fs::symlink;
    let f = Fixture::two_versions();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("secret.md"),
        article("Secret", "1. Outside text.\n"),
    )
    .unwrap();
    std::fs::create_dir_all(elsewhere.path().join("cat")).unwrap();
    std::fs::write(
        elsewhere.path().join("cat/a.md"),
        article("Also secret", "1. More outside text.\n"),
    )
    .unwrap();
    std::fs::create_dir_all(f.root().join("content/v2/email")).unwrap();
    symlink(
        elsewhere.path().join("secret.md"),
        f.root().join("content/v2/email/secret.md"),
    )
    .unwrap();
    symlink(
        elsewhere.path().join("cat"),
        f.root().join("content/v2/outside"),
    )
    .unwrap();
    let report = f.build_err();
    assert!(
        report.contains("content/v2/email/secret.md: a symbolic link that leads out of content/"),
        "{report}"
    );
    assert!(
        report.contains("content/v2/outside: a symbolic link that leads out of content/"),
        "{report}"
    );
    assert!(!report.contains("Also secret"), "{report}");

    // Links that stay inside content/ are followed, and an edit of what they lead to is a change.
    std::fs::remove_file(f.root().join("content/v2/email/secret.md")).unwrap();
    std::fs::remove_file(f.root().join("content/v2/outside")).unwrap();
    f.write(
        "content/_shared/gmail.md",
        &article("Shared Gmail", "1. Shared step.\n"),
    );
    symlink(
        f.root().join("content/_shared/gmail.md"),
        f.root().join("content/v2/email/gmail.md"),
    )
    .unwrap();
    f.build_ok();
    assert!(f.page("v2/email/gmail/index.html").contains("Shared step."));
    std::thread::sleep(std::time::Duration::from_millis(20));
    f.write(
        "content/_shared/gmail.md",
        &article("Shared Gmail", "1. Edited shared step.\n"),
    );
    let summary = f.build_ok();
    assert!(!summary.unchanged, "an edit behind a link is a change");
    assert!(f
        .page("v2/email/gmail/index.html")
        .contains("Edited shared step."));
}

#[test]
fn docusaurus_and_mkdocs_callouts_render_as_callouts_and_problems_inside_keep_their_lines() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/imported.md",
        &article(
            "Imported",
            ":::tip[Before you start]\nSign in as an administrator.\n:::\n\n!!! danger \"Data loss\"\n    Back up the database first.\n\n:::sparkles\nA custom kind.\n:::\n\n1. Open [settings](#nowhere).\n",
        ),
    );
    let report = f.build_err();
    // The broken link is on line 16 of the file, as written.
    assert!(
        report.contains("imported.md:16: link to #nowhere, which is not on this page"),
        "{report}"
    );
    assert!(
        report.contains("imported.md:12: callout kind \"sparkles\" is not one helpsite knows"),
        "{report}"
    );
    f.write(
        "content/v2/email/imported.md",
        &article(
            "Imported",
            ":::tip[Before you start]\nSign in as an administrator.\n:::\n\n!!! danger \"Data loss\"\n    Back up the database first.\n\n1. Open settings.\n",
        ),
    );
    f.build_ok();
    let page = f.page("v2/email/imported/index.html");
    assert!(page.contains("callout-tip"), "{page}");
    assert!(
        page.contains("<strong>Before you start</strong> Sign in as an administrator."),
        "{page}"
    );
    assert!(page.contains("callout-caution"), "{page}");
    assert!(
        page.contains("<strong>Data loss</strong> Back up the database first."),
        "{page}"
    );
    assert!(!page.contains(":::"), "{page}");
}

#[test]
fn steps_that_only_show_a_picture_get_names_and_the_build_ends() {
    // Found by fuzzing: the second step without words looked for a name for ever.
    let f = Fixture::two_versions();
    f.write(
        "content/v1/a/b.md",
        &article(
            "B",
            "1. ![decorative](shot.png)\n2. ![decorative](shot.png)\n3. \n",
        ),
    );
    f.write_bytes(
        "content/v1/a/b/shot.png",
        &crate::screenshots::png(40, 30, 1),
    );
    f.build_ok();
    let page = f.page("v1/a/b/index.html");
    for id in [
        "step-without-words",
        "step-without-words-2",
        "step-without-words-3",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} in\n{page}");
    }
}

#[test]
fn an_article_describes_itself_for_machines_with_its_steps_as_step_links() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/b.md",
        "+++\ntitle = \"Close </script> tags\"\ndescription = \"Why.\"\n+++\n\n1. Open it.\n2. Close it. {#close-it}\n",
    );
    f.build_ok();
    let page = f.page("v2/a/b/index.html");
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let block = &page[start..start + page[start..].find("</script>").unwrap()];
    assert!(
        !block.contains('<'),
        "a title cannot end the block: {block}"
    );
    let data: serde_json::Value = serde_json::from_str(block).unwrap();
    assert_eq!(data["@type"], serde_json::json!(["TechArticle", "HowTo"]));
    assert_eq!(data["headline"], "Close </script> tags");
    let steps = data["step"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["position"], 2);
    let url = steps[1]["url"].as_str().unwrap();
    // The published address: the latest version is published under latest/.
    assert!(url.ends_with("/latest/a/b/#close-it"), "{url}");
    assert!(page.contains(&format!("id=\"{}\"", url.rsplit('#').next().unwrap())));
    assert!(
        page.contains("<meta property=\"og:title\" content=\"Close &lt;&#x2F;script&gt; tags\">")
            || page.contains("<meta property=\"og:title\" content=\"Close &lt;/script&gt; tags\">"),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:description\" content=\"Why.\">"));
}
