//! The planner: a pure function from a cluster and a request to an ordered
//! plan whose every state is re-checked by the same rules as `check`.

use crate::catalog::{self, Catalog};
use crate::model::{Availability, Cluster, MaxSurge, PoolDetails, PoolMode, Provider, ResourceState, VersionList};
use crate::rules::{self, check, check_state, check_transition, pool_subject, Finding, Policy, Rule, VersionState};
use crate::version::KubeVersion;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How pools follow the control plane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Upgrade a pool only when the next control-plane hop would push it out
    /// of the window, then straight to the highest version allowed.
    FewestReimages,
    /// After each control-plane hop, every pool follows.
    Lockstep,
    /// Every control-plane hop first, then each pool once.
    ControlPlaneFirst,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::FewestReimages, Strategy::Lockstep, Strategy::ControlPlaneFirst];

    pub fn id(self) -> &'static str {
        match self {
            Strategy::FewestReimages => "fewest-reimages",
            Strategy::Lockstep => "lockstep",
            Strategy::ControlPlaneFirst => "control-plane-first",
        }
    }

    pub fn parse(s: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|x| x.id() == s)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The newest version the policy and the version list allow.
    Latest,
    Version(KubeVersion),
}

/// A machine change for one pool (VM size on AKS, instance type or image on
/// Cluster API).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MachineChange {
    pub pool: String,
    pub machine_size: Option<String>,
    pub machine_image: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    /// Overrides every pool's max surge.
    pub max_surge: Option<MaxSurge>,
    /// Minutes to replace one node (drain, reimage, ready).
    pub minutes_per_node: u64,
    /// Also upgrade node images of pools the plan does not reimage.
    pub node_image_upgrade: bool,
    /// Pools the plan must not touch.
    pub leave_alone: BTreeSet<String>,
    pub machine_changes: Vec<MachineChange>,
    /// aks-engine: upgrade the control plane alone (`--control-plane-only`)
    /// and refresh each scale-set pool with `aks-engine update`.
    pub aks_engine_control_plane_only: bool,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            max_surge: None,
            minutes_per_node: 10,
            node_image_upgrade: false,
            leave_alone: BTreeSet::new(),
            machine_changes: Vec::new(),
            aks_engine_control_plane_only: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRequest {
    pub target: Target,
    /// `None`: the policy that fits the provider.
    pub policy: Option<Policy>,
    pub strategy: Strategy,
    /// A pasted version list; `None`: the embedded catalog.
    pub versions: Option<VersionList>,
    pub options: PlanOptions,
}

impl Default for PlanRequest {
    fn default() -> Self {
        PlanRequest {
            target: Target::Latest,
            policy: None,
            strategy: Strategy::FewestReimages,
            versions: None,
            options: PlanOptions::default(),
        }
    }
}

/// What one step does (the `action` of the plan JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    StartCluster,
    UpgradeControlPlane,
    UpgradePool,
    UpgradeCluster,
    UpgradeNodeImage,
    AddPool,
    DrainPool,
    DeletePool,
    ScalePool,
    UpdatePoolModel,
    Wait,
    Manual,
}

impl Action {
    pub fn id(self) -> &'static str {
        match self {
            Action::StartCluster => "start-cluster",
            Action::UpgradeControlPlane => "upgrade-control-plane",
            Action::UpgradePool => "upgrade-pool",
            Action::UpgradeCluster => "upgrade-cluster",
            Action::UpgradeNodeImage => "upgrade-node-image",
            Action::AddPool => "add-pool",
            Action::DrainPool => "drain-pool",
            Action::DeletePool => "delete-pool",
            Action::ScalePool => "scale-pool",
            Action::UpdatePoolModel => "update-pool-model",
            Action::Wait => "wait",
            Action::Manual => "manual",
        }
    }

    /// True for steps that are one provider operation.
    pub fn is_operation(self) -> bool {
        !matches!(self, Action::Wait | Action::Manual | Action::DrainPool)
    }
}

/// One step of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub action: Action,
    /// `control-plane`, `cluster` or `pool/NAME`.
    pub subject: String,
    pub from: Option<KubeVersion>,
    pub to: Option<KubeVersion>,
    pub reason: String,
    /// The complete version state after the step.
    pub after: VersionState,
    /// Nodes replaced by this step.
    pub reimages: u64,
    pub minutes: u64,
    /// Pool facts the commands need.
    pub pool: Option<StepPool>,
}

/// The pool a step acts on, as the commands need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepPool {
    pub name: String,
    pub count: u64,
    pub max_surge: Option<MaxSurge>,
    /// For add-pool: the pool it replaces; for a Cluster API change: the
    /// machine change applied with the version.
    pub replaces: Option<String>,
    pub machine: Option<MachineChange>,
    pub mode: PoolMode,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub operations: u64,
    pub node_reimages: u64,
    pub minutes: u64,
}

