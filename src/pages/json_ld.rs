//! Schema.org JSON-LD of an article page, for search engines and assistants.

use crate::load::config::SiteConfig;

/// The schema.org description of an article: what it is, and its steps with their own addresses.
pub(super) fn json_ld(
    page_url: &str,
    a: &crate::render::articles::Article,
    config: &SiteConfig,
    canonical: Option<&str>,
) -> String {
    let url = canonical.unwrap_or(page_url);
    let steps: Vec<serde_json::Value> = a
        .rendered
        .steps
        .iter()
        .filter(|s| s.prefix.is_none() && !s.number.contains('.'))
        .map(|s| {
            serde_json::json!({
                "@type": "HowToStep",
                "position": s.number.parse::<u32>().unwrap_or(0),
                "name": s.text,
                "text": s.text,
                "url": format!("{page_url}#{}", s.anchor()),
            })
        })
        .collect();
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": if steps.is_empty() { serde_json::json!("TechArticle") } else { serde_json::json!(["TechArticle", "HowTo"]) },
        "headline": a.title,
        "name": a.title,
        "url": url,
        "inLanguage": config.language,
        "isPartOf": { "@type": "WebSite", "name": config.title, "url": config.base() },
    });
    if let Some(d) = &a.description {
        data["description"] = d.clone().into();
    }
    if let Some(u) = &a.updated {
        data["dateModified"] = u.clone().into();
    }
    if !config.product.is_empty() {
        data["about"] =
            serde_json::json!({ "@type": "SoftwareApplication", "name": config.product });
    }
    if !steps.is_empty() {
        data["step"] = steps.into();
    }
    // `</script>` in a title must not end the block.
    serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}
