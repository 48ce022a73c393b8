//! Skewplan core: read what cluster tooling prints, check it against
//! version-skew policies, plan upgrades and render the commands.
//!
//! Pure library: no browser, file or network access and no printing. It builds
//! for `wasm32-unknown-unknown` and native alike.
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![forbid(unsafe_code)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

pub mod api;
pub mod catalog;
pub mod input;
pub mod model;
mod named;
pub mod path;
pub mod plan;
pub mod render;
pub mod rules;
pub mod secret;
pub mod severity;
pub mod subject;
mod text;
pub mod version;
pub mod workloads;

pub use input::{parse, parse_bytes, parse_with, Format, InputError, ParseOptions, Parsed};
pub use model::{Cluster, Pool, Provider};
pub use path::FieldPath;
pub use plan::{plan, Plan, PlanOptions, PlanRequest, Strategy, Target};
pub use rules::{check, Finding, Policy, Rule};
pub use severity::Severity;
pub use subject::Subject;
pub use version::{KubeVersion, Precision, VersionError};
