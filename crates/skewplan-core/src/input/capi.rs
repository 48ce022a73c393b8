//! Cluster API objects (`v1beta1` and `v1beta2`): Cluster, a control plane
//! (KubeadmControlPlane or another `*ControlPlane`), MachineDeployments,
//! MachinePools and their `*MachineTemplate`s; and Konvoy v1 cluster.yaml.

use super::capi_managed;
use super::capi_topology;
use super::cursor::At;
use super::error::{Diags, InputError};
use super::Content;
use super::Format;
use crate::model::{
    Cluster, ClusterDetails, ControlPlane, ControlPlaneDetails, ObjectRef, Pool, PoolDetails, Provider, ResourceState,
    TopologyUpgrade,
};
use crate::path::FieldPath;
use crate::version::Precision;

fn kind<'a>(o: &At<'a>) -> &'a str {
    o.text("kind").unwrap_or_default()
}

fn meta<'a>(o: &At<'a>, key: &str) -> Option<&'a str> {
    o.dig(&["metadata", key]).and_then(|n| n.value.as_str())
}

/// `infrastructureRef` in v1beta1 (`apiVersion`) or v1beta2 (`apiGroup`).
fn object_ref(node: Option<At>, default_namespace: Option<&str>) -> Option<ObjectRef> {
    let n = node?;
    Some(ObjectRef {
        api: n.text("apiVersion").or_else(|| n.text("apiGroup")).unwrap_or_default().to_string(),
        kind: n.text("kind")?.to_string(),
        name: n.text("name")?.to_string(),
        namespace: n.text("namespace").or(default_namespace).map(str::to_string),
    })
}

/// Machine image and instance type of an infrastructure machine template.
fn machine_of(objects: &[At], r: &ObjectRef) -> (Option<String>, Option<String>) {
    let Some(t) = objects.iter().find(|o| kind(o) == r.kind && meta(o, "name") == Some(r.name.as_str())) else {
        return (None, None);
    };
    let spec = t.dig(&["spec", "template", "spec"]);
    let s =
        |keys: &[&str]| spec.as_ref().and_then(|sp| sp.dig(keys)).and_then(|n| n.value.as_str().map(str::to_string));
    let image = s(&["ami", "id"])
        .or_else(|| s(&["image", "name"]))
        .or_else(|| s(&["template"]))
        .or_else(|| s(&["customImage"]))
        .or_else(|| s(&["image"]));
    let size = s(&["instanceType"]).or_else(|| s(&["vmSize"])).or_else(|| s(&["machineType"]));
    (image, size)
}

fn is_control_plane_kind(k: &str) -> bool {
    k.ends_with("ControlPlane") && !k.ends_with("ControlPlaneTemplate")
}

/// Cluster API objects or a Konvoy v1 cluster.yaml, when `objects` hold
/// either (any object of their API groups).
pub(crate) fn detect(objects: &[At], diags: &mut Diags) -> Option<Result<Content, InputError>> {
    let api = |o: &At| o.text("apiVersion").unwrap_or_default().to_string();
    if objects.iter().any(|o| api(o).contains("cluster.x-k8s.io")) {
        return Some(read(objects, diags));
    }
    if objects.iter().any(|o| api(o).starts_with("konvoy.mesosphere.io")) {
        return Some(read_konvoy(objects, diags));
    }
    None
}

