//! EKS, GKE and clusters Skewplan has no provider commands for: the
//! provider's CLI where there is one, otherwise the steps as manual actions.

use super::shell::{names, CommandLine, Word};
use super::{Commands, Context, File, StepOutput, Vars};
use crate::model::Provider;
use crate::plan::{Action, Step};

#[derive(Default)]
pub(crate) struct Other;

impl Commands for Other {
    fn tool(&self) -> &'static str {
        "the provider's CLI (aws, gcloud) or manual steps"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        let name = Some(ctx.cluster.name.as_str()).filter(|n| !n.is_empty());
        match ctx.cluster.provider {
            Provider::Eks => {
                vars.input("CLUSTER", name, names::aks_cluster, "EKS cluster name");
                vec![CommandLine::new("aws").lit("eks").lit("describe-cluster").opt("--name", Word::var("CLUSTER"))]
            }
            Provider::Gke => {
                vars.input("CLUSTER", name, names::kube_name, "GKE cluster name");
                vars.input("LOCATION", ctx.cluster.location.as_deref(), names::instance_type, "GKE location");
                vec![CommandLine::new("gcloud")
                    .lit("container")
                    .lit("get-server-config")
                    .opt("--location", Word::var("LOCATION"))]
            }
            _ => vec![CommandLine::new("kubectl").lit("version")],
        }
    }

    fn step(&mut self, ctx: &Context, _n: usize, step: &Step, vars: &mut Vars, _files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        let pool = step.subject.strip_prefix("pool/");
        let to = step.to.as_ref();
        match (ctx.cluster.provider, step.action, to) {
            (Provider::Eks, Action::UpgradeControlPlane, Some(v)) => {
                // EKS versions are minor versions.
                let minor = Word::value(&v.minor_version().to_string());
                out.commands.push(CommandLine::new("aws").lit("eks").lit("update-cluster-version").opt("--name", Word::var("CLUSTER")).opt("--kubernetes-version", minor).to_string());
                out.commands.push(CommandLine::new("aws").lit("eks").lit("wait").lit("cluster-active").opt("--name", Word::var("CLUSTER")).to_string());
            }
            (Provider::Eks, Action::UpgradePool, Some(v)) => {
                let ng = vars.word(pool.unwrap_or_default(), names::kube_name, "NODEGROUP_", "node group name");
                let minor = Word::value(&v.minor_version().to_string());
                out.commands.push(
                    CommandLine::new("aws").lit("eks").lit("update-nodegroup-version").opt("--cluster-name", Word::var("CLUSTER")).opt("--nodegroup-name", ng.clone()).opt("--kubernetes-version", minor).to_string(),
                );
                out.commands.push(CommandLine::new("aws").lit("eks").lit("wait").lit("nodegroup-active").opt("--cluster-name", Word::var("CLUSTER")).opt("--nodegroup-name", ng).to_string());
            }
            (Provider::Gke, Action::UpgradeControlPlane, Some(v)) => {
                out.commands.push(
                    CommandLine::new("gcloud")
                        .lit("container")
                        .lit("clusters")
                        .lit("upgrade")
                        .word(Word::var("CLUSTER"))
                        .lit("--master")
                        .opt("--cluster-version", Word::value(&v.to_string()))
                        .opt("--location", Word::var("LOCATION"))
                        .lit("--quiet")
                        .to_string(),
                );
            }
            (Provider::Gke, Action::UpgradePool, Some(v)) => {
                let np = vars.word(pool.unwrap_or_default(), names::kube_name, "NODE_POOL_", "node pool name");
                out.commands.push(
                    CommandLine::new("gcloud")
                        .lit("container")
                        .lit("clusters")
                        .lit("upgrade")
                        .word(Word::var("CLUSTER"))
                        .opt("--node-pool", np)
                        .opt("--cluster-version", Word::value(&v.to_string()))
                        .opt("--location", Word::var("LOCATION"))
                        .lit("--quiet")
                        .to_string(),
                );
            }
            (_, Action::UpgradeControlPlane, Some(v)) => out.notes.push(format!(
                "upgrade the control plane to {v}: on kubeadm clusters, `kubeadm upgrade apply v{v}` on the first control-plane node, then `kubeadm upgrade node` on the others, then kubelet and kubectl"
            )),
            (_, Action::UpgradePool, Some(v)) => out.notes.push(format!(
                "upgrade the nodes of `{}` to {v}: one node at a time, `kubectl drain`, upgrade kubelet (or replace the node), `kubectl uncordon`",
                pool.unwrap_or_default()
            )),
            _ => out.notes.push(format!("do this step by hand: {}", step.reason)),
        }
        out
    }

    fn rollback(&self) -> Vec<String> {
        vec!["Kubernetes control planes are not downgraded; a finished step can't be undone. Take an etcd backup (self-managed) before each control-plane step.".into()]
    }

    fn disruption(&self, _ctx: &Context) -> Vec<String> {
        vec!["Node upgrades drain each node; PodDisruptionBudgets that allow no disruption stall them.".into()]
    }
}
