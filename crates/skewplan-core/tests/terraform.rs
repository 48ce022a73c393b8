//! Terraform: `terraform show -json` plans and states become clusters, and
//! their plans become exact attribute edits applied with terraform. The
//! inputs here are synthetic (in the shape of `terraform show -json`, format
//! 1.2); the real plans under `tests/fixtures/real/terraform/` are read by
//! the fixture test.

use skewplan_core::api::{run_choices, Choices, Outcome};
use skewplan_core::input::{parse, Format, InputError};
use skewplan_core::model::ConfigOrigin;
use skewplan_testkit::{run_ok, step_commands};

/// A version list offering what these cases move to (shape of `az aks get-versions`).
const VERSIONS: &str = r#"{"values": [
  {"version": "1.31", "patchVersions": {"1.31.8": {"upgrades": []}}},
  {"version": "1.32", "patchVersions": {"1.32.9": {"upgrades": []}}},
  {"version": "1.33", "patchVersions": {"1.33.5": {"upgrades": []}}}
]}"#;

const ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/prod";

/// A no-op plan of an existing cluster: the control plane's version from a
/// root variable, the default pool's not set in the configuration, the
/// user pool's a literal.
fn update_plan(cp: &str, user: &str) -> String {
    format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.9.4",
  "resource_changes": [
    {{"address": "azurerm_kubernetes_cluster.main", "mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "main",
     "change": {{"actions": ["no-op"], "after": {{}}, "before": {{"id": "{ID}", "name": "prod", "resource_group_name": "rg-prod",
       "kubernetes_version": "{cp}", "current_kubernetes_version": "{cp}",
       "default_node_pool": [{{"name": "system", "vm_size": "Standard_D4s_v5", "node_count": 3, "orchestrator_version": "{cp}",
         "type": "VirtualMachineScaleSets", "upgrade_settings": [{{"max_surge": "10%"}}]}}]}}}}}},
    {{"address": "azurerm_kubernetes_cluster_node_pool.user", "mode": "managed", "type": "azurerm_kubernetes_cluster_node_pool", "name": "user",
     "change": {{"actions": ["no-op"], "after": {{}}, "before": {{"name": "user", "kubernetes_cluster_id": "{ID}", "vm_size": "Standard_D8s_v5",
       "node_count": 5, "mode": "User", "orchestrator_version": "{user}", "upgrade_settings": [{{"max_surge": "33%"}}]}}}}}}
  ],
  "configuration": {{"root_module": {{"resources": [
    {{"address": "azurerm_kubernetes_cluster.main", "type": "azurerm_kubernetes_cluster", "name": "main",
     "expressions": {{"kubernetes_version": {{"references": ["var.kubernetes_version"]}},
       "default_node_pool": [{{"name": {{"constant_value": "system"}}}}]}}}},
    {{"address": "azurerm_kubernetes_cluster_node_pool.user", "type": "azurerm_kubernetes_cluster_node_pool", "name": "user",
     "expressions": {{"orchestrator_version": {{"constant_value": "{user}"}},
       "kubernetes_cluster_id": {{"references": ["azurerm_kubernetes_cluster.main.id", "azurerm_kubernetes_cluster.main"]}}}}}}
  ]}}}}}}"#
    )
}

fn outcome(text: &str, choices: &Choices) -> Outcome {
    run_ok(text, &Choices { versions: VERSIONS.into(), ..choices.clone() })
}

/// Each step's `edit` notes, prefixed with its action.
fn edits(outcome: &Outcome) -> Vec<String> {
    let (_, _, sel) = outcome.selected().expect("a plan");
    sel.plan
        .steps
        .iter()
        .zip(&sel.rendered.steps)
        .flat_map(|(s, r)| {
            r.notes.iter().filter(|n| n.starts_with("edit ")).map(move |n| format!("{}: {n}", s.action.id()))
        })
        .collect()
}

const VAR: &str = "set from variable kubernetes_version: change its value in your .tfvars file";
const UNSET: &str = "not set in the configuration: add it to the resource block";
const LITERAL: &str = "a literal in the resource block: change it there";

