//! The domain model every input becomes: a cluster with a control plane and
//! node pools, whatever tool printed it.

mod details;
mod managed;
mod versions;

pub use details::{
    AksSettings, Availability, AzurePoolSettings, AzureStack, ClusterDetails, ConfigOrigin, ControlPlaneDetails,
    EmbeddedVersion, HeldWorker, ObjectRef, PoolDetails, TerraformAttribute, TerraformSource, TopologyUpgrade,
};
pub use managed::ManagedControlPlane;
pub use versions::{OfferedVersion, VersionList};

use crate::path::FieldPath;
use crate::version::KubeVersion;

/// Who runs the cluster, which decides the policy and the commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// Azure Kubernetes Service (managed).
    Aks,
    /// aks-engine (self-managed on Azure or Azure Stack Hub).
    AksEngine,
    /// Cluster API (including Konvoy / DKP and EKS Anywhere).
    ClusterApi,
    /// Amazon EKS (read into the model; planned with the upstream policy).
    Eks,
    /// Google GKE (read into the model; planned with the upstream policy).
    Gke,
    /// Anything else, such as a plain node list.
    Generic,
}

crate::named::named!(Provider {
    Aks => "aks",
    AksEngine => "aks-engine",
    ClusterApi => "cluster-api",
    Eks => "eks",
    Gke => "gke",
    Generic => "generic",
});

/// What a resource is doing now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceState {
    /// Idle and healthy (`Succeeded`, `ACTIVE`, `RUNNING`, rollout complete).
    Succeeded,
    /// An operation is under way; the string is the provider's word for it
    /// (`Upgrading`, `UpgradingNodeImageVersion`, `Creating`, `rolling out`).
    Busy(String),
    /// The last operation failed; the string is the provider's word for it.
    Failed(String),
    /// Stopped (deallocated); it must be started before anything else.
    Stopped,
    /// The input does not say.
    Unknown,
}

impl ResourceState {
    /// Reads an Azure `provisioningState` and `powerState.code`.
    pub fn from_azure(provisioning: Option<&str>, power: Option<&str>) -> Self {
        if power.is_some_and(|p| p.eq_ignore_ascii_case("Stopped")) {
            return ResourceState::Stopped;
        }
        match provisioning {
            None => ResourceState::Unknown,
            Some(p) if p.eq_ignore_ascii_case("Succeeded") => ResourceState::Succeeded,
            Some(p) if p.eq_ignore_ascii_case("Failed") || p.eq_ignore_ascii_case("Canceled") => {
                ResourceState::Failed(p.to_string())
            }
            Some(p) => ResourceState::Busy(p.to_string()),
        }
    }
}

/// Short human text: `Succeeded`, `busy (Upgrading)`, `failed (Failed)`.
impl std::fmt::Display for ResourceState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResourceState::Succeeded => f.write_str("Succeeded"),
            ResourceState::Busy(op) => write!(f, "busy ({op})"),
            ResourceState::Failed(s) => write!(f, "failed ({s})"),
            ResourceState::Stopped => f.write_str("Stopped"),
            ResourceState::Unknown => f.write_str("unknown"),
        }
    }
}

/// System pools host critical add-ons; user pools host workloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolMode {
    System,
    User,
}

impl PoolMode {
    /// As AKS spells it (`agentPoolProfiles[].mode`, `az aks nodepool add --mode`).
    pub fn name(self) -> &'static str {
        match self {
            PoolMode::System => "System",
            PoolMode::User => "User",
        }
    }
}

/// AKS `upgradeSettings.maxSurge`: a node count or a percentage of the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxSurge {
    Nodes(u64),
    Percent(u64),
}

