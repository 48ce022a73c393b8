//! Rules and policies: every rule is a named, sourced predicate; a policy is a
//! named set of rules. `check` reports what is wrong with a cluster now; the
//! planner re-checks every state it passes through with the same functions.

use crate::model::{Availability, Cluster, PoolDetails, PoolMode, Provider, ResourceState};
use crate::version::KubeVersion;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

pub use crate::input::Severity;

/// A rule: a stable id, what it says, where it comes from, what it
/// pre-empts and how to fix a violation.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub statement: &'static str,
    pub source: &'static str,
    /// The provider error this rule pre-empts, when there is one.
    pub error_code: Option<&'static str>,
    pub fix: &'static str,
    pub severity: Severity,
}

/// Declares every rule as a constant and lists them all in `REGISTRY`, so
/// the registry cannot miss one.
macro_rules! rules {
    ($($name:ident = { $($field:ident : $value:expr),* $(,)? }),* $(,)?) => {
        $(pub const $name: Rule = Rule { $($field: $value),* };)*
        /// Every rule Skewplan checks.
        pub const REGISTRY: &[&Rule] = &[$(&$name),*];
    };
}

const SEED_004_VALIDATION: &str =
    "seed 004 (AKS: upgrade node pools), §Validation rules for upgrades; same rules in seed 001";
const SKEW_POLICY: &str = "Kubernetes version skew policy (kubernetes.io/releases/version-skew-policy)";

