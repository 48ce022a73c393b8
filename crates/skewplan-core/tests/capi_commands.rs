//! Cluster API commands for the cases the fidelity review found wrong (its
//! appendix inputs A7–A9 and A-nutanix among them).

use skewplan_core::api::{Choices, MachineChangeChoice, Outcome};
use skewplan_core::Subject;
use skewplan_testkit::{run_ok, step_commands};

/// A9: a v1beta1 KubeadmControlPlane (3 replicas, an AWSMachineTemplate that
/// pins an AMI) and one MachineDeployment on another AMI.
const A9: &str = r#"
apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: Cluster
  metadata: {name: prod, namespace: team-a}
  spec:
    controlPlaneRef: {apiVersion: controlplane.cluster.x-k8s.io/v1beta1, kind: KubeadmControlPlane, name: prod-cp}
- apiVersion: controlplane.cluster.x-k8s.io/v1beta1
  kind: KubeadmControlPlane
  metadata: {name: prod-cp, namespace: team-a}
  spec:
    replicas: 3
    version: v1.31.4
    machineTemplate:
      infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: prod-cp-v1}
  status: {replicas: 3, updatedReplicas: 3, version: v1.31.4}
- apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
  kind: AWSMachineTemplate
  metadata: {name: prod-cp-v1, namespace: team-a}
  spec:
    template:
      spec:
        instanceType: m5.large
        ami: {id: ami-0aaaaaaaaaaaaaaaa}
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: MachineDeployment
  metadata: {name: prod-md-0, namespace: team-a}
  spec:
    clusterName: prod
    replicas: 4
    template:
      spec:
        clusterName: prod
        version: v1.31.4
        bootstrap:
          configRef: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: prod-md-0}
        infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: prod-md-0-v1}
  status: {replicas: 4, updatedReplicas: 4}
- apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
  kind: AWSMachineTemplate
  metadata: {name: prod-md-0-v1, namespace: team-a}
  spec:
    template:
      spec:
        instanceType: m5.large
        ami: {id: ami-0bbbbbbbbbbbbbbbb}
"#;

fn outcome(text: &str, choices: &Choices) -> Outcome {
    run_ok(text, choices)
}

fn file<'a>(outcome: &'a Outcome, name: &str) -> &'a str {
    let (_, _, sel) = outcome.selected().expect("a plan");
    let names: Vec<&str> = sel.rendered.files.iter().map(|f| f.name.as_str()).collect();
    let f = sel.rendered.files.iter().find(|f| f.name == name);
    &f.unwrap_or_else(|| panic!("no file {name} in {names:?}")).content
}

fn control_plane_findings(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan.findings.iter().filter(|f| f.subject == Subject::ControlPlane).map(|f| f.message.clone()).collect()
}

/// Review row 6 (A9): the control plane's pinned AMI gets the same finding
/// as a worker's, with the lookup the commands show.
#[test]
fn a_control_plane_image_needs_the_image_of_the_new_version() {
    let out = outcome(A9, &Choices { target: "1.32.13".into(), ..Choices::default() });
    assert_eq!(
        control_plane_findings(&out),
        ["the control plane `prod-cp` uses the machine image ami-0aaaaaaaaaaaaaaaa; give the image built for 1.32.13 as the machine change of `prod-cp` (or `control-plane`) (the plan's commands show how to look one up)"]
    );
    let (_, _, sel) = out.selected().unwrap();
    assert!(sel.rendered.steps[0]
        .notes
        .iter()
        .any(|n| n.contains("clusterawsadm ami list --kubernetes-version v1.32.13")));
}

