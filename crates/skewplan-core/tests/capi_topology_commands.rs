//! Cluster API clusters with a managed topology (ClusterClass): the real
//! public Cluster manifests under tests/fixtures/real/cluster-api planned end
//! to end, chained upgrades from `ClusterClass.spec.kubernetesVersions`,
//! workers held by `defer-upgrade` / `hold-upgrade-sequence`, the upgrade
//! concurrency, MachinePool topologies and distribution version strings
//! (RKE2, Tanzu Kubernetes releases).

use skewplan_core::api::{Choices, MachineChangeChoice, Outcome};
use skewplan_testkit::{run_ok, step_commands};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/real/cluster-api/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn plan(text: &str, target: &str) -> Outcome {
    run_ok(text, &Choices { target: target.into(), ..Choices::default() })
}

fn file<'a>(outcome: &'a Outcome, name: &str) -> &'a str {
    let (_, _, sel) = outcome.selected().expect("a plan");
    let f = sel.rendered.files.iter().find(|f| f.name == name);
    &f.unwrap_or_else(|| panic!("no file {name}")).content
}

fn first_step(outcome: &Outcome) -> Vec<String> {
    outcome.selected().expect("a plan").2.rendered.steps[0].commands.clone()
}

fn notes(outcome: &Outcome) -> Vec<Vec<String>> {
    outcome.selected().unwrap().2.rendered.steps.iter().map(|s| s.notes.clone()).collect()
}

fn blocked(outcome: &Outcome) -> Option<(String, String)> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan.blocked.as_ref().map(|b| (b.rule.id.to_string(), b.message.clone()))
}

/// The first step of a one-minor topology upgrade: the patch of the
/// Cluster, its observed generation, TopologyReconciled (and RollingOut in
/// v1beta2).
fn topology_step(cluster: &str, v1beta2: bool, timeout: u64) -> Vec<String> {
    let res = format!("cluster.{}.cluster.x-k8s.io", if v1beta2 { "v1beta2" } else { "v1beta1" });
    let mut lines = vec![
        format!("kubectl patch {res} {cluster} --namespace \"$NAMESPACE\" --type=merge --patch-file=step-01-{cluster}-topology-version-patch.yaml"),
        format!("kubectl wait {res} {cluster} --namespace \"$NAMESPACE\" '--for=jsonpath={{.status.observedGeneration}}='\"$(kubectl get {res} {cluster} --namespace \"$NAMESPACE\" '--output=jsonpath={{.metadata.generation}}')\" --timeout=10m"),
        format!("kubectl wait {res} {cluster} --namespace \"$NAMESPACE\" --for=condition=TopologyReconciled=True --timeout={timeout}m"),
    ];
    if v1beta2 {
        lines.push(format!(
            "kubectl wait {res} {cluster} --namespace \"$NAMESPACE\" --for=condition=RollingOut=False --timeout={timeout}m"
        ));
    }
    lines
}

/// Every real public ClusterClass Cluster (SOURCES.md, section 5) gets a
/// valid plan with exact commands, or a refusal that says why; the rows are
/// in tests/data/capi-topology-real.json.
#[test]
fn real_clusterclass_clusters_are_planned_end_to_end() {
    let rows: Vec<serde_json::Value> = serde_json::from_str(include_str!("data/capi-topology-real.json")).unwrap();
    assert_eq!(rows.len(), 9);
    for row in &rows {
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k} in {v}")).to_string();
        let (name, target) = (text(row, "fixture"), text(row, "target"));
        let out = plan(&fixture(&name), &target);
        if let Some(refused) = row.get("refused") {
            let (rule, message) = blocked(&out).unwrap_or_else(|| panic!("{name} {target}: not refused"));
            assert_eq!(rule, text(refused, "rule"), "{name} {target}");
            assert!(message.contains(&text(refused, "says")), "{name} {target}: {message}");
            assert!(no_commands(&out), "{name}: a refused plan has no commands");
            continue;
        }
        let want = &row["plan"];
        let (cluster, v1beta2) = (text(want, "cluster"), want["v1beta2"].as_bool().unwrap());
        assert_eq!(blocked(&out), None, "{name}");
        let (_, _, sel) = out.selected().unwrap();
        assert_eq!(Some(sel.plan.steps.len() as u64), want["steps"].as_u64(), "{name}");
        let minutes = sel.plan.steps[0].minutes;
        assert_eq!(first_step(&out), topology_step(&cluster, v1beta2, (minutes * 2 + 10).max(30)), "{name}");
        let api = if v1beta2 { "v1beta2" } else { "v1beta1" };
        assert_eq!(
            file(&out, &format!("step-01-{cluster}-topology-version-patch.yaml")),
            format!(
                "apiVersion: \"cluster.x-k8s.io/{api}\"\nkind: \"Cluster\"\nspec:\n  topology:\n    version: \"{}\"\n",
                text(want, "version")
            ),
            "{name}"
        );
        let note = text(want, "note");
        assert!(notes(&out)[0].iter().any(|n| n.contains(&note)), "{name}: {:#?}", notes(&out)[0]);
        let commands = step_commands(&out);
        let owned = |c: &String| c.contains("patch kubeadmcontrolplane") || c.contains("patch machinedeployment");
        assert!(!commands.iter().any(owned), "{name}");
    }
}

