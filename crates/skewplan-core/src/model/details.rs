//! Provider-specific facts: what only some providers' inputs say, kept
//! apart from the shape every cluster shares.

/// How a pool's virtual machines are grouped on Azure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    VirtualMachineScaleSets,
    AvailabilitySet,
    /// AKS `VirtualMachines` pools.
    VirtualMachines,
}

impl Availability {
    pub fn from_azure(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "virtualmachinescalesets" => Some(Availability::VirtualMachineScaleSets),
            "availabilityset" => Some(Availability::AvailabilitySet),
            "virtualmachines" => Some(Availability::VirtualMachines),
            _ => None,
        }
    }
}

/// A reference to another Kubernetes object (Cluster API templates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// `apiVersion` (v1beta1) or `apiGroup` (v1beta2), as given.
    pub api: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
}

/// A Kubernetes version field of an Azure Service Operator resource that a
/// CAPZ `AzureASOManagedControlPlane` or `AzureASOManagedMachinePool` embeds
/// in `spec.resources` (`capz/api/v1beta1/azureasomanagedcontrolplane_types.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedVersion {
    /// The CAPZ object whose `spec.resources` holds it.
    pub owner: ObjectRef,
    /// Its index in `spec.resources`.
    pub index: usize,
    /// `ManagedCluster` or `ManagedClustersAgentPool`.
    pub kind: String,
    /// The embedded resource's `metadata.name`: the ASO object's name.
    pub name: String,
    /// `kubernetesVersion` or `orchestratorVersion`.
    pub field: &'static str,
    /// Its value, when the resource sets it.
    pub value: Option<String>,
    /// The Cluster API contract field (`spec.version`, the MachinePool's
    /// `spec.template.spec.version`) is set: CAPZ copies it into the
    /// resource and refuses a different value there.
    pub contract_set: bool,
}

/// Provider-specific facts about a pool that the rules and commands need.
// A cluster has a handful of pools; boxing the larger variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolDetails {
    Azure {
        availability: Option<Availability>,
        /// Spot or Regular.
        priority: Option<String>,
        /// What a replacement pool must carry over (AKS).
        settings: Box<AzurePoolSettings>,
    },
    ClusterApi {
        /// `MachineDeployment` or `MachinePool`.
        object_kind: String,
        /// The object's `apiVersion`.
        api_version: String,
        namespace: Option<String>,
        infrastructure_ref: Option<ObjectRef>,
        bootstrap_ref: Option<ObjectRef>,
        /// `status.replicas` and `status.updatedReplicas` when present.
        status_replicas: Option<u64>,
        updated_replicas: Option<u64>,
        /// Machine image and instance type from the infrastructure template.
        machine_image: Option<String>,
        instance_type: Option<String>,
        /// A CAPZ ASO pool's agent pool resource, which may hold the version.
        embedded: Option<EmbeddedVersion>,
    },
    /// Nodes grouped by a pool label in `kubectl get nodes`.
    Nodes {
        nodes: Vec<String>,
        label: String,
    },
    Other,
}

/// How an AKS pool is set up, for a replacement pool (`az aks nodepool add`)
/// to carry over; empty or `None`: the input says it is not set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AzurePoolSettings {
    /// `nodeLabels`.
    pub labels: Vec<(String, String)>,
    /// `nodeTaints` (`key=value:Effect`).
    pub taints: Vec<String>,
    /// `availabilityZones`.
    pub zones: Vec<String>,
    /// `osSKU` (`Ubuntu`, `AzureLinux`, `Windows2022`, ...); the OS family
    /// (`osType`) is the pool's `os`.
    pub os_sku: Option<String>,
    /// `maxPods`.
    pub max_pods: Option<u64>,
    /// `vnetSubnetID`.
    pub vnet_subnet_id: Option<String>,
    /// `podSubnetID`.
    pub pod_subnet_id: Option<String>,
    /// Spot pools: `scaleSetEvictionPolicy` and `spotMaxPrice`.
    pub eviction_policy: Option<String>,
    pub spot_max_price: Option<String>,
    /// The settings the input does not mention at all (by their JSON names):
    /// a replacement can't carry them over.
    pub unknown: Vec<&'static str>,
}

/// Provider-specific facts about a control plane that the rules and
/// commands need.
// One per cluster; boxing the larger variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlPlaneDetails {
    /// aks-engine masters.
    Azure {
        /// Masters in a VM scale set can't be upgraded.
        availability: Option<Availability>,
    },
    /// A Cluster API control-plane object (KubeadmControlPlane or another
    /// `*ControlPlane`).
    ClusterApi {
        object: ObjectRef,
        /// The machine template of its machines.
        infrastructure_ref: Option<ObjectRef>,
        /// `status.replicas` and `status.updatedReplicas` when present.
        status_replicas: Option<u64>,
        updated_replicas: Option<u64>,
        /// kubeadm's `clusterConfiguration.imageRepository`, when given.
        image_repository: Option<String>,
        /// A CAPZ ASO control plane's ManagedCluster resource, which may hold
        /// the version.
        embedded: Option<EmbeddedVersion>,
    },
    Other,
}

