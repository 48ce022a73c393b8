//! The rules about workloads: removed and deprecated APIs per hop,
//! and disruption budgets that stall node drains. Declared with the same
//! `rules!` macro; listed in `WORKLOAD_REGISTRY`.

use super::{Registered, Rule};
use crate::severity::Severity;

// Without the trailing slash (the page answers both ways).
const DEPRECATION_GUIDE: &str = "https://kubernetes.io/docs/reference/using-api/deprecation-guide";
const AKS_API_GATE: &str = "https://learn.microsoft.com/azure/aks/stop-cluster-upgrade-api-breaking-changes";

rules! {
    WORKLOAD_REGISTRY;
    WORKLOADS_API_REMOVED = {
        id: "workloads.api-removed",
        statement: "No object or client uses an API version that the next control-plane minor stops serving: the hop to that minor waits until they are migrated.",
        source: DEPRECATION_GUIDE,
        error_code: None,
        fix: "Migrate the manifest (and its Helm chart) to the replacement apiVersion and apply it, and update clients that call the old API (`kubectl convert`, helm-mapkubeapis for Helm releases); then plan again.",
        severity: Severity::Error,
    },
    WORKLOADS_API_DEPRECATED = {
        id: "workloads.api-deprecated",
        statement: "An object on a deprecated API version is still served through the plan's target, but a later minor removes it.",
        source: DEPRECATION_GUIDE,
        error_code: None,
        fix: "Move the manifest to the replacement apiVersion before the minor that removes it.",
        severity: Severity::Warning,
    },
    WORKLOADS_PDB_BLOCKS_DRAIN = {
        id: "workloads.pdb-blocks-drain",
        statement: "A PodDisruptionBudget that allows 0 disruptions makes every eviction of its pods fail, so a node drain that meets one never finishes.",
        source: "https://kubernetes.io/docs/tasks/run-application/configure-pdb",
        error_code: None,
        fix: "Before the pool steps, let the budget allow one disruption: scale the workload above minAvailable, or set maxUnavailable to 1 (a percentage that rounds to at least one pod).",
        severity: Severity::Warning,
    },
    AKS_PDB_DRAIN_FAILURE = {
        id: "aks.pdb-drain-failure",
        statement: "AKS fails a node-pool upgrade whose node drain is refused by a PodDisruptionBudget (eviction answered 429 Too Many Requests); the pool is left in the Failed state.",
        source: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/create-upgrade-delete/error-code-poddrainfailure",
        error_code: Some("UpgradeFailed"),
        fix: "Before the pool steps, let the budget allow one disruption (more replicas than minAvailable, or maxUnavailable 1), then upgrade; after a failure, fix the budget and run the same upgrade again.",
        severity: Severity::Warning,
    },
    AKS_PDB_MAX_UNAVAILABLE_ZERO = {
        id: "aks.pdb-max-unavailable-zero",
        statement: "Before an upgrade, AKS refuses to start when a PodDisruptionBudget has maxUnavailable 0.",
        source: "https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/unsatisfiablepdb-error",
        error_code: Some("UnsatisfiablePDB"),
        fix: "Set the budget's maxUnavailable to 1 or more (or use minAvailable below the replica count) before the upgrade.",
        severity: Severity::Error,
    },
    AKS_DEPRECATED_API_GATE = {
        id: "aks.deprecated-api-gate",
        statement: "From Kubernetes 1.26, AKS stops a control-plane minor upgrade when an API that the target minor removes was called in the last 12 hours (error ValidationError, subcode UpgradeBlockedOnDeprecatedAPIUsage).",
        source: AKS_API_GATE,
        error_code: Some("UpgradeBlockedOnDeprecatedAPIUsage"),
        fix: "Migrate the callers and wait until AKS has seen no call for 12 hours, or override the gate until a time: `az aks update -g RG -n NAME --enable-force-upgrade --upgrade-override-until 2026-12-03T18:00:00Z` (skewplan plan --force-upgrade-until adds the flags to each upgrade); calls to the removed API then fail.",
        severity: Severity::Warning,
    },
}
