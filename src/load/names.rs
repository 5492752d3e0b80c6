//! How folder and file names become URL segments. One rule, so that a link written with the name on disk
//! (`../Getting Started/Reset Password.md`) and the page published for it agree: a name that is already a URL name
//! stays as it is; any other is spelled in ASCII (`Café` -> `Cafe`), lowercased, and each run of characters other
//! than `a-z` and `0-9` becomes one `-` (`Getting Started` -> `getting-started`). Article names keep the dots inside
//! them (`Magento 2.4.0 Update` -> `magento-2.4.0-update`), since help centers name articles after releases.

/// A category name as it stands: lowercase letters, digits, `-` and `_`, not starting with `-`.
pub(crate) fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !s.starts_with('-')
}

/// An article name as it stands: a category name that may also hold dots inside it, never at the start or the end
/// and never two in a row, so a name is never `..`, hidden, or cut short by a URL's rules.
pub(crate) fn is_valid_article_name(s: &str) -> bool {
    !s.starts_with('.') && !s.ends_with('.') && !s.contains("..") && s.split('.').all(is_valid_slug)
}

/// `name` by the rule, dots kept inside it when `dots`. Empty when nothing of it can be spelled in a URL.
pub(crate) fn cleaned(name: &str, dots: bool) -> String {
    let words = |part: &str| {
        deunicode::deunicode(part)
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    if !dots {
        return words(name);
    }
    name.split('.')
        .map(words)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// The URL segment of a folder. None when the name has nothing a URL can spell.
pub(crate) fn folder(name: &str) -> Option<String> {
    if is_valid_slug(name) {
        return Some(name.to_string());
    }
    Some(cleaned(name, false)).filter(|s| !s.is_empty())
}

/// The URL segment of an article's file name (without `.md`). None when the name has nothing a URL can spell.
pub(crate) fn article(stem: &str) -> Option<String> {
    if is_valid_article_name(stem) {
        return Some(stem.to_string());
    }
    Some(cleaned(stem, true)).filter(|s| !s.is_empty())
}

/// What [`title`] names: a folder's title capitalises every word, an article's the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Titled {
    Folder,
    Article,
}

/// The title of a folder or file that has none of its own: its name as written when that is not a URL name
/// (`Getting Started`, `CHANGELOG`), else the URL name spelled out (`getting-started` -> `Getting Started` for a
/// folder, `reset-password` -> `Reset password` for an article).
pub(crate) fn title(name: &str, kind: Titled) -> String {
    let url_name = match kind {
        Titled::Folder => is_valid_slug(name),
        Titled::Article => is_valid_article_name(name),
    };
    if !url_name {
        return name.to_string();
    }
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if i == 0 || kind == Titled::Folder => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The URL segment of a tag's page (`Email Setup` -> `email-setup`). None when the tag has nothing a URL can spell.
pub(crate) fn tag(tag: &str) -> Option<String> {
    folder(tag.trim())
}

/// Where a version's tag pages are, inside its address: a name no category folder becomes by accident.
pub(crate) const TAGS: &str = "_tags";

/// `category` and the categories it is a section of, outermost first (`a`, `a/b`, `a/b/c` for `a/b/c`).
pub(crate) fn lineage(category: &str) -> Vec<&str> {
    let mut out: Vec<&str> = category
        .match_indices('/')
        .map(|(i, _)| &category[..i])
        .collect();
    out.push(category);
    out
}

/// A folder path on disk (`Billing/Getting Started`) as the category's URL path (`billing/getting-started`).
pub(crate) fn folder_path(segments: &[&str]) -> Option<String> {
    segments
        .iter()
        .map(|s| folder(s))
        .collect::<Option<Vec<_>>>()
        .map(|v| v.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_already_fit_for_urls_stay_as_they_are() {
        for ok in ["gmail", "setup_2", "a-b"] {
            assert_eq!(folder(ok).as_deref(), Some(ok));
        }
        for ok in ["update-to-magento-2.4.0", "v1.2-notes", "_index"] {
            assert_eq!(article(ok).as_deref(), Some(ok));
        }
    }

    #[test]
    fn other_names_are_lowercased_with_each_run_of_other_characters_one_dash() {
        assert_eq!(
            folder("Getting Started").as_deref(),
            Some("getting-started")
        );
        assert_eq!(folder("  FAQ & Tips!! ").as_deref(), Some("faq-tips"));
        assert_eq!(
            folder("v2.0").as_deref(),
            Some("v2-0"),
            "folders keep no dots"
        );
        assert_eq!(folder("Café Münster").as_deref(), Some("cafe-munster"));
        assert_eq!(
            article("Update To Magento 2.4.0").as_deref(),
            Some("update-to-magento-2.4.0")
        );
        assert_eq!(article("..Odd..Name.").as_deref(), Some("odd.name"));
        assert_eq!(article("README").as_deref(), Some("readme"));
    }

    #[test]
    fn a_title_from_a_name_is_the_name_as_written_or_its_url_name_spelled_out() {
        assert_eq!(title("getting-started", Titled::Folder), "Getting Started");
        assert_eq!(title("email_setup", Titled::Folder), "Email Setup");
        assert_eq!(title("Getting Started", Titled::Folder), "Getting Started");
        assert_eq!(title("reset-password", Titled::Article), "Reset password");
        assert_eq!(title("CHANGELOG", Titled::Article), "CHANGELOG");
        assert_eq!(title("release-2.4", Titled::Article), "Release 2.4");
    }

    #[test]
    fn a_categorys_lineage_runs_from_the_outermost_category_to_itself() {
        assert_eq!(lineage("a/b/c"), ["a", "a/b", "a/b/c"]);
        assert_eq!(lineage("email"), ["email"]);
    }

    #[test]
    fn a_name_with_nothing_a_url_can_spell_has_no_url_name() {
        assert_eq!(folder("---"), None);
        assert_eq!(article("..."), None);
        assert_eq!(folder_path(&["Billing", "!!"]), None);
        assert_eq!(
            folder_path(&["Billing", "Getting Started"]).as_deref(),
            Some("billing/getting-started")
        );
    }

    #[test]
    fn an_article_name_may_hold_dots_inside_it_but_not_at_its_ends_or_two_in_a_row() {
        for ok in ["update-to-magento-2.4.0", "v1.2-notes", "gmail"] {
            assert!(is_valid_article_name(ok), "{ok}");
        }
        for bad in [
            ".hidden", "ends.", "a..b", "..", ".", "Upper.2", "-x.1", "a.-b", "",
        ] {
            assert!(!is_valid_article_name(bad), "{bad}");
        }
        assert!(!is_valid_slug("a.b"), "category names stay without dots");
    }
}
