//! The workloads judged against a plan, hop by hop: an API that a hop's
//! minor stops serving blocks that hop; a deprecated one still served is a
//! warning; a budget that allows no disruption stalls every step that
//! drains nodes. The planner stops at the first blocked hop
//! (`first_removal`); `assess` then writes every finding with its step.

use super::apis::{lookup, lookup_resource, ApiEntry};
use super::budgets::allows_none;
use super::{IntOrPercent, Place, Workloads};
use crate::plan::{Action, Plan};
use crate::rules::{self, Rule, Severity};
use crate::version::KubeVersion;
use std::collections::BTreeMap;

/// A control-plane minor, `(major, minor)`.
pub type Hop = (u64, u64);

fn minor_of(v: &KubeVersion) -> Hop {
    (v.major(), v.minor())
}

fn text(h: Hop) -> String {
    format!("{}.{}", h.0, h.1)
}

/// One finding about the workloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadFinding {
    /// The rule broken, which also says how bad it is.
    pub rule: &'static Rule,
    pub api_version: Option<String>,
    pub kind: Option<String>,
    /// `Kind namespace/name`, or the API resource clients called.
    pub object: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// The resource as kubectl names it with its version and group
    /// (`ingresses.v1beta1.extensions`), for the live re-check.
    pub resource: Option<String>,
    pub at: Place,
    pub deprecated_in: Option<String>,
    pub removed_in: Option<String>,
    pub replacement: Option<String>,
    /// The control-plane minor whose hop it blocks.
    pub hop: Option<String>,
    /// The steps it blocks or stalls (1-based; a blocked hop's step is the
    /// one the plan stops before).
    pub steps: Vec<usize>,
    /// True when it stops the plan.
    pub blocks: bool,
    pub message: String,
}

impl WorkloadFinding {
    /// How bad it is: its rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// What the workloads say about one plan (the plan JSON's `workloads`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkloadReport {
    pub files: Vec<String>,
    pub objects_read: u64,
    pub kinds: BTreeMap<String, u64>,
    pub skipped: u64,
    /// The date of the API table.
    pub api_data_as_of: String,
    pub findings: Vec<WorkloadFinding>,
}

/// An API use found: an object on a listed API, or calls counted by the
/// API server.
struct Use<'a> {
    entry: Option<&'static ApiEntry>,
    removed: Option<Hop>,
    object: String,
    api_version: String,
    kind: Option<&'a str>,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
    resource: String,
    at: &'a Place,
}

fn resource_of(api_version: &str, plural: &str) -> String {
    match api_version.split_once('/') {
        Some((group, version)) => format!("{plural}.{version}.{group}"),
        None => format!("{plural}.{api_version}"),
    }
}

fn uses(w: &Workloads) -> Vec<Use<'_>> {
    let mut out = Vec::new();
    for o in &w.listed {
        let entry = lookup(&o.api_version, &o.kind);
        out.push(Use {
            entry,
            removed: entry.and_then(|e| e.removed_in),
            object: o.describe(),
            api_version: o.api_version.clone(),
            kind: Some(&o.kind),
            namespace: o.namespace.as_deref(),
            name: Some(&o.name),
            resource: resource_of(&o.api_version, &super::apis::plural(&o.kind)),
            at: &o.at,
        });
    }
    for u in &w.usage {
        let api_version = u.api_version();
        let entry = lookup_resource(&api_version, &u.resource);
        let released = u.removed_release.split_once('.').and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
        out.push(Use {
            entry,
            removed: released.or_else(|| entry.and_then(|e| e.removed_in)),
            object: format!("calls to {} in {api_version}", u.resource),
            resource: resource_of(&api_version, &u.resource),
            api_version,
            kind: None,
            namespace: None,
            name: None,
            at: &u.at,
        });
    }
    out
}

/// The first minor after `initial`, up to `target`, that stops serving an
/// API the workloads use, and why: where the plan must stop.
pub(crate) fn first_removal(w: &Workloads, initial: &KubeVersion, target: &KubeVersion) -> Option<(Hop, String)> {
    let (from, to) = (minor_of(initial), minor_of(target));
    let all = uses(w);
    let hop = all.iter().filter_map(|u| u.removed).filter(|r| *r > from && *r <= to).min()?;
    let blocking: Vec<String> = all
        .iter()
        .filter(|u| u.removed == Some(hop))
        .map(|u| {
            let to = u.entry.and_then(|e| e.replacement.clone()).unwrap_or_else(|| "no replacement".into());
            format!("{} ({} -> {to}, {})", u.object, u.api_version, u.at)
        })
        .collect();
    let shown = blocking.iter().take(5).cloned().collect::<Vec<_>>().join("; ");
    let more = if blocking.len() > 5 { format!("; and {} more", blocking.len() - 5) } else { String::new() };
    let message = format!(
        "the hop to {} is blocked: {} use(s) of APIs that {} no longer serves: {shown}{more}",
        text(hop),
        blocking.len(),
        text(hop)
    );
    Some((hop, message))
}

