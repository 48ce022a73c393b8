//! Cluster API clusters with a managed topology (ClusterClass): the Cluster's
//! `spec.topology.version` is patched and the topology controller rolls the
//! control plane and then each worker. The topology-owned objects (label
//! `topology.cluster.x-k8s.io/owned`) are shown but never patched: the
//! topology controller owns their version.
//! <https://cluster-api.sigs.k8s.io/tasks/experimental-features/cluster-class/operate-cluster>
//!
//! Without versions in the ClusterClass, each step patches one minor. With
//! `ClusterClass.spec.kubernetesVersions` (Cluster API v1.12+) the first
//! step patches the target and the controller carries out the chained
//! upgrade: the later steps only wait for each version it reaches
//! (<https://github.com/kubernetes-sigs/cluster-api/blob/main/docs/proposals/20250513-chained-and-efficient-upgrades-for-clusters-with-managed-topologies.md>).

use super::capi::{api_version_of, kubectl_patch, ns, push_file, resource, safe_file_part, yaml_string};
use super::capi_topology_notes as notes;
use super::capi_wait::{timeout_minutes, Role, Rollout};
use super::shell::{names, CommandLine, Word};
use super::{v_version, Context, File, StepOutput, Vars};
use crate::model::{ObjectRef, PoolDetails};
use crate::plan::{Action, Step};
use crate::version::KubeVersion;

/// The commands of one step of a topology cluster's plan.
pub(super) fn step(
    ctx: &Context,
    cluster: &ObjectRef,
    (n, step, to): (usize, &Step, &KubeVersion),
    vars: &mut Vars,
    files: &mut Vec<File>,
) -> StepOutput {
    let chained = ctx.cluster.chained_topology();
    let mut out = StepOutput::default();
    let index = ctx.plan.steps.iter().position(|s| std::ptr::eq(s, step));
    // The steps that follow the topology controller: every control-plane
    // hop, and in a chained upgrade the workers' version moves (a machine
    // change is the ClusterClass's business).
    let watched = |s: &Step| {
        let version_move = s.action == Action::UpgradePool && s.pool.as_ref().is_none_or(|p| p.machine.is_none());
        s.to.is_some()
            && (matches!(s.action, Action::UpgradeControlPlane | Action::UpgradeCluster) || chained && version_move)
    };
    let first = ctx.plan.steps.iter().position(watched);
    let last = ctx.plan.steps.iter().rposition(watched);
    let is_cp = matches!(step.action, Action::UpgradeControlPlane | Action::UpgradeCluster);
    if !watched(step) {
        let subject = step.subject.pool_name().unwrap_or("the workers");
        out.notes.push(format!(
            "`{subject}` belongs to the Cluster's topology: change it through the Cluster's spec.topology (or its ClusterClass), never on the MachineDeployment, which the topology controller owns"
        ));
        return out;
    }
    let version = v_version(to);
    let name = vars.word(&cluster.name, names::kube_name, "CLUSTER_", "Cluster name");
    let res = resource(vars, &cluster.kind, &cluster.api);
    let rollout = |version: &str| -> Vec<CommandLine> {
        let r = Rollout {
            resource: res.clone(),
            name: name.clone(),
            namespace: ns(),
            api_version: api_version_of(&cluster.api),
            role: Role::Cluster,
            version,
            minutes: step.minutes,
        };
        r.waits()
    };
    let patches = !chained || index == first;
    let mut waits: Vec<CommandLine> = Vec::new();
    if patches {
        // Chained: one change of spec.topology.version, to the target.
        let patched =
            if chained { ctx.plan.target.as_ref().map(v_version).unwrap_or(version.clone()) } else { version.clone() };
        let file = format!("step-{n:02}-{}-topology-version-patch.yaml", safe_file_part(&cluster.name));
        let content = format!(
            "apiVersion: {}\nkind: {}\nspec:\n  topology:\n    version: {}\n",
            yaml_string(&cluster.api),
            yaml_string(&cluster.kind),
            yaml_string(&patched)
        );
        push_file(files, &mut out, &file, content);
        out.commands.push(kubectl_patch(&res, &name, &file));
        waits.extend(rollout(&patched).into_iter().take(1));
    }
    waits.extend(if is_cp {
        control_plane_waits(ctx, vars, &version, step.minutes)
    } else {
        worker_waits(ctx, step, vars, &version)
    });
    // The Cluster's own conditions: after every hop of a one-minor-per-step
    // upgrade, after the last step of a chained one; never while a held
    // worker keeps TopologyReconciled False.
    let held = ctx.cluster.topology_upgrade().is_some_and(|t| !t.held.is_empty());
    if !held && (!chained || index == last) {
        waits.extend(rollout(&version).into_iter().skip(1));
    }
    out.commands.extend(waits.iter().map(ToString::to_string));
    out.notes.extend(notes::for_step(ctx, step, &version, patches));
    out
}

/// The control plane reaching `version` (when its object is in the input).
fn control_plane_waits(ctx: &Context, vars: &mut Vars, version: &str, minutes: u64) -> Vec<CommandLine> {
    let Some(kcp) = ctx.cluster.control_plane.cluster_api_object() else { return Vec::new() };
    let kcp_name = vars.word(&kcp.name, names::kube_name, "CONTROL_PLANE_", "control plane name");
    let cp = Rollout {
        resource: resource(vars, &kcp.kind, &kcp.api),
        name: kcp_name,
        namespace: ns(),
        api_version: api_version_of(&kcp.api),
        role: Role::ControlPlane,
        version,
        minutes,
    };
    cp.waits().into_iter().skip(1).collect()
}

/// A topology-owned worker object (in the input) finishing its rollout to
/// `version`.
fn worker_waits(ctx: &Context, step: &Step, vars: &mut Vars, version: &str) -> Vec<CommandLine> {
    let Some(pool) = step.subject.pool_name().and_then(|p| ctx.cluster.pool(p)) else { return Vec::new() };
    let PoolDetails::ClusterApi { object_kind, api_version, .. } = &pool.details else { return Vec::new() };
    let name = vars.word(&pool.name, names::kube_name, "MACHINE_DEPLOYMENT_", "MachineDeployment name");
    let rollout = Rollout {
        resource: resource(vars, object_kind, api_version),
        name,
        namespace: ns(),
        api_version: api_version_of(api_version),
        role: Role::of_worker(object_kind),
        version,
        minutes: step.minutes,
    };
    // The topology controller sets the version when the control plane is
    // done; the rollout waits are only meaningful after that.
    let set = CommandLine::new("kubectl")
        .lit("wait")
        .word(rollout.resource.clone())
        .word(rollout.name.clone())
        .opt("--namespace", ns())
        .word(Word::value(&format!("--for=jsonpath={{.spec.template.spec.version}}={version}")))
        .word(Word::value(&format!("--timeout={}m", timeout_minutes(step.minutes))));
    let mut waits = vec![set];
    waits.extend(rollout.waits());
    waits
}