rules! {
    AKS_POOL_SAME_MAJOR = {
        id: "aks.pool-same-major",
        statement: "A node pool has the same major version as the control plane.",
        source: SEED_004_VALIDATION,
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the control plane first; a pool can only follow it.",
        severity: Severity::Error,
    },
    AKS_POOL_MINOR_WINDOW = {
        id: "aks.pool-minor-window",
        statement: "A node pool's minor version is within two minors of the control plane (three from control plane 1.28 on under aks-current).",
        source: "seed 004 §Validation rules for upgrades (two minors); current AKS documentation and error text (three minors from 1.28, aks-current)",
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the node pool before the next control-plane upgrade pushes it out of the window.",
        severity: Severity::Error,
    },
    AKS_POOL_NOT_NEWER = {
        id: "aks.pool-not-newer",
        statement: "A node pool's version is never greater than the control plane's major.minor.patch.",
        source: SEED_004_VALIDATION,
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the control plane to at least the pool's version, or upgrade the pool only as far as the control plane.",
        severity: Severity::Error,
    },
    AKS_NO_DOWNGRADE = {
        id: "aks.no-downgrade",
        statement: "Neither the control plane nor a node pool (nor a node image) is downgraded.",
        source: SEED_004_VALIDATION,
        error_code: Some("OperationNotAllowed"),
        fix: "Pick a target at or above every component's current version.",
        severity: Severity::Error,
    },
    AKS_CONTROL_PLANE_ONE_MINOR = {
        id: "aks.control-plane-one-minor",
        statement: "The control plane moves one minor version per upgrade operation.",
        source: "seed 003 (AKS patch and upgrade guidance), §Upgrade: skipping minor versions is not supported",
        error_code: Some("OperationNotAllowed"),
        fix: "Upgrade through every minor version in between, one operation each.",
        severity: Severity::Error,
    },
    AKS_ONE_OPERATION = {
        id: "aks.one-operation-at-a-time",
        statement: "One operation at a time per control plane or node pool: a resource whose provisioningState is not Succeeded is busy.",
        source: SEED_004_VALIDATION,
        error_code: Some("OperationNotAllowed"),
        fix: "Wait until the running operation finishes (`az aks wait --updated`), then continue.",
        severity: Severity::Error,
    },
    AKS_FAILED_RETRY = {
        id: "aks.failed-retry",
        statement: "A resource in the Failed state is brought back by upgrading it again to its current version.",
        source: "seed 001 (AKS: manage node pools), §troubleshooting failed upgrades; AKS troubleshooting guidance",
        error_code: None,
        fix: "Run the same upgrade again to the version it already has; it reconciles the resource.",
        severity: Severity::Warning,
    },
    AKS_STOPPED_CLUSTER = {
        id: "aks.stopped-cluster",
        statement: "A stopped cluster is started before any other operation.",
        source: "AKS start/stop documentation: operations other than start are refused while stopped",
        error_code: Some("OperationNotAllowed"),
        fix: "Start the cluster (`az aks start`) and wait for it before upgrading.",
        severity: Severity::Error,
    },
    AKS_SYSTEM_POOL_NODES = {
        id: "aks.system-pool-min-one",
        statement: "A system node pool keeps at least one node and can't be stopped.",
        source: "seed 001 §system and user node pools",
        error_code: Some("InvalidParameter"),
        fix: "Keep the system pool's count (and autoscaler minimum) at one or more.",
        severity: Severity::Error,
    },
    AKS_VM_SIZE_IMMUTABLE = {
        id: "aks.vm-size-immutable",
        statement: "A node pool's VM size can't change: add a pool with the new size, cordon and drain the old one, then delete it.",
        source: "seed 001 §resize a node pool",
        error_code: None,
        fix: "The plan replaces the pool: add-pool, drain-pool, delete-pool.",
        severity: Severity::Info,
    },
    AKS_AUTO_UPGRADE_CHANNEL = {
        id: "aks.auto-upgrade-channel",
        statement: "With an auto-upgrade channel other than none, a control-plane-only upgrade is refused.",
        source: "AKS auto-upgrade documentation; the error text of az aks upgrade --control-plane-only",
        error_code: Some("NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged"),
        fix: "Upgrade the whole cluster per hop (az aks upgrade without --control-plane-only), or set the channel to none first.",
        severity: Severity::Warning,
    },
    AKS_CP_ONLY_UNAVAILABLE = {
        id: "aks.control-plane-only-unavailable",
        statement: "Clusters with availability-set pools, or with maxAgentPools below 8, can't do control-plane-only or node-image-only upgrades.",
        source: "seed 004 §Upgrade a cluster control plane with multiple node pools; az aks upgrade reference",
        error_code: Some("OperationNotAllowed"),
        fix: "Upgrade the whole cluster per hop, or move workloads to scale-set pools.",
        severity: Severity::Warning,
    },
    AKS_NODE_IMAGE_ONLY_EXCLUSIVE = {
        id: "aks.node-image-only-exclusive",
        statement: "--node-image-only can't be combined with --kubernetes-version in one operation.",
        source: "seed 004 §Upgrade node images; az aks nodepool upgrade reference",
        error_code: Some("InvalidParameter"),
        fix: "Upgrade the Kubernetes version and the node image in separate operations.",
        severity: Severity::Error,
    },
    AKS_SURGE_LIMIT = {
        id: "aks.surge-limit",
        statement: "Surge nodes per pool are ceil(maxSurge% × count) or the integer, and pool plus surge stays at or below 1000 nodes.",
        source: "seed 004 §Customize node surge upgrade",
        error_code: Some("InvalidParameter"),
        fix: "Lower max surge for this pool so that count plus surge is at most 1000.",
        severity: Severity::Error,
    },
    UPSTREAM_KUBELET_NOT_NEWER = {
        id: "upstream.kubelet-not-newer",
        statement: "A kubelet is never newer than kube-apiserver.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Upgrade the API servers first; kubelets follow.",
        severity: Severity::Error,
    },
    UPSTREAM_KUBELET_WINDOW = {
        id: "upstream.kubelet-window",
        statement: "A kubelet is at most three minors older than kube-apiserver (two when the kubelet is older than 1.25).",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Upgrade the nodes before the API servers move further ahead.",
        severity: Severity::Error,
    },
    UPSTREAM_APISERVER_HA = {
        id: "upstream.apiserver-ha-skew",
        statement: "kube-apiserver instances of a highly available control plane are within one minor of each other.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Finish upgrading the remaining control-plane instances first.",
        severity: Severity::Error,
    },
    UPSTREAM_APISERVER_ONE_MINOR = {
        id: "upstream.apiserver-one-minor",
        statement: "kube-apiserver never skips a minor version; order: API servers, then controller-manager and scheduler, then kubelets (drained first).",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Upgrade through every minor version in between.",
        severity: Severity::Error,
    },
    UPSTREAM_NO_DOWNGRADE = {
        id: "upstream.no-downgrade",
        statement: "Components are not downgraded.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Pick a target at or above every component's current version.",
        severity: Severity::Error,
    },
    CAPI_ONE_MINOR = {
        id: "capi.control-plane-one-minor",
        statement: "The KubeadmControlPlane moves one minor version per change.",
        source: "seed 002 (Konvoy: update the worker node pool) and Cluster API upgrade documentation",
        error_code: None,
        fix: "Change spec.version one minor at a time and wait for each rollout.",
        severity: Severity::Error,
    },
    CAPI_WORKERS_AFTER_CONTROL_PLANE = {
        id: "capi.workers-after-control-plane",
        statement: "Workers are updated only after the control plane runs the newer version.",
        source: "seed 002 §Prerequisites and Cluster API upgrade documentation",
        error_code: None,
        fix: "Upgrade the KubeadmControlPlane first and wait for its rollout.",
        severity: Severity::Error,
    },
    CAPI_MID_ROLLOUT = {
        id: "capi.no-change-mid-rollout",
        statement: "No version change while the control plane or a MachineDeployment is rolling out (updatedReplicas < replicas).",
        source: "seed 002 §Upgrade the Kubernetes version (wait for the rollout)",
        error_code: None,
        fix: "Wait until status.updatedReplicas equals spec.replicas.",
        severity: Severity::Error,
    },
    CAPI_MACHINE_CREATION_SKEW = {
        id: "capi.machine-creation-skew",
        statement: "With the kubeadm bootstrap, a MachineDeployment whose minor differs from the control plane's can't create machines (scale up, remediation).",
        source: "Cluster API kubeadm bootstrap: join requires the control plane's minor",
        error_code: None,
        fix: "Bring the MachineDeployment to the control plane's minor soon after the control-plane upgrade.",
        severity: Severity::Warning,
    },
    CAPI_TEMPLATE_IMMUTABLE = {
        id: "capi.template-immutable",
        statement: "Infrastructure machine templates are immutable: a change is a new template plus a patch of infrastructureRef, in the same change as the version.",
        source: "seed 002 §Update the machine image and §Update the machine type",
        error_code: None,
        fix: "Create a new template from the old one with the change, then point the MachineDeployment at it.",
        severity: Severity::Info,
    },
    CAPI_MACHINE_IMAGE = {
        id: "capi.machine-image-for-target",
        statement: "The machine image must be built for the target Kubernetes version.",
        source: "seed 002 §Update the machine image",
        error_code: None,
        fix: "Give the AMI built for the target version, or look one up for it before the change.",
        severity: Severity::Warning,
    },
    AKS_ENGINE_ONE_VERSION = {
        id: "aks-engine.one-version",
        statement: "An aks-engine cluster has one cluster-wide version (orchestratorProfile.orchestratorVersion).",
        source: "seed 000 (aks-engine: updating node pools)",
        error_code: None,
        fix: "Upgrade the cluster with aks-engine upgrade; pools follow the cluster version.",
        severity: Severity::Warning,
    },
    AKS_ENGINE_UPDATE_VMSS_ONLY = {
        id: "aks-engine.update-vmss-only",
        statement: "aks-engine update only refreshes the VMSS model of a scale-set pool and is refused for availability-set pools.",
        source: "seed 000 §Update",
        error_code: None,
        fix: "Use aks-engine upgrade for availability-set pools.",
        severity: Severity::Error,
    },
    AKS_ENGINE_VMSS_MASTERS = {
        id: "aks-engine.vmss-masters-no-upgrade",
        statement: "A control plane on a VM scale set (masterProfile availabilityProfile VirtualMachineScaleSets) can't be upgraded by aks-engine.",
        source: "aks-engine upgrade documentation (limitations)",
        error_code: None,
        fix: "Build a new cluster at the target version and move workloads.",
        severity: Severity::Error,
    },
    AKS_ENGINE_MAX_VERSION = {
        id: "aks-engine.max-version",
        statement: "aks-engine supports Kubernetes up to 1.24; the Azure Stack Hub fork (aks-engine-azurestack) goes further.",
        source: "aks-engine release notes (project retired at 1.24); aks-engine-azurestack releases",
        error_code: None,
        fix: "Move to AKS or the aks-engine-azurestack fork for newer versions.",
        severity: Severity::Error,
    },
    VERSION_AVAILABLE = {
        id: "plan.version-available",
        statement: "Every version the plan moves to is offered: by the pasted version list, or else by the embedded catalog.",
        source: "az aks get-upgrades / get-versions; the Kubernetes release catalog",
        error_code: Some("K8sVersionNotSupported"),
        fix: "Paste the region's current `az aks get-versions -o json`, or pick an offered target.",
        severity: Severity::Error,
    },
    VERSION_KNOWN = {
        id: "plan.control-plane-version-known",
        statement: "The control plane's current version is known (from the input, or given by the user).",
        source: "SPEC §2: never guessed silently",
        error_code: None,
        fix: "Paste output that names it, or give the control-plane version.",
        severity: Severity::Error,
    },
    SIZE_LIMIT = {
        id: "plan.size-limit",
        statement: "A plan covers at most 1,000 pools: every step carries the complete version state, so larger inputs would not fit in a browser tab.",
        source: "Skewplan limits (AKS allows 100 pools per cluster)",
        error_code: None,
        fix: "Plan a part of the cluster at a time, or check it (the findings have no such limit).",
        severity: Severity::Error,
    },
    LEAVE_ALONE = {
        id: "plan.pool-left-alone",
        statement: "A pool the user asked to leave alone is not upgraded; the plan stops where that would break skew.",
        source: "plan request",
        error_code: None,
        fix: "Allow the pool to be upgraded, or pick a lower target.",
        severity: Severity::Error,
    },
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.id == id)
}

