//! Categories of any depth, as help centers and docs folders have them: category > section > sub-section > article.
//! URLs follow the folders; breadcrumbs, listing pages, the home page, the sitemap, search, `links.json`, the version
//! switcher and inheritance all follow; folder metadata comes from `_category.toml`, Docusaurus' `_category_.json`
//! or a folder's own page; names that are not URL names are cleaned by one rule.

use crate::common::{article, Fixture};
use crate::screenshots::png;

/// A three-level help center in v1, with v2 changing one article of the deepest section.
fn help_center() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/Billing/_category.toml",
        "title = \"Billing and payments\"\norder = 1\n",
    );
    f.write(
        "content/v1/Billing/Invoices/_category_.json",
        r#"{"label": "Invoices", "position": 2, "collapsed": true}"#,
    );
    f.write(
        "content/v1/Billing/Invoices/Refunds/_index.md",
        "---\ntitle: Refunds and credits\ndescription: Money back.\nweight: 1\n---\n",
    );
    f.write_bytes(
        "content/v1/Billing/Invoices/Refunds/assets/refund-button.png",
        &png(100, 60, 7),
    );
    f.write_bytes("content/v1/Billing/shared/logo.png", &png(40, 30, 8));
    f.write_bytes(
        "content/v1/Billing/Invoices/Refunds/assets/refund-form.pdf",
        b"%PDF-1.4 form",
    );
    f.write(
        "content/v1/Billing/Invoices/Refunds/Request a Refund.md",
        &article(
            "Request a refund",
            "![Our logo](../../shared/logo.png)\n\n\
             1. Open the invoice.\n\
             2. Click **Refund**. ![The refund button](assets/refund-button.png)\n\
             3. Fill in [the form](assets/refund-form.pdf).\n\n\
             See [paying an invoice](../pay-an-invoice.md#step-2) and [the overview](../../overview.md).\n",
        ),
    );
    f.write(
        "content/v1/Billing/Invoices/Refunds/partial-refunds.md",
        &article(
            "Partial refunds",
            "Do [step 2 of the request](Request%20a%20Refund.md#step-2).\n",
        ),
    );
    f.write(
        "content/v1/Billing/Invoices/pay-an-invoice.md",
        &article("Pay an invoice", "1. Open it.\n2. Pay it.\n"),
    );
    f.write(
        "content/v1/Billing/overview.md",
        &article(
            "Billing overview",
            "Start with [a refund](Invoices/Refunds/Request%20a%20Refund.md).\n",
        ),
    );
    f.write(
        "content/v1/email/gmail.md",
        &article("Gmail", "Read [billing](../Billing/overview.md).\n"),
    );
    f.write(
        "content/v2/Billing/Invoices/Refunds/partial-refunds.md",
        &article(
            "Partial refunds, version 2",
            "Do [step 3 of the request](Request%20a%20Refund.md#step-3).\n",
        ),
    );
    f
}

#[test]
fn an_article_three_folders_deep_is_published_at_the_folders_url_names() {
    let f = help_center();
    f.build_ok();
    for v in ["v1", "v2", "latest"] {
        assert!(
            f.exists(&format!(
                "{v}/billing/invoices/refunds/request-a-refund/index.html"
            )),
            "{v}"
        );
        for page in ["billing/", "billing/invoices/", "billing/invoices/refunds/"] {
            assert!(f.exists(&format!("{v}/{page}index.html")), "{v}/{page}");
        }
    }
    let page = f.page("v2/billing/invoices/refunds/request-a-refund/index.html");
    // Links written with the names on disk lead to the pages at their URL names, relative to this depth.
    assert!(
        page.contains("href=\"../../../../billing/invoices/pay-an-invoice/#step-2\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../../../billing/overview/\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../../../../_assets/"),
        "the theme is five folders up"
    );
    // The attachment is published at its path on disk, under the version's address.
    assert!(
        page.contains("href=\"../../../../Billing/Invoices/Refunds/assets/refund-form.pdf\""),
        "{page}"
    );
    assert!(f.exists("v2/Billing/Invoices/Refunds/assets/refund-form.pdf"));
    assert!(
        page.contains("src=\"../../../../../_img/"),
        "images from the site root: {page}"
    );
}

