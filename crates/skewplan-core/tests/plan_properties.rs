//! Planner invariants over random clusters and requests.
//!
//! Cases are drawn so that most plans can reach their target: the control
//! plane and the target come from what the provider offers (the embedded
//! release catalog for upstream, Cluster API and aks-engine, the embedded
//! AKS version list for AKS, or a generated pasted version list), with AKS
//! settings (upgrade channel, maxAgentPools, support plan incl. LTS),
//! availability-set pools, busy resources with requested versions, max
//! surge, minutes per node, machine changes, node-image refreshes and pools
//! left alone. The oracle is `skewplan_testkit::plan_violations`; this file
//! adds determinism and the strategy comparison, and counts what the cases
//! covered: the test prints one `coverage:` line and fails when fewer than
//! 75 % of the cases reach their target or a provider × strategy pair is
//! missing.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use skewplan_core::catalog::{aks_default_versions, Catalog};
use skewplan_core::model::{
    AksSettings, Availability, ClusterDetails, ControlPlane, ControlPlaneDetails, MaxSurge, ObjectRef, Pool,
    PoolDetails, PoolMode, ResourceState, VersionList,
};
use skewplan_core::plan::{plan, MachineChange, Plan, PlanOptions, PlanRequest, Strategy as PlanStrategy, Target};
use skewplan_core::{Cluster, FieldPath, KubeVersion, Policy, Provider};
use skewplan_testkit::{plan_violations, rule_id, subject_of};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;

const CASES: u32 = 1500;
const PROVIDERS: [Provider; 6] =
    [Provider::Aks, Provider::AksEngine, Provider::ClusterApi, Provider::Eks, Provider::Gke, Provider::Generic];
const LTS: &str = "AKSLongTermSupport";

/// One pool's random choices.
#[derive(Clone, Debug)]
struct PoolDraw {
    /// Minors behind the control plane (3 and 4 are outside some windows).
    behind: u64,
    patch: u64,
    count: u64,
    autoscale: bool,
    state: ResourceState,
    /// A busy pool names the version it is moving to.
    requested: bool,
    max_surge: Option<MaxSurge>,
    /// An availability set, when the cluster has any.
    availability_set: bool,
    /// A Cluster API pool with a machine image built for its version.
    machine_image: bool,
}

/// One minor of a generated pasted version list.
#[derive(Clone, Debug)]
struct MinorDraw {
    missing: bool,
    patches: Vec<u64>,
    preview: bool,
    lts_only: bool,
}

#[derive(Clone, Debug)]
struct AksDraw {
    channel: Option<&'static str>,
    max_agent_pools: Option<u64>,
    support_plan: Option<&'static str>,
}

#[derive(Clone, Debug)]
struct OptionsDraw {
    max_surge: Option<MaxSurge>,
    minutes_per_node: u64,
    node_image: bool,
    leave_alone: Option<Index>,
    /// Which pool, and 0: size, 1: image, 2: both.
    machine_change: Option<(Index, u8)>,
    aks_engine_whole_cluster: bool,
}

/// The random choices of one case; [`build`] turns them into a cluster and
/// a request, picking versions from what the provider offers.
#[derive(Clone, Debug)]
struct Draw {
    provider: Provider,
    policy: Option<Policy>,
    strategy: PlanStrategy,
    control_plane: (Index, u64),
    cp_state: ResourceState,
    cp_requested: bool,
    stopped: bool,
    vmss_masters: bool,
    /// Target minors ahead of the control plane.
    ahead: u64,
    target: Index,
    latest: bool,
    pasted: Option<Vec<MinorDraw>>,
    aks: Option<AksDraw>,
    availability_sets: bool,
    pools: Vec<PoolDraw>,
    options: OptionsDraw,
}

fn resource_state() -> impl Strategy<Value = ResourceState> {
    prop_oneof![
        24 => Just(ResourceState::Succeeded),
        1 => Just(ResourceState::Busy("Upgrading".into())),
        1 => Just(ResourceState::Failed("Failed".into())),
        1 => Just(ResourceState::Unknown),
    ]
}

fn max_surge() -> impl Strategy<Value = Option<MaxSurge>> {
    prop_oneof![
        3 => Just(None),
        1 => (0u64..5).prop_map(|n| Some(MaxSurge::Nodes(n))),
        1 => (0u64..=100).prop_map(|p| Some(MaxSurge::Percent(p))),
    ]
}

