//! Knowledge bases in the shapes real teams bring them, each a folder of `tests/fixtures/imports/`: a hosted help
//! center's export (`zendesk`), a docs repository (`docs-repo`), an MkDocs, a Docusaurus and a Hugo folder. Each is
//! brought with the broken references real knowledge bases have (an anchor that lost its dash in an earlier export, an
//! id linked without its `#`, a missing image, an attachment never uploaded, a link to a draft): the build fails with
//! exactly those, each at its `file:line` with a fix that says what was meant. With the files of the fixture's
//! `fixes/` copied over them (the same files as the team corrects them) it builds, and every article, image and
//! attachment of the fixture is in the site, at the address the naming rule gives it.

use crate::common::{target, Fixture};
use helpsite::report::Problems;
use helpsite::Summary;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/imports")
        .join(name)
}

/// An error the fixture is brought with: its place (inside `content/`), the start of its message and a part of its fix.
struct Planted {
    at: &'static str,
    message: &'static str,
    fix: &'static str,
}

const fn planted(at: &'static str, message: &'static str, fix: &'static str) -> Planted {
    Planted { at, message, fix }
}

/// Builds the fixture as it is brought: it fails with exactly the planted errors and `warnings` warnings. Then with
/// its fixes: it builds with `warnings_fixed` warnings and everything of it is published. Returns the fixed site.
fn imports(name: &str, planted: &[Planted], warnings: usize, warnings_fixed: usize) -> Fixture {
    let dir = fixture_dir(name);
    let f = Fixture::from_dir(&dir);
    let started = Instant::now();
    let problems = match f.build() {
        Ok(_) => panic!("{name}: the build should fail with the planted mistakes"),
        Err(p) => p,
    };
    let brought = started.elapsed();
    assert_planted(name, &problems, planted);
    assert_eq!(
        problems.warning_count(),
        warnings,
        "{name}: the warnings of the fixture as brought:\n{problems}"
    );

    f.copy_in(&dir.join("fixes/content"), "content");
    let started = Instant::now();
    let summary = f.build_ok();
    let fixed = started.elapsed();
    eprintln!(
        "imports/{name}: as brought {} errors, {} warnings in {brought:.2?}; fixed: 0 errors, {} warnings, {} articles, {} images in {fixed:.2?}",
        problems.errors().count(),
        problems.warning_count(),
        summary.warnings.warning_count(),
        summary.articles,
        summary.images,
    );
    assert_eq!(
        summary.warnings.warning_count(),
        warnings_fixed,
        "{name}: the warnings of the fixed fixture:\n{}",
        summary.warnings
    );
    everything_is_published(name, &f, &summary);
    f
}

fn assert_planted(name: &str, problems: &Problems, planted: &[Planted]) {
    for p in planted {
        let at = format!("content/{}", p.at);
        let found = problems
            .errors()
            .find(|e| e.location() == at && e.message.starts_with(p.message))
            .unwrap_or_else(|| {
                panic!(
                    "{name}: no error at {at} saying {:?} in\n{problems}",
                    p.message
                )
            });
        let fix = found.hint.as_deref().unwrap_or("");
        assert!(
            fix.contains(p.fix),
            "{name}: the fix of {at}: {:?} should say {:?}",
            fix,
            p.fix
        );
    }
    assert_eq!(
        problems.errors().count(),
        planted.len(),
        "{name}: exactly the planted errors:\n{problems}"
    );
}

// The expected site, from the fixture's files and the naming rule alone.

