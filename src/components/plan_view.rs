//! "Plan": the summary, the strategies compared, the version chart, the
//! downloads and share link, variables, checks to run first and the steps.

use super::copy_button::CopyButton;
use super::downloads::Downloads;
use super::severity_class;
use super::steps::Steps;
use crate::analysis::Analysis;
use crate::chart::Chart;
use skewplan_core::render::{Rendered, Variable};
use skewplan_core::Plan;
use yew::prelude::*;

const STRATEGY_COLUMNS: [&str; 5] = ["Strategy", "Operations", "Node reimages", "Minutes", "Reaches target"];

#[derive(Properties, PartialEq)]
pub(crate) struct PlanProps {
    pub analysis: Analysis,
}

fn summary(plan: &Plan) -> String {
    format!(
        "{} → {}: {} operations, {} node reimages, about {} minutes ({}).",
        plan.initial.as_ref().map(|i| i.control_plane.to_string()).unwrap_or_default(),
        plan.target.as_ref().map(ToString::to_string).unwrap_or_default(),
        plan.estimate.operations,
        plan.estimate.node_reimages,
        plan.estimate.minutes,
        plan.strategy
    )
}

fn strategies(plan: &Plan) -> Html {
    html! {
        <div class="table-wrap" role="region" aria-label="Strategies compared" tabindex="0">
            <table class="strategies">
                <caption>{ "The three strategies" }</caption>
                <thead><tr>{ for STRATEGY_COLUMNS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                <tbody>
                    { for plan.alternatives.iter().map(|a| html! {
                        <tr class={classes!((a.strategy == plan.strategy).then_some("chosen"))}>
                            <th scope="row">{ a.strategy.id() }</th>
                            <td>{ a.estimate.operations }</td>
                            <td>{ a.estimate.node_reimages }</td>
                            <td>{ a.estimate.minutes }</td>
                            <td>{ if a.blocked.is_some() { "no" } else { "yes" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn variable(v: &Variable) -> Html {
    let value = match (&v.value, v.from_environment) {
        (_, true) => "from the environment".to_string(),
        (Some(x), _) => x.clone(),
        (None, _) => "set it before running".to_string(),
    };
    html! { <li><code>{ v.name.clone() }</code>{ " — " }{ v.description.clone() }{ ": " }{ value }</li> }
}

/// Variables and the checks to run before the first step.
fn before_steps(rendered: &Rendered) -> Html {
    let preflight = rendered.preflight.join("\n");
    html! {
        <>
            if !rendered.variables.is_empty() {
                <h3>{ "Variables" }</h3>
                <ul class="variables">{ for rendered.variables.iter().map(variable) }</ul>
            }
            if !rendered.preflight.is_empty() {
                <div class="commands">
                    <pre tabindex="0"><code>{ preflight.clone() }</code></pre>
                    <CopyButton text={preflight} label="Copy the checks to run first" />
                </div>
            }
        </>
    }
}

/// The workload findings (blockers by hop first, then budgets), when
/// workloads were given.
fn workloads(plan: &skewplan_core::Plan) -> Html {
    let Some(report) = &plan.workloads else { return html! {} };
    html! {
        <div class="workloads">
            <p class="summary">{ format!("Workloads: {} object(s) read, API data of {}.", report.objects_read, report.api_data_as_of) }</p>
            <ul class="workload-findings">
                { for report.findings.iter().map(|f| html! {
                    <li class={severity_class(f.severity)} data-rule={f.rule.id} data-hop={f.hop.clone().unwrap_or_default()}>
                        <code>{ f.rule.id }</code>{ format!(" {}. Fix: {}", f.message, f.rule.fix) }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[component]
pub(crate) fn PlanView(props: &PlanProps) -> Html {
    let Some(sel) = props.analysis.selected() else { return html! {} };
    let (plan, rendered) = (&sel.plan, &sel.rendered);
    html! {
        <section class="panel" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{ "Plan" }</h2>
            <p class="summary">{ summary(plan) }</p>
            if let Some(b) = &plan.blocked {
                <p class="status error blocked" role="alert">
                    <strong>{ "Stops short of the target: " }</strong><code>{ b.rule.id }</code>
                    { format!(" on {}: {}", b.subject, b.message) }
                </p>
            }
            { workloads(plan) }
            { strategies(plan) }
            <Chart analysis={props.analysis.clone()} />
            <Downloads analysis={props.analysis.clone()} />
            { before_steps(rendered) }
            <Steps analysis={props.analysis.clone()} />
            if plan.steps.is_empty() && plan.blocked.is_none() {
                <p class="status ok">{ "Nothing to do: everything already runs the target." }</p>
            }
            if !rendered.notes.is_empty() {
                <ul class="notes">
                    { for rendered.notes.iter().map(|n| html! {
                        <li class={severity_class(n.severity)}>{ n.message.clone() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
