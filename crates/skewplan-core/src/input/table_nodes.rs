//! `kubectl get nodes` tables: each row becomes the node object `-o json`
//! would show for the columns printed, read by the node-list reader.
//! A node's pool comes from a pool label (`--show-labels`, or a `-L` column),
//! else from an AKS node name (`aks-<pool>-<id>-vmss<n>`, Windows
//! `aks<pool><n>`), else from a GKE node name, which joins the cluster's and
//! the pool's names (`gke-<cluster>-<pool>-<group>-<n>`).

use super::cursor::At;
use super::error::Diags;
use super::table::{Row, Synth, Table};
use super::{kubernetes, Content, Format, ParseOptions};
use crate::path::FieldPath;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// `-L KEY` columns (the key's last segment in capitals) and the label each
/// stands for.
const LABEL_COLUMNS: &[(&str, &str)] = &[
    ("AGENTPOOL", "kubernetes.azure.com/agentpool"),
    ("NODEGROUP", "eks.amazonaws.com/nodegroup"),
    ("GKE-NODEPOOL", "cloud.google.com/gke-nodepool"),
    ("DEPLOYMENT-NAME", "cluster.x-k8s.io/deployment-name"),
    ("NODEPOOL", "karpenter.sh/nodepool"),
    ("MODE", "kubernetes.azure.com/mode"),
    ("INSTANCE-TYPE", "node.kubernetes.io/instance-type"),
];

/// Pools told from node names, by the pattern they were read with.
#[derive(Default)]
struct FromNames {
    aks: BTreeSet<String>,
    gke: BTreeSet<String>,
    unnamed: Vec<String>,
}

pub(crate) fn read(tables: &[&Table], options: &ParseOptions, diags: &mut Diags) -> Content {
    let mut synth = Synth::default();
    let mut values = Vec::new();
    let mut names = FromNames::default();
    for t in tables {
        for row in &t.rows {
            let root = FieldPath::root().index(values.len());
            values.push(node(t, row, &root, &mut synth, &mut names));
        }
    }
    let nodes: Vec<At> = values.iter().enumerate().map(|(i, v)| At::new(v, FieldPath::root().index(i))).collect();
    let mut scratch = Diags::default();
    let mut cluster = kubernetes::read_nodes(&nodes, options, &mut scratch);
    synth.relocate_diagnostics(scratch, diags);
    synth.relocate_clusters(std::slice::from_mut(&mut cluster));
    let control_plane_shown = !cluster.control_plane.instance_versions.is_empty();
    note(tables[0], &names, control_plane_shown, diags);
    Content::clusters(Format::KubectlNodes, vec![cluster])
}

fn node(t: &Table, row: &Row, root: &FieldPath, synth: &mut Synth, names: &mut FromNames) -> Value {
    let mut obj = Map::new();
    obj.insert("kind".into(), json!("Node"));
    synth.at(root.clone(), FieldPath::place(row.line, 1, "NAME"));
    let text = |v: &str| (!v.is_empty() && v != "<none>" && v != "<unknown>").then(|| json!(v));
    let mut name = String::new();
    if let Some((v, at)) = t.cell(row, "NAME") {
        name = v.to_string();
        synth.put(&mut obj, root, &["metadata", "name"], text(v), &at);
    }
    if let Some((v, at)) = t.cell(row, "VERSION") {
        synth.put(&mut obj, root, &["status", "nodeInfo", "kubeletVersion"], text(v), &at);
    }
    if let Some((v, at)) = t.cell(row, "OS-IMAGE") {
        synth.put(&mut obj, root, &["status", "nodeInfo", "osImage"], text(v), &at);
    }
    if let Some((v, at)) = t.cell(row, "STATUS") {
        let cordoned = v.split(',').any(|s| s == "SchedulingDisabled");
        synth.put(&mut obj, root, &["spec", "unschedulable"], cordoned.then(|| json!(true)), &at);
    }
    let labels = labels(t, row, root, synth);
    let named = kubernetes::POOL_LABELS.iter().any(|k| labels.contains_key(*k));
    let control_plane = labels.keys().any(|k| {
        k.starts_with("node-role.kubernetes.io/") && (k.ends_with("/control-plane") || k.ends_with("/master"))
    });
    let mut labels = labels;
    if !named && !control_plane {
        pool_from_name(&name, &mut labels, names);
    }
    obj.entry("metadata").or_insert_with(|| json!({}))["labels"] = Value::Object(labels);
    Value::Object(obj)
}

/// The labels a row shows: `LABELS`, `-L` columns and `ROLES`.
fn labels(t: &Table, row: &Row, root: &FieldPath, synth: &mut Synth) -> Map<String, Value> {
    let mut labels = Map::new();
    let labels_path = root.key("metadata").key("labels");
    if let Some((v, at)) = t.cell(row, "LABELS") {
        for pair in v.split(',').filter(|p| !p.is_empty() && *p != "<none>") {
            let (k, val) = pair.split_once('=').unwrap_or((pair, ""));
            labels.insert(k.to_string(), json!(val));
            synth.at(labels_path.key(k), at.clone());
        }
    }
    for (header, key) in LABEL_COLUMNS {
        if let Some((v, at)) = t.cell(row, header).filter(|(v, _)| !v.is_empty() && *v != "<none>") {
            labels.insert((*key).to_string(), json!(v));
            synth.at(labels_path.key(key), at);
        }
    }
    if let Some((v, at)) = t.cell(row, "ROLES") {
        for role in v.split(',') {
            if role == "control-plane" || role == "master" {
                let key = format!("node-role.kubernetes.io/{role}");
                synth.at(labels_path.key(&key), at.clone());
                labels.insert(key, json!(""));
            }
        }
    }
    labels
}

