//! What an AKS agent pool is set up with, beyond its version: the settings a
//! replacement pool must carry over (labels, taints, zones, OS, networking,
//! Spot). `az aks show` and `az aks nodepool list` print every setting (null
//! when unset); REST answers and documentation samples leave unset ones out,
//! so a setting that is not there at all is recorded as unknown.

use super::cursor::At;
use crate::model::AzurePoolSettings;
use serde_json::Value;

/// The first of `keys` the object has (present, even if null), and its value.
fn lookup<'a>(p: &At<'a>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| p.value.get(*k))
}

/// Reads a setting; a missing key goes to `unknown` under its first name.
fn setting<'a>(p: &At<'a>, keys: &[&'static str], unknown: &mut Vec<&'static str>) -> Option<&'a Value> {
    let v = lookup(p, keys);
    if v.is_none() {
        unknown.push(keys[0]);
    }
    v.filter(|v| !v.is_null())
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

fn texts(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// The pool's settings (`p` is the pool object, or its `properties`).
pub(super) fn settings(p: &At) -> AzurePoolSettings {
    let mut unknown = Vec::new();
    let labels = setting(p, &["nodeLabels"], &mut unknown)
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    let taints = texts(setting(p, &["nodeTaints"], &mut unknown));
    let zones = texts(setting(p, &["availabilityZones"], &mut unknown));
    // The OS family is the pool's `os`; here it is only noted when missing.
    setting(p, &["osType"], &mut unknown);
    let os_sku = text(setting(p, &["osSKU", "osSku"], &mut unknown));
    let max_pods = setting(p, &["maxPods"], &mut unknown).and_then(Value::as_u64);
    let vnet_subnet_id = text(setting(p, &["vnetSubnetID", "vnetSubnetId"], &mut unknown));
    let pod_subnet_id = text(setting(p, &["podSubnetID", "podSubnetId"], &mut unknown));
    let spot = lookup(p, &["scaleSetPriority"]).and_then(Value::as_str) == Some("Spot");
    let (eviction_policy, spot_max_price) = if spot {
        let eviction = text(setting(p, &["scaleSetEvictionPolicy"], &mut unknown));
        let price = setting(p, &["spotMaxPrice"], &mut unknown).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        (eviction, price)
    } else {
        (None, None)
    };
    AzurePoolSettings {
        labels,
        taints,
        zones,
        os_sku,
        max_pods,
        vnet_subnet_id,
        pod_subnet_id,
        eviction_policy,
        spot_max_price,
        unknown,
    }
}