/// True for steps that drain nodes (evicting pods through their budgets).
fn drains(action: Action) -> bool {
    matches!(
        action,
        Action::UpgradePool
            | Action::UpgradeCluster
            | Action::UpgradeNodeImage
            | Action::DrainPool
            | Action::RollPoolNodes
    )
}

/// The workloads judged against `plan` (AKS rules when `aks`).
pub fn assess(w: &Workloads, plan: &Plan, aks: bool) -> WorkloadReport {
    let Some(initial) = plan.initial.as_ref().map(|i| minor_of(&i.control_plane)) else {
        return report(w, Vec::new());
    };
    let target = plan.target.as_ref().map(minor_of).unwrap_or(initial);
    let stopped_at = plan.blocked.as_ref().filter(|b| b.rule.id == rules::WORKLOADS_API_REMOVED.id);
    let blocked_hop = stopped_at.and_then(|_| first_removal_hop(w, initial, target));
    let blocked_step = plan.steps.len() + 1;
    let mut findings = api_findings(w, initial, target, blocked_hop.map(|h| (h, blocked_step)));
    if aks {
        findings.extend(gate_findings(&findings, plan));
    }
    let drain_steps: Vec<usize> =
        plan.steps.iter().enumerate().filter(|(_, s)| drains(s.action)).map(|(i, _)| i + 1).collect();
    findings.extend(budget_findings(w, &drain_steps, aks));
    report(w, findings)
}

/// The workloads judged against the running control plane alone (`check`).
pub fn assess_now(w: &Workloads, control_plane: &KubeVersion, aks: bool) -> WorkloadReport {
    let now = minor_of(control_plane);
    let mut findings = api_findings(w, now, now, None);
    findings.extend(budget_findings(w, &[], aks));
    report(w, findings)
}

fn first_removal_hop(w: &Workloads, from: Hop, to: Hop) -> Option<Hop> {
    uses(w).iter().filter_map(|u| u.removed).filter(|r| *r > from && *r <= to).min()
}

fn report(w: &Workloads, findings: Vec<WorkloadFinding>) -> WorkloadReport {
    WorkloadReport {
        files: w.files.clone(),
        objects_read: w.objects_read,
        kinds: w.kinds.clone(),
        skipped: w.skipped,
        api_data_as_of: super::apis::api_data_as_of().to_string(),
        findings,
    }
}

/// Removed and deprecated APIs: `blocked` is the hop the plan stops at and
/// the number of the step it stops before.
fn api_findings(w: &Workloads, initial: Hop, target: Hop, blocked: Option<(Hop, usize)>) -> Vec<WorkloadFinding> {
    let mut out = Vec::new();
    for u in uses(w) {
        let deprecated = u.entry.and_then(|e| e.deprecated_in);
        let replacement = u.entry.and_then(|e| e.replacement.clone());
        let use_it = replacement.as_deref().map_or_else(
            || "it has no replacement API (see the deprecation guide)".to_string(),
            |r| format!("use {r}"),
        );
        let (rule, hop, message) = match u.removed {
            Some(r) if r <= initial => (
                &rules::WORKLOADS_API_REMOVED,
                None,
                format!(
                    "{} ({}) uses {}, which {} no longer serves, and the control plane runs {}: it can't be applied as written; {use_it}",
                    u.object, u.at, u.api_version, text(r), text(initial)
                ),
            ),
            Some(r) if r <= target => (
                &rules::WORKLOADS_API_REMOVED,
                Some(r),
                format!("{} ({}) uses {}, which {} no longer serves: the hop to {} is blocked; {use_it}", u.object, u.at, u.api_version, text(r), text(r)),
            ),
            removed if deprecated.is_some_and(|d| d <= target) || u.kind.is_none() => {
                let until = removed.map(|r| format!(", removed in {}", text(r))).unwrap_or_default();
                let since = deprecated.map(|d| format!(" since {}", text(d))).unwrap_or_default();
                let message = format!("{} ({}) uses {}, deprecated{since}{until} (still served at {}); {use_it}", u.object, u.at, u.api_version, text(target));
                (&rules::WORKLOADS_API_DEPRECATED, None, message)
            }
            _ => continue,
        };
        let steps = match (hop, blocked) {
            (Some(h), Some((b, n))) if h == b => vec![n],
            _ => Vec::new(),
        };
        out.push(WorkloadFinding {
            rule,
            object: u.object.clone(),
            api_version: Some(u.api_version.clone()),
            kind: u.kind.map(str::to_string),
            namespace: u.namespace.map(str::to_string),
            name: u.name.map(str::to_string),
            resource: Some(u.resource.clone()),
            at: u.at.clone(),
            deprecated_in: deprecated.map(text),
            removed_in: u.removed.map(text),
            replacement,
            blocks: hop.is_some(),
            hop: hop.map(text),
            steps,
            message,
        });
    }
    out.sort_by(|a, b| {
        (a.hop.is_none(), &a.hop, &a.at.file, a.at.line).cmp(&(b.hop.is_none(), &b.hop, &b.at.file, b.at.line))
    });
    out
}

