//! YAML in the browser: the core is linked without its YAML reader and reads
//! YAML through the page's YAML module (`crates/skewplan-yaml`), which the
//! page defines as `globalThis.skewplanYaml` once it has loaded it. Until
//! then a YAML paste is answered with `yaml-not-loaded` and the page loads
//! the module and asks again.

use js_sys::{Function, Reflect};
use serde_json::Value;
use skewplan_core::input::yaml::{Unread, YamlError};
use wasm_bindgen::{JsCast, JsValue};

/// Makes the core read YAML through the module (once loaded).
pub(crate) fn register() {
    skewplan_core::input::yaml::set_reader(read);
}

fn read(text: &str) -> Result<Vec<Value>, Unread> {
    let module = Reflect::get(&js_sys::global(), &JsValue::from_str("skewplanYaml"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
        .ok_or(Unread::NotLoaded)?;
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
