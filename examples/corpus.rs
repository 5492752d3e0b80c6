//! Generates a benchmark corpus, deterministic from a seed: the same help center in three layouts.
//!
//! - `helpsite/`: `content/site.toml` and one folder per version holding only what changed (the way writers keep it);
//! - `flat/<version>/<category>/<slug>.md`: every version complete, plain Markdown (for Hugo, mdBook and the
//!   render-only limit), with the same images referenced the same way (relative paths to `media/`).
//!
//! `cargo run --release --example corpus -- --articles 2000 --versions 3 --images 20 --seed 1 --out DIR`

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast and deterministic; good enough to vary text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "account",
    "agent",
    "ticket",
    "department",
    "email",
    "server",
    "password",
    "settings",
    "queue",
    "customer",
    "portal",
    "chat",
    "knowledge",
    "article",
    "report",
    "survey",
    "signature",
    "template",
    "notification",
    "rule",
    "priority",
    "status",
    "group",
    "role",
    "permission",
    "license",
    "backup",
    "domain",
    "certificate",
    "port",
    "address",
    "mailbox",
    "folder",
    "archive",
    "filter",
    "search",
    "widget",
    "language",
    "holiday",
    "schedule",
];
const VERBS: &[&str] = &[
    "Click", "Open", "Select", "Choose", "Enter", "Type", "Enable", "Save", "Check", "Review",
];
const UI: &[&str] = &[
    "Settings",
    "Email",
    "Departments",
    "Save",
    "Add",
    "Edit",
    "Options",
    "Security",
    "Advanced",
    "Done",
];
const ALERTS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];
const CATEGORIES: &[&str] = &[
    "getting-started",
    "email",
    "tickets",
    "live-chat",
    "knowledge-base",
    "reports",
    "users",
    "settings",
    "integrations",
    "troubleshooting",
];