/// Why the plan stops short of the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub rule: &'static str,
    pub subject: String,
    pub message: String,
}

/// The cost of each strategy, side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub strategy: Strategy,
    pub estimate: Estimate,
    pub blocked: Option<Blocked>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub policy: Policy,
    pub strategy: Strategy,
    pub target: Option<KubeVersion>,
    pub initial: Option<VersionState>,
    pub findings: Vec<Finding>,
    pub steps: Vec<Step>,
    pub estimate: Estimate,
    pub blocked: Option<Blocked>,
    pub alternatives: Vec<Alternative>,
    /// Where hop versions came from.
    pub versions_from: String,
}

/// Control-plane upgrade time of a managed control plane, in minutes.
pub const MANAGED_CONTROL_PLANE_MINUTES: u64 = 15;
/// Starting a stopped cluster, in minutes.
pub const START_MINUTES: u64 = 10;
/// Creating or deleting a pool (besides its nodes), in minutes.
pub const POOL_OPERATION_MINUTES: u64 = 5;
/// Draining one node, in minutes.
pub const DRAIN_MINUTES_PER_NODE: u64 = 2;

/// The most pools one plan covers (see `plan.size-limit`).
pub const MAX_PLANNED_POOLS: usize = 1_000;

/// Plans `cluster` per `request`, with the other strategies' costs alongside.
pub fn plan(cluster: &Cluster, request: &PlanRequest) -> Plan {
    let mut main = plan_one(cluster, request);
    main.alternatives = Strategy::ALL
        .into_iter()
        .map(|s| {
            if s == request.strategy {
                Alternative { strategy: s, estimate: main.estimate.clone(), blocked: main.blocked.clone() }
            } else {
                let other = plan_one(cluster, &PlanRequest { strategy: s, ..request.clone() });
                Alternative { strategy: s, estimate: other.estimate, blocked: other.blocked }
            }
        })
        .collect();
    main
}

/// The versions a plan may move to.
struct Offer {
    list: VersionList,
    from: String,
    /// Only versions in the list (pasted or AKS), or any patch up to the
    /// newest known (upstream catalog).
    exact: bool,
    lts: bool,
}

impl Offer {
    fn for_cluster(cluster: &Cluster, pasted: Option<&VersionList>) -> Offer {
        let lts = cluster.aks_settings().and_then(|a| a.support_plan.as_deref()) == Some("AKSLongTermSupport");
        if let Some(list) = pasted {
            return Offer { list: list.clone(), from: "the pasted version list".into(), exact: true, lts };
        }
        match cluster.provider {
            Provider::Aks => Offer {
                list: catalog::aks_default_versions(),
                from: format!("the embedded AKS version list of {}", catalog::AKS_VERSIONS_AS_OF),
                exact: true,
                lts,
            },
            _ => {
                let c = Catalog::embedded();
                Offer {
                    list: c.upstream_versions(),
                    from: format!("the embedded Kubernetes release catalog as of {}", c.as_of),
                    exact: false,
                    lts,
                }
            }
        }
    }

    fn usable(&self, o: &crate::model::OfferedVersion) -> bool {
        !o.preview && (!o.lts_only || self.lts)
    }

    /// Is `v` a version the plan may install?
    fn allows(&self, v: &KubeVersion) -> bool {
        if self.exact {
            self.list.versions.iter().any(|o| &o.version == v && self.usable(o))
        } else {
            self.list.versions.iter().any(|o| o.version.same_minor(v) && v <= &o.version) && !v.is_prerelease()
        }
    }

    /// The newest allowed patch of `minor`'s minor.
    fn newest_of_minor(&self, minor: &KubeVersion) -> Option<KubeVersion> {
        self.list
            .versions
            .iter()
            .filter(|o| o.version.same_minor(minor) && self.usable(o))
            .map(|o| o.version.clone())
            .max()
    }

    fn newest(&self) -> Option<KubeVersion> {
        self.list.versions.iter().filter(|o| self.usable(o)).map(|o| o.version.clone()).max()
    }
}

/// Builds steps while tracking the version state.
struct Builder<'a> {
    cluster: &'a Cluster,
    policy: Policy,
    options: &'a PlanOptions,
    state: VersionState,
    steps: Vec<Step>,
    /// The cluster's pools by name (large clusters look pools up per step).
    pools: std::collections::HashMap<&'a str, &'a crate::model::Pool>,
    /// Pools whose nodes a step already replaced.
    reimaged: BTreeSet<String>,
}

