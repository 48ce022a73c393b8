//! AKS: managed clusters and node pools (their upgrade profiles and version
//! lists are read in `aks_versions`), in both the REST/ARM shape (fields under `properties`) and the az CLI shape
//! (flattened, with names such as `agentPoolType`).

use super::aks_versions;
use super::cursor::{describe, At};
use super::error::Diags;
use super::{Content, Format, ParseOptions};
use crate::model::{
    AksSettings, Availability, Cluster, ClusterDetails, ControlPlane, MaxSurge, Pool, PoolDetails, PoolMode, Provider,
    ResourceState,
};
use crate::path::FieldPath;
use crate::version::{KubeVersion, Precision};

/// `properties` in the REST shape, the object itself in the CLI shape.
pub(crate) fn props<'a>(node: &At<'a>) -> At<'a> {
    node.get("properties").filter(At::is_object).unwrap_or_else(|| node.clone())
}

fn is_cluster(node: &At) -> bool {
    let p = props(node);
    p.is_object()
        && p.has("agentPoolProfiles")
        && !p.has("controlPlaneProfile")
        && (p.has("kubernetesVersion") || p.has("currentKubernetesVersion") || p.has("dnsPrefix") || p.has("fqdn"))
}

fn is_pool(node: &At) -> bool {
    let p = props(node);
    p.is_object()
        && !p.has("agentPoolProfiles")
        && (p.has("orchestratorVersion")
            || p.has("currentOrchestratorVersion")
            || p.has("agentPoolType")
            || (p.has("vmSize") && p.has("count") && (p.has("osType") || p.has("mode") || p.has("type"))))
}

pub(crate) fn detect(root: &At, options: &ParseOptions, diags: &mut Diags) -> Option<Content> {
    if let Some(items) = root.value.as_array() {
        let first = items.iter().position(|v| v.is_object())?;
        let sample = At::new(&items[first], root.path.index(first));
        if is_cluster(&sample) {
            let clusters = root.items(diags).iter().filter(|c| c.is_object()).map(|c| read_cluster(c, diags)).collect();
            return Some(Content::clusters(Format::AksClusterList, clusters));
        }
        if is_pool(&sample) {
            let pools: Vec<At> = root.items(diags).into_iter().filter(At::is_object).collect();
            let cluster = cluster_of_pools(&pools, &root.path, options, diags);
            return Some(Content::clusters(Format::AksNodePoolList, vec![cluster]));
        }
        return None;
    }
    if !root.is_object() {
        return None;
    }
    if is_cluster(root) {
        return Some(Content::clusters(Format::AksCluster, vec![read_cluster(root, diags)]));
    }
    if let Some(c) = aks_versions::detect(root, diags) {
        return Some(c);
    }
    if is_pool(root) {
        let cluster = cluster_of_pools(std::slice::from_ref(root), &FieldPath::root(), options, diags);
        return Some(Content::clusters(Format::AksNodePool, vec![cluster]));
    }
    None
}

/// The resource group and cluster name in a resource id
/// (`/subscriptions/S/resourcegroups/RG/providers/.../managedClusters/NAME/...`).
struct ResourceId<'a> {
    resource_group: Option<&'a str>,
    cluster: Option<&'a str>,
}

fn parse_id(id: &str) -> ResourceId<'_> {
    let parts: Vec<&str> = id.split('/').collect();
    let after =
        |key: &str| parts.iter().position(|p| p.eq_ignore_ascii_case(key)).and_then(|i| parts.get(i + 1)).copied();
    ResourceId { resource_group: after("resourcegroups"), cluster: after("managedClusters") }
}

