//! Knowledge bases exported from other systems: their front matter builds as it is (keys they use for our fields
//! mean the same, other keys reach templates as `article.extra`), and typos, wrong types, impossible dates, links to
//! drafts and shared addresses still fail with `file:line`.

use crate::common::{article, Fixture, TWO_VERSIONS};

/// Microsoft docs: YAML, `ms.*` keys, `ms.date` as MM/DD/YYYY, a `#` title repeated in the body.
const MS_DOCS: &str = "---
title: Set up a shared mailbox
description: Let several agents answer from one address.
author: jdoe
ms.author: jdoe
ms.date: 03/15/2023
ms.topic: how-to
ms.service: smartertrack
---

# Set up a shared mailbox

1. Open **Settings**.
2. Click **Mailboxes**.
";

/// Docusaurus: `sidebar_position`, a `slug` from the site root, `tags` and `keywords`, `id` and `sidebar_label`.
const DOCUSAURUS: &str = "---
id: install-agent
title: Install the agent
sidebar_label: Install
sidebar_position: 2
slug: /agent-setup
tags: [agent, setup]
keywords:
  - installation
  - kerberos
---

Download and run the installer.

1. Download the installer.
2. Run it. {#run}
";

/// Hugo: `weight`, `date` as a full datetime, `draft`, `type`.
const HUGO: &str = "---
title: \"Back up the database\"
date: 2023-01-05T10:00:00Z
weight: 1
draft: false
type: docs
---

1. Stop the service.
2. Copy the data folder.
";

/// Hugo in TOML, not finished: `draft = true`, a `[params]` table.
const HUGO_DRAFT: &str = "+++
title = \"Restore the database\"
date = 2023-02-01T09:30:00Z
draft = true
[params]
product_area = \"storage\"
+++

1. Stop the service.
2. Copy the backup back.
";

/// A Zendesk export: `labels` as a comma-separated string, `section_id`, `position`, `outdated`, the old address.
const ZENDESK: &str = "---
title: Merging tickets
labels: tickets, merge
section_id: 360001234567
position: 3
outdated: false
promoted: false
redirect_from:
  - /hc/en-us/articles/360012345678
---

1. Select the tickets.
2. Click **Merge**.
";

/// MkDocs (Material): `summary`, an `authors` list, `date`.
const MKDOCS: &str = "---
title: Ticket views
summary: Save filters as views for your team.
authors:
  - Ana Silva
  - Bo Chen
date: 2022-11-02
---

1. Filter the ticket list.
2. Click **Save as view**.
";

fn kb_site() -> Fixture {
    let f = Fixture::two_versions();
    f.write("content/v2/admin/shared-mailbox.md", MS_DOCS);
    f.write("content/v2/admin/install-agent.md", DOCUSAURUS);
    f.write("content/v2/admin/backups.md", HUGO);
    f.write("content/v2/admin/restore.md", HUGO_DRAFT);
    f.write("content/v2/tickets/merge-tickets.md", ZENDESK);
    f.write("content/v2/tickets/ticket-views.md", MKDOCS);
    f
}

/// Every file of the built site's search index for a version, as one text.
fn search_files(f: &Fixture, version: &str) -> String {
    let dir = f.out().join("_search").join(version);
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            text.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    text
}

#[test]
fn articles_exported_from_five_systems_build_with_their_fields_in_effect() {
    let f = kb_site();
    f.build_ok();

    let ms = f.page("v2/admin/shared-mailbox/index.html");
    assert!(
        ms.contains("<time datetime=\"2023-03-15\">2023-03-15</time>"),
        "ms.date is the updated date: {ms}"
    );

    assert!(
        f.exists("v2/admin/agent-setup/index.html"),
        "the slug names the page"
    );
    assert!(
        !f.exists("v2/admin/install-agent/index.html"),
        "the file name does not"
    );
    let docusaurus = f.page("v2/admin/agent-setup/index.html");
    assert!(
        docusaurus.contains("<ul class=\"tags\" aria-label=\"Tags\"><li class=\"tag\"><a href=\"../../_tags/agent/\">agent</a></li><li class=\"tag\"><a href=\"../../_tags/setup/\">setup</a></li><li class=\"tag\"><a href=\"../../_tags/installation/\">installation</a></li><li class=\"tag\"><a href=\"../../_tags/kerberos/\">kerberos</a></li></ul>"),
        "tags and keywords are the article's tags, listed: {docusaurus}"
    );

    let hugo = f.page("v2/admin/backups/index.html");
    assert!(
        hugo.contains("<time datetime=\"2023-01-05\">"),
        "a datetime is reduced to its date: {hugo}"
    );
    let category = f.page("v2/admin/index.html");
    let at = |needle: &str| {
        category
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {category}"))
    };
    assert!(
        at("backups/") < at("agent-setup/") && at("agent-setup/") < at("shared-mailbox/"),
        "weight 1, then sidebar_position 2, then the article without an order: {category}"
    );

    let zendesk = f.page("v2/tickets/merge-tickets/index.html");
    assert!(zendesk.contains("<li class=\"tag\"><a href=\"../../_tags/tickets/\">tickets</a></li><li class=\"tag\"><a href=\"../../_tags/merge/\">merge</a></li>"));
    let redirect = f.page("hc/en-us/articles/360012345678/index.html");
    assert!(
        redirect.contains("latest/tickets/merge-tickets/"),
        "redirect_from is an alias: {redirect}"
    );

    let tickets = f.page("v2/tickets/index.html");
    assert!(
        tickets.contains("Save filters as views for your team."),
        "summary is the description: {tickets}"
    );
    let mkdocs = f.page("v2/tickets/ticket-views/index.html");
    assert!(mkdocs.contains("<time datetime=\"2022-11-02\">"));
}

#[test]
fn a_draft_is_not_published_anywhere() {
    let f = kb_site();
    f.build_ok();
    assert!(!f.exists("v2/admin/restore/index.html"));
    assert!(!f.exists("latest/admin/restore/index.html"));
    for file in [
        "v2/index.html",
        "v2/admin/index.html",
        "sitemap.xml",
        "links.json",
    ] {
        assert!(
            !f.page(file).contains("restore"),
            "{file} does not know the draft"
        );
    }
    assert!(
        !search_files(&f, "v2").contains("restor"),
        "the search index does not know the draft"
    );
}

#[test]
fn tags_are_in_the_search_index() {
    let f = kb_site();
    f.build_ok();
    assert!(search_files(&f, "v2").contains("kerberos"));
}

#[test]
fn unknown_keys_reach_a_template_override_as_article_extra() {
    let f = kb_site();
    f.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block body %}<main id=\"main\" tabindex=\"-1\"><h1>{{ article.title }}</h1>\n\
         <p class=\"by\">{{ article.extra[\"ms.author\"] | default(value=\"-\") }}</p>\n\
         <dl>{% for key, value in article.extra %}<dt>{{ key }}</dt><dd>{{ value | json_encode() | safe }}</dd>{% endfor %}</dl>\n\
         <p class=\"tags\">{{ article.tags | join(sep=\"|\") }}</p>\n\
         {{ article.content | safe }}</main>{% endblock body %}",
    );
    f.build_ok();
    let ms = f.page("v2/admin/shared-mailbox/index.html");
    assert!(ms.contains("<p class=\"by\">jdoe</p>"), "{ms}");
    assert!(
        ms.contains("<dl><dt>author</dt><dd>\"jdoe\"</dd><dt>ms.author</dt><dd>\"jdoe\"</dd><dt>ms.service</dt><dd>\"smartertrack\"</dd><dt>ms.topic</dt><dd>\"how-to\"</dd></dl>"),
        "every other key, sorted, without the ones mapped to fields: {ms}"
    );
    let docusaurus = f.page("v2/admin/agent-setup/index.html");
    assert!(
        docusaurus.contains(
            "<dl><dt>id</dt><dd>\"install-agent\"</dd><dt>sidebar_label</dt><dd>\"Install\"</dd></dl>"
        ),
        "{docusaurus}"
    );
    assert!(docusaurus.contains("<p class=\"tags\">agent|setup|installation|kerberos</p>"));
    let hugo = f.page("v2/admin/backups/index.html");
    assert!(
        hugo.contains("<dl><dt>type</dt><dd>\"docs\"</dd></dl>"),
        "{hugo}"
    );
    let zendesk = f.page("v2/tickets/merge-tickets/index.html");
    assert!(
        zendesk.contains("<dt>section_id</dt><dd>360001234567</dd>"),
        "numbers stay numbers: {zendesk}"
    );
    assert!(zendesk.contains("<dt>outdated</dt><dd>false</dd>"));
    let mkdocs = f.page("v2/tickets/ticket-views/index.html");
    assert!(
        mkdocs.contains("<dt>authors</dt><dd>[\"Ana Silva\",\"Bo Chen\"]</dd>"),
        "lists stay lists: {mkdocs}"
    );
}

