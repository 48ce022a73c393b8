//! The JavaScript API for pages that embed Skewplan: `plan(input, options)`
//! and `check(input, options)` return the plan / check JSON as a string, and
//! `version()` the app's version and the documents' schema ids. After the app
//! has loaded (the `TrunkApplicationStarted` event), they are
//! `window.wasmBindings.plan`, `.check` and `.version`; the module package
//! (`cargo xtask dist --module`) exports them. `load_planner()` resolves once
//! they can answer (the page loads its planner module on first need) and
//! `load_yaml()` once YAML input can be read (likewise).
//!
//! Every call answers: whatever JavaScript values come in, the answer is a
//! document, an error document naming the bad argument in `field` when
//! the input or an option can't be used. Nothing throws.

mod options;

use options::{describe, Bad};
use skewplan_core::api::Choices;
use skewplan_core::input::MAX_INPUT_BYTES;
use wasm_bindgen::prelude::*;

/// The schema id of the plan document.
pub const PLAN_SCHEMA: &str = "skewplan.plan/v1";
/// The schema id of the check document.
pub const CHECK_SCHEMA: &str = "skewplan.check/v1";

/// The input text: a string of at most the core's size limit (checked on
/// its length before it is copied into the module's memory).
fn input_text(input: &JsValue) -> Result<String, Bad> {
    let Some(js) = input.dyn_ref::<js_sys::JsString>() else {
        return Err(Bad::new("input", format!("expected a string (the pasted text), got {}", describe(input))));
    };
    // UTF-8 takes at least one byte per UTF-16 unit: a longer string is too large.
    let units = js.length() as usize;
    if units > MAX_INPUT_BYTES {
        return Err(Bad::new(
            "input",
            format!("the text is {units} characters long; at most {MAX_INPUT_BYTES} bytes can be read"),
        ));
    }
    Ok(input.as_string().unwrap_or_default())
}

/// The input and options checked, with `today` defaulting to the browser's date.
fn arguments(input: &JsValue, options: &JsValue) -> Result<(String, Choices), Bad> {
    let text = input_text(input)?;
    let mut choices = options::choices(options)?;
    if choices.today.trim().is_empty() {
        choices.today = crate::analysis::today();
    }
    Ok((text, choices))
}

/// The planner's `what` document for the arguments, or an error document.
fn answer(input: &JsValue, options: &JsValue, what: &str) -> String {
    let (text, choices) = match arguments(input, options) {
        Ok(args) => args,
        Err(bad) => return bad.document().to_string(),
    };
    let Some(doc) = crate::engine::output(what, &skewplan_engine::Request::json(&text, &choices)) else {
        // A later call answers; a failed load is reported by `load_planner`.
        wasm_bindgen_futures::spawn_local(async {
            let _ = crate::engine::load().await;
        });
        return serde_json::json!({
            "error": "the planner is still loading: await load_planner() before calling plan() or check()",
            "kind": { "kind": "planner-not-loaded" },
        })
        .to_string();
    };
    // Only an error document is worth reading again (a plan can be large).
    if doc.starts_with(r#"{"error""#) {
        let kind = serde_json::from_str::<serde_json::Value>(&doc).ok();
        if kind.as_ref().and_then(|d| d.pointer("/kind/kind")).and_then(serde_json::Value::as_str)
            == Some("yaml-not-loaded")
        {
            // A later call reads it; a failed load is reported by `load_yaml`.
            wasm_bindgen_futures::spawn_local(async {
                let _ = crate::yaml::load().await;
            });
        }
    }
    doc
}

/// The plan document (docs/plan-format.md) as JSON text, or an error
/// document `{"error": ..., "field": ...}`. Never throws.
#[wasm_bindgen]
pub fn plan(input: JsValue, options: JsValue) -> String {
    answer(&input, &options, "plan-document")
}

/// The check document as JSON text, or an error document. Never throws.
#[wasm_bindgen]
pub fn check(input: JsValue, options: JsValue) -> String {
    answer(&input, &options, "check-document")
}

/// `{version, plan_schema, check_schema}`: the app's version and the schema
/// ids of the documents `plan` and `check` return.
#[wasm_bindgen]
pub fn version() -> JsValue {
    let out = js_sys::Object::new();
    for (key, value) in
        [("version", env!("CARGO_PKG_VERSION")), ("plan_schema", PLAN_SCHEMA), ("check_schema", CHECK_SCHEMA)]
    {
        // Setting a property of a fresh plain object does not fail.
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    out.into()
}

/// Resolves to `true` once `plan` and `check` can answer: at once where
/// the planner is linked in (the module package), else once the page's
/// planner module has loaded; rejects with a message when it can't be.
#[wasm_bindgen]
pub fn load_planner() -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async {
        crate::engine::load().await.map(|()| JsValue::TRUE).map_err(|e| JsValue::from_str(&e))
    })
}

/// Resolves to `true` once YAML input can be read: at once where the YAML
/// reader is linked in (the module package), else once the page's YAML
/// reader module has loaded; rejects with a message when it can't be.
#[wasm_bindgen]
pub fn load_yaml() -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async {
        crate::yaml::load().await.map(|()| JsValue::TRUE).map_err(|e| JsValue::from_str(&e))
    })
}
