//! Exact commands for GKE under its own node window (review row 14), and how
//! typed targets are read.

use skewplan_core::api::{Choices, Outcome};
use skewplan_testkit::{fixture, run_ok, step_commands};

fn outcome(text: &str, choices: &Choices) -> Outcome {
    run_ok(text, choices)
}

/// Review row 14: GKE keeps node pools within two minors of the control
/// plane ("Nodes and node pool versions can be up to two minor versions older
/// than the control plane", cloud.google.com/kubernetes-engine/versioning), so
/// the pools move before the hop that would put them three behind.
#[test]
fn gke_pools_stay_within_two_minors() {
    let text = fixture("eks-gke/gke_cluster-get_2pools_1.34.8-gke.1278000_STABLE.json");
    let out = outcome(&text, &Choices { target: "1.37.1".into(), ..Choices::default() });
    let (_, _, sel) = out.selected().unwrap();
    assert_eq!(sel.plan.policy.id(), "gke");
    let master = |v: &str| {
        format!(
            "upgrade-control-plane: gcloud container clusters upgrade \"$CLUSTER\" --master --cluster-version {v} --location \"$LOCATION\" --quiet"
        )
    };
    let pool = |name: &str, v: &str| {
        format!(
            "upgrade-pool: gcloud container clusters upgrade \"$CLUSTER\" --node-pool {name} --cluster-version {v} --location \"$LOCATION\" --quiet"
        )
    };
    assert_eq!(
        step_commands(&out),
        [
            master("1.35.9"),
            master("1.36.4"),
            pool("default-pool", "1.36.4"),
            pool("\"$NODE_POOL_1\"", "1.36.4"),
            master("1.37.1"),
            pool("default-pool", "1.37.1"),
            pool("\"$NODE_POOL_1\"", "1.37.1"),
        ]
    );
    // Three minors behind is a finding under `gke` (not under `upstream`).
    let behind = text.replace("1.34.8-gke.1278000", "1.33.5-gke.1").replacen("1.33.5-gke.1", "1.36.4-gke.1", 1);
    let check = |policy: &str| {
        let out = outcome(&behind, &Choices { policy: policy.into(), ..Choices::default() });
        out.selected().unwrap().2.plan.findings.iter().map(|f| f.rule.id).collect::<Vec<_>>()
    };
    assert!(check("auto").contains(&"gke.node-minor-window"), "{:?}", check("auto"));
    assert!(!check("upstream").iter().any(|r| r.ends_with("window")), "{:?}", check("upstream"));
}

const AKS: &str = r#"{"name":"c","resourceGroup":"rg","kubernetesVersion":"1.32.9","currentKubernetesVersion":"1.32.9","maxAgentPools":100,"agentPoolProfiles":[{"name":"np1","mode":"System","count":3,"orchestratorVersion":"1.32.9","type":"VirtualMachineScaleSets"}]}"#;

const AKS_VERSIONS: &str = r#"{"values": [
  {"version": "1.32", "patchVersions": {"1.32.9": {"upgrades": []}}},
  {"version": "1.33", "patchVersions": {"1.33.2": {"upgrades": []}, "1.33.5": {"upgrades": []}}}
]}"#;

/// The plan's target and where it stops, for a typed `target`.
fn target_of(text: &str, target: &str, versions: &str) -> (String, Option<String>) {
    let choices = Choices { target: target.into(), versions: versions.into(), ..Choices::default() };
    let out = outcome(text, &choices);
    let plan = &out.selected().unwrap().2.plan;
    (
        plan.target.as_ref().map(ToString::to_string).unwrap_or_default(),
        plan.blocked.as_ref().map(|b| b.message.clone()),
    )
}

/// A minor typed as people type it (`--to 1.33`, the JavaScript API's and
/// the page's `target: "1.33"`) means the newest patch of that minor the
/// version list offers; a full version means itself.
#[test]
fn a_minor_target_means_its_newest_offered_patch() {
    let gke = fixture("eks-gke/gke_cluster-get_2pools_1.34.8-gke.1278000_STABLE.json");
    let table: [(&str, &str, &str, &str, Option<&str>); 7] = [
        // (input, target typed, version list, target planned, stop)
        (AKS, "1.33", AKS_VERSIONS, "1.33.5", None),
        (AKS, "v1.33", AKS_VERSIONS, "1.33.5", None),
        (AKS, "1.33.2", AKS_VERSIONS, "1.33.2", None),
        (AKS, "1.32", AKS_VERSIONS, "1.32.9", None),
        (AKS, "1.34", AKS_VERSIONS, "1.34", Some("no version of 1.34 is offered by the pasted version list")),
        // The embedded Kubernetes release catalog: 1.36's newest patch.
        (&gke, "1.36", "", "1.36.4", None),
        (&gke, "latest", "", "1.37.1", None),
    ];
    for (text, typed, versions, want, stop) in table {
        let (target, blocked) = target_of(text, typed, versions);
        assert_eq!((target.as_str(), blocked.as_deref()), (want, stop), "target {typed}");
    }
}
