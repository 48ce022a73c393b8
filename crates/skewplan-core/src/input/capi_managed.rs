//! Cluster API control planes a cloud runs, and their machine pools:
//! CAPZ `AzureManagedControlPlane` / `AzureASOManagedControlPlane` with
//! `AzureManagedMachinePool` / `AzureASOManagedMachinePool`, and CAPA
//! `AWSManagedControlPlane` with `AWSManagedMachinePool`.
//!
//! Where each keeps its version:
//! - `AzureManagedControlPlane`: `spec.version` (required); `status.version`
//!   is the AKS cluster's `currentKubernetesVersion`, and
//!   `status.autoUpgradeVersion` what AKS's auto-upgrade moved it to, below
//!   which CAPZ refuses a new `spec.version`
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-azure/blob/main/api/v1beta1/azuremanagedcontrolplane_types.go>,
//!   `internal/webhooks/azuremanagedcontrolplane_validation.go`).
//! - `AzureASOManagedControlPlane`: `spec.version`, which CAPZ copies into the
//!   embedded ASO `ManagedCluster`'s `spec.kubernetesVersion`; when that is
//!   set to another value CAPZ refuses it (`Incompatible`), and when
//!   `spec.version` is empty the embedded value rules
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-azure/blob/main/pkg/mutators/azureasomanagedcontrolplane.go>).
//!   Its agent pools alike: the MachinePool's `spec.template.spec.version`
//!   into `ManagedClustersAgentPool`'s `spec.orchestratorVersion`
//!   (`pkg/mutators/azureasomanagedmachinepool.go`).
//! - `AWSManagedControlPlane`: `spec.version` in EKS's form (`v1.30`; the CRD
//!   pattern also takes a patch, which EKS ignores) and `status.version`
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-aws/blob/main/controlplane/eks/api/v1beta2/awsmanagedcontrolplane_types.go>).
//!   An `AWSManagedMachinePool`'s node group follows the MachinePool's
//!   `spec.template.spec.version`; without one CAPA never changes the node
//!   group's version (`pkg/cloud/services/eks/nodegroup.go`,
//!   `reconcileNodegroupVersion`).

use super::cursor::At;
use super::error::Diags;
use crate::model::{
    ControlPlane, ControlPlaneDetails, EmbeddedVersion, ManagedControlPlane, ObjectRef, Pool, PoolDetails, PoolMode,
    ResourceState,
};
use crate::version::{KubeVersion, Precision};

fn meta<'a>(o: &At<'a>, key: &str) -> Option<&'a str> {
    o.dig(&["metadata", key]).and_then(|n| n.value.as_str())
}

/// True for the control-plane kinds read here.
pub(super) fn is_managed(kind: &str) -> bool {
    ManagedControlPlane::of_kind(kind).is_some()
}

/// The resource of `kind` embedded in `o`'s `spec.resources`, with its index.
fn embedded<'a>(o: &At<'a>, kind: &str) -> Option<(usize, At<'a>)> {
    let list = o.dig(&["spec", "resources"])?;
    let items = list.value.as_array()?;
    items
        .iter()
        .enumerate()
        .find(|(_, r)| r.get("kind").and_then(|k| k.as_str()) == Some(kind))
        .map(|(i, r)| (i, At::new(r, list.path.index(i))))
}