/// Review row 6: a control-plane machine change is a new template and ONE
/// KubeadmControlPlane patch of the version and the template together.
#[test]
fn a_control_plane_machine_change_patches_version_and_template_together() {
    for name in ["prod-cp", "control-plane"] {
        let change = MachineChangeChoice {
            pool: name.into(),
            machine_image: "ami-0cccccccccccccccc".into(),
            ..MachineChangeChoice::default()
        };
        let out =
            outcome(A9, &Choices { target: "1.32.13".into(), machine_changes: vec![change], ..Choices::default() });
        assert!(control_plane_findings(&out).is_empty(), "{name}");
        let commands = step_commands(&out);
        assert!(
            commands[0].starts_with(
                "upgrade-control-plane: kubectl get awsmachinetemplate.infrastructure.cluster.x-k8s.io prod-cp-v1 "
            ),
            "{commands:?}"
        );
        assert_eq!(
            commands[1],
            "upgrade-control-plane: kubectl patch kubeadmcontrolplane.v1beta1.controlplane.cluster.x-k8s.io prod-cp --namespace \"$NAMESPACE\" --type=merge --patch-file=step-01-prod-cp-kubernetes-version-patch.yaml"
        );
        assert_eq!(
            file(&out, "step-01-prod-cp-kubernetes-version-patch.yaml"),
            "apiVersion: \"controlplane.cluster.x-k8s.io/v1beta1\"\nkind: \"KubeadmControlPlane\"\nspec:\n  version: \"v1.32.13\"\n  machineTemplate:\n    infrastructureRef:\n      name: \"prod-cp-v1-1-32-13\"\n"
        );
        let image_patch = format!("step-01-{name}-machine-image-patch.yaml");
        assert!(file(&out, &image_patch).ends_with("      ami:\n        id: \"ami-0cccccccccccccccc\"\n"));
    }
}

/// v1beta2 nests the template reference under machineTemplate.spec.
#[test]
fn a_v1beta2_control_plane_takes_the_template_under_machine_template_spec() {
    let text = A9
        .replace(
            "controlplane.cluster.x-k8s.io/v1beta1, kind: KubeadmControlPlane, name",
            "controlplane.cluster.x-k8s.io/v1beta2, kind: KubeadmControlPlane, name",
        )
        .replace(
            "- apiVersion: controlplane.cluster.x-k8s.io/v1beta1",
            "- apiVersion: controlplane.cluster.x-k8s.io/v1beta2",
        )
        .replace(
            "    machineTemplate:\n      infrastructureRef:",
            "    machineTemplate:\n      spec:\n        infrastructureRef:",
        );
    let change =
        MachineChangeChoice { pool: "control-plane".into(), machine_size: "m5.xlarge".into(), ..Default::default() };
    let out =
        outcome(&text, &Choices { target: "1.32.13".into(), machine_changes: vec![change], ..Choices::default() });
    assert_eq!(
        file(&out, "step-01-prod-cp-kubernetes-version-patch.yaml"),
        "apiVersion: \"controlplane.cluster.x-k8s.io/v1beta2\"\nkind: \"KubeadmControlPlane\"\nspec:\n  version: \"v1.32.13\"\n  machineTemplate:\n    spec:\n      infrastructureRef:\n        name: \"prod-cp-v1-1-32-13\"\n"
    );
}

/// Over several hops the change rides with the last control-plane hop only.
#[test]
fn a_control_plane_machine_change_is_made_with_the_last_hop() {
    let change = MachineChangeChoice {
        pool: "prod-cp".into(),
        machine_image: "ami-0cccccccccccccccc".into(),
        ..Default::default()
    };
    let out = outcome(A9, &Choices { target: "1.33.13".into(), machine_changes: vec![change], ..Choices::default() });
    let (_, _, sel) = out.selected().unwrap();
    let with_template: Vec<usize> = sel
        .rendered
        .steps
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.commands
                .iter()
                .any(|c| c.starts_with("kubectl get awsmachinetemplate.infrastructure.cluster.x-k8s.io prod-cp-v1 "))
        })
        .map(|(i, _)| i)
        .collect();
    let last_cp = sel.plan.steps.iter().rposition(|s| s.subject == Subject::ControlPlane && s.to.is_some()).unwrap();
    assert_eq!(with_template, [last_cp]);
}

/// Review row 28: the lookup hint only where a lookup is shown (AMIs).
#[test]
fn images_without_a_lookup_get_no_lookup_hint() {
    let text = A9.replace("ami: {id: ami-0aaaaaaaaaaaaaaaa}", "ami: {id: prism-image}");
    let out = outcome(&text, &Choices { target: "1.32.13".into(), ..Choices::default() });
    let findings = control_plane_findings(&out);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].ends_with("(or `control-plane`)"), "{findings:?}");
}

/// A6: a ClusterClass cluster with its topology-owned KubeadmControlPlane and
/// MachineDeployment.
const A6: &str = r#"
apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: Cluster
  metadata: {name: capi-quickstart, namespace: default}
  spec:
    controlPlaneRef: {apiVersion: controlplane.cluster.x-k8s.io/v1beta1, kind: KubeadmControlPlane, name: capi-quickstart-7vxrr}
    topology:
      class: quick-start
      version: v1.31.4
      controlPlane: {replicas: 3}
      workers:
        machineDeployments:
        - {class: default-worker, name: md-0, replicas: 2}
