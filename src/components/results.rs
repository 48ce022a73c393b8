//! Everything computed from the input: what was detected, then, when the
//! input is usable, the options and the plan; or where the input is wrong.

use super::detected::Detected;
use super::options::Options;
use super::plan_view::PlanView;
use crate::analysis::Analysis;
use crate::state::Field;
use skewplan_core::input::{InputError, PasteProblem, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ResultsProps {
    pub analysis: Analysis,
    pub onset: Callback<Field>,
}

/// Where in the input the problem is, when the error says.
fn place(e: &InputError) -> Option<String> {
    match e {
        InputError::Syntax { line, column, .. } if *line > 0 => Some(format!("Line {line}, column {column}")),
        InputError::Paste { problems, .. } => problems.first().map(|p| match p {
            PasteProblem::CommandLine { line, .. } => format!("Line {line}"),
            PasteProblem::Elided { line, column } => format!("Line {line}, column {column}"),
        }),
        _ => None,
    }
}

fn input_error(e: &InputError) -> Html {
    html! {
        <div id="input-status" class="status error" role="alert">
            if let Some(p) = place(e) { <strong class="where">{ p }{ ": " }</strong> }
            { e.to_string() }
        </div>
    }
}

#[component]
pub(crate) fn Results(props: &ResultsProps) -> Html {
    let analysis = &props.analysis;
    let parsed = match &analysis.outcome().parsed {
        Err(e) => return input_error(e),
        Ok(p) => p,
    };
    let usable = !parsed.diagnostics.iter().any(|d| d.severity == Severity::Error);
    html! {
        <>
            <Detected analysis={analysis.clone()} onset={props.onset.clone()} />
            if usable && analysis.cluster().is_some() && analysis.selected().is_some() {
                <Options analysis={analysis.clone()} onset={props.onset.clone()} />
                <PlanView analysis={analysis.clone()} />
            }
        </>
    }
}
