//! Exact plans for known situations (the step list with versions).

use skewplan_core::input::{parse, parse_with, ParseOptions};
use skewplan_core::model::{MaxSurge, VersionList};
use skewplan_core::plan::{plan, MachineChange, PlanOptions, PlanRequest, Strategy, Target};
use skewplan_core::{Cluster, KubeVersion, Plan, Policy};
use skewplan_testkit::{fixture, rule_id, subject_of};

fn v(s: &str) -> KubeVersion {
    s.parse().unwrap()
}

fn versions(list: &[&str]) -> VersionList {
    let mut l = VersionList::default();
    for s in list {
        l.offer(v(s), false, false);
    }
    l
}

fn steps(p: &Plan) -> Vec<String> {
    p.steps
        .iter()
        .map(|s| {
            let arrow = match (&s.from, &s.to) {
                (Some(f), Some(t)) => format!(" {f} -> {t}"),
                (None, Some(t)) => format!(" -> {t}"),
                _ => String::new(),
            };
            format!("{} {}{arrow}", s.action.id(), subject_of(s))
        })
        .collect()
}

fn aks_cluster(cp: &str, pools: &[(&str, &str, u64)]) -> Cluster {
    let pools_json: Vec<String> = pools
        .iter()
        .enumerate()
        .map(|(i, (name, ver, count))| {
            format!(
                r#"{{"name": "{name}", "mode": "{}", "count": {count}, "vmSize": "Standard_D4s_v5", "type": "VirtualMachineScaleSets",
                   "orchestratorVersion": "{ver}", "currentOrchestratorVersion": "{ver}", "provisioningState": "Succeeded",
                   "upgradeSettings": {{"maxSurge": "33%"}}}}"#,
                if i == 0 { "System" } else { "User" }
            )
        })
        .collect();
    let text = format!(
        r#"{{"name": "prod", "resourceGroup": "rg", "location": "westeurope", "kubernetesVersion": "{cp}", "currentKubernetesVersion": "{cp}",
            "provisioningState": "Succeeded", "powerState": {{"code": "Running"}}, "maxAgentPools": 100,
            "agentPoolProfiles": [{}]}}"#,
        pools_json.join(",")
    );
    let parsed = parse(&text).unwrap();
    assert!(parsed.is_usable(), "{:?}", parsed.diagnostics);
    parsed.clusters.into_iter().next().unwrap()
}

fn request(target: &str, strategy: Strategy, policy: Option<Policy>, list: Option<VersionList>) -> PlanRequest {
    PlanRequest {
        target: Target::Version(v(target)),
        policy,
        strategy,
        versions: list,
        options: PlanOptions::default(),
        today: None,
        workloads: Default::default(),
    }
}

#[test]
fn cluster_api_test_vector_upstream_window_fewest_reimages() {
    let yaml = fixture("cluster-api/capi_docker_simple-cluster_v1beta1_v1.33.0.yaml").replace("v1.33.0", "v1.30.0");
    let cluster = parse(&yaml).unwrap().clusters.remove(0);
    let p = plan(&cluster, &request("1.34.1", Strategy::FewestReimages, Some(Policy::Upstream), None));
    assert_eq!(p.blocked, None);
    assert_eq!(
        steps(&p),
        vec![
            "upgrade-control-plane control-plane 1.30.0 -> 1.31.14",
            "upgrade-control-plane control-plane 1.31.14 -> 1.32.13",
            "upgrade-control-plane control-plane 1.32.13 -> 1.33.13",
            "upgrade-pool pool/worker-md-0 1.30.0 -> 1.33.13",
            "upgrade-control-plane control-plane 1.33.13 -> 1.34.1",
            "upgrade-pool pool/worker-md-0 1.33.13 -> 1.34.1",
        ]
    );
    // One control-plane machine and one worker, replaced at each change.
    assert_eq!((p.estimate.operations, p.estimate.node_reimages), (6, 6));
}

