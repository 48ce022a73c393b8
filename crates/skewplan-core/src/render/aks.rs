//! AKS: `az aks` commands and kubectl drains.
//!
//! Checked against azure-cli 2.91 (`acs/custom.py`): `az aks upgrade`,
//! `az aks start` and `az aks nodepool upgrade|add|delete` block until the
//! operation ends (no `--no-wait`), so no wait follows them; `az aks wait`
//! exits 0 on a timeout (Azure/azure-cli#34004), so a wait for a busy
//! resource is followed by an explicit `provisioningState` check;
//! `--node-image-only` refuses `--max-surge` ("Conflicting flags"), so a
//! wanted surge is set first with `az aks nodepool update`.

use super::shell::{names, CommandLine, Word};
use super::{Advice, Commands, Context, File, Note, StepOutput, Vars};
use crate::model::{Pool, PoolDetails, PoolMode};
use crate::plan::{Action, Step};
use crate::rules::limits::AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY;
use crate::rules::Severity;

#[derive(Default)]
pub(crate) struct Aks {
    /// A note was given about `--max-surge` being saved on the pool.
    surge_noted: bool,
}

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

/// `az aks VERB` on the cluster.
fn az_aks(verb: &'static str) -> CommandLine {
    CommandLine::new("az").lit("aks").lit(verb).opt("--resource-group", rg()).opt("--name", cluster())
}

/// `az aks nodepool VERB` on one pool.
fn nodepool(verb: &'static str, pool: Word) -> CommandLine {
    CommandLine::new("az")
        .lit("aks")
        .lit("nodepool")
        .lit(verb)
        .opt("--resource-group", rg())
        .opt("--cluster-name", cluster())
        .opt("--name", pool)
}

/// Stops the script unless the cluster's provisioningState is Succeeded.
fn require_cluster_succeeded() -> CommandLine {
    let show = az_aks("show").opt("--query", Word::lit("provisioningState")).opt("--output", Word::lit("tsv"));
    CommandLine::require_output(&show, "Succeeded", "skewplan: stop: the cluster is not in provisioningState Succeeded")
}

/// Stops the script unless the pool's provisioningState is Succeeded.
fn require_pool_succeeded(pool: Word) -> CommandLine {
    let show = nodepool("show", pool).opt("--query", Word::lit("provisioningState")).opt("--output", Word::lit("tsv"));
    CommandLine::require_output(
        &show,
        "Succeeded",
        "skewplan: stop: the node pool is not in provisioningState Succeeded",
    )
}

/// A busy resource: wait until its operation ends, then make sure it
/// succeeded (`az aks wait` exits 0 on a timeout).
fn wait_cluster() -> Vec<CommandLine> {
    let wait = az_aks("wait").lit("--updated").opt("--interval", Word::lit("30")).opt("--timeout", Word::lit("7200"));
    vec![wait, require_cluster_succeeded()]
}

fn wait_pool(pool: Word) -> Vec<CommandLine> {
    let wait = CommandLine::new("az")
        .lit("aks")
        .lit("nodepool")
        .lit("wait")
        .opt("--resource-group", rg())
        .opt("--cluster-name", cluster())
        .opt("--nodepool-name", pool.clone())
        .lit("--updated")
        .opt("--interval", Word::lit("30"))
        .opt("--timeout", Word::lit("7200"));
    vec![wait, require_pool_succeeded(pool)]
}

/// Before a control-plane-only upgrade: `az aks upgrade --control-plane-only
/// --yes` upgrades every pool on a legacy cluster (maxAgentPools below 8, or
/// availability-set pools) without a word, so the script checks first.
fn require_not_legacy() -> CommandLine {
    let query = format!(
        "maxAgentPools >= `{AKS_MIN_AGENT_POOLS_FOR_CONTROL_PLANE_ONLY}` && !contains(agentPoolProfiles[].type, `\"AvailabilitySet\"`)"
    );
    let show = az_aks("show").opt("--query", Word::value(&query)).opt("--output", Word::lit("tsv"));
    CommandLine::require_output(
        &show,
        "true",
        "skewplan: stop: the cluster can't upgrade its control plane alone (maxAgentPools below 8 or availability-set pools): az would upgrade every pool with it; plan again with this cluster's az aks show output",
    )
}

