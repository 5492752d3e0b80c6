use super::*;
use crate::render::markdown::{self, Hooks, Input};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn article(
    category: &str,
    slug: &str,
    title: &str,
    description: Option<&str>,
    md: &str,
) -> Article {
    let image = |_: &markdown::ImageUse| Ok("<img src=\"x.png\" alt=\"\">".to_string());
    let widget = |_: &str| Ok("<div class=\"hs-widget\"><p>widget</p></div>".to_string());
    let hooks = Hooks {
        image: &image,
        widget: &widget,
    };
    let input = Input {
        file: Path::new("content/v1/a.md"),
        text: md,
        body_offset: 0,
        dir: category,
        front_title: Some("A title"),
        root: "../../../",
    };
    Article {
        version: 0,
        category: category.into(),
        slug: slug.into(),
        source: 0,
        title: title.into(),
        description: description.map(String::from),
        updated: None,
        order: None,
        aliases: vec![],
        tags: vec![],
        rendered: std::sync::Arc::new(markdown::render(&input, &hooks)),
        files: Vec::new(),
        broken: false,
    }
}

const GMAIL: &str = "Intro about Gmail.

1. First, sign in to Gmail. {#sign-in}
2. Next click **App passwords**. {#open-app-passwords}
3. Click **Generate**. The generated password appears.

## Related reading

Settings for POP.
";

fn gmail() -> Article {
    article(
        "email",
        "connect-gmail",
        "Connect Gmail using an app password",
        Some("Create an app password."),
        GMAIL,
    )
}

/// A built index, read back: term -> [(article, local, field)], its tail (article, best weight), and the other
/// files as JSON.
struct Read {
    terms: BTreeMap<String, Vec<(u32, u32, u32)>>,
    tails: BTreeMap<String, Vec<(u32, u32)>>,
    surfaces: BTreeMap<String, Vec<String>>,
    shard_of: BTreeMap<String, String>,
    files: BTreeMap<String, Value>,
}

fn read(index: &VersionIndex) -> Read {
    let mut r = Read {
        terms: BTreeMap::new(),
        tails: BTreeMap::new(),
        surfaces: BTreeMap::new(),
        shard_of: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    for (name, bytes) in &index.files {
        let v: Value = serde_json::from_slice(bytes).unwrap();
        r.files.insert(name.clone(), v.clone());
        if name == "index.json" || name.starts_with("docs-") {
            continue;
        }
        for entry in v.as_array().unwrap() {
            let term = entry[0].as_str().unwrap().to_string();
            let forms = entry[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            let data: Vec<u32> = entry[2]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap() as u32)
                .collect();
            let mut postings = Vec::new();
            let (mut i, mut article) = (0, 0);
            while i < data.len() {
                article += data[i];
                let n = data[i + 1] as usize;
                for &u in &data[i + 2..i + 2 + n] {
                    postings.push((article, u >> 4, u & 15));
                }
                i += 2 + n;
            }
            if let Some(tail) = entry.get(3) {
                let tail: Vec<u32> = tail
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_u64().unwrap() as u32)
                    .collect();
                let mut article = 0;
                let tail = tail
                    .chunks(2)
                    .map(|p| {
                        article += p[0];
                        (article, p[1])
                    })
                    .collect();
                r.tails.insert(term.clone(), tail);
            }
            assert!(
                r.shard_of.insert(term.clone(), name.clone()).is_none(),
                "{term} in one shard only"
            );
            r.surfaces.insert(term.clone(), forms);
            r.terms.insert(term, postings);
        }
    }
    r
}

fn build(articles: &[Article]) -> VersionIndex {
    let list: Vec<&Article> = articles.iter().collect();
    build_version("v1", "Version 1", &list)
}

#[test]
fn every_step_and_heading_is_a_unit_that_links_to_its_name_the_automatic_one_or_its_id() {
    let gmail = gmail();
    let u = units(&gmail);
    let summary: Vec<(&str, &str, &str)> =
        u.iter().map(|u| (u.anchor, u.number, u.display)).collect();
    assert_eq!(
        summary,
        [
            ("", "", "Create an app password."),
            ("sign-in", "1", "First, sign in to Gmail."),
            ("open-app-passwords", "2", "Next click App passwords."),
            ("click-generate", "3", "Click Generate."),
            ("related-reading", "", "Related reading"),
        ]
    );
    // A step's whole text is searchable, beyond the first sentence it shows.
    assert!(u[3]
        .texts
        .iter()
        .any(|(f, t)| *f == Field::Body && t.contains("generated password appears")));
    assert!(u[4]
        .texts
        .iter()
        .any(|(f, t)| *f == Field::Body && t == "Settings for POP."));
    assert!(u[0]
        .texts
        .iter()
        .any(|(f, t)| *f == Field::Body && t == "Intro about Gmail."));
}

#[test]
fn a_step_holds_the_words_of_its_heading_and_a_heading_those_of_its_steps() {
    let a = article(
        "web",
        "ssl",
        "HTTP 403.4",
        None,
        "Intro.\n\n## Require SSL {#require}\n\n1. Clear the checkbox. {#clear}\n",
    );
    let r = read(&build(&[a]));
    // Units: 0 the article, 1 the heading, 2 the step.
    assert_eq!(
        r.terms["ssl"],
        [(0, 1, 10), (0, 2, weight(Field::Context, 2, 1))]
    );
    assert_eq!(r.terms["checkbox"], [(0, 1, 1), (0, 2, 10)]);
    let docs = &r.files["docs-0.json"][0][3];
    assert_eq!(
        docs[1],
        serde_json::json!(["clear", "1", "Clear the checkbox.", "Require SSL"])
    );
    assert_eq!(docs[0][3], "", "a heading is under nothing");
}

#[test]
fn sections_that_only_point_elsewhere_are_not_units() {
    let a = article(
        "email",
        "pop",
        "POP",
        None,
        "1. Turn on POP. {#on}\n\n## See also\n\nOther articles about Thunderbird.\n\n## Related articles:\n\nMore.\n",
    );
    let u = units(&a);
    assert_eq!(u.iter().map(|u| u.anchor).collect::<Vec<_>>(), ["", "on"]);
    let r = read(&build(&[a]));
    assert!(
        !r.terms.contains_key("thunderbird"),
        "{:?}",
        r.terms.get("thunderbird")
    );
    assert!(navigation_only("On this page") && navigation_only(" See Also: "));
    assert!(!navigation_only("See the logs"));
}

#[test]
fn tags_weigh_more_than_the_description_and_less_than_the_title() {
    let mut a = article(
        "web",
        "iis",
        "Renew a certificate",
        Some("On IIS."),
        "1. Do it.\n",
    );
    a.tags = vec!["iis".into(), "https".into()];
    let r = read(&build(&[a]));
    assert_eq!(
        r.terms["ii"],
        [(0, 0, 6)],
        "IIS, a tag and in the description"
    );
    assert_eq!(r.terms["renew"], [(0, 0, 15)]);
    assert!(weight(Field::Description, 1, 1) < 6 && 6 < weight(Field::Heading, 1, 1));
}

#[test]
fn a_synonym_group_has_its_term_wherever_a_phrase_of_it_is_said_and_the_manifest_lists_it() {
    let a = article(
        "email",
        "out",
        "Replies are not sent",
        None,
        "1. Check the outgoing mail server. {#server}\n2. Check the mail outgoing. {#other}\n",
    );
    let b = article(
        "email",
        "smtp",
        "SMTP errors",
        None,
        "1. Read the log. {#log}\n",
    );
    let synonyms = synonyms::Synonyms {
        groups: vec![synonyms::Group {
            canonical: "smtp".into(),
            phrases: vec![vec!["smtp".into()], vec!["outgo".into(), "mail".into()]],
        }],
        analyzer: Default::default(),
    };
    let index = build_version_with("v1", "V", &[&a, &b], &synonyms, Limits::DEFAULT);
    let r = read(&index);
    assert_eq!(
        r.terms["smtp"],
        [(0, 1, 10), (1, 0, 15)],
        "only where the words follow each other"
    );
    assert_eq!(
        r.files["index.json"]["synonyms"],
        serde_json::json!([["smtp", [["smtp"], ["outgo", "mail"]]]])
    );
    let without = read(&build(&[a.clone(), b.clone()]));
    assert_eq!(without.terms["smtp"], [(1, 0, 15)]);
    assert_eq!(
        without.files["index.json"]["synonyms"],
        serde_json::json!([])
    );
}

#[test]
fn titles_and_headings_weigh_more_and_each_unit_keeps_its_best_weight() {
    let r = read(&build(&[gmail()]));
    let weights =
        |term: &str| -> Vec<(u32, u32)> { r.terms[term].iter().map(|&(_, l, w)| (l, w)).collect() };
    // "gmail": title and intro of the article (the title wins), first sentence of step 1 and its body.
    assert_eq!(weights("gmail"), [(0, 15), (1, 10)]);
    // "password": title, first sentence of step 2, body of step 3.
    assert_eq!(weights("password"), [(0, 15), (2, 10), (3, 1)]);
    // "create": only in the description.
    assert_eq!(weights("creat"), [(0, 4)]);
    assert_eq!(weights("pop"), [(4, 1)]);
    assert_eq!(weights("relat"), [(4, 10)]);
}

#[test]
fn a_short_heading_says_more_about_its_words_than_a_long_one_and_repeats_count_in_bodies() {
    assert!(weight(Field::Title, 20, 1) > weight(Field::Heading, 3, 1));
    assert!(weight(Field::Heading, 3, 1) > weight(Field::Heading, 12, 1));
    assert!(weight(Field::Heading, 12, 1) > weight(Field::Description, 3, 1));
    assert!(weight(Field::Description, 3, 1) > weight(Field::Body, 3, 2));
    assert!(weight(Field::Body, 3, 2) > weight(Field::Body, 3, 1));
    let short = article("c", "a", "T", None, "1. Click **App passwords**.\n");
    let long = article(
        "c",
        "b",
        "T",
        None,
        "1. Create a new app password, starting from the App passwords step of the Gmail article.\n",
    );
    let r = read(&build(&[short, long]));
    assert_eq!(r.terms["password"], [(0, 1, 10), (1, 1, 8)]);
    for field in [
        Field::Body,
        Field::Description,
        Field::Heading,
        Field::Title,
    ] {
        for (terms, n) in [(1, 1), (8, 1), (9, 2), (100, 50)] {
            assert!(
                (1..=15).contains(&weight(field, terms, n)),
                "a weight fits in four bits"
            );
        }
    }
}

#[test]
fn terms_are_stems_and_keep_the_forms_readers_type() {
    let r = read(&build(&[gmail()]));
    assert!(
        r.terms.contains_key("password"),
        "passwords is stemmed to password"
    );
    assert!(!r.terms.contains_key("passwords"));
    assert_eq!(
        r.surfaces["password"],
        ["passwords"],
        "the plural is kept for prefix and typo matching"
    );
    assert_eq!(r.surfaces["generat"], ["generate", "generated"]);
    assert!(
        r.surfaces["gmail"].is_empty(),
        "a word that is its own stem is not repeated"
    );
    assert!(
        !r.terms.contains_key("the") && !r.terms.contains_key("to"),
        "stopwords are not indexed"
    );
    assert!(
        !r.terms.contains_key("widget"),
        "widget markup is not indexed"
    );
}

#[test]
fn shards_split_terms_by_their_first_two_characters_and_the_manifest_lists_them() {
    let a = article(
        "x",
        "a",
        "Über Όροι",
        None,
        "1. Apps and applications.\n2. Apply 2FA on port 995.\n",
    );
    let index = build(&[a, gmail()]);
    let r = read(&index);
    for (term, shard) in &r.shard_of {
        assert_eq!(
            shard,
            &tokenize::shard_file(tokenize::shard_key(term)),
            "{term}"
        );
    }
    assert_eq!(r.shard_of["app"], "ap.json");
    assert_eq!(r.shard_of["application"], "ap.json");
    assert_eq!(r.shard_of["appli"], "ap.json");
    assert_eq!(r.shard_of["995"], "99.json");
    assert_eq!(r.shard_of["2fa"], "2f.json");
    assert_eq!(r.shard_of["uber"], "ub.json", "a Latin letter folds");
    assert_eq!(r.shard_of["όροι"], "xcf8ccf81.json");
    let manifest = &r.files["index.json"];
    let keys: Vec<&str> = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let shard_files: BTreeSet<String> = r.shard_of.values().cloned().collect();
    let from_keys: BTreeSet<String> = keys.iter().map(|k| tokenize::shard_file(k)).collect();
    assert_eq!(
        shard_files, from_keys,
        "every shard is listed, and nothing else"
    );
    // Each shard's terms are sorted.
    for (name, v) in &r.files {
        if name == "index.json" || name.starts_with("docs-") {
            continue;
        }
        let terms: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[0].as_str().unwrap())
            .collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]), "{name} sorted");
    }
}

