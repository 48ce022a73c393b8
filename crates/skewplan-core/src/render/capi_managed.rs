//! Commands for Cluster API control planes a cloud runs: the version is
//! patched where the provider keeps it, and the waits read fields and
//! conditions that type has.
//!
//! - `AzureManagedControlPlane` (CAPZ, v1beta1): `spec.version`; CAPZ sets
//!   `status.version` to `v` + the AKS cluster's `currentKubernetesVersion`
//!   (`azure/services/managedclusters/managedclusters.go`) and to
//!   `spec.version` once a reconcile succeeds
//!   (`controllers/azuremanagedcontrolplane_controller.go`); `Ready` is the
//!   summary condition (`azure/scope/managedcontrolplane.go`). The status has
//!   no `observedGeneration`.
//! - `AzureASOManagedControlPlane` (CAPZ, v1beta1): `spec.version` and/or the
//!   embedded ManagedCluster's `spec.kubernetesVersion`
//!   (`pkg/mutators/azureasomanagedcontrolplane.go`); `status.version` is the
//!   ManagedCluster's `currentKubernetesVersion` with a `v`, set once every
//!   resource is ready, and `status.ready`
//!   (`controllers/azureasomanagedcontrolplane_controller.go`).
//! - Agent pools: the ASO `ManagedClustersAgentPool` (named as the
//!   `AzureManagedMachinePool`, `azure/services/agentpools/spec.go`, or as in
//!   the embedded resource) reports `status.currentOrchestratorVersion`
//!   (Azure Service Operator, `v2/api/containerservice/v1api20240901/structure.txt`,
//!   <https://github.com/Azure/azure-service-operator>).
//! - `AWSManagedControlPlane` (CAPA, v1beta2): `spec.version` in EKS's form;
//!   `status.version` is EKS's `1.30` when the spec names no patch
//!   (`pkg/cloud/services/eks/cluster.go`, `computeCurrentStatusVersion`);
//!   the condition `EKSControlPlaneReady`
//!   (`controlplane/eks/api/v1beta2/conditions_consts.go`); the status has no
//!   `observedGeneration` (`awsmanagedcontrolplane_types.go`).
//! - `AWSManagedMachinePool` (CAPA, v1beta2): the condition `EKSNodegroupReady`
//!   (`exp/api/v1beta2/conditions_consts.go`); no field reports the node
//!   group's version.
//!
//! Sources: <https://github.com/kubernetes-sigs/cluster-api-provider-azure>,
//! <https://github.com/kubernetes-sigs/cluster-api-provider-aws>.

use super::capi::{api_version_of, kubectl_patch, ns, push_file, resource, safe_file_part, yaml_string};
use super::capi_wait::{timeout_minutes, Role, Rollout};
use super::shell::{names, CommandLine, Word};
use super::{by_hand, v_version, Context, File, FixedAdvice, StepOutput, Vars};
use crate::model::{EmbeddedVersion, ManagedControlPlane, ObjectRef, PoolDetails};
use crate::plan::{Action, Step};
use crate::version::KubeVersion;

/// The ASO agent pool resource, as kubectl takes it.
const ASO_AGENT_POOL: &str = "managedclustersagentpool.containerservice.azure.com";

/// The commands of a step of a cluster with a managed control plane; `None`
/// for a step the ordinary Cluster API commands cover (a MachineDeployment).
pub(super) fn step(
    ctx: &Context,
    managed: ManagedControlPlane,
    (n, step, to): (usize, &Step, &KubeVersion),
    vars: &mut Vars,
    files: &mut Vec<File>,
) -> Option<StepOutput> {
    let mut out = StepOutput::default();
    match step.action {
        Action::UpgradeControlPlane | Action::UpgradeCluster => {
            let cp = &ctx.cluster.control_plane;
            let object = cp.cluster_api_object()?;
            let mut m = Managed { n, to, minutes: step.minutes, vars, files, out: &mut out };
            match managed {
                ManagedControlPlane::Aks => m.azure_control_plane(object, "--for=condition=Ready=True"),
                ManagedControlPlane::AksAso => match cp.embedded_version().filter(|e| e.value.is_some()) {
                    Some(e) => m.aso_control_plane(object, e),
                    None => m.azure_control_plane(object, "--for=jsonpath={.status.ready}=true"),
                },
                ManagedControlPlane::Eks => m.eks_control_plane(object, &lagging(ctx, step)),
            }
        }
        Action::UpgradePool => {
            let pool = ctx.cluster.pool(step.subject.pool_name()?)?;
            let PoolDetails::ClusterApi { infrastructure_ref: Some(infra), object_kind, api_version, .. } =
                &pool.details
            else {
                return None;
            };
            let mp = ObjectRef {
                api: api_version.clone(),
                kind: object_kind.clone(),
                name: pool.name.clone(),
                namespace: None,
            };
            let mut m = Managed { n, to, minutes: step.minutes, vars, files, out: &mut out };
            match infra.kind.as_str() {
                "AzureManagedMachinePool" => m.azure_pool(&mp, &infra.name),
                "AzureASOManagedMachinePool" => m.aso_pool(&mp, pool.embedded_version()),
                "AWSManagedMachinePool" => m.eks_pool(&mp, infra, step.from.as_ref()),
                _ => return None,
            }
            if step.pool.as_ref().is_some_and(|p| p.machine.is_some()) {
                out.notes.push(machine_change_note(&infra.kind));
            }
        }
        _ => out.notes.push(by_hand(step)),
    }
    Some(out)
}