fn read(objects: &[At], diags: &mut Diags) -> Result<Content, InputError> {
    let cluster_obj = objects.iter().find(|o| kind(o) == "Cluster");
    let namespace = cluster_obj.and_then(|c| meta(c, "namespace")).map(str::to_string);
    let name = cluster_obj.and_then(|c| meta(c, "name")).map(str::to_string).unwrap_or_default();
    let root = cluster_obj.map(|c| c.path.clone()).unwrap_or_else(FieldPath::root);

    let topology_version = cluster_obj.and_then(|c| c.dig(&["spec", "topology", "version"]));
    let has_topology = topology_version.is_some();
    let cp = if let Some(kcp) = objects.iter().find(|o| is_control_plane_kind(kind(o))) {
        if capi_managed::is_managed(kind(kcp)) {
            capi_managed::control_plane(kcp, namespace.as_deref(), diags)
        } else {
            control_plane_object(kcp, objects, namespace.as_deref(), diags)
        }
    } else if let Some(tv) = topology_version {
        let mut cp = ControlPlane::new(tv.path.clone());
        cp.version = tv.version(Precision::Patch, diags);
        cp.replicas = cluster_obj
            .and_then(|c| c.dig(&["spec", "topology", "controlPlane"]))
            .and_then(|t| t.opt_count("replicas", diags));
        cp
    } else {
        control_plane_machines(objects, &root, diags)
    };

    let mut pools = Vec::new();
    // The topology-owned workers that are in the input, by their topology
    // name (label topology.cluster.x-k8s.io/deployment-name or pool-name):
    // each is counted once.
    let mut shown = Vec::new();
    for o in objects.iter().filter(|o| matches!(kind(o), "MachineDeployment" | "MachinePool")) {
        if let Some(n) = o.dig(&["metadata", "labels", capi_topology::topology_label(kind(o))]) {
            let pool = meta(o, "name").unwrap_or_default().to_string();
            let topology = n.value.as_str().unwrap_or_default().to_string();
            shown.push(capi_topology::Shown { kind: kind(o).to_string(), topology, pool });
        }
        let mut pool = read_worker(o, objects, namespace.as_deref(), diags);
        capi_managed::refine_pool(&mut pool, o, objects, diags);
        pools.push(pool);
    }
    let topology_upgrade = match cluster_obj.filter(|_| has_topology) {
        Some(c) => capi_topology::read(c, objects, &shown, cp.version.as_ref(), &mut pools, diags),
        None => TopologyUpgrade::default(),
    };
    if pools.is_empty() {
        diags.warn(&root, "no MachineDeployment or MachinePool found: only the control plane will be planned");
    }
    let topology = cluster_obj.filter(|_| has_topology).map(|c| ObjectRef {
        api: c.text("apiVersion").unwrap_or_default().to_string(),
        kind: "Cluster".to_string(),
        name: name.clone(),
        namespace: namespace.clone(),
    });
    let details = ClusterDetails::ClusterApi { namespace, topology, topology_upgrade };
    let cluster = Cluster { pools, details, ..Cluster::new(Provider::ClusterApi, name, cp, root) };
    Ok(Content::clusters(Format::ClusterApi, vec![cluster]))
}

/// A KubeadmControlPlane (or another `*ControlPlane` object) and its machine
/// template.
fn control_plane_object(kcp: &At, objects: &[At], cluster_ns: Option<&str>, diags: &mut Diags) -> ControlPlane {
    let mut cp = ControlPlane::new(kcp.path.clone());
    let spec = kcp.get("spec");
    let ns = meta(kcp, "namespace").or(cluster_ns);
    let desired = spec.as_ref().and_then(|s| s.opt_version("version", Precision::Patch, diags));
    if desired.is_none() && spec.as_ref().is_some_and(|s| !s.has("version")) {
        diags.error(
            &kcp.path.key("spec").key("version"),
            "missing: the control plane does not say which Kubernetes version it runs",
        );
    }
    let status = kcp.get("status");
    let observed = status.as_ref().and_then(|s| s.opt_version("version", Precision::Patch, diags));
    cp.version = observed.clone().or_else(|| desired.clone());
    cp.requested_version = desired.filter(|d| Some(d) != cp.version.as_ref());
    cp.replicas = spec.as_ref().and_then(|s| s.opt_count("replicas", diags));
    let status_replicas = status.as_ref().and_then(|s| s.opt_count("replicas", diags));
    let updated_replicas = status.as_ref().and_then(|s| s.opt_count("updatedReplicas", diags));
    let infrastructure_ref = object_ref(
        spec.as_ref().and_then(|s| {
            s.dig(&["machineTemplate", "infrastructureRef"])
                .or_else(|| s.dig(&["machineTemplate", "spec", "infrastructureRef"]))
        }),
        ns,
    );
    if let Some(r) = &infrastructure_ref {
        (cp.machine_image, cp.machine_size) = machine_of(objects, r);
    }
    cp.state = rollout_state(cp.replicas, status_replicas, updated_replicas, cp.requested_version.is_some());
    cp.details = ControlPlaneDetails::ClusterApi {
        object: ObjectRef {
            api: kcp.text("apiVersion").unwrap_or_default().to_string(),
            kind: kind(kcp).to_string(),
            name: meta(kcp, "name").unwrap_or_default().to_string(),
            namespace: ns.map(str::to_string),
        },
        infrastructure_ref,
        status_replicas,
        updated_replicas,
        image_repository: spec
            .as_ref()
            .and_then(|s| s.dig(&["kubeadmConfigSpec", "clusterConfiguration", "imageRepository"]))
            .and_then(|r| r.value.as_str().map(str::to_string)),
        embedded: None,
    };
    cp
}

