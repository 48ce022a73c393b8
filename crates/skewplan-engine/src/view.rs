//! What the page shows of one analysis, ready to display: the planner
//! (`page.rs`) builds it from an `api::Outcome`, the page reads it back
//! from JSON. It carries only what the page shows, as text and numbers, so
//! the page's first load holds a reader for these few types rather than for
//! the whole model (which would cost it more than the interface itself).

use serde::{Deserialize, Serialize};
use skewplan_core::input::Severity;

/// One analysis of the form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// The input could not be read at all.
    pub input_error: Option<InputProblem>,
    /// The input is YAML and the YAML reader has not loaded yet.
    pub needs_yaml: bool,
    /// The workloads could not be used (a YAML manifest is read only once
    /// the YAML reader has loaded).
    pub workloads_error: bool,
    pub detected: Option<Detected>,
    /// Choices that can't be used: the option's name and why.
    pub choice_errors: Vec<(String, String)>,
    /// The selected cluster.
    pub cluster: Option<ClusterView>,
    /// The selected cluster's plan, when the input is usable.
    pub plan: Option<PlanView>,
}

/// Why the input can't be read, and where (`Line 3, column 7`), if known.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InputProblem {
    pub place: Option<String>,
    pub message: String,
}

/// What was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Detected {
    /// The format's id and its title.
    pub format: String,
    pub title: String,
    /// Each cluster of the input as `name (version)`.
    pub clusters: Vec<String>,
    /// Problems in the content: severity, field path, message.
    pub diagnostics: Vec<(Severity, String, String)>,
    /// No diagnostic is an error.
    pub usable: bool,
}

/// The selected cluster as the page's table shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterView {
    /// `name (provider)`.
    pub caption: String,
    pub provider: String,
    /// The input does not give the control plane's version.
    pub control_plane_version_unknown: bool,
    /// The control plane, then each pool.
    pub rows: Vec<Row>,
    /// The plan's findings (empty without a plan).
    pub findings: Vec<FindingView>,
}

/// A component: its name, its five cells (mode, version, nodes, size,
/// state) and the findings about it (severity, rule id, message).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    pub cells: Vec<String>,
    pub badges: Vec<(Severity, String, String)>,
}

/// A finding with its rule's fix and public source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingView {
    pub severity: Severity,
    pub rule: String,
    pub subject: String,
    pub message: String,
    pub fix: String,
    pub source: String,
    /// The provider error this finding pre-empts.
    pub error_code: Option<String>,
}

/// The plan and its rendered commands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// `FROM → TO: N operations, ...`.
    pub summary: String,
    pub target: String,
    /// Where the versions offered come from.
    pub versions_from: String,
    pub policy: String,
    pub strategy: String,
    /// The script's variables: name, what it is, its value (or how to set it).
    pub variables: Vec<(String, String, String)>,
    pub preflight: Vec<String>,
    pub steps: Vec<StepView>,
    /// Notes about the whole plan.
    pub notes: Vec<(Severity, String)>,
    /// The plan's files (patches, manifests): name and content.
    pub files: Vec<(String, String)>,
    pub blocked: Option<BlockedView>,
    pub workloads: Option<WorkloadsView>,
    pub alternatives: Vec<AlternativeView>,
    pub chart: Option<ChartData>,
}

/// Why the plan stops short of the target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockedView {
    pub rule: String,
    pub subject: String,
    pub message: String,
    /// The control-plane minor whose hop workloads block (a removed API in
    /// use), if that is why.
    pub workloads_hop: Option<String>,
}

/// The workloads' summary and findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkloadsView {
    pub objects_read: u64,
    pub api_data_as_of: String,
    /// Severity, rule id, hop (or empty), message, fix.
    pub findings: Vec<(Severity, String, String, String, String)>,
}

/// A strategy's cost, and whether it reaches the target.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AlternativeView {
    pub strategy: String,
    pub operations: u64,
    pub node_reimages: u64,
    pub minutes: u64,
    pub reaches_target: bool,
}

/// A step with its commands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub action: String,
    pub subject: String,
    /// ` FROM → TO`, ` → TO` or nothing.
    pub versions: String,
    pub reason: String,
    pub notes: Vec<String>,
    pub commands: Vec<String>,
    /// The names of the plan's files this step uses.
    pub files: Vec<String>,
}

/// The version chart's data: versions as levels (minor + patch / 100).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChartData {
    /// The control plane, then each pool: its name and its points (step,
    /// level) where the version changes and where the line ends.
    pub series: Vec<(String, Vec<(usize, f64)>)>,
    /// At the start and after each step: the control plane's level and the
    /// lowest minor the policy allows below it.
    pub window: Vec<(f64, f64)>,
    pub steps: usize,
    /// The control-plane minor whose hop the workloads block (the plan
    /// stops before it), if any.
    pub blocked_hop: Option<String>,
}