impl MaxSurge {
    /// Parses `"33%"`, `"5"` or `5`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if let Some(p) = t.strip_suffix('%') {
            p.trim().parse().ok().filter(|p| *p <= 100).map(MaxSurge::Percent)
        } else {
            t.parse().ok().map(MaxSurge::Nodes)
        }
    }

    /// Surge nodes for a pool of `count` nodes: ceil(percent × count) or the
    /// integer (at least one node while the pool has nodes).
    pub fn nodes_for(self, count: u64) -> u64 {
        match self {
            MaxSurge::Nodes(n) => n,
            MaxSurge::Percent(p) => (p * count).div_ceil(100).max(u64::from(count > 0 && p > 0)),
        }
    }
}

impl std::str::FromStr for MaxSurge {
    type Err = String;

    fn from_str(s: &str) -> Result<MaxSurge, String> {
        MaxSurge::parse(s)
            .ok_or_else(|| format!("`{s}` is not a surge: use a node count such as 1 or a percentage such as 33%"))
    }
}

impl std::fmt::Display for MaxSurge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MaxSurge::Nodes(n) => write!(f, "{n}"),
            MaxSurge::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// A group of worker nodes upgraded together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    /// The pool's name as the provider knows it (AKS pool, MachineDeployment, node-name prefix).
    pub name: String,
    /// System or user pool (AKS); a user pool elsewhere.
    pub mode: PoolMode,
    /// The version the nodes run now (`currentOrchestratorVersion`, kubelet).
    pub version: Option<KubeVersion>,
    /// The version asked for when it differs from `version`
    /// (`orchestratorVersion` during an upgrade).
    pub requested_version: Option<KubeVersion>,
    /// Whether the provider is busy with, or failed on, the pool.
    pub state: ResourceState,
    /// The node image version (AKS `nodeImageVersion`) or machine image.
    pub node_image: Option<String>,
    /// Provider-specific facts the rules and commands need.
    pub details: PoolDetails,
    /// Nodes now, when the input says.
    pub count: Option<u64>,
    /// Autoscaler bounds when the autoscaler is on.
    pub autoscale: Option<(u64, u64)>,
    /// Extra nodes added during an upgrade (`upgradeSettings.maxSurge`).
    pub max_surge: Option<MaxSurge>,
    /// VM size or instance type.
    pub machine_size: Option<String>,
    /// Operating system family (`Linux`, `Windows`).
    pub os: Option<String>,
    /// Where the pool is in the input.
    pub source: FieldPath,
}

impl Pool {
    /// A user pool of which nothing is known yet but its name and where it
    /// is in the input.
    pub fn new(name: String, source: FieldPath) -> Self {
        Pool {
            name,
            mode: PoolMode::User,
            version: None,
            requested_version: None,
            count: None,
            autoscale: None,
            machine_size: None,
            os: None,
            node_image: None,
            state: ResourceState::Unknown,
            max_surge: None,
            details: PoolDetails::Other,
            source,
        }
    }
}

/// The control plane: API servers, controller manager and scheduler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlPlane {
    /// The version the control plane runs now.
    pub version: Option<KubeVersion>,
    /// The version asked for when it differs from `version`.
    pub requested_version: Option<KubeVersion>,
    /// Versions of individual API server instances when the input shows
    /// them (control-plane nodes of a node list).
    pub instance_versions: Vec<KubeVersion>,
    /// Whether the provider is busy with, or failed on, the control plane.
    pub state: ResourceState,
    /// Provider-specific facts the rules and commands need.
    pub details: ControlPlaneDetails,
    /// Machines (self-managed control planes).
    pub replicas: Option<u64>,
    /// VM size of its machines (self-managed control planes).
    pub machine_size: Option<String>,
    /// The machine image its machine template pins (Cluster API).
    pub machine_image: Option<String>,
    /// Where the control plane is in the input.
    pub source: FieldPath,
}

impl ControlPlane {
    pub fn new(source: FieldPath) -> Self {
        ControlPlane {
            version: None,
            requested_version: None,
            instance_versions: Vec::new(),
            state: ResourceState::Unknown,
            replicas: None,
            machine_size: None,
            machine_image: None,
            details: ControlPlaneDetails::Other,
            source,
        }
    }

    /// How aks-engine masters are grouped, when the input says.
    pub fn availability(&self) -> Option<Availability> {
        match self.details {
            ControlPlaneDetails::Azure { availability } => availability,
            _ => None,
        }
    }