/// AKS's gate on recently called removed APIs, once per blocked hop from
/// 1.26 on (AKS applies it from that version).
fn gate_findings(api: &[WorkloadFinding], plan: &Plan) -> Vec<WorkloadFinding> {
    let mut hops: Vec<&WorkloadFinding> = Vec::new();
    for f in api.iter().filter(|f| f.blocks) {
        let from_126 = f
            .hop
            .as_deref()
            .and_then(|h| h.split_once('.'))
            .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)));
        if from_126.is_some_and(|h| h >= (1, 26)) && !hops.iter().any(|g| g.hop == f.hop) {
            hops.push(f);
        }
    }
    let forced = plan.force_upgrade_until.as_ref().map(|t| {
        format!(" This plan's upgrades carry --enable-force-upgrade --upgrade-override-until {}.", t.as_str())
    });
    hops.into_iter()
        .map(|f| {
            let hop = f.hop.clone().unwrap_or_default();
            let message = format!(
                "AKS checks API calls before the control plane moves to {hop}: while calls to an API that {hop} removes were seen in the last 12 hours it stops the upgrade (ValidationError, UpgradeBlockedOnDeprecatedAPIUsage), even after the manifests are migrated. Wait 12 hours after the last call, or override it with `az aks update --enable-force-upgrade --upgrade-override-until TIME`.{}",
                forced.clone().unwrap_or_default()
            );
            WorkloadFinding { rule: &rules::AKS_DEPRECATED_API_GATE, blocks: false, message, ..f.clone() }
        })
        .collect()
}

/// Budgets that allow no disruption, on every step that drains nodes.
fn budget_findings(w: &Workloads, drain_steps: &[usize], aks: bool) -> Vec<WorkloadFinding> {
    let mut out = Vec::new();
    for b in &w.budgets {
        let Some(why) = allows_none(b, &w.controllers) else { continue };
        let zero_max = matches!(b.max_unavailable, Some(IntOrPercent::Count(0) | IntOrPercent::Percent(0)));
        let rule = match (aks, zero_max) {
            (true, true) => &rules::AKS_PDB_MAX_UNAVAILABLE_ZERO,
            (true, false) => &rules::AKS_PDB_DRAIN_FAILURE,
            (false, _) => &rules::WORKLOADS_PDB_BLOCKS_DRAIN,
        };
        let object = match &b.namespace {
            Some(ns) => format!("PodDisruptionBudget {ns}/{}", b.name),
            None => format!("PodDisruptionBudget {}", b.name),
        };
        let stalls = if drain_steps.is_empty() {
            "no step of this plan drains nodes, but any drain of its pods' nodes will stall".to_string()
        } else {
            let list: Vec<String> = drain_steps.iter().map(ToString::to_string).collect();
            format!("it stalls the node drains of step(s) {}", list.join(", "))
        };
        out.push(WorkloadFinding {
            rule,
            message: format!("{object} ({}) allows no disruption ({why}): {stalls}", b.at),
            object,
            api_version: None,
            kind: Some("PodDisruptionBudget".into()),
            namespace: b.namespace.clone(),
            name: Some(b.name.clone()),
            resource: None,
            at: b.at.clone(),
            deprecated_in: None,
            removed_in: None,
            replacement: None,
            hop: None,
            steps: drain_steps.to_vec(),
            blocks: false,
        });
    }
    out
}
