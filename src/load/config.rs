//! `content/site.toml`: the site's title, product, base URL and its versions, oldest first.

use crate::report::{Problem, Problems};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum VersionStatus {
    /// The newest release: exactly one version has it, and it is served at `/latest/` too.
    Current,
    Supported,
    Unmaintained,
    /// Not released yet: built, but never the latest.
    Preview,
}

impl VersionStatus {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            VersionStatus::Current => "current",
            VersionStatus::Supported => "supported",
            VersionStatus::Unmaintained => "unmaintained",
            VersionStatus::Preview => "preview",
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionConfig {
    pub id: String,
    pub label: String,
    pub status: VersionStatus,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub product: String,
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Front matter keys that are not helpsite's are errors (as before articles from other systems were accepted),
    /// rather than kept for templates as `article.extra`.
    #[serde(default)]
    pub strict_front_matter: bool,
    /// The largest image an article may show, in megapixels: decoding takes about 4 bytes a pixel, so an image whose
    /// header claims more is refused before it is decoded.
    #[serde(default = "default_max_image_megapixels")]
    pub max_image_megapixels: u32,
    /// Oldest first: a version inherits every article it does not have from the versions before it.
    pub versions: Vec<VersionConfig>,
    /// How the site is handed to its host.
    #[serde(default)]
    pub publish: PublishConfig,
    /// Where readers who are stuck, or answer "was this helpful?", are sent.
    #[serde(default)]
    pub support: SupportConfig,
    /// What the home page shows besides the categories, and the announcement on every page.
    #[serde(default)]
    pub home: HomeConfig,
    /// When an article's front matter has no `updated`, the date of the last commit that changed its file (when the
    /// site is in a git repository).
    #[serde(default = "yes")]
    pub updated_from_git: bool,
    /// How screenshots are encoded.
    #[serde(default)]
    pub images: ImagesConfig,
    /// The languages the help is published in, the default first (see [`crate::load::languages`]); empty for a
    /// site in one language.
    #[serde(default)]
    pub languages: Vec<LanguageConfig>,
}

/// One entry of `languages` in site.toml.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    /// A BCP 47 tag as pages and URLs carry it (`de`, `pt-br`).
    pub code: String,
    /// Its name in itself, as the language switcher shows it (`Deutsch`).
    pub label: String,
}

/// `[images]` in site.toml.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImagesConfig {
    /// Opt-in: large PNG screenshots whose lossless WebP is more than twice the bytes of a lossy one are published
    /// as lossy WebP of this quality (50-100; 90 keeps text crisp). Without it every PNG stays lossless.
    pub lossy_quality: Option<u8>,
}

fn yes() -> bool {
    true
}

/// `[support]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SupportConfig {
    /// The support form's address; `{article}`, `{version}`, `{step}`, `{url}` and `{answer}` are replaced by the
    /// reader's article title, version, step, page address and answer (URL-encoded).
    pub contact_url: Option<String>,
    /// Or an e-mail address: the links open a message with those in its subject and body.
    pub email: Option<String>,
    /// The sentence before the contact link under each article.
    pub contact_text: Option<String>,
    /// An address answers are sent to (a POST of JSON, only on a click) instead of opening the contact route.
    pub feedback_endpoint: Option<String>,
}

impl SupportConfig {
    /// The origin of the feedback endpoint, which pages may connect to.
    pub(crate) fn endpoint_origin(&self) -> Option<String> {
        let url = self.feedback_endpoint.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        Some(format!("{scheme}://{host}"))
    }
}

/// `[home]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HomeConfig {
    /// Articles listed first on the home page, as `category/article`, in order (those a version lacks are left out
    /// of its home page).
    #[serde(default)]
    pub pinned: Vec<String>,
    /// A notice on every page, until the reader dismisses it (for the tab only: nothing is stored).
    pub announcement: Option<String>,
    /// Where the announcement leads, if anywhere (a path from the site root such as `/latest/email/x/`, or an
    /// address).
    pub announcement_url: Option<String>,
}

/// `[publish]` in site.toml; `helpsite build --host` and `--no-precompress` take precedence.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PublishConfig {
    /// The host whose configuration files (redirects, headers) are written beside the site.
    pub host: Option<Host>,
    /// Whether `.br` and `.gz` copies are written beside each text file (default: yes, except for hosts that
    /// compress by themselves).
    pub precompress: Option<bool>,
}

