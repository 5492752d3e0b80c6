//! What a help center shows around its articles: related articles, previous and next, support links that carry
//! the article, version and step, the home page's search, counts and pinned articles, an announcement, dates from
//! git history, and the Markdown copies with `llms.txt`.

use crate::common::{article, Fixture, ONE_VERSION, TWO_VERSIONS};
use std::process::Command;

const SUPPORT: &str = "\n[support]\ncontact_url = \"https://support.test/new?s={article}&v={version}&step={step}&from={url}&a={answer}\"\n";

fn tagged(title: &str, tags: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ntags = [{tags}]\n+++\n\n{body}")
}

/// The `href`s of the links inside the first element of the page that has `class="{class}"`.
fn links_in(page: &str, class: &str) -> Vec<String> {
    let start = page
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no {class} in\n{page}"));
    let end = page[start..]
        .find("</nav>")
        .map_or(page.len(), |e| start + e);
    page[start..end]
        .split("href=\"")
        .skip(1)
        .map(|h| h[..h.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_writers_related_list_is_shown_in_its_order_and_a_wrong_entry_names_its_line_and_the_near_article(
) {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/a.md",
        "+++\ntitle = \"A\"\nrelated = [\"billing/refunds\", \"email/b.md\"]\n+++\n\nText.\n",
    );
    f.write("content/v1/email/b.md", &article("B", "Text.\n"));
    f.write(
        "content/v1/billing/refunds.md",
        &article("Refunds", "Text.\n"),
    );
    f.build_ok();
    let page = f.page("v1/email/a/index.html");
    assert_eq!(
        links_in(&page, "related"),
        ["../../billing/refunds/", "../../email/b/"]
    );

    f.write(
        "content/v1/email/a.md",
        "+++\ntitle = \"A\"\n\nrelated = [\"billing/refund\"]\n+++\n\nText.\n",
    );
    let report = f.build_err();
    assert!(report.contains("content/v1/email/a.md:4: `related` names \"billing/refund\", which is no article of this version"), "{report}");
    assert!(
        report.contains("did you mean \"billing/refunds\"?"),
        "{report}"
    );
}

#[test]
fn related_articles_are_chosen_from_shared_tags_and_links_but_not_from_the_category_alone() {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/a.md",
        &tagged("A", "\"gmail\", \"pop\"", "See [C](../other/c.md).\n"),
    );
    f.write(
        "content/v1/email/b.md",
        &tagged("B", "\"gmail\"", "Text.\n"),
    );
    f.write(
        "content/v1/email/lonely.md",
        &tagged("Lonely", "\"billing\"", "Text.\n"),
    );
    f.write("content/v1/other/c.md", &article("C", "Text.\n"));
    f.write(
        "content/v1/other/d.md",
        &tagged("D", "\"gmail\", \"pop\"", "Text.\n"),
    );
    f.build_ok();
    // D shares two tags (4), C is linked (3), B shares one tag and the category (3): ties by title.
    assert_eq!(
        links_in(&f.page("v1/email/a/index.html"), "related"),
        ["../../other/d/", "../../email/b/", "../../other/c/"]
    );
    // The link counts from the other side too.
    assert!(links_in(&f.page("v1/other/c/index.html"), "related")
        .contains(&"../../email/a/".to_string()));
    // Sharing only the category is not being related: previous and next are for that.
    assert!(!f
        .page("v1/email/lonely/index.html")
        .contains("class=\"related\""));
}

#[test]
fn an_article_with_its_own_related_section_gets_no_second_one() {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/a.md",
        &tagged(
            "A",
            "\"gmail\"",
            "Text.\n\n## Related articles\n\n- [B](b.md)\n",
        ),
    );
    f.write(
        "content/v1/email/b.md",
        &tagged("B", "\"gmail\"", "Text.\n"),
    );
    f.build_ok();
    assert!(!f
        .page("v1/email/a/index.html")
        .contains("class=\"related\""));
    assert!(f
        .page("v1/email/b/index.html")
        .contains("class=\"related\""));
}

#[test]
fn previous_and_next_follow_the_categorys_order_and_change_when_an_article_is_added() {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/first.md",
        "+++\ntitle = \"Zeta first\"\norder = 1\n+++\n\nText.\n",
    );
    f.write(
        "content/v1/email/second.md",
        "+++\ntitle = \"Alpha second\"\norder = 2\n+++\n\nText.\n",
    );
    f.build_ok();
    let first = f.page("v1/email/first/index.html");
    assert_eq!(links_in(&first, "pager"), ["../../email/second/"]);
    assert!(first.contains("rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    assert_eq!(
        links_in(&f.page("v1/email/second/index.html"), "pager"),
        ["../../email/first/"]
    );

    // A rebuild after adding a third article updates the second's page (its key includes its neighbours).
    f.write(
        "content/v1/email/third.md",
        "+++\ntitle = \"Third\"\norder = 3\n+++\n\nText.\n",
    );
    f.build_ok();
    assert_eq!(
        links_in(&f.page("v1/email/second/index.html"), "pager"),
        ["../../email/first/", "../../email/third/"]
    );
}

