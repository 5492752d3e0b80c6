//! The languages of a site beyond the default one: each translated library rendered and its links checked, each
//! language's search index built with its own analyzer, and each language's tree of pages, Markdown copies and
//! `links.json` written beside the default language's. It sits above the stages it joins (render, links, search,
//! pages), as [`crate::build`] does.

use crate::links::{self, catalog};
use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::render::articles::Library;
use crate::render::cache::RenderCache;
use crate::render::images::Images;
use crate::report::{self, Problem, Problems};
use crate::search::{self, language::Analyzer, synonyms::Synonyms};
use crate::{load, output, pages, render};
use std::collections::BTreeMap;

/// The search manifests of a language tree, per version id.
pub(crate) type Manifests = BTreeMap<String, String>;

/// Builds the search index of every language tree, each cut and stemmed as its language is (see
/// [`search::language`]), with its own synonyms file: the default language's under `_search/<version>/`, the
/// others' under `_search/<code>/<version>/`. Returns the default's manifests, each other language's, and the memo
/// of them all.
pub(crate) fn search_trees(
    (root, config): (&std::path::Path, &SiteConfig),
    (library, languages, translated): (&Library, &[load::languages::Language], &[Library]),
    out: &output::Output,
    previous: Option<&search::Memo>,
    cache: &search::Cache,
    problems: &mut Problems,
) -> (Manifests, Vec<Manifests>, search::Memo) {
    let synonyms = Synonyms::load(
        root,
        None,
        Analyzer::for_language(&config.language),
        problems,
    );
    let tree = search::Tree {
        folder: "",
        library,
        synonyms: &synonyms,
    };
    let (default, mut memo) = search::write(config, tree, out, previous, cache, problems);
    let mut others = Vec::new();
    for (lang, library) in languages.iter().zip(translated) {
        let synonyms = Synonyms::load(
            root,
            Some(&lang.code),
            Analyzer::for_language(&lang.code),
            problems,
        );
        let folder = config.tree_prefix(lang.index);
        let tree = search::Tree {
            folder: &folder,
            library,
            synonyms: &synonyms,
        };
        let (manifests, m) = search::write(config, tree, out, previous, cache, problems);
        memo.extend(m);
        others.push(manifests);
    }
    (default, others, memo)
}

/// Each other language's library (see [`render::translations`]), its translations' links checked.
pub(crate) fn translate(
    config: &SiteConfig,
    languages: &mut [load::languages::Language],
    (content, library): (&Content, &Library),
    (images, renders, messages): (&Images, &RenderCache, &pages::messages::Messages),
    problems: &mut Problems,
) -> Vec<Library> {
    languages
        .iter_mut()
        .map(|lang| {
            let translated = render::translations::library(
                config,
                lang,
                (content, library),
                images,
                renders,
                messages.all(&lang.code),
                problems,
            );
            problems.extend(only_translations(lang, |found| {
                links::sources::check(config, &lang.content, &translated, found)
            }));
            translated
        })
        .collect()
}

/// The problems `run` finds that are at a translation: the rest are the source's, reported once already.
fn only_translations(
    lang: &load::languages::Language,
    run: impl FnOnce(&mut Problems),
) -> Vec<Problem> {
    let mut found = Problems::new();
    run(&mut found);
    let files: std::collections::BTreeSet<String> = lang
        .translations
        .keys()
        .map(|&i| report::display_path(&lang.content.sources[i].rel_path))
        .collect();
    found
        .into_vec()
        .into_iter()
        .filter(|p| files.contains(&p.file))
        .collect()
}

/// The trees of a site's languages: the default's pages get the switcher and alternates, each other language's are
/// written under its folder.
pub(crate) struct LanguageTrees<'a> {
    pub languages: &'a [load::languages::Language],
    pub libraries: &'a [Library],
    pub messages: &'a pages::messages::Messages,
    /// Each language's search manifests, as [`search_trees`] returns them.
    pub search: &'a [Manifests],
}

