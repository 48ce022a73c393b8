//! How the steps are laid out: what has to happen first, what each strategy
//! does before a control-plane hop, and how the pools finish.

use super::aks_engine::{self, check_left_alone};
use super::builder::Builder;
use super::prepare::Prepared;
use super::{Blocked, MachineChange, Strategy};
use crate::model::{PoolDetails, Provider, ResourceState};
use crate::rules::{self, check_state, control_plane_only_blockers, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;
use std::collections::{BTreeMap, BTreeSet};

/// Fills the builder with the steps of one strategy, or says why it stops
/// short of the target.
pub(super) fn build(b: &mut Builder, prepared: &Prepared, strategy: Strategy) -> Result<(), Blocked> {
    let (hops, target) = (&prepared.hops[..], &prepared.target);
    preconditions(b);
    if let Some(jump) = &prepared.jump {
        // One whole-cluster upgrade takes every pool along.
        if let Some(name) = b.state.pools.keys().find(|n| b.left_alone(n)) {
            let message = format!("{}, which would upgrade pool `{name}`", jump.why);
            return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(name), message));
        }
        b.jump_cluster(&jump.to, format!("{} ({} toward {target})", jump.why, jump.to));
    }
    // Pools already out of the window are brought in first.
    let cp_now = b.state.control_plane.clone();
    bring_into_window(b, &cp_now, "is outside the skew window now")?;
    if b.cluster.topology_upgrade().is_some() {
        super::topology::build(b, hops, target)?;
        return finish_pools(b, target);
    }
    if b.cluster.provider == Provider::AksEngine && aks_engine::whole_cluster_reason(b).is_none() {
        return aks_engine::build(b, hops, target, strategy);
    }
    let whole = whole_cluster_hops(b);
    for (i, hop) in hops.iter().enumerate() {
        if let Some(why) = &whole {
            if let Some(name) = b.state.pools.keys().find(|n| b.left_alone(n)) {
                let message = format!("{why}, which would upgrade pool `{name}`");
                return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(name), message));
            }
            b.upgrade_cluster(hop, format!("hop {} of {} toward {target}: {why}", i + 1, hops.len()));
            continue;
        }
        before_hop(b, hop, strategy)?;
        let reason = if hops.len() == 1 {
            format!("the control plane goes first, to {hop}")
        } else {
            format!("hop {} of {}: the control plane moves one minor at a time toward {target}", i + 1, hops.len())
        };
        b.upgrade_control_plane(hop, reason);
        if strategy == Strategy::Lockstep && i + 1 < hops.len() {
            follow_all(b, hop, "lockstep: every pool follows each control-plane hop");
        }
    }
    // Finally every pool to the target (machine changes ride along).
    finish_pools(b, target)
}

/// Start a stopped cluster, wait for busy resources, retry failed ones.
fn preconditions(b: &mut Builder) {
    let cluster = b.cluster;
    let cp = &cluster.control_plane;
    if cp.state == ResourceState::Stopped {
        b.start_cluster("the cluster is stopped; nothing else can run until it is started");
    }
    if let ResourceState::Busy(op) = &cp.state {
        if let Some(req) = cp.requested_version.clone().filter(|r| *r > b.state.control_plane) {
            b.set_control_plane(&req);
        }
        b.wait(Subject::ControlPlane, format!("the control plane is busy ({op}); wait for it to finish"));
    }
    if let ResourceState::Failed(s) = &cp.state {
        let v = b.state.control_plane.clone();
        let reason = format!("the control plane is {s}; upgrading it to its current version reconciles it");
        b.upgrade_control_plane(&v, reason);
    }
    for p in &cluster.pools {
        if b.left_alone(&p.name) {
            continue;
        }
        match &p.state {
            ResourceState::Busy(op) => {
                let running = b.state.pools.get(&p.name);
                let requested =
                    p.requested_version.clone().filter(|r| Some(r) > running && *r <= b.state.control_plane);
                if let Some(req) = requested {
                    b.set_pool(&p.name, &req);
                }
                b.wait(Subject::pool(&p.name), format!("pool `{}` is busy ({op}); wait for it to finish", p.name));
            }
            ResourceState::Failed(s) if b.policy.is_aks() => {
                let v = b.state.pools[&p.name].clone();
                let probe = VersionState {
                    control_plane: b.state.control_plane.clone(),
                    pools: BTreeMap::from([(p.name.clone(), v.clone())]),
                };
                if check_state(&probe, b.policy).is_empty() {
                    let reason = format!("pool `{}` is {s}; upgrading it to its current version reconciles it", p.name);
                    b.upgrade_pool(&p.name, &v, reason, None);
                } else {
                    let cp = b.state.control_plane.clone();
                    let reason = format!(
                        "pool `{}` is {s} and outside the skew window; upgrading it to the control plane's {cp} reconciles it and brings it in",
                        p.name
                    );
                    b.upgrade_pool(&p.name, &cp, reason, None);
                }
            }
            _ => {}
        }
    }
}

