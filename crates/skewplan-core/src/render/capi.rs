//! Cluster API (and Konvoy/DKP, seed 002): merge-patch files for the
//! control plane and each MachineDeployment, a new machine template for a
//! machine change, and waits for each rollout.

use super::capi_machine::{control_plane_template, new_template};
use super::capi_managed;
use super::capi_pool_infra;
use super::capi_skew;
use super::capi_topology;
use super::capi_wait::{Role, Rollout};
use super::shell::{names, CommandLine, Word};
use super::{by_hand, v_version, Advice, Commands, Context, File, FixedAdvice, StepOutput, Vars};
use crate::model::PoolDetails;
use crate::plan::{Action, Step};
use crate::rules::VersionState;
use crate::version::KubeVersion;

#[derive(Default)]
pub(crate) struct Capi {
    /// The version state after the step being rendered.
    state: Option<VersionState>,
}

pub(super) fn ns() -> Word {
    Word::var("NAMESPACE")
}

/// `apiVersion`'s group (`cluster.x-k8s.io/v1beta1` → `cluster.x-k8s.io`).
pub(super) fn group(api: &str) -> &str {
    api.split('/').next().unwrap_or(api)
}

pub(super) fn api_version_of(api: &str) -> &str {
    api.split('/').nth(1).unwrap_or("v1beta1")
}

fn valid_kind(k: &str) -> bool {
    !k.is_empty() && k.len() <= 63 && k.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `kubeadmcontrolplane.v1beta1.controlplane.cluster.x-k8s.io`: resource,
/// version and group, so kubectl can't confuse it with another provider's
/// kind, and reads and patches the object in the API version of the input,
/// whose fields the patch and the waits use (`kind.group` alone reaches
/// the version the management cluster prefers: v1beta2 from Cluster API
/// v1.11, where v1beta1's `status.updatedReplicas` does not exist). kubectl
/// reads `resource.version.group`
/// (<https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/schema/group_version.go>,
/// `ParseResourceArg`). An `api` without a version (a v1beta2 reference's
/// `apiGroup`) gives `kind.group`.
pub(super) fn resource(vars: &mut Vars, kind: &str, api: &str) -> Word {
    let r = match api.split_once('/') {
        Some((group, version)) => format!("{}.{version}.{group}", kind.to_ascii_lowercase()),
        None => format!("{}.{}", kind.to_ascii_lowercase(), group(api)),
    };
    vars.word(&r, |x| x.split('.').next().is_some_and(valid_kind) && names::kube_name(x), "RESOURCE_", "resource type")
}

pub(super) fn yaml_string(s: &str) -> String {
    // Names are validated DNS names and versions plain; JSON strings are
    // valid YAML, which keeps any odd value inert.
    serde_json::to_string(s).unwrap_or_default()
}

pub(super) fn safe_file_part(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.').collect()
}

/// `kubectl patch RESOURCE NAME --type=merge --patch-file FILE` in the
/// cluster's namespace.
pub(super) fn kubectl_patch(res: &Word, name: &Word, file: &str) -> String {
    CommandLine::new("kubectl")
        .lit("patch")
        .word(res.clone())
        .word(name.clone())
        .opt("--namespace", ns())
        .word(Word::lit("--type=merge"))
        .word(Word::flag_value("--patch-file", file))
        .to_string()
}

impl Capi {
    /// `kubectl patch` of the object with `file`, then the waits for its
    /// rollout (`capi_wait`).
    fn patch_and_wait(&self, vars: &mut Vars, out: &mut StepOutput, file: &str, obj: Patched) {
        let Patched { kind, api, name, role, version, minutes } = obj;
        let res = resource(vars, kind, api);
        out.commands.push(kubectl_patch(&res, &name, file));
        let rollout =
            Rollout { resource: res, name, namespace: ns(), api_version: api_version_of(api), role, version, minutes };
        for w in rollout.waits() {
            out.commands.push(w.to_string());
        }
    }
}

/// The object a step patches.
struct Patched<'a> {
    kind: &'a str,
    api: &'a str,
    name: Word,
    role: Role,
    version: &'a str,
    minutes: u64,
}

