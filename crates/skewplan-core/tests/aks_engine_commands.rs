//! Exact aks-engine commands for the cases the fidelity review found wrong
//! (rows 2, 12, 13 and 20; its appendix input A5), as aks-engine and
//! aks-engine-azurestack run them.

use skewplan_core::api::{Choices, Outcome};
use skewplan_testkit::{run_ok, step_commands};

/// Review appendix A5: aks-engine's `examples/kubernetes-vmss.json` at
/// 1.21.14, with a DNS prefix and a location.
const A5: &str = r#"{"apiVersion": "vlabs", "location": "westus2", "properties": {
  "orchestratorProfile": {"orchestratorVersion": "1.21.14", "kubernetesConfig": {"useManagedIdentity": true}},
  "masterProfile": {"count": 1, "dnsPrefix": "mycluster", "vmSize": "Standard_D2_v3"},
  "agentPoolProfiles": [{"name": "agentpool1", "count": 3, "vmSize": "Standard_D2_v3",
    "availabilityProfile": "VirtualMachineScaleSets", "storageProfile": "ManagedDisks"}]
}}"#;

const AUTH: &str = "--subscription-id \"$AZURE_SUBSCRIPTION_ID\" --resource-group \"$RESOURCE_GROUP\" --location \"$LOCATION\" --api-model \"$API_MODEL\" --auth-method client_secret --client-id \"$AZURE_CLIENT_ID\" --client-secret \"$AZURE_CLIENT_SECRET\"";

fn outcome(text: &str, choices: &Choices) -> Outcome {
    run_ok(text, choices)
}

/// Every step as `action subject from->to` (the versions after it).
fn steps(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan
        .steps
        .iter()
        .zip(sel.plan.states())
        .map(|(s, after)| {
            let pools: Vec<String> = after.pools.iter().map(|(n, v)| format!("{n}={v}")).collect();
            format!("{} {} -> cp={} {}", s.action.id(), s.subject, after.control_plane, pools.join(","))
        })
        .collect()
}

fn roll_check(pool: &str, v: &str) -> String {
    format!(
        "roll-pool-nodes: test \"$(kubectl get nodes --selector agentpool={pool} --output \"jsonpath={{range .items[*]}}{{.status.nodeInfo.kubeletVersion}}{{\\\"\\\\n\\\"}}{{end}}\" | grep --count --invert-match --line-regexp --fixed-strings v{v})\" = 0 || {{ echo 'pool {pool} still has nodes that do not run {v}: replace them before the next step' >&2; exit 1; }}"
    )
}

/// Review row 2 (A5): `aks-engine update` changes the scale set's model, not
/// its nodes; the nodes are replaced (and checked) before the next hop, and
/// the state keeps them at their old version until then.
#[test]
fn update_changes_the_model_and_a_node_roll_follows_before_the_next_hop() {
    let out = outcome(A5, &Choices { target: "1.24.17".into(), ..Choices::default() });
    assert_eq!(
        steps(&out),
        [
            "upgrade-control-plane control-plane -> cp=1.22.17 agentpool1=1.21.14",
            "upgrade-control-plane control-plane -> cp=1.23.17 agentpool1=1.21.14",
            // 1.24.17 would put 1.21 kubelets three minors behind (two allowed
            // below 1.25): the nodes are replaced first.
            "update-pool-model pool/agentpool1 -> cp=1.23.17 agentpool1=1.21.14",
            "roll-pool-nodes pool/agentpool1 -> cp=1.23.17 agentpool1=1.23.17",
            "upgrade-control-plane control-plane -> cp=1.24.17 agentpool1=1.23.17",
            "update-pool-model pool/agentpool1 -> cp=1.24.17 agentpool1=1.23.17",
            "roll-pool-nodes pool/agentpool1 -> cp=1.24.17 agentpool1=1.24.17",
        ]
    );
    let upgrade = |v: &str| {
        format!("upgrade-control-plane: aks-engine upgrade {AUTH} --upgrade-version {v} --control-plane-only")
    };
    let nodes = "upgrade-control-plane: kubectl get nodes --output wide".to_string();
    let update = format!("update-pool-model: aks-engine update {AUTH} --node-pool agentpool1");
    assert_eq!(
        step_commands(&out),
        [
            upgrade("1.22.17"),
            nodes.clone(),
            upgrade("1.23.17"),
            nodes.clone(),
            update.clone(),
            roll_check("agentpool1", "1.23.17"),
            upgrade("1.24.17"),
            nodes,
            update,
            roll_check("agentpool1", "1.24.17"),
        ]
    );
    let (_, _, sel) = out.selected().unwrap();
    assert_eq!(sel.plan.estimate.node_reimages, 3 + 3 + 3, "one master replaced per hop, and two rolls of 3 nodes");
}

/// Asked for, each hop upgrades the whole cluster, as `aks-engine upgrade`
/// without `--control-plane-only` does.
#[test]
fn whole_cluster_upgrades_when_asked() {
    let out = outcome(A5, &Choices { target: "1.22.17".into(), ..Choices::default() });
    assert_eq!(step_commands(&out).len(), 4);
    let mut request = Choices { target: "1.22.17".into(), ..Choices::default() }.request().0;
    request.plan.options.aks_engine_whole_cluster = true;
    let out = skewplan_core::api::run(A5, request, Vec::new());
    assert_eq!(
        step_commands(&out),
        [
            format!("upgrade-cluster: aks-engine upgrade {AUTH} --upgrade-version 1.22.17"),
            "upgrade-cluster: kubectl get nodes --output wide".to_string(),
        ]
    );
}

