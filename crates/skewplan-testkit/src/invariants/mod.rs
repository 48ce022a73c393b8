//! What every plan must hold, stated on its own terms. These checks read a
//! plan's states and steps and judge them by the window table below and by
//! the rules' `check_state` and `check_transition`; they do not reuse the
//! planner's self-check, nor its tolerance of findings the input already had.
//!
//! The one tolerance here is written out: a pool may break the window (or
//! be newer than the control plane) only while neither it nor the control
//! plane has changed since the input and no step has acted on it.

use crate::access::{pool_of, rule_id, subject_of};
use skewplan_core::model::{Availability, Cluster, PoolDetails, Provider};
use skewplan_core::plan::{Action, Plan, PlanRequest, Step};
use skewplan_core::rules::{check_state, check_transition, Policy, VersionState};
use skewplan_core::KubeVersion;
use std::collections::{BTreeMap, BTreeSet};

mod finish;

/// How many minors a pool may trail the control plane, written out from the
/// policies' sources:
///
/// | policy | a pool may trail by | source |
/// |---|---|---|
/// | `aks` | 3 minors from control plane 1.28 on, 2 below | AKS upgrade-aks-control-plane and its FAQ |
/// | `aks-conservative` | 2 minors | AKS: node pools within two minors of the control plane (older text) |
/// | `upstream`, `capi`, `aks-engine` | 3 minors for kubelets from 1.25 on, 2 for older kubelets | Kubernetes version-skew policy |
/// | `gke` | 2 minors | GKE versioning: "Nodes and node pool versions can be up to two minor versions older than the control plane" |
pub fn window(policy: Policy, control_plane: &KubeVersion, pool: &KubeVersion) -> u64 {
    const AKS: u64 = 2;
    const AKS_FROM_1_28: u64 = 3;
    const KUBELET_FROM_1_25: u64 = 3;
    const KUBELET_BEFORE_1_25: u64 = 2;
    const GKE: u64 = 2;
    match policy {
        Policy::Gke => GKE,
        Policy::Aks if control_plane.minor() >= 28 => AKS_FROM_1_28,
        Policy::Aks | Policy::AksConservative => AKS,
        Policy::Upstream | Policy::Capi | Policy::AksEngine if pool.minor() >= 25 => KUBELET_FROM_1_25,
        Policy::Upstream | Policy::Capi | Policy::AksEngine => KUBELET_BEFORE_1_25,
    }
}

/// The pool is on the control plane's major and trails it by no more minors
/// than [`window`] allows (a newer pool is judged by
/// [`newer_than_control_plane`]).
pub fn in_window(policy: Policy, control_plane: &KubeVersion, pool: &KubeVersion) -> bool {
    pool.major() == control_plane.major()
        && control_plane.minor().saturating_sub(pool.minor()) <= window(policy, control_plane, pool)
}

/// `a` is above `b`; patches count only when both versions have one (a
/// minor-only version such as `1.24` stands for any of its patches).
fn above(a: &KubeVersion, b: &KubeVersion) -> bool {
    match (a.patch(), b.patch()) {
        (Some(_), Some(_)) => a > b,
        _ => (a.major(), a.minor()) > (b.major(), b.minor()),
    }
}

/// AKS compares whole versions (a pool may not be ahead even by a patch);
/// the upstream policies compare minors (a kubelet may not be a newer minor).
pub fn newer_than_control_plane(policy: Policy, pool: &KubeVersion, control_plane: &KubeVersion) -> bool {
    match policy {
        Policy::Aks | Policy::AksConservative => above(pool, control_plane),
        Policy::Upstream | Policy::Capi | Policy::AksEngine | Policy::Gke => {
            (pool.major(), pool.minor()) > (control_plane.major(), control_plane.minor())
        }
    }
}

/// Panics with every violation of [`plan_violations`], naming `context`.
pub fn assert_plan_holds(cluster: &Cluster, request: &PlanRequest, plan: &Plan, context: &str) {
    let problems = plan_violations(cluster, request, plan);
    assert!(problems.is_empty(), "{context}: the plan breaks its invariants:\n  {}", problems.join("\n  "));
}

fn pool_nodes(cluster: &Cluster, name: &str) -> u64 {
    cluster.pool(name).and_then(|p| p.count.or(p.autoscale.map(|(min, _)| min))).unwrap_or(0)
}

/// AKS refuses node-image-only upgrades on clusters with availability-set
/// pools (azure-cli `acs/custom.py`: "This cluster is using AvailabilitySet").
fn node_image_only_possible(cluster: &Cluster) -> bool {
    let avset = cluster
        .pools
        .iter()
        .any(|p| matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. }));
    !avset
}

