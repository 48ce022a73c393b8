//! Exact AKS commands for the cases the fidelity review found wrong (its
//! appendix inputs A1 and A2 among them), as azure-cli 2.91 runs them.

use skewplan_core::api::{run_choices, Choices, MachineChangeChoice, Outcome};
use skewplan_testkit::{run_ok, step_commands};

const A1: &str = r#"{"name":"c","resourceGroup":"rg","kubernetesVersion":"1.33.5","currentKubernetesVersion":"1.33.5","maxAgentPools":100,"agentPoolProfiles":[{"name":"np1","mode":"System","count":3,"orchestratorVersion":"1.33.5","type":"VirtualMachineScaleSets","upgradeSettings":{"maxSurge":"33%"}}]}"#;

/// A version list that offers what these cases move to, so they don't depend
/// on the embedded AKS data (synthetic, in the shape of `az aks get-versions`).
const VERSIONS: &str = r#"{"values": [
  {"version": "1.31", "patchVersions": {"1.31.8": {"upgrades": []}, "1.31.13": {"upgrades": []}}},
  {"version": "1.32", "patchVersions": {"1.32.9": {"upgrades": []}}},
  {"version": "1.33", "patchVersions": {"1.33.5": {"upgrades": []}}}
]}"#;

fn outcome(text: &str, choices: &Choices) -> Outcome {
    let with_versions;
    let choices = if choices.versions.is_empty() {
        with_versions = Choices { versions: VERSIONS.into(), ..choices.clone() };
        &with_versions
    } else {
        choices
    };
    run_ok(text, choices)
}

fn notes(outcome: &Outcome) -> Vec<String> {
    outcome.selected().unwrap().2.rendered.notes.iter().map(|n| n.message.clone()).collect()
}

/// Review row 1 (A1): a node-image refresh never carries --max-surge.
#[test]
fn node_image_refresh_never_carries_a_surge_flag() {
    let choices = Choices { node_image: true, ..Choices::default() };
    assert_eq!(
        step_commands(&outcome(A1, &choices)),
        ["upgrade-node-image: az aks nodepool upgrade --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --node-image-only --yes"]
    );
    // A surge other than the pool's own is set on the pool first.
    let choices = Choices { node_image: true, max_surge: "50%".into(), ..Choices::default() };
    let out = outcome(A1, &choices);
    assert_eq!(
        step_commands(&out),
        [
            "upgrade-node-image: az aks nodepool update --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --max-surge 50%",
            "upgrade-node-image: az aks nodepool upgrade --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --node-image-only --yes",
        ]
    );
    assert!(notes(&out).iter().any(|n| n.starts_with("--max-surge is saved on the node pool")));
}

/// Review rows 17, 21 and 30: no wait after a blocking call; a legacy-cluster
/// check before --control-plane-only; a surge only when it changes.
#[test]
fn upgrades_block_and_legacy_clusters_are_checked_first() {
    let text = A1.replace("1.33.5", "1.32.9");
    let choices = Choices { target: "1.33.5".into(), ..Choices::default() };
    let out = outcome(&text, &choices);
    assert_eq!(
        step_commands(&out),
        [
            "upgrade-control-plane: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --control-plane-only --kubernetes-version 1.33.5 --yes",
            "upgrade-pool: az aks nodepool upgrade --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --kubernetes-version 1.33.5 --yes",
        ]
    );
    let preflight = &out.selected().unwrap().2.rendered.preflight;
    assert_eq!(
        preflight[1],
        "test \"$(az aks show --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --query 'maxAgentPools >= `8` && !contains(agentPoolProfiles[].type, `\"AvailabilitySet\"`)' --output tsv)\" = true || { echo \"skewplan: stop: the cluster can't upgrade its control plane alone (maxAgentPools below 8 or availability-set pools): az would upgrade every pool with it; plan again with this cluster's az aks show output\" >&2; exit 1; }"
    );
}

