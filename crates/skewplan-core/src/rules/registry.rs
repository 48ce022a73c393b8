//! Every rule Skewplan checks, each with the public document it comes from.
//! Findings and stops hold a `&'static Rule` from here, so a rule that is not
//! declared here can't be emitted.

use super::Rule;
use crate::severity::Severity;

/// Proof that a rule was declared by `rules!` below: only this file can make
/// one, and only the macro does, so every `Rule` there is is in `REGISTRY`.
#[derive(Debug, PartialEq, Eq)]
pub struct Registered(());

/// Declares every rule as a constant and lists them all in `REGISTRY`.
macro_rules! rules {
    ($registry:ident; $($name:ident = { $($field:ident : $value:expr),* $(,)? }),* $(,)?) => {
        $(pub const $name: Rule = Rule { $($field: $value,)* registered: Registered(()) };)*
        /// Rules Skewplan checks (every list is in `REGISTRIES`).
        pub const $registry: &[&Rule] = &[$(&$name),*];
    };
    ($($rest:tt)*) => {
        rules! { REGISTRY; $($rest)* }
    };
}

/// Every rule Skewplan checks, in its lists.
pub const REGISTRIES: &[&[&Rule]] = &[REGISTRY, workload_rules::WORKLOAD_REGISTRY];

// The workload rules are declared in their own file.
#[path = "workload_rules.rs"]
mod workload_rules;
pub use workload_rules::*;

// The product was specified from five public documents (seeds 000–004):
// aks-engine's "Updating Kubernetes Node Pools" (000), AKS "Upgrade node
// pools" (001), Konvoy "Update the Worker Node Pool" (002), the AKS patching
// and upgrading guide (003) and AKS "Manage node pools" (004). Each rule cites
// the public page a user can open.
const AKS_UPGRADE_NODE_POOLS: &str = "https://learn.microsoft.com/azure/aks/upgrade-node-pools";
const AKS_MANAGE_NODE_POOLS: &str = "https://learn.microsoft.com/azure/aks/manage-node-pools";
const AKS_SUPPORTED_VERSIONS: &str = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions";
const AKS_UPGRADE_CLUSTER: &str = "https://learn.microsoft.com/azure/aks/upgrade-cluster";
const SKEW_POLICY: &str = "https://kubernetes.io/releases/version-skew-policy/";
const CAPI_UPGRADING: &str = "https://cluster-api.sigs.k8s.io/tasks/upgrading-clusters";
const CAPI_TEMPLATES: &str = "https://cluster-api.sigs.k8s.io/tasks/updating-machine-templates";
const AKS_ENGINE_UPGRADE: &str = "https://github.com/Azure/aks-engine/blob/master/docs/topics/upgrade.md";
const AKS_ENGINE_UPDATE: &str = "https://github.com/Azure/aks-engine/blob/master/docs/topics/update.md";

