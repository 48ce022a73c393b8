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

/// `az aks VERB` of the cluster.
fn az_cluster(verb: &'static str) -> CommandLine {
    CommandLine::new("az").lit("aks").lit(verb).opt("--resource-group", rg()).opt("--name", cluster())
}

/// `az aks wait` until the cluster's provisioningState is Succeeded.
fn wait_cluster() -> CommandLine {
    az_cluster("wait").lit("--updated").opt("--interval", Word::lit("30")).opt("--timeout", Word::lit("7200"))
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
        vec![az_cluster("get-upgrades").opt("--output", Word::lit("table"))]
    }

    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        let version = step.to.as_ref().map_or(Word::lit("latest"), |v| Word::value(&v.to_string()));
        let pool_name = step.subject.strip_prefix("pool/").unwrap_or_default();
        let surge = step.pool.as_ref().and_then(|p| p.max_surge).map(|s| Word::value(&s.to_string()));
        let cmds = match step.action {
            Action::StartCluster => vec![az_cluster("start"), wait_cluster()],
            Action::Wait if step.subject.starts_with("pool/") => vec![wait_pool(pool_word(ctx, vars, pool_name))],
            Action::Wait => vec![wait_cluster()],
            Action::UpgradeControlPlane => upgrade_cluster(true, version),
            Action::UpgradeCluster => upgrade_cluster(false, version),
            Action::UpgradePool => {
                let cmds = upgrade_pool(pool_word(ctx, vars, pool_name), Some(version), surge);
                files.push(agent_pool_template(ctx, n, step));
                out.files.push(files.last().map(|f| f.name.clone()).unwrap_or_default());
                cmds
            }
            Action::UpgradeNodeImage => upgrade_pool(pool_word(ctx, vars, pool_name), None, surge),
            Action::AddPool => add_pool(ctx, vars, step, version, surge),
            Action::DrainPool => drain_pool(ctx, vars, pool_name),
            Action::DeletePool => vec![nodepool("delete", pool_word(ctx, vars, pool_name))],
            Action::ScalePool | Action::UpdatePoolModel | Action::Manual => {
                out.notes.push(format!("step {n} has no AKS command; do it by hand: {}", step.reason));
                Vec::new()
            }
        };
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

/// `az aks upgrade` of the control plane alone or of the whole cluster, then
/// the wait.
fn upgrade_cluster(control_plane_only: bool, version: Word) -> Vec<CommandLine> {
    let mut c = az_cluster("upgrade");
    if control_plane_only {
        c = c.lit("--control-plane-only");
    }
    vec![c.opt("--kubernetes-version", version).lit("--yes"), wait_cluster()]
}

/// `az aks nodepool upgrade` to `version` or, with none, to the newest node
/// image only (never both: az refuses the combination); then the wait.
fn upgrade_pool(pool: Word, version: Option<Word>, surge: Option<Word>) -> Vec<CommandLine> {
    let c = nodepool("upgrade", pool.clone());
    let c = match version {
        Some(v) => c.opt("--kubernetes-version", v),
        None => c.lit("--node-image-only"),
    };
    vec![c.opt_if("--max-surge", surge).lit("--yes"), wait_pool(pool)]
}

/// `az aks nodepool add` of a replacement pool (the machine size of the
/// step, the old pool's OS), then the wait.
fn add_pool(ctx: &Context, vars: &mut Vars, step: &Step, version: Word, surge: Option<Word>) -> Vec<CommandLine> {
    let sp = step.pool.as_ref();
    let new_name = step.subject.strip_prefix("pool/").unwrap_or_default();
    let old = sp.and_then(|p| p.replaces.as_deref());
    let windows = is_windows(old.and_then(|o| ctx.cluster.pool(o)));
    let pool = vars.word(new_name, |x| names::aks_pool(x, windows), "POOL_", "new node pool name");
    let size = sp.and_then(|p| p.machine.as_ref()).and_then(|m| m.machine_size.as_deref()).unwrap_or_default();
    let size = vars.word(size, names::vm_size, "VM_SIZE_", "VM size");
    let count = sp.map_or(1, |p| p.count.max(1));
    let mode = sp.map_or(PoolMode::User, |p| p.mode);
    let mut c = nodepool("add", pool.clone())
        .opt("--node-vm-size", size)
        .opt("--node-count", Word::value(&count.to_string()))
        .opt("--kubernetes-version", version)
        .opt("--mode", Word::lit(mode_name(mode)));
    if windows {
        c = c.opt("--os-type", Word::lit("Windows"));
    }
    vec![c.opt_if("--max-surge", surge), wait_pool(pool)]
}

/// `kubectl cordon` and `kubectl drain` of a pool's nodes, by label.
fn drain_pool(ctx: &Context, vars: &mut Vars, name: &str) -> Vec<CommandLine> {
    let windows = is_windows(ctx.cluster.pool(name));
    let label = vars.word(
        &format!("agentpool={name}"),
        |l| l.strip_prefix("agentpool=").is_some_and(|p| names::aks_pool(p, windows)),
        "POOL_LABEL_",
        "node label selector",
    );
    vec![
        CommandLine::new("kubectl").lit("cordon").opt("--selector", label.clone()),
        CommandLine::new("kubectl")
            .lit("drain")
            .opt("--selector", label)
            .lit("--ignore-daemonsets")
            .lit("--delete-emptydir-data")
            .word(Word::lit("--timeout=30m")),
    ]
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
