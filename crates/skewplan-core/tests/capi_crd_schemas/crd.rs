//! The schema skeletons of the Cluster API CRDs
//! (tests/fixtures/crd-skeletons/, one file per CRD release and served
//! version, written by `cargo xtask crd-skeleton`; sources in its
//! SOURCES.md) and lookups of field paths in them.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One schema node: a skeleton line's type and markers.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// `type`, when the schema gives one.
    pub(crate) ty: Option<String>,
    pub(crate) options: Option<Vec<Value>>,
    pub(crate) int_or_string: bool,
    pub(crate) preserve_unknown: bool,
}

/// One served version of one CRD release.
pub(crate) struct Served {
    /// The skeleton file, relative to tests/fixtures/crd-skeletons/.
    pub(crate) file: String,
    pub(crate) group: String,
    pub(crate) kind: String,
    pub(crate) version: String,
    /// Each path's node, by its skeleton path (`.a[].b`, `.*` a map's values,
    /// the empty path the object itself).
    pub(crate) schema: BTreeMap<String, Node>,
}

/// A skeleton path line: `PATH TYPE [int-or-string] [preserve-unknown-fields] [enum=JSON]`.
fn node_line(line: &str) -> Result<(String, Node), String> {
    let (path, rest) = line.split_once(' ').ok_or("no type")?;
    let (ty, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let mut node = Node { ty: (ty != "-").then(|| ty.to_string()), ..Node::default() };
    while !rest.is_empty() {
        let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        match word {
            "int-or-string" => node.int_or_string = true,
            "preserve-unknown-fields" => node.preserve_unknown = true,
            _ if word.starts_with("enum=") => {
                let list = serde_json::from_str(&rest["enum=".len()..]).map_err(|e| format!("enum: {e}"))?;
                node.options = Some(list);
                break;
            }
            _ => return Err(format!("unknown marker {word:?}")),
        }
        rest = tail;
    }
    Ok((if path == "." { String::new() } else { path.to_string() }, node))
}

/// A skeleton file: its served version and the names the resource can be
/// given by (`plural`, `singular`, lower-case kind).
fn parse(file: &str, text: &str) -> Result<(Served, Vec<String>), String> {
    let mut head: BTreeMap<&str, &str> = BTreeMap::new();
    let mut schema = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
        let at = |e: String| format!("{file}:{}: {e}", n + 1);
        if line.starts_with('.') {
            let (path, node) = node_line(line).map_err(at)?;
            if schema.insert(path, node).is_some() {
                return Err(at("a path given twice".into()));
            }
        } else {
            let (key, value) = line.split_once(' ').ok_or_else(|| at(format!("not `KEY VALUE`: {line}")))?;
            head.insert(key, value);
        }
    }
    let get = |k: &str| head.get(k).map(|v| v.to_string()).ok_or_else(|| format!("{file}: no `{k}` line"));
    let kind = get("kind")?;
    let aliases = vec![kind.to_ascii_lowercase(), get("plural")?, get("singular")?];
    if !schema.contains_key("") {
        return Err(format!("{file}: no `.` line (the object itself)"));
    }
    let served = Served { file: file.to_string(), group: get("group")?, kind, version: get("version")?, schema };
    Ok((served, aliases))
}

/// Every skeleton under `dir`, with the names its resource can be given by.
pub(crate) fn load(dir: &Path) -> Vec<(Served, Vec<String>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the skeletons listed in its SOURCES.md)", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        out.push(parse(&name, &text).unwrap_or_else(|e| panic!("{e}")));
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
static ANY: Node = Node { ty: None, options: None, int_or_string: false, preserve_unknown: false };

/// The schema node of `path` in `schema`, or why it is not there.
pub(crate) fn lookup<'a>(schema: &'a BTreeMap<String, Node>, path: &[Seg]) -> Result<&'a Node, String> {
    // The skeleton path of the node reached so far (a map's value is `.*`).
    let mut at = String::new();
    for (i, seg) in path.iter().enumerate() {
        if i == 1 && path[0] == Seg::Key("metadata".into()) {
            return match seg {
                Seg::Key(k) if OBJECT_META.contains(&k.as_str()) => Ok(&ANY),
                _ => Err(format!("{} is not an ObjectMeta field", show(&path[..2]))),
            };
        }
        let next = match seg {
            Seg::Key(k) => [format!("{at}.{k}"), format!("{at}.*")].into_iter().find(|p| schema.contains_key(p)),
            Seg::Item => Some(format!("{at}[]")).filter(|p| schema.contains_key(p)),
        };
        at = match next {
            Some(p) => p,
            None if schema[&at].preserve_unknown => {
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
    Ok(&schema[&at])
}

/// Whether a patch's leaf `value` fits the schema node (type and enum); a
/// null deletes the field and always fits.
pub(crate) fn value_fits(node: &Node, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    if let Some(options) = &node.options {
        if !options.contains(value) {
            return Err(format!("{value} is not one of {options:?}"));
        }
    }
    let int_or_string = node.int_or_string;
    let ok = match node.ty.as_deref() {
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
        Err(format!("{value} is not of type {:?}", node.ty.as_deref().unwrap_or_default()))
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
