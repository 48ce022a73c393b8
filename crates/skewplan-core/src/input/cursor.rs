//! A JSON value together with its field path: typed accessors that report
//! wrong types as diagnostics at the exact path instead of failing.

use super::error::Diags;
use crate::path::FieldPath;
use crate::text::truncate;
use crate::version::{KubeVersion, Precision};
use serde_json::Value;

/// A JSON value and its field path (paths are built while walking).
#[derive(Clone)]
pub(crate) struct At<'a> {
    pub value: &'a Value,
    pub path: FieldPath,
}

impl<'a> At<'a> {
    pub(super) fn new(value: &'a Value, path: FieldPath) -> Self {
        At { value, path }
    }

    /// The child at `key`, when present and not null.
    pub(super) fn get(&self, key: &str) -> Option<At<'a>> {
        match self.value.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(At::new(v, self.path.key(key))),
        }
    }

    /// Follows a dotted path of keys.
    pub(super) fn dig(&self, keys: &[&str]) -> Option<At<'a>> {
        let mut cur = self.clone();
        for k in keys {
            cur = cur.get(k)?;
        }
        Some(cur)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(super) fn is_object(&self) -> bool {
        self.value.is_object()
    }

    /// The string value; a wrong type is reported.
    pub(super) fn str(&self, diags: &mut Diags) -> Option<&'a str> {
        match self.value {
            Value::String(s) => Some(s.as_str()),
            other => {
                diags.error(&self.path, format!("expected text, found {}", describe(other)));
                None
            }
        }
    }

    /// A string field that may be absent.
    pub(super) fn opt_str(&self, key: &str, diags: &mut Diags) -> Option<&'a str> {
        self.get(key).and_then(|n| n.str(diags))
    }

    /// A string field, silently ignored when absent or of another type
    /// (for fields that are informative only).
    /// ARM expressions are not values and are left out.
    pub(super) fn text(&self, key: &str) -> Option<&'a str> {
        self.value.get(key).and_then(Value::as_str).filter(|s| !s.is_empty() && arm_expression(s).is_none())
    }

    /// A whole, non-negative number (also accepted as a numeric string, as
    /// some tools print counts).
    pub(super) fn count(&self, diags: &mut Diags) -> Option<u64> {
        match self.value {
            Value::Number(n) => match n.as_u64() {
                Some(v) => Some(v),
                None => {
                    let f = n.as_f64().unwrap_or(0.0);
                    let what = if f < 0.0 {
                        "a negative number"
                    } else if f.fract() == 0.0 {
                        "a number too large for a count"
                    } else {
                        "a fraction"
                    };
                    diags.error(&self.path, format!("expected a whole number of 0 or more, found {what} ({n})"));
                    None
                }
            },
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => match s.parse() {
                Ok(v) => Some(v),
                Err(_) => {
                    diags.error(&self.path, format!("the number {s} is too large"));
                    None
                }
            },
            other => {
                diags.error(&self.path, format!("expected a whole number, found {}", describe(other)));
                None
            }
        }
    }

    pub(super) fn opt_count(&self, key: &str, diags: &mut Diags) -> Option<u64> {
        self.get(key).and_then(|n| n.count(diags))
    }

    pub(super) fn opt_bool(&self, key: &str, diags: &mut Diags) -> Option<bool> {
        let n = self.get(key)?;
        match n.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            other => {
                diags.error(&n.path, format!("expected true or false, found {}", describe(other)));
                None
            }
        }
    }

    /// The elements of an array field; a wrong type is reported.
    pub(super) fn items(&self, diags: &mut Diags) -> Vec<At<'a>> {
        match self.value {
            Value::Array(a) => a.iter().enumerate().map(|(i, v)| At::new(v, self.path.index(i))).collect(),
            other => {
                diags.error(&self.path, format!("expected a list, found {}", describe(other)));
                Vec::new()
            }
        }
    }

    /// A Kubernetes version; problems are reported at this path.
    pub(super) fn version(&self, precision: Precision, diags: &mut Diags) -> Option<KubeVersion> {
        match self.value {
            Value::String(s) => {
                if let Some(expr) = arm_expression(s) {
                    diags.error(
                        &self.path,
                        format!("the value is the ARM expression `{expr}`, which was not resolved; paste the parameters file with the template, or the running cluster's `az aks show` output"),
                    );
                    return None;
                }
                if let Some(var) = template_variable(s) {
                    diags.error(
                        &self.path,
                        format!("the value is the template variable `{var}`; render the template (clusterctl generate cluster, envsubst) or paste the objects from the cluster with kubectl get -o yaml"),
                    );
                    return None;
                }
                match KubeVersion::parse_with(s, precision) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        diags.error(&self.path, e.to_string());
                        None
                    }
                }
            }
            Value::Number(n) => {
                diags.error(
                    &self.path,
                    format!("the version is the number {n}, which loses trailing zeros (1.30 reads as 1.3); write it as text, in quotes"),
                );
                None
            }
            other => {
                diags.error(&self.path, format!("expected a version such as \"1.28.3\", found {}", describe(other)));
                None
            }
        }
    }

    pub(super) fn opt_version(&self, key: &str, precision: Precision, diags: &mut Diags) -> Option<KubeVersion> {
        self.get(key).and_then(|n| n.version(precision, diags))
    }
}

/// `[parameters('x')]`-style ARM template expressions (not `[[`, which
/// escapes a literal bracket).
pub(crate) fn arm_expression(s: &str) -> Option<&str> {
    let t = s.trim();
    (t.starts_with('[') && t.ends_with(']') && !t.starts_with("[[") && t.len() > 2).then_some(t)
}

/// `${VAR}` placeholders of clusterctl / envsubst templates.
pub(crate) fn template_variable(s: &str) -> Option<&str> {
    let start = s.find("${")?;
    let end = s[start..].find('}')? + start;
    Some(&s[start..=end])
}

/// A short description of a JSON value for messages; ARM expressions and
/// template variables are named as such.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if arm_expression(s).is_some() => {
            format!(
                "the ARM expression `{}`, which was not resolved (paste the parameters file with the template)",
                truncate(s, 60)
            )
        }
        Value::String(s) if template_variable(s).is_some() => {
            format!("the template variable `{}`; render the template first", truncate(s, 60))
        }
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {:?}", truncate(s, 60)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
