//! Amazon EKS and Google GKE cluster and node-group descriptions, read into
//! the same model (planned with the upstream policy).

use super::cursor::At;
use super::error::{Diags, InputError};
use super::{Content, Format, ParseOptions};
use crate::model::{
    Cluster, ClusterDetails, ControlPlane, MaxSurge, Pool, PoolDetails, PoolMode, Provider, ResourceState,
};
use crate::path::FieldPath;
use crate::version::Precision;

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
        return Ok(Some(Content {
            format: Format::EksCluster,
            clusters: vec![eks_cluster(&c, diags)],
            versions: None,
        }));
    }
    if let Some(ng) = root.get("nodegroup").filter(|n| n.has("nodegroupName")) {
        let mut cp = ControlPlane::new(FieldPath::root());
        cp.version = options.control_plane_version.clone();
        if cp.version.is_none() {
            diags.error(&FieldPath::root(), "a node group does not include the cluster's version: paste `aws eks describe-cluster` output with it, or give the control-plane version");
        }
        let cluster = Cluster {
            provider: Provider::Eks,
            name: ng.text("clusterName").unwrap_or_default().to_string(),
            resource_group: None,
            location: None,
            control_plane: cp,
            pools: vec![eks_nodegroup(&ng, diags)],
            details: ClusterDetails::Other,
            source: ng.path.clone(),
        };
        return Ok(Some(Content { format: Format::EksNodegroup, clusters: vec![cluster], versions: None }));
    }
    if root.has("currentMasterVersion") || (root.has("nodePools") && root.has("name") && root.has("location")) {
        return Ok(Some(Content {
            format: Format::GkeCluster,
            clusters: vec![gke_cluster(root, diags)],
            versions: None,
        }));
    }
    if root.has("version") && root.has("config") && (root.has("initialNodeCount") || root.has("autoscaling")) {
        let mut cp = ControlPlane::new(FieldPath::root());
        cp.version = options.control_plane_version.clone();
        if cp.version.is_none() {
            diags.error(&FieldPath::root(), "a node pool does not include the cluster's version: paste `gcloud container clusters describe --format=json` output, or give the control-plane version");
        }
        let cluster = Cluster {
            provider: Provider::Gke,
            name: String::new(),
            resource_group: None,
            location: None,
            control_plane: cp,
            pools: vec![gke_pool(root, diags)],
            details: ClusterDetails::Other,
            source: root.path.clone(),
        };
        return Ok(Some(Content { format: Format::GkeNodePool, clusters: vec![cluster], versions: None }));
    }
    Ok(None)
}

fn eks_state(status: Option<&str>) -> ResourceState {
    match status {
        Some("ACTIVE") => ResourceState::Succeeded,
        Some(s @ ("FAILED" | "DEGRADED" | "CREATE_FAILED" | "DELETE_FAILED")) => ResourceState::Failed(s.into()),
        Some(s) => ResourceState::Busy(s.into()),
        None => ResourceState::Unknown,
    }
}

fn eks_cluster(c: &At, diags: &mut Diags) -> Cluster {
    let mut cp = ControlPlane::new(c.path.clone());
    cp.version = c.opt_version("version", Precision::MinorAllowed, diags);
    cp.state = eks_state(c.text("status"));
    Cluster {
        provider: Provider::Eks,
        name: c.text("name").unwrap_or_default().to_string(),
        resource_group: None,
        location: c.text("arn").and_then(|a| a.split(':').nth(3)).map(str::to_string),
        control_plane: cp,
        pools: Vec::new(),
        details: ClusterDetails::Other,
        source: c.path.clone(),
    }
}

fn eks_nodegroup(ng: &At, diags: &mut Diags) -> Pool {
    let scaling = ng.get("scalingConfig");
    let count = scaling.as_ref().and_then(|s| s.opt_count("desiredSize", diags));
    let min = scaling.as_ref().and_then(|s| s.opt_count("minSize", diags));
    let max = scaling.as_ref().and_then(|s| s.opt_count("maxSize", diags));
    let max_surge = ng.dig(&["updateConfig", "maxUnavailable"]).and_then(|n| n.value.as_u64()).map(MaxSurge::Nodes);
    Pool {
        name: ng.text("nodegroupName").unwrap_or_default().to_string(),
        mode: PoolMode::User,
        version: ng.opt_version("version", Precision::MinorAllowed, diags),
        requested_version: None,
        count,
        autoscale: min.zip(max),
        machine_size: ng.get("instanceTypes").and_then(|t| t.value.get(0)?.as_str().map(str::to_string)),
        os: ng.text("amiType").map(str::to_string),
        node_image: ng.text("releaseVersion").map(str::to_string),
        state: eks_state(ng.text("status")),
        max_surge,
        details: PoolDetails::Other,
        source: ng.path.clone(),
    }
}

fn gke_state(status: Option<&str>) -> ResourceState {
    match status {
        Some("RUNNING") => ResourceState::Succeeded,
        Some(s @ ("ERROR" | "DEGRADED")) => ResourceState::Failed(s.into()),
        Some(s) => ResourceState::Busy(s.into()),
        None => ResourceState::Unknown,
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
    cp.state = gke_state(c.text("status"));
    let mut pools = Vec::new();
    if let Some(list) = c.get("nodePools") {
        for p in list.items(diags) {
            pools.push(gke_pool(&p, diags));
        }
    }
    Cluster {
        provider: Provider::Gke,
        name: c.text("name").unwrap_or_default().to_string(),
        resource_group: None,
        location: c.text("location").map(str::to_string),
        control_plane: cp,
        pools,
        details: ClusterDetails::Other,
        source: c.path.clone(),
    }
}

fn gke_pool(p: &At, diags: &mut Diags) -> Pool {
    let autoscale =
        p.get("autoscaling").filter(|a| a.value.get("enabled").and_then(|e| e.as_bool()) == Some(true)).and_then(|a| {
            let min = a.opt_count("minNodeCount", diags).or_else(|| a.opt_count("totalMinNodeCount", diags))?;
            let max = a.opt_count("maxNodeCount", diags).or_else(|| a.opt_count("totalMaxNodeCount", diags))?;
            Some((min, max))
        });
    Pool {
        name: p.text("name").unwrap_or_default().to_string(),
        mode: PoolMode::User,
        version: p.opt_version("version", Precision::Patch, diags),
        requested_version: None,
        count: p.opt_count("initialNodeCount", diags),
        autoscale,
        machine_size: p.dig(&["config", "machineType"]).and_then(|m| m.value.as_str().map(str::to_string)),
        os: p.dig(&["config", "imageType"]).and_then(|m| m.value.as_str().map(str::to_string)),
        node_image: None,
        state: gke_state(p.text("status")),
        max_surge: p.dig(&["upgradeSettings", "maxSurge"]).and_then(|n| n.value.as_u64()).map(MaxSurge::Nodes),
        details: PoolDetails::Other,
        source: p.path.clone(),
    }
}