impl Capi {
    /// A version patch of the control-plane object, applied, and the waits.
    fn upgrade_control_plane(
        &self,
        ctx: &Context,
        n: usize,
        (step, to): (&Step, &KubeVersion),
        vars: &mut Vars,
        files: &mut Vec<File>,
    ) -> StepOutput {
        let mut out = StepOutput::default();
        let Some(kcp) = ctx.cluster.control_plane.cluster_api_object() else {
            out.notes.push("the control plane object is not in the input; change its version by hand".into());
            return out;
        };
        let version = v_version(to);
        let name = vars.word(&kcp.name, names::kube_name, "CONTROL_PLANE_", "control plane name");
        let new_template = control_plane_template(ctx, n, (step, to), vars, files, &mut out);
        let file = format!("step-{n:02}-{}-kubernetes-version-patch.yaml", safe_file_part(&kcp.name));
        let mut content = format!(
            "apiVersion: {}\nkind: {}\nspec:\n  version: {}\n",
            yaml_string(&kcp.api),
            yaml_string(&kcp.kind),
            yaml_string(&version)
        );
        if let Some(t) = new_template {
            // The version and the template in one change (CAPI book,
            // tasks/upgrading-clusters.md); v1beta2 nests the reference
            // under machineTemplate.spec.
            let reference = format!("infrastructureRef:\n      name: {}\n", yaml_string(&t));
            if api_version_of(&kcp.api) == "v1beta2" {
                content.push_str(&format!(
                    "  machineTemplate:\n    spec:\n      {}",
                    reference.replace("\n      ", "\n        ")
                ));
            } else {
                content.push_str(&format!("  machineTemplate:\n    {reference}"));
            }
        }
        push_file(files, &mut out, &file, content);
        let minutes = step.minutes;
        let patched =
            Patched { kind: &kcp.kind, api: &kcp.api, name, role: Role::ControlPlane, version: &version, minutes };
        self.patch_and_wait(vars, &mut out, &file, patched);
        out
    }

    /// A version patch of a MachineDeployment (with a new machine template
    /// when the step changes the machines), applied, and the waits.
    fn upgrade_pool(
        &self,
        ctx: &Context,
        n: usize,
        step: &Step,
        to: &KubeVersion,
        vars: &mut Vars,
        files: &mut Vec<File>,
    ) -> StepOutput {
        let mut out = StepOutput::default();
        let pool_name = step.subject.pool_name().unwrap_or_default();
        let Some(pool) = ctx.cluster.pool(pool_name) else { return out };
        let PoolDetails::ClusterApi { object_kind, api_version, infrastructure_ref, .. } = &pool.details else {
            out.notes.push(format!("`{pool_name}` has no MachineDeployment in the input; change its version by hand"));
            return out;
        };
        let version = v_version(to);
        let md = vars.word(pool_name, names::kube_name, "MACHINE_DEPLOYMENT_", "MachineDeployment name");
        let change = step.pool.as_ref().and_then(|p| p.machine.as_ref());
        let new_template = match (change, infrastructure_ref) {
            // A MachinePool's infrastructure object is changed in place.
            (Some(change), Some(infra)) if object_kind == "MachinePool" => {
                capi_pool_infra::patch(n, vars, files, &mut out, infra, change);
                None
            }
            (Some(change), Some(old)) => new_template(n, vars, files, &mut out, old, change, to),
            (Some(_), None) => {
                out.notes.push(format!(
                    "`{pool_name}` names no infrastructure template; the machine change can't be prepared"
                ));
                None
            }
            _ => None,
        };
        if change.is_none_or(|c| c.machine_image.is_none())
            && pool.node_image.as_deref().is_some_and(|i| i.starts_with("ami-"))
            && step.from != step.to
        {
            out.notes.push(format!(
                "`{pool_name}` boots {}: the image must be built for {version}; look one up with `clusterawsadm ami list --kubernetes-version {version}` and add it as a machine change",
                pool.node_image.as_deref().unwrap_or_default()
            ));
        }
        let file = format!("step-{n:02}-{}-kubernetes-version-patch.yaml", safe_file_part(pool_name));
        let mut content = format!(
            "apiVersion: {}\nkind: {}\nspec:\n  template:\n    spec:\n      version: {}\n",
            yaml_string(api_version),
            yaml_string(object_kind),
            yaml_string(&version)
        );
        if let Some(t) = &new_template {
            content.push_str(&format!("      infrastructureRef:\n        name: {}\n", yaml_string(t)));
        }
        push_file(files, &mut out, &file, content);
        let patched = Patched {
            kind: object_kind,
            api: api_version,
            name: md,
            role: Role::of_worker(object_kind),
            version: &version,
            minutes: step.minutes,
        };
        self.patch_and_wait(vars, &mut out, &file, patched);
        out
    }
}

