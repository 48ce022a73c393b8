//! One `azurerm_kubernetes_cluster` or `azurerm_kubernetes_cluster_node_pool`
//! instance of `terraform show -json` in the model. The attributes are the
//! provider's (<https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster>);
//! both `kubernetes_version` and `orchestrator_version` are Optional and
//! Computed (terraform-provider-azurerm
//! `internal/services/containers/kubernetes_cluster_resource.go`, schema of
//! `kubernetes_version`; `kubernetes_nodepool.go`, `orchestrator_version`),
//! so a value the configuration leaves unset is whatever runs, and one the
//! plan creates without a value is known only after apply.

use super::cursor::At;
use super::error::Diags;
use super::terraform::origin;
use crate::model::{
    AksSettings, Availability, AzurePoolSettings, Cluster, ClusterDetails, ConfigOrigin, ControlPlane, MaxSurge, Pool,
    PoolDetails, PoolMode, Provider, TerraformAttribute, TerraformSource,
};
use crate::version::{KubeVersion, Precision};
use serde_json::Value;

const DOCS: &str = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster";

/// A resource instance: what exists now (a state, or a plan's `before`), or
/// what a plan creates (its `after`, with `after_unknown`).
#[derive(Clone)]
pub(super) struct Instance<'a> {
    pub address: String,
    /// The address inside its module (`azurerm_kubernetes_cluster.main`).
    pub local: String,
    pub module: Option<String>,
    pub ty: &'a str,
    pub values: At<'a>,
    pub unknown: Option<&'a Value>,
    pub creating: bool,
}

impl<'a> Instance<'a> {
    pub(super) fn new(
        address: String,
        module: Option<String>,
        ty: &'a str,
        values: At<'a>,
        unknown: Option<&'a Value>,
        creating: bool,
    ) -> Self {
        let local = match &module {
            Some(m) => {
                address.strip_prefix(m.as_str()).and_then(|r| r.strip_prefix('.')).unwrap_or(&address).to_string()
            }
            None => address.clone(),
        };
        Instance { address, local, module, ty, values, unknown, creating }
    }

    /// `after_unknown` marks the value at `keys` (blocks: their first element).
    fn is_unknown(&self, keys: &[&str]) -> bool {
        let mut cur = self.unknown;
        for k in keys {
            cur = cur.and_then(|v| v.get(k)).map(|v| v.as_array().and_then(|a| a.first()).unwrap_or(v));
        }
        cur == Some(&Value::Bool(true))
    }
}

/// A non-empty string attribute.
fn text<'a>(at: &At<'a>, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| at.text(k)).filter(|s| !s.is_empty())
}

/// The first element of a nested block (`default_node_pool`, `upgrade_settings`).
fn block<'a>(at: &At<'a>, key: &str) -> Option<At<'a>> {
    let list = at.get(key)?;
    let first = list.value.as_array()?.first()?;
    Some(At::new(first, list.path.index(0))).filter(At::is_object)
}

/// A version attribute, when it holds text.
fn version(at: &At, key: &str, precision: Precision, diags: &mut Diags) -> Option<KubeVersion> {
    at.get(key).filter(|n| n.value.as_str().is_some_and(|s| !s.is_empty())).and_then(|n| n.version(precision, diags))
}

