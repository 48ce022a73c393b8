//! The JavaScript API against hostile callers, in headless Chromium: every
//! call answers a JSON document (an error naming the bad argument in
//! `field`), never throws, and the next good call plans normally.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use skewplan_web::jsapi::{check, plan, version};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CLUSTER: &str = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.34.9", "currentKubernetesVersion": "1.34.9", "provisioningState": "Succeeded",
  "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "orchestratorVersion": "1.34.9", "currentOrchestratorVersion": "1.34.9", "provisioningState": "Succeeded"}]}"#;

/// `{key: value}`.
fn with(key: &str, value: JsValue) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &key.into(), &value).unwrap();
    o.into()
}

fn strings(items: &[&str]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
}

/// Evaluates a JavaScript expression (values Rust can't build directly).
fn js(expression: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return ({expression});")).call0(&JsValue::NULL).unwrap()
}

/// An object nested `depth` levels deep: `{a: {a: {...}}}`.
fn nested(depth: usize) -> JsValue {
    let mut v: JsValue = Object::new().into();
    for _ in 0..depth {
        v = with("a", v);
    }
    v
}

fn n(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

/// (what, input, options, the `field` the error names).
fn hostile_calls() -> Vec<(&'static str, JsValue, JsValue, &'static str)> {
    let c = || JsValue::from_str(CLUSTER);
    let none = JsValue::UNDEFINED;
    let huge = js("' '.repeat(64 * 1024 * 1024 + 1)");
    let many: JsValue = (0..1001).map(|i| JsValue::from_str(&format!("pool{i}"))).collect::<Array>().into();
    vec![
        ("input null", JsValue::NULL, none.clone(), "input"),
        ("input undefined", JsValue::UNDEFINED, none.clone(), "input"),
        ("input number", n(42.0), none.clone(), "input"),
        ("input object", Object::new().into(), none.clone(), "input"),
        ("input array", strings(&[CLUSTER]), none.clone(), "input"),
        ("input boolean", JsValue::TRUE, none.clone(), "input"),
        ("input over the size limit", huge, none.clone(), "input"),
        ("input symbol", js("Symbol('x')"), none.clone(), "input"),
        ("options number", c(), n(3.0), "options"),
        ("options string", c(), JsValue::from_str("lockstep"), "options"),
        ("options array", c(), strings(&["target"]), "options"),
        ("options function", c(), js("() => 1"), "options"),
        ("options proxy whose keys throw", c(), js("new Proxy({}, {ownKeys() { throw new Error('no') }})"), "options"),
        ("unknown option", c(), with("targte", JsValue::from_str("1.35.1")), "targte"),
        ("target number", c(), with("target", n(1.35)), "target"),
        ("target object", c(), with("target", nested(1)), "target"),
        ("target bad version", c(), with("target", JsValue::from_str("1.2x.3")), "target"),
        ("target huge string", c(), with("target", js("'1'.repeat(100000)")), "target"),
        ("policy boolean", c(), with("policy", JsValue::FALSE), "policy"),
        ("policy unknown", c(), with("policy", JsValue::from_str("fast")), "policy"),
        ("strategy array", c(), with("strategy", strings(&["lockstep"])), "strategy"),
        ("strategy unknown", c(), with("strategy", JsValue::from_str("yolo")), "strategy"),
        ("control_plane_version number", c(), with("control_plane_version", n(1.3)), "control_plane_version"),
        ("versions deeply nested object", c(), with("versions", nested(10_000)), "versions"),
        ("versions not a version list", c(), with("versions", JsValue::from_str("{}")), "versions"),
        ("max_surge -1", c(), with("max_surge", n(-1.0)), "max_surge"),
        ("max_surge 1.5", c(), with("max_surge", n(1.5)), "max_surge"),
        ("max_surge object", c(), with("max_surge", Object::new().into()), "max_surge"),
        ("minutes_per_node -1", c(), with("minutes_per_node", n(-1.0)), "minutes_per_node"),
        ("minutes_per_node 1.5", c(), with("minutes_per_node", n(1.5)), "minutes_per_node"),
        ("minutes_per_node NaN", c(), with("minutes_per_node", n(f64::NAN)), "minutes_per_node"),
        ("minutes_per_node Infinity", c(), with("minutes_per_node", n(f64::INFINITY)), "minutes_per_node"),
        ("minutes_per_node 2^60", c(), with("minutes_per_node", n(2f64.powi(60))), "minutes_per_node"),
        ("minutes_per_node 0", c(), with("minutes_per_node", n(0.0)), "minutes_per_node"),
        ("minutes_per_node text", c(), with("minutes_per_node", JsValue::from_str("ten")), "minutes_per_node"),
        ("minutes_per_node bigint", c(), with("minutes_per_node", js("10n")), "minutes_per_node"),
        ("node_image string", c(), with("node_image", JsValue::from_str("true")), "node_image"),
        ("node_image number", c(), with("node_image", n(1.0)), "node_image"),
        ("leave_alone string", c(), with("leave_alone", JsValue::from_str("system")), "leave_alone"),
        ("leave_alone with a number", c(), with("leave_alone", js("['a', 7]")), "leave_alone"),
        ("leave_alone 1001 names", c(), with("leave_alone", many), "leave_alone"),
        ("leave_alone huge sparse array", c(), with("leave_alone", js("new Array(2 ** 32 - 1)")), "leave_alone"),
        ("machine_changes object", c(), with("machine_changes", Object::new().into()), "machine_changes"),
        ("machine_changes item string", c(), with("machine_changes", strings(&["system"])), "machine_changes"),
        ("machine_changes item null", c(), with("machine_changes", js("[null]")), "machine_changes"),
        (
            "machine_changes unknown key",
            c(),
            with("machine_changes", js("[{pool: 'system', size: 'x'}]")),
            "machine_changes",
        ),
        ("machine_changes pool number", c(), with("machine_changes", js("[{pool: 1}]")), "machine_changes"),
        ("machine_changes nested", c(), with("machine_changes", js("[{pool: {a: {b: {}}}}]")), "machine_changes"),
        ("cluster -1", c(), with("cluster", n(-1.0)), "cluster"),
        ("cluster 1.5", c(), with("cluster", n(1.5)), "cluster"),
        ("cluster 2^60", c(), with("cluster", n(2f64.powi(60))), "cluster"),
        ("cluster -Infinity", c(), with("cluster", n(f64::NEG_INFINITY)), "cluster"),
        ("force_upgrade_until number", c(), with("force_upgrade_until", n(1e12)), "force_upgrade_until"),
        (
            "force_upgrade_until not a time",
            c(),
            with("force_upgrade_until", JsValue::from_str("soon")),
            "force_upgrade_until",
        ),
        ("today number", c(), with("today", n(20261201.0)), "today"),
        ("today not a date", c(), with("today", JsValue::from_str("12/01/2026")), "today"),
        ("a getter that throws", c(), js("({get target() { throw new Error('no') }})"), "target"),
    ]
}

fn parse(answer: &str) -> serde_json::Value {
    serde_json::from_str(answer).unwrap_or_else(|e| panic!("not JSON ({e}): {answer}"))
}

#[wasm_bindgen_test]
fn every_hostile_call_answers_an_error_naming_its_field_and_the_next_call_plans() {
    let calls = hostile_calls();
    assert!(calls.len() >= 30);
    let good = with("strategy", JsValue::from_str("lockstep"));
    for (what, input, options, field) in calls {
        let answer = parse(&plan(input.clone(), options.clone()));
        let error = answer["error"].as_str().unwrap_or_else(|| panic!("{what}: no error in {answer}"));
        assert_eq!(answer["field"], field, "{what}: {answer}");
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["error", "field"], "{what}: the error document's shape (docs/error.schema.json)");
        assert!(error.starts_with(&format!("{field}: ")), "{what}: {error}");
        assert!(error.len() < 2000, "{what}: the message is short: {} bytes", error.len());
        let checked = parse(&check(input, options));
        assert!(checked.is_object(), "{what}: check answers a document: {checked}");
        let next = parse(&plan(JsValue::from_str(CLUSTER), good.clone()));
        assert_eq!(next["schema"], "skewplan.plan/v1", "{what}: the next call plans: {next}");
    }
}

