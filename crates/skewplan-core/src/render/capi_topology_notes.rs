//! What a topology cluster's steps leave to the topology controller, said
//! in the step's notes: the chained upgrade of a ClusterClass with
//! `spec.kubernetesVersions`, held workers, the upgrade concurrency, and
//! workers that lag the control plane.
//!
//! Sources: <https://github.com/kubernetes-sigs/cluster-api/blob/main/docs/proposals/20250513-chained-and-efficient-upgrades-for-clusters-with-managed-topologies.md>,
//! <https://cluster-api.sigs.k8s.io/reference/api/labels-and-annotations>,
//! <https://github.com/kubernetes-sigs/cluster-api/blob/main/internal/controllers/machineset/machineset_preflight.go>.

use super::Context;
use crate::model::{PoolDetails, TopologyUpgrade};
use crate::plan::{Action, Step};

/// The notes of one step; `patches` is true when the step changes
/// `spec.topology.version`.
pub(super) fn for_step(ctx: &Context, step: &Step, version: &str, patches: bool) -> Vec<String> {
    let Some(t) = ctx.cluster.topology_upgrade() else { return Vec::new() };
    let class = t.class.as_deref().unwrap_or("its ClusterClass");
    let chained = !t.class_versions.is_empty();
    let mut notes = Vec::new();
    match (chained, patches, step.action) {
        (true, true, _) => notes.push(chained_plan(ctx, class)),
        (true, false, Action::UpgradePool) => notes.push(format!(
            "no command: the topology controller upgrades `{}` to {version} itself, as part of the chained upgrade",
            step.subject.pool_name().unwrap_or_default()
        )),
        (true, false, _) => notes.push(format!(
            "no command: the topology controller moves the control plane to {version} itself, as part of the chained upgrade"
        )),
        (false, true, _) => {
            let workers: Vec<&str> = ctx.cluster.pools.iter().map(|p| p.name.as_str()).collect();
            notes.push(format!(
                "the topology controller rolls the control plane to {version}, then each MachineDeployment ({}); the topology-owned objects are never patched directly",
                if workers.is_empty() { "none in the input".to_string() } else { workers.join(", ") }
            ));
        }
        _ => {}
    }
    if patches && ctx.plan.steps.iter().position(|s| std::ptr::eq(s, step)) == first_change(ctx) {
        notes.extend(once_per_plan(t, class));
    }
    notes.extend(lagging(ctx, step));
    notes
}

fn first_change(ctx: &Context) -> Option<usize> {
    ctx.plan.steps.iter().position(|s| s.to.is_some() && s.action != Action::Wait)
}

/// The chained upgrade, as the topology controller will carry it out.
fn chained_plan(ctx: &Context, class: &str) -> String {
    let cp: Vec<String> = ctx
        .plan
        .steps
        .iter()
        .filter(|s| s.action == Action::UpgradeControlPlane)
        .filter_map(|s| s.to.as_ref().map(|v| format!("v{}", v.display_full())))
        .collect();
    let mut workers: Vec<String> = Vec::new();
    for s in ctx.plan.steps.iter().filter(|s| s.action == Action::UpgradePool) {
        if let Some(v) = s.to.as_ref().map(|v| format!("v{}", v.display_full())) {
            if !workers.contains(&v) {
                workers.push(v);
            }
        }
    }
    format!(
        "one change of spec.topology.version reaches the target: ClusterClass `{class}` lists spec.kubernetesVersions, so the topology controller (Cluster API v1.12 or later) upgrades the control plane through {} and the workers only to {} (when the next control-plane version would leave them outside the skew window, and last); the later steps watch its progress and run no command",
        cp.join(", "),
        if workers.is_empty() { "no version (they are already there)".to_string() } else { workers.join(", ") }
    )
}

/// What holds for the whole upgrade, said once.
fn once_per_plan(t: &TopologyUpgrade, class: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if t.class_versions.is_empty() {
        notes.push(match &t.upgrade_plan_extension {
            Some(ext) => format!(
                "ClusterClass `{class}` has its upgrade plan computed by the runtime extension `{ext}`: the versions on the way are its choice; this plan moves one minor per change, which the extension's plan must allow"
            ),
            None if t.class_in_input => format!(
                "ClusterClass `{class}` lists no spec.kubernetesVersions: Cluster API changes spec.topology.version by at most one minor at a time"
            ),
            None => format!(
                "one minor per change of spec.topology.version: if ClusterClass `{class}` lists spec.kubernetesVersions (Cluster API v1.12 or later), every version must be one of them and one change can reach the target; paste the ClusterClass with the Cluster (`kubectl get clusterclass {class} -o yaml`) to plan with its versions"
            ),
        });
    }
    for (name, text) in &t.version_variables {
        notes.push(format!(
            "topology variable `{name}` names the current version ({text}): if the ClusterClass's patches write it into the machine templates (an image built for one version), give the value for the new version with the version change (spec.topology.variables is a list, which a merge patch replaces whole: edit it in place with `kubectl edit`)"
        ));
    }
    for h in &t.held {
        let reason = if t.machine_pools.contains(&h.pool) {
            "MachinePoolsUpgradeDeferred"
        } else {
            "MachineDeploymentsUpgradeDeferred"
        };
        notes.push(format!(
            "`{}` stays on its version: {} holds its upgrade back, so the Cluster's TopologyReconciled condition stays False ({reason}) and no wait on it is made",
            h.pool, h.why
        ));
    }
    if let Some(n) = t.concurrency {
        notes.push(format!(
            "the Cluster's topology.cluster.x-k8s.io/upgrade-concurrency is {n}: the topology controller upgrades up to {n} MachineDeployments at once (the estimate counts them one after another)"
        ));
    }
    notes
}

/// Workers on another minor than the control plane after this step.
fn lagging(ctx: &Context, step: &Step) -> Option<String> {
    let after = ctx.after(step)?;
    let cp = &after.control_plane;
    let t = ctx.cluster.topology_upgrade()?;
    // KubeadmVersionSkew is a MachineSet check: MachinePools have none.
    let machine_pool = |name: &str| {
        t.machine_pools.iter().any(|p| p == name)
            || ctx.cluster.pool(name).is_some_and(
                |p| matches!(&p.details, PoolDetails::ClusterApi { object_kind, .. } if object_kind == "MachinePool"),
            )
    };
    let behind: Vec<String> = after
        .pools
        .iter()
        .filter(|(name, v)| !v.same_minor(cp) && !machine_pool(name))
        .map(|(name, v)| format!("`{name}` ({v})"))
        .collect();
    if behind.is_empty()
        || ctx.cluster.control_plane.cluster_api_object().is_some_and(|o| o.kind != "KubeadmControlPlane")
    {
        return None;
    }
    Some(format!(
        "after this step the control plane is on {cp} and these MachineDeployments on another minor: {}. With the kubeadm bootstrap, the MachineSet preflight check KubeadmVersionSkew stops them from creating machines (no scale-up, no MachineHealthCheck remediation, no autoscaler growth) until the topology controller moves them to the control plane's minor",
        behind.join(", ")
    ))
}
