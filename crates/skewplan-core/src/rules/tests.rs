use super::*;

fn v(s: &str) -> KubeVersion {
    s.parse().unwrap()
}

fn state(cp: &str, pools: &[(&str, &str)]) -> VersionState {
    VersionState { control_plane: v(cp), pools: pools.iter().map(|(n, x)| (n.to_string(), v(x))).collect() }
}

#[test]
fn every_rule_is_registered_once_with_a_public_source() {
    // Only the `rules!` macro makes the proof of registration a Rule needs.
    let source = include_str!("registry.rs");
    assert_eq!(source.matches("registered: Registered(())").count(), 1, "a Rule is built outside the rules! macro");
    let all: Vec<&Rule> = REGISTRIES.iter().flat_map(|r| r.iter().copied()).collect();
    let mut ids: Vec<&str> = all.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "rule ids must be unique");
    let families = ["aks.", "upstream.", "capi.", "aks-engine.", "gke.", "plan.", "workloads."];
    for r in all {
        assert!(families.iter().any(|f| r.id.starts_with(f)), "{}: unknown rule family", r.id);
        assert!(r.source.starts_with("https://") && !r.source.contains(' '), "{}: source is not a URL", r.id);
        assert!(r.statement.ends_with('.') && r.fix.ends_with('.'), "{}: statement and fix are sentences", r.id);
    }
    assert!(REGISTRY.contains(&&SELF_CHECK));
    assert!(WORKLOAD_REGISTRY.contains(&&WORKLOADS_API_REMOVED));
}

#[test]
fn findings_serialise_with_their_rule_inline() {
    let f = Finding::new(&AKS_POOL_NOT_NEWER, Subject::pool("np"), "pool `np` runs 1.28.5");
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["rule"], "aks.pool-not-newer");
    assert_eq!(json["subject"], "pool/np");
    assert_eq!(json["source"], AKS_POOL_NOT_NEWER.source);
    assert_eq!(json["error_code"], "NodePoolMcVersionIncompatible");
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["rule", "severity", "subject", "message", "source", "fix", "error_code"]);
    let no_code = serde_json::to_value(Finding::new(&SELF_CHECK, Subject::Cluster, "x")).unwrap();
    assert!(no_code.get("error_code").is_none());
}

#[test]
fn aks_window_is_three_minors_from_1_28_and_two_under_aks_conservative() {
    let s = state("1.28.5", &[("old", "1.25.9"), ("ok", "1.26.0")]);
    let aks: Vec<String> = check_state(&s, Policy::AksConservative)
        .iter()
        .map(|f| format!("{} {} {}", f.rule, f.subject, f.message))
        .collect();
    assert_eq!(
        aks,
        vec![
            "aks.pool-minor-window pool/old pool `old` runs 1.25.9, 3 minors behind the control plane's 1.28.5; at most 2 are allowed"
        ]
    );
    assert!(check_state(&s, Policy::Aks).is_empty());
    let s = state("1.27.5", &[("old", "1.24.9")]);
    assert_eq!(check_state(&s, Policy::Aks).len(), 1);
}

#[test]
fn aks_pool_may_not_be_newer_even_by_a_patch() {
    let s = state("1.28.3", &[("np", "1.28.5")]);
    let f = check_state(&s, Policy::Aks);
    assert_eq!(f[0].rule, &AKS_POOL_NOT_NEWER);
    assert_eq!(f[0].rule.error_code, Some("NodePoolMcVersionIncompatible"));
    assert!(check_state(&s, Policy::Upstream).is_empty(), "upstream compares minors");
}

#[test]
fn upstream_window_is_two_below_1_25_and_three_from_1_25() {
    assert_eq!(check_state(&state("1.27.0", &[("a", "1.24.0")]), Policy::Upstream).len(), 1);
    assert!(check_state(&state("1.28.0", &[("a", "1.25.0")]), Policy::Upstream).is_empty());
    assert_eq!(
        check_state(&state("1.29.0", &[("a", "1.25.0")]), Policy::Upstream)[0].rule.id,
        "upstream.kubelet-window"
    );
    assert_eq!(
        check_state(&state("1.29.0", &[("a", "1.30.0")]), Policy::Upstream)[0].rule.id,
        "upstream.kubelet-not-newer"
    );
}

#[test]
fn transitions_refuse_skips_and_downgrades() {
    let a = state("1.28.3", &[("np", "1.28.3")]);
    let rules = |b: &VersionState, p| check_transition(&a, b, p).iter().map(|f| f.rule.id).collect::<Vec<_>>();
    assert_eq!(rules(&state("1.30.0", &[("np", "1.28.3")]), Policy::Aks), vec!["aks.control-plane-one-minor"]);
    assert_eq!(
        rules(&state("1.28.1", &[("np", "1.28.1")]), Policy::Upstream),
        vec!["upstream.no-downgrade", "upstream.no-downgrade"]
    );
    assert_eq!(rules(&state("1.28.3", &[("np", "1.29.0")]), Policy::Capi), vec!["capi.workers-after-control-plane"]);
    assert!(rules(&state("1.29.2", &[("np", "1.28.3")]), Policy::Aks).is_empty());
}

#[test]
fn policies_parse_from_their_ids_only() {
    for p in Policy::ALL {
        assert_eq!(p.id().parse::<Policy>(), Ok(p));
    }
    assert_eq!(
        "AKS".parse::<Policy>(),
        Err("unknown policy `AKS`: use aks, aks-conservative, upstream, capi, aks-engine or gke".to_string())
    );
}
