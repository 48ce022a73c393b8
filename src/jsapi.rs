//! The JavaScript API for pages that embed Skewplan: `plan(input, options)`
//! and `check(input, options)` return the plan / check JSON as a string.
//! After the app has loaded (the `TrunkApplicationStarted` event), they are
//! `window.wasmBindings.plan` and `window.wasmBindings.check`.

use skewplan_core::api::{check_document, plan_document, Choices};
use wasm_bindgen::prelude::*;

/// The options object; `today` defaults to the browser's date.
fn choices(options: JsValue) -> Result<Choices, JsValue> {
    let mut choices = if options.is_undefined() || options.is_null() {
        Choices::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| JsValue::from_str(&format!("options: {e}")))?
    };
    if choices.today.trim().is_empty() {
        choices.today = crate::analysis::today();
    }
    Ok(choices)
}

/// The plan document (docs/plan-format.md) as JSON text, or an error document `{"error": ...}`.
#[wasm_bindgen]
pub fn plan(input: &str, options: JsValue) -> Result<String, JsValue> {
    let doc = plan_document(input, &choices(options)?);
    serde_json::to_string(&doc).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The findings as JSON text, or `{"error": ...}`.
#[wasm_bindgen]
pub fn check(input: &str, options: JsValue) -> Result<String, JsValue> {
    let doc = check_document(input, &choices(options)?);
    serde_json::to_string(&doc).map_err(|e| JsValue::from_str(&e.to_string()))
}
