//! The plan JSON contract (docs/plan-format.md) held to its JSON Schemas
//! (docs/plan.schema.json, docs/check.schema.json, docs/error.schema.json):
//!
//! - every plan and check document found in the repository's snapshots,
//!   trycmd outputs and documentation (any top-level JSON value carrying
//!   `"schema": "skewplan.…"`), and
//! - every answer of the JavaScript API (`api::plan_document`,
//!   `api::check_document`) for every real fixture, with default choices and
//!   with each strategy, a pinned target, a pasted version list, other
//!   options, a bad target, a bad version list, a missing cluster and a
//!   broken (truncated) input.
//!
//! The schemas say `additionalProperties: false` and list every field the
//! code always emits, so a renamed, dropped or new field fails here until
//! the schema, docs/plan-format.md and CHANGELOG.md say so.

use boon::{Compiler, SchemaIndex, Schemas};
use serde_json::Value;
use skewplan_core::api::{check_document, plan_document, Choices};
use skewplan_core::input::{decode, parse};
use skewplan_testkit::{fixture, fixture_files};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Plan,
    Check,
    Error,
}

struct Contract {
    schemas: Schemas,
    plan: SchemaIndex,
    check: SchemaIndex,
    error: SchemaIndex,
    /// Documents validated, by kind.
    counts: BTreeMap<Kind, usize>,
    failures: Vec<String>,
}

impl Contract {
    fn load() -> Contract {
        let docs = root().join("docs");
        let mut schemas = Schemas::new();
        let mut compiler = Compiler::new();
        // Compiling also checks each schema against the draft 2020-12 metaschema.
        let mut compile = |name: &str| {
            let path = docs.join(name);
            compiler
                .compile(path.to_str().expect("UTF-8 path"), &mut schemas)
                .unwrap_or_else(|e| panic!("docs/{name} is not a valid schema: {e:#}"))
        };
        let (plan, check, error) =
            (compile("plan.schema.json"), compile("check.schema.json"), compile("error.schema.json"));
        Contract { schemas, plan, check, error, counts: BTreeMap::new(), failures: Vec::new() }
    }

    fn validate(&mut self, kind: Kind, doc: &Value, origin: &str) {
        let index = match kind {
            Kind::Plan => self.plan,
            Kind::Check => self.check,
            Kind::Error => self.error,
        };
        *self.counts.entry(kind).or_default() += 1;
        if let Err(e) = self.schemas.validate(doc, index) {
            self.failures.push(format!("{origin} ({kind:?} document): {e}"));
        }
    }

    /// An answer of `plan()` / `check()`: the document, or an error document.
    fn validate_answer(&mut self, kind: Kind, doc: &Value, origin: &str) -> Kind {
        let actual = if doc.get("error").is_some() { Kind::Error } else { kind };
        self.validate(actual, doc, origin);
        actual
    }

    fn expect(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok {
            self.failures.push(message());
        }
    }

    fn finish(self, what: &str) {
        eprintln!("{what}: validated {:?}", self.counts);
        if !self.failures.is_empty() {
            let shown: Vec<&str> = self.failures.iter().take(10).map(String::as_str).collect();
            panic!(
                "{} of the documents break the contract (docs/plan-format.md); the first {}:\n\n{}",
                self.failures.len(),
                shown.len(),
                shown.join("\n\n")
            );
        }
    }
}

/// Files that may hold emitted documents: snapshots, trycmd outputs and the
/// documentation (its examples are real documents too).
fn document_files() -> Vec<PathBuf> {
    const SKIP: &[&str] = &["target", ".git", "node_modules", "dist", "fixtures", "corpus", "artifacts"];
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).expect("readable folder").flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if p.is_dir() {
                if !SKIP.contains(&name) && !name.starts_with('.') {
                    walk(&p, out);
                }
            } else if [".snap", ".stdout", ".md"].iter().any(|ext| name.ends_with(ext)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out
}

/// Every top-level JSON value in `text` that begins on a line of its own
/// (`{` or `[`, as pretty-printed output and Markdown examples are written).
fn json_values(text: &str) -> Vec<(usize, Value)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if matches!(line.trim_end(), "{" | "[") {
            let mut stream = serde_json::Deserializer::from_str(&text[offset..]).into_iter::<Value>();
            if let Some(Ok(v)) = stream.next() {
                out.push((i + 1, v));
            }
        }
        offset += line.len();
    }
    out
}

fn schema_kind(v: &Value) -> Option<Kind> {
    match v.get("schema")?.as_str()? {
        "skewplan.plan/v1" => Some(Kind::Plan),
        "skewplan.check/v1" => Some(Kind::Check),
        _ => None,
    }
}

