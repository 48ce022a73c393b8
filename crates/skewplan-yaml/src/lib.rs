//! The YAML reader of the web page, as its own small wasm module: the page
//! links the core without YAML (a smaller first load) and fetches this
//! module the first time a paste is YAML (`src/yaml.rs` of the web crate).
//!
//! `documents(text)` answers in JSON: `{"documents": [...]}` with every
//! non-empty document, or `{"line": L, "column": C, "message": "..."}`.

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// The answer for `text`, as a JSON value.
pub fn answer(text: &str) -> Value {
    match skewplan_core::input::yaml::read(text) {
        Ok(documents) => json!({ "documents": documents }),
        Err(e) => json!({ "line": e.line, "column": e.column, "message": e.message }),
    }
}

/// The documents of `text`, or its syntax error, as JSON text.
#[wasm_bindgen]
pub fn documents(text: &str) -> String {
    answer(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::answer;

    #[test]
    fn reads_documents_and_reports_errors_with_positions() {
        let ok = answer("---\nkind: Cluster\nspec: {replicas: 3}\n---\n---\nkind: MachineDeployment\n");
        assert_eq!(ok["documents"].as_array().map(Vec::len), Some(2));
        assert_eq!(ok["documents"][0]["spec"]["replicas"], 3);
        let bad = answer("kind: Cluster\n  spec: [\n");
        assert!(bad["line"].as_u64().unwrap_or(0) >= 2, "{bad}");
        assert!(bad["message"].as_str().is_some_and(|m| !m.is_empty()), "{bad}");
    }
}
