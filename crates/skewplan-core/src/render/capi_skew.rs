//! What a MachineDeployment can't do while its minor differs from a
//! KubeadmControlPlane's: the MachineSet preflight check `KubeadmVersionSkew`
//! (on by default since Cluster API v1.9) stops it from creating machines,
//! so there is no scale-up, no MachineHealthCheck remediation and no
//! autoscaler growth until it is on the control plane's minor again.
//! <https://github.com/kubernetes-sigs/cluster-api/blob/main/internal/controllers/machineset/machineset_preflight.go>

use crate::model::PoolDetails;
use crate::plan::{Plan, Strategy};
use crate::rules::VersionState;
use crate::Cluster;

/// The note for a step after which (in the state `after`)
/// kubeadm-bootstrapped MachineDeployments run another minor than the
/// KubeadmControlPlane, if any.
pub(super) fn note(cluster: &Cluster, plan: &Plan, after: &VersionState) -> Option<String> {
    let kcp = cluster.control_plane.cluster_api_object().filter(|o| o.kind == "KubeadmControlPlane")?;
    let cp = &after.control_plane;
    let lagging: Vec<String> = cluster
        .pools
        .iter()
        .filter(
            |p| matches!(&p.details, PoolDetails::ClusterApi { object_kind, .. } if object_kind == "MachineDeployment"),
        )
        .filter_map(|p| {
            let v = after.pools.get(&p.name)?;
            (v.minor() != cp.minor() || v.major() != cp.major()).then(|| format!("`{}` ({v})", p.name))
        })
        .collect();
    if lagging.is_empty() {
        return None;
    }
    let remedy = if plan.strategy == Strategy::Lockstep {
        "they catch up when their own rollout to this minor finishes".to_string()
    } else {
        "the lockstep strategy moves every MachineDeployment to each control-plane minor right after it, which keeps this window short".to_string()
    };
    Some(format!(
        "after this step `{}` is on {cp} and these MachineDeployments on another minor: {}. The MachineSet preflight check KubeadmVersionSkew stops them from creating machines (no scale-up, no MachineHealthCheck remediation, no autoscaler growth) until they are on its minor; {remedy}",
        kcp.name,
        lagging.join(", ")
    ))
}
