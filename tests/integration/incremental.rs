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
