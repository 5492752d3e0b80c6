//! Widgets writers place in articles with `{{< widget NAME >}}`. One so far: `app-password`, the WebAssembly
//! app-password format checker from `wasm-validator/`. Its files are compiled in and published under hashed names.

use crate::output::assets::{hashed_name, Asset};
use crate::render::markdown::Failure;
use std::collections::BTreeMap;

const GLUE: &[u8] = include_bytes!("../../wasm-validator/pkg/app_password_validator.js");
const WASM: &[u8] = include_bytes!("../../wasm-validator/pkg/app_password_validator_bg.wasm");
/// The widget's page script: published by the theme, one copy per language (see [`crate::pages::script_texts`]).
pub(crate) const SCRIPT: &[u8] = include_bytes!("../../wasm-validator/widget/widget.js");
const FRAGMENT: &str = include_str!("../../wasm-validator/widget/widget.html");
/// Appended to the site stylesheet.
pub(crate) const CSS: &str = include_str!("../../wasm-validator/widget/widget.css");

/// The catalogue keys of the texts in the widgets' HTML: its `{{ t.key }}` placeholders.
pub(crate) fn text_keys() -> impl Iterator<Item = &'static str> {
    FRAGMENT
        .split("{{ t.")
        .skip(1)
        .filter_map(|rest| rest.split_once(" }}").map(|(key, _)| key))
}

/// helpsite's English catalogue, where the widgets' HTML takes its texts from when no language is asked for.
pub(crate) fn english() -> BTreeMap<String, String> {
    toml::from_str(include_str!("../../templates/messages/en.toml")).unwrap_or_default()
}

/// Names writers can use.
pub(crate) const NAMES: &[&str] = &["app-password"];

pub(crate) fn glue_path() -> String {
    hashed_name("_assets", "app-password-validator", "js", GLUE)
}

pub(crate) fn wasm_path() -> String {
    hashed_name("_assets", "app-password-validator", "wasm", WASM)
}

/// Files every build publishes (pages that use no widget never load them); the page script is the theme's.
pub(crate) fn assets() -> Vec<Asset> {
    vec![
        Asset {
            path: glue_path(),
            bytes: GLUE.to_vec(),
        },
        Asset {
            path: wasm_path(),
            bytes: WASM.to_vec(),
        },
    ]
}

/// The widget's HTML for a page whose relative path to the site root is `root`, in helpsite's English.
pub(crate) fn html(name: &str, root: &str) -> Result<String, Failure> {
    localized(name, root, &english())
}

/// The widget's HTML with its texts from `strings` (a language's message catalogue).
pub(crate) fn localized(
    name: &str,
    root: &str,
    strings: &BTreeMap<String, String>,
) -> Result<String, Failure> {
    match name {
        "app-password" => {
            let mut html = FRAGMENT
                .replace("{{ glue_url }}", &format!("{root}{}", glue_path()))
                .replace("{{ wasm_url }}", &format!("{root}{}", wasm_path()));
            while let Some(start) = html.find("{{ t.") {
                let Some(len) = html[start..].find(" }}") else {
                    break;
                };
                let key = &html[start + 5..start + len];
                let text = crate::html::escape(strings.get(key).map_or("", String::as_str))
                    .replace("{example}", "<code>abcd efgh ijkl mnop</code>");
                html.replace_range(start..start + len + 3, &text);
            }
            Ok(html)
        }
        other => Err((
            format!("unknown widget {other:?}"),
            format!("the widgets are: {}", NAMES.join(", ")),
        )),
    }
}