pub(super) fn read_cluster(i: &Instance, config: Option<&At>, from_plan: bool, diags: &mut Diags) -> Cluster {
    let v = &i.values;
    let name = text(v, &["name"]).map(str::to_string).unwrap_or_else(|| {
        diags.warn(&v.path.key("name"), format!("{} has no known name; commands use the variable CLUSTER", i.address));
        String::new()
    });
    let mut cp = ControlPlane::new(v.path.clone());
    let current = version(v, "current_kubernetes_version", Precision::Patch, diags);
    let requested = version(v, "kubernetes_version", Precision::MinorAllowed, diags);
    cp.version = current.clone().or_else(|| requested.clone());
    cp.requested_version = requested.filter(|r| Some(r) != cp.version.as_ref());
    let kv_path = v.path.key("kubernetes_version");
    let control_plane = TerraformAttribute {
        address: i.address.clone(),
        attribute: "kubernetes_version",
        origin: origin(config, i, &["kubernetes_version"]),
        surge_origin: ConfigOrigin::NotShown,
    };
    if cp.version.is_none() && v.get("kubernetes_version").is_none_or(|n| n.value.as_str().is_none_or(str::is_empty)) {
        if i.is_unknown(&["kubernetes_version"]) {
            diags.error(&kv_path, format!("{}: the control plane's version is known only after apply: the configuration does not set kubernetes_version (or sets it from a value known only then), so AKS picks its default version when it creates the cluster ({DOCS}#kubernetes_version). Set kubernetes_version in the configuration and plan again, or paste `terraform show -json` of the state after apply", i.address));
        } else {
            diags.error(&kv_path, format!("{}: kubernetes_version is unset (null), so the control plane's version is unknown: AKS picks its default version when it creates the cluster ({DOCS}#kubernetes_version). Set it in the configuration, or paste the state after apply", i.address));
        }
    }
    if control_plane.origin == ConfigOrigin::Unset && !i.creating {
        diags.warn(&kv_path, format!("{}: the configuration does not set kubernetes_version; the provider keeps the version that runs (the attribute is Optional and Computed), so the steps add kubernetes_version to the resource block", i.address));
    }
    let mut pools = Vec::new();
    let mut attributes = Vec::new();
    match block(v, "default_node_pool") {
        Some(p) => {
            let attribute = TerraformAttribute {
                address: i.address.clone(),
                attribute: "default_node_pool.orchestrator_version",
                origin: origin(config, i, &["default_node_pool", "orchestrator_version"]),
                surge_origin: origin(config, i, &["default_node_pool", "upgrade_settings", "max_surge"]),
            };
            let unknown = i.is_unknown(&["default_node_pool", "orchestrator_version"]);
            let pool = read_pool(&p, i, &attribute, PoolMode::System, cp.version.as_ref(), unknown, diags);
            attributes.push((pool.name.clone(), attribute));
            pools.push(pool);
        }
        None => diags.warn(&v.path.key("default_node_pool"), format!("{} has no default_node_pool", i.address)),
    }
    let settings = AksSettings {
        upgrade_channel: text(v, &["automatic_upgrade_channel", "automatic_channel_upgrade"]).map(str::to_string),
        max_agent_pools: None,
        support_plan: text(v, &["support_plan"]).map(str::to_string),
        terraform: Some(Box::new(TerraformSource { from_plan, control_plane, pools: attributes })),
    };
    Cluster {
        resource_group: text(v, &["resource_group_name"]).map(str::to_string),
        location: text(v, &["location"]).map(str::to_string),
        pools,
        details: ClusterDetails::Aks(settings),
        ..Cluster::new(Provider::Aks, name, cp, v.path.clone())
    }
}

/// A separate `azurerm_kubernetes_cluster_node_pool` and its version attribute.
pub(super) fn read_node_pool(
    i: &Instance,
    config: Option<&At>,
    cluster_version: Option<&KubeVersion>,
    diags: &mut Diags,
) -> (Pool, TerraformAttribute) {
    let attribute = TerraformAttribute {
        address: i.address.clone(),
        attribute: "orchestrator_version",
        origin: origin(config, i, &["orchestrator_version"]),
        surge_origin: origin(config, i, &["upgrade_settings", "max_surge"]),
    };
    let mode = match text(&i.values, &["mode"]) {
        Some(m) if m.eq_ignore_ascii_case("System") => PoolMode::System,
        _ => PoolMode::User,
    };
    let unknown = i.is_unknown(&["orchestrator_version"]);
    let pool = read_pool(&i.values, i, &attribute, mode, cluster_version, unknown, diags);
    (pool, attribute)
}

