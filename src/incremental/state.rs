//! What a build into an output folder leaves for the next build into the same folder, so that a rebuild after an edit
//! redoes only the work the edit touches: for each page, a key of everything it was rendered from (a page whose key
//! is the same is neither rendered nor written again), and the files its links lead to (a kept page whose links lead
//! to files that are still there, and to the same bytes where an id is wanted, needs no check).
//!
//! Kept under the site's root in `.helpsite-cache/builds/`, one file per output folder, never in the published output.
//! A state is used only when this same helpsite wrote it together with the output as it is now (the output manifest's
//! fingerprint); otherwise the build starts from nothing. Keys are hashes of the inputs themselves, so a kept page has
//! the bytes a clean build would write.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The layout of the file; another is ignored.
const FORMAT: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    format: u32,
    /// [`crate::incremental::fingerprint::program`] of the helpsite that wrote it.
    program: String,
    /// The output manifest's fingerprint of the build that wrote it.
    inputs: String,
    /// Output path of each page -> the key of what it was rendered from.
    pub pages: HashMap<String, u64>,
    /// Where each page's links lead.
    pub links: Deps,
    /// The search index of each version.
    pub search: SearchMemo,
    /// The keys of the article lines of `links.json`, in order.
    pub catalog: Vec<u64>,
}

/// What a build leaves for the next one (see [`State`]).
pub(crate) struct Memos {
    pub pages: HashMap<String, u64>,
    pub links: Deps,
    pub search: SearchMemo,
    pub catalog: Vec<u64>,
}

/// What the last build wrote for each version's search index: by version id, a key of everything the index is made
/// from, and the files (paths from the site root), the manifest first.
pub(crate) type SearchMemo = std::collections::BTreeMap<String, (u64, Vec<String>)>;

/// Marks a target whose ids a link wants (a `#fragment` or a version link's map), so its bytes matter.
const IDS: u32 = 1 << 31;

/// For each page of a build, the files its links lead to.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Deps {
    /// Every file of the build, sorted.
    paths: Vec<String>,
    /// Per path, when it was checked: the indexes of the files its links lead to, with [`IDS`] set where a link wants
    /// an id there.
    targets: Vec<Option<Vec<u32>>>,
}

impl Deps {
    /// From the build's files (sorted) and, per checked page, its targets (`true` where an id is wanted).
    pub(crate) fn new<'f>(
        files: impl Iterator<Item = &'f str>,
        pages: impl Iterator<Item = (&'f str, Vec<(&'f str, bool)>)>,
    ) -> Self {
        let files: Vec<&str> = files.collect();
        let positions: HashMap<&str, usize> =
            files.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let index = |p: &str| positions.get(p).copied();
        let paths: Vec<String> = files.iter().map(|p| p.to_string()).collect();
        let mut targets = vec![None; paths.len()];
        for (page, wanted) in pages {
            let Some(i) = index(page) else { continue };
            let mut list: Vec<u32> = wanted
                .into_iter()
                .filter_map(|(t, ids)| Some(index(t)? as u32 | if ids { IDS } else { 0 }))
                .collect();
            list.sort_unstable();
            list.dedup();
            targets[i] = Some(list);
        }
        Deps { paths, targets }
    }

    /// Every file of the build, sorted.
    pub(crate) fn paths(&self) -> &[String] {
        &self.paths
    }

    /// The files the links of `page` led to, as indexes into [`Deps::paths`] (`true` where an id was wanted), when it
    /// was checked.
    pub(crate) fn indexes_of(&self, page: &str) -> Option<Vec<(usize, bool)>> {
        let i = self.paths.binary_search_by(|x| x.as_str().cmp(page)).ok()?;
        Some(
            self.targets[i]
                .as_ref()?
                .iter()
                .map(|&t| ((t & !IDS) as usize, t & IDS != 0))
                .collect(),
        )
    }
}