#[test]
fn a_link_to_an_article_by_its_file_leads_to_its_slug() {
    let f = kb_site();
    f.write(
        "content/v2/admin/overview.md",
        &article(
            "Overview",
            "First [install the agent](install-agent.md#run), then [back up](backups.md).\n",
        ),
    );
    f.build_ok();
    let html = f.page("v2/admin/overview/index.html");
    assert!(
        html.contains("href=\"../../admin/agent-setup/#run\""),
        "{html}"
    );
    assert!(html.contains("href=\"../../admin/backups/\""), "{html}");

    f.write(
        "content/v2/admin/overview.md",
        &article(
            "Overview",
            "Intro.\n\nFirst [install the agent](install-agent.md#no-such-step).\n",
        ),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/admin/overview.md:7: link to admin/install-agent.md#no-such-step, which that article does not have"),
        "a broken fragment names the file that was linked: {report}"
    );
}

#[test]
fn a_draft_edition_leaves_the_published_one_in_place() {
    let f = Fixture::two_versions();
    f.write(
        "content/v1/admin/backups.md",
        &article("Back up", "1. Copy it.\n"),
    );
    f.write(
        "content/v2/admin/backups.md",
        "---\ntitle: Back up, rewritten\ndraft: true\n---\n\n1. Not yet.\n",
    );
    f.build_ok();
    let page = f.page("v2/admin/backups/index.html");
    assert!(page.contains("Copy it."), "v2 still shows v1's edition");
    assert!(!page.contains("Not yet."));
}

