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
