//! The plan as JSON: the stable contract of `docs/plan-format.md`. Fields are only ever
//! added.

use super::Rendered;
use crate::input::Parsed;
use crate::model::Cluster;
use crate::plan::Plan;
use serde_json::{json, Value};

/// The plan document (`docs/plan-format.md`) for one cluster's plan.
pub fn plan_json(parsed: &Parsed, cluster: &Cluster, plan: &Plan, rendered: &Rendered) -> Value {
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .enumerate()
        .zip(plan.states())
        .map(|((i, s), after)| {
            let out = rendered.steps.get(i).cloned().unwrap_or_default();
            json!({
                "n": i + 1,
                "action": s.action.id(),
                "subject": s.subject,
                "from": s.from,
                "to": s.to,
                "reason": s.reason,
                "commands": out.commands,
                "files": out.files,
                "notes": out.notes,
                "after": after,
                "node_reimages": s.reimages,
                "minutes": s.minutes,
            })
        })
        .collect();
    json!({
        "schema": "skewplan.plan/v1",
        "input": {
            "format": parsed.format.id(),
            "provider": cluster.provider.id(),
            "cluster": cluster.name,
        },
        "policy": plan.policy.id(),
        "strategy": plan.strategy.id(),
        "target": plan.target,
        "initial": plan.initial,
        "findings": plan.findings,
        "steps": steps,
        "files": rendered.files.iter().map(|f| if f.sensitive {
            json!({"name": f.name, "content": null, "sensitive": true})
        } else {
            json!({"name": f.name, "content": f.content})
        }).collect::<Vec<_>>(),
        "estimate": plan.estimate,
        "blocked": plan.blocked,
        "alternatives": plan.alternatives,
        "variables": rendered.variables,
        "preflight": rendered.preflight,
        "notes": rendered.notes,
        "versions_from": plan.versions_from,
        "workloads": super::workloads::json(plan),
    })
}

/// The findings of `check` as JSON (`skewplan check --format json`, and the
/// web app's JavaScript API).
pub fn check_json(parsed: &Parsed, results: &[(&Cluster, Vec<crate::rules::Finding>)]) -> Value {
    json!({
        "schema": "skewplan.check/v1",
        "input": {"format": parsed.format.id()},
        "diagnostics": parsed.diagnostics,
        "clusters": results.iter().map(|(c, f)| json!({
            "cluster": c.name,
            "provider": c.provider.id(),
            "control_plane": c.control_plane.version,
            "pools": c.pools.iter().map(|p| json!({"name": p.name, "version": p.version, "count": p.count, "state": p.state.to_string()})).collect::<Vec<_>>(),
            "findings": f,
        })).collect::<Vec<_>>(),
    })
}
