//! Provider facts that both the rules (as findings) and the planner (as the
//! reason for a choice or a stop) rely on, each decided in one place.

use super::limits::{
    AKS_ENGINE_AZURESTACK_FORK_VERSIONS, AKS_ENGINE_AZURE_STACK_VERSIONS, AKS_ENGINE_NEWEST_MINOR,
    AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY,
};
use super::{Rule, AKS_AUTO_UPGRADE_CHANNEL, AKS_CP_ONLY_UNAVAILABLE};
use crate::model::{Availability, Cluster, PoolDetails, Provider};

/// Why AKS refuses to upgrade this cluster's control plane alone, so every
/// hop must upgrade the whole cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ControlPlaneOnlyBlocker {
    /// An auto-upgrade channel other than `none`.
    /// <https://learn.microsoft.com/azure/aks/auto-upgrade-cluster>
    AutoUpgradeChannel(String),
    /// Availability-set pools, by name.
    /// <https://learn.microsoft.com/azure/aks/upgrade-node-pools>
    AvailabilitySets(Vec<String>),
    /// `maxAgentPools` below [`AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY`].
    FewAgentPools(u64),
}

impl ControlPlaneOnlyBlocker {
    pub(crate) fn rule(&self) -> &'static Rule {
        match self {
            ControlPlaneOnlyBlocker::AutoUpgradeChannel(_) => &AKS_AUTO_UPGRADE_CHANNEL,
            _ => &AKS_CP_ONLY_UNAVAILABLE,
        }
    }

    /// AKS refuses node-image-only upgrades for the same reason (availability
    /// sets only: azure-cli `acs/custom.py` refuses them for "AvailabilitySet"
    /// clusters; `maxAgentPools` only forces the all-pools upgrade).
    pub(crate) fn rules_out_node_image_only(&self) -> bool {
        matches!(self, ControlPlaneOnlyBlocker::AvailabilitySets(_))
    }

    /// What `check` says about it.
    pub(crate) fn finding_message(&self) -> String {
        match self {
            ControlPlaneOnlyBlocker::AutoUpgradeChannel(ch) => format!(
                "auto-upgrade channel `{ch}`: control-plane-only upgrades are refused, so each hop upgrades the whole cluster"
            ),
            ControlPlaneOnlyBlocker::AvailabilitySets(names) => format!(
                "availability-set pool(s) {}: control-plane-only and node-image-only upgrades are not possible",
                names.join(", ")
            ),
            ControlPlaneOnlyBlocker::FewAgentPools(n) => format!(
                "maxAgentPools is {n} (below {AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY}): a control-plane-only upgrade upgrades every pool too, so each hop upgrades the whole cluster"
            ),
        }
    }

    /// Why the planner upgrades the whole cluster per hop.
    pub(crate) fn plan_reason(&self) -> String {
        match self {
            ControlPlaneOnlyBlocker::AutoUpgradeChannel(ch) => {
                format!("auto-upgrade channel `{ch}` refuses control-plane-only upgrades")
            }
            ControlPlaneOnlyBlocker::AvailabilitySets(_) => {
                "availability-set pools rule out control-plane-only upgrades".into()
            }
            ControlPlaneOnlyBlocker::FewAgentPools(_) => format!(
                "maxAgentPools below {AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY} rules out control-plane-only upgrades"
            ),
        }
    }
}

/// Everything that rules out a control-plane-only upgrade on AKS, most
/// telling first (an availability set makes `maxAgentPools` moot).
pub(crate) fn control_plane_only_blockers(cluster: &Cluster) -> Vec<ControlPlaneOnlyBlocker> {
    let settings = cluster.aks_settings().cloned().unwrap_or_default();
    let mut out = Vec::new();
    if let Some(ch) = settings.upgrade_channel.filter(|c| !c.eq_ignore_ascii_case("none")) {
        out.push(ControlPlaneOnlyBlocker::AutoUpgradeChannel(ch));
    }
    let avset: Vec<String> = cluster
        .pools
        .iter()
        .filter(|p| matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. }))
        .map(|p| p.name.clone())
        .collect();
    if !avset.is_empty() {
        out.push(ControlPlaneOnlyBlocker::AvailabilitySets(avset));
    } else if let Some(n) = settings.max_agent_pools.filter(|n| *n < AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY) {
        out.push(ControlPlaneOnlyBlocker::FewAgentPools(n));
    }
    out
}

/// aks-engine can't upgrade masters that run in a VM scale set.
/// <https://github.com/Azure/aks-engine/blob/master/docs/topics/upgrade.md>
pub(crate) fn aks_engine_masters_on_scale_set(cluster: &Cluster) -> bool {
    cluster.provider == Provider::AksEngine
        && cluster.control_plane.availability() == Some(Availability::VirtualMachineScaleSets)
}

/// The newest minor this aks-engine cluster can reach: aks-engine's limit,
/// unless the cluster is already past it (it then runs the Azure Stack Hub
/// fork, which goes as far as its allow-list, [`aks_engine_allow_list`]).
pub(crate) fn aks_engine_limit(cluster: &Cluster) -> Option<u64> {
    let cp = cluster.control_plane.version.as_ref()?;
    (cluster.provider == Provider::AksEngine && cp.minor() <= AKS_ENGINE_NEWEST_MINOR)
        .then_some(AKS_ENGINE_NEWEST_MINOR)
}

/// An aks-engine cluster past 1.24 runs the Azure Stack Hub fork,
/// aks-engine-azurestack (aks-engine itself stops at 1.24).
/// <https://github.com/Azure/aks-engine-azurestack>
pub(crate) fn aks_engine_fork(cluster: &Cluster) -> bool {
    cluster.provider == Provider::AksEngine
        && cluster.control_plane.version.as_ref().is_some_and(|v| v.minor() > AKS_ENGINE_NEWEST_MINOR)
}

/// The versions aks-engine itself allows this cluster to be upgraded to, when
/// it keeps a list of its own (Azure Stack Hub, and the fork past 1.24), and
/// what that list is called.
pub(crate) fn aks_engine_allow_list(cluster: &Cluster) -> Option<(&'static [&'static str], &'static str)> {
    if aks_engine_fork(cluster) {
        return Some((
            AKS_ENGINE_AZURESTACK_FORK_VERSIONS,
            "aks-engine-azurestack's allow-list (versions.go at ff9dfe93, 2026-08-18)",
        ));
    }
    if cluster.provider != Provider::AksEngine || cluster.azure_stack().is_none() {
        return None;
    }
    Some((
        AKS_ENGINE_AZURE_STACK_VERSIONS,
        "aks-engine's Azure Stack Hub allow-list (AllKubernetesSupportedVersionsAzureStack, v0.79.0)",
    ))
}