prop_compose! {
    fn pool_draw()(
        behind in prop_oneof![12 => Just(0u64), 6 => Just(1), 2 => Just(2), 1 => Just(3), 1 => Just(4)],
        patch in 0u64..16,
        count in 0u64..30,
        autoscale in prop::bool::weighted(0.2),
        state in resource_state(),
        requested in any::<bool>(),
        max_surge in max_surge(),
        availability_set in any::<bool>(),
        machine_image in any::<bool>(),
    ) -> PoolDraw {
        PoolDraw { behind, patch, count, autoscale, state, requested, max_surge, availability_set, machine_image }
    }
}

fn minor_draw() -> impl Strategy<Value = MinorDraw> {
    (
        prop::bool::weighted(0.02),
        prop::collection::btree_set(0u64..20, 1..=3),
        prop::bool::weighted(0.04),
        prop::bool::weighted(0.04),
    )
        .prop_map(|(missing, patches, preview, lts_only)| MinorDraw {
            missing,
            patches: patches.into_iter().collect(),
            preview,
            lts_only,
        })
}

fn aks_draw() -> impl Strategy<Value = AksDraw> {
    let channel = prop_oneof![
        5 => Just(None),
        3 => Just(Some("none")),
        1 => Just(Some("patch")),
        1 => Just(Some("stable")),
        1 => Just(Some("rapid")),
        1 => Just(Some("node-image")),
    ];
    let max_agent_pools =
        prop_oneof![4 => Just(None), 3 => Just(Some(100)), 1 => Just(Some(10)), 1 => (1u64..8).prop_map(Some)];
    let support_plan = prop_oneof![3 => Just(None), 2 => Just(Some("KubernetesOfficial")), 2 => Just(Some(LTS))];
    (channel, max_agent_pools, support_plan).prop_map(|(channel, max_agent_pools, support_plan)| AksDraw {
        channel,
        max_agent_pools,
        support_plan,
    })
}

prop_compose! {
    fn options_draw()(
        max_surge in max_surge(),
        minutes_per_node in 1u64..=30,
        node_image in prop::bool::weighted(0.25),
        leave_alone in prop::option::weighted(0.1, any::<Index>()),
        machine_change in prop::option::weighted(0.2, (any::<Index>(), 0u8..3)),
        aks_engine_whole_cluster in prop::bool::weighted(0.3),
    ) -> OptionsDraw {
        OptionsDraw { max_surge, minutes_per_node, node_image, leave_alone, machine_change, aks_engine_whole_cluster }
    }
}

fn provider() -> impl Strategy<Value = Provider> {
    prop_oneof![
        3 => Just(Provider::Aks),
        2 => Just(Provider::AksEngine),
        2 => Just(Provider::ClusterApi),
        1 => Just(Provider::Eks),
        1 => Just(Provider::Gke),
        1 => Just(Provider::Generic),
    ]
}

fn policy() -> impl Strategy<Value = Option<Policy>> {
    prop_oneof![
        15 => Just(None),
        1 => Just(Some(Policy::Aks)),
        1 => Just(Some(Policy::AksConservative)),
        1 => Just(Some(Policy::Upstream)),
        1 => Just(Some(Policy::Capi)),
        1 => Just(Some(Policy::AksEngine)),
        1 => Just(Some(Policy::Gke)),
    ]
}

fn strategy() -> impl Strategy<Value = PlanStrategy> {
    prop_oneof![Just(PlanStrategy::FewestReimages), Just(PlanStrategy::Lockstep), Just(PlanStrategy::ControlPlaneFirst)]
}

prop_compose! {
    fn control_plane_draw()(
        pick in any::<Index>(),
        patch in 0u64..20,
        state in resource_state(),
        requested in prop::bool::weighted(0.03),
        stopped in prop::bool::weighted(0.03),
        vmss_masters in prop::bool::weighted(0.04),
    ) -> ((Index, u64), ResourceState, bool, bool, bool) {
        ((pick, patch), state, requested, stopped, vmss_masters)
    }
}

prop_compose! {
    fn target_draw()(
        ahead in prop_oneof![2 => Just(0u64), 5 => Just(1), 3 => Just(2), 1 => Just(3), 1 => Just(4)],
        pick in any::<Index>(),
        latest in prop::bool::weighted(0.1),
        pasted in prop::option::weighted(0.25, prop::collection::vec(minor_draw(), 5)),
    ) -> (u64, Index, bool, Option<Vec<MinorDraw>>) {
        (ahead, pick, latest, pasted)
    }
}