fn no_commands(outcome: &Outcome) -> bool {
    outcome.selected().unwrap().2.rendered.steps.iter().all(|s| s.commands.is_empty())
}

/// A v1beta2 Cluster with its ClusterClass, which lists the versions its
/// clusters may run (chained upgrades, Cluster API v1.12+), its
/// topology-owned KubeadmControlPlane and MachineDeployment, a MachinePool
/// topology and an upgrade concurrency of 2.
const CHAINED: &str = include_str!("data/capi-topology-chained.SYNTHETIC.yaml");

fn actions(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().unwrap();
    sel.plan
        .steps
        .iter()
        .map(|s| {
            format!("{} {} {}", s.action.id(), s.subject, s.to.as_ref().map(ToString::to_string).unwrap_or_default())
        })
        .collect()
}

const KCP: &str = "kubeadmcontrolplane.v1beta2.controlplane.cluster.x-k8s.io prod-cp-x7k2p --namespace \"$NAMESPACE\"";
const MD: &str = "machinedeployment.v1beta2.cluster.x-k8s.io prod-md-0-q8z4n --namespace \"$NAMESPACE\"";
const CLUSTER: &str = "cluster.v1beta2.cluster.x-k8s.io prod --namespace \"$NAMESPACE\"";

/// ClusterClass.spec.kubernetesVersions: one patch of spec.topology.version
/// to the target; the control plane goes through the newest version of each
/// minor in the list and the workers only every third minor and last
/// (cluster-api exp/topology/desiredstate/upgrade_plan.go); the later steps
/// only wait.
#[test]
fn a_chained_upgrade_is_one_patch_to_the_target_then_waits_for_each_version() {
    let out = plan(CHAINED, "1.35");
    assert_eq!(blocked(&out), None);
    assert_eq!(
        actions(&out),
        [
            "upgrade-control-plane control-plane 1.32.3",
            "upgrade-control-plane control-plane 1.33.1",
            "upgrade-control-plane control-plane 1.34.2",
            "upgrade-pool pool/mp-0 1.34.2",
            "upgrade-pool pool/prod-md-0-q8z4n 1.34.2",
            "upgrade-control-plane control-plane 1.35.0",
            "upgrade-pool pool/mp-0 1.35.0",
            "upgrade-pool pool/prod-md-0-q8z4n 1.35.0",
        ]
    );
    let patches: Vec<String> = step_commands(&out).into_iter().filter(|c| c.contains("kubectl patch")).collect();
    assert_eq!(patches, [format!("upgrade-control-plane: kubectl patch {CLUSTER} --type=merge --patch-file=step-01-prod-topology-version-patch.yaml")]);
    assert_eq!(
        file(&out, "step-01-prod-topology-version-patch.yaml"),
        "apiVersion: \"cluster.x-k8s.io/v1beta2\"\nkind: \"Cluster\"\nspec:\n  topology:\n    version: \"v1.35.0\"\n"
    );
    let steps = &out.selected().unwrap().2.rendered.steps;
    assert_eq!(
        steps[0].commands[1..],
        [
            format!("kubectl wait {CLUSTER} '--for=jsonpath={{.status.observedGeneration}}='\"$(kubectl get cluster.v1beta2.cluster.x-k8s.io prod --namespace \"$NAMESPACE\" '--output=jsonpath={{.metadata.generation}}')\" --timeout=10m"),
            format!("kubectl wait {KCP} '--for=jsonpath={{.status.version}}=v1.32.3' --timeout=70m"),
            format!("kubectl wait {KCP} --for=condition=RollingOut=False --timeout=70m"),
        ]
    );
    assert_eq!(
        steps[1].commands,
        [
            format!("kubectl wait {KCP} '--for=jsonpath={{.status.version}}=v1.33.1' --timeout=70m"),
            format!("kubectl wait {KCP} --for=condition=RollingOut=False --timeout=70m"),
        ]
    );
    // The MachinePool topology's object is not in the input: a note, no wait.
    assert!(steps[3].commands.is_empty(), "{:?}", steps[3].commands);
    assert_eq!(
        steps[4].commands[0],
        format!("kubectl wait {MD} '--for=jsonpath={{.spec.template.spec.version}}=v1.34.2' --timeout=50m")
    );
    assert!(steps[4].commands[1].contains("{.status.observedGeneration}"), "{:?}", steps[4].commands);
    let last = &steps[7].commands;
    assert_eq!(
        last[last.len() - 2..],
        [
            format!("kubectl wait {CLUSTER} --for=condition=TopologyReconciled=True --timeout=50m"),
            format!("kubectl wait {CLUSTER} --for=condition=RollingOut=False --timeout=50m"),
        ]
    );
    let notes = notes(&out);
    assert!(notes[0][0].contains("upgrades the control plane through v1.32.3, v1.33.1, v1.34.2, v1.35.0 and the workers only to v1.34.2, v1.35.0"), "{}", notes[0][0]);
    assert!(notes[0].iter().any(|n| n.contains("upgrade-concurrency is 2")), "{:#?}", notes[0]);
    assert!(notes[1][0].starts_with("no command: the topology controller moves the control plane to v1.33.1 itself"));
    // KubeadmVersionSkew concerns the MachineDeployment, never the MachinePool.
    let skew = notes[2].iter().find(|n| n.contains("KubeadmVersionSkew")).expect("a skew note");
    assert!(skew.contains("`prod-md-0-q8z4n` (1.31.4)") && !skew.contains("mp-0"), "{skew}");
}