#[test]
fn support_links_open_the_form_with_article_version_and_page_and_steps_get_a_template() {
    let f = Fixture::new(&format!("{TWO_VERSIONS}{SUPPORT}"));
    f.write(
        "content/v1/email/gmail.md",
        &article("Gmail & POP", "1. Sign in. {#sign-in}\n2. Open it.\n"),
    );
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    f.build_ok();
    let page = f.page("v1/email/gmail/index.html");
    assert!(
        page.contains("<h2 id=\"feedback-title\">Was this article helpful?</h2>"),
        "{page}"
    );
    assert!(page.contains("href=\"https://support.test/new?s=Gmail%20%26%20POP&amp;v=Version%201&amp;step=&amp;from=https%3A%2F%2Fhelp.test%2Fv1%2Femail%2Fgmail%2F&amp;a=This%20article%20did%20not%20help\" data-answer=\"no\""), "{page}");
    assert!(page.contains("data-step-report=\"https://support.test/new?s=Gmail%20%26%20POP&amp;v=Version%201&amp;step=__STEP__&amp;"), "{page}");
    assert!(page.contains("<h2 id=\"contact-title\">Still stuck?</h2>"));
    // Nothing is posted anywhere: the page may connect to its own origin only.
    assert!(page.contains("connect-src 'self';"), "{page}");
    assert!(!page.contains("data-feedback-endpoint"));
}

#[test]
fn a_feedback_endpoint_is_the_one_other_origin_pages_may_connect_to() {
    let f = Fixture::new(&format!(
        "{ONE_VERSION}{SUPPORT}feedback_endpoint = \"https://feedback.test/api/answers\"\n"
    ));
    f.write(
        "content/v1/email/gmail.md",
        &article("Gmail", "1. Sign in.\n"),
    );
    f.build_ok();
    let page = f.page("v1/email/gmail/index.html");
    assert!(
        page.contains("connect-src 'self' https://feedback.test;"),
        "{page}"
    );
    assert!(page.contains("data-feedback-endpoint=\"https://feedback.test/api/answers\""));
    // The home page has no answers to send.
    assert!(f
        .page("v1/index.html")
        .contains("connect-src 'self' https://feedback.test;"));
}

#[test]
fn without_a_contact_route_articles_have_no_support_links() {
    let f = Fixture::new(ONE_VERSION);
    f.write(
        "content/v1/email/gmail.md",
        &article("Gmail", "1. Sign in.\n"),
    );
    f.build_ok();
    let page = f.page("v1/email/gmail/index.html");
    assert!(!page.contains("class=\"feedback\""));
    assert!(!page.contains("data-step-report"));
}

#[test]
fn support_settings_that_cannot_work_are_reported_with_their_lines_all_at_once() {
    let f = Fixture::new(&format!("{ONE_VERSION}\n[support]\ncontact_url = \"support.test/new\"\nfeedback_endpoint = \"http://feedback.test/\"\n"));
    f.write("content/v1/email/gmail.md", &article("Gmail", "Text.\n"));
    let report = f.build_err();
    assert!(report.contains("content/site.toml:9: contact_url \"support.test/new\" is not an http(s) or mailto: address"), "{report}");
    assert!(report.contains("content/site.toml:10: feedback_endpoint \"http://feedback.test/\" is not an https:// address"), "{report}");
}

#[test]
fn the_home_page_has_the_search_box_pinned_articles_and_category_counts() {
    let f = Fixture::new(&format!(
        "{ONE_VERSION}\n[home]\npinned = [\"email/gmail\"]\n"
    ));
    f.write("content/v1/email/gmail.md", &article("Gmail", "Text.\n"));
    f.write(
        "content/v1/email/outlook.md",
        &article("Outlook", "Text.\n"),
    );
    f.write(
        "content/v1/email/servers/smtp.md",
        &article("SMTP", "Text.\n"),
    );
    f.write(
        "content/v1/billing/refunds.md",
        &article("Refunds", "Text.\n"),
    );
    f.build_ok();
    let home = f.page("v1/index.html");
    let hero = &home[home.find("class=\"home-hero\"").unwrap()..];
    assert!(
        hero.contains("id=\"hs-search-input\""),
        "the search box is in the hero: {home}"
    );
    assert_eq!(
        home.matches("id=\"hs-search-input\"").count(),
        1,
        "once on the page"
    );
    assert!(home.contains("<h2 id=\"pinned-title\">Popular articles</h2>"));
    assert!(
        home.contains("<li><a href=\"email/gmail/\">Gmail</a>"),
        "{home}"
    );
    // Email counts its section's article too.
    assert!(
        home.contains("<span class=\"count\">3 articles</span>"),
        "{home}"
    );
    assert!(
        home.contains("<span class=\"count\">1 article</span>"),
        "{home}"
    );
    // Other pages keep the search in the header.
    let page = f.page("v1/email/gmail/index.html");
    assert!(page[..page.find("</header>").unwrap()].contains("id=\"hs-search-input\""));

    f.write(
        "content/site.toml",
        &format!("{ONE_VERSION}\n[home]\npinned = [\"email/gmial\"]\n"),
    );
    let report = f.build_err();
    assert!(report.contains("content/site.toml:9: [home] pinned names \"email/gmial\", which is no article of any version"), "{report}");
}

