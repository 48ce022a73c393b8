//! Skewplan web app: a thin Yew front end over `skewplan-core`.
//!
//! Components display what the core computes; they hold no domain logic.

pub mod app;
mod browser;
mod chart;
mod examples;
pub mod jsapi;
pub mod share;
pub mod state;
