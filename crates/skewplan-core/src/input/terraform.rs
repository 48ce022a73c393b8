//! `terraform show -json`: a saved plan (`resource_changes`,
//! `configuration`) or a state (`values.root_module` with its
//! `child_modules`), holding `azurerm_kubernetes_cluster` and
//! `azurerm_kubernetes_cluster_node_pool` resources
//! (<https://developer.hashicorp.com/terraform/internals/json-format>).
//! Each resource instance becomes a cluster or a pool; the plan's
//! `configuration` says where each version attribute is written, so the
//! steps can name the edit.

use super::cursor::At;
use super::error::{Diags, InputError};
use super::terraform_resource::{read_cluster, read_node_pool, Instance};
use super::{Content, Format};
use crate::model::{AksSettings, Cluster, ClusterDetails, ConfigOrigin};
use serde_json::Value;

pub(super) const CLUSTER_TYPE: &str = "azurerm_kubernetes_cluster";
pub(super) const POOL_TYPE: &str = "azurerm_kubernetes_cluster_node_pool";

/// A `terraform show -json` document: `format_version` with a plan's or a
/// state's sections.
pub(crate) fn is_terraform(root: &At) -> bool {
    root.text("format_version").is_some()
        && ["resource_changes", "planned_values", "values", "prior_state", "terraform_version"]
            .iter()
            .any(|k| root.has(k))
}

/// A raw `terraform.tfstate` file (`lineage`, `serial`, `resources` with
/// `instances`), which is not what `terraform show -json` prints.
pub(crate) fn is_raw_state(root: &At) -> bool {
    root.has("lineage") && root.has("serial") && root.has("resources") && root.has("terraform_version")
}

pub(crate) fn refuse_raw_state() -> InputError {
    InputError::NotACluster {
        what: "a raw Terraform state file (terraform.tfstate)".into(),
        advice: "run `terraform show -json` in the configuration's directory (it prints the state in the documented JSON format, with `values.root_module`) and paste that, or paste `terraform show -json PLANFILE` of a saved plan.".into(),
    }
}

pub(crate) fn read(root: &At, diags: &mut Diags) -> Result<Content, InputError> {
    let from_plan = root.has("resource_changes") || root.has("planned_values") || root.has("configuration");
    let mut instances = Vec::new();
    if from_plan {
        plan_instances(root, diags, &mut instances);
    } else if let Some(module) = root.dig(&["values", "root_module"]) {
        state_instances(&module, &mut instances, 0);
    }
    let kind = if from_plan { "Terraform plan" } else { "Terraform state" };
    if !instances.iter().any(|i| i.ty == CLUSTER_TYPE || i.ty == POOL_TYPE) {
        return Err(InputError::NotACluster {
            what: format!("a {kind} with no {CLUSTER_TYPE} or {POOL_TYPE} resource"),
            advice: "paste `terraform show -json PLANFILE` (or `terraform show -json` for the state) of the configuration that manages the AKS cluster, or the cluster's `az aks show -o json` output.".into(),
        });
    }
    let config = root.dig(&["configuration", "root_module"]);
    let mut clusters: Vec<(Cluster, Instance)> = Vec::new();
    for i in instances.iter().filter(|i| i.ty == CLUSTER_TYPE) {
        let cluster = read_cluster(i, config.as_ref(), from_plan, diags);
        clusters.push((cluster, i.clone()));
    }
    for i in instances.iter().filter(|i| i.ty == POOL_TYPE) {
        let Some(owner) = owner_of(i, &clusters, config.as_ref()) else {
            diags.error(&i.values.path, format!("the node pool {} belongs to no {CLUSTER_TYPE} in this input, so the version of its control plane is unknown: paste the plan or state that holds the cluster too", i.address));
            continue;
        };
        let (cluster, _) = &mut clusters[owner];
        let (pool, attribute) = read_node_pool(i, config.as_ref(), cluster.control_plane.version.as_ref(), diags);
        if let ClusterDetails::Aks(AksSettings { terraform: Some(tf), .. }) = &mut cluster.details {
            tf.pools.push((pool.name.clone(), attribute));
        }
        cluster.pools.retain(|p| p.name != pool.name);
        cluster.pools.push(pool);
    }
    let format = if from_plan { Format::TerraformPlan } else { Format::TerraformState };
    Ok(Content::clusters(format, clusters.into_iter().map(|(c, _)| c).collect()))
}

