//! AKS: `az aks` commands, kubectl drains, and an ARM template of the agent
//! pools each pool step sets.

use super::shell::{names, CommandLine, Word};
use super::{Commands, Context, File, StepOutput, Vars};
use crate::model::{Pool, PoolMode};
use crate::plan::{Action, Step};
use serde_json::json;

#[derive(Default)]
pub(crate) struct Aks;

fn rg() -> Word {
    Word::var("RESOURCE_GROUP")
}

fn cluster() -> Word {
    Word::var("CLUSTER")
}

fn is_windows(pool: Option<&Pool>) -> bool {
    pool.and_then(|p| p.os.as_deref()).is_some_and(|os| os.to_ascii_lowercase().starts_with("windows"))
}

fn pool_word(ctx: &Context, vars: &mut Vars, name: &str) -> Word {
    let windows = is_windows(ctx.cluster.pool(name));
    vars.word(name, |n| names::aks_pool(n, windows), "POOL_", "node pool name")
}

/// A pool mode as AKS spells it.
fn mode_name(mode: PoolMode) -> &'static str {
    match mode {
        PoolMode::System => "System",
        PoolMode::User => "User",
    }
}

/// `az aks wait` until the cluster's provisioningState is Succeeded.
fn wait_cluster() -> CommandLine {
    CommandLine::new("az")
        .lit("aks")
        .lit("wait")
        .opt("--resource-group", rg())
        .opt("--name", cluster())
        .lit("--updated")
        .opt("--interval", Word::lit("30"))
        .opt("--timeout", Word::lit("7200"))
}

fn wait_pool(pool: Word) -> CommandLine {
    CommandLine::new("az")
        .lit("aks")
        .lit("nodepool")
        .lit("wait")
        .opt("--resource-group", rg())
        .opt("--cluster-name", cluster())
        .opt("--nodepool-name", pool)
        .lit("--updated")
        .opt("--interval", Word::lit("30"))
        .opt("--timeout", Word::lit("7200"))
}

fn nodepool(verb: &'static str, pool: Word) -> CommandLine {
    CommandLine::new("az")
        .lit("aks")
        .lit("nodepool")
        .lit(verb)
        .opt("--resource-group", rg())
        .opt("--cluster-name", cluster())
        .opt("--name", pool)
}

