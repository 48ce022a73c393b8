//! A MachinePool's machines are described by its infrastructure object
//! (AzureMachinePool, AWSMachinePool), which is mutable, not by an immutable
//! machine template: a machine change is a merge patch of that object, and
//! its provider rolls the instances (a new scale-set model, a new launch
//! template version). Kinds whose fields are not known get a note.
//!
//! Sources:
//! - AzureMachinePool: `spec.template.vmSize`, `spec.template.image` (the
//!   same `Image` type as AzureMachineTemplate)
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-azure/blob/main/exp/api/v1beta1/azuremachinepool_types.go>).
//! - AWSMachinePool: `spec.awsLaunchTemplate.instanceType`,
//!   `spec.awsLaunchTemplate.ami.id`
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-aws/blob/main/exp/api/v1beta2/types.go>).

use super::capi::{kubectl_patch, push_file, resource, safe_file_part, yaml_string};
use super::capi_template::{self, Field};
use super::shell::names;
use super::File;
use super::{StepOutput, Vars};
use crate::model::ObjectRef;
use crate::plan::MachineChange;

/// The `spec` lines (indented two spaces) that set `value` as `field` on a
/// MachinePool infrastructure object of `kind`, or why it can't be done.
/// The values are checked as for the provider's machine template, whose
/// fields these are.
pub(super) fn fields(kind: &str, field: Field, value: &str) -> Result<String, String> {
    let (template_kind, parent) = match kind {
        "AzureMachinePool" => ("AzureMachineTemplate", "template"),
        "AWSMachinePool" => ("AWSMachineTemplate", "awsLaunchTemplate"),
        _ => {
            return Err(format!(
                "a MachinePool's machines are set by its {kind}, and Skewplan does not know which of its fields holds the {}: change it on that object by hand (its provider then replaces the instances)",
                if field == Field::Image { "machine image" } else { "machine size" }
            ))
        }
    };
    let lines = capi_template::fields(template_kind, field, value).map_err(|e| e.replace(template_kind, kind))?;
    // The template's lines sit under spec.template.spec (six spaces); here
    // they sit under spec.<parent> (four).
    let body: String = lines.lines().map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l))).collect();
    Ok(format!("  {parent}:\n{body}"))
}

/// The merge patches of a MachinePool's infrastructure object for
/// `change`, applied in place (before the MachinePool's version patch).
pub(super) fn patch(
    n: usize,
    vars: &mut Vars,
    files: &mut Vec<File>,
    out: &mut StepOutput,
    infra: &ObjectRef,
    change: &MachineChange,
) {
    let changes = [
        change.machine_image.as_deref().map(|v| (Field::Image, v)),
        change.machine_size.as_deref().map(|v| (Field::Size, v)),
    ];
    for (field, value) in changes.into_iter().flatten() {
        let spec = match fields(&infra.kind, field, value) {
            Ok(spec) => spec,
            Err(note) => {
                out.notes.push(note);
                continue;
            }
        };
        let file = format!("step-{n:02}-{}-{}-patch.yaml", safe_file_part(&infra.name), field.suffix());
        // A v1beta2 reference names the group only (`apiGroup`), which is no
        // apiVersion: the patch then names none, and kubectl patches the
        // version the server prefers.
        let api =
            if infra.api.contains('/') { format!("apiVersion: {}\n", yaml_string(&infra.api)) } else { String::new() };
        let content = format!("{api}kind: {}\nspec:\n{spec}", yaml_string(&infra.kind));
        push_file(files, out, &file, content);
        let res = resource(vars, &infra.kind, &infra.api);
        let name = vars.word(&infra.name, names::kube_name, "INFRA_POOL_", "MachinePool infrastructure object name");
        out.commands.push(kubectl_patch(&res, &name, &file));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_pool_objects_take_their_own_fields() {
        let table: &[(&str, Field, &str, &str)] = &[
            ("AzureMachinePool", Field::Size, "Standard_D4s_v5", "  template:\n    vmSize: \"Standard_D4s_v5\"\n"),
            (
                "AzureMachinePool",
                Field::Image,
                "/subscriptions/x/images/capi",
                "  template:\n    image:\n      id: \"/subscriptions/x/images/capi\"\n      sharedGallery: null\n      marketplace: null\n      computeGallery: null\n",
            ),
            ("AWSMachinePool", Field::Size, "m5.xlarge", "  awsLaunchTemplate:\n    instanceType: \"m5.xlarge\"\n"),
            (
                "AWSMachinePool",
                Field::Image,
                "ami-0123456789abcdef0",
                "  awsLaunchTemplate:\n    ami:\n      id: \"ami-0123456789abcdef0\"\n",
            ),
        ];
        for (kind, field, value, want) in table {
            assert_eq!(fields(kind, *field, value).as_deref(), Ok(*want), "{kind} {field:?}");
        }
    }

    #[test]
    fn other_kinds_and_bad_values_get_a_note() {
        let e = fields("DockerMachinePool", Field::Image, "kindest/node:v1.33.4").unwrap_err();
        assert!(e.starts_with("a MachinePool's machines are set by its DockerMachinePool"), "{e}");
        let e = fields("AWSMachinePool", Field::Image, "not-an-ami").unwrap_err();
        assert!(e.contains("not an AMI id"), "{e}");
        let e = fields("AzureMachinePool", Field::Size, "m5.large").unwrap_err();
        assert!(e.contains("not valid for AzureMachinePool"), "{e}");
    }
}
