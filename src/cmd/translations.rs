//! `helpsite translations`: for the translation team, every article of a version per language, translated (and
//! whether it is up to date with its source), a draft, or missing; `--mark FILE` records in a translation the
//! revision of its source it translates (`source_digest`), so the build can tell when the source changes.

use crate::cmd::terminal::{errln, outln, Terminal};
use crate::load::config::SiteConfig;
use crate::load::languages::{self, Status};
use crate::report::display_path;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How `helpsite translations` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// One article in one language.
#[derive(Debug, Serialize)]
struct Row {
    language: String,
    version: String,
    article: String,
    /// `complete`, `stale` (the source changed since it was marked), `unmarked` (translated, no revision
    /// recorded: mark it), `draft`, or `missing`.
    state: &'static str,
    source: String,
    translation: Option<String>,
}

/// Lists the translations of `version` (default: the latest), or marks `mark` as translating its source as it is now.
pub fn run(
    root: &Path,
    lang: Option<&str>,
    version: Option<&str>,
    format: Format,
    mark: &[PathBuf],
) -> ExitCode {
    let mut t = Terminal::default();
    let config = match crate::load::config::load(
        &root.join("content/site.toml"),
        "content/site.toml".as_ref(),
        None,
    ) {
        Ok(c) => c,
        Err(problems) => {
            errln!(t, "{problems}");
            return t.finish(ExitCode::from(1));
        }
    };
    if config.languages.len() < 2 {
        errln!(
            t,
            "error: content/site.toml lists no languages besides the default\n  fix: add languages = [{{ code = \"en\", label = \"English\" }}, {{ code = \"de\", label = \"Deutsch\" }}] (the first is the default)"
        );
        return t.finish(ExitCode::from(1));
    }
    if !mark.is_empty() {
        let mut failed = false;
        for file in mark {
            match mark_file(root, &config, file) {
                Ok(line) => outln!(t, "{line}"),
                Err(e) => {
                    errln!(t, "error: {}: {e}", file.display());
                    failed = true;
                }
            }
        }
        return t.finish(ExitCode::from(u8::from(failed)));
    }
    let vi = match version {
        None | Some("latest") => config.latest_index(),
        Some(v) => match config.version_index(v) {
            Some(i) => i,
            None => {
                errln!(t, "error: no version {v:?} in content/site.toml");
                return t.finish(ExitCode::from(2));
            }
        },
    };
    let mut problems = crate::report::Problems::new();
    let content = crate::load::content::load(root, &config, &mut problems);
    let langs = languages::load(root, &config, &content, &mut problems);
    let mut rows = Vec::new();
    for l in langs.iter().filter(|l| lang.is_none_or(|c| c == l.code)) {
        for (key, &i) in &l.content.versions[vi].articles {
            let (state, translation) = match l.translations.get(&i) {
                None => ("missing", None),
                Some((_, status)) => {
                    let state = if *status == Status::Draft {
                        "draft"
                    } else if l.stale.contains(&i) {
                        "stale"
                    } else if l.unmarked.contains(&i) {
                        "unmarked"
                    } else {
                        "complete"
                    };
                    (state, Some(display_path(&l.content.sources[i].rel_path)))
                }
            };
            let src = content.versions[vi].articles[key];
            rows.push(Row {
                language: l.code.clone(),
                version: config.versions[vi].id.clone(),
                article: format!("{}/{}", key.0, key.1),
                state,
                source: display_path(&content.sources[src].rel_path),
                translation,
            });
        }
    }
    match format {
        Format::Json => {
            outln!(
                t,
                "{}",
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            );
        }
        Format::Table => {
            let width = rows.iter().map(|r| r.article.len()).max().unwrap_or(0);
            let mut language = "";
            for r in &rows {
                if r.language != language {
                    language = &r.language;
                    let count = |s: &str| {
                        rows.iter()
                            .filter(|x| x.language == language && x.state == s)
                            .count()
                    };
                    outln!(
                        t,
                        "{language} ({}): {} complete, {} unmarked, {} stale, {} draft, {} missing",
                        r.version,
                        count("complete"),
                        count("unmarked"),
                        count("stale"),
                        count("draft"),
                        count("missing")
                    );
                }
                let line = format!(
                    "  {:<width$}  {:<8}  {}",
                    r.article,
                    r.state,
                    r.translation.as_deref().unwrap_or("")
                );
                outln!(t, "{}", line.trim_end());
            }
        }
    }
    t.finish(ExitCode::SUCCESS)
}

