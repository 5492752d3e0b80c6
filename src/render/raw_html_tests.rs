use super::*;
use pulldown_cmark::{Options, Parser};

fn errors(html: &str) -> Vec<String> {
    clean(html).errors.into_iter().map(|(_, m, _)| m).collect()
}

fn refused(html: &str) {
    let c = clean(html);
    assert!(!c.errors.is_empty(), "{html} should be refused");
}

#[test]
fn style_attributes_are_dropped_and_counted() {
    let c = clean("<p style=\"color: red\">Hi</p>");
    assert_eq!(c.html, "<p>Hi</p>");
    assert_eq!(c.dropped.styles, 1);
    assert!(c.errors.is_empty());
}

#[test]
fn presentational_attributes_are_dropped_but_media_keep_their_size() {
    let c = clean("<table width=\"133\" border=\"1\" cellpadding=\"2\" cellspacing=\"0\" bgcolor=\"#fff\" align=\"center\"><tr><td valign=\"top\" height=\"4\">x</td></tr></table><img src=\"a.png\" width=\"10\" height=\"20\">");
    assert_eq!(
        c.html,
        "<table><tr><td>x</td></tr></table><img src=\"a.png\" width=\"10\" height=\"20\">"
    );
    assert_eq!(c.dropped.presentational, 8);
}

#[test]
fn font_tags_are_dropped_and_their_text_kept() {
    let c = clean("<p><font face=\"Arial\" color=\"red\" size=\"2\">Text</font></p>");
    assert_eq!(c.html, "<p>Text</p>");
    assert_eq!(c.dropped.fonts, 1);
}

#[test]
fn a_lone_font_end_tag_from_inline_html_is_dropped() {
    assert_eq!(clean("</font>").html, "");
    assert_eq!(clean("</span>").html, "</span>");
}

#[test]
fn style_elements_are_dropped_with_their_content() {
    let c =
        clean("<style>@import url(https://evil.example/x.css); p { color: red }</style><p>ok</p>");
    assert_eq!(c.html, "<p>ok</p>");
    assert_eq!(c.dropped.style_elements, 1);
}

#[test]
fn editor_classes_are_dropped_and_others_kept() {
    let c = clean("<p class=\"MsoNormal\">a</p><span class=\"wysiwyg-color-red note ql-align-center\">b</span><div class=\"ember-view\">c</div>");
    assert_eq!(c.html, "<p>a</p><span class=\"note\">b</span><div>c</div>");
    assert_eq!(c.dropped.classes, 4);
}

#[test]
fn the_summary_names_each_kind_once() {
    let d = Dropped {
        styles: 14,
        presentational: 3,
        ..Dropped::default()
    };
    assert_eq!(d.summary().unwrap(), "14 inline style attributes and 3 other presentational attributes were dropped: the page's Content-Security-Policy would block them, and the theme styles the page");
    let one = Dropped {
        fonts: 1,
        ..Dropped::default()
    };
    assert!(one
        .summary()
        .unwrap()
        .starts_with("1 <font> tag was dropped"));
    assert_eq!(Dropped::default().summary(), None);
}

#[test]
fn scripts_and_event_handlers_are_errors_and_removed() {
    let c = clean("<script>alert(1)</script><img src=\"x.png\" onerror=\"alert(1)\">");
    assert_eq!(c.errors.len(), 2);
    assert!(!c.html.contains("alert"), "{}", c.html);
    refused("<SCRIPT SRC=//evil.example/x.js></SCRIPT>");
    refused("<svg onload=alert(1)>");
    refused("<details open ontoggle=alert(1)>");
    refused("<body onload=alert(1)>");
}

#[test]
fn script_urls_in_links_are_errors_however_they_are_spelled() {
    for html in [
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\" \u{1}javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<math><a xlink:href=\"javascript:alert(1)\">x</a></math>",
    ] {
        let c = clean(html);
        assert_eq!(c.errors.len(), 1, "{html}: {:?}", c.errors);
        assert!(!c.html.contains("script:"), "{html} -> {}", c.html);
    }
}

#[test]
fn ordinary_links_stay() {
    let html = "<a href=\"https://example.com/x\" target=\"_blank\">x</a><a href=\"mailto:a@b.c\">m</a><a href=\"../y/\">y</a><a href=\"#z\">z</a>";
    let c = clean(html);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.html, html);
}

#[test]
fn an_img_from_another_site_is_replaced_by_its_alt_text_and_counted() {
    for (html, text) in [
        (
            "<img src=\"https://evil.example/badge.svg\" alt=\"Build passing\">",
            "Build passing",
        ),
        ("<img src=\"//evil.example/x.png\">", "x.png"),
        ("<IMG SRC=\" HTTP://evil.example/a.gif\" alt=\"\">", "a.gif"),
    ] {
        let c = clean(html);
        assert!(c.errors.is_empty(), "{html}: {:?}", c.errors);
        assert_eq!(c.html, text, "{html}");
        assert_eq!(c.dropped.remote_images, 1);
    }
    assert_eq!(
        clean("<img src=\"javascript:alert(1)\">").errors.len(),
        1,
        "other schemes stay errors"
    );
}