/// Every way `plan` (made from `cluster` for `request`) breaks what a plan
/// must hold; empty when it holds.
pub fn plan_violations(cluster: &Cluster, request: &PlanRequest, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = &plan.blocked {
        if rule_id(b) == "plan.self-check" {
            out.push(format!("the planner refused its own plan: {}", b.message));
        }
    }
    let Some(initial) = &plan.initial else {
        if plan.blocked.is_none() || !plan.steps.is_empty() {
            out.push("a plan without an initial state must be blocked and empty".into());
        }
        return out;
    };
    if Some(&initial.control_plane) != cluster.control_plane.version.as_ref()
        || initial.pools.iter().any(|(name, v)| cluster.pool(name).and_then(|p| p.version.as_ref()) != Some(v))
        || initial.pools.len() != cluster.pools.len()
    {
        out.push("the initial state is not the input's versions".into());
    }
    let mut walk = Walk::new(cluster, request, plan, initial);
    let states: Vec<VersionState> = plan.states().collect();
    let mut before = initial;
    for (i, (step, after)) in plan.steps.iter().zip(&states).enumerate() {
        walk.step(i + 1, (before, after), step, &mut out);
        before = after;
    }
    if plan.blocked.is_none() {
        walk.finish(before, &mut out);
    }
    let reimages: u64 = plan.steps.iter().map(|s| s.reimages).sum();
    let minutes: u64 = plan.steps.iter().map(|s| s.minutes).sum();
    if (plan.estimate.node_reimages, plan.estimate.minutes) != (reimages, minutes) {
        out.push(format!(
            "the estimate ({} reimages, {} minutes) is not the sum of the steps ({reimages}, {minutes})",
            plan.estimate.node_reimages, plan.estimate.minutes
        ));
    }
    out
}

/// What the walk over a plan's steps has seen so far.
struct Walk<'a> {
    cluster: &'a Cluster,
    request: &'a PlanRequest,
    plan: &'a Plan,
    initial: &'a VersionState,
    policy: Policy,
    /// Pools a step has acted on or whose version has changed.
    touched: BTreeSet<String>,
    /// Versions that operations already under way in the input reach (what
    /// a wait sees finish): the input's doing, not the plan's.
    settled: BTreeMap<String, KubeVersion>,
    settled_control_plane: Option<KubeVersion>,
    /// Pools a step upgraded, replaced or created: they run the current node image.
    fresh_nodes: BTreeSet<String>,
    node_image_steps: BTreeMap<String, usize>,
    /// aks-engine: the version each scale set's model was updated to.
    models: BTreeMap<String, KubeVersion>,
}

impl<'a> Walk<'a> {
    fn new(cluster: &'a Cluster, request: &'a PlanRequest, plan: &'a Plan, initial: &'a VersionState) -> Self {
        Walk {
            cluster,
            request,
            plan,
            initial,
            policy: plan.policy,
            touched: BTreeSet::new(),
            settled: BTreeMap::new(),
            settled_control_plane: None,
            fresh_nodes: BTreeSet::new(),
            node_image_steps: BTreeMap::new(),
            models: BTreeMap::new(),
        }
    }

    fn step(&mut self, n: usize, (before, after): (&VersionState, &VersionState), s: &Step, out: &mut Vec<String>) {
        let at = format!("step {n} ({} {})", s.action.id(), subject_of(s));
        let (b, a) = (&before.control_plane, &after.control_plane);

        // The control plane moves at most one minor at a time, and never
        // down; AKS skips minors only in one whole-cluster upgrade that the
        // pasted version list allows.
        let skip_allowed = self.aks_allows_skip(b, a, s);
        if a.major() != b.major() || a < b || (a.minor() > b.minor() + 1 && !skip_allowed) {
            out.push(format!("{at}: the control plane moves from {b} to {a}"));
        }
        // No pool goes down.
        for (name, v) in &after.pools {
            if let Some(old) = before.pools.get(name).filter(|old| v < *old) {
                out.push(format!("{at}: pool {name} goes down from {old} to {v}"));
            }
        }
        let changed: BTreeSet<&String> = before
            .pools
            .keys()
            .chain(after.pools.keys())
            .filter(|name| before.pools.get(*name) != after.pools.get(*name))
            .collect();
        self.step_scope(&at, (before, after), s, &changed, out);

        // A pool the plan moves goes no further than the control plane runs.
        for name in &changed {
            if let Some(v) = after.pools.get(*name).filter(|v| above(v, a)) {
                out.push(format!("{at}: pool {name} moves to {v}, above the control plane's {a}"));
            }
        }
        if s.action == Action::Wait {
            for name in &changed {
                if let Some(v) = after.pools.get(*name) {
                    self.settled.insert(name.to_string(), v.clone());
                }
            }
            if a != b {
                self.settled_control_plane = Some(a.clone());
            }
        } else {
            self.touched.extend(changed.iter().map(|n| n.to_string()));
        }
        let pool = pool_of(s);
        if let Some(p) = pool.as_ref().filter(|_| s.to.is_some()) {
            self.touched.insert(p.clone());
        }
        self.left_alone(&at, s, after, out);
        self.skew(&at, before, after, skip_allowed, out);
        self.nodes(&at, s, &changed, out);
    }

