//! Every plan is re-checked state by state with the same rules as `check`
//! before it is given; and the findings only a plan can raise.

use super::{Action, Blocked, MachineChange, PlanOptions, Step, CONTROL_PLANE_MACHINES};
use crate::model::{Cluster, PoolDetails};
use crate::rules::{self, check_state, check_transition, Finding, Policy, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;
use std::collections::BTreeSet;

/// Findings present before the plan starts are tolerated on a subject until
/// the plan acts on it (moves that pool, or the control plane); a wait only
/// sees an operation already under way finish. Anything new is a planner
/// defect. The state is carried along step by step: a step that moves one
/// pool is checked on that pool, one that moves the control plane on the
/// whole state (so large clusters plan in n log n).
pub(super) fn self_check(initial: &VersionState, steps: &[Step], policy: Policy) -> Result<(), Blocked> {
    let inherited: BTreeSet<(&str, Subject)> =
        check_state(initial, policy).into_iter().map(|f| (f.rule.id, f.subject)).collect();
    let mut acted = Acted::default();
    let mut state = initial.clone();
    for (i, s) in steps.iter().enumerate() {
        let seen = Seen::before(&state, s);
        s.change.apply(&mut state);
        let moved = seen.moved(&state);
        if s.action != Action::Wait {
            acted.control_plane |= seen.control_plane != state.control_plane;
            acted.pools.extend(moved.iter().map(|name| name.to_string()));
        }
        let mut problems = seen.transition_problems(&state, policy);
        if s.skips_minors {
            // The one upgrade over several minors that AKS allows (prepare::Jump).
            problems.retain(|f| f.rule != policy.one_minor_rule());
        }
        let changed = seen.control_plane != state.control_plane || !moved.is_empty() || seen.removed(&state);
        if s.action == Action::UpgradeNodeImage && (s.from != s.to || changed) {
            let message = "a node-image upgrade would also change the Kubernetes version";
            problems.push(Finding::new(&rules::AKS_NODE_IMAGE_ONLY_EXCLUSIVE, s.subject.clone(), message));
        }
        problems.extend(seen.state_problems(&state, policy).into_iter().filter(|f| {
            let untouched = f.subject.pool_name().is_some_and(|p| !acted.pools.contains(p)) && !acted.control_plane;
            !(untouched && inherited.contains(&(f.rule.id, f.subject.clone())))
        }));
        if let Some(f) = problems.first() {
            let message =
                format!("internal error: step {} would break {} ({}); no plan is given", i + 1, f.rule, f.message);
            return Err(Blocked::new(&rules::SELF_CHECK, f.subject.clone(), message));
        }
    }
    Ok(())
}

/// What the plan's own steps (not waits) have moved so far.
#[derive(Default)]
struct Acted {
    control_plane: bool,
    pools: BTreeSet<String>,
}

/// What a step may change, as it was before the step: the control plane,
/// the pools its change names, and what it is checked on: its own pool, or
/// the whole state when the control plane moves or the step is not about a
/// pool.
struct Seen<'a> {
    control_plane: KubeVersion,
    pools: Vec<(&'a str, Option<KubeVersion>)>,
    checked: Checked<'a>,
}

enum Checked<'a> {
    Pool(&'a str, VersionState),
    Whole(VersionState),
}

impl<'a> Seen<'a> {
    fn before(state: &VersionState, step: &'a Step) -> Seen<'a> {
        let moves_control_plane = step.change.control_plane.as_ref().is_some_and(|v| *v != state.control_plane);
        let checked = match step.subject.pool_name().filter(|_| !moves_control_plane) {
            Some(pool) => Checked::Pool(pool, only_pool(state, pool)),
            None => Checked::Whole(state.clone()),
        };
        let pools = step.change.pools.iter().map(|(name, _)| (name.as_str(), state.pools.get(name).cloned())).collect();
        Seen { control_plane: state.control_plane.clone(), pools, checked }
    }

    /// The pools whose version the step changed (added ones included).
    fn moved(&self, after: &VersionState) -> BTreeSet<&'a str> {
        let changed = |(name, v): &&(&'a str, Option<KubeVersion>)| {
            after.pools.get(*name).is_some_and(|now| Some(now) != v.as_ref())
        };
        self.pools.iter().filter(changed).map(|(name, _)| *name).collect()
    }

    fn removed(&self, after: &VersionState) -> bool {
        self.pools.iter().any(|(name, v)| v.is_some() && !after.pools.contains_key(*name))
    }

    /// `check_transition` over what the step is checked on.
    fn transition_problems(&self, after: &VersionState, policy: Policy) -> Vec<Finding> {
        match &self.checked {
            Checked::Pool(pool, before) => check_transition(before, &only_pool(after, pool), policy),
            Checked::Whole(before) => check_transition(before, after, policy),
        }
    }

    /// Skew after the step: every pool when the control plane moved,
    /// otherwise only the pool the step is about.
    fn state_problems(&self, after: &VersionState, policy: Policy) -> Vec<Finding> {
        match &self.checked {
            _ if self.control_plane != after.control_plane => check_state(after, policy),
            Checked::Pool(pool, _) => check_state(&only_pool(after, pool), policy),
            Checked::Whole(_) => Vec::new(),
        }
    }
}

/// `state` with only the pool `name` (none when it is gone).
fn only_pool(state: &VersionState, name: &str) -> VersionState {
    VersionState {
        control_plane: state.control_plane.clone(),
        pools: state.pools.get_key_value(name).map(|(k, v)| (k.clone(), v.clone())).into_iter().collect(),
    }
}

/// AKS pools replaced for a VM-size change whose settings the input does not
/// fully show: the replacement can't carry those over.
pub(super) fn replacement_findings(cluster: &Cluster, steps: &[Step]) -> Vec<Finding> {
    let replaced =
        steps.iter().filter(|s| s.action == Action::AddPool).filter_map(|s| s.pool.as_ref()?.replaces.as_deref());
    replaced
        .filter_map(|old| {
            let PoolDetails::Azure { settings, .. } = &cluster.pool(old)?.details else { return None };
            (!settings.unknown.is_empty()).then(|| {
                let message = format!(
                    "the input does not show pool `{old}`'s {}: its replacement is added without them; paste `az aks nodepool show --cluster-name CLUSTER --name {old} -o json` to carry them over",
                    settings.unknown.join(", ")
                );
                Finding::new(&rules::AKS_REPLACEMENT_SETTINGS, Subject::pool(old), message)
            })
        })
        .collect()
}

/// Cluster API pools and control planes that carry a machine image built
/// for a version: the plan moving them needs the image for the new version.
pub(super) fn machine_image_findings(cluster: &Cluster, steps: &[Step], options: &PlanOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in &cluster.pools {
        let PoolDetails::ClusterApi { machine_image: Some(image), .. } = &p.details else { continue };
        let given = options.machine_changes.iter().any(|m| m.pool == p.name && m.machine_image.is_some());
        let moved_to = last_move(steps, |s| s.subject.pool_name() == Some(p.name.as_str()));
        if let (false, Some(to)) = (given, moved_to) {
            let message = format!(
                "`{}` uses the machine image {image}; give the image built for {to}{}",
                p.name,
                lookup_hint(image)
            );
            out.push(Finding::new(&rules::CAPI_MACHINE_IMAGE, Subject::pool(&p.name), message));
        }
    }
    let cp = &cluster.control_plane;
    if let (Some(object), Some(image)) = (cp.cluster_api_object(), cp.machine_image.as_deref()) {
        let given = MachineChange::for_control_plane(cluster, &options.machine_changes)
            .is_some_and(|m| m.machine_image.is_some());
        let moved_to = last_move(steps, |s| matches!(s.subject, Subject::ControlPlane | Subject::Cluster));
        if let (false, Some(to)) = (given, moved_to) {
            let message = format!(
                "the control plane `{}` uses the machine image {image}; give the image built for {to} as the machine change of `{}` (or `{CONTROL_PLANE_MACHINES}`){}",
                object.name,
                object.name,
                lookup_hint(image)
            );
            out.push(Finding::new(&rules::CAPI_MACHINE_IMAGE, Subject::ControlPlane, message));
        }
    }
    out
}

/// The version the last step moving a subject (`moves`) goes to.
fn last_move(steps: &[Step], moves: impl Fn(&Step) -> bool) -> Option<KubeVersion> {
    steps.iter().filter(|s| moves(s) && s.from != s.to).filter_map(|s| s.to.clone()).next_back()
}

/// Where the commands show how to find an image: only AMIs get a lookup
/// (`clusterawsadm ami list`).
fn lookup_hint(image: &str) -> &'static str {
    if image.starts_with("ami-") {
        " (the plan's commands show how to look one up)"
    } else {
        ""
    }
}
