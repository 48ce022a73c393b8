//! From a parsed document to the facts kept: objects on listed APIs,
//! disruption budgets, controllers' pods; `List`s are opened.

use super::budgets::{budget, controller};
use super::doc::Doc;
use super::{apis, Object, Place, Workloads};

/// Reads `doc` (found at `at`); `item_lines` are where a `List`'s items
/// start, when known.
pub(super) fn collect(doc: Doc<'_>, at: &Place, item_lines: &[usize], w: &mut Workloads) {
    let kind = doc.text(&["kind"]);
    if let Some(items) = doc.items() {
        if kind.is_none_or(|k| k.ends_with("List")) {
            for (i, item) in items.iter().enumerate() {
                collect(Doc(item), &item_place(at, item_lines, i), &[], w);
            }
            return;
        }
    }
    let (Some(api_version), Some(kind)) = (doc.text(&["apiVersion"]), kind) else {
        w.skipped += 1;
        return;
    };
    w.objects_read += 1;
    match w.kinds.get_mut(kind) {
        Some(n) => *n += 1,
        None => {
            w.kinds.insert(kind.to_string(), 1);
        }
    }
    let listed = apis::lookup(api_version, kind).is_some();
    let interesting = matches!(kind, "PodDisruptionBudget" | "Deployment" | "StatefulSet" | "ReplicaSet");
    if !listed && !interesting {
        return;
    }
    let namespace = doc.text(&["metadata", "namespace"]).map(str::to_string);
    let name = doc.text(&["metadata", "name"]).or(doc.text(&["metadata", "generateName"]));
    let name = name.unwrap_or("(unnamed)").to_string();
    if listed {
        w.listed.push(Object {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: namespace.clone(),
            name: name.clone(),
            at: at.clone(),
        });
    }
    match kind {
        "PodDisruptionBudget" => w.budgets.push(budget(doc, namespace, name, at.clone())),
        "Deployment" | "StatefulSet" | "ReplicaSet" => w.controllers.push(controller(doc, namespace)),
        _ => {}
    }
}

fn item_place(at: &Place, item_lines: &[usize], i: usize) -> Place {
    Place { line: item_lines.get(i).copied().unwrap_or(at.line), ..at.clone() }
}