/// A named set of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    Aks,
    AksCurrent,
    Upstream,
    Capi,
    AksEngine,
}

impl Policy {
    pub const ALL: [Policy; 5] = [Policy::Aks, Policy::AksCurrent, Policy::Upstream, Policy::Capi, Policy::AksEngine];

    pub fn id(self) -> &'static str {
        match self {
            Policy::Aks => "aks",
            Policy::AksCurrent => "aks-current",
            Policy::Upstream => "upstream",
            Policy::Capi => "capi",
            Policy::AksEngine => "aks-engine",
        }
    }

    pub fn parse(s: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.id() == s)
    }

    /// The policy that fits a provider.
    pub fn for_provider(provider: Provider) -> Policy {
        match provider {
            Provider::Aks => Policy::Aks,
            Provider::AksEngine => Policy::AksEngine,
            Provider::ClusterApi => Policy::Capi,
            Provider::Eks | Provider::Gke | Provider::Generic => Policy::Upstream,
        }
    }

    fn is_aks(self) -> bool {
        matches!(self, Policy::Aks | Policy::AksCurrent)
    }

    /// How many minors a pool may trail the control plane.
    pub fn window(self, control_plane: &KubeVersion, pool: &KubeVersion) -> i64 {
        match self {
            Policy::Aks => 2,
            Policy::AksCurrent if control_plane.minor() >= 28 => 3,
            Policy::AksCurrent => 2,
            Policy::Upstream | Policy::Capi | Policy::AksEngine => {
                if pool.minor() < 25 {
                    2
                } else {
                    3
                }
            }
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Something a rule says about the cluster or the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// `control-plane`, `pool/NAME` or `cluster`.
    pub subject: String,
    pub message: String,
    pub source: &'static str,
    pub fix: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'static str>,
}

impl Finding {
    pub fn new(rule: &'static Rule, subject: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            subject: subject.into(),
            message: message.into(),
            source: rule.source,
            fix: rule.fix,
            error_code: rule.error_code,
        }
    }

    /// `error`, `warning` or `info`.
    pub fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

pub fn pool_subject(name: &str) -> String {
    format!("pool/{name}")
}

/// The versions of a cluster at one moment: what the plan's `after` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionState {
    pub control_plane: KubeVersion,
    pub pools: BTreeMap<String, KubeVersion>,
}

