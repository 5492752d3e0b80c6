//! Watching the site's sources for `helpsite serve`: `content/` and `templates/`, recursively. Changes are gathered
//! until the files have been quiet for a moment, so that one save of many files is one rebuild; editors' temporary
//! files and hidden files (which the build ignores too) are not changes.
//!
//! Symbolic links inside `content/` lead to somewhere else inside it (the build refuses any other), so their targets
//! are watched already; notify is told not to follow links, which would give a link and its target one shared inotify
//! watch that removing the link takes away. An event at a target is a change of each link that leads there, also when
//! the target sits in a hidden folder (`content/.shared/`) that is no source of its own.

use crate::cmd::terminal::{errln, Terminal};
use notify::event::{EventKind, ModifyKind};
use notify::{Config, RecommendedWatcher, RecursiveMode, Watcher as _};
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
    links: Vec<Link>,
}

/// A symbolic link inside `content/` that the build follows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    /// The link's own path, as [`source_path`] names it (`content/v2/email`).
    name: String,
    /// Where it leads, as events may name it: the real path, and the same place under `root/content` when
    /// `content/` is itself a link (inotify names events by the path watched, FSEvents by the real one).
    targets: Vec<PathBuf>,
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
        let mut watcher = RecommendedWatcher::new(
            move |event| {
                let _ = tx.send(event);
            },
            Config::default().with_follow_symlinks(false),
        )
        .map_err(|e| format!("cannot watch files: {e}"))?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watching: BTreeSet::new(),
            links: Vec::new(),
        };
        w.watch_folders()?;
        w.links = links(&w.root);
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
        // Links can come, go or move only with a creation, removal or rename; an edit leaves them as they are.
        let mut relinked = false;
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match self.events.recv_timeout(POLL) {
                Ok(event) => relinked |= self.take(event, &mut seen),
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
                Ok(event) => relinked |= self.take(event, &mut seen),
                Err(_) => break,
            }
        }
        if let Err(e) = self.watch_folders() {
            errln!(Terminal::default(), "warning: {e}");
        }
        if relinked {
            self.links = links(&self.root);
        }
        Some(Changes(seen))
    }

    /// Adds the sources an event changed to `seen`; true when it may have made, removed or moved a link.
    fn take(&self, event: notify::Result<notify::Event>, seen: &mut Vec<String>) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                errln!(Terminal::default(), "warning: watching files: {e}");
                return true;
            }
        };
        if !is_change(&event.kind) {
            return false;
        }
        for path in &event.paths {
            let direct = source_path(&self.root, path);
            for rel in direct.into_iter().chain(linked_paths(&self.links, path)) {
                if !seen.contains(&rel) {
                    seen.push(rel);
                }
            }
        }
        !matches!(
            event.kind,
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
        )
    }
}

/// The links inside `content/` that lead inside it, as the build follows them (through linked folders too).
fn links(root: &Path) -> Vec<Link> {
    let content = root.join("content");
    let Ok(real) = content.canonicalize() else {
        return Vec::new();
    };
    walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
        .filter_map(|e| {
            let name = source_path(root, e.path())?;
            let target = e.path().canonicalize().ok()?;
            let seen = content.join(target.strip_prefix(&real).ok()?);
            let mut targets = vec![target];
            if seen != targets[0] {
                targets.push(seen);
            }
            Some(Link { name, targets })
        })
        .collect()
}

/// The sources that `path` changes through links: `content/.shared/a.md` is `content/v1/email/a.md` when that
/// is a link to it, or the link to its folder is `content/v1/email`.
fn linked_paths<'a>(links: &'a [Link], path: &'a Path) -> impl Iterator<Item = String> + 'a {
    links.iter().filter_map(move |link| {
        let rest = link
            .targets
            .iter()
            .find_map(|target| path.strip_prefix(target).ok())?;
        let parts = names(rest);
        if !is_source(&parts) {
            return None;
        }
        Some(
            std::iter::once(link.name.clone())
                .chain(parts)
                .collect::<Vec<_>>()
                .join("/"),
        )
    })
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
    let parts = names(path.strip_prefix(root).ok()?);
    let first = parts.first()?;
    if !WATCHED.contains(&first.as_str()) || !is_source(&parts[1..]) {
        return None;
    }
    Some(parts.join("/"))
}

fn names(path: &Path) -> Vec<String> {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// Whether the names below a watched folder (or a link) lead to a source: none hidden, the last no editor's
/// temporary file.
fn is_source(parts: &[String]) -> bool {
    !parts.iter().any(|p| p.starts_with('.'))
        && !parts.last().is_some_and(|n| is_editor_temporary(n))
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
    fn an_event_at_a_link_target_is_a_change_of_each_link_that_leads_there() {
        let links = [
            Link {
                name: "content/v2/email".into(),
                targets: vec!["/site/content/.shared/email".into()],
            },
            Link {
                name: "content/v2/help/faq.md".into(),
                targets: vec![
                    "/real/content/.shared/faq.md".into(),
                    "/site/content/.shared/faq.md".into(),
                ],
            },
        ];
        let linked = |p: &str| linked_paths(&links, Path::new(p)).collect::<Vec<_>>();
        assert_eq!(
            linked("/site/content/.shared/email/setup.md"),
            ["content/v2/email/setup.md"]
        );
        assert_eq!(linked("/site/content/.shared/email"), ["content/v2/email"]);
        assert_eq!(
            linked("/site/content/.shared/faq.md"),
            ["content/v2/help/faq.md"]
        );
        assert_eq!(
            linked("/real/content/.shared/faq.md"),
            ["content/v2/help/faq.md"]
        );
        for ignored in [
            "/site/content/.shared/email/.setup.md.swp",
            "/site/content/.shared/email/setup.md~",
            "/site/content/.shared/other.md",
        ] {
            assert!(linked(ignored).is_empty(), "{ignored}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_content_folder_that_is_a_link_is_watched_where_it_leads() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("site");
        std::fs::create_dir_all(base.join("shared/v1")).unwrap();
        std::fs::create_dir_all(&root).unwrap();
        std::os::unix::fs::symlink("../shared", root.join("content")).unwrap();
        let mut watcher = Watcher::start(&root).unwrap();
        std::fs::write(base.join("shared/v1/a.md"), "x").unwrap();
        let stop = AtomicBool::new(false);
        assert_eq!(watcher.next(&stop).unwrap().0, vec!["content/v1/a.md"]);
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
