//! aks-engine: `aks-engine upgrade` and `aks-engine update` with the seed's
//! parameters; credentials come from the environment, never from the input;
//! the updated API model is a file of its own.

use super::shell::{names, CommandLine, Word};
use super::{by_hand, Advice, Commands, Context, File, StepOutput, Vars};
use crate::plan::{Action, Step};
use crate::rules::aks_engine_fork;

#[derive(Default)]
pub(crate) struct AksEngine;

/// Past 1.24 the binary is the Azure Stack Hub fork, `aks-engine-azurestack`
/// (same verbs and flags, `cmd/upgrade.go`). The parameters every aks-engine command takes (aks-engine
/// `docs/topics/update.md`, "Parameters"), plus on Azure Stack Hub "all
/// commands require CLI flag `azure-env` to be set to "AzureStackCloud"" and,
/// with ADFS, `identity-system` (`docs/topics/azure-stack.md`, "CLI flags").
fn common(ctx: &Context, verb: &'static str) -> CommandLine {
    let stack = ctx.cluster.azure_stack();
    let binary = if aks_engine_fork(ctx.cluster) { "aks-engine-azurestack" } else { "aks-engine" };
    CommandLine::new(binary)
        .lit(verb)
        .opt_if("--azure-env", stack.map(|_| Word::lit("AzureStackCloud")))
        .opt_if("--identity-system", stack.filter(|s| s.adfs).map(|_| Word::lit("adfs")))
        .opt("--subscription-id", Word::var("AZURE_SUBSCRIPTION_ID"))
        .opt("--resource-group", Word::var("RESOURCE_GROUP"))
        .opt("--location", Word::var("LOCATION"))
        .opt("--api-model", Word::var("API_MODEL"))
        .opt("--auth-method", Word::lit("client_secret"))
        .opt("--client-id", Word::var("AZURE_CLIENT_ID"))
        .opt("--client-secret", Word::var("AZURE_CLIENT_SECRET"))
}

impl Commands for AksEngine {
    fn tool(&self) -> &'static str {
        "aks-engine and kubectl"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        vars.env("AZURE_SUBSCRIPTION_ID", "subscription the cluster is deployed in");
        vars.input("RESOURCE_GROUP", ctx.cluster.resource_group.as_deref(), names::resource_group, "resource group");
        vars.input("LOCATION", ctx.cluster.location.as_deref(), names::location, "Azure location");
        let api_model = Some(ctx.cluster.name.as_str())
            .filter(|n| names::kube_name(n))
            .map(|dns| format!("_output/{dns}/apimodel.json"));
        vars.input("API_MODEL", api_model.as_deref(), names::file_name, "path of the cluster's API model");
        vars.env("AZURE_CLIENT_ID", "service principal client ID");
        vars.env("AZURE_CLIENT_SECRET", "service principal client secret");
        vec![CommandLine::new("kubectl").lit("get").lit("nodes").opt("--output", Word::lit("wide"))]
    }

    fn step(&mut self, ctx: &Context, _n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput {
        let mut out = StepOutput::default();
        let to = step.to.as_ref().map(|v| Word::value(&v.to_string()));
        match step.action {
            Action::UpgradeCluster | Action::UpgradeControlPlane => {
                let mut c = common(ctx, "upgrade").opt("--upgrade-version", to.unwrap_or(Word::lit("latest")));
                if step.action == Action::UpgradeControlPlane {
                    c = c.lit("--control-plane-only");
                    if ctx.cluster.azure_stack().is_some() {
                        out.notes.push("on an air-gapped Azure Stack Hub, aks-engine upgrade --control-plane-only is expected to break kube-proxy (aks-engine docs/topics/upgrade.md); plan whole-cluster upgrades there (--aks-engine-whole-cluster)".into());
                    }
                }
                out.commands.push(c.to_string());
                out.commands.push(
                    CommandLine::new("kubectl").lit("get").lit("nodes").opt("--output", Word::lit("wide")).to_string(),
                );
                if let Some(file) = updated_api_model(ctx, step) {
                    out.notes.push(format!(
                        "{} shows what aks-engine itself writes to $API_MODEL when this step succeeds, for comparison; never pass it as --api-model: aks-engine upgrade refuses a model that already names the target version",
                        file.name
                    ));
                    out.files.push(file.name.clone());
                    if !files.iter().any(|f| f.name == file.name) {
                        files.push(file);
                    }
                }
            }
            Action::UpdatePoolModel => {
                let name = step.subject.pool_name().unwrap_or_default();
                let pool = vars.word(name, names::kube_name, "POOL_", "agent pool name");
                out.notes.push(format!("aks-engine update changes the scale set model of `{name}` only; its existing nodes keep their version until the next step replaces them"));
                out.commands.push(common(ctx, "update").opt("--node-pool", pool).to_string());
            }
            Action::RollPoolNodes => roll_nodes(step, vars, &mut out),
            _ => out.notes.push(by_hand(step)),
        }
        out
    }

    fn advice(&self, _ctx: &Context) -> Advice {
        let rollback = vec![
            "aks-engine has no downgrade; keep a copy of the API model (_output/<dnsPrefix>/apimodel.json) and of the resource group's deployment before each upgrade.".into(),
            "An interrupted `aks-engine upgrade` can be run again with the same --upgrade-version; it continues with the nodes not yet upgraded.".into(),
        ];
        let disruption = vec![
            "aks-engine upgrade cordons, drains and replaces masters one by one, then agent nodes; PodDisruptionBudgets that allow no disruption stall the drain.".into(),
            "Clusters with a single master lose the API server while it is replaced.".into(),
        ];
        Advice { rollback, disruption }
    }
}

