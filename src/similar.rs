//! Near misses, for "did you mean" hints: the candidate closest to what was written.

/// The number of single-character insertions, deletions, substitutions and swaps of two neighbours that turn `a`
/// into `b` (optimal string alignment distance), by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back (for swaps), one back, and the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// Lowercase letters and digits only: `Step_9` and `step-9` are the same id to a reader.
fn folded(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate a writer most likely meant by `wanted`: one that differs only in case and punctuation, else the
/// nearest within a third of its length (at most 2 edits); ties go to the first in `candidates`' order.
pub(crate) fn closest<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let want = folded(wanted);
    // Nothing written is near everything short: no guess.
    if want.is_empty() {
        return None;
    }
    let limit = (want.chars().count() / 3).clamp(1, 2);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = if folded(c) == want {
            0
        } else {
            edit_distance(&folded(c), &want)
        };
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("title", "title"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("descripton", "description"), 1);
        assert_eq!(edit_distance("udpated", "updated"), 1);
        assert_eq!(edit_distance("alias", "aliases"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_closest_id_ignores_case_and_punctuation_and_refuses_far_guesses() {
        let ids = ["step-1", "step-9", "step-10", "scenario-2"];
        assert_eq!(closest("step9", ids), Some("step-9"));
        assert_eq!(closest("Step_10", ids), Some("step-10"));
        assert_eq!(closest("scenario-3", ids), Some("scenario-2"));
        assert_eq!(closest("billing", ids), None);
        assert_eq!(closest("", ["a", "b"]), None);
    }
}
