//! `cargo xtask crd-skeleton CRD.yaml VERSION`: the schema skeleton of one
//! served version of a CustomResourceDefinition, printed to stdout.
//!
//! A skeleton holds the facts the Cluster API schema test
//! (`crates/skewplan-core/tests/capi_crd_schemas/`) checks against and
//! nothing else: the group, kind, version and resource names, then one line
//! per field path of `openAPIV3Schema`, sorted, with its `type` (`-` when
//! the schema gives none) and, where present, the markers `int-or-string`
//! (`x-kubernetes-int-or-string`), `preserve-unknown-fields`
//! (`x-kubernetes-preserve-unknown-fields`) and `enum=` (the values as one
//! JSON list, last on the line). Paths: `.key` a property, `[]` a list's
//! items, `.*` the values of a map (`additionalProperties`), `.` the object
//! itself. Descriptions, defaults, validations and the rest are left out.
//!
//! `CRD.yaml` may be `-` (standard input), so a skeleton regenerates from a
//! clone of the upstream repository with
//! `git -C CLONE show TAG:PATH | cargo xtask crd-skeleton - VERSION`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let [file, version] = args else {
        return Err("usage: cargo xtask crd-skeleton CRD.yaml|- VERSION".into());
    };
    let text = if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?
    };
    print!("{}", skeleton(&text, version).map_err(|e| format!("{file}: {e}"))?);
    Ok(())
}

/// The skeleton of served `version` of the CRD in `yaml`.
pub(crate) fn skeleton(yaml: &str, version: &str) -> Result<String, String> {
    let crd: Value = serde_yaml_ng::from_str(yaml).map_err(|e| format!("not YAML: {e}"))?;
    if crd["kind"] != "CustomResourceDefinition" {
        return Err(format!("kind is {}, not CustomResourceDefinition", crd["kind"]));
    }
    let spec = &crd["spec"];
    let text = |v: &Value, at: &str| v.as_str().map(str::to_string).ok_or_else(|| format!("{at}: no string"));
    let group = text(&spec["group"], "spec.group")?;
    let kind = text(&spec["names"]["kind"], "spec.names.kind")?;
    let plural = text(&spec["names"]["plural"], "spec.names.plural")?;
    let singular = spec["names"]["singular"].as_str().map_or_else(|| kind.to_ascii_lowercase(), str::to_string);
    let versions = spec["versions"].as_array().ok_or("spec.versions: not a list")?;
    let served: Vec<&str> =
        versions.iter().filter(|v| v["served"] == Value::Bool(true)).filter_map(|v| v["name"].as_str()).collect();
    let Some(v) = versions.iter().find(|v| v["name"] == version && v["served"] == Value::Bool(true)) else {
        return Err(format!("no served version {version} (served: {})", served.join(", ")));
    };
    let schema = &v["schema"]["openAPIV3Schema"];
    if !schema.is_object() {
        return Err(format!("spec.versions[{version}].schema.openAPIV3Schema: not an object"));
    }
    let mut lines = BTreeMap::new();
    walk(schema, "", &mut lines)?;
    let mut out = format!(
        "# cargo xtask crd-skeleton: field paths and types of one served version\n\
         group {group}\nkind {kind}\nversion {version}\nplural {plural}\nsingular {singular}\n"
    );
    for (path, line) in lines {
        out.push_str(&if path.is_empty() { ".".to_string() } else { path });
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// Adds `node` at `path` and every field under it.
fn walk(node: &Value, path: &str, lines: &mut BTreeMap<String, String>) -> Result<(), String> {
    let shown = if path.is_empty() { "." } else { path };
    let mut line = format!(" {}", node["type"].as_str().unwrap_or("-"));
    if node.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        line.push_str(" int-or-string");
    }
    if node.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true)) {
        line.push_str(" preserve-unknown-fields");
    }
    if let Some(options) = node.get("enum") {
        let options = options.as_array().ok_or_else(|| format!("{shown}: enum is not a list"))?;
        line.push_str(&format!(" enum={}", serde_json::to_string(options).map_err(|e| e.to_string())?));
    }
    lines.insert(path.to_string(), line);
    if let Some(props) = node.get("properties") {
        let props = props.as_object().ok_or_else(|| format!("{shown}: properties is not a map"))?;
        for (key, child) in props {
            if key.is_empty() || key == "*" || key.contains(|c: char| c == '.' || c == '[' || c.is_whitespace()) {
                return Err(format!("{shown}: property {key:?} cannot be written as a path step"));
            }
            walk(child, &format!("{path}.{key}"), lines)?;
        }
    }
    if let Some(values) = node.get("additionalProperties").filter(|a| a.is_object()) {
        walk(values, &format!("{path}.*"), lines)?;
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object()) {
        walk(items, &format!("{path}[]"), lines)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic CRD (written for this test, not an upstream file) with
    /// each kind of node: properties, a list, a map, an enum, an
    /// int-or-string, a field that keeps unknown fields, an unserved version.
    const SYNTHETIC_CRD: &str = r#"
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.test
spec:
  group: example.test
  names: {kind: Widget, plural: widgets, singular: widget}
  versions:
  - name: v1alpha1
    served: false
    schema: {openAPIV3Schema: {type: object}}
  - name: v1
    served: true
    schema:
      openAPIV3Schema:
        description: A widget; descriptions are left out.
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: string, enum: [small, "very large"], default: small}
              maxSurge: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
              parts:
                type: array
                items: {type: object, properties: {name: {type: string, maxLength: 63}}}
              labels: {type: object, additionalProperties: {type: string}}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
"#;

    #[test]
    fn a_served_version_gives_every_path_with_its_type_and_markers_only() {
        let want = "\
# cargo xtask crd-skeleton: field paths and types of one served version
group example.test
kind Widget
version v1
plural widgets
singular widget
. object
.spec object
.spec.extra object preserve-unknown-fields
.spec.labels object
.spec.labels.* string
.spec.maxSurge - int-or-string
.spec.parts array
.spec.parts[] object
.spec.parts[].name string
.spec.size string enum=[\"small\",\"very large\"]
";
        assert_eq!(skeleton(SYNTHETIC_CRD, "v1").unwrap(), want);
    }

    #[test]
    fn an_unserved_or_missing_version_and_a_non_crd_are_refused() {
        assert_eq!(skeleton(SYNTHETIC_CRD, "v1alpha1").unwrap_err(), "no served version v1alpha1 (served: v1)");
        assert_eq!(
            skeleton("kind: ConfigMap\n", "v1").unwrap_err(),
            "kind is \"ConfigMap\", not CustomResourceDefinition"
        );
        assert!(skeleton("a: [", "v1").unwrap_err().starts_with("not YAML: "));
        let odd = SYNTHETIC_CRD.replace("size: {type", "\"a.b\": {type");
        assert_eq!(skeleton(&odd, "v1").unwrap_err(), ".spec: property \"a.b\" cannot be written as a path step");
    }
}
