//! From a parsed document to the facts kept: objects on listed APIs,
//! disruption budgets, controllers' pods; `List`s are opened.

use super::budgets::{budget, controller};
use super::{apis, Object, Place, Workloads};
use serde_json::Value;

/// Reads `value` (found at `at`); `item_lines` are where a `List`'s items
/// start, when known.
pub(super) fn collect(value: &Value, at: &Place, item_lines: &[usize], w: &mut Workloads) {
    if let Value::Array(list) = value {
        for (i, item) in list.iter().enumerate() {
            collect(item, &item_place(at, item_lines, i), &[], w);
        }
        return;
    }
    let kind = value.get("kind").and_then(Value::as_str);
    if let Some(Value::Array(items)) = value.get("items") {
        if kind.is_none_or(|k| k.ends_with("List")) {
            for (i, item) in items.iter().enumerate() {
                collect(item, &item_place(at, item_lines, i), &[], w);
            }
            return;
        }
    }
    let api_version = value.get("apiVersion").and_then(Value::as_str);
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        w.skipped += 1;
        return;
    };
    w.objects_read += 1;
    *w.kinds.entry(kind.to_string()).or_default() += 1;
    let meta = value.get("metadata");
    let text = |key: &str| meta.and_then(|m| m.get(key)).and_then(Value::as_str).map(str::to_string);
    let namespace = text("namespace");
    let name = text("name").or_else(|| text("generateName")).unwrap_or_else(|| "(unnamed)".into());
    if apis::lookup(api_version, kind).is_some() {
        w.listed.push(Object {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: namespace.clone(),
            name: name.clone(),
            at: at.clone(),
        });
    }
    match kind {
        "PodDisruptionBudget" => w.budgets.push(budget(value, namespace, name, at.clone())),
        "Deployment" | "StatefulSet" | "ReplicaSet" => w.controllers.push(controller(value, namespace)),
        _ => {}
    }
}

fn item_place(at: &Place, item_lines: &[usize], i: usize) -> Place {
    Place { line: item_lines.get(i).copied().unwrap_or(at.line), ..at.clone() }
}
