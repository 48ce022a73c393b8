//! One call from pasted text and options to everything the front ends show:
//! the parse result, each cluster's findings, plan and rendered outputs. The
//! web app, its JavaScript API and the CLI's JSON all come from here.

use crate::input::{parse_with, InputError, ParseOptions, Parsed};
use crate::model::{Cluster, MaxSurge};
use crate::plan::{plan, MachineChange, Plan, PlanOptions, PlanRequest, Strategy, Target};
use crate::render::{check_json, plan_json, render, runbook, script, Rendered};
use crate::rules::{check, Finding, Policy};
use crate::version::KubeVersion;
use serde::Deserialize;

/// What the user chose, as plain values (the web form and the JavaScript
/// API's `options` object). Empty strings mean "not given".
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Choices {
    /// A version, or `latest` / empty for the newest allowed.
    pub target: String,
    pub policy: String,
    pub strategy: String,
    pub control_plane_version: String,
    /// A pasted version list (`az aks get-versions -o json`), optional.
    pub versions: String,
    pub max_surge: String,
    pub minutes_per_node: Option<u64>,
    pub node_image: bool,
    pub leave_alone: Vec<String>,
    pub machine_changes: Vec<MachineChangeChoice>,
    /// Which cluster of a list to plan (0 for single clusters).
    pub cluster: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MachineChangeChoice {
    pub pool: String,
    pub machine_size: String,
    pub machine_image: String,
}

/// A problem with the choices (not with the input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceError {
    pub field: &'static str,
    pub message: String,
}

/// One cluster's results.
#[derive(Clone, Debug)]
pub struct ClusterOutcome {
    pub findings: Vec<Finding>,
    pub plan: Plan,
    pub rendered: Rendered,
}

/// Everything computed from one paste.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub parsed: Result<Parsed, InputError>,
    pub choice_errors: Vec<ChoiceError>,
    pub request: Option<PlanRequest>,
    /// The selected cluster's results, when the input is usable.
    pub selected: Option<ClusterOutcome>,
}

impl Outcome {
    /// The plan JSON (docs/plan-format.md) for the selected cluster.
    pub fn plan_json(&self, choices: &Choices) -> Option<serde_json::Value> {
        let parsed = self.parsed.as_ref().ok()?;
        let cluster = parsed.clusters.get(choices.cluster)?;
        let sel = self.selected.as_ref()?;
        Some(plan_json(parsed, cluster, &sel.plan, &sel.rendered))
    }

    pub fn script(&self, choices: &Choices) -> Option<String> {
        let parsed = self.parsed.as_ref().ok()?;
        let cluster = parsed.clusters.get(choices.cluster)?;
        let sel = self.selected.as_ref()?;
        Some(script(cluster, &sel.plan, &sel.rendered))
    }

    pub fn runbook(&self, choices: &Choices) -> Option<String> {
        let parsed = self.parsed.as_ref().ok()?;
        let cluster = parsed.clusters.get(choices.cluster)?;
        let sel = self.selected.as_ref()?;
        Some(runbook(cluster, &sel.plan, &sel.rendered))
    }
}

fn version_choice(field: &'static str, s: &str, errors: &mut Vec<ChoiceError>) -> Option<KubeVersion> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match KubeVersion::parse(t) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(ChoiceError { field, message: e.to_string() });
            None
        }
    }
}

/// Turns the choices into a plan request (and the parse options).
pub fn request_from(choices: &Choices, errors: &mut Vec<ChoiceError>) -> (ParseOptions, PlanRequest) {
    let control_plane_version = version_choice("control_plane_version", &choices.control_plane_version, errors);
    let target = match choices.target.trim() {
        "" | "latest" => Target::Latest,
        _ => version_choice("target", &choices.target, errors).map(Target::Version).unwrap_or(Target::Latest),
    };
    let policy = match choices.policy.trim() {
        "" | "auto" => None,
        p => Policy::parse(p).or_else(|| {
            errors.push(ChoiceError { field: "policy", message: format!("unknown policy `{p}`") });
            None
        }),
    };
    let strategy = match choices.strategy.trim() {
        "" => Strategy::FewestReimages,
        s => Strategy::parse(s).unwrap_or_else(|| {
            errors.push(ChoiceError { field: "strategy", message: format!("unknown strategy `{s}`") });
            Strategy::FewestReimages
        }),
    };
    let max_surge = match choices.max_surge.trim() {
        "" => None,
        s => MaxSurge::parse(s).or_else(|| {
            errors.push(ChoiceError {
                field: "max_surge",
                message: format!("`{s}` is not a surge: a node count such as 1 or a percentage such as 33%"),
            });
            None
        }),
    };
    let versions = match choices.versions.trim() {
        "" => None,
        text => match crate::input::parse(text) {
            Ok(p) if p.versions.is_some() => p.versions,
            Ok(p) => {
                errors.push(ChoiceError {
                    field: "versions",
                    message: format!("{} is not a version list", p.format.title()),
                });
                None
            }
            Err(e) => {
                errors.push(ChoiceError { field: "versions", message: e.to_string() });
                None
            }
        },
    };
    let machine_changes = choices
        .machine_changes
        .iter()
        .filter(|m| !m.pool.is_empty() && (!m.machine_size.trim().is_empty() || !m.machine_image.trim().is_empty()))
        .map(|m| MachineChange {
            pool: m.pool.clone(),
            machine_size: Some(m.machine_size.trim().to_string()).filter(|s| !s.is_empty()),
            machine_image: Some(m.machine_image.trim().to_string()).filter(|s| !s.is_empty()),
        })
        .collect();
    let options = PlanOptions {
        max_surge,
        minutes_per_node: choices.minutes_per_node.unwrap_or(10).clamp(1, 24 * 60),
        node_image_upgrade: choices.node_image,
        leave_alone: choices.leave_alone.iter().cloned().collect(),
        machine_changes,
        aks_engine_control_plane_only: false,
    };
    (ParseOptions { control_plane_version }, PlanRequest { target, policy, strategy, versions, options })
}

