//! Planner invariants over random clusters, policies, strategies and targets.

use proptest::prelude::*;
use skewplan_core::model::{Availability, ClusterDetails, ControlPlane, Pool, PoolDetails, PoolMode, ResourceState};
use skewplan_core::plan::{plan, Action, Plan, PlanOptions, PlanRequest, Strategy as PlanStrategy, Target};
use skewplan_core::rules::{check_state, VersionState};
use skewplan_core::{Cluster, FieldPath, KubeVersion, Policy, Provider};
use std::collections::BTreeSet;

fn provider() -> impl Strategy<Value = Provider> {
    prop_oneof![
        Just(Provider::Aks),
        Just(Provider::AksEngine),
        Just(Provider::ClusterApi),
        Just(Provider::Generic),
        Just(Provider::Eks)
    ]
}

fn state() -> impl Strategy<Value = ResourceState> {
    prop_oneof![
        8 => Just(ResourceState::Succeeded),
        1 => Just(ResourceState::Busy("Upgrading".into())),
        1 => Just(ResourceState::Failed("Failed".into())),
        1 => Just(ResourceState::Unknown),
    ]
}

prop_compose! {
    /// A pool 0..=4 minors behind the control plane (sometimes outside the window).
    fn pool(cp_minor: u64)(behind in 0u64..=4, patch in 0u64..12, count in 0u64..40, st in state(), vmss in any::<bool>()) -> (u64, u64, u64, ResourceState, bool) {
        (cp_minor.saturating_sub(behind).max(19), patch, count, st, vmss)
    }
}

prop_compose! {
    fn cluster()(prov in provider(), cp_minor in 19u64..=36)
                (prov in Just(prov), cp_minor in Just(cp_minor), cp_patch in 0u64..16,
                 pools in prop::collection::vec(pool(cp_minor), 1..50), cp_state in state(), stopped in prop::bool::weighted(0.05)) -> Cluster {
        let cp = KubeVersion::new(1, cp_minor, cp_patch);
        let mut control_plane = ControlPlane::new(FieldPath::root());
        control_plane.version = Some(cp.clone());
        control_plane.state = if stopped { ResourceState::Stopped } else { cp_state };
        control_plane.replicas = Some(3);
        let pools = pools.into_iter().enumerate().map(|(i, (minor, patch, count, st, vmss))| {
            // A pool on the control plane's minor is never above its patch.
            let patch = if minor == cp_minor { patch.min(cp_patch) } else { patch };
            Pool {
                name: format!("pool{i}"),
                mode: if i == 0 { PoolMode::System } else { PoolMode::User },
                version: Some(KubeVersion::new(1, minor, patch)),
                requested_version: None,
                count: Some(count),
                autoscale: None,
                machine_size: Some("Standard_D4s_v5".into()),
                os: None,
                node_image: None,
                state: st,
                max_surge: None,
                details: PoolDetails::Azure { availability: Some(if vmss { Availability::VirtualMachineScaleSets } else { Availability::AvailabilitySet }), priority: None },
                source: FieldPath::root(),
            }
        }).collect();
        Cluster { provider: prov, name: "c".into(), resource_group: Some("rg".into()), location: None, control_plane, pools, details: ClusterDetails::Other, source: FieldPath::root() }
    }
}

fn policy() -> impl Strategy<Value = Option<Policy>> {
    prop_oneof![
        Just(None),
        Just(Some(Policy::Aks)),
        Just(Some(Policy::AksCurrent)),
        Just(Some(Policy::Upstream)),
        Just(Some(Policy::Capi)),
        Just(Some(Policy::AksEngine))
    ]
}

fn strategy() -> impl Strategy<Value = PlanStrategy> {
    prop_oneof![Just(PlanStrategy::FewestReimages), Just(PlanStrategy::Lockstep), Just(PlanStrategy::ControlPlaneFirst)]
}

/// Pool version changes in a plan.
fn pool_upgrades(p: &Plan) -> usize {
    let mut before = p.initial.clone().unwrap();
    let mut n = 0;
    for s in &p.steps {
        n += s.after.pools.iter().filter(|(k, v)| before.pools.get(*k).is_some_and(|old| old != *v)).count();
        before = s.after.clone();
    }
    n
}

