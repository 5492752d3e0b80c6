//! A category folder's title, description and order: from its `_category.toml`, from a Docusaurus
//! `_category_.json` / `_category_.yml` as teams bring them, or from the front matter of the folder's own page
//! (`_index.md`, `index.md`, `README.md`), in that order of precedence.

use crate::report::{LineIndex, Problem};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct CategoryMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub order: Option<i64>,
}

impl CategoryMeta {
    /// Each field of `self`, else of `other`.
    pub(crate) fn or(self, other: &CategoryMeta) -> CategoryMeta {
        CategoryMeta {
            title: self.title.or_else(|| other.title.clone()),
            description: self.description.or_else(|| other.description.clone()),
            order: self.order.or(other.order),
        }
    }
}

/// Docusaurus' category file: what of it a help site uses. Its other keys (`collapsed`, `className`, ...) are about
/// Docusaurus' sidebar and are ignored.
#[derive(Debug, Default, Deserialize)]
struct Docusaurus {
    label: Option<String>,
    position: Option<f64>,
    description: Option<String>,
    link: Option<DocusaurusLink>,
}

#[derive(Debug, Default, Deserialize)]
struct DocusaurusLink {
    description: Option<String>,
}

/// How sure a file is of a folder's metadata: a folder's own `_category.toml` wins over the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Page,
    Docusaurus,
    Toml,
}

/// Whether `name` is a file of folder metadata, and which.
pub(crate) fn rank_of(name: &str) -> Option<Rank> {
    match name {
        "_category.toml" => Some(Rank::Toml),
        "_category_.json" | "_category_.yml" | "_category_.yaml" => Some(Rank::Docusaurus),
        _ => None,
    }
}

/// Reads one metadata file; `rel_path` is for the report.
pub(crate) fn read(path: &Path, rel_path: &Path, rank: Rank) -> Result<CategoryMeta, Problem> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Problem::error(rel_path, None, format!("cannot read: {e}")))?;
    match rank {
        Rank::Toml => toml::from_str::<CategoryMeta>(&text).map_err(|e| {
            let line = e.span().map(|s| LineIndex::new(&text).line_of(s.start));
            Problem::error(
                rel_path,
                line,
                format!("invalid category file: {}", e.message()),
            )
            .hint("_category.toml may hold title, description and order")
        }),
        _ => {
            let json = rel_path.extension().is_some_and(|e| e == "json");
            let parsed: Result<Docusaurus, (String, Option<usize>)> = if json {
                serde_json::from_str(&text).map_err(|e| (e.to_string(), Some(e.line())))
            } else {
                serde_yaml_ng::from_str(&text)
                    .map_err(|e| (e.to_string(), e.location().map(|l| l.line())))
            };
            let d = parsed.map_err(|(msg, line)| {
                Problem::error(
                    rel_path,
                    line.filter(|l| *l > 0),
                    format!("invalid category file: {msg}"),
                )
                .hint("helpsite reads label, position and description from it")
            })?;
            Ok(CategoryMeta {
                title: d.label,
                description: d.description.or(d.link.and_then(|l| l.description)),
                // Docusaurus allows 2.5 to sit between 2 and 3; helpsite's orders are whole numbers.
                order: d.position.map(|p| p.floor() as i64),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(name: &str, text: &str) -> Result<CategoryMeta, Problem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        read(&path, Path::new(name), rank_of(name).unwrap())
    }

    #[test]
    fn a_docusaurus_category_file_gives_its_label_position_and_description() {
        let meta = read_text(
            "_category_.json",
            r#"{"label": "Billing", "position": 2.5, "collapsed": false, "link": {"type": "generated-index", "description": "Invoices and refunds"}}"#,
        )
        .unwrap();
        assert_eq!(
            meta,
            CategoryMeta {
                title: Some("Billing".into()),
                description: Some("Invoices and refunds".into()),
                order: Some(2)
            }
        );
        let yaml = read_text("_category_.yml", "label: Email\nposition: 3\n").unwrap();
        assert_eq!(yaml.title.as_deref(), Some("Email"));
        assert_eq!(yaml.order, Some(3));
    }

    #[test]
    fn a_broken_category_file_is_an_error_at_its_line() {
        let p = read_text("_category_.json", "{\n  \"label\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!(p.line, Some(3));
        let p = read_text("_category.toml", "title = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(p.line, Some(2));
    }
}
