//! Everything computed from the input: what was detected, then, when the
//! input is usable, the options and the plan; or where the input is wrong.

use super::detected::Detected;
use super::options::Options;
use super::plan_view::PlanView;
use crate::analysis::Analysis;
use crate::state::Field;
use skewplan_engine::view::InputProblem;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ResultsProps {
    pub analysis: Analysis,
    pub onset: Callback<Field>,
}

/// Where in the input the problem is, when the error says.
fn input_error(e: &InputProblem) -> Html {
    html! {
        <div id="input-status" class="status error" role="alert">
            if let Some(p) = &e.place { <strong class="where">{ p.clone() }{ ": " }</strong> }
            { e.message.clone() }
        </div>
    }
}

#[component]
pub(crate) fn Results(props: &ResultsProps) -> Html {
    let analysis = &props.analysis;
    if let Some(e) = &analysis.page().input_error {
        return input_error(e);
    }
    let usable = analysis.detected().is_some_and(|d| d.usable);
    html! {
        <>
            <Detected analysis={analysis.clone()} onset={props.onset.clone()} />
            if usable && analysis.cluster().is_some() && analysis.plan().is_some() {
                <Options analysis={analysis.clone()} onset={props.onset.clone()} />
                <PlanView analysis={analysis.clone()} />
            }
        </>
    }
}