/// Review row 17: a busy resource is waited for, then its state is checked.
#[test]
fn a_wait_for_a_busy_pool_checks_its_state_after() {
    let text = A1.replace(
        "\"type\":\"VirtualMachineScaleSets\"",
        "\"type\":\"VirtualMachineScaleSets\",\"provisioningState\":\"Upgrading\"",
    );
    let out = outcome(&text, &Choices::default());
    assert_eq!(
        step_commands(&out),
        [
            "wait: az aks nodepool wait --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --nodepool-name np1 --updated --interval 30 --timeout 7200",
            "wait: test \"$(az aks nodepool show --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --query provisioningState --output tsv)\" = Succeeded || { echo 'skewplan: stop: the node pool is not in provisioningState Succeeded' >&2; exit 1; }",
        ]
    );
}

/// Review row 8 (A2): out of support, the pasted get-upgrades offers a jump.
#[test]
fn an_out_of_support_cluster_takes_the_recovery_path() {
    let text = A1.replace("1.33.5", "1.27.7").replace(",\"upgradeSettings\":{\"maxSurge\":\"33%\"}", "");
    let profile = r#"{"controlPlaneProfile":{"kubernetesVersion":"1.27.7","osType":"Linux","upgrades":[{"kubernetesVersion":"1.31.13"}]},"agentPoolProfiles":null}"#;
    let choices = Choices { target: "1.31.13".into(), versions: profile.into(), ..Choices::default() };
    let out = outcome(&text, &choices);
    assert_eq!(
        step_commands(&out),
        ["upgrade-cluster: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --kubernetes-version 1.31.13 --yes"]
    );
    let plan = &out.selected().unwrap().2.plan;
    assert_eq!(plan.blocked, None);
    assert!(plan.steps[0].reason.starts_with("AKS's recovery path for a cluster out of support"));
    // Without a paste, the plan asks for the offer instead of saying it can't skip.
    let out = run_choices(&text, &Choices::default());
    let blocked = out.selected().unwrap().2.plan.blocked.clone().unwrap();
    assert_eq!(blocked.rule.id, "plan.version-available");
    assert!(blocked.message.contains("paste this cluster's `az aks get-upgrades -o json`"), "{}", blocked.message);
}

/// Review row 23: the deprecated-API gate, and the override when asked for.
#[test]
fn the_deprecated_api_gate_is_named_and_can_be_overridden() {
    let text = A1.replace("1.33.5", "1.32.9");
    let out = outcome(&text, &Choices { target: "1.33.5".into(), ..Choices::default() });
    assert!(notes(&out).iter().any(|n| n.contains("UpgradeBlockedOnDeprecatedAPIUsage")));
    let choices =
        Choices { target: "1.33.5".into(), force_upgrade_until: "2026-12-03T18:00:00Z".into(), ..Choices::default() };
    let out = outcome(&text, &choices);
    assert_eq!(
        step_commands(&out)[0],
        "upgrade-control-plane: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --control-plane-only --kubernetes-version 1.33.5 --enable-force-upgrade --upgrade-override-until 2026-12-03T18:00:00Z --yes"
    );
    assert!(!notes(&out).iter().any(|n| n.contains("UpgradeBlockedOnDeprecatedAPIUsage")));
    let bad = Choices { force_upgrade_until: "tomorrow".into(), ..Choices::default() };
    let errors = run_choices(&text, &bad).choice_errors;
    assert_eq!(errors[0].message, "`tomorrow` is not a date and time: use RFC 3339 such as 2026-12-03T18:00:00Z");
}

/// Review rows 16 and 19: node pools can be rolled back; no partial ARM
/// template is offered.
#[test]
fn rollback_names_the_node_pool_rollback_and_no_template_is_written() {
    let text = A1.replace("1.33.5", "1.32.9");
    let choices = Choices {
        target: "1.33.5".into(),
        machine_changes: vec![MachineChangeChoice { pool: "np1".into(), ..Default::default() }],
        ..Choices::default()
    };
    let out = outcome(&text, &choices);
    let rendered = &out.selected().unwrap().2.rendered;
    assert!(rendered.files.is_empty());
    assert!(rendered.advice.rollback[0].starts_with("AKS can't roll back a control plane"));
    assert!(rendered.advice.rollback[1].contains("az aks nodepool rollback"));
}

