//! A plan made from the embedded version data says so when that data is more
//! than 90 days older than the request's `today`, in every output; a pasted
//! version list, or a request without `today`, never does.

use skewplan_core::api::{plan_document, run_choices, Choices, Outcome};
use skewplan_core::catalog::{AksVersions, Catalog, Date, STALE_AFTER_DAYS};
use skewplan_core::render::plan_text;
use skewplan_testkit::fixture;

/// An AKS cluster already on the newest version the embedded AKS data knows.
const AKS: &str = r#"{"name": "prod", "resourceGroup": "rg", "kubernetesVersion": "1.36.2", "currentKubernetesVersion": "1.36.2", "provisioningState": "Succeeded",
  "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "orchestratorVersion": "1.36.2", "currentOrchestratorVersion": "1.36.2", "provisioningState": "Succeeded"}]}"#;

/// A Cluster API control plane on the newest version the release catalog knows.
const CAPI: &str = "apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata: {name: cp}\nspec:\n  version: v1.37.1\n";

const RULE: &str = "plan.version-data-stale";

fn days_after(date: Date, days: i64) -> String {
    Date::from_days_since_epoch(date.days_since_epoch() + days).to_string()
}

fn outcome(input: &str, today: &str, versions: &str) -> Outcome {
    let choices = Choices { today: today.into(), versions: versions.into(), ..Choices::default() };
    let out = run_choices(input, &choices);
    assert!(out.choice_errors.is_empty(), "{:?}", out.choice_errors);
    out
}

/// The stale-data finding's message, if the plan has one.
fn stale(out: &Outcome) -> Option<String> {
    let (_, _, sel) = out.selected().expect("a plan");
    let mut found = sel.plan.findings.iter().filter(|f| f.rule.id == RULE);
    let message = found.next().map(|f| f.message.clone());
    assert!(found.next().is_none(), "one warning at most");
    message
}

#[test]
fn embedded_data_is_stale_after_90_days() {
    let aks = AksVersions::embedded().as_of;
    let catalog = Catalog::embedded().as_of;
    assert_eq!(STALE_AFTER_DAYS, 90);
    let cases: [(&str, Date, i64, Option<&str>); 7] = [
        (AKS, aks, -1, None),
        (AKS, aks, 89, None),
        (AKS, aks, 90, None),
        (
            AKS,
            aks,
            91,
            Some("the embedded AKS version data describes 2026-07-17, 91 days before today (2026-10-16): AKS may offer newer versions now and may have withdrawn some of these, so the target and hops may be wrong; give this cluster's `az aks get-upgrades -o json` as the version list"),
        ),
        (CAPI, catalog, 89, None),
        (CAPI, catalog, 90, None),
        (
            CAPI,
            catalog,
            91,
            Some("the embedded Kubernetes release catalog describes 2026-08-20, 91 days before today (2026-11-19): newer patches and minors may exist, so the target and hops may be wrong; give a current version list"),
        ),
    ];
    for (input, as_of, age, want) in cases {
        let out = outcome(input, &days_after(as_of, age), "");
        assert_eq!(stale(&out).as_deref(), want, "{age} days after {as_of}");
    }
}

#[test]
fn the_warning_is_in_every_output_once_and_before_nothing_to_do() {
    let out = outcome(AKS, "2026-12-01", "");
    let message = stale(&out).unwrap();
    assert!(
        message.starts_with("the embedded AKS version data describes 2026-07-17, 137 days before today (2026-12-01)")
    );
    let (_, cluster, sel) = out.selected().unwrap();
    assert!(sel.plan.steps.is_empty() && sel.plan.blocked.is_none(), "nothing to do");
    let text = plan_text(cluster, &sel.plan, &sel.rendered);
    assert_eq!(text.matches(&message).count(), 1, "{text}");
    let nothing = text.find("Nothing to do").expect(&text);
    assert!(text.find(&message).unwrap() < nothing, "{text}");
    assert!(text[nothing..].lines().next().unwrap().contains(RULE), "{text}");
    let json = out.plan_json().unwrap();
    let rules: Vec<&str> = json["findings"].as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, [RULE]);
    assert_eq!(json["findings"][0]["severity"], "warning");
    assert_eq!(json["findings"][0]["message"], message.as_str());
    // The runbook escapes Markdown (the backticks around the command).
    let runbook = out.runbook().unwrap();
    assert_eq!(runbook.matches("describes 2026-07-17, 137 days before today (2026-12-01)").count(), 1, "{runbook}");
    assert!(runbook.contains("\\`az aks get-upgrades -o json\\`"), "{runbook}");
    let script = out.script().unwrap();
    assert_eq!(script.matches(&message).count(), 1, "{script}");
    assert!(script.contains(&format!("# WARNING {RULE}: {message}\n")), "{script}");
}

#[test]
fn a_pasted_list_or_no_today_never_warns() {
    let pasted = fixture("versions/aks_kubernetesVersions_eastus_2025-11-07_COPY.json");
    assert_eq!(stale(&outcome(AKS, "2030-01-01", &pasted)), None, "a pasted list is the user's to date");
    assert_eq!(stale(&outcome(AKS, "", "")), None, "no today: no check");
    assert_eq!(stale(&outcome(CAPI, "", "")), None);
}

#[test]
fn a_today_that_is_not_a_date_is_named() {
    let doc = plan_document(AKS, &Choices { today: "12/01/2026".into(), ..Choices::default() });
    assert_eq!(doc["error"], "today: `12/01/2026` is not a date: use YYYY-MM-DD such as 2026-12-01");
}