prop_compose! {
    fn draw()(
        provider in provider(),
        policy in policy(),
        strategy in strategy(),
        (control_plane, cp_state, cp_requested, stopped, vmss_masters) in control_plane_draw(),
        (ahead, target, latest, pasted) in target_draw(),
        aks in aks_draw(),
        availability_sets in prop::bool::weighted(0.1),
        pools in prop_oneof![9 => prop::collection::vec(pool_draw(), 1..=6), 1 => prop::collection::vec(pool_draw(), 7..=30)],
        options in options_draw(),
    ) -> Draw {
        Draw {
            provider, policy, strategy, control_plane, cp_state, cp_requested, stopped, vmss_masters,
            ahead, target, latest, pasted, aks: (provider == Provider::Aks).then_some(aks), availability_sets, pools, options,
        }
    }
}

/// A drawn cluster and what is asked of the planner.
#[derive(Clone, Debug)]
struct Case {
    cluster: Cluster,
    request: PlanRequest,
}

/// Versions the plan may install: usable entries of the offer.
struct Offer {
    versions: Vec<KubeVersion>,
}

impl Offer {
    fn of(list: &VersionList, lts: bool) -> Offer {
        let usable = list.versions.iter().filter(|o| !o.preview && (!o.lts_only || lts));
        Offer { versions: usable.map(|o| o.version.clone()).collect() }
    }

    /// Every patch up to the newest of each minor in the catalog.
    fn upstream() -> Offer {
        let versions = Catalog::embedded()
            .minors
            .iter()
            .flat_map(|m| {
                let newest = m.newest_patch.clone();
                (0..=newest.patch().unwrap_or(0)).map(move |p| KubeVersion::new(1, newest.minor(), p))
            })
            .collect();
        Offer { versions }
    }

    fn minor_newest(&self, minor: u64) -> Option<&KubeVersion> {
        self.versions.iter().filter(|v| v.minor() == minor).max()
    }
}

fn pasted_list(cp_minor: u64, minors: &[MinorDraw]) -> VersionList {
    let mut list = VersionList::default();
    for (i, m) in minors.iter().enumerate().filter(|(_, m)| !m.missing) {
        for p in &m.patches {
            list.offer(KubeVersion::new(1, cp_minor + i as u64, *p), m.preview, m.lts_only);
        }
    }
    list
}

fn pool(name: String, mode: PoolMode, version: KubeVersion, details: PoolDetails) -> Pool {
    Pool {
        name,
        mode,
        version: Some(version),
        requested_version: None,
        count: Some(3),
        autoscale: None,
        machine_size: None,
        os: None,
        node_image: None,
        state: ResourceState::Succeeded,
        max_surge: None,
        details,
        source: FieldPath::root(),
    }
}

fn azure(availability: Availability) -> PoolDetails {
    PoolDetails::Azure { availability: Some(availability), priority: None, settings: Box::default() }
}

fn cluster(provider: Provider, control_plane: KubeVersion, pools: Vec<Pool>) -> Cluster {
    let mut cp = ControlPlane::new(FieldPath::root());
    cp.version = Some(control_plane);
    cp.state = ResourceState::Succeeded;
    cp.replicas = Some(3);
    Cluster {
        provider,
        name: "c".into(),
        resource_group: Some("rg".into()),
        location: None,
        control_plane: cp,
        pools,
        details: ClusterDetails::Other,
        source: FieldPath::root(),
    }
}

fn pool_details(provider: Provider, availability_set: bool, machine_image: bool, name: &str) -> PoolDetails {
    match provider {
        Provider::Aks | Provider::AksEngine if availability_set => azure(Availability::AvailabilitySet),
        Provider::Aks | Provider::AksEngine => azure(Availability::VirtualMachineScaleSets),
        Provider::ClusterApi => PoolDetails::ClusterApi {
            object_kind: "MachineDeployment".into(),
            api_version: "cluster.x-k8s.io/v1beta1".into(),
            namespace: Some("default".into()),
            infrastructure_ref: Some(ObjectRef {
                api: "infrastructure.cluster.x-k8s.io/v1beta2".into(),
                kind: "AWSMachineTemplate".into(),
                name: format!("{name}-template"),
                namespace: None,
            }),
            bootstrap_ref: None,
            status_replicas: None,
            updated_replicas: None,
            machine_image: machine_image.then(|| "ami-0aaaaaaaaaaaaaaaa".to_string()),
            instance_type: Some("m5.large".into()),
            embedded: None,
        },
        _ => PoolDetails::Nodes { nodes: vec![format!("{name}-node-0")], label: "agentpool".into() },
    }
}