    /// AKS lets a whole-cluster upgrade skip minors from a version whose next
    /// minor it no longer offers (out of support: "Unsupported recovery
    /// path"), or from LTS to LTS when the cluster's own upgrade profile
    /// offers the new minor (learn.microsoft.com/azure/aks/supported-kubernetes-versions).
    fn aks_allows_skip(&self, from: &KubeVersion, to: &KubeVersion, s: &Step) -> bool {
        let Some(list) = self.request.versions.as_ref() else { return false };
        let lts = self.cluster.aks_settings().and_then(|a| a.support_plan.as_deref()) == Some("AKSLongTermSupport");
        // Preview versions are never installed; LTS-only ones only on the LTS plan.
        let offered_minor = |minor: u64| {
            list.versions.iter().any(|o| {
                !o.preview && (!o.lts_only || lts) && o.version.major() == from.major() && o.version.minor() == minor
            })
        };
        let aks =
            matches!(self.policy, Policy::Aks | Policy::AksConservative) && self.cluster.provider == Provider::Aks;
        let out_of_support = !offered_minor(from.minor() + 1);
        let lts_profile = lts && list.current.as_ref() == Some(from) && offered_minor(to.minor());
        aks && s.action == Action::UpgradeCluster && (out_of_support || lts_profile)
    }

    /// A step changes only what it names, and its `from`/`to` are the
    /// versions before and after it.
    fn step_scope(
        &self,
        at: &str,
        (before, after): (&VersionState, &VersionState),
        s: &Step,
        changed: &BTreeSet<&String>,
        out: &mut Vec<String>,
    ) {
        let cp_moved = before.control_plane != after.control_plane;
        let pool = pool_of(s);
        let only_pool = |p: &String| changed.iter().all(|c| *c == p) && !cp_moved;
        let ok = match (s.action, pool.as_ref()) {
            (Action::StartCluster | Action::DrainPool, _) => changed.is_empty() && !cp_moved,
            (Action::Wait, None) => changed.is_empty(),
            (Action::Wait, Some(p)) => only_pool(p),
            (Action::UpgradeControlPlane, None) => {
                changed.is_empty()
                    && s.from.as_ref() == Some(&before.control_plane)
                    && s.to.as_ref() == Some(&after.control_plane)
            }
            (Action::UpgradeCluster, None) => {
                after.pools.values().all(|v| *v == after.control_plane)
                    && s.from.as_ref() == Some(&before.control_plane)
                    && s.to.as_ref() == Some(&after.control_plane)
            }
            (Action::UpgradePool | Action::RollPoolNodes, Some(p)) => {
                only_pool(p) && s.from.as_ref() == before.pools.get(p) && s.to.as_ref() == after.pools.get(p)
            }
            // aks-engine update changes the scale set's model, not its nodes
            // ("it is not actually modifying any existing VMSS instances",
            // aks-engine docs/topics/update.md): the versions stay.
            (Action::UpdatePoolModel, Some(p)) => {
                changed.is_empty() && !cp_moved && s.from.as_ref() == before.pools.get(p) && s.to.is_some()
            }
            (Action::UpgradeNodeImage, Some(p)) => {
                changed.is_empty() && !cp_moved && s.from.as_ref() == after.pools.get(p) && s.from == s.to
            }
            (Action::AddPool, Some(p)) => {
                only_pool(p) && !before.pools.contains_key(p) && s.to.as_ref() == after.pools.get(p)
            }
            (Action::DeletePool, Some(p)) => {
                only_pool(p) && before.pools.contains_key(p) && !after.pools.contains_key(p)
            }
            _ => false,
        };
        if !ok {
            out.push(format!(
                "{at}: changes more than it names or misstates its versions (from {:?} to {:?}; control plane {} -> {}, pools changed {changed:?})",
                s.from.as_ref().map(ToString::to_string),
                s.to.as_ref().map(ToString::to_string),
                before.control_plane,
                after.control_plane
            ));
        }
    }

