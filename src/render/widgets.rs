//! Widgets writers place in articles with `{{< widget NAME >}}`. One so far: `app-password`, the WebAssembly
//! app-password format checker from `wasm-validator/`. Its files are compiled in and published under hashed names.

use crate::output::assets::{hashed_name, Asset};
use crate::render::markdown::Failure;

const GLUE: &[u8] = include_bytes!("../../wasm-validator/pkg/app_password_validator.js");
const WASM: &[u8] = include_bytes!("../../wasm-validator/pkg/app_password_validator_bg.wasm");
const SCRIPT: &[u8] = include_bytes!("../../wasm-validator/widget/widget.js");
const FRAGMENT: &str = include_str!("../../wasm-validator/widget/widget.html");
/// Appended to the site stylesheet.
pub(crate) const CSS: &str = include_str!("../../wasm-validator/widget/widget.css");

/// Names writers can use.
pub(crate) const NAMES: &[&str] = &["app-password"];

pub(crate) fn glue_path() -> String {
    hashed_name("_assets", "app-password-validator", "js", GLUE)
}

pub(crate) fn wasm_path() -> String {
    hashed_name("_assets", "app-password-validator", "wasm", WASM)
}

/// The widget's page script, loaded as a module by pages that use a widget.
pub(crate) fn script_path() -> String {
    hashed_name("_assets", "widget", "js", SCRIPT)
}

/// Files every build publishes (pages that use no widget never load them).
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
        Asset {
            path: script_path(),
            bytes: SCRIPT.to_vec(),
        },
    ]
}

/// The widget's HTML for a page whose relative path to the site root is `root`.
pub(crate) fn html(name: &str, root: &str) -> Result<String, Failure> {
    match name {
        "app-password" => Ok(FRAGMENT
            .replace("{{ glue_url }}", &format!("{root}{}", glue_path()))
            .replace("{{ wasm_url }}", &format!("{root}{}", wasm_path()))),
        other => Err((
            format!("unknown widget {other:?}"),
            format!("the widgets are: {}", NAMES.join(", ")),
        )),
    }
}