/// Turns the random choices into a cluster and a request whose versions
/// come from what the provider offers.
fn build(d: &Draw) -> Case {
    let lts = d.aks.as_ref().and_then(|a| a.support_plan) == Some(LTS);
    let catalog = Offer::upstream();
    // The control plane runs a version its provider offered (on AKS, LTS-only
    // versions too: they were in standard support when it was installed).
    // aks-engine-azurestack's allow-list (pkg/api/common/versions.go at ff9dfe93).
    let fork: Vec<KubeVersion> = ["1.33.10", "1.34.4", "1.35.0"].iter().map(|v| v.parse().unwrap()).collect();
    let cp = match (d.provider, &d.pasted) {
        (Provider::Aks, None) => {
            let lowest = if lts { 28 } else { 30 };
            let offer = Offer::of(&aks_default_versions(), true);
            let runs: Vec<&KubeVersion> = offer.versions.iter().filter(|v| v.minor() >= lowest).collect();
            (*d.control_plane.0.get(&runs)).clone()
        }
        // aks-engine past 1.24: the Azure Stack Hub fork, on a version of its allow-list.
        (Provider::AksEngine, None) if d.control_plane.1 % 5 == 0 => {
            (*d.control_plane.0.get(&fork.iter().collect::<Vec<_>>())).clone()
        }
        _ => {
            // aks-engine: four in five up to 1.24, the rest (the fork) anywhere.
            let minors: Vec<u64> = match d.provider {
                Provider::AksEngine if d.control_plane.1 % 5 != 0 => (19..=24).collect(),
                _ => (19..=36).collect(),
            };
            let minor = *d.control_plane.0.get(&minors);
            let newest = catalog.minor_newest(minor).and_then(KubeVersion::patch).unwrap_or(0);
            KubeVersion::new(1, minor, d.control_plane.1 % (newest + 1))
        }
    };
    let versions = d.pasted.as_ref().map(|m| pasted_list(cp.minor(), m));
    let offer = match (&versions, d.provider) {
        (Some(list), _) => Offer::of(list, lts),
        (None, Provider::Aks) => Offer::of(&aks_default_versions(), lts),
        (None, Provider::AksEngine) if cp.minor() > 24 => Offer { versions: fork.clone() },
        (None, _) => catalog,
    };
    // aks-engine stops at 1.24 unless the cluster already runs the fork past it.
    let ceiling = if d.provider == Provider::AksEngine && cp.minor() <= 24 { 24 } else { u64::MAX };
    let reachable: Vec<&KubeVersion> = offer.versions.iter().filter(|v| **v >= cp && v.minor() <= ceiling).collect();
    let wanted = cp.minor() + d.ahead;
    let exact: Vec<&KubeVersion> = reachable.iter().copied().filter(|v| v.minor() == wanted).collect();
    let near: Vec<&KubeVersion> = reachable.iter().copied().filter(|v| v.minor() <= wanted).collect();
    let target = [exact, near].into_iter().find(|c| !c.is_empty()).map_or(cp.clone(), |c| (*d.target.get(&c)).clone());

    // A busy control plane moving to the next minor, as its provider offers it.
    let cp_requested =
        d.cp_requested.then(|| offer.minor_newest(cp.minor() + 1).filter(|v| v.minor() <= ceiling).cloned()).flatten();
    let lowest_pool_minor = cp_requested.as_ref().map_or(0, |r| r.minor() - 2);

    let mut pools = Vec::new();
    for (i, p) in d.pools.iter().enumerate() {
        let name = format!("pool{i}");
        let minor = cp.minor().saturating_sub(p.behind).max(lowest_pool_minor);
        let patch = if minor == cp.minor() { p.patch.min(cp.patch().unwrap_or(0)) } else { p.patch };
        let version = KubeVersion::new(1, minor, patch);
        let mode = if i == 0 { PoolMode::System } else { PoolMode::User };
        let details = pool_details(d.provider, d.availability_sets && p.availability_set, p.machine_image, &name);
        let mut pool = pool(name.clone(), mode, version, details);
        pool.count = Some(p.count);
        pool.autoscale = p.autoscale.then_some((p.count / 2, p.count + 5));
        pool.max_surge = p.max_surge;
        pool.state = p.state.clone();
        if matches!(p.state, ResourceState::Busy(_)) && p.requested {
            // Moving to the control plane's version, or to a newer patch.
            let next_patch = KubeVersion::new(1, minor, patch + 1).min(cp.clone());
            pool.requested_version = Some(if p.patch % 2 == 0 { cp.clone() } else { next_patch });
        }
        pools.push(pool);
    }
    let mut c = cluster(d.provider, cp, pools);
    c.control_plane.state = if d.stopped { ResourceState::Stopped } else { d.cp_state.clone() };
    if cp_requested.is_some() {
        c.control_plane.state = ResourceState::Busy("Upgrading".into());
        c.control_plane.requested_version = cp_requested;
    }
    if d.provider == Provider::AksEngine && d.vmss_masters {
        c.control_plane.details =
            ControlPlaneDetails::Azure { availability: Some(Availability::VirtualMachineScaleSets) };
    }
    let settings = d.aks.as_ref().map(|a| AksSettings {
        upgrade_channel: a.channel.map(str::to_string),
        max_agent_pools: a.max_agent_pools,
        support_plan: a.support_plan.map(str::to_string),
        ..AksSettings::default()
    });
    if let Some(settings) = settings {
        c.details = ClusterDetails::Aks(settings);
    }

    let o = &d.options;
    let mut options = PlanOptions {
        max_surge: o.max_surge,
        minutes_per_node: o.minutes_per_node,
        node_image_upgrade: o.node_image,
        aks_engine_whole_cluster: o.aks_engine_whole_cluster,
        ..PlanOptions::default()
    };
    if let Some(i) = o.leave_alone {
        options.leave_alone.insert(i.get(&c.pools).name.clone());
    }
    if let Some((i, kind)) = o.machine_change {
        let (size, image) = match d.provider {
            Provider::Aks => ("Standard_D8s_v5", "AKSUbuntu-2204gen2containerd-202510.03.0"),
            Provider::ClusterApi => ("m5.xlarge", "ami-0123456789abcdef0"),
            _ => ("n2-standard-4", "image-1"),
        };
        options.machine_changes.push(MachineChange {
            pool: i.get(&c.pools).name.clone(),
            machine_size: (kind != 1).then(|| size.to_string()),
            machine_image: (kind != 0).then(|| image.to_string()),
        });
    }
    let target = if d.latest { Target::Latest } else { Target::Version(target) };
    Case {
        cluster: c,
        request: PlanRequest {
            target,
            policy: d.policy,
            strategy: d.strategy,
            versions,
            options,
            today: None,
            workloads: Default::default(),
        },
    }
}