/// Before a replacement pool: the cluster must have room for one more pool
/// (`maxAgentPools`), or `az aks nodepool add` is refused.
fn require_room_for_a_pool() -> CommandLine {
    let show = az_aks("show")
        .opt("--query", Word::value("length(agentPoolProfiles) < maxAgentPools"))
        .opt("--output", Word::lit("tsv"));
    CommandLine::require_output(
        &show,
        "true",
        "skewplan: stop: the cluster has as many node pools as maxAgentPools allows, so no replacement pool can be added",
    )
}

/// The step's target version (`latest` when it has none).
fn to(step: &Step) -> Word {
    step.to.as_ref().map(|v| Word::value(&v.to_string())).unwrap_or(Word::lit("latest"))
}

/// The surge the step asks for when it differs from the pool's own setting.
fn surge_change(ctx: &Context, step: &Step) -> Option<Word> {
    let wanted = step.pool.as_ref().and_then(|p| p.max_surge)?;
    let own = step.subject.pool_name().and_then(|n| ctx.cluster.pool(n)).and_then(|p| p.max_surge);
    (own != Some(wanted)).then(|| Word::value(&wanted.to_string()))
}

/// The pool's `--mode`.
/// `az aks upgrade` to the step's version, with the upgrade override if asked.
fn upgrade(ctx: &Context, step: &Step, control_plane_only: bool) -> CommandLine {
    let mut c = az_aks("upgrade");
    if control_plane_only {
        c = c.lit("--control-plane-only");
    }
    c = c.opt("--kubernetes-version", to(step));
    if let Some(until) = &ctx.plan.force_upgrade_until {
        c = c.lit("--enable-force-upgrade").opt("--upgrade-override-until", Word::value(until.as_str()));
    }
    c.lit("--yes")
}

impl Aks {
    fn note_surge(&mut self, vars: &mut Vars) {
        if !self.surge_noted {
            self.surge_noted = true;
            vars.notes.push(Note {
                severity: Severity::Info,
                message: "--max-surge is saved on the node pool: later upgrades of that pool use it too, until it is changed again with az aks nodepool update --max-surge".into(),
            });
        }
    }

    /// A pool's version upgrade; a surge other than the pool's own rides along.
    fn upgrade_pool(&mut self, ctx: &Context, step: &Step, vars: &mut Vars) -> Vec<CommandLine> {
        let pool = pool_word(ctx, vars, step.subject.pool_name().unwrap_or_default());
        let mut c = nodepool("upgrade", pool).opt("--kubernetes-version", to(step));
        if let Some(s) = surge_change(ctx, step) {
            self.note_surge(vars);
            c = c.opt("--max-surge", s);
        }
        vec![c.lit("--yes")]
    }

    /// A node-image refresh never carries a surge flag: a wanted surge is set
    /// on the pool first.
    fn upgrade_node_image(&mut self, ctx: &Context, step: &Step, vars: &mut Vars) -> Vec<CommandLine> {
        let pool = pool_word(ctx, vars, step.subject.pool_name().unwrap_or_default());
        let mut cmds = Vec::new();
        if let Some(s) = surge_change(ctx, step) {
            self.note_surge(vars);
            cmds.push(nodepool("update", pool.clone()).opt("--max-surge", s));
        }
        cmds.push(nodepool("upgrade", pool).lit("--node-image-only").lit("--yes"));
        cmds
    }
}

