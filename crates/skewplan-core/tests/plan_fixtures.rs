//! Every real AKS, aks-engine and Cluster API fixture, planned to the newest
//! allowed version: the plan holds the plan invariants (skewplan-testkit),
//! and its steps are snapshotted.

use skewplan_core::plan::{plan, PlanRequest};
use skewplan_testkit::{assert_plan_holds, fixture_files, read_for_planning, rule_id, subject_of};
use std::fmt::Write;

#[test]
fn every_plannable_fixture_plans_validly_to_the_newest_version() {
    let mut planned = 0;
    for (rel, bytes) in fixture_files() {
        let kind = rel.split('/').next().unwrap_or_default();
        if !matches!(
            kind,
            "aks-managed-cluster"
                | "aks-engine"
                | "cluster-api"
                | "arm-templates"
                | "kubectl-nodes"
                | "eks-gke"
                | "terraform"
        ) {
            continue;
        }
        let Some(parsed) = read_for_planning(&bytes) else { continue };
        let mut out = String::new();
        for cluster in &parsed.clusters {
            let request = PlanRequest::default();
            let p = plan(cluster, &request);
            assert!(p.initial.is_some(), "{rel}: usable input has an initial state");
            assert_plan_holds(cluster, &request, &p, &rel);
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
                writeln!(out, "  finding {} {} {}: {}", f.severity, rule_id(f), subject_of(f), f.message).unwrap();
            }
            for (i, s) in p.steps.iter().enumerate() {
                let from = s.from.as_ref().map(ToString::to_string).unwrap_or_default();
                let to = s.to.as_ref().map(ToString::to_string).unwrap_or_default();
                writeln!(out, "  {}. {} {} {from} -> {to}: {}", i + 1, s.action.id(), subject_of(s), s.reason).unwrap();
            }
            match &p.blocked {
                Some(b) => writeln!(out, "  blocked by {} on {}: {}", rule_id(b), subject_of(b), b.message).unwrap(),
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
    assert_eq!(planned, 47, "the number of plannable fixtures changed");
}