/// Review row 18: pools may trail a 1.28+ control plane by three minors.
#[test]
fn the_default_policy_allows_three_minors_from_1_28() {
    let text = A1.replace("\"orchestratorVersion\":\"1.33.5\"", "\"orchestratorVersion\":\"1.29.9\"").replace(
        "\"kubernetesVersion\":\"1.33.5\",\"currentKubernetesVersion\":\"1.33.5\"",
        "\"kubernetesVersion\":\"1.31.8\",\"currentKubernetesVersion\":\"1.31.8\"",
    );
    let list = VERSIONS;
    let out = outcome(&text, &Choices { target: "1.32.9".into(), versions: list.into(), ..Choices::default() });
    let plan = &out.selected().unwrap().2.plan;
    assert_eq!((plan.estimate.operations, plan.estimate.node_reimages), (2, 3), "{:#?}", step_commands(&out));
    let conservative = Choices {
        policy: "aks-conservative".into(),
        ..Choices { target: "1.32.9".into(), versions: list.into(), ..Choices::default() }
    };
    let out = outcome(&text, &conservative);
    assert_eq!(out.selected().unwrap().2.plan.estimate.operations, 3, "{:#?}", step_commands(&out));
}

/// Review row 10 (A4): a replacement pool keeps the old pool's settings, and
/// what the input does not show is named in a finding.
#[test]
fn a_replacement_pool_keeps_the_old_pools_settings() {
    let api = r#"{"name":"api","mode":"User","count":5,"orchestratorVersion":"1.33.5","type":"VirtualMachineScaleSets","enableAutoScaling":true,"minCount":3,"maxCount":10,"nodeLabels":{"workload":"api"},"nodeTaints":["dedicated=api:NoSchedule"],"availabilityZones":["1","2","3"],"osSku":"AzureLinux"}"#;
    let text = A1.replace(
        "\"upgradeSettings\":{\"maxSurge\":\"33%\"}}]",
        &format!("\"upgradeSettings\":{{\"maxSurge\":\"33%\"}}}},{api}]"),
    );
    let choices = Choices {
        machine_changes: vec![MachineChangeChoice {
            pool: "api".into(),
            machine_size: "Standard_D16s_v5".into(),
            ..Default::default()
        }],
        ..Choices::default()
    };
    let out = outcome(&text, &choices);
    let commands = step_commands(&out);
    assert_eq!(
        commands[0],
        "add-pool: test \"$(az aks show --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --query 'length(agentPoolProfiles) < maxAgentPools' --output tsv)\" = true || { echo 'skewplan: stop: the cluster has as many node pools as maxAgentPools allows, so no replacement pool can be added' >&2; exit 1; }"
    );
    assert_eq!(
        commands[1],
        "add-pool: az aks nodepool add --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name api2 --node-vm-size Standard_D16s_v5 --node-count 5 --kubernetes-version 1.33.5 --mode User --enable-cluster-autoscaler --min-count 3 --max-count 10 --labels workload=api --node-taints dedicated=api:NoSchedule --zones 1 2 3 --os-sku AzureLinux"
    );
    assert_eq!(commands.len(), 5, "room check, add, cordon, drain, delete: {commands:#?}");
    let plan = &out.selected().unwrap().2.plan;
    let finding = plan.findings.iter().find(|f| f.rule.id == "aks.replacement-pool-settings").expect("a finding");
    assert_eq!(finding.subject.to_string(), "pool/api");
    assert!(
        finding.message.starts_with("the input does not show pool `api`'s osType, maxPods, vnetSubnetID, podSubnetID:"),
        "{}",
        finding.message
    );
}

