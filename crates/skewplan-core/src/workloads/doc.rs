//! The few fields of a workload document that the checks read, deserialized
//! straight from the JSON or YAML parser: every other field (pod specs,
//! annotations, managedFields) is skipped without being built, which keeps
//! reading 10,000 objects fast. Scalars are taken loosely (a number where
//! text is expected is simply not used).

use serde::de::Deserializer;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A scalar field read as any JSON value (small: names, counts).
fn loose<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.filter(|v| !v.is_object() && !v.is_array()))
}

/// A map of labels; values that are not text are left out.
fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let map = Option::<BTreeMap<String, Value>>::deserialize(d)?.unwrap_or_default();
    Ok(map.into_iter().filter_map(|(k, v)| Some((k, v.as_str()?.to_string()))).collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Doc {
    #[serde(rename = "apiVersion", deserialize_with = "loose")]
    pub api_version: Option<Value>,
    #[serde(deserialize_with = "loose")]
    pub kind: Option<Value>,
    pub metadata: Option<Meta>,
    pub spec: Option<Spec>,
    pub status: Option<Status>,
    pub items: Option<Vec<Doc>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Meta {
    #[serde(deserialize_with = "loose")]
    pub name: Option<Value>,
    #[serde(rename = "generateName", deserialize_with = "loose")]
    pub generate_name: Option<Value>,
    #[serde(deserialize_with = "loose")]
    pub namespace: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Spec {
    #[serde(deserialize_with = "loose")]
    pub replicas: Option<Value>,
    #[serde(rename = "minAvailable", deserialize_with = "loose")]
    pub min_available: Option<Value>,
    #[serde(rename = "maxUnavailable", deserialize_with = "loose")]
    pub max_unavailable: Option<Value>,
    pub selector: Option<Selector>,
    pub template: Option<Template>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Selector {
    #[serde(rename = "matchLabels", deserialize_with = "labels")]
    pub match_labels: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Template {
    pub metadata: Option<TemplateMeta>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TemplateMeta {
    #[serde(deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Status {
    #[serde(rename = "disruptionsAllowed", deserialize_with = "loose")]
    pub disruptions_allowed: Option<Value>,
    #[serde(rename = "expectedPods", deserialize_with = "loose")]
    pub expected_pods: Option<Value>,
}

/// The text of a loosely read scalar.
pub(super) fn text(v: &Option<Value>) -> Option<&str> {
    v.as_ref().and_then(Value::as_str)
}
