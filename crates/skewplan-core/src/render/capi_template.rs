//! The fields of an infrastructure machine template that a machine-size or
//! machine-image change writes, per template kind. Each is a merge patch of
//! `spec.template.spec`; a kind whose field can't be set from one value, or
//! an unknown kind, gets a note instead of a guess.
//!
//! Sources (the providers' machine spec types):
//! - AWSMachineTemplate: `instanceType`, `ami.id`
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-aws/blob/main/api/v1beta2/awsmachine_types.go>).
//! - AzureMachineTemplate: `vmSize`; `image` is one of `id`, `sharedGallery`,
//!   `marketplace`, `computeGallery`, so the others are removed
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-azure/blob/main/api/v1beta1/azuremachine_types.go>,
//!   <https://github.com/kubernetes-sigs/cluster-api-provider-azure/blob/main/api/v1beta1/types.go>).
//! - GCPMachineTemplate: `instanceType`; `image` (a full image reference,
//!   which takes precedence over `imageFamily`)
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-gcp/blob/main/api/v1beta1/gcpmachine_types.go>).
//! - VSphereMachineTemplate: `template` (the VM template to clone); its size
//!   is `numCPUs` and `memoryMiB`
//!   (<https://github.com/kubernetes-sigs/cluster-api-provider-vsphere/blob/main/apis/v1beta1/types.go>).
//! - DockerMachineTemplate: `customImage`; no size
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/test/infrastructure/docker/api/v1beta1/dockermachine_types.go>).
//! - NutanixMachineTemplate: `image` is `{type: name|uuid, name, uuid}` and
//!   excludes `imageLookup`; its size is `vcpusPerSocket`, `vcpuSockets`,
//!   `memorySize`
//!   (<https://github.com/nutanix-cloud-native/cluster-api-provider-nutanix/blob/main/api/v1beta1/nutanixmachine_types.go>).

use super::shell::names;

/// What a machine change sets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Field {
    Image,
    Size,
}

