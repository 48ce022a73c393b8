//! The YAML reader, a second wasm module (`crates/skewplan-yaml`) that the
//! page loads the first time a paste is YAML, so JSON pastes never pay for
//! it. The page defines `globalThis.skewplanLoadYaml()` (index.html; the
//! one-file build defines its own, from the embedded module), which sets
//! `globalThis.skewplanYaml` once loaded; the core calls [`read`] through
//! `skewplan_core::input::yaml::set_reader`.

use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use skewplan_core::input::yaml::{Unread, YamlError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Makes the core read YAML through the module (once loaded).
pub(crate) fn register() {
    skewplan_core::input::yaml::set_reader(read);
}

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Whether the reader is there (linked in, or the module loaded).
pub(crate) fn ready() -> bool {
    cfg!(feature = "yaml") || global("skewplanYaml").is_some()
}

fn read(text: &str) -> Result<Vec<Value>, Unread> {
    let module = global("skewplanYaml").ok_or(Unread::NotLoaded)?;
    let documents: Function = Reflect::get(&module, &JsValue::from_str("documents"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(Unread::NotLoaded)?;
    let answer = documents.call1(&JsValue::NULL, &JsValue::from_str(text)).ok().and_then(|a| a.as_string());
    let answer: Value = answer.and_then(|a| serde_json::from_str(&a).ok()).ok_or(Unread::NotLoaded)?;
    match answer {
        Value::Object(mut map) => match map.remove("documents") {
            Some(Value::Array(documents)) => Ok(documents),
            _ => {
                let number = |key: &str| map.get(key).and_then(Value::as_u64).unwrap_or(0) as usize;
                let message = map.get("message").and_then(Value::as_str).unwrap_or("unreadable YAML").to_string();
                Err(Unread::Syntax(YamlError { line: number("line"), column: number("column"), message }))
            }
        },
        _ => Err(Unread::NotLoaded),
    }
}

/// Loads the module (once; later calls wait for the same load). Err when
/// the page defines no loader or the module can't be fetched.
pub(crate) async fn load() -> Result<(), String> {
    if ready() {
        return Ok(());
    }
    let loader: Function =
        global("skewplanLoadYaml").and_then(|f| f.dyn_into().ok()).ok_or("this page has no YAML reader")?;
    let promise: Promise = loader.call0(&JsValue::NULL).map_err(describe)?.dyn_into().map_err(describe)?;
    JsFuture::from(promise).await.map(drop).map_err(describe)
}

fn describe(e: JsValue) -> String {
    let text = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string());
    format!("the YAML reader could not be loaded: {}", text.unwrap_or_else(|| "unknown error".into()))
}
