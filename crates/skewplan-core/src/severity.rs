//! How serious a finding or an input diagnostic is.

use serde::{Deserialize, Serialize};

/// `error`: the provider or Kubernetes refuses, or the cluster breaks;
/// `warning`: legal but risky; `info`: worth knowing. Ordered by weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

crate::named::named!(Severity { Info => "info", Warning => "warning", Error => "error" });
