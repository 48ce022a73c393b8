//! Cluster API clusters whose control plane a cloud runs: CAPZ on AKS
//! (`AzureManagedControlPlane`, `AzureASOManagedControlPlane`) and CAPA on
//! EKS (`AWSManagedControlPlane`). They are Cluster API objects, planned with
//! the cloud's own rules.

use super::{Cluster, ControlPlane, ControlPlaneDetails, EmbeddedVersion, Pool, PoolDetails};

/// Which managed control plane a Cluster API cluster has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManagedControlPlane {
    /// CAPZ `AzureManagedControlPlane` (infrastructure.cluster.x-k8s.io/v1beta1).
    Aks,
    /// CAPZ `AzureASOManagedControlPlane`: the AKS cluster is an Azure Service
    /// Operator `ManagedCluster` embedded in `spec.resources`.
    AksAso,
    /// CAPA `AWSManagedControlPlane` (controlplane.cluster.x-k8s.io/v1beta2).
    Eks,
}

impl ManagedControlPlane {
    /// The managed control plane of this object kind, if it is one.
    pub fn of_kind(kind: &str) -> Option<Self> {
        match kind {
            "AzureManagedControlPlane" => Some(ManagedControlPlane::Aks),
            "AzureASOManagedControlPlane" => Some(ManagedControlPlane::AksAso),
            "AWSManagedControlPlane" => Some(ManagedControlPlane::Eks),
            _ => None,
        }
    }

    /// Runs on AKS (either CAPZ API).
    pub fn is_aks(self) -> bool {
        matches!(self, ManagedControlPlane::Aks | ManagedControlPlane::AksAso)
    }
}

impl Cluster {
    /// The managed control plane of a Cluster API cluster, if it has one.
    pub fn managed_control_plane(&self) -> Option<ManagedControlPlane> {
        ManagedControlPlane::of_kind(&self.control_plane.cluster_api_object()?.kind)
    }
}

impl ControlPlane {
    /// The version field of the ASO ManagedCluster a CAPZ ASO control plane
    /// embeds.
    pub fn embedded_version(&self) -> Option<&EmbeddedVersion> {
        match &self.details {
            ControlPlaneDetails::ClusterApi { embedded, .. } => embedded.as_ref(),
            _ => None,
        }
    }
}

impl Pool {
    /// The version field of the ASO agent pool a CAPZ ASO machine pool
    /// embeds.
    pub fn embedded_version(&self) -> Option<&EmbeddedVersion> {
        match &self.details {
            PoolDetails::ClusterApi { embedded, .. } => embedded.as_ref(),
            _ => None,
        }
    }
}
