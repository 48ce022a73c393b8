//! One call from pasted text and a request to everything the front ends show:
//! the parse result, the selected cluster's plan (with its findings) and the
//! rendered outputs. The web app, its JavaScript API and the CLI's JSON all
//! come from here, through one typed `Request`.

use crate::catalog::Date;
use crate::input::{parse_with, InputError, ParseOptions, Parsed};
use crate::model::{Cluster, MaxSurge, VersionList};
use crate::plan::{plan, MachineChange, Plan, PlanOptions, PlanRequest, Target, DEFAULT_MINUTES_PER_NODE};
use crate::render::{check_json, plan_json, render, runbook, script, Rendered};
use crate::rules::{check, Finding, Policy};
use crate::version::KubeVersion;
use serde::{Deserialize, Deserializer, Serialize};
use std::ops::RangeInclusive;
use std::str::FromStr;

/// Minutes per node a request may ask for (one minute to one day).
pub const MINUTES_PER_NODE: RangeInclusive<u64> = 1..=24 * 60;

/// What the user asked for, typed and parsed once: the CLI fills it from
/// its flags, the page and the JavaScript API from [`Choices`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub plan: PlanRequest,
    /// Facts the input can't carry (the control plane's version).
    pub parse: ParseOptions,
    /// Which cluster of a list to plan (0 for single clusters).
    pub cluster: usize,
}

/// The request as text, as the web form and the JavaScript API's `options`
/// object hold it. Empty strings mean "not given".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// A whole number, or its text (the page's field; empty: not given).
    #[serde(deserialize_with = "number_or_text")]
    pub minutes_per_node: Option<u64>,
    pub node_image: bool,
    pub leave_alone: Vec<String>,
    pub machine_changes: Vec<MachineChangeChoice>,
    pub cluster: usize,
    /// AKS: upgrade although deprecated APIs were used, until this RFC 3339
    /// time (`--enable-force-upgrade --upgrade-override-until`).
    pub force_upgrade_until: String,
    /// Today's date, `YYYY-MM-DD` (the page gives the browser's date); empty:
    /// no check of the embedded version data's age. Not kept in share links.
    #[serde(skip_serializing)]
    pub today: String,
    /// Workload files' texts (manifests, kubectl output, the pdb table,
    /// metric lines), named `workloads` (one) or `workloads-N`. Not kept in
    /// share links.
    #[serde(skip_serializing)]
    pub workloads: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineChangeChoice {
    pub pool: String,
    pub machine_size: String,
    pub machine_image: String,
}

/// A whole number given as a number or as text; empty text or null is none.
fn number_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(u64),
        Text(String),
    }
    match Option::<NumberOrText>::deserialize(d)? {
        None => Ok(None),
        Some(NumberOrText::Number(n)) => Ok(Some(n)),
        Some(NumberOrText::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(NumberOrText::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a whole number of minutes"))),
    }
}

/// A choice that can't be used (not a problem with the input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceError {
    /// The option's name (`target`, `max_surge`, ...).
    pub field: &'static str,
    pub message: String,
}

/// Parses a choice with its type's `FromStr`; empty means not given.
fn field<T>(name: &'static str, text: &str, errors: &mut Vec<ChoiceError>) -> Option<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse().map_err(|e: T::Err| errors.push(ChoiceError { field: name, message: e.to_string() })).ok()
}

/// A pasted version list (`az aks get-versions`, `get-upgrades`, ...).
pub fn parse_versions(text: &str) -> Result<VersionList, String> {
    match crate::input::parse(text) {
        Ok(p) => p.versions.ok_or_else(|| format!("{} is not a version list", p.format.title())),
        Err(e) => Err(e.to_string()),
    }
}

impl MachineChangeChoice {
    /// The change, when it names a pool and changes something.
    pub fn change(&self) -> Option<MachineChange> {
        let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let change = MachineChange {
            pool: self.pool.clone(),
            machine_size: given(&self.machine_size),
            machine_image: given(&self.machine_image),
        };
        let changes = change.machine_size.is_some() || change.machine_image.is_some();
        (!change.pool.is_empty() && changes).then_some(change)
    }
}