/// Review row 11: pools of an AKS node list are system pools unless their
/// nodes say otherwise, so a replacement never leaves the cluster without one.
#[test]
fn node_list_pools_keep_their_mode() {
    let node = |name: &str, mode: Option<&str>| {
        let mode = mode.map(|m| format!(", \"kubernetes.azure.com/mode\": \"{m}\"")).unwrap_or_default();
        format!(
            r#"{{"apiVersion": "v1", "kind": "Node", "metadata": {{"name": "{name}", "labels": {{"kubernetes.azure.com/agentpool": "{name}"{mode}}}}}, "status": {{"nodeInfo": {{"kubeletVersion": "v1.33.5"}}}}}}"#
        )
    };
    let list = format!(
        r#"{{"apiVersion": "v1", "kind": "List", "items": [{}, {}]}}"#,
        node("sys", None),
        node("apps", Some("user"))
    );
    let choices = Choices { control_plane_version: "1.33.5".into(), ..Choices::default() };
    let out = outcome(&list, &choices);
    let cluster = out.selected().unwrap().1;
    let modes: Vec<String> = cluster.pools.iter().map(|p| format!("{} {:?}", p.name, p.mode)).collect();
    assert_eq!(modes, ["apps User", "sys System"]);
}

/// Review row 27: maxAgentPools below 8 forces whole-cluster hops, but not
/// node-image refreshes (only availability sets rule those out).
#[test]
fn few_agent_pools_force_whole_cluster_hops_but_allow_node_images() {
    let text = A1.replace("\"maxAgentPools\":100", "\"maxAgentPools\":1").replace("1.33.5", "1.32.9");
    let out = outcome(&text, &Choices { target: "1.33.5".into(), ..Choices::default() });
    assert_eq!(
        step_commands(&out),
        ["upgrade-cluster: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --kubernetes-version 1.33.5 --yes"]
    );
    let stay = Choices { node_image: true, target: "1.32.9".into(), ..Choices::default() };
    assert_eq!(
        step_commands(&outcome(&text, &stay)),
        ["upgrade-node-image: az aks nodepool upgrade --resource-group \"$RESOURCE_GROUP\" --cluster-name \"$CLUSTER\" --name np1 --node-image-only --yes"]
    );
    let avset = text.replace("\"type\":\"VirtualMachineScaleSets\"", "\"type\":\"AvailabilitySet\"");
    let out = outcome(&avset, &stay);
    assert!(step_commands(&out).is_empty(), "{:?}", step_commands(&out));
}

/// Review row 29: on the LTS plan, AKS's own upgrade profile may offer the
/// next LTS minor straight away.
#[test]
fn lts_clusters_go_straight_to_the_lts_minor_their_profile_offers() {
    let text = A1
        .replace("1.33.5", "1.27.100")
        .replace("\"maxAgentPools\":100", "\"maxAgentPools\":100,\"supportPlan\":\"AKSLongTermSupport\"");
    let profile = r#"{"controlPlaneProfile":{"kubernetesVersion":"1.27.100","osType":"Linux","upgrades":[{"kubernetesVersion":"1.28.15"},{"kubernetesVersion":"1.30.14","isPreview":false}]},"agentPoolProfiles":null}"#;
    let choices = Choices { target: "1.30.14".into(), versions: profile.into(), ..Choices::default() };
    let out = outcome(&text, &choices);
    assert_eq!(
        step_commands(&out),
        ["upgrade-cluster: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --kubernetes-version 1.30.14 --yes"]
    );
    // Without the LTS plan, the same profile means one minor at a time.
    let out = outcome(&text.replace(",\"supportPlan\":\"AKSLongTermSupport\"", ""), &choices);
    let plan = &out.selected().unwrap().2.plan;
    assert_eq!(plan.blocked.as_ref().map(|b| b.rule.id), Some("plan.version-available"), "{:#?}", step_commands(&out));
}