#[test]
fn every_document_in_the_repository_follows_the_schema() {
    let mut contract = Contract::load();
    let root = root();
    for path in document_files() {
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_some_and(|e| e == "stdout") {
            // trycmd stores outputs with every backslash shown as `/`
            // (its path normalisation), so `\"` inside a JSON string reads `/"`.
            text = text.replace("/\"", "\\\"");
        }
        let rel = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        let is_doc = path.extension().is_some_and(|e| e == "md");
        let mut found = BTreeMap::<Kind, usize>::new();
        for (line, value) in json_values(&text) {
            // A CLI run over a list of clusters prints an array of plans.
            let docs: Vec<&Value> = match &value {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            for doc in docs {
                if let Some(kind) = schema_kind(doc) {
                    *found.entry(kind).or_default() += 1;
                    contract.validate(kind, doc, &format!("{rel}:{line}"));
                } else if is_doc && doc.get("error").is_some() {
                    // The documentation's examples of error documents.
                    contract.validate(Kind::Error, doc, &format!("{rel}:{line}"));
                }
            }
        }
        // Nothing that names the contract is skipped: a document that did not
        // parse (an abbreviated example, a cut snapshot) fails here.
        for (kind, marker) in [(Kind::Plan, "skewplan.plan/v1\""), (Kind::Check, "skewplan.check/v1\"")] {
            let named = text.matches(&format!("\"schema\": \"{marker}")).count()
                + text.matches(&format!("\"schema\":\"{marker}")).count();
            let validated = found.get(&kind).copied().unwrap_or(0);
            contract.expect(named == validated, || {
                format!("{rel}: names {named} {kind:?} document(s), {validated} of them parse as JSON")
            });
        }
    }
    let plans = contract.counts.get(&Kind::Plan).copied().unwrap_or(0);
    let checks = contract.counts.get(&Kind::Check).copied().unwrap_or(0);
    // The CLI's generated-output snapshots alone hold 59 plans; trycmd one
    // plan and one check document.
    contract.expect(plans >= 60 && checks >= 1, || {
        format!("expected the repository's snapshots, found {plans} plans, {checks} checks")
    });
    contract.finish("documents in the repository");
}

fn choices(f: impl FnOnce(&mut Choices)) -> Choices {
    let mut c = Choices::default();
    f(&mut c);
    c
}

#[test]
fn every_api_answer_for_every_fixture_follows_the_schema() {
    let mut contract = Contract::load();
    let version_list =
        fixture("aks-upgrade-profile/azpowershell-rec_kubernetesVersions_eastus_2025-11_1.28-1.34_LTS.json");
    let mut fixtures = 0;
    let mut plans = 0;
    for (rel, bytes) in fixture_files() {
        if rel.ends_with(".md") {
            continue;
        }
        let Ok(text) = decode(&bytes) else { continue };
        fixtures += 1;
        let newest_pool = parse(text)
            .ok()
            .and_then(|p| p.clusters.iter().flat_map(|c| c.pools.iter().filter_map(|p| p.version.clone())).max());
        let mut variants: Vec<(&str, Choices)> = vec![
            ("default", Choices::default()),
            ("fewest-reimages", choices(|c| c.strategy = "fewest-reimages".into())),
            ("lockstep", choices(|c| c.strategy = "lockstep".into())),
            ("control-plane-first", choices(|c| c.strategy = "control-plane-first".into())),
            ("pinned target", choices(|c| c.target = "1.30.14".into())),
            ("pasted versions", choices(|c| c.versions = version_list.clone())),
            (
                "upstream policy and options",
                choices(|c| {
                    c.policy = "upstream".into();
                    c.node_image = true;
                    c.max_surge = "33%".into();
                    c.minutes_per_node = Some(5);
                }),
            ),
            ("second cluster", choices(|c| c.cluster = 1)),
        ];
        if let Some(v) = newest_pool {
            // Node lists name no managed control plane: the user gives it.
            variants.push(("control plane given", choices(|c| c.control_plane_version = v.to_string())));
        }
        for (variant, choice) in &variants {
            let origin = format!("plan({rel}, {variant})");
            if contract.validate_answer(Kind::Plan, &plan_document(text, choice), &origin) == Kind::Plan {
                plans += 1;
            }
        }
        for (variant, choice) in [
            ("bad target", choices(|c| c.target = "1.2x.3".into())),
            ("bad version list", choices(|c| c.versions = "{\"kind\": \"NodeList\", \"items\": []}".into())),
        ] {
            let origin = format!("plan({rel}, {variant})");
            let kind = contract.validate_answer(Kind::Plan, &plan_document(text, &choice), &origin);
            contract.expect(kind == Kind::Error, || format!("{origin}: expected an error document"));
        }
        // A paste cut in the middle, as a hurried copy gives.
        let cut = &text[..text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i)];
        let origin = format!("plan({rel} cut in half)");
        contract.validate_answer(Kind::Plan, &plan_document(cut, &Choices::default()), &origin);
        for (variant, input, choice) in [
            ("default", text, Choices::default()),
            ("upstream policy", text, choices(|c| c.policy = "upstream".into())),
            ("cut in half", cut, Choices::default()),
        ] {
            contract.validate_answer(Kind::Check, &check_document(input, &choice), &format!("check({rel}, {variant})"));
        }
    }
    for (what, input) in [("empty", ""), ("broken JSON", "{"), ("not a cluster", "{\"apiVersion\": \"v1\"}")] {
        contract.validate_answer(Kind::Plan, &plan_document(input, &Choices::default()), &format!("plan({what})"));
        contract.validate_answer(Kind::Check, &check_document(input, &Choices::default()), &format!("check({what})"));
    }
    contract.expect(fixtures >= 90, || format!("expected the real fixtures, found {fixtures}"));
    // Most fixtures plan: a schema that only ever saw error documents proves little.
    contract.expect(plans >= 200, || format!("only {plans} answers were plan documents"));
    contract.finish("API answers");
}