/// A static host or web server the built site is published to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// `_redirects` and `_headers` (Netlify)
    Netlify,
    /// `_redirects` and `_headers` (Cloudflare Pages)
    Cloudflare,
    /// `helpsite.nginx.conf`, a server block's rules
    Nginx,
    /// `.htaccess` (mod_rewrite, mod_headers, mod_expires)
    Apache,
    /// `helpsite.s3.json`: redirect rules and per-key metadata for S3 and CloudFront
    S3,
    /// `.nojekyll` beside the HTML redirects and the 404 page
    GithubPages,
}

impl Host {
    /// Whether the host compresses what it serves by itself, so precompressed copies would only take space.
    pub(crate) fn compresses(self) -> bool {
        matches!(
            self,
            Host::Netlify | Host::Cloudflare | Host::GithubPages | Host::S3
        )
    }
}

fn default_max_image_megapixels() -> u32 {
    MAX_IMAGE_MEGAPIXELS
}

/// [`SiteConfig::max_image_megapixels`] unless site.toml says otherwise. A screenshot of a 5K screen is 15
/// megapixels; 50 leave room for photos and scans, and decode into 200 MB.
pub(crate) const MAX_IMAGE_MEGAPIXELS: u32 = 50;

fn default_language() -> String {
    "en".to_string()
}

/// Names that versions cannot take because the built site uses them for something else.
/// The files at the top of the output that are the site's own. (Names starting with `_` or `.` are helpsite's too:
/// `_assets`, `_img`, `_search`, the output manifest.)
pub(crate) const SITE_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "links.json",
    "llms.txt",
];

impl SiteConfig {
    /// The folder of language `li`'s tree below the site root: none for the default language, `de/` for German.
    pub(crate) fn tree_prefix(&self, li: usize) -> String {
        match li {
            0 => String::new(),
            _ => format!("{}/", self.languages[li].code),
        }
    }

    /// Index of the latest version: the one whose status is `current`.
    pub(crate) fn latest_index(&self) -> usize {
        self.versions
            .iter()
            .position(|v| v.status == VersionStatus::Current)
            .unwrap_or(self.versions.len().saturating_sub(1))
    }

    pub(crate) fn version_index(&self, id: &str) -> Option<usize> {
        self.versions.iter().position(|v| v.id == id)
    }

    /// The base URL with exactly one trailing slash.
    pub(crate) fn base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }

    /// The language of the default tree's theme texts: the first of `languages`, or English for a site without them
    /// (a site in one language keeps the English theme; its `language` says what its content is written in).
    pub(crate) fn default_theme_language(&self) -> &str {
        self.languages.first().map_or("en", |l| l.code.as_str())
    }

    /// The path part of the base URL (`/` or `/help/`), for pages that cannot use relative links (404).
    pub(crate) fn base_path(&self) -> String {
        let without_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        let path = without_scheme
            .find('/')
            .map(|i| &without_scheme[i..])
            .unwrap_or("/");
        format!("{}/", path.trim_end_matches('/'))
    }
}

/// Reads and validates `site.toml`. All problems are reported, not only the first.
pub(crate) fn load(
    path: &Path,
    rel: &Path,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Problems> {
    let mut problems = Problems::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(
                Problem::error(rel, None, format!("cannot read the site configuration: {e}"))
                    .hint("create content/site.toml with title, base_url and [[versions]] (see `helpsite init`)"),
            );
            return Err(problems);
        }
    };
    let mut config: SiteConfig = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            let line = e
                .span()
                .map(|s| crate::report::LineIndex::new(&text).line_of(s.start));
            problems.push(
                Problem::error(rel, line, format!("invalid site configuration: {}", e.message()))
                    .hint("site.toml needs title, base_url and a [[versions]] table per version with id, label and status (current, supported, unmaintained or preview)"),
            );
            return Err(problems);
        }
    };
    if let Some(url) = base_url_override {
        config.base_url = url.to_string();
    }
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
        problems.push(
            Problem::error(rel, line_of("base_url"), format!("base_url {:?} is not an absolute http(s) URL", config.base_url))
                .hint("write the address the site will be published at, e.g. base_url = \"https://help.example.com/\""),
        );
    }
    if config.versions.is_empty() {
        problems.push(
            Problem::error(rel, None, "no versions are declared")
                .hint("add a [[versions]] table with id, label and status = \"current\", and a folder content/<id>/"),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for v in &config.versions {
        let line = line_of(&format!("\"{}\"", v.id));
        if !seen.insert(v.id.clone()) {
            problems.push(
                Problem::error(rel, line, format!("version {:?} is declared twice", v.id))
                    .hint("give every version its own id"),
            );
        }
        let lower = v.id.to_ascii_lowercase();
        // `latest` is the alias of the current version.
        if lower == "latest" || SITE_FILES.contains(&lower.as_str()) || v.id.starts_with(['_', '.'])
        {
            problems.push(
                Problem::error(rel, line, format!("version id {:?} is reserved", v.id))
                    .hint("`latest` is the alias helpsite makes for the current version, and the site's own files (index.html, 404.html, sitemap.xml, robots.txt, links.json) and names starting with `_` or `.` sit beside the versions; pick another id such as \"v12\""),
            );
        } else if v.id.is_empty()
            || !v
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            problems.push(
                Problem::error(
                    rel,
                    line,
                    format!("version id {:?} cannot be used in a URL", v.id),
                )
                .hint("use letters, digits, '.', '-' and '_' only, e.g. \"v12\" or \"current\""),
            );
        }
    }
    check_languages(&mut config, rel, &text, &mut problems);
    check_support(&config.support, rel, &line_of, &mut problems);
    check_images(&config.images, rel, &line_of, &mut problems);
    let current = config
        .versions
        .iter()
        .filter(|v| v.status == VersionStatus::Current)
        .count();
    if !config.versions.is_empty() && current != 1 {
        problems.push(
            Problem::error(rel, line_of("status"), format!("{current} versions have status \"current\"; exactly one must"))
                .hint("mark the newest released version with status = \"current\": it is the one served at /latest/"),
        );
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(config)
    }
}

