//! From a plan to what engineers run: commands per step, patch files, one
//! bash script, a Markdown runbook and the plan JSON (`docs/plan-format.md`).
//!
//! Values from the input reach commands only through [`shell::Word`], after
//! the provider's naming rules were checked; a name that fails them becomes a
//! script variable the user sets, and a warning says so.

mod aks;
mod aks_engine;
mod capi;
mod capi_machine;
mod capi_managed;
mod capi_pool_infra;
mod capi_skew;
mod capi_template;
mod capi_topology;
mod capi_topology_notes;
mod capi_wait;
mod eks_gke;
mod generic;
mod json;
mod runbook;
mod script;
pub mod shell;
mod terraform;
mod terraform_edit;
mod text;
mod workloads;

pub use json::{check_json, plan_json};
pub use runbook::runbook;
pub use script::script;
pub use text::{check_text, plan_text};
pub use workloads::{
    finding_json as workload_finding_json, lines as workload_lines, report_json as workload_report_json,
};

use crate::input::{Format, Parsed};
use crate::model::{Cluster, Provider};
use crate::plan::{Plan, Step};
use crate::rules::Severity;
use serde::Serialize;
use shell::CommandLine;

/// A file the plan needs (a patch, a template, an updated API model).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub content: String,
    /// Holds the user's secrets (an aks-engine API model): offered as a
    /// download only, never copied into the script, the runbook or the JSON.
    pub sensitive: bool,
}

/// A script variable: set at the top of the script, named in the runbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variable {
    /// The shell variable's name.
    pub name: String,
    /// The value from the input, when it is valid; `None`: the user sets it.
    pub value: Option<String>,
    /// Taken from the environment (credentials), never written down.
    pub from_environment: bool,
    /// What the value is, for the runbook.
    pub description: String,
}

/// A note the renderer adds (a name that had to become a variable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// How much it matters.
    pub severity: Severity,
    /// What the user should know.
    pub message: String,
}

/// Commands and files of one step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepOutput {
    /// Shell commands, each quoted and ready to run.
    pub commands: Vec<String>,
    /// Names of the files the commands use.
    pub files: Vec<String>,
    /// Shown as comments before the commands (manual actions, look-ups).
    pub notes: Vec<String>,
}

/// Everything rendered for one plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The command-line tool the commands use (`az`, `kubectl`, ...).
    pub tool: &'static str,
    /// Script variables, set at the top of the script.
    pub variables: Vec<Variable>,
    /// Checks run before the first step.
    pub preflight: Vec<String>,
    /// Commands and files per plan step, in step order.
    pub steps: Vec<StepOutput>,
    /// Files the steps write (patches, templates, API models).
    pub files: Vec<File>,
    /// The provider's rollback and disruption notes.
    pub advice: Advice,
    /// What the renderer had to do to the input (stand-in variables).
    pub notes: Vec<Note>,
}

/// What a provider can undo, and what its steps disrupt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Advice {
    /// What to do if a step fails.
    pub rollback: Vec<String>,
    /// Drains, PodDisruptionBudgets, surge quota.
    pub disruption: Vec<String>,
}

/// What a provider renderer is given.
pub struct Context<'a> {
    pub parsed: &'a Parsed,
    pub cluster: &'a Cluster,
    pub plan: &'a Plan,
}

impl Context<'_> {
    /// The version of every component after `step` (one of the plan's
    /// steps), replayed from the plan's start: steps record only changes.
    pub(crate) fn after(&self, step: &Step) -> Option<crate::rules::VersionState> {
        let i = self.plan.steps.iter().position(|s| std::ptr::eq(s, step))?;
        self.plan.states().nth(i)
    }
}

/// Variables and notes collected while rendering.
#[derive(Default)]
pub(crate) struct Vars {
    pub list: Vec<Variable>,
    pub notes: Vec<Note>,
    /// Rejected input values and the variables standing in for them.
    stand_ins: Vec<(String, String)>,
}

impl Vars {
    /// Declares a variable with a value from the input if it passes `valid`,
    /// or with no value (the user sets it) and a warning otherwise.
    pub(crate) fn input(&mut self, name: &str, value: Option<&str>, valid: fn(&str) -> bool, what: &str) {
        let checked = value.filter(|v| valid(v)).map(str::to_string);
        if let (Some(raw), None) = (value, &checked) {
            self.notes.push(Note {
                severity: Severity::Warning,
                message: format!("the {what} in the input ({}) does not follow the provider's naming rules; set {name} at the top of the script", shell::quote(raw)),
            });
        }
        self.declare(Variable { name: name.into(), value: checked, from_environment: false, description: what.into() });
    }

    /// Declares a variable the script takes from the environment.
    pub(crate) fn env(&mut self, name: &str, what: &str) {
        self.declare(Variable { name: name.into(), value: None, from_environment: true, description: what.into() });
    }

    /// Adds `variable` unless one of its name is declared already (the
    /// first declaration wins).
    fn declare(&mut self, variable: Variable) {
        if !self.list.iter().any(|v| v.name == variable.name) {
            self.list.push(variable);
        }
    }

