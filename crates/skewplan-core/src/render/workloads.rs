//! The workloads in every output: the plan JSON's `workloads` section, the
//! lines the text report and the runbook list before the steps, and the
//! script's live re-check before it starts.

use super::shell::quote;
use super::Vars;
use crate::model::Provider;
use crate::plan::Plan;
use crate::workloads::{WorkloadFinding, WorkloadReport};
use serde_json::{json, Value};

/// The plan JSON's `workloads` (null when none were given).
pub(super) fn json(plan: &Plan) -> Value {
    plan.workloads.as_ref().map_or(Value::Null, report_json)
}

/// A workload report as JSON (the plan's `workloads`, and a check
/// document cluster's).
pub fn report_json(r: &WorkloadReport) -> Value {
    json!({
        "files": r.files,
        "objects_read": r.objects_read,
        "kinds": r.kinds,
        "skipped": r.skipped,
        "api_data_as_of": r.api_data_as_of,
        "findings": r.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

pub fn finding_json(f: &WorkloadFinding) -> Value {
    let mut v = json!({
        "rule": f.rule.id,
        "severity": f.severity(),
        "object": f.object,
        "api_version": f.api_version,
        "kind": f.kind,
        "namespace": f.namespace,
        "name": f.name,
        "file": f.at.file,
        "line": f.at.line,
        "template": f.at.template,
        "deprecated_in": f.deprecated_in,
        "removed_in": f.removed_in,
        "replacement": f.replacement,
        "hop": f.hop,
        "steps": f.steps,
        "blocks": f.blocks,
        "message": f.message,
        "source": f.rule.source,
        "fix": f.rule.fix,
    });
    if let (Some(code), Some(map)) = (f.rule.error_code, v.as_object_mut()) {
        map.insert("error_code".into(), code.into());
    }
    v
}

/// One line per finding, blockers by hop first, then the budgets; with the
/// summary line first.
pub fn lines(r: &WorkloadReport) -> Vec<String> {
    let mut out = vec![format!(
        "{} object(s) read from {} ({} document(s) skipped); API data of {}.",
        r.objects_read,
        r.files.join(", "),
        r.skipped,
        r.api_data_as_of
    )];
    for f in &r.findings {
        let hop = f.hop.as_ref().map(|h| format!("hop to {h}: ")).unwrap_or_default();
        let code = f.rule.error_code.map(|c| format!(" [{c}]")).unwrap_or_default();
        out.push(format!("{} {}{code}: {hop}{}. Fix: {}", f.severity(), f.rule.id, f.message, f.rule.fix));
    }
    if r.findings.is_empty() {
        out.push("No workload blocks a hop or stalls a drain.".into());
    }
    out
}

/// The script's re-check on the live cluster: for every minor the plan
/// moves the control plane to (and the one it stops before), the API
/// server's count of calls to APIs removed in it; then every object that
/// blocks a hop, fetched by its old API. Each stops the script with a
/// message.
///
/// On Cluster API the script's kubectl talks to the management cluster, so
/// these checks name the workload cluster's kubeconfig, `$WORKLOAD_KUBECONFIG`
/// (`clusterctl get kubeconfig NAME`).
pub(super) fn preflight(plan: &Plan, provider: Provider, vars: &mut Vars) -> Vec<String> {
    let Some(r) = &plan.workloads else { return Vec::new() };
    let kubectl = if provider == Provider::ClusterApi {
        vars.input(
            "WORKLOAD_KUBECONFIG",
            None,
            |_| false,
            "kubeconfig of the workload cluster, for the workload checks (clusterctl get kubeconfig NAME > FILE)",
        );
        "kubectl --kubeconfig \"$WORKLOAD_KUBECONFIG\""
    } else {
        "kubectl"
    };
    let mut minors: Vec<String> = Vec::new();
    let initial = plan.initial.as_ref().map(|i| i.control_plane.minor_version());
    for after in plan.states() {
        let m = after.control_plane.minor_version().to_string();
        if Some(&after.control_plane.minor_version()) != initial.as_ref() && !minors.contains(&m) {
            minors.push(m);
        }
    }
    for hop in r.findings.iter().filter(|f| f.blocks && !f.steps.is_empty()).filter_map(|f| f.hop.clone()) {
        if !minors.contains(&hop) {
            minors.push(hop);
        }
    }
    let mut out = Vec::new();
    for m in &minors {
        let pattern = format!("^apiserver_requested_deprecated_apis{{.*removed_release=\"{m}\"");
        let message =
            format!("skewplan: the API server counted calls to APIs that {m} removes (apiserver_requested_deprecated_apis); migrate those clients first");
        out.push(format!(
            "if {kubectl} get --raw /metrics | grep -E {} >/dev/null; then echo {} >&2; exit 1; fi",
            quote(&pattern),
            quote(&message)
        ));
    }
    for f in r.findings.iter().filter(|f| f.blocks && f.kind.is_some()) {
        let (Some(resource), Some(name)) = (&f.resource, &f.name) else { continue };
        let namespace = f.namespace.as_ref().map(|n| format!(" -n {}", quote(n))).unwrap_or_default();
        let message = format!(
            "skewplan: {} is still served as {} ({}), which {} removes: migrate it to {} and plan again",
            f.object,
            f.api_version.clone().unwrap_or_default(),
            f.at,
            f.hop.clone().unwrap_or_default(),
            f.replacement.clone().unwrap_or_else(|| "a supported API".into())
        );
        out.push(format!(
            "if {kubectl} get {}{namespace} {} >/dev/null 2>&1; then echo {} >&2; exit 1; fi",
            quote(resource),
            quote(name),
            quote(&message)
        ));
    }
    out
}
