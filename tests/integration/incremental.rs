//! Rebuilds: nothing changed means nothing done; a changed article rewrites only the files it changes; either way the
//! output is byte-identical to a clean build of the same input.

use crate::common::{article, snapshot_dir, Fixture};

fn site() -> Fixture {
    let f = Fixture::two_versions();
    for i in 0..12 {
        f.write(
            &format!("content/v1/email/a{i:02}.md"),
            &article(&format!("Article {i}"), "1. Open **Settings**. {#open}\n2. Click **Save**.\n\nSee [the first](a00.md#open).\n"),
        );
    }
    f.write(
        "content/v2/email/a03.md",
        &article(
            "Article 3, new edition",
            "1. Open **Settings**. {#open}\n2. Save.\n",
        ),
    );
    f
}

#[test]
fn a_rebuild_with_nothing_changed_does_nothing_and_leaves_the_site_as_it_was() {
    let f = site();
    let first = f.build_ok();
    assert!(!first.unchanged);
    assert_eq!(
        first.written,
        snapshot_dir(&f.out()).len(),
        "a first build writes every file"
    );
    let before = snapshot_dir(&f.out());
    let second = f.build_ok();
    assert!(second.unchanged, "{}", second.line(Some(&f.out())));
    assert_eq!(second.written, 0);
    assert_eq!(second.pages, first.pages);
    assert!(second.line(Some(&f.out())).starts_with("Nothing changed"));
    assert_eq!(snapshot_dir(&f.out()), before);
}

#[test]
fn a_changed_article_rewrites_only_its_pages_and_the_site_equals_a_clean_build() {
    let f = site();
    let first = f.build_ok();
    f.write(
        "content/v1/email/a05.md",
        &article(
            "Article 5",
            "1. Open **Settings**. {#open}\n2. Click **Save** twice.\n",
        ),
    );
    let second = f.build_ok();
    assert!(!second.unchanged);
    assert!(second.written > 0);
    assert!(
        second.written * 3 < first.written,
        "an edit rewrites a few files ({} of {})",
        second.written,
        first.written
    );
    let incremental = snapshot_dir(&f.out());

    let clean = Fixture::two_versions();
    for (rel, bytes) in snapshot_dir(&f.root().join("content")) {
        clean.write_bytes(&format!("content/{rel}"), &bytes);
    }
    clean.build_ok();
    assert_eq!(
        incremental,
        snapshot_dir(&clean.out()),
        "incremental output is byte-identical to a clean build"
    );
}

#[test]
fn a_removed_article_disappears_from_the_output_on_rebuild() {
    let f = site();
    f.build_ok();
    assert!(f.exists("v2/email/a07/index.html"));
    f.write("content/v2/email/a07.md", "+++\nremoved = true\n+++\n");
    f.build_ok();
    assert!(!f.exists("v2/email/a07/index.html"));
    assert!(
        !f.out().join("v2/email/a07").exists(),
        "its folder goes too"
    );
    assert!(f.exists("v1/email/a07/index.html"));
}

