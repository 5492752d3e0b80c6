//! Where a reader on one page lands on the same article in another version or language: each of the page's step
//! and heading ids mapped to the other page's, and the `data-map` attribute that carries it to the script that keeps
//! the step when a reader follows a version or language link.

use crate::render::markdown::Rendered;
use std::collections::BTreeMap;

/// Where each of `from`'s step and heading ids lands in `to`: a step by one of its names, else by its number when
/// the step with that number there has no written name, a heading by its id. An id the target step has too lands
/// on that id, else on the step's anchor. Ids that have no counterpart are left out: the link then opens the top of
/// the article.
pub(crate) fn id_map<'r>(from: &'r Rendered, to: &'r Rendered) -> BTreeMap<&'r str, &'r str> {
    // The first step of `to` holding each name, and each unnamed step by its id: a page has dozens of steps, and
    // every page asks this of each other version and language.
    let mut by_name: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(to.steps.len() * 2);
    let mut unnamed: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(to.steps.len());
    for (i, t) in to.steps.iter().enumerate() {
        for n in t.all_ids().skip(1) {
            by_name.entry(n).or_insert(i);
        }
        if t.name.is_none() {
            unnamed.entry(t.id.as_str()).or_insert(i);
        }
    }
    let mut map = BTreeMap::new();
    for step in &from.steps {
        // By any name the step has (the writer's, the automatic one, former ones), else by number when the step
        // with that number there has no name of the writer's (it may be another step: the notice on that page
        // tells a reader whose link it misleads). Of several steps holding one of its names, the first in `to`.
        let target = step
            .all_ids()
            .skip(1)
            .filter_map(|n| by_name.get(n).copied())
            .min()
            .or_else(|| unnamed.get(step.id.as_str()).copied());
        if let Some(t) = target.map(|i| &to.steps[i]) {
            for id in step.all_ids() {
                let same = t.all_ids().any(|there| there == id);
                map.insert(id, if same { id } else { t.anchor() });
            }
        }
    }
    for h in &from.headings {
        if to.ids.contains(&h.id) && !map.contains_key(h.id.as_str()) {
            map.insert(h.id.as_str(), h.id.as_str());
        }
    }
    map
}

/// The word a link's `data-map` starts with; the script reads an id it does not list as landing on the same id.
pub(crate) const MAP_SAME: &str = "same";
/// The target that stands for the top of the article, for an id with no counterpart.
pub(crate) const MAP_TOP: &str = "#";

/// The `data-map` of a link from `from` to `to`: `same`, then `from to` for each of `from`'s step anchors and
/// heading ids that lands on another id there, and `from #` for each that has no counterpart (the link opens the top of the
/// article). Ids cannot hold whitespace, so spaces separate them. Most ids land on themselves (a translation has
/// its source's step names, versions mostly keep theirs), and the map is on every version and language link of
/// every page: listing only the others made the maps a fifth of a page's bytes smaller.
pub(crate) fn map_attr(from: &Rendered, to: &Rendered) -> String {
    let mut out = String::from(MAP_SAME);
    // The common case, told without building the map: the same steps with the same ids (a page's ids are unique,
    // so each lands on itself) and every heading there too.
    let same_steps = from.steps.len() == to.steps.len()
        && from
            .steps
            .iter()
            .zip(&to.steps)
            .all(|(a, b)| a.all_ids().eq(b.all_ids()));
    if same_steps && from.headings.iter().all(|h| to.ids.contains(&h.id)) {
        return out;
    }
    let map = id_map(from, to);
    let mut push = |a: &str, b: &str| {
        out.push(' ');
        out.push_str(a);
        out.push(' ');
        out.push_str(b);
    };
    // The steps' anchors (the script reads any other id of a step as the step's anchor, from the step's link) and
    // the headings, in sorted order and each once, so the attribute is the same on every build.
    let mut ids: std::collections::BTreeSet<&str> = from.steps.iter().map(|s| s.anchor()).collect();
    ids.extend(from.headings.iter().map(|h| h.id.as_str()));
    for id in ids {
        match map.get(id) {
            Some(&there) if there == id => {}
            Some(&there) => push(id, there),
            None => push(id, MAP_TOP),
        }
    }
    out
}

