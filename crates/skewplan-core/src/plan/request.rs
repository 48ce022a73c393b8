//! What a plan is asked for: target, policy, strategy, versions and options.

use crate::catalog::Date;
use crate::model::{MaxSurge, VersionList};
use crate::rules::Policy;
use crate::version::{KubeVersion, Precision};
use serde::Serialize;
use std::collections::BTreeSet;
use std::str::FromStr;

/// How pools follow the control plane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Upgrade a pool only when the next control-plane hop would push it out
    /// of the window, then straight to the highest version allowed.
    #[default]
    FewestReimages,
    /// After each control-plane hop, every pool follows.
    Lockstep,
    /// Every control-plane hop first, then each pool once.
    ControlPlaneFirst,
}

crate::named::named!(Strategy {
    FewestReimages => "fewest-reimages",
    Lockstep => "lockstep",
    ControlPlaneFirst => "control-plane-first",
});

impl FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Strategy, String> {
        Strategy::from_id(s).ok_or_else(|| format!("unknown strategy `{s}`: use {}", Strategy::ids()))
    }
}

/// Where to go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The newest version the policy and the version list allow.
    #[default]
    Latest,
    Version(KubeVersion),
    /// A minor as people type it (`1.31`): its newest allowed patch.
    NewestOf(KubeVersion),
}

/// `latest` (or nothing) for the newest allowed, `MAJOR.MINOR` for the newest
/// allowed patch of that minor, else a version.
impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Target, String> {
        match s.trim() {
            "" | "latest" => Ok(Target::Latest),
            v => match KubeVersion::parse_with(v, Precision::MinorAllowed) {
                Ok(minor) if minor.patch().is_none() && !minor.is_prerelease() => Ok(Target::NewestOf(minor)),
                _ => KubeVersion::parse(v).map(Target::Version).map_err(|e| e.to_string()),
            },
        }
    }
}

/// A machine change for one pool (VM size on AKS, instance type or image on
/// Cluster API).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MachineChange {
    pub pool: String,
    pub machine_size: Option<String>,
    pub machine_image: Option<String>,
}

/// The name that gives a Cluster API control plane's machine change, besides
/// the name of its control-plane object (`--machine-image control-plane=…`).
pub const CONTROL_PLANE_MACHINES: &str = "control-plane";

impl MachineChange {
    /// The machine change of `cluster`'s Cluster API control plane, named
    /// by its control-plane object or by [`CONTROL_PLANE_MACHINES`].
    pub fn for_control_plane<'a>(
        cluster: &crate::model::Cluster,
        changes: &'a [MachineChange],
    ) -> Option<&'a MachineChange> {
        let object = cluster.control_plane.cluster_api_object()?;
        changes.iter().find(|m| m.pool == object.name || m.pool == CONTROL_PLANE_MACHINES)
    }
}

/// When AKS may go ahead with an upgrade although deprecated APIs were used
/// (`az aks upgrade --enable-force-upgrade --upgrade-override-until`): an RFC
/// 3339 date and time such as `2026-12-03T18:00:00Z`.
/// <https://learn.microsoft.com/azure/aks/stop-cluster-upgrade-api-breaking-changes>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpgradeOverrideUntil(String);

impl UpgradeOverrideUntil {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for UpgradeOverrideUntil {
    type Err = String;

    fn from_str(s: &str) -> Result<UpgradeOverrideUntil, String> {
        let t = s.trim();
        let digits = |r: std::ops::Range<usize>| t.get(r).is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
        let zone = t.get(19..).map(|z| z.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()));
        let zone_ok = zone.is_some_and(|z| {
            z == "Z" || (z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) && &z[3..4] == ":")
        });
        let shape = t.len() >= 20
            && digits(0..4)
            && &t[4..5] == "-"
            && digits(5..7)
            && &t[7..8] == "-"
            && digits(8..10)
            && &t[10..11] == "T"
            && digits(11..13)
            && &t[13..14] == ":"
            && digits(14..16)
            && &t[16..17] == ":"
            && digits(17..19);
        if shape && zone_ok {
            Ok(UpgradeOverrideUntil(t.to_string()))
        } else {
            Err(format!("`{s}` is not a date and time: use RFC 3339 such as 2026-12-03T18:00:00Z"))
        }
    }
}

/// Minutes to replace one node when the request does not say.
pub const DEFAULT_MINUTES_PER_NODE: u64 = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    /// Overrides every pool's max surge.
    pub max_surge: Option<MaxSurge>,
    /// Minutes to replace one node (drain, reimage, ready).
    pub minutes_per_node: u64,
    /// Machine size and image changes asked for, per pool or control plane.
    pub machine_changes: Vec<MachineChange>,
    /// Also upgrade node images of pools the plan does not reimage.
    pub node_image_upgrade: bool,
    /// aks-engine: upgrade the whole cluster per hop (`aks-engine upgrade`
    /// without `--control-plane-only`). By default each hop upgrades the
    /// control plane alone and the pools follow by `aks-engine update` and a
    /// node roll, as aks-engine's upgrade guide recommends.
    pub aks_engine_whole_cluster: bool,
    /// Pools the plan must not touch.
    pub leave_alone: BTreeSet<String>,
    /// AKS: upgrade although deprecated APIs were used, until this time.
    pub force_upgrade_until: Option<UpgradeOverrideUntil>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            max_surge: None,
            minutes_per_node: DEFAULT_MINUTES_PER_NODE,
            node_image_upgrade: false,
            leave_alone: BTreeSet::new(),
            machine_changes: Vec::new(),
            aks_engine_whole_cluster: false,
            force_upgrade_until: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanRequest {
    pub target: Target,
    /// `None`: the policy that fits the provider.
    pub policy: Option<Policy>,
    pub strategy: Strategy,
    /// A pasted version list; `None`: the embedded catalog.
    pub versions: Option<VersionList>,
    pub options: PlanOptions,
    /// Today's date, from the front end (the core reads no clock). When the
    /// plan uses embedded version data older than
    /// [`STALE_AFTER_DAYS`](crate::catalog::STALE_AFTER_DAYS) on this day, it
    /// carries a `plan.version-data-stale` warning. `None`: no such check.
    pub today: Option<Date>,
    /// The workloads to keep working (`--workloads`): every hop that would
    /// stop serving an API they use is blocked. Empty: no such check.
    pub workloads: crate::workloads::Workloads,
}