/// Builds a copy of `f`'s content and templates from nothing and asserts that `f`'s output has the same files and bytes.
fn assert_same_as_a_clean_build(f: &Fixture, after: &str) {
    let clean = Fixture::two_versions();
    for dir in ["content", "templates"] {
        for (rel, bytes) in snapshot_dir(&f.root().join(dir)) {
            clean.write_bytes(&format!("{dir}/{rel}"), &bytes);
        }
    }
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

#[test]
fn every_kind_of_edit_rebuilds_to_the_bytes_of_a_clean_build() {
    let f = site();
    f.write(
        "content/v1/email/a01.md",
        &article(
            "Article 1",
            "1. Open **Settings**. {#open}\n2. See [step two of article 2](a02.md#step-2).\n",
        ),
    );
    f.write_bytes(
        "content/v1/email/a04/shot.png",
        &crate::screenshots::png(40, 30, 1),
    );
    f.write(
        "content/v1/email/a04.md",
        &article(
            "Article 4",
            "1. Open it. {#open}\n\n   ![The settings page](shot.png)\n",
        ),
    );
    f.write_bytes("content/v1/email/assets/fix.patch", b"--- a\n+++ b\n");
    f.write(
        "content/v1/email/a05.md",
        &article(
            "Article 5",
            "1. Apply [the patch](assets/fix.patch). {#open}\n",
        ),
    );
    f.build_ok();
    type Edit = Box<dyn Fn(&Fixture)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "an attachment's bytes",
            Box::new(|f: &Fixture| {
                f.write_bytes(
                    "content/v1/email/assets/fix.patch",
                    b"--- a\n+++ b\n@@ -1 +1 @@\n",
                );
            }),
        ),
        (
            "an attachment a newer version replaces",
            Box::new(|f: &Fixture| {
                f.write_bytes("content/v2/email/assets/fix.patch", b"--- v2\n");
            }),
        ),
        (
            "an attachment renamed with its link",
            Box::new(|f: &Fixture| {
                f.write_bytes("content/v1/email/assets/fix-2.4.0.patch", b"--- renamed\n");
                f.write(
                    "content/v1/email/a05.md",
                    &article(
                        "Article 5",
                        "1. Apply [the patch](assets/fix-2.4.0.patch). {#open}\n",
                    ),
                );
            }),
        ),
        (
            "an image moved to a shared folder",
            Box::new(|f: &Fixture| {
                f.write_bytes(
                    "content/v1/email/assets/shot.png",
                    &crate::screenshots::png(40, 30, 2),
                );
                f.write(
                    "content/v1/email/a04.md",
                    &article(
                        "Article 4",
                        "1. Open it. {#open}\n\n   ![The settings page](assets/shot.png)\n",
                    ),
                );
            }),
        ),
        (
            "a new title (category and home pages list it)",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a06.md",
                    &article(
                        "Article six, renamed",
                        "1. Open **Settings**. {#open}\n2. Click **Save**.\n",
                    ),
                );
            }),
        ),
        (
            "a renamed step another version maps to",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v2/email/a03.md",
                    &article(
                        "Article 3, new edition",
                        "1. Open **Settings** first. {#open}\n2. Then save. {#save}\n",
                    ),
                );
            }),
        ),
        (
            "a step added to a page other articles link into",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a02.md",
                    &article("Article 2", "1. Start.\n2. Go on.\n3. Finish.\n"),
                );
            }),
        ),
        (
            "a category's title",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/_category.toml",
                    "title = \"Mail accounts\"\n",
                );
            }),
        ),
        (
            "a description and a date in the front matter",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a07.md",
                    "+++\ntitle = \"Article 7\"\ndescription = \"Seven.\"\nupdated = 2026-11-26\n+++\n\n1. Open **Settings**. {#open}\n2. Click **Save**.\n",
                );
            }),
        ),
        (
            "tags and keys of another system in the front matter",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a07.md",
                    "---\ntitle: Article 7\nlabels: mail, setup\nauthor: ana\nms.date: 11/26/2026\n---\n\n1. Open **Settings**. {#open}\n2. Click **Save**.\n",
                );
            }),
        ),
        (
            "a slug on the article every other one links to",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a00.md",
                    &article(
                        "Article 0",
                        "1. Open **Settings**. {#open}\n2. Click **Save**.\n",
                    )
                    .replace("+++\n\n", "slug = \"first-steps\"\n+++\n\n"),
                );
            }),
        ),
        (
            "a draft",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v1/email/a10.md",
                    &article("Article 10", "1. Not yet.\n")
                        .replace("+++\n\n", "draft = true\n+++\n\n"),
                );
            }),
        ),
        (
            "a changed screenshot",
            Box::new(|f: &Fixture| {
                f.write_bytes(
                    "content/v1/email/a04/shot.png",
                    &crate::screenshots::png(60, 20, 2),
                );
            }),
        ),
        (
            "a new article",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v2/email/new.md",
                    &article("Brand new", "1. Do it.\n"),
                );
            }),
        ),
        (
            "an alias",
            Box::new(|f: &Fixture| {
                f.write(
                    "content/v2/email/new.md",
                    &article("Brand new", "1. Do it.\n")
                        .replace("+++\n\n", "aliases = [\"email/old-name\"]\n+++\n\n"),
                );
            }),
        ),
        (
            "a removed article",
            Box::new(|f: &Fixture| {
                f.write("content/v2/email/a09.md", "+++\nremoved = true\n+++\n");
            }),
        ),
        (
            "an edit after .helpsite-cache was deleted",
            Box::new(|f: &Fixture| {
                std::fs::remove_dir_all(f.root().join(".helpsite-cache")).unwrap();
                f.write(
                    "content/v1/email/a08.md",
                    &article(
                        "Article 8",
                        "1. Open **Settings**. {#open}\n2. Click **Save** now.\n",
                    ),
                );
            }),
        ),
        (
            "a template of our own",
            Box::new(|f: &Fixture| {
                f.write(
                    "templates/footer.html",
                    "<footer class=\"site-footer\"><p>Our own footer</p></footer>\n",
                );
            }),
        ),
        (
            "the same template again, changed",
            Box::new(|f: &Fixture| {
                f.write(
                    "templates/footer.html",
                    "<footer class=\"site-footer\"><p>Our footer, changed</p></footer>\n",
                );
            }),
        ),
    ];
    for (what, edit) in edits {
        edit(&f);
        let summary = f.build_ok();
        assert!(!summary.unchanged, "{what}");
        assert_same_as_a_clean_build(&f, what);
    }
}

#[test]
fn a_rebuild_that_keeps_a_page_still_finds_its_link_broken_by_an_edit_elsewhere() {
    let f = site();
    // Every page links to the step `open` of Article 0 from the footer.
    f.write(
        "templates/footer.html",
        "<footer class=\"site-footer\"><p><a href=\"{{ root }}v1/email/a00/#open\">Start here</a></p></footer>\n",
    );
    for i in 0..12 {
        f.write(
            &format!("content/v1/email/a{i:02}.md"),
            &article(
                &format!("Article {i}"),
                "1. Open **Settings**.\n2. Click **Save**.\n",
            ),
        );
    }
    f.write(
        "content/v1/email/a00.md",
        &article(
            "Article 0",
            "1. Open **Settings**. {#open}\n2. Click **Save**.\n",
        ),
    );
    f.build_ok();
    let before = snapshot_dir(&f.out());
    // The other pages are kept as they are; their footer link now leads nowhere.
    f.write(
        "content/v1/email/a00.md",
        &article("Article 0", "1. Open **Settings**.\n2. Click **Save**.\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains(
            "templates/footer.html: link to /v1/email/a00/#open, which that page does not have"
        ),
        "{report}"
    );
    let clean = Fixture::two_versions();
    for dir in ["content", "templates"] {
        for (rel, bytes) in snapshot_dir(&f.root().join(dir)) {
            clean.write_bytes(&format!("{dir}/{rel}"), &bytes);
        }
    }
    assert_eq!(
        report,
        clean.build_err(),
        "the same report as a clean build: every page showing the link is counted"
    );
    assert_eq!(
        snapshot_dir(&f.out()),
        before,
        "the failed build changed nothing"
    );
}
