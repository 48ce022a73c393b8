//! The embedded table of deprecated and removed Kubernetes APIs
//! (`data/deprecated-apis.json`, written by `cargo xtask refresh-data` from
//! pluto's table and the Kubernetes deprecation guide).

use serde::Deserialize;
use std::collections::HashMap;
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

/// A row of the data file: apiVersion, kind, deprecated in, removed in,
/// replacement.
type Row = (String, String, Option<String>, Option<String>, Option<String>);

#[derive(Deserialize)]
struct File {
    as_of: String,
    apis: Vec<Row>,
}

struct Table {
    as_of: String,
    /// The entries of each API version (a handful each), so that a look-up
    /// of an unlisted version costs one hash and no allocation.
    by_version: HashMap<String, Vec<ApiEntry>>,
}

fn minor(text: Option<String>) -> Option<(u64, u64)> {
    let text = text?;
    let (a, b) = text.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        // The file is generated and checked by the xtask tests; an unreadable
        // copy gives an empty table rather than a panic.
        let file: File = serde_json::from_str(TABLE).unwrap_or(File { as_of: String::new(), apis: Vec::new() });
        let mut by_version: HashMap<String, Vec<ApiEntry>> = HashMap::new();
        for (api_version, kind, deprecated, removed, replacement) in file.apis {
            let entry = ApiEntry {
                api_version: api_version.clone(),
                kind,
                deprecated_in: minor(deprecated),
                removed_in: minor(removed),
                replacement,
            };
            by_version.entry(api_version).or_default().push(entry);
        }
        Table { as_of: file.as_of, by_version }
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