/// The naming rule for a folder (`Getting Started` -> `getting-started`) or, with `dots`, an article's file name
/// (`update-to-2.4.0` stays): a name already fit for a URL stays, any other is lowercased with each run of other
/// characters one `-`.
fn url_name(name: &str, dots: bool) -> String {
    let fits = |part: &str| {
        !part.is_empty()
            && !part.starts_with('-')
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    let words = |part: &str| {
        part.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    if !dots {
        return if fits(name) {
            name.to_string()
        } else {
            words(name)
        };
    }
    if !name.starts_with('.') && !name.ends_with('.') && name.split('.').all(fits) {
        return name.to_string();
    }
    name.split('.')
        .map(words)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

fn folders_url(folders: &[&str]) -> String {
    folders
        .iter()
        .map(|f| url_name(f, false))
        .collect::<Vec<_>>()
        .join("/")
}

/// What an article's file says of it: its title, slug and whether it is a draft, and whether it has text.
struct Front {
    title: String,
    slug: Option<String>,
    draft: bool,
    has_text: bool,
}

fn front(text: &str) -> Front {
    let (fields, body): (BTreeMap<String, String>, &str) =
        match ["---", "+++"].iter().find(|f| text.starts_with(*f)) {
            Some(fence) => {
                let rest = &text[fence.len()..];
                let end = rest.find(&format!("\n{fence}")).expect("front matter ends");
                let fields = rest[..end]
                    .lines()
                    .filter_map(|l| l.split_once(if *fence == "---" { ':' } else { '=' }))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
                    .collect();
                (fields, &rest[end + fence.len() + 1..])
            }
            None => (BTreeMap::new(), text),
        };
    let title = fields.get("title").cloned().unwrap_or_else(|| {
        body.lines()
            .find_map(|l| l.strip_prefix("# "))
            .expect("a title")
            .trim()
            .to_string()
    });
    Front {
        title,
        slug: fields
            .get("slug")
            .map(|s| s.trim_start_matches('/').to_string()),
        draft: fields.get("draft").is_some_and(|d| d == "true"),
        has_text: !body.trim().is_empty(),
    }
}

#[derive(Debug, PartialEq)]
enum Kind {
    Article,
    Image,
    Attachment,
    /// Folder metadata (`_category.toml`, `_category_.json`) or a file of the tool the team came from (`TOC.yml`).
    Other,
}

fn kind(path: &str) -> Kind {
    let name = path.rsplit('/').next().unwrap();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" => Kind::Article,
        "png" | "jpg" | "jpeg" | "gif" | "webp" => Kind::Image,
        _ if name.starts_with("_category") || name == "TOC.yml" => Kind::Other,
        _ => Kind::Attachment,
    }
}

/// Every file a version has, by its path inside the version, with the file on disk that is that file.
type Files = BTreeMap<String, PathBuf>;

/// The fixture's versions, oldest first, each with every file it has (its own and those it inherits, by path inside
/// the version) and the file on disk that is that file; and the id of the current version.
fn versions(f: &Fixture) -> (Vec<(String, Files)>, String) {
    let content = f.root().join("content");
    let site: toml::Value =
        toml::from_str(&std::fs::read_to_string(content.join("site.toml")).unwrap()).unwrap();
    let mut current = None;
    let mut files = Files::new();
    let mut versions = Vec::new();
    for v in site["versions"].as_array().unwrap() {
        let id = v["id"].as_str().unwrap().to_string();
        if v["status"].as_str() == Some("current") {
            current = Some(id.clone());
        }
        for entry in walkdir::WalkDir::new(content.join(&id)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(content.join(&id)).unwrap();
                files.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    entry.path().to_path_buf(),
                );
            }
        }
        versions.push((id, files.clone()));
    }
    (versions, current.expect("a current version"))
}

