//! The planner (`crates/skewplan-engine`): parse, check, plan and render.
//! On the page it is a wasm module of its own, fetched the first time there
//! is something to plan, so the first load is the interface only. The page
//! defines `globalThis.skewplanLoadEngine()` (index.html; the one-file build
//! its own, from the embedded module), which sets `globalThis.skewplanEngine`
//! once loaded. Where the planner is linked in (the module package, the
//! tests), the same functions are called directly.
//!
//! Requests and answers are JSON text: the request is
//! `skewplan_engine::Request`, the analysis answer a
//! `skewplan_engine::view::Page`.

use crate::state::Form;
use skewplan_core::api::Choices;
use skewplan_engine::view::Page;
use skewplan_engine::Request;

/// The request for what the form says, on `today`.
pub(crate) fn form_request(form: &Form, today: String) -> String {
    Request::json(&form.input, &Choices { today, ..form.choices() })
}

/// What the page shows of `request`'s outcome; `None` while the planner has
/// not loaded, an error when its answer can't be read (a defect, shown).
pub(crate) fn analyse(request: &str) -> Option<Result<Page, String>> {
    let answer = imp::call("analyse", &[request])?;
    Some(serde_json::from_str(&answer).map_err(|_| {
        let error = serde_json::from_str::<serde_json::Value>(&answer).ok();
        let message = error.as_ref().and_then(|v| v["error"].as_str()).unwrap_or("an unreadable answer");
        format!("The planner could not answer: {message}")
    }))
}

/// An output of `request` (see `skewplan_engine::output`); `None` while the
/// planner has not loaded or when there is no such output.
pub(crate) fn output(what: &str, request: &str) -> Option<String> {
    imp::call("output", &[what, request])
}

pub(crate) use imp::{load, ready};

#[cfg(any(feature = "linked", not(target_arch = "wasm32")))]
mod imp {
    /// Linked in: always there.
    pub(crate) fn ready() -> bool {
        true
    }

    pub(crate) async fn load() -> Result<(), String> {
        Ok(())
    }

    pub(crate) fn call(function: &str, args: &[&str]) -> Option<String> {
        match (function, args) {
            ("analyse", [request]) => Some(skewplan_engine::analyse(request)),
            ("output", [what, request]) => skewplan_engine::output(what, request),
            _ => None,
        }
    }
}

#[cfg(not(any(feature = "linked", not(target_arch = "wasm32"))))]
mod imp {
    use crate::browser::{global, load_module};
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// Whether the planner module has loaded.
    pub(crate) fn ready() -> bool {
        global("skewplanEngine").is_some()
    }

    /// Loads the planner (once; later calls wait for the same load).
    pub(crate) async fn load() -> Result<(), String> {
        if ready() {
            return Ok(());
        }
        load_module("skewplanLoadEngine").await.map_err(|e| format!("The planner could not be loaded: {e}"))
    }

    pub(crate) fn call(function: &str, args: &[&str]) -> Option<String> {
        let module = global("skewplanEngine")?;
        let f: Function = Reflect::get(&module, &JsValue::from_str(function)).ok()?.dyn_into().ok()?;
        let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        f.apply(&JsValue::NULL, &args).ok()?.as_string()
    }
}