/// A one-line account of a case, for failure messages.
fn describe(case: &Case) -> String {
    let c = &case.cluster;
    let r = &case.request;
    let pools: Vec<String> = c
        .pools
        .iter()
        .map(|p| {
            let requested = p.requested_version.as_ref().map(|v| format!("->{v}")).unwrap_or_default();
            format!("{}={}{requested} {} {:?}", p.name, p.version.as_ref().unwrap(), p.state, p.details)
        })
        .collect();
    format!(
        "{} cp={} ({}, requested {:?}) aks={:?} policy={:?} strategy={} target={} versions={:?} options={:?} pools=[{}]",
        c.provider.id(),
        c.control_plane.version.as_ref().unwrap(),
        c.control_plane.state,
        c.control_plane.requested_version.as_ref().map(ToString::to_string),
        c.aks_settings(),
        r.policy,
        r.strategy,
        match &r.target {
            Target::Latest => "latest".to_string(),
            Target::Version(v) => v.to_string(),
            Target::NewestOf(m) => format!("newest of {m}"),
        },
        r.versions.as_ref().map(|l| l.versions.iter().map(|o| o.version.to_string()).collect::<Vec<_>>()),
        r.options,
        pools.join(", ")
    )
}

/// Pool version changes in a plan.
fn pool_upgrades(p: &Plan) -> usize {
    let mut before = p.initial.clone().unwrap();
    let mut n = 0;
    for after in p.states() {
        n += after.pools.iter().filter(|(k, v)| before.pools.get(*k).is_some_and(|old| old != *v)).count();
        before = after;
    }
    n
}

