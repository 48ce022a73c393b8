//! The detected cluster: one row per component with its findings as badges,
//! then the findings in full.

use super::severity_class;
use crate::analysis::Analysis;
use skewplan_core::model::PoolDetails;
use skewplan_core::{Finding, Subject};
use yew::prelude::*;

const COLUMNS: [&str; 7] = ["Component", "Mode", "Version", "Nodes", "Size", "State", "Findings"];

#[derive(Properties, PartialEq)]
pub(crate) struct ClusterTableProps {
    pub analysis: Analysis,
}

/// The badges of the findings about `subjects`.
fn badges(findings: &[Finding], subjects: &[Subject]) -> Html {
    let about = subjects.iter().flat_map(|s| findings.iter().filter(move |f| f.subject == *s));
    html! {
        <>{ for about.map(|f| html! {
            <span class={classes!("badge", severity_class(f.severity))} title={f.message.clone()}>{ f.rule.id }</span>
        }) }</>
    }
}

/// One table row: the component's name, then its cells.
fn row(name: &str, cells: [String; 5], marks: Html) -> Html {
    html! {
        <tr>
            <th scope="row">{ name.to_string() }</th>
            { for cells.into_iter().map(|c| html! { <td>{ c }</td> }) }
            <td>{ marks }</td>
        </tr>
    }
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".into())
}

fn findings_list(findings: &[Finding]) -> Html {
    html! {
        <>
            <h3>{ "Findings" }</h3>
            <ul class="findings">
                { for findings.iter().map(|f| html! {
                    <li class={classes!("finding", severity_class(f.severity))}>
                        <span class="sev">{ f.severity.id() }</span>{ " " }<code>{ f.rule.id }</code>{ " " }
                        <span class="subject">{ f.subject.to_string() }</span>{ ": " }{ f.message.clone() }
                        <div class="fix">{ "Fix: " }{ f.rule.fix }</div>
                        <div class="source">
                            { "Source: " }{ f.rule.source }
                            { f.rule.error_code.map(|c| format!(" (pre-empts {c})")).unwrap_or_default() }
                        </div>
                    </li>
                }) }
            </ul>
        </>
    }
}

#[component]
pub(crate) fn ClusterTable(props: &ClusterTableProps) -> Html {
    let Some(c) = props.analysis.cluster() else { return html! {} };
    let findings = props.analysis.findings();
    let version = |v: Option<String>| v.unwrap_or_else(|| "unknown".into());
    let cp = &c.control_plane;
    let cp_cells = [
        "—".to_string(),
        version(cp.version.as_ref().map(ToString::to_string)),
        or_dash(cp.replicas.map(|r| r.to_string())),
        or_dash(cp.machine_size.clone()),
        cp.state.describe(),
    ];
    let pools = c.pools.iter().map(|p| {
        let kind = match &p.details {
            PoolDetails::ClusterApi { object_kind, .. } => object_kind.clone(),
            _ => format!("{:?}", p.mode).to_lowercase(),
        };
        let autoscale = p.autoscale.map(|(a, b)| format!(" ({a}–{b})")).unwrap_or_default();
        let cells = [
            kind,
            version(p.version.as_ref().map(ToString::to_string)),
            or_dash(p.count.map(|n| n.to_string())) + &autoscale,
            or_dash(p.machine_size.clone()),
            p.state.describe(),
        ];
        row(&p.name, cells, badges(findings, &[Subject::pool(&p.name)]))
    });
    let cp_marks = badges(findings, &[Subject::ControlPlane, Subject::Cluster]);
    let name = if c.name.is_empty() { "Cluster" } else { &c.name };
    html! {
        <>
            <div class="table-wrap" role="region" aria-label="Cluster components" tabindex="0">
                <table class="cluster">
                    <caption>{ format!("{name} ({})", c.provider.id()) }</caption>
                    <thead><tr>{ for COLUMNS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                    <tbody>
                        { row("control plane", cp_cells, cp_marks) }
                        { for pools }
                    </tbody>
                </table>
            </div>
            if !findings.is_empty() { { findings_list(findings) } }
        </>
    }
}