/// Validates `languages` (codes, labels, clashes with the site's own names and versions) and makes the first the
/// site's `language`.
fn check_languages(config: &mut SiteConfig, rel: &Path, text: &str, problems: &mut Problems) {
    if config.languages.is_empty() {
        return;
    }
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let mut seen = std::collections::BTreeSet::new();
    for l in &config.languages {
        let line = line_of(&format!("\"{}\"", l.code)).or_else(|| line_of("languages"));
        if !is_valid_code(&l.code) {
            problems.push(
                Problem::error(rel, line, format!("language code {:?} is not a language tag helpsite can use", l.code))
                    .hint("write a lowercase BCP 47 tag: two or three letters, optionally a region or script after '-' (\"de\", \"pt-br\", \"zh-hant\")"),
            );
        } else if config.version_index(&l.code).is_some() || l.code == "latest" {
            problems.push(
                Problem::error(rel, line, format!("language code {:?} is also the id of a version (or `latest`): both would be the folder /{}/", l.code, l.code))
                    .hint("rename the version: a language's pages are published under /<code>/"),
            );
        }
        if !seen.insert(l.code.clone()) {
            problems.push(
                Problem::error(rel, line, format!("language {:?} is listed twice", l.code))
                    .hint("list each language once; the first is the default"),
            );
        }
        if l.label.trim().is_empty() {
            problems.push(
                Problem::error(
                    rel,
                    line,
                    format!("language {:?} has an empty label", l.code),
                )
                .hint("give its name as its readers write it: label = \"Deutsch\""),
            );
        }
    }
    let default = config.languages[0].code.clone();
    let explicit = text.lines().position(|l| {
        l.trim_start().starts_with("language ") || l.trim_start().starts_with("language=")
    });
    if let Some(i) = explicit.filter(|_| config.language != default) {
        problems.push(
            Problem::error(
                rel,
                Some(i + 1),
                format!(
                    "language = {:?}, but the first of `languages` is {default:?}",
                    config.language
                ),
            )
            .hint("remove `language`: with `languages`, the first entry is the default language"),
        );
    }
    config.language = default;
}

/// A language tag as pages and URLs carry it: `de`, `pt-br`, `zh-hant`.
fn is_valid_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| {
            (2..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The languages other than the default, as `(index in languages, code)`.
pub(crate) fn others(config: &SiteConfig) -> impl Iterator<Item = (usize, &str)> {
    config
        .languages
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i, l.code.as_str()))
}

/// When `name` is the file name of a translation (`gmail.de.md`, `_category.de.toml`) into one of the site's other
/// languages: that language's index and its source's file name (`gmail.md`).
pub(crate) fn translated_name(config: &SiteConfig, name: &str) -> Option<(usize, String)> {
    let (stem, ext) = name.rsplit_once('.')?;
    if ext != "md" && ext != "toml" {
        return None;
    }
    let (source, code) = stem.rsplit_once('.')?;
    let (li, _) = others(config).find(|(_, c)| *c == code)?;
    (!source.is_empty()).then(|| (li, format!("{source}.{ext}")))
}