pub(crate) fn read_cluster(node: &At, diags: &mut Diags) -> Cluster {
    let p = props(node);
    let id = node.text("id").map(parse_id);
    let name =
        node.text("name").or_else(|| id.as_ref().and_then(|i| i.cluster)).map(str::to_string).unwrap_or_else(|| {
            match node.get("name") {
                Some(n) => diags.warn(
                    &n.path,
                    format!("the cluster name is {}; commands use the variable CLUSTER", describe(n.value)),
                ),
                None => diags.warn(&node.path, "the cluster has no `name`; commands use the variable CLUSTER"),
            }
            String::new()
        });
    let resource_group =
        node.text("resourceGroup").or_else(|| id.as_ref().and_then(|i| i.resource_group)).map(str::to_string);

    let mut cp = ControlPlane::new(p.path.clone());
    let requested = p.opt_version("kubernetesVersion", Precision::MinorAllowed, diags);
    let current = p.opt_version("currentKubernetesVersion", Precision::Patch, diags);
    if requested.is_none() && current.is_none() && !p.has("kubernetesVersion") && !p.has("currentKubernetesVersion") {
        diags.error(
            &p.path.key("kubernetesVersion"),
            "missing: the cluster does not say which Kubernetes version its control plane runs",
        );
    }
    cp.version = current.clone().or_else(|| requested.clone());
    cp.requested_version = requested.filter(|r| Some(r) != cp.version.as_ref());
    cp.state = ResourceState::from_azure(p.text("provisioningState"), power_state(&p));

    let settings = AksSettings {
        upgrade_channel: p
            .dig(&["autoUpgradeProfile", "upgradeChannel"])
            .and_then(|n| n.value.as_str().map(str::to_string)),
        max_agent_pools: p.opt_count("maxAgentPools", diags),
        support_plan: p.text("supportPlan").map(str::to_string),
        terraform: None,
    };

    let mut pools = Vec::new();
    if let Some(profiles) = p.get("agentPoolProfiles") {
        for (i, pool) in profiles.items(diags).iter().enumerate() {
            if !pool.is_object() {
                diags.error(&pool.path, "expected an agent pool object");
                continue;
            }
            pools.push(read_pool(pool, i == 0, cp.version.as_ref(), diags));
        }
    }
    if pools.is_empty() {
        diags.warn(&p.path.key("agentPoolProfiles"), "the cluster lists no node pools");
    }
    Cluster {
        resource_group,
        location: node.text("location").map(str::to_string),
        pools,
        details: ClusterDetails::Aks(settings),
        ..Cluster::new(Provider::Aks, name, cp, node.path.clone())
    }
}

/// `powerState.code` (current shape) or `powerState` as a bare string (old
/// documentation shape).
fn power_state<'a>(p: &At<'a>) -> Option<&'a str> {
    let ps = p.get("powerState")?;
    ps.value.as_str().or_else(|| ps.text("code"))
}

/// Reads one agent pool. `first_in_cluster`: AKS made the first pool of a
/// cluster without modes its system pool. `cluster_version`: what a pool
/// without a version runs (AKS defaults a pool to the control plane's).
pub(crate) fn read_pool(
    node: &At,
    first_in_cluster: bool,
    cluster_version: Option<&KubeVersion>,
    diags: &mut Diags,
) -> Pool {
    let p = props(node);
    let name = node.text("name").or_else(|| p.text("name")).map(str::to_string).unwrap_or_else(|| {
        match node.get("name") {
            Some(n) => diags.error(&n.path, format!("the pool name is {}", describe(n.value))),
            None => diags.error(&node.path.key("name"), "missing: every agent pool needs a name"),
        }
        String::new()
    });
    let mode = pool_mode(&p, first_in_cluster, diags);
    let (version, requested_version) = pool_versions(&p, cluster_version, diags);
    let autoscale = autoscale(&p, diags);
    let max_surge = max_surge(&p, diags);
    let availability = p.text("type").or_else(|| p.text("agentPoolType")).and_then(Availability::from_azure);
    let count = p.opt_count("count", diags);
    if count.is_none() && !p.has("count") {
        diags.warn(&p.path.key("count"), "missing: the pool's node count is unknown; time estimates leave it out");
    }
    Pool {
        name,
        mode,
        version,
        requested_version,
        count,
        autoscale,
        machine_size: p.text("vmSize").map(str::to_string),
        os: p.text("osSKU").or_else(|| p.text("osType")).map(str::to_string),
        node_image: p.text("nodeImageVersion").map(str::to_string),
        state: ResourceState::from_azure(p.text("provisioningState"), power_state(&p)),
        max_surge,
        details: PoolDetails::Azure {
            availability,
            priority: p.text("scaleSetPriority").map(str::to_string),
            settings: Box::new(super::aks_pool::settings(&p)),
        },
        source: node.path.clone(),
    }
}