#[test]
fn a_terraform_plan_gives_exact_attribute_edits_per_step() {
    let cases: Vec<(&str, Choices, Vec<String>)> = vec![
        (
            "control plane first, then each pool's own attribute",
            Choices { target: "1.33.5".into(), ..Choices::default() },
            vec![
                format!("upgrade-control-plane: edit azurerm_kubernetes_cluster.main: kubernetes_version = \"1.33.5\" (now \"1.32.9\"; {VAR})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster.main: default_node_pool.orchestrator_version = \"1.33.5\" (now \"1.32.9\"; {UNSET})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster_node_pool.user: orchestrator_version = \"1.33.5\" (now \"1.31.8\"; {LITERAL})"),
            ],
        ),
        (
            "a surge other than the pool's own is one more attribute of the same step",
            Choices { target: "1.33.5".into(), max_surge: "1".into(), ..Choices::default() },
            vec![
                format!("upgrade-control-plane: edit azurerm_kubernetes_cluster.main: kubernetes_version = \"1.33.5\" (now \"1.32.9\"; {VAR})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster.main: default_node_pool.upgrade_settings.max_surge = \"1\" (now \"10%\"; {UNSET})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster.main: default_node_pool.orchestrator_version = \"1.33.5\" (now \"1.32.9\"; {UNSET})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster_node_pool.user: upgrade_settings.max_surge = \"1\" (now \"33%\"; {UNSET})"),
                format!("upgrade-pool: edit azurerm_kubernetes_cluster_node_pool.user: orchestrator_version = \"1.33.5\" (now \"1.31.8\"; {LITERAL})"),
            ],
        ),
    ];
    for (what, choices, expected) in cases {
        let out = outcome(&update_plan("1.32.9", "1.31.8"), &choices);
        assert_eq!(edits(&out), expected, "{what}");
    }
}

#[test]
fn each_terraform_step_plans_then_applies_its_saved_plan_and_offers_az_only_as_an_alternative() {
    let out = outcome(&update_plan("1.32.9", "1.31.8"), &Choices { target: "1.33.5".into(), ..Choices::default() });
    let commands = step_commands(&out);
    assert_eq!(commands.len(), 9, "{commands:#?}");
    assert_eq!(
        commands[0],
        "upgrade-control-plane: rc=0; terraform plan -detailed-exitcode -out=step-1.tfplan || rc=$?"
    );
    assert!(commands[1].starts_with(
        "upgrade-control-plane: test \"$rc\" -eq 2 || { echo 'skewplan: stop: terraform plan found no change"
    ));
    assert_eq!(commands[2], "upgrade-control-plane: terraform apply step-1.tfplan");
    assert!(commands.iter().all(|c| !c.contains("az aks")), "az runs only as an alternative: {commands:#?}");
    let (_, _, sel) = out.selected().unwrap();
    let step1 = &sel.rendered.steps[0];
    assert_eq!(step1.files, ["step-1-terraform.md"]);
    assert!(step1.notes.contains(&"alternative, drifts the Terraform state: az aks upgrade --resource-group \"$RESOURCE_GROUP\" --name \"$CLUSTER\" --control-plane-only --kubernetes-version 1.33.5 --yes".to_string()));
    let file = sel.rendered.files.iter().find(|f| f.name == "step-1-terraform.md").unwrap();
    assert!(
        file.content
            .contains("| `azurerm_kubernetes_cluster.main` | `kubernetes_version` | `\"1.32.9\"` | `\"1.33.5\"` |"),
        "{}",
        file.content
    );
    assert!(file.content.contains("it drifts the Terraform state"));
    assert!(sel.rendered.tool.starts_with("Terraform"));
}

#[test]
fn a_node_image_refresh_has_no_terraform_attribute_and_stays_an_az_command() {
    let out = outcome(
        &update_plan("1.33.5", "1.33.5"),
        &Choices { target: "1.33.5".into(), node_image: true, ..Choices::default() },
    );
    let commands = step_commands(&out);
    assert!(!commands.is_empty() && commands.iter().all(|c| c.contains("--node-image-only")), "{commands:#?}");
    let (_, _, sel) = out.selected().unwrap();
    assert!(sel.rendered.steps[0].notes.iter().any(|n| n.contains("node_image_version is read-only")));
}