/// A managed control plane: its version where the provider keeps it.
pub(super) fn control_plane(kcp: &At, cluster_ns: Option<&str>, diags: &mut Diags) -> ControlPlane {
    let kind = kcp.text("kind").unwrap_or_default();
    let flavor = ManagedControlPlane::of_kind(kind);
    let precision = if flavor == Some(ManagedControlPlane::Eks) { Precision::MinorAllowed } else { Precision::Patch };
    let mut cp = ControlPlane::new(kcp.path.clone());
    let spec = kcp.get("spec");
    let status = kcp.get("status");
    // An empty `spec.version` is unset (CAPZ's ASO API: `omitempty`).
    let given = spec.as_ref().and_then(|s| s.get("version")).filter(|v| v.value.as_str() != Some(""));
    let desired = given.as_ref().and_then(|v| v.version(precision, diags));
    let mut observed = status.as_ref().and_then(|s| s.opt_version("version", precision, diags));
    if flavor == Some(ManagedControlPlane::Aks) {
        // AKS's auto-upgrade may have moved the cluster past status.version.
        let auto = status.as_ref().and_then(|s| s.opt_version("autoUpgradeVersion", precision, diags));
        observed = match (observed, auto) {
            (Some(o), Some(a)) => Some(o.max(a)),
            (o, a) => o.or(a),
        };
    }
    let object = ObjectRef {
        api: kcp.text("apiVersion").unwrap_or_default().to_string(),
        kind: kind.to_string(),
        name: meta(kcp, "name").unwrap_or_default().to_string(),
        namespace: meta(kcp, "namespace").or(cluster_ns).map(str::to_string),
    };
    let embedded = (flavor == Some(ManagedControlPlane::AksAso))
        .then(|| aso_managed_cluster(kcp, &object, desired.as_ref(), diags))
        .flatten();
    let embedded_value = embedded.as_ref().and_then(|(_, v)| v.clone());
    cp.version = observed.clone().or_else(|| desired.clone()).or(embedded_value);
    cp.requested_version = desired.filter(|d| Some(d) != cp.version.as_ref());
    let embedded_given = embedded.as_ref().is_some_and(|(e, _)| e.value.is_some());
    if cp.version.is_none() && given.is_none() && !embedded_given {
        // A value that is there but unreadable was reported where it is.
        diags.error(&kcp.path.key("spec").key("version"), missing_message(flavor));
    }
    cp.state = state(kcp, cp.requested_version.as_ref());
    cp.details = ControlPlaneDetails::ClusterApi {
        object,
        infrastructure_ref: None,
        status_replicas: None,
        updated_replicas: None,
        image_repository: None,
        embedded: embedded.map(|(e, _)| e),
    };
    cp
}

fn missing_message(flavor: Option<ManagedControlPlane>) -> &'static str {
    match flavor {
        Some(ManagedControlPlane::AksAso) => {
            "missing: neither spec.version nor the embedded ManagedCluster's spec.kubernetesVersion says which Kubernetes version the AKS cluster runs"
        }
        Some(ManagedControlPlane::Eks) => {
            "missing: without spec.version EKS picks its default version; paste the object from the management cluster (kubectl get awsmanagedcontrolplane -o yaml), whose status.version says which it runs"
        }
        _ => "missing: the control plane does not say which Kubernetes version it runs",
    }
}

/// Busy while the cloud moves to a newer requested version, or while CAPA
/// reports `EKSControlPlaneUpdating`.
fn state(kcp: &At, requested: Option<&KubeVersion>) -> ResourceState {
    let conditions = kcp.dig(&["status", "conditions"]);
    let updating = conditions.as_ref().and_then(|c| c.value.as_array()).is_some_and(|list| {
        list.iter().any(|c| {
            c.get("type").and_then(|t| t.as_str()) == Some("EKSControlPlaneUpdating")
                && c.get("status").and_then(|s| s.as_str()) == Some("True")
        })
    });
    match (requested, updating) {
        (_, true) => ResourceState::Busy("EKSControlPlaneUpdating".into()),
        (Some(r), false) => ResourceState::Busy(format!("moving to {r}")),
        (None, false) if kcp.has("status") => ResourceState::Succeeded,
        _ => ResourceState::Unknown,
    }
}

/// The ASO ManagedCluster embedded in an `AzureASOManagedControlPlane`, and
/// the version it sets; a value CAPZ would refuse is an error.
fn aso_managed_cluster(
    kcp: &At,
    owner: &ObjectRef,
    desired: Option<&KubeVersion>,
    diags: &mut Diags,
) -> Option<(EmbeddedVersion, Option<KubeVersion>)> {
    let Some((index, mc)) = embedded(kcp, "ManagedCluster") else {
        diags.error(
            &kcp.path.key("spec").key("resources"),
            "missing: an AzureASOManagedControlPlane defines its AKS cluster as a ManagedCluster in spec.resources",
        );
        return None;
    };
    read_embedded(&mc, owner, (index, "kubernetesVersion"), desired, diags)
}

