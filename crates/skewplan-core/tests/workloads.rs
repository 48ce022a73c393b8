//! Workloads per hop: real manifests with removed APIs give the
//! exact hop, object and replacement; a blocked hop stops the plan, and the
//! migrated manifest plans through.

use skewplan_core::plan::{plan, Action, PlanRequest, Strategy, Target};
use skewplan_core::render::{plan_json, plan_text, render, runbook, script};
use skewplan_core::workloads::{read, Workloads};
use skewplan_core::{parse, Cluster, KubeVersion};
use skewplan_testkit::fixture;

/// A Cluster API cluster (real template) at 1.21.14.
fn cluster_at_1_21() -> Cluster {
    let yaml = fixture("cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml").replace("v1.27.3", "v1.21.14");
    parse(&yaml).unwrap().clusters.remove(0)
}

fn workloads(files: &[(&str, &str)]) -> Workloads {
    let mut all = Workloads::default();
    for (name, text) in files {
        all.merge(read(name, text).unwrap());
    }
    all
}

fn request(target: &str, w: Workloads) -> PlanRequest {
    let target = Target::NewestOf(KubeVersion::parse_with(target, skewplan_core::Precision::MinorAllowed).unwrap());
    PlanRequest { target, strategy: Strategy::FewestReimages, workloads: w, ..PlanRequest::default() }
}

const INGRESS_V1BETA1: &str = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n";
const INGRESS_V1: &str = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n";

#[test]
fn an_ingress_on_extensions_v1beta1_blocks_the_hop_to_1_22_and_the_migrated_one_plans_through() {
    let cluster = cluster_at_1_21();
    let p = plan(&cluster, &request("1.23", workloads(&[("ingress.yaml", INGRESS_V1BETA1)])));
    let blocked = p.blocked.as_ref().expect("blocked");
    assert_eq!(blocked.rule.id, "workloads.api-removed");
    assert_eq!(
        blocked.message,
        "the hop to 1.22 is blocked: 1 use(s) of APIs that 1.22 no longer serves: Ingress shop/web (extensions/v1beta1 -> networking.k8s.io/v1, ingress.yaml:1)"
    );
    assert!(p.states().all(|after| after.control_plane.minor() == 21), "no step reaches 1.22");
    let report = p.workloads.as_ref().unwrap();
    let f = &report.findings[0];
    assert_eq!((f.hop.as_deref(), f.blocks, f.steps.clone()), (Some("1.22"), true, vec![p.steps.len() + 1]));
    assert_eq!(f.replacement.as_deref(), Some("networking.k8s.io/v1"));
    // Every output says why.
    let parsed =
        parse(&fixture("cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml").replace("v1.27.3", "v1.21.14"))
            .unwrap();
    let r = render(&parsed, &cluster, &p);
    assert!(plan_text(&cluster, &p, &r).contains(
        "error workloads.api-removed: hop to 1.22: Ingress shop/web (ingress.yaml:1) uses extensions/v1beta1"
    ));
    assert!(runbook(&cluster, &p, &r).contains("## Workloads (before the first pool step)"));
    let sh = script(&cluster, &p, &r);
    let check = "if kubectl --kubeconfig \"$WORKLOAD_KUBECONFIG\" get ingresses.v1beta1.extensions -n shop web >/dev/null 2>&1; then echo";
    assert!(sh.contains(check), "{sh}");
    assert!(sh.contains("removed_release=\"1.22\""), "{sh}");
    let json = plan_json(&parsed, &cluster, &p, &r);
    assert_eq!(json["workloads"]["findings"][0]["hop"], "1.22");
    assert_eq!(json["workloads"]["objects_read"], 1);

    let migrated = plan(&cluster, &request("1.23", workloads(&[("ingress.yaml", INGRESS_V1)])));
    assert_eq!(migrated.blocked, None);
    assert_eq!(migrated.states().map(|after| after.control_plane.minor()).max(), Some(23));
    assert!(migrated.workloads.as_ref().unwrap().findings.is_empty());
}

/// (file, objects read, [(hop or "" when already removed at 1.21, object, apiVersion, line, replacement)]).
type Row = (&'static str, u64, &'static [(&'static str, &'static str, &'static str, usize, &'static str)]);

const REAL: &[Row] = &[
    (
        "dashboard_v1.6.3_kubernetes-dashboard.yaml",
        4,
        &[
            (
                "1.22",
                "ClusterRoleBinding kubernetes-dashboard",
                "rbac.authorization.k8s.io/v1beta1",
                28,
                "rbac.authorization.k8s.io/v1",
            ),
            ("", "Deployment kube-system/kubernetes-dashboard", "extensions/v1beta1", 43, "apps/v1"),
        ],
    ),
    (
        "kube-state-metrics_v1.4.0_deployment.yaml",
        1,
        &[("", "Deployment kube-system/kube-state-metrics", "apps/v1beta2", 1, "apps/v1")],
    ),
    (
        "prometheus-operator_v0.29.0_bundle.yaml",
        4,
        &[("", "Deployment default/prometheus-operator", "apps/v1beta2", 83, "apps/v1")],
    ),
    (
        "ingress-nginx_controller-v0.34.0_deploy-cloud.yaml",
        18,
        &[(
            "1.22",
            "ValidatingWebhookConfiguration ingress-nginx/ingress-nginx-admission",
            "admissionregistration.k8s.io/v1beta1",
            415,
            "admissionregistration.k8s.io/v1",
        )],
    ),
    (
        "kube-state-metrics_v1.9.0_tests-manifests-ingress.yaml",
        1,
        &[("1.22", "Ingress example-ingress", "extensions/v1beta1", 1, "networking.k8s.io/v1")],
    ),
    (
        "ingress-nginx_controller-v0.34.0_docs-examples-psp.yaml",
        4,
        &[("1.25", "PodSecurityPolicy ingress-nginx", "policy/v1beta1", 8, "")],
    ),
    (
        "kube-state-metrics_v1.9.0_tests-manifests-cronjob.yaml",
        1,
        &[("1.25", "CronJob default/cronjob", "batch/v1beta1", 1, "batch/v1")],
    ),
    (
        "kube-state-metrics_v1.9.0_tests-manifests-poddisruptionbudget.yaml",
        1,
        &[("1.25", "PodDisruptionBudget pdb", "policy/v1beta1", 1, "policy/v1")],
    ),
    (
        "descheduler_v0.20.0_cronjob.yaml",
        1,
        &[("1.25", "CronJob kube-system/descheduler-cronjob", "batch/v1beta1", 2, "batch/v1")],
    ),
];

