//! Exact commands and readings for managed Cluster API control planes in the
//! cases the real templates do not show (synthetic inputs, inline): versions
//! kept in embedded ASO resources, auto-upgraded AKS clusters, EKS managed
//! node groups with a MachinePool version, and EKS's version form.

use skewplan_core::api::{Choices, Outcome};
use skewplan_core::input::{parse, Severity};
use skewplan_core::model::PoolMode;
use skewplan_testkit::{run_ok, step_commands, workspace_root};
use std::process::Command;

fn plan(text: &str, target: &str) -> Outcome {
    run_ok(text, &Choices { target: target.into(), ..Choices::default() })
}

/// The content of the plan's file `name`.
fn file<'a>(outcome: &'a Outcome, name: &str) -> &'a str {
    let files = outcome.selected().map(|(_, _, sel)| sel.rendered.files.as_slice()).unwrap_or_default();
    files.iter().find(|f| f.name == name).map(|f| f.content.as_str()).unwrap_or_else(|| panic!("no file {name}"))
}

/// Synthetic: an ASO control plane whose ManagedCluster sets the version too,
/// and an ASO pool whose MachinePool names none (the agent pool does).
fn aso(spec_version: &str, embedded_version: &str) -> String {
    format!(
        r#"
apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata: {{name: c1, namespace: ns1}}
spec:
  controlPlaneRef: {{apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: AzureASOManagedControlPlane, name: c1}}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedControlPlane
metadata: {{name: c1, namespace: ns1}}
spec:
  version: "{spec_version}"
  resources:
  - apiVersion: resources.azure.com/v1api20200601
    kind: ResourceGroup
    metadata: {{name: c1}}
  - apiVersion: containerservice.azure.com/v1api20240901
    kind: ManagedCluster
    metadata: {{name: c1}}
    spec: {{kubernetesVersion: "{embedded_version}", dnsPrefix: c1}}
---
apiVersion: cluster.x-k8s.io/v1beta1
kind: MachinePool
metadata: {{name: c1-pool0, namespace: ns1}}
spec:
  clusterName: c1
  replicas: 2
  template:
    spec:
      clusterName: c1
      infrastructureRef: {{apiVersion: infrastructure.cluster.x-k8s.io/v1beta1, kind: AzureASOManagedMachinePool, name: c1-pool0}}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureASOManagedMachinePool
metadata: {{name: c1-pool0, namespace: ns1}}
spec:
  resources:
  - apiVersion: containerservice.azure.com/v1api20240901
    kind: ManagedClustersAgentPool
    metadata: {{name: c1-agentpool0}}
    spec: {{azureName: pool0, mode: System, orchestratorVersion: "1.35.6", owner: {{name: c1}}}}
"#
    )
}

const RES: &str = "azureasomanagedcontrolplane.v1beta1.infrastructure.cluster.x-k8s.io c1 --namespace \"$NAMESPACE\"";

#[test]
fn aso_versions_in_embedded_resources_are_json_patched_at_their_index() {
    let text = aso("v1.35.6", "1.35.6");
    let parsed = parse(&text).expect("read");
    assert!(parsed.is_usable(), "{:?}", parsed.diagnostics);
    let pool = &parsed.clusters[0].pools[0];
    assert_eq!(pool.version.as_ref().map(ToString::to_string).as_deref(), Some("1.35.6"));
    assert_eq!(pool.mode, PoolMode::System);

    let out = plan(&text, "1.36.2");
    let cmds = step_commands(&out);
    assert_eq!(
        cmds,
        [
            format!("upgrade-control-plane: kubectl patch {RES} --type=json --patch-file=step-01-c1-kubernetes-version-patch.json"),
            format!("upgrade-control-plane: kubectl wait {RES} '--for=jsonpath={{.status.version}}=v1.36.2' --timeout=40m"),
            format!("upgrade-control-plane: kubectl wait {RES} '--for=jsonpath={{.status.ready}}=true' --timeout=40m"),
            "upgrade-pool: kubectl patch azureasomanagedmachinepool.v1beta1.infrastructure.cluster.x-k8s.io c1-pool0 --namespace \"$NAMESPACE\" --type=json --patch-file=step-02-c1-pool0-kubernetes-version-patch.json".to_string(),
            "upgrade-pool: kubectl wait managedclustersagentpool.containerservice.azure.com c1-agentpool0 --namespace \"$NAMESPACE\" '--for=jsonpath={.status.currentOrchestratorVersion}=1.36.2' --timeout=50m".to_string(),
        ]
    );
    assert_eq!(
        file(&out, "step-01-c1-kubernetes-version-patch.json"),
        r#"[
  {
    "op": "test",
    "path": "/spec/resources/1/kind",
    "value": "ManagedCluster"
  },
  {
    "op": "replace",
    "path": "/spec/resources/1/spec/kubernetesVersion",
    "value": "1.36.2"
  },
  {
    "op": "replace",
    "path": "/spec/version",
    "value": "v1.36.2"
  }
]
"#
    );
    // The pool's MachinePool names no version: only the agent pool changes.
    let pool_patch = file(&out, "step-02-c1-pool0-kubernetes-version-patch.json");
    assert!(
        pool_patch.contains("\"/spec/resources/0/spec/orchestratorVersion\"") && !pool_patch.contains("/spec/version")
    );
    apply_json_patches(&text, &out);
}

