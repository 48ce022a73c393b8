//! Every numeric limit the rules and the planner use, named once with the
//! public document it comes from.

/// A kubelet may trail kube-apiserver by at most this many minors when the
/// kubelet is 1.25 or newer.
/// See <https://kubernetes.io/releases/version-skew-policy/#kubelet>.
pub const MAX_KUBELET_MINOR_SKEW: u64 = 3;

/// A kubelet older than [`KUBELET_WIDE_SKEW_FROM_MINOR`] may trail
/// kube-apiserver by at most this many minors.
/// See <https://kubernetes.io/releases/version-skew-policy/#kubelet>.
pub const MAX_OLD_KUBELET_MINOR_SKEW: u64 = 2;

/// The kubelet minor from which [`MAX_KUBELET_MINOR_SKEW`] applies.
/// See <https://kubernetes.io/releases/version-skew-policy/#kubelet>.
pub const KUBELET_WIDE_SKEW_FROM_MINOR: u64 = 25;

/// Instances of a highly available kube-apiserver are at most this many
/// minors apart; kube-apiserver moves at most this many minors at a time.
/// See <https://kubernetes.io/releases/version-skew-policy/#kube-apiserver>.
pub const MAX_APISERVER_MINOR_SKEW: u64 = 1;

/// AKS: node pools may trail a control plane below 1.28 by this many minors
/// (and any control plane under the `aks-conservative` policy).
/// See <https://learn.microsoft.com/azure/aks/upgrade-node-pools>.
pub const AKS_POOL_MINOR_WINDOW: u64 = 2;

/// AKS (the `aks` policy): from a control plane at
/// [`AKS_WIDE_WINDOW_FROM_MINOR`] on, pools may trail it by this many minors
/// ("Starting with Kubernetes 1.28, the control plane can be up to three minor
/// versions ahead of node pools"; the AKS FAQ in supported-kubernetes-versions
/// says the same).
/// See <https://learn.microsoft.com/azure/aks/upgrade-aks-control-plane>.
pub const AKS_WIDE_POOL_MINOR_WINDOW: u64 = 3;

/// The control-plane minor from which [`AKS_WIDE_POOL_MINOR_WINDOW`] applies.
/// See <https://learn.microsoft.com/azure/aks/upgrade-aks-control-plane>.
pub const AKS_WIDE_WINDOW_FROM_MINOR: u64 = 28;

/// AKS: a cluster whose `maxAgentPools` is below this (a legacy cluster)
/// can't upgrade its control plane alone: `az aks upgrade --control-plane-only`
/// upgrades every pool too (azure-cli `acs/custom.py`, `aks_upgrade`).
/// See <https://learn.microsoft.com/cli/azure/aks#az-aks-upgrade>.
pub const AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY: u64 = 8;

/// AKS: a node pool plus its surge nodes holds at most this many nodes.
/// See <https://learn.microsoft.com/azure/aks/upgrade-cluster#customize-node-surge-upgrade>.
pub const AKS_MAX_NODES_PER_POOL: u64 = 1_000;

/// The newest Kubernetes minor aks-engine supports; past it only the Azure
/// Stack Hub fork, aks-engine-azurestack, goes on.
/// See <https://github.com/Azure/aks-engine/blob/master/docs/topics/upgrade.md>
/// and <https://github.com/Azure/aks-engine-azurestack>.
pub const AKS_ENGINE_NEWEST_MINOR: u64 = 24;

/// The Kubernetes versions aks-engine (v0.79.0, its last release) upgrades an
/// Azure Stack Hub cluster to: the entries marked `true` in
/// `AllKubernetesSupportedVersionsAzureStack` (and its Windows twin, which marks
/// the same two), `pkg/api/common/versions.go`. `aks-engine upgrade` accepts only
/// those (`pkg/api/orchestrators.go`, `kubernetesUpgrades` lists
/// `GetAllSupportedKubernetesVersions(false, ...)`; `cmd/upgrade.go`,
/// `validateTargetVersion`, refuses others without `--force`).
/// See <https://github.com/Azure/aks-engine/blob/master/pkg/api/common/versions.go>.
pub const AKS_ENGINE_AZURE_STACK_VERSIONS: &[&str] = &["1.23.15", "1.24.9"];

/// The Kubernetes versions aks-engine-azurestack, the Azure Stack Hub fork that
/// goes past 1.24, upgrades a cluster to: the entries marked `true` in its
/// `AllKubernetesSupportedVersionsAzureStack` (the Windows list and the
/// public-cloud list mark the same three), `pkg/api/common/versions.go` at
/// commit ff9dfe93 (2026-08-18); `aks-engine-azurestack upgrade` accepts only
/// those (`cmd/upgrade.go`, `validateTargetVersion`).
/// See <https://github.com/Azure/aks-engine-azurestack/blob/master/pkg/api/common/versions.go>.
pub const AKS_ENGINE_AZURESTACK_FORK_VERSIONS: &[&str] = &["1.33.10", "1.34.4", "1.35.0"];

/// GKE: "Nodes and node pool versions can be up to two minor versions older
/// than the control plane, but cannot be newer than the control plane version"
/// (GKE versioning and support).
/// See <https://cloud.google.com/kubernetes-engine/versioning>.
pub const GKE_NODE_MINOR_WINDOW: u64 = 2;

/// The most pools one plan covers: every step carries the complete version
/// state, so a larger plan would not fit in a browser tab (AKS itself allows
/// 100 pools per cluster,
/// <https://learn.microsoft.com/azure/aks/quotas-skus-regions>).
pub const MAX_PLANNED_POOLS: usize = 1_000;