/// The map [`map_attr`] wrote, as (from, to) pairs with `""` for the top of the article; `None` when it is not one.
pub(crate) fn parse_map(attr: &str) -> Option<Vec<(&str, &str)>> {
    let mut words = attr.split_ascii_whitespace();
    if words.next() != Some(MAP_SAME) {
        return None;
    }
    let words: Vec<&str> = words.collect();
    if !words.len().is_multiple_of(2) {
        return None;
    }
    Some(
        words
            .chunks(2)
            .map(|p| (p[0], if p[1] == MAP_TOP { "" } else { p[1] }))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{self, Hooks, Input};
    use std::path::Path;

    fn rendered(md: &str) -> Rendered {
        let image = |_: &markdown::ImageUse| Ok(String::new());
        let widget = |_: &str| Ok(String::new());
        let hooks = Hooks {
            image: &image,
            widget: &widget,
        };
        let input = Input {
            file: Path::new("content/v1/a.md"),
            text: md,
            body_offset: 0,
            dir: "email",
            front_title: Some("A"),
            root: "../../../",
        };
        markdown::render(&input, &hooks)
    }

    const V1: &str = "## Set up\n\n1. Sign in. {#sign-in}\n2. Open the App passwords page. {#open-app-passwords}\n3. Copy the password.\n\n## Check\n\nText.\n";
    // A step inserted before the named one, the last step gone, the second heading renamed.
    const V2: &str = "## Set up\n\n1. Sign in. {#sign-in}\n2. Open Security.\n3. Open the App passwords page. {#open-app-passwords}\n\n## Test it\n\nText.\n";

    #[test]
    fn a_page_with_the_same_steps_and_headings_maps_every_id_to_itself() {
        let (a, b) = (rendered(V1), rendered(V1));
        assert_eq!(map_attr(&a, &b), "same");
        // The shortcut says what the whole map says.
        assert!(id_map(&a, &b).iter().all(|(from, to)| from == to));
    }

    #[test]
    fn only_ids_that_land_elsewhere_or_nowhere_are_listed() {
        let (a, b) = (rendered(V1), rendered(V2));
        let attr = map_attr(&a, &b);
        let pairs: BTreeMap<&str, &str> = parse_map(&attr).unwrap().into_iter().collect();
        // Step 2 of v1 is step 3 of v2, named the same in both: the name lands on itself and is not listed, nor is
        // the number (the script reads a step's number as its anchor).
        assert_eq!(id_map(&a, &b).get("step-2"), Some(&"open-app-passwords"));
        assert!(!pairs.contains_key("open-app-passwords"), "{attr}");
        assert!(!pairs.contains_key("step-2"), "{attr}");
        assert!(!pairs.contains_key("sign-in"), "{attr}");
        // v1's third step (by its automatic name) and its second heading have no counterpart: the top.
        assert_eq!(pairs.get("copy-password"), Some(&""), "{attr}");
        assert_eq!(pairs.get("check"), Some(&""), "{attr}");
        assert_eq!(pairs.len(), 2, "{attr}");
        // Every listed target is an id of the other page.
        for to in pairs.values().filter(|t| !t.is_empty()) {
            assert!(b.ids.contains(*to), "{to}");
        }
    }

    #[test]
    fn a_map_that_is_not_same_and_pairs_of_ids_is_not_read() {
        assert_eq!(parse_map("same"), Some(vec![]));
        assert_eq!(parse_map("same a b c #"), Some(vec![("a", "b"), ("c", "")]));
        assert_eq!(parse_map("same a"), None);
        assert_eq!(parse_map("{\"a\":\"b\"}"), None);
    }
}