impl<'a> Builder<'a> {
    fn pool(&self, name: &str) -> Option<&'a crate::model::Pool> {
        self.pools.get(name).copied()
    }

    fn pool_count(&self, name: &str) -> u64 {
        self.pool(name).and_then(|p| p.count.or(p.autoscale.map(|(min, _)| min))).unwrap_or(0)
    }

    fn surge(&self, name: &str) -> Option<MaxSurge> {
        self.options.max_surge.or_else(|| self.pool(name).and_then(|p| p.max_surge))
    }

    /// Minutes to roll `count` nodes with `surge` extra at a time.
    fn roll_minutes(&self, count: u64, surge: Option<MaxSurge>) -> u64 {
        let batch = surge.map(|s| s.nodes_for(count)).unwrap_or(1).max(1);
        count.div_ceil(batch) * self.options.minutes_per_node
    }

    fn step_pool(&self, name: &str) -> StepPool {
        StepPool {
            name: name.to_string(),
            count: self.pool_count(name),
            max_surge: self.surge(name),
            replaces: None,
            machine: None,
            mode: self.pool(name).map(|p| p.mode).unwrap_or(PoolMode::User),
        }
    }

    // Each field of a step is set at every call; a struct literal per call
    // would only repeat the field names.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        action: Action,
        subject: String,
        from: Option<KubeVersion>,
        to: Option<KubeVersion>,
        reason: String,
        reimages: u64,
        minutes: u64,
        pool: Option<StepPool>,
    ) {
        if reimages > 0 {
            if let Some(p) = subject.strip_prefix("pool/") {
                self.reimaged.insert(p.to_string());
            }
        }
        self.steps.push(Step { action, subject, from, to, reason, after: self.state.clone(), reimages, minutes, pool });
    }

    fn self_managed_control_plane(&self) -> bool {
        matches!(self.cluster.provider, Provider::ClusterApi | Provider::AksEngine | Provider::Generic)
    }

    fn control_plane_cost(&self) -> (u64, u64) {
        if self.self_managed_control_plane() {
            let replicas = self.cluster.control_plane.replicas.unwrap_or(1);
            (replicas, replicas * self.options.minutes_per_node)
        } else {
            (0, MANAGED_CONTROL_PLANE_MINUTES)
        }
    }

    fn upgrade_control_plane(&mut self, to: &KubeVersion, reason: String) {
        let from = self.state.control_plane.clone();
        self.state.control_plane = to.clone();
        let (reimages, minutes) = self.control_plane_cost();
        self.push(
            Action::UpgradeControlPlane,
            "control-plane".into(),
            Some(from),
            Some(to.clone()),
            reason,
            reimages,
            minutes,
            None,
        );
    }

    /// One operation moving the control plane and every pool (AKS without
    /// --control-plane-only, aks-engine upgrade).
    fn upgrade_cluster(&mut self, to: &KubeVersion, reason: String) {
        let from = self.state.control_plane.clone();
        self.state.control_plane = to.clone();
        let (mut reimages, mut minutes) = self.control_plane_cost();
        let names: Vec<String> = self.state.pools.keys().cloned().collect();
        for name in names {
            if self.state.pools[&name] != *to {
                let count = self.pool_count(&name);
                reimages += count;
                minutes += self.roll_minutes(count, self.surge(&name));
                self.state.pools.insert(name, to.clone());
            }
        }
        self.push(
            Action::UpgradeCluster,
            "cluster".into(),
            Some(from),
            Some(to.clone()),
            reason,
            reimages,
            minutes,
            None,
        );
    }

    fn upgrade_pool(&mut self, name: &str, to: &KubeVersion, reason: String, machine: Option<MachineChange>) {
        let from = self.state.pools.get(name).cloned();
        self.state.pools.insert(name.to_string(), to.clone());
        let count = self.pool_count(name);
        let minutes = self.roll_minutes(count, self.surge(name));
        let mut sp = self.step_pool(name);
        sp.machine = machine;
        self.push(Action::UpgradePool, pool_subject(name), from, Some(to.clone()), reason, count, minutes, Some(sp));
    }
}

fn blocked(rule: &'static Rule, subject: impl Into<String>, message: impl Into<String>) -> Option<Blocked> {
    Some(Blocked { rule: rule.id, subject: subject.into(), message: message.into() })
}

