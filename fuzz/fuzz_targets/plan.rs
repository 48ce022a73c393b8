//! The planner on random clusters and requests: it never panics, never
//! returns a plan that fails its own check, and every output renders.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use skewplan_core::input::parse;
use skewplan_core::plan::{plan, PlanRequest, Strategy, Target};
use skewplan_core::render::{plan_json, render, runbook, script};
use skewplan_core::{KubeVersion, Policy};

#[derive(Arbitrary, Debug)]
struct PoolSpec {
    behind: u8,
    patch: u8,
    count: u16,
    state: u8,
    windows: bool,
}

#[derive(Arbitrary, Debug)]
struct Case {
    cp_minor: u8,
    cp_patch: u8,
    pools: Vec<PoolSpec>,
    target_ahead: u8,
    target_patch: u8,
    latest: bool,
    policy: u8,
    strategy: u8,
    channel: bool,
}

const STATES: [&str; 5] = ["Succeeded", "Upgrading", "Failed", "Creating", "Succeeded"];

fuzz_target!(|data: &[u8]| {
    let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) else { return };
    let cp_minor = 19 + u64::from(case.cp_minor % 18);
    let cp = KubeVersion::new(1, cp_minor, u64::from(case.cp_patch % 20));
    let pools: Vec<String> = case
        .pools
        .iter()
        .take(60)
        .enumerate()
        .map(|(i, p)| {
            let minor = cp_minor.saturating_sub(u64::from(p.behind % 5)).max(19);
            let patch = if minor == cp_minor { u64::from(p.patch % 20).min(cp.patch().unwrap()) } else { u64::from(p.patch % 20) };
            format!(
                r#"{{"name": "pool{i}", "mode": "{}", "count": {}, "osType": "{}", "type": "VirtualMachineScaleSets", "orchestratorVersion": "1.{minor}.{patch}", "currentOrchestratorVersion": "1.{minor}.{patch}", "provisioningState": "{}"}}"#,
                if i == 0 { "System" } else { "User" },
                p.count % 1200,
                if p.windows { "Windows" } else { "Linux" },
                STATES[usize::from(p.state) % STATES.len()]
            )
        })
        .collect();
    let text = format!(
        r#"{{"name": "c", "resourceGroup": "rg", "kubernetesVersion": "{cp}", "currentKubernetesVersion": "{cp}", "provisioningState": "Succeeded", "autoUpgradeProfile": {{"upgradeChannel": "{}"}}, "agentPoolProfiles": [{}]}}"#,
        if case.channel { "stable" } else { "none" },
        pools.join(",")
    );
    let Ok(parsed) = parse(&text) else { return };
    let Some(cluster) = parsed.clusters.first() else { return };
    let target = if case.latest {
        Target::Latest
    } else {
        Target::Version(KubeVersion::new(
            1,
            (cp_minor + u64::from(case.target_ahead % 6)).min(37),
            u64::from(case.target_patch % 20),
        ))
    };
    let policy = match case.policy % 6 {
        0 => None,
        n => Some(Policy::ALL[usize::from(n - 1)]),
    };
    let request = PlanRequest {
        target,
        policy,
        strategy: Strategy::ALL[usize::from(case.strategy % 3)],
        ..PlanRequest::default()
    };
    let p = plan(cluster, &request);
    if let Some(b) = &p.blocked {
        assert_ne!(b.rule.id, "plan.self-check", "{}", b.message);
    }
    let r = render(&parsed, cluster, &p);
    let _ = script(cluster, &p, &r);
    let _ = runbook(cluster, &p, &r);
    let _ = plan_json(&parsed, cluster, &p, &r);
});
