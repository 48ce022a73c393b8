//! Synthetic Cluster API inputs (not real: made here for this test) that
//! cover what the real fixtures don't: each provider's machine template, a
//! KubeadmControlPlane and MachineDeployment or MachinePool in v1beta1
//! (references by `apiVersion`) and v1beta2 (by `apiGroup`, the control
//! plane's under `machineTemplate.spec`), and ClusterClass clusters in both.

use serde_json::{json, Value};
use skewplan_core::model::{ControlPlaneDetails, PoolDetails};
use skewplan_core::plan::{MachineChange, CONTROL_PLANE_MACHINES};
use skewplan_core::Cluster;
use skewplan_testkit::rendered_fixture;

const INFRA_GROUP: &str = "infrastructure.cluster.x-k8s.io";

/// Each provider's machine template and the API version a v1beta1
/// reference names (the version each provider's current release stores).
const TEMPLATES: &[(&str, &str)] = &[
    ("AWSMachineTemplate", "v1beta2"),
    ("AzureMachineTemplate", "v1beta1"),
    ("GCPMachineTemplate", "v1beta1"),
    ("VSphereMachineTemplate", "v1beta1"),
    ("DockerMachineTemplate", "v1beta1"),
    ("NutanixMachineTemplate", "v1beta1"),
];

/// A reference in the form of `core` (v1beta1: apiVersion, v1beta2: apiGroup).
fn reference(core: &str, group: &str, version: &str, kind: &str, name: &str) -> Value {
    if core == "v1beta1" {
        json!({"apiVersion": format!("{group}/{version}"), "kind": kind, "name": name})
    } else {
        json!({"apiGroup": group, "kind": kind, "name": name})
    }
}

fn object(api: String, kind: &str, meta: Value, spec: Value) -> Value {
    json!({"apiVersion": api, "kind": kind, "metadata": meta, "spec": spec})
}

/// A `kubectl get -o json` list of `items`.
fn list(items: Vec<Value>) -> String {
    serde_json::to_string_pretty(&json!({"apiVersion": "v1", "kind": "List", "items": items})).unwrap()
}

fn kcp_and_workers(core: &str, kind: &str, version: &str, worker: &str) -> String {
    let cp_ref = reference(core, INFRA_GROUP, version, kind, "prod-cp-v1");
    let machine_template = if core == "v1beta1" {
        json!({"infrastructureRef": cp_ref})
    } else {
        json!({"spec": {"infrastructureRef": cp_ref}})
    };
    let worker_infra = if worker == "MachinePool" { kind.replace("Template", "Pool") } else { kind.to_string() };
    let boot_kind = if worker == "MachinePool" { "KubeadmConfig" } else { "KubeadmConfigTemplate" };
    let meta = |name: &str| json!({"name": name, "namespace": "team-a"});
    list(vec![
        object(
            format!("cluster.x-k8s.io/{core}"),
            "Cluster",
            meta("prod"),
            json!({"controlPlaneRef": reference(core, "controlplane.cluster.x-k8s.io", core, "KubeadmControlPlane", "prod-cp")}),
        ),
        object(
            format!("controlplane.cluster.x-k8s.io/{core}"),
            "KubeadmControlPlane",
            meta("prod-cp"),
            json!({"replicas": 3, "version": "v1.31.4", "machineTemplate": machine_template}),
        ),
        object(
            format!("cluster.x-k8s.io/{core}"),
            worker,
            meta("prod-md-0"),
            json!({"clusterName": "prod", "replicas": 4, "template": {"spec": {
                "clusterName": "prod",
                "version": "v1.31.4",
                "bootstrap": {"configRef": reference(core, "bootstrap.cluster.x-k8s.io", core, boot_kind, "prod-md-0")},
                "infrastructureRef": reference(core, INFRA_GROUP, version, &worker_infra, "prod-md-0-v1"),
            }}}),
        ),
    ])
}

fn topology(core: &str) -> String {
    let class = if core == "v1beta1" { "class" } else { "classRef" };
    let class_value = if core == "v1beta1" { json!("quick-start") } else { json!({"name": "quick-start"}) };
    let cp = reference(core, "controlplane.cluster.x-k8s.io", core, "KubeadmControlPlane", "capi-quickstart-7vxrr");
    let owned = |extra: (&str, &str)| {
        let mut labels = json!({"topology.cluster.x-k8s.io/owned": ""});
        labels[extra.0] = json!(extra.1);
        labels
    };
    list(vec![
        object(
            format!("cluster.x-k8s.io/{core}"),
            "Cluster",
            json!({"name": "capi-quickstart", "namespace": "default"}),
            json!({"controlPlaneRef": cp, "topology": {
                class: class_value,
                "version": "v1.31.4",
                "controlPlane": {"replicas": 3},
                "workers": {"machineDeployments": [{"class": "default-worker", "name": "md-0", "replicas": 2}]},
            }}),
        ),
        object(
            format!("controlplane.cluster.x-k8s.io/{core}"),
            "KubeadmControlPlane",
            json!({"name": "capi-quickstart-7vxrr", "namespace": "default",
                "labels": owned(("cluster.x-k8s.io/cluster-name", "capi-quickstart"))}),
            json!({"replicas": 3, "version": "v1.31.4"}),
        ),
        object(
            format!("cluster.x-k8s.io/{core}"),
            "MachineDeployment",
            json!({"name": "capi-quickstart-md-0-abcde", "namespace": "default",
                "labels": owned(("topology.cluster.x-k8s.io/deployment-name", "md-0"))}),
            json!({"clusterName": "capi-quickstart", "replicas": 2,
                "template": {"spec": {"clusterName": "capi-quickstart", "version": "v1.31.4"}}}),
        ),
    ])
}