#[test]
fn an_announcement_is_on_every_page_with_its_link_from_the_site_root() {
    let f = Fixture::new(&format!("{ONE_VERSION}\n[home]\nannouncement = \"Maintenance on Sunday\"\nannouncement_url = \"/v1/email/gmail/\"\n"));
    f.write("content/v1/email/gmail.md", &article("Gmail", "Text.\n"));
    f.build_ok();
    for (page, href) in [
        ("v1/index.html", "../v1/email/gmail/"),
        ("v1/email/gmail/index.html", "../../../v1/email/gmail/"),
    ] {
        let html = f.page(page);
        assert!(
            html.contains(&format!("<a href=\"{href}\">Maintenance on Sunday</a>")),
            "{page}: {html}"
        );
        assert!(html.contains(
            "class=\"announcement\" role=\"region\" aria-label=\"Announcement\" data-id=\""
        ));
    }
}

fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@test",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn without_updated_in_front_matter_the_date_is_the_last_commit_that_changed_the_file() {
    let f = Fixture::new(ONE_VERSION);
    f.write("content/v1/email/gmail.md", &article("Gmail", "Text.\n"));
    f.write(
        "content/v1/email/dated.md",
        "+++\ntitle = \"Dated\"\nupdated = 2020-01-02\n+++\n\nText.\n",
    );
    f.write("content/v1/email/new.md", &article("New", "Text.\n"));
    git(f.root(), &["init", "-q"], "2024-01-01T10:00:00Z");
    git(
        f.root(),
        &[
            "add",
            "content/site.toml",
            "content/v1/email/gmail.md",
            "content/v1/email/dated.md",
        ],
        "2024-01-01T10:00:00Z",
    );
    git(
        f.root(),
        &["commit", "-q", "-m", "first"],
        "2024-03-05T10:00:00Z",
    );
    f.build_ok();
    assert!(f
        .page("v1/email/gmail/index.html")
        .contains("Last updated <time datetime=\"2024-03-05\">2024-03-05</time>"));
    // The front matter's date wins; a file never committed has none.
    assert!(f
        .page("v1/email/dated/index.html")
        .contains("datetime=\"2020-01-02\""));
    assert!(!f.page("v1/email/new/index.html").contains("Last updated"));

    // A later commit of the file moves its date, though the file is as it was when the last build read it.
    f.write(
        "content/v1/email/gmail.md",
        &article("Gmail", "Text, edited.\n"),
    );
    f.build_ok();
    git(
        f.root(),
        &["commit", "-q", "-am", "edit"],
        "2025-06-07T10:00:00Z",
    );
    f.build_ok();
    assert!(f
        .page("v1/email/gmail/index.html")
        .contains("datetime=\"2025-06-07\""));
}

#[test]
fn every_article_has_a_markdown_copy_with_its_step_links_and_llms_txt_lists_the_latest() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/email/gmail.md",
        "+++\ntitle = \"Gmail\"\ndescription = \"Connect it.\"\n+++\n\n1. Sign in. {#sign-in}\n2. Look:\n\n   ![The App passwords page](shot.png)\n",
    );
    f.write_bytes(
        "content/v1/email/shot.png",
        &crate::screenshots::png(40, 30, 1),
    );
    f.build_ok();
    for prefix in ["v1", "v2", "latest"] {
        let copy = f.page(&format!("{prefix}/email/gmail.md"));
        assert!(copy.starts_with("# Gmail\n\n> Connect it.\n\n"), "{copy}");
        assert!(copy.contains("1. Sign in.\n"), "{copy}");
        assert!(
            copy.contains("*(Screenshot: The App passwords page)*"),
            "{copy}"
        );
        assert!(copy.contains("#sign-in>"), "{copy}");
    }
    // A body that repeats the front matter's title as its `#` heading (as exports do) has it once.
    f.write(
        "content/v2/email/repeat.md",
        "+++\ntitle = \"Repeat\"\n+++\n\n# Repeat\n\nText.\n",
    );
    f.build_ok();
    assert_eq!(f.page("v2/email/repeat.md").matches("# Repeat").count(), 1);
    let latest = f.page("latest/email/gmail.md");
    assert!(
        latest.contains("- Step 1: Sign in. <https://help.test/latest/email/gmail/#sign-in>"),
        "{latest}"
    );
    let page = f.page("v2/email/gmail/index.html");
    assert!(
        page.contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"../gmail.md\""),
        "{page}"
    );
    let llms = f.page("llms.txt");
    assert!(llms.starts_with("# Test Help\n\n> "), "{llms}");
    assert!(
        llms.contains("- [Gmail](https://help.test/latest/email/gmail.md): Connect it.\n"),
        "{llms}"
    );
}