/// The webhook accepts only the class's versions; without the ClusterClass
/// in the input, one minor per patch.
#[test]
fn a_chained_upgrade_targets_only_the_class_versions() {
    let (rule, message) = blocked(&plan(CHAINED, "1.33.13")).expect("refused");
    assert_eq!(rule, "plan.version-available");
    assert_eq!(message, "1.33.13 is not offered by ClusterClass `quick-start` spec.kubernetesVersions");

    let without_class = CHAINED.replace("  kind: ClusterClass", "  kind: NotAClusterClass");
    assert_ne!(without_class, CHAINED);
    let out = plan(&without_class, "1.34.11");
    assert_eq!(blocked(&out), None);
    let patches = step_commands(&out).into_iter().filter(|c| c.contains("kubectl patch")).count();
    assert_eq!(patches, 3, "{:#?}", actions(&out));
}

/// A v1beta1 topology whose second MachineDeployment is deferred.
const HELD: &str = include_str!("data/capi-topology-held.SYNTHETIC.yaml");

/// defer-upgrade / hold-upgrade-sequence: the held worker stays on its
/// version and the plan stops before the next version (the webhook refuses
/// it) or short of the target, saying why.
#[test]
fn held_worker_topologies_stay_behind_and_stop_the_next_hop() {
    let out = plan(HELD, "1.33.13");
    assert_eq!(actions(&out), ["upgrade-cluster cluster 1.32.13"]);
    let (_, _, sel) = out.selected().unwrap();
    let after = sel.plan.states().next().expect("a first step");
    assert_eq!(after.pools["md-gpu"].to_string(), "1.31.4");
    assert_eq!(after.pools["md-0"].to_string(), "1.32.13");
    let (rule, message) = blocked(&out).expect("stops");
    assert_eq!(rule, "capi.topology-upgrade-held");
    assert!(message.starts_with("`md-gpu` is held back by `topology.cluster.x-k8s.io/defer-upgrade` on `md-gpu`: the topology controller leaves it on 1.31.4 while the control plane moves to 1.32.13; the Cluster's TopologyReconciled condition stays False (MachineDeploymentsUpgradeDeferred) and its webhook refuses any further change of spec.topology.version"), "{message}");
    // No wait on a condition that stays False.
    let commands = first_step(&out);
    assert_eq!(commands.len(), 2, "{commands:#?}");
    assert!(commands[1].contains("observedGeneration"));

    let hold = HELD.replace("defer-upgrade", "hold-upgrade-sequence");
    let out = plan(&hold, "1.32.13");
    let after = out.selected().unwrap().2.plan.states().next().expect("a first step").pools;
    let held: Vec<&str> =
        ["md-0", "md-gpu", "md-2"].into_iter().filter(|p| after[*p].to_string() == "1.31.4").collect();
    assert_eq!(held, ["md-gpu", "md-2"]);
    assert_eq!(blocked(&out).map(|b| b.0).as_deref(), Some("capi.topology-upgrade-held"));

    // In a chained upgrade the held worker stops it where the workers must move.
    let chained = CHAINED.replace("- {class: default-worker, name: md-0, replicas: 2}", "- {class: default-worker, name: md-0, replicas: 2, metadata: {annotations: {topology.cluster.x-k8s.io/defer-upgrade: \"\"}}}");
    assert_ne!(chained, CHAINED);
    let out = plan(&chained, "1.35");
    let (rule, message) = blocked(&out).expect("stops");
    assert_eq!(rule, "capi.topology-upgrade-held");
    assert!(message.contains("the chained upgrade stops where the workers must move to 1.34.2"), "{message}");
}

