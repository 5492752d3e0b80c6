//! A help center's export dropped into a version as a category builds as it is: images in a shared `assets/` folder,
//! in a folder above, or in the article's own folder; attachments of any kind beside the articles; article names with
//! dots. Inherited file by file from older versions, checked with file and line, listed in `links.json`.

use crate::common::{article, target, Fixture};
use crate::screenshots::png;

const ZIP_V1: &[u8] = b"PK\x03\x04 extension 1.0, first upload";
const ZIP_V2: &[u8] = b"PK\x03\x04 extension 1.0, rebuilt for version 2";
const PDF: &[u8] = b"%PDF-1.4 the install guide";
const PATCH: &[u8] = b"--- a/app/etc/env.php\n+++ b/app/etc/env.php\n";
const TXT: &[u8] = b"Release notes\n";
const CSV: &[u8] = b"order,total\n1,20.00\n";

/// A category `magento` as a help center exports it, in v1, with v2 replacing one shared screenshot and one zip.
fn export() -> Fixture {
    let f = Fixture::two_versions();
    f.write_bytes("content/v1/magento/assets/admin-grid.png", &png(120, 80, 1));
    f.write_bytes("content/v1/images/logo.png", &png(60, 40, 2));
    // A shared folder whose name could not be a category's: it holds no article, so it needs no URL.
    f.write_bytes("content/v1/Shared Files/terms.txt", b"Terms\n");
    f.write_bytes(
        "content/v1/magento/update-to-magento-2.4.0/step-1.png",
        &png(90, 60, 3),
    );
    f.write_bytes("content/v1/magento/assets/extension-1.0.zip", ZIP_V1);
    f.write_bytes("content/v1/magento/install-guide.pdf", PDF);
    f.write_bytes(
        "content/v1/magento/update-to-magento-2.4.0/fix-2.4.0.patch",
        PATCH,
    );
    f.write_bytes("content/v1/magento/assets/release-notes.txt", TXT);
    f.write_bytes("content/v1/magento/assets/orders.csv", CSV);
    f.write(
        "content/v1/magento/install-extension.md",
        &article(
            "Install the extension",
            "1. Download [the package](assets/extension-1.0.zip) and [the guide](install-guide.pdf).\n\n   \
             ![The admin grid](assets/admin-grid.png)\n\n\
             2. Then [update Magento](update-to-magento-2.4.0.md#step-1).\n\n\
             See also [the release](/v2/magento/release-2.4.1), [notes](assets/release-notes.txt) and \
             [the terms](../Shared%20Files/terms.txt).\n",
        ),
    );
    f.write(
        "content/v1/magento/update-to-magento-2.4.0.md",
        &article(
            "Update to Magento 2.4.0",
            "![Our logo](../images/logo.png)\n\n\
             1. Open the grid. ![The admin grid](assets/admin-grid.png)\n\
             2. Apply [the patch](update-to-magento-2.4.0/fix-2.4.0.patch).\n\n   \
             ![The first step](update-to-magento-2.4.0/step-1.png)\n\n\
             3. Export [the orders](assets/orders.csv).\n",
        ),
    );
    f.write(
        "content/v1/magento/release.md",
        "---\ntitle: Release 2.4.1\nslug: release-2.4.1\n---\nRead [the notes](assets/release-notes.txt).\n",
    );
    f.write_bytes("content/v2/magento/assets/admin-grid.png", &png(120, 80, 4));
    f.write_bytes("content/v2/magento/assets/extension-1.0.zip", ZIP_V2);
    f
}

/// The `href`s of the page's links whose text is `text`.
fn href_of(html: &str, text: &str) -> String {
    let end = html
        .find(&format!("\">{text}</a>"))
        .unwrap_or_else(|| panic!("no link {text:?} in\n{html}"));
    let start = html[..end].rfind("href=\"").unwrap() + 6;
    html[start..end].replace("&amp;", "&")
}

