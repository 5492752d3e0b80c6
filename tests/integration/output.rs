//! The output folder is the only place a build writes or deletes: a manifest restored from elsewhere or edited by
//! hand, and symbolic links planted in the output, never make a build touch a file outside it.

use crate::common::{article, snapshot_dir, Fixture};
use std::path::Path;

fn small_site() -> Fixture {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/email/gmail.md",
        &article("Connect Gmail", "1. Sign in.\n2. Open **Security**.\n"),
    );
    f.write(
        "content/v2/email/outlook.md",
        &article("Connect Outlook", "1. Open Outlook.\n"),
    );
    f
}

/// What a clean build of the same content writes (into another folder of the same site).
fn clean_build(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    let out = f.root().join("clean");
    let _ = std::fs::remove_dir_all(&out);
    let mut options = f.options();
    options.output = Some(out.clone());
    helpsite::build(&options).unwrap_or_else(|p| panic!("{p}"));
    snapshot_dir(&out)
}

fn add_to_manifest(site: &Path, path: &str) {
    let marker = site.join(helpsite::output::MARKER);
    let mut text = std::fs::read_to_string(&marker).unwrap();
    text.push_str(&format!("00000000000000aa\t{path}\n"));
    std::fs::write(marker, text).unwrap();
}

#[test]
fn a_manifest_naming_files_outside_the_output_is_ignored_and_nothing_outside_is_deleted() {
    let elsewhere = tempfile::tempdir().unwrap();
    let absolute = elsewhere.path().join("victim.txt");
    let hostile = [
        "../victim.txt".to_string(),
        "v2/../../victim.txt".to_string(),
        "./../victim.txt".to_string(),
        "v2//../../victim.txt".to_string(),
        absolute.to_string_lossy().to_string(),
    ];
    for path in hostile {
        let f = small_site();
        f.build_ok();
        std::fs::write(f.root().join("victim.txt"), "keep me").unwrap();
        std::fs::write(&absolute, "keep me too").unwrap();
        add_to_manifest(&f.out(), &path);
        // The article that goes makes the next build delete the files the manifest lists and this build lacks.
        f.remove("content/v2/email/outlook.md");

        let summary = f.build_ok();
        assert_eq!(
            std::fs::read_to_string(f.root().join("victim.txt"))
                .ok()
                .as_deref(),
            Some("keep me"),
            "{path}"
        );
        assert_eq!(
            std::fs::read_to_string(&absolute).ok().as_deref(),
            Some("keep me too"),
            "{path}"
        );
        assert!(
            summary
                .warnings
                .to_string()
                .contains("not a file inside the output"),
            "{path}: {}",
            summary.warnings
        );
        assert_eq!(snapshot_dir(&f.out()), clean_build(&f), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_planted_in_the_output_is_never_followed_out() {
    let f = small_site();
    f.build_ok();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("victim.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), f.out().join("planted")).unwrap();
    add_to_manifest(&f.out(), "planted/victim.txt");
    f.touch("content/v2/email/gmail.md");

    f.build_ok();
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("victim.txt"))
            .ok()
            .as_deref(),
        Some("keep me")
    );
    assert!(
        !f.out().join("planted").exists(),
        "the planted link is not part of the site"
    );
    assert_eq!(snapshot_dir(&f.out()), clean_build(&f));
}

#[cfg(unix)]
#[test]
fn a_rebuild_never_writes_through_a_folder_of_the_output_replaced_by_a_link() {
    let f = small_site();
    f.build_ok();
    // The version folder moved elsewhere and linked back: the files look the same, but they are not the output's.
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("v2");
    std::fs::rename(f.out().join("v2"), &moved).unwrap();
    std::os::unix::fs::symlink(&moved, f.out().join("v2")).unwrap();
    let before = snapshot_dir(&moved);
    f.write(
        "content/v2/email/gmail.md",
        &article("Connect Gmail", "1. Sign in.\n2. Open **Security** now.\n"),
    );

    f.build_ok();
    assert_eq!(
        snapshot_dir(&moved),
        before,
        "nothing was written behind the link"
    );
    let page = f.out().join("v2/email/gmail/index.html");
    assert!(!std::fs::symlink_metadata(f.out().join("v2"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(page).unwrap().contains("now."));
    assert_eq!(snapshot_dir(&f.out()), clean_build(&f));
}

#[test]
fn what_killed_builds_left_beside_the_output_is_removed_by_the_next_build_but_a_live_build_is_left_alone(
) {
    let f = small_site();
    f.build_ok();
    let dead = f.root().join(".site.building-dead1");
    std::fs::create_dir_all(dead.join("v2/email")).unwrap();
    std::fs::write(dead.join("v2/email/page.html"), "half a build").unwrap();
    std::fs::write(f.root().join(".site.building-dead1.lock"), "").unwrap();
    // Killed between moving the old output aside and deleting it; and a staging folder with no lock at all.
    std::fs::create_dir_all(f.root().join(".site.building-dead2.old/v1")).unwrap();
    std::fs::create_dir_all(f.root().join(".site.building-dead3")).unwrap();
    // A build under way holds its lock.
    let live = f.root().join(".site.building-live");
    std::fs::create_dir_all(&live).unwrap();
    let lock = std::fs::File::create(f.root().join(".site.building-live.lock")).unwrap();
    lock.try_lock().unwrap();
    f.touch("content/v2/email/gmail.md");

    f.build_ok();
    let mut left: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site"))
        .collect();
    left.sort();
    assert_eq!(left, [".site.building-live", ".site.building-live.lock"]);
    drop(lock);
}

#[test]
fn a_file_of_the_output_edited_or_deleted_by_hand_is_written_again_by_the_next_build_even_when_nothing_changed(
) {
    let f = small_site();
    f.build_ok();
    let page = f.out().join("v2/email/gmail/index.html");
    let mut edited = std::fs::read_to_string(&page).unwrap();
    edited.push_str("<!-- edited on the server -->");
    std::fs::write(&page, edited).unwrap();
    let sitemap = f.out().join("sitemap.xml");
    std::fs::remove_file(&sitemap).unwrap();
    let latest = f.out().join("latest/email/outlook/index.html");
    // Same size, another modification time: a restore from an older copy looks like this.
    std::fs::File::options()
        .append(true)
        .open(&latest)
        .unwrap()
        .set_modified(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000))
        .unwrap();
    let summary = f.build_ok();
    assert!(
        !summary.unchanged,
        "the disk did not match the manifest, so this is no 'nothing changed' build"
    );
    assert_eq!(snapshot_dir(&f.out()), clean_build(&f));
    assert!(
        f.build_ok().unchanged,
        "once written again, the next build has nothing to do"
    );
}

/// The content of [`small_site`] after a writer's session: an article retitled (which changes its category's listing,
/// the search index and links.json too), one removed, one added.
fn edit_small_site(f: &Fixture) {
    f.write(
        "content/v2/email/gmail.md",
        &article(
            "Connect Gmail with an app password",
            "1. Sign in.\n2. Open **Security**.\n",
        ),
    );
    let _ = std::fs::remove_file(f.root().join("content/v2/email/outlook.md"));
    f.write(
        "content/v2/email/yahoo.md",
        &article("Connect Yahoo", "1. Open Yahoo.\n"),
    );
}

/// Runs `helpsite build` ended at its `n`-th file operation, as a kill would; whether it ended there.
fn build_killed_at(f: &Fixture, n: usize) -> bool {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .arg("build")
        .current_dir(f.root())
        .env("HELPSITE_FAULT_ABORT_AT", n.to_string())
        .output()
        .expect("run helpsite");
    match run.status.code() {
        Some(134) => true,
        Some(0) => false,
        _ => panic!("the build failed: {}", String::from_utf8_lossy(&run.stderr)),
    }
}

fn staging_left(f: &Fixture) -> Vec<String> {
    let mut left: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site."))
        .collect();
    left.sort();
    left
}

#[test]
fn a_rebuild_killed_at_any_file_operation_leaves_the_old_site_or_the_new_one_and_the_next_build_cleans_up(
) {
    let f = small_site();
    f.build_ok();
    let old = snapshot_dir(&f.out());
    edit_small_site(&f);
    let new = clean_build(&f);
    assert_ne!(old, new);
    let mut kills = 0;
    for n in 1.. {
        // Back to the old site, built by a build that ran to its end: it removes what the killed one left.
        let edited = std::fs::read(f.root().join("content/v2/email/gmail.md")).unwrap();
        std::fs::write(
            f.root().join("content/v2/email/gmail.md"),
            article("Connect Gmail", "1. Sign in.\n2. Open **Security**.\n"),
        )
        .unwrap();
        f.write(
            "content/v2/email/outlook.md",
            &article("Connect Outlook", "1. Open Outlook.\n"),
        );
        f.remove("content/v2/email/yahoo.md");
        f.build_ok();
        assert_eq!(
            staging_left(&f),
            Vec::<String>::new(),
            "after a kill at {}",
            n - 1
        );
        assert_eq!(snapshot_dir(&f.out()), old);
        std::fs::write(f.root().join("content/v2/email/gmail.md"), edited).unwrap();
        edit_small_site(&f);

        let killed = build_killed_at(&f, n);
        let now = snapshot_dir(&f.out());
        assert!(
            now == old || now == new,
            "killed at file operation {n}: a mix of two sites"
        );
        if !killed {
            assert_eq!(now, new);
            break;
        }
        kills += 1;
    }
    eprintln!("killed at each of {kills} file operations");
    assert!(
        kills > 20,
        "the rebuild was killed at each of its {kills} file operations"
    );
}

#[test]
fn a_first_build_killed_at_any_file_operation_leaves_no_site_or_the_whole_site() {
    let f = small_site();
    let new = clean_build(&f);
    for n in 1.. {
        let killed = build_killed_at(&f, n);
        if f.out().exists() {
            assert_eq!(snapshot_dir(&f.out()), new, "killed at file operation {n}");
        }
        if !killed {
            assert_eq!(staging_left(&f), Vec::<String>::new());
            break;
        }
        let _ = std::fs::remove_dir_all(f.out());
    }
}

#[test]
fn a_full_disk_is_reported_once_as_the_cause_and_the_site_is_left_as_it_was() {
    let f = small_site();
    f.build_ok();
    let old = snapshot_dir(&f.out());
    edit_small_site(&f);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_helpsite"))
        .args(["build"])
        .current_dir(f.root())
        .env("HELPSITE_FAULT_FULL_AT", "3")
        .output()
        .expect("run helpsite");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.contains("more files could not be written either"),
        "{err}"
    );
    assert!(
        err.contains("Build failed with 1 error; the previous output was left as it was."),
        "{err}"
    );
    assert!(err.contains("1 error:\n  1. site: cannot write "), "{err}");
    assert!(
        !err.contains("  2. "),
        "one problem, not one per file: {err}"
    );
    assert_eq!(snapshot_dir(&f.out()), old);
    assert_eq!(staging_left(&f), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_read_only_file_in_the_output_does_not_stop_a_rebuild_from_replacing_the_whole_site() {
    use std::os::unix::fs::PermissionsExt;
    let f = small_site();
    f.build_ok();
    let page = f.out().join("v2/email/gmail/index.html");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o444)).unwrap();
    edit_small_site(&f);
    f.build_ok();
    assert_eq!(
        snapshot_dir(&f.out()),
        clean_build(&f),
        "every page has the new title"
    );
    assert!(f
        .page("v2/email/gmail/index.html")
        .contains("with an app password"));
}