    /// A validated value as a quoted word, or a variable standing in for it.
    pub(crate) fn word(
        &mut self,
        value: &str,
        valid: impl Fn(&str) -> bool,
        var_prefix: &str,
        what: &str,
    ) -> shell::Word {
        if valid(value) {
            return shell::Word::value(value);
        }
        if let Some((_, name)) = self.stand_ins.iter().find(|(v, n)| v == value && n.starts_with(var_prefix)) {
            return shell::Word::var(name);
        }
        let n = self.list.iter().filter(|v| v.name.starts_with(var_prefix)).count() + 1;
        let name = format!("{var_prefix}{n}");
        self.notes.push(Note {
            severity: Severity::Warning,
            message: format!("the {what} {} does not follow the provider's naming rules; the commands use ${name}, set it at the top of the script", shell::quote(value)),
        });
        self.list.push(Variable {
            name: name.clone(),
            value: None,
            from_environment: false,
            description: format!("{what} (input value rejected)"),
        });
        self.stand_ins.push((value.to_string(), name.clone()));
        shell::Word::var(&name)
    }
}

/// A provider's rollback and disruption notes when they are fixed text.
pub(crate) struct FixedAdvice {
    pub(crate) rollback: &'static [&'static str],
    pub(crate) disruption: &'static [&'static str],
}

impl FixedAdvice {
    pub(crate) fn owned(&self) -> Advice {
        let owned = |notes: &[&str]| notes.iter().map(|n| n.to_string()).collect();
        Advice { rollback: owned(self.rollback), disruption: owned(self.disruption) }
    }
}

/// A provider's commands.
pub(crate) trait Commands {
    fn tool(&self) -> &'static str;
    fn preflight(&mut self, ctx: &Context, vars: &mut Vars) -> Vec<CommandLine>;
    fn step(&mut self, ctx: &Context, n: usize, step: &Step, vars: &mut Vars, files: &mut Vec<File>) -> StepOutput;
    fn advice(&self, ctx: &Context) -> Advice;
}

/// Renders the commands and files of `plan` for `cluster` (one of
/// `parsed.clusters`).
pub fn render(parsed: &Parsed, cluster: &Cluster, plan: &Plan) -> Rendered {
    let ctx = Context { parsed, cluster, plan };
    let mut renderer: Box<dyn Commands> = match cluster.provider {
        Provider::Aks if cluster.terraform().is_some() => Box::new(terraform::Terraform::default()),
        Provider::Aks => Box::new(aks::Aks::default()),
        Provider::AksEngine => Box::new(aks_engine::AksEngine),
        Provider::ClusterApi => Box::new(capi::Capi::default()),
        Provider::Eks | Provider::Gke | Provider::Generic => Box::new(generic::Generic),
    };
    let mut vars = Vars::default();
    let mut files = Vec::new();
    let mut preflight: Vec<String> = renderer.preflight(&ctx, &mut vars).iter().map(ToString::to_string).collect();
    preflight.extend(workloads::preflight(plan, cluster.provider, &mut vars));
    let steps =
        plan.steps.iter().enumerate().map(|(i, s)| renderer.step(&ctx, i + 1, s, &mut vars, &mut files)).collect();
    for fact in &parsed.not_shown {
        vars.notes.push(Note { severity: Severity::Info, message: fact.clone() });
    }
    if parsed.format == Format::KonvoyV1 {
        vars.notes.push(Note {
            severity: Severity::Info,
            message: "Konvoy v1 clusters are upgraded with `konvoy up --upgrade` after setting spec.kubernetes.version; the steps name the versions in order".into(),
        });
    }
    Rendered {
        tool: renderer.tool(),
        variables: vars.list,
        preflight,
        steps,
        files,
        notes: vars.notes,
        advice: renderer.advice(&ctx),
    }
}

/// The control plane's version when the plan starts and the plan's target,
/// `-` for either when unknown: the header of every report.
pub(crate) fn from_and_target(plan: &Plan) -> (String, String) {
    let from = plan.initial.as_ref().map(|i| i.control_plane.to_string()).unwrap_or_else(|| "-".into());
    let target = plan.target.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".into());
    (from, target)
}

/// A step's versions with `arrow` between them (`1.29.4 -> 1.30.14`, or
/// `-> 1.30.14` when the step starts from no version); `None` when it moves
/// to none.
pub fn step_versions(step: &Step, arrow: &str) -> Option<String> {
    match (&step.from, &step.to) {
        (Some(f), Some(t)) => Some(format!("{f} {arrow} {t}")),
        (None, Some(t)) => Some(format!("{arrow} {t}")),
        _ => None,
    }
}

/// The note of a step a provider has no command for.
pub(crate) fn by_hand(step: &Step) -> String {
    format!("do this step by hand: {}", step.reason)
}

/// `v1.30.14`: Kubernetes objects spell versions with a leading v.
pub(crate) fn v_version(v: &crate::KubeVersion) -> String {
    format!("v{}", v.display_full())
}
