//! Reusing the last build: keys of what a memo is made from, the input fingerprint, the saved build state, and packs
//! (the on-disk store the render and search caches share).

pub(crate) mod fingerprint;
pub(crate) mod key;
pub(crate) mod pack;
pub(crate) mod state;

use crate::background::drop_later;
use state::{Memos, State};
use std::path::{Path, PathBuf};

/// What the last build into the same output left for this one: opened before a build, saved after it. A check (no
/// output) neither reads nor leaves anything.
pub(crate) struct Previous {
    root: PathBuf,
    output: Option<PathBuf>,
    /// The fingerprint of this build's inputs (see [`fingerprint::inputs`]); None for a check.
    inputs: Option<String>,
    /// The saved state, when it describes the output as it is on disk.
    state: Option<State>,
}

impl Previous {
    /// Takes the fingerprint of the inputs of a build of `root` into `output` (`base_url` is one of its settings).
    /// `publish`: the settings of the hand-over to the host (host, precompression), which change what is written.
    pub(crate) fn open(
        root: &Path,
        output: Option<&Path>,
        base_url: Option<&str>,
        publish: &str,
    ) -> Self {
        let inputs = output.map(|out| {
            let settings = [base_url.unwrap_or(""), &out.to_string_lossy(), publish];
            fingerprint::inputs(root, &settings)
        });
        Previous {
            root: root.to_path_buf(),
            output: output.map(Path::to_path_buf),
            inputs,
            state: None,
        }
    }

    /// This build's input fingerprint (None for a check).
    pub(crate) fn inputs(&self) -> Option<&str> {
        self.inputs.as_deref()
    }

    /// Reads the state the last build left, when that build wrote the output as it is now (`on_disk` is the
    /// fingerprint in the output's manifest).
    pub(crate) fn read_state(&mut self, on_disk: Option<&str>) {
        self.state = self
            .output
            .as_deref()
            .and_then(|dir| State::load(&self.root, dir, on_disk));
    }

    pub(crate) fn state(&self) -> Option<&State> {
        self.state.as_ref()
    }

    /// Called once the build has succeeded, right before the output changes: the saved state must never describe
    /// another output than the one on disk, so it is gone until [`Previous::save`] writes the new one.
    pub(crate) fn forget(&mut self) {
        drop_later(self.state.take());
        if let Some(dir) = &self.output {
            State::forget(&self.root, dir);
        }
    }

    /// Saves what this build leaves for the next one, once its output is in place.
    pub(crate) fn save(self, memos: Memos) {
        if let (Some(dir), Some(inputs)) = (&self.output, &self.inputs) {
            State::save(&self.root, dir, inputs, memos);
        }
    }
}