/// What every command of a step shares.
struct Managed<'a> {
    n: usize,
    to: &'a KubeVersion,
    minutes: u64,
    vars: &'a mut Vars,
    files: &'a mut Vec<File>,
    out: &'a mut StepOutput,
}

impl Managed<'_> {
    fn name(&mut self, name: &str) -> Word {
        self.vars.word(name, names::kube_name, "OBJECT_", "object name")
    }

    /// The object's resource and name as kubectl takes them, in a rollout
    /// of `role` (for its waits).
    fn rollout(&mut self, object: &ObjectRef, role: Role, version: &'static str) -> Rollout<'static> {
        let api: &'static str = if api_version_of(&object.api) == "v1beta2" { "v1beta2" } else { "v1beta1" };
        Rollout {
            resource: resource(self.vars, &object.kind, &object.api),
            name: self.name(&object.name),
            namespace: ns(),
            api_version: api,
            role,
            version,
            minutes: self.minutes,
        }
    }

    /// A merge patch of `fields` (YAML under `spec:`) to `object`, applied.
    fn merge_patch(&mut self, object: &ObjectRef, spec: &str) -> Rollout<'static> {
        let file = format!("step-{:02}-{}-kubernetes-version-patch.yaml", self.n, safe_file_part(&object.name));
        let content =
            format!("apiVersion: {}\nkind: {}\nspec:\n{spec}", yaml_string(&object.api), yaml_string(&object.kind));
        push_file(self.files, self.out, &file, content);
        let r = self.rollout(object, Role::ControlPlane, "");
        self.out.commands.push(kubectl_patch(&r.resource, &r.name, &file));
        r
    }

    fn push(&mut self, command: CommandLine) {
        self.out.commands.push(command.to_string());
    }

    /// `spec.version` of an AKS control plane, then its `status.version` and
    /// `ready`.
    fn azure_control_plane(&mut self, object: &ObjectRef, ready: &'static str) {
        let version = v_version(self.to);
        let r = self.merge_patch(object, &format!("  version: {}\n", yaml_string(&version)));
        let minutes = timeout_minutes(self.minutes);
        self.push(r.wait(Word::value(&format!("--for=jsonpath={{.status.version}}={version}")), minutes));
        self.push(r.wait(Word::value(ready), minutes));
    }

    /// A JSON patch of the embedded ManagedCluster's `kubernetesVersion`
    /// (and `spec.version` when set), guarded by a test of the resource's
    /// kind at that index; then the waits.
    fn aso_control_plane(&mut self, object: &ObjectRef, e: &EmbeddedVersion) {
        let version = v_version(self.to);
        let file = self.json_patch(e, e.contract_set);
        let r = self.rollout(object, Role::ControlPlane, "");
        self.push(json_patch_command(&r, &file));
        let minutes = timeout_minutes(self.minutes);
        self.push(r.wait(Word::value(&format!("--for=jsonpath={{.status.version}}={version}")), minutes));
        self.push(r.wait(Word::value("--for=jsonpath={.status.ready}=true"), minutes));
    }

    /// Writes the JSON patch of an embedded version (and of the owner's
    /// `spec.version` when `with_contract`); returns the file's name.
    fn json_patch(&mut self, e: &EmbeddedVersion, with_contract: bool) -> String {
        let base = format!("/spec/resources/{}", e.index);
        let mut ops = vec![
            serde_json::json!({"op": "test", "path": format!("{base}/kind"), "value": e.kind}),
            serde_json::json!({"op": "replace", "path": format!("{base}/spec/{}", e.field), "value": self.to.display_full()}),
        ];
        if with_contract {
            ops.push(serde_json::json!({"op": "replace", "path": "/spec/version", "value": v_version(self.to)}));
        }
        let file = format!("step-{:02}-{}-kubernetes-version-patch.json", self.n, safe_file_part(&e.owner.name));
        let content = serde_json::to_string_pretty(&ops).unwrap_or_default() + "\n";
        push_file(self.files, self.out, &file, content);
        file
    }

    /// EKS: `spec.version` as EKS names versions (`v1.30`), then
    /// `status.version` and the ready condition.
    fn eks_control_plane(&mut self, object: &ObjectRef, lagging: &[String]) {
        let minor = self.to.minor_version();
        let r = self.merge_patch(object, &format!("  version: {}\n", yaml_string(&format!("v{minor}"))));
        let minutes = timeout_minutes(self.minutes);
        // No observed-generation wait: CAPA's AWSManagedControlPlane status
        // has no `observedGeneration` (v2.11.1
        // `controlplane/eks/api/v1beta2/awsmanagedcontrolplane_types.go`,
        // `AWSManagedControlPlaneStatus`); `status.version` changes only once
        // EKS has made the update.
        self.push(r.wait(Word::value(&format!("--for=jsonpath={{.status.version}}={minor}")), minutes));
        self.push(r.wait(Word::lit("--for=condition=EKSControlPlaneReady=True"), minutes));
        if !lagging.is_empty() {
            self.out.notes.push(format!(
                "AWS asks that nodes run the control plane's minor before it is updated (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html); these pools run an older minor: {}. The lockstep strategy upgrades them between control-plane updates",
                lagging.join(", ")
            ));
        }
    }

    /// The MachinePool's `spec.template.spec.version`, applied; returns its
    /// rollout waits (observed generation first, then the counters).
    fn machine_pool_patch(&mut self, mp: &ObjectRef) -> Vec<CommandLine> {
        let version = v_version(self.to);
        let spec = format!("  template:\n    spec:\n      version: {}\n", yaml_string(&version));
        let mut r = self.merge_patch(mp, &spec);
        r.role = Role::MachinePool;
        r.waits()
    }

    /// Waits until the ASO agent pool `name` reports the new version.
    fn agent_pool_wait(&mut self, name: &str) -> CommandLine {
        let aso = ObjectRef {
            api: "containerservice.azure.com/v1".into(),
            kind: "ManagedClustersAgentPool".into(),
            name: name.to_string(),
            namespace: None,
        };
        let mut r = self.rollout(&aso, Role::MachinePool, "");
        r.resource = Word::lit(ASO_AGENT_POOL);
        let field = format!("--for=jsonpath={{.status.currentOrchestratorVersion}}={}", self.to.display_full());
        r.wait(Word::value(&field), timeout_minutes(self.minutes))
    }

    /// A CAPZ AzureManagedMachinePool: the MachinePool's version; the agent
    /// pool (named as the AzureManagedMachinePool) reports it.
    fn azure_pool(&mut self, mp: &ObjectRef, agent_pool: &str) {
        let mut waits = self.machine_pool_patch(mp);
        waits.insert(1, self.agent_pool_wait(agent_pool));
        waits.into_iter().for_each(|w| self.push(w));
    }

    /// A CAPZ ASO machine pool: the embedded agent pool's version first when
    /// it sets one (CAPZ refuses a MachinePool version that differs from
    /// it), then the MachinePool's when it has one.
    fn aso_pool(&mut self, mp: &ObjectRef, e: Option<&EmbeddedVersion>) {
        let mut agent_pool = mp.name.clone();
        if let Some(e) = e.filter(|e| e.value.is_some()) {
            let file = self.json_patch(e, false);
            let owner = e.owner.clone();
            let r = self.rollout(&owner, Role::MachinePool, "");
            self.push(json_patch_command(&r, &file));
            agent_pool = e.name.clone();
        }
        let contract = e.is_none_or(|e| e.contract_set);
        let mut waits = if contract { self.machine_pool_patch(mp) } else { Vec::new() };
        waits.insert(waits.len().min(1), self.agent_pool_wait(&agent_pool));
        waits.into_iter().for_each(|w| self.push(w));
    }

    /// A CAPA AWSManagedMachinePool: the MachinePool's version (full, as
    /// Cluster API requires; EKS uses its minor), the MachinePool's waits and
    /// the node group's ready condition.
    fn eks_pool(&mut self, mp: &ObjectRef, infra: &ObjectRef, from: Option<&KubeVersion>) {
        let waits = self.machine_pool_patch(mp);
        waits.into_iter().for_each(|w| self.push(w));
        let r = self.rollout(infra, Role::MachinePool, "");
        self.push(r.wait(Word::lit("--for=condition=EKSNodegroupReady=True"), timeout_minutes(self.minutes)));
        self.out.notes.push(format!(
            "EKS updates the node group to {} with the newest release of that minor; no Cluster API field reports the node group's version: `aws eks describe-nodegroup` shows it",
            self.to.minor_version()
        ));
        if let Some(from) = from.filter(|f| f.minors_to(self.to).is_some_and(|d| d > 1)) {
            self.out.notes.push(format!(
                "CAPA updates a node group one minor per EKS update (pkg/cloud/services/eks/nodegroup.go, reconcileNodegroupVersion), so from {from} it makes several; these waits may pass between two of them. The lockstep strategy keeps each pool step to one minor"
            ));
        }
    }
}