/// A pool's nodes replaced from its updated model: aks-engine has no command
/// for it (`aks-engine update` "is not actually modifying any existing VMSS
/// instances", docs/topics/update.md), so the step says how, and a check stops
/// the script until every node of the pool runs the new version.
fn roll_nodes(step: &Step, vars: &mut Vars, out: &mut StepOutput) {
    let name = step.subject.pool_name().unwrap_or_default();
    let pool = vars.word(name, names::kube_name, "POOL_", "agent pool name");
    let Some(to) = step.to.as_ref() else { return };
    let count = step.pool.as_ref().map_or(0, |p| p.count);
    out.notes.push(format!(
        "replace every node of `{name}` by hand: scale its scale set out (`az vmss scale --resource-group \"$RESOURCE_GROUP\" --name <the pool's scale set> --new-capacity {}`), so new nodes come from the updated model; then for each old node `kubectl cordon NODE`, `kubectl drain NODE --ignore-daemonsets --delete-emptydir-data` and `az vmss delete-instances --resource-group \"$RESOURCE_GROUP\" --name <the pool's scale set> --instance-ids ID`; with the cluster-autoscaler, cordon, drain and delete the old nodes and let it add new ones. The check below stops the script until every node of the pool runs the new version; then run the remaining steps",
        count * 2
    ));
    let list = CommandLine::new("kubectl")
        .lit("get")
        .lit("nodes")
        .opt("--selector", Word::glued("agentpool=", &pool))
        .opt("--output", Word::value("jsonpath={range .items[*]}{.status.nodeInfo.kubeletVersion}{\"\\n\"}{end}"));
    let stale = list.pipe(
        CommandLine::new("grep")
            .lit("--count")
            .lit("--invert-match")
            .lit("--line-regexp")
            .lit("--fixed-strings")
            .word(Word::value(&format!("v{}", to.display_full()))),
    );
    let message = format!("pool {name} still has nodes that do not run {to}: replace them before the next step");
    out.commands.push(CommandLine::require_output(&stale, "0", &message).to_string());
}

/// What aks-engine writes to the API model after an upgrade to the step's
/// version: the pasted model with that version ("Save the new apimodel to
/// reflect the cluster's state", aks-engine `cmd/upgrade.go`). It is for
/// comparison only: `validateTargetVersion` accepts only versions above the
/// model's, so it can't be the `--api-model` of the step. Secrets stay in this
/// file only: it is the user's own document, to download and keep private.
fn updated_api_model(ctx: &Context, step: &Step) -> Option<File> {
    let to = step.to.as_ref()?;
    let mut doc: serde_json::Value = serde_json::from_str(ctx.parsed.raw_text()).ok()?;
    let props = if doc.get("apiModel").is_some() {
        doc.get_mut("apiModel")?.get_mut("properties")?
    } else {
        doc.get_mut("properties")?
    };
    let orch = props.get_mut("orchestratorProfile")?.as_object_mut()?;
    orch.insert("orchestratorVersion".into(), serde_json::Value::String(to.to_string()));
    if orch.contains_key("orchestratorRelease") {
        orch.insert("orchestratorRelease".into(), serde_json::Value::String(to.minor_version().to_string()));
    }
    Some(File {
        name: format!("apimodel-after-{to}.json"),
        content: serde_json::to_string_pretty(&doc).ok()? + "\n",
        sensitive: true,
    })
}
