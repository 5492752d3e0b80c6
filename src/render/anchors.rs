//! Element ids on a page: the automatic id of a heading, and the set of ids already taken.

use std::collections::BTreeSet;

/// The automatic id of a heading: lowercase ASCII letters and digits, other runs of characters become one `-`.
/// Letters outside ASCII are kept (lowercased) so headings in other languages still get readable ids.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            // Apostrophes vanish ("you've" -> "youve"); everything else separates words.
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Ids that step numbering produces (`step-6`, `step-6-2`, `setup-step-3`). Automatic heading ids avoid them so a heading
/// called "Step 1" never takes the id of the first step.
pub(crate) fn looks_like_step_id(id: &str) -> bool {
    let tail = match id.rfind("step-") {
        Some(i) if i == 0 || id[..i].ends_with('-') => &id[i + 5..],
        _ => return false,
    };
    !tail.is_empty()
        && tail
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Is `s` usable as a written id (`{#id}` on a heading, `{#name}` on a step)? ASCII letters, digits, `-`, `_`,
/// not starting with `-` or `_`.
pub(crate) fn is_valid_explicit_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The ids of one page.
#[derive(Debug, Default, Clone)]
pub(crate) struct IdSet {
    taken: BTreeSet<String>,
}

impl IdSet {
    /// Claims `id`; false when it was already taken.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// Claims `base`, or `base-1`, `base-2`, ... when it is taken.
    pub(crate) fn claim_unique(&mut self, base: &str) -> String {
        self.claim_first(base, 1, |_| true)
    }

    /// Claims an automatic step name: `base`, or `base-2`, `base-3`, ... when it is taken (the second step that
    /// reads the same is `-2`), never of the shape of a numbered id.
    pub(crate) fn claim_step_name(&mut self, base: &str) -> String {
        // Every suffixed form of `x-step` (`x-step-2`) is a numbered shape: never ending, the search would not end.
        let base = if base == "step" || base.ends_with("-step") {
            format!("{base}-text")
        } else {
            base.to_string()
        };
        self.claim_first(&base, 2, |c| !looks_like_step_id(c))
    }

    /// Claims the first free one of `base`, `base-<first>`, `base-<first + 1>`, ... that `allowed` accepts.
    fn claim_first(&mut self, base: &str, first: usize, allowed: impl Fn(&str) -> bool) -> String {
        std::iter::once(base.to_string())
            .chain((first..).map(|n| format!("{base}-{n}")))
            .find(|candidate| allowed(candidate) && self.claim(candidate))
            .expect("an unused suffix exists")
    }

    pub(crate) fn into_set(self) -> BTreeSet<String> {
        self.taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_name_ending_in_step_claimed_twice_gets_a_suffix_that_is_no_numbered_id() {
        let mut ids = IdSet::default();
        assert_eq!(ids.claim_step_name("first-step"), "first-step-text");
        assert_eq!(ids.claim_step_name("first-step"), "first-step-text-2");
        assert_eq!(ids.claim_step_name("step"), "step-text");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(
            slugify("Gmail's POP & SMTP settings"),
            "gmails-pop-smtp-settings"
        );
        assert_eq!(slugify("  Step 2: Create it!  "), "step-2-create-it");
        assert_eq!(slugify("Réglages"), "réglages");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn step_shaped_ids_are_recognised() {
        assert!(looks_like_step_id("step-6"));
        assert!(looks_like_step_id("step-6-2"));
        assert!(looks_like_step_id("set-up-pop-step-3"));
        assert!(!looks_like_step_id("step-2-create-it"));
        assert!(!looks_like_step_id("misstep-1"));
        assert!(!looks_like_step_id("step-"));
    }

    #[test]
    fn taken_ids_get_numbered_suffixes() {
        let mut ids = IdSet::default();
        assert_eq!(ids.claim_unique("a"), "a");
        assert_eq!(ids.claim_unique("a"), "a-1");
        assert_eq!(ids.claim_unique("a"), "a-2");
        assert!(!ids.claim("a-1"));
    }

    #[test]
    fn a_taken_automatic_step_name_gets_a_number_from_2_that_never_makes_it_a_step_id() {
        let mut ids = IdSet::default();
        assert_eq!(ids.claim_step_name("click-save"), "click-save");
        assert_eq!(ids.claim_step_name("click-save"), "click-save-2");
        assert_eq!(ids.claim_step_name("click-save"), "click-save-3");
        // `step` itself would become `step-2`: numbered shapes are skipped (automatic names never end in "step").
        assert!(!looks_like_step_id(
            &IdSet::default().claim_step_name("complete-this-step-text")
        ));
    }

    #[test]
    fn explicit_ids_are_ascii_words_joined_by_dashes() {
        assert!(is_valid_explicit_id("open-app-passwords"));
        assert!(is_valid_explicit_id("step_a1"));
        assert!(is_valid_explicit_id("2sv-enabled"));
        assert!(!is_valid_explicit_id("-open"));
        assert!(!is_valid_explicit_id("a b"));
        assert!(!is_valid_explicit_id(""));
    }
}