/// Whether each control-plane hop must move the whole cluster, and why.
fn whole_cluster_hops(b: &Builder) -> Option<String> {
    match b.cluster.provider {
        Provider::AksEngine => aks_engine::whole_cluster_reason(b),
        Provider::Aks if b.policy.is_aks() => control_plane_only_blockers(b.cluster).first().map(|x| x.plan_reason()),
        _ => None,
    }
}

/// What a strategy does before the control plane moves to `hop`.
fn before_hop(b: &mut Builder, hop: &KubeVersion, strategy: Strategy) -> Result<(), Blocked> {
    let next = VersionState { control_plane: hop.clone(), pools: b.state.pools.clone() };
    let stranded = check_state(&next, b.policy);
    if strategy == Strategy::ControlPlaneFirst {
        return match stranded.into_iter().next() {
            Some(f) => Err(Blocked::new(f.rule, f.subject, format!(
                "control-plane-first can't move the control plane to {hop}: {}; fewest-reimages upgrades that pool in between",
                f.message
            ))),
            None => Ok(()),
        };
    }
    // Lockstep pools follow every hop, but a pool at the edge of the window
    // must still move before the hop that would strand it.
    move_stranded(b, hop, &stranded)
}

/// Moves the pools that `stranded` names as far as the control plane allows
/// now, so that the hop to `hop` leaves none outside the window.
fn move_stranded(b: &mut Builder, hop: &KubeVersion, stranded: &[rules::Finding]) -> Result<(), Blocked> {
    let now = b.state.control_plane.clone();
    for name in pool_names_of(stranded) {
        if b.left_alone(&name) {
            let message = format!("moving the control plane to {hop} needs pool `{name}` upgraded first");
            return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(&name), message));
        }
        if b.state.pools[&name] < now {
            let reason = format!(
                "the next control-plane hop to {hop} would leave it outside the skew window; {now} is the highest it can take now"
            );
            b.upgrade_pool(&name, &now, reason, None);
        }
    }
    Ok(())
}

/// The pools that findings are about, in order, once each.
fn pool_names_of(findings: &[rules::Finding]) -> BTreeSet<String> {
    findings.iter().filter_map(|f| f.subject.pool_name().map(str::to_string)).collect()
}

/// Upgrades pools that violate the window at control plane `cp` to `cp`.
fn bring_into_window(b: &mut Builder, cp: &KubeVersion, why: &str) -> Result<(), Blocked> {
    for name in pool_names_of(&check_state(&b.state, b.policy)) {
        if b.state.pools[&name] >= *cp {
            continue; // newer than the control plane: the next hop fixes it
        }
        if b.left_alone(&name) {
            let message = format!("pool `{name}` {why} and is to be left alone");
            return Err(Blocked::new(&rules::LEAVE_ALONE, Subject::pool(&name), message));
        }
        let reason = format!("pool `{name}` {why}; it can go straight to the control plane's {cp}");
        b.upgrade_pool(&name, cp, reason, None);
    }
    Ok(())
}

