//! Disruption budgets: what they allow, and whether a drain can ever pass
//! them. A budget that allows no disruption stalls every node drain that
//! would evict one of its pods.
//! <https://kubernetes.io/docs/tasks/run-application/configure-pdb/>

use super::doc::Doc;
use super::{Budget, Controller, IntOrPercent, Place};
use serde_json::Value;

/// `3`, `"3"` or `"50%"`.
pub(super) fn int_or_percent(v: &Value) -> Option<IntOrPercent> {
    match v {
        Value::Number(n) => n.as_u64().map(IntOrPercent::Count),
        Value::String(s) => {
            let s = s.trim();
            match s.strip_suffix('%') {
                Some(p) => p.trim().parse().ok().map(IntOrPercent::Percent),
                None => s.parse().ok().map(IntOrPercent::Count),
            }
        }
        _ => None,
    }
}

pub(super) fn budget(doc: Doc<'_>, namespace: Option<String>, name: String, at: Place) -> Budget {
    let count = |k: &str| doc.scalar(&["status", k]).and_then(Value::as_u64);
    Budget {
        namespace,
        name,
        at,
        min_available: doc.scalar(&["spec", "minAvailable"]).and_then(int_or_percent),
        max_unavailable: doc.scalar(&["spec", "maxUnavailable"]).and_then(int_or_percent),
        disruptions_allowed: count("disruptionsAllowed"),
        expected_pods: count("expectedPods"),
        selector: doc.labels(&["spec", "selector", "matchLabels"]),
    }
}

pub(super) fn controller(doc: Doc<'_>, namespace: Option<String>) -> Controller {
    Controller {
        namespace,
        // The API's default is one replica.
        replicas: doc.scalar(&["spec", "replicas"]).and_then(Value::as_u64).unwrap_or(1),
        labels: doc.labels(&["spec", "template", "metadata", "labels"]),
    }
}

/// Why `b` allows no voluntary disruption, or `None` when a drain can pass
/// it. Pods a budget covers come from its status, else from the controllers
/// read whose pod labels its selector matches.
pub(crate) fn allows_none(b: &Budget, controllers: &[Controller]) -> Option<String> {
    let expected = b.expected_pods.or_else(|| expected_from(b, controllers));
    if expected == Some(0) {
        return None;
    }
    if let Some(0) = b.disruptions_allowed {
        return Some("its status allows 0 disruptions".into());
    }
    if b.disruptions_allowed.is_some() {
        return None;
    }
    match (b.max_unavailable, b.min_available) {
        (Some(IntOrPercent::Count(0)), _) => Some("maxUnavailable is 0".into()),
        (Some(IntOrPercent::Percent(0)), _) => Some("maxUnavailable is 0%".into()),
        (None, Some(IntOrPercent::Percent(p))) if p >= 100 => Some(format!("minAvailable is {p}%")),
        (None, Some(IntOrPercent::Count(n))) => match expected {
            Some(e) if n >= e => Some(format!("minAvailable is {n} and it covers {e} pod(s)")),
            _ => None,
        },
        _ => None,
    }
}

fn expected_from(b: &Budget, controllers: &[Controller]) -> Option<u64> {
    if b.selector.is_empty() {
        return None;
    }
    let matching: Vec<&Controller> = controllers
        .iter()
        .filter(|c| c.namespace == b.namespace && b.selector.iter().all(|(k, v)| c.labels.get(k) == Some(v)))
        .collect();
    (!matching.is_empty()).then(|| matching.iter().map(|c| c.replicas).sum())
}