/// Whether each control-plane hop must move the whole cluster.
fn whole_cluster_hops(cluster: &Cluster, policy: Policy, options: &PlanOptions) -> Option<String> {
    match cluster.provider {
        Provider::AksEngine if options.aks_engine_control_plane_only => None,
        Provider::AksEngine => Some("aks-engine upgrade moves the control plane and every pool together".into()),
        Provider::Aks if matches!(policy, Policy::Aks | Policy::AksCurrent) => {
            let settings = cluster.aks_settings().cloned().unwrap_or_default();
            if let Some(ch) = settings.upgrade_channel.filter(|c| !c.eq_ignore_ascii_case("none")) {
                return Some(format!("auto-upgrade channel `{ch}` refuses control-plane-only upgrades"));
            }
            if cluster.pools.iter().any(|p| {
                matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. })
            }) {
                return Some("availability-set pools rule out control-plane-only upgrades".into());
            }
            if settings.max_agent_pools.is_some_and(|n| n < 8) {
                return Some("maxAgentPools below 8 rules out control-plane-only upgrades".into());
            }
            None
        }
        _ => None,
    }
}

/// The newest minor aks-engine supports (1.24); a cluster already past it
/// runs the Azure Stack Hub fork, which has no such limit here.
fn aks_engine_limit(cluster: &Cluster) -> Option<u64> {
    let cp = cluster.control_plane.version.as_ref()?;
    (cluster.provider == Provider::AksEngine && cp.minor() <= 24).then_some(24)
}

fn plan_one(cluster: &Cluster, request: &PlanRequest) -> Plan {
    let policy = request.policy.unwrap_or_else(|| Policy::for_provider(cluster.provider));
    let findings = check(cluster, policy);
    let offer = Offer::for_cluster(cluster, request.versions.as_ref());
    let mut plan = Plan {
        policy,
        strategy: request.strategy,
        target: None,
        initial: None,
        findings,
        steps: Vec::new(),
        estimate: Estimate::default(),
        blocked: None,
        alternatives: Vec::new(),
        versions_from: offer.from.clone(),
    };
    let Some(cp) = cluster.control_plane.version.clone() else {
        plan.blocked = blocked(
            &rules::VERSION_KNOWN,
            "control-plane",
            "the control plane's version is unknown, so no plan can be made",
        );
        return plan;
    };
    if cluster.pools.len() > MAX_PLANNED_POOLS {
        plan.blocked = blocked(
            &rules::SIZE_LIMIT,
            "cluster",
            format!("the input has {} pools; a plan covers at most {MAX_PLANNED_POOLS}", cluster.pools.len()),
        );
        return plan;
    }
    let mut pools = BTreeMap::new();
    for p in &cluster.pools {
        match &p.version {
            Some(v) => {
                pools.insert(p.name.clone(), v.clone());
            }
            None => {
                plan.blocked = blocked(
                    &rules::VERSION_KNOWN,
                    pool_subject(&p.name),
                    format!("pool `{}` has no readable version", p.name),
                );
                return plan;
            }
        }
    }
    let initial = VersionState { control_plane: cp.clone(), pools };
    plan.initial = Some(initial.clone());

    // The target.
    let limit = aks_engine_limit(cluster);
    let target = match &request.target {
        Target::Version(v) => v.clone(),
        Target::Latest => {
            let newest = offer.newest().unwrap_or_else(|| cp.clone());
            let newest = match limit {
                Some(l) if newest.minor() > l => {
                    offer.newest_of_minor(&KubeVersion::new(1, l, 0)).unwrap_or_else(|| cp.clone())
                }
                _ => newest,
            };
            newest.max(cp.clone())
        }
    };
    plan.target = Some(target.clone());
    if let Some(l) = limit {
        if target.minor() > l {
            plan.blocked = blocked(
                &rules::AKS_ENGINE_MAX_VERSION,
                "cluster",
                format!("aks-engine supports Kubernetes up to 1.24; {target} is beyond it"),
            );
            return plan;
        }
    }
    if cluster.provider == Provider::AksEngine
        && cluster.control_plane.availability() == Some(Availability::VirtualMachineScaleSets)
    {
        plan.blocked = blocked(
            &rules::AKS_ENGINE_VMSS_MASTERS,
            "control-plane",
            "aks-engine can't upgrade masters that run in a VM scale set",
        );
        return plan;
    }
    if let Some((name, v)) = initial.pools.iter().find(|(_, v)| **v > target) {
        let r = if matches!(policy, Policy::Aks | Policy::AksCurrent) {
            &rules::AKS_NO_DOWNGRADE
        } else {
            &rules::UPSTREAM_NO_DOWNGRADE
        };
        plan.blocked = blocked(
            r,
            pool_subject(name),
            format!("pool `{name}` runs {v}, above the target {target}; nothing is downgraded"),
        );
        return plan;
    }
    if cp > target {
        let r = if matches!(policy, Policy::Aks | Policy::AksCurrent) {
            &rules::AKS_NO_DOWNGRADE
        } else {
            &rules::UPSTREAM_NO_DOWNGRADE
        };
        plan.blocked = blocked(
            r,
            "control-plane",
            format!("the control plane runs {cp}, above the target {target}; nothing is downgraded"),
        );
        return plan;
    }
    if target != cp && !offer.allows(&target) {
        plan.blocked =
            blocked(&rules::VERSION_AVAILABLE, "cluster", format!("{target} is not offered by {}", offer.from));
        return plan;
    }

    // Control-plane hops: the newest allowed patch of each minor in between.
    let mut hops = Vec::new();
    for minor in cp.minor() + 1..target.minor() {
        let m = KubeVersion::new(cp.major(), minor, 0);
        match offer.newest_of_minor(&m) {
            Some(v) => hops.push(v),
            None => {
                plan.blocked = blocked(
                    &rules::VERSION_AVAILABLE,
                    "control-plane",
                    format!(
                        "no version of {} is offered by {}, and the control plane can't skip it",
                        m.minor_version(),
                        offer.from
                    ),
                );
                return plan;
            }
        }
    }
    if target != cp {
        hops.push(target.clone());
    }

    let mut b = Builder {
        cluster,
        policy,
        options: &request.options,
        state: initial.clone(),
        steps: Vec::new(),
        pools: cluster.pools.iter().map(|p| (p.name.as_str(), p)).collect(),
        reimaged: BTreeSet::new(),
    };
    let stop = build(&mut b, &hops, &target, request.strategy);
    plan.blocked = stop;

    // Re-check every state the plan passes through.
    if let Some(problem) = self_check(&initial, &b.steps, policy) {
        plan.steps = Vec::new();
        plan.blocked = Some(problem);
        return plan;
    }
    machine_image_findings(cluster, &b.steps, &request.options, &mut plan.findings);
    plan.estimate = Estimate {
        operations: b.steps.iter().filter(|s| s.action.is_operation()).count() as u64,
        node_reimages: b.steps.iter().map(|s| s.reimages).sum(),
        minutes: b.steps.iter().map(|s| s.minutes).sum(),
    };
    plan.steps = b.steps;
    plan
}

