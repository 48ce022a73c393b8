//! "Detected": the input's format, the cluster to plan, the control-plane
//! version when the input lacks it, diagnostics and the cluster table.

use super::cluster_table::ClusterTable;
use super::field::{on_value, FormField};
use super::severity_class;
use crate::analysis::Analysis;
use crate::state::Field;
use skewplan_core::Parsed;
use yew::prelude::*;

const CP_HINT: &str =
    "This input does not name the control plane's version; `kubectl version` prints it as Server Version.";

#[derive(Properties, PartialEq)]
pub(crate) struct DetectedProps {
    pub analysis: Analysis,
    pub onset: Callback<Field>,
}

fn cluster_select(parsed: &Parsed, chosen: usize, onset: &Callback<Field>) -> Html {
    let onchange = on_value(&onset.reform(|v: String| Field::Cluster(v.parse().unwrap_or(0))));
    html! {
        <>
            <label for="cluster-select">{ "Cluster" }</label>
            <select id="cluster-select" {onchange}>
                { for parsed.clusters.iter().enumerate().map(|(i, c)| {
                    let version = c.control_plane.version.as_ref().map(ToString::to_string).unwrap_or_default();
                    let label = format!("{} ({version})", c.name);
                    html! { <option value={i.to_string()} selected={i == chosen}>{ label }</option> }
                }) }
            </select>
        </>
    }
}

fn diagnostics(parsed: &Parsed) -> Html {
    html! {
        <ul class="diagnostics">
            { for parsed.diagnostics.iter().map(|d| html! {
                <li class={classes!("diag", severity_class(d.severity))}>
                    <code class="path">{ d.path.to_string() }</code>{ ": " }{ d.message.clone() }
                </li>
            }) }
        </ul>
    }
}

#[component]
pub(crate) fn Detected(props: &DetectedProps) -> Html {
    let analysis = &props.analysis;
    let (Some(parsed), form) = (analysis.parsed(), analysis.form()) else { return html! {} };
    let needs_cp = analysis.cluster().is_some_and(|c| c.control_plane.version.is_none())
        || !form.choices.control_plane_version.is_empty();
    html! {
        <section class="panel" aria-labelledby="detected-heading">
            <h2 id="detected-heading">{ "Detected" }</h2>
            <p id="input-status" class="status ok" role="status">
                <span class="format" data-format={parsed.format.id()}>{ parsed.format.title() }</span>
                { format!(" — {} cluster(s)", parsed.clusters.len()) }
            </p>
            if parsed.clusters.len() > 1 { { cluster_select(parsed, form.choices.cluster, &props.onset) } }
            if needs_cp {
                <FormField id="cp-version" label="Control-plane version" inputmode="decimal" placeholder="1.30.6"
                    value={form.choices.control_plane_version.clone()} hint={CP_HINT}
                    onchange={props.onset.reform(Field::ControlPlaneVersion)} />
            }
            if !parsed.diagnostics.is_empty() { { diagnostics(parsed) } }
            if analysis.selected().is_some() {
                <ClusterTable analysis={analysis.clone()} />
            }
            for e in analysis.outcome().choice_errors.iter() {
                <p class="status error" role="alert">{ format!("{}: {}", e.field.replace('_', " "), e.message) }</p>
            }
        </section>
    }
}