/// Review row 12: an API model with `customCloudProfile` is on Azure Stack
/// Hub: every command takes `--azure-env AzureStackCloud` (plus
/// `--identity-system adfs` when the profile says so; aks-engine
/// `docs/topics/azure-stack.md`), and only aks-engine's Azure Stack allow-list
/// (`AllKubernetesSupportedVersionsAzureStack`: 1.23.15, 1.24.9) is used.
#[test]
fn azure_stack_hub_gets_its_flags_and_its_allow_list() {
    let stack = A5.replace("1.21.14", "1.22.15").replace(
        r#""properties": {"#,
        r#""properties": {"customCloudProfile": {"portalURL": "https://portal.local.azurestack.external/", "identitySystem": "adfs"},"#,
    );
    let out = outcome(&stack, &Choices::default());
    let flags = "--azure-env AzureStackCloud --identity-system adfs";
    let upgrade = |v: &str| {
        format!("upgrade-control-plane: aks-engine upgrade {flags} {AUTH} --upgrade-version {v} --control-plane-only")
    };
    let nodes = "upgrade-control-plane: kubectl get nodes --output wide".to_string();
    assert_eq!(
        step_commands(&out),
        [
            upgrade("1.23.15"),
            nodes.clone(),
            upgrade("1.24.9"),
            nodes,
            format!("update-pool-model: aks-engine update {flags} {AUTH} --node-pool agentpool1"),
            roll_check("agentpool1", "1.24.9"),
        ]
    );
    // Azure AD (the default identity system): no --identity-system.
    let aad = stack.replace(r#""identitySystem": "adfs""#, r#""identitySystem": "azure_ad""#);
    let out = outcome(&aad, &Choices { target: "1.23.15".into(), ..Choices::default() });
    assert!(step_commands(&out)[0]
        .starts_with("upgrade-control-plane: aks-engine upgrade --azure-env AzureStackCloud --subscription-id"));
    // A public-cloud patch is not on the Azure Stack list.
    let out = outcome(&stack, &Choices { target: "1.23.17".into(), ..Choices::default() });
    let blocked = out.selected().unwrap().2.plan.blocked.clone().unwrap();
    assert_eq!((blocked.rule.id, blocked.message.as_str()), ("plan.version-available", "1.23.17 is not offered by aks-engine's Azure Stack Hub allow-list (AllKubernetesSupportedVersionsAzureStack, v0.79.0)"));
}

/// Review row 13: past 1.24 the cluster runs aks-engine-azurestack, whose
/// allow-list (`versions.go` at ff9dfe93: 1.33.10, 1.34.4, 1.35.0) the plan
/// follows and where it ends; the fork has no `update` command, so each hop
/// upgrades the whole cluster.
#[test]
fn past_1_24_the_fork_and_its_allow_list() {
    let fork = A5.replace("1.21.14", "1.33.10").replace(
        r#""properties": {"#,
        r#""properties": {"customCloudProfile": {"portalURL": "https://portal.local.azurestack.external/"},"#,
    );
    let out = outcome(&fork, &Choices::default());
    let upgrade = |v: &str| {
        format!(
            "upgrade-cluster: aks-engine-azurestack upgrade --azure-env AzureStackCloud {AUTH} --upgrade-version {v}"
        )
    };
    let nodes = "upgrade-cluster: kubectl get nodes --output wide".to_string();
    assert_eq!(step_commands(&out), [upgrade("1.34.4"), nodes.clone(), upgrade("1.35.0"), nodes]);
    let out = outcome(&fork, &Choices { target: "1.36.4".into(), ..Choices::default() });
    let blocked = out.selected().unwrap().2.plan.blocked.clone().unwrap();
    assert_eq!(
        (blocked.rule.id, blocked.message.as_str()),
        (
            "plan.version-available",
            "1.36.4 is not offered by aks-engine-azurestack's allow-list (versions.go at ff9dfe93, 2026-08-18)"
        )
    );
    // A minor the fork does not offer can't be skipped.
    let old = fork.replace("1.33.10", "1.30.14");
    let blocked = outcome(&old, &Choices::default()).selected().unwrap().2.plan.blocked.clone().unwrap();
    assert_eq!(blocked.rule.id, "plan.version-available");
}

/// Review row 20: the downloadable API model is what aks-engine writes after
/// the step (`cmd/upgrade.go`, "Save the new apimodel to reflect the cluster's
/// state"), labelled so, and never the `--api-model` of a command.
#[test]
fn the_api_model_download_is_what_aks_engine_writes_never_its_input() {
    let out = outcome(A5, &Choices { target: "1.22.17".into(), ..Choices::default() });
    let (_, _, sel) = out.selected().unwrap();
    let first = &sel.rendered.steps[0];
    assert_eq!(first.files, ["apimodel-after-1.22.17.json"]);
    assert_eq!(
        first.notes,
        ["apimodel-after-1.22.17.json shows what aks-engine itself writes to $API_MODEL when this step succeeds, for comparison; never pass it as --api-model: aks-engine upgrade refuses a model that already names the target version"]
    );
    let file = sel.rendered.files.iter().find(|f| f.name == "apimodel-after-1.22.17.json").unwrap();
    assert!(file.sensitive && file.content.contains("\"orchestratorVersion\": \"1.22.17\""));
    assert!(step_commands(&out).iter().all(|c| !c.contains("apimodel-after") && !c.contains("--api-model apimodel")));
}
