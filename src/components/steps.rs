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

#[component]
pub(crate) fn Steps(props: &StepsProps) -> Html {
    let Some(sel) = props.analysis.selected() else { return html! {} };
    html! {
        <ol class="steps">
            { for sel.plan.steps.iter().enumerate().map(|(i, s)| {
                step(&props.analysis, i, s, sel.rendered.steps.get(i))
            }) }
        </ol>
    }
}
