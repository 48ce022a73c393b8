//! Kubernetes objects: a node list (`kubectl get nodes -o json`), read here,
//! or the Cluster API and Konvoy objects `capi` reads. Lists (`kind: List`,
//! `NodeList`) are flattened, and objects from every document are read
//! together.

use super::capi;
use super::cursor::At;
use super::error::{Diags, InputError};
use super::{Content, Format, ParseOptions};
use crate::model::{Cluster, ControlPlane, Pool, PoolDetails, PoolMode, Provider, ResourceState};
use crate::path::FieldPath;
use crate::version::{KubeVersion, Precision};
use std::collections::BTreeMap;

/// Labels that name a node's pool, most specific first.
pub(super) const POOL_LABELS: &[&str] = &[
    "kubernetes.azure.com/agentpool",
    "agentpool",
    "eks.amazonaws.com/nodegroup",
    "cloud.google.com/gke-nodepool",
    "cluster.x-k8s.io/deployment-name",
    "karpenter.sh/nodepool",
];

const CONTROL_PLANE_ROLE_LABELS: &[&str] = &["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"];

fn flatten<'a>(root: &At<'a>, out: &mut Vec<At<'a>>, depth: usize) {
    if depth > 8 {
        return;
    }
    if let Some(items) = root.value.as_array() {
        for (i, v) in items.iter().enumerate() {
            flatten(&At::new(v, root.path.index(i)), out, depth + 1);
        }
        return;
    }
    let kind = root.text("kind").unwrap_or_default();
    if kind.ends_with("List") {
        if let Some(items) = root.get("items") {
            flatten(&items, out, depth + 1);
        }
        return;
    }
    if root.is_object() {
        out.push(root.clone());
    }
}

pub(crate) fn detect(roots: &[At], options: &ParseOptions, diags: &mut Diags) -> Result<Content, InputError> {
    let mut objects = Vec::new();
    for r in roots {
        flatten(r, &mut objects, 0);
    }
    // A single Node printed without a list (`kubectl get node NAME -o json`)
    // has no apiVersion in some dumps; it is still a node.
    let is_node =
        |o: &At| o.text("kind") == Some("Node") || (o.has("status") && o.dig(&["status", "nodeInfo"]).is_some());
    if objects.iter().any(is_node) {
        let nodes: Vec<At> = objects.iter().filter(|o| is_node(o)).cloned().collect();
        return Ok(Content::clusters(Format::KubectlNodes, vec![read_nodes(&nodes, options, diags)]));
    }
    if let Some(content) = capi::detect(&objects, diags) {
        return content;
    }
    if objects.is_empty() {
        return Err(InputError::NotACluster {
            what: "an empty Kubernetes list".into(),
            advice: "the command matched no objects; check the namespace (-A) and the resource names.".into(),
        });
    }
    let mut kinds: Vec<String> = objects.iter().filter_map(|o| o.text("kind").map(str::to_string)).collect();
    kinds.sort();
    kinds.dedup();
    Err(InputError::NotACluster {
        what: format!("a list of Kubernetes objects of kind {}", kinds.join(", ")),
        advice: "paste `kubectl get nodes -o json`, or the Cluster API objects (`kubectl get cluster,kubeadmcontrolplane,machinedeployment -o yaml`).".into(),
    })
}

struct NodeInfo {
    name: String,
    version: Option<KubeVersion>,
    pool: Option<(String, String)>,
    control_plane: bool,
    instance_type: Option<String>,
    os: Option<String>,
    node_image: Option<String>,
    /// AKS's `kubernetes.azure.com/mode` label (`system` or `user`).
    mode: Option<String>,
    cordoned: bool,
    provider: Provider,
    path: FieldPath,
}

fn node_info(node: &At, diags: &mut Diags) -> NodeInfo {
    let labels = node.dig(&["metadata", "labels"]);
    let label = |k: &str| labels.as_ref().and_then(|l| l.text(k)).map(str::to_string);
    let has_label = |k: &str| labels.as_ref().is_some_and(|l| l.value.get(k).is_some());
    let name = node.dig(&["metadata", "name"]).and_then(|n| n.value.as_str().map(str::to_string)).unwrap_or_default();
    let version = match node.dig(&["status", "nodeInfo", "kubeletVersion"]) {
        Some(v) => v.version(Precision::Patch, diags),
        None => {
            diags.error(
                &node.path.key("status").key("nodeInfo").key("kubeletVersion"),
                "missing: the node does not report its kubelet version",
            );
            None
        }
    };
    let pool = POOL_LABELS.iter().find_map(|k| label(k).map(|v| (v, k.to_string())));
    let control_plane = CONTROL_PLANE_ROLE_LABELS.iter().any(|k| has_label(k))
        || label("kubernetes.io/role").as_deref() == Some("master");
    let provider = if labels
        .as_ref()
        .is_some_and(|l| l.value.as_object().is_some_and(|m| m.keys().any(|k| k.starts_with("kubernetes.azure.com/"))))
        || has_label("agentpool")
    {
        Provider::Aks
    } else if has_label("eks.amazonaws.com/nodegroup")
        || name.ends_with(".compute.internal")
        || name.ends_with(".ec2.internal")
    {
        Provider::Eks
    } else if has_label("cloud.google.com/gke-nodepool") {
        Provider::Gke
    } else if has_label("cluster.x-k8s.io/deployment-name") {
        Provider::ClusterApi
    } else {
        Provider::Generic
    };
    NodeInfo {
        name,
        version,
        pool,
        control_plane,
        instance_type: label("node.kubernetes.io/instance-type").or_else(|| label("beta.kubernetes.io/instance-type")),
        os: node.dig(&["status", "nodeInfo", "osImage"]).and_then(|n| n.value.as_str().map(str::to_string)),
        node_image: label("kubernetes.azure.com/node-image-version")
            .or_else(|| label("eks.amazonaws.com/nodegroup-image")),
        mode: label("kubernetes.azure.com/mode"),
        cordoned: node.dig(&["spec", "unschedulable"]).and_then(|u| u.value.as_bool()).unwrap_or(false),
        provider,
        path: node.path.clone(),
    }
}