/// A replacement pool with the new VM size, at the step's version.
fn add_pool(ctx: &Context, step: &Step, vars: &mut Vars) -> Vec<CommandLine> {
    let sp = step.pool.as_ref();
    let new_name = step.subject.pool_name().unwrap_or_default();
    let old = sp.and_then(|p| p.replaces.as_deref()).and_then(|o| ctx.cluster.pool(o));
    let windows = is_windows(old);
    let pool = vars.word(new_name, |x| names::aks_pool(x, windows), "POOL_", "new node pool name");
    let size = sp.and_then(|p| p.machine.as_ref()).and_then(|m| m.machine_size.clone()).unwrap_or_default();
    let size = vars.word(&size, names::vm_size, "VM_SIZE_", "VM size");
    let count = sp.map(|p| p.count.max(1)).unwrap_or(1);
    let mut c = nodepool("add", pool)
        .opt("--node-vm-size", size)
        .opt("--node-count", Word::value(&count.to_string()))
        .opt("--kubernetes-version", to(step))
        .opt("--mode", Word::lit(sp.map_or(PoolMode::System, |p| p.mode).name()));
    if windows {
        c = c.opt("--os-type", Word::lit("Windows"));
    }
    if let Some(s) = sp.and_then(|p| p.max_surge) {
        c = c.opt("--max-surge", Word::value(&s.to_string()));
    }
    if let Some(old) = old {
        c = carry_over(c, old);
    }
    vec![require_room_for_a_pool(), c]
}

/// The old pool's settings on the replacement's `az aks nodepool add`
/// (azure-cli 2.91 `aks nodepool add` flags).
fn carry_over(mut c: CommandLine, old: &Pool) -> CommandLine {
    if let Some((min, max)) = old.autoscale {
        c = c
            .lit("--enable-cluster-autoscaler")
            .opt("--min-count", Word::value(&min.to_string()))
            .opt("--max-count", Word::value(&max.to_string()));
    }
    let PoolDetails::Azure { priority, settings, .. } = &old.details else { return c };
    if !settings.labels.is_empty() {
        c = c.lit("--labels");
        for (k, v) in &settings.labels {
            c = c.word(Word::value(&format!("{k}={v}")));
        }
    }
    if !settings.taints.is_empty() {
        c = c.opt("--node-taints", Word::value(&settings.taints.join(",")));
    }
    if !settings.zones.is_empty() {
        c = c.lit("--zones");
        for z in &settings.zones {
            c = c.word(Word::value(z));
        }
    }
    let optional = [
        ("--os-sku", settings.os_sku.clone()),
        ("--max-pods", settings.max_pods.map(|m| m.to_string())),
        ("--vnet-subnet-id", settings.vnet_subnet_id.clone()),
        ("--pod-subnet-id", settings.pod_subnet_id.clone()),
        ("--priority", priority.clone().filter(|p| p == "Spot")),
        ("--eviction-policy", settings.eviction_policy.clone()),
        ("--spot-max-price", settings.spot_max_price.clone()),
    ];
    for (flag, value) in optional {
        if let Some(v) = value {
            c = c.opt(flag, Word::value(&v));
        }
    }
    c
}

/// Cordon and drain the nodes of a pool, by its `agentpool` label.
fn drain_pool(ctx: &Context, name: &str, vars: &mut Vars) -> Vec<CommandLine> {
    let windows = is_windows(ctx.cluster.pool(name));
    let label = vars.word(
        &format!("agentpool={name}"),
        |l| l.strip_prefix("agentpool=").is_some_and(|p| names::aks_pool(p, windows)),
        "POOL_LABEL_",
        "node label selector",
    );
    let drain = CommandLine::new("kubectl")
        .lit("drain")
        .opt("--selector", label.clone())
        .lit("--ignore-daemonsets")
        .lit("--delete-emptydir-data")
        .word(Word::lit("--timeout=30m"));
    vec![CommandLine::new("kubectl").lit("cordon").opt("--selector", label), drain]
}

/// The plan moves the control plane to a minor at or above 1.26 somewhere,
/// where AKS stops upgrades after deprecated API use.
/// <https://learn.microsoft.com/azure/aks/stop-cluster-upgrade-api-breaking-changes>
fn minor_upgrade_from_1_26(ctx: &Context) -> bool {
    ctx.plan.steps.iter().any(|s| {
        matches!(s.action, Action::UpgradeControlPlane | Action::UpgradeCluster)
            && s.from.as_ref().zip(s.to.as_ref()).is_some_and(|(f, t)| !f.same_minor(t) && t.minor() >= 26)
    })
}

