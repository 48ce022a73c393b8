//! Waits that observe a Cluster API rollout: first that the controller has
//! seen the patch, then the object's own counters and conditions, compared
//! with values read from the object when the wait runs (never a replica
//! count frozen from the pasted input).
//!
//! Field and condition names, per kind and API version:
//! - MachineDeployment v1beta1: `status.observedGeneration`, `replicas`,
//!   `updatedReplicas`, `availableReplicas`
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta1/machinedeployment_types.go>).
//! - MachineDeployment v1beta2: `status.upToDateReplicas`,
//!   `availableReplicas` and the `RollingOut` condition
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/machinedeployment_types.go>).
//! - MachinePool v1beta1: `status.replicas`, `readyReplicas`,
//!   `availableReplicas` and no `updatedReplicas`
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta1/machinepool_types.go>).
//! - MachinePool v1beta2: the same three counters, and no `RollingOut`
//!   condition (its conditions are Available, BootstrapConfigReady,
//!   InfrastructureReady, MachinesReady, MachinesUpToDate, ScalingUp,
//!   ScalingDown, Remediating, Deleting, Paused:
//!   <https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/machinepool_types.go>).
//! - KubeadmControlPlane: `status.version` is the oldest version among its
//!   machines; v1beta2 also has `RollingOut`
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/api/controlplane/kubeadm/v1beta2/kubeadmcontrolplane_types.go>).
//!
//! - Cluster: `TopologyReconciled` (v1beta1 and v1beta2; False while an
//!   upgrade of the control plane or the MachineDeployments is pending or
//!   rolling out) and, in v1beta2, `RollingOut`, the summary of the control
//!   plane's, MachineDeployments' and MachinePools' `RollingOut`
//!   (<https://github.com/kubernetes-sigs/cluster-api/blob/main/api/core/v1beta2/cluster_types.go>).
//!
//! `kubectl wait --for=jsonpath=PATH=VALUE` compares the field's text with
//! VALUE, and fails at its timeout
//! (<https://kubernetes.io/docs/reference/kubectl/generated/kubectl_wait/>).

use super::shell::{CommandLine, Word};

/// What kind of object rolls out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Role {
    /// A Cluster with a managed topology: its conditions sum up the
    /// control plane's and the MachineDeployments' rollouts.
    Cluster,
    ControlPlane,
    MachineDeployment,
    MachinePool,
}

impl Role {
    /// The role of a worker object of `kind`.
    pub(super) fn of_worker(kind: &str) -> Role {
        if kind == "MachinePool" {
            Role::MachinePool
        } else {
            Role::MachineDeployment
        }
    }
}

/// The object whose rollout a step waits for.
pub(super) struct Rollout<'a> {
    /// `kind.group`, as kubectl takes it.
    pub(super) resource: Word,
    pub(super) name: Word,
    pub(super) namespace: Word,
    /// `v1beta1`, `v1beta2`.
    pub(super) api_version: &'a str,
    pub(super) role: Role,
    /// The version the control plane reports when it is done (`v1.33.4`).
    pub(super) version: &'a str,
    /// The step's own estimate.
    pub(super) minutes: u64,
}

/// How long a controller may take to observe a patch.
pub(super) const OBSERVE_MINUTES: u64 = 10;

/// The timeout of a rollout wait: twice the step's estimate plus ten
/// minutes, so a healthy rollout that is slower than estimated is not cut
/// off (at least 30 minutes).
pub(super) fn timeout_minutes(estimate: u64) -> u64 {
    (estimate.saturating_mul(2).saturating_add(10)).max(30)
}