/// Cluster API pools that carry a machine image built for a version: the
/// plan moving them needs the image for the new version.
fn machine_image_findings(cluster: &Cluster, steps: &[Step], options: &PlanOptions, findings: &mut Vec<Finding>) {
    for p in &cluster.pools {
        let PoolDetails::ClusterApi { machine_image: Some(image), .. } = &p.details else { continue };
        let given = options.machine_changes.iter().any(|m| m.pool == p.name && m.machine_image.is_some());
        let moved_to = steps
            .iter()
            .filter(|s| s.subject == pool_subject(&p.name) && s.from != s.to)
            .filter_map(|s| s.to.clone())
            .next_back();
        if let (false, Some(to)) = (given, moved_to) {
            findings.push(Finding::new(
                &rules::CAPI_MACHINE_IMAGE,
                pool_subject(&p.name),
                format!("`{}` uses the machine image {image}; give the image built for {to} (the plan's commands show how to look one up)", p.name),
            ));
        }
    }
}

/// Findings present before the plan starts are tolerated on a subject until
/// the plan changes that subject; anything new is a planner defect.
fn self_check(initial: &VersionState, steps: &[Step], policy: Policy) -> Option<Blocked> {
    let inherited: BTreeSet<(&str, String)> =
        check_state(initial, policy).into_iter().map(|f| (f.rule, f.subject)).collect();
    let mut before = initial;
    for (i, s) in steps.iter().enumerate() {
        let mut problems = check_transition_incremental(before, s, policy);
        if s.action == Action::UpgradeNodeImage && (s.from != s.to || before != &s.after) {
            problems.push(Finding::new(
                &rules::AKS_NODE_IMAGE_ONLY_EXCLUSIVE,
                s.subject.clone(),
                "a node-image upgrade would also change the Kubernetes version",
            ));
        }
        // When the control plane moved, every pool is re-checked; otherwise
        // only the pool the step changed (large clusters plan in n log n).
        let state_findings = if before.control_plane != s.after.control_plane {
            check_state(&s.after, policy)
        } else {
            let changed = s.subject.strip_prefix("pool/").and_then(|p| s.after.pools.get_key_value(p));
            let only = VersionState {
                control_plane: s.after.control_plane.clone(),
                pools: changed.map(|(k, v)| (k.clone(), v.clone())).into_iter().collect(),
            };
            check_state(&only, policy)
        };
        problems.extend(state_findings.into_iter().filter(|f| {
            let untouched =
                f.subject.strip_prefix("pool/").is_some_and(|p| initial.pools.get(p) == s.after.pools.get(p))
                    && initial.control_plane == s.after.control_plane;
            !(untouched && inherited.contains(&(f.rule, f.subject.clone())))
        }));
        if let Some(f) = problems.first() {
            return Some(Blocked {
                rule: "plan.self-check",
                subject: f.subject.clone(),
                message: format!(
                    "internal error: step {} would break {} ({}); no plan is given",
                    i + 1,
                    f.rule,
                    f.message
                ),
            });
        }
        before = &s.after;
    }
    None
}

