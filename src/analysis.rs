//! One analysis of the form, shared by the components that show it. It is
//! equal only to itself, so yew compares it by pointer and a component
//! re-renders exactly when the form is analysed again.

use crate::state::Form;
use skewplan_core::api::{run_choices, Choices, ClusterOutcome, Outcome};
use skewplan_core::input::InputError;
use skewplan_core::model::Cluster;
use skewplan_core::render::File;
use skewplan_core::{Finding, Parsed, Plan};
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct Analysis(Rc<(Outcome, Form)>);

/// Today in the browser's time zone, `YYYY-MM-DD`: the page's (and the
/// JavaScript API's default) date for judging the embedded version data.
#[cfg(target_arch = "wasm32")]
pub(crate) fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

/// Off the browser (native tests) there is no date: no age check.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn today() -> String {
    String::new()
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Something the page offers as a download, built only when it is clicked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Export {
    Script,
    Runbook,
    Json,
    /// A file of a step (a patch or a manifest), by name.
    File(String),
}

impl Export {
    pub(crate) fn label(&self) -> String {
        match self {
            Export::Script => "Download script".into(),
            Export::Runbook => "Download runbook".into(),
            Export::Json => "Download JSON".into(),
            Export::File(name) => format!("Download {name}"),
        }
    }

    pub(crate) fn file_name(&self) -> &str {
        match self {
            Export::Script => "skewplan-upgrade.sh",
            Export::Runbook => "skewplan-runbook.md",
            Export::Json => "skewplan-plan.json",
            Export::File(name) => name,
        }
    }

    pub(crate) fn mime(&self) -> &'static str {
        match self {
            Export::Script => "text/x-shellscript",
            Export::Runbook => "text/markdown",
            Export::Json => "application/json",
            Export::File(name) if name.ends_with(".json") => "application/json",
            Export::File(_) => "application/yaml",
        }
    }
}

impl Analysis {
    /// Parses, checks and plans `form`, on the browser's date (so the plan
    /// says when the embedded version data is too old).
    pub(crate) fn new(form: &Form) -> Self {
        let choices = Choices { today: today(), ..form.choices() };
        Analysis(Rc::new((run_choices(&form.input, &choices), form.clone())))
    }

    pub(crate) fn outcome(&self) -> &Outcome {
        &self.0 .0
    }

    /// The form this analysis was made from.
    pub(crate) fn form(&self) -> &Form {
        &self.0 .1
    }

    /// The YAML reader has not loaded yet and the cluster input is YAML, or
    /// the workloads gave an error (a YAML manifest is read only once it has
    /// loaded; then the error, if any, is the manifest's own).
    pub(crate) fn needs_yaml(&self) -> bool {
        matches!(self.outcome().parsed, Err(InputError::YamlNotLoaded))
            || (!crate::yaml::ready() && self.outcome().choice_errors.iter().any(|e| e.field == "workloads"))
    }

    pub(crate) fn parsed(&self) -> Option<&Parsed> {
        self.outcome().parsed.as_ref().ok()
    }

    /// The cluster the form selects.
    pub(crate) fn cluster(&self) -> Option<&Cluster> {
        self.parsed()?.clusters.get(self.form().choices.cluster)
    }

    pub(crate) fn selected(&self) -> Option<&ClusterOutcome> {
        self.outcome().selected.as_ref()
    }

    pub(crate) fn plan(&self) -> Option<&Plan> {
        self.selected().map(|s| &s.plan)
    }

    /// The findings the page shows for the selected cluster.
    pub(crate) fn findings(&self) -> &[Finding] {
        self.plan().map(|p| p.findings.as_slice()).unwrap_or_default()
    }

    /// A rendered file of the plan, by name.
    pub(crate) fn file(&self, name: &str) -> Option<&File> {
        self.selected()?.rendered.files.iter().find(|f| f.name == name)
    }

    /// The content of a download; `None` when there is no plan.
    pub(crate) fn export(&self, what: &Export) -> Option<String> {
        let outcome = self.outcome();
        match what {
            Export::Script => outcome.script(),
            Export::Runbook => outcome.runbook(),
            Export::Json => outcome.plan_json().and_then(|v| serde_json::to_string_pretty(&v).ok()),
            Export::File(name) => self.file(name).map(|f| f.content.clone()),
        }
    }
}
