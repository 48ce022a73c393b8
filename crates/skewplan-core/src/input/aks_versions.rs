//! AKS upgrade profiles (`az aks get-upgrades`, `az aks nodepool
//! get-upgrades`) and version lists (`az aks get-versions`, agent pool
//! available versions): what may be installed.

use super::aks::props;
use super::cursor::At;
use super::error::Diags;
use super::{Content, Format};
use crate::model::VersionList;
use crate::version::{KubeVersion, Precision};

/// Upgrade profiles and version lists.
pub(crate) fn detect(root: &At, diags: &mut Diags) -> Option<Content> {
    let p = props(root);
    let content = |format, list| Some(Content { format, clusters: Vec::new(), versions: Some(list) });

    // az aks get-upgrades: controlPlaneProfile + agentPoolProfiles[].upgrades
    if let Some(cpp) = p.get("controlPlaneProfile") {
        let mut list = VersionList {
            current: cpp.opt_version("kubernetesVersion", Precision::Patch, diags),
            ..Default::default()
        };
        offer_upgrades(&cpp, "kubernetesVersion", &mut list, diags);
        if let Some(pools) = p.get("agentPoolProfiles") {
            for pool in pools.items(diags) {
                offer_upgrades(&pool, "kubernetesVersion", &mut list, diags);
            }
        }
        return content(Format::AksUpgradeProfile, list);
    }
    // az aks nodepool get-upgrades
    if p.has("latestNodeImageVersion") || (p.has("upgrades") && p.has("kubernetesVersion")) {
        let mut list = VersionList {
            current: p.opt_version("kubernetesVersion", Precision::Patch, diags),
            latest_node_image: p.text("latestNodeImageVersion").map(str::to_string),
            ..Default::default()
        };
        offer_upgrades(&p, "kubernetesVersion", &mut list, diags);
        return content(Format::AksNodePoolUpgradeProfile, list);
    }
    // agentPoolAvailableVersions
    if let Some(versions) = p.get("agentPoolVersions") {
        let mut list = VersionList::default();
        for v in versions.items(diags) {
            if let Some(version) = v.opt_version("kubernetesVersion", Precision::MinorAllowed, diags) {
                list.offer(version, is_preview(&v), false);
            }
        }
        return content(Format::AksNodePoolVersions, list);
    }
    // az aks get-versions, current shape: values[].patchVersions
    if let Some(values) = p
        .get("values")
        .filter(|v| v.value.as_array().is_some_and(|a| a.iter().any(|x| x.get("patchVersions").is_some())))
    {
        return content(Format::AksVersions, patch_versions(&values, diags));
    }
    // az aks get-versions, older shape: orchestrators[]
    if let Some(orchestrators) = p.get("orchestrators") {
        let mut list = VersionList::default();
        for o in orchestrators.items(diags) {
            if o.text("orchestratorType").is_some_and(|t| !t.eq_ignore_ascii_case("Kubernetes")) {
                continue;
            }
            if let Some(v) = o.opt_version("orchestratorVersion", Precision::Patch, diags) {
                list.offer(v, is_preview(&o), false);
            }
            offer_upgrades(&o, "orchestratorVersion", &mut list, diags);
        }
        list.location = root.text("location").map(str::to_string);
        return content(Format::AksVersions, list);
    }
    None
}

/// `az aks get-versions`, current shape: each minor's `patchVersions` keys,
/// preview or offered only with Long Term Support as the minor says.
fn patch_versions(values: &At, diags: &mut Diags) -> VersionList {
    let mut list = VersionList::default();
    for minor in values.items(diags) {
        let preview = is_preview(&minor);
        let lts_only = minor
            .dig(&["capabilities", "supportPlan"])
            .and_then(|s| {
                s.value.as_array().map(|plans| !plans.iter().any(|x| x.as_str() == Some("KubernetesOfficial")))
            })
            .unwrap_or(false);
        let Some(patches) = minor.get("patchVersions").filter(At::is_object) else { continue };
        for patch in patches.value.as_object().into_iter().flat_map(|o| o.keys()) {
            match KubeVersion::parse(patch) {
                Ok(v) => list.offer(v, preview, lts_only),
                Err(e) => diags.error(&patches.path.key(patch), e.to_string()),
            }
        }
    }
    list
}

fn is_preview(node: &At) -> bool {
    node.value.get("isPreview").and_then(serde_json::Value::as_bool).unwrap_or(false)
}

fn offer_upgrades(node: &At, key: &str, list: &mut VersionList, diags: &mut Diags) {
    let Some(upgrades) = node.get("upgrades") else { return };
    for u in upgrades.items(diags) {
        if let Some(v) = u.opt_version(key, Precision::Patch, diags) {
            list.offer(v, is_preview(&u), false);
        }
    }
}