- apiVersion: controlplane.cluster.x-k8s.io/v1beta1
  kind: KubeadmControlPlane
  metadata:
    name: capi-quickstart-7vxrr
    namespace: default
    labels: {topology.cluster.x-k8s.io/owned: "", cluster.x-k8s.io/cluster-name: capi-quickstart}
  spec: {replicas: 3, version: v1.31.4}
  status: {replicas: 3, updatedReplicas: 3, version: v1.31.4}
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: MachineDeployment
  metadata:
    name: capi-quickstart-md-0-abcde
    namespace: default
    labels: {topology.cluster.x-k8s.io/owned: "", topology.cluster.x-k8s.io/deployment-name: md-0}
  spec:
    clusterName: capi-quickstart
    replicas: 2
    template:
      spec: {clusterName: capi-quickstart, version: v1.31.4}
  status: {replicas: 2, updatedReplicas: 2}
"#;

/// Review row 5 (A6): a topology cluster is upgraded by patching the
/// Cluster's spec.topology.version one minor at a time; the topology-owned
/// objects are never patched and the workers are counted once.
#[test]
fn a_topology_cluster_is_upgraded_through_spec_topology_version() {
    let out = outcome(A6, &Choices { target: "1.33.13".into(), ..Choices::default() });
    let (_, cluster, sel) = out.selected().unwrap();
    assert_eq!(cluster.pools.len(), 1, "{:?}", cluster.pools.iter().map(|p| &p.name).collect::<Vec<_>>());
    let commands = step_commands(&out);
    assert!(commands.iter().all(|c| !c.contains("kubectl patch kubeadmcontrolplane") && !c.contains("kubectl patch machinedeployment")), "{commands:#?}");
    let patches: Vec<&String> = commands.iter().filter(|c| c.contains("kubectl patch")).collect();
    assert_eq!(
        patches,
        [
            "upgrade-cluster: kubectl patch cluster.v1beta1.cluster.x-k8s.io capi-quickstart --namespace \"$NAMESPACE\" --type=merge --patch-file=step-01-capi-quickstart-topology-version-patch.yaml",
            "upgrade-cluster: kubectl patch cluster.v1beta1.cluster.x-k8s.io capi-quickstart --namespace \"$NAMESPACE\" --type=merge --patch-file=step-02-capi-quickstart-topology-version-patch.yaml",
        ]
    );
    assert_eq!(
        file(&out, "step-02-capi-quickstart-topology-version-patch.yaml"),
        "apiVersion: \"cluster.x-k8s.io/v1beta1\"\nkind: \"Cluster\"\nspec:\n  topology:\n    version: \"v1.33.13\"\n"
    );
    let step1: Vec<&String> =
        commands.iter().filter(|c| c.starts_with("upgrade-cluster: kubectl wait")).take(3).collect();
    assert!(
        step1[0].contains("cluster.v1beta1.cluster.x-k8s.io capi-quickstart")
            && step1[0].contains("observedGeneration"),
        "{step1:#?}"
    );
    assert!(
        step1[1].contains("kubeadmcontrolplane.v1beta1.controlplane.cluster.x-k8s.io capi-quickstart-7vxrr")
            && step1[1].contains("{.status.version}=v1.32"),
        "{step1:#?}"
    );
    assert!(
        step1[2].contains("cluster.v1beta1.cluster.x-k8s.io capi-quickstart")
            && step1[2].contains("--for=condition=TopologyReconciled=True"),
        "{step1:#?}"
    );
    assert_eq!(sel.plan.steps.len(), 2);
}

fn step_notes(outcome: &Outcome) -> Vec<Vec<String>> {
    outcome.selected().unwrap().2.rendered.steps.iter().map(|s| s.notes.clone()).collect()
}