#[test]
fn aso_embedded_version_that_capz_would_refuse_is_a_located_error() {
    let parsed = parse(&aso("v1.35.6", "1.34.9")).expect("read");
    let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        ["error: document 2: spec.resources[1].spec.kubernetesVersion: 1.34.9 differs from the Cluster API version 1.35.6: CAPZ copies that version here and refuses another value (pkg/mutators, Incompatible); remove this field or make it equal"]
    );
}

#[test]
fn aso_without_spec_version_reads_and_patches_the_embedded_one_only() {
    let text = aso("", "1.35.6");
    let parsed = parse(&text).expect("read");
    assert_eq!(parsed.clusters[0].control_plane.version.as_ref().map(ToString::to_string).as_deref(), Some("1.35.6"));
    let out = plan(&text, "1.36.2");
    let patch = file(&out, "step-01-c1-kubernetes-version-patch.json");
    assert!(patch.contains("kubernetesVersion") && !patch.contains("/spec/version"), "{patch}");
    apply_json_patches(&text, &out);
}

/// Applies every JSON patch to its object with `kubectl patch --local`.
fn apply_json_patches(text: &str, out: &Outcome) {
    if Command::new("kubectl").arg("version").arg("--client").output().is_err() {
        assert!(std::env::var("SKEWPLAN_REQUIRE_TOOLS").as_deref() != Ok("1"), "kubectl is missing");
        return;
    }
    let dir = std::env::temp_dir().join(format!("skewplan-capi-managed-json-{}-{}", std::process::id(), text.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_, _, sel) = out.selected().expect("a plan");
    for line in sel.rendered.steps.iter().flat_map(|s| &s.commands).filter(|c| c.contains("--type=json")) {
        let words: Vec<&str> = line.split(' ').collect();
        let kind = words[2].split('.').next().unwrap();
        let object = text
            .split("\n---")
            .find(|d| {
                d.to_lowercase().contains(&format!("\nkind: {kind}\n"))
                    && d.contains(&format!("metadata: {{name: {}, ", words[3]))
            })
            .unwrap();
        let name = words.iter().find_map(|w| w.strip_prefix("--patch-file=")).unwrap();
        std::fs::write(dir.join("object.yaml"), object.trim_start_matches('\n')).unwrap();
        std::fs::write(dir.join("patch.json"), file(out, name)).unwrap();
        let res = Command::new("bash")
            .arg(workspace_root().join("tools/check_kubectl.sh"))
            .args(["patch", "object.yaml", "patch.json", "json"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(res.status.success(), "{name}: {}", String::from_utf8_lossy(&res.stderr));
        let patched = String::from_utf8_lossy(&res.stdout);
        assert!(patched.contains("Version: 1.36.2"), "{name} did not set 1.36.2:\n{patched}");
    }
}

const AMCP: &str = r#"
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureManagedControlPlane
metadata: {name: c2, namespace: ns2}
spec: {version: v1.34.7}
status: {version: v1.34.7, autoUpgradeVersion: v1.35.4, ready: true}
"#;

/// AKS's auto-upgrade moved the cluster past spec.version; CAPZ refuses a
/// version below status.autoUpgradeVersion, so the plan starts there.
#[test]
fn an_auto_upgraded_aks_cluster_is_planned_from_its_auto_upgrade_version() {
    let parsed = parse(AMCP).expect("read");
    let cp = &parsed.clusters[0].control_plane;
    assert_eq!(cp.version.as_ref().map(ToString::to_string).as_deref(), Some("1.35.4"));
    let out = plan(AMCP, "1.36.2");
    assert_eq!(step_commands(&out).len(), 3, "{:?}", step_commands(&out));
    assert!(step_commands(&out)[1].ends_with("'--for=jsonpath={.status.version}=v1.36.2' --timeout=40m"));
}

const EKS_MMP: &str = r#"
apiVersion: v1
kind: List
items:
- apiVersion: controlplane.cluster.x-k8s.io/v1beta2
  kind: AWSManagedControlPlane
  metadata: {name: e1-cp, namespace: ns3}
  spec: {version: v1.33}
  status: {version: "1.33", ready: true}
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: MachinePool
  metadata: {name: e1-pool-0, namespace: ns3}
  spec:
    clusterName: e1
    replicas: 2
    template:
      spec:
        clusterName: e1
        version: v1.33.5
        infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSManagedMachinePool, name: e1-pool-0}
- apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
  kind: AWSManagedMachinePool
  metadata: {name: e1-pool-0, namespace: ns3}
  spec: {amiType: AL2023_x86_64_STANDARD}
"#;

/// EKS's minor-only version is read; the MachinePool gets a full version (as
/// Cluster API requires) and the node group's ready condition is awaited.
#[test]
fn eks_managed_machine_pool_with_a_version_is_patched_and_awaited() {
    let parsed = parse(EKS_MMP).expect("read");
    assert!(parsed.is_usable(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.clusters[0].control_plane.version.as_ref().map(ToString::to_string).as_deref(), Some("1.33"));
    let out = plan(EKS_MMP, "1.34.8");
    let cmds = step_commands(&out);
    let pool: Vec<&String> = cmds.iter().filter(|c| c.starts_with("upgrade-pool")).collect();
    assert_eq!(pool.len(), 6, "{cmds:?}");
    assert!(pool[0].ends_with("--type=merge --patch-file=step-02-e1-pool-0-kubernetes-version-patch.yaml"));
    assert_eq!(
        pool[5].as_str(),
        "upgrade-pool: kubectl wait awsmanagedmachinepool.v1beta2.infrastructure.cluster.x-k8s.io e1-pool-0 --namespace \"$NAMESPACE\" --for=condition=EKSNodegroupReady=True --timeout=50m"
    );
    assert!(file(&out, "step-02-e1-pool-0-kubernetes-version-patch.yaml").ends_with("version: \"v1.34.8\"\n"));
    assert!(file(&out, "step-01-e1-cp-kubernetes-version-patch.yaml").ends_with("version: \"v1.34\"\n"));
    assert!(parsed.diagnostics.iter().all(|d| d.severity != Severity::Error));
    let (_, _, sel) = out.selected().expect("a plan");
    let notes: Vec<&String> = sel.rendered.steps.iter().flat_map(|s| &s.notes).collect();
    assert!(!notes.iter().any(|n| n.contains("one minor per EKS update")), "{notes:?}");
    // Two minors in one pool step: CAPA makes two EKS updates.
    let far = plan(EKS_MMP, "1.35.9");
    let (_, _, sel) = far.selected().expect("a plan");
    let notes: Vec<&String> = sel.rendered.steps.iter().flat_map(|s| &s.notes).collect();
    assert!(notes.iter().any(|n| n.contains("so from 1.33.5 it makes several")), "{notes:?}");
}

/// A machine change of a managed pool needs a new pool: the step says so
/// and makes no template.
#[test]
fn a_managed_pool_machine_change_is_a_note_not_a_template() {
    use skewplan_core::api::MachineChangeChoice;
    let change =
        MachineChangeChoice { pool: "e1-pool-0".into(), machine_size: "m6i.large".into(), ..Default::default() };
    let out =
        run_ok(EKS_MMP, &Choices { target: "1.34.8".into(), machine_changes: vec![change], ..Choices::default() });
    let (_, _, sel) = out.selected().expect("a plan");
    let notes: Vec<&String> = sel.rendered.steps.iter().flat_map(|s| &s.notes).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("the machine change is not made by this step: an EKS managed node group")),
        "{notes:?}"
    );
    assert!(sel.rendered.files.iter().all(|f| !f.name.contains("template")), "{:?}", sel.rendered.files);
}
