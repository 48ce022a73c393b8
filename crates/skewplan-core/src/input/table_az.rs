//! `az aks … -o table`: each row becomes the object `-o json` holds for the
//! columns az prints (azure-cli `acs/_format.py` maps each column to one
//! field), read by the AKS readers. `az aks show` and `az aks nodepool list`
//! pasted together make one cluster, as `az aks show -o json` does.

use super::cursor::At;
use super::error::Diags;
use super::table::{Row, Synth, Table};
use super::table_kinds::Kind;
use super::{aks, aks_versions, Content, Format, ParseOptions};
use crate::path::FieldPath;
use serde_json::{json, Map, Value};

/// `az aks show|list -o table` columns and the fields they print.
const CLUSTER_COLUMNS: &[(&str, &str)] = &[
    ("Name", "name"),
    ("Location", "location"),
    ("ResourceGroup", "resourceGroup"),
    ("KubernetesVersion", "kubernetesVersion"),
    ("CurrentKubernetesVersion", "currentKubernetesVersion"),
    ("ProvisioningState", "provisioningState"),
    ("Fqdn", "fqdn"),
];

/// `az aks nodepool list -o table` columns: `KubernetesVersion` prints the
/// pool's `orchestratorVersion` (the version asked for).
const POOL_COLUMNS: &[(&str, &str)] = &[
    ("Name", "name"),
    ("OsType", "osType"),
    ("KubernetesVersion", "orchestratorVersion"),
    ("VmSize", "vmSize"),
    ("OsDiskSizeGB", "osDiskSizeGB"),
    ("Count", "count"),
    ("MaxPods", "maxPods"),
    ("ProvisioningState", "provisioningState"),
    ("Mode", "mode"),
];

/// The clusters, pools and upgrade profiles of the az tables.
pub(crate) fn read(tables: &[Table], options: &ParseOptions, diags: &mut Diags) -> Vec<Content> {
    let of = |kind: Kind| tables.iter().filter(move |t| t.kind == kind);
    let clusters: Vec<(&Table, &Row)> =
        of(Kind::AksClusters).flat_map(|t| t.rows.iter().map(move |r| (t, r))).collect();
    let pools: Vec<(&Table, &Row)> = of(Kind::AksNodePools).flat_map(|t| t.rows.iter().map(move |r| (t, r))).collect();
    let mut found = Vec::new();
    let mut synth = Synth::default();
    let mut scratch = Diags::default();
    if clusters.is_empty() && !pools.is_empty() {
        let list = Value::Array(
            pools.iter().enumerate().map(|(i, (t, r))| pool(t, r, &FieldPath::root().index(i), &mut synth)).collect(),
        );
        synth.at(FieldPath::root(), pools[0].0.place());
        if let Some(content) = aks::detect(&At::new(&list, FieldPath::root()), options, &mut scratch) {
            found.push(content);
        }
    } else if !clusters.is_empty() {
        let merged = clusters.len() == 1;
        let mut values = Vec::new();
        for (i, (t, r)) in clusters.iter().enumerate() {
            let root = FieldPath::root().index(i);
            let mut obj = object(t, r, &root, CLUSTER_COLUMNS, &mut synth);
            let list = root.key("agentPoolProfiles");
            synth.at(list.clone(), t.place());
            let profiles = if merged {
                pools.iter().enumerate().map(|(k, (pt, pr))| pool(pt, pr, &list.index(k), &mut synth)).collect()
            } else {
                Vec::new()
            };
            obj.insert("agentPoolProfiles".into(), Value::Array(profiles));
            values.push(Value::Object(obj));
        }
        let read: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(i, v)| aks::read_cluster(&At::new(v, FieldPath::root().index(i)), &mut scratch))
            .collect();
        let format = if merged { Format::AksCluster } else { Format::AksClusterList };
        found.push(Content::clusters(format, read));
    }
    for t in of(Kind::AksUpgrades) {
        for (i, r) in t.rows.iter().enumerate() {
            let root = FieldPath::document(i);
            let value = upgrades(t, r, &root, &mut synth);
            found.extend(aks_versions::detect(&At::new(&value, root), &mut scratch));
        }
    }
    for content in &mut found {
        synth.relocate_clusters(&mut content.clusters);
    }
    synth.relocate_diagnostics(scratch, diags);
    note(&clusters, &pools, diags);
    found
}