impl Choices {
    /// The typed request; a choice that can't be used is reported under its
    /// name and left at its default.
    pub fn request(&self) -> (Request, Vec<ChoiceError>) {
        let mut errors = Vec::new();
        let control_plane_version =
            field::<KubeVersion>("control_plane_version", &self.control_plane_version, &mut errors);
        let target = field::<Target>("target", &self.target, &mut errors).unwrap_or_default();
        let policy = match self.policy.trim() {
            "auto" => None,
            text => field::<Policy>("policy", text, &mut errors),
        };
        let strategy = field("strategy", &self.strategy, &mut errors).unwrap_or_default();
        let max_surge = field::<MaxSurge>("max_surge", &self.max_surge, &mut errors);
        let versions = Some(self.versions.trim()).filter(|t| !t.is_empty()).and_then(|text| {
            parse_versions(text).map_err(|message| errors.push(ChoiceError { field: "versions", message })).ok()
        });
        let options = PlanOptions {
            max_surge,
            minutes_per_node: minutes_per_node(self.minutes_per_node),
            node_image_upgrade: self.node_image,
            leave_alone: self.leave_alone.iter().cloned().collect(),
            machine_changes: self.machine_changes.iter().filter_map(MachineChangeChoice::change).collect(),
            aks_engine_whole_cluster: false,
            force_upgrade_until: field("force_upgrade_until", &self.force_upgrade_until, &mut errors),
        };
        let today = field::<Date>("today", &self.today, &mut errors);
        let workloads = crate::workloads::read_all(&self.workloads)
            .map_err(|e| errors.push(ChoiceError { field: "workloads", message: e.to_string() }))
            .unwrap_or_default();
        let plan = PlanRequest { target, policy, strategy, versions, options, today, workloads };
        (Request { plan, parse: ParseOptions { control_plane_version }, cluster: self.cluster }, errors)
    }
}

/// Minutes per node as asked, within [`MINUTES_PER_NODE`].
pub fn minutes_per_node(asked: Option<u64>) -> u64 {
    asked.unwrap_or(DEFAULT_MINUTES_PER_NODE).clamp(*MINUTES_PER_NODE.start(), *MINUTES_PER_NODE.end())
}

/// The selected cluster's plan and rendered outputs.
#[derive(Clone, Debug)]
pub struct ClusterOutcome {
    pub plan: Plan,
    pub rendered: Rendered,
}

/// Everything computed from one paste.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub parsed: Result<Parsed, InputError>,
    pub choice_errors: Vec<ChoiceError>,
    pub request: Request,
    /// The selected cluster's results, when the input is usable.
    pub selected: Option<ClusterOutcome>,
}

impl Outcome {
    /// The parsed input, the selected cluster and its results.
    pub fn selected(&self) -> Option<(&Parsed, &Cluster, &ClusterOutcome)> {
        let parsed = self.parsed.as_ref().ok()?;
        Some((parsed, parsed.clusters.get(self.request.cluster)?, self.selected.as_ref()?))
    }

    /// The plan document (`docs/plan-format.md`) for the selected cluster.
    pub fn plan_json(&self) -> Option<serde_json::Value> {
        self.selected().map(|(parsed, cluster, sel)| plan_json(parsed, cluster, &sel.plan, &sel.rendered))
    }

    pub fn script(&self) -> Option<String> {
        self.selected().map(|(_, cluster, sel)| script(cluster, &sel.plan, &sel.rendered))
    }

    pub fn runbook(&self) -> Option<String> {
        self.selected().map(|(_, cluster, sel)| runbook(cluster, &sel.plan, &sel.rendered))
    }
}

/// Parses, checks and plans the selected cluster: `check` runs once, inside
/// `plan`, whose findings every output shows.
pub fn run(text: &str, request: Request, choice_errors: Vec<ChoiceError>) -> Outcome {
    let mut request = request;
    let parsed = parse_with(text, &request.parse);
    let mut selected = None;
    if let Ok(p) = &parsed {
        if request.plan.versions.is_none() {
            request.plan.versions = p.versions.clone();
        }
        if let Some(cluster) = p.clusters.get(request.cluster).filter(|_| p.is_usable()) {
            let pl = plan(cluster, &request.plan);
            let rendered = render(p, cluster, &pl);
            selected = Some(ClusterOutcome { plan: pl, rendered });
        }
    }
    Outcome { parsed, choice_errors, request, selected }
}

/// [`run`] with the request as text.
pub fn run_choices(text: &str, choices: &Choices) -> Outcome {
    let (request, errors) = choices.request();
    run(text, request, errors)
}

/// `plan(input, options)` of the JavaScript API: the plan JSON, or an error
/// object `{"error": ...}`.
pub fn plan_document(text: &str, choices: &Choices) -> serde_json::Value {
    let outcome = run_choices(text, choices);
    if let Some(e) = outcome.choice_errors.first() {
        return choice_error_document(e);
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
        Ok(_) => outcome.plan_json().unwrap_or_else(|| serde_json::json!({"error": "no such cluster in the input"})),
    }
}

