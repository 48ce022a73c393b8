//! The YAML reader, a wasm module of its own (`crates/skewplan-yaml`) that
//! the page loads the first time a paste is YAML, so JSON pastes never pay
//! for it. The page defines `globalThis.skewplanLoadYaml()` (index.html; the
//! one-file build defines its own, from the embedded module), which sets
//! `globalThis.skewplanYaml` once loaded; the planner reads YAML through it
//! (`crates/skewplan-engine/src/yaml_bridge.rs`).

/// Whether the reader is there (linked in, or the module loaded).
pub(crate) fn ready() -> bool {
    cfg!(any(feature = "yaml", not(target_arch = "wasm32"))) || crate::browser::global("skewplanYaml").is_some()
}

/// Loads the module (once; later calls wait for the same load). Err when
/// the page defines no loader or the module can't be fetched.
pub(crate) async fn load() -> Result<(), String> {
    if ready() {
        return Ok(());
    }
    crate::browser::load_module("skewplanLoadYaml")
        .await
        .map_err(|e| format!("the YAML reader could not be loaded: {e}"))
}