/// Limits that split groups larger than `bytes`.
fn split(bytes: usize) -> Limits {
    Limits {
        split_bytes: bytes,
        ..Limits::DEFAULT
    }
}

#[test]
fn a_term_in_more_articles_than_the_head_keeps_units_where_it_weighs_most_and_the_rest_in_its_tail()
{
    // "router" is in the title of articles 2 and 7 (weight 15), a step's first sentence of 4 and 5 (10), and the body
    // of the others (1); with a head of four, the two titles and the two steps keep their units.
    let articles: Vec<Article> = (0..10)
        .map(|i| {
            let (title, md) = match i {
                2 | 7 => ("Reset the router".to_string(), "Intro.\n".to_string()),
                4 | 5 => (
                    format!("Article {i}"),
                    "1. Restart the router.\n".to_string(),
                ),
                _ => (
                    format!("Article {i}"),
                    "Intro.\n\n1. Open the settings page. Look at what the router reports.\n"
                        .to_string(),
                ),
            };
            article("c", &format!("a{i:02}"), &title, None, &md)
        })
        .collect();
    let list: Vec<&Article> = articles.iter().collect();
    let limits = Limits {
        head_articles: 4,
        ..Limits::DEFAULT
    };
    let r = read(&build_version_limits("v1", "V", &list, limits));
    let head: BTreeSet<u32> = r.terms["router"].iter().map(|p| p.0).collect();
    assert_eq!(head, BTreeSet::from([2, 4, 5, 7]));
    assert_eq!(
        r.tails["router"],
        [(0, 1), (1, 1), (3, 1), (6, 1), (8, 1), (9, 1)],
        "every other article, with its best weight"
    );
    assert!(
        !r.tails.contains_key("settings"),
        "a term in fewer articles than the head has no tail"
    );
    let whole = read(&build_version_limits("v1", "V", &list, Limits::DEFAULT));
    assert_eq!(whole.terms["router"].len(), 10);
    assert!(whole.tails.is_empty());
}