/// The support settings: a route that is a link (http, https or mailto), one route at most, an endpoint over https.
fn check_images(
    images: &ImagesConfig,
    rel: &Path,
    line_of: &dyn Fn(&str) -> Option<usize>,
    problems: &mut Problems,
) {
    if let Some(q) = images.lossy_quality {
        if !(50..=100).contains(&q) {
            problems.push(
                Problem::error(
                    rel,
                    line_of("lossy_quality"),
                    format!("[images] lossy_quality = {q} is outside 50-100"),
                )
                .hint("use 90 (text in screenshots stays sharp), or remove it to keep screenshots lossless"),
            );
        }
    }
}

fn check_support(
    support: &SupportConfig,
    rel: &Path,
    line_of: &dyn Fn(&str) -> Option<usize>,
    problems: &mut Problems,
) {
    if support.contact_url.is_some() && support.email.is_some() {
        problems.push(
            Problem::error(
                rel,
                line_of("email"),
                "[support] has both contact_url and email",
            )
            .hint("keep one: contact_url for a support form, email for a mailbox"),
        );
    }
    if let Some(url) = &support.contact_url {
        if !(url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("mailto:"))
        {
            problems.push(
                Problem::error(rel, line_of("contact_url"), format!("contact_url {url:?} is not an http(s) or mailto: address"))
                    .hint("write the support form's full address, e.g. contact_url = \"https://support.example.com/new?subject={article}\""),
            );
        }
    }
    if let Some(email) = &support.email {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(['?', '&', ' ', '<', '>'])
        });
        if !ok {
            problems.push(
                Problem::error(
                    rel,
                    line_of("email"),
                    format!("email {email:?} is not an e-mail address"),
                )
                .hint("write the mailbox alone, e.g. email = \"support@example.com\""),
            );
        }
    }
    if let Some(url) = &support.feedback_endpoint {
        let local = url.starts_with("http://127.0.0.1") || url.starts_with("http://localhost");
        if !(url.starts_with("https://") || local)
            || support.endpoint_origin().is_none_or(|o| o.ends_with("://"))
        {
            problems.push(
                Problem::error(rel, line_of("feedback_endpoint"), format!("feedback_endpoint {url:?} is not an https:// address"))
                    .hint("answers go to the endpoint over https only (http only for 127.0.0.1 or localhost while testing)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_lowercase_tags() {
        for good in ["de", "en", "pt-br", "zh-hant", "gsw"] {
            assert!(is_valid_code(good), "{good}");
        }
        for bad in ["", "d", "DE", "de_DE", "deutsch", "de-", "-de", "de/at"] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }

    fn parse(text: &str) -> Result<SiteConfig, Problems> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.toml");
        std::fs::write(&path, text).unwrap();
        load(&path, Path::new("content/site.toml"), None)
    }

    const GOOD: &str = r#"
title = "Help"
base_url = "https://help.example.com/docs"
[[versions]]
id = "v1"
label = "One"
status = "supported"
[[versions]]
id = "v2"
label = "Two"
status = "current"
"#;

    #[test]
    fn the_current_version_is_the_latest() {
        let c = parse(GOOD).unwrap();
        assert_eq!(c.latest_index(), 1);
        assert_eq!(c.base(), "https://help.example.com/docs/");
        assert_eq!(c.base_path(), "/docs/");
    }

    #[test]
    fn version_ids_that_would_collide_with_the_sites_own_files_are_reserved_with_their_line() {
        for id in [
            "index.html",
            "robots.txt",
            "Links.json",
            "_img",
            "_files",
            ".",
            "..",
            ".hidden",
        ] {
            let text = format!("title = \"H\"\nbase_url = \"https://h/\"\n\n[[versions]]\nid = \"v1\"\nlabel = \"One\"\nstatus = \"current\"\n\n[[versions]]\nid = \"{id}\"\nlabel = \"Two\"\nstatus = \"supported\"\n");
            let report = parse(&text).unwrap_err().to_string();
            assert!(
                report.contains(&format!(
                    "content/site.toml:10: version id {id:?} is reserved"
                )),
                "{id}: {report}"
            );
        }
    }

    #[test]
    fn two_current_versions_and_a_reserved_id_are_both_reported() {
        let text = GOOD
            .replace("\"supported\"", "\"current\"")
            .replace("\"v1\"", "\"latest\"");
        let problems = parse(&text).unwrap_err();
        let report = problems.to_string();
        assert!(
            report.contains("2 versions have status \"current\""),
            "{report}"
        );
        assert!(
            report.contains("version id \"latest\" is reserved"),
            "{report}"
        );
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let problems = parse("title = \"x\"\nbase_url = \n").unwrap_err();
        let p = problems.iter().next().unwrap();
        assert_eq!(p.line, Some(2));
    }
}
