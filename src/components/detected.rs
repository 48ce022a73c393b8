//! "Detected": the input's format, the cluster to plan, the control-plane
//! version when the input lacks it, diagnostics and the cluster table.

use super::cluster_table::ClusterTable;
use super::field::{on_value, FormField};
use super::severity_class;
use crate::analysis::Analysis;
use crate::state::Field;
use skewplan_engine::view::Detected as Read;
use yew::prelude::*;

const CP_HINT: &str =
    "This input does not name the control plane's version; `kubectl version` prints it as Server Version.";

#[derive(Properties, PartialEq)]
pub(crate) struct DetectedProps {
    pub analysis: Analysis,
    pub onset: Callback<Field>,
}

fn cluster_select(read: &Read, chosen: usize, onset: &Callback<Field>) -> Html {
    let onchange = on_value(&onset.reform(|v: String| Field::Cluster(v.parse().unwrap_or(0))));
    html! {
        <>
            <label for="cluster-select">{ "Cluster" }</label>
            <select id="cluster-select" {onchange}>
                { for read.clusters.iter().enumerate().map(|(i, label)| html! {
                    <option value={i.to_string()} selected={i == chosen}>{ label.clone() }</option>
                }) }
            </select>
        </>
    }
}

fn diagnostics(read: &Read) -> Html {
    html! {
        <ul class="diagnostics">
            { for read.diagnostics.iter().map(|(severity, path, message)| html! {
                <li class={classes!("diag", severity_class(*severity))}>
                    <code class="path">{ path.clone() }</code>{ ": " }{ message.clone() }
                </li>
            }) }
        </ul>
    }
}

#[component]
pub(crate) fn Detected(props: &DetectedProps) -> Html {
    let analysis = &props.analysis;
    let (Some(read), form) = (analysis.detected(), analysis.form()) else { return html! {} };
    let needs_cp = analysis.cluster().is_some_and(|c| c.control_plane_version_unknown)
        || !form.choices.control_plane_version.is_empty();
    html! {
        <section class="panel" aria-labelledby="detected-heading">
            <h2 id="detected-heading">{ "Detected" }</h2>
            <p id="input-status" class="status ok" role="status">
                <span class="format" data-format={read.format.clone()}>{ read.title.clone() }</span>
                { format!(" — {} cluster(s)", read.clusters.len()) }
            </p>
            if read.clusters.len() > 1 { { cluster_select(read, form.choices.cluster, &props.onset) } }
            if needs_cp {
                <FormField id="cp-version" label="Control-plane version" inputmode="decimal" placeholder="1.30.6"
                    value={form.choices.control_plane_version.clone()} hint={CP_HINT}
                    onchange={props.onset.reform(Field::ControlPlaneVersion)} />
            }
            if !read.diagnostics.is_empty() { { diagnostics(read) } }
            if analysis.plan().is_some() {
                <ClusterTable analysis={analysis.clone()} />
            }
            for (field, message) in analysis.page().choice_errors.iter() {
                <p class="status error" role="alert">{ format!("{}: {message}", field.replace('_', " ")) }</p>
            }
        </section>
    }
}