impl Field {
    /// The file-name suffix of its patch.
    pub(super) fn suffix(self) -> &'static str {
        match self {
            Field::Image => "machine-image",
            Field::Size => "machine-type",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Field::Image => "machine image",
            Field::Size => "machine size",
        }
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A value written into YAML as a JSON string: any text is inert there, but
/// control characters and absurd lengths are refused.
fn plain_value(s: &str) -> bool {
    (1..=1024).contains(&s.len()) && !s.chars().any(char::is_control)
}

fn uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// The `spec.template.spec` lines (indented six spaces) that set `value`
/// as `field` in a template of `kind`, or why it can't be done.
pub(super) fn fields(kind: &str, field: Field, value: &str) -> Result<String, String> {
    let q = quoted(value);
    let invalid =
        || Err(format!("the {} {} is not valid for {kind}; its patch was left out", field.what(), shell_quoted(value)));
    match (kind, field) {
        ("AWSMachineTemplate", Field::Image) if names::ami(value) => Ok(format!("      ami:\n        id: {q}\n")),
        ("AWSMachineTemplate", Field::Image) => Err(format!(
            "the machine image {} is not an AMI id (ami- and 8 to 17 hex digits); the image patch was left out",
            shell_quoted(value)
        )),
        ("AWSMachineTemplate" | "GCPMachineTemplate", Field::Size) if names::instance_type(value) => {
            Ok(format!("      instanceType: {q}\n"))
        }
        ("AzureMachineTemplate", Field::Size) if names::vm_size(value) => Ok(format!("      vmSize: {q}\n")),
        ("AzureMachineTemplate", Field::Image) if plain_value(value) => Ok(format!(
            "      image:\n        id: {q}\n        sharedGallery: null\n        marketplace: null\n        computeGallery: null\n"
        )),
        ("GCPMachineTemplate", Field::Image) if plain_value(value) => Ok(format!("      image: {q}\n")),
        ("VSphereMachineTemplate", Field::Image) if plain_value(value) => Ok(format!("      template: {q}\n")),
        ("DockerMachineTemplate", Field::Image) if plain_value(value) => Ok(format!("      customImage: {q}\n")),
        ("NutanixMachineTemplate", Field::Image) if plain_value(value) => {
            let (t, other) = if uuid(value) { ("uuid", "name") } else { ("name", "uuid") };
            Ok(format!(
                "      image:\n        type: {t}\n        {t}: {q}\n        {other}: null\n      imageLookup: null\n"
            ))
        }
        ("VSphereMachineTemplate", Field::Size) => Err(format!(
            "a {kind}'s size is numCPUs and memoryMiB, which one machine size can't set; change them in the new template by hand"
        )),
        ("NutanixMachineTemplate", Field::Size) => Err(format!(
            "a {kind}'s size is vcpusPerSocket, vcpuSockets and memorySize, which one machine size can't set; change them in the new template by hand"
        )),
        ("DockerMachineTemplate", Field::Size) => {
            Err(format!("a {kind} has no machine size; the size change was left out"))
        }
        (
            "AWSMachineTemplate" | "AzureMachineTemplate" | "GCPMachineTemplate" | "VSphereMachineTemplate"
            | "DockerMachineTemplate" | "NutanixMachineTemplate",
            _,
        ) => invalid(),
        _ => Err(format!(
            "Skewplan does not know which field of a {kind} holds the {}; set it in the new template by hand",
            field.what()
        )),
    }
}

fn shell_quoted(s: &str) -> String {
    super::shell::quote(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_writes_its_own_fields() {
        const AZURE_IMAGE: &str = "      image:\n        id: \"/subscriptions/x/images/capi\"\n        sharedGallery: null\n        marketplace: null\n        computeGallery: null\n";
        const GCP_IMAGE: &str = "      image: \"projects/p/global/images/capi-1-33\"\n";
        const NUTANIX_NAME: &str =
            "      image:\n        type: name\n        name: \"prism-image-1.33\"\n        uuid: null\n      imageLookup: null\n";
        const NUTANIX_UUID: &str = "      image:\n        type: uuid\n        uuid: \"0a1b2c3d-0000-4000-8000-0123456789ab\"\n        name: null\n      imageLookup: null\n";
        let table: &[(&str, Field, &str, &str)] = &[
            (
                "AWSMachineTemplate",
                Field::Image,
                "ami-0123456789abcdef0",
                "      ami:\n        id: \"ami-0123456789abcdef0\"\n",
            ),
            ("AWSMachineTemplate", Field::Size, "m5.xlarge", "      instanceType: \"m5.xlarge\"\n"),
            ("AzureMachineTemplate", Field::Size, "Standard_D4s_v5", "      vmSize: \"Standard_D4s_v5\"\n"),
            ("AzureMachineTemplate", Field::Image, "/subscriptions/x/images/capi", AZURE_IMAGE),
            ("GCPMachineTemplate", Field::Size, "n2-standard-4", "      instanceType: \"n2-standard-4\"\n"),
            ("GCPMachineTemplate", Field::Image, "projects/p/global/images/capi-1-33", GCP_IMAGE),
            (
                "VSphereMachineTemplate",
                Field::Image,
                "ubuntu-2204-kube-v1.33.4",
                "      template: \"ubuntu-2204-kube-v1.33.4\"\n",
            ),
            (
                "DockerMachineTemplate",
                Field::Image,
                "kindest/node:v1.33.4",
                "      customImage: \"kindest/node:v1.33.4\"\n",
            ),
            ("NutanixMachineTemplate", Field::Image, "prism-image-1.33", NUTANIX_NAME),
            ("NutanixMachineTemplate", Field::Image, "0a1b2c3d-0000-4000-8000-0123456789ab", NUTANIX_UUID),
        ];
        for (kind, field, value, want) in table {
            assert_eq!(fields(kind, *field, value).as_deref(), Ok(*want), "{kind} {field:?}");
        }
    }

    #[test]
    fn sizes_that_are_several_fields_and_unknown_kinds_are_refused_with_a_note() {
        for (kind, field, value, note) in [
            ("VSphereMachineTemplate", Field::Size, "m5.large", "numCPUs and memoryMiB"),
            ("NutanixMachineTemplate", Field::Size, "4x8Gi", "vcpusPerSocket"),
            ("DockerMachineTemplate", Field::Size, "large", "no machine size"),
            ("OpenStackMachineTemplate", Field::Image, "ubuntu-2204-kube-v1.33.4", "does not know which field"),
            ("OpenStackMachineTemplate", Field::Size, "m1.large", "does not know which field"),
            ("AWSMachineTemplate", Field::Image, "ubuntu-22.04", "not an AMI id"),
            ("AzureMachineTemplate", Field::Size, "m5.large", "not valid for AzureMachineTemplate"),
        ] {
            let e = fields(kind, field, value).expect_err(kind);
            assert!(e.contains(note), "{kind} {field:?}: {e}");
        }
    }
}