#[test]
fn typos_of_fields_fail_with_the_line_and_the_field_they_meant() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/toml.md",
        "+++\ntitel = \"T\"\ndescripton = \"D\"\n+++\nx\n",
    );
    f.write(
        "content/v2/a/yaml.md",
        "---\ntitle: T\nalias: [/kb/1]\nudpated: 2024-01-01\n---\nx\n",
    );
    let report = f.build_err();
    for (at, field) in [
        (
            "content/v2/a/toml.md:2: unknown front matter field `titel`",
            "title",
        ),
        (
            "content/v2/a/toml.md:3: unknown front matter field `descripton`",
            "description",
        ),
        (
            "content/v2/a/yaml.md:3: unknown front matter field `alias`",
            "aliases",
        ),
        (
            "content/v2/a/yaml.md:4: unknown front matter field `udpated`",
            "updated",
        ),
    ] {
        assert!(
            report.contains(&format!("{at}\n     fix: did you mean `{field}`?")),
            "{at} in {report}"
        );
    }
}

#[test]
fn a_field_with_the_wrong_type_fails_with_its_line() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/toml.md",
        "+++\ntitle = \"T\"\norder = \"two\"\n+++\nx\n",
    );
    f.write(
        "content/v2/a/yaml.md",
        "---\ntitle: T\nsidebar_position: second\ndraft: maybe\n---\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/a/toml.md:3: `order` is \"two\", not a whole number\n     fix: write it as order = 2"),
        "{report}"
    );
    assert!(
        report.contains("content/v2/a/yaml.md:3: `sidebar_position` is \"second\", not a whole number\n     fix: write it as sidebar_position: 2"),
        "{report}"
    );
    assert!(
        report.contains("content/v2/a/yaml.md:4: `draft` is \"maybe\", not true or false"),
        "{report}"
    );
}

#[test]
fn every_problem_of_one_file_is_reported_each_on_its_own_line() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/many.md",
        "---\ntitel: T\nauthor: me\norder: two\nms.date: 02/30/2023\ntags: 5\ndescription: D\nsummary: S\n---\nx\n",
    );
    let report = f.build_err();
    for at in [
        "content/v2/a/many.md:2: unknown front matter field `titel`",
        "content/v2/a/many.md:4: `order` is \"two\", not a whole number",
        "content/v2/a/many.md:5: `ms.date` is \"02/30/2023\", not a date",
        "content/v2/a/many.md:6: `tags` is 5, not a list of tags",
        "content/v2/a/many.md:8: `description` (line 7) and `summary` (line 8) both set `description`",
    ] {
        assert!(report.contains(at), "{at} in {report}");
    }
    assert!(report.contains("5 errors:"), "{report}");
}

#[test]
fn an_impossible_date_fails_with_its_line() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/leap.md",
        "+++\ntitle = \"T\"\nlastmod = \"2024-02-31\"\n+++\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/a/leap.md:3: `lastmod` is \"2024-02-31\", not a date\n     fix: write the date as YYYY-MM-DD, e.g. lastmod = 2024-05-30"),
        "{report}"
    );
}

#[test]
fn a_field_and_its_alias_together_fail_naming_both_lines() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/both.md",
        "---\ntitle: T\norder: 1\nweight: 2\n---\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains(
            "content/v2/a/both.md:4: `order` (line 3) and `weight` (line 4) both set `order`"
        ),
        "{report}"
    );
}

