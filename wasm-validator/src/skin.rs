//! The JavaScript boundary: one function, turning a [`Verdict`] into a plain object. No rules
//! here.
//!
//! It imports the three JavaScript built-ins it needs itself rather than through `js-sys`, whose
//! closure and future support would otherwise stay in the module and double its size.

use lol_alloc::{FreeListAllocator, LockedAllocator};
use wasm_bindgen::prelude::*;

use crate::rules::{self, Verdict};

/// A small free-list allocator instead of std's dlmalloc.
#[global_allocator]
static ALLOCATOR: LockedAllocator<FreeListAllocator> =
    LockedAllocator::new(FreeListAllocator::new());

/// The rules never panic (the native property tests and the fuzz target check that); should one
/// anyway, the call traps and JavaScript sees a `RuntimeError`.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[wasm_bindgen]
extern "C" {
    /// `Object()`: a new plain object.
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;
    /// `Array()`: a new empty array.
    #[wasm_bindgen(js_name = Array)]
    fn new_array() -> JsValue;
    /// `Reflect.set(target, key, value)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;
}

/// `check(input: string)` returns `{ status, normalized, problems: [{ code, message, key, name, latin,
/// count, start, end }] }` (`name`, `latin` and `count` are `null` where the message has none).
/// A JavaScript string with lone surrogates arrives with each one replaced by U+FFFD (one UTF-16
/// unit, like the surrogate), so offsets still index the caller's string.
#[wasm_bindgen]
pub fn check(input: &str) -> JsValue {
    to_js(&rules::check(input))
}

fn to_js(verdict: &Verdict) -> JsValue {
    let result = new_object();
    set(
        &result,
        "status",
        &JsValue::from_str(verdict.status.as_str()),
    );
    let normalized = match &verdict.normalized {
        Some(n) => JsValue::from_str(n),
        None => JsValue::NULL,
    };
    set(&result, "normalized", &normalized);
    let problems = new_array();
    for (i, p) in verdict.problems.iter().enumerate() {
        let problem = new_object();
        set(&problem, "code", &JsValue::from_str(p.code.as_str()));
        set(&problem, "message", &JsValue::from_str(&p.message));
        set(&problem, "key", &JsValue::from_str(p.key));
        set(
            &problem,
            "name",
            &p.name.map_or(JsValue::NULL, JsValue::from_str),
        );
        let mut latin = [0u8; 4];
        set(
            &problem,
            "latin",
            &p.latin.map_or(JsValue::NULL, |c| {
                JsValue::from_str(c.encode_utf8(&mut latin))
            }),
        );
        set(&problem, "count", &offset(p.count));
        set(&problem, "start", &offset(p.start));
        set(&problem, "end", &offset(p.end));
        reflect_set(&problems, &number(i), &problem);
    }
    set(&result, "problems", &problems);
    result
}

fn offset(at: Option<usize>) -> JsValue {
    at.map_or(JsValue::NULL, number)
}

fn number(n: usize) -> JsValue {
    // Offsets index a JavaScript string, so they fit an f64 exactly.
    JsValue::from_f64(n as f64)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    reflect_set(target, &JsValue::from_str(key), value);
}
