//! Amazon EKS and Google GKE: the `aws eks` and `gcloud container` commands
//! for the steps they have one for (the others are manual, see
//! [`super::generic`]).

use super::shell::{names, CommandLine, Word};
use super::{Context, Vars};
use crate::model::Provider;
use crate::plan::{Action, Step};
use crate::version::KubeVersion;

/// What the provider offers now; `None` for providers other than EKS and GKE.
pub(crate) fn preflight(ctx: &Context, vars: &mut Vars) -> Option<Vec<CommandLine>> {
    let name = Some(ctx.cluster.name.as_str()).filter(|n| !n.is_empty());
    match ctx.cluster.provider {
        Provider::Eks => {
            vars.input("CLUSTER", name, names::aks_cluster, "EKS cluster name");
            Some(vec![CommandLine::new("aws").lit("eks").lit("describe-cluster").opt("--name", Word::var("CLUSTER"))])
        }
        Provider::Gke => {
            vars.input("CLUSTER", name, names::kube_name, "GKE cluster name");
            vars.input("LOCATION", ctx.cluster.location.as_deref(), names::instance_type, "GKE location");
            Some(vec![CommandLine::new("gcloud")
                .lit("container")
                .lit("get-server-config")
                .opt("--location", Word::var("LOCATION"))])
        }
        _ => None,
    }
}

/// The commands of a step, when the provider's CLI has them.
pub(crate) fn step(ctx: &Context, step: &Step, vars: &mut Vars) -> Option<Vec<String>> {
    let pool = step.subject.pool_name().unwrap_or_default();
    let commands = match (ctx.cluster.provider, step.action, step.to.as_ref()) {
        (Provider::Eks, Action::UpgradeControlPlane, Some(v)) => eks_upgrade(v, None),
        (Provider::Eks, Action::UpgradePool, Some(v)) => {
            eks_upgrade(v, Some(vars.word(pool, names::kube_name, "NODEGROUP_", "node group name")))
        }
        (Provider::Gke, Action::UpgradeControlPlane, Some(v)) => vec![gke_upgrade(v, None)],
        (Provider::Gke, Action::UpgradePool, Some(v)) => {
            vec![gke_upgrade(v, Some(vars.word(pool, names::kube_name, "NODE_POOL_", "node pool name")))]
        }
        _ => return None,
    };
    Some(commands.iter().map(ToString::to_string).collect())
}

/// `aws eks update-*-version` of the cluster (no node group) or a node
/// group, then `aws eks wait` until it is active again.
fn eks_upgrade(v: &KubeVersion, nodegroup: Option<Word>) -> Vec<CommandLine> {
    let (update, active) = match nodegroup {
        None => ("update-cluster-version", "cluster-active"),
        Some(_) => ("update-nodegroup-version", "nodegroup-active"),
    };
    // EKS versions are minor versions.
    let minor = Word::value(&v.minor_version().to_string());
    vec![
        eks_subject(CommandLine::new("aws").lit("eks").lit(update), nodegroup.clone())
            .opt("--kubernetes-version", minor),
        eks_subject(CommandLine::new("aws").lit("eks").lit("wait").lit(active), nodegroup),
    ]
}

fn eks_subject(command: CommandLine, nodegroup: Option<Word>) -> CommandLine {
    match nodegroup {
        None => command.opt("--name", Word::var("CLUSTER")),
        Some(ng) => command.opt("--cluster-name", Word::var("CLUSTER")).opt("--nodegroup-name", ng),
    }
}

/// `gcloud container clusters upgrade` of the control plane (no pool) or a
/// node pool.
fn gke_upgrade(v: &KubeVersion, node_pool: Option<Word>) -> CommandLine {
    let command = CommandLine::new("gcloud").lit("container").lit("clusters").lit("upgrade").word(Word::var("CLUSTER"));
    let command = match node_pool {
        None => command.lit("--master"),
        Some(np) => command.opt("--node-pool", np),
    };
    command
        .opt("--cluster-version", Word::value(&v.to_string()))
        .opt("--location", Word::var("LOCATION"))
        .lit("--quiet")
}
