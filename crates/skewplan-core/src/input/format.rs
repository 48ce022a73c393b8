//! The input formats Skewplan recognises, with their stable ids and the
//! names users know them by.

use serde::Serialize;

/// The input formats Skewplan recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
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

impl Format {
    /// The stable id used in the plan JSON (`input.format`).
    pub fn id(self) -> &'static str {
        self.names().0
    }

    /// What a user calls it.
    pub fn title(self) -> &'static str {
        self.names().1
    }

    /// The id and the title.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Format::AksCluster => ("aks-cluster", "AKS managed cluster (az aks show)"),
            Format::AksClusterList => ("aks-cluster-list", "AKS managed cluster list (az aks list)"),
            Format::AksNodePool => ("aks-node-pool", "AKS node pool (az aks nodepool show)"),
            Format::AksNodePoolList => ("aks-node-pool-list", "AKS node pool list (az aks nodepool list)"),
            Format::AksUpgradeProfile => ("aks-upgrade-profile", "AKS upgrade profile (az aks get-upgrades)"),
            Format::AksNodePoolUpgradeProfile => {
                ("aks-node-pool-upgrade-profile", "AKS node pool upgrade profile (az aks nodepool get-upgrades)")
            }
            Format::AksNodePoolVersions => ("aks-node-pool-versions", "AKS node pool available versions"),
            Format::AksVersions => ("aks-versions", "AKS version list (az aks get-versions)"),
            Format::AksEngineApimodel => ("aks-engine-apimodel", "aks-engine API model (apimodel.json)"),
            Format::ArmTemplate => ("arm-template", "ARM template"),
            Format::ClusterApi => ("cluster-api", "Cluster API objects"),
            Format::KonvoyV1 => ("konvoy-v1", "Konvoy v1 cluster.yaml"),
            Format::KubectlNodes => ("kubectl-nodes", "node list (kubectl get nodes -o json)"),
            Format::EksCluster => ("eks-cluster", "EKS cluster (aws eks describe-cluster)"),
            Format::EksNodegroup => ("eks-nodegroup", "EKS node group (aws eks describe-nodegroup)"),
            Format::GkeCluster => ("gke-cluster", "GKE cluster (gcloud container clusters describe)"),
            Format::GkeNodePool => ("gke-node-pool", "GKE node pool (gcloud container node-pools describe)"),
            Format::TerraformPlan => ("terraform-plan", "Terraform plan (terraform show -json PLANFILE)"),
            Format::TerraformState => ("terraform-state", "Terraform state (terraform show -json)"),
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
