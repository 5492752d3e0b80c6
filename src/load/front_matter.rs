//! Splits an article into front matter (TOML between `+++` lines or YAML between `---` lines) and Markdown body,
//! and reads the front matter, keeping line numbers so problems point at the right line.
//!
//! Articles exported from other systems (Zendesk, MkDocs, Docusaurus, Hugo, Microsoft-docs-style repositories) build
//! as they are: the keys those systems use for our fields ([`ALIASES`]) mean the same here, other keys are kept for
//! templates (`article.extra`), and only near-misses of our own field names are errors, since those are typos.

use crate::report::{LineIndex, Problem};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Our own fields, in the order the README lists them.
pub(crate) const FIELDS: &[&str] = &[
    "title",
    "description",
    "order",
    "updated",
    "aliases",
    "removed",
    "tags",
    "slug",
    "draft",
    "related",
];

/// Keys other systems use for one of our fields: `(key, field)`.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("summary", "description"),
    ("excerpt", "description"),
    ("weight", "order"),
    ("sidebar_position", "order"),
    ("nav_order", "order"),
    ("position", "order"),
    ("date", "updated"),
    ("last_update", "updated"),
    ("last_updated", "updated"),
    ("ms.date", "updated"),
    ("updated_at", "updated"),
    ("lastmod", "updated"),
    ("redirect_from", "aliases"),
    ("labels", "tags"),
    ("keywords", "tags"),
];

/// Keys real exports carry that are close to one of our fields but mean something else (Zendesk's `outdated`), so
/// they are kept as they are rather than reported as typos.
const NOT_TYPOS: &[&str] = &["outdated", "owner", "data"];

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Position within its category; articles without one come after, by title.
    pub order: Option<i64>,
    /// Last updated, `YYYY-MM-DD` (a datetime or `MM/DD/YYYY` as written is reduced to this).
    pub updated: Option<String>,
    /// Old paths of this article (`category/old-slug` within the version, or `/site/absolute/path`).
    pub aliases: Vec<String>,
    /// The article no longer exists from this version on.
    pub removed: bool,
    /// In the writer's order, without repeats.
    pub tags: Vec<String>,
    /// The article's URL name instead of its file name, as written (checked by the content walk).
    pub slug: Option<String>,
    /// Not published: the file is left out as if it were not there.
    pub draft: bool,
    /// Articles to show under this one, as `category/slug` (or the file's path in the version folder), in order.
    pub related: Vec<String>,
    /// Every key that is not ours, with its value, for templates.
    pub extra: BTreeMap<String, Value>,
    /// The line of the key that set each field, for problems found later (a slug two articles share).
    pub lines: BTreeMap<&'static str, usize>,
}

/// An article's text split in two.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    pub front_matter: FrontMatter,
    /// Byte offset of the body in the whole file.
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Toml,
    Yaml,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Toml => "TOML",
            Kind::Yaml => "YAML",
        }
    }

    /// How `key` is given `value` in this format, for hints.
    fn example(self, key: &str, value: &str) -> String {
        match self {
            Kind::Toml => format!("{key} = {value}"),
            Kind::Yaml => format!("{key}: {}", value.trim_matches('"')),
        }
    }
}

/// One top-level key of the front matter, with the line it is on (in the whole file).
#[derive(Debug)]
struct Entry {
    key: String,
    line: usize,
    value: Value,
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

/// Splits and parses. `file` is only used in problems. `strict` rejects keys that are not ours (`strict_front_matter`
/// in site.toml). Every problem of the front matter is returned, not only the first.
pub(crate) fn split(file: &Path, text: &str, strict: bool) -> Result<Split, Vec<Problem>> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let (kind, fence) = if text_no_bom.starts_with("+++") {
        (Kind::Toml, "+++")
    } else if text_no_bom.starts_with("---") {
        (Kind::Yaml, "---")
    } else {
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body_offset: 0,
        });
    };
    let Some((fm_start, fm_end, body_start)) = find_fence(text_no_bom, fence) else {
        return Err(vec![Problem::error(
            file,
            Some(1),
            format!(
                "{} front matter opened with `{fence}` is never closed",
                kind.name()
            ),
        )
        .hint(format!(
            "end the front matter with a line holding only `{fence}`"
        ))]);
    };
    let fm_text = &text_no_bom[fm_start..fm_end];
    let fm_line = LineIndex::new(text).line_of(bom + fm_start);
    let entries = match kind {
        Kind::Toml => toml_entries(fm_text, fm_line),
        Kind::Yaml => yaml_entries(fm_text, fm_line),
    }
    .map_err(|(line, message)| {
        let hint = match kind {
            Kind::Toml => "TOML needs quoted strings (title = \"...\"), dates as 2024-05-30 and lists as [\"a\", \"b\"]",
            Kind::Yaml => "check the YAML syntax: `key: value` per line, lists as `- item`",
        };
        vec![Problem::error(
            file,
            Some(line.unwrap_or(fm_line)),
            format!("invalid {} front matter: {}", kind.name(), first_line(&message)),
        )
        .hint(hint)]
    })?;
    let front_matter = read(file, kind, entries, strict)?;
    Ok(Split {
        front_matter,
        body_offset: bom + body_start,
    })
}