/// A plan checked by the oracle.
struct Checked {
    plan: Plan,
}

/// The plan for `request`, which must hold the invariants but for known defects.
fn checked_plan(case: &Case, request: &PlanRequest) -> Result<Checked, TestCaseError> {
    let p = plan(&case.cluster, request);
    let problems = plan_violations(&case.cluster, request, &p);
    prop_assert!(problems.is_empty(), "{} with {}\n  {}", describe(case), p.strategy, problems.join("\n  "));
    Ok(Checked { plan: p })
}

/// The invariants, determinism, and fewest-reimages against lockstep.
fn check_case(case: &Case) -> Result<Checked, TestCaseError> {
    let checked = checked_plan(case, &case.request)?;
    let p = &checked.plan;
    let again = plan(&case.cluster, &case.request);
    prop_assert!(*p == again, "not deterministic");

    // The alternatives are what each strategy's own plan gives; fewest
    // reimages never replaces more nodes, nor moves more pools, than lockstep.
    let other = match case.request.strategy {
        PlanStrategy::FewestReimages => PlanStrategy::Lockstep,
        PlanStrategy::Lockstep => PlanStrategy::FewestReimages,
        PlanStrategy::ControlPlaneFirst => return Ok(checked),
    };
    let q = checked_plan(case, &PlanRequest { strategy: other, ..case.request.clone() })?.plan;
    let strategies: Vec<PlanStrategy> = p.alternatives.iter().map(|a| a.strategy).collect();
    prop_assert_eq!(strategies, PlanStrategy::ALL.to_vec());
    for x in [p, &q] {
        let alt = p.alternatives.iter().find(|a| a.strategy == x.strategy).unwrap();
        prop_assert_eq!((&alt.estimate, &alt.blocked), (&x.estimate, &x.blocked), "alternative {}", x.strategy);
    }
    let (fewest, lockstep) = if p.strategy == PlanStrategy::FewestReimages { (p, &q) } else { (&q, p) };
    if fewest.blocked.is_none() && lockstep.blocked.is_none() {
        prop_assert!(
            fewest.estimate.node_reimages <= lockstep.estimate.node_reimages
                && pool_upgrades(fewest) <= pool_upgrades(lockstep),
            "{}\n  fewest-reimages replaces {} nodes in {} pool upgrades, lockstep {} in {}",
            describe(case),
            fewest.estimate.node_reimages,
            pool_upgrades(fewest),
            lockstep.estimate.node_reimages,
            pool_upgrades(lockstep)
        );
    }
    Ok(checked)
}

/// The plan's last state has the control plane and every pool not left
/// alone at the target.
fn reaches_target(request: &PlanRequest, p: &Plan) -> bool {
    let (Some(target), Some(initial)) = (&p.target, &p.initial) else { return false };
    let last = p.states().last().unwrap_or_else(|| initial.clone());
    last.control_plane == *target
        && last.pools.iter().all(|(name, v)| v == target || request.options.leave_alone.contains(name))
}

/// What the cases covered.
#[derive(Default)]
struct Coverage {
    cases: usize,
    reached: usize,
    with_steps: usize,
    /// (provider, strategy) -> (reached, cases).
    pairs: BTreeMap<(&'static str, &'static str), (usize, usize)>,
    blocked_by: BTreeMap<&'static str, usize>,
    /// Plans with at least one step of each action.
    actions: BTreeMap<&'static str, usize>,
}

impl Coverage {
    fn count(&mut self, case: &Case, checked: &Checked) {
        let p = &checked.plan;
        self.cases += 1;
        let reached = p.blocked.is_none() && reaches_target(&case.request, p);
        self.reached += usize::from(reached);
        self.with_steps += usize::from(!p.steps.is_empty());
        let pair = self.pairs.entry((case.cluster.provider.id(), p.strategy.id())).or_default();
        pair.0 += usize::from(reached);
        pair.1 += 1;
        if let Some(b) = &p.blocked {
            *self.blocked_by.entry(rule_id(b)).or_default() += 1;
        }
        let mut actions: Vec<&'static str> = p.steps.iter().map(|s| s.action.id()).collect();
        actions.sort_unstable();
        actions.dedup();
        for a in actions {
            *self.actions.entry(a).or_default() += 1;
        }
    }