/// (name, JSON text) of every synthetic input.
pub(crate) fn synthetic() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for core in ["v1beta1", "v1beta2"] {
        for (kind, version) in TEMPLATES {
            for worker in ["MachineDeployment", "MachinePool"] {
                out.push((format!("{core}-{kind}-{worker}"), kcp_and_workers(core, kind, version, worker)));
            }
        }
        out.push((format!("{core}-topology"), topology(core)));
    }
    out
}

/// A size and an image in the form the template kind takes (AWS when the
/// kind is unknown, so that its refusal is also exercised).
fn values(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "AzureMachineTemplate" => {
            ("Standard_D8s_v5", "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/images/capi")
        }
        "GCPMachineTemplate" => ("n2-standard-4", "projects/p/global/images/capi-ubuntu"),
        "VSphereMachineTemplate" => ("4x16", "ubuntu-2204-kube-next"),
        "DockerMachineTemplate" => ("large", "kindest/node:next"),
        "NutanixMachineTemplate" => ("4x16", "prism-image-next"),
        _ => ("m5.xlarge", "ami-0123456789abcdef0"),
    }
}

/// The machine-change variants: none, size, image, both, each for every
/// pool and the control plane.
pub(crate) fn machine_changes(cluster: &Cluster) -> Vec<(&'static str, Vec<MachineChange>)> {
    let mut targets: Vec<(String, String)> = cluster
        .pools
        .iter()
        .map(|p| {
            let kind = match &p.details {
                PoolDetails::ClusterApi { infrastructure_ref: Some(r), .. } => r.kind.clone(),
                _ => String::new(),
            };
            (p.name.clone(), kind)
        })
        .collect();
    if let ControlPlaneDetails::ClusterApi { .. } = &cluster.control_plane.details {
        let kind = cluster.control_plane.cluster_api_template().map(|r| r.kind.clone()).unwrap_or_default();
        targets.push((CONTROL_PLANE_MACHINES.to_string(), kind));
    }
    let with = |size: bool, image: bool| -> Vec<MachineChange> {
        targets
            .iter()
            .map(|(pool, kind)| {
                let (s, i) = values(kind);
                MachineChange {
                    pool: pool.clone(),
                    machine_size: size.then(|| s.to_string()),
                    machine_image: image.then(|| i.to_string()),
                }
            })
            .collect()
    };
    vec![
        ("none", Vec::new()),
        ("size", with(true, false)),
        ("image", with(false, true)),
        ("size+image", with(true, true)),
    ]
}

/// The real provider templates of managed control planes (CAPZ on AKS, with
/// and without ASO; CAPA on EKS), rendered as clusterctl would (they read
/// only once their variables are given, so `fixture_files` skips them).
/// CAPA's managed machine pool flavor sets no MachinePool version, so one
/// is added there (synthetic, named so).
pub(crate) fn managed_templates() -> Vec<(String, String)> {
    let real = [
        ("cluster-api/capz_templates_aks_TEMPLATED.yaml", "v1.32.6"),
        ("cluster-api/capz_templates_aks-aso_TEMPLATED.yaml", "v1.32.6"),
        ("cluster-api/capa_templates_eks_TEMPLATED.yaml", "v1.31.0"),
    ];
    let mut out: Vec<(String, String)> =
        real.iter().map(|(rel, v)| (format!("real/{rel} ({v})"), rendered_fixture(rel, v))).collect();
    let rel = "cluster-api/capa_templates_eks-managedmachinepool_TEMPLATED.yaml";
    let pool = "    spec:\n      clusterName: \"prod\"\n      bootstrap:";
    let text = rendered_fixture(rel, "v1.31.0");
    assert!(text.contains(pool), "{rel}: the MachinePool's template moved");
    let text =
        text.replacen(pool, "    spec:\n      clusterName: \"prod\"\n      version: v1.31.0\n      bootstrap:", 1);
    out.push((format!("synthetic/{rel} (v1.31.0, MachinePool version v1.31.0 added)"), text));
    // The embedded ASO resources' versions set (the JSON patches of them).
    let rel = "cluster-api/capz_templates_aks-aso_TEMPLATED.yaml";
    let text = rendered_fixture(rel, "v1.32.6")
        .replacen("      dnsPrefix: prod\n", "      dnsPrefix: prod\n      kubernetesVersion: 1.32.6\n", 1)
        .replace("      azureName: pool", "      orchestratorVersion: 1.32.6\n      azureName: pool");
    assert!(text.contains("kubernetesVersion: 1.32.6") && text.contains("orchestratorVersion"), "{rel} moved");
    out.push((format!("synthetic/{rel} (v1.32.6, embedded ManagedCluster and agent pool versions added)"), text));
    out
}
