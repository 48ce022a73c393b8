//! Machine changes of Cluster API objects: a new infrastructure template
//! (a copy of the old one with the changed fields) and the control plane's.

use super::capi::{group, ns, push_file, resource, safe_file_part, yaml_string};
use super::capi_template::{self, Field};
use super::shell::{names, CommandLine, Word};
use super::{v_version, Context, File, StepOutput, Vars};
use crate::model::ObjectRef;
use crate::plan::{Action, MachineChange, Step};
use crate::version::KubeVersion;

/// The control plane's new machine template, made with the last
/// control-plane hop when the plan carries a machine change for it; the
/// lookup note for an AMI that no change replaces.
pub(super) fn control_plane_template(
    ctx: &Context,
    n: usize,
    (step, to): (&Step, &KubeVersion),
    vars: &mut Vars,
    files: &mut Vec<File>,
    out: &mut StepOutput,
) -> Option<String> {
    let cp = &ctx.cluster.control_plane;
    let change = step.pool.as_ref().and_then(|p| p.machine.as_ref());
    let last_hop =
        ctx.plan.steps.iter().rev().find(|s| s.action == Action::UpgradeControlPlane).and_then(|s| s.to.as_ref());
    let version = v_version(to);
    if let (None, Some(image)) = (change.and_then(|c| c.machine_image.as_ref()), cp.machine_image.as_deref()) {
        if image.starts_with("ami-") {
            out.notes.push(format!(
                "the control plane boots {image}: the image must be built for {version}; look one up with `clusterawsadm ami list --kubernetes-version {version}` and add it as a machine change"
            ));
        }
    }
    if let (Some(_), Some(last)) = (change, last_hop.filter(|l| *l != to)) {
        out.notes.push(format!(
            "the control plane's machine change is made with its last hop (to {last}); this hop keeps its current machine template, whose image must also run {version}"
        ));
    }
    let change = change.filter(|_| last_hop == Some(to))?;
    let Some(old) = cp.cluster_api_template() else {
        out.notes
            .push("the control plane names no infrastructure template; the machine change can't be prepared".into());
        return None;
    };
    new_template(n, vars, files, out, old, change, to)
}

/// Writes the machine-change patches and the command that creates the
/// new template from the old one; returns the new template's name, or
/// `None` when no field of the change can be written (a copy that changes
/// nothing would only roll the machines; a MachinePool's infrastructure
/// object is no template, and a copy of it would be a second pool).
pub(super) fn new_template(
    n: usize,
    vars: &mut Vars,
    files: &mut Vec<File>,
    out: &mut StepOutput,
    old: &ObjectRef,
    change: &MachineChange,
    to: &KubeVersion,
) -> Option<String> {
    let base: String = old.name.chars().take(40).collect();
    let new_name = format!("{}-{}", base.trim_end_matches('-'), to.to_string().replace('.', "-"));
    let md = safe_file_part(&change.pool);
    let mut patches = Vec::new();
    let changes = [
        change.machine_image.as_deref().map(|v| (Field::Image, v)),
        change.machine_size.as_deref().map(|v| (Field::Size, v)),
    ];
    for (field, value) in changes.into_iter().flatten() {
        let fields = match capi_template::fields(&old.kind, field, value) {
            Ok(fields) => fields,
            Err(note) => {
                out.notes.push(note);
                continue;
            }
        };
        let f = format!("step-{n:02}-{md}-{}-patch.yaml", field.suffix());
        // No apiVersion: the object read keeps its own (a v1beta2
        // reference names only the group, and a stale version here would
        // relabel the object).
        patches.push((f, format!("spec:\n  template:\n    spec:\n{fields}")));
    }
    if patches.is_empty() {
        return None;
    }
    let meta_file = format!("step-{n:02}-{}-template-name-patch.yaml", safe_file_part(&new_name));
    let meta = format!(
        "metadata:\n  name: {}\n  resourceVersion: null\n  uid: null\n  creationTimestamp: null\n",
        yaml_string(&new_name)
    );
    patches.insert(0, (meta_file, meta));
    let names: Vec<String> = patches.iter().map(|(f, _)| f.clone()).collect();
    for (f, content) in patches {
        push_file(files, out, &f, content);
    }
    out.commands.push(copy_template(vars, old, &names).to_string());
    Some(new_name)
}

/// The old template, patched with each of `patches` on the way, applied as
/// the new one.
fn copy_template(vars: &mut Vars, old: &ObjectRef, patches: &[String]) -> CommandLine {
    // The template in the version the management cluster prefers, whatever
    // the reference names: a provider may no longer serve that version
    // (cluster-api-provider-aws v2.11 serves AWSMachineTemplate v1beta2
    // only), and the patches set fields every served version has.
    let res = resource(vars, &old.kind, group(&old.api));
    let old_name = vars.word(&old.name, names::kube_name, "TEMPLATE_", "machine template name");
    let mut pipeline = CommandLine::new("kubectl")
        .lit("get")
        .word(res)
        .word(old_name)
        .opt("--namespace", ns())
        .word(Word::lit("--output=yaml"));
    for p in patches {
        pipeline = pipeline.pipe(
            CommandLine::new("kubectl")
                .lit("patch")
                .word(Word::lit("--local=true"))
                .lit("-f-")
                .word(Word::lit("--type=merge"))
                .word(Word::flag_value("--patch-file", p))
                .word(Word::lit("--output=yaml")),
        );
    }
    // `apply` rather than `create`: running the script again finds the
    // template in place and changes nothing.
    pipeline.pipe(CommandLine::new("kubectl").lit("apply").lit("-f-"))
}