/// Review row 22: each step after which a MachineDeployment is on another
/// minor than the KubeadmControlPlane says what KubeadmVersionSkew blocks,
/// and when lockstep avoids it.
#[test]
fn lagging_machine_deployments_are_warned_about_kubeadm_version_skew() {
    let out = outcome(A9, &Choices { target: "1.33.13".into(), ..Choices::default() });
    let notes = step_notes(&out);
    let skew = |n: &Vec<String>| n.iter().find(|x| x.contains("KubeadmVersionSkew")).cloned();
    let first = skew(&notes[0]).expect("a skew note after the first hop");
    assert!(
        first.starts_with("after this step `prod-cp` is on 1.32.")
            && first
                .contains("on another minor: `prod-md-0` (1.31.4). The MachineSet preflight check KubeadmVersionSkew"),
        "{first}"
    );
    assert!(first.ends_with("the lockstep strategy moves every MachineDeployment to each control-plane minor right after it, which keeps this window short"), "{first}");
    assert!(skew(notes.last().unwrap()).is_none(), "{notes:#?}");

    let out = outcome(A9, &Choices { target: "1.33.13".into(), strategy: "lockstep".into(), ..Choices::default() });
    let (_, _, sel) = out.selected().unwrap();
    for ((step, after), notes) in sel.plan.steps.iter().zip(sel.plan.states()).zip(step_notes(&out)) {
        let lags = after.pools.values().any(|v| v.minor() != after.control_plane.minor());
        assert_eq!(skew(&notes).is_some(), lags, "{}: {notes:?}", step.reason);
        if let Some(n) = skew(&notes) {
            assert!(n.ends_with("they catch up when their own rollout to this minor finishes"), "{n}");
        }
    }
}

fn blocked(outcome: &Outcome) -> (String, String) {
    let (_, _, sel) = outcome.selected().expect("a plan");
    let b = sel.plan.blocked.as_ref().expect("a blocked plan");
    (b.rule.id.to_string(), b.message.clone())
}

/// Review row 15: EKS Anywhere versions and EKS Distro images are refused,
/// pointing to eksctl anywhere.
#[test]
fn eks_anywhere_clusters_are_left_to_eksctl_anywhere() {
    let eks_version = A9.replace("v1.31.4", "v1.31.4-eks-1-31-10");
    let out = outcome(&eks_version, &Choices { target: "1.32.13".into(), ..Choices::default() });
    let (rule, message) = blocked(&out);
    assert_eq!(rule, "capi.eks-anywhere");
    assert!(
        message.contains("v1.31.4-eks-1-31-10") && message.contains("eksctl anywhere upgrade cluster"),
        "{message}"
    );

    let eks_images = A9.replace(
        "  spec:\n    replicas: 3\n",
        "  spec:\n    replicas: 3\n    kubeadmConfigSpec:\n      clusterConfiguration: {imageRepository: public.ecr.aws/eks-distro/kubernetes}\n",
    );
    assert_ne!(eks_images, A9);
    let out = outcome(&eks_images, &Choices { target: "1.32.13".into(), ..Choices::default() });
    assert_eq!(blocked(&out).0, "capi.eks-anywhere");
}

/// Review row 15: a provider suffix is never dropped by a patch; the target
/// is asked for in that form, and kept in the patch when given.
#[test]
fn provider_suffixes_are_kept_or_asked_for() {
    let rke2 = A9.replace("v1.31.4", "v1.31.4+rke2r1");
    let out = outcome(&rke2, &Choices { target: "1.32.13".into(), ..Choices::default() });
    let (rule, message) = blocked(&out);
    assert_eq!(rule, "capi.version-suffix");
    assert!(message.ends_with("(for example v1.32.13+rke2r1)"), "{message}");

    let out = outcome(&rke2, &Choices { target: "v1.32.13+rke2r1".into(), ..Choices::default() });
    let (_, _, sel) = out.selected().unwrap();
    assert!(sel.plan.blocked.is_none(), "{:?}", sel.plan.blocked);
    assert!(file(&out, "step-01-prod-cp-kubernetes-version-patch.yaml").contains("version: \"v1.32.13+rke2r1\""));
}

/// A v1beta2 topology Cluster also waits for its RollingOut condition, the
/// summary of the control plane's and the MachineDeployments' rollouts.
#[test]
fn a_v1beta2_topology_cluster_also_waits_for_rolling_out() {
    let text = A6.replace(
        "apiVersion: cluster.x-k8s.io/v1beta1\n  kind: Cluster",
        "apiVersion: cluster.x-k8s.io/v1beta2\n  kind: Cluster",
    );
    assert_ne!(text, A6);
    let out = outcome(&text, &Choices { target: "1.32.13".into(), ..Choices::default() });
    let waits: Vec<String> = step_commands(&out).into_iter().filter(|c| c.contains("kubectl wait cluster.")).collect();
    assert_eq!(waits.len(), 3, "{waits:#?}");
    assert!(waits[1].contains("--for=condition=TopologyReconciled=True --timeout="));
    assert!(waits[2].contains("--for=condition=RollingOut=False --timeout="));
}