impl Commands for Aks {
    fn tool(&self) -> &'static str {
        "Azure CLI (az) and kubectl"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        vars.input("RESOURCE_GROUP", ctx.cluster.resource_group.as_deref(), names::resource_group, "resource group");
        let name = Some(ctx.cluster.name.as_str()).filter(|n| !n.is_empty());
        vars.input("CLUSTER", name, names::aks_cluster, "cluster name");
        vec![CommandLine::new("az")
            .lit("aks")
            .lit("get-upgrades")
            .opt("--resource-group", rg())
            .opt("--name", cluster())
            .opt("--output", Word::lit("table"))]
    }

    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        let to = step.to.as_ref().map(|v| Word::value(&v.to_string()));
        let pool_name = step.subject.strip_prefix("pool/").map(str::to_string);
        let surge = step.pool.as_ref().and_then(|p| p.max_surge).map(|s| Word::value(&s.to_string()));
        let mut cmds: Vec<CommandLine> = Vec::new();
        match step.action {
            Action::StartCluster => {
                cmds.push(
                    CommandLine::new("az")
                        .lit("aks")
                        .lit("start")
                        .opt("--resource-group", rg())
                        .opt("--name", cluster()),
                );
                cmds.push(wait_cluster());
            }
            Action::Wait if step.subject.starts_with("pool/") => {
                let pool = pool_word(ctx, vars, pool_name.as_deref().unwrap_or_default());
                cmds.push(wait_pool(pool));
            }
            Action::Wait => cmds.push(wait_cluster()),
            Action::UpgradeControlPlane => {
                let c = CommandLine::new("az")
                    .lit("aks")
                    .lit("upgrade")
                    .opt("--resource-group", rg())
                    .opt("--name", cluster())
                    .lit("--control-plane-only");
                cmds.push(c.opt("--kubernetes-version", to.clone().unwrap_or(Word::lit("latest"))).lit("--yes"));
                cmds.push(wait_cluster());
            }
            Action::UpgradeCluster => {
                let c = CommandLine::new("az")
                    .lit("aks")
                    .lit("upgrade")
                    .opt("--resource-group", rg())
                    .opt("--name", cluster());
                cmds.push(c.opt("--kubernetes-version", to.clone().unwrap_or(Word::lit("latest"))).lit("--yes"));
                cmds.push(wait_cluster());
            }
            Action::UpgradePool => {
                let pool = pool_word(ctx, vars, pool_name.as_deref().unwrap_or_default());
                let mut c = nodepool("upgrade", pool.clone())
                    .opt("--kubernetes-version", to.clone().unwrap_or(Word::lit("latest")));
                if let Some(s) = surge {
                    c = c.opt("--max-surge", s);
                }
                cmds.push(c.lit("--yes"));
                cmds.push(wait_pool(pool));
                files.push(agent_pool_template(ctx, n, step));
                out.files.push(files.last().map(|f| f.name.clone()).unwrap_or_default());
            }
            Action::UpgradeNodeImage => {
                // Never with --kubernetes-version (az refuses the combination).
                let pool = pool_word(ctx, vars, pool_name.as_deref().unwrap_or_default());
                let mut c = nodepool("upgrade", pool.clone()).lit("--node-image-only");
                if let Some(s) = surge {
                    c = c.opt("--max-surge", s);
                }
                cmds.push(c.lit("--yes"));
                cmds.push(wait_pool(pool));
            }
            Action::AddPool => {
                let sp = step.pool.clone();
                let new_name = pool_name.clone().unwrap_or_default();
                let old = sp.as_ref().and_then(|p| p.replaces.clone());
                let windows = is_windows(old.as_deref().and_then(|o| ctx.cluster.pool(o)));
                let pool = vars.word(&new_name, |x| names::aks_pool(x, windows), "POOL_", "new node pool name");
                let size = sp
                    .as_ref()
                    .and_then(|p| p.machine.as_ref())
                    .and_then(|m| m.machine_size.clone())
                    .unwrap_or_default();
                let size = vars.word(&size, names::vm_size, "VM_SIZE_", "VM size");
                let count = sp.as_ref().map(|p| p.count.max(1)).unwrap_or(1);
                let mode = sp.as_ref().map_or(PoolMode::User, |p| p.mode);
                let mut c = nodepool("add", pool.clone())
                    .opt("--node-vm-size", size)
                    .opt("--node-count", Word::value(&count.to_string()))
                    .opt("--kubernetes-version", to.clone().unwrap_or(Word::lit("latest")))
                    .opt("--mode", Word::lit(mode_name(mode)));
                if windows {
                    c = c.opt("--os-type", Word::lit("Windows"));
                }
                if let Some(s) = surge {
                    c = c.opt("--max-surge", s);
                }
                cmds.push(c);
                cmds.push(wait_pool(pool));
            }
            Action::DrainPool => {
                let name = pool_name.clone().unwrap_or_default();
                let windows = is_windows(ctx.cluster.pool(&name));
                let label = vars.word(
                    &format!("agentpool={name}"),
                    |l| l.strip_prefix("agentpool=").is_some_and(|p| names::aks_pool(p, windows)),
                    "POOL_LABEL_",
                    "node label selector",
                );
                cmds.push(CommandLine::new("kubectl").lit("cordon").opt("--selector", label.clone()));
                cmds.push(
                    CommandLine::new("kubectl")
                        .lit("drain")
                        .opt("--selector", label)
                        .lit("--ignore-daemonsets")
                        .lit("--delete-emptydir-data")
                        .word(Word::lit("--timeout=30m")),
                );
            }
            Action::DeletePool => {
                let pool = pool_word(ctx, vars, pool_name.as_deref().unwrap_or_default());
                cmds.push(nodepool("delete", pool.clone()));
            }
            Action::ScalePool | Action::UpdatePoolModel | Action::Manual => {
                out.notes.push(format!("step {n} has no AKS command; do it by hand: {}", step.reason));
            }
        }
        out.commands = cmds.iter().map(ToString::to_string).collect();
        out
    }

    fn rollback(&self) -> Vec<String> {
        vec![
            "AKS does not downgrade a control plane or a node pool: a finished step can't be undone.".into(),
            "If a step fails, the resource shows provisioningState Failed; run the same command again (an upgrade to the version it already has reconciles it), then continue.".into(),
            "A node pool upgrade that is interrupted keeps its surge nodes until it is retried or completed.".into(),
            "A replacement pool can be removed with `az aks nodepool delete` as long as the old pool was not deleted yet; uncordon the old nodes with `kubectl uncordon --selector agentpool=NAME`.".into(),
        ]
    }

    fn disruption(&self, ctx: &Context) -> Vec<String> {
        let mut notes = vec![
            "Every node of an upgraded pool is cordoned, drained and reimaged; pods are evicted through the eviction API, so PodDisruptionBudgets apply.".into(),
            "A PodDisruptionBudget that allows no disruption (maxUnavailable: 0, or minAvailable equal to the replicas) blocks the drain and fails the upgrade with UnsatisfiablePDB: check `kubectl get pdb --all-namespaces` first.".into(),
        ];
        let surge_nodes: u64 = ctx
            .cluster
            .pools
            .iter()
            .map(|p| p.max_surge.map(|s| s.nodes_for(p.count.unwrap_or(0))).unwrap_or(1))
            .max()
            .unwrap_or(1);
        notes.push(format!(
            "Surge nodes need spare VM quota and subnet IPs: the largest pool here adds up to {surge_nodes} node(s) at a time while it upgrades."
        ));
        notes
    }
}

