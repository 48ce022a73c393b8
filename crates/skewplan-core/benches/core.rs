//! Parse, check, plan and render on generated clusters of 10 to 10,000
//! pools, and a 50-cluster `az aks list`. `cargo xtask bench` runs them.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use skewplan_core::input::parse;
use skewplan_core::plan::{plan, PlanRequest, Target};
use skewplan_core::render::{plan_json, render, script};
use skewplan_core::workloads::read;
use skewplan_core::{check, KubeVersion, Policy};
use std::hint::black_box;
use std::time::Duration;

/// An `az aks show` with `pools` pools, every `behind_every`-th one minor
/// behind, planned two minors ahead.
pub fn cluster_json(name: &str, pools: usize, behind_every: usize) -> String {
    let list: Vec<String> = (0..pools)
        .map(|i| {
            let v = if i % behind_every == 0 { "1.33.13" } else { "1.34.9" };
            format!(
                r#"{{"name": "p{i}", "mode": "{}", "count": {}, "vmSize": "Standard_D4s_v5", "type": "VirtualMachineScaleSets", "osType": "Linux", "orchestratorVersion": "{v}", "currentOrchestratorVersion": "{v}", "provisioningState": "Succeeded", "powerState": {{"code": "Running"}}, "nodeImageVersion": "AKSUbuntu-2204gen2containerd-202510.03.0", "upgradeSettings": {{"maxSurge": "33%"}}}}"#,
                if i == 0 { "System" } else { "User" },
                3 + i % 7
            )
        })
        .collect();
    format!(
        r#"{{"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/{name}", "name": "{name}", "resourceGroup": "rg", "location": "westeurope", "kubernetesVersion": "1.34.9", "currentKubernetesVersion": "1.34.9", "provisioningState": "Succeeded", "powerState": {{"code": "Running"}}, "maxAgentPools": 100000, "agentPoolProfiles": [{}]}}"#,
        list.join(",")
    )
}

fn request() -> PlanRequest {
    PlanRequest { target: Target::Version(KubeVersion::new(1, 36, 2)), ..PlanRequest::default() }
}

fn sizes(c: &mut Criterion) {
    // A step records what it changes, so a plan grows with its steps; the
    // rendered plan JSON carries the complete state after every step (its
    // `after`), so render grows with pools × steps. Past MAX_PLANNED_POOLS
    // (1,000) a plan is refused, so 10,000 pools measures parse, check and
    // the refusal.
    for (pools, behind_every) in [(10usize, 3usize), (100, 3), (1_000, 3), (10_000, 100)] {
        let text = cluster_json("bench", pools, behind_every);
        let mut g = c.benchmark_group(format!("{pools} pools, 1 in {behind_every} behind"));
        if pools >= 1_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(8));
        }
        g.throughput(Throughput::Elements(pools as u64));
        g.bench_function(BenchmarkId::new("parse", pools), |b| b.iter(|| parse(black_box(&text)).unwrap()));
        let parsed = parse(&text).unwrap();
        let cluster = &parsed.clusters[0];
        g.bench_function(BenchmarkId::new("check", pools), |b| b.iter(|| check(black_box(cluster), Policy::Aks)));
        g.bench_function(BenchmarkId::new("plan", pools), |b| b.iter(|| plan(black_box(cluster), &request())));
        let p = plan(cluster, &request());
        if p.blocked.is_some() {
            // Over MAX_PLANNED_POOLS the plan is refused at once: nothing to render.
            g.finish();
            continue;
        }
        g.bench_function(BenchmarkId::new("render", pools), |b| {
            b.iter(|| {
                let r = render(&parsed, cluster, &p);
                let json = plan_json(&parsed, cluster, &p, &r).to_string();
                (script(cluster, &p, &r).len(), json.len())
            })
        });
        g.finish();
    }
}

fn cluster_list(c: &mut Criterion) {
    let clusters: Vec<String> = (0..50).map(|i| cluster_json(&format!("aks-{i}"), 4, 3)).collect();
    let text = format!("[{}]", clusters.join(","));
    let mut g = c.benchmark_group("az aks list, 50 clusters");
    g.bench_function("parse", |b| b.iter(|| parse(black_box(&text)).unwrap()));
    let parsed = parse(&text).unwrap();
    g.bench_function("check + plan + render each", |b| {
        b.iter(|| {
            parsed
                .clusters
                .iter()
                .map(|cl| {
                    let _ = check(cl, Policy::Aks);
                    let p = plan(cl, &request());
                    render(&parsed, cl, &p).steps.len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

/// `n` workload objects of the kinds a cluster holds (a Deployment, a
/// Service, an Ingress on a removed API every tenth, a budget every
/// twentieth), as Helm output (YAML documents with `# Source:`) and as a
/// `kubectl get -A -o json` List.
pub fn workload_texts(n: usize) -> (String, String) {
    let object = |i: usize| -> (String, String) {
        let ns = format!("team-{}", i % 50);
        let (api, kind, extra) = match i % 20 {
            0 => ("policy/v1", "PodDisruptionBudget", "spec:\n  maxUnavailable: 0\n".to_string()),
            10 => (
                "extensions/v1beta1",
                "Ingress",
                "spec:\n  backend:\n    serviceName: web\n    servicePort: 80\n".to_string(),
            ),
            n if n % 2 == 0 => (
                "apps/v1",
                "Deployment",
                "spec:\n  replicas: 3\n  template:\n    metadata:\n      labels:\n        app: web\n".to_string(),
            ),
            _ => ("v1", "Service", "spec:\n  ports:\n  - port: 80\n".to_string()),
        };
        let yaml = format!(
            "---\n# Source: app/templates/obj{i}.yaml\napiVersion: {api}\nkind: {kind}\nmetadata:\n  name: obj-{i}\n  namespace: {ns}\n  labels:\n    app: web\n{extra}"
        );
        let json = format!(
            r#"{{"apiVersion": "{api}", "kind": "{kind}", "metadata": {{"name": "obj-{i}", "namespace": "{ns}", "labels": {{"app": "web"}}}}, "spec": {{"replicas": 3}}}}"#
        );
        (yaml, json)
    };
    let (yaml, json): (Vec<String>, Vec<String>) = (0..n).map(object).unzip();
    (yaml.concat(), format!("{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n{}\n]}}\n", json.join(",\n")))
}

/// 10,000 workload objects read and judged against a plan (the goal: under
/// 100 ms natively).
fn workloads(c: &mut Criterion) {
    let (yaml, json) = workload_texts(10_000);
    let cluster_text = cluster_json("bench", 10, 3);
    let cluster = parse(&cluster_text).unwrap().clusters.remove(0);
    let mut g = c.benchmark_group("workloads, 10,000 objects");
    g.sample_size(10).measurement_time(Duration::from_secs(8)).throughput(Throughput::Elements(10_000));
    g.bench_function("read helm yaml", |b| b.iter(|| read("helm.yaml", black_box(&yaml)).unwrap()));
    g.bench_function("read kubectl json list", |b| b.iter(|| read("get.json", black_box(&json)).unwrap()));
    let w = read("helm.yaml", &yaml).unwrap();
    let req = PlanRequest { workloads: w, ..request() };
    g.bench_function("plan with workloads", |b| b.iter(|| plan(black_box(&cluster), &req)));
    g.finish();
}

criterion_group!(benches, sizes, cluster_list, workloads);
criterion_main!(benches);
