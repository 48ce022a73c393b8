//! Amazon EKS and Google GKE cluster and node-group descriptions, read into
//! the same model (planned with the upstream policy).

use super::cursor::At;
use super::error::{Diags, InputError};
use super::{Content, Format, ParseOptions};
use crate::model::{Cluster, ControlPlane, MaxSurge, Pool, Provider, ResourceState};
use crate::path::FieldPath;
use crate::version::Precision;

/// EKS statuses of a cluster or node group that failed (`ACTIVE` is idle).
const EKS_FAILED: &[&str] = &["FAILED", "DEGRADED", "CREATE_FAILED", "DELETE_FAILED"];
/// GKE statuses of a cluster or node pool that failed (`RUNNING` is idle).
const GKE_FAILED: &[&str] = &["ERROR", "DEGRADED"];

pub(crate) fn detect(root: &At, options: &ParseOptions, diags: &mut Diags) -> Result<Option<Content>, InputError> {
    if !root.is_object() {
        return Ok(None);
    }
    if root.has("insights") {
        return Err(InputError::NotACluster {
            what: "EKS upgrade insights (aws eks list-insights)".into(),
            advice: "paste `aws eks describe-cluster` output for the cluster, and `aws eks describe-nodegroup` for its node groups.".into(),
        });
    }
    if let Some(c) = root.get("cluster").filter(|c| c.has("version") && (c.has("arn") || c.has("platformVersion"))) {
        return Ok(Some(Content::clusters(Format::EksCluster, vec![eks_cluster(&c, diags)])));
    }
    if let Some(ng) = root.get("nodegroup").filter(|n| n.has("nodegroupName")) {
        let cp = options.control_plane(
            &FieldPath::root(),
            diags,
            "a node group does not include the cluster's version: paste `aws eks describe-cluster` output with it, or give the control-plane version",
        );
        let name = ng.text("clusterName").unwrap_or_default().to_string();
        let cluster = Cluster {
            pools: vec![eks_nodegroup(&ng, diags)],
            ..Cluster::new(Provider::Eks, name, cp, ng.path.clone())
        };
        return Ok(Some(Content::clusters(Format::EksNodegroup, vec![cluster])));
    }
    if root.has("currentMasterVersion") || (root.has("nodePools") && root.has("name") && root.has("location")) {
        return Ok(Some(Content::clusters(Format::GkeCluster, vec![gke_cluster(root, diags)])));
    }
    if root.has("version") && root.has("config") && (root.has("initialNodeCount") || root.has("autoscaling")) {
        let cp = options.control_plane(
            &FieldPath::root(),
            diags,
            "a node pool does not include the cluster's version: paste `gcloud container clusters describe --format=json` output, or give the control-plane version",
        );
        let cluster = Cluster {
            pools: vec![gke_pool(root, diags)],
            ..Cluster::new(Provider::Gke, String::new(), cp, root.path.clone())
        };
        return Ok(Some(Content::clusters(Format::GkeNodePool, vec![cluster])));
    }
    Ok(None)
}

/// A provider's status word: `idle` is healthy, one of `failed` failed, any
/// other an operation under way.
fn status_state(status: Option<&str>, idle: &str, failed: &[&str]) -> ResourceState {
    match status {
        None => ResourceState::Unknown,
        Some(s) if s == idle => ResourceState::Succeeded,
        Some(s) if failed.contains(&s) => ResourceState::Failed(s.into()),
        Some(s) => ResourceState::Busy(s.into()),
    }
}

fn eks_cluster(c: &At, diags: &mut Diags) -> Cluster {
    let mut cp = ControlPlane::new(c.path.clone());
    cp.version = c.opt_version("version", Precision::MinorAllowed, diags);
    cp.state = status_state(c.text("status"), "ACTIVE", EKS_FAILED);
    Cluster {
        location: c.text("arn").and_then(|a| a.split(':').nth(3)).map(str::to_string),
        ..Cluster::new(Provider::Eks, c.text("name").unwrap_or_default().to_string(), cp, c.path.clone())
    }
}

fn eks_nodegroup(ng: &At, diags: &mut Diags) -> Pool {
    let scaling = ng.get("scalingConfig");
    let count = scaling.as_ref().and_then(|s| s.opt_count("desiredSize", diags));
    let min = scaling.as_ref().and_then(|s| s.opt_count("minSize", diags));
    let max = scaling.as_ref().and_then(|s| s.opt_count("maxSize", diags));
    let max_surge = ng.dig(&["updateConfig", "maxUnavailable"]).and_then(|n| n.value.as_u64()).map(MaxSurge::Nodes);
    Pool {
        version: ng.opt_version("version", Precision::MinorAllowed, diags),
        count,
        autoscale: min.zip(max),
        machine_size: ng.get("instanceTypes").and_then(|t| t.value.get(0)?.as_str().map(str::to_string)),
        os: ng.text("amiType").map(str::to_string),
        node_image: ng.text("releaseVersion").map(str::to_string),
        state: status_state(ng.text("status"), "ACTIVE", EKS_FAILED),
        max_surge,
        ..Pool::new(ng.text("nodegroupName").unwrap_or_default().to_string(), ng.path.clone())
    }
}

fn gke_cluster(c: &At, diags: &mut Diags) -> Cluster {
    let mut cp = ControlPlane::new(c.path.clone());
    cp.version = c.opt_version("currentMasterVersion", Precision::Patch, diags);
    if cp.version.is_none() && !c.has("currentMasterVersion") {
        diags.error(
            &c.path.key("currentMasterVersion"),
            "missing: the cluster does not say which version its control plane runs",
        );
    }
    cp.state = status_state(c.text("status"), "RUNNING", GKE_FAILED);
    let mut pools = Vec::new();
    if let Some(list) = c.get("nodePools") {
        for p in list.items(diags) {
            pools.push(gke_pool(&p, diags));
        }
    }
    Cluster {
        location: c.text("location").map(str::to_string),
        pools,
        ..Cluster::new(Provider::Gke, c.text("name").unwrap_or_default().to_string(), cp, c.path.clone())
    }
}

fn gke_pool(p: &At, diags: &mut Diags) -> Pool {
    let autoscale =
        p.get("autoscaling").filter(|a| a.value.get("enabled").and_then(|e| e.as_bool()) == Some(true)).and_then(|a| {
            let min = a.opt_count("minNodeCount", diags).or_else(|| a.opt_count("totalMinNodeCount", diags))?;
            let max = a.opt_count("maxNodeCount", diags).or_else(|| a.opt_count("totalMaxNodeCount", diags))?;
            Some((min, max))
        });
    let config = |key: &str| p.dig(&["config", key]).and_then(|m| m.value.as_str().map(str::to_string));
    Pool {
        version: p.opt_version("version", Precision::Patch, diags),
        count: p.opt_count("initialNodeCount", diags),
        autoscale,
        machine_size: config("machineType"),
        os: config("imageType"),
        state: status_state(p.text("status"), "RUNNING", GKE_FAILED),
        max_surge: p.dig(&["upgradeSettings", "maxSurge"]).and_then(|n| n.value.as_u64()).map(MaxSurge::Nodes),
        ..Pool::new(p.text("name").unwrap_or_default().to_string(), p.path.clone())
    }
}
