//! What an unblocked plan must have done by its last step.

use super::{node_image_only_possible, Walk};
use crate::access::pool_of;
use skewplan_core::model::Provider;
use skewplan_core::plan::Action;
use skewplan_core::rules::VersionState;

impl Walk<'_> {
    /// An unblocked plan ends at the target, with every machine change and
    /// node-image refresh it was asked for.
    pub(super) fn finish(&self, last: &VersionState, out: &mut Vec<String>) {
        let options = &self.request.options;
        let Some(target) = &self.plan.target else {
            out.push("an unblocked plan has no target".into());
            return;
        };
        if last.control_plane != *target {
            out.push(format!(
                "the plan ends with the control plane at {}, not the target {target}",
                last.control_plane
            ));
        }
        for (name, v) in &last.pools {
            if !options.leave_alone.contains(name) && v != target {
                out.push(format!("pool {name} ends at {v}, not the target {target}"));
            }
        }
        let aks_resize = |name: &str| {
            self.cluster.provider == Provider::Aks
                && options.machine_changes.iter().any(|m| m.pool == name && m.machine_size.is_some())
        };
        let steps = &self.plan.steps;
        let replaced = |name: &str| {
            steps.iter().any(|s| s.action == Action::DeletePool && pool_of(s).as_deref() == Some(name))
                && steps.iter().any(|s| {
                    s.action == Action::AddPool && s.pool.as_ref().and_then(|p| p.replaces.as_deref()) == Some(name)
                })
        };
        for name in self.initial.pools.keys() {
            let kept = last.pools.contains_key(name);
            if !kept && (!aks_resize(name) || !replaced(name)) {
                out.push(format!("pool {name} is gone without being replaced for a VM-size change"));
            }
        }
        // Machine changes are defined for AKS (VM size) and Cluster API
        // (instance type, image).
        let machine_changes = matches!(self.cluster.provider, Provider::Aks | Provider::ClusterApi);
        for change in options.machine_changes.iter().filter(|_| machine_changes) {
            if options.leave_alone.contains(&change.pool) || !self.initial.pools.contains_key(&change.pool) {
                continue;
            }
            let applied = if aks_resize(&change.pool) {
                steps.iter().any(|s| {
                    s.action == Action::AddPool
                        && s.pool.as_ref().is_some_and(|p| {
                            p.replaces.as_deref() == Some(change.pool.as_str()) && p.machine.as_ref() == Some(change)
                        })
                })
            } else {
                steps.iter().any(|s| {
                    s.action == Action::UpgradePool
                        && pool_of(s).as_deref() == Some(change.pool.as_str())
                        && s.pool.as_ref().is_some_and(|p| p.machine.as_ref() == Some(change))
                })
            };
            if !applied {
                out.push(format!("the machine change of pool {} is not in the plan", change.pool));
            }
        }
        if options.node_image_upgrade
            && self.cluster.provider == Provider::Aks
            && node_image_only_possible(self.cluster)
        {
            for name in last.pools.keys() {
                if !options.leave_alone.contains(name)
                    && !self.fresh_nodes.contains(name)
                    && !self.node_image_steps.contains_key(name)
                {
                    out.push(format!("pool {name} gets neither new nodes nor the node-image refresh asked for"));
                }
            }
        }
    }
}