/// The cluster a node pool belongs to: by `kubernetes_cluster_id` (a state,
/// or an update plan), by the reference in the configuration, or the only
/// cluster there is.
fn owner_of(pool: &Instance, clusters: &[(Cluster, Instance)], config: Option<&At>) -> Option<usize> {
    if let Some(id) = pool.values.text("kubernetes_cluster_id") {
        if let Some(i) =
            clusters.iter().position(|(_, c)| c.values.text("id").is_some_and(|x| x.eq_ignore_ascii_case(id)))
        {
            return Some(i);
        }
    }
    let refs = expression(config, pool, &["kubernetes_cluster_id"]).and_then(|e| references(&e));
    if let Some(refs) = refs {
        let found = clusters.iter().position(|(_, c)| {
            c.module == pool.module && refs.iter().any(|r| strip_index(r) == format!("{}.id", strip_index(&c.local)))
        });
        if found.is_some() {
            return found;
        }
    }
    (clusters.len() == 1).then_some(0)
}

/// Resource instances of a plan: `resource_changes` (every module's
/// managed resources, each with its change).
fn plan_instances<'a>(root: &At<'a>, diags: &mut Diags, out: &mut Vec<Instance<'a>>) {
    let Some(changes) = root.get("resource_changes") else { return };
    for rc in changes.items(diags) {
        let ty = rc.text("type").unwrap_or_default();
        if ty != CLUSTER_TYPE && ty != POOL_TYPE || rc.text("mode").is_some_and(|m| m != "managed") {
            continue;
        }
        let Some(change) = rc.get("change") else { continue };
        let actions: Vec<&str> = change
            .value
            .get("actions")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let address = rc.text("address").unwrap_or_default().to_string();
        if actions == ["delete"] {
            diags.info(&rc.path, format!("the plan deletes {address}; it is left out"));
            continue;
        }
        // What exists now, or what the plan creates.
        let before = change.get("before").filter(At::is_object);
        let (values, unknown, creating) = match before.clone() {
            Some(b) if !actions.contains(&"create") => (b, None, false),
            _ => match change.get("after").filter(At::is_object) {
                Some(a) => (a, change.value.get("after_unknown"), true),
                None => continue,
            },
        };
        if let (Some(b), Some(a)) = (&before, change.get("after").filter(At::is_object)) {
            pending_version_change(&address, b, &a, diags);
        }
        if creating {
            diags.info(
                &values.path,
                format!(
                    "the plan creates {address}: it is read as it will be after apply, with the versions the plan sets"
                ),
            );
        }
        let module = rc.text("module_address").map(str::to_string);
        out.push(Instance::new(address, module, ty, values, unknown, creating));
    }
}

/// An update plan that already changes a version: Skewplan plans from what
/// runs (`before`), so the pending change is named.
fn pending_version_change(address: &str, before: &At, after: &At, diags: &mut Diags) {
    for keys in [&["kubernetes_version"][..], &["orchestrator_version"], &["default_node_pool", "orchestrator_version"]]
    {
        let value = |at: &At| {
            let mut v = at.value;
            for k in keys {
                v = v.get(k)?;
                v = v.as_array().and_then(|a| a.first()).unwrap_or(v);
            }
            v.as_str().map(str::to_string)
        };
        if let (Some(b), Some(a)) = (value(before), value(after)) {
            if a != b {
                let path = keys.iter().fold(after.path.clone(), |p, k| p.key(k));
                diags.warn(&path, format!("this plan already changes {address} {} from {b} to {a}; Skewplan plans from {b}, what runs now: apply or discard that change before the steps", keys.join(".")));
            }
        }
    }
}