#[test]
fn postings_number_articles_in_library_order_with_deltas() {
    let articles: Vec<Article> = (0..20)
        .map(|i| {
            let word = if i % 3 == 0 { "zebra" } else { "yak" };
            article(
                "c",
                &format!("a{i:02}"),
                &format!("Article {i}"),
                None,
                &format!("1. Feed the {word}.\n"),
            )
        })
        .collect();
    let r = read(&build(&articles));
    let zebra: Vec<u32> = r.terms["zebra"].iter().map(|p| p.0).collect();
    assert_eq!(zebra, [0, 3, 6, 9, 12, 15, 18]);
    assert_eq!(r.terms["yak"].len(), 13);
    assert!(r.terms["zebra"]
        .iter()
        .all(|&(_, local, weight)| local == 1 && weight == 10));
}

#[test]
fn docs_files_hold_what_results_show_for_a_few_articles_each() {
    let articles: Vec<Article> = (0..(DOCS_PER_FILE + 2))
        .map(|i| {
            article(
                "c",
                &format!("a{i:02}"),
                &format!("Article {i}"),
                Some("Desc."),
                "1. Step one. {#one}\n",
            )
        })
        .collect();
    let index = build(&articles);
    let r = read(&index);
    assert_eq!(r.files["index.json"]["docs"], 2);
    assert_eq!(r.files["index.json"]["articles"], DOCS_PER_FILE + 2);
    let first = &r.files["docs-0.json"];
    assert_eq!(first.as_array().unwrap().len(), DOCS_PER_FILE);
    assert_eq!(
        first[0],
        serde_json::json!([
            "c/a00",
            "Article 0",
            "Desc.",
            [["one", "1", "Step one.", ""]]
        ])
    );
    assert_eq!(r.files["docs-1.json"].as_array().unwrap().len(), 2);
    assert_eq!(r.files["docs-1.json"][1][0], "c/a09");
}