/// `a` is newer than `b`, comparing patches only when both have one.
fn newer(a: &KubeVersion, b: &KubeVersion) -> bool {
    if a.patch().is_none() || b.patch().is_none() {
        (a.major(), a.minor()) > (b.major(), b.minor())
    } else {
        a > b
    }
}

/// Skew rules over one state. Only version relations are checked here: the
/// planner calls this on every state it passes through.
pub fn check_state(state: &VersionState, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    let cp = &state.control_plane;
    for (name, v) in &state.pools {
        let subject = pool_subject(name);
        if v.major() != cp.major() {
            let r = if policy.is_aks() { &AKS_POOL_SAME_MAJOR } else { &UPSTREAM_KUBELET_WINDOW };
            out.push(Finding::new(
                r,
                subject,
                format!("pool `{name}` runs {v}, a different major version from the control plane's {cp}"),
            ));
            continue;
        }
        let behind = v.minors_to(cp).unwrap_or(0);
        if policy.is_aks() {
            if newer(v, cp) {
                out.push(Finding::new(
                    &AKS_POOL_NOT_NEWER,
                    subject.clone(),
                    format!("pool `{name}` runs {v}, newer than the control plane's {cp}"),
                ));
            }
        } else if v.minor() > cp.minor() {
            out.push(Finding::new(
                &UPSTREAM_KUBELET_NOT_NEWER,
                subject.clone(),
                format!("pool `{name}` kubelets run {v}, a newer minor than kube-apiserver's {cp}"),
            ));
        }
        let window = policy.window(cp, v);
        if behind > window {
            let r = if policy.is_aks() { &AKS_POOL_MINOR_WINDOW } else { &UPSTREAM_KUBELET_WINDOW };
            out.push(Finding::new(
                r,
                subject,
                format!("pool `{name}` runs {v}, {behind} minors behind the control plane's {cp}; at most {window} are allowed"),
            ));
        }
    }
    out
}