#[test]
fn a_link_to_a_draft_fails_with_file_line_and_a_hint() {
    let f = kb_site();
    f.write(
        "content/v2/admin/overview.md",
        &article("Overview", "Intro.\n\nSee [restoring](restore.md).\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/admin/overview.md:7: link to admin/restore.md, which is a draft and not published (in v2)\n     fix: content/v2/admin/restore.md has draft: true (line 4); publish it by removing `draft`, or remove the link until it is published"),
        "{report}"
    );
}

#[test]
fn two_articles_at_the_same_address_fail_naming_both_files() {
    let f = Fixture::two_versions();
    f.write("content/v2/a/first.md", &article("First", "x"));
    f.write(
        "content/v2/a/second.md",
        "---\ntitle: Second\nslug: first\n---\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/a/second.md:3: a/first is the address of both content/v2/a/first.md and content/v2/a/second.md"),
        "{report}"
    );
}

#[test]
fn a_slug_that_cannot_be_a_url_fails_with_its_line() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/x.md",
        "---\ntitle: X\nslug: Getting Started\n---\nx\n",
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/a/x.md:3: slug \"Getting Started\" cannot be used in a URL\n     fix: an article's slug is one URL name of lowercase letters, digits and '-' (and '.' inside it), e.g. \"getting-started\""),
        "{report}"
    );
}

#[test]
fn strict_front_matter_rejects_keys_that_are_not_ours() {
    let f = Fixture::new(&TWO_VERSIONS.replace(
        "base_url = \"https://help.test/\"\n",
        "base_url = \"https://help.test/\"\nstrict_front_matter = true\n",
    ));
    f.write("content/v1/admin/shared-mailbox.md", MS_DOCS);
    std::fs::create_dir_all(f.root().join("content/v2")).unwrap();
    let report = f.build_err();
    for (line, key) in [
        (4, "author"),
        (5, "ms.author"),
        (7, "ms.topic"),
        (8, "ms.service"),
    ] {
        assert!(
            report.contains(&format!("content/v1/admin/shared-mailbox.md:{line}: unknown front matter field `{key}` (strict_front_matter is on)")),
            "{key} in {report}"
        );
    }
    assert!(
        report.contains("fix: front matter fields are: title, description, order, updated, aliases, removed, tags, slug, draft"),
        "{report}"
    );
    assert!(
        !report.contains("`ms.date`"),
        "keys other systems use for our fields are ours: {report}"
    );
}

#[test]
fn a_readme_with_badges_no_title_and_many_top_level_headings_builds_with_one_warning_for_each() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/tools/CHANGELOG.md",
        "[![Build](https://ci.example/badge.svg)](https://ci.example/) ![](//img.example/v.svg)\n\n\
         ## Unreleased\n\n# 2.0.0\n\nBig.\n\n# 1.0.0\n\nFirst.\n\n![A screenshot elsewhere](https://img.example/shot.png)\n",
    );
    let summary = f.build_ok();
    let warnings = summary.warnings.to_string();
    assert_eq!(warnings.matches("CHANGELOG.md").count(), 3, "{warnings}");
    assert!(
        warnings.contains("CHANGELOG.md:1: the article has no title: it is shown as \"CHANGELOG\""),
        "{warnings}"
    );
    assert!(
        warnings.contains(
            "CHANGELOG.md:1: 3 images from other sites are shown as links to them (this one first)"
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains("CHANGELOG.md:5: 2 `#` headings inside the article repeat the page title level (this one first)"),
        "{warnings}"
    );
    let page = f.page("v2/tools/changelog/index.html");
    assert!(page.contains("<h1>CHANGELOG</h1>"), "{page}");
    assert!(
        page.contains("<a href=\"https://ci.example/\">Build</a>"),
        "a badge in a link is its text: {page}"
    );
    assert!(page.contains("<a class=\"remote-image\" href=\"https://img.example/v.svg\">v.svg</a>"));
    assert!(page.contains("<p><a class=\"remote-image\" href=\"https://img.example/shot.png\">A screenshot elsewhere</a></p>"));
    assert!(
        !page.contains("<img src=\"http"),
        "nothing is loaded from another site"
    );
}

#[test]
fn a_hugo_ref_shortcode_is_an_error_saying_to_link_the_file() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/docs/start.md",
        &article("Start", "Read [Linux]({{< ref \"linux.md\" >}}) first.\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/docs/start.md:5: Hugo's ref shortcode is not read here\n     fix: link to the article's file itself"),
        "{report}"
    );
}
