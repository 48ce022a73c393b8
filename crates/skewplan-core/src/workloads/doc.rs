//! The few fields of a workload document that the checks read, borrowed
//! from the parsed document (no serde code of its own, which the page would
//! pay for, and no copies). Scalars are taken loosely: a number where text
//! is expected is simply not used.

use serde_json::Value;
use std::collections::BTreeMap;

/// A parsed document, or an item of its `List`.
#[derive(Clone, Copy)]
pub(super) struct Doc<'a>(pub(super) &'a Value);

impl<'a> Doc<'a> {
    fn at(self, path: &[&str]) -> Option<&'a Value> {
        path.iter().try_fold(self.0, |v, k| v.get(k))
    }

    /// The text at `path`.
    pub(super) fn text(self, path: &[&str]) -> Option<&'a str> {
        self.at(path).and_then(Value::as_str)
    }

    /// The scalar at `path` (a number or text), for counts and budgets.
    pub(super) fn scalar(self, path: &[&str]) -> Option<&'a Value> {
        self.at(path).filter(|v| v.is_number() || v.is_string())
    }

    /// The text labels at `path`.
    pub(super) fn labels(self, path: &[&str]) -> BTreeMap<String, String> {
        self.at(path)
            .and_then(Value::as_object)
            .map(|m| m.iter().filter_map(|(k, x)| Some((k.clone(), x.as_str()?.to_string()))).collect())
            .unwrap_or_default()
    }

    /// The items of a `List` (or of a bare array).
    pub(super) fn items(self) -> Option<&'a Vec<Value>> {
        match self.0 {
            Value::Array(list) => Some(list),
            v => v.get("items").and_then(Value::as_array),
        }
    }
}