/// Control-plane Machines without a KubeadmControlPlane.
fn control_plane_machines(objects: &[At], root: &FieldPath, diags: &mut Diags) -> ControlPlane {
    let mut cp = ControlPlane::new(root.clone());
    let machines: Vec<&At> = objects
        .iter()
        .filter(|o| kind(o) == "Machine" && o.dig(&["metadata", "labels", "cluster.x-k8s.io/control-plane"]).is_some())
        .collect();
    for m in &machines {
        if let Some(v) = m.dig(&["spec", "version"]).and_then(|v| v.version(Precision::Patch, diags)) {
            cp.instance_versions.push(v);
        }
    }
    cp.instance_versions.sort();
    cp.version = cp.instance_versions.first().cloned();
    cp.replicas = (!machines.is_empty()).then_some(machines.len() as u64);
    if let Some(m) = machines.first() {
        cp.source = m.path.clone();
    }
    if cp.version.is_none() {
        diags.error(
            root,
            "no control plane found (no KubeadmControlPlane, topology version or control-plane Machine): include the control plane in the paste, e.g. `kubectl get cluster,kubeadmcontrolplane,machinedeployment -o yaml`",
        );
    }
    cp
}

/// Busy while a rollout is under way (`updatedReplicas` < `replicas`).
fn rollout_state(spec: Option<u64>, status: Option<u64>, updated: Option<u64>, version_pending: bool) -> ResourceState {
    match (spec.or(status), updated) {
        (Some(want), Some(done)) if done < want => {
            ResourceState::Busy(format!("rolling out: {done} of {want} machines updated"))
        }
        (_, _) if version_pending => ResourceState::Busy("rolling out a new version".into()),
        (_, Some(_)) => ResourceState::Succeeded,
        _ => ResourceState::Unknown,
    }
}

