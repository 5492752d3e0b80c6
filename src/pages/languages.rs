//! Between languages: the tree a language's pages are written in (`de/<version>/...`; the default language keeps
//! the site's addresses), the `hreflang` alternates of a page, the language switcher (same article, same step, by
//! the same id maps as the version switcher) and the notice on an article served untranslated.

use crate::load::config::SiteConfig;
use crate::load::languages::Language;
use crate::pages::messages::Messages;
use crate::render::articles::{Article, Library};
use serde::Serialize;

/// One language's tree, as a [`crate::pages::Pages`] writing it sees the site's languages.
pub(crate) struct Tree<'a> {
    /// Index into `config.languages` of the language this tree is in.
    pub index: usize,
    /// Every language's library and content (the default's first), for the switcher's maps and alternates.
    pub all: Vec<(&'a Library, Option<&'a Language>)>,
    pub messages: &'a Messages,
}

/// What templates get of the page's language (`language` in the common context; absent on a site in one language).
#[derive(Serialize, Clone)]
pub(crate) struct LanguageCtx {
    /// This page's language.
    pub code: String,
    /// The language switcher: every language, this one marked current.
    pub switch: Vec<Switch>,
    /// `<link rel="alternate" hreflang>` for every language's edition of the page, and `x-default`.
    pub alternates: Vec<Alternate>,
    /// Set on an article served in the source language because it has no translation.
    pub fallback: Option<Fallback>,
    /// Set on a translation whose source changed since the revision it records (`source_digest`).
    pub stale: Option<Stale>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Switch {
    pub code: String,
    pub label: String,
    pub url: String,
    pub map: Option<String>,
    pub current: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// "This translation may be out of date", with a link to the source language's page at the reader's step.
#[derive(Serialize, Clone)]
pub(crate) struct Stale {
    pub text: String,
    pub link: String,
    pub url: String,
    pub map: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct Fallback {
    /// The language the article is written in.
    pub lang: String,
    pub text: String,
}

impl<'a> Tree<'a> {
    /// This tree's folder below the site root.
    pub(crate) fn prefix(&self, config: &SiteConfig) -> String {
        config.tree_prefix(self.index)
    }

    /// Whether the article is served untranslated in this tree.
    pub(crate) fn is_fallback(&self, a: &Article) -> bool {
        match self.all[self.index].1 {
            Some(lang) => !lang.is_translated(a.version, &(a.category.clone(), a.slug.clone())),
            None => false,
        }
    }

    /// The language context of the page at `<version>/<rest>` of version `vi`; `site_root` leads from it to the
    /// site root. With `article`, the switcher keeps the step, and an untranslated article says so.
    pub(crate) fn ctx(
        &self,
        config: &SiteConfig,
        vi: usize,
        site_root: &str,
        rest: &str,
        article: Option<&Article>,
    ) -> LanguageCtx {
        let code = &config.languages[self.index].code;
        let version = &config.versions[vi].id;
        let published = if vi == config.latest_index() {
            "latest"
        } else {
            version.as_str()
        };
        let key = article.map(|a| (a.category.clone(), a.slug.clone()));
        let switch: Vec<Switch> = config
            .languages
            .iter()
            .enumerate()
            .map(|(li, l)| {
                let current = li == self.index;
                let map = match (&key, article) {
                    (Some(key), Some(a)) if !current => self.all[li].0[vi]
                        .get(key)
                        .map(|b| crate::render::step_map::map_attr(&a.rendered, &b.rendered)),
                    _ => None,
                };
                Switch {
                    code: l.code.clone(),
                    label: l.label.clone(),
                    url: format!("{site_root}{}{version}/{rest}", config.tree_prefix(li)),
                    map,
                    current,
                }
            })
            .collect();
        let base = config.base();
        let mut alternates: Vec<Alternate> = config
            .languages
            .iter()
            .enumerate()
            // An untranslated edition is the source's text: not an alternate in that language.
            .filter(|(li, _)| match (&key, self.all[*li].1) {
                (Some(key), Some(lang)) => lang.is_translated(vi, key),
                _ => true,
            })
            .map(|(li, l)| Alternate {
                hreflang: l.code.clone(),
                href: format!("{base}{}{published}/{rest}", config.tree_prefix(li)),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: format!("{base}{published}/{rest}"),
        });
        let fallback = article.filter(|a| self.is_fallback(a)).map(|_| {
            let source = &config.languages[0];
            Fallback {
                lang: source.code.clone(),
                text: self
                    .messages
                    .get(code, "fallback_notice")
                    .replace("{language}", &source.label),
            }
        });
        let stale = match (article, self.all[self.index].1) {
            (Some(a), Some(lang)) if lang.stale.contains(&a.source) => {
                let source = &switch[0];
                Some(Stale {
                    text: self.messages.get(code, "stale_notice"),
                    link: self
                        .messages
                        .get(code, "stale_link")
                        .replace("{language}", &config.languages[0].label),
                    url: source.url.clone(),
                    map: source.map.clone(),
                })
            }
            _ => None,
        };
        LanguageCtx {
            code: code.clone(),
            switch,
            alternates,
            fallback,
            stale,
        }
    }
}
