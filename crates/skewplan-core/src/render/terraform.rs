//! AKS clusters managed with Terraform (read from `terraform show -json`):
//! each version step is an edit of a resource attribute, applied with
//! `terraform plan -out` and `terraform apply`; the az command for the same
//! step is offered only as a labelled alternative, because it drifts the
//! state.
//!
//! How terraform-provider-azurerm applies the attributes
//! (`internal/services/containers/kubernetes_cluster_resource.go`, update
//! function, commit 69697b7f):
//! <https://github.com/hashicorp/terraform-provider-azurerm/blob/69697b7fe6a923fc89e88f386bc95c3ed1ee2ec6/internal/services/containers/kubernetes_cluster_resource.go#L2623-L2667>.
//! A change of `kubernetes_version` reads the cluster back and PUTs it with
//! only `KubernetesVersion` changed; the agent pools in that body keep
//! their versions, so the control plane moves alone. A change in
//! `default_node_pool` (its `orchestrator_version`) is sent after that,
//! through the separate agent-pool API, in the same apply; a
//! `azurerm_kubernetes_cluster_node_pool` (`orchestrator_version`, update at
//! `kubernetes_cluster_node_pool_resource.go` L830-L845) depends on its
//! cluster, so Terraform updates it after the cluster. Both attributes are
//! Optional and Computed: a pool whose configuration leaves
//! `orchestrator_version` unset keeps its version when `kubernetes_version`
//! changes, and the provider's documentation asks for the control plane
//! first ("the version of Kubernetes used on the Cluster/Control Plane may
//! need to be upgraded first",
//! <https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#orchestrator_version>).
//! `node_image_version` is Computed only, so a node-image upgrade has no
//! attribute and its az command changes nothing the configuration holds.

use super::aks::Aks;
use super::shell::CommandLine;
use super::terraform_edit::{apply_commands, hcl_string, step_file, Edit};
use super::{step_versions, Advice, Commands, Context, File, Note, StepOutput, Vars};
use crate::model::{ConfigOrigin, PoolMode, TerraformAttribute, TerraformSource};
use crate::plan::{Action, Step};
use crate::rules::Severity;

#[derive(Default)]
pub(crate) struct Terraform {
    /// The az and kubectl commands: used where Terraform has no attribute
    /// (waits, drains, node images) and for the labelled alternative.
    aks: Aks,
}

/// The address a replacement pool gets: a node pool resource named after
/// the pool, in the cluster's module.
fn new_pool_address(tf: &TerraformSource, name: &str) -> String {
    let cluster = &tf.control_plane.address;
    let module = cluster.rfind("azurerm_kubernetes_cluster.").map(|i| &cluster[..i]).unwrap_or("");
    format!("{module}azurerm_kubernetes_cluster_node_pool.{name}")
}

/// A pool's version attribute (a pool the plan adds: its new resource).
fn pool_attribute(tf: &TerraformSource, name: &str) -> TerraformAttribute {
    tf.pool(name).cloned().unwrap_or_else(|| TerraformAttribute {
        address: new_pool_address(tf, name),
        attribute: "orchestrator_version",
        origin: ConfigOrigin::Literal,
        surge_origin: ConfigOrigin::Literal,
    })
}

/// The version of every component before step `n` (1-based).
fn before(ctx: &Context, n: usize) -> Option<crate::rules::VersionState> {
    if n > 1 {
        ctx.plan.states().nth(n - 2)
    } else {
        ctx.plan.initial.clone()
    }
}

/// The edits of a step Terraform applies; `None` for steps it has no
/// attribute for.
fn edits(ctx: &Context, tf: &TerraformSource, n: usize, step: &Step) -> Option<Vec<Edit>> {
    let to = step.to.as_ref().map(ToString::to_string).unwrap_or_default();
    let from = step.from.as_ref().map(ToString::to_string);
    let pool = step.subject.pool_name();
    let mut out = Vec::new();
    match step.action {
        Action::UpgradeControlPlane => out.push(Edit::set(&tf.control_plane, from, &to)),
        Action::UpgradeCluster => {
            out.push(Edit::set(&tf.control_plane, from, &to));
            let prior = before(ctx, n);
            for (name, attr) in &tf.pools {
                let was = prior.as_ref().and_then(|p| p.pools.get(name)).map(ToString::to_string);
                out.push(Edit::set(attr, was, &to));
            }
        }
        Action::UpgradePool => {
            let attr = pool_attribute(tf, pool?);
            if let Some(surge) = step.pool.as_ref().and_then(|p| p.max_surge) {
                let own = ctx.cluster.pool(pool?).and_then(|p| p.max_surge);
                if own != Some(surge) {
                    let block = attr.attribute.replace("orchestrator_version", "upgrade_settings.max_surge");
                    out.push(Edit {
                        attribute: block,
                        from: own.map(|s| hcl_string(&s.to_string())),
                        to: hcl_string(&surge.to_string()),
                        origin: attr.surge_origin.clone(),
                        ..Edit::set(&attr, None, "")
                    });
                }
            }
            out.push(Edit::set(&attr, from, &to));
        }
        Action::AddPool => out.extend(add_pool(ctx, tf, step, &to)),
        Action::DeletePool => {
            let attr = pool_attribute(tf, pool?);
            if attr.attribute.starts_with("default_node_pool") {
                return None;
            }
            out.push(Edit {
                attribute: "(the whole resource block)".into(),
                to: "(removed)".into(),
                ..Edit::set(&attr, None, "")
            });
        }
        _ => return None,
    }
    Some(out)
}

