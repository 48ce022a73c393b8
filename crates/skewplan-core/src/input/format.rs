//! The input formats Skewplan recognises, with their stable ids and the
//! names users know them by.

/// The input formats Skewplan recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    AksCluster,
    AksClusterList,
    AksNodePool,
    AksNodePoolList,
    AksUpgradeProfile,
    AksNodePoolUpgradeProfile,
    AksNodePoolVersions,
    AksVersions,
    AksEngineApimodel,
    ArmTemplate,
    ClusterApi,
    KonvoyV1,
    KubectlNodes,
    EksCluster,
    EksNodegroup,
    GkeCluster,
    GkeNodePool,
    TerraformPlan,
    TerraformState,
}

/// What the page's paste area says it reads: every format, by the command
/// that prints it (a test checks that none is left out).
pub const PASTE_HINT: &str = "Paste what your tool printed: az aks show, az aks list, az aks nodepool list, az aks \
     nodepool show, az aks get-upgrades, az aks nodepool get-upgrades or az aks get-versions (JSON, or -o table for \
     show, list, nodepool list and get-upgrades), an AKS REST API response, an aks-engine apimodel.json or ARM \
     template, Cluster API or Konvoy v1 cluster.yaml YAML, kubectl get nodes (-o json, -o wide or plain), aws eks \
     describe-cluster or aws eks describe-nodegroup, gcloud container clusters describe or gcloud container \
     node-pools describe, terraform show -json of a state or terraform show -json PLANFILE of a saved plan (AKS in \
     Terraform). The command line, the prompt and az warnings may stay in. You can also drop a file here.";

impl Format {
    /// The stable id used in the plan JSON (`input.format`).
    pub fn id(self) -> &'static str {
        match self {
            Format::AksCluster => "aks-cluster",
            Format::AksClusterList => "aks-cluster-list",
            Format::AksNodePool => "aks-node-pool",
            Format::AksNodePoolList => "aks-node-pool-list",
            Format::AksUpgradeProfile => "aks-upgrade-profile",
            Format::AksNodePoolUpgradeProfile => "aks-node-pool-upgrade-profile",
            Format::AksNodePoolVersions => "aks-node-pool-versions",
            Format::AksVersions => "aks-versions",
            Format::AksEngineApimodel => "aks-engine-apimodel",
            Format::ArmTemplate => "arm-template",
            Format::ClusterApi => "cluster-api",
            Format::KonvoyV1 => "konvoy-v1",
            Format::KubectlNodes => "kubectl-nodes",
            Format::EksCluster => "eks-cluster",
            Format::EksNodegroup => "eks-nodegroup",
            Format::GkeCluster => "gke-cluster",
            Format::GkeNodePool => "gke-node-pool",
            Format::TerraformPlan => "terraform-plan",
            Format::TerraformState => "terraform-state",
        }
    }

    /// What a user calls it.
    pub fn title(self) -> &'static str {
        match self {
            Format::AksCluster => "AKS managed cluster (az aks show)",
            Format::AksClusterList => "AKS managed cluster list (az aks list)",
            Format::AksNodePool => "AKS node pool (az aks nodepool show)",
            Format::AksNodePoolList => "AKS node pool list (az aks nodepool list)",
            Format::AksUpgradeProfile => "AKS upgrade profile (az aks get-upgrades)",
            Format::AksNodePoolUpgradeProfile => "AKS node pool upgrade profile (az aks nodepool get-upgrades)",
            Format::AksNodePoolVersions => "AKS node pool available versions",
            Format::AksVersions => "AKS version list (az aks get-versions)",
            Format::AksEngineApimodel => "aks-engine API model (apimodel.json)",
            Format::ArmTemplate => "ARM template",
            Format::ClusterApi => "Cluster API objects",
            Format::KonvoyV1 => "Konvoy v1 cluster.yaml",
            Format::KubectlNodes => "node list (kubectl get nodes -o json)",
            Format::EksCluster => "EKS cluster (aws eks describe-cluster)",
            Format::EksNodegroup => "EKS node group (aws eks describe-nodegroup)",
            Format::GkeCluster => "GKE cluster (gcloud container clusters describe)",
            Format::GkeNodePool => "GKE node pool (gcloud container node-pools describe)",
            Format::TerraformPlan => "Terraform plan (terraform show -json PLANFILE)",
            Format::TerraformState => "Terraform state (terraform show -json)",
        }
    }

    /// True for formats that list versions rather than describe a cluster.
    pub fn is_version_list(self) -> bool {
        matches!(
            self,
            Format::AksUpgradeProfile
                | Format::AksNodePoolUpgradeProfile
                | Format::AksNodePoolVersions
                | Format::AksVersions
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the paste hint must name for each format (the match makes a new
    /// format fail to compile here until the hint names it).
    fn named_as(format: Format) -> &'static str {
        match format {
            Format::AksCluster => "az aks show",
            Format::AksClusterList => "az aks list",
            Format::AksNodePool => "az aks nodepool show",
            Format::AksNodePoolList => "az aks nodepool list",
            Format::AksUpgradeProfile => "az aks get-upgrades",
            Format::AksNodePoolUpgradeProfile => "az aks nodepool get-upgrades",
            Format::AksNodePoolVersions => "AKS REST API response",
            Format::AksVersions => "az aks get-versions",
            Format::AksEngineApimodel => "apimodel.json",
            Format::ArmTemplate => "ARM template",
            Format::ClusterApi => "Cluster API",
            Format::KonvoyV1 => "Konvoy v1 cluster.yaml",
            Format::KubectlNodes => "kubectl get nodes",
            Format::EksCluster => "aws eks describe-cluster",
            Format::EksNodegroup => "aws eks describe-nodegroup",
            Format::GkeCluster => "gcloud container clusters describe",
            Format::GkeNodePool => "gcloud container node-pools describe",
            Format::TerraformPlan => "terraform show -json PLANFILE",
            Format::TerraformState => "terraform show -json of a state",
        }
    }

    #[test]
    fn the_paste_hint_names_every_format() {
        let all = [
            Format::AksCluster,
            Format::AksClusterList,
            Format::AksNodePool,
            Format::AksNodePoolList,
            Format::AksUpgradeProfile,
            Format::AksNodePoolUpgradeProfile,
            Format::AksNodePoolVersions,
            Format::AksVersions,
            Format::AksEngineApimodel,
            Format::ArmTemplate,
            Format::ClusterApi,
            Format::KonvoyV1,
            Format::KubectlNodes,
            Format::EksCluster,
            Format::EksNodegroup,
            Format::GkeCluster,
            Format::GkeNodePool,
            Format::TerraformPlan,
            Format::TerraformState,
        ];
        for f in all {
            assert!(PASTE_HINT.contains(named_as(f)), "the paste hint does not name {} ({})", f.title(), named_as(f));
            // The command in the title, where it has one, is the one the hint names.
            if let Some(command) = f.title().split_once('(').map(|(_, c)| c.trim_end_matches(')')) {
                let command = command.split(" -o ").next().unwrap_or(command);
                assert!(PASTE_HINT.contains(command) || command.ends_with("apimodel.json"), "{command}");
            }
        }
        assert!(PASTE_HINT.contains("-o table") && PASTE_HINT.contains("-o wide"));
    }
}
