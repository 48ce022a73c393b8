//! ARM templates that deploy `Microsoft.ContainerService/managedClusters`
//! and `.../agentPools`. Values that are ARM expressions are resolved only
//! from a pasted parameters file (`[parameters('x')]`) or a literal variable
//! (`[variables('x')]`); anything else is reported as unresolved, never
//! guessed.

use super::aks;
use super::cursor::{arm_expression, At};
use super::error::{Diags, InputError};
use super::{Content, Format};
use crate::model::{AksSettings, Cluster, ClusterDetails, ControlPlane, Provider};
use crate::text::truncate;
use serde_json::{Map, Value};

pub(crate) fn is_template(root: &At) -> bool {
    let schema = root.text("$schema").unwrap_or_default();
    schema.contains("deploymentTemplate")
        || (root.has("resources") && root.has("contentVersion") && !schema.contains("Parameters"))
}

pub(crate) fn is_parameters_file(root: &At) -> bool {
    root.text("$schema").is_some_and(|s| s.contains("deploymentParameters"))
}

const CLUSTER_TYPE: &str = "microsoft.containerservice/managedclusters";
const POOL_TYPE: &str = "microsoft.containerservice/managedclusters/agentpools";

/// A resource and the template (scope) whose parameters it refers to.
struct Found<'a> {
    resource: At<'a>,
    scope: At<'a>,
}

fn collect<'a>(scope: &At<'a>, resources: &At<'a>, out: &mut Vec<Found<'a>>, depth: usize) {
    if depth > 16 {
        return;
    }
    let list: Vec<At<'a>> = match resources.value {
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| At::new(v, resources.path.index(i))).collect(),
        // Language version 2.0 templates key resources by symbolic name.
        Value::Object(map) => map.iter().map(|(k, v)| At::new(v, resources.path.key(k))).collect(),
        _ => return,
    };
    for r in list {
        let ty = r.text("type").unwrap_or_default().to_ascii_lowercase();
        if ty == CLUSTER_TYPE || ty == POOL_TYPE {
            out.push(Found { resource: r.clone(), scope: scope.clone() });
        }
        if let Some(children) = r.get("resources") {
            collect(scope, &children, out, depth + 1);
        }
        // Nested deployments carry their own template and parameters.
        if let Some(inner) = r.dig(&["properties", "template"]) {
            if let Some(inner_resources) = inner.get("resources") {
                collect(&inner, &inner_resources, out, depth + 1);
            }
        }
    }
}

pub(crate) fn read(template: &At, parameter_files: &[At], diags: &mut Diags) -> Result<Content, InputError> {
    let mut found = Vec::new();
    if let Some(resources) = template.get("resources") {
        collect(template, &resources, &mut found, 0);
    }
    if found.is_empty() {
        return Err(InputError::NotACluster {
            what: "an ARM template that deploys no AKS cluster or agent pool (no Microsoft.ContainerService/managedClusters or .../agentPools resource)".into(),
            advice: "if aks-engine generated it, paste the API model (`_output/<dnsPrefix>/apimodel.json`) instead; for AKS, paste the running cluster's `az aks show -o json` output.".into(),
        });
    }
    let supplied: Map<String, Value> = parameter_files
        .iter()
        .filter_map(|p| p.value.get("parameters").and_then(Value::as_object))
        .flat_map(|m| m.iter().filter_map(|(k, v)| v.get("value").map(|val| (k.clone(), val.clone()))))
        .collect();

    let mut clusters: Vec<Cluster> = Vec::new();
    let mut pools = Vec::new();
    for f in &found {
        let resolved = resolve(f.resource.value, &f.scope, &supplied, 0);
        let at = At::new(&resolved, f.resource.path.clone());
        let ty = f.resource.text("type").unwrap_or_default().to_ascii_lowercase();
        if ty == CLUSTER_TYPE {
            if let Some(expr) =
                at.get("properties").and_then(|p| p.value.as_str().and_then(arm_expression).map(str::to_string))
            {
                diags.error(
                    &at.path.key("properties"),
                    format!("the cluster's properties are built by the ARM expression `{}`, which Skewplan does not evaluate; paste the deployed cluster's `az aks show -o json` output", truncate(&expr, 80)),
                );
            }
            clusters.push(aks::read_cluster(&at, diags));
        } else {
            let mut pool = aks::read_pool(&at, false, None, diags);
            // Child pool names are `cluster/pool`.
            if let Some((_, last)) = pool.name.rsplit_once('/') {
                pool.name = last.to_string();
            }
            if arm_expression(&pool.name).is_some() {
                diags.error(
                    &at.path.key("name"),
                    format!(
                        "the pool name is the ARM expression `{}`, which was not resolved",
                        truncate(&pool.name, 80)
                    ),
                );
            }
            pools.push(pool);
        }
    }
    if clusters.is_empty() {
        // Agent pools deployed on their own: the cluster is elsewhere.
        let mut cp = ControlPlane::new(template.path.clone());
        cp.version = None;
        diags.error(&template.path, "the template deploys agent pools but not their cluster, so the control plane's version is unknown: paste the cluster's `az aks show -o json` output");
        clusters.push(Cluster {
            details: ClusterDetails::Aks(AksSettings::default()),
            ..Cluster::new(Provider::Aks, String::new(), cp, template.path.clone())
        });
    }
    // Separate agentPools resources belong to the (first) cluster.
    for pool in pools {
        let fallback = clusters[0].control_plane.version.clone();
        let mut pool = pool;
        if pool.version.is_none() {
            pool.version = fallback;
        }
        clusters[0].pools.retain(|p| p.name != pool.name);
        clusters[0].pools.push(pool);
    }
    Ok(Content::clusters(Format::ArmTemplate, clusters))
}

/// `[parameters('x')]` or `[variables('x')]` exactly, with the name.
fn reference(expr: &str) -> Option<(&str, &str)> {
    let inner = expr.strip_prefix('[')?.strip_suffix(']')?.trim();
    for func in ["parameters", "variables"] {
        if let Some(rest) = inner.strip_prefix(func) {
            let arg = rest.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
            let name = arg.strip_prefix('\'')?.strip_suffix('\'')?;
            return Some((func, name));
        }
    }
    None
}

/// A copy of `value` with every resolvable reference replaced.
fn resolve(value: &Value, scope: &At, supplied: &Map<String, Value>, depth: usize) -> Value {
    if depth > 64 {
        return value.clone();
    }
    match value {
        Value::String(s) => match reference(s) {
            Some(("parameters", name)) => supplied.get(name).cloned().unwrap_or_else(|| value.clone()),
            Some(("variables", name)) => match scope.value.get("variables").and_then(|v| v.get(name)) {
                Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_)))
                    if arm_expression(v.as_str().unwrap_or("")).is_none() =>
                {
                    v.clone()
                }
                _ => value.clone(),
            },
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, scope, supplied, depth + 1)).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), resolve(v, scope, supplied, depth + 1))).collect())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::reference;

    #[test]
    fn only_plain_references_resolve() {
        assert_eq!(reference("[parameters('kubernetesVersion')]"), Some(("parameters", "kubernetesVersion")));
        assert_eq!(reference("[variables( 'v' )]"), Some(("variables", "v")));
        assert_eq!(reference("[concat(parameters('a'), 'b')]"), None);
        assert_eq!(reference("1.28.3"), None);
    }
}