pub(super) fn read_nodes(nodes: &[At], options: &ParseOptions, diags: &mut Diags) -> Cluster {
    let infos: Vec<NodeInfo> = nodes.iter().map(|n| node_info(n, diags)).collect();
    let cp = control_plane(&infos, options, diags);
    let mut groups: BTreeMap<String, Vec<&NodeInfo>> = BTreeMap::new();
    for n in infos.iter().filter(|n| !n.control_plane) {
        let key = n.pool.as_ref().map(|(p, _)| p.clone()).unwrap_or_else(|| "(no pool label)".to_string());
        groups.entry(key).or_default().push(n);
    }
    let pools = groups.into_iter().map(|(name, members)| pool_of(name, &members, diags)).collect();
    let mut provider = infos.iter().map(|n| n.provider).find(|p| *p != Provider::Generic).unwrap_or(Provider::Generic);
    if provider == Provider::Aks && infos.iter().any(|n| n.control_plane) {
        // AKS hides its control plane; nodes that show one run on Azure but
        // are self-managed (aks-engine or kubeadm).
        diags.info(
            &FieldPath::root(),
            "the nodes carry Azure labels but the list shows control-plane nodes, which AKS hides: this is not an AKS managed cluster, so it is planned as self-managed (give --policy aks-engine for aks-engine's rules)",
        );
        provider = Provider::Generic;
    }
    Cluster { pools, ..Cluster::new(provider, String::new(), cp, FieldPath::root()) }
}

/// The oldest API server of the control-plane nodes (kubelets may not be
/// newer), or the version the user gave when the list shows none (a managed
/// cluster hides them).
fn control_plane(infos: &[NodeInfo], options: &ParseOptions, diags: &mut Diags) -> ControlPlane {
    let cp_nodes: Vec<&NodeInfo> = infos.iter().filter(|n| n.control_plane).collect();
    let mut instance_versions: Vec<KubeVersion> = cp_nodes.iter().filter_map(|n| n.version.clone()).collect();
    instance_versions.sort();
    let Some(oldest) = instance_versions.first().cloned() else {
        return options.control_plane(
            &FieldPath::root(),
            diags,
            "the node list shows no control-plane nodes (a managed cluster hides them), so the control plane's version is unknown: give it (the Control-plane version field, `--control-plane-version`; `kubectl version` prints it as Server Version)",
        );
    };
    let mut cp = ControlPlane::new(cp_nodes[0].path.clone());
    if let Some(given) = options.control_plane_version.as_ref().filter(|given| **given != oldest) {
        diags.warn(
            &cp.source,
            format!("the control-plane nodes run {oldest}, not the {given} given; the nodes' version is used"),
        );
    }
    cp.version = Some(oldest);
    cp.replicas = Some(cp_nodes.len() as u64);
    cp.instance_versions = instance_versions;
    cp
}

/// The nodes that share a pool label value (or have none).
fn pool_of(name: String, members: &[&NodeInfo], diags: &mut Diags) -> Pool {
    let first = members[0];
    let mut versions: Vec<KubeVersion> = members.iter().filter_map(|n| n.version.clone()).collect();
    versions.sort();
    versions.dedup();
    if versions.len() > 1 {
        let list: Vec<String> = versions.iter().map(ToString::to_string).collect();
        diags.warn(
            &first.path,
            format!(
                "nodes of pool `{name}` run different versions ({}): an upgrade may be under way; the oldest is used",
                list.join(", ")
            ),
        );
    }
    let cordoned = members.iter().filter(|n| n.cordoned).count();
    // AKS labels each node with its pool's mode; where no node says, the pool
    // is taken as a system pool, so that no plan deletes the last one.
    let user = members.iter().all(|n| n.mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("user")));
    let aks = first.provider == Provider::Aks;
    let mode = if aks && !user { PoolMode::System } else { PoolMode::User };
    Pool {
        mode,
        version: versions.first().cloned(),
        count: Some(members.len() as u64),
        machine_size: first.instance_type.clone(),
        os: first.os.clone(),
        node_image: first.node_image.clone(),
        state: if cordoned > 0 {
            ResourceState::Busy(format!("{cordoned} node(s) cordoned"))
        } else {
            ResourceState::Succeeded
        },
        details: PoolDetails::Nodes {
            nodes: members.iter().map(|n| n.name.clone()).collect(),
            label: first.pool.as_ref().map(|(_, l)| l.clone()).unwrap_or_default(),
        },
        ..Pool::new(name, first.path.clone())
    }
}