/// The error document for a choice that can't be used: the sentence starts
/// with the option's name, which `field` also holds.
pub fn choice_error_document(e: &ChoiceError) -> serde_json::Value {
    serde_json::json!({"error": format!("{}: {}", e.field, e.message), "field": e.field})
}

/// `check(input)` of the JavaScript API.
pub fn check_document(text: &str, choices: &Choices) -> serde_json::Value {
    let (request, _) = choices.request();
    match parse_with(text, &request.parse) {
        Err(e) => serde_json::json!({"error": e.to_string(), "kind": e}),
        Ok(p) => {
            let results: Vec<(&Cluster, Vec<Finding>)> = p
                .clusters
                .iter()
                .map(|c| (c, check(c, request.plan.policy.unwrap_or_else(|| Policy::for_cluster(c)))))
                .collect();
            check_json(&p, &results)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLUSTER: &str = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.34.9", "currentKubernetesVersion": "1.34.9", "provisioningState": "Succeeded",
      "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "orchestratorVersion": "1.34.9", "currentOrchestratorVersion": "1.34.9", "provisioningState": "Succeeded"}]}"#;

    #[test]
    fn plan_document_follows_the_contract() {
        let doc = plan_document(CLUSTER, &Choices::default());
        assert_eq!(doc["schema"], "skewplan.plan/v1");
        assert_eq!(doc["input"]["format"], "aks-cluster");
        assert_eq!(doc["target"], "1.36.2");
        assert_eq!(doc["steps"][0]["action"], "upgrade-control-plane");
        assert_eq!(doc["blocked"], serde_json::Value::Null);
        let bad = plan_document(CLUSTER, &Choices { target: "1.2x.3".into(), ..Choices::default() });
        assert_eq!(bad["error"], "target: `1.2x.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)");
        assert_eq!(bad["field"], "target");
        let broken = plan_document("{", &Choices::default());
        assert_eq!(
            broken["error"],
            "JSON syntax error at line 1, column 1: EOF while parsing an object. Note: the text ends before the JSON \
             does: the paste looks cut off; copy the whole output."
        );
    }

    #[test]
    fn check_document_lists_findings() {
        // The pool (`orchestratorVersion`, `currentOrchestratorVersion`) four minors behind.
        let text = CLUSTER.replace("rchestratorVersion\": \"1.34.9\"", "rchestratorVersion\": \"1.30.14\"");
        let doc = check_document(&text, &Choices::default());
        assert_eq!(doc["clusters"][0]["findings"][0]["rule"], "aks.pool-minor-window");
    }
}

#[cfg(test)]
mod choice_tests {
    use super::*;
    use crate::plan::Strategy;

    #[test]
    fn choices_parse_once_into_a_typed_request_and_name_each_bad_field() {
        let choices = Choices {
            target: " 1.33.5 ".into(),
            policy: "auto".into(),
            strategy: "lockstep".into(),
            max_surge: "33%".into(),
            minutes_per_node: Some(0),
            ..Choices::default()
        };
        let (request, errors) = choices.request();
        assert!(errors.is_empty());
        assert_eq!(request.plan.target, Target::Version(KubeVersion::new(1, 33, 5)));
        assert_eq!(request.plan.policy, None);
        assert_eq!(request.plan.strategy, Strategy::Lockstep);
        assert_eq!(request.plan.options.max_surge, Some(MaxSurge::Percent(33)));
        assert_eq!(request.plan.options.minutes_per_node, 1);
        let bad = Choices {
            policy: "fast".into(),
            strategy: "yolo".into(),
            max_surge: "lots".into(),
            versions: "{}".into(),
            ..Choices::default()
        };
        let (request, errors) = bad.request();
        let listed: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        assert_eq!(listed.len(), 4);
        assert_eq!(
            listed[0],
            "policy: unknown policy `fast`: use aks, aks-conservative, upstream, capi, aks-engine or gke"
        );
        assert_eq!(
            listed[1],
            "strategy: unknown strategy `yolo`: use fewest-reimages, lockstep or control-plane-first"
        );
        assert_eq!(
            listed[2],
            "max_surge: `lots` is not a surge: use a node count such as 1 or a percentage such as 33%"
        );
        assert!(listed[3].starts_with("versions: The input is valid JSON but matches no format"), "{}", listed[3]);
        assert_eq!(request.plan, PlanRequest::default(), "bad choices fall back to the defaults");
    }
}
