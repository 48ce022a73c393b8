//! Builds steps while tracking the version state: one named constructor per
//! kind of step, each recording the state after it.

use super::{Action, Change, MachineChange, PlanOptions, Step, StepPool};
use crate::model::{Cluster, MaxSurge, Pool, PoolMode, Provider};
use crate::rules::{Policy, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;
use std::collections::{BTreeSet, HashMap};

/// Control-plane upgrade time of a managed control plane, in minutes.
pub const MANAGED_CONTROL_PLANE_MINUTES: u64 = 15;
/// Starting a stopped cluster, in minutes.
pub const START_MINUTES: u64 = 10;
/// Creating or deleting a pool (besides its nodes), in minutes.
pub const POOL_OPERATION_MINUTES: u64 = 5;
/// Draining one node, in minutes.
pub const DRAIN_MINUTES_PER_NODE: u64 = 2;

/// A step before the builder records the state after it.
struct NewStep {
    action: Action,
    subject: Subject,
    reason: String,
    from: Option<KubeVersion>,
    to: Option<KubeVersion>,
    reimages: u64,
    minutes: u64,
    pool: Option<StepPool>,
    skips_minors: bool,
}

impl NewStep {
    fn new(action: Action, subject: Subject, reason: String) -> NewStep {
        let (from, to, pool) = (None, None, None);
        NewStep { action, subject, reason, from, to, reimages: 0, minutes: 0, pool, skips_minors: false }
    }
}

pub(super) struct Builder<'a> {
    pub(super) cluster: &'a Cluster,
    pub(super) policy: Policy,
    pub(super) options: &'a PlanOptions,
    /// The state after the steps so far: read it freely, change it only
    /// through `set_control_plane`, `set_pool` and `remove_pool`, which
    /// record the change for the next step.
    pub(super) state: VersionState,
    pub(super) steps: Vec<Step>,
    /// What changed since the last step.
    pending: Change,
    /// The cluster's pools by name (large clusters look pools up per step).
    pools: HashMap<&'a str, &'a Pool>,
    /// Pools whose nodes a step already replaced.
    pub(super) reimaged: BTreeSet<String>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        cluster: &'a Cluster,
        policy: Policy,
        options: &'a PlanOptions,
        initial: VersionState,
    ) -> Builder<'a> {
        Builder {
            cluster,
            policy,
            options,
            state: initial,
            steps: Vec::new(),
            pending: Change::default(),
            pools: cluster.pools.iter().map(|p| (p.name.as_str(), p)).collect(),
            reimaged: BTreeSet::new(),
        }
    }

    /// The control plane is at `v` from the next step on; returns its version before.
    pub(super) fn set_control_plane(&mut self, v: &KubeVersion) -> KubeVersion {
        self.pending.control_plane = Some(v.clone());
        std::mem::replace(&mut self.state.control_plane, v.clone())
    }

    /// Pool `name` is at `v` from the next step on; returns its version before.
    pub(super) fn set_pool(&mut self, name: &str, v: &KubeVersion) -> Option<KubeVersion> {
        self.pending.pools.push((name.to_string(), Some(v.clone())));
        self.state.pools.insert(name.to_string(), v.clone())
    }

    fn remove_pool(&mut self, name: &str) {
        self.pending.pools.push((name.to_string(), None));
        self.state.pools.remove(name);
    }

    /// The pool is to be left as it is.
    pub(super) fn left_alone(&self, name: &str) -> bool {
        self.options.leave_alone.contains(name)
    }

    /// The names of the pools in the current state.
    pub(super) fn pool_names(&self) -> Vec<String> {
        self.state.pools.keys().cloned().collect()
    }

    pub(super) fn pool_count(&self, name: &str) -> u64 {
        let pool = self.pools.get(name);
        pool.and_then(|p| p.count.or(p.autoscale.map(|(min, _)| min))).unwrap_or(0)
    }

    fn surge(&self, name: &str) -> Option<MaxSurge> {
        self.options.max_surge.or_else(|| self.pools.get(name).and_then(|p| p.max_surge))
    }

    /// Minutes to roll a pool's nodes, `surge` extra at a time.
    fn roll_minutes(&self, name: &str) -> u64 {
        let count = self.pool_count(name);
        let batch = self.surge(name).map(|s| s.nodes_for(count)).unwrap_or(1).max(1);
        count.div_ceil(batch) * self.options.minutes_per_node
    }

    fn step_pool(&self, name: &str) -> StepPool {
        StepPool {
            name: name.to_string(),
            count: self.pool_count(name),
            max_surge: self.surge(name),
            replaces: None,
            machine: None,
            mode: self.pools.get(name).map(|p| p.mode).unwrap_or(PoolMode::User),
        }
    }

    fn push(&mut self, step: NewStep) {
        if step.reimages > 0 {
            if let Some(p) = step.subject.pool_name() {
                self.reimaged.insert(p.to_string());
            }
        }
        let NewStep { action, subject, reason, from, to, reimages, minutes, pool, skips_minors } = step;
        let change = std::mem::take(&mut self.pending);
        self.steps.push(Step { action, subject, from, to, reason, change, reimages, minutes, pool, skips_minors });
    }

    fn self_managed_control_plane(&self) -> bool {
        matches!(self.cluster.provider, Provider::ClusterApi | Provider::AksEngine | Provider::Generic)
            && self.cluster.managed_control_plane().is_none()
    }

    /// Nodes replaced and minutes taken by a control-plane upgrade.
    fn control_plane_cost(&self) -> (u64, u64) {
        if self.self_managed_control_plane() {
            let replicas = self.cluster.control_plane.replicas.unwrap_or(1);
            (replicas, replicas * self.options.minutes_per_node)
        } else {
            (0, MANAGED_CONTROL_PLANE_MINUTES)
        }
    }

    pub(super) fn start_cluster(&mut self, reason: &str) {
        let step = NewStep::new(Action::StartCluster, Subject::Cluster, reason.to_string());
        self.push(NewStep { minutes: START_MINUTES, ..step });
    }

    pub(super) fn wait(&mut self, subject: Subject, reason: String) {
        self.push(NewStep::new(Action::Wait, subject, reason));
    }

    pub(super) fn upgrade_control_plane(&mut self, to: &KubeVersion, reason: String) {
        let from = self.set_control_plane(to);
        let (reimages, minutes) = self.control_plane_cost();
        // A Cluster API control plane's machine change travels with its
        // steps; the commands apply it with the last hop.
        let pool = MachineChange::for_control_plane(self.cluster, &self.options.machine_changes).map(|m| StepPool {
            name: m.pool.clone(),
            count: self.cluster.control_plane.replicas.unwrap_or(1),
            max_surge: None,
            replaces: None,
            machine: Some(m.clone()),
            mode: PoolMode::System,
        });
        let step = NewStep::new(Action::UpgradeControlPlane, Subject::ControlPlane, reason);
        self.push(NewStep { from: Some(from), to: Some(to.clone()), reimages, minutes, pool, ..step });
    }

    /// One operation moving the control plane and every pool (AKS without
    /// --control-plane-only, aks-engine upgrade).
    pub(super) fn upgrade_cluster(&mut self, to: &KubeVersion, reason: String) {
        self.whole_cluster(to, reason, false);
    }

    /// A whole-cluster upgrade over several minors, where AKS allows it.
    pub(super) fn jump_cluster(&mut self, to: &KubeVersion, reason: String) {
        self.whole_cluster(to, reason, true);
    }

    fn whole_cluster(&mut self, to: &KubeVersion, reason: String, skips_minors: bool) {
        let from = self.set_control_plane(to);
        let (mut reimages, mut minutes) = self.control_plane_cost();
        for name in self.pool_names() {
            // A worker topology the topology controller holds back stays.
            if self.cluster.topology_upgrade().is_some_and(|t| t.held(&name).is_some()) {
                continue;
            }
            if self.state.pools[&name] != *to {
                reimages += self.pool_count(&name);
                minutes += self.roll_minutes(&name);
                self.set_pool(&name, to);
                self.reimaged.insert(name);
            }
        }
        let step = NewStep::new(Action::UpgradeCluster, Subject::Cluster, reason);
        self.push(NewStep { from: Some(from), to: Some(to.clone()), reimages, minutes, skips_minors, ..step });
    }

    /// A pool's nodes roll to `to` (with a machine change, if any).
    pub(super) fn upgrade_pool(
        &mut self,
        name: &str,
        to: &KubeVersion,
        reason: String,
        machine: Option<MachineChange>,
    ) {
        self.roll_pool(Action::UpgradePool, name, to, reason, machine);
    }

    /// aks-engine update: the scale set's model moves to `to`; its nodes do
    /// not, so the state keeps the pool's version.
    pub(super) fn update_pool_model(&mut self, name: &str, to: &KubeVersion, reason: String) {
        let from = self.state.pools.get(name).cloned();
        let pool = Some(self.step_pool(name));
        let step = NewStep::new(Action::UpdatePoolModel, Subject::pool(name), reason);
        self.push(NewStep { from, to: Some(to.clone()), minutes: POOL_OPERATION_MINUTES, pool, ..step });
    }

    /// The pool's nodes are replaced by new ones from its updated model.
    pub(super) fn roll_pool_nodes(&mut self, name: &str, to: &KubeVersion, reason: String) {
        self.roll_pool(Action::RollPoolNodes, name, to, reason, None);
    }

    fn roll_pool(
        &mut self,
        action: Action,
        name: &str,
        to: &KubeVersion,
        reason: String,
        machine: Option<MachineChange>,
    ) {
        let from = self.set_pool(name, to);
        let pool = StepPool { machine, ..self.step_pool(name) };
        let (reimages, minutes) = (self.pool_count(name), self.roll_minutes(name));
        let step = NewStep::new(action, Subject::pool(name), reason);
        self.push(NewStep { from, to: Some(to.clone()), reimages, minutes, pool: Some(pool), ..step });
    }

    /// The pool's node image is refreshed; its version stays.
    pub(super) fn upgrade_node_image(&mut self, name: &str, reason: String) {
        let current = self.state.pools.get(name).cloned();
        let (reimages, minutes) = (self.pool_count(name), self.roll_minutes(name));
        let step = NewStep::new(Action::UpgradeNodeImage, Subject::pool(name), reason);
        let pool = Some(self.step_pool(name));
        self.push(NewStep { from: current.clone(), to: current, reimages, minutes, pool, ..step });
    }

    /// A new pool `new_name` at `to` with the machine change, replacing `old`.
    pub(super) fn add_pool(
        &mut self,
        new_name: &str,
        old: &str,
        to: &KubeVersion,
        change: MachineChange,
        reason: String,
    ) {
        let pool = StepPool {
            name: new_name.to_string(),
            replaces: Some(old.to_string()),
            machine: Some(change),
            ..self.step_pool(old)
        };
        self.set_pool(new_name, to);
        let minutes = POOL_OPERATION_MINUTES + self.options.minutes_per_node;
        let step = NewStep::new(Action::AddPool, Subject::pool(new_name), reason);
        self.push(NewStep { to: Some(to.clone()), minutes, pool: Some(pool), ..step });
    }

    pub(super) fn drain_pool(&mut self, name: &str, reason: String) {
        let minutes = self.pool_count(name) * DRAIN_MINUTES_PER_NODE;
        let step = NewStep::new(Action::DrainPool, Subject::pool(name), reason);
        self.push(NewStep { minutes, pool: Some(self.step_pool(name)), ..step });
    }

    pub(super) fn delete_pool(&mut self, name: &str, reason: String) {
        self.remove_pool(name);
        let step = NewStep::new(Action::DeletePool, Subject::pool(name), reason);
        self.push(NewStep { minutes: POOL_OPERATION_MINUTES, pool: Some(self.step_pool(name)), ..step });
    }
}