impl Commands for Aks {
    fn tool(&self) -> &'static str {
        "Azure CLI (az) and kubectl"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        vars.input("RESOURCE_GROUP", ctx.cluster.resource_group.as_deref(), names::resource_group, "resource group");
        let name = Some(ctx.cluster.name.as_str()).filter(|n| !n.is_empty());
        vars.input("CLUSTER", name, names::aks_cluster, "cluster name");
        if minor_upgrade_from_1_26(ctx) && ctx.plan.force_upgrade_until.is_none() {
            vars.notes.push(Note {
                severity: Severity::Info,
                message: "from Kubernetes 1.26, AKS stops a minor-version upgrade when the cluster used deprecated APIs in the last 12 hours (UpgradeBlockedOnDeprecatedAPIUsage): move off them first, or plan with --force-upgrade-until TIME to add --enable-force-upgrade --upgrade-override-until".into(),
            });
        }
        let mut out = vec![az_aks("get-upgrades").opt("--output", Word::lit("table"))];
        if ctx.plan.steps.iter().any(|s| s.action == Action::UpgradeControlPlane) {
            out.push(require_not_legacy());
        }
        out
    }

    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, _files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        let pool_name = step.subject.pool_name().unwrap_or_default();
        let cmds = match step.action {
            Action::StartCluster => vec![az_aks("start")],
            Action::Wait if step.subject.pool_name().is_some() => wait_pool(pool_word(ctx, vars, pool_name)),
            Action::Wait => wait_cluster(),
            Action::UpgradeControlPlane => vec![upgrade(ctx, step, true)],
            Action::UpgradeCluster => vec![upgrade(ctx, step, false)],
            Action::UpgradePool => self.upgrade_pool(ctx, step, vars),
            Action::UpgradeNodeImage => self.upgrade_node_image(ctx, step, vars),
            Action::AddPool => {
                out.notes.push("AKS can also resize a pool in place (az aks nodepool update --node-vm-size, in preview): https://learn.microsoft.com/azure/aks/resize-node-pool".into());
                add_pool(ctx, step, vars)
            }
            Action::DrainPool => drain_pool(ctx, pool_name, vars),
            Action::DeletePool => vec![nodepool("delete", pool_word(ctx, vars, pool_name))],
            Action::UpdatePoolModel | Action::RollPoolNodes => {
                out.notes.push(format!("step {n} has no AKS command; do it by hand: {}", step.reason));
                Vec::new()
            }
        };
        out.commands = cmds.iter().map(ToString::to_string).collect();
        out
    }

    fn advice(&self, ctx: &Context) -> Advice {
        // https://learn.microsoft.com/azure/aks/roll-back-node-pool-version
        let rollback = vec![
            "AKS can't roll back a control plane: a finished control-plane upgrade can't be undone.".into(),
            "A node pool can go back to its previous Kubernetes version and node image with `az aks nodepool get-rollback-versions` and `az aks nodepool rollback` (Azure CLI 2.88 or later): within 7 days of its upgrade, one version back, not twice in a row, and only with the cluster's automatic upgrade channel off.".into(),
            "If a step fails, the resource shows provisioningState Failed; run the same command again (an upgrade to the version it already has reconciles it), then continue.".into(),
            "A node pool upgrade that is interrupted keeps its surge nodes until it is retried or completed.".into(),
            "A replacement pool can be removed with `az aks nodepool delete` as long as the old pool was not deleted yet; uncordon the old nodes with `kubectl uncordon --selector agentpool=NAME`.".into(),
        ];
        let mut disruption = vec![
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
        disruption.push(format!(
            "Surge nodes need spare VM quota and subnet IPs: the largest pool here adds up to {surge_nodes} node(s) at a time while it upgrades."
        ));
        Advice { rollback, disruption }
    }
}
