//! aks-engine API models (`_output/<dnsPrefix>/apimodel.json`, vlabs
//! cluster definitions, and e2e configs that wrap one under `apiModel`).

use super::cursor::At;
use super::error::{Diags, InputError};
use super::{Content, Format};
use crate::model::{
    Availability, AzureStack, Cluster, ClusterDetails, ControlPlane, ControlPlaneDetails, Pool, PoolDetails, Provider,
    ResourceState,
};
use crate::version::{KubeVersion, Precision};
use std::collections::BTreeMap;

/// The API model inside a document, if it is one.
fn api_model<'a>(root: &At<'a>) -> Option<At<'a>> {
    let candidate = root.get("apiModel").filter(At::is_object).unwrap_or_else(|| root.clone());
    let p = candidate.get("properties")?;
    (p.has("orchestratorProfile") || (p.has("masterProfile") && p.has("agentPoolProfiles"))).then_some(candidate)
}

/// An `aks-engine addpool` input: one agent pool profile on its own.
fn is_pool_fragment(root: &At) -> bool {
    root.is_object()
        && root.has("name")
        && root.has("vmSize")
        && root.has("count")
        && root.value.get("availabilityProfile").is_some()
        && !root.has("properties")
}

pub(crate) fn detect(root: &At, diags: &mut Diags) -> Result<Option<Content>, InputError> {
    if is_pool_fragment(root) {
        return Err(InputError::NotACluster {
            what: "a single aks-engine agent pool profile (the input of `aks-engine addpool`)".into(),
            advice: "paste the cluster's whole API model, `_output/<dnsPrefix>/apimodel.json`.".into(),
        });
    }
    let Some(model) = api_model(root) else { return Ok(None) };
    Ok(Some(Content::clusters(Format::AksEngineApimodel, vec![read(&model, diags)])))
}

fn read(model: &At, diags: &mut Diags) -> Cluster {
    let p = model.get("properties").expect("checked by api_model");
    let orch = p.get("orchestratorProfile");
    let version = orch.as_ref().and_then(|o| {
        o.opt_version("orchestratorVersion", Precision::Patch, diags)
            .or_else(|| o.opt_version("orchestratorRelease", Precision::MinorAllowed, diags))
    });
    let version_given = orch.as_ref().is_some_and(|o| o.has("orchestratorVersion") || o.has("orchestratorRelease"));
    if !version_given {
        diags.error(
            &p.path.key("orchestratorProfile").key("orchestratorVersion"),
            "missing: this API model does not say which Kubernetes version runs (aks-engine fills in its default at deploy time); paste the deployed `_output/<dnsPrefix>/apimodel.json`, which names it",
        );
    }
    if let Some(o) = orch.as_ref() {
        if let Some(t) = o.text("orchestratorType").filter(|t| !t.eq_ignore_ascii_case("Kubernetes")) {
            diags.error(
                &o.path.key("orchestratorType"),
                format!("`{t}` clusters are not Kubernetes; Skewplan plans Kubernetes upgrades only"),
            );
        }
    }

    let mut cp = ControlPlane::new(p.path.key("masterProfile"));
    cp.version = version.clone();
    cp.state = ResourceState::Unknown;
    let mut name = String::new();
    if let Some(master) = p.get("masterProfile") {
        cp.source = master.path.clone();
        cp.replicas = master.opt_count("count", diags);
        cp.machine_size = master.text("vmSize").map(str::to_string);
        cp.details = ControlPlaneDetails::Azure {
            availability: master.text("availabilityProfile").and_then(Availability::from_azure),
        };
        name = master.text("dnsPrefix").unwrap_or_default().to_string();
    } else {
        diags.error(&p.path.key("masterProfile"), "missing: an aks-engine API model has a masterProfile");
    }

    let autoscale = autoscaler_bounds(&p);
    let mut pools = Vec::new();
    if let Some(profiles) = p.get("agentPoolProfiles") {
        for pool in profiles.items(diags) {
            pools.push(read_pool(&pool, version.as_ref(), &autoscale, diags));
        }
    }
    if pools.is_empty() {
        diags.warn(&p.path.key("agentPoolProfiles"), "the API model lists no agent pools");
    }
    Cluster {
        location: model.text("location").map(str::to_string),
        pools,
        details: ClusterDetails::AksEngine { azure_stack: azure_stack(&p) },
        ..Cluster::new(Provider::AksEngine, name, cp, model.path.clone())
    }
}

/// Azure Stack Hub, as aks-engine decides it (`Properties.IsAzureStackCloud`
/// in `pkg/api/types.go`): a `customCloudProfile` whose environment is absent,
/// unnamed or `AzureStackCloud`.
fn azure_stack(p: &At) -> Option<AzureStack> {
    let profile = p.get("customCloudProfile").filter(At::is_object)?;
    let env = profile.dig(&["environment", "name"]).and_then(|n| n.value.as_str().map(str::to_string));
    if env.is_some_and(|n| !n.is_empty() && !n.eq_ignore_ascii_case("AzureStackCloud")) {
        return None;
    }
    Some(AzureStack { adfs: profile.text("identitySystem").is_some_and(|i| i.eq_ignore_ascii_case("adfs")) })
}

fn read_pool(
    node: &At,
    version: Option<&KubeVersion>,
    autoscale: &BTreeMap<String, (u64, u64)>,
    diags: &mut Diags,
) -> Pool {
    let name = node.text("name").map(str::to_string).unwrap_or_else(|| {
        diags.error(&node.path.key("name"), "missing: every agent pool needs a name");
        String::new()
    });
    // aks-engine defaults an agent pool to a VM scale set.
    let availability = match node.text("availabilityProfile") {
        None => Some(Availability::VirtualMachineScaleSets),
        Some(a) => Availability::from_azure(a).or_else(|| {
            diags.warn(&node.path.key("availabilityProfile"), format!("unknown availabilityProfile `{a}`"));
            None
        }),
    };
    Pool {
        autoscale: autoscale.get(&name).copied(),
        version: node.opt_version("orchestratorVersion", Precision::Patch, diags).or_else(|| version.cloned()),
        count: node.opt_count("count", diags),
        machine_size: node.text("vmSize").map(str::to_string),
        os: node.text("osType").or(Some("Linux")).map(str::to_string),
        node_image: node.text("distro").map(str::to_string),
        details: PoolDetails::Azure {
            availability,
            priority: node.text("scaleSetPriority").map(str::to_string),
            settings: Box::default(),
        },
        ..Pool::new(name, node.path.clone())
    }
}

/// Per-pool min/max of the cluster-autoscaler add-on.
fn autoscaler_bounds(p: &At) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    let addons = p.dig(&["orchestratorProfile", "kubernetesConfig", "addons"]);
    let Some(list) = addons.as_ref().and_then(|a| a.value.as_array()) else { return out };
    for addon in list {
        if addon.get("name").and_then(|n| n.as_str()) != Some("cluster-autoscaler")
            || addon.get("enabled").and_then(|e| e.as_bool()) == Some(false)
        {
            continue;
        }
        for pool in addon.get("pools").and_then(|p| p.as_array()).into_iter().flatten() {
            let num = |k: &str| pool.get("config")?.get(k)?.as_str()?.parse::<u64>().ok();
            if let (Some(name), Some(min), Some(max)) =
                (pool.get("name").and_then(|n| n.as_str()), num("min-nodes"), num("max-nodes"))
            {
                out.insert(name.to_string(), (min, max));
            }
        }
    }
    out
}
