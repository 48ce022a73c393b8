//! Every real AKS, aks-engine and Cluster API fixture, planned to the newest
//! allowed version: the plan passes its own checks, and its steps are
//! snapshotted.

mod common;

use common::fixture_files;
use skewplan_core::input::{parse_bytes, ParseOptions};
use skewplan_core::plan::{plan, PlanRequest};
use skewplan_core::rules::check_state;
use std::fmt::Write;

#[test]
fn every_plannable_fixture_plans_validly_to_the_newest_version() {
    let mut planned = 0;
    for (rel, bytes) in fixture_files() {
        let kind = rel.split('/').next().unwrap_or_default();
        if !matches!(
            kind,
            "aks-managed-cluster" | "aks-engine" | "cluster-api" | "arm-templates" | "kubectl-nodes" | "eks-gke"
        ) {
            continue;
        }
        let Ok(first) = parse_bytes(&bytes, &ParseOptions::default()) else { continue };
        // Inputs that don't name the control plane: give it as the newest pool's version.
        let newest_pool = first.clusters.iter().flat_map(|c| c.pools.iter().filter_map(|p| p.version.clone())).max();
        let parsed = if first.clusters.iter().any(|c| c.control_plane.version.is_none()) {
            parse_bytes(&bytes, &ParseOptions { control_plane_version: newest_pool }).unwrap()
        } else {
            first
        };
        if !parsed.is_usable() {
            continue;
        }
        let mut out = String::new();
        for cluster in &parsed.clusters {
            let p = plan(cluster, &PlanRequest::default());
            if let Some(b) = &p.blocked {
                assert_ne!(b.rule.id, "plan.self-check", "{rel}: {}", b.message);
            }
            let initial = p.initial.clone().expect("usable input has an initial state");
            let mut before = initial.clone();
            for s in &p.steps {
                assert!(s.after.control_plane >= before.control_plane, "{rel}: control plane went down");
                assert!(before.control_plane.minors_to(&s.after.control_plane).unwrap() <= 1, "{rel}: skipped a minor");
                for (name, v) in &s.after.pools {
                    assert!(before.pools.get(name).is_none_or(|old| v >= old), "{rel}: pool {name} went down");
                }
                for f in check_state(&s.after, p.policy) {
                    let pool = f.subject.pool_name().unwrap_or("");
                    assert!(
                        initial.pools.get(pool) == s.after.pools.get(pool)
                            && initial.control_plane == s.after.control_plane,
                        "{rel}: step {:?} breaks {}: {}",
                        s.action,
                        f.rule,
                        f.message
                    );
                }
                before = s.after.clone();
            }
            writeln!(
                out,
                "cluster `{}` policy={} strategy={} target={} versions from {}",
                cluster.name,
                p.policy,
                p.strategy,
                p.target.as_ref().map(ToString::to_string).unwrap_or_default(),
                p.versions_from
            )
            .unwrap();
            for f in &p.findings {
                writeln!(out, "  finding {} {} {}: {}", f.severity, f.rule, f.subject, f.message).unwrap();
            }
            for (i, s) in p.steps.iter().enumerate() {
                let from = s.from.as_ref().map(ToString::to_string).unwrap_or_default();
                let to = s.to.as_ref().map(ToString::to_string).unwrap_or_default();
                writeln!(out, "  {}. {} {} {from} -> {to}: {}", i + 1, s.action.id(), s.subject, s.reason).unwrap();
            }
            match &p.blocked {
                Some(b) => writeln!(out, "  blocked by {} on {}: {}", b.rule, b.subject, b.message).unwrap(),
                None => writeln!(out, "  reaches the target").unwrap(),
            }
            writeln!(
                out,
                "  estimate: {} operations, {} node reimages, {} minutes",
                p.estimate.operations, p.estimate.node_reimages, p.estimate.minutes
            )
            .unwrap();
            for a in &p.alternatives {
                writeln!(
                    out,
                    "  {}: {} operations, {} reimages, {} minutes{}",
                    a.strategy,
                    a.estimate.operations,
                    a.estimate.node_reimages,
                    a.estimate.minutes,
                    if a.blocked.is_some() { " (blocked)" } else { "" }
                )
                .unwrap();
            }
        }
        planned += 1;
        insta::assert_snapshot!(format!("plan__{}", rel.replace('/', "__")), out);
    }
    assert_eq!(planned, 37, "the number of plannable fixtures changed");
}