#[test]
fn a_state_names_addresses_in_child_modules_and_does_not_show_where_values_are_written() {
    let state = format!(
        r#"{{"format_version": "1.0", "terraform_version": "1.9.4", "values": {{"root_module": {{"child_modules": [{{"address": "module.aks",
  "resources": [
    {{"address": "module.aks.azurerm_kubernetes_cluster.this", "mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "this",
     "values": {{"id": "{ID}", "name": "prod", "resource_group_name": "rg-prod", "kubernetes_version": "1.32", "current_kubernetes_version": "1.32.9",
       "default_node_pool": [{{"name": "system", "node_count": 2, "orchestrator_version": "1.32.9", "vm_size": "Standard_D4s_v5"}}]}}}},
    {{"address": "module.aks.azurerm_kubernetes_cluster_node_pool.pool[\"gpu\"]", "mode": "managed", "type": "azurerm_kubernetes_cluster_node_pool", "name": "pool", "index": "gpu",
     "values": {{"name": "gpu", "kubernetes_cluster_id": "{ID}", "orchestrator_version": "1.31.8", "node_count": 1, "auto_scaling_enabled": true, "min_count": 1, "max_count": 4}}}}
  ]}}]}}}}}}"#
    );
    let parsed = parse(&state).unwrap();
    assert_eq!(parsed.format, Format::TerraformState);
    let c = &parsed.clusters[0];
    assert_eq!(c.control_plane.version.as_ref().unwrap().to_string(), "1.32.9");
    let tf = c.terraform().unwrap();
    assert!(!tf.from_plan);
    assert_eq!(tf.control_plane.address, "module.aks.azurerm_kubernetes_cluster.this");
    assert_eq!(tf.control_plane.origin, ConfigOrigin::NotShown);
    let gpu = tf.pool("gpu").unwrap();
    assert_eq!(
        (gpu.address.as_str(), gpu.attribute),
        ("module.aks.azurerm_kubernetes_cluster_node_pool.pool[\"gpu\"]", "orchestrator_version")
    );
    assert_eq!(c.pool("gpu").unwrap().autoscale, Some((1, 4)));
    let out = outcome(&state, &Choices { target: "1.33.5".into(), ..Choices::default() });
    assert!(edits(&out)[0].starts_with("upgrade-control-plane: edit module.aks.azurerm_kubernetes_cluster.this: kubernetes_version = \"1.33.5\" (now \"1.32.9\"; the state does not show"));
}

/// (input, field path of the error, words it must hold)
#[test]
fn unset_or_after_apply_versions_are_located_errors_not_guesses() {
    let create = |kv: &str, unknown: &str| {
        format!(
            r#"{{"format_version": "1.2", "resource_changes": [{{"address": "azurerm_kubernetes_cluster.k", "mode": "managed", "type": "azurerm_kubernetes_cluster",
  "change": {{"actions": ["create"], "before": null, "after": {{"name": "k", "kubernetes_version": {kv}, "default_node_pool": [{{"name": "default", "orchestrator_version": null}}]}},
  "after_unknown": {{"kubernetes_version": {unknown}, "default_node_pool": [{{"orchestrator_version": true}}]}}}}}}]}}"#
        )
    };
    let cases = [
        (create("null", "true"), "resource_changes[0].change.after.kubernetes_version", "known only after apply"),
        (create("null", "false"), "resource_changes[0].change.after.kubernetes_version", "unset (null)"),
    ];
    for (text, path, words) in cases {
        let parsed = parse(&text).unwrap();
        assert!(!parsed.is_usable());
        let e = parsed.errors().next().unwrap();
        assert_eq!((e.path.to_string().as_str(), e.message.contains(words)), (path, true), "{}", e.message);
        assert!(run_choices(&text, &Choices::default()).selected().is_none());
    }
    // Created with a version: the default pool is created with it (the provider's docs).
    let parsed = parse(&create("\"1.33.5\"", "false")).unwrap();
    assert!(parsed.is_usable());
    assert_eq!(parsed.clusters[0].pools[0].version.as_ref().unwrap().to_string(), "1.33.5");
}