fn pool_mode(p: &At, first_in_cluster: bool, diags: &mut Diags) -> PoolMode {
    match p.text("mode") {
        Some(m) if m.eq_ignore_ascii_case("System") => PoolMode::System,
        Some(m) if m.eq_ignore_ascii_case("User") => PoolMode::User,
        Some(other) => {
            diags.warn(&p.path.key("mode"), format!("unknown mode `{other}`; treated as User"));
            PoolMode::User
        }
        None if first_in_cluster => PoolMode::System,
        None => PoolMode::User,
    }
}

/// The version a pool runs and the one asked for when it differs. The
/// current version is what runs; `orchestratorVersion` is what was asked for
/// (they differ during or after a failed upgrade).
fn pool_versions(
    p: &At,
    cluster_version: Option<&KubeVersion>,
    diags: &mut Diags,
) -> (Option<KubeVersion>, Option<KubeVersion>) {
    let mut scratch = Diags::default();
    let current = p.opt_version("currentOrchestratorVersion", Precision::Patch, diags);
    let requested = p.opt_version("orchestratorVersion", Precision::MinorAllowed, &mut scratch);
    if current.is_some() {
        // An unreadable requested version is worth a warning only: the
        // running version is known.
        for d in scratch.items {
            diags.warn(&d.path, d.message);
        }
    } else {
        diags.items.extend(scratch.items);
    }
    let mut version = current.clone().or_else(|| requested.clone());
    if version.is_none() && !p.has("orchestratorVersion") && !p.has("currentOrchestratorVersion") {
        match cluster_version {
            Some(cv) => {
                diags.info(
                    &p.path,
                    format!("the pool gives no orchestratorVersion; it runs the control plane's version {cv}, as AKS sets it"),
                );
                version = Some(cv.clone());
            }
            None => {
                diags.error(&p.path.key("orchestratorVersion"), "missing: the pool does not say which version it runs")
            }
        }
    }
    let requested_version = requested.filter(|r| Some(r) != version.as_ref());
    (version, requested_version)
}

/// Autoscaler bounds when the autoscaler is on.
fn autoscale(p: &At, diags: &mut Diags) -> Option<(u64, u64)> {
    if p.opt_bool("enableAutoScaling", diags) != Some(true) {
        return None;
    }
    match (p.opt_count("minCount", diags), p.opt_count("maxCount", diags)) {
        (Some(min), Some(max)) if min <= max => Some((min, max)),
        (Some(min), Some(max)) => {
            diags.error(&p.path.key("minCount"), format!("minCount {min} is above maxCount {max}"));
            None
        }
        _ => None,
    }
}

/// `upgradeSettings.maxSurge`: a node count or a percentage.
fn max_surge(p: &At, diags: &mut Diags) -> Option<MaxSurge> {
    let n = p.dig(&["upgradeSettings", "maxSurge"])?;
    match n.value {
        serde_json::Value::String(s) if s.is_empty() => None,
        serde_json::Value::String(s) => MaxSurge::parse(s).or_else(|| {
            diags.error(
                &n.path,
                format!("`{s}` is not a surge: expected a node count such as 1 or a percentage such as 33%"),
            );
            None
        }),
        serde_json::Value::Number(num) => num.as_u64().map(MaxSurge::Nodes),
        _ => None,
    }
}

/// A node-pool list or a single pool: the cluster they belong to, whose
/// control-plane version the user must supply.
fn cluster_of_pools(pools: &[At], list_path: &FieldPath, options: &ParseOptions, diags: &mut Diags) -> Cluster {
    let id = pools.iter().find_map(|p| p.text("id")).map(parse_id);
    let any_mode = pools.iter().any(|p| props(p).text("mode").is_some());
    let resource_group = pools
        .iter()
        .find_map(|p| p.text("resourceGroup"))
        .or_else(|| id.as_ref().and_then(|i| i.resource_group))
        .map(str::to_string);
    let name = id.as_ref().and_then(|i| i.cluster).map(str::to_string).unwrap_or_default();
    let cp = options.control_plane(
        list_path,
        diags,
        "node-pool output does not include the control plane's version: paste `az aks show -o json` output with it, or give the control-plane version",
    );
    let settings = AksSettings::default();
    Cluster {
        resource_group,
        // A list of pools without modes (older API versions): AKS made the
        // first pool of such a cluster its system pool.
        pools: pools.iter().enumerate().map(|(i, p)| read_pool(p, i == 0 && !any_mode, None, diags)).collect(),
        details: ClusterDetails::Aks(settings),
        ..Cluster::new(Provider::Aks, name, cp, list_path.clone())
    }
}