#[wasm_bindgen_test]
fn errors_say_what_came_and_what_is_expected() {
    let answer = parse(&plan(JsValue::from_str(CLUSTER), with("minutes_per_node", n(1.5))));
    assert_eq!(answer["error"], "minutes_per_node: expected a whole number from 1 to 1440, got the number 1.5");
    let answer = parse(&plan(n(42.0), JsValue::UNDEFINED));
    assert_eq!(answer["error"], "input: expected a string (the pasted text), got the number 42");
    let answer = parse(&plan(JsValue::from_str(CLUSTER), with("colour", JsValue::TRUE)));
    assert!(answer["error"].as_str().unwrap().starts_with("colour: there is no such option; the options are target,"));
}

#[wasm_bindgen_test]
fn good_options_of_every_kind_plan() {
    let options = js(
        "({target: '1.35.1', policy: 'aks', strategy: 'lockstep', max_surge: 2, minutes_per_node: '15', node_image: true,
           leave_alone: [], machine_changes: [{pool: 'system', machine_size: 'Standard_D4s_v5'}], cluster: 0,
           today: '2026-12-01', control_plane_version: undefined, versions: null})",
    );
    let answer = parse(&plan(JsValue::from_str(CLUSTER), options.clone()));
    assert_eq!(answer["schema"], "skewplan.plan/v1", "{answer}");
    assert_eq!(answer["target"], "1.35.1");
    let checked = parse(&check(JsValue::from_str(CLUSTER), options));
    assert_eq!(checked["schema"], "skewplan.check/v1", "{checked}");
}

#[wasm_bindgen_test]
fn version_names_the_app_and_the_schemas() {
    let v = version();
    let get = |k: &str| Reflect::get(&v, &k.into()).unwrap().as_string().unwrap();
    assert_eq!(get("version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(get("plan_schema"), "skewplan.plan/v1");
    assert_eq!(get("check_schema"), "skewplan.check/v1");
}

#[wasm_bindgen_test]
async fn load_planner_resolves_at_once_where_the_planner_is_linked_in() {
    let answer = wasm_bindgen_futures::JsFuture::from(skewplan_web::jsapi::load_planner()).await;
    assert_eq!(answer.ok(), Some(JsValue::TRUE));
}