    /// The Cluster API control-plane object, when the input has one.
    pub fn cluster_api_object(&self) -> Option<&ObjectRef> {
        match &self.details {
            ControlPlaneDetails::ClusterApi { object, .. } => Some(object),
            _ => None,
        }
    }

    /// Where a Cluster API control plane's kubeadm pulls its images from.
    pub fn image_repository(&self) -> Option<&str> {
        match &self.details {
            ControlPlaneDetails::ClusterApi { image_repository, .. } => image_repository.as_deref(),
            _ => None,
        }
    }

    /// The infrastructure machine template of a Cluster API control plane.
    pub fn cluster_api_template(&self) -> Option<&ObjectRef> {
        match &self.details {
            ControlPlaneDetails::ClusterApi { infrastructure_ref, .. } => infrastructure_ref.as_ref(),
            _ => None,
        }
    }
}

/// A cluster, whatever printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Who runs the cluster, and so which rules and commands apply.
    pub provider: Provider,
    /// The cluster's name, as the commands need it.
    pub name: String,
    /// The control plane and what is known of it.
    pub control_plane: ControlPlane,
    /// Worker pools in input order.
    pub pools: Vec<Pool>,
    /// Provider-specific facts the rules and commands need.
    pub details: ClusterDetails,
    /// Azure resource group (AKS, aks-engine).
    pub resource_group: Option<String>,
    /// Azure region or cloud location, when the input says.
    pub location: Option<String>,
    /// Where the cluster is in the input.
    pub source: FieldPath,
}

impl Cluster {
    /// A cluster with no pools, resource group, location or provider details
    /// yet.
    pub fn new(provider: Provider, name: String, control_plane: ControlPlane, source: FieldPath) -> Self {
        Cluster {
            provider,
            name,
            resource_group: None,
            location: None,
            control_plane,
            pools: Vec::new(),
            details: ClusterDetails::Other,
            source,
        }
    }

    pub fn pool(&self, name: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| p.name == name)
    }

    /// The AKS settings of an AKS cluster.
    pub fn aks_settings(&self) -> Option<&AksSettings> {
        match &self.details {
            ClusterDetails::Aks(settings) => Some(settings),
            _ => None,
        }
    }

    /// Where Terraform keeps this AKS cluster's versions, when it was read
    /// from `terraform show -json`.
    pub fn terraform(&self) -> Option<&TerraformSource> {
        self.aks_settings().and_then(|s| s.terraform.as_deref())
    }

    /// aks-engine on Azure Stack Hub: how it authenticates.
    pub fn azure_stack(&self) -> Option<&AzureStack> {
        match &self.details {
            ClusterDetails::AksEngine { azure_stack } => azure_stack.as_ref(),
            _ => None,
        }
    }

    /// The Cluster object's namespace (Cluster API), when the input says.
    pub fn namespace(&self) -> Option<&str> {
        match &self.details {
            ClusterDetails::ClusterApi { namespace, .. } => namespace.as_deref(),
            _ => None,
        }
    }

    /// How the topology controller upgrades a Cluster API cluster with a
    /// managed topology; `None` for every other cluster.
    pub fn topology_upgrade(&self) -> Option<&TopologyUpgrade> {
        match &self.details {
            ClusterDetails::ClusterApi { topology: Some(_), topology_upgrade, .. } => Some(topology_upgrade),
            _ => None,
        }
    }

    /// A topology cluster whose ClusterClass lets the topology controller
    /// upgrade over several minors itself (chained upgrade).
    pub fn chained_topology(&self) -> bool {
        self.topology_upgrade().is_some_and(|t| !t.class_versions.is_empty())
    }

    /// The Cluster object of a Cluster API cluster with a managed topology.
    pub fn capi_topology(&self) -> Option<&ObjectRef> {
        match &self.details {
            ClusterDetails::ClusterApi { topology, .. } => topology.as_ref(),
            _ => None,
        }
    }
}