#[test]
fn real_manifests_give_the_exact_hop_object_and_replacement() {
    let cluster = cluster_at_1_21();
    for (file, read_count, expected) in REAL {
        let text = fixture(&format!("workloads/{file}"));
        let w = workloads(&[(file, &text)]);
        assert_eq!(w.objects_read, *read_count, "{file}");
        let p = plan(&cluster, &request("1.26", w));
        let findings = &p.workloads.as_ref().unwrap().findings;
        let got: Vec<(String, String, String, usize, String)> = findings
            .iter()
            .filter(|f| f.rule.id == "workloads.api-removed")
            .map(|f| {
                let hop = f.hop.clone().unwrap_or_default();
                let api = f.api_version.clone().unwrap_or_default();
                (hop, f.object.clone(), api, f.at.line, f.replacement.clone().unwrap_or_default())
            })
            .collect();
        let want: Vec<(String, String, String, usize, String)> = expected
            .iter()
            .map(|(h, o, a, l, r)| (h.to_string(), o.to_string(), a.to_string(), *l, r.to_string()))
            .collect();
        assert_eq!(got, want, "{file}");
        // The plan stops before the first hop the file blocks.
        let first = expected.iter().map(|e| e.0).filter(|h| !h.is_empty()).min();
        let stop = p.blocked.as_ref().map(|b| b.message.clone()).unwrap_or_default();
        match first {
            Some(hop) => assert!(stop.starts_with(&format!("the hop to {hop} is blocked")), "{file}: {stop}"),
            None => assert!(p.blocked.is_none(), "{file}: {stop}"),
        }
    }
}

#[test]
fn cert_manager_crds_block_1_22_with_every_crd_named() {
    let text = fixture("workloads/cert-manager_v0.11.0_00-crds.yaml");
    let p = plan(&cluster_at_1_21(), &request("1.26", workloads(&[("crds.yaml", &text)])));
    let removed: Vec<&str> = p.workloads.as_ref().unwrap().findings.iter().map(|f| f.object.as_str()).collect();
    assert_eq!(removed.len(), 6, "{removed:?}");
    assert_eq!(removed[0], "CustomResourceDefinition challenges.acme.cert-manager.io");
    assert!(p.blocked.unwrap().message.starts_with("the hop to 1.22 is blocked: 6 use(s)"));
}

#[test]
fn a_budget_that_allows_no_disruption_is_on_every_step_that_drains() {
    let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db, namespace: shop}\nspec: {maxUnavailable: 0}\n";
    let p = plan(&cluster_at_1_21(), &request("1.23", workloads(&[("pdb.yaml", pdb)])));
    assert_eq!(p.blocked, None);
    let drains: Vec<usize> = p
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.action, Action::UpgradePool | Action::RollPoolNodes | Action::UpgradeCluster))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(!drains.is_empty());
    let f = &p.workloads.as_ref().unwrap().findings[0];
    assert_eq!(f.rule.id, "workloads.pdb-blocks-drain");
    assert_eq!(f.steps, drains);
    assert!(
        f.message.starts_with("PodDisruptionBudget shop/db (pdb.yaml:1) allows no disruption (maxUnavailable is 0)"),
        "{}",
        f.message
    );
}

#[test]
fn the_javascript_api_takes_workloads_as_texts_and_names_an_unreadable_one() {
    use skewplan_core::api::{plan_document, Choices};
    let yaml = fixture("cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml").replace("v1.27.3", "v1.21.14");
    let choices = |w: Vec<String>| Choices { target: "1.23".into(), workloads: w, ..Choices::default() };
    let doc = plan_document(&yaml, &choices(vec![INGRESS_V1BETA1.into()]));
    assert_eq!(doc["blocked"]["rule"], "workloads.api-removed");
    assert_eq!(doc["workloads"]["findings"][0]["file"], "workloads");
    assert_eq!(
        doc["workloads"]["findings"][0]["steps"],
        serde_json::json!([doc["steps"].as_array().unwrap().len() + 1])
    );
    let two = plan_document(&yaml, &choices(vec![INGRESS_V1.into(), INGRESS_V1BETA1.into()]));
    assert_eq!(two["workloads"]["files"], serde_json::json!(["workloads-1", "workloads-2"]));
    let fine = plan_document(&yaml, &choices(vec![INGRESS_V1.into()]));
    assert_eq!(fine["blocked"], serde_json::Value::Null);
    let bad = plan_document(&yaml, &choices(vec!["kind: [".into()]));
    assert_eq!(bad["field"], "workloads");
    assert!(bad["error"].as_str().unwrap().starts_with("workloads: workloads: line 2: YAML syntax error"), "{bad}");
}
