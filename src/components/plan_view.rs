//! "Plan": the summary, the strategies compared, the version chart, the
//! downloads and share link, variables, checks to run first and the steps.

use super::copy_button::CopyButton;
use super::downloads::Downloads;
use super::severity_class;
use super::steps::Steps;
use crate::analysis::Analysis;
use crate::chart::Chart;
use skewplan_engine::view::PlanView as Plan;
use yew::prelude::*;

const STRATEGY_COLUMNS: [&str; 5] = ["Strategy", "Operations", "Node reimages", "Minutes", "Reaches target"];

#[derive(Properties, PartialEq)]
pub(crate) struct PlanProps {
    pub analysis: Analysis,
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
                            <th scope="row">{ a.strategy.clone() }</th>
                            <td>{ a.operations }</td>
                            <td>{ a.node_reimages }</td>
                            <td>{ a.minutes }</td>
                            <td>{ if a.reaches_target { "yes" } else { "no" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn variable((name, description, value): &(String, String, String)) -> Html {
    html! { <li><code>{ name.clone() }</code>{ " — " }{ description.clone() }{ ": " }{ value.clone() }</li> }
}

/// Variables and the checks to run before the first step.
fn before_steps(plan: &Plan) -> Html {
    let preflight = plan.preflight.join("\n");
    html! {
        <>
            if !plan.variables.is_empty() {
                <h3>{ "Variables" }</h3>
                <ul class="variables">{ for plan.variables.iter().map(variable) }</ul>
            }
            if !plan.preflight.is_empty() {
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
fn workloads(plan: &Plan) -> Html {
    let Some(report) = &plan.workloads else { return html! {} };
    html! {
        <div class="workloads">
            <p class="summary">{ format!("Workloads: {} object(s) read, API data of {}.", report.objects_read, report.api_data_as_of) }</p>
            <ul class="workload-findings">
                { for report.findings.iter().map(|(severity, rule, hop, message, fix)| html! {
                    <li class={severity_class(*severity)} data-rule={rule.clone()} data-hop={hop.clone()}>
                        <code>{ rule.clone() }</code>{ format!(" {message}. Fix: {fix}") }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[component]
pub(crate) fn PlanView(props: &PlanProps) -> Html {
    let Some(plan) = props.analysis.plan() else { return html! {} };
    html! {
        <section class="panel" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{ "Plan" }</h2>
            <p class="summary">{ plan.summary.clone() }</p>
            if let Some(b) = &plan.blocked {
                <p class="status error blocked" role="alert">
                    <strong>{ "Stops short of the target: " }</strong><code>{ b.rule.clone() }</code>
                    { format!(" on {}: {}", b.subject, b.message) }
                </p>
            }
            { workloads(plan) }
            { strategies(plan) }
            <Chart analysis={props.analysis.clone()} />
            <Downloads analysis={props.analysis.clone()} />
            { before_steps(plan) }
            <Steps analysis={props.analysis.clone()} />
            if plan.steps.is_empty() && plan.blocked.is_none() {
                <p class="status ok">{ "Nothing to do: everything already runs the target." }</p>
            }
            if !plan.notes.is_empty() {
                <ul class="notes">
                    { for plan.notes.iter().map(|(severity, message)| html! {
                        <li class={severity_class(*severity)}>{ message.clone() }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