impl Commands for Capi {
    fn tool(&self) -> &'static str {
        "kubectl (against the management cluster)"
    }

    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine> {
        let ns_value = ctx
            .cluster
            .namespace()
            .or_else(|| ctx.cluster.control_plane.cluster_api_object().and_then(|o| o.namespace.as_deref()))
            .unwrap_or("default");
        vars.input("NAMESPACE", Some(ns_value), names::namespace, "namespace of the Cluster API objects");
        vec![CommandLine::new("kubectl")
            .lit("get")
            .lit("clusters.cluster.x-k8s.io,machinedeployments.cluster.x-k8s.io")
            .opt("--namespace", ns())]
    }

    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput {
        // Steps are rendered in order: the state follows them.
        if let Some(initial) = &ctx.plan.initial {
            step.change.apply(self.state.get_or_insert_with(|| initial.clone()));
        }
        let Some(to) = &step.to else {
            let mut out = StepOutput::default();
            out.notes.push(format!("wait until the rollout finishes: {}", step.reason));
            return out;
        };
        if let Some(out) =
            ctx.cluster.managed_control_plane().and_then(|m| capi_managed::step(ctx, m, (n, step, to), vars, files))
        {
            return out;
        }
        if let Some(cluster) = ctx.cluster.capi_topology() {
            return capi_topology::step(ctx, cluster, (n, step, to), vars, files);
        }
        let mut out = match step.action {
            Action::UpgradeControlPlane | Action::UpgradeCluster => {
                self.upgrade_control_plane(ctx, n, (step, to), vars, files)
            }
            Action::UpgradePool => self.upgrade_pool(ctx, n, step, to, vars, files),
            _ => {
                let mut out = StepOutput::default();
                out.notes.push(by_hand(step));
                out
            }
        };
        out.notes.extend(self.state.as_ref().and_then(|after| capi_skew::note(ctx.cluster, ctx.plan, after)));
        out.notes.extend(capi_managed::note(ctx, step));
        out
    }

    fn advice(&self, ctx: &Context) -> Advice {
        advice(ctx).owned()
    }
}

/// What a self-managed (kubeadm) control plane's cluster can undo, and how
/// its machines are replaced.
const KUBEADM: FixedAdvice = FixedAdvice {
    rollback: &[
        "Cluster API does not downgrade a KubeadmControlPlane; a finished control-plane step can't be undone.",
        "A MachineDeployment rollout that stalls can be pointed back at its previous template (`spec.template.spec.infrastructureRef.name`) and version, as long as the control plane still supports that version; the old template is kept.",
    ],
    disruption: &[
        "Machines are replaced one at a time by default (maxSurge 1, maxUnavailable 0); each old node is drained, so PodDisruptionBudgets apply.",
        "New machines need capacity and quota in the infrastructure provider during the rollout.",
        // https://cluster-api.sigs.k8s.io/tasks/automated-machine-management/healthchecking
        "A MachineHealthCheck deletes new machines that get no node within its nodeStartupTimeout (10 minutes unless set); raise it first where machines take longer to boot.",
    ],
};

/// The advice for whoever runs the cluster's control plane.
fn advice(ctx: &Context) -> &'static FixedAdvice {
    ctx.cluster.managed_control_plane().map_or(&KUBEADM, capi_managed::advice)
}

pub(super) fn push_file(files: &mut Vec<File>, out: &mut StepOutput, name: &str, content: String) {
    out.files.push(name.to_string());
    files.push(File { name: name.to_string(), content, sensitive: false });
}
