//! Every secret value in the parsed documents, so that it can be kept out
//! of what is shared.

use super::text::Document;
use crate::path::FieldPath;
use crate::secret::{is_secret_key, looks_like_key_material, Secrets};
use serde_json::Value;

/// The secrets of `docs`: fields whose name marks a secret, PEM key
/// material anywhere, and the data of Kubernetes Secrets and kubeconfigs.
pub(crate) fn collect(docs: &[Document]) -> Secrets {
    let mut secrets = Secrets::default();
    for d in docs.iter().filter(|d| worth_walking(&d.value, false)) {
        walk(&d.value, &d.root, false, &mut secrets, 0);
    }
    secrets
}

/// Whether `v` can hold a secret: a container, or a string that is one.
/// (Most values are neither; their paths are then never built.)
fn worth_walking(v: &Value, secret: bool) -> bool {
    match v {
        Value::Object(_) | Value::Array(_) => true,
        Value::String(s) => secret || looks_like_key_material(s),
        _ => false,
    }
}

/// Records the secrets at and below `v` (which is `worth_walking`);
/// `secret` says that `v` is inside a secret field, where every string is a
/// secret.
fn walk(v: &Value, path: &FieldPath, secret: bool, out: &mut Secrets, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(map) => {
            let is_k8s_secret = map.get("kind").and_then(Value::as_str) == Some("Secret");
            for (k, child) in map {
                let secret_here = secret || is_secret_key(k) || (is_k8s_secret && (k == "data" || k == "stringData"));
                if worth_walking(child, secret_here) {
                    walk(child, &path.key(k), secret_here, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate().filter(|(_, c)| worth_walking(c, secret)) {
                walk(child, &path.index(i), secret, out, depth + 1);
            }
        }
        // Only a secret string is walked to (`worth_walking`).
        Value::String(s) => out.add(path.to_string(), s),
        _ => {}
    }
}