impl Rollout<'_> {
    /// `kubectl get` of one field of the object, printed as text.
    fn get(&self, jsonpath: &str) -> CommandLine {
        CommandLine::new("kubectl")
            .lit("get")
            .word(self.resource.clone())
            .word(self.name.clone())
            .opt("--namespace", self.namespace.clone())
            .word(Word::value(&format!("--output=jsonpath={jsonpath}")))
    }

    pub(super) fn wait(&self, condition: Word, minutes: u64) -> CommandLine {
        CommandLine::new("kubectl")
            .lit("wait")
            .word(self.resource.clone())
            .word(self.name.clone())
            .opt("--namespace", self.namespace.clone())
            .word(condition)
            .word(Word::value(&format!("--timeout={minutes}m")))
    }

    /// Waits until `field` of the status equals `source` of the object, read
    /// when the wait starts.
    pub(super) fn wait_equal(&self, field: &str, source: &str, minutes: u64) -> CommandLine {
        let condition =
            Word::value(&format!("--for=jsonpath={{.status.{field}}}=")).joined(Word::output_of(&self.get(source)));
        self.wait(condition, minutes)
    }

    /// The waits, in order: the patch observed, then the rollout finished.
    pub(super) fn waits(&self) -> Vec<CommandLine> {
        let rollout = timeout_minutes(self.minutes);
        let v1beta2 = self.api_version == "v1beta2";
        let mut out = vec![self.wait_equal("observedGeneration", "{.metadata.generation}", OBSERVE_MINUTES)];
        let replicas = "{.spec.replicas}";
        match self.role {
            Role::Cluster => {
                out.push(self.wait(Word::lit("--for=condition=TopologyReconciled=True"), rollout));
                if v1beta2 {
                    out.push(self.wait(Word::lit("--for=condition=RollingOut=False"), rollout));
                }
            }
            Role::ControlPlane => {
                out.push(
                    self.wait(Word::value(&format!("--for=jsonpath={{.status.version}}={}", self.version)), rollout),
                );
                if v1beta2 {
                    out.push(self.wait(Word::lit("--for=condition=RollingOut=False"), rollout));
                }
            }
            Role::MachineDeployment if v1beta2 => {
                out.push(self.wait(Word::lit("--for=condition=RollingOut=False"), rollout));
                out.push(self.wait_equal("upToDateReplicas", replicas, rollout));
                out.push(self.wait_equal("availableReplicas", replicas, rollout));
            }
            Role::MachineDeployment => {
                for field in ["updatedReplicas", "replicas", "availableReplicas"] {
                    out.push(self.wait_equal(field, replicas, rollout));
                }
            }
            Role::MachinePool => {
                // The infrastructure provider replaces the instances; these
                // counters are the ones both API versions have.
                for field in ["replicas", "readyReplicas", "availableReplicas"] {
                    out.push(self.wait_equal(field, replicas, rollout));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rollout(api_version: &str, role: Role) -> Rollout<'_> {
        Rollout {
            resource: Word::lit("machinedeployment.cluster.x-k8s.io"),
            name: Word::lit("md-0"),
            namespace: Word::var("NAMESPACE"),
            api_version,
            role,
            version: "v1.33.4",
            minutes: 50,
        }
    }

    fn lines(r: &Rollout) -> Vec<String> {
        r.waits().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_wait_starts_with_the_observed_generation() {
        for role in [Role::ControlPlane, Role::MachineDeployment, Role::MachinePool] {
            for api in ["v1beta1", "v1beta2"] {
                let l = lines(&rollout(api, role));
                assert_eq!(
                    l[0],
                    "kubectl wait machinedeployment.cluster.x-k8s.io md-0 --namespace \"$NAMESPACE\" \
                     '--for=jsonpath={.status.observedGeneration}='\"$(kubectl get machinedeployment.cluster.x-k8s.io md-0 \
                     --namespace \"$NAMESPACE\" '--output=jsonpath={.metadata.generation}')\" --timeout=10m"
                );
            }
        }
    }

    #[test]
    fn machine_deployment_v1beta1_compares_counters_with_spec_replicas_read_at_run_time() {
        let l = lines(&rollout("v1beta1", Role::MachineDeployment));
        assert_eq!(l.len(), 4);
        for (line, field) in l[1..].iter().zip(["updatedReplicas", "replicas", "availableReplicas"]) {
            assert!(line.contains(&format!("'--for=jsonpath={{.status.{field}}}='\"$(kubectl get")), "{line}");
            assert!(line.contains("'--output=jsonpath={.spec.replicas}')\" --timeout=110m"), "{line}");
        }
    }

    #[test]
    fn machine_deployment_v1beta2_uses_rolling_out_and_up_to_date_replicas() {
        let l = lines(&rollout("v1beta2", Role::MachineDeployment));
        assert!(l[1].ends_with("--for=condition=RollingOut=False --timeout=110m"));
        assert!(l[2].contains("{.status.upToDateReplicas}"));
        assert!(l[3].contains("{.status.availableReplicas}"));
    }

    #[test]
    fn machine_pools_never_wait_for_fields_they_do_not_have() {
        for api in ["v1beta1", "v1beta2"] {
            let l = lines(&rollout(api, Role::MachinePool));
            assert_eq!(l.len(), 4);
            assert!(l.iter().all(|x| !x.contains("RollingOut") && !x.contains("updatedReplicas")), "{l:?}");
            assert!(l[2].contains("{.status.readyReplicas}"));
        }
    }

    #[test]
    fn control_plane_waits_for_its_version() {
        let l = lines(&rollout("v1beta1", Role::ControlPlane));
        assert_eq!(l.len(), 2);
        assert!(l[1].contains("--for=jsonpath={.status.version}=v1.33.4"));
        assert_eq!(lines(&rollout("v1beta2", Role::ControlPlane)).len(), 3);
    }

    #[test]
    fn timeouts_follow_the_estimate() {
        assert_eq!(timeout_minutes(0), 30);
        assert_eq!(timeout_minutes(100), 210);
        assert_eq!(Role::of_worker("MachinePool"), Role::MachinePool);
        assert_eq!(Role::of_worker("MachineDeployment"), Role::MachineDeployment);
    }
}
