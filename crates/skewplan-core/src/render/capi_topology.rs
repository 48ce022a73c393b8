//! Cluster API clusters with a managed topology (ClusterClass): the Cluster's
//! `spec.topology.version` is patched, one minor per step, and the topology
//! controller rolls the control plane and then each MachineDeployment. The
//! topology-owned objects (label `topology.cluster.x-k8s.io/owned`) are shown
//! but never patched: the topology controller owns their version.
//! <https://cluster-api.sigs.k8s.io/tasks/experimental-features/cluster-class/operate-cluster>

use super::capi::{api_version_of, kubectl_patch, ns, push_file, resource, safe_file_part, yaml_string};
use super::capi_wait::{Role, Rollout};
use super::shell::names;
use super::{v_version, Context, File, StepOutput, Vars};
use crate::model::ObjectRef;
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
    let mut out = StepOutput::default();
    if !matches!(step.action, Action::UpgradeControlPlane | Action::UpgradeCluster) {
        let subject = step.subject.pool_name().unwrap_or("the workers");
        out.notes.push(format!(
            "`{subject}` belongs to the Cluster's topology: change it through the Cluster's spec.topology (or its ClusterClass), never on the MachineDeployment, which the topology controller owns"
        ));
        return out;
    }
    let version = v_version(to);
    let name = vars.word(&cluster.name, names::kube_name, "CLUSTER_", "Cluster name");
    let file = format!("step-{n:02}-{}-topology-version-patch.yaml", safe_file_part(&cluster.name));
    let content = format!(
        "apiVersion: {}\nkind: {}\nspec:\n  topology:\n    version: {}\n",
        yaml_string(&cluster.api),
        yaml_string(&cluster.kind),
        yaml_string(&version)
    );
    push_file(files, &mut out, &file, content);
    let res = resource(vars, &cluster.kind, &cluster.api);
    out.commands.push(kubectl_patch(&res, &name, &file));
    let minutes = step.minutes;
    let api_version = api_version_of(&cluster.api);
    let rollout =
        Rollout { resource: res, name, namespace: ns(), api_version, role: Role::Cluster, version: &version, minutes };
    let mut waits = rollout.waits();
    // Between the Cluster's observed generation and its conditions: the
    // control plane reaching the version, so the conditions can't be read
    // before the topology controller has started.
    if let Some(kcp) = ctx.cluster.control_plane.cluster_api_object() {
        let kcp_name = vars.word(&kcp.name, names::kube_name, "CONTROL_PLANE_", "control plane name");
        let cp = Rollout {
            resource: resource(vars, &kcp.kind, &kcp.api),
            name: kcp_name,
            namespace: ns(),
            api_version: api_version_of(&kcp.api),
            role: Role::ControlPlane,
            version: &version,
            minutes,
        };
        let rest = waits.split_off(1);
        waits.extend(cp.waits().into_iter().skip(1));
        waits.extend(rest);
    }
    out.commands.extend(waits.iter().map(ToString::to_string));
    let workers: Vec<&str> = ctx.cluster.pools.iter().map(|p| p.name.as_str()).collect();
    out.notes.push(format!(
        "the topology controller rolls the control plane to {version}, then each MachineDeployment ({}); the topology-owned objects are never patched directly",
        if workers.is_empty() { "none in the input".to_string() } else { workers.join(", ") }
    ));
    out
}