rules! {
    AKS_POOL_SAME_MAJOR = {
        id: "aks.pool-same-major",
        statement: "A node pool has the same major version as the control plane.",
        source: AKS_UPGRADE_NODE_POOLS,
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the control plane first; a pool can only follow it.",
        severity: Severity::Error,
    },
    AKS_POOL_MINOR_WINDOW = {
        id: "aks.pool-minor-window",
        statement: "A node pool's minor version is within three minors of a control plane at 1.28 or later, two below that (two at every version under aks-conservative).",
        source: "https://learn.microsoft.com/azure/aks/upgrade-aks-control-plane",
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the node pool before the next control-plane upgrade pushes it out of the window.",
        severity: Severity::Error,
    },
    AKS_POOL_NOT_NEWER = {
        id: "aks.pool-not-newer",
        statement: "A node pool's version is never greater than the control plane's major.minor.patch.",
        source: AKS_UPGRADE_NODE_POOLS,
        error_code: Some("NodePoolMcVersionIncompatible"),
        fix: "Upgrade the control plane to at least the pool's version, or upgrade the pool only as far as the control plane.",
        severity: Severity::Error,
    },
    AKS_NO_DOWNGRADE = {
        id: "aks.no-downgrade",
        statement: "Neither the control plane nor a node pool (nor a node image) is downgraded.",
        source: AKS_UPGRADE_NODE_POOLS,
        error_code: Some("OperationNotAllowed"),
        fix: "Pick a target at or above every component's current version.",
        severity: Severity::Error,
    },
    AKS_CONTROL_PLANE_ONE_MINOR = {
        id: "aks.control-plane-one-minor",
        statement: "The control plane moves one minor version per upgrade operation.",
        source: "https://learn.microsoft.com/azure/architecture/operator-guides/aks/aks-upgrade-practices",
        error_code: Some("OperationNotAllowed"),
        fix: "Upgrade through every minor version in between, one operation each.",
        severity: Severity::Error,
    },
    AKS_ONE_OPERATION = {
        id: "aks.one-operation-at-a-time",
        statement: "One operation at a time per control plane or node pool: a resource whose provisioningState is not Succeeded is busy.",
        source: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/operationnotallowed",
        error_code: Some("OperationNotAllowed"),
        fix: "Wait until the running operation finishes (`az aks wait --updated`), then continue.",
        severity: Severity::Error,
    },
    AKS_FAILED_RETRY = {
        id: "aks.failed-retry",
        statement: "A resource in the Failed state is brought back by upgrading it again to its current version.",
        source: "https://learn.microsoft.com/cli/azure/aks#az-aks-upgrade",
        error_code: None,
        fix: "Run the same upgrade again to the version it already has; it reconciles the resource.",
        severity: Severity::Warning,
    },
    AKS_STOPPED_CLUSTER = {
        id: "aks.stopped-cluster",
        statement: "A stopped cluster is started before any other operation.",
        source: "https://learn.microsoft.com/azure/aks/start-stop-cluster",
        error_code: Some("OperationNotAllowed"),
        fix: "Start the cluster (`az aks start`) and wait for it before upgrading.",
        severity: Severity::Error,
    },
    AKS_SYSTEM_POOL_NODES = {
        id: "aks.system-pool-min-one",
        statement: "A system node pool keeps at least one node and can't be stopped.",
        source: "https://learn.microsoft.com/azure/aks/use-system-pools",
        error_code: Some("InvalidParameter"),
        fix: "Keep the system pool's count (and autoscaler minimum) at one or more.",
        severity: Severity::Error,
    },
    AKS_VM_SIZE_IMMUTABLE = {
        id: "aks.vm-size-immutable",
        statement: "A node pool's VM size can't change: add a pool with the new size, cordon and drain the old one, then delete it.",
        source: AKS_MANAGE_NODE_POOLS,
        error_code: None,
        fix: "The plan replaces the pool: add-pool, drain-pool, delete-pool.",
        severity: Severity::Info,
    },
    AKS_REPLACEMENT_SETTINGS = {
        id: "aks.replacement-pool-settings",
        statement: "A replacement pool (for a VM-size change) carries over the old pool's labels, taints, zones, OS SKU, max pods, subnets, Spot settings, autoscaler and mode; a setting the input does not show can't be carried over.",
        source: "https://learn.microsoft.com/azure/aks/resize-node-pool",
        error_code: None,
        fix: "Paste the pool's `az aks nodepool show -o json` (or the cluster's `az aks show -o json`) so the replacement keeps every setting.",
        severity: Severity::Warning,
    },
    AKS_POOL_ROOM = {
        id: "aks.max-agent-pools",
        statement: "A cluster holds at most maxAgentPools node pools: a replacement pool (for a VM-size change) needs room for one more.",
        source: "https://learn.microsoft.com/azure/aks/quotas-skus-regions",
        error_code: Some("InvalidParameter"),
        fix: "Delete an unused pool first, or change the VM size in place (az aks nodepool update --node-vm-size, in preview).",
        severity: Severity::Error,
    },
    AKS_AUTO_UPGRADE_CHANNEL = {
        id: "aks.auto-upgrade-channel",
        statement: "With an auto-upgrade channel other than none, a control-plane-only upgrade is refused.",
        source: "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster",
        error_code: Some("NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged"),
        fix: "Upgrade the whole cluster per hop (az aks upgrade without --control-plane-only), or set the channel to none first.",
        severity: Severity::Warning,
    },
    AKS_CP_ONLY_UNAVAILABLE = {
        id: "aks.control-plane-only-unavailable",
        statement: "Clusters with availability-set pools, or with maxAgentPools below 8, can't upgrade the control plane alone (az upgrades every pool with it); availability-set clusters can't run node-image-only upgrades either.",
        source: AKS_UPGRADE_NODE_POOLS,
        error_code: Some("OperationNotAllowed"),
        fix: "Upgrade the whole cluster per hop, or move workloads to scale-set pools.",
        severity: Severity::Warning,
    },
    AKS_NODE_IMAGE_ONLY_EXCLUSIVE = {
        id: "aks.node-image-only-exclusive",
        statement: "--node-image-only can't be combined with --kubernetes-version in one operation.",
        source: "https://learn.microsoft.com/azure/aks/node-image-upgrade",
        error_code: Some("InvalidParameter"),
        fix: "Upgrade the Kubernetes version and the node image in separate operations.",
        severity: Severity::Error,
    },
    AKS_SURGE_LIMIT = {
        id: "aks.surge-limit",
        statement: "Surge nodes per pool are ceil(maxSurge% × count) or the integer, and pool plus surge stays at or below 1000 nodes.",
        source: AKS_UPGRADE_CLUSTER,
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
    GKE_NODE_MINOR_WINDOW = {
        id: "gke.node-minor-window",
        statement: "A GKE node pool is at most two minor versions older than the control plane, and never newer.",
        source: "https://cloud.google.com/kubernetes-engine/versioning",
        error_code: None,
        fix: "Upgrade the node pool before the next control-plane upgrade pushes it out of the window.",
        severity: Severity::Error,
    },
    CAPI_ONE_MINOR = {
        id: "capi.control-plane-one-minor",
        statement: "The KubeadmControlPlane moves one minor version per change.",
        source: CAPI_UPGRADING,
        error_code: None,
        fix: "Change spec.version one minor at a time and wait for each rollout.",
        severity: Severity::Error,
    },
    CAPI_WORKERS_AFTER_CONTROL_PLANE = {
        id: "capi.workers-after-control-plane",
        statement: "Workers are updated only after the control plane runs the newer version.",
        source: CAPI_UPGRADING,
        error_code: None,
        fix: "Upgrade the KubeadmControlPlane first and wait for its rollout.",
        severity: Severity::Error,
    },
    CAPI_MID_ROLLOUT = {
        id: "capi.no-change-mid-rollout",
        statement: "No version change while the control plane or a MachineDeployment is rolling out (updatedReplicas < replicas).",
        source: CAPI_UPGRADING,
        error_code: None,
        fix: "Wait until status.updatedReplicas equals spec.replicas.",
        severity: Severity::Error,
    },
    CAPI_MACHINE_CREATION_SKEW = {
        id: "capi.machine-creation-skew",
        statement: "With the kubeadm bootstrap, a MachineDeployment whose minor differs from the control plane's can't create machines (scale up, remediation).",
        source: "https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#version-skew-policy",
        error_code: None,
        fix: "Bring the MachineDeployment to the control plane's minor soon after the control-plane upgrade.",
        severity: Severity::Warning,
    },
    CAPI_TEMPLATE_IMMUTABLE = {
        id: "capi.template-immutable",
        statement: "Infrastructure machine templates are immutable: a change is a new template plus a patch of infrastructureRef, in the same change as the version.",
        source: CAPI_TEMPLATES,
        error_code: None,
        fix: "Create a new template from the old one with the change, then point the MachineDeployment at it.",
        severity: Severity::Info,
    },
    CAPI_MACHINE_IMAGE = {
        id: "capi.machine-image-for-target",
        statement: "The machine image must be built for the target Kubernetes version.",
        source: "https://cluster-api.sigs.k8s.io/tasks/upgrading-clusters",
        error_code: None,
        fix: "Give the machine image built for the target version as a machine change (for an AMI, `clusterawsadm ami list --kubernetes-version` finds one).",
        severity: Severity::Warning,
    },
    CAPI_EKS_ANYWHERE = {
        id: "capi.eks-anywhere",
        statement: "An EKS Anywhere cluster (EKS Distro versions and images) is upgraded with eksctl anywhere, not by patching its Cluster API objects.",
        source: "https://anywhere.eks.amazonaws.com/docs/clustermgmt/cluster-upgrades/",
        error_code: None,
        fix: "Set the new kubernetesVersion in the EKS Anywhere cluster spec and run `eksctl anywhere upgrade cluster -f CLUSTER.yaml`.",
        severity: Severity::Error,
    },
    CAPI_VERSION_SUFFIX = {
        id: "capi.version-suffix",
        statement: "A version with a provider's build suffix (v1.31.4+rke2r1, v1.31.4+k3s1) names that provider's release; a patch must keep the suffix.",
        source: "https://github.com/rancher/rke2/releases",
        error_code: None,
        fix: "Give the target in the provider's form, with its suffix (for example --to v1.31.4+rke2r1).",
        severity: Severity::Error,
    },
    CAPI_TOPOLOGY_HELD = {
        id: "capi.topology-upgrade-held",
        statement: "The topology controller does not upgrade a worker topology annotated topology.cluster.x-k8s.io/defer-upgrade, nor one at or after a hold-upgrade-sequence annotation; the Cluster's upgrade does not finish, and its webhook refuses the next spec.topology.version change, until that worker is on the current version.",
        source: "https://cluster-api.sigs.k8s.io/reference/api/labels-and-annotations",
        error_code: None,
        fix: "Remove the annotation from the worker's entry in spec.topology.workers when it may be upgraded; the topology controller then upgrades it and the next version can be set.",
        severity: Severity::Error,
    },
    CAPI_DISTRIBUTION_HOPS = {
        id: "capi.distribution-hops",
        statement: "A distribution with its own release stream (RKE2, K3s, Tanzu Kubernetes releases) names each version in its own form; an intermediate minor can't be derived from upstream Kubernetes releases.",
        source: "https://kubernetes.io/releases/version-skew-policy/#supported-component-upgrade-order",
        error_code: None,
        fix: "Upgrade one minor at a time, giving each target in the distribution's form (for example v1.31.4+rke2r1, or a Tanzu Kubernetes release listed by `kubectl get tkr`).",
        severity: Severity::Error,
    },
    AKS_ENGINE_ONE_VERSION = {
        id: "aks-engine.one-version",
        statement: "An aks-engine cluster has one cluster-wide version (orchestratorProfile.orchestratorVersion).",
        source: AKS_ENGINE_UPGRADE,
        error_code: None,
        fix: "Upgrade the cluster with aks-engine upgrade; pools follow the cluster version.",
        severity: Severity::Warning,
    },
    AKS_ENGINE_UPDATE_VMSS_ONLY = {
        id: "aks-engine.update-vmss-only",
        statement: "aks-engine update only refreshes the VMSS model of a scale-set pool and is refused for availability-set pools.",
        source: AKS_ENGINE_UPDATE,
        error_code: None,
        fix: "Use aks-engine upgrade for availability-set pools.",
        severity: Severity::Error,
    },
    AKS_ENGINE_VMSS_MASTERS = {
        id: "aks-engine.vmss-masters-no-upgrade",
        statement: "A control plane on a VM scale set (masterProfile availabilityProfile VirtualMachineScaleSets) can't be upgraded by aks-engine.",
        source: AKS_ENGINE_UPGRADE,
        error_code: None,
        fix: "Build a new cluster at the target version and move workloads.",
        severity: Severity::Error,
    },
    AKS_ENGINE_MAX_VERSION = {
        id: "aks-engine.max-version",
        statement: "aks-engine supports Kubernetes up to 1.24; the Azure Stack Hub fork (aks-engine-azurestack) goes further.",
        source: "https://github.com/Azure/aks-engine-azurestack",
        error_code: None,
        fix: "Move to AKS or the aks-engine-azurestack fork for newer versions.",
        severity: Severity::Error,
    },
    VERSION_AVAILABLE = {
        id: "plan.version-available",
        statement: "Every version the plan moves to is offered: by the pasted version list, or else by the embedded catalog.",
        source: AKS_SUPPORTED_VERSIONS,
        error_code: Some("K8sVersionNotSupported"),
        fix: "Paste the region's current `az aks get-versions -o json`, or pick an offered target.",
        severity: Severity::Error,
    },
    VERSION_KNOWN = {
        id: "plan.control-plane-version-known",
        statement: "The control plane's current version is known (from the input, or given by the user); skew can't be judged without it.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Paste output that names it, or give the control-plane version.",
        severity: Severity::Error,
    },
    SIZE_LIMIT = {
        id: "plan.size-limit",
        statement: "A plan covers at most 1,000 pools: every step carries the complete version state, so larger inputs would not fit in a browser tab.",
        source: "https://learn.microsoft.com/azure/aks/quotas-skus-regions",
        error_code: None,
        fix: "Plan a part of the cluster at a time, or check it (the findings have no such limit).",
        severity: Severity::Error,
    },
    LEAVE_ALONE = {
        id: "plan.pool-left-alone",
        statement: "A pool the user asked to leave alone is not upgraded; the plan stops where that would break skew.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "Allow the pool to be upgraded, or pick a lower target.",
        severity: Severity::Error,
    },
    SELF_CHECK = {
        id: "plan.self-check",
        statement: "Every state a plan passes through is re-checked by the same skew and transition rules as the input; a plan that fails is not given.",
        source: SKEW_POLICY,
        error_code: None,
        fix: "This is a defect in Skewplan: report the input (without secrets) so it can be fixed.",
        severity: Severity::Error,
    },
    VERSION_DATA_STALE = {
        id: "plan.version-data-stale",
        statement: "A plan made from the embedded version data (no version list given) says so when that data is more than 90 days older than today: the provider may offer newer versions and may have withdrawn listed ones.",
        source: AKS_SUPPORTED_VERSIONS,
        error_code: None,
        fix: "Give a current version list: on AKS the cluster's `az aks get-upgrades -o json` (or the region's `az aks get-versions -o json`), elsewhere the versions the provider offers now.",
        severity: Severity::Warning,
    },
}