/// Resource instances of a state module and its child modules.
fn state_instances<'a>(module: &At<'a>, out: &mut Vec<Instance<'a>>, depth: usize) {
    if depth > 32 {
        return;
    }
    let module_address = module.text("address").map(str::to_string);
    if let Some(resources) = module.get("resources").filter(|r| r.value.is_array()) {
        for r in resources.items(&mut Diags::default()) {
            let ty = r.text("type").unwrap_or_default();
            if (ty == CLUSTER_TYPE || ty == POOL_TYPE) && r.text("mode") != Some("data") {
                if let Some(values) = r.get("values").filter(At::is_object) {
                    let address = r.text("address").unwrap_or_default().to_string();
                    out.push(Instance::new(address, module_address.clone(), ty, values, None, false));
                }
            }
        }
    }
    if let Some(children) = module.get("child_modules").filter(|c| c.value.is_array()) {
        for child in children.items(&mut Diags::default()) {
            state_instances(&child, out, depth + 1);
        }
    }
}

/// `name[0]` → `name`, `module.a["x"].b` → `module.a.b`.
pub(super) fn strip_index(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The configuration of the resource `instance` (a plan's
/// `configuration.root_module`, walked down its `module_calls`).
fn config_resource<'a>(config: Option<&At<'a>>, instance: &Instance) -> Option<At<'a>> {
    let mut module = config?.clone();
    if let Some(m) = &instance.module {
        for name in strip_index(m).split('.').collect::<Vec<_>>().chunks(2) {
            let [_, name] = name else { return None };
            module = module.dig(&["module_calls", name, "module"])?;
        }
    }
    let local = strip_index(&instance.local);
    let resources = module.get("resources")?;
    let list = resources.value.as_array()?;
    let i = list.iter().position(|r| r.get("address").and_then(Value::as_str) == Some(local.as_str()))?;
    Some(At::new(&list[i], resources.path.index(i)))
}

/// The expression of an attribute (`keys` through nested blocks, whose
/// first instance is taken: `default_node_pool` is a one-element list).
pub(super) fn expression<'a>(config: Option<&At<'a>>, instance: &Instance, keys: &[&str]) -> Option<At<'a>> {
    let mut at = config_resource(config, instance)?.get("expressions")?;
    for k in keys {
        at = at.get(k)?;
        if let Some(first) = at.value.as_array().and_then(|a| a.first()) {
            at = At::new(first, at.path.index(0));
        }
    }
    Some(at)
}

fn references(expr: &At) -> Option<Vec<String>> {
    let refs = expr.value.get("references")?.as_array()?;
    Some(refs.iter().filter_map(|r| r.as_str().map(str::to_string)).collect())
}

/// Where the configuration sets the attribute at `keys`, when the input has
/// a configuration (a plan).
pub(super) fn origin(config: Option<&At>, instance: &Instance, keys: &[&str]) -> ConfigOrigin {
    if config.is_none() || config_resource(config, instance).is_none() {
        return ConfigOrigin::NotShown;
    }
    let Some(expr) = expression(config, instance, keys) else { return ConfigOrigin::Unset };
    if let Some(c) = expr.value.get("constant_value") {
        return if c.is_null() { ConfigOrigin::Unset } else { ConfigOrigin::Literal };
    }
    match references(&expr) {
        Some(refs) => match refs.first().and_then(|r| r.strip_prefix("var.")) {
            Some(var) if instance.module.is_none() && refs.len() == 1 => ConfigOrigin::Variable(var.to_string()),
            _ => ConfigOrigin::Expression(refs.join(", ")),
        },
        None => ConfigOrigin::Expression("an expression".into()),
    }
}