struct Args {
    articles: usize,
    versions: usize,
    images: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        articles: 2000,
        versions: 3,
        images: 20,
        seed: 1,
        out: PathBuf::from("bench/work/corpus"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => args.articles = value.parse().expect("--articles N"),
            "--versions" => args.versions = value.parse().expect("--versions N"),
            "--images" => args.images = value.parse().expect("--images N"),
            "--seed" => args.seed = value.parse().expect("--seed N"),
            "--out" => args.out = PathBuf::from(value),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    let mut c = s.chars();
    let first = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", c.as_str())
}

#[derive(Clone)]
struct ArticleSpec {
    category: &'static str,
    slug: String,
    title: String,
    steps: usize,
    /// Seed of the text; a changed article in a later version gets a new one.
    text_seed: u64,
    /// Never removed, so other articles may link to it in every version.
    pinned: bool,
    edition: usize,
}

/// Writes the article's Markdown. `helpsite` adds step names and front matter; plain Markdown has neither.
fn article_text(spec: &ArticleSpec, all: &[ArticleSpec], images: usize, helpsite: bool) -> String {
    let mut rng = Rng(spec.text_seed);
    let mut md = String::new();
    if helpsite {
        let _ = writeln!(
            md,
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\norder = {}\nupdated = 2026-0{}-1{}\n+++\n",
            spec.title,
            sentence(&mut rng, 8).trim_end_matches('.'),
            rng.below(50),
            1 + rng.below(9),
            rng.below(9)
        );
    } else {
        let _ = writeln!(
            md,
            "---\ntitle: \"{}\"\n---\n\n# {}\n",
            spec.title, spec.title
        );
    }
    let _ = writeln!(
        md,
        "{} {}\n",
        sentence(&mut rng, 14),
        sentence(&mut rng, 10)
    );
    let _ = writeln!(
        md,
        "> [!{}]\n> {}\n",
        rng.pick(ALERTS),
        sentence(&mut rng, 12)
    );
    let sections = 1 + rng.below(2) as usize;
    let mut remaining = spec.steps;
    for section in 0..sections {
        let _ = writeln!(md, "## {} the {}\n", rng.pick(VERBS), rng.pick(WORDS));
        let count = if section + 1 == sections {
            remaining
        } else {
            remaining / 2
        };
        remaining -= count;
        for n in 1..=count {
            let _ = write!(
                md,
                "{n}. {} **{}**. {}",
                rng.pick(VERBS),
                rng.pick(UI),
                sentence(&mut rng, 9)
            );
            // Named steps: the first of each section and some others; names are stable across editions.
            if helpsite && (n == 1 || n % 4 == 0) {
                let _ = write!(md, " {{#s{section}-n{n}}}");
            }
            md.push('\n');
            if rng.chance(25) && images > 0 {
                let img = rng.below(images as u64);
                let prefix = if helpsite {
                    "../../_media"
                } else {
                    "../../../media"
                };
                let _ = writeln!(
                    md,
                    "\n   ![Screenshot of the {} page]({prefix}/shot-{img}.png)\n",
                    rng.pick(WORDS)
                );
            }
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "| Setting | Value |\n|---|---|\n| {} | {} |\n| {} | {} |\n",
        rng.pick(WORDS),
        rng.below(1000),
        rng.pick(WORDS),
        rng.pick(UI)
    );
    // Links to other articles' steps: step 1 always exists; only articles never removed are linked.
    let pinned: Vec<&ArticleSpec> = all.iter().filter(|a| a.pinned).collect();
    for _ in 0..2 {
        let other = pinned[rng.below(pinned.len() as u64) as usize];
        let (target, anchor) = if helpsite {
            (
                format!("../{}/{}.md", other.category, other.slug),
                "step-1".to_string(),
            )
        } else {
            (
                format!("../{}/{}.md", other.category, other.slug),
                String::new(),
            )
        };
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        let _ = writeln!(md, "See [{}]({target}{anchor}).\n", other.title);
    }
    md
}

fn write(path: &Path, text: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A screenshot-like PNG: a light UI with bars of "text", different per index.
fn png(index: usize) -> Vec<u8> {
    let (w, h) = (
        1200 + (index as u32 % 5) * 100,
        700 + (index as u32 % 3) * 80,
    );
    let mut img = image::RgbImage::from_pixel(w, h, image::Rgb([248, 249, 251]));
    let mut rng = Rng(index as u64 * 7919 + 1);
    for y in (40..h - 20).step_by(28) {
        let len = 200 + rng.below((w - 300) as u64) as u32;
        for x in 40..(40 + len).min(w - 10) {
            for dy in 0..10 {
                img.put_pixel(x, y + dy, image::Rgb([60, 64, 72]));
            }
        }
    }
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn main() {
    let args = parse_args();
    let _ = std::fs::remove_dir_all(&args.out);
    let mut rng = Rng(args.seed);
    let versions: Vec<String> = (1..=args.versions).map(|v| format!("v{v}")).collect();

    // Version 1's articles; each later version changes ~10%, adds ~3%, removes ~2%.
    let mut editions: Vec<BTreeMap<String, ArticleSpec>> = Vec::new();
    let mut current: BTreeMap<String, ArticleSpec> = BTreeMap::new();
    for i in 0..args.articles {
        let category = CATEGORIES[i % CATEGORIES.len()];
        let slug = format!("{}-{}-{i}", rng.pick(WORDS), rng.pick(WORDS));
        let title = format!(
            "How to {} the {} {}",
            rng.pick(VERBS).to_lowercase(),
            rng.pick(WORDS),
            rng.pick(WORDS)
        );
        let spec = ArticleSpec {
            category,
            slug: slug.clone(),
            title,
            steps: 5 + rng.below(11) as usize,
            text_seed: rng.next(),
            edition: 0,
            pinned: i % 2 == 0,
        };
        current.insert(format!("{category}/{slug}"), spec);
    }
    editions.push(current.clone());
    let mut changes: Vec<(Vec<String>, Vec<String>)> =
        vec![(current.keys().cloned().collect(), Vec::new())];
    for v in 1..args.versions {
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        let keys: Vec<String> = current.keys().cloned().collect();
        for key in keys {
            if !current[&key].pinned && rng.chance(2) {
                current.remove(&key);
                removed.push(key);
            } else if rng.chance(10) {
                let spec = current.get_mut(&key).unwrap();
                spec.text_seed = rng.next();
                spec.steps = 5 + rng.below(11) as usize;
                spec.edition = v;
                changed.push(key);
            }
        }
        for i in 0..args.articles * 3 / 100 {
            let category = CATEGORIES[i % CATEGORIES.len()];
            let slug = format!("new-in-v{}-{}-{i}", v + 1, rng.pick(WORDS));
            let title = format!("What is new: the {} {}", rng.pick(WORDS), rng.pick(WORDS));
            let key = format!("{category}/{slug}");
            current.insert(
                key.clone(),
                ArticleSpec {
                    category,
                    slug,
                    title,
                    steps: 5 + rng.below(11) as usize,
                    text_seed: rng.next(),
                    edition: v,
                    pinned: false,
                },
            );
            changed.push(key);
        }
        editions.push(current.clone());
        changes.push((changed, removed));
    }

    let hs = args.out.join("helpsite");
    let mut toml = String::from("title = \"Benchmark Help\"\nproduct = \"Bench\"\nbase_url = \"https://help.bench.example/\"\n");
    for (i, v) in versions.iter().enumerate() {
        let status = if i + 1 == versions.len() {
            "current"
        } else {
            "supported"
        };
        let _ = write!(
            toml,
            "\n[[versions]]\nid = \"{v}\"\nlabel = \"Version {}\"\nstatus = \"{status}\"\n",
            i + 1
        );
    }
    write(&hs.join("content/site.toml"), toml.as_bytes());
    let images: Vec<Vec<u8>> = (0..args.images).map(png).collect();
    for (i, bytes) in images.iter().enumerate() {
        write(&hs.join(format!("content/v1/_media/shot-{i}.png")), bytes);
        write(&args.out.join(format!("flat/media/shot-{i}.png")), bytes);
    }
    let mut pages = 0;
    for (vi, v) in versions.iter().enumerate() {
        let all: Vec<ArticleSpec> = editions[vi].values().cloned().collect();
        let (changed, removed) = &changes[vi];
        for key in changed {
            let spec = &editions[vi][key];
            write(
                &hs.join(format!("content/{v}/{key}.md")),
                article_text(spec, &all, args.images, true).as_bytes(),
            );
        }
        for key in removed {
            write(
                &hs.join(format!("content/{v}/{key}.md")),
                b"+++\nremoved = true\n+++\n",
            );
        }
        for (key, spec) in &editions[vi] {
            write(
                &args.out.join(format!("flat/{v}/{key}.md")),
                article_text(spec, &all, args.images, false).as_bytes(),
            );
            pages += 1;
        }
    }
    println!(
        "corpus: {} versions, {pages} article pages in all, {} images, in {}",
        args.versions,
        args.images,
        args.out.display()
    );
}
