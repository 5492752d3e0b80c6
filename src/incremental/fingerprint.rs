//! A fingerprint of everything a build reads: the program, the options, and the path, size and modification time
//! of every file under `content/` and `templates/`. When it matches the one recorded with the output, the output is
//! already what this build would write, and the build can stop after reading the file list.

use std::path::Path;
use xxhash_rust::xxh3::Xxh3;

fn stat_into(hasher: &mut Xxh3, path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        hasher.update(&meta.len().to_le_bytes());
        if let Ok(modified) = meta.modified() {
            let nanos = modified
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            hasher.update(&nanos.to_le_bytes());
        }
    }
}

/// This helpsite: its version, and the size and time of its executable (a rebuilt helpsite may write different pages).
pub(crate) fn program() -> String {
    let mut hasher = Xxh3::new();
    program_into(&mut hasher);
    format!("{:032x}", hasher.digest128())
}

fn program_into(hasher: &mut Xxh3) {
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        stat_into(hasher, &exe);
    }
}

/// The fingerprint as hex; `settings` holds whatever else changes the output (base URL, output folder).
pub(crate) fn inputs(root: &Path, settings: &[&str]) -> String {
    let mut hasher = Xxh3::new();
    program_into(&mut hasher);
    for s in settings {
        hasher.update(&(s.len() as u64).to_le_bytes());
        hasher.update(s.as_bytes());
    }
    for dir in ["content", "templates"] {
        // Through links (content may link to shared files): what they lead to is what the build reads.
        for entry in walkdir::WalkDir::new(root.join(dir))
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let name = rel.to_string_lossy();
            hasher.update(&(name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            if entry.path_is_symlink() {
                if let Ok(target) = std::fs::read_link(entry.path()) {
                    hasher.update(target.to_string_lossy().as_bytes());
                }
            }
            if entry.file_type().is_file() {
                stat_into(&mut hasher, entry.path());
            }
        }
    }
    format!("{:032x}", hasher.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_changes_with_any_file_and_setting_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/v1")).unwrap();
        std::fs::write(dir.path().join("content/v1/a.md"), "one").unwrap();
        let first = inputs(dir.path(), &["https://a/"]);
        assert_eq!(inputs(dir.path(), &["https://a/"]), first);
        assert_ne!(inputs(dir.path(), &["https://b/"]), first);
        std::fs::write(dir.path().join("content/v1/a.md"), "one, longer").unwrap();
        let second = inputs(dir.path(), &["https://a/"]);
        assert_ne!(second, first);
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/footer.html"), "x").unwrap();
        assert_ne!(inputs(dir.path(), &["https://a/"]), second);
    }
}