impl<'a> LanguageTrees<'a> {
    fn tree(&self, index: usize) -> pages::languages::Tree<'a> {
        let mut all = Vec::new();
        for (l, lib) in self.languages.iter().zip(self.libraries) {
            all.push((lib, Some(l)));
        }
        pages::languages::Tree {
            index,
            all,
            messages: self.messages,
        }
    }

    /// Gives the default language's pages their language context and the other trees' sitemap entries.
    pub(crate) fn attach(&self, config: &SiteConfig, pages: &mut pages::Pages<'a>) {
        if self.languages.is_empty() {
            return;
        }
        let mut tree = self.tree(0);
        tree.all.insert(0, (pages.library, None));
        pages.tree = Some(tree);
        let latest = config.latest_index();
        let base = config.base();
        for lang in self.languages {
            pages
                .sitemap_extra
                .push(format!("{base}{}/latest/", lang.code));
            for key in pages.library[latest].keys() {
                if lang.is_translated(latest, key) {
                    pages
                        .sitemap_extra
                        .push(format!("{base}{}/latest/{}/{}/", lang.code, key.0, key.1));
                }
            }
        }
    }

    /// Writes every other language's tree; its page keys join `default`'s. Returns the number of pages. A check
    /// (which writes nothing) gets each language's catalog of step addresses in `catalogs`, by language code.
    pub(crate) fn write(
        &self,
        config: &SiteConfig,
        (theme, default): (&pages::theme::Theme, &pages::Pages<'a>),
        out: &output::Output,
        previous: Option<&std::collections::HashMap<String, u64>>,
        mut catalogs: Option<&mut BTreeMap<String, catalog::Catalog>>,
        problems: &mut Problems,
    ) -> usize {
        let mut count = 0;
        for (lang, library) in self.languages.iter().zip(self.libraries) {
            let mut found = Problems::new();
            let mut assets = theme.paths.clone();
            assets.search = self.search[lang.index - 1].clone();
            // Its scripts, in its words.
            let strings = self.messages.all(&lang.code);
            for script in theme.scripts_in((&lang.code, false), strings, &mut assets, problems) {
                if let Err(e) = out.write(&script.path, &script.bytes) {
                    problems.push(Problem::error(&script.path, None, e));
                }
            }
            let mut pages =
                pages::Pages::new(config, &lang.content, library, theme, previous, &mut found)
                    .with_assets(&assets);
            problems.extend(only_translations(lang, |f| f.extend(found.into_vec())));
            let mut tree = self.tree(lang.index);
            tree.all.insert(0, (default.library, None));
            pages.tree = Some(tree);
            pages.messages = Some(self.messages);
            let tree = config.tree_prefix(lang.index);
            // Its step addresses, as `links.json` lists the default language's: the same file under its folder. It
            // is written by one thread, beside the pages (a large site's is tens of megabytes).
            let mut in_tree = config.clone();
            in_tree.base_url = format!("{}{tree}", config.base());
            let checking = catalogs.is_some();
            let ((written, page_problems), catalog) = rayon::join(
                || {
                    let mut found = Problems::new();
                    let count = pages.write(out, &mut found);
                    pages::copies::write(&pages, out, &mut found);
                    (count, found)
                },
                || {
                    // A check writes nothing: it keeps the catalog whole instead, as it does the default
                    // language's.
                    if checking {
                        let made =
                            catalog::make(&in_tree, &lang.content, library, &BTreeMap::new());
                        return Ok(Some(made));
                    }
                    let file = format!("{tree}{}", catalog::FILE);
                    let written = out.write_streamed(&file, |w| {
                        catalog::write_file(
                            w,
                            &in_tree,
                            &lang.content,
                            library,
                            Default::default(),
                            None,
                        )?;
                        Ok(())
                    });
                    written
                        .map(|()| None)
                        .map_err(|e| Problem::error(&file, None, e))
                },
            );
            count += written;
            problems.extend(page_problems.into_vec());
            match (catalog, catalogs.as_deref_mut()) {
                (Ok(Some(made)), Some(catalogs)) => {
                    catalogs.insert(lang.code.clone(), made);
                }
                (Err(problem), _) => problems.push(problem),
                _ => {}
            }
            let keys = pages.keys.into_inner().unwrap_or_else(|e| e.into_inner());
            default
                .keys
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(keys);
        }
        count
    }
}