/// A Tanzu Kubernetes release (TKG on Supervisor's tanzukubernetescluster
/// class).
const TKR: &str = include_str!("data/capi-topology-tkr.SYNTHETIC.yaml");

/// TKr versions keep their build; a TKr name (`---`) is read as its
/// version; a plan across minors is refused rather than inventing a build.
#[test]
fn tanzu_kubernetes_releases_are_asked_for_in_their_own_form() {
    let (rule, message) = blocked(&plan(TKR, "1.27.6")).expect("refused");
    assert_eq!(rule, "capi.version-suffix");
    assert!(message.contains("v1.26.5+vmware.2-fips.1-tkg.1") && message.contains("`kubectl get tkr`"), "{message}");

    let out = plan(TKR, "v1.27.6---vmware.1-fips.1-tkg.1");
    assert_eq!(blocked(&out), None);
    assert!(file(&out, "step-01-tkg-cluster-01-topology-version-patch.yaml")
        .ends_with("    version: \"v1.27.6+vmware.1-fips.1-tkg.1\"\n"));

    let (rule, message) = blocked(&plan(TKR, "v1.28.6+vmware.1-fips.1-tkg.1")).expect("refused");
    assert_eq!(rule, "capi.distribution-hops");
    assert!(message.ends_with("(a Tanzu Kubernetes release of that minor, listed by `kubectl get tkr`)"), "{message}");
}

/// A MachinePool on an AzureMachinePool (CAPZ exp/api/v1beta1).
const AZURE_MACHINE_POOL: &str = include_str!("data/capi-azure-machine-pool.SYNTHETIC.yaml");

fn plan_with_change(text: &str, target: &str, pool: &str, size: &str, image: &str) -> Outcome {
    let change = MachineChangeChoice { pool: pool.into(), machine_size: size.into(), machine_image: image.into() };
    run_ok(text, &Choices { target: target.into(), machine_changes: vec![change], ..Choices::default() })
}

