//! The plan's steps, each with its reason, notes, commands to copy and files
//! to download.

use super::copy_button::CopyButton;
use super::download_button::DownloadButton;
use crate::analysis::{Analysis, Export};
use skewplan_core::plan::Step;
use skewplan_core::render::StepOutput;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct StepsProps {
    pub analysis: Analysis,
}

/// ` FROM → TO`, ` → TO` or nothing.
fn versions(step: &Step) -> String {
    match (&step.from, &step.to) {
        (Some(f), Some(t)) => format!(" {f} → {t}"),
        (None, Some(t)) => format!(" → {t}"),
        _ => String::new(),
    }
}

fn step(analysis: &Analysis, i: usize, s: &Step, out: Option<&StepOutput>) -> Html {
    let none = StepOutput::default();
    let out = out.unwrap_or(&none);
    let commands = out.commands.iter().enumerate().map(|(j, c)| {
        html! {
            <div class="commands">
                <pre tabindex="0"><code>{ c.clone() }</code></pre>
                <CopyButton text={c.clone()} label={format!("Copy command {} of step {}", j + 1, i + 1)} />
            </div>
        }
    });
    let files = out.files.iter().filter(|name| analysis.file(name).is_some()).map(|name| {
        html! { <DownloadButton analysis={analysis.clone()} what={Export::File(name.clone())} /> }
    });
    html! {
        <li class="step" data-action={s.action.id()}>
            <h3>
                <span class="action">{ s.action.id() }</span>{ " " }
                <span class="subject">{ s.subject.to_string() }</span>{ versions(s) }
            </h3>
            <p class="reason">{ s.reason.clone() }</p>
            { for out.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            { for commands }
            { for files }
        </li>
    }
}

/// The hop the workloads block, as the step the plan stops before.
fn blocked_hop(plan: &skewplan_core::Plan) -> Html {
    let Some(b) = plan.blocked.as_ref().filter(|b| b.rule.id == skewplan_core::rules::WORKLOADS_API_REMOVED.id) else {
        return html! {};
    };
    let hop = crate::chart::blocked_hop(plan).unwrap_or_default();
    html! {
        <li class="step blocked-hop" data-action="blocked-hop" data-hop={hop.clone()}>
            <h3><span class="action">{ "blocked" }</span>{ format!(" hop to {hop}") }</h3>
            <p class="reason">{ b.message.clone() }</p>
        </li>
    }
}

#[component]
pub(crate) fn Steps(props: &StepsProps) -> Html {
    let Some(sel) = props.analysis.selected() else { return html! {} };
    html! {
        <ol class="steps">
            { for sel.plan.steps.iter().enumerate().map(|(i, s)| {
                step(&props.analysis, i, s, sel.rendered.steps.get(i))
            }) }
            { blocked_hop(&sel.plan) }
        </ol>
    }
}
