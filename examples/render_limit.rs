//! The render-only limit for the benchmark: pulldown-cmark alone renders every page of a flat corpus to HTML and
//! writes it, in parallel, with no templates, links, steps or versions. helpsite cannot be faster than this.
//!
//! `cargo run --release --example render_limit -- FLAT_DIR OUT_DIR`

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(args.next().expect("FLAT_DIR"));
    let output = PathBuf::from(args.next().expect("OUT_DIR"));
    let _ = std::fs::remove_dir_all(&output);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&input)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM;
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("read");
        let mut out = String::with_capacity(text.len() * 2);
        html::push_html(&mut out, Parser::new_ext(&text, options));
        let rel = path.strip_prefix(&input).unwrap().with_extension("");
        let target = output.join(rel).join("index.html");
        std::fs::create_dir_all(target.parent().unwrap()).expect("mkdir");
        std::fs::write(target, out).expect("write");
    });
    println!("rendered {} pages", files.len());
}
