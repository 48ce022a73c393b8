//! The table of deprecated and removed Kubernetes APIs
//! (`crates/skewplan-core/data/deprecated-apis.json`) from pluto's
//! `versions.yaml` and the additions from the Kubernetes deprecation guide.
//! Only Kubernetes's own APIs (`component: k8s`) are kept: the other
//! components' releases are not Kubernetes minors.

use serde_json::Value;
use std::collections::BTreeMap;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Api {
    api_version: String,
    kind: String,
    deprecated_in: Option<(u32, u32)>,
    removed_in: Option<(u32, u32)>,
    replacement: Option<String>,
}

/// `v1.22.0` → (1, 22); empty → none.
fn minor(value: Option<&Value>, what: &str) -> Result<Option<(u32, u32)>, String> {
    let Some(text) = value.and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let mut parts = text.trim_start_matches('v').split('.');
    let major = parts.next().and_then(|p| p.parse().ok());
    let minor = parts.next().and_then(|p| p.parse().ok());
    match (major, minor) {
        (Some(a), Some(b)) => Ok(Some((a, b))),
        _ => Err(format!("{what}: `{text}` is not a version")),
    }
}

/// The `component: k8s` rows of one table (pluto's shape).
fn rows(yaml: &str, name: &str) -> Result<Vec<Api>, String> {
    let doc: Value = serde_yaml_ng::from_str(yaml).map_err(|e| format!("{name}: {e}"))?;
    let list = doc["deprecated-versions"].as_array().ok_or_else(|| format!("{name}: no deprecated-versions list"))?;
    let mut out = Vec::new();
    for (i, e) in list.iter().enumerate() {
        if e["component"].as_str() != Some("k8s") {
            continue;
        }
        let text = |k: &str| e[k].as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let what = format!("{name}: entry {}", i + 1);
        out.push(Api {
            api_version: text("version").ok_or_else(|| format!("{what}: no version"))?,
            kind: text("kind").ok_or_else(|| format!("{what}: no kind"))?,
            deprecated_in: minor(e.get("deprecated-in"), &what)?,
            removed_in: minor(e.get("removed-in"), &what)?,
            replacement: text("replacement-api"),
        });
    }
    Ok(out)
}

fn version_text(v: Option<(u32, u32)>) -> String {
    v.map_or_else(|| "null".to_string(), |(a, b)| format!("\"{a}.{b}\""))
}

/// The data file's text: pluto's rows, each replaced by an addition of the
/// same version and kind, plus the additions pluto lacks; one row a line.
pub(super) fn generate(pluto: &str, additions: &str, as_of: &str, sources: &[String]) -> Result<String, String> {
    let mut table: BTreeMap<(String, String), Api> = BTreeMap::new();
    for api in
        rows(pluto, "pluto-versions.yaml")?.into_iter().chain(rows(additions, "deprecation-guide-additions.yaml")?)
    {
        table.insert((api.api_version.clone(), api.kind.clone()), api);
    }
    let mut apis: Vec<&Api> = table.values().collect();
    apis.sort_by(|a, b| {
        (a.removed_in.unwrap_or((u32::MAX, 0)), &a.api_version, &a.kind).cmp(&(
            b.removed_in.unwrap_or((u32::MAX, 0)),
            &b.api_version,
            &b.kind,
        ))
    });
    let quote = |s: &str| Value::String(s.to_string()).to_string();
    let mut s = format!("{{\n  \"as_of\": \"{as_of}\",\n  \"sources\": [\n");
    let listed: Vec<String> = sources.iter().map(|x| format!("    {}", quote(x))).collect();
    s.push_str(&listed.join(",\n"));
    s.push_str("\n  ],\n  \"apis\": [\n");
    let lines: Vec<String> = apis
        .iter()
        .map(|a| {
            format!(
                "    [{}, {}, {}, {}, {}]",
                quote(&a.api_version),
                quote(&a.kind),
                version_text(a.deprecated_in),
                version_text(a.removed_in),
                a.replacement.as_deref().map_or_else(|| "null".to_string(), quote)
            )
        })
        .collect();
    s.push_str(&lines.join(",\n"));
    s.push_str("\n  ]\n}\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions_replace_pluto_rows_and_other_components_are_left_out() {
        let pluto = "deprecated-versions:\n- {version: a/v1beta1, kind: X, deprecated-in: v1.20.0, removed-in: v1.29.0, replacement-api: a/v1, component: k8s}\n- {version: cert-manager.io/v1alpha2, kind: Certificate, removed-in: v1.6.0, component: cert-manager}\n";
        let additions = "deprecated-versions:\n- {version: a/v1beta1, kind: X, deprecated-in: v1.23.0, removed-in: v1.26.0, replacement-api: a/v1, component: k8s}\n";
        let text = generate(pluto, additions, "2026-04-27", &["s".into()]).unwrap();
        assert!(text.contains("[\"a/v1beta1\", \"X\", \"1.23\", \"1.26\", \"a/v1\"]"), "{text}");
        assert!(!text.contains("Certificate"));
    }
}