#[test]
fn aks_two_minor_window_under_each_strategy() {
    let cluster = aks_cluster("1.26.6", &[("system", "1.26.6", 3), ("apps", "1.26.6", 10)]);
    let list = versions(&["1.26.6", "1.27.13", "1.28.9", "1.29.4"]);
    let conservative = Some(Policy::AksConservative);
    let fewest = plan(&cluster, &request("1.29.4", Strategy::FewestReimages, conservative, Some(list.clone())));
    assert_eq!(
        steps(&fewest),
        vec![
            "upgrade-control-plane control-plane 1.26.6 -> 1.27.13",
            "upgrade-control-plane control-plane 1.27.13 -> 1.28.9",
            "upgrade-pool pool/apps 1.26.6 -> 1.28.9",
            "upgrade-pool pool/system 1.26.6 -> 1.28.9",
            "upgrade-control-plane control-plane 1.28.9 -> 1.29.4",
            "upgrade-pool pool/system 1.28.9 -> 1.29.4",
            "upgrade-pool pool/apps 1.28.9 -> 1.29.4",
        ]
    );
    let lockstep = plan(&cluster, &request("1.29.4", Strategy::Lockstep, conservative, Some(list.clone())));
    assert_eq!(
        steps(&lockstep),
        vec![
            "upgrade-control-plane control-plane 1.26.6 -> 1.27.13",
            "upgrade-pool pool/apps 1.26.6 -> 1.27.13",
            "upgrade-pool pool/system 1.26.6 -> 1.27.13",
            "upgrade-control-plane control-plane 1.27.13 -> 1.28.9",
            "upgrade-pool pool/apps 1.27.13 -> 1.28.9",
            "upgrade-pool pool/system 1.27.13 -> 1.28.9",
            "upgrade-control-plane control-plane 1.28.9 -> 1.29.4",
            "upgrade-pool pool/system 1.28.9 -> 1.29.4",
            "upgrade-pool pool/apps 1.28.9 -> 1.29.4",
        ]
    );
    assert_eq!(fewest.estimate.node_reimages, 26);
    assert_eq!(lockstep.estimate.node_reimages, 39);
    // 33% surge: system 3 nodes in 3 batches of 1; apps 10 nodes in 3 batches of 4.
    assert_eq!(fewest.estimate.minutes, 3 * 15 + 2 * (3 + 3) * 10);

    let cp_first = plan(&cluster, &request("1.29.4", Strategy::ControlPlaneFirst, conservative, Some(list.clone())));
    let blocked = cp_first.blocked.clone().expect("two-minor window stops control-plane-first");
    assert_eq!(rule_id(&blocked), "aks.pool-minor-window");
    assert_eq!(subject_of(&blocked), "pool/apps");
    assert_eq!(
        steps(&cp_first),
        vec![
            "upgrade-control-plane control-plane 1.26.6 -> 1.27.13",
            "upgrade-control-plane control-plane 1.27.13 -> 1.28.9"
        ]
    );

    // aks (what AKS enforces today) allows three minors from 1.28: control-plane-first goes through.
    let current = plan(&cluster, &request("1.29.4", Strategy::ControlPlaneFirst, None, Some(list)));
    assert_eq!(current.blocked, None);
    assert_eq!(
        steps(&current),
        vec![
            "upgrade-control-plane control-plane 1.26.6 -> 1.27.13",
            "upgrade-control-plane control-plane 1.27.13 -> 1.28.9",
            "upgrade-control-plane control-plane 1.28.9 -> 1.29.4",
            "upgrade-pool pool/system 1.26.6 -> 1.29.4",
            "upgrade-pool pool/apps 1.26.6 -> 1.29.4",
        ]
    );
    assert_eq!(current.estimate.node_reimages, 13);
    // The summary carries every strategy's cost.
    let summary: Vec<(String, u64, bool)> = fewest
        .alternatives
        .iter()
        .map(|a| (a.strategy.id().to_string(), a.estimate.node_reimages, a.blocked.is_some()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("fewest-reimages".into(), 26, false),
            ("lockstep".into(), 39, false),
            ("control-plane-first".into(), 0, true)
        ]
    );
}

