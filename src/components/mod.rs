//! The page's components, one per file, after yew's `function_todomvc`
//! example: each takes the data it shows (an `Analysis` is compared by
//! pointer) and typed `on…` callbacks, never the page's dispatcher.

pub(crate) mod cluster_table;
pub(crate) mod copy_button;
pub(crate) mod detected;
pub(crate) mod download_button;
pub(crate) mod downloads;
pub(crate) mod field;
pub(crate) mod input;
pub(crate) mod options;
pub(crate) mod plan_view;
pub(crate) mod results;
pub(crate) mod steps;
pub(crate) mod workloads_input;

use skewplan_core::input::Severity;

/// The CSS class of a severity.
pub(crate) fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}
