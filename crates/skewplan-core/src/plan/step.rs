//! What a plan is made of: steps, their cost, and why a plan stops short.

use super::Strategy;
use crate::model::{MaxSurge, PoolMode};
use crate::rules::{Rule, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;
use serde::Serialize;

/// What one step does (the `action` of the plan JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    StartCluster,
    UpgradeControlPlane,
    UpgradePool,
    UpgradeCluster,
    UpgradeNodeImage,
    AddPool,
    DrainPool,
    DeletePool,
    UpdatePoolModel,
    RollPoolNodes,
    Wait,
}

crate::named::named!(Action {
    StartCluster => "start-cluster",
    UpgradeControlPlane => "upgrade-control-plane",
    UpgradePool => "upgrade-pool",
    UpgradeCluster => "upgrade-cluster",
    UpgradeNodeImage => "upgrade-node-image",
    AddPool => "add-pool",
    DrainPool => "drain-pool",
    DeletePool => "delete-pool",
    UpdatePoolModel => "update-pool-model",
    RollPoolNodes => "roll-pool-nodes",
    Wait => "wait",
});

impl Action {
    /// True for steps that are one provider operation.
    pub fn is_operation(self) -> bool {
        !matches!(self, Action::Wait | Action::DrainPool)
    }
}

/// One step of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What the step does.
    pub action: Action,
    /// What the step acts on.
    pub subject: Subject,
    /// Pool facts the commands need.
    pub pool: Option<StepPool>,
    /// Why the step is needed, in one sentence.
    pub reason: String,
    /// Nodes replaced by this step.
    pub reimages: u64,
    /// Estimated minutes, including waits for the nodes.
    pub minutes: u64,
    /// The subject's version before the step.
    pub from: Option<KubeVersion>,
    /// The subject's version after the step.
    pub to: Option<KubeVersion>,
    /// What the step changes in the version state; [`super::Plan::states`]
    /// gives the complete state after each step where an output needs it.
    pub change: Change,
    /// A whole-cluster upgrade over several minors that AKS allows here (out
    /// of support to supported, LTS to LTS).
    pub skips_minors: bool,
}

/// What one step changes in the version state: the control plane's new
/// version, and the pools it moves or adds (`Some`) or removes (`None`), in
/// order. A step costs what it changes, not the size of the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub control_plane: Option<KubeVersion>,
    pub pools: Vec<(String, Option<KubeVersion>)>,
}

impl Change {
    /// `state` as it is after the step.
    pub fn apply(&self, state: &mut VersionState) {
        if let Some(v) = &self.control_plane {
            state.control_plane = v.clone();
        }
        for (name, v) in &self.pools {
            match v {
                Some(v) => state.pools.insert(name.clone(), v.clone()),
                None => state.pools.remove(name),
            };
        }
    }
}

/// The complete version state after each step of a plan, one at a time
/// (each a copy: for outputs that show every state).
pub struct States<'a> {
    state: VersionState,
    steps: std::slice::Iter<'a, Step>,
}

impl<'a> States<'a> {
    pub(crate) fn new(initial: VersionState, steps: &'a [Step]) -> States<'a> {
        States { state: initial, steps: steps.iter() }
    }
}

impl Iterator for States<'_> {
    type Item = VersionState;

    fn next(&mut self) -> Option<VersionState> {
        self.steps.next()?.change.apply(&mut self.state);
        Some(self.state.clone())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.steps.size_hint()
    }
}

/// The pool a step acts on, as the commands need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepPool {
    /// The pool's name.
    pub name: String,
    /// Nodes in the pool when the step runs.
    pub count: u64,
    /// The surge the step uses.
    pub max_surge: Option<MaxSurge>,
    /// The machine change applied with this step (a new AKS pool's size, a
    /// Cluster API template change).
    pub machine: Option<super::MachineChange>,
    /// For add-pool: the pool it replaces.
    pub replaces: Option<String>,
    /// System or user pool.
    pub mode: PoolMode,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// Provider operations (waits and drains not counted).
    pub operations: u64,
    /// Nodes replaced or reimaged.
    pub node_reimages: u64,
    /// Estimated minutes in all.
    pub minutes: u64,
}

impl Estimate {
    pub(crate) fn of(steps: &[Step]) -> Estimate {
        Estimate {
            operations: steps.iter().filter(|s| s.action.is_operation()).count() as u64,
            node_reimages: steps.iter().map(|s| s.reimages).sum(),
            minutes: steps.iter().map(|s| s.minutes).sum(),
        }
    }
}

/// Why the plan stops short of the target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub rule: &'static Rule,
    pub subject: Subject,
    pub message: String,
}

impl Blocked {
    pub(crate) fn new(rule: &'static Rule, subject: Subject, message: impl Into<String>) -> Blocked {
        Blocked { rule, subject, message: message.into() }
    }
}

/// The cost of each strategy, side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub strategy: Strategy,
    pub estimate: Estimate,
    pub blocked: Option<Blocked>,
}