#[test]
fn stopped_busy_and_failed_resources_come_first() {
    let text = fixture("aks-managed-cluster/azcli-rec_managedcluster-get_linux+windows-pools_1.25.6.json").replace(
        "\"code\": \"Running\"\n   },\n   \"kubernetesVersion\"",
        "\"code\": \"Stopped\"\n   },\n   \"kubernetesVersion\"",
    );
    let cluster = parse(&text).unwrap().clusters.remove(0);
    let list = versions(&["1.25.6", "1.26.3"]);
    let p = plan(&cluster, &request("1.26.3", Strategy::FewestReimages, None, Some(list.clone())));
    assert_eq!(
        steps(&p),
        vec![
            "start-cluster cluster",
            "upgrade-control-plane control-plane 1.25.6 -> 1.26.3",
            "upgrade-pool pool/nodepool1 1.25.6 -> 1.26.3",
            "upgrade-pool pool/npwin 1.25.6 -> 1.26.3",
        ]
    );

    let busy = fixture("aks-managed-cluster/azcli-rec_managedcluster-get_pool-UpgradingNodeImageVersion_1.23.12.json");
    let cluster = parse(&busy).unwrap().clusters.remove(0);
    let p = plan(&cluster, &request("1.24.9", Strategy::FewestReimages, None, Some(versions(&["1.24.9"]))));
    assert_eq!(
        steps(&p),
        vec![
            "wait pool/c000002",
            "upgrade-control-plane control-plane 1.23.12 -> 1.24.9",
            "upgrade-pool pool/c000002 1.23.12 -> 1.24.9",
        ]
    );

    let failed = fixture("aks-managed-cluster/aksdocs_nodepool-show_failed_system-pool_1.16.10.json");
    let parsed = parse_with(&failed, &ParseOptions { control_plane_version: Some(v("1.16.10")) }).unwrap();
    let p =
        plan(&parsed.clusters[0], &request("1.16.10", Strategy::FewestReimages, None, Some(versions(&["1.16.10"]))));
    assert_eq!(steps(&p), vec!["upgrade-pool pool/systempool 1.16.10 -> 1.16.10"]);
    assert!(p.steps[0].reason.contains("reconciles"));
}

#[test]
fn vm_size_change_replaces_the_pool_at_the_target() {
    let cluster = aks_cluster("1.28.9", &[("system", "1.28.9", 3), ("apps", "1.28.9", 4)]);
    let mut req = request("1.29.4", Strategy::FewestReimages, None, Some(versions(&["1.28.9", "1.29.4"])));
    req.options.machine_changes =
        vec![MachineChange { pool: "apps".into(), machine_size: Some("Standard_D8s_v5".into()), machine_image: None }];
    let p = plan(&cluster, &req);
    assert_eq!(
        steps(&p),
        vec![
            "upgrade-control-plane control-plane 1.28.9 -> 1.29.4",
            "upgrade-pool pool/system 1.28.9 -> 1.29.4",
            "add-pool pool/apps2 -> 1.29.4",
            "drain-pool pool/apps",
            "delete-pool pool/apps",
        ]
    );
    assert_eq!(p.states().last().unwrap().pools.keys().cloned().collect::<Vec<_>>(), vec!["apps2", "system"]);
}

#[test]
fn auto_upgrade_channel_makes_every_hop_a_whole_cluster_upgrade() {
    let text = fixture("aks-managed-cluster/azcli-rec_managedcluster-get_linux+windows-pools_1.25.6.json").replace(
        "\"kubernetesVersion\": \"1.25.6\"",
        "\"autoUpgradeProfile\": {\"upgradeChannel\": \"stable\"}, \"kubernetesVersion\": \"1.25.6\"",
    );
    let cluster = parse(&text).unwrap().clusters.remove(0);
    let p = plan(
        &cluster,
        &request("1.27.3", Strategy::FewestReimages, None, Some(versions(&["1.25.6", "1.26.3", "1.27.3"]))),
    );
    assert_eq!(steps(&p), vec!["upgrade-cluster cluster 1.25.6 -> 1.26.3", "upgrade-cluster cluster 1.26.3 -> 1.27.3"]);
    assert!(p.findings.iter().any(|f| rule_id(f) == "aks.auto-upgrade-channel"));
}

