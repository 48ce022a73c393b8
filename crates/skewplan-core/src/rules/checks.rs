//! The checks: skew over one version state, transitions between two, and
//! everything wrong with a cluster now.

use super::facts::{aks_engine_masters_on_scale_set, control_plane_only_blockers};
use super::limits::{AKS_MAX_NODES_PER_POOL, MAX_APISERVER_MINOR_SKEW};
use super::*;
use crate::model::{Cluster, PoolMode, ResourceState};
use crate::version::KubeVersion;
use serde::Serialize;
use std::collections::BTreeMap;

/// The versions of a cluster at one moment: what the plan's `after` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionState {
    pub control_plane: KubeVersion,
    pub pools: BTreeMap<String, KubeVersion>,
}

/// `a` is newer than `b`, comparing patches only when both have one.
fn newer(a: &KubeVersion, b: &KubeVersion) -> bool {
    if a.patch().is_none() || b.patch().is_none() {
        (a.major(), a.minor()) > (b.major(), b.minor())
    } else {
        a > b
    }
}

/// Skew rules over one state. Only version relations are checked here: the
/// planner calls this on every state it passes through.
pub fn check_state(state: &VersionState, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, v) in &state.pools {
        check_pool_skew(name, v, &state.control_plane, policy, &mut out);
    }
    out
}

fn check_pool_skew(name: &str, v: &KubeVersion, cp: &KubeVersion, policy: Policy, out: &mut Vec<Finding>) {
    let subject = || Subject::pool(name);
    if v.major() != cp.major() {
        let r = if policy.is_aks() { &AKS_POOL_SAME_MAJOR } else { &UPSTREAM_KUBELET_WINDOW };
        let message = format!("pool `{name}` runs {v}, a different major version from the control plane's {cp}");
        out.push(Finding::new(r, subject(), message));
        return;
    }
    if policy.is_aks() && newer(v, cp) {
        let message = format!("pool `{name}` runs {v}, newer than the control plane's {cp}");
        out.push(Finding::new(&AKS_POOL_NOT_NEWER, subject(), message));
    } else if !policy.is_aks() && v.minor() > cp.minor() {
        let message = format!("pool `{name}` kubelets run {v}, a newer minor than kube-apiserver's {cp}");
        out.push(Finding::new(&UPSTREAM_KUBELET_NOT_NEWER, subject(), message));
    }
    let behind = v.minors_to(cp).unwrap_or(0);
    let window = policy.window(cp, v);
    if behind > 0 && behind as u64 > window {
        let r = match policy {
            Policy::Aks | Policy::AksConservative => &AKS_POOL_MINOR_WINDOW,
            Policy::Gke => &GKE_NODE_MINOR_WINDOW,
            _ => &UPSTREAM_KUBELET_WINDOW,
        };
        let message = format!(
            "pool `{name}` runs {v}, {behind} minors behind the control plane's {cp}; at most {window} are allowed"
        );
        out.push(Finding::new(r, subject(), message));
    }
}

/// Rules on one change from `before` to `after`.
pub fn check_transition(before: &VersionState, after: &VersionState, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    let down_rule = policy.no_downgrade_rule();
    let (b, a) = (&before.control_plane, &after.control_plane);
    if newer(b, a) {
        let message = format!("the control plane would go down from {b} to {a}");
        out.push(Finding::new(down_rule, Subject::ControlPlane, message));
    }
    if b.minors_to(a).is_some_and(|d| d > MAX_APISERVER_MINOR_SKEW as i64) || a.major() != b.major() {
        let message = format!("the control plane would jump from {b} to {a}, skipping a minor");
        out.push(Finding::new(policy.one_minor_rule(), Subject::ControlPlane, message));
    }
    for (name, v) in &after.pools {
        match before.pools.get(name) {
            Some(old) if newer(old, v) => out.push(Finding::new(
                down_rule,
                Subject::pool(name),
                format!("pool `{name}` would go down from {old} to {v}"),
            )),
            // A worker may move only as far as the control plane runs after
            // the step (one whole-cluster operation moves both together).
            Some(old) if policy == Policy::Capi && old != v && newer(v, a) => out.push(Finding::new(
                &CAPI_WORKERS_AFTER_CONTROL_PLANE,
                Subject::pool(name),
                format!("pool `{name}` would move to {v} before the control plane (at {a}) runs it"),
            )),
            _ => {}
        }
    }
    out
}

/// Everything wrong with a cluster now under `policy`: skew, state and
/// configuration rules.
pub fn check(cluster: &Cluster, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(cp) = cluster.control_plane.version.clone() else {
        let message = "the control plane's version is unknown";
        out.push(Finding::new(&VERSION_KNOWN, Subject::ControlPlane, message));
        return out;
    };
    let state = VersionState {
        control_plane: cp.clone(),
        pools: cluster.pools.iter().filter_map(|p| Some((p.name.clone(), p.version.clone()?))).collect(),
    };
    out.extend(check_state(&state, policy));
    check_ha(cluster, &mut out);
    check_states(cluster, policy, &mut out);
    if policy.is_aks() {
        check_aks_settings(cluster, &mut out);
    }
    match policy {
        Policy::Capi => check_capi(cluster, &cp, &mut out),
        Policy::AksEngine => check_aks_engine(cluster, &cp, &mut out),
        _ => {}
    }
    out.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| a.subject.cmp(&b.subject)).then_with(|| a.rule.id.cmp(b.rule.id))
    });
    out
}

