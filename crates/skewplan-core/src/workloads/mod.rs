//! The workloads a plan must keep working: manifests, `kubectl get` output,
//! disruption budgets and the API server's deprecated-API metric, read into
//! the few facts the per-hop checks need (which objects use which API, which
//! budgets allow no disruption, which APIs clients call).
//!
//! `read` takes one file's text; `Workloads::merge` joins several files.
//! `assess` judges them against a plan (see `checks.rs`).

mod apis;
mod budgets;
mod checks;
mod doc;
mod lines;
mod objects;
mod reader;
mod tables;

pub use apis::{api_data_as_of, lookup, ApiEntry};
pub(crate) use checks::first_removal;
pub use checks::{assess, assess_now, Hop, WorkloadFinding, WorkloadReport};
pub use reader::{read, read_all};

use std::collections::BTreeMap;
use std::fmt;

/// Where an object was read: the file, its 1-based line, and the Helm
/// template it came from (`# Source:` of `helm template` output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub template: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(t) = &self.template {
            write!(f, " ({t})")?;
        }
        Ok(())
    }
}

/// An object whose API version the table lists (deprecated or removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub at: Place,
}

impl Object {
    /// `Kind namespace/name` (or `Kind name` when cluster-scoped or unset).
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// A count or a percentage (`minAvailable`, `maxUnavailable`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Count(u64),
    Percent(u64),
}

/// A PodDisruptionBudget as far as draining is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    pub namespace: Option<String>,
    pub name: String,
    pub at: Place,
    pub min_available: Option<IntOrPercent>,
    pub max_unavailable: Option<IntOrPercent>,
    /// `spec.selector.matchLabels`.
    pub selector: BTreeMap<String, String>,
    /// `status.disruptionsAllowed` (the table's ALLOWED DISRUPTIONS).
    pub disruptions_allowed: Option<u64>,
    /// `status.expectedPods`.
    pub expected_pods: Option<u64>,
}

/// Pods a controller (Deployment, StatefulSet, ReplicaSet) keeps, and their
/// labels: what a budget's `minAvailable` is compared with when its status
/// is not given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    pub namespace: Option<String>,
    pub replicas: u64,
    pub labels: BTreeMap<String, String>,
}

/// Calls to a deprecated API that the API server counted
/// (`apiserver_requested_deprecated_apis`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiUsage {
    pub group: String,
    pub version: String,
    pub resource: String,
    /// `removed_release`, `MAJOR.MINOR`; empty when the server gave none.
    pub removed_release: String,
    pub at: Place,
}

impl ApiUsage {
    /// `group/version` (`version` alone for the core group).
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Everything read from the workload files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workloads {
    /// The files read, in order.
    pub files: Vec<String>,
    /// Kubernetes objects read (every kind).
    pub objects_read: u64,
    /// Objects read, per kind.
    pub kinds: BTreeMap<String, u64>,
    /// Documents that are no Kubernetes object, counted and skipped.
    pub skipped: u64,
    /// Objects on an API version the table lists.
    pub listed: Vec<Object>,
    pub budgets: Vec<Budget>,
    pub controllers: Vec<Controller>,
    pub usage: Vec<ApiUsage>,
}

impl Workloads {
    /// True when nothing was given.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds another file's content.
    pub fn merge(&mut self, other: Workloads) {
        self.files.extend(other.files);
        self.objects_read += other.objects_read;
        for (k, n) in other.kinds {
            *self.kinds.entry(k).or_default() += n;
        }
        self.skipped += other.skipped;
        self.listed.extend(other.listed);
        self.budgets.extend(other.budgets);
        self.controllers.extend(other.controllers);
        self.usage.extend(other.usage);
    }
}

/// A workload file that can't be read: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {message}")]
pub struct WorkloadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[cfg(test)]
mod tests;
