//! Skewplan web app: a thin Yew front end over `skewplan-core`.
//!
//! Components display what the core computes; they hold no domain logic.
//! The page links only the core's types: the planner is a wasm module of
//! its own, loaded on first need (`engine.rs`).

mod analysis;
pub mod app;
mod browser;
mod chart;
mod components;
mod deflate;
mod engine;
mod examples;
pub mod jsapi;
pub mod share;
pub mod state;
mod yaml;