#[test]
fn the_index_is_deterministic_and_its_file_names_change_with_their_content() {
    let a = build(&[gmail()]);
    let b = build(&[gmail()]);
    assert_eq!(a.dir, b.dir);
    assert_eq!(a.files, b.files);
    assert_eq!(a.dir, "_search/v1/");
    assert_eq!(
        a.names["index.json"], "index.json",
        "pages find the manifest under one name"
    );
    assert!(
        a.names["docs-0.json"].starts_with("docs-0.")
            && a.names["docs-0.json"].len() == "docs-0.0123456789.json".len()
    );
    let changed = build(&[article(
        "email",
        "connect-gmail",
        "Connect Gmail",
        None,
        GMAIL,
    )]);
    assert_ne!(changed.names["docs-0.json"], a.names["docs-0.json"]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&a.files.iter().find(|(n, _)| n == "index.json").unwrap().1)
            .unwrap();
    assert_eq!(
        format!(
            "docs-0.{}.json",
            manifest["hashes"]["docs"][0].as_str().unwrap()
        ),
        a.names["docs-0.json"]
    );
    let keys = manifest["shards"].as_array().unwrap();
    let hashes = manifest["hashes"]["shards"].as_array().unwrap();
    assert_eq!(keys.len(), hashes.len(), "a hash for every shard");
    for (k, h) in keys.iter().zip(hashes) {
        let logical = tokenize::shard_file(k.as_str().unwrap());
        let stem = logical.trim_end_matches(".json");
        assert_eq!(
            a.names[&logical],
            format!("{stem}.{}.json", h.as_str().unwrap())
        );
    }
}

