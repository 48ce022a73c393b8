//! The `options` object of `plan` and `check`, read property by property:
//! each option must have its type (text, true/false, a whole number in its
//! range, a list of names, a list of machine changes); anything else, and
//! any name that is no option, is an error that names the option, what it
//! got and what it expects. Nothing here throws or panics.

use skewplan_core::api::{Choices, MachineChangeChoice, MINUTES_PER_NODE};
use skewplan_core::input::MAX_INPUT_BYTES;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`, caught: a Proxy's trap may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(object: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The options' names, as the schema (docs/options.schema.json) lists them.
pub(crate) const OPTIONS: [&str; 14] = [
    "target",
    "policy",
    "strategy",
    "control_plane_version",
    "versions",
    "max_surge",
    "minutes_per_node",
    "node_image",
    "leave_alone",
    "machine_changes",
    "cluster",
    "force_upgrade_until",
    "today",
    "workloads",
];

/// The longest text an option other than `versions` may hold.
const MAX_TEXT: usize = 4096;
/// The most items `leave_alone` and `machine_changes` may hold.
pub(crate) const MAX_ITEMS: u32 = 1000;
/// The highest `cluster` index.
const MAX_CLUSTER: f64 = 100_000.0;

/// An argument that can't be used: its name (`input`, `target`,
/// `leave_alone`, ...) and why.
#[derive(Debug)]
pub(crate) struct Bad {
    pub(crate) field: String,
    pub(crate) message: String,
}

impl Bad {
    pub(crate) fn new(field: &str, message: String) -> Self {
        Bad { field: field.to_string(), message }
    }

    /// `{"error": "FIELD: MESSAGE", "field": FIELD}` (docs/error.schema.json).
    pub(crate) fn document(&self) -> serde_json::Value {
        serde_json::json!({"error": format!("{}: {}", self.field, self.message), "field": self.field})
    }
}

/// At most `max` characters of `text`, with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// What a value is, in words, for error messages (short: never the whole value).
pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_null() {
        return "null".into();
    }
    if let Some(b) = value.as_bool() {
        return format!("the boolean {b}");
    }
    if let Some(n) = value.as_f64() {
        return format!("the number {}", js_number(n));
    }
    if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        let len = s.length();
        if len > 64 {
            return format!("a string of {len} characters");
        }
        return format!("the string {:?}", value.as_string().unwrap_or_default());
    }
    if let Some(a) = value.dyn_ref::<js_sys::Array>() {
        return format!("an array of {} items", a.length());
    }
    if value.is_function() {
        return "a function".into();
    }
    if value.is_symbol() {
        return "a symbol".into();
    }
    if value.is_bigint() {
        return "a bigint".into();
    }
    "an object".into()
}

/// A number as JavaScript writes it (`NaN`, `Infinity`, `1.5`, `3`).
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

fn expected(field: &str, what: &str, got: &JsValue) -> Bad {
    Bad::new(field, format!("expected {what}, got {}", describe(got)))
}

/// Text of at most `max` characters; undefined and null are "not given".
fn text(field: &str, value: &JsValue, max: usize) -> Result<String, Bad> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    let Some(js) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(expected(field, "a string", value));
    };
    if js.length() as usize > max {
        return Err(Bad::new(field, format!("a string of {} characters is longer than {max}", js.length())));
    }
    Ok(value.as_string().unwrap_or_default())
}

/// A whole number within `min..=max` (not a cast: 1.5, -1, NaN and
/// Infinity are errors); text of such a number is taken too.
fn whole(field: &str, value: &JsValue, min: f64, max: f64) -> Result<Option<u64>, Bad> {
    let what = format!("a whole number from {} to {}", js_number(min), js_number(max));
    let n = if value.is_undefined() || value.is_null() {
        return Ok(None);
    } else if let Some(n) = value.as_f64() {
        n
    } else if value.is_string() {
        let t = text(field, value, 32)?;
        if t.trim().is_empty() {
            return Ok(None);
        }
        t.trim().parse::<f64>().map_err(|_| expected(field, &what, value))?
    } else {
        return Err(expected(field, &what, value));
    };
    if !n.is_finite() || n.fract() != 0.0 || n < min || n > max {
        return Err(expected(field, &what, value));
    }
    Ok(Some(n as u64))
}

fn boolean(field: &str, value: &JsValue) -> Result<bool, Bad> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| expected(field, "true or false", value))
}

/// The items of an array of at most [`MAX_ITEMS`].
fn items(field: &str, value: &JsValue) -> Result<Vec<JsValue>, Bad> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Err(expected(field, "an array", value));
    };
    if array.length() > MAX_ITEMS {
        return Err(Bad::new(field, format!("an array of {} items has more than {MAX_ITEMS}", array.length())));
    }
    Ok(array.iter().collect())
}

fn names(field: &str, value: &JsValue) -> Result<Vec<String>, Bad> {
    let list = items(field, value)?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        if !item.is_string() {
            let message = format!("expected an array of strings (pool names), but item {i} is {}", describe(item));
            return Err(Bad::new(field, message));
        }
        out.push(text(field, item, MAX_TEXT)?);
    }
    Ok(out)
}

/// The own property names of a plain object (not an array, function or
/// primitive); `field` names it in errors.
fn keys(field: &str, value: &JsValue, what: &str) -> Result<Vec<String>, Bad> {
    let is_plain = value.is_object() && !js_sys::Array::is_array(value) && !value.is_function();
    let keys = is_plain.then(|| object_keys(value).ok()).flatten().ok_or_else(|| expected(field, what, value))?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// A property's value; a throwing getter counts as a bad value.
fn get(field: &str, object: &JsValue, key: &str) -> Result<JsValue, Bad> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| Bad::new(field, "reading it threw an exception".into()))
}

fn machine_change(i: usize, value: &JsValue) -> Result<MachineChangeChoice, Bad> {
    const FIELD: &str = "machine_changes";
    let what = "an object {pool, machine_size, machine_image}";
    let mut change = MachineChangeChoice::default();
    for key in keys(FIELD, value, &format!("item {i} to be {what}"))? {
        let item = get(FIELD, value, &key)?;
        let slot = match key.as_str() {
            "pool" => &mut change.pool,
            "machine_size" => &mut change.machine_size,
            "machine_image" => &mut change.machine_image,
            other => {
                let message = format!(
                    "item {i} has the unknown key `{}`: use pool, machine_size, machine_image",
                    clip(other, 64)
                );
                return Err(Bad::new(FIELD, message));
            }
        };
        *slot = text(FIELD, &item, MAX_TEXT).map_err(|b| Bad::new(FIELD, format!("item {i}, {key}: {}", b.message)))?;
    }
    Ok(change)
}

/// Sets one option on `choices` from its JavaScript value.
fn set(choices: &mut Choices, key: &str, value: &JsValue) -> Result<(), Bad> {
    let slot = match key {
        "target" => &mut choices.target,
        "policy" => &mut choices.policy,
        "strategy" => &mut choices.strategy,
        "control_plane_version" => &mut choices.control_plane_version,
        "max_surge" if value.as_f64().is_some() => {
            let n = whole(key, value, 0.0, 1_000_000.0)?.unwrap_or_default();
            choices.max_surge = n.to_string();
            return Ok(());
        }
        "max_surge" => &mut choices.max_surge,
        "force_upgrade_until" => &mut choices.force_upgrade_until,
        "today" => &mut choices.today,
        "versions" => {
            choices.versions = text(key, value, MAX_INPUT_BYTES)?;
            return Ok(());
        }
        "minutes_per_node" => {
            let range = (*MINUTES_PER_NODE.start() as f64, *MINUTES_PER_NODE.end() as f64);
            choices.minutes_per_node = whole(key, value, range.0, range.1)?;
            return Ok(());
        }
        "cluster" => {
            choices.cluster = whole(key, value, 0.0, MAX_CLUSTER)?.unwrap_or_default() as usize;
            return Ok(());
        }
        "node_image" => {
            choices.node_image = boolean(key, value)?;
            return Ok(());
        }
        "leave_alone" => {
            choices.leave_alone = names(key, value)?;
            return Ok(());
        }
        "workloads" if value.is_string() => {
            choices.workloads = vec![text(key, value, MAX_INPUT_BYTES)?];
            return Ok(());
        }
        "workloads" => {
            let list = items(key, value)?;
            let mut texts = Vec::with_capacity(list.len());
            for (i, item) in list.iter().enumerate() {
                if !item.is_string() {
                    let message = format!(
                        "expected a string or an array of strings (workload files), but item {i} is {}",
                        describe(item)
                    );
                    return Err(Bad::new(key, message));
                }
                texts.push(text(key, item, MAX_INPUT_BYTES)?);
            }
            choices.workloads = texts;
            return Ok(());
        }
        "machine_changes" => {
            let list = items(key, value)?;
            choices.machine_changes =
                list.iter().enumerate().map(|(i, v)| machine_change(i, v)).collect::<Result<_, _>>()?;
            return Ok(());
        }
        other => {
            let message = format!("there is no such option; the options are {}", OPTIONS.join(", "));
            return Err(Bad::new(&clip(other, 64), message));
        }
    };
    *slot = text(key, value, MAX_TEXT)?;
    Ok(())
}

/// The options object as [`Choices`]; undefined and null mean the defaults.
pub(crate) fn choices(options: &JsValue) -> Result<Choices, Bad> {
    let mut choices = Choices::default();
    if options.is_undefined() || options.is_null() {
        return Ok(choices);
    }
    for key in keys("options", options, "an object of options (or undefined)")? {
        let value = get(&key, options, &key)?;
        set(&mut choices, &key, &value)?;
    }
    Ok(choices)
}

#[cfg(test)]
mod tests {
    use super::{MAX_ITEMS, OPTIONS};

    /// The options read here are the ones the schema (and so `skewplan.d.ts`) lists.
    #[test]
    fn the_options_are_the_schemas() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/options.schema.json");
        let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut listed: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut read = OPTIONS.to_vec();
        listed.sort_unstable();
        read.sort_unstable();
        assert_eq!(listed, read);
        assert_eq!(schema["properties"]["leave_alone"]["maxItems"], MAX_ITEMS);
    }
}