/// `check_transition` over what the step changed: the control plane and the
/// step's own pool (the full state when the control plane moved, as in a
/// whole-cluster upgrade).
fn check_transition_incremental(before: &VersionState, s: &Step, policy: Policy) -> Vec<Finding> {
    if before.control_plane != s.after.control_plane || !s.subject.starts_with("pool/") {
        return check_transition(before, &s.after, policy);
    }
    let pool = s.subject.strip_prefix("pool/").unwrap_or_default();
    let pick = |st: &VersionState| VersionState {
        control_plane: st.control_plane.clone(),
        pools: st.pools.get_key_value(pool).map(|(k, v)| (k.clone(), v.clone())).into_iter().collect(),
    };
    check_transition(&pick(before), &pick(&s.after), policy)
}

/// Fills the builder with the steps of one strategy; returns why it stopped
/// short, if it did.
fn build(b: &mut Builder, hops: &[KubeVersion], target: &KubeVersion, strategy: Strategy) -> Option<Blocked> {
    let cluster = b.cluster;
    let policy = b.policy;

    // Preconditions: start, wait, retry.
    if cluster.control_plane.state == ResourceState::Stopped {
        b.push(
            Action::StartCluster,
            "cluster".into(),
            None,
            None,
            "the cluster is stopped; nothing else can run until it is started".into(),
            0,
            START_MINUTES,
            None,
        );
    }
    if let ResourceState::Busy(op) = &cluster.control_plane.state {
        if let Some(req) = cluster.control_plane.requested_version.clone().filter(|r| *r > b.state.control_plane) {
            b.state.control_plane = req;
        }
        b.push(
            Action::Wait,
            "control-plane".into(),
            None,
            None,
            format!("the control plane is busy ({op}); wait for it to finish"),
            0,
            0,
            None,
        );
    }
    if let ResourceState::Failed(s) = &cluster.control_plane.state {
        let v = b.state.control_plane.clone();
        b.upgrade_control_plane(
            &v,
            format!("the control plane is {s}; upgrading it to its current version reconciles it"),
        );
    }
    for p in &cluster.pools {
        if b.options.leave_alone.contains(&p.name) {
            continue;
        }
        match &p.state {
            ResourceState::Busy(op) => {
                if let Some(req) = p
                    .requested_version
                    .clone()
                    .filter(|r| Some(r) > b.state.pools.get(&p.name) && *r <= b.state.control_plane)
                {
                    b.state.pools.insert(p.name.clone(), req);
                }
                b.push(
                    Action::Wait,
                    pool_subject(&p.name),
                    None,
                    None,
                    format!("pool `{}` is busy ({op}); wait for it to finish", p.name),
                    0,
                    0,
                    None,
                );
            }
            ResourceState::Failed(s) if matches!(policy, Policy::Aks | Policy::AksCurrent) => {
                let v = b.state.pools[&p.name].clone();
                b.upgrade_pool(
                    &p.name,
                    &v,
                    format!("pool `{}` is {s}; upgrading it to its current version reconciles it", p.name),
                    None,
                );
            }
            _ => {}
        }
    }

    // Pools already out of the window are brought in first.
    let cp_now = b.state.control_plane.clone();
    if let Some(stop) = bring_into_window(b, &cp_now, "is outside the skew window now") {
        return Some(stop);
    }

    let whole = whole_cluster_hops(cluster, policy, b.options);
    if cluster.provider == Provider::AksEngine && b.options.aks_engine_control_plane_only {
        return aks_engine_control_plane_only(b, hops, target);
    }
    for (i, hop) in hops.iter().enumerate() {
        let last = i + 1 == hops.len();
        if let Some(why) = &whole {
            if let Some(name) = b.state.pools.keys().find(|n| b.options.leave_alone.contains(*n)) {
                return blocked(
                    &rules::LEAVE_ALONE,
                    pool_subject(name),
                    format!("{why}, which would upgrade pool `{name}`"),
                );
            }
            b.upgrade_cluster(hop, format!("hop {} of {} toward {target}: {why}", i + 1, hops.len()));
            continue;
        }
        match strategy {
            // Lockstep pools follow every hop, but a pool at the edge of the
            // window must still move before the hop that would strand it.
            Strategy::Lockstep | Strategy::FewestReimages => {
                // Pools the hop would push out of the window go first, as
                // far as the control plane allows now.
                let next = VersionState { control_plane: hop.clone(), pools: b.state.pools.clone() };
                let out: BTreeSet<String> = check_state(&next, policy)
                    .into_iter()
                    .filter_map(|f| f.subject.strip_prefix("pool/").map(str::to_string))
                    .collect();
                let now = b.state.control_plane.clone();
                for name in out {
                    if b.options.leave_alone.contains(&name) {
                        return blocked(
                            &rules::LEAVE_ALONE,
                            pool_subject(&name),
                            format!("moving the control plane to {hop} needs pool `{name}` upgraded first"),
                        );
                    }
                    if b.state.pools[&name] < now {
                        b.upgrade_pool(
                            &name,
                            &now,
                            format!("the next control-plane hop to {hop} would leave it outside the skew window; {now} is the highest it can take now"),
                            None,
                        );
                    }
                }
            }
            Strategy::ControlPlaneFirst => {
                let next = VersionState { control_plane: hop.clone(), pools: b.state.pools.clone() };
                if let Some(f) = check_state(&next, policy).into_iter().next() {
                    return Some(Blocked {
                        rule: f.rule,
                        subject: f.subject,
                        message: format!("control-plane-first can't move the control plane to {hop}: {}; fewest-reimages upgrades that pool in between", f.message),
                    });
                }
            }
        }
        let reason = if hops.len() == 1 {
            format!("the control plane goes first, to {hop}")
        } else {
            format!("hop {} of {}: the control plane moves one minor at a time toward {target}", i + 1, hops.len())
        };
        b.upgrade_control_plane(hop, reason);
        if strategy == Strategy::Lockstep && !last {
            follow_all(b, hop, "lockstep: every pool follows each control-plane hop");
        }
    }

    // Finally every pool to the target (machine changes ride along).
    finish_pools(b, target)
}