fn bytes(f: &Fixture, rel: &str) -> Vec<u8> {
    std::fs::read(f.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_exported_category_builds_with_every_article_image_and_attachment_in_the_site() {
    let f = export();
    f.build_ok();
    for v in ["v1", "v2", "latest"] {
        for page in [
            "install-extension",
            "update-to-magento-2.4.0",
            "release-2.4.1",
        ] {
            assert!(
                f.exists(&format!("{v}/magento/{page}/index.html")),
                "{v} {page}"
            );
        }
    }
    for (v, zip) in [("v1", ZIP_V1), ("v2", ZIP_V2), ("latest", ZIP_V2)] {
        for (file, expected) in [
            ("magento/assets/extension-1.0.zip", zip),
            ("magento/install-guide.pdf", PDF),
            ("magento/update-to-magento-2.4.0/fix-2.4.0.patch", PATCH),
            ("magento/assets/release-notes.txt", TXT),
            ("magento/assets/orders.csv", CSV),
        ] {
            assert_eq!(bytes(&f, &format!("{v}/{file}")), expected, "{v}/{file}");
        }
    }
    // Every link of the pages leads to its file, in each version's own copy.
    for (v, zip) in [("v1", ZIP_V1), ("v2", ZIP_V2), ("latest", ZIP_V2)] {
        let page = format!("{v}/magento/install-extension/index.html");
        let html = f.page(&page);
        for (text, expected) in [
            ("the package", zip),
            ("the guide", PDF),
            ("notes", TXT),
            ("the terms", b"Terms\n".as_slice()),
        ] {
            assert_eq!(
                bytes(&f, &target(&page, &href_of(&html, text))),
                expected,
                "{page}: {text}"
            );
        }
        let update = target(&page, &href_of(&html, "update Magento"));
        assert_eq!(
            update,
            format!("{v}/magento/update-to-magento-2.4.0/index.html")
        );
        let release = target(&page, &href_of(&html, "the release"));
        assert!(f.exists(&release.replace("/index.html", "")), "{release}");
        let page = format!("{v}/magento/update-to-magento-2.4.0/index.html");
        let html = f.page(&page);
        assert_eq!(
            bytes(&f, &target(&page, &href_of(&html, "the patch"))),
            PATCH
        );
        assert_eq!(
            bytes(&f, &target(&page, &href_of(&html, "the orders"))),
            CSV
        );
        let images: Vec<&str> = html
            .split(" src=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .filter(|s| s.contains("_img/"))
            .collect();
        assert_eq!(images.len(), 3, "{html}");
        for src in images {
            assert!(f.exists(&target(&page, src)), "{page}: {src}");
        }
    }
    // The shared screenshot is inherited file by file: v2 has its own, and the logo of v1.
    let img = |v: &str, alt: &str| {
        let html = f.page(&format!("{v}/magento/update-to-magento-2.4.0/index.html"));
        let at = html.find(&format!("alt=\"{alt}\"")).unwrap();
        let src = html[..at].rfind(" src=\"").unwrap() + 6;
        html[src..src + html[src..].find('"').unwrap()].to_string()
    };
    assert_ne!(img("v1", "The admin grid"), img("v2", "The admin grid"));
    assert_eq!(img("v1", "Our logo"), img("v2", "Our logo"));
    // The switcher and search know the dotted name.
    let v1 = f.page("v1/magento/update-to-magento-2.4.0/index.html");
    assert!(
        v1.contains("v2/magento/update-to-magento-2.4.0/"),
        "the switcher leads to the same article"
    );
    let search = walkdir::WalkDir::new(f.out())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().contains("search"))
        .any(|e| {
            String::from_utf8_lossy(&std::fs::read(e.path()).unwrap())
                .contains("update-to-magento-2.4.0")
        });
    assert!(search, "the search index holds the article's address");
}

#[test]
fn links_json_lists_each_articles_attachments_with_their_addresses_and_sources() {
    let f = export();
    let catalog = f.built_catalog();
    let entry = |v: &str, path: &str| {
        catalog
            .articles
            .iter()
            .find(|a| a.version == v && a.path == path)
            .unwrap_or_else(|| panic!("{v} {path}"))
    };
    let install = entry("v2", "magento/install-extension");
    let files: Vec<(&str, &str, &str)> = install
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.url.as_str(), f.source.as_str()))
        .collect();
    assert_eq!(
        files,
        [
            (
                "Shared Files/terms.txt",
                "https://help.test/latest/Shared%20Files/terms.txt",
                "content/v1/Shared Files/terms.txt"
            ),
            (
                "magento/assets/extension-1.0.zip",
                "https://help.test/latest/magento/assets/extension-1.0.zip",
                "content/v2/magento/assets/extension-1.0.zip"
            ),
            (
                "magento/assets/release-notes.txt",
                "https://help.test/latest/magento/assets/release-notes.txt",
                "content/v1/magento/assets/release-notes.txt"
            ),
            (
                "magento/install-guide.pdf",
                "https://help.test/latest/magento/install-guide.pdf",
                "content/v1/magento/install-guide.pdf"
            ),
        ]
    );
    assert_eq!(
        install.files[1].version_url,
        "https://help.test/v2/magento/assets/extension-1.0.zip"
    );
    let old = entry("v1", "magento/update-to-magento-2.4.0");
    assert_eq!(
        old.url,
        "https://help.test/v1/magento/update-to-magento-2.4.0/"
    );
    assert!(old
        .files
        .iter()
        .any(|f| f.url == "https://help.test/v1/magento/update-to-magento-2.4.0/fix-2.4.0.patch"));
    assert!(entry("v2", "magento/release-2.4.1").files.len() == 1);
}

