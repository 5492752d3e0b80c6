//! The redirect pages of a site: each article's old addresses from its front matter (`aliases`), within its version
//! or from the site root, and its name as written where the folder and file names were cleaned into URL names.

use super::Pages;
use crate::report::{Problem, Problems};
use std::collections::BTreeMap;

impl Pages<'_> {
    /// Folder path of each redirect page -> (target relative to it, canonical URL, title of the target).
    /// `category/old-slug` aliases live in the article's version; `/absolute` ones at the site root lead to the newest
    /// edition of the article.
    pub(super) fn aliases(
        &self,
        problems: &mut Problems,
    ) -> BTreeMap<String, (String, String, String)> {
        let latest = self.config.latest_index();
        let mut found: BTreeMap<String, (String, String, String, String)> = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for (vi, articles) in self.library.iter().enumerate() {
            let mut prefixes = vec![self.config.versions[vi].id.clone()];
            if vi == latest {
                prefixes.push("latest".into());
            }
            for p in &prefixes {
                taken.insert(format!("{p}/"), "a version's home page".into());
                for c in self.content.versions[vi].categories.keys() {
                    taken.insert(format!("{p}/{c}/"), "a category page".into());
                }
                for t in self.tags[vi].keys() {
                    taken.insert(
                        format!("{p}/{}/{t}/", crate::load::names::TAGS),
                        "a tag's page".into(),
                    );
                }
                for (c, s) in articles.keys() {
                    taken.insert(format!("{p}/{c}/{s}/"), format!("the article {c}/{s}"));
                }
            }
        }
        // Where each alias path was first claimed, for the report of a second claim.
        let mut claimed_at: BTreeMap<String, String> = BTreeMap::new();
        // Absolute aliases lead to the newest edition: walk versions newest first.
        for vi in (0..self.library.len()).rev() {
            for a in self.library[vi].values() {
                let source = &self.content.sources[a.source];
                let file = crate::report::display_path(&source.rel_path);
                let line = source.front_matter.lines.get("aliases").copied();
                for alias in &a.aliases {
                    let clean = alias.trim_matches('/');
                    let absolute = alias.starts_with('/');
                    // From the site root, the first name must not be one of the site's own: `_img/`, `_assets/`,
                    // `_search/`, `index.html`, `links.json` and the like.
                    let first = clean.split('/').next().unwrap_or("");
                    let own = absolute
                        && (first.starts_with(['_', '.'])
                            || [
                                "index.html",
                                "404.html",
                                "sitemap.xml",
                                "robots.txt",
                                "links.json",
                            ]
                            .contains(&first));
                    let valid = !clean.is_empty()
                        && !own
                        && clean.split('/').all(|seg| {
                            !seg.is_empty()
                                && seg != "."
                                && seg != ".."
                                && crate::load::names::is_valid_slug(seg)
                        });
                    if !valid {
                        problems.push(
                            Problem::error(&file, line, format!("alias {alias:?} is not a usable path"))
                                .hint("aliases are old paths like \"email/old-name\" (in this version) or \"/kb/old-name\" (from the site root), in lowercase letters, digits and '-'"),
                        );
                        continue;
                    }
                    let (path, target_version) = if absolute {
                        let in_latest = self.library[latest]
                            .contains_key(&(a.category.clone(), a.slug.clone()));
                        (format!("{clean}/"), if in_latest { latest } else { vi })
                    } else {
                        (format!("{}/{clean}/", self.config.versions[vi].id), vi)
                    };
                    let owner = format!("{}/{}", a.category, a.slug);
                    if let Some(what) = taken.get(&path) {
                        problems.push(
                            Problem::error(&file, line, format!("alias {alias:?} is the address of {what}"))
                                .hint("two pages cannot have the same URL: remove the alias or rename one of them"),
                        );
                        continue;
                    }
                    match found.get(&path) {
                        Some((_, _, _, other)) if *other != owner => problems.push(
                            Problem::error(&file, line, format!(
                                "alias {alias:?} is also claimed by the article {other}{}",
                                claimed_at.get(&path).map(|at| format!(" ({at})")).unwrap_or_default()
                            ))
                            .hint("an old address can lead to one article only: remove it from one of them"),
                        ),
                        Some(_) => {}
                        None => {
                            // Absolute aliases lead from the site root to the newest edition; aliases within a version
                            // stay in that version's tree (and in latest/ for the latest version).
                            let target = if absolute {
                                let depth = clean.split('/').count();
                                let tv = if target_version == latest { "latest" } else { &self.config.versions[target_version].id };
                                format!("{}{tv}/{}/{}/", "../".repeat(depth), a.category, a.slug)
                            } else {
                                format!("{}{}/{}/", "../".repeat(clean.split('/').count()), a.category, a.slug)
                            };
                            let canonical = self.public_url(target_version, &format!("{}/{}/", a.category, a.slug));
                            let at = line.map(|l| format!("{file}:{l}")).unwrap_or_else(|| file.clone());
                            claimed_at.insert(path.clone(), at);
                            found.insert(path, (target, canonical, a.title.clone(), owner));
                        }
                    }
                }
            }
        }
        // An article whose file or folders were not URL names (`Getting Started/Reset Password.md`) also answers at
        // its name as written, the address a site made from the same folders had. Not where only the case differs:
        // on a case-insensitive disk or server that address is the page itself.
        for (vi, articles) in self.library.iter().enumerate() {
            for a in articles.values() {
                let source = &self.content.sources[a.source];
                let spelled = &source.own_dir;
                let url = format!("{}/{}", a.category, a.slug);
                if source.front_matter.slug.is_some()
                    || spelled.to_lowercase() == url.to_lowercase()
                    || spelled
                        .chars()
                        .any(|c| c.is_control() || ":*?\"<>|\\%#".contains(c))
                {
                    continue;
                }
                let path = format!("{}/{spelled}/", self.config.versions[vi].id);
                if taken.contains_key(&path) || found.contains_key(&path) {
                    continue;
                }
                let up = "../".repeat(spelled.split('/').count());
                found.insert(
                    path,
                    (
                        format!("{up}{url}/"),
                        self.public_url(vi, &format!("{url}/")),
                        a.title.clone(),
                        url,
                    ),
                );
            }
        }
        // Relative aliases of the latest version are reachable under latest/ too.
        let latest_id = &self.config.versions[latest].id;
        let extra: Vec<(String, (String, String, String, String))> = found
            .iter()
            .filter_map(|(p, v)| {
                p.strip_prefix(&format!("{latest_id}/"))
                    .map(|rest| (format!("latest/{rest}"), v.clone()))
            })
            .collect();
        found.extend(extra);
        found
            .into_iter()
            .map(|(p, (t, c, title, _))| (p, (t, c, title)))
            .collect()
    }
}
