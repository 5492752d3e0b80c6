//! Links: the check of every link written in an article (phase one, `sources`), the check of every link of the built
//! site (phase two, `site`), the step-link catalog `links.json`, published-link stability (`check --against`) and the
//! external link check (`check --external`).

pub mod catalog;
pub mod external;
pub(crate) mod site;
pub(crate) mod sources;
pub mod stability;

/// The hint of a link whose `#fragment` (`wanted`) is not on its page: the id it most likely meant (`#step9` ->
/// `#step-9`), then up to 24 of the page's ids, sorted, after `lead`.
pub(crate) fn ids_list<'s>(ids: impl Iterator<Item = &'s str>, lead: &str, wanted: &str) -> String {
    let mut list: Vec<&str> = ids.collect();
    list.sort();
    let guess = crate::similar::closest(wanted, list.iter().copied());
    // The page's only id, when it is the guess, is said once.
    if let (Some(id), 1) = (guess, list.len()) {
        return format!("did you mean #{id}?");
    }
    let meant = guess
        .map(|id| format!("did you mean #{id}? or "))
        .unwrap_or_default();
    let mut shown: Vec<String> = list.iter().take(24).map(|s| format!("#{s}")).collect();
    if list.len() > 24 {
        shown.push(format!("and {} more", list.len() - 24));
    }
    if shown.is_empty() {
        "that page has no ids to link to".to_string()
    } else {
        format!("{meant}{lead} {}", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_the_id_meant_once_then_the_page_ids_even_beside_one_letter_ids() {
        assert_eq!(
            ids_list(["a", "step-9"].into_iter(), "link to one of", "b"),
            "did you mean #a? or link to one of #a, #step-9"
        );
        assert_eq!(
            ids_list(["a", "step-9"].into_iter(), "link to one of", "billing"),
            "link to one of #a, #step-9"
        );
        assert_eq!(
            ids_list(["step-1"].into_iter(), "link to one of", "step-2"),
            "did you mean #step-1?"
        );
    }
}