/// The address of an article's file inside its version (`getting-started/connecting-your-store/update-to-2.4.0`), or
/// None for a folder's page of front matter only. `files` are all the version's files, for telling a lone
/// `index.md` (the article named after its folder) from a folder's own page.
fn article_address(path: &str, front: &Front, files: &Files) -> Option<String> {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let folders: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let stem = file.strip_suffix(".md").unwrap();
    let lower = stem.to_ascii_lowercase();
    let others = files
        .keys()
        .filter(|p| p.ends_with(".md") && p.starts_with(&format!("{dir}/")) && p.as_str() != path)
        .count();
    if lower == "index" && !folders.is_empty() && others == 0 {
        let (parent, own) = folders.split_at(folders.len() - 1);
        return Some(
            format!("{}/{}", folders_url(parent), url_name(own[0], true))
                .trim_start_matches('/')
                .to_string(),
        );
    }
    if ["index", "_index", "readme"].contains(&lower.as_str()) && !front.has_text {
        return None;
    }
    let name = front
        .slug
        .clone()
        .unwrap_or_else(|| url_name(stem.trim_start_matches('_'), true));
    Some(format!("{}/{name}", folders_url(&folders)))
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every page of the built site, by its path in the output.
fn pages(f: &Fixture) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(f.out())
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(f.out()).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The values of one attribute in a page, as written.
fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// A smaller copy of an image: `<stem>.<hash>-<width>w.<ext>`.
fn is_variant(file: &str) -> bool {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    stem.rsplit_once('-').is_some_and(|(_, w)| {
        w.strip_suffix('w')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Every article of every version has its page (and its `/latest/` one in the current version) with its title, every
/// folder above an article its listing page, no draft a page; every image is published under `_img/` and every image
/// of a page loads; every attachment is published at its path in each version that has it, with its bytes. No page
/// keeps another generator's callout markers or an inline style.
fn everything_is_published(name: &str, f: &Fixture, summary: &Summary) {
    let (versions, current) = versions(f);
    let mut articles = 0;
    let mut image_sources: BTreeMap<String, BTreeSet<Vec<u8>>> = BTreeMap::new();
    for (v, files) in &versions {
        let mut in_site = vec![v.clone()];
        if *v == current {
            in_site.push("latest".to_string());
        }
        for (path, source) in files {
            match kind(path) {
                Kind::Article => {
                    let text = std::fs::read_to_string(source).unwrap();
                    let front = front(&text);
                    let Some(address) = article_address(path, &front, files) else {
                        continue;
                    };
                    for s in &in_site {
                        let page = format!("{s}/{address}/index.html");
                        if front.draft {
                            assert!(
                                !f.exists(&page),
                                "{name}: the draft {path} has no page {page}"
                            );
                            continue;
                        }
                        let html = f.page(&page);
                        assert!(
                            html.contains(&format!("<h1>{}</h1>", escaped(&front.title))),
                            "{name}: {page} is titled {:?}",
                            front.title
                        );
                        assert_eq!(
                            html.matches("<h1").count(),
                            1,
                            "{name}: one title on {page}"
                        );
                        // Every folder above the article has its listing page.
                        let mut folder = address.as_str();
                        while let Some((up, _)) = folder.rsplit_once('/') {
                            assert!(
                                f.exists(&format!("{s}/{up}/index.html")),
                                "{name}: {s}/{up}/"
                            );
                            folder = up;
                        }
                    }
                    if !front.draft {
                        articles += 1;
                    }
                }
                Kind::Image => {
                    let stem = path.rsplit('/').next().unwrap();
                    let stem = stem.rsplit_once('.').unwrap().0.to_ascii_lowercase();
                    image_sources
                        .entry(stem)
                        .or_default()
                        .insert(std::fs::read(source).unwrap());
                }
                Kind::Attachment => {
                    let bytes = std::fs::read(source).unwrap();
                    for s in &in_site {
                        let published = f.out().join(s).join(path);
                        assert_eq!(
                            std::fs::read(&published)
                                .unwrap_or_else(|e| panic!("{name}: {s}/{path}: {e}")),
                            bytes,
                            "{name}: {s}/{path} is {}",
                            source.display()
                        );
                    }
                }
                Kind::Other => {
                    for s in &in_site {
                        assert!(
                            !f.exists(&format!("{s}/{path}")),
                            "{name}: {s}/{path} is not published"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(
        summary.articles, articles,
        "{name}: every article is counted"
    );

    // Each image file of the fixture is one full-size file `_img/<stem>.<hash>.<ext>` (several files of one name,
    // with other bytes, are as many).
    let published: Vec<String> = std::fs::read_dir(f.out().join("_img"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !is_variant(n))
        .collect();
    for (stem, sources) in &image_sources {
        let full = published
            .iter()
            .filter(|n| {
                n.strip_prefix(&format!("{stem}."))
                    .and_then(|rest| rest.split_once('.'))
                    .is_some_and(|(hash, _)| hash.len() == 10)
            })
            .count();
        assert_eq!(
            full,
            sources.len(),
            "{name}: _img/{stem}.* in {published:?}"
        );
    }
    assert_eq!(
        summary.images,
        image_sources.values().map(BTreeSet::len).sum::<usize>(),
        "{name}: every image is published"
    );

    for (page, html) in pages(f) {
        for src in attr_values(&html, "src") {
            if src.starts_with("http") {
                continue;
            }
            assert!(f.exists(&target(&page, src)), "{name}: {page} shows {src}");
        }
        for marker in [
            ":::",
            "!!! ",
            "??? ",
            "???+ ",
            " style=\"",
            "<font",
            "MsoNormal",
        ] {
            assert!(!html.contains(marker), "{name}: {page} keeps {marker:?}");
        }
    }
}

/// A file of the Zendesk fixture's deepest section.
macro_rules! thermal {
    ($rest:literal) => {
        concat!(
            "v23/Shipping & Tracking/Labels and Printing/Thermal Printers/",
            $rest
        )
    };
}

#[test]
fn a_hosted_help_center_export_fails_with_its_broken_references_then_builds_whole() {
    let f = imports(
        "zendesk",
        &[
            planted(
                thermal!("Set up a thermal printer.md:20"),
                "image \"assets/printer-menu.png\" not found",
                concat!(
                    "there is content/",
                    thermal!("assets/Printer-Menu.PNG"),
                    ": write its name exactly as it is"
                ),
            ),
            planted(
                thermal!("Set up a thermal printer.md:31"),
                "link to #step9, which is not on this page (in every version)",
                "did you mean #step-9?",
            ),
            planted(
                thermal!("Troubleshoot printing.md:24"),
                "attachment \"scen2\" not found",
                "this page has the id \"scen2\": write [..](#scen2) to link to it",
            ),
            planted(
                thermal!("Troubleshoot printing.md:26"),
                "attachment \"assets/printer-models.xlsx\" not found",
                concat!("there is content/", thermal!("assets/printer-models.csv")),
            ),
            planted(
                "v23/Shipping & Tracking/Tracking/Track a parcel.md:17",
                "link to shipping-tracking/tracking/returns-portal.md, which is a draft and not published (in every version)",
                "content/v23/Shipping & Tracking/Tracking/Returns portal.md has draft: true (line 6); publish it",
            ),
        ],
        // The procedure restarted at 1 after a code block, and the editor HTML of five files, dropped.
        6,
        6,
    );
    // The newer version's edition and screenshot replace the older's; the rest is inherited.
    let page = "shipping-tracking/labels-and-printing/print-shipping-labels/index.html";
    let (v23, v24) = (
        f.page(&format!("v23/{page}")),
        f.page(&format!("v24/{page}")),
    );
    assert!(v24.contains("Choose the label size") && !v23.contains("Choose the label size"));
    let preview = |html: &str| {
        attr_values(html, "src")
            .into_iter()
            .find(|s| s.contains("label-preview."))
            .map(|s| s.rsplit('/').next().unwrap().to_string())
    };
    assert_ne!(preview(&v23), preview(&v24));
    let shopify =
        f.page("v24/getting-started/connecting-your-store/connect-a-shopify-store/index.html");
    assert!(
        shopify.contains("id=\"step-1-1\""),
        "the restarted list's steps step around the first's"
    );
}

#[test]
fn a_docs_repository_with_ms_keys_and_a_media_folder_fails_with_its_broken_references_then_builds_whole(
) {
    let f = imports(
        "docs-repo",
        &[
            planted(
                "v5/admin/mailboxes/shared-mailbox.md:27",
                "image \"../media/shared-mailbox/member-permissions.png\" not found",
                "save the image as content/v5/admin/media/shared-mailbox/member-permissions.png, or correct the path",
            ),
            planted(
                "v5/admin/mailboxes/shared-mailbox.md:31",
                "link to #step4, which is not on this page",
                "did you mean #step-4?",
            ),
            planted(
                "v5/admin/mailboxes/shared-mailbox.md:31",
                "link to admin/mailboxes/mailbox-rules.md, which is a draft and not published",
                "content/v5/admin/mailboxes/mailbox-rules.md has draft: true (line 8)",
            ),
            planted(
                "v5/admin/mailboxes/shared-mailbox.md:33",
                "attachment \"../scripts/Export-Mailboxes.ps1\" not found",
                "there is content/v5/admin/scripts/export-mailboxes.ps1: write its name exactly as it is",
            ),
            planted(
                "v5/admin/security/enable-two-factor.md:35",
                "attachment \"option-b\" not found",
                "this page has the id \"option-b\": write [..](#option-b) to link to it",
            ),
        ],
        0,
        0,
    );
    let page = f.page("v5/admin/security/enable-two-factor/index.html");
    assert!(
        page.contains("<time datetime=\"2024-04-18\">"),
        "ms.date is the date"
    );
    assert!(
        page.contains("<li class=\"tag\"><a href=\"../../../_tags/2fa/\">2FA</a></li>"),
        "keywords are tags"
    );
    assert!(page.contains("href=\"../../../agents/sign-in/\""), "{page}");
}

#[test]
fn an_mkdocs_folder_with_admonitions_fails_with_its_broken_references_then_builds_whole() {
    let f = imports(
        "mkdocs",
        &[
            planted(
                "v1/docs/getting-started/first-project.md:15",
                "attachment \"../downloads/import-template.csv\" not found",
                "save the file as content/v1/docs/downloads/import-template.csv, or correct the path",
            ),
            planted(
                "v1/docs/getting-started/install.md:14",
                "image \"../img/Install-Wizard.png\" not found",
                "there is content/v1/docs/img/install-wizard.png: write its name exactly as it is",
            ),
            planted(
                "v1/docs/getting-started/install.md:22",
                "link to #step5, which is not on this page",
                "did you mean #step-5?",
            ),
            planted(
                "v1/docs/user-guide/sharing.md:7",
                "attachment \"share-by-link\" not found",
                "this page has the id \"share-by-link\": write [..](#share-by-link)",
            ),
            planted(
                "v1/docs/user-guide/sharing.md:26",
                "link to docs/user-guide/automations.md, which is a draft and not published",
                "content/v1/docs/user-guide/automations.md has draft: true (line 3)",
            ),
        ],
        0,
        0,
    );
    let install = f.page("v1/docs/getting-started/install/index.html");
    assert!(install.contains("class=\"callout callout-tip\""), "??? tip");
    assert!(
        install.contains("class=\"callout callout-warning\""),
        "!!! warning"
    );
    let first = f.page("v1/docs/getting-started/first-project/index.html");
    assert!(
        first.contains("class=\"callout callout-note\""),
        "???+ example"
    );
    assert!(first.contains("Bring your tasks from a spreadsheet"));
    // The folder's own index.md titles its listing; its text is an article of it.
    assert!(f
        .page("v1/docs/index.html")
        .contains("<h1>Taskboard documentation</h1>"));
}

#[test]
fn a_docusaurus_folder_with_category_files_and_slugs_fails_with_its_broken_references_then_builds_whole(
) {
    let f = imports(
        "docusaurus",
        &[
            planted(
                "v3/docs/automations/sla-policies.md:26",
                "attachment \"escalation\" not found",
                "this page has the id \"escalation\": write [..](#escalation)",
            ),
            planted(
                "v3/docs/automations/sla-policies.md:32",
                "link to docs/automations/sla-reports.md, which is a draft and not published",
                "content/v3/docs/automations/sla-reports.md has draft: true (line 4)",
            ),
            planted(
                "v3/docs/automations/triggers/index.md:28",
                "link to docs/automations/sla-policies.md#step9, which that article does not have",
                "did you mean #step-9?",
            ),
            planted(
                "v3/docs/integrations/webhooks.md:12",
                "image \"./img/webhook-form.png\" not found",
                "save the image as content/v3/docs/integrations/img/webhook-form.png",
            ),
            planted(
                "v3/docs/integrations/webhooks.md:18",
                "attachment \"./webhook-timeout.patch\" not found",
                "save the file as content/v3/docs/integrations/webhook-timeout.patch",
            ),
        ],
        0,
        0,
    );
    let docs = f.page("v3/docs/index.html");
    assert!(
        docs.contains("<h1>Queuely guides</h1>"),
        "the label names the folder"
    );
    assert!(
        docs.contains("How to answer, route and automate your team"),
        "link.description describes it"
    );
    let at = |needle: &str| {
        docs.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {docs}"))
    };
    assert!(
        at(">Tickets</a>") < at(">Automations</a>")
            && at(">Automations</a>") < at(">Integrations</a>"),
        "the sections in the order of their positions"
    );
    let sla = f.page("v3/docs/automations/sla-policies/index.html");
    assert!(
        sla.contains("class=\"callout callout-caution\""),
        ":::danger[Title]"
    );
    assert!(
        sla.contains("<strong>Times count from the policy"),
        "the title is kept"
    );
    assert!(
        f.page("v3/docs/welcome/index.html")
            .contains("href=\"../../docs/automations/triggers/\""),
        "a link to the doc folder's index.md is the folder's article"
    );
}

#[test]
fn a_hugo_content_tree_with_bundles_and_drafts_fails_with_its_broken_references_then_builds_whole()
{
    let f = imports(
        "hugo",
        &[
            planted(
                "v4/blog/release-4.1/index.md:13",
                "image \"dashboard-dark.png\" not found",
                "save the image as content/v4/blog/release-4.1/dashboard-dark.png",
            ),
            planted(
                "v4/docs/configure/smtp-relay/index.md:17",
                "link to docs/configure/backups.md, which is a draft and not published",
                "content/v4/docs/configure/backups.md has draft: true (line 4)",
            ),
            planted(
                "v4/docs/configure/storage.md:8",
                "attachment \"s3\" not found",
                "this page has the id \"s3\": write [..](#s3)",
            ),
            planted(
                "v4/docs/install/linux.md:13",
                "attachment \"files/SHA256SUMS.txt\" not found",
                "there is content/v4/docs/install/files/sha256sums.txt: write its name exactly as it is",
            ),
            planted(
                "v4/docs/install/linux.md:19",
                "link to #step6, which is not on this page",
                "did you mean #step-6?",
            ),
        ],
        0,
        0,
    );
    let install = f.page("v4/docs/install/index.html");
    let at = |needle: &str| {
        install
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {install}"))
    };
    assert!(
        at("linux/") < at("windows/") && at("windows/") < at("upgrade-to-4.1/"),
        "by weight"
    );
    assert!(
        install.contains("Install Mailforge on Linux or Windows."),
        "the _index.md describes its section"
    );
    let linux = f.page("v4/docs/install/linux/index.html");
    assert!(linux.contains("<time datetime=\"2024-01-10\">"), "date");
    assert!(linux.contains("<li class=\"tag\"><a href=\"../../../_tags/linux/\">linux</a></li>"));
    assert!(
        f.page("v4/docs/install/windows/index.html")
            .contains("<time datetime=\"2024-03-02\">"),
        "lastmod"
    );
    for alias in ["install-linux", "blog/2024/04/mailforge-4-1"] {
        assert!(
            f.page(&format!("{alias}/index.html")).contains("latest/"),
            "the alias {alias} leads to the latest edition"
        );
    }
    assert!(
        f.page("v4/docs/install/upgrade-to-4.1/index.html")
            .contains("href=\"../../../blog/release-4.1/\""),
        "a link to a bundle's index.md in a folder with dots leads to it"
    );
}

#[test]
fn a_hugo_page_with_both_date_and_lastmod_is_last_updated_on_its_lastmod() {
    let dir = fixture_dir("hugo");
    let f = Fixture::from_dir(&dir);
    f.copy_in(&dir.join("fixes/content"), "content");
    let linux = "content/v4/docs/install/linux.md";
    let text = std::fs::read_to_string(f.root().join(linux)).unwrap();
    f.write(
        linux,
        &text.replace("weight: 1\n", "weight: 1\nlastmod: 2024-02-01\n"),
    );
    f.build_ok();
    let page = f.page("v4/docs/install/linux/index.html");
    assert!(
        page.contains("<time datetime=\"2024-02-01\">"),
        "lastmod is the last update, date the first publication: {page}"
    );
}