/// AKS cluster settings the rules need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AksSettings {
    /// `autoUpgradeProfile.upgradeChannel` (`none`, `patch`, `stable`, ...).
    pub upgrade_channel: Option<String>,
    /// `maxAgentPools` (below 8 means an older cluster that can't do
    /// control-plane-only upgrades).
    pub max_agent_pools: Option<u64>,
    /// `supportPlan`: `AKSLongTermSupport` offers the LTS versions.
    pub support_plan: Option<String>,
    /// Set when the cluster was read from `terraform show -json`: the
    /// versions are Terraform attributes, changed by `terraform apply`.
    pub terraform: Option<Box<TerraformSource>>,
}

/// Where a Terraform-managed AKS cluster keeps its versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerraformSource {
    /// Read from a saved plan (`true`) or a state (`false`).
    pub from_plan: bool,
    /// `kubernetes_version` of the `azurerm_kubernetes_cluster`.
    pub control_plane: TerraformAttribute,
    /// Each pool's `orchestrator_version`, by pool name.
    pub pools: Vec<(String, TerraformAttribute)>,
}

impl TerraformSource {
    pub fn pool(&self, name: &str) -> Option<&TerraformAttribute> {
        self.pools.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// One attribute of one resource instance, and where its value is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerraformAttribute {
    /// `azurerm_kubernetes_cluster.main`, `module.aks.azurerm_kubernetes_cluster_node_pool.user["gpu"]`.
    pub address: String,
    /// `kubernetes_version`, `default_node_pool.orchestrator_version` or `orchestrator_version`.
    pub attribute: &'static str,
    pub origin: ConfigOrigin,
    /// Pools: where `upgrade_settings.max_surge` is written.
    pub surge_origin: ConfigOrigin,
}

/// Where the configuration sets an attribute (a plan's `configuration`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigOrigin {
    /// A literal in the resource block.
    Literal,
    /// The root module's input variable of this name.
    Variable(String),
    /// Another expression (a module input, a local, a data source): these references.
    Expression(String),
    /// Not set: the provider keeps what runs (the attribute is Optional and Computed).
    Unset,
    /// The input has no configuration (a state).
    NotShown,
}

/// Provider-specific facts about a cluster that the rules and commands need.
// One per cluster; boxing the larger variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterDetails {
    Aks(AksSettings),
    ClusterApi {
        /// The Cluster object's namespace.
        namespace: Option<String>,
        /// The Cluster object, when it has a managed topology
        /// (`spec.topology`, ClusterClass): it is upgraded through
        /// `spec.topology.version`.
        topology: Option<ObjectRef>,
        /// How the topology controller will carry out an upgrade.
        topology_upgrade: TopologyUpgrade,
    },
    /// An aks-engine API model.
    AksEngine {
        /// On Azure Stack Hub (`properties.customCloudProfile`), and how it
        /// authenticates.
        azure_stack: Option<AzureStack>,
    },
    Other,
}

/// An aks-engine cluster on Azure Stack Hub: every command takes
/// `--azure-env AzureStackCloud`, and `--identity-system adfs` when the Hub
/// uses ADFS (<https://github.com/Azure/aks-engine/blob/master/docs/topics/azure-stack.md>).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AzureStack {
    /// `customCloudProfile.identitySystem` is `adfs` (else Azure AD).
    pub adfs: bool,
}

/// What a managed topology's Cluster (and its ClusterClass, when pasted)
/// say about how the topology controller upgrades it.
/// <https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/common_types.go>
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopologyUpgrade {
    /// `spec.topology.class` (v1beta1) or `spec.topology.classRef.name` (v1beta2).
    pub class: Option<String>,
    /// The pasted ClusterClass's `spec.kubernetesVersions` (Cluster API
    /// v1.12+), as written: the topology controller upgrades through them
    /// itself (a chained upgrade), so one patch of `spec.topology.version`
    /// reaches any version of the list.
    pub class_versions: Vec<String>,
    /// The ClusterClass itself is in the input.
    pub class_in_input: bool,
    /// Topology variables (`spec.topology.variables[]`) with a text that
    /// names the current version (an image such as
    /// `ubuntu-2204-kube-v1.29.2.qcow2`): variable name and that text.
    pub version_variables: Vec<(String, String)>,
    /// The ClusterClass's `spec.upgrade.external.generateUpgradePlanExtension`:
    /// a runtime extension computes the chained upgrade's versions.
    pub upgrade_plan_extension: Option<String>,
    /// `topology.cluster.x-k8s.io/upgrade-concurrency` on the Cluster.
    pub concurrency: Option<u64>,
    /// The pools that are MachinePool topologies (`workers.machinePools[]`).
    pub machine_pools: Vec<String>,
    /// Workers whose upgrade the topology controller holds back, with the
    /// annotation that does it (`defer-upgrade` on the worker, or
    /// `hold-upgrade-sequence` on it or on one before it in its list).
    pub held: Vec<HeldWorker>,
}

impl TopologyUpgrade {
    /// Why the topology controller holds `pool` back, if it does.
    pub fn held(&self, pool: &str) -> Option<&HeldWorker> {
        self.held.iter().find(|h| h.pool == pool)
    }
}

/// A worker topology that the topology controller does not upgrade.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldWorker {
    /// The pool's name in the plan.
    pub pool: String,
    /// The annotation that holds it and where it is set.
    pub why: String,
}
