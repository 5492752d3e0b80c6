//! The contexts the theme's templates receive, as the README's template reference lists them: what every page gets
//! ([`Common`]) and what each kind of page adds.

use super::languages;
use super::related;
use super::support;
use super::tags;
use super::theme::AssetPaths;
use crate::pages::versions::Switch;
use crate::render::markdown::Heading;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct SiteCtx<'a> {
    pub(super) title: &'a str,
    pub(super) product: &'a str,
    pub(super) base_url: String,
    pub(super) language: &'a str,
    pub(super) announcement: Option<&'a str>,
    pub(super) announcement_url: Option<&'a str>,
    /// Changes with the announcement, so that a new one shows even where the last was dismissed.
    pub(super) announcement_id: String,
}

#[derive(Serialize, Clone)]
pub(super) struct VersionCtx<'a> {
    pub(super) id: &'a str,
    pub(super) label: &'a str,
    pub(super) status: &'a str,
    pub(super) is_latest: bool,
}

#[derive(Serialize)]
pub(super) struct Banner {
    pub(super) url: String,
    pub(super) text: String,
    pub(super) map: Option<String>,
}

/// What every template receives.
#[derive(Serialize)]
pub(super) struct Common<'a> {
    pub(super) site: SiteCtx<'a>,
    pub(super) version: VersionCtx<'a>,
    pub(super) versions: Vec<Switch>,
    pub(super) root: String,
    pub(super) home_url: String,
    pub(super) assets: &'a AssetPaths,
    pub(super) scripts: Vec<String>,
    pub(super) csp: String,
    pub(super) page_title: String,
    pub(super) description: Option<String>,
    pub(super) canonical: Option<String>,
    pub(super) noindex: bool,
    pub(super) banner: Option<Banner>,
    pub(super) page_url: String,
    /// The page's language, its switcher and alternates: only on a site with `languages`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) language: Option<languages::LanguageCtx>,
    /// The theme's strings in the page's language that its templates read (see [`super::messages`] and
    /// `Pages::t`).
    pub(super) t: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) description: Option<String>,
}

#[derive(Serialize)]
pub(super) struct CategoryCtx {
    /// Its path in URLs (`billing/refunds`).
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) url: String,
    /// The categories it is a section of, outermost first, for breadcrumbs.
    pub(super) trail: Vec<Link>,
    /// Its own sections, in order.
    pub(super) sections: Vec<Link>,
    pub(super) articles: Vec<Link>,
    /// Its articles and those of its sections, all the way down.
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct ArticleCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) updated: Option<&'a str>,
    pub(super) tags: &'a [String],
    /// The tags with links to their pages.
    pub(super) tag_links: Vec<tags::TagLink>,
    /// The front matter's keys that are not helpsite's, sorted, for templates. Only for a site's own templates
    /// (see [`super::theme::Theme::custom`]): the built-in ones do not read it, and it is copied into every page's context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) extra: Option<&'a BTreeMap<String, serde_json::Value>>,
    pub(super) content: &'a str,
    pub(super) toc: Vec<&'a Heading>,
    /// Only for a site's own templates, as `extra`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) steps: Option<&'a [crate::render::steps::Step]>,
    /// Schema.org data for search engines and assistants (a `TechArticle` that is a `HowTo` whose steps are the
    /// step links), as JSON with `<` escaped, for a `<script type="application/ld+json">` data block.
    pub(super) json_ld: String,
    /// The category it is in.
    pub(super) category: Link,
    /// Every category it is in, outermost first, its own last, for breadcrumbs.
    pub(super) trail: Vec<Link>,
    /// Related articles, and the previous and next of its category.
    pub(super) nav: &'a related::Nav,
    /// Long enough for a way back to the top at its end.
    pub(super) long: bool,
    /// Its Markdown copy, from the page (see [`super::copies`]).
    pub(super) markdown: String,
    /// "Was this article helpful?", "Did this step work?" and "Still stuck?", when site.toml names a contact route.
    pub(super) support: Option<support::SupportCtx>,
}

#[derive(Serialize)]
pub(super) struct WithArticle<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) article: ArticleCtx<'a>,
}

#[derive(Serialize)]
pub(super) struct WithCategories<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) categories: Vec<CategoryCtx>,
    /// site.toml's `[home] pinned` articles this version has.
    pub(super) pinned: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct WithCategory<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) category: CategoryCtx,
}

#[derive(Serialize)]
pub(super) struct TagCtx {
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) articles: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct WithTag<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) tag: TagCtx,
}

#[derive(Serialize)]
pub(super) struct Redirect<'a> {
    pub(super) site: SiteCtx<'a>,
    pub(super) root: &'a str,
    pub(super) assets: &'a AssetPaths,
    pub(super) csp: String,
    pub(super) canonical: String,
    pub(super) target: String,
    pub(super) target_title: &'a str,
}
