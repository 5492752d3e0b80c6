//! Callouts in other generators' dialects, read as GitHub alerts (`> [!NOTE]`): `:::note` ... `:::` (Docusaurus,
//! VitePress) and `!!! note "Title"` with an indented body (MkDocs; `???` too). The rewrite is line for line, so
//! every problem found later keeps the line it has in the file. A title is kept, in bold before the first words.

/// The rewritten body, and the callout names that are not known (line index in the body, name): shown as notes.
pub(crate) struct Rewritten {
    pub text: String,
    pub unknown: Vec<(usize, String)>,
}

/// The alert a dialect's name means; None for a name no dialect uses.
fn kind(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "note" | "info" | "abstract" | "summary" | "tldr" | "example" | "quote" | "cite"
        | "question" | "help" | "faq" | "seealso" => "NOTE",
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "caution" | "attention" => "WARNING",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "CAUTION",
        _ => return None,
    })
}

enum Open {
    /// `:::name` until a line of `:::`; `indent` is the opener's leading whitespace.
    Colons { indent: String },
    /// `!!! name` with a body indented four more than the opener.
    Indented { indent: String },
}

/// The name and title of an opener line (without its leading whitespace), if it is one.
fn opener(line: &str) -> Option<(Open, &str, String)> {
    let line = line.trim_end();
    if let Some(rest) = line.strip_prefix(":::") {
        let rest = rest.trim_start_matches(':').trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        if name.is_empty() {
            return None;
        }
        let after = after.trim();
        let title = after
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(after);
        let open = Open::Colons {
            indent: String::new(),
        };
        return Some((open, name, title.trim().to_string()));
    }
    let rest = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???+"))
        .or_else(|| line.strip_prefix("???"))?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start();
    let (name, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let title = title.trim().trim_matches('"');
    (!name.is_empty()).then(|| {
        let open = Open::Indented {
            indent: String::new(),
        };
        (open, name, title.to_string())
    })
}

/// Rewrites the callouts of `body`; None when it has none (most articles).
pub(crate) fn rewrite(body: &str) -> Option<Rewritten> {
    if !(body.contains(":::")
        || body.contains("!!! ")
        || body.contains("??? ")
        || body.contains("???+ "))
    {
        return None;
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut unknown = Vec::new();
    let mut open: Option<Open> = None;
    let mut title = String::new();
    let mut fence: Option<String> = None;
    let mut changed = false;
    for (index, raw) in body.split_inclusive('\n').enumerate() {
        let (line, newline) = match raw.strip_suffix('\n') {
            Some(l) => (l, "\n"),
            None => (raw, ""),
        };
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        // Inside a callout: its end, or a line of its body.
        if let Some(o) = &open {
            let body_line = match o {
                Open::Colons { indent: own } => {
                    if fence.is_none()
                        && trimmed.trim_end().chars().all(|c| c == ':')
                        && trimmed.len() >= 3
                    {
                        open = None;
                        out.push_str(newline);
                        continue;
                    }
                    Some(line.strip_prefix(own.as_str()).unwrap_or(trimmed))
                }
                Open::Indented { indent: own } => {
                    let inner = format!("{own}    ");
                    if line.trim().is_empty() {
                        Some("")
                    } else if let Some(rest) = line
                        .strip_prefix(&inner)
                        .or_else(|| line.strip_prefix(&format!("{own}\t")))
                    {
                        Some(rest)
                    } else {
                        open = None;
                        None
                    }
                }
            };
            if let Some(text) = body_line {
                let own = match open.as_ref() {
                    Some(Open::Colons { indent } | Open::Indented { indent }) => indent.clone(),
                    None => String::new(),
                };
                toggle_fence(&mut fence, text);
                out.push_str(&own);
                out.push('>');
                if !title.is_empty() && !text.trim().is_empty() {
                    out.push_str(&format!(" **{}**", std::mem::take(&mut title)));
                }
                if !text.is_empty() {
                    out.push(' ');
                    out.push_str(text);
                } else if !title.is_empty() {
                    out.push_str(&format!(" **{}**", std::mem::take(&mut title)));
                }
                out.push_str(newline);
                continue;
            }
        }
        if fence.is_none() {
            if let Some((mut o, name, t)) = opener(trimmed) {
                let alert = kind(name).unwrap_or_else(|| {
                    unknown.push((index, name.to_string()));
                    "NOTE"
                });
                match &mut o {
                    Open::Colons { indent: own } | Open::Indented { indent: own } => {
                        *own = indent.to_string()
                    }
                }
                out.push_str(&format!("{indent}> [!{alert}]{newline}"));
                title = t;
                open = Some(o);
                changed = true;
                continue;
            }
        }
        toggle_fence(&mut fence, line);
        out.push_str(raw);
    }
    changed.then_some(Rewritten { text: out, unknown })
}

/// Follows fenced code blocks (``` or ~~~), in which nothing is a callout.
fn toggle_fence(fence: &mut Option<String>, line: &str) {
    let t = line.trim_start();
    let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
    if marker.len() < 3 || !(marker.chars().all(|c| c == '`') || marker.chars().all(|c| c == '~')) {
        return;
    }
    match fence {
        Some(open) if marker.starts_with(open.as_str()) && t.trim_end() == marker => *fence = None,
        None => *fence = Some(marker),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        rewrite(body)
            .map(|r| r.text)
            .unwrap_or_else(|| body.to_string())
    }

    #[test]
    fn docusaurus_callouts_become_alerts_line_for_line_with_their_title() {
        let body =
            "Intro.\n\n:::tip[Before you start]\nSign in first.\n\nThen go on.\n:::\n\nAfter.\n";
        let out = text(body);
        assert_eq!(out, "Intro.\n\n> [!TIP]\n> **Before you start** Sign in first.\n>\n> Then go on.\n\n\nAfter.\n");
        assert_eq!(out.lines().count(), body.lines().count());
    }

    #[test]
    fn mkdocs_admonitions_take_their_indented_body() {
        let body = "!!! warning \"Careful\"\n    Back up first.\n\n    Really.\nNot in it.\n";
        assert_eq!(
            text(body),
            "> [!WARNING]\n> **Careful** Back up first.\n>\n> Really.\nNot in it.\n"
        );
    }

    #[test]
    fn unknown_names_are_notes_and_reported_and_code_blocks_are_left_alone() {
        let r = rewrite("```\n:::note\n```\n:::sparkles\nHi.\n:::\n").unwrap();
        assert_eq!(r.text, "```\n:::note\n```\n> [!NOTE]\n> Hi.\n\n");
        assert_eq!(r.unknown, [(3, "sparkles".to_string())]);
        assert!(rewrite("No callouts: a ratio of 3:2.\n").is_none());
    }
}
