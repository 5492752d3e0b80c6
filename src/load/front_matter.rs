//! Splits an article into front matter (TOML between `+++` lines or YAML between `---` lines) and Markdown body,
//! and reads the front matter, keeping line numbers so problems point at the right line.

use crate::report::{LineIndex, Problem};
use serde::Deserialize;
use std::path::Path;

const FIELDS: &str = "title, description, order, updated, aliases, removed";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Position within its category; articles without one come after, by title.
    pub order: Option<i64>,
    /// Last updated, `YYYY-MM-DD`.
    pub updated: Option<DateValue>,
    /// Old paths of this article (`category/old-slug` within the version, or `/site/absolute/path`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The article no longer exists from this version on.
    #[serde(default)]
    pub removed: bool,
}

/// TOML has a date type, YAML gives a string: both are accepted and checked to be `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    pub(crate) fn text(&self) -> String {
        match self {
            DateValue::Toml(d) => d.to_string(),
            DateValue::Text(s) => s.clone(),
        }
    }
}

/// An article's text split in two.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    pub front_matter: FrontMatter,
    /// Byte offset of the body in the whole file.
    pub body_offset: usize,
}

fn is_valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

/// Finds the closing fence line; returns (start of front matter text, end of it, start of body).
fn find_fence(text: &str, fence: &str) -> Option<(usize, usize, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != fence {
        return None;
    }
    let start = first_end + 1;
    let mut pos = start;
    while pos <= text.len() {
        let line_end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..line_end].trim_end() == fence {
            let body = (line_end + 1).min(text.len());
            return Some((start, pos, body));
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

/// Splits and parses. `file` is only used in problems.
pub(crate) fn split(file: &Path, text: &str) -> Result<Split, Problem> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let lines = LineIndex::new(text);
    let (kind, fence) = if text_no_bom.starts_with("+++") {
        ("TOML", "+++")
    } else if text_no_bom.starts_with("---") {
        ("YAML", "---")
    } else {
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body_offset: 0,
        });
    };
    let Some((fm_start, fm_end, body_start)) = find_fence(text_no_bom, fence) else {
        return Err(Problem::error(
            file,
            Some(1),
            format!("{kind} front matter opened with `{fence}` is never closed"),
        )
        .hint(format!(
            "end the front matter with a line holding only `{fence}`"
        )));
    };
    let fm_text = &text_no_bom[fm_start..fm_end];
    let fm_line = lines.line_of(bom + fm_start);
    let parsed: Result<FrontMatter, (Option<usize>, String)> = if kind == "TOML" {
        toml::from_str(fm_text).map_err(|e| {
            let line = e
                .span()
                .map(|s| fm_line + LineIndex::new(fm_text).line_of(s.start) - 1);
            (line, e.message().to_string())
        })
    } else if fm_text.trim().is_empty() {
        Ok(FrontMatter::default())
    } else {
        serde_yaml_ng::from_str(fm_text).map_err(|e| {
            let line = e.location().map(|l| fm_line + l.line() - 1);
            (line, e.to_string())
        })
    };
    let front_matter = parsed.map_err(|(line, message)| {
        let hint = if message.contains("unknown field") {
            format!("front matter fields are: {FIELDS}")
        } else if kind == "TOML" {
            "TOML needs quoted strings (title = \"...\"), dates as 2024-05-30 and lists as [\"a\", \"b\"]".to_string()
        } else {
            "check the YAML syntax: `key: value` per line, lists as `- item`".to_string()
        };
        Problem::error(file, line.or(Some(fm_line)), format!("invalid {kind} front matter: {}", first_line(&message)))
            .hint(hint)
    })?;
    if let Some(date) = &front_matter.updated {
        if !is_valid_date(&date.text()) {
            let line = fm_text
                .lines()
                .position(|l| l.trim_start().starts_with("updated"))
                .map(|i| fm_line + i);
            return Err(Problem::error(
                file,
                line,
                format!("`updated` is {:?}, not a date", date.text()),
            )
            .hint("write the date as YYYY-MM-DD, e.g. updated = 2024-05-30"));
        }
    }
    let body_offset = bom + body_start;
    Ok(Split {
        front_matter,
        body_offset,
    })
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Split {
        split(Path::new("a.md"), text).unwrap()
    }

    fn err(text: &str) -> Problem {
        split(Path::new("a.md"), text).unwrap_err()
    }

    #[test]
    fn toml_front_matter_is_read_and_the_body_follows_it() {
        let text = "+++\ntitle = \"T\"\norder = 2\nupdated = 2022-06-01\naliases = [\"/kb/1\"]\n+++\nBody\n";
        let s = ok(text);
        assert_eq!(s.front_matter.title.as_deref(), Some("T"));
        assert_eq!(s.front_matter.order, Some(2));
        assert_eq!(s.front_matter.updated.unwrap().text(), "2022-06-01");
        assert_eq!(s.front_matter.aliases, vec!["/kb/1"]);
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn yaml_front_matter_is_read_too() {
        let text = "---\ntitle: T\nupdated: 2022-06-01\nremoved: true\n---\nBody";
        let s = ok(text);
        assert_eq!(s.front_matter.title.as_deref(), Some("T"));
        assert!(s.front_matter.removed);
        assert_eq!(&text[s.body_offset..], "Body");
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = ok("# Title\n\ntext");
        assert_eq!(s.front_matter, FrontMatter::default());
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn a_toml_error_points_at_the_line_in_the_file() {
        let p = err("+++\ntitle = \"T\"\norder = two\n+++\n");
        assert_eq!(p.line, Some(3), "{p:?}");
        assert!(p.message.contains("invalid TOML front matter"));
    }

    #[test]
    fn a_yaml_error_points_at_the_line_in_the_file() {
        let p = err("---\ntitle: T\norder: [1\n---\n");
        assert!(matches!(p.line, Some(3) | Some(4)), "{p:?}");
    }

    #[test]
    fn an_unknown_field_lists_the_known_ones() {
        let p = err("+++\ntittle = \"T\"\n+++\n");
        assert!(p.hint.unwrap().contains("title, description"));
    }

    #[test]
    fn an_unclosed_fence_and_a_bad_date_are_explained() {
        assert!(err("+++\ntitle = \"T\"\n").message.contains("never closed"));
        let p = err("---\nupdated: 30/05/2022\n---\n");
        assert_eq!(p.line, Some(2));
        assert!(p.hint.unwrap().contains("YYYY-MM-DD"));
    }
}
