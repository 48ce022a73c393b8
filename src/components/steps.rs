//! The plan's steps, each with its reason, notes, commands to copy and files
//! to download.

use super::copy_button::CopyButton;
use super::download_button::DownloadButton;
use crate::analysis::{Analysis, Export};
use skewplan_engine::view::{PlanView, StepView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct StepsProps {
    pub analysis: Analysis,
}

fn step(analysis: &Analysis, i: usize, out: &StepView) -> Html {
    let commands = out.commands.iter().enumerate().map(|(j, c)| {
        html! {
            <div class="commands">
                <pre tabindex="0"><code>{ c.clone() }</code></pre>
                <CopyButton text={c.clone()} label={format!("Copy command {} of step {}", j + 1, i + 1)} />
            </div>
        }
    });
    let files = out.files.iter().map(|name| {
        html! { <DownloadButton analysis={analysis.clone()} what={Export::File(name.clone())} /> }
    });
    html! {
        <li class="step" data-action={out.action.clone()}>
            <h3>
                <span class="action">{ out.action.clone() }</span>{ " " }
                <span class="subject">{ out.subject.clone() }</span>{ out.versions.clone() }
            </h3>
            <p class="reason">{ out.reason.clone() }</p>
            { for out.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            { for commands }
            { for files }
        </li>
    }
}

/// The hop the workloads block, as the step the plan stops before.
fn blocked_hop(plan: &PlanView) -> Html {
    let Some((b, hop)) = plan.blocked.as_ref().and_then(|b| Some((b, b.workloads_hop.clone()?))) else {
        return html! {};
    };
    html! {
        <li class="step blocked-hop" data-action="blocked-hop" data-hop={hop.clone()}>
            <h3><span class="action">{ "blocked" }</span>{ format!(" hop to {hop}") }</h3>
            <p class="reason">{ b.message.clone() }</p>
        </li>
    }
}

#[component]
pub(crate) fn Steps(props: &StepsProps) -> Html {
    let Some(plan) = props.analysis.plan() else { return html! {} };
    html! {
        <ol class="steps">
            { for plan.steps.iter().enumerate().map(|(i, s)| step(&props.analysis, i, s)) }
            { blocked_hop(plan) }
        </ol>
    }
}
