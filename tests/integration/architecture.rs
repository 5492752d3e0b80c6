//! The tree is the diagram: `src/` has a folder per pipeline stage, and every `crate::` import points down the
//! pipeline. Read from the sources themselves, so a new import that runs back up, or a circle between two files of
//! one stage, fails here with the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, lowest first: a module may use modules of a lower stage and of its own, never of a higher one.
/// Stages on one line of this list are peers and must not use each other.
const STAGES: &[&[&str]] = &[
    &["report", "html", "background", "similar", "url"],
    &["incremental"],
    &["load"],
    &["output"],
    &["render"],
    &["links", "search", "pages"],
    &["hosts", "languages"],
    &["lib"],
    &["cmd"],
];

fn rank(stage: &str) -> Option<usize> {
    STAGES.iter().position(|s| s.contains(&stage))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file, as its module path (`render/markdown`, `cmd/serve`, `lib`), with its text. The binary
/// (`main.rs`, `cli.rs`) uses the library from outside and is left out.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let root = src();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(&root).unwrap().with_extension("");
        let mut name = rel.to_string_lossy().replace('\\', "/");
        if let Some(parent) = name.strip_suffix("/mod") {
            name = parent.to_string();
        }
        if name == "main" || name == "cli" {
            continue;
        }
        out.insert(name, std::fs::read_to_string(path).unwrap());
    }
    out
}

/// The longest prefix of `segments` that names a module file.
fn resolve(segments: &[&str], modules: &BTreeMap<String, String>) -> Option<String> {
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("/"))
        .find(|m| modules.contains_key(m))
}

/// The module files `module` uses, with the line of each use: `crate::a::b` paths, `super::x` and, in a folder's
/// `mod.rs`, `use child::` paths. Comments are not code.
fn uses(module: &str, text: &str, modules: &BTreeMap<String, String>) -> Vec<(String, usize)> {
    let own: Vec<&str> = module.split('/').collect();
    let is_folder = modules.keys().any(|m| m.starts_with(&format!("{module}/")));
    let mut found = Vec::new();
    // Inside an inline module (`mod tests {`, written last in a file), `super` is the file's own module.
    let mut inline = false;
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        inline |= trimmed.starts_with("mod ") && trimmed.ends_with('{');
        // (path, from `crate::`)
        let mut paths: Vec<(Vec<&str>, bool)> = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + "crate::".len()..];
            match rest.strip_prefix('{') {
                // `crate::{a::X, b}`: each name of the group (the group is written on one line).
                Some(group) => paths.extend(group.split(',').map(|p| (path_at(p), true))),
                None => paths.push((path_at(rest), true)),
            }
        }
        for (at, _) in code.match_indices("super::") {
            let rest = path_at(&code[at + "super::".len()..]);
            let parent = if inline {
                &own[..]
            } else {
                &own[..own.len() - 1]
            };
            let mut p: Vec<&str> = parent.to_vec();
            p.extend(rest);
            paths.push((p, false));
        }
        if is_folder {
            if let Some(rest) = code.trim_start().strip_prefix("use ") {
                let mut p = own.clone();
                p.extend(path_at(rest));
                paths.push((p, false));
            }
        }
        for (p, from_crate) in paths {
            // What no module file holds is an item of the crate root (`crate::build`, `crate::Options`); a `super::`
            // that names no file is the module itself, seen from its inline `mod tests`.
            let target = match resolve(&p, modules) {
                Some(t) => t,
                None if from_crate => "lib".to_string(),
                None => continue,
            };
            if target != module {
                found.push((target, i + 1));
            }
        }
    }
    found
}

/// The module segments of a path: lowercase identifiers up to the first item, brace or glob.
fn path_at(s: &str) -> Vec<&str> {
    s.split("::")
        .map_while(|seg| {
            let seg = seg.trim_start();
            let end = seg
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(seg.len());
            (end > 0).then(|| &seg[..end])
        })
        .collect()
}

fn stage_of(module: &str) -> &str {
    module.split('/').next().unwrap()
}

#[test]
fn every_import_points_down_the_pipeline_and_no_files_form_a_circle() {
    let modules = modules();
    let mut upward = Vec::new();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &modules {
        let from = stage_of(module);
        let from_rank = rank(from).unwrap_or_else(|| {
            panic!("src/{module}: stage `{from}` is not in STAGES; add it where it belongs in the pipeline")
        });
        for (target, line) in uses(module, text, &modules) {
            let to = stage_of(&target);
            if to == from {
                edges.entry(module).or_default().insert(target);
                continue;
            }
            if !matches!(rank(to), Some(r) if r < from_rank) {
                upward.push(format!(
                    "src/{module}.rs:{line} uses {target} ({from} must not use {to})"
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point down the pipeline:\n{}",
        upward.join("\n")
    );

    // Within a stage: no circle between its files.
    fn visit<'a>(
        m: &'a str,
        edges: &'a BTreeMap<&str, BTreeSet<String>>,
        done: &mut BTreeSet<&'a str>,
        path: &mut Vec<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            let mut circle = path[at..].to_vec();
            circle.push(m);
            panic!("files that use each other: {}", circle.join(" -> "));
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for next in edges.get(m).into_iter().flatten() {
            visit(next, edges, done, path);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        visit(m, &edges, &mut done, &mut Vec::new());
    }
}

#[test]
fn the_import_check_sees_uses_of_crate_and_super_but_not_comments() {
    let modules: BTreeMap<String, String> = [
        "render/markdown",
        "render/steps",
        "load/config",
        "cmd/serve",
        "cmd/serve/http",
    ]
    .iter()
    .map(|m| (m.to_string(), String::new()))
    .collect();
    let text = "use crate::load::config::SiteConfig;\n// see crate::cmd::serve\nlet s = super::steps::Step::new();\n";
    let found: Vec<String> = uses("render/markdown", text, &modules)
        .into_iter()
        .map(|(m, line)| format!("{m}:{line}"))
        .collect();
    assert_eq!(found, ["load/config:1", "render/steps:3"]);
    let found: Vec<String> = uses("cmd/serve/http", "use super::Settings;", &modules)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(found, ["cmd/serve"]);
}
