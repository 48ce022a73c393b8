use super::budgets::allows_none;
use super::*;

const HELM: &str = "---\n# Source: web/templates/ingress.yaml\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\njust: a value\n";

#[test]
fn helm_output_keeps_file_line_and_template() {
    let w = read("rendered.yaml", HELM).unwrap();
    assert_eq!((w.objects_read, w.skipped), (2, 1));
    assert_eq!(w.kinds.get("ConfigMap"), Some(&1));
    let o = &w.listed[0];
    assert_eq!(o.describe(), "Ingress shop/web");
    assert_eq!(o.at.to_string(), "rendered.yaml:3 (web/templates/ingress.yaml)");
}

#[test]
fn kubectl_lists_in_json_and_yaml_give_each_item_its_line() {
    let json = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n    {\n      \"apiVersion\": \"batch/v1beta1\",\n      \"kind\": \"CronJob\",\n      \"metadata\": {\"name\": \"a\", \"namespace\": \"x\"}\n    },\n    {\n      \"apiVersion\": \"policy/v1beta1\",\n      \"kind\": \"PodDisruptionBudget\",\n      \"metadata\": {\"name\": \"b\", \"namespace\": \"x\"},\n      \"spec\": {\"maxUnavailable\": 0}\n    }\n  ]\n}\n";
    let w = read("get.json", json).unwrap();
    let lines: Vec<usize> = w.listed.iter().map(|o| o.at.line).collect();
    assert_eq!(lines, [5, 10]);
    assert_eq!(w.budgets[0].max_unavailable, Some(IntOrPercent::Count(0)));
    let yaml = "apiVersion: v1\nitems:\n- apiVersion: batch/v1beta1\n  kind: CronJob\n  metadata:\n    name: a\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: d\nkind: List\n";
    let w = read("get.yaml", yaml).unwrap();
    assert_eq!((w.objects_read, w.listed.len(), w.listed[0].at.line), (2, 1, 3));
}

#[test]
fn an_unreadable_document_is_an_error_at_its_line_in_the_file() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: [name: b\n";
    let e = read("bad.yaml", text).unwrap_err();
    assert_eq!(e.line, 8, "{e}");
    assert!(e.to_string().starts_with("bad.yaml: line 8: YAML syntax error"), "{e}");
    assert_eq!(read("empty.yaml", " \n").unwrap_err().to_string(), "empty.yaml: line 1: the file is empty");
}

#[test]
fn the_pdb_table_is_read_with_and_without_namespaces() {
    let text = "NAMESPACE     NAME        MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nkube-system   coredns     1               N/A               1                     10d\nshop          web         N/A             0                 0                     3d\n";
    let w = read("pdb.txt", text).unwrap();
    assert_eq!(w.budgets.len(), 2);
    assert_eq!(allows_none(&w.budgets[0], &[]), None);
    assert_eq!(allows_none(&w.budgets[1], &[]).as_deref(), Some("its status allows 0 disruptions"));
    assert_eq!(w.budgets[1].at.line, 3);
    let short =
        read("pdb.txt", "NAME  MIN AVAILABLE  MAX UNAVAILABLE  ALLOWED DISRUPTIONS  AGE\nweb 1 N/A 0\n").unwrap_err();
    assert_eq!(short.to_string(), "pdb.txt: line 2: expected 5 columns as in the header, found 4");
}

#[test]
fn metric_lines_name_the_called_api_and_its_removal() {
    let text = "# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested\n# TYPE apiserver_requested_deprecated_apis gauge\napiserver_requested_deprecated_apis{group=\"extensions\",removed_release=\"1.22\",resource=\"ingresses\",subresource=\"\",version=\"v1beta1\"} 1\nfoo_total 3\n";
    let w = read("metrics.txt", text).unwrap();
    assert_eq!(w.usage.len(), 1);
    assert_eq!(
        (w.usage[0].api_version(), w.usage[0].removed_release.as_str(), w.usage[0].at.line),
        ("extensions/v1beta1".into(), "1.22", 3)
    );
}

#[test]
fn budgets_that_allow_no_disruption() {
    let pdb = |spec: &str| {
        let text = format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: p, namespace: n}}\nspec: {spec}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d, namespace: n}}\nspec: {{replicas: 2, template: {{metadata: {{labels: {{app: a}}}}}}}}\n");
        let w = read("p.yaml", &text).unwrap();
        allows_none(&w.budgets[0], &w.controllers)
    };
    assert_eq!(pdb("{maxUnavailable: 0, selector: {matchLabels: {app: a}}}").as_deref(), Some("maxUnavailable is 0"));
    assert_eq!(pdb("{maxUnavailable: \"0%\"}").as_deref(), Some("maxUnavailable is 0%"));
    assert_eq!(pdb("{minAvailable: \"100%\"}").as_deref(), Some("minAvailable is 100%"));
    assert_eq!(
        pdb("{minAvailable: 2, selector: {matchLabels: {app: a}}}").as_deref(),
        Some("minAvailable is 2 and it covers 2 pod(s)")
    );
    assert_eq!(pdb("{minAvailable: 1, selector: {matchLabels: {app: a}}}"), None);
    assert_eq!(pdb("{minAvailable: 2, selector: {matchLabels: {app: other}}}"), None, "no known pods: can't judge");
    assert_eq!(pdb("{maxUnavailable: 1}"), None);
}

#[test]
fn plurals_follow_the_api_servers_resource_names() {
    assert_eq!(apis::plural("Ingress"), "ingresses");
    assert_eq!(apis::plural("NetworkPolicy"), "networkpolicies");
    assert_eq!(apis::plural("PodSecurityPolicy"), "podsecuritypolicies");
    assert_eq!(apis::plural("CronJob"), "cronjobs");
    assert_eq!(apis::plural("Gateway"), "gateways");
    assert_eq!(lookup("extensions/v1beta1", "Ingress").and_then(|e| e.removed_in), Some((1, 22)));
    assert_eq!(api_data_as_of(), "2026-04-27");
}

#[test]
fn fields_of_another_shape_are_left_out() {
    let w = read("odd.yaml", "apiVersion: v1\nkind: Pod\nmetadata: just text\n").unwrap();
    assert_eq!(w.objects_read, 1);
    let w = read(
        "loose.json",
        r#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": 7}, "spec": {"replicas": "3"}}"#,
    )
    .unwrap();
    assert_eq!((w.objects_read, w.controllers[0].replicas), (1, 1));
}
