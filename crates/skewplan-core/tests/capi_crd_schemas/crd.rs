//! The vendored CustomResourceDefinitions (tests/fixtures/crds/, sources in
//! its SOURCES.md) and lookups of field paths in their openAPIV3Schema.

use serde_json::Value;
use std::path::Path;

/// One served version of one CRD file.
pub(crate) struct Served {
    /// The file, relative to tests/fixtures/crds/.
    pub(crate) file: String,
    pub(crate) group: String,
    pub(crate) kind: String,
    pub(crate) version: String,
    pub(crate) schema: Value,
}

fn read_dir_sorted(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the CRDs listed in tests/fixtures/crds/SOURCES.md)", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Every served version of every CRD under `dir`, with the names the
/// resource can be given by (`plural`, `singular`, lower-case kind).
pub(crate) fn load(dir: &Path) -> Vec<(Served, Vec<String>)> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for p in read_dir_sorted(&d) {
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let rel = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let crd: Value = serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(crd["kind"], "CustomResourceDefinition", "{rel}");
        let spec = &crd["spec"];
        let names = &spec["names"];
        let kind = names["kind"].as_str().unwrap().to_string();
        let mut aliases = vec![kind.to_ascii_lowercase()];
        for n in ["plural", "singular"] {
            if let Some(a) = names[n].as_str() {
                aliases.push(a.to_string());
            }
        }
        for v in spec["versions"].as_array().unwrap() {
            if v["served"] != Value::Bool(true) {
                continue;
            }
            let served = Served {
                file: rel.clone(),
                group: spec["group"].as_str().unwrap().to_string(),
                kind: kind.clone(),
                version: v["name"].as_str().unwrap().to_string(),
                schema: v["schema"]["openAPIV3Schema"].clone(),
            };
            out.push((served, aliases.clone()));
        }
    }
    out
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    /// Any element of a list.
    Item,
}

pub(crate) fn show(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => format!(".{k}"),
            Seg::Item => "[]".to_string(),
        })
        .collect()
}

/// The fields of every object's `metadata` (ObjectMeta), which a CRD's
/// schema leaves to the API server:
/// <https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go>.
const OBJECT_META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

/// A schema node that takes any value (ObjectMeta's fields are checked by
/// name only).
static ANY: Value = Value::Null;

/// The schema of `path` in `schema`, or why it is not there.
pub(crate) fn lookup<'a>(schema: &'a Value, path: &[Seg]) -> Result<&'a Value, String> {
    let mut node = schema;
    for (i, seg) in path.iter().enumerate() {
        if i == 1 && path[0] == Seg::Key("metadata".into()) {
            return match seg {
                Seg::Key(k) if OBJECT_META.contains(&k.as_str()) => Ok(&ANY),
                _ => Err(format!("{} is not an ObjectMeta field", show(&path[..2]))),
            };
        }
        let next = match seg {
            Seg::Key(k) => {
                node["properties"].get(k).or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
            }
            Seg::Item => node.get("items"),
        };
        node = match next {
            Some(n) => n,
            None if node.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true)) => {
                return Err(format!(
                    "{} is under {}, which keeps unknown fields: no schema to check",
                    show(path),
                    show(&path[..i])
                ))
            }
            None => {
                return Err(format!(
                    "{} is not in the schema (no {} under {})",
                    show(path),
                    show(&path[i..=i]),
                    show(&path[..i])
                ))
            }
        };
    }
    Ok(node)
}

/// Whether a patch's leaf `value` fits the schema node (type and enum); a
/// null deletes the field and always fits.
pub(crate) fn value_fits(node: &Value, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    if let Some(options) = node["enum"].as_array() {
        if !options.contains(value) {
            return Err(format!("{value} is not one of {options:?}"));
        }
    }
    let int_or_string = node.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true));
    let ok = match node["type"].as_str() {
        Some("string") => value.is_string() || (int_or_string && value.is_i64()),
        Some("integer") => value.is_i64() || value.is_u64() || (int_or_string && value.is_string()),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{value} is not of type {}", node["type"]))
    }
}

/// `{.status.observedGeneration}` → `.status.observedGeneration`'s steps.
pub(crate) fn jsonpath(expr: &str) -> Result<Vec<Seg>, String> {
    let inner = expr
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .ok_or_else(|| format!("not a {{…}} jsonpath: {expr}"))?;
    let inner = inner.strip_prefix('.').ok_or_else(|| format!("not a path from the object: {expr}"))?;
    let mut out = Vec::new();
    for part in inner.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if key.is_empty() {
            return Err(format!("empty step in {expr}"));
        }
        out.push(Seg::Key(key.to_string()));
        for _ in rest.split('[').filter(|r| !r.is_empty()) {
            out.push(Seg::Item);
        }
    }
    Ok(out)
}

/// Every path a patch body sets (each leaf and each key on the way), with
/// the value at it; for a JSON patch, each operation's path.
pub(crate) fn patch_paths(body: &Value) -> Vec<(Vec<Seg>, Value)> {
    let mut out = Vec::new();
    if let Some(ops) = body.as_array() {
        for op in ops {
            let path = op["path"].as_str().unwrap_or_default();
            let segs = path
                .split('/')
                .skip(1)
                .map(|s| {
                    if s == "-" || s.parse::<usize>().is_ok() {
                        Seg::Item
                    } else {
                        Seg::Key(s.replace("~1", "/").replace("~0", "~"))
                    }
                })
                .collect();
            out.push((segs, op.get("value").cloned().unwrap_or(Value::Null)));
        }
        return out;
    }
    fn walk(v: &Value, at: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, Value)>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    at.push(Seg::Key(k.clone()));
                    out.push((
                        at.clone(),
                        if child.is_object() { Value::Object(Default::default()) } else { child.clone() },
                    ));
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for child in items {
                    at.push(Seg::Item);
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    walk(body, &mut Vec::new(), &mut out);
    out
}