fn assert_invariants(p: &Plan, leave_alone: &BTreeSet<String>) -> Result<(), TestCaseError> {
    if let Some(b) = &p.blocked {
        prop_assert_ne!(b.rule, "plan.self-check", "planner produced an invalid plan: {}", b.message);
    }
    let Some(initial) = p.initial.clone() else { return Ok(()) };
    let inherited: BTreeSet<(String, String)> =
        check_state(&initial, p.policy).into_iter().map(|f| (f.rule.to_string(), f.subject)).collect();
    let mut before: VersionState = initial.clone();
    for s in &p.steps {
        let after = &s.after;
        // The control plane never skips a minor and never goes down.
        prop_assert!(after.control_plane >= before.control_plane, "control plane went down at {:?}", s);
        prop_assert!(
            before.control_plane.minors_to(&after.control_plane).unwrap() <= 1,
            "control plane skipped a minor at {:?}",
            s
        );
        // Nothing goes down.
        for (name, v) in &after.pools {
            if let Some(old) = before.pools.get(name) {
                prop_assert!(v >= old, "pool {} went down from {} to {}", name, old, v);
            }
        }
        // Every state satisfies the policy, but for problems the input already
        // had on something the plan has not touched yet.
        for f in check_state(after, p.policy) {
            let pool = f.subject.strip_prefix("pool/").unwrap_or("");
            let untouched =
                initial.pools.get(pool) == after.pools.get(pool) && initial.control_plane == after.control_plane;
            prop_assert!(
                untouched && inherited.contains(&(f.rule.to_string(), f.subject.clone())),
                "step {:?} breaks {}: {}",
                s.action,
                f.rule,
                f.message
            );
        }
        before = after.clone();
    }
    if p.blocked.is_none() {
        let target = p.target.clone().unwrap();
        prop_assert_eq!(&before.control_plane, &target);
        for (name, v) in &before.pools {
            if !leave_alone.contains(name) {
                prop_assert_eq!(v, &target, "pool {} did not reach the target", name);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn plans_hold_their_invariants(c in cluster(), pol in policy(), strat in strategy(), target_minor in 0u64..6, latest in prop::bool::weighted(0.3), patch in 0u64..12, leave in prop::bool::weighted(0.1)) {
        let cp = c.control_plane.version.clone().unwrap();
        let target = if latest { Target::Latest } else { Target::Version(KubeVersion::new(1, (cp.minor() + target_minor).min(37), patch)) };
        let mut options = PlanOptions::default();
        if leave { options.leave_alone.insert("pool1".into()); }
        let request = PlanRequest { target, policy: pol, strategy: strat, versions: None, options: options.clone() };
        let p = plan(&c, &request);
        assert_invariants(&p, &options.leave_alone)?;
        // Deterministic: the same input gives byte-identical JSON.
        let again = plan(&c, &request);
        prop_assert_eq!(serde_json::to_string(&p).unwrap(), serde_json::to_string(&again).unwrap());
        // Steps that change nothing but wait or start are not pool moves.
        for s in &p.steps {
            if matches!(s.action, Action::Wait | Action::StartCluster) {
                prop_assert!(s.from.is_none() && s.to.is_none());
            }
        }
    }

    #[test]
    fn fewest_reimages_never_upgrades_more_pools_than_lockstep(c in cluster(), pol in policy(), target_minor in 1u64..6) {
        let cp = c.control_plane.version.clone().unwrap();
        let target = Target::Version(KubeVersion::new(1, (cp.minor() + target_minor).min(37), 0));
        let req = |strategy| PlanRequest { target: target.clone(), policy: pol, strategy, versions: None, options: PlanOptions::default() };
        let fewest = plan(&c, &req(PlanStrategy::FewestReimages));
        let lockstep = plan(&c, &req(PlanStrategy::Lockstep));
        if fewest.blocked.is_none() && lockstep.blocked.is_none() {
            prop_assert!(pool_upgrades(&fewest) <= pool_upgrades(&lockstep), "fewest {} > lockstep {}", pool_upgrades(&fewest), pool_upgrades(&lockstep));
            prop_assert!(fewest.estimate.node_reimages <= lockstep.estimate.node_reimages);
        }
    }
}
