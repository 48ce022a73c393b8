//! Test support shared by the core's and the CLI's tests: the real fixtures
//! and how they are read for planning, the summary of what a paste became,
//! the plan invariants every plan must hold, and accessors for the subjects
//! and rule ids of findings, steps and blocks.
#![forbid(unsafe_code)]

mod access;
mod fixtures;
mod invariants;
mod requests;
mod summary;
mod template;

pub use access::{pool_of, rule_id, subject_of, HasRule, HasSubject};
pub mod outcomes;
pub use fixtures::{fixture, fixture_files, fixtures_dir, read_for_planning, workspace_root};
pub use invariants::{assert_plan_holds, in_window, newer_than_control_plane, plan_violations, window};
pub use outcomes::{run_ok, step_commands};
pub use requests::two_minors_ahead;
pub use summary::summarize;
pub use template::{render_template, rendered_fixture, TEMPLATE_VARS};
