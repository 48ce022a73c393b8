//! Synthetic Cluster API inputs (not real: made here for this test) that
//! cover what the real fixtures don't: each provider's machine template, a
//! KubeadmControlPlane and MachineDeployment or MachinePool in v1beta1
//! (references by `apiVersion`) and v1beta2 (by `apiGroup`, the control
//! plane's under `machineTemplate.spec`), and ClusterClass clusters in both.

use skewplan_core::model::{ControlPlaneDetails, PoolDetails};
use skewplan_core::plan::{MachineChange, CONTROL_PLANE_MACHINES};
use skewplan_core::Cluster;

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
fn reference(core: &str, group: &str, version: &str, kind: &str, name: &str) -> String {
    if core == "v1beta1" {
        format!("{{apiVersion: {group}/{version}, kind: {kind}, name: {name}}}")
    } else {
        format!("{{apiGroup: {group}, kind: {kind}, name: {name}}}")
    }
}

fn kcp_and_workers(core: &str, kind: &str, version: &str, worker: &str) -> String {
    let cp_ref = reference(core, INFRA_GROUP, version, kind, "prod-cp-v1");
    let cp_template = if core == "v1beta1" {
        format!("infrastructureRef: {cp_ref}")
    } else {
        format!("spec:\n        infrastructureRef: {cp_ref}")
    };
    let worker_infra = if worker == "MachinePool" { kind.replace("Template", "Pool") } else { kind.to_string() };
    let md_ref = reference(core, INFRA_GROUP, version, &worker_infra, "prod-md-0-v1");
    let boot_kind = if worker == "MachinePool" { "KubeadmConfig" } else { "KubeadmConfigTemplate" };
    let boot = reference(core, "bootstrap.cluster.x-k8s.io", core, boot_kind, "prod-md-0");
    format!(
        r#"apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/{core}
  kind: Cluster
  metadata: {{name: prod, namespace: team-a}}
  spec:
    controlPlaneRef: {cp}
- apiVersion: controlplane.cluster.x-k8s.io/{core}
  kind: KubeadmControlPlane
  metadata: {{name: prod-cp, namespace: team-a}}
  spec:
    replicas: 3
    version: v1.31.4
    machineTemplate:
      {cp_template}
- apiVersion: cluster.x-k8s.io/{core}
  kind: {worker}
  metadata: {{name: prod-md-0, namespace: team-a}}
  spec:
    clusterName: prod
    replicas: 4
    template:
      spec:
        clusterName: prod
        version: v1.31.4
        bootstrap:
          configRef: {boot}
        infrastructureRef: {md_ref}
"#,
        cp = reference(core, "controlplane.cluster.x-k8s.io", core, "KubeadmControlPlane", "prod-cp"),
    )
}

fn topology(core: &str) -> String {
    let class = if core == "v1beta1" { "class: quick-start" } else { "classRef: {name: quick-start}" };
    let cp = reference(core, "controlplane.cluster.x-k8s.io", core, "KubeadmControlPlane", "capi-quickstart-7vxrr");
    format!(
        r#"apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/{core}
  kind: Cluster
  metadata: {{name: capi-quickstart, namespace: default}}
  spec:
    controlPlaneRef: {cp}
    topology:
      {class}
      version: v1.31.4
      controlPlane: {{replicas: 3}}
      workers:
        machineDeployments:
        - {{class: default-worker, name: md-0, replicas: 2}}
- apiVersion: controlplane.cluster.x-k8s.io/{core}
  kind: KubeadmControlPlane
  metadata:
    name: capi-quickstart-7vxrr
    namespace: default
    labels: {{topology.cluster.x-k8s.io/owned: "", cluster.x-k8s.io/cluster-name: capi-quickstart}}
  spec: {{replicas: 3, version: v1.31.4}}
- apiVersion: cluster.x-k8s.io/{core}
  kind: MachineDeployment
  metadata:
    name: capi-quickstart-md-0-abcde
    namespace: default
    labels: {{topology.cluster.x-k8s.io/owned: "", topology.cluster.x-k8s.io/deployment-name: md-0}}
  spec:
    clusterName: capi-quickstart
    replicas: 2
    template:
      spec: {{clusterName: capi-quickstart, version: v1.31.4}}
"#
    )
}

/// (name, YAML) of every synthetic input.
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