/// aks-engine with `--control-plane-only`: each hop moves the masters, then
/// `aks-engine update` refreshes each scale-set pool's model to the new
/// version. Availability-set pools can't be updated that way.
fn aks_engine_control_plane_only(b: &mut Builder, hops: &[KubeVersion], target: &KubeVersion) -> Option<Blocked> {
    let cluster = b.cluster;
    if let Some(p) = cluster
        .pools
        .iter()
        .find(|p| matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. }))
    {
        return blocked(
            &rules::AKS_ENGINE_UPDATE_VMSS_ONLY,
            pool_subject(&p.name),
            format!(
                "pool `{}` is an availability set, which aks-engine update refuses; upgrade the whole cluster instead",
                p.name
            ),
        );
    }
    for (i, hop) in hops.iter().enumerate() {
        b.upgrade_control_plane(
            hop,
            format!("hop {} of {} toward {target}: aks-engine upgrade --control-plane-only", i + 1, hops.len()),
        );
        let names: Vec<String> = b.state.pools.keys().cloned().collect();
        for name in names {
            if b.options.leave_alone.contains(&name) || b.state.pools[&name] >= *hop {
                continue;
            }
            let from = b.state.pools.get(&name).cloned();
            b.state.pools.insert(name.clone(), hop.clone());
            let count = b.pool_count(&name);
            let minutes = b.roll_minutes(count, b.surge(&name));
            let sp = b.step_pool(&name);
            b.push(
                Action::UpdatePoolModel,
                pool_subject(&name),
                from,
                Some(hop.clone()),
                format!("aks-engine update refreshes the scale set model of `{name}` to {hop}; its nodes are replaced"),
                count,
                minutes,
                Some(sp),
            );
        }
    }
    None
}

/// Upgrades pools that violate the window at control plane `cp` to `cp`.
fn bring_into_window(b: &mut Builder, cp: &KubeVersion, why: &str) -> Option<Blocked> {
    let out: BTreeSet<String> = check_state(&b.state, b.policy)
        .into_iter()
        .filter_map(|f| f.subject.strip_prefix("pool/").map(str::to_string))
        .collect();
    for name in out {
        let v = b.state.pools[&name].clone();
        if v >= *cp {
            continue; // newer than the control plane: the next hop fixes it
        }
        if b.options.leave_alone.contains(&name) {
            return blocked(
                &rules::LEAVE_ALONE,
                pool_subject(&name),
                format!("pool `{name}` {why} and is to be left alone"),
            );
        }
        b.upgrade_pool(&name, cp, format!("pool `{name}` {why}; it can go straight to the control plane's {cp}"), None);
    }
    None
}