#[test]
fn aks_engine_moves_the_whole_cluster_and_stops_at_1_24() {
    let cluster =
        parse(&fixture("aks-engine/examples_azure-stack_kubernetes-azurestack.json")).unwrap().clusters.remove(0);
    let p = plan(&cluster, &PlanRequest::default());
    // Azure Stack Hub: only aks-engine's Azure Stack allow-list.
    assert_eq!(p.target.as_ref().unwrap().to_string(), "1.24.9");
    assert_eq!(
        steps(&p),
        vec!["upgrade-cluster cluster 1.22.15 -> 1.23.15", "upgrade-cluster cluster 1.23.15 -> 1.24.9"]
    );
    let beyond = plan(&cluster, &request("1.25.16", Strategy::FewestReimages, None, None));
    assert_eq!(rule_id(&beyond.blocked.unwrap()), "aks-engine.max-version");
    // Past 1.24 the cluster runs the Azure Stack Hub fork: its allow-list,
    // up to where it ends.
    let fork = parse(&fixture("aks-engine/azurestack-fork_examples_kubernetes-azurestack_1.33.10.json"))
        .unwrap()
        .clusters
        .remove(0);
    let p = plan(&fork, &PlanRequest::default());
    assert_eq!(
        steps(&p),
        vec!["upgrade-cluster cluster 1.33.10 -> 1.34.4", "upgrade-cluster cluster 1.34.4 -> 1.35.0"]
    );
    let p = plan(&fork, &request("1.34.11", Strategy::FewestReimages, None, None));
    assert_eq!(rule_id(&p.blocked.unwrap()), "plan.version-available");
}

#[test]
fn refusals_name_their_rule() {
    let cluster = aks_cluster("1.28.9", &[("system", "1.28.9", 3)]);
    let list = versions(&["1.28.9", "1.29.4"]);
    let down = plan(&cluster, &request("1.27.3", Strategy::FewestReimages, None, Some(list.clone())));
    assert_eq!(rule_id(&down.blocked.unwrap()), "aks.no-downgrade");
    let missing = plan(&cluster, &request("1.30.1", Strategy::FewestReimages, None, Some(list.clone())));
    let b = missing.blocked.unwrap();
    assert_eq!(
        (rule_id(&b), b.message.as_str()),
        ("plan.version-available", "1.30.1 is not offered by the pasted version list")
    );
    let mut req = request("1.29.4", Strategy::FewestReimages, None, Some(list));
    req.options.leave_alone.insert("system".into());
    req.options.max_surge = Some(MaxSurge::Nodes(1));
    let p = plan(&cluster, &req);
    assert_eq!(steps(&p), vec!["upgrade-control-plane control-plane 1.28.9 -> 1.29.4"]);
    assert_eq!(p.blocked, None, "a pool one minor behind may stay");
}

#[test]
fn latest_uses_the_newest_generally_available_aks_version() {
    let cluster = aks_cluster("1.34.9", &[("system", "1.34.9", 3)]);
    let p = plan(&cluster, &PlanRequest::default());
    assert_eq!(p.target.as_ref().unwrap().to_string(), "1.36.2");
    assert_eq!(
        steps(&p),
        vec![
            "upgrade-control-plane control-plane 1.34.9 -> 1.35.6",
            "upgrade-control-plane control-plane 1.35.6 -> 1.36.2",
            "upgrade-pool pool/system 1.34.9 -> 1.36.2",
        ]
    );
    assert_eq!(p.versions_from, "the embedded AKS version list of 2026-07-17");
}