#[test]
fn loads_from_another_origin_are_errors() {
    for html in [
        "<img src=\"/\\evil.example/x.png\">",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<img srcset=\"a.png 1x, https://evil.example/x.png 2x\">",
        "<video poster=\"https://evil.example/x.png\"></video>",
        "<audio src=\"http://evil.example/a.mp3\"></audio>",
        "<video><source src=\"https://evil.example/v.mp4\"></video>",
        "<video><track src=\"https://evil.example/t.vtt\"></video>",
        "<svg><use href=\"https://evil.example/i.svg#a\"></use></svg>",
        "<svg><image xlink:href=\"https://evil.example/i.png\"></image></svg>",
    ] {
        let c = clean(html);
        assert_eq!(c.errors.len(), 1, "{html}: {:?}", c.errors);
        assert!(
            !c.html.contains("evil") && !c.html.contains("data:"),
            "{html} -> {}",
            c.html
        );
    }
    assert!(
        clean("<img src=\"images/a.png\" srcset=\"a.png 1x, b.png 2x\">")
            .errors
            .is_empty()
    );
}

#[test]
fn embedding_redirecting_and_submitting_elements_are_errors() {
    for html in [
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object>",
        "<embed src=\"https://evil.example/x.swf\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<form action=\"https://evil.example\"><input name=a></form>",
        "<input formaction=\"https://evil.example\">",
        "<button formaction=\"javascript:alert(1)\">b</button>",
        "<a href=\"https://example.com\" ping=\"https://evil.example/track\">x</a>",
        "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/></a></svg>",
    ] {
        let c = clean(html);
        assert_eq!(c.errors.len(), 1, "{html}: {:?}", c.errors);
        assert!(
            !c.html.contains("evil") && !c.html.contains("javascript"),
            "{html} -> {}",
            c.html
        );
    }
}

#[test]
fn ids_and_anchor_names_are_collected_and_names_get_an_id() {
    let c = clean("<h2 id=\"setup\">Set up</h2><a name=\"legacy\"></a><a id=\"x\" name=\"y\"></a>");
    let ids: Vec<&str> = c.ids.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(ids, ["setup", "legacy", "x", "y"]);
    assert!(
        c.html.contains("<a name=\"legacy\" id=\"legacy\"></a>"),
        "{}",
        c.html
    );
    let same = clean("<a id=\"same\" name=\"same\"></a>");
    assert_eq!(same.ids.len(), 1, "one element, one target");
}

fn article(md: &str) -> (Article, String) {
    let events: Vec<_> = Parser::new_ext(md, Options::empty())
        .into_offset_iter()
        .collect();
    let a = clean_events(&events, |offset| md[..offset].matches('\n').count() + 1);
    let html = a.replacements.values().flatten().cloned().collect();
    (a, html)
}

#[test]
fn a_tag_split_across_lines_of_a_block_is_rewritten_whole() {
    let (a, html) = article("Intro.\n\n<table\n  style=\"width: 133px\"\n  border=\"1\"><tr><td>x</td></tr>\n</table>\n");
    assert_eq!(html, "<table><tr><td>x</td></tr>\n</table>\n");
    assert_eq!(a.dropped.first, Some(3));
    assert_eq!(
        a.replacements.values().filter(|r| r.is_none()).count(),
        3,
        "the later lines write nothing"
    );
}

#[test]
fn each_error_is_at_the_line_of_its_tag() {
    let (a, _) = article("Intro.\n\n<div>\n<p>ok</p>\n<img\nsrc=x onerror=alert(1)>\n</div>\n\nText <span onclick=\"x()\">y</span>.\n");
    let lines: Vec<usize> = a.errors.iter().map(|(l, ..)| *l).collect();
    assert_eq!(lines, [5, 9]);
}

#[test]
fn inline_font_tags_lose_both_start_and_end() {
    let (a, html) = article("Say <font color=\"red\">hi</font> now.\n");
    assert_eq!(html, "");
    assert_eq!(a.dropped.fonts, 1);
    assert_eq!(a.dropped.first, Some(1));
}

#[test]
fn errors_name_what_was_refused() {
    assert_eq!(
        errors("<script>x</script>"),
        ["a <script> in the article's HTML"]
    );
}

#[test]
fn a_lone_end_tag_passes_without_a_rewrite() {
    assert_eq!(clean("</td >").html, "</td >");
    assert_eq!(clean("</STYLE>").html, "");
}

#[test]
fn elements_whose_content_a_browser_may_read_differently_are_errors() {
    // Without script, a browser parses <noscript> as markup: its <img> would load, where we read it as text.
    refused("<noscript><img src=https://evil.example/x.png></noscript>");
    refused("<plaintext>the rest of the page");
    refused("<svg><a><set attributeName=\" HREF \" to=\"javascript:alert(1)\"/></a></svg>");
}

#[test]
fn markup_hidden_in_text_only_elements_is_an_error() {
    // After a block that left <svg> open, a browser parses <title>'s content as markup.
    refused("<title><img src=x onerror=alert(1)></title>");
    refused("<textarea><img src=x onerror=alert(1)></textarea>");
    let plain = clean("<textarea>a &lt; b</textarea>");
    assert!(plain.errors.is_empty(), "{:?}", plain.errors);
}

#[test]
fn a_svg_left_open_by_one_block_does_not_hide_the_next() {
    let (a, _) = article("<svg>\n\n<title><img src=x onerror=alert(1)></title>\n");
    assert_eq!(a.errors.len(), 1, "{:?}", a.errors);
    assert_eq!(a.errors[0].0, 3);
}
