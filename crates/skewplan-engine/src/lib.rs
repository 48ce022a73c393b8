//! The planner of the web page as its own wasm module: it parses, checks,
//! plans and renders, and answers in JSON text. The page (the Yew app in
//! `src/`) holds only the interface and loads this module the first time
//! there is something to plan, so a visitor who only reads the page never
//! downloads the planner (`src/engine.rs`). Linked in as a Rust library, the
//! same functions serve the module package and the app's tests.
//!
//! The page's view of an analysis is [`view::Page`]: what it shows, as
//! text and numbers, so that the page links a reader for a few small types
//! and not for the whole model.
//!
//! Every function takes a [`Request`] as JSON text (the page writes it) and
//! never panics on bad text: an unreadable request is answered with
//! `{"error": ...}`.

mod chart;
mod page;
pub mod view;
#[cfg(feature = "exports")]
mod yaml_bridge;

use serde::{Deserialize, Serialize};
use skewplan_core::api::{check_document, plan_document, run_choices, Choices};
#[cfg(feature = "exports")]
use wasm_bindgen::prelude::*;

/// What the page asks for: the pasted text and the form's choices, with the
/// two choices a share link never carries (so `Choices` does not serialise
/// them) given on their own.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    pub input: String,
    pub choices: Choices,
    /// The browser's date, `YYYY-MM-DD`.
    pub today: String,
    /// The workloads' texts.
    pub workloads: Vec<String>,
}

impl Request {
    /// The request for `input` and `choices`, as JSON text.
    pub fn json(input: &str, choices: &Choices) -> String {
        let (today, workloads) = (choices.today.clone(), choices.workloads.clone());
        let request = Request { input: input.to_string(), choices: choices.clone(), today, workloads };
        serde_json::to_string(&request).unwrap_or_default()
    }

    fn read(json: &str) -> Result<(String, Choices), String> {
        let r: Request = serde_json::from_str(json).map_err(|e| format!("the page's request is unreadable: {e}"))?;
        Ok((r.input, Choices { today: r.today, workloads: r.workloads, ..r.choices }))
    }
}

/// Registers the YAML bridge (in the browser) once the module is instantiated.
#[cfg(feature = "exports")]
#[wasm_bindgen(start)]
pub fn start() {
    yaml_bridge::register();
}

/// What the page shows of the request's outcome ([`view::Page`]) as JSON
/// text, or `{"error": ...}` when the request is unreadable.
#[cfg_attr(feature = "exports", wasm_bindgen)]
pub fn analyse(request: &str) -> String {
    let answer = Request::read(request).and_then(|(text, choices)| {
        let page = page::page(&run_choices(&text, &choices));
        serde_json::to_string(&page).map_err(|e| format!("the outcome can't be written: {e}"))
    });
    answer.unwrap_or_else(|e| serde_json::json!({ "error": e }).to_string())
}

/// One output of the request's plan, as text: `script`, `runbook`, `plan`
/// (the plan JSON, indented, as the page's download), `plan-document` and
/// `check-document` (the JavaScript API's answers, compact). `None` when
/// there is no plan (or `what` is none of these).
#[cfg_attr(feature = "exports", wasm_bindgen)]
pub fn output(what: &str, request: &str) -> Option<String> {
    let (text, choices) = Request::read(request).ok()?;
    match what {
        "plan-document" => Some(plan_document(&text, &choices).to_string()),
        "check-document" => Some(check_document(&text, &choices).to_string()),
        _ => {
            let outcome = run_choices(&text, &choices);
            match what {
                "script" => outcome.script(),
                "runbook" => outcome.runbook(),
                "plan" => outcome.plan_json().and_then(|v| serde_json::to_string_pretty(&v).ok()),
                _ => None,
            }
        }
    }
}