/// Why a machine change of a managed pool is not prepared: it needs a new
/// pool.
fn machine_change_note(kind: &str) -> String {
    let why = if kind == "AWSManagedMachinePool" {
        "an EKS managed node group's instance types and AMI type are set when it is created"
    } else {
        "an AKS agent pool's VM size is fixed (CAPZ refuses a change of AzureManagedMachinePool spec.sku: internal/webhooks/azuremanagedmachinepool_webhook.go)"
    };
    format!("the machine change is not made by this step: {why}; add a new MachinePool with the new machines, move the workloads, then delete the old one")
}

/// What AKS can undo, and how it replaces an agent pool's nodes
/// (https://learn.microsoft.com/azure/aks/upgrade-cluster).
const AKS: FixedAdvice = FixedAdvice {
    rollback: &[
        "AKS can't roll back a control plane: a finished control-plane upgrade can't be undone.",
        "A pool step that fails can be run again once its cause (VM quota, a PodDisruptionBudget that blocks the drain) is fixed; nodes already upgraded stay on the new version.",
    ],
    disruption: &[
        "AKS upgrades an agent pool by adding surge nodes (the pool's maxSurge), then cordoning and draining each old node, so PodDisruptionBudgets apply (https://learn.microsoft.com/azure/aks/upgrade-cluster).",
        "Surge nodes need VM quota in the subscription during each pool's upgrade.",
    ],
};