/// The state file of the output folder `output`, under the site at `root`.
fn file(root: &Path, output: &Path) -> PathBuf {
    let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let id = xxhash_rust::xxh3::xxh3_64(absolute.to_string_lossy().as_bytes());
    root.join(".helpsite-cache/builds")
        .join(format!("{id:016x}.state"))
}

impl State {
    /// The state left by the build that wrote the output as it is now (`inputs` is its manifest's fingerprint).
    pub(crate) fn load(root: &Path, output: &Path, inputs: Option<&str>) -> Option<State> {
        let inputs = inputs?;
        let bytes = std::fs::read(file(root, output)).ok()?;
        let state: State = postcard::from_bytes(&bytes).ok()?;
        (state.format == FORMAT
            && state.inputs == inputs
            && state.program == crate::incremental::fingerprint::program())
        .then_some(state)
    }

    /// Writes the state of the build whose manifest fingerprint is `inputs`. A state that cannot be written only
    /// makes the next build do everything, so failure is not an error: the stale file is removed instead.
    pub(crate) fn save(root: &Path, output: &Path, inputs: &str, memos: Memos) {
        let path = file(root, output);
        let state = State {
            format: FORMAT,
            program: crate::incremental::fingerprint::program(),
            inputs: inputs.to_string(),
            pages: memos.pages,
            links: memos.links,
            search: memos.search,
            catalog: memos.catalog,
        };
        let written = (|| -> Option<()> {
            std::fs::create_dir_all(path.parent()?).ok()?;
            let bytes = postcard::to_stdvec(&state).ok()?;
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, bytes).ok()?;
            std::fs::rename(&tmp, &path).ok()
        })();
        if written.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        crate::background::drop_later(state);
    }

    /// Forgets the state of `output` (a build that did not record one, so that a later build cannot use an old one).
    pub(crate) fn forget(root: &Path, output: &Path) {
        let _ = std::fs::remove_file(file(root, output));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_read_back_only_with_the_fingerprint_it_was_saved_with() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = ["a/index.html", "b/index.html", "style.css"];
        let links = Deps::new(
            files.into_iter(),
            [(
                "a/index.html",
                vec![("b/index.html", true), ("style.css", false)],
            )]
            .into_iter(),
        );
        let pages = HashMap::from([("a/index.html".to_string(), 7u64)]);
        let memos = Memos {
            pages: pages.clone(),
            links: links.clone(),
            search: Default::default(),
            catalog: vec![1, 2],
        };
        State::save(dir.path(), &out, "one", memos);
        assert!(State::load(dir.path(), &out, Some("two")).is_none());
        assert!(State::load(dir.path(), &out, None).is_none());
        assert!(State::load(dir.path(), &dir.path().join("other"), Some("one")).is_none());
        let state = State::load(dir.path(), &out, Some("one")).unwrap();
        assert_eq!(state.pages, pages);
        assert_eq!(state.links, links);
        assert_eq!(state.catalog, vec![1, 2]);
        let deps = &state.links;
        let mut a: Vec<(&str, bool)> = deps
            .indexes_of("a/index.html")
            .unwrap()
            .into_iter()
            .map(|(i, ids)| (deps.paths()[i].as_str(), ids))
            .collect();
        a.sort();
        assert_eq!(a, vec![("b/index.html", true), ("style.css", false)]);
        assert!(
            state.links.indexes_of("b/index.html").is_none(),
            "not checked"
        );
        assert!(state.links.indexes_of("c/index.html").is_none());
        State::forget(dir.path(), &out);
        assert!(State::load(dir.path(), &out, Some("one")).is_none());
    }

    #[test]
    fn a_damaged_state_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let memos = Memos {
            pages: HashMap::from([("a/index.html".to_string(), 7u64)]),
            links: Deps::default(),
            search: Default::default(),
            catalog: vec![],
        };
        State::save(dir.path(), &out, "one", memos);
        let path = file(dir.path(), &out);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(State::load(dir.path(), &out, Some("one")).is_none());
        std::fs::write(&path, b"not a state").unwrap();
        assert!(State::load(dir.path(), &out, Some("one")).is_none());
    }
}