fn read_worker(o: &At, objects: &[At], cluster_ns: Option<&str>, diags: &mut Diags) -> Pool {
    let name = meta(o, "name").unwrap_or_default().to_string();
    let ns = meta(o, "namespace").or(cluster_ns);
    let spec = o.get("spec");
    let tspec = spec.as_ref().and_then(|s| s.dig(&["template", "spec"]));
    let infra = object_ref(tspec.as_ref().and_then(|t| t.get("infrastructureRef")), ns);
    let version = match tspec.as_ref().and_then(|t| t.get("version")) {
        Some(v) => v.version(Precision::Patch, diags),
        None if capi_managed::version_elsewhere(infra.as_ref()) => None,
        None => {
            diags.error(
                &o.path.key("spec").key("template").key("spec").key("version"),
                format!("missing: {} `{name}` does not say which Kubernetes version its machines run", kind(o)),
            );
            None
        }
    };
    let bootstrap = object_ref(tspec.as_ref().and_then(|t| t.dig(&["bootstrap", "configRef"])), ns);
    let (image, size) = infra.as_ref().map(|r| machine_of(objects, r)).unwrap_or_default();
    let status = o.get("status");
    let replicas = spec.as_ref().and_then(|s| s.opt_count("replicas", diags));
    let status_replicas = status.as_ref().and_then(|s| s.opt_count("replicas", diags));
    let updated = status.as_ref().and_then(|s| s.opt_count("updatedReplicas", diags));
    let autoscale = {
        let ann = |k: &str| o.dig(&["metadata", "annotations", k]).and_then(|n| n.value.as_str()?.parse::<u64>().ok());
        match (
            ann("cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"),
            ann("cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"),
        ) {
            (Some(min), Some(max)) if min <= max => Some((min, max)),
            _ => None,
        }
    };
    Pool {
        version,
        count: replicas.or(status_replicas).or(autoscale.map(|(min, _)| min)),
        autoscale,
        machine_size: size.clone(),
        node_image: image.clone(),
        state: rollout_state(replicas, status_replicas, updated, false),
        details: PoolDetails::ClusterApi {
            object_kind: kind(o).to_string(),
            api_version: o.text("apiVersion").unwrap_or_default().to_string(),
            namespace: ns.map(str::to_string),
            infrastructure_ref: infra,
            bootstrap_ref: bootstrap,
            status_replicas,
            updated_replicas: updated,
            machine_image: image,
            instance_type: size,
            embedded: None,
        },
        ..Pool::new(name, o.path.clone())
    }
}

/// Konvoy v1: `ClusterConfiguration.spec.kubernetes.version` and the node
/// pools of `ClusterProvisioner`.
fn read_konvoy(objects: &[At], diags: &mut Diags) -> Result<Content, InputError> {
    let config = objects.iter().find(|o| kind(o) == "ClusterConfiguration");
    let provisioner = objects.iter().find(|o| kind(o) == "ClusterProvisioner");
    let mut cp = ControlPlane::new(config.map(|c| c.path.clone()).unwrap_or_else(FieldPath::root));
    match config.and_then(|c| c.dig(&["spec", "kubernetes", "version"])) {
        Some(v) => {
            cp.version = v.version(Precision::Patch, diags);
            cp.source = v.path.clone();
        }
        None => diags.error(
            &cp.source,
            "missing: Konvoy's ClusterConfiguration gives the Kubernetes version at spec.kubernetes.version",
        ),
    }
    let mut pools = Vec::new();
    if let Some(list) = provisioner.and_then(|p| p.dig(&["spec", "nodePools"])) {
        for np in list.items(diags) {
            if np.value.get("bastion").and_then(|b| b.as_bool()) == Some(true) {
                continue;
            }
            let count = np.opt_count("count", diags);
            let size = np.dig(&["machine", "type"]).and_then(|t| t.value.as_str().map(str::to_string));
            if np.value.get("controlPlane").and_then(|b| b.as_bool()) == Some(true) {
                cp.replicas = count;
                cp.machine_size = size;
                continue;
            }
            pools.push(Pool {
                version: cp.version.clone(),
                count,
                machine_size: size,
                node_image: np.dig(&["machine", "imageID"]).and_then(|t| t.value.as_str().map(str::to_string)),
                ..Pool::new(np.text("name").unwrap_or_default().to_string(), np.path.clone())
            });
        }
    }
    let name = provisioner.and_then(|p| meta(p, "name")).unwrap_or_default().to_string();
    let cluster = Cluster {
        location: provisioner
            .and_then(|p| p.dig(&["spec", "aws", "region"]))
            .and_then(|r| r.value.as_str().map(str::to_string)),
        pools,
        ..Cluster::new(Provider::Generic, name, cp, FieldPath::root())
    };
    Ok(Content::clusters(Format::KonvoyV1, vec![cluster]))
}
