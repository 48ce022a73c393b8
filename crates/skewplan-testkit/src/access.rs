//! Subjects and rule ids, read in one place. Tests compare them as text
//! (`pool/NAME`, `aks.no-downgrade`) and never touch the fields directly, so
//! a change of the fields' types is a change here alone.

use skewplan_core::plan::{Blocked, Step};
use skewplan_core::rules::Finding;

/// A finding, step or block: what it is about, as `control-plane`,
/// `cluster` or `pool/NAME`.
pub trait HasSubject {
    fn subject_text(&self) -> String;
}

impl HasSubject for Finding {
    fn subject_text(&self) -> String {
        self.subject.to_string()
    }
}

impl HasSubject for Step {
    fn subject_text(&self) -> String {
        self.subject.to_string()
    }
}

impl HasSubject for Blocked {
    fn subject_text(&self) -> String {
        self.subject.to_string()
    }
}

/// A finding or block: the id of the rule it reports.
pub trait HasRule {
    fn rule_id(&self) -> &'static str;
}

impl HasRule for Finding {
    fn rule_id(&self) -> &'static str {
        self.rule.id
    }
}

impl HasRule for Blocked {
    fn rule_id(&self) -> &'static str {
        self.rule.id
    }
}

/// `control-plane`, `cluster` or `pool/NAME`.
pub fn subject_of(x: &impl HasSubject) -> String {
    x.subject_text()
}

/// The pool a subject names, if it names one.
pub fn pool_of(x: &impl HasSubject) -> Option<String> {
    x.subject_text().strip_prefix("pool/").map(str::to_string)
}

/// The rule id, such as `aks.no-downgrade`.
pub fn rule_id(x: &impl HasRule) -> &'static str {
    x.rule_id()
}
