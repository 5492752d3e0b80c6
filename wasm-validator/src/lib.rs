//! The app-password checker behind the help site's widget.
//!
//! [`rules`] holds every rule, in plain Rust, tested natively. On `wasm32` a thin
//! `#[wasm_bindgen]` skin exports `check(input)` to JavaScript, returning
//! `{ status, normalized, problems: [{ code, message, key, name, latin, count, start, end }] }`; `scripts/build-wasm` turns
//! it into `wasm-validator/pkg/`.
//!
//! The wasm build is `no_std` (with `alloc`): without std's panic and allocation-error machinery
//! it carries no `core::fmt`, which keeps the shipped file small.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

pub mod rules;

pub use rules::{check, check_utf16, Code, Problem, Status, Verdict};

#[cfg(target_arch = "wasm32")]
mod skin;