#[test]
fn long_result_texts_are_cut_at_a_word() {
    let long = "word ".repeat(60);
    let s = shorten(&long);
    assert!(s.ends_with("word…"), "{s}");
    assert!(s.chars().count() <= MAX_TEXT_CHARS + 1);
    assert_eq!(shorten("short"), "short");
}

#[test]
fn a_large_group_of_terms_is_split_by_the_third_character_and_small_ones_are_not() {
    // Twenty articles with "secure", "server", "settings", "se" and "apple": the "se" group is larger than the
    // limit given, the "ap" group is not.
    let articles: Vec<Article> = (0..20)
        .map(|i| {
            article(
                "c",
                &format!("a{i:02}"),
                "T",
                None,
                "1. Secure the server settings, se.\n2. Apple.\n",
            )
        })
        .collect();
    let list: Vec<&Article> = articles.iter().collect();
    let index = build_version_limits("v1", "V", &list, split(200));
    let r = read(&index);
    assert_eq!(r.shard_of["secur"], "sec.json");
    assert_eq!(r.shard_of["server"], "ser.json");
    assert_eq!(r.shard_of["set"], "set.json");
    assert_eq!(
        r.shard_of["se"], "se.json",
        "a two-character term keeps the two-character shard"
    );
    assert_eq!(r.shard_of["appl"], "ap.json");
    let keys: Vec<&str> = r.files["index.json"]["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    for k in ["ap", "se", "sec", "ser", "set"] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    let unsplit = read(&build_version_limits("v1", "V", &list, split(usize::MAX)));
    assert_eq!(unsplit.shard_of["server"], "se.json");
    assert_eq!(
        unsplit.terms, r.terms,
        "splitting moves terms, it does not change them"
    );
}

#[test]
fn a_two_character_shard_left_whole_is_never_larger_than_the_limit() {
    let articles: Vec<Article> = (0..300)
        .map(|i| {
            article(
                "c",
                &format!("a{i:03}"),
                "Server settings",
                None,
                "1. Secure the server settings.\n2. Select the server.\n3. Search the settings.\n",
            )
        })
        .collect();
    let list: Vec<&Article> = articles.iter().collect();
    let index = build_version_limits("v1", "V", &list, split(2048));
    for (name, bytes) in &index.files {
        if name.len() <= "se.json".len() {
            assert!(bytes.len() <= 2048, "{name}: {} bytes", bytes.len());
        }
    }
}

/// Times the search index of a whole site and measures the memory it takes, to compare implementations:
/// `HELPSITE_SEARCH_BENCH=bench/work/corpus-6000/helpsite cargo test --release --lib search::tests::bench --
/// --ignored --nocapture`. Each run builds every version's index and hands it to an output that writes nothing;
/// the digest covers every file of every version, so two implementations that print the same digest give the
/// same index.
#[test]
#[ignore]
fn bench() {
    let Some(root) = std::env::var_os("HELPSITE_SEARCH_BENCH") else {
        return;
    };
    let root = Path::new(&root);
    let config = crate::load::config::load(
        &root.join("content/site.toml"),
        "content/site.toml".as_ref(),
        None,
    )
    .expect("the site's configuration loads");
    let mut problems = crate::report::Problems::new();
    let content = crate::load::content::load(root, &config, &mut problems);
    let images = crate::render::images::Images::new(root, &config, false);
    let renders = crate::render::cache::RenderCache::none();
    let library =
        crate::render::articles::render_all(&config, &content, &images, &renders, &mut problems);
    let status = |key: &str| -> u64 {
        let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or(0)
    };
    let runs: usize = std::env::var("HELPSITE_SEARCH_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    // User and system time of the process so far, in clock ticks (1/100 s).
    let cpu = || -> u64 {
        let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let after_name = text.rsplit(')').next().unwrap_or("");
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        [11, 12]
            .iter()
            .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
            .sum()
    };
    // The first run's peak is the one that counts: later runs reuse memory the allocator kept from it.
    for run in 0..runs {
        // Writing 5 resets the peak resident size (VmHWM) to the current one.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = status("VmRSS");
        let cpu_before = cpu();
        let started = std::time::Instant::now();
        let out = crate::output::Output::discard();
        let tree = Tree {
            folder: "",
            library: &library,
            synonyms: &Synonyms::default(),
        };
        write(&config, tree, &out, None, &Cache::none(), &mut problems);
        let elapsed = started.elapsed();
        println!(
            "run {run}: {:.1} ms, {} ms CPU, peak {} KB above the {before} KB before",
            elapsed.as_secs_f64() * 1000.0,
            (cpu() - cpu_before) * 10,
            status("VmHWM").saturating_sub(before),
        );
    }
    let mut digest = Sha256::new();
    for (vi, articles) in library.iter().enumerate() {
        let v = &config.versions[vi];
        let list: Vec<&Article> = articles.values().collect();
        let index = build_version(&v.id, &v.label, &list);
        for (name, bytes) in &index.files {
            digest.update(format!(
                "{}{} {}\n",
                index.dir,
                index.names[name],
                bytes.len()
            ));
            digest.update(bytes);
        }
    }
    let digest: String = digest
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("digest {digest}");
}