#[test]
fn a_missing_image_and_a_patch_never_uploaded_fail_with_file_and_line_and_a_near_name() {
    let f = export();
    f.write(
        "content/v2/magento/broken.md",
        &article(
            "Broken",
            "![The grid](assets/Admin-Grid.png)\n\n\
             Apply [the patch](never-uploaded.patch), read [the notes](assets/Release-Notes.TXT).\n\n\
             ![Gone](assets/gone.png)\n",
        ),
    );
    let report = f.build_err();
    for expected in [
        "content/v2/magento/broken.md:5: image \"assets/Admin-Grid.png\" not found",
        "there is content/v2/magento/assets/admin-grid.png",
        "content/v2/magento/broken.md:7: attachment \"never-uploaded.patch\" not found (looked for content/v2/magento/never-uploaded.patch and in older versions) (in v2)",
        "save the file as content/v2/magento/never-uploaded.patch",
        "content/v2/magento/broken.md:7: attachment \"assets/Release-Notes.TXT\" not found",
        "there is content/v1/magento/assets/release-notes.txt",
        "content/v2/magento/broken.md:9: image \"assets/gone.png\" not found",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
}

#[test]
fn an_attachment_or_image_path_out_of_the_version_folder_is_refused_with_its_line() {
    let f = export();
    f.write_bytes("content/secret.zip", b"not for customers");
    f.write_bytes("content/v2/other.png", &png(20, 20, 5));
    f.write(
        "content/v1/magento/escape.md",
        &article(
            "Escape",
            "Get [the secret](../../secret.zip).\n\n![Above](../../v2/other.png)\n\n[A folder](assets/)\n",
        ),
    );
    let report = f.build_err();
    for expected in [
        "content/v1/magento/escape.md:5: link \"../../secret.zip\" leaves this version's folder",
        "content/v1/magento/escape.md:7: image path \"../../v2/other.png\" leaves content/v1/",
        "content/v1/magento/escape.md:9: relative link \"assets/\" points to a folder",
    ] {
        assert!(report.contains(expected), "{expected:?} not in\n{report}");
    }
}

#[cfg(unix)]
#[test]
fn an_attachment_that_is_a_symbolic_link_out_of_content_is_refused() {
    let f = export();
    f.write_bytes("outside.pdf", b"%PDF elsewhere");
    std::os::unix::fs::symlink(
        f.root().join("outside.pdf"),
        f.root().join("content/v1/magento/assets/linked.pdf"),
    )
    .unwrap();
    f.write(
        "content/v1/magento/linked.md",
        &article("Linked", "Read [it](assets/linked.pdf).\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains(
            "content/v1/magento/linked.md:5: attachment \"assets/linked.pdf\" leaves content/"
        ),
        "{report}"
    );
}

#[test]
fn an_attachment_is_not_published_where_a_page_is() {
    let f = export();
    // Without an extension, a file beside the articles takes the name of an article's folder.
    f.write_bytes("content/v1/magento/release-2.4.1", b"x");
    f.write(
        "content/v1/magento/clash.md",
        &article("Clash", "[It](release-2.4.1)\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v1/magento/release-2.4.1: this attachment would be published at /v1/magento/release-2.4.1, where the site has a page"),
        "{report}"
    );
}

#[test]
fn folder_and_file_names_that_are_not_url_names_are_published_under_their_cleaned_names() {
    let f = export();
    f.write("content/v1/magento/Notes..md", &article("Notes", "x\n"));
    f.write(
        "content/v1/Bad Category/Café Setup.md",
        &article("X", "See [the notes](../magento/Notes..md).\n"),
    );
    f.write("content/v1/!!!/x.md", &article("Y", "x\n"));
    let report = f.build_err();
    assert!(
        report.contains("content/v1/!!!: folder name \"!!!\" has nothing a URL can spell"),
        "{report}"
    );
    assert_eq!(
        report.matches("error").count(),
        1,
        "only the unspellable folder fails:\n{report}"
    );
    std::fs::remove_dir_all(f.root().join("content/v1/!!!")).unwrap();
    f.build_ok();
    assert!(f.exists("v1/magento/notes/index.html"));
    let page = f.page("v1/bad-category/cafe-setup/index.html");
    assert!(
        page.contains("href=\"../../magento/notes/\""),
        "a link by the name on disk leads to the page"
    );
    // The folder's name as written titles its category.
    assert!(f
        .page("v1/bad-category/index.html")
        .contains("<h1>Bad Category</h1>"));
}

#[test]
fn a_file_linked_only_by_its_site_path_is_published() {
    let f = export();
    f.write_bytes("content/v2/magento/assets/price list.pdf", PDF);
    f.write(
        "content/v2/magento/prices.md",
        &article(
            "Prices",
            "Get [the price list](/latest/magento/assets/price%20list.pdf) or [v2's](/v2/magento/assets/price%20list.pdf).\n",
        ),
    );
    f.build_ok();
    assert_eq!(
        std::fs::read(f.out().join("latest/magento/assets/price list.pdf")).unwrap(),
        PDF
    );
    assert!(f.exists("v2/magento/assets/price list.pdf"));
    f.write(
        "content/v2/magento/prices.md",
        &article("Prices", "Get [the list](/v2/magento/assets/prices.pdf).\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/magento/prices.md:5: link to /v2/magento/assets/prices.pdf"),
        "a missing file by site path is still an error at its line:\n{report}"
    );
}

#[test]
fn a_link_to_a_bare_name_that_is_an_id_on_the_page_hints_the_missing_hash() {
    let f = export();
    f.write(
        "content/v2/magento/scenarios.md",
        &article(
            "Scenarios",
            "See [Scenario 2](scen2).\n\n<h2 id=\"scen2\">Scenario 2</h2>\n\nText.\n",
        ),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/magento/scenarios.md:5: attachment \"scen2\" not found"),
        "{report}"
    );
    assert!(
        report.contains("fix: this page has the id \"scen2\": write [..](#scen2) to link to it"),
        "{report}"
    );
}
