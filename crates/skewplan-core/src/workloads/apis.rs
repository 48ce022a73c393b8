//! The embedded table of deprecated and removed Kubernetes APIs
//! (`data/deprecated-apis.json`, written by `cargo xtask refresh-data` from
//! pluto's table and the Kubernetes deprecation guide).

use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/deprecated-apis.json");

/// One API version of one kind: when it was deprecated, when it stops being
/// served, and what replaces it (minors, `(major, minor)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiEntry {
    pub api_version: String,
    pub kind: String,
    pub deprecated_in: Option<(u64, u64)>,
    pub removed_in: Option<(u64, u64)>,
    pub replacement: Option<String>,
}

struct Table {
    as_of: String,
    /// The entries of each API version (a handful each), so that a look-up
    /// of an unlisted version costs one hash and no allocation.
    by_version: BTreeMap<String, Vec<ApiEntry>>,
}

fn minor(v: &Value) -> Option<(u64, u64)> {
    let (a, b) = v.as_str()?.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        // The file is generated and checked by the xtask tests; an unreadable
        // copy gives an empty table rather than a panic. Read as a JSON value
        // (the input reader's code), so the page carries no parser of its own.
        let file = serde_json::Deserializer::from_str(TABLE).into_iter::<Value>().next().and_then(Result::ok);
        let file = file.unwrap_or_default();
        let mut by_version: BTreeMap<String, Vec<ApiEntry>> = BTreeMap::new();
        for row in file["apis"].as_array().into_iter().flatten() {
            let cell = |i: usize| row.get(i).unwrap_or(&Value::Null);
            let (Some(api_version), Some(kind)) = (cell(0).as_str(), cell(1).as_str()) else { continue };
            let entry = ApiEntry {
                api_version: api_version.to_string(),
                kind: kind.to_string(),
                deprecated_in: minor(cell(2)),
                removed_in: minor(cell(3)),
                replacement: cell(4).as_str().map(str::to_string),
            };
            by_version.entry(api_version.to_string()).or_default().push(entry);
        }
        let as_of = file["as_of"].as_str().unwrap_or_default().to_string();
        Table { as_of, by_version }
    })
}

/// The table's entry for `api_version` and `kind`, if it lists them.
pub fn lookup(api_version: &str, kind: &str) -> Option<&'static ApiEntry> {
    table().by_version.get(api_version)?.iter().find(|e| e.kind == kind)
}

/// The entry for a resource called by clients (`ingresses` in
/// `extensions/v1beta1`), matched by the kind's plural.
pub(super) fn lookup_resource(api_version: &str, resource: &str) -> Option<&'static ApiEntry> {
    table().by_version.get(api_version)?.iter().find(|e| plural(&e.kind) == resource)
}

/// The date the table's sources describe.
pub fn api_data_as_of() -> &'static str {
    &table().as_of
}

/// The resource name of a kind, as kubectl and the API server spell it
/// (`Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`).
pub(crate) fn plural(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else if lower.ends_with('s') || lower.ends_with('x') || lower.ends_with("ch") {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    }
}
