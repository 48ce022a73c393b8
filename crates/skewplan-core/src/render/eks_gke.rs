//! Amazon EKS and Google GKE: the `aws eks` and `gcloud container` commands
//! for the steps they have one for (the others are manual, see
//! [`super::generic`]).

use super::shell::{names, CommandLine, Word};
use super::{Context, Vars};
use crate::model::Provider;
use crate::plan::{Action, Step};

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
    let pool = step.subject.strip_prefix("pool/");
    let mut commands = Vec::new();
    match (ctx.cluster.provider, step.action, step.to.as_ref()) {
        (Provider::Eks, Action::UpgradeControlPlane, Some(v)) => {
            // EKS versions are minor versions.
            let minor = Word::value(&v.minor_version().to_string());
            commands.push(
                CommandLine::new("aws")
                    .lit("eks")
                    .lit("update-cluster-version")
                    .opt("--name", Word::var("CLUSTER"))
                    .opt("--kubernetes-version", minor)
                    .to_string(),
            );
            commands.push(
                CommandLine::new("aws")
                    .lit("eks")
                    .lit("wait")
                    .lit("cluster-active")
                    .opt("--name", Word::var("CLUSTER"))
                    .to_string(),
            );
        }
        (Provider::Eks, Action::UpgradePool, Some(v)) => {
            let ng = vars.word(pool.unwrap_or_default(), names::kube_name, "NODEGROUP_", "node group name");
            let minor = Word::value(&v.minor_version().to_string());
            commands.push(
                CommandLine::new("aws")
                    .lit("eks")
                    .lit("update-nodegroup-version")
                    .opt("--cluster-name", Word::var("CLUSTER"))
                    .opt("--nodegroup-name", ng.clone())
                    .opt("--kubernetes-version", minor)
                    .to_string(),
            );
            commands.push(
                CommandLine::new("aws")
                    .lit("eks")
                    .lit("wait")
                    .lit("nodegroup-active")
                    .opt("--cluster-name", Word::var("CLUSTER"))
                    .opt("--nodegroup-name", ng)
                    .to_string(),
            );
        }
        (Provider::Gke, Action::UpgradeControlPlane, Some(v)) => {
            commands.push(
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
            commands.push(
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
        _ => return None,
    }
    Some(commands)
}