#[test]
fn breadcrumbs_name_every_level_and_listing_pages_show_sections_then_articles() {
    let f = help_center();
    f.build_ok();
    let page = f.page("v1/billing/invoices/refunds/request-a-refund/index.html");
    let start = page.find("class=\"breadcrumbs\"").unwrap();
    let crumbs = &page[start..start + page[start..].find("</nav>").unwrap()];
    let expected = [
        ("../../../../", "Version 1"),
        ("../../../", "Billing and payments"),
        ("../../", "Invoices"),
        ("../", "Refunds and credits"),
    ];
    // The article itself is the heading right below, not a crumb.
    assert!(!crumbs.contains("Request a refund"), "{crumbs}");
    let mut at = 0;
    for (href, title) in expected {
        let needle = format!("<a href=\"{href}\"");
        let found = crumbs[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} in {crumbs}"));
        at += found;
        assert!(crumbs[at..].contains(title), "{title} in {crumbs}");
    }

    let billing = f.page("v1/billing/index.html");
    assert!(billing.contains("<h1>Billing and payments</h1>"));
    let sections = billing
        .find("class=\"section-list\"")
        .expect("a list of sections");
    let articles = billing.find("class=\"article-list\"").unwrap();
    assert!(sections < articles, "sections come first");
    assert!(
        billing.contains("href=\"../billing/invoices/\">Invoices</a>"),
        "{billing}"
    );
    assert!(billing.contains("href=\"../billing/overview/\">Billing overview</a>"));

    let refunds = f.page("v1/billing/invoices/refunds/index.html");
    assert!(
        refunds.contains("<p class=\"lead\">Money back.</p>"),
        "the _index.md describes its folder"
    );
    assert!(
        !f.exists("v1/billing/invoices/refunds/index/index.html"),
        "an _index.md of front matter only is no article"
    );

    let home = f.page("v1/index.html");
    let billing_card = home.find("id=\"cat-billing\"").unwrap();
    let email_card = home.find("id=\"cat-email\"").unwrap();
    assert!(billing_card < email_card, "order = 1 puts Billing first");
    assert!(
        home.contains("href=\"billing/invoices/\">Invoices</a>"),
        "the card links its sections"
    );
    assert!(
        !home.contains("id=\"cat-billing/invoices\""),
        "sections are not cards"
    );
}