/// A pool's attributes (`p`: the `default_node_pool` block or the node pool
/// resource's values).
fn read_pool(
    p: &At,
    i: &Instance,
    attribute: &TerraformAttribute,
    mode: PoolMode,
    cluster_version: Option<&KubeVersion>,
    unknown: bool,
    diags: &mut Diags,
) -> Pool {
    let name = text(p, &["name"]).map(str::to_string).unwrap_or_else(|| {
        diags.error(&p.path.key("name"), format!("{}: the pool's name is unknown", i.address));
        String::new()
    });
    let path = p.path.key("orchestrator_version");
    let is_default = attribute.attribute.starts_with("default_node_pool");
    let mut version = version(p, "orchestrator_version", Precision::MinorAllowed, diags);
    if version.is_none() && p.get("orchestrator_version").is_none_or(|n| n.value.as_str().is_none_or(str::is_empty)) {
        match cluster_version {
            // The provider's documentation: "If not specified, the default
            // node pool will be created with the version specified by
            // kubernetes_version."
            Some(cv) if is_default && i.creating => {
                diags.info(&path, format!("{}: the default node pool gives no orchestrator_version, so it is created with kubernetes_version {cv} ({DOCS}#orchestrator_version)", i.address));
                version = Some(cv.clone());
            }
            _ if unknown => diags.error(&path, format!("{}: the version of pool {name} is known only after apply (orchestrator_version is not set, so AKS picks it when it creates the pool): set orchestrator_version, or paste the state after apply", i.address)),
            _ => diags.error(&path, format!("{}: orchestrator_version of pool {name} is unset (null), so its version is unknown", i.address)),
        }
    }
    if attribute.origin == ConfigOrigin::Unset && !i.creating {
        diags.warn(&path, format!("{}: the configuration does not set {} for pool {name}; the provider keeps the version that runs (Optional and Computed), so the pool does not follow kubernetes_version: the steps add it", i.address, attribute.attribute));
    }
    let autoscale = match p.value.get("auto_scaling_enabled").or_else(|| p.value.get("enable_auto_scaling")) {
        Some(Value::Bool(true)) => p.opt_count("min_count", diags).zip(p.opt_count("max_count", diags)),
        _ => None,
    };
    let max_surge = block(p, "upgrade_settings").and_then(|u| text(&u, &["max_surge"]).and_then(MaxSurge::parse));
    let os_sku = text(p, &["os_sku"]).map(str::to_string);
    Pool {
        mode,
        version,
        count: p.get("node_count").filter(|n| !n.value.is_null()).and_then(|n| n.count(diags)),
        autoscale,
        machine_size: text(p, &["vm_size"]).map(str::to_string),
        os: os_sku.clone().or_else(|| text(p, &["os_type"]).map(str::to_string)),
        node_image: text(p, &["node_image_version"]).map(str::to_string),
        max_surge,
        details: PoolDetails::Azure {
            availability: text(p, &["type"])
                .and_then(Availability::from_azure)
                .or(Some(Availability::VirtualMachineScaleSets)),
            priority: text(p, &["priority"]).map(str::to_string),
            settings: Box::new(settings(p, os_sku)),
        },
        ..Pool::new(name, p.path.clone())
    }
}

fn strings(p: &At, key: &str) -> Vec<String> {
    p.value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// What a replacement pool would carry over.
fn settings(p: &At, os_sku: Option<String>) -> AzurePoolSettings {
    AzurePoolSettings {
        labels: p
            .value
            .get("node_labels")
            .and_then(Value::as_object)
            .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
            .unwrap_or_default(),
        taints: strings(p, "node_taints"),
        zones: strings(p, "zones"),
        os_sku,
        max_pods: p.value.get("max_pods").and_then(Value::as_u64),
        vnet_subnet_id: text(p, &["vnet_subnet_id"]).map(str::to_string),
        pod_subnet_id: text(p, &["pod_subnet_id"]).map(str::to_string),
        eviction_policy: text(p, &["eviction_policy"]).map(str::to_string),
        spot_max_price: p.value.get("spot_max_price").filter(|v| v.is_number()).map(Value::to_string),
        unknown: Vec::new(),
    }
}