/// An ARM template that sets the agent pool of a pool step (the
/// `Microsoft.ContainerService/managedClusters/agentPools` form).
fn agent_pool_template(ctx: &Context, n: usize, step: &Step) -> File {
    let name = step.subject.strip_prefix("pool/").unwrap_or_default();
    let pool = ctx.cluster.pool(name);
    let mut props = serde_json::Map::new();
    props.insert("orchestratorVersion".into(), json!(step.to.as_ref().map(ToString::to_string)));
    if let Some(p) = pool {
        if let Some(c) = p.count {
            props.insert("count".into(), json!(c));
        }
        if let Some(s) = &p.machine_size {
            props.insert("vmSize".into(), json!(s));
        }
        props.insert("mode".into(), json!(mode_name(p.mode)));
        if let Some(os) = &p.os {
            let os_type = if os.to_ascii_lowercase().starts_with("windows") { "Windows" } else { "Linux" };
            props.insert("osType".into(), json!(os_type));
        }
    }
    if let Some(s) = step.pool.as_ref().and_then(|p| p.max_surge) {
        props.insert("upgradeSettings".into(), json!({ "maxSurge": s.to_string() }));
    }
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "clusterName": { "type": "string", "defaultValue": ctx.cluster.name }
        },
        "resources": [{
            "type": "Microsoft.ContainerService/managedClusters/agentPools",
            "apiVersion": "2025-08-01",
            "name": format!("[concat(parameters('clusterName'), '/{}')]", name.replace('\'', "''")),
            "properties": props,
        }]
    });
    let safe: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    File {
        name: format!("step-{n:02}-agentpool-{safe}.json"),
        content: serde_json::to_string_pretty(&template).unwrap_or_default() + "\n",
        sensitive: false,
    }
}
