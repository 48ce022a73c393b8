//! What a finding, a step or a stop is about.

use serde::{Serialize, Serializer};
use std::fmt;

/// The part of a cluster something is about. It is written as `cluster`,
/// `control-plane` or `pool/NAME` in every output (the plan JSON's `subject`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The whole cluster (a whole-cluster upgrade, a start, a setting).
    Cluster,
    ControlPlane,
    /// A node pool, by name.
    Pool(String),
}

impl Subject {
    pub fn pool(name: impl Into<String>) -> Subject {
        Subject::Pool(name.into())
    }

    /// The pool's name, when this is a pool.
    pub fn pool_name(&self) -> Option<&str> {
        match self {
            Subject::Pool(name) => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Cluster => f.write_str("cluster"),
            Subject::ControlPlane => f.write_str("control-plane"),
            Subject::Pool(name) => write!(f, "pool/{name}"),
        }
    }
}

impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_print_as_the_plan_json_spells_them() {
        assert_eq!(Subject::Cluster.to_string(), "cluster");
        assert_eq!(Subject::ControlPlane.to_string(), "control-plane");
        assert_eq!(Subject::pool("pool/x").to_string(), "pool/pool/x");
        assert_eq!(serde_json::to_string(&Subject::pool("np1")).unwrap(), "\"pool/np1\"");
        assert_eq!(Subject::pool("np1").pool_name(), Some("np1"));
        assert_eq!(Subject::ControlPlane.pool_name(), None);
    }
}