fn check_ha(cluster: &Cluster, out: &mut Vec<Finding>) {
    let inst = &cluster.control_plane.instance_versions;
    if let (Some(lo), Some(hi)) = (inst.first(), inst.last()) {
        if lo.minors_to(hi).is_some_and(|d| d > MAX_APISERVER_MINOR_SKEW as i64) {
            let message = format!("API server instances run {lo} to {hi}, more than one minor apart");
            out.push(Finding::new(&UPSTREAM_APISERVER_HA, Subject::ControlPlane, message));
        }
    }
}

/// The finding for a busy or failed resource, if any.
fn state_finding(policy: Policy, subject: Subject, what: &str, state: &ResourceState) -> Option<Finding> {
    let busy_rule = if policy == Policy::Capi { &CAPI_MID_ROLLOUT } else { &AKS_ONE_OPERATION };
    match state {
        ResourceState::Busy(op) => Some(Finding::new(
            busy_rule,
            subject,
            format!("{what} is busy ({op}); no other operation can start until it finishes"),
        )),
        ResourceState::Failed(s) if policy.is_aks() => Some(Finding::new(
            &AKS_FAILED_RETRY,
            subject,
            format!("{what} is in state {s}; upgrade it again to its current version to reconcile"),
        )),
        ResourceState::Failed(s) => Some(
            Finding::new(&AKS_FAILED_RETRY, subject, format!("{what} is in state {s}; repair it before upgrading"))
                .with_severity(Severity::Error),
        ),
        _ => None,
    }
}

fn check_states(cluster: &Cluster, policy: Policy, out: &mut Vec<Finding>) {
    if cluster.control_plane.state == ResourceState::Stopped {
        let message = "the cluster is stopped; start it before anything else";
        out.push(Finding::new(&AKS_STOPPED_CLUSTER, Subject::Cluster, message));
    } else {
        out.extend(state_finding(policy, Subject::ControlPlane, "the control plane", &cluster.control_plane.state));
    }
    for p in &cluster.pools {
        if p.state != ResourceState::Stopped {
            out.extend(state_finding(policy, Subject::pool(&p.name), &format!("pool `{}`", p.name), &p.state));
        } else if p.mode == PoolMode::System && policy.is_aks() {
            let message = format!("system pool `{}` is stopped; system pools can't be stopped", p.name);
            out.push(Finding::new(&AKS_SYSTEM_POOL_NODES, Subject::pool(&p.name), message));
        }
    }
}

fn check_aks_settings(cluster: &Cluster, out: &mut Vec<Finding>) {
    for blocker in control_plane_only_blockers(cluster) {
        out.push(Finding::new(blocker.rule(), Subject::Cluster, blocker.finding_message()));
    }
    for p in &cluster.pools {
        if p.mode == PoolMode::System && (p.count == Some(0) || p.autoscale.is_some_and(|(min, _)| min == 0)) {
            let message = format!("system pool `{}` may drop to zero nodes", p.name);
            out.push(Finding::new(&AKS_SYSTEM_POOL_NODES, Subject::pool(&p.name), message));
        }
        if let (Some(surge), Some(count)) = (p.max_surge, p.count) {
            let extra = surge.nodes_for(count);
            if count + extra > AKS_MAX_NODES_PER_POOL {
                let message = format!(
                    "pool `{}` has {count} nodes and max surge {surge} ({extra} nodes): {} is above {AKS_MAX_NODES_PER_POOL}",
                    p.name,
                    count + extra
                );
                out.push(Finding::new(&AKS_SURGE_LIMIT, Subject::pool(&p.name), message));
            }
        }
    }
}

fn check_capi(cluster: &Cluster, cp: &KubeVersion, out: &mut Vec<Finding>) {
    for p in &cluster.pools {
        let Some(v) = p.version.as_ref().filter(|v| !v.same_minor(cp)) else { continue };
        let message = format!(
            "`{}` runs {v} while the control plane runs {cp}: new machines can't join until it is at {}",
            p.name,
            cp.minor_version()
        );
        out.push(Finding::new(&CAPI_MACHINE_CREATION_SKEW, Subject::pool(&p.name), message));
    }
}

fn check_aks_engine(cluster: &Cluster, cp: &KubeVersion, out: &mut Vec<Finding>) {
    for p in cluster.pools.iter().filter(|p| p.version.as_ref().is_some_and(|v| v != cp)) {
        let message = format!("pool `{}` differs from the cluster version {cp}", p.name);
        out.push(Finding::new(&AKS_ENGINE_ONE_VERSION, Subject::pool(&p.name), message));
    }
    if aks_engine_masters_on_scale_set(cluster) {
        let message = "the masters run in a VM scale set, which aks-engine upgrade does not support";
        out.push(Finding::new(&AKS_ENGINE_VMSS_MASTERS, Subject::ControlPlane, message));
    }
}