/// A MachinePool's machine change patches its infrastructure object in
/// place (AzureMachinePool spec.template, AWSMachinePool
/// spec.awsLaunchTemplate) before its version patch; an unknown kind gets a
/// note, and no copy of the object is ever made.
#[test]
fn machine_pool_machine_changes_patch_the_infrastructure_object() {
    let out = plan_with_change(AZURE_MACHINE_POOL, "1.33.13", "azp-mp-0", "Standard_D4s_v5", "");
    let steps = &out.selected().unwrap().2.rendered.steps;
    assert_eq!(
        steps[1].commands[..2],
        [
            "kubectl patch azuremachinepool.v1beta1.infrastructure.cluster.x-k8s.io azp-mp-0 --namespace \"$NAMESPACE\" --type=merge --patch-file=step-02-azp-mp-0-machine-type-patch.yaml",
            "kubectl patch machinepool.v1beta1.cluster.x-k8s.io azp-mp-0 --namespace \"$NAMESPACE\" --type=merge --patch-file=step-02-azp-mp-0-kubernetes-version-patch.yaml",
        ]
    );
    assert_eq!(
        file(&out, "step-02-azp-mp-0-machine-type-patch.yaml"),
        "apiVersion: \"infrastructure.cluster.x-k8s.io/v1beta1\"\nkind: \"AzureMachinePool\"\nspec:\n  template:\n    vmSize: \"Standard_D4s_v5\"\n"
    );
    assert!(!file(&out, "step-02-azp-mp-0-kubernetes-version-patch.yaml").contains("infrastructureRef"));
    assert!(step_commands(&out).iter().all(|c| !c.contains("kubectl apply")), "no copy of the object");

    let aws = AZURE_MACHINE_POOL
        .replace("infrastructure.cluster.x-k8s.io/v1beta1", "infrastructure.cluster.x-k8s.io/v1beta2")
        .replace("kind: AzureMachinePool", "kind: AWSMachinePool");
    let out = plan_with_change(&aws, "1.33.13", "azp-mp-0", "m5.xlarge", "ami-0123456789abcdef0");
    assert_eq!(
        file(&out, "step-02-azp-mp-0-machine-image-patch.yaml"),
        "apiVersion: \"infrastructure.cluster.x-k8s.io/v1beta2\"\nkind: \"AWSMachinePool\"\nspec:\n  awsLaunchTemplate:\n    ami:\n      id: \"ami-0123456789abcdef0\"\n"
    );
    assert_eq!(
        file(&out, "step-02-azp-mp-0-machine-type-patch.yaml"),
        "apiVersion: \"infrastructure.cluster.x-k8s.io/v1beta2\"\nkind: \"AWSMachinePool\"\nspec:\n  awsLaunchTemplate:\n    instanceType: \"m5.xlarge\"\n"
    );

    // The real CAPD example: a DockerMachinePool, whose fields are not known.
    let out = plan_with_change(
        &fixture("capi_docker_machine-pool_v1beta2.yaml"),
        "1.37.0-rc.1",
        "worker-mp-0",
        "",
        "kindest/node:v1.37.0",
    );
    let (_, _, sel) = out.selected().unwrap();
    assert_eq!(
        sel.plan.steps[0].reason,
        "pool `worker-mp-0` gets its machine change (its infrastructure object changed in place)"
    );
    let n = &sel.rendered.steps[0].notes;
    assert!(
        n.iter()
            .any(|x| x
                .starts_with("a MachinePool's machines are set by its DockerMachinePool, and Skewplan does not know")),
        "{n:#?}"
    );
    assert!(step_commands(&out).iter().all(|c| !c.contains("dockermachinepool")), "{:#?}", step_commands(&out));
}

/// What the topology reader can't use is said at its field path: an upgrade
/// concurrency that is not a whole number of at least 1, a `version` on a
/// worker topology (no such field in Cluster API through v1.14), and a
/// ClusterClass version that is not a version.
#[test]
fn topology_fields_that_cannot_be_used_are_diagnosed_at_their_path() {
    let mut text = CHAINED.to_string();
    for (from, to) in [
        ("upgrade-concurrency: \"2\"", "upgrade-concurrency: \"0\""),
        ("name: md-0, replicas: 2}", "name: md-0, replicas: 2, version: v1.30.0}"),
        ("v1.32.0, v1.32.3", "v1.32.0, 1.32.x"),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let parsed = skewplan_core::input::parse(&text).expect("readable");
    let lines: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    let has = |part: &str| lines.iter().any(|l| l.contains(part));
    assert!(has("metadata.annotations[\"topology.cluster.x-k8s.io/upgrade-concurrency\"]: the upgrade concurrency must be a whole number of at least 1"), "{lines:#?}");
    assert!(has("spec.topology.workers.machineDeployments[0].version: Cluster API's worker topologies have no version field"), "{lines:#?}");
    assert!(has("spec.kubernetesVersions[2]: `1.32.x` is not a Kubernetes version"), "{lines:#?}");
    let topology = parsed.clusters[0].topology_upgrade().expect("a topology");
    assert_eq!(topology.concurrency, None);
    assert_eq!(topology.class_versions, ["v1.31.4", "v1.32.0", "v1.33.1", "v1.34.2", "v1.35.0"]);
}
