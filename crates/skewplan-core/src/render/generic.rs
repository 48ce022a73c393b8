//! Clusters Skewplan has no provider commands for: the provider's CLI where
//! there is one (EKS and GKE, from [`super::eks_gke`]), otherwise the steps as
//! manual actions.

use super::eks_gke;
use super::shell::CommandLine;
use super::{by_hand, Advice, Commands, Context, File, StepOutput, Vars};
use crate::plan::{Action, Step};

#[derive(Default)]
pub(crate) struct Generic;

impl Commands for Generic {
    fn tool(&self) -> &'static str {
        "the provider's CLI (aws, gcloud) or manual steps"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        eks_gke::preflight(ctx, vars).unwrap_or_else(|| vec![CommandLine::new("kubectl").lit("version")])
    }

    fn step(&mut self, ctx: &Context, _n: usize, step: &Step, vars: &mut Vars, _files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        if let Some(commands) = eks_gke::step(ctx, step, vars) {
            out.commands = commands;
            return out;
        }
        let pool = step.subject.pool_name();
        match (step.action, step.to.as_ref()) {
            (Action::UpgradeControlPlane, Some(v)) => out.notes.push(format!(
                "upgrade the control plane to {v}: on kubeadm clusters, `kubeadm upgrade apply v{v}` on the first control-plane node, then `kubeadm upgrade node` on the others, then kubelet and kubectl"
            )),
            (Action::UpgradePool, Some(v)) => out.notes.push(format!(
                "upgrade the nodes of `{}` to {v}: one node at a time, `kubectl drain`, upgrade kubelet (or replace the node), `kubectl uncordon`",
                pool.unwrap_or_default()
            )),
            _ => out.notes.push(by_hand(step)),
        }
        out
    }

    fn advice(&self, _ctx: &Context) -> Advice {
        Advice {
            rollback: vec!["Kubernetes control planes are not downgraded; a finished step can't be undone. Take an etcd backup (self-managed) before each control-plane step.".into()],
            disruption: vec!["Node upgrades drain each node; PodDisruptionBudgets that allow no disruption stall them.".into()],
        }
    }
}