/// Sets the pool label from an AKS or GKE node name, when it follows their
/// pattern.
fn pool_from_name(name: &str, labels: &mut Map<String, Value>, names: &mut FromNames) {
    if let Some(pool) = aks_pool(name) {
        labels.insert("kubernetes.azure.com/agentpool".into(), json!(pool));
        names.aks.insert(pool.to_string());
    } else if let Some(pool) = gke_pool(name) {
        labels.insert("cloud.google.com/gke-nodepool".into(), json!(pool));
        names.gke.insert(pool.to_string());
    } else {
        names.unnamed.push(name.to_string());
    }
}

/// `aks-<pool>-<digits>-vmss<n>` (scale sets), `aks-<pool>-<digits>-vms<n>`
/// (virtual machines pools), `aks-<pool>-<digits>-<n>` (availability sets),
/// `aks<pool><6 characters>` (Windows scale sets).
fn aks_pool(name: &str) -> Option<&str> {
    let alnum = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let parts: Vec<&str> = name.split('-').collect();
    if let ["aks", pool, id, instance] = parts.as_slice() {
        let numbered = id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty();
        let instance_ok = match instance.strip_prefix("vmss").or_else(|| instance.strip_prefix("vms")) {
            Some(n) => alnum(n),
            None => instance.chars().all(|c| c.is_ascii_digit()),
        };
        return (alnum(pool) && numbered && instance_ok).then_some(*pool);
    }
    let rest = name.strip_prefix("aks").filter(|r| r.is_ascii())?;
    let cut = rest.len().checked_sub(6).filter(|c| *c > 0)?;
    let (pool, instance) = rest.split_at(cut);
    (alnum(pool) && alnum(instance) && instance.starts_with("000") && pool.len() <= 6).then_some(pool)
}

/// `gke-<cluster>-<pool>-<8 hex>-<4 characters>`: the name between `gke-`
/// and the instance group, which holds the cluster's name too.
fn gke_pool(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("gke-")?;
    let parts: Vec<&str> = rest.rsplitn(3, '-').collect();
    let [instance, group, prefix] = parts.as_slice() else { return None };
    let hex = group.len() == 8 && group.chars().all(|c| c.is_ascii_hexdigit());
    (hex && instance.len() == 4 && prefix.contains('-')).then_some(*prefix)
}

/// What the table could not show.
fn note(t: &Table, names: &FromNames, control_plane_shown: bool, diags: &mut Diags) {
    let place = t.place();
    if !names.aks.is_empty() {
        let list: Vec<&str> = names.aks.iter().map(String::as_str).collect();
        diags.info(&place, format!("the table shows no pool labels: the AKS pools ({}) are read from the node names (`aks-POOL-ID-vmssN`, Windows `aksPOOLNNNNNN`)", list.join(", ")));
    }
    if !names.gke.is_empty() {
        let list: Vec<&str> = names.gke.iter().map(String::as_str).collect();
        diags.warn(&place, format!("the table shows no pool labels: the GKE node names give `{}`, which start with the cluster's name and may be shortened; check the pool names in the commands, or paste the table with `-L cloud.google.com/gke-nodepool`", list.join("`, `")));
    }
    if !names.unnamed.is_empty() {
        let shown: Vec<&str> = names.unnamed.iter().take(3).map(String::as_str).collect();
        let more = names.unnamed.len().saturating_sub(shown.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        diags.warn(
            &place,
            format!(
                "node(s) `{}`{more} have no pool label, and their names do not name a pool (EKS names nodes after their IP address), so they are planned as one group: paste the table with `--show-labels`, or with the pool's label as a column (`-L kubernetes.azure.com/agentpool`, `-L eks.amazonaws.com/nodegroup`, `-L cloud.google.com/gke-nodepool`), or `-o json`",
                shown.join("`, `")
            ),
        );
    }
    let mut unknown = vec!["the nodes' images"];
    if !t.has("OS-IMAGE") {
        unknown.push("their operating system (add `-o wide`)");
    }
    let cp = if control_plane_shown {
        "the control plane's version is its nodes'"
    } else {
        "the control plane's version is the one given (the Control-plane version field, `--control-plane-version`; `kubectl version` prints it as Server Version)"
    };
    diags.not_shown.push(format!(
        "read from a `kubectl get nodes` table, which shows each node's kubelet version: {cp}; not shown: {}",
        unknown.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_are_read_from_node_names() {
        assert_eq!(aks_pool("aks-nodepool1-12345678-vmss000000"), Some("nodepool1"));
        assert_eq!(aks_pool("aks-agentpool-31134424-0"), Some("agentpool"));
        assert_eq!(aks_pool("aks-hostedpool-16652789-vms1"), Some("hostedpool"));
        assert_eq!(aks_pool("aks-system-surge-zq4d2"), None);
        assert_eq!(aks_pool("aksnpwin000002"), Some("npwin"));
        assert_eq!(aks_pool("aks-nodepool1"), None);
        assert_eq!(aks_pool("akshost01"), None);
        assert_eq!(aks_pool("aksé0000000"), None);
        assert_eq!(gke_pool("gke-prod-default-pool-3e4a8b1c-x2v9"), Some("prod-default-pool"));
        assert_eq!(gke_pool("gke-prod-3e4a8b1c-x2v9"), None);
        assert_eq!(gke_pool("ip-10-0-1-23.us-west-2.compute.internal"), None);
    }
}