/// What EKS can undo (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html),
/// and how it replaces a managed node group's nodes.
const EKS: FixedAdvice = FixedAdvice {
    rollback: &[
        "EKS can't downgrade a cluster's Kubernetes version: a finished control-plane update can't be undone.",
        "A node-group update that fails (PodEvictionFailure when a PodDisruptionBudget blocks a drain, https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html) can be run again once the cause is fixed; nodes already replaced stay on the new version. A MachineDeployment rollout that stalls can be pointed back at its previous template and version.",
    ],
    disruption: &[
        "EKS updates a managed node group by launching new nodes and draining the old ones (the node group's updateConfig, by default one node unavailable at a time); a node whose Pods can't be drained fails the update unless it is forced, so PodDisruptionBudgets apply (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html).",
        "A MachineDeployment's machines are replaced one at a time by default (maxSurge 1, maxUnavailable 0), each old node drained; new machines need EC2 capacity and quota.",
    ],
};

/// What can be undone, and how the nodes are replaced, when the cloud runs
/// the control plane.
pub(super) fn advice(managed: ManagedControlPlane) -> &'static FixedAdvice {
    if managed.is_aks() {
        &AKS
    } else {
        &EKS
    }
}

/// The pools on another minor than the control plane when a step starts.
fn lagging(ctx: &Context, step: &Step) -> Vec<String> {
    let (Some(from), Some(after)) = (&step.from, ctx.after(step)) else { return Vec::new() };
    let pools = after.pools.iter().filter(|(_, v)| !v.same_minor(from));
    pools.map(|(name, v)| format!("`{name}` ({v})")).collect()
}

/// On EKS, a MachineDeployment's machines boot the EKS-optimized AMI of its
/// version unless its AWSMachineTemplate names one.
pub(super) fn note(ctx: &Context, step: &Step) -> Option<String> {
    if ctx.cluster.managed_control_plane() != Some(ManagedControlPlane::Eks) || step.action != Action::UpgradePool {
        return None;
    }
    let pool = ctx.cluster.pool(step.subject.pool_name()?)?;
    let PoolDetails::ClusterApi { infrastructure_ref: Some(infra), .. } = &pool.details else { return None };
    (infra.kind == "AWSMachineTemplate").then(|| format!(
        "on EKS, CAPA boots `{}`'s new machines from the EKS-optimized AMI of {} (its SSM parameter) when the AWSMachineTemplate names no AMI (pkg/cloud/services/ec2/instances.go); a pinned AMI must be built for that minor",
        pool.name,
        step.to.as_ref().map(|v| v.minor_version().to_string()).unwrap_or_default()
    ))
}

/// `kubectl patch … --type=json --patch-file FILE`.
fn json_patch_command(r: &Rollout, file: &str) -> CommandLine {
    CommandLine::new("kubectl")
        .lit("patch")
        .word(r.resource.clone())
        .word(r.name.clone())
        .opt("--namespace", ns())
        .word(Word::lit("--type=json"))
        .word(Word::flag_value("--patch-file", file))
}