/// Records in the translation `file` the digest of its source as it is now.
fn mark_file(root: &Path, config: &SiteConfig, file: &Path) -> Result<String, String> {
    let rel = file
        .strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    let parts: Vec<&str> = rel.trim_start_matches("./").split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    let (li, source_name) = crate::load::config::translated_name(config, name)
        .filter(|(_, s)| s.ends_with(".md"))
        .ok_or(
            "not a translation: its name is <name>.<code>.md for one of the languages of site.toml",
        )?;
    let _ = li;
    if parts.len() < 3 || parts[0] != "content" {
        return Err("give the translation's path inside content/ (content/<version>/...)".into());
    }
    let vi = config
        .version_index(parts[1])
        .ok_or_else(|| format!("{} is no version of site.toml", parts[1]))?;
    let dir = parts[2..parts.len() - 1].join("/");
    // Its source: beside it, else inherited from the nearest older version.
    let source = (0..=vi)
        .rev()
        .map(|w| {
            root.join("content")
                .join(&config.versions[w].id)
                .join(&dir)
                .join(&source_name)
        })
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "no source {source_name} in content/<version>/{dir}/ of this or an older version"
            )
        })?;
    let source_text = std::fs::read_to_string(&source).map_err(|e| e.to_string())?;
    let body_offset = crate::load::front_matter::split(&source, &source_text, false)
        .map(|s| s.body_offset)
        .unwrap_or(0);
    let digest = languages::body_digest(&source_text[body_offset..]);
    let path = root.join(&rel);
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    std::fs::write(&path, with_digest(&text, &digest)).map_err(|e| e.to_string())?;
    Ok(format!(
        "{rel}: marked as translating {} (source_digest = \"{digest}\")",
        display_path(source.strip_prefix(root).unwrap_or(&source))
    ))
}

/// `text` with `source_digest` set in its front matter (TOML between `+++`, YAML between `---`, or a new TOML one).
fn with_digest(text: &str, digest: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, line) = match first {
        "+++" => ("+++", format!("source_digest = \"{digest}\"")),
        "---" => ("---", format!("source_digest: \"{digest}\"")),
        _ => return format!("+++\nsource_digest = \"{digest}\"\n+++\n{text}"),
    };
    let mut out = String::with_capacity(text.len() + 40);
    let mut inside = false;
    let mut done = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let bare = l.trim_end();
        if i == 0 {
            inside = true;
            out.push_str(l);
            if !l.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        if inside && !done && (bare.starts_with("source_digest") || bare == fence) {
            out.push_str(&line);
            out.push('\n');
            done = true;
            if bare == fence {
                out.push_str(l);
                inside = false;
            }
            continue;
        }
        if bare == fence {
            inside = false;
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_sets_the_digest_in_any_front_matter() {
        assert_eq!(
            with_digest("+++\ntitle = \"A\"\n+++\nText\n", "ab"),
            "+++\ntitle = \"A\"\nsource_digest = \"ab\"\n+++\nText\n"
        );
        assert_eq!(
            with_digest(
                "+++\nsource_digest = \"old\"\ntitle = \"A\"\n+++\nText\n",
                "ab"
            ),
            "+++\nsource_digest = \"ab\"\ntitle = \"A\"\n+++\nText\n"
        );
        assert_eq!(
            with_digest("---\ntitle: A\n---\nText\n", "ab"),
            "---\ntitle: A\nsource_digest: \"ab\"\n---\nText\n"
        );
        assert_eq!(
            with_digest("# A\n", "ab"),
            "+++\nsource_digest = \"ab\"\n+++\n# A\n"
        );
    }
}