/// The schemas are strict enough to catch drift: each change below to a real
/// document (a renamed or dropped field, a new one, a wrong type, a value
/// outside its vocabulary) is refused.
#[test]
fn the_schemas_refuse_drift() {
    let contract = Contract::load();
    let cluster = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.34.9", "currentKubernetesVersion": "1.34.9", "provisioningState": "Succeeded",
      "agentPoolProfiles": [{"name": "apps", "mode": "System", "count": 3, "orchestratorVersion": "1.30.14", "currentOrchestratorVersion": "1.30.14", "provisioningState": "Succeeded"}]}"#;
    let plan = plan_document(cluster, &choices(|c| c.target = "1.35.6".into()));
    let check = check_document(cluster, &Choices::default());
    let error = plan_document("{", &Choices::default());
    let valid = |index: SchemaIndex, doc: &Value| contract.schemas.validate(doc, index).is_ok();
    assert!(valid(contract.plan, &plan) && valid(contract.check, &check) && valid(contract.error, &error));
    assert!(!plan["steps"].as_array().unwrap().is_empty() && !plan["findings"].as_array().unwrap().is_empty());

    type Change = fn(&mut Value);
    let plan_changes: &[(&str, Change)] = &[
        ("a step field renamed", |d| {
            let s = d["steps"][0].as_object_mut().unwrap();
            let v = s.remove("node_reimages").unwrap();
            s.insert("reimages".into(), v);
        }),
        ("a top-level field dropped", |d| drop(d.as_object_mut().unwrap().remove("versions_from"))),
        ("a field added", |d| drop(d.as_object_mut().unwrap().insert("warnings".into(), Value::Array(vec![])))),
        ("an unknown action", |d| d["steps"][0]["action"] = "upgrade-pools".into()),
        ("a version with its v", |d| d["steps"][0]["to"] = "v1.33.5".into()),
        ("a subject spelled otherwise", |d| {
            d["blocked"] = serde_json::json!({"rule": "plan.size-limit", "subject": "pool:apps", "message": "m"})
        }),
        ("an error code of null", |d| d["findings"][0]["error_code"] = Value::Null),
        ("an unknown severity", |d| d["findings"][0]["severity"] = "fatal".into()),
        ("a rule source that is no URL", |d| d["findings"][0]["source"] = "seed 004 §Validation rules".into()),
        ("a count as text", |d| d["estimate"]["minutes"] = "45".into()),
        ("a file without content", |d| d["files"] = serde_json::json!([{"name": "f.json", "content": null}])),
        ("a null pool map", |d| d["initial"]["pools"] = Value::Null),
        ("another schema", |d| d["schema"] = "skewplan.plan/v2".into()),
    ];
    for (what, change) in plan_changes {
        let mut doc = plan.clone();
        change(&mut doc);
        assert!(!valid(contract.plan, &doc), "the plan schema accepts {what}");
    }
    let check_changes: &[(&str, Change)] = &[
        ("a pool without its state", |d| drop(d["clusters"][0]["pools"][0].as_object_mut().unwrap().remove("state"))),
        ("a negative count", |d| d["clusters"][0]["pools"][0]["count"] = (-1).into()),
        ("a finding field renamed", |d| {
            let f = d["clusters"][0]["findings"][0].as_object_mut().unwrap();
            let v = f.remove("rule").unwrap();
            f.insert("rule_id".into(), v);
        }),
    ];
    for (what, change) in check_changes {
        let mut doc = check.clone();
        change(&mut doc);
        assert!(!valid(contract.check, &doc), "the check schema accepts {what}");
    }
    let error_changes: &[(&str, Change)] = &[
        ("an unknown input error", |d| d["kind"]["kind"] = "bad".into()),
        ("an extra key", |d| d["hint"] = "x".into()),
    ];
    for (what, change) in error_changes {
        let mut doc = error.clone();
        change(&mut doc);
        assert!(!valid(contract.error, &doc), "the error schema accepts {what}");
    }
}