/// A row as the object az printed it from, for the columns shown.
fn object(t: &Table, row: &Row, root: &FieldPath, columns: &[(&str, &str)], synth: &mut Synth) -> Map<String, Value> {
    let mut obj = Map::new();
    synth.at(root.clone(), FieldPath::place(row.line, 1, ""));
    for (header, key) in columns {
        if let Some((v, at)) = t.cell(row, header) {
            let value = (!v.is_empty()).then(|| v.parse::<u64>().map_or_else(|_| json!(v), |n| json!(n)));
            let value =
                if key.ends_with("ersion") || *key == "name" { (!v.is_empty()).then(|| json!(v)) } else { value };
            synth.put(&mut obj, root, &[key], value, &at);
        }
    }
    obj
}

fn pool(t: &Table, row: &Row, root: &FieldPath, synth: &mut Synth) -> Value {
    Value::Object(object(t, row, root, POOL_COLUMNS, synth))
}

/// `MasterVersion` and `Upgrades` (`1.30.5, 1.31.1(preview)` or `None
/// available`) as an upgrade profile's `controlPlaneProfile`.
fn upgrades(t: &Table, row: &Row, root: &FieldPath, synth: &mut Synth) -> Value {
    let profile = root.key("controlPlaneProfile");
    let mut cpp = Map::new();
    if let Some((v, at)) = t.cell(row, "MasterVersion") {
        let known = !v.is_empty() && v != "unknown";
        synth.put(&mut cpp, &profile, &["kubernetesVersion"], known.then(|| json!(v)), &at);
    }
    let mut list = Vec::new();
    if let Some((v, at)) = t.cell(row, "Upgrades") {
        for (k, u) in v.split(',').map(str::trim).filter(|u| !u.is_empty() && *u != "None available").enumerate() {
            let (version, preview) = match u.strip_suffix("(preview)") {
                Some(v) => (v.trim(), true),
                None => (u, false),
            };
            synth.at(profile.key("upgrades").index(k).key("kubernetesVersion"), at.clone());
            list.push(json!({"kubernetesVersion": version, "isPreview": preview}));
        }
    }
    cpp.insert("upgrades".into(), Value::Array(list));
    json!({ "controlPlaneProfile": cpp })
}

/// What the tables could not show.
fn note(clusters: &[(&Table, &Row)], pools: &[(&Table, &Row)], diags: &mut Diags) {
    if !pools.is_empty() {
        diags.not_shown.push(
            "read from `az aks nodepool list -o table`, which shows each pool's requested version (KubernetesVersion), not the version its nodes run, and not its power state (a stopped pool), surge, autoscaler, node image, labels, taints or zones: the plan takes the requested version as running; give the surge in the Max surge field (`--max-surge`), or paste `-o json` for the rest".into(),
        );
    }
    if !clusters.is_empty() {
        let pools_known = clusters.len() == 1 && !pools.is_empty();
        let advice = if pools_known {
            ""
        } else {
            "; paste `az aks nodepool list -o table` with it (or `az aks show -o json`) to plan the node pools too"
        };
        diags.not_shown.push(format!("read from `az aks show -o table`, which shows the control plane's version and provisioning state, not its power state (a stopped cluster) or the cluster's upgrade settings (auto-upgrade channel, node OS channel, maintenance windows){advice}"));
        if clusters.len() > 1 && !pools.is_empty() {
            diags.warn(&pools[0].0.place(), "the node pools can't be matched to one of several clusters; paste one cluster's `az aks show -o table` with them");
        }
    }
}
