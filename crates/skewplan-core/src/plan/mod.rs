//! The planner: a pure function from a cluster and a request to an ordered
//! plan whose every state is re-checked by the same rules as `check`.
//!
//! `prepare` decides the start, the target and the control-plane hops (or
//! why there is no plan); `strategies::build` lays out the steps through the
//! `Builder`'s named step constructors; `self_check` re-checks every state.

mod aks_engine;
mod builder;
mod offer;
mod prepare;
mod request;
mod self_check;
mod step;
mod strategies;
mod topology;

pub use builder::{DRAIN_MINUTES_PER_NODE, MANAGED_CONTROL_PLANE_MINUTES, POOL_OPERATION_MINUTES, START_MINUTES};
pub use request::{
    MachineChange, PlanOptions, PlanRequest, Strategy, Target, UpgradeOverrideUntil, CONTROL_PLANE_MACHINES,
    DEFAULT_MINUTES_PER_NODE,
};
pub use step::{Action, Alternative, Blocked, Change, Estimate, States, Step, StepPool};

use crate::model::Cluster;
use crate::rules::{check, Finding, Policy, VersionState};
use crate::version::KubeVersion;
use builder::Builder;
use offer::Offer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The skew policy the plan keeps at every step.
    pub policy: Policy,
    /// How pools follow the control plane.
    pub strategy: Strategy,
    /// Everything `check` finds, then what only the plan reveals (a machine
    /// image to replace, version data too old on the request's `today`): the
    /// one list every output shows.
    pub findings: Vec<Finding>,
    /// What the workloads say per hop, when workloads were given.
    pub workloads: Option<crate::workloads::WorkloadReport>,
    /// The versions before the first step.
    pub initial: Option<VersionState>,
    /// The steps in the order to run them.
    pub steps: Vec<Step>,
    /// What the steps cost together.
    pub estimate: Estimate,
    /// Why the plan stops short of the target, if it does.
    pub blocked: Option<Blocked>,
    /// The other strategies' costs, to compare.
    pub alternatives: Vec<Alternative>,
    /// Where hop versions came from.
    pub versions_from: String,
    /// The version the plan ends at; `None` when no target could be chosen.
    pub target: Option<KubeVersion>,
    /// AKS: the upgrade override the commands carry, if asked for.
    pub force_upgrade_until: Option<UpgradeOverrideUntil>,
}

impl Plan {
    /// The complete version state after each step, computed as it is
    /// iterated (a plan with no start has no states).
    pub fn states(&self) -> States<'_> {
        let initial = self
            .initial
            .clone()
            .unwrap_or_else(|| VersionState { control_plane: KubeVersion::new(0, 0, 0), pools: Default::default() });
        States::new(initial, if self.initial.is_some() { &self.steps } else { &[] })
    }
}

/// Plans `cluster` per `request`, with the other strategies' costs alongside.
/// The cluster is checked once; the alternatives only cost their steps.
pub fn plan(cluster: &Cluster, request: &PlanRequest) -> Plan {
    let policy = request.policy.unwrap_or_else(|| Policy::for_cluster(cluster));
    let offer = Offer::for_cluster(cluster, policy, request.versions.as_ref());
    let main = steps_for(cluster, request, request.strategy, policy, &offer);
    let mut findings = check(cluster, policy);
    findings.extend(self_check::machine_image_findings(cluster, &main.steps, &request.options));
    findings.extend(self_check::replacement_findings(cluster, &main.steps));
    findings.extend(offer.staleness(request.today));
    let alternatives = Strategy::ALL
        .into_iter()
        .map(|strategy| {
            if strategy == request.strategy {
                Alternative { strategy, estimate: main.estimate.clone(), blocked: main.blocked.clone() }
            } else {
                let other = steps_for(cluster, request, strategy, policy, &offer);
                Alternative { strategy, estimate: other.estimate, blocked: other.blocked }
            }
        })
        .collect();
    let mut plan = Plan {
        policy,
        strategy: request.strategy,
        target: main.target,
        initial: main.initial,
        findings,
        steps: main.steps,
        estimate: main.estimate,
        blocked: main.blocked,
        alternatives,
        versions_from: offer.from,
        force_upgrade_until: request.options.force_upgrade_until.clone(),
        workloads: None,
    };
    if !request.workloads.is_empty() {
        plan.workloads = Some(crate::workloads::assess(&request.workloads, &plan, policy.is_aks()));
    }
    plan
}

/// One strategy's steps and what they cost.
struct Outline {
    target: Option<KubeVersion>,
    initial: Option<VersionState>,
    steps: Vec<Step>,
    estimate: Estimate,
    blocked: Option<Blocked>,
}

fn steps_for(cluster: &Cluster, request: &PlanRequest, strategy: Strategy, policy: Policy, offer: &Offer) -> Outline {
    let prepared = match prepare::prepare(cluster, request, policy, offer) {
        Ok(p) => p,
        Err(stop) => {
            let (target, initial, blocked) = (stop.target, stop.initial, Some(stop.blocked));
            return Outline { target, initial, steps: Vec::new(), estimate: Estimate::default(), blocked };
        }
    };
    let mut b = Builder::new(cluster, policy, &request.options, prepared.initial.clone());
    let stop = strategies::build(&mut b, &prepared, strategy).err();
    let checked = self_check::self_check(&prepared.initial, &b.steps, policy);
    let (target, initial) = (Some(prepared.target), Some(prepared.initial));
    match checked {
        Err(problem) => {
            Outline { target, initial, steps: Vec::new(), estimate: Estimate::default(), blocked: Some(problem) }
        }
        Ok(()) => {
            let mut steps = b.steps;
            let blocked =
                stop_for_workloads(&request.workloads, initial.as_ref(), target.as_ref(), &mut steps).or(stop);
            Outline { target, initial, estimate: Estimate::of(&steps), steps, blocked }
        }
    }
}

/// Stops the plan before the step that moves the control plane to the first
/// minor that no longer serves an API the workloads use (the steps before
/// it keep every state valid, as they did in the whole plan).
fn stop_for_workloads(
    workloads: &crate::workloads::Workloads,
    initial: Option<&VersionState>,
    target: Option<&KubeVersion>,
    steps: &mut Vec<Step>,
) -> Option<Blocked> {
    let (initial, target) = (initial?, target?);
    let (hop, message) = crate::workloads::first_removal(workloads, &initial.control_plane, target)?;
    let at = step::States::new(initial.clone(), steps)
        .position(|after| (after.control_plane.major(), after.control_plane.minor()) >= hop)?;
    steps.truncate(at);
    Some(Blocked::new(&crate::rules::WORKLOADS_API_REMOVED, crate::subject::Subject::ControlPlane, message))
}

#[cfg(test)]
mod tests {
    use super::strategies::replacement_name;

    #[test]
    fn replacement_names_are_valid_aks_pool_names_not_taken() {
        let taken = ["pool2".to_string(), "pool3".to_string()];
        assert_eq!(replacement_name("pool", taken.iter()), "pool4");
        assert_eq!(replacement_name("Pool_GPU-01", [].iter()), "poolgpu012");
        assert_eq!(replacement_name("9lives", [].iter()), "np9lives2");
        assert_eq!(replacement_name("averyverylongname", [].iter()), "averyveryl2");
    }
}
