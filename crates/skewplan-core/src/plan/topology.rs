//! The steps of a Cluster API cluster with a managed topology (ClusterClass):
//! the topology controller, not the plan, decides how the control plane and
//! the workers move.
//!
//! - Without versions in its ClusterClass, the Cluster moves one minor per
//!   change of `spec.topology.version`: the control plane, then every worker
//!   (one step per hop).
//! - With `ClusterClass.spec.kubernetesVersions` (Cluster API v1.12+), one
//!   change reaches the target: the control plane goes through the newest
//!   version of each minor in the list, and the workers only move when the
//!   next control-plane version would leave them outside the skew window,
//!   and at the end ("efficient upgrade",
//!   <https://github.com/kubernetes-sigs/cluster-api/blob/main/exp/topology/desiredstate/upgrade_plan.go>,
//!   `DefaultAndValidateUpgradePlans`).
//! - Workers held by `defer-upgrade` / `hold-upgrade-sequence` stay behind;
//!   the Cluster's upgrade can't finish, nor its version change again, until
//!   they are upgraded (`core/webhooks/admission/cluster.go`,
//!   `validateTopologyMachineDeploymentVersions`).

use super::builder::Builder;
use super::Blocked;
use crate::rules::{self, check_state, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;

/// The control-plane hops (and, for a chained upgrade, the worker moves) of
/// a topology cluster, up to where a held worker stops them.
pub(super) fn build(b: &mut Builder, hops: &[KubeVersion], target: &KubeVersion) -> Result<(), Blocked> {
    let chained = b.cluster.chained_topology();
    if let Some(name) = b.state.pools.keys().find(|n| b.left_alone(n)) {
        let message = format!(
            "a change of spec.topology.version makes the topology controller upgrade pool `{name}` too (only the defer-upgrade annotation on its worker topology holds it back)"
        );
        return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(name), message));
    }
    for (i, hop) in hops.iter().enumerate() {
        if chained {
            let next = VersionState { control_plane: hop.clone(), pools: b.state.pools.clone() };
            if !check_state(&next, b.policy).is_empty() {
                let now = b.state.control_plane.clone();
                let reason = format!(
                    "the topology controller upgrades the workers to {now} before the control plane goes to {hop}, which would leave them outside the skew window"
                );
                workers_to(b, &now, &reason)?;
            }
            let reason = format!(
                "hop {} of {} toward {target}: the topology controller moves the control plane to {hop} (a chained upgrade through the ClusterClass's versions)",
                i + 1,
                hops.len()
            );
            b.upgrade_control_plane(hop, reason);
        } else {
            if i > 0 {
                held_behind(b, hop)?;
            }
            let reason = format!(
                "hop {} of {} toward {target}: a ClusterClass cluster is upgraded through spec.topology.version: the topology controller rolls the control plane, then every MachineDeployment",
                i + 1,
                hops.len()
            );
            b.upgrade_cluster(hop, reason);
        }
    }
    if chained {
        let reason = format!("the topology controller upgrades the workers to the target {target}, last");
        workers_to(b, target, &reason)?;
    }
    held_behind(b, target)
}

/// Every worker below `to` moves to it, as one upgrade of the workers; a
/// held worker stops the upgrade there.
fn workers_to(b: &mut Builder, to: &KubeVersion, reason: &str) -> Result<(), Blocked> {
    for name in b.pool_names() {
        if b.state.pools[&name] >= *to {
            continue;
        }
        if let Some(held) = b.cluster.topology_upgrade().and_then(|t| t.held(&name)) {
            let message = format!(
                "`{name}` is held back by {}: the chained upgrade stops where the workers must move to {to}, because the upgrade of the workers can't finish without it; remove the annotation when it may be upgraded",
                held.why
            );
            return Err(Blocked::new(&rules::CAPI_TOPOLOGY_HELD, Subject::pool(&name), message));
        }
        b.upgrade_pool(&name, to, reason.to_string(), None);
    }
    Ok(())
}

/// A held worker still below the control plane stops the plan before the
/// next version (`next`), or short of the target.
fn held_behind(b: &Builder, next: &KubeVersion) -> Result<(), Blocked> {
    let cp = &b.state.control_plane;
    let Some(t) = b.cluster.topology_upgrade() else { return Ok(()) };
    for held in &t.held {
        let Some(v) = b.state.pools.get(&held.pool) else { continue };
        if v < cp || v < next {
            let reason = if t.machine_pools.contains(&held.pool) {
                "MachinePoolsUpgradeDeferred"
            } else {
                "MachineDeploymentsUpgradeDeferred"
            };
            let message = format!(
                "`{}` is held back by {}: the topology controller leaves it on {v} while the control plane moves to {cp}; the Cluster's TopologyReconciled condition stays False ({reason}) and its webhook refuses any further change of spec.topology.version until it is on {cp}. Remove the annotation when it may be upgraded, then plan again",
                held.pool, held.why
            );
            return Err(Blocked::new(&rules::CAPI_TOPOLOGY_HELD, Subject::pool(&held.pool), message));
        }
    }
    Ok(())
}