/// The top-level keys of TOML front matter. A dotted key that is one of [`ALIASES`] (`ms.date = ...` is a table
/// `ms` in TOML) is taken out of its table as a key of its own.
fn toml_entries(fm_text: &str, fm_line: usize) -> Result<Vec<Entry>, (Option<usize>, String)> {
    let lines = LineIndex::new(fm_text);
    let table: BTreeMap<toml::Spanned<String>, toml::Value> =
        toml::from_str(fm_text).map_err(|e| {
            let line = e.span().map(|s| fm_line + lines.line_of(s.start) - 1);
            (line, e.message().to_string())
        })?;
    let mut entries = Vec::new();
    for (key, value) in table {
        let line = fm_line + lines.line_of(key.span().start) - 1;
        let key = key.into_inner();
        let mut value = value;
        if let toml::Value::Table(sub) = &mut value {
            let dotted: Vec<String> = sub
                .keys()
                .filter(|k| alias_of(&format!("{key}.{k}")).is_some())
                .cloned()
                .collect();
            for k in dotted {
                let name = format!("{key}.{k}");
                let line = key_line(fm_text, &name, Kind::Toml).map_or(line, |l| fm_line + l - 1);
                if let Some(v) = sub.remove(&k) {
                    entries.push(Entry {
                        key: name,
                        line,
                        value: toml_to_json(v),
                    });
                }
            }
            if sub.is_empty() {
                continue;
            }
        }
        entries.push(Entry {
            key,
            line,
            value: toml_to_json(value),
        });
    }
    Ok(entries)
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The top-level keys of YAML front matter. serde_yaml_ng's values carry no positions, so each key's line is found
/// in the text (top-level keys start their line).
fn yaml_entries(fm_text: &str, fm_line: usize) -> Result<Vec<Entry>, (Option<usize>, String)> {
    if fm_text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(fm_text).map_err(|e| {
        let line = e.location().map(|l| fm_line + l.line() - 1);
        (line, e.to_string())
    })?;
    let mapping = match value {
        serde_yaml_ng::Value::Mapping(m) => m,
        serde_yaml_ng::Value::Null => return Ok(Vec::new()),
        _ => {
            return Err((
                Some(fm_line),
                "front matter must be `key: value` lines".to_string(),
            ))
        }
    };
    Ok(mapping
        .into_iter()
        .map(|(k, v)| {
            let key = yaml_key(&k);
            let line = key_line(fm_text, &key, Kind::Yaml).map_or(fm_line, |l| fm_line + l - 1);
            Entry {
                key,
                line,
                value: yaml_to_json(v),
            }
        })
        .collect())
}

fn yaml_key(key: &serde_yaml_ng::Value) -> String {
    match key {
        serde_yaml_ng::Value::String(s) => s.clone(),
        serde_yaml_ng::Value::Bool(b) => b.to_string(),
        serde_yaml_ng::Value::Number(n) => n.to_string(),
        serde_yaml_ng::Value::Null => "null".to_string(),
        other => serde_yaml_ng::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
                .collect(),
        ),
        // A `!tag` says how another program reads the value; the value is what templates want.
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// The 1-based line (within the front matter) where the key `key` is given: a line starting with the key, bare or
/// quoted, followed by `:` (YAML) or `=` (TOML; a dotted key `ms.date` may also be written `ms.date`).
fn key_line(fm_text: &str, key: &str, kind: Kind) -> Option<usize> {
    let separator = match kind {
        Kind::Toml => '=',
        Kind::Yaml => ':',
    };
    fm_text
        .lines()
        .position(|line| {
            // YAML's top-level keys start their line; TOML allows indentation.
            let line = match kind {
                Kind::Toml => line.trim_start(),
                Kind::Yaml => line,
            };
            let rest = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
                .iter()
                .find_map(|k| line.strip_prefix(k.as_str()).map(str::to_string));
            rest.is_some_and(|r| r.trim_start().starts_with(separator))
        })
        .map(|i| i + 1)
}

fn alias_of(key: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(k, _)| *k == key).map(|(_, f)| *f)
}

fn field_of(key: &str) -> Option<&'static str> {
    FIELDS.iter().find(|f| **f == key).copied()
}

