//! Running the core as the front ends do, for exact-command tests.

use skewplan_core::api::{run_choices, Choices, Outcome};

/// Parses, plans and renders `text` with `choices`, which must all be usable.
pub fn run_ok(text: &str, choices: &Choices) -> Outcome {
    let outcome = run_choices(text, choices);
    assert!(outcome.choice_errors.is_empty(), "{:?}", outcome.choice_errors);
    outcome
}

/// Every step's commands, one line each, prefixed with the step's action.
pub fn step_commands(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan
        .steps
        .iter()
        .zip(&sel.rendered.steps)
        .flat_map(|(s, r)| r.commands.iter().map(move |c| format!("{}: {c}", s.action.id())))
        .collect()
}
