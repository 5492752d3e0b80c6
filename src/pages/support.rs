//! The way from an article to support: "Was this article helpful?", "Did this step work?" and "Still stuck?", as
//! links that open the site's support form or an e-mail already saying which article, version and step. They need no
//! server; with a feedback endpoint configured, the page script sends the answer there instead (on a click only).

use crate::load::config::SupportConfig;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Everything but the unreserved characters of RFC 3986 is escaped: the values go into a query or a mailto: header.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Where the page script puts the step's number and name in [`SupportCtx::step`] (an unreserved word, so escaping
/// leaves it as it is).
pub(crate) const STEP_MARK: &str = "__STEP__";

/// What an article page links to for support.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct SupportCtx {
    /// The answers to "Was this article helpful?".
    pub yes: String,
    pub no: String,
    /// "Contact support", for "Still stuck?".
    pub contact: String,
    /// The sentence before it.
    pub text: String,
    /// The link a step's "Didn't work?" opens, with [`STEP_MARK`] for the step.
    pub step: String,
    /// Where the script posts answers instead, when set.
    pub endpoint: Option<String>,
}

/// What a link is about.
struct About<'a> {
    article: &'a str,
    version: &'a str,
    url: &'a str,
    step: &'a str,
    answer: &'a str,
}

/// The support links of an article page, or None when site.toml names no contact route.
pub(crate) fn links(
    support: &SupportConfig,
    article: &str,
    version: &str,
    url: &str,
    default_text: &str,
) -> Option<SupportCtx> {
    if support.contact_url.is_none() && support.email.is_none() {
        return None;
    }
    let about = |step: &'static str, answer: &'static str| About {
        article,
        version,
        url,
        step,
        answer,
    };
    Some(SupportCtx {
        yes: route(support, &about("", "This article helped")),
        no: route(support, &about("", "This article did not help")),
        contact: route(support, &about("", "")),
        text: support
            .contact_text
            .clone()
            .unwrap_or_else(|| default_text.to_string()),
        step: route(support, &about(STEP_MARK, "This step did not work")),
        endpoint: support.feedback_endpoint.clone(),
    })
}

fn encode(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// The support form's address with the placeholders filled in, or a mailto: link whose subject and body say it.
fn route(support: &SupportConfig, about: &About) -> String {
    if let Some(template) = &support.contact_url {
        return template
            .replace("{article}", &encode(about.article))
            .replace("{version}", &encode(about.version))
            .replace("{step}", &encode(about.step))
            .replace("{url}", &encode(about.url))
            .replace("{answer}", &encode(about.answer));
    }
    let email = support.email.as_deref().unwrap_or_default();
    let subject = match (about.answer, about.step.is_empty()) {
        ("", _) => format!("Help with: {}", about.article),
        (_, false) => format!("A step did not work: {}", about.article),
        (answer, true) => format!("{answer}: {}", about.article),
    };
    let mut body = format!(
        "Article: {}\nVersion: {}\nPage: {}\n",
        about.article, about.version, about.url
    );
    if !about.step.is_empty() {
        body.push_str(&format!("Step: {}\n", about.step));
    }
    if !about.answer.is_empty() {
        body.push_str(&format!("Answer: {}\n", about.answer));
    }
    body.push_str("\nWhat happened:\n");
    format!(
        "mailto:{email}?subject={}&body={}",
        encode(&subject),
        encode(&body)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SupportConfig {
        SupportConfig {
            contact_url: Some(
                "https://support.example.com/new?subject={article}&v={version}&step={step}&from={url}&a={answer}"
                    .into(),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn the_support_form_is_opened_with_article_version_step_and_page_filled_in() {
        let l = links(
            &form(),
            "Gmail & SmarterTrack",
            "v100",
            "https://h/v100/e/g/",
            "",
        )
        .unwrap();
        assert_eq!(
            l.no,
            "https://support.example.com/new?subject=Gmail%20%26%20SmarterTrack&v=v100&step=&from=https%3A%2F%2Fh%2Fv100%2Fe%2Fg%2F&a=This%20article%20did%20not%20help"
        );
        assert!(l.step.contains("&step=__STEP__&"), "{}", l.step);
        assert!(
            !l.contact.contains("help"),
            "no answer on the contact link: {}",
            l.contact
        );
    }

    #[test]
    fn a_mailbox_gets_a_message_whose_subject_and_body_say_which_step() {
        let support = SupportConfig {
            email: Some("help@example.com".into()),
            ..Default::default()
        };
        let l = links(
            &support,
            "Gmail",
            "Current release",
            "https://h/latest/e/g/",
            "",
        )
        .unwrap();
        assert!(l.step.starts_with(
            "mailto:help@example.com?subject=A%20step%20did%20not%20work%3A%20Gmail&body="
        ));
        assert!(l.step.contains("Step%3A%20__STEP__%0A"), "{}", l.step);
        assert!(
            l.yes.contains("subject=This%20article%20helped%3A%20Gmail"),
            "{}",
            l.yes
        );
    }

    #[test]
    fn without_a_contact_route_there_are_no_support_links() {
        assert!(links(&SupportConfig::default(), "a", "b", "c", "").is_none());
    }
}