/// aks-engine's recommended way by default: the masters alone, then each
/// scale-set pool's model (aks-engine update), then its nodes; an
/// availability-set pool (which update refuses) makes every hop a whole-cluster
/// upgrade, as does asking for it.
#[test]
fn aks_engine_control_plane_only_then_model_update_and_node_roll() {
    let cluster =
        parse(&fixture("aks-engine/examples_kubernetes-releases_kubernetes1.21.json")).unwrap().clusters.remove(0);
    let req = request("1.22.17", Strategy::FewestReimages, None, None);
    let p = plan(&cluster, &req);
    assert_eq!(
        steps(&p),
        vec![
            "upgrade-control-plane control-plane 1.21 -> 1.22.17",
            "update-pool-model pool/agentpool1 1.21 -> 1.22.17",
            "roll-pool-nodes pool/agentpool1 1.21 -> 1.22.17",
        ]
    );
    // The model update leaves the nodes (and the state) where they are.
    assert_eq!(p.states().nth(1).unwrap().pools["agentpool1"].to_string(), "1.21");
    let mut whole = req.clone();
    whole.options.aks_engine_whole_cluster = true;
    assert_eq!(steps(&plan(&cluster, &whole)), vec!["upgrade-cluster cluster 1.21 -> 1.22.17"]);
    let avset =
        parse(&fixture("aks-engine/examples_azure-stack_kubernetes-azurestack.json")).unwrap().clusters.remove(0);
    let p = plan(&avset, &request("1.23.17", Strategy::FewestReimages, None, None));
    assert!(p.steps.iter().all(|s| s.action.id() == "upgrade-cluster"), "{:?}", steps(&p));
}

#[test]
fn node_image_upgrade_for_pools_already_at_the_target() {
    let cluster = aks_cluster("1.29.4", &[("system", "1.29.4", 3), ("apps", "1.28.9", 4)]);
    let mut req = request("1.29.4", Strategy::FewestReimages, None, Some(versions(&["1.28.9", "1.29.4"])));
    req.options.node_image_upgrade = true;
    assert_eq!(
        steps(&plan(&cluster, &req)),
        vec!["upgrade-node-image pool/system 1.29.4 -> 1.29.4", "upgrade-pool pool/apps 1.28.9 -> 1.29.4"]
    );
}

const CAPI_AWS: &str = r#"apiVersion: v1
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
    version: v1.29.6
    machineTemplate:
      infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSMachineTemplate, name: prod-cp-v1}
  status: {replicas: 3, updatedReplicas: 3, version: v1.29.6}
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: MachineDeployment
  metadata: {name: prod-md-0, namespace: team-a}
  spec:
    clusterName: prod
    replicas: 4
    template:
      spec:
        clusterName: prod
        version: v1.29.6
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
        ami: {id: ami-0123456789abcdef0}
"#;

#[test]
fn cluster_api_machine_changes_ride_with_the_version_and_images_are_asked_for() {
    let cluster = parse(CAPI_AWS).unwrap().clusters.remove(0);
    assert_eq!(cluster.pools[0].node_image.as_deref(), Some("ami-0123456789abcdef0"));
    let p = plan(&cluster, &request("1.30.14", Strategy::FewestReimages, None, None));
    assert_eq!(
        steps(&p),
        vec!["upgrade-control-plane control-plane 1.29.6 -> 1.30.14", "upgrade-pool pool/prod-md-0 1.29.6 -> 1.30.14"]
    );
    assert_eq!(p.estimate.node_reimages, 3 + 4);
    let ask: Vec<&str> = p
        .findings
        .iter()
        .filter(|f| rule_id(*f) == "capi.machine-image-for-target")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(ask, vec!["`prod-md-0` uses the machine image ami-0123456789abcdef0; give the image built for 1.30.14 (the plan's commands show how to look one up)"]);

    let mut req = request("1.30.14", Strategy::FewestReimages, None, None);
    req.options.machine_changes = vec![MachineChange {
        pool: "prod-md-0".into(),
        machine_size: Some("m5.xlarge".into()),
        machine_image: Some("ami-0fedcba9876543210".into()),
    }];
    let p = plan(&cluster, &req);
    let last = p.steps.last().unwrap();
    assert_eq!(
        last.pool.as_ref().unwrap().machine.as_ref().unwrap().machine_image.as_deref(),
        Some("ami-0fedcba9876543210")
    );
    assert!(p.findings.iter().all(|f| rule_id(f) != "capi.machine-image-for-target"));
}