/// Parses, checks and plans the selected cluster.
pub fn run(text: &str, choices: &Choices) -> Outcome {
    let mut choice_errors = Vec::new();
    let (parse_options, mut request) = request_from(choices, &mut choice_errors);
    let parsed = parse_with(text, &parse_options);
    let mut selected = None;
    if let Ok(p) = &parsed {
        if request.versions.is_none() {
            request.versions = p.versions.clone();
        }
        if let Some(cluster) = p.clusters.get(choices.cluster).filter(|_| p.is_usable()) {
            let policy = request.policy.unwrap_or_else(|| Policy::for_provider(cluster.provider));
            let findings = check(cluster, policy);
            let pl = plan(cluster, &request);
            let rendered = render(p, cluster, &pl);
            selected = Some(ClusterOutcome { findings, plan: pl, rendered });
        }
    }
    Outcome { parsed, choice_errors, request: Some(request), selected }
}

/// `plan(input, options)` of the JavaScript API: the plan JSON, or an error
/// object `{"error": ...}`.
pub fn plan_document(text: &str, choices: &Choices) -> serde_json::Value {
    let outcome = run(text, choices);
    if let Some(e) = outcome.choice_errors.first() {
        return serde_json::json!({"error": format!("{}: {}", e.field, e.message)});
    }
    match &outcome.parsed {
        Err(e) => serde_json::json!({"error": e.to_string(), "kind": e}),
        Ok(p) if !p.is_usable() => serde_json::json!({
            "error": "the input can't be planned",
            "diagnostics": p.diagnostics,
        }),
        Ok(p) if p.clusters.is_empty() => {
            serde_json::json!({"error": format!("{} lists versions but no cluster", p.format.title())})
        }
        Ok(_) => {
            outcome.plan_json(choices).unwrap_or_else(|| serde_json::json!({"error": "no such cluster in the input"}))
        }
    }
}

/// `check(input)` of the JavaScript API.
pub fn check_document(text: &str, choices: &Choices) -> serde_json::Value {
    let mut errors = Vec::new();
    let (parse_options, request) = request_from(choices, &mut errors);
    match parse_with(text, &parse_options) {
        Err(e) => serde_json::json!({"error": e.to_string(), "kind": e}),
        Ok(p) => {
            let results: Vec<(&Cluster, Vec<Finding>)> = p
                .clusters
                .iter()
                .map(|c| (c, check(c, request.policy.unwrap_or_else(|| Policy::for_provider(c.provider)))))
                .collect();
            check_json(&p, &results)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUSTER: &str = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.32.9", "currentKubernetesVersion": "1.32.9", "provisioningState": "Succeeded",
      "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "orchestratorVersion": "1.32.9", "currentOrchestratorVersion": "1.32.9", "provisioningState": "Succeeded"}]}"#;

    #[test]
    fn plan_document_follows_the_contract() {
        let doc = plan_document(CLUSTER, &Choices::default());
        assert_eq!(doc["schema"], "skewplan.plan/v1");
        assert_eq!(doc["input"]["format"], "aks-cluster");
        assert_eq!(doc["target"], "1.33.5");
        assert_eq!(doc["steps"][0]["action"], "upgrade-control-plane");
        assert_eq!(doc["blocked"], serde_json::Value::Null);
        let bad = plan_document(CLUSTER, &Choices { target: "1.2x.3".into(), ..Choices::default() });
        assert_eq!(bad["error"], "target: `1.2x.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)");
        let broken = plan_document("{", &Choices::default());
        assert_eq!(broken["error"], "JSON syntax error at line 1, column 1: EOF while parsing an object.");
    }

    #[test]
    fn check_document_lists_findings() {
        let text = CLUSTER.replace(
            "\"orchestratorVersion\": \"1.32.9\", \"currentOrchestratorVersion\": \"1.32.9\"",
            "\"orchestratorVersion\": \"1.29.15\", \"currentOrchestratorVersion\": \"1.29.15\"",
        );
        let doc = check_document(&text, &Choices::default());
        assert_eq!(doc["clusters"][0]["findings"][0]["rule"], "aks.pool-minor-window");
    }
}