/// (input, what it is said to be, how the advice starts)
#[test]
fn terraform_documents_skewplan_cannot_plan_say_what_to_paste() {
    let cases = [
        (
            r#"{"version": 4, "terraform_version": "1.9.4", "serial": 12, "lineage": "x", "outputs": {}, "resources": [{"mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "aks", "instances": [{"attributes": {"kubernetes_version": "1.32.9"}}]}]}"#,
            "a raw Terraform state file",
            "run `terraform show -json`",
        ),
        (
            r#"{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "azurerm_resource_group.rg", "type": "azurerm_resource_group", "values": {}}]}}}"#,
            "a Terraform state with no azurerm_kubernetes_cluster",
            "paste `terraform show -json PLANFILE`",
        ),
    ];
    for (text, expected_what, expected_advice) in cases {
        match parse(text) {
            Err(InputError::NotACluster { what, advice }) => {
                assert!(what.starts_with(expected_what), "{what}");
                assert!(advice.starts_with(expected_advice), "{advice}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn an_update_plan_that_already_changes_a_version_is_named() {
    let text = update_plan("1.32.9", "1.31.8").replacen(
        r#""actions": ["no-op"], "after": {}"#,
        r#""actions": ["update"], "after": {"kubernetes_version": "1.33.5", "default_node_pool": [{"orchestrator_version": "1.32.9"}]}"#,
        1,
    );
    let parsed = parse(&text).unwrap();
    let w: Vec<String> = parsed.diagnostics.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
    assert!(
        w.iter().any(|m| m.starts_with("resource_changes[0].change.after.kubernetes_version: this plan already changes azurerm_kubernetes_cluster.main kubernetes_version from 1.32.9 to 1.33.5")),
        "{w:#?}"
    );
    assert_eq!(parsed.clusters[0].control_plane.version.as_ref().unwrap().to_string(), "1.32.9");
}

/// A state holds the cluster's kubeconfig and credentials: none of them may
/// reach an output or a share link.
#[test]
fn kubeconfigs_and_credentials_in_a_state_reach_no_output_and_no_share_link() {
    const PLANTED: &str = "PLANTED-tf-secret-71c2";
    let state = format!(
        r#"{{"format_version": "1.0", "values": {{"root_module": {{"resources": [
  {{"address": "azurerm_kubernetes_cluster.main", "mode": "managed", "type": "azurerm_kubernetes_cluster", "name": "main",
   "values": {{"id": "{ID}", "name": "prod", "resource_group_name": "rg-prod", "kubernetes_version": "1.32.9", "current_kubernetes_version": "1.32.9",
     "kube_config_raw": "apiVersion: v1\nusers:\n- user:\n    client-key-data: {PLANTED}-1\n",
     "kube_admin_config_raw": "{PLANTED}-2",
     "kube_config": [{{"client_key": "{PLANTED}-3", "client_certificate": "{PLANTED}-4", "cluster_ca_certificate": "{PLANTED}-5", "password": "{PLANTED}-6", "host": "https://prod.hcp.westeurope.azmk8s.io:443"}}],
     "service_principal": [{{"client_id": "msi", "client_secret": "{PLANTED}-7"}}],
     "default_node_pool": [{{"name": "system", "node_count": 2, "orchestrator_version": "1.32.9"}}]}}}}
]}}}}}}"#
    );
    let shared = skewplan_core::input::redact_for_sharing(&state);
    assert!(!shared.contains(PLANTED), "{shared}");
    let out = outcome(&state, &Choices { target: "1.33.5".into(), ..Choices::default() });
    let (parsed, _, sel) = out.selected().unwrap();
    assert_eq!(parsed.secrets.len(), 7, "every planted credential is held back");
    let everything = format!("{:?}{:?}", sel.rendered, sel.plan);
    assert!(!everything.contains(PLANTED));
}
