//! Rules and policies: every rule is a named, sourced predicate; a policy is a
//! named set of rules. `check` reports what is wrong with a cluster now; the
//! planner re-checks every state it passes through with the same functions.

mod checks;
mod facts;
pub mod limits;
mod registry;

pub use crate::severity::Severity;
pub use crate::subject::Subject;
pub use checks::{check, check_state, check_transition, VersionState};
pub(crate) use facts::{
    aks_engine_allow_list, aks_engine_fork, aks_engine_limit, aks_engine_masters_on_scale_set,
    control_plane_only_blockers,
};
pub use registry::*;

use crate::model::Provider;
use crate::version::KubeVersion;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A rule: a stable id, what it says, where it comes from (a public URL),
/// what provider error it pre-empts and how to fix a violation.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub statement: &'static str,
    /// A public page a user can open.
    pub source: &'static str,
    /// The provider error this rule pre-empts, when there is one.
    pub error_code: Option<&'static str>,
    pub fix: &'static str,
    pub severity: Severity,
    /// Only the registry makes rules (see `registry::Registered`).
    registered: registry::Registered,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// A rule is written as its id.
impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id)
    }
}

/// A named set of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// What AKS enforces today (`aks-current` is another name for it).
    Aks,
    /// AKS with the fixed two-minor window of its older documentation.
    AksConservative,
    Upstream,
    Capi,
    AksEngine,
    /// GKE: node pools within two minors of the control plane.
    Gke,
}

crate::named::named!(Policy {
    Aks => "aks",
    AksConservative => "aks-conservative",
    Upstream => "upstream",
    Capi => "capi",
    AksEngine => "aks-engine",
    Gke => "gke",
});

impl Policy {
    /// The policy that fits a provider.
    pub fn for_provider(provider: Provider) -> Policy {
        match provider {
            Provider::Aks => Policy::Aks,
            Provider::AksEngine => Policy::AksEngine,
            Provider::ClusterApi => Policy::Capi,
            Provider::Gke => Policy::Gke,
            Provider::Eks | Provider::Generic => Policy::Upstream,
        }
    }

    /// The policy that fits a cluster: its provider's, or the cloud's for a
    /// Cluster API cluster whose control plane the cloud runs (AKS for CAPZ's
    /// managed control planes, EKS's for CAPA's, as for `aws eks` input).
    pub fn for_cluster(cluster: &crate::model::Cluster) -> Policy {
        match cluster.managed_control_plane() {
            Some(m) if m.is_aks() => Policy::Aks,
            Some(_) => Policy::for_provider(Provider::Eks),
            None => Policy::for_provider(cluster.provider),
        }
    }

    /// One of the AKS policies (AKS's own rules and error codes apply).
    pub(crate) fn is_aks(self) -> bool {
        matches!(self, Policy::Aks | Policy::AksConservative)
    }

    /// The rule a downgrade breaks under this policy.
    pub(crate) fn no_downgrade_rule(self) -> &'static Rule {
        if self.is_aks() {
            &AKS_NO_DOWNGRADE
        } else {
            &UPSTREAM_NO_DOWNGRADE
        }
    }

    /// The rule a control plane that skips a minor breaks under this policy.
    pub(crate) fn one_minor_rule(self) -> &'static Rule {
        match self {
            Policy::Aks | Policy::AksConservative => &AKS_CONTROL_PLANE_ONE_MINOR,
            Policy::Capi => &CAPI_ONE_MINOR,
            Policy::Upstream | Policy::AksEngine | Policy::Gke => &UPSTREAM_APISERVER_ONE_MINOR,
        }
    }

    /// How many minors a pool may trail the control plane.
    pub fn window(self, control_plane: &KubeVersion, pool: &KubeVersion) -> u64 {
        match self {
            Policy::Aks if control_plane.minor() >= limits::AKS_WIDE_WINDOW_FROM_MINOR => {
                limits::AKS_WIDE_POOL_MINOR_WINDOW
            }
            Policy::Aks | Policy::AksConservative => limits::AKS_POOL_MINOR_WINDOW,
            Policy::Gke => limits::GKE_NODE_MINOR_WINDOW,
            Policy::Upstream | Policy::Capi | Policy::AksEngine => {
                if pool.minor() < limits::KUBELET_WIDE_SKEW_FROM_MINOR {
                    limits::MAX_OLD_KUBELET_MINOR_SKEW
                } else {
                    limits::MAX_KUBELET_MINOR_SKEW
                }
            }
        }
    }
}

impl FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> Result<Policy, String> {
        if s == "aks-current" {
            return Ok(Policy::Aks);
        }
        Policy::from_id(s).ok_or_else(|| format!("unknown policy `{s}`: use {}", Policy::ids()))
    }
}

/// Something a rule says about the cluster or the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The rule's severity, unless the situation makes it worse.
    pub severity: Severity,
    pub subject: Subject,
    pub message: String,
}

impl Finding {
    pub fn new(rule: &'static Rule, subject: Subject, message: impl Into<String>) -> Self {
        Finding { rule, severity: rule.severity, subject, message: message.into() }
    }

    pub(crate) fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Written with the rule's id, source, fix and error code inline (the plan
/// JSON's `findings`).
impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.rule.error_code.is_some() { 7 } else { 6 };
        let mut s = serializer.serialize_struct("Finding", fields)?;
        s.serialize_field("rule", self.rule.id)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("subject", &self.subject)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("source", self.rule.source)?;
        s.serialize_field("fix", self.rule.fix)?;
        if let Some(code) = self.rule.error_code {
            s.serialize_field("error_code", code)?;
        }
        s.end()
    }
}

#[cfg(test)]
mod tests;