/// The version field of an embedded ASO resource; a value that differs from
/// the Cluster API contract field is refused by CAPZ's mutators.
fn read_embedded(
    resource: &At,
    owner: &ObjectRef,
    (index, field): (usize, &'static str),
    contract: Option<&KubeVersion>,
    diags: &mut Diags,
) -> Option<(EmbeddedVersion, Option<KubeVersion>)> {
    let node = resource.dig(&["spec", field]);
    let value = node.as_ref().and_then(|n| n.version(Precision::MinorAllowed, diags));
    if let (Some(n), Some(v), Some(c)) = (&node, &value, contract) {
        if v != c {
            diags.error(
                &n.path,
                format!("{v} differs from the Cluster API version {c}: CAPZ copies that version here and refuses another value (pkg/mutators, Incompatible); remove this field or make it equal"),
            );
        }
    }
    let embedded = EmbeddedVersion {
        owner: owner.clone(),
        index,
        kind: resource.text("kind").unwrap_or_default().to_string(),
        name: meta(resource, "name").unwrap_or_default().to_string(),
        field,
        value: node.and_then(|n| n.value.as_str().map(str::to_string)),
        contract_set: contract.is_some(),
    };
    Some((embedded, value))
}

/// True when a MachinePool's version may live in its infrastructure object
/// (a CAPZ ASO machine pool), so a MachinePool without one is not an error
/// by itself.
pub(super) fn version_elsewhere(infra: Option<&ObjectRef>) -> bool {
    infra.is_some_and(|r| r.kind == "AzureASOManagedMachinePool")
}

/// A managed machine pool: its AKS mode, and for a CAPZ ASO pool the
/// embedded agent pool's version.
pub(super) fn refine_pool(pool: &mut Pool, o: &At, objects: &[At], diags: &mut Diags) {
    let version_given = o.dig(&["spec", "template", "spec", "version"]).is_some();
    let PoolDetails::ClusterApi { infrastructure_ref: Some(infra), embedded, .. } = &mut pool.details else { return };
    let Some(obj) = objects
        .iter()
        .find(|o| o.text("kind") == Some(infra.kind.as_str()) && meta(o, "name") == Some(infra.name.as_str()))
    else {
        return;
    };
    match infra.kind.as_str() {
        "AzureManagedMachinePool" => pool.mode = mode(obj.dig(&["spec", "mode"]).as_ref()),
        "AzureASOManagedMachinePool" => {
            let Some((index, ap)) = embedded_agent_pool(obj, diags) else { return };
            pool.mode = mode(ap.dig(&["spec", "mode"]).as_ref());
            let read = read_embedded(&ap, infra, (index, "orchestratorVersion"), pool.version.as_ref(), diags);
            let mut embedded_given = false;
            if let Some((e, v)) = read {
                embedded_given = e.value.is_some();
                *embedded = Some(e);
                if pool.version.is_none() {
                    pool.version = v;
                }
            }
            if pool.version.is_none() && !version_given && !embedded_given {
                diags.error(
                    &pool.source.key("spec").key("template").key("spec").key("version"),
                    format!("missing: neither MachinePool `{}` nor its ManagedClustersAgentPool's spec.orchestratorVersion says which Kubernetes version the pool runs", pool.name),
                );
            }
        }
        "AWSManagedMachinePool" if !version_given => diags.info(
            &pool.source.key("spec").key("template").key("spec").key("version"),
            format!("MachinePool `{}` sets no version: CAPA created its EKS node group at the control plane's version and changes it only through this field; set it to the version the node group runs (aws eks describe-nodegroup) to plan it", pool.name),
        ),
        _ => {}
    }
}

fn embedded_agent_pool<'a>(obj: &At<'a>, diags: &mut Diags) -> Option<(usize, At<'a>)> {
    let found = embedded(obj, "ManagedClustersAgentPool");
    if found.is_none() {
        diags.error(
            &obj.path.key("spec").key("resources"),
            "missing: an AzureASOManagedMachinePool defines its agent pool as a ManagedClustersAgentPool in spec.resources",
        );
    }
    found
}

/// AKS's `mode`: `System` pools must keep nodes; anything else is `User`.
fn mode(node: Option<&At>) -> PoolMode {
    match node.and_then(|n| n.value.as_str()) {
        Some(m) if m.eq_ignore_ascii_case("system") => PoolMode::System,
        _ => PoolMode::User,
    }
}