fn follow_all(b: &mut Builder, to: &KubeVersion, reason: &str) {
    for name in b.pool_names() {
        if !b.left_alone(&name) && b.state.pools[&name] < *to {
            b.upgrade_pool(&name, to, reason.to_string(), None);
        }
    }
}

/// Every pool to the target, with its machine change; pools left alone
/// must stay inside the window at the target.
fn finish_pools(b: &mut Builder, target: &KubeVersion) -> Result<(), Blocked> {
    let cluster = b.cluster;
    let node_image_refused = control_plane_only_blockers(cluster).iter().any(|x| x.rules_out_node_image_only());
    for pool in &cluster.pools {
        let name = &pool.name;
        if b.left_alone(name) {
            check_left_alone(b.policy, name, &b.state.pools[name], target)?;
            continue;
        }
        let change = b.options.machine_changes.iter().find(|m| m.pool == *name).cloned();
        let current = b.state.pools[name].clone();
        match (cluster.provider, change) {
            (Provider::Aks, Some(change)) if change.machine_size.is_some() => {
                room_for_a_pool(b, name)?;
                replace_pool(b, name, target, change);
            }
            (_, Some(change)) => {
                let reason = if current < *target {
                    format!("pool `{name}` to the target {target}, with its machine change in the same rollout")
                } else {
                    let how = match &pool.details {
                        PoolDetails::ClusterApi { object_kind, .. } if object_kind == "MachinePool" => {
                            "its infrastructure object changed in place"
                        }
                        _ => "a new machine template",
                    };
                    format!("pool `{name}` gets its machine change ({how})")
                };
                b.upgrade_pool(name, target, reason, Some(change));
            }
            (_, None) if current < *target => {
                let reason = format!("pool `{name}` to the target {target}, now that the control plane runs it");
                b.upgrade_pool(name, target, reason, None);
            }
            (Provider::Aks, None)
                if b.options.node_image_upgrade && !b.reimaged.contains(name) && !node_image_refused =>
            {
                b.upgrade_node_image(
                    name,
                    format!("pool `{name}` already runs the target; its node image is refreshed"),
                );
            }
            (_, None) => {}
        }
    }
    Ok(())
}

/// A replacement pool needs room under the cluster's `maxAgentPools`.
fn room_for_a_pool(b: &Builder, name: &str) -> Result<(), Blocked> {
    let max = b.cluster.aks_settings().and_then(|a| a.max_agent_pools);
    match max.filter(|max| b.state.pools.len() as u64 >= *max) {
        Some(max) => {
            let message = format!(
                "the cluster already has {} pool(s) and maxAgentPools is {max}: no pool can be added to replace `{name}`",
                b.state.pools.len()
            );
            Err(Blocked::new(&rules::AKS_POOL_ROOM, Subject::pool(name), message))
        }
        None => Ok(()),
    }
}

/// AKS VM-size change: add a pool with the new size at the target, drain the
/// old pool, delete it.
fn replace_pool(b: &mut Builder, name: &str, target: &KubeVersion, change: MachineChange) {
    let new_name = replacement_name(name, b.state.pools.keys());
    let size = change.machine_size.clone().unwrap_or_default();
    let reason = format!("a pool's VM size can't change: add `{new_name}` with {size} at {target} to replace `{name}`");
    b.add_pool(&new_name, name, target, change, reason);
    b.drain_pool(name, format!("cordon and drain `{name}` so its workloads move to `{new_name}`"));
    b.delete_pool(name, format!("delete the drained pool `{name}`"));
}

/// A pool name for the replacement of `old`: AKS pool names are lowercase
/// letters and digits, at most 12 characters (6 for Windows pools).
pub(super) fn replacement_name<'a>(old: &str, taken: impl Iterator<Item = &'a String> + Clone) -> String {
    let base: String =
        old.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).take(10).collect();
    let base =
        if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_lowercase()) { format!("np{base}") } else { base };
    for n in 2..100 {
        let candidate = format!("{}{n}", &base[..base.len().min(12 - n.to_string().len())]);
        if !taken.clone().any(|t| *t == candidate) && candidate != old {
            return candidate;
        }
    }
    format!("{}x", &base[..base.len().min(11)])
}
