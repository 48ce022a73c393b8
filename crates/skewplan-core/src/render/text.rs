//! Plain-text reports for a terminal: the plan and the findings.

use super::{from_and_target, step_versions, Rendered};
use crate::input::Parsed;
use crate::model::Cluster;
use crate::plan::Plan;
use crate::rules::Finding;
use std::fmt::Write;

pub fn plan_text(cluster: &Cluster, plan: &Plan, rendered: &Rendered) -> String {
    let mut s = String::new();
    let (from, target) = from_and_target(plan);
    let name = if cluster.name.is_empty() { "(unnamed)" } else { cluster.name.as_str() };
    let _ = writeln!(
        s,
        "Cluster {name} ({}): {from} -> {target}, policy {}, strategy {}",
        cluster.provider.id(),
        plan.policy,
        plan.strategy
    );
    let _ = writeln!(s, "Hop versions from {}.", plan.versions_from);
    for f in &plan.findings {
        let _ = writeln!(s, "  {} {} {}: {}", f.severity, f.rule, f.subject, f.message);
    }
    for n in &rendered.notes {
        let _ = writeln!(s, "  note: {}", n.message);
    }
    if let Some(w) = &plan.workloads {
        let _ = writeln!(s, "\nWorkloads:");
        for line in super::workloads::lines(w) {
            let _ = writeln!(s, "  {line}");
        }
    }
    for (i, step) in plan.steps.iter().enumerate() {
        let versions = step_versions(step, "->").map(|v| format!(" {v}")).unwrap_or_default();
        let _ = writeln!(s, "\n{:>3}. {} {}{versions}\n     {}", i + 1, step.action.id(), step.subject, step.reason);
        if let Some(out) = rendered.steps.get(i) {
            for n in &out.notes {
                let _ = writeln!(s, "     # {n}");
            }
            for c in &out.commands {
                let _ = writeln!(s, "     $ {c}");
            }
        }
    }
    match &plan.blocked {
        Some(b) => {
            let _ = writeln!(s, "\nStops short of the target: {} on {}: {}", b.rule, b.subject, b.message);
        }
        None if plan.steps.is_empty() => {
            let stale = plan.findings.iter().find(|f| f.rule.id == crate::rules::VERSION_DATA_STALE.id);
            let caveat = stale.map(|f| format!(" (judged by stale version data: see {} above)", f.rule));
            let _ = writeln!(s, "\nNothing to do: everything already runs {target}{}.", caveat.unwrap_or_default());
        }
        None => {
            let _ = writeln!(s, "\nReaches the target.");
        }
    }
    let _ = writeln!(s, "\nstrategy              operations  reimages  minutes");
    for a in &plan.alternatives {
        let mark = if a.strategy == plan.strategy { "*" } else { " " };
        let blocked = if a.blocked.is_some() { "  (stops short)" } else { "" };
        let _ = writeln!(
            s,
            "{mark}{:<21}{:>10}{:>10}{:>9}{blocked}",
            a.strategy.id(),
            a.estimate.operations,
            a.estimate.node_reimages,
            a.estimate.minutes
        );
    }
    s
}

pub fn check_text(parsed: &Parsed, results: &[(&Cluster, Vec<Finding>)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Input: {}", parsed.format.title());
    for d in &parsed.diagnostics {
        let _ = writeln!(s, "  {d}");
    }
    for (cluster, findings) in results {
        let name = if cluster.name.is_empty() { "(unnamed)" } else { cluster.name.as_str() };
        let cp = cluster.control_plane.version.as_ref().map(ToString::to_string).unwrap_or_else(|| "unknown".into());
        let _ = writeln!(
            s,
            "Cluster {name} ({}), control plane {cp}, {} pool(s)",
            cluster.provider.id(),
            cluster.pools.len()
        );
        if findings.is_empty() {
            let _ = writeln!(s, "  no findings");
        }
        for f in findings {
            let _ = writeln!(
                s,
                "  {} {} {}: {}\n    fix: {}\n    source: {}",
                f.severity, f.rule, f.subject, f.message, f.rule.fix, f.rule.source
            );
        }
    }
    s
}