/// Rules on one change from `before` to `after`.
pub fn check_transition(before: &VersionState, after: &VersionState, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    let (down_rule, one_minor) = match policy {
        Policy::Aks | Policy::AksCurrent => (&AKS_NO_DOWNGRADE, &AKS_CONTROL_PLANE_ONE_MINOR),
        Policy::Capi => (&UPSTREAM_NO_DOWNGRADE, &CAPI_ONE_MINOR),
        Policy::Upstream | Policy::AksEngine => (&UPSTREAM_NO_DOWNGRADE, &UPSTREAM_APISERVER_ONE_MINOR),
    };
    let (b, a) = (&before.control_plane, &after.control_plane);
    if newer(b, a) {
        out.push(Finding::new(down_rule, "control-plane", format!("the control plane would go down from {b} to {a}")));
    }
    if b.minors_to(a).is_some_and(|d| d > 1) || a.major() != b.major() {
        out.push(Finding::new(
            one_minor,
            "control-plane",
            format!("the control plane would jump from {b} to {a}, skipping a minor"),
        ));
    }
    for (name, v) in &after.pools {
        match before.pools.get(name) {
            Some(old) if newer(old, v) => out.push(Finding::new(
                down_rule,
                pool_subject(name),
                format!("pool `{name}` would go down from {old} to {v}"),
            )),
            // A worker may move only as far as the control plane runs after
            // the step (one whole-cluster operation moves both together).
            Some(old) if policy == Policy::Capi && old != v && newer(v, a) => out.push(Finding::new(
                &CAPI_WORKERS_AFTER_CONTROL_PLANE,
                pool_subject(name),
                format!("pool `{name}` would move to {v} before the control plane (at {a}) runs it"),
            )),
            _ => {}
        }
    }
    out
}

/// Everything wrong with a cluster now under `policy`: skew, state and
/// configuration rules.
pub fn check(cluster: &Cluster, policy: Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(cp) = cluster.control_plane.version.clone() else {
        out.push(Finding::new(&VERSION_KNOWN, "control-plane", "the control plane's version is unknown"));
        return out;
    };
    let state = VersionState {
        control_plane: cp.clone(),
        pools: cluster.pools.iter().filter_map(|p| Some((p.name.clone(), p.version.clone()?))).collect(),
    };
    out.extend(check_state(&state, policy));
    check_ha(cluster, &mut out);
    check_states(cluster, policy, &mut out);
    if policy.is_aks() {
        check_aks_settings(cluster, &mut out);
    }
    match policy {
        Policy::Capi => check_capi(cluster, &cp, &mut out),
        Policy::AksEngine => check_aks_engine(cluster, &cp, &mut out),
        _ => {}
    }
    out.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| a.subject.cmp(&b.subject)).then_with(|| a.rule.cmp(b.rule))
    });
    out
}

fn check_ha(cluster: &Cluster, out: &mut Vec<Finding>) {
    let inst = &cluster.control_plane.instance_versions;
    if let (Some(lo), Some(hi)) = (inst.first(), inst.last()) {
        if lo.minors_to(hi).is_some_and(|d| d > 1) {
            out.push(Finding::new(
                &UPSTREAM_APISERVER_HA,
                "control-plane",
                format!("API server instances run {lo} to {hi}, more than one minor apart"),
            ));
        }
    }
}

