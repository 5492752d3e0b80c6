//! Watching the site's sources for `helpsite serve`: `content/` and `templates/`, recursively. Changes are gathered
//! until the files have been quiet for a moment, so that one save of many files is one rebuild; editors' temporary
//! files and hidden files (which the build ignores too) are not changes.

use crate::cmd::terminal::{errln, Terminal};
use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild starts.
pub(super) const QUIET: Duration = Duration::from_millis(50);
/// A rebuild starts at the latest this long after the first change, even if files keep changing.
pub(super) const PATIENCE: Duration = Duration::from_millis(1000);
/// How often a wait for changes looks at the stop flag.
const POLL: Duration = Duration::from_millis(100);

/// The folders a site is built from.
pub(super) const WATCHED: [&str; 2] = ["content", "templates"];

pub(super) struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// Which of WATCHED are watched (templates/ may appear later).
    watching: BTreeSet<&'static str>,
}

/// What changed, relative to the root, `/`-separated, in the order first seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Changes(pub Vec<String>);

impl Changes {
    /// `content/a.md`, or `content/a.md (+2 more)`.
    pub(super) fn describe(&self) -> String {
        match self.0.as_slice() {
            [] => "nothing".into(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
        }
    }
}

impl Watcher {
    /// Watches `root/content` and `root/templates` recursively, and the root itself (not recursively) to notice a
    /// templates/ folder made later.
    pub(super) fn start(root: &Path) -> Result<Self, String> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watching: BTreeSet::new(),
        };
        w.watch_folders()?;
        Ok(w)
    }

    /// Adds a watch on each source folder that exists and is not watched yet.
    fn watch_folders(&mut self) -> Result<(), String> {
        for name in WATCHED {
            let dir = self.root.join(name);
            if !self.watching.contains(name) && dir.is_dir() {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
                self.watching.insert(name);
            }
        }
        Ok(())
    }

    /// Waits for the next changes: blocks until a source file changes, then until the files have been quiet for
    /// [`QUIET`] (at most [`PATIENCE`]). None when `stop` is set.
    pub(super) fn next(&mut self, stop: &AtomicBool) -> Option<Changes> {
        let mut seen = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match self.events.recv_timeout(POLL) {
                Ok(event) => self.take(event, &mut seen),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if !seen.is_empty() {
                break;
            }
        }
        let first = Instant::now();
        loop {
            let left = PATIENCE.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => self.take(event, &mut seen),
                Err(_) => break,
            }
        }
        if let Err(e) = self.watch_folders() {
            errln!(Terminal::default(), "warning: {e}");
        }
        Some(Changes(seen))
    }

    fn take(&self, event: notify::Result<notify::Event>, seen: &mut Vec<String>) {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                errln!(Terminal::default(), "warning: watching files: {e}");
                return;
            }
        };
        if !is_change(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(rel) = source_path(&self.root, path) {
                if !seen.contains(&rel) {
                    seen.push(rel);
                }
            }
        }
    }
}

/// Writes, creations, removals, renames and metadata changes (`touch`); not reads (the build's own reads would
/// otherwise start the next build).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Any)
        | EventKind::Modify(ModifyKind::Data(_))
        | EventKind::Modify(ModifyKind::Name(_))
        | EventKind::Modify(ModifyKind::Metadata(_))
        | EventKind::Modify(ModifyKind::Other) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// `path` relative to the root (`content/v1/a.md`) when it is a source of the site: inside a watched folder, not
/// hidden, not an editor's temporary file.
pub(super) fn source_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    if !WATCHED.contains(&first.as_str()) {
        return None;
    }
    if parts[1..].iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let name = parts.last()?;
    if is_editor_temporary(name) {
        return None;
    }
    Some(parts.join("/"))
}

/// Swap, backup and lock files of common editors: Vim (`.x.swp`, `x~`, `4913`), Emacs (`.#x`, `#x#`), JetBrains
/// (`x___jb_tmp___`), and partial downloads.
fn is_editor_temporary(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swo",
            ".swx",
            "___jb_tmp___",
            "___jb_old___",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_files_in_content_and_templates_but_not_editor_or_hidden_files() {
        let root = Path::new("/site");
        let rel = |p: &str| source_path(root, &root.join(p));
        assert_eq!(rel("content/v1/a.md").as_deref(), Some("content/v1/a.md"));
        assert_eq!(
            rel("templates/base.html").as_deref(),
            Some("templates/base.html")
        );
        assert_eq!(rel("templates").as_deref(), Some("templates"));
        assert_eq!(
            rel("content/site.toml").as_deref(),
            Some("content/site.toml")
        );
        for ignored in [
            "site/index.html",
            ".helpsite-cache/serve/x",
            "content/v1/.a.md.swp",
            "content/v1/a.md~",
            "content/v1/.#a.md",
            "content/v1/#a.md#",
            "content/v1/4913",
            "content/.git/HEAD",
            "content/v1/.DS_Store",
            "content/v1/a.md___jb_tmp___",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
        assert_eq!(
            source_path(root, Path::new("/elsewhere/content/a.md")),
            None
        );
    }

    #[test]
    fn a_change_of_many_files_is_described_by_the_first_and_a_count() {
        assert_eq!(
            Changes(vec!["content/a.md".into()]).describe(),
            "content/a.md"
        );
        assert_eq!(
            Changes(vec![
                "content/a.md".into(),
                "content/b.md".into(),
                "templates/x".into()
            ])
            .describe(),
            "content/a.md (+2 more)"
        );
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessKind, CreateKind, DataChange};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
    }

    #[test]
    fn one_save_of_several_files_is_one_batch_of_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/v1")).unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        let stop = AtomicBool::new(false);
        for name in ["a.md", "b.md", "c.md"] {
            std::fs::write(root.join("content/v1").join(name), "x").unwrap();
        }
        std::fs::write(root.join("content/v1/.a.md.swp"), "x").unwrap();
        let changes = watcher.next(&stop).expect("changes");
        assert_eq!(
            changes.0,
            vec!["content/v1/a.md", "content/v1/b.md", "content/v1/c.md"]
        );
        // A templates/ folder made later is watched from then on.
        std::fs::create_dir(root.join("templates")).unwrap();
        assert_eq!(watcher.next(&stop).unwrap().0, vec!["templates"]);
        std::fs::write(root.join("templates/base.html"), "x").unwrap();
        assert_eq!(watcher.next(&stop).unwrap().0, vec!["templates/base.html"]);
    }
}