    /// Pools left alone are never acted on and keep their version.
    fn left_alone(&self, at: &str, s: &Step, after: &VersionState, out: &mut Vec<String>) {
        let alone = &self.request.options.leave_alone;
        if pool_of(s).is_some_and(|p| alone.contains(&p)) {
            out.push(format!("{at}: acts on a pool to be left alone"));
        }
        for name in alone {
            if after.pools.get(name) != self.initial.pools.get(name) {
                out.push(format!("{at}: pool {name} is to be left alone, yet its version changes"));
            }
        }
    }

    /// Every pool is inside the window and not newer than the control
    /// plane, by the table above; no step breaks a transition rule; and a
    /// subject the plan has changed has no skew finding afterwards.
    fn skew(&self, at: &str, before: &VersionState, after: &VersionState, skip_allowed: bool, out: &mut Vec<String>) {
        let cp = &after.control_plane;
        let cp_moved = *cp != self.initial.control_plane && Some(cp) != self.settled_control_plane.as_ref();
        let as_input = |name: &String, v: &KubeVersion| {
            let unmoved = self.initial.pools.get(name) == Some(v) || self.settled.get(name) == Some(v);
            !cp_moved && unmoved && !self.touched.contains(name)
        };
        for (name, v) in &after.pools {
            if as_input(name, v) {
                continue;
            }
            if newer_than_control_plane(self.policy, v, cp) {
                out.push(format!("{at}: pool {name} at {v} is newer than the control plane's {cp}"));
            }
            if !in_window(self.policy, cp, v) {
                out.push(format!(
                    "{at}: pool {name} at {v} is outside the {} window of {} minors behind the control plane's {cp}",
                    self.policy,
                    window(self.policy, cp, v)
                ));
            }
        }
        for f in check_transition(before, after, self.policy) {
            if skip_allowed && rule_id(&f) == "aks.control-plane-one-minor" {
                continue;
            }
            out.push(format!("{at}: breaks {} on {}: {}", rule_id(&f), subject_of(&f), f.message));
        }
        for f in check_state(after, self.policy) {
            let changed = cp_moved || pool_of(&f).is_some_and(|p| self.touched.contains(&p));
            if changed {
                out.push(format!("{at}: leaves {} on {}: {}", rule_id(&f), subject_of(&f), f.message));
            }
        }
    }

    /// Node-image refreshes: only on AKS when asked, only where AKS allows
    /// node-image-only upgrades, once per pool, never on nodes the plan
    /// already replaced.
    fn nodes(&mut self, at: &str, s: &Step, changed: &BTreeSet<&String>, out: &mut Vec<String>) {
        let pool = pool_of(s);
        if s.action == Action::UpgradeNodeImage {
            let p = pool.clone().unwrap_or_default();
            if !self.request.options.node_image_upgrade || self.cluster.provider != Provider::Aks {
                out.push(format!("{at}: a node-image refresh nobody asked for (or not on AKS)"));
            }
            if !node_image_only_possible(self.cluster) {
                out.push(format!(
                    "{at}: node-image-only upgrades are refused on this cluster (availability-set pools or maxAgentPools below 8)"
                ));
            }
            if self.fresh_nodes.contains(&p) && pool_nodes(self.cluster, &p) > 0 {
                out.push(format!("{at}: the plan already replaced this pool's nodes"));
            }
            let seen = self.node_image_steps.entry(p).or_default();
            *seen += 1;
            if *seen > 1 {
                out.push(format!("{at}: a second node-image refresh of the same pool"));
            }
        }
        // New scale-set instances come from the model: a node roll to a
        // version needs the pool's model at that version first.
        match (s.action, pool.as_ref(), s.to.as_ref()) {
            (Action::UpdatePoolModel, Some(p), Some(v)) => {
                self.models.insert(p.clone(), v.clone());
            }
            (Action::RollPoolNodes, Some(p), v) if self.models.get(p) != v => {
                out.push(format!("{at}: a node roll to {v:?} without the pool's model at that version"));
            }
            _ => {}
        }
        // A version upgrade (or a new pool) brings the current node image.
        match (s.action, pool) {
            (Action::AddPool | Action::UpgradePool | Action::RollPoolNodes, Some(p)) => {
                self.fresh_nodes.insert(p);
            }
            (Action::UpgradeCluster, _) => self.fresh_nodes.extend(changed.iter().map(|p| p.to_string())),
            _ => {}
        }
    }
}