    fn share(&self) -> f64 {
        self.reached as f64 * 100.0 / self.cases.max(1) as f64
    }

    fn line(&self) -> String {
        let join = |items: Vec<String>| items.join(", ");
        let pairs = join(self.pairs.iter().map(|((pr, st), (r, n))| format!("{pr}×{st} {r}/{n}")).collect());
        let blocked = join(self.blocked_by.iter().map(|(rule, n)| format!("{rule} {n}")).collect());
        let actions = join(self.actions.iter().map(|(a, n)| format!("{a} {n}")).collect());
        format!(
            "coverage: {} cases, {:.1} % reach the target, {:.1} % have steps; {pairs}; blocked by: {blocked}; plans with: {actions}",
            self.cases,
            self.share(),
            self.with_steps as f64 * 100.0 / self.cases.max(1) as f64
        )
    }
}

#[test]
fn plans_hold_their_invariants_and_mostly_reach_their_target() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(CASES);
    // The same cases on every run (CI judges the coverage share); set
    // PROPTEST_RANDOM=1 to explore fresh ones.
    let config = Config { cases, source_file: Some(file!()), ..Config::default() };
    let mut runner = if std::env::var_os("PROPTEST_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    };
    let coverage = RefCell::new(Coverage::default());
    let result = runner.run(&draw(), |d| {
        let case = build(&d);
        let checked = check_case(&case)?;
        coverage.borrow_mut().count(&case, &checked);
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, d)) => panic!("{why}\nminimal draw: {d:#?}"),
        Err(e) => panic!("{e}"),
    }
    let coverage = coverage.into_inner();
    // Written past the test harness's capture, so that every run shows it.
    writeln!(std::io::stderr(), "\n{}", coverage.line()).unwrap();
    assert!(coverage.share() >= 75.0, "only {:.1} % of the cases reach their target", coverage.share());
    for provider in PROVIDERS {
        for strategy in PlanStrategy::ALL {
            assert!(
                coverage.pairs.contains_key(&(provider.id(), strategy.id())),
                "no case of {} with {strategy}",
                provider.id()
            );
        }
    }
}

/// A small case: one pool per (name, version), of the provider's kind, and
/// a version target; tests adjust the rest.
fn small_case(provider: Provider, cp: &str, pools: &[(&str, &str)], target: &str) -> Case {
    let v = |s: &str| s.parse::<KubeVersion>().unwrap();
    let pools = pools
        .iter()
        .enumerate()
        .map(|(i, (name, version))| {
            let mode = if i == 0 { PoolMode::System } else { PoolMode::User };
            pool(name.to_string(), mode, v(version), pool_details(provider, false, false, name))
        })
        .collect();
    let request = PlanRequest { target: Target::Version(v(target)), ..PlanRequest::default() };
    Case { cluster: cluster(provider, v(cp), pools), request }
}

/// Inputs that once made the planner fail, kept as plain cases.
#[test]
fn earlier_failures_hold() {
    let mut capi = small_case(Provider::ClusterApi, "1.21.0", &[("pool0", "1.19.0")], "1.22.0");
    capi.request.strategy = PlanStrategy::Lockstep;
    let mut aks_engine = small_case(Provider::AksEngine, "1.19.0", &[("pool0", "1.19.0")], "1.19.1");
    aks_engine.cluster.pools[0].details = azure(Availability::AvailabilitySet);
    aks_engine.request.policy = Some(Policy::Capi);
    for case in [capi, aks_engine] {
        if let Err(e) = check_case(&case) {
            panic!("{e}");
        }
    }
}

