//! One analysis of the form, shared by the components that show it. It is
//! equal only to itself, so yew compares it by pointer and a component
//! re-renders exactly when the form is analysed again.

use crate::state::Form;
use skewplan_engine::view::{ClusterView, Detected, FindingView, Page, PlanView};
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct Analysis(Rc<(Page, Form)>);

/// What the page shows for the form it last analysed.
#[derive(Clone, PartialEq)]
pub(crate) enum Analysed {
    /// Nothing to analyse (no input).
    Nothing,
    /// The planner module is still loading.
    Waiting,
    Done(Analysis),
    /// The planner's answer could not be read.
    Failed(String),
}

impl Analysed {
    /// Analyses `form` (none: nothing entered) if the planner is there.
    pub(crate) fn new(form: Option<&Form>) -> Self {
        match form.filter(|f| !f.input.trim().is_empty()) {
            None => Analysed::Nothing,
            Some(form) => match crate::engine::analyse(&crate::engine::form_request(form, today())) {
                None => Analysed::Waiting,
                Some(Ok(page)) => Analysed::Done(Analysis(Rc::new((page, form.clone())))),
                Some(Err(message)) => Analysed::Failed(message),
            },
        }
    }

    pub(crate) fn analysis(&self) -> Option<&Analysis> {
        match self {
            Analysed::Done(a) => Some(a),
            _ => None,
        }
    }
}

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
    /// What the planner says of the form.
    pub(crate) fn page(&self) -> &Page {
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
        self.page().needs_yaml || (!crate::yaml::ready() && self.page().workloads_error)
    }

    pub(crate) fn detected(&self) -> Option<&Detected> {
        self.page().detected.as_ref()
    }

    /// The cluster the form selects.
    pub(crate) fn cluster(&self) -> Option<&ClusterView> {
        self.page().cluster.as_ref()
    }

    pub(crate) fn plan(&self) -> Option<&PlanView> {
        self.page().plan.as_ref()
    }

    /// The findings the page shows for the selected cluster.
    pub(crate) fn findings(&self) -> &[FindingView] {
        self.cluster().map(|c| c.findings.as_slice()).unwrap_or_default()
    }

    /// The content of a file of the plan, by name.
    pub(crate) fn file(&self, name: &str) -> Option<&str> {
        self.plan()?.files.iter().find(|(n, _)| n == name).map(|(_, content)| content.as_str())
    }

    /// The content of a download; `None` when there is no plan. The script,
    /// runbook and JSON are written by the planner when asked for.
    pub(crate) fn export(&self, what: &Export) -> Option<String> {
        let output = |kind| crate::engine::output(kind, &crate::engine::form_request(self.form(), today()));
        match what {
            Export::Script => output("script"),
            Export::Runbook => output("runbook"),
            Export::Json => output("plan"),
            Export::File(name) => self.file(name).map(str::to_string),
        }
    }
}
