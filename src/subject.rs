//! The subjects findings and steps are about, as the page names them:
//! `cluster`, `control-plane` and `pool/NAME`. The page builds and compares
//! subject names only here, so a typed subject in the core changes one file.

use std::fmt::Display;

pub const CLUSTER: &str = "cluster";
pub const CONTROL_PLANE: &str = "control-plane";

/// The subject name of the pool `name`.
pub fn pool(name: &str) -> String {
    format!("pool/{name}")
}

/// True when `subject` (as the core shows it) is the one named `name`.
pub fn is(subject: &impl Display, name: &str) -> bool {
    subject.to_string() == name
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_match_the_core() {
        assert_eq!(super::pool("web"), "pool/web");
        assert!(super::is(&"pool/web".to_string(), &super::pool("web")));
        assert!(!super::is(&"pool/web".to_string(), super::CLUSTER));
    }
}