/// The finding for a busy or failed resource, if any.
fn state_finding(policy: Policy, subject: String, what: &str, state: &ResourceState) -> Option<Finding> {
    let busy_rule = if policy == Policy::Capi { &CAPI_MID_ROLLOUT } else { &AKS_ONE_OPERATION };
    match state {
        ResourceState::Busy(op) => Some(Finding::new(
            busy_rule,
            subject,
            format!("{what} is busy ({op}); no other operation can start until it finishes"),
        )),
        ResourceState::Failed(s) if policy.is_aks() => Some(Finding::new(
            &AKS_FAILED_RETRY,
            subject,
            format!("{what} is in state {s}; upgrade it again to its current version to reconcile"),
        )),
        ResourceState::Failed(s) => Some(
            Finding::new(&AKS_FAILED_RETRY, subject, format!("{what} is in state {s}; repair it before upgrading"))
                .with_severity(Severity::Error),
        ),
        _ => None,
    }
}

fn check_states(cluster: &Cluster, policy: Policy, out: &mut Vec<Finding>) {
    if cluster.control_plane.state == ResourceState::Stopped {
        out.push(Finding::new(
            &AKS_STOPPED_CLUSTER,
            "cluster",
            "the cluster is stopped; start it before anything else",
        ));
    } else {
        out.extend(state_finding(policy, "control-plane".into(), "the control plane", &cluster.control_plane.state));
    }
    for p in &cluster.pools {
        if p.state == ResourceState::Stopped {
            if p.mode == PoolMode::System && policy.is_aks() {
                out.push(Finding::new(
                    &AKS_SYSTEM_POOL_NODES,
                    pool_subject(&p.name),
                    format!("system pool `{}` is stopped; system pools can't be stopped", p.name),
                ));
            }
        } else {
            out.extend(state_finding(policy, pool_subject(&p.name), &format!("pool `{}`", p.name), &p.state));
        }
    }
}

fn check_aks_settings(cluster: &Cluster, out: &mut Vec<Finding>) {
    let settings = cluster.aks_settings().cloned().unwrap_or_default();
    if let Some(ch) = settings.upgrade_channel.as_deref().filter(|c| !c.eq_ignore_ascii_case("none")) {
        out.push(Finding::new(
            &AKS_AUTO_UPGRADE_CHANNEL,
            "cluster",
            format!("auto-upgrade channel `{ch}`: control-plane-only upgrades are refused, so each hop upgrades the whole cluster"),
        ));
    }
    let avset: Vec<&str> = cluster
        .pools
        .iter()
        .filter(|p| matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. }))
        .map(|p| p.name.as_str())
        .collect();
    if !avset.is_empty() {
        out.push(Finding::new(
            &AKS_CP_ONLY_UNAVAILABLE,
            "cluster",
            format!(
                "availability-set pool(s) {}: control-plane-only and node-image-only upgrades are not possible",
                avset.join(", ")
            ),
        ));
    } else if let Some(n) = settings.max_agent_pools.filter(|n| *n < 8) {
        out.push(Finding::new(
            &AKS_CP_ONLY_UNAVAILABLE,
            "cluster",
            format!("maxAgentPools is {n} (below 8): control-plane-only and node-image-only upgrades are not possible"),
        ));
    }
    for p in &cluster.pools {
        if p.mode == PoolMode::System && (p.count == Some(0) || p.autoscale.is_some_and(|(min, _)| min == 0)) {
            out.push(Finding::new(
                &AKS_SYSTEM_POOL_NODES,
                pool_subject(&p.name),
                format!("system pool `{}` may drop to zero nodes", p.name),
            ));
        }
        if let (Some(surge), Some(count)) = (p.max_surge, p.count) {
            let extra = surge.nodes_for(count);
            if count + extra > 1000 {
                out.push(Finding::new(
                    &AKS_SURGE_LIMIT,
                    pool_subject(&p.name),
                    format!(
                        "pool `{}` has {count} nodes and max surge {surge} ({extra} nodes): {} is above 1000",
                        p.name,
                        count + extra
                    ),
                ));
            }
        }
    }
}

fn check_capi(cluster: &Cluster, cp: &KubeVersion, out: &mut Vec<Finding>) {
    for p in &cluster.pools {
        if let Some(v) = &p.version {
            if !v.same_minor(cp) {
                out.push(Finding::new(
                    &CAPI_MACHINE_CREATION_SKEW,
                    pool_subject(&p.name),
                    format!(
                        "`{}` runs {v} while the control plane runs {cp}: new machines can't join until it is at {}",
                        p.name,
                        cp.minor_version()
                    ),
                ));
            }
        }
    }
}