/// A replacement pool: a new node pool resource, written out attribute by
/// attribute.
fn add_pool(ctx: &Context, tf: &TerraformSource, step: &Step, to: &str) -> Vec<Edit> {
    let name = step.subject.pool_name().unwrap_or_default();
    let address = new_pool_address(tf, name);
    let sp = step.pool.as_ref();
    let old = sp.and_then(|p| p.replaces.as_deref()).and_then(|o| ctx.cluster.pool(o));
    let size = sp.and_then(|p| p.machine.as_ref()).and_then(|m| m.machine_size.clone()).unwrap_or_default();
    let mode = sp.map_or(PoolMode::User, |p| p.mode).name();
    // Inside the cluster's module, the reference is module-local.
    let cluster =
        tf.control_plane.address.rsplit_once("azurerm_kubernetes_cluster.").map(|(_, n)| n).unwrap_or_default();
    let mut values = vec![
        ("name", hcl_string(name)),
        ("kubernetes_cluster_id", format!("azurerm_kubernetes_cluster.{cluster}.id")),
        ("vm_size", hcl_string(&size)),
        ("node_count", sp.map(|p| p.count.max(1)).unwrap_or(1).to_string()),
        ("mode", hcl_string(mode)),
        ("orchestrator_version", hcl_string(to)),
    ];
    if let Some(s) = sp.and_then(|p| p.max_surge) {
        values.push(("upgrade_settings.max_surge", hcl_string(&s.to_string())));
    }
    if let Some((min, max)) = old.and_then(|o| o.autoscale) {
        values.push(("auto_scaling_enabled", "true".into()));
        values.push(("min_count", min.to_string()));
        values.push(("max_count", max.to_string()));
    }
    values
        .into_iter()
        .map(|(attribute, value)| Edit {
            address: address.clone(),
            attribute: attribute.to_string(),
            from: None,
            to: value,
            origin: ConfigOrigin::Unset,
        })
        .collect()
}

impl Commands for Terraform {
    fn tool(&self) -> &'static str {
        "Terraform (terraform plan and apply), with az and kubectl where Terraform has no attribute"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        vars.notes.push(Note {
            severity: Severity::Info,
            message: "the cluster is managed with Terraform: each version step is an edit of kubernetes_version or orchestrator_version, applied with terraform plan -out and terraform apply (the per-step file lists the edits). The azurerm provider sends a kubernetes_version change first and on its own (the control plane moves alone), then the default node pool's orchestrator_version; node pool resources follow their cluster. A pool whose orchestrator_version is not set keeps its version. az commands are shown only as an alternative: they drift the state".into(),
        });
        let mut out = self.aks.preflight(ctx, vars);
        out.insert(0, CommandLine::new("terraform").lit("version"));
        out
    }

    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput {
        let Some(tf) = ctx.cluster.terraform() else { return self.aks.step(ctx, n, step, vars, files) };
        let Some(edits) = edits(ctx, tf, n, step) else {
            let mut out = self.aks.step(ctx, n, step, vars, files);
            if step.action == Action::DeletePool {
                out.notes.insert(0, "do this step by hand: the default node pool can't be removed from azurerm_kubernetes_cluster. To replace it, change default_node_pool.vm_size and set default_node_pool.temporary_name_for_rotation instead: the provider then cycles the pool through a temporary one (kubernetes_cluster_resource.go, update of default_node_pool). An az nodepool delete would drift the state".into());
                out.commands.clear();
            } else if matches!(step.action, Action::UpgradeNodeImage | Action::StartCluster) {
                out.notes.push("Terraform has no attribute for this (node_image_version is read-only), so this az command changes nothing the configuration holds".into());
            }
            return out;
        };
        // The az commands of the same step, for the labelled alternative
        // only: their variables and notes are not the plan's.
        let alternative = self.aks.step(ctx, n, step, &mut Vars::default(), &mut Vec::new()).commands;
        let title = format!(
            "{} {}{}",
            step.action.id(),
            step.subject,
            step_versions(step, "→").map(|v| format!(" ({v})")).unwrap_or_default()
        );
        let name = format!("step-{n}-terraform.md");
        files.push(File { name: name.clone(), content: step_file(&title, n, &edits, &alternative), sensitive: false });
        let mut notes: Vec<String> = edits.iter().map(|e| format!("edit {}", e.describe())).collect();
        notes.extend(alternative.iter().map(|c| format!("alternative, drifts the Terraform state: {c}")));
        StepOutput { commands: apply_commands(n), files: vec![name], notes }
    }

    fn advice(&self, ctx: &Context) -> Advice {
        let mut advice = self.aks.advice(ctx);
        advice.rollback.insert(
            0,
            "If terraform apply fails, the configuration keeps the new value: fix the cause and run terraform plan and apply again; the provider asks AKS for the same version. Do not set the old version back: AKS can't downgrade.".into(),
        );
        advice
    }
}