fn follow_all(b: &mut Builder, to: &KubeVersion, reason: &str) {
    let names: Vec<String> = b.state.pools.keys().cloned().collect();
    for name in names {
        if !b.options.leave_alone.contains(&name) && b.state.pools[&name] < *to {
            b.upgrade_pool(&name, to, reason.to_string(), None);
        }
    }
}

fn finish_pools(b: &mut Builder, target: &KubeVersion) -> Option<Blocked> {
    let cluster = b.cluster;
    let names: Vec<String> = cluster.pools.iter().map(|p| p.name.clone()).collect();
    for name in names {
        let change = b.options.machine_changes.iter().find(|m| m.pool == name).cloned();
        if b.options.leave_alone.contains(&name) {
            let v = &b.state.pools[&name];
            if v != target {
                let probe =
                    VersionState { control_plane: target.clone(), pools: BTreeMap::from([(name.clone(), v.clone())]) };
                if let Some(f) = check_state(&probe, b.policy).into_iter().next() {
                    return blocked(
                        &rules::LEAVE_ALONE,
                        pool_subject(&name),
                        format!("pool `{name}` is left alone at {v}: {}", f.message),
                    );
                }
            }
            continue;
        }
        let current = b.state.pools[&name].clone();
        match (cluster.provider, change) {
            (Provider::Aks, Some(change)) if change.machine_size.is_some() => replace_pool(b, &name, target, change),
            (_, Some(change)) => {
                let reason = if current < *target {
                    format!("pool `{name}` to the target {target}, with its machine change in the same rollout")
                } else {
                    format!("pool `{name}` gets its machine change (a new machine template)")
                };
                b.upgrade_pool(&name, target, reason, Some(change));
            }
            (_, None) if current < *target => b.upgrade_pool(
                &name,
                target,
                format!("pool `{name}` to the target {target}, now that the control plane runs it"),
                None,
            ),
            (_, None) => {
                if b.options.node_image_upgrade && cluster.provider == Provider::Aks && !b.reimaged.contains(&name) {
                    let count = b.pool_count(&name);
                    let minutes = b.roll_minutes(count, b.surge(&name));
                    let sp = b.step_pool(&name);
                    b.push(
                        Action::UpgradeNodeImage,
                        pool_subject(&name),
                        Some(current.clone()),
                        Some(current),
                        format!("pool `{name}` already runs the target; its node image is refreshed"),
                        count,
                        minutes,
                        Some(sp),
                    );
                }
            }
        }
    }
    None
}

/// AKS VM-size change: add a pool with the new size at the target, drain the
/// old pool, delete it.
fn replace_pool(b: &mut Builder, name: &str, target: &KubeVersion, change: MachineChange) {
    let new_name = replacement_name(name, b.state.pools.keys());
    let mut sp = b.step_pool(name);
    sp.name = new_name.clone();
    sp.replaces = Some(name.to_string());
    sp.machine = Some(change.clone());
    b.state.pools.insert(new_name.clone(), target.clone());
    let size = change.machine_size.clone().unwrap_or_default();
    b.push(
        Action::AddPool,
        pool_subject(&new_name),
        None,
        Some(target.clone()),
        format!("a pool's VM size can't change: add `{new_name}` with {size} at {target} to replace `{name}`"),
        0,
        POOL_OPERATION_MINUTES + b.options.minutes_per_node,
        Some(sp.clone()),
    );
    let old = b.step_pool(name);
    b.push(
        Action::DrainPool,
        pool_subject(name),
        None,
        None,
        format!("cordon and drain `{name}` so its workloads move to `{new_name}`"),
        0,
        b.pool_count(name) * DRAIN_MINUTES_PER_NODE,
        Some(old.clone()),
    );
    b.state.pools.remove(name);
    b.push(
        Action::DeletePool,
        pool_subject(name),
        None,
        None,
        format!("delete the drained pool `{name}`"),
        0,
        POOL_OPERATION_MINUTES,
        Some(old),
    );
}

/// A pool name for the replacement of `old`: AKS pool names are lowercase
/// letters and digits, at most 12 characters (6 for Windows pools).
pub fn replacement_name<'a>(old: &str, taken: impl Iterator<Item = &'a String> + Clone) -> String {
    let base: String =
        old.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).take(10).collect();
    let base =
        if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_lowercase()) { format!("np{base}") } else { base };
    for n in 2..100 {
        let candidate = format!("{}{n}", &base[..base.len().min(12 - n.to_string().len())]);
        if !taken.clone().any(|t| *t == candidate) && candidate != old {
            return candidate;
        }
    }
    format!("{}x", &base[..base.len().min(11)])
}