/// The minimal inputs of planner defects the property tests found, now fixed.
fn fixed_defect_inputs() -> Vec<(&'static str, Case)> {
    let upgrading = ResourceState::Busy("Upgrading".into());
    let mut busy_aks = small_case(Provider::Aks, "1.30.14", &[("np1", "1.30.14")], "1.30.14");
    busy_aks.cluster.control_plane.state = upgrading.clone();
    busy_aks.cluster.control_plane.requested_version = Some(KubeVersion::new(1, 31, 13));
    let mut busy_capi = small_case(Provider::ClusterApi, "1.19.0", &[("md-0", "1.19.0")], "1.19.1");
    busy_capi.cluster.control_plane.state = upgrading;
    busy_capi.cluster.control_plane.requested_version = Some(KubeVersion::new(1, 20, 15));
    let mut refused = small_case(Provider::Aks, "1.30.14", &[("np1", "1.30.14")], "1.30.14");
    refused.cluster.pools[0].details = azure(Availability::AvailabilitySet);
    refused.request.options.node_image_upgrade = true;
    let edge = small_case(Provider::AksEngine, "1.19.0", &[("pool0", "1.17.0")], "1.20.0");
    let mut alone = small_case(Provider::AksEngine, "1.19.0", &[("pool0", "1.19.0")], "1.22.0");
    alone.request.options.leave_alone.insert("pool0".into());
    let no_hops = small_case(Provider::AksEngine, "1.19.1", &[("pool0", "1.19.0")], "1.19.1");
    let mut failed = small_case(Provider::Aks, "1.30.14", &[("np1", "1.26.0")], "1.30.14");
    failed.cluster.pools[0].state = ResourceState::Failed("Failed".into());
    let mut whole = small_case(Provider::Aks, "1.34.9", &[("np1", "1.34.9")], "1.35.6");
    whole.cluster.details =
        ClusterDetails::Aks(AksSettings { upgrade_channel: Some("patch".into()), ..AksSettings::default() });
    whole.request.options.node_image_upgrade = true;
    let mut busy_pool = small_case(Provider::ClusterApi, "1.19.0", &[("md-0", "1.16.13")], "1.19.0");
    busy_pool.cluster.pools[0].state = ResourceState::Busy("rolling out".into());
    busy_pool.cluster.pools[0].requested_version = Some(KubeVersion::new(1, 16, 14));
    vec![
        ("busy-control-plane-past-target", busy_aks),
        ("busy-control-plane-past-target", busy_capi),
        ("node-image-where-refused", refused),
        ("aks-engine-control-plane-only-strands-pool", edge),
        ("aks-engine-control-plane-only-strands-pool", alone),
        ("aks-engine-control-plane-only-without-hops-skips-pools", no_hops),
        ("failed-pool-reconciled-outside-window", failed),
        ("node-image-after-whole-cluster-upgrade", whole),
        ("busy-pool-outside-window", busy_pool),
    ]
}

/// Each defect's minimal input now holds every invariant, and gives the plan
/// it should: its steps (action, subject, versions) or the rule it stops on.
#[test]
fn fixed_defects_stay_fixed() {
    let expected = [
        "blocked aks.no-downgrade control-plane",
        "blocked upstream.no-downgrade control-plane",
        "",
        "update-pool-model pool/pool0 1.17.0->1.19.0; roll-pool-nodes pool/pool0 1.17.0->1.19.0; upgrade-control-plane control-plane 1.19.0->1.20.0; update-pool-model pool/pool0 1.19.0->1.20.0; roll-pool-nodes pool/pool0 1.19.0->1.20.0",
        "upgrade-control-plane control-plane 1.19.0->1.20.15; upgrade-control-plane control-plane 1.20.15->1.21.14; blocked plan.pool-left-alone pool/pool0",
        "update-pool-model pool/pool0 1.19.0->1.19.1; roll-pool-nodes pool/pool0 1.19.0->1.19.1",
        "upgrade-pool pool/np1 1.26.0->1.30.14",
        "upgrade-cluster cluster 1.34.9->1.35.6",
        "wait pool/md-0; upgrade-pool pool/md-0 1.16.14->1.19.0",
    ];
    let inputs = fixed_defect_inputs();
    assert_eq!(inputs.len(), expected.len());
    for ((name, case), want) in inputs.iter().zip(expected) {
        if let Err(e) = check_case(case) {
            panic!("{name}: {e}");
        }
        let p = plan(&case.cluster, &case.request);
        let mut got: Vec<String> = p
            .steps
            .iter()
            .map(|s| match (&s.from, &s.to) {
                (Some(f), Some(t)) => format!("{} {} {f}->{t}", s.action.id(), subject_of(s)),
                _ => format!("{} {}", s.action.id(), subject_of(s)),
            })
            .collect();
        got.extend(p.blocked.iter().map(|b| format!("blocked {} {}", rule_id(b), subject_of(b))));
        assert_eq!(got.join("; "), want, "{name}: {}", describe(case));
    }
}
