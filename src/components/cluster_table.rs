//! The detected cluster: one row per component with its findings as badges,
//! then the findings in full.

use super::severity_class;
use crate::analysis::Analysis;
use skewplan_core::input::Severity;
use skewplan_engine::view::{FindingView, Row};
use yew::prelude::*;

const COLUMNS: [&str; 7] = ["Component", "Mode", "Version", "Nodes", "Size", "State", "Findings"];

#[derive(Properties, PartialEq)]
pub(crate) struct ClusterTableProps {
    pub analysis: Analysis,
}

/// The badges of the findings about `subjects`.
fn badges(badges: &[(Severity, String, String)]) -> Html {
    html! {
        <>{ for badges.iter().map(|(severity, rule, message)| html! {
            <span class={classes!("badge", severity_class(*severity))} title={message.clone()}>{ rule.clone() }</span>
        }) }</>
    }
}

fn row(r: &Row) -> Html {
    html! {
        <tr>
            <th scope="row">{ r.name.clone() }</th>
            { for r.cells.iter().map(|c| html! { <td>{ c.clone() }</td> }) }
            <td>{ badges(&r.badges) }</td>
        </tr>
    }
}

fn findings_list(findings: &[FindingView]) -> Html {
    html! {
        <>
            <h3>{ "Findings" }</h3>
            <ul class="findings">
                { for findings.iter().map(|f| html! {
                    <li class={classes!("finding", severity_class(f.severity))}>
                        <span class="sev">{ f.severity.id() }</span>{ " " }<code>{ f.rule.clone() }</code>{ " " }
                        <span class="subject">{ f.subject.clone() }</span>{ ": " }{ f.message.clone() }
                        <div class="fix">{ "Fix: " }{ f.fix.clone() }</div>
                        <div class="source">
                            { "Source: " }{ f.source.clone() }
                            { f.error_code.as_ref().map(|c| format!(" (pre-empts {c})")).unwrap_or_default() }
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
    html! {
        <>
            <div class="table-wrap" role="region" aria-label="Cluster components" tabindex="0">
                <table class="cluster">
                    <caption>{ c.caption.clone() }</caption>
                    <thead><tr>{ for COLUMNS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                    <tbody>
                        { for c.rows.iter().map(row) }
                    </tbody>
                </table>
            </div>
            if !findings.is_empty() { { findings_list(findings) } }
        </>
    }
}
