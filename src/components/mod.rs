//! The page's components, one per file, after yew's `function_todomvc`
//! example: each takes the data it shows (an `Analysis` is compared by
//! pointer) and typed `on…` callbacks, never the page's dispatcher.

pub mod cluster_table;
pub mod copy_button;
pub mod detected;
pub mod download_button;
pub mod downloads;
pub mod field;
pub mod input;
pub mod options;
pub mod plan_view;
pub mod results;
pub mod steps;

use skewplan_core::input::Severity;

/// The CSS class of a severity.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}
