//! The Markdown runbook: summary, findings, prerequisites, steps with their
//! commands, rollback and disruption notes.

use super::{from_and_target, step_versions, Rendered};
use crate::model::Cluster;
use crate::plan::Plan;
use std::fmt::Write;

/// Escapes text for Markdown prose (input-derived names included).
fn md(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\`*_{}[]<>#|!".contains(c) {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

pub fn runbook(cluster: &Cluster, plan: &Plan, rendered: &Rendered) -> String {
    let mut s = String::new();
    summary(&mut s, cluster, plan);
    findings(&mut s, plan, rendered);
    prerequisites(&mut s, rendered);
    if let Some(w) = &plan.workloads {
        bullets(&mut s, "Workloads (before the first pool step)", &super::workloads::lines(w));
    }
    steps(&mut s, plan, rendered);
    bullets(&mut s, "Rollback", &rendered.advice.rollback);
    bullets(&mut s, "Disruption", &rendered.advice.disruption);
    s
}

/// A section that is a list.
fn bullets(s: &mut String, title: &str, items: &[String]) {
    let _ = writeln!(s, "\n## {title}\n");
    for item in items {
        let _ = writeln!(s, "- {}", md(item));
    }
}

/// The title, the summary and the strategies side by side.
fn summary(s: &mut String, cluster: &Cluster, plan: &Plan) {
    let name = if cluster.name.is_empty() { "the cluster".to_string() } else { md(&cluster.name) };
    let (from, target) = from_and_target(plan);
    let _ = writeln!(s, "# Upgrade runbook: {name}, {from} to {target}\n");
    let _ = writeln!(s, "## Summary\n");
    let _ = writeln!(
        s,
        "- Policy: `{}`; strategy: `{}`; hop versions from {}.",
        plan.policy,
        plan.strategy,
        md(&plan.versions_from)
    );
    let _ = writeln!(
        s,
        "- Estimate: {} operations, {} node reimages, about {} minutes.",
        plan.estimate.operations, plan.estimate.node_reimages, plan.estimate.minutes
    );
    match &plan.blocked {
        Some(b) => {
            let _ = writeln!(
                s,
                "- **Stops short of the target**: `{}` on {}: {}",
                b.rule,
                md(&b.subject.to_string()),
                md(&b.message)
            );
        }
        None => {
            let _ = writeln!(s, "- Reaches the target: every component at {target}.");
        }
    }
    let _ =
        writeln!(s, "\n| strategy | operations | node reimages | minutes | reaches target |\n|---|---|---|---|---|");
    for a in &plan.alternatives {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            a.strategy,
            a.estimate.operations,
            a.estimate.node_reimages,
            a.estimate.minutes,
            if a.blocked.is_some() { "no" } else { "yes" }
        );
    }
}

fn findings(s: &mut String, plan: &Plan, rendered: &Rendered) {
    let _ = writeln!(s, "\n## Findings\n");
    if plan.findings.is_empty() {
        let _ = writeln!(s, "No rule is violated now.");
    }
    for f in &plan.findings {
        let _ = writeln!(
            s,
            "- **{}** `{}` {}: {} Fix: {} (Source: {}.)",
            f.severity,
            f.rule,
            md(&f.subject.to_string()),
            md(&f.message),
            md(f.rule.fix),
            md(f.rule.source)
        );
    }
    for n in &rendered.notes {
        let _ = writeln!(s, "- Note: {}", md(&n.message));
    }
}

/// The tools, the script's variables and the checks to run first.
fn prerequisites(s: &mut String, rendered: &Rendered) {
    let _ = writeln!(s, "\n## Prerequisites\n");
    let _ = writeln!(s, "- Tools: {}.", md(rendered.tool));
    for v in &rendered.variables {
        let value = match (&v.value, v.from_environment) {
            (_, true) => "from the environment".to_string(),
            (Some(x), false) => format!("`{}`", x.replace('`', "'")),
            (None, false) => "**set it before running**".to_string(),
        };
        let _ = writeln!(s, "- `{}`: {} ({})", v.name, md(&v.description), value);
    }
    if !rendered.preflight.is_empty() {
        let _ = writeln!(s, "\nCheck first:\n\n```sh\n{}\n```", rendered.preflight.join("\n"));
    }
}

fn steps(s: &mut String, plan: &Plan, rendered: &Rendered) {
    let _ = writeln!(s, "\n## Steps");
    for ((i, step), after) in plan.steps.iter().enumerate().zip(plan.states()) {
        let out = rendered.steps.get(i).cloned().unwrap_or_default();
        let versions = step_versions(step, "→").map(|v| format!(" ({v})")).unwrap_or_default();
        let _ = writeln!(s, "\n### {}. {} {}{versions}\n", i + 1, step.action.id(), md(&step.subject.to_string()));
        let _ = writeln!(s, "{}\n", md(&step.reason));
        let pools: Vec<String> = after.pools.iter().map(|(k, v)| format!("{} {v}", md(k))).collect();
        let _ = writeln!(s, "After this step: control plane {}; pools: {}.\n", after.control_plane, pools.join(", "));
        for note in &out.notes {
            let _ = writeln!(s, "> {}\n", md(note));
        }
        if !out.commands.is_empty() {
            let _ = writeln!(s, "```sh\n{}\n```", out.commands.join("\n"));
        }
        for f in &out.files {
            let sensitive = rendered.files.iter().any(|x| &x.name == f && x.sensitive);
            let how = if sensitive {
                "a separate download; it holds your credentials, keep it private"
            } else {
                "written by the script before this step"
            };
            let _ = writeln!(s, "\nFile `{}` ({how}).", f.replace('`', "'"));
        }
    }
}
