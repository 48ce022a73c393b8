//! Skewplan web app: a thin Yew front end over `skewplan-core`.
//!
//! Components display what the core computes; they hold no domain logic.

mod analysis;
pub mod app;
mod browser;
mod chart;
mod components;
mod deflate;
mod examples;
pub mod jsapi;
pub mod share;
pub mod state;
mod yaml;

/// Registers the on-demand YAML reader with the core (before the first analysis).
pub fn register_yaml_reader() {
    yaml::register();
}