/// The field a key not ours was most likely meant to be: one edit away (two for names longer than four letters, when
/// the first letter is right), ignoring case. Keys of other systems are common; the limits keep them from reading as
/// typos (`type` is not `tags`).
pub(crate) fn did_you_mean(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    if NOT_TYPOS.contains(&lower.as_str()) || alias_of(&lower).is_some() {
        return None;
    }
    FIELDS
        .iter()
        .map(|f| (crate::similar::edit_distance(&lower, f), *f))
        .filter(|&(d, f)| {
            d <= 1 || (d == 2 && f.chars().count() > 4 && lower.chars().next() == f.chars().next())
        })
        .min()
        .map(|(_, f)| f)
}

/// Reads a date as the systems that export articles write it: `YYYY-MM-DD`, a full datetime (`2023-01-05T10:00:00Z`,
/// `2023-01-05 10:00`), or `MM/DD/YYYY` (Microsoft docs' `ms.date`). Returns `YYYY-MM-DD`, or None for anything else,
/// an impossible day (2024-02-31) included.
pub(crate) fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    let number = |s: &str, min: usize, max: usize| -> Option<u32> {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if text.contains('/') {
        let mut parts = text.split('/');
        let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (number(y, 4, 4)?, number(m, 1, 2)?, number(d, 1, 2)?)
    } else {
        let (date, time) = match text.find(['T', 't', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        if let Some(time) = time {
            if !is_time(time.trim_start()) {
                return None;
            }
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (number(y, 4, 4)?, number(m, 2, 2)?, number(d, 2, 2)?)
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// `HH:MM`, then optional seconds, fractions and a zone (`Z`, `+01:00`): the time of a datetime, which is dropped.
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 5
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b':'
        && b[3..5].iter().all(u8::is_ascii_digit)
        && s[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && s[3..5].parse::<u32>().is_ok_and(|m| m < 60)
        && s[5..]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'Z' | 'z' | ' '))
}

/// What a value is, for messages: `"two"`, `[...]`.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// Text from a string, or (YAML writes them unquoted) a number or `true`/`false`.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Tags from a list (of strings, numbers, or Docusaurus' `{label: ...}`), or from one comma-separated string.
fn tags_of(value: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::Object(o) => o.get("label").and_then(text_of),
        Value::Array(_) | Value::Null => None,
        v => text_of(v),
    };
    let tags: Vec<String> = match value {
        Value::String(s) => s.split(',').map(str::to_string).collect(),
        Value::Array(items) => items.iter().map(one).collect::<Option<_>>()?,
        _ => return None,
    };
    Some(
        tags.into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    )
}

/// Interprets the entries: our fields and their aliases are checked and set, other keys go to `extra` (or are
/// errors in strict mode, or when they look like a typo of a field). Every problem is collected.
fn read(
    file: &Path,
    kind: Kind,
    entries: Vec<Entry>,
    strict: bool,
) -> Result<FrontMatter, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut fm = FrontMatter::default();
    let mut by_field: BTreeMap<&'static str, Vec<Entry>> = BTreeMap::new();
    for entry in entries {
        if let Some(field) = field_of(&entry.key).or_else(|| alias_of(&entry.key)) {
            // Templates of other systems leave fields empty (`tags:`): that is the field unset.
            if !entry.value.is_null() {
                by_field.entry(field).or_default().push(entry);
            }
        } else if let Some(near) = did_you_mean(&entry.key) {
            problems.push(
                Problem::error(
                    file,
                    Some(entry.line),
                    format!("unknown front matter field `{}`", entry.key),
                )
                .hint(format!("did you mean `{near}`?")),
            );
        } else if strict {
            problems.push(
                Problem::error(file, Some(entry.line), format!("unknown front matter field `{}` (strict_front_matter is on)", entry.key))
                    .hint(format!(
                        "front matter fields are: {}; keys other systems use for them: {} (or set strict_front_matter = false in content/site.toml to keep other keys for templates)",
                        FIELDS.join(", "),
                        ALIASES.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                    )),
            );
        } else {
            fm.extra.insert(entry.key, entry.value);
        }
    }
    for (field, mut given) in by_field {
        given.sort_by_key(|e| e.line);
        // Hugo and Jekyll pages carry both `date` (first published) and a last-modified key (`lastmod`): that is the
        // last update, and the publication date is kept for templates.
        if field == "updated" && given.len() == 2 && given.iter().any(|e| e.key == "date") {
            if let Some(i) = given.iter().position(|e| e.key == "date") {
                let date = given.remove(i);
                if given[0].key != "updated" {
                    fm.extra.insert(date.key, date.value);
                } else {
                    given.insert(i, date);
                }
            }
        }
        // Tags from several keys are one list; any other field given twice is ambiguous.
        if given.len() > 1 && field != "tags" {
            let (first, second) = (&given[0], &given[1]);
            let both = if first.key == second.key {
                format!(
                    "`{}` is given twice, on lines {} and {}",
                    first.key, first.line, second.line
                )
            } else {
                format!(
                    "`{}` (line {}) and `{}` (line {}) both set `{field}`",
                    first.key, first.line, second.key, second.line
                )
            };
            problems.push(Problem::error(file, Some(second.line), both).hint(format!(
                "keep one of them: they mean the same here ({field})"
            )));
            continue;
        }
        fm.lines.insert(field, given[0].line);
        for entry in &given {
            let wrong = |what: &str, example: &str| {
                Problem::error(
                    file,
                    Some(entry.line),
                    format!("`{}` is {}, not {what}", entry.key, shown(&entry.value)),
                )
                .hint(format!("write it as {}", kind.example(&entry.key, example)))
            };
            let value = &entry.value;
            match field {
                "title" | "description" | "slug" => match text_of(value) {
                    Some(text) if text.contains(crate::report::acts_on_terminal) => {
                        let c = crate::report::acting_character(&text).unwrap_or_default();
                        problems.push(
                            Problem::error(
                                file,
                                Some(entry.line),
                                format!(
                                    "`{}` holds the control character U+{:04X}",
                                    entry.key, c as u32
                                ),
                            )
                            .hint(crate::report::ACTING_HINT),
                        );
                    }
                    Some(text) => {
                        let text = Some(text);
                        match field {
                            "title" => fm.title = text,
                            "description" => fm.description = text,
                            _ => fm.slug = text,
                        }
                    }
                    None => problems.push(wrong("text", "\"...\"")),
                },
                "order" => match value.as_i64() {
                    Some(n) => fm.order = Some(n),
                    // Docusaurus allows 2.0; a whole number written as a float means that number.
                    None => match value
                        .as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    {
                        Some(f) => fm.order = Some(f as i64),
                        None => problems.push(wrong("a whole number", "2")),
                    },
                },
                "updated" => {
                    // Docusaurus' `last_update` is a table with a date and an author.
                    let date = match value {
                        Value::Object(o) => o.get("date"),
                        v => Some(v),
                    };
                    match date.and_then(text_of) {
                        Some(text) => match parse_date(&text) {
                            Some(date) => fm.updated = Some(date),
                            None => problems.push(
                                Problem::error(
                                    file,
                                    Some(entry.line),
                                    format!("`{}` is {text:?}, not a date", entry.key),
                                )
                                .hint(format!(
                                    "write the date as YYYY-MM-DD, e.g. {} (a full date and time, or MM/DD/YYYY, works too)",
                                    kind.example(&entry.key, "2024-05-30")
                                )),
                            ),
                        },
                        None => problems.push(wrong("a date", "2024-05-30")),
                    }
                }
                "aliases" | "related" => {
                    let list = match value {
                        Value::String(s) => Some(vec![s.clone()]),
                        Value::Array(items) => items
                            .iter()
                            .map(|v| v.as_str().map(str::to_string))
                            .collect(),
                        _ => None,
                    };
                    match list {
                        Some(list) if field == "aliases" => fm.aliases = list,
                        Some(list) => fm.related = list,
                        None if field == "aliases" => {
                            problems.push(wrong("a list of paths", "[\"category/old-name\"]"))
                        }
                        None => {
                            problems.push(wrong("a list of articles", "[\"category/article\"]"))
                        }
                    }
                }
                "removed" | "draft" => match value.as_bool() {
                    Some(b) if field == "removed" => fm.removed = b,
                    Some(b) => fm.draft = b,
                    None => problems.push(wrong("true or false", "true")),
                },
                "tags" => match tags_of(value) {
                    Some(tags) => {
                        for tag in tags {
                            if !fm.tags.contains(&tag) {
                                fm.tags.push(tag);
                            }
                        }
                    }
                    None => problems.push(wrong("a list of tags", "[\"email\", \"setup\"]")),
                },
                _ => unreachable!("every field is read above"),
            }
        }
    }
    if problems.is_empty() {
        Ok(fm)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Split {
        split(Path::new("a.md"), text, false).unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn errs(text: &str) -> Vec<Problem> {
        split(Path::new("a.md"), text, false).unwrap_err()
    }

    fn err(text: &str) -> Problem {
        let mut all = errs(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn control_characters_in_a_title_or_description_are_errors_with_their_line() {
        let problems = errs("+++\ntitle = \"Gmail\\u001b]0;owned\\u0007\"\ndescription = \"abc\\u202e\"\n+++\nBody\n");
        let text: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.line.unwrap_or(0), p.message))
            .collect();
        assert_eq!(
            text,
            [
                "2: `title` holds the control character U+001B",
                "3: `description` holds the control character U+202E"
            ]
        );
    }

    #[test]
    fn toml_front_matter_is_read_and_the_body_follows_it() {
        let text = "+++\ntitle = \"T\"\norder = 2\nupdated = 2022-06-01\naliases = [\"/kb/1\"]\n+++\nBody\n";
        let s = ok(text);
        assert_eq!(s.front_matter.title.as_deref(), Some("T"));
        assert_eq!(s.front_matter.order, Some(2));
        assert_eq!(s.front_matter.updated.as_deref(), Some("2022-06-01"));
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
    fn in_strict_mode_an_unknown_field_lists_the_known_ones() {
        let p = split(Path::new("a.md"), "+++\nauthor = \"T\"\n+++\n", true).unwrap_err();
        assert_eq!(p[0].line, Some(2));
        assert!(
            p[0].hint.as_ref().unwrap().contains("title, description"),
            "{p:?}"
        );
    }

    #[test]
    fn an_unclosed_fence_and_a_bad_date_are_explained() {
        assert!(err("+++\ntitle = \"T\"\n").message.contains("never closed"));
        let p = err("---\nupdated: 30/05/2022\n---\n");
        assert_eq!(p.line, Some(2));
        assert!(p.hint.unwrap().contains("YYYY-MM-DD"));
    }

    #[test]
    fn unknown_keys_are_kept_as_extra_in_both_formats() {
        let toml = ok("+++\nauthor = \"ana\"\nsection_id = 42\n[params]\nhidden = true\n+++\n");
        assert_eq!(toml.front_matter.extra["author"], "ana");
        assert_eq!(toml.front_matter.extra["section_id"], 42);
        assert_eq!(toml.front_matter.extra["params"]["hidden"], true);
        let yaml = ok("---\nms.author: ana\nauthors:\n  - ana\n  - bo\n---\n");
        assert_eq!(yaml.front_matter.extra["ms.author"], "ana");
        assert_eq!(yaml.front_matter.extra["authors"][1], "bo");
    }

    #[test]
    fn keys_of_other_systems_set_our_fields() {
        let fm = ok("---\nsummary: S\nweight: 3\nms.date: 03/15/2023\nredirect_from: /kb/1\nlabels: a, b\nkeywords: [b, c]\n---\n")
            .front_matter;
        assert_eq!(fm.description.as_deref(), Some("S"));
        assert_eq!(fm.order, Some(3));
        assert_eq!(fm.updated.as_deref(), Some("2023-03-15"));
        assert_eq!(fm.aliases, vec!["/kb/1"]);
        assert_eq!(fm.tags, vec!["a", "b", "c"]);
        assert_eq!(fm.lines["order"], 3);
    }

    #[test]
    fn an_empty_yaml_field_is_unset() {
        let fm = ok("---\ntitle: T\ndescription:\ntags:\nsummary: S\n---\n").front_matter;
        assert_eq!(fm.description.as_deref(), Some("S"));
        assert!(fm.tags.is_empty());
    }

    #[test]
    fn a_dotted_toml_key_is_an_alias_too() {
        let fm = ok("+++\nms.date = \"03/15/2023\"\nms.topic = \"how-to\"\n+++\n").front_matter;
        assert_eq!(fm.updated.as_deref(), Some("2023-03-15"));
        assert_eq!(fm.lines["updated"], 2);
        assert_eq!(fm.extra["ms"]["topic"], "how-to");
    }

    #[test]
    fn a_typo_of_a_field_is_an_error_with_its_line_and_the_field_it_meant() {
        let p = err("---\ntitle: T\ndescripton: D\n---\n");
        assert_eq!(p.line, Some(3));
        assert_eq!(p.hint.as_deref(), Some("did you mean `description`?"));
        let p = err("+++\nalias = [\"/x\"]\n+++\n");
        assert_eq!(p.hint.as_deref(), Some("did you mean `aliases`?"));
    }

    #[test]
    fn every_problem_of_a_file_is_reported_each_on_its_line() {
        let all = errs(
            "---\ntitel: T\norder: two\nudpated: 2024-01-01\ndate: 2024-02-31\ndraft: maybe\n---\n",
        );
        let lines: Vec<_> = all.iter().map(|p| p.line.unwrap()).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6], "{all:?}");
    }

    #[test]
    fn a_field_and_its_alias_together_are_an_error_naming_both_lines() {
        let p = err("---\nupdated: 2024-01-01\ntitle: T\nlastmod: 2024-01-02\n---\n");
        assert_eq!(p.line, Some(4));
        assert!(
            p.message
                .contains("`updated` (line 2) and `lastmod` (line 4)"),
            "{p:?}"
        );
    }

    #[test]
    fn did_you_mean_catches_typos_and_leaves_other_systems_keys_alone() {
        assert_eq!(did_you_mean("titel"), Some("title"));
        assert_eq!(did_you_mean("Title"), Some("title"));
        assert_eq!(did_you_mean("descripton"), Some("description"));
        assert_eq!(did_you_mean("alias"), Some("aliases"));
        assert_eq!(did_you_mean("udpated"), Some("updated"));
        assert_eq!(did_you_mean("tag"), Some("tags"));
        for key in [
            "author",
            "type",
            "outdated",
            "ms.topic",
            "authors",
            "section_id",
            "sidebar_label",
            "date",
            "hide",
        ] {
            assert_eq!(did_you_mean(key), None, "{key}");
        }
    }

    #[test]
    fn dates_are_read_in_the_forms_exports_write_them() {
        assert_eq!(parse_date("2024-05-30").as_deref(), Some("2024-05-30"));
        assert_eq!(
            parse_date("2023-01-05T10:00:00Z").as_deref(),
            Some("2023-01-05")
        );
        assert_eq!(
            parse_date("2023-01-05 10:00:00 +0100").as_deref(),
            Some("2023-01-05")
        );
        assert_eq!(
            parse_date("2023-01-05T10:00:00.123+01:00").as_deref(),
            Some("2023-01-05")
        );
        assert_eq!(parse_date("03/15/2023").as_deref(), Some("2023-03-15"));
        assert_eq!(parse_date("3/5/2023").as_deref(), Some("2023-03-05"));
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn impossible_and_malformed_dates_are_not_dates() {
        for text in [
            "2024-02-31",
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-00-10",
            "15/03/2023",
            "2024-5-30",
            "30/05/2022",
            "yesterday",
            "2024-05-30T25:00",
            "2024-05-30Tnoon",
            "",
            "2024-05-30-01",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
