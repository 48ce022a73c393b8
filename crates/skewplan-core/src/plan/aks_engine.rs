//! aks-engine the way its own documentation recommends: each hop upgrades
//! the masters alone, and the pools move by pool operations.
//!
//! `docs/topics/upgrade.md` ("When should I use `aks-engine upgrade
//! --control-plane-only`?"): "We actually recommend that you *only* use
//! `aks-engine upgrade --control-plane-only`", with "addpool, update, and
//! scale" for the node pools, and "Upgrade your control plane first!"
//! (<https://github.com/Azure/aks-engine/blob/master/docs/topics/upgrade.md>).
//!
//! `aks-engine update` changes a scale set's model only: "it is only updating
//! the VMSS model; it is not actually modifying any existing VMSS instances"
//! (<https://github.com/Azure/aks-engine/blob/master/docs/topics/update.md>).
//! So a pool's nodes keep their version after `update-pool-model`; the plan
//! replaces them with a `roll-pool-nodes` step before the next control-plane
//! hop could leave them outside the skew window, and the state keeps them at
//! their old version until then.

use super::builder::Builder;
use super::{Blocked, Strategy};
use crate::model::{Availability, PoolDetails};
use crate::rules::{self, check_state, Policy, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;
use std::collections::{BTreeMap, BTreeSet};

/// Why this cluster's hops upgrade the whole cluster instead, if they must.
pub(super) fn whole_cluster_reason(b: &Builder) -> Option<String> {
    if b.options.aks_engine_whole_cluster {
        return Some("aks-engine upgrade (asked for) moves the control plane and every pool together".into());
    }
    if rules::aks_engine_fork(b.cluster) {
        // Its cmd/ has addpool, scale and upgrade, but no update.
        return Some("aks-engine-azurestack has no update command for pools, so its upgrade moves the control plane and every pool together".into());
    }
    let avset = |p: &&crate::model::Pool| {
        matches!(p.details, PoolDetails::Azure { availability: Some(Availability::AvailabilitySet), .. })
    };
    b.cluster.pools.iter().find(avset).map(|p| {
        format!(
            "pool `{}` is an availability set, which aks-engine update refuses, so aks-engine upgrade moves the control plane and every pool together",
            p.name
        )
    })
}

/// Control-plane-only hops with model updates and node rolls in between.
pub(super) fn build(
    b: &mut Builder,
    hops: &[KubeVersion],
    target: &KubeVersion,
    strategy: Strategy,
) -> Result<(), Blocked> {
    for (i, hop) in hops.iter().enumerate() {
        let next = VersionState { control_plane: hop.clone(), pools: b.state.pools.clone() };
        let findings = check_state(&next, b.policy);
        let now = b.state.control_plane.clone();
        let mut seen = BTreeSet::new();
        for f in &findings {
            let Some(name) = f.subject.pool_name().filter(|n| seen.insert(n.to_string())) else { continue };
            if b.left_alone(name) {
                let message = format!("moving the control plane to {hop} needs pool `{name}` upgraded first");
                return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(name), message));
            }
            if strategy == Strategy::ControlPlaneFirst {
                let message = format!(
                    "control-plane-first can't move the control plane to {hop}: {}; fewest-reimages replaces its nodes in between",
                    f.message
                );
                return Err(Blocked::new(f.rule, Subject::pool(name), message));
            }
            if b.state.pools[name] < now {
                let why = format!("the control-plane hop to {hop} would leave its nodes outside the skew window");
                refresh(b, name, &now, &why);
            }
        }
        let reason = format!(
            "hop {} of {} toward {target}: aks-engine upgrade --control-plane-only (aks-engine's recommended way; the pools follow by pool operations)",
            i + 1,
            hops.len()
        );
        b.upgrade_control_plane(hop, reason);
        if strategy == Strategy::Lockstep && i + 1 < hops.len() {
            refresh_all(b, hop, "lockstep: every pool follows each control-plane hop");
        }
    }
    refresh_all(b, target, "the control plane runs the target");
    for name in b.pool_names().iter().filter(|n| b.left_alone(n)) {
        check_left_alone(b.policy, name, &b.state.pools[name], target)?;
    }
    Ok(())
}

/// Every pool below `to` (not left alone) is refreshed to `to`.
fn refresh_all(b: &mut Builder, to: &KubeVersion, why: &str) {
    for name in b.pool_names() {
        if !b.left_alone(&name) && b.state.pools[&name] < *to {
            refresh(b, &name, to, why);
        }
    }
}

/// `aks-engine update` moves the scale set's model to `to`; its nodes are
/// then replaced so that they run it.
fn refresh(b: &mut Builder, name: &str, to: &KubeVersion, why: &str) {
    let old = b.state.pools[name].clone();
    b.update_pool_model(
        name,
        to,
        format!("{why}: aks-engine update sets the scale set model of `{name}` to {to}; its existing nodes keep running {old}"),
    );
    b.roll_pool_nodes(
        name,
        to,
        format!("replace the nodes of `{name}` so they come from the updated model and run {to} (until then they run {old})"),
    );
}

/// A pool left alone at `v` must be inside the window of the target.
pub(super) fn check_left_alone(
    policy: Policy,
    name: &str,
    v: &KubeVersion,
    target: &KubeVersion,
) -> Result<(), Blocked> {
    if v == target {
        return Ok(());
    }
    let probe = VersionState { control_plane: target.clone(), pools: BTreeMap::from([(name.to_string(), v.clone())]) };
    match check_state(&probe, policy).into_iter().next() {
        Some(f) => {
            let message = format!("pool `{name}` is left alone at {v}: {}", f.message);
            Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(name), message))
        }
        None => Ok(()),
    }
}