fn check_aks_engine(cluster: &Cluster, cp: &KubeVersion, out: &mut Vec<Finding>) {
    for p in &cluster.pools {
        if p.version.as_ref().is_some_and(|v| !v.same_minor(cp) || v != cp) {
            out.push(Finding::new(
                &AKS_ENGINE_ONE_VERSION,
                pool_subject(&p.name),
                format!("pool `{}` differs from the cluster version {cp}", p.name),
            ));
        }
    }
    if cluster.control_plane.availability() == Some(Availability::VirtualMachineScaleSets) {
        out.push(Finding::new(
            &AKS_ENGINE_VMSS_MASTERS,
            "control-plane",
            "the masters run in a VM scale set, which aks-engine upgrade does not support",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> KubeVersion {
        s.parse().unwrap()
    }

    fn state(cp: &str, pools: &[(&str, &str)]) -> VersionState {
        VersionState { control_plane: v(cp), pools: pools.iter().map(|(n, x)| (n.to_string(), v(x))).collect() }
    }

    #[test]
    fn registry_lists_every_rule_declared_in_this_file() {
        let source = include_str!("rules.rs");
        let declared = source.matches("= {\n        id: \"").count();
        assert_eq!(declared, REGISTRY.len(), "a rule is declared outside the rules! registry");
        let mut ids: Vec<&str> = REGISTRY.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len(), "rule ids must be unique");
        for r in REGISTRY {
            assert!(
                r.id.contains('.') && !r.statement.is_empty() && !r.source.is_empty() && !r.fix.is_empty(),
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn aks_window_is_two_minors_and_three_under_aks_current_from_1_28() {
        let s = state("1.28.5", &[("old", "1.25.9"), ("ok", "1.26.0")]);
        let aks: Vec<String> =
            check_state(&s, Policy::Aks).iter().map(|f| format!("{} {} {}", f.rule, f.subject, f.message)).collect();
        assert_eq!(aks, vec!["aks.pool-minor-window pool/old pool `old` runs 1.25.9, 3 minors behind the control plane's 1.28.5; at most 2 are allowed"]);
        assert!(check_state(&s, Policy::AksCurrent).is_empty());
        let s = state("1.27.5", &[("old", "1.24.9")]);
        assert_eq!(check_state(&s, Policy::AksCurrent).len(), 1);
    }

    #[test]
    fn aks_pool_may_not_be_newer_even_by_a_patch() {
        let s = state("1.28.3", &[("np", "1.28.5")]);
        let f = check_state(&s, Policy::Aks);
        assert_eq!(f[0].rule, "aks.pool-not-newer");
        assert_eq!(f[0].error_code, Some("NodePoolMcVersionIncompatible"));
        assert!(check_state(&s, Policy::Upstream).is_empty(), "upstream compares minors");
    }

    #[test]
    fn upstream_window_is_two_below_1_25_and_three_from_1_25() {
        assert_eq!(check_state(&state("1.27.0", &[("a", "1.24.0")]), Policy::Upstream).len(), 1);
        assert!(check_state(&state("1.28.0", &[("a", "1.25.0")]), Policy::Upstream).is_empty());
        assert_eq!(
            check_state(&state("1.29.0", &[("a", "1.25.0")]), Policy::Upstream)[0].rule,
            "upstream.kubelet-window"
        );
        assert_eq!(
            check_state(&state("1.29.0", &[("a", "1.30.0")]), Policy::Upstream)[0].rule,
            "upstream.kubelet-not-newer"
        );
    }

    #[test]
    fn transitions_refuse_skips_and_downgrades() {
        let a = state("1.28.3", &[("np", "1.28.3")]);
        let rules = |b: &VersionState, p| check_transition(&a, b, p).iter().map(|f| f.rule).collect::<Vec<_>>();
        assert_eq!(rules(&state("1.30.0", &[("np", "1.28.3")]), Policy::Aks), vec!["aks.control-plane-one-minor"]);
        assert_eq!(
            rules(&state("1.28.1", &[("np", "1.28.1")]), Policy::Upstream),
            vec!["upstream.no-downgrade", "upstream.no-downgrade"]
        );
        assert_eq!(
            rules(&state("1.28.3", &[("np", "1.29.0")]), Policy::Capi),
            vec!["capi.workers-after-control-plane"]
        );
        assert!(rules(&state("1.29.2", &[("np", "1.28.3")]), Policy::Aks).is_empty());
    }
}
