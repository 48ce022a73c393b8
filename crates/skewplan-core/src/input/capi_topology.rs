//! The managed topology of a Cluster API Cluster (ClusterClass): its worker
//! topologies (`spec.topology.workers.machineDeployments[]` and
//! `machinePools[]`), the annotations that hold their upgrade back, the
//! Cluster's upgrade concurrency, and the pasted ClusterClass's
//! `spec.kubernetesVersions` (chained upgrades, Cluster API v1.12+).
//!
//! Sources: the annotations in
//! <https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/common_types.go>
//! (read by `exp/topology/desiredstate/desired_state.go`); the class's
//! versions in
//! <https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/clusterclass_types.go>
//! and
//! <https://github.com/kubernetes-sigs/cluster-api/blob/main/docs/proposals/20250513-chained-and-efficient-upgrades-for-clusters-with-managed-topologies.md>.

use super::cursor::At;
use super::error::Diags;
use crate::model::{HeldWorker, Pool, TopologyUpgrade};
use crate::version::{KubeVersion, Precision};

pub(super) const DEFER: &str = "topology.cluster.x-k8s.io/defer-upgrade";
pub(super) const HOLD: &str = "topology.cluster.x-k8s.io/hold-upgrade-sequence";
const CONCURRENCY: &str = "topology.cluster.x-k8s.io/upgrade-concurrency";

/// The label that names a topology-owned worker object's topology.
pub(super) fn topology_label(kind: &str) -> &'static str {
    if kind == "MachinePool" {
        "topology.cluster.x-k8s.io/pool-name"
    } else {
        "topology.cluster.x-k8s.io/deployment-name"
    }
}

/// A topology-owned worker object in the input: its kind, its topology's
/// name and its pool's name.
pub(super) struct Shown {
    pub(super) kind: String,
    pub(super) topology: String,
    pub(super) pool: String,
}

/// Adds the worker topologies whose objects are not in the input to
/// `pools` (at the topology's version) and reads how the topology
/// controller will upgrade them.
pub(super) fn read(
    cluster: &At,
    objects: &[At],
    shown: &[Shown],
    version: Option<&KubeVersion>,
    pools: &mut Vec<Pool>,
    diags: &mut Diags,
) -> TopologyUpgrade {
    let (mut held, mut machine_pools) = (Vec::new(), Vec::new());
    for (list, kind) in [("machineDeployments", "MachineDeployment"), ("machinePools", "MachinePool")] {
        let Some(workers) = cluster.dig(&["spec", "topology", "workers", list]) else { continue };
        // hold-upgrade-sequence holds its worker and every later one of
        // the same list.
        let mut holding: Option<String> = None;
        for w in workers.items(diags) {
            let name = w.opt_str("name", diags).unwrap_or_default().to_string();
            let has = |key: &str| w.dig(&["metadata", "annotations", key]).is_some();
            let pool = match shown.iter().find(|s| s.kind == kind && s.topology == name) {
                Some(s) => s.pool.clone(),
                None => {
                    let count = w.opt_count("replicas", diags);
                    pools.push(Pool { version: version.cloned(), count, ..Pool::new(name.clone(), w.path.clone()) });
                    name.clone()
                }
            };
            if kind == "MachinePool" {
                machine_pools.push(pool.clone());
            }
            if w.has("version") {
                diags.warn(
                    &w.path.key("version"),
                    "Cluster API's worker topologies have no version field (through v1.14); every worker follows spec.topology.version, so this one is planned with the Cluster",
                );
            }
            if holding.is_none() && has(HOLD) {
                holding = Some(name.clone());
            }
            let why = if has(DEFER) {
                Some(format!("`{DEFER}` on `{name}`"))
            } else {
                holding.as_ref().map(|h| format!("`{HOLD}` on `{h}`"))
            };
            held.extend(why.map(|why| HeldWorker { pool, why }));
        }
    }
    let (class, class_versions, upgrade_plan_extension, class_in_input) = class_of(cluster, objects, diags);
    let concurrency = concurrency(cluster, diags);
    let version_variables = version_variables(cluster, version, diags);
    TopologyUpgrade {
        class,
        class_versions,
        class_in_input,
        version_variables,
        upgrade_plan_extension,
        concurrency,
        machine_pools,
        held,
    }
}

fn concurrency(cluster: &At, diags: &mut Diags) -> Option<u64> {
    let node = cluster.dig(&["metadata", "annotations", CONCURRENCY])?;
    let parsed = node.value.as_str().and_then(|s| s.parse::<u64>().ok()).filter(|n| *n >= 1);
    if parsed.is_none() {
        diags.warn(
            &node.path,
            "the upgrade concurrency must be a whole number of at least 1 (Cluster API's webhook refuses anything else); it is ignored",
        );
    }
    parsed
}

type Class = (Option<String>, Vec<String>, Option<String>, bool);

/// The Cluster's class name, and its ClusterClass's versions and upgrade
/// plan extension when the ClusterClass is in the input.
fn class_of(cluster: &At, objects: &[At], diags: &mut Diags) -> Class {
    let topology = cluster.dig(&["spec", "topology"]);
    let name = topology
        .as_ref()
        .and_then(|t| t.text("class").or_else(|| t.dig(&["classRef", "name"]).and_then(|n| n.value.as_str())))
        .map(str::to_string);
    let Some(class) = name.as_deref().and_then(|n| {
        objects.iter().find(|o| {
            o.text("kind") == Some("ClusterClass")
                && o.dig(&["metadata", "name"]).and_then(|m| m.value.as_str()) == Some(n)
        })
    }) else {
        return (name, Vec::new(), None, false);
    };
    let mut versions = Vec::new();
    if let Some(list) = class.dig(&["spec", "kubernetesVersions"]) {
        for item in list.items(diags) {
            // Each must be a version; the list is ordered (the ClusterClass
            // webhook checks it), so it is kept as written.
            if let (Some(text), Some(_)) = (item.value.as_str(), item.version(Precision::Patch, diags)) {
                versions.push(text.to_string());
            }
        }
    }
    let extension = class
        .dig(&["spec", "upgrade", "external", "generateUpgradePlanExtension"])
        .and_then(|e| e.value.as_str())
        .filter(|e| !e.is_empty())
        .map(str::to_string);
    (name, versions, extension, true)
}

/// The topology variables with a text naming `version` (`1.29.2`): machine
/// images and the like that the ClusterClass's patches write into the
/// templates, and that must name the new version after an upgrade.
fn version_variables(cluster: &At, version: Option<&KubeVersion>, diags: &mut Diags) -> Vec<(String, String)> {
    let (Some(vars), Some(v)) = (cluster.dig(&["spec", "topology", "variables"]), version) else { return Vec::new() };
    let needle = v.to_string();
    let mut found = Vec::new();
    for var in vars.items(diags) {
        let name = var.text("name").unwrap_or_default().to_string();
        let mut texts = Vec::new();
        strings(&var.value.get("value").cloned().unwrap_or_default(), &mut texts);
        if let Some(t) = texts.into_iter().find(|t| t.contains(&needle)) {
            found.push((name, t));
        }
    }
    found
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}
