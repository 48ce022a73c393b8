//! The condition types Cluster API's controllers set in `status.conditions`
//! (what `kubectl wait --for=condition=` reads), per kind and API version,
//! as the constants of each release define them.
//!
//! v1beta1 objects carry the v1beta1 conditions in `status.conditions`
//! (the newer ones sit in `status.v1beta2.conditions` before v1.11 and are
//! the v1beta2 object's `status.conditions` after), so a v1beta1 object has
//! no `RollingOut` there:
//! - kubernetes-sigs/cluster-api v1.10.10 `api/v1beta1/condition_consts.go`,
//!   `controlplane/kubeadm/api/v1beta1/condition_consts.go`,
//!   `exp/api/v1beta1/condition_consts.go`; v1.14.0
//!   `api/core/v1beta1/condition_consts.go`,
//!   `api/controlplane/kubeadm/v1beta1/condition_consts.go` (the same types).
//! - v1beta2, kubernetes-sigs/cluster-api v1.14.0:
//!   `api/core/v1beta2/cluster_types.go` (Cluster…Condition),
//!   `api/core/v1beta2/machinedeployment_types.go` (MachineDeployment…Condition),
//!   `api/core/v1beta2/machinepool_types.go` (MachinePool…Condition: no
//!   RollingOut), `api/controlplane/kubeadm/v1beta2/kubeadm_control_plane_types.go`
//!   (KubeadmControlPlane…Condition), `api/core/v1beta2/condition_consts.go`
//!   (the shared names they alias, and Paused, set on every object).
//! - Providers' managed control planes and pools (v1beta1 conditions, in
//!   `status.conditions`):
//!   - AzureManagedControlPlane, kubernetes-sigs/cluster-api-provider-azure
//!     v1.26.0 `api/v1beta1/consts.go` (the types
//!     `azure/scope/managedcontrolplane.go` `PatchObject` owns; `Ready` the
//!     summary it sets).
//!   - AWSManagedControlPlane, kubernetes-sigs/cluster-api-provider-aws
//!     v2.11.1 `controlplane/eks/api/v1beta2/conditions_consts.go` (the EKS
//!     and IAM types `pkg/cloud/scope/managedcontrolplane.go` `PatchObject`
//!     owns; no `Ready` summary).
//!   - AWSManagedMachinePool, v2.11.1 `exp/api/v1beta2/conditions_consts.go`
//!     (the types `pkg/cloud/scope/managednodegroup.go` `PatchObject` owns).

/// What every v1beta2 kind here sets, from the shared names in
/// `api/core/v1beta2/condition_consts.go` that each kind's constants alias.
const V1BETA2_SHARED: &[&str] = &["Available", "ScalingUp", "ScalingDown", "Remediating", "Deleting", "Paused"];

/// The condition types of `kind` at `version`, or `None` when the table has
/// no row for it.
pub(crate) fn of(kind: &str, version: &str) -> Option<Vec<&'static str>> {
    let own: &[&str] = match (kind, version) {
        ("Cluster", "v1beta1") => {
            &["Ready", "InfrastructureReady", "ControlPlaneInitialized", "ControlPlaneReady", "TopologyReconciled"]
        }
        ("KubeadmControlPlane", "v1beta1") => &[
            "Ready",
            "Available",
            "CertificatesAvailable",
            "MachinesCreated",
            "MachinesReady",
            "MachinesSpecUpToDate",
            "Resized",
            "ControlPlaneComponentsHealthy",
            "EtcdClusterHealthy",
        ],
        ("MachineDeployment", "v1beta1") => &["Ready", "Available", "MachineSetReady"],
        ("MachinePool", "v1beta1") => &["Ready", "BootstrapReady", "InfrastructureReady", "ReplicasReady"],
        ("Cluster", "v1beta2") => &[
            "TopologyReconciled",
            "InfrastructureReady",
            "ControlPlaneInitialized",
            "ControlPlaneAvailable",
            "WorkersAvailable",
            "ControlPlaneMachinesReady",
            "WorkerMachinesReady",
            "ControlPlaneMachinesUpToDate",
            "WorkerMachinesUpToDate",
            "RemoteConnectionProbe",
            "RollingOut",
        ],
        ("KubeadmControlPlane", "v1beta2") => &[
            "Initialized",
            "CertificatesAvailable",
            "EtcdClusterHealthy",
            "ControlPlaneComponentsHealthy",
            "MachinesReady",
            "MachinesUpToDate",
            "RollingOut",
        ],
        ("MachineDeployment", "v1beta2") => &["MachinesReady", "MachinesUpToDate", "RollingOut"],
        ("MachinePool", "v1beta2") => {
            &["BootstrapConfigReady", "InfrastructureReady", "MachinesReady", "MachinesUpToDate"]
        }
        ("AzureManagedControlPlane", "v1beta1") => &[
            "Ready",
            "ResourceGroupReady",
            "VNetReady",
            "SubnetsReady",
            "ManagedClusterRunning",
            "AgentPoolsReady",
            "AzureResourceAvailable",
        ],
        ("AWSManagedControlPlane", "v1beta2") => {
            &["EKSControlPlaneCreating", "EKSControlPlaneReady", "EKSControlPlaneUpdating", "IAMControlPlaneRolesReady"]
        }
        ("AWSManagedMachinePool", "v1beta2") => &["EKSNodegroupReady", "IAMNodegroupRolesReady"],
        _ => return None,
    };
    // Cluster API's own v1beta2 kinds; a provider's v1beta2 (CAPA's) carries
    // v1beta1 conditions.
    let core = ["Cluster", "KubeadmControlPlane", "MachineDeployment", "MachinePool"].contains(&kind);
    let shared: &[&str] = if version == "v1beta2" && core { V1BETA2_SHARED } else { &[] };
    Some(own.iter().chain(shared).copied().collect())
}