#[test]
fn inheritance_the_switcher_sitemap_search_and_links_json_follow_the_folders() {
    let f = help_center();
    let catalog = f.built_catalog();
    let v2: Vec<&str> = catalog
        .articles
        .iter()
        .filter(|a| a.version == "v2")
        .map(|a| a.path.as_str())
        .collect();
    assert!(
        v2.contains(&"billing/invoices/refunds/request-a-refund"),
        "{v2:?}"
    );
    assert!(v2.contains(&"billing/invoices/refunds/partial-refunds"));
    let partial = catalog
        .articles
        .iter()
        .find(|a| a.version == "v2" && a.path == "billing/invoices/refunds/partial-refunds")
        .unwrap();
    assert_eq!(
        partial.title, "Partial refunds, version 2",
        "v2's own edition replaces v1's"
    );
    assert_eq!(
        partial.url,
        "https://help.test/latest/billing/invoices/refunds/partial-refunds/"
    );
    let request = catalog
        .articles
        .iter()
        .find(|a| a.version == "v1" && a.path == "billing/invoices/refunds/request-a-refund")
        .unwrap();
    assert_eq!(request.steps.len(), 3);
    assert!(request
        .files
        .iter()
        .any(|x| x.path == "Billing/Invoices/Refunds/assets/refund-form.pdf"));

    let sitemap = f.page("sitemap.xml");
    for url in [
        "latest/billing/",
        "latest/billing/invoices/",
        "latest/billing/invoices/refunds/",
        "latest/billing/invoices/refunds/request-a-refund/",
    ] {
        assert!(
            sitemap.contains(&format!("https://help.test/{url}<")),
            "{url}"
        );
    }

    // The version switcher of a deep page leads to the same page in the other version.
    let page = f.page("v1/billing/invoices/refunds/partial-refunds/index.html");
    assert!(
        page.contains("href=\"../../../../../v2/billing/invoices/refunds/partial-refunds/\""),
        "{page}"
    );

    let search = std::fs::read_dir(f.out().join("_search/v2"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(
        search.contains("billing/invoices/refunds/request-a-refund"),
        "search finds deep articles"
    );
}

#[test]
fn a_broken_link_in_a_deep_article_is_reported_at_its_line_with_the_disk_path() {
    let f = help_center();
    f.write(
        "content/v1/Billing/Invoices/Refunds/broken.md",
        &article(
            "Broken",
            "First line.\n\n[missing](../paying.md) and [an anchor](partial-refunds.md#step9)\n",
        ),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/Billing/Invoices/Refunds/broken.md:7: link to missing article billing/invoices/paying.md"),
        "{report}"
    );
    assert!(
        report.contains("content/v1/Billing/Invoices/Refunds/broken.md:7: link to billing/invoices/refunds/partial-refunds.md#step9"),
        "{report}"
    );
}

#[test]
fn two_files_or_folders_that_become_one_address_are_an_error_naming_both() {
    let f = help_center();
    f.write(
        "content/v1/Billing/Invoices/Pay An Invoice.md",
        &article("Again", "x\n"),
    );
    f.write("content/v1/email/Gmail Setup.md", &article("Setup", "x\n"));
    f.write("content/v1/Email/other.md", &article("Other", "x\n"));
    f.write(
        "content/v1/email/gmail-setup/notes.md",
        &article("Notes", "x\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/Billing/Invoices/Pay An Invoice.md and content/v1/Billing/Invoices/pay-an-invoice.md both have the address billing/invoices/pay-an-invoice/")
            || report.contains("content/v1/Billing/Invoices/pay-an-invoice.md and content/v1/Billing/Invoices/Pay An Invoice.md both have the address billing/invoices/pay-an-invoice/"),
        "{report}"
    );
    assert!(
        report.contains(
            "the folders content/v1/Email/ and content/v1/email/ both have the address email/"
        ),
        "{report}"
    );
    assert!(
        report.contains("content/v1/email/Gmail Setup.md: the article's address email/gmail-setup/ is also the page of the category folder email/gmail-setup/"),
        "{report}"
    );
}

#[test]
fn a_folders_lone_index_md_is_the_article_named_after_the_folder_with_its_files_beside_it() {
    let f = help_center();
    f.write(
        "content/v1/email/outlook/index.md",
        &article(
            "Outlook",
            "![Account settings](settings.png)\n\nSee [Gmail](../gmail.md).\n",
        ),
    );
    f.write_bytes("content/v1/email/outlook/settings.png", &png(80, 50, 9));
    f.write(
        "content/v1/email/imap.md",
        &article("IMAP", "Like [Outlook](outlook/index.md).\n"),
    );
    f.build_ok();
    let page = f.page("v1/email/outlook/index.html");
    assert!(
        page.contains("<h1>Outlook</h1>"),
        "the page of the folder's address is the article"
    );
    assert!(page.contains("href=\"../../email/gmail/\""));
    assert!(f
        .page("v1/email/imap/index.html")
        .contains("href=\"../../email/outlook/\""));
}

#[test]
fn each_tag_has_a_page_per_version_listing_its_articles_and_the_chips_link_to_it() {
    let f = help_center();
    f.write(
        "content/v2/email/gmail.md",
        "---\ntitle: Gmail\ntags: [Email Setup, google]\n---\nRead [billing](../Billing/overview.md).\n",
    );
    f.write(
        "content/v2/Billing/Invoices/pay-an-invoice.md",
        "---\ntitle: Pay an invoice\ndescription: By card.\nlabels: [email setup]\n---\n1. Open it.\n2. Pay it.\n",
    );
    f.build_ok();
    let tag = f.page("v2/_tags/email-setup/index.html");
    assert!(
        tag.contains("<h1>Articles tagged “email setup”</h1>"),
        "named as the first article by path spells it: {tag}"
    );
    assert!(tag.contains("href=\"../../email/gmail/\">Gmail</a>"));
    assert!(
        tag.contains(
            "href=\"../../billing/invoices/pay-an-invoice/\">Pay an invoice</a><p>By card.</p>"
        ),
        "tags spelled differently share a page: {tag}"
    );
    assert!(f.exists("latest/_tags/google/index.html"));
    assert!(!f.exists("v1/_tags"), "v1 has no tags");
    let page = f.page("v2/billing/invoices/pay-an-invoice/index.html");
    assert!(
        page.contains(
            "<li class=\"tag\"><a href=\"../../../_tags/email-setup/\">email setup</a></li>"
        ),
        "{page}"
    );
    assert!(f
        .page("sitemap.xml")
        .contains("https://help.test/latest/_tags/google/<"));
}

#[test]
fn an_article_whose_names_were_cleaned_also_answers_at_its_name_as_written() {
    let f = help_center();
    let catalog = f.built_catalog();
    let alias = f.page("v1/Billing/Invoices/Refunds/Request a Refund/index.html");
    assert!(
        alias.contains("url=../../../../billing/invoices/refunds/request-a-refund/"),
        "{alias}"
    );
    assert!(f.exists("latest/Billing/Invoices/Refunds/Request a Refund/index.html"));
    // Where only the case differs there is no second address: it would be the page itself on some disks.
    assert!(!f.exists("v1/Billing/overview/index.html"));
    let entry = catalog
        .articles
        .iter()
        .find(|a| a.version == "v1" && a.path == "billing/invoices/refunds/request-a-refund")
        .unwrap();
    assert_eq!(
        entry.aliases,
        ["https://help.test/v1/Billing/Invoices/Refunds/Request%20a%20Refund/"]
    );
}

#[test]
fn a_home_page_of_front_matter_only_at_the_top_of_a_version_is_skipped_and_one_with_text_is_an_error(
) {
    let f = help_center();
    f.write(
        "content/v1/_index.md",
        "---\ntitle: Home\nweight: 1\n---\n\n",
    );
    f.build_ok();
    f.write(
        "content/v2/index.md",
        "---\ntitle: Home\n---\nWelcome to the help.\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/index.md: an article must be inside a category folder"),
        "{report}"
    );
}

#[test]
fn links_to_a_section_folder_a_bundle_folder_or_a_doc_without_its_extension_lead_to_their_pages() {
    let f = help_center();
    f.write(
        "content/v1/email/outlook/index.md",
        &article("Outlook", "Outlook text.\n"),
    );
    f.write(
        "content/v1/email/links.md",
        &article(
            "Links",
            "See [refunds](../Billing/Invoices/Refunds/), [invoices](../Billing/Invoices#main), \
             [Outlook](outlook/), [Gmail](./gmail) and [paying](../Billing/Invoices/pay-an-invoice#step-2).\n",
        ),
    );
    f.build_ok();
    let page = f.page("v1/email/links/index.html");
    for href in [
        "href=\"../../billing/invoices/refunds/\"",
        "href=\"../../billing/invoices/#main\"",
        "href=\"../../email/outlook/\"",
        "href=\"../../email/gmail/\"",
        "href=\"../../billing/invoices/pay-an-invoice/#step-2\"",
    ] {
        assert!(page.contains(href), "{href} in {page}");
    }
    // A folder link without its final `/` is a name without an extension: no article of that name, so no page.
    f.write(
        "content/v1/email/links.md",
        &article(
            "Links",
            "Files in [assets](../Billing/Invoices/Refunds/assets/).\n",
        ),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/email/links.md:5: relative link \"../Billing/Invoices/Refunds/assets/\" points to a folder"),
        "{report}"
    );
    assert!(report.starts_with("1 error"), "reported once: {report}");
}
