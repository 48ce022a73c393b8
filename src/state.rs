//! Page state: one `Reducible` with an `Action` enum. Reducers are pure;
//! side effects (timers, downloads, clipboard, the URL) live in components.

use serde::{Deserialize, Serialize};
use skewplan_core::api::{Choices, MachineChangeChoice};
use std::rc::Rc;
use yew::Reducible;

/// What the user entered: the input text and the form. This is what a share
/// link carries (with secrets removed from the text). The form's fields are
/// the core's `Choices` (the JavaScript API's options), as the page holds
/// them, plus the machine changes as the text the user types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub input: String,
    #[serde(flatten)]
    pub choices: Choices,
    /// `pool=size` pairs, one per line, for machine changes.
    pub machine_sizes: String,
}

impl Form {
    /// The core's view of the form.
    pub fn choices(&self) -> Choices {
        let machine_changes = self
            .machine_sizes
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(pool, size)| MachineChangeChoice {
                pool: pool.trim().to_string(),
                machine_size: size.trim().to_string(),
                machine_image: String::new(),
            })
            .collect();
        // The analysis adds the browser's date; a share link never carries one.
        Choices { machine_changes, today: String::new(), ..self.choices.clone() }
    }
}

/// A form field that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Target(String),
    Policy(String),
    Strategy(String),
    ControlPlaneVersion(String),
    Versions(String),
    MaxSurge(String),
    MinutesPerNode(String),
    NodeImage(bool),
    Cluster(usize),
    MachineSizes(String),
    ForceUpgradeUntil(String),
    /// The workloads' texts: the pasted one, then one per file.
    Workloads(Vec<String>),
}

/// Everything the page shows is derived from this state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageState {
    pub form: Form,
    /// The form as last analysed (after the typing pause).
    pub analysed: Option<Form>,
    /// A message about the input that is not a parse error (a file that
    /// could not be read, a share link that could not be restored).
    pub notice: Option<String>,
    /// The YAML reader (a second wasm module) has loaded: what it could not
    /// read before is analysed again.
    pub yaml_loaded: bool,
    /// The planner (a wasm module of its own) has loaded: the form is
    /// analysed.
    pub engine_loaded: bool,
}

/// What can happen to the page state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The input text changed (typing, paste, drop or an example).
    SetInput(String),
    /// Text was pasted: analysed at once, with the form kept.
    Paste(String),
    /// An example was picked or a file opened: its text replaces the input
    /// and the form starts over.
    ReplaceInput(String),
    /// The input was cleared.
    ClearInput,
    Set(Field),
    /// The typing pause passed: analyse the current form.
    Analyse,
    /// A share link was opened.
    Restore(Box<Form>),
    Notice(Option<String>),
    /// The YAML reader has loaded.
    YamlLoaded,
    /// The planner has loaded.
    EngineLoaded,
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetInput(text) if text == self.form.input => return self,
            Action::SetInput(text) => {
                next.form.input = text;
                next.notice = None;
            }
            Action::Paste(text) => {
                next.form.input = text;
                next.analysed = Some(next.form.clone());
                next.notice = None;
            }
            Action::ReplaceInput(text) => {
                // The workloads are a separate input: they stay.
                let workloads = self.form.choices.workloads.clone();
                next.form =
                    Form { input: text, choices: Choices { workloads, ..Choices::default() }, ..Form::default() };
                next.analysed = Some(next.form.clone());
                next.notice = None;
            }
            Action::ClearInput => {
                next.form.input.clear();
                next.analysed = Some(next.form.clone());
            }
            Action::Set(field) => {
                let f = &mut next.form;
                match field {
                    Field::Target(v) => f.choices.target = v,
                    Field::Policy(v) => f.choices.policy = v,
                    Field::Strategy(v) => f.choices.strategy = v,
                    Field::ControlPlaneVersion(v) => f.choices.control_plane_version = v,
                    Field::Versions(v) => f.choices.versions = v,
                    Field::MaxSurge(v) => f.choices.max_surge = v,
                    Field::ForceUpgradeUntil(v) => f.choices.force_upgrade_until = v,
                    Field::MinutesPerNode(v) => f.choices.minutes_per_node = v.trim().parse().ok(),
                    Field::NodeImage(v) => f.choices.node_image = v,
                    Field::Cluster(v) => f.choices.cluster = v,
                    Field::MachineSizes(v) => f.machine_sizes = v,
                    Field::Workloads(v) => f.choices.workloads = v,
                }
                // Choices apply at once; only typing in the input waits.
                next.analysed = Some(next.form.clone());
            }
            Action::Analyse if self.analysed.as_ref() == Some(&self.form) => return self,
            Action::Analyse => next.analysed = Some(next.form.clone()),
            Action::Restore(form) => {
                next.analysed = Some((*form).clone());
                next.form = *form;
                next.notice = None;
            }
            Action::Notice(n) => next.notice = n,
            Action::YamlLoaded => next.yaml_loaded = true,
            Action::EngineLoaded => next.engine_loaded = true,
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<PageState> {
        Rc::new(PageState::default())
    }

    #[test]
    fn typing_changes_the_input_but_waits_for_analysis() {
        let s = state().reduce(Action::SetInput("{\"a\":1}".into()));
        assert_eq!(s.form.input, "{\"a\":1}");
        assert_eq!(s.analysed, None);
        let s = s.reduce(Action::Analyse);
        assert_eq!(s.analysed.as_ref().unwrap().input, "{\"a\":1}");
        let same = s.clone().reduce(Action::Analyse);
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn a_paste_is_analysed_at_once_and_keeps_the_form() {
        let s = state().reduce(Action::Set(Field::Strategy("lockstep".into()))).reduce(Action::Paste("{}".into()));
        assert_eq!(s.analysed.as_ref().map(|f| f.input.as_str()), Some("{}"));
        assert_eq!(s.form.choices.strategy, "lockstep");
    }

    #[test]
    fn choices_apply_at_once_and_a_replaced_input_resets_the_form() {
        let s = state().reduce(Action::SetInput("x".into())).reduce(Action::Set(Field::Strategy("lockstep".into())));
        assert_eq!(s.analysed.as_ref().unwrap().choices.strategy, "lockstep");
        let s = s.reduce(Action::ReplaceInput("y".into()));
        assert_eq!(s.form, Form { input: "y".into(), ..Form::default() });
        assert_eq!(s.form.choices().strategy, "");
    }

    #[test]
    fn workloads_apply_at_once_and_stay_when_the_cluster_input_is_replaced() {
        let s = state().reduce(Action::Set(Field::Workloads(vec!["kind: Ingress".into()])));
        assert_eq!(s.analysed.as_ref().unwrap().choices.workloads, ["kind: Ingress"]);
        let s = s.reduce(Action::ReplaceInput("y".into()));
        assert_eq!(s.form.choices.workloads, ["kind: Ingress"]);
        assert_eq!(s.form.input, "y");
    }

    #[test]
    fn machine_sizes_become_machine_changes() {
        let f = Form { machine_sizes: "apps = Standard_D8s_v5\nbad line\n".into(), ..Form::default() };
        let c = f.choices();
        assert_eq!(c.machine_changes.len(), 1);
        assert_eq!(c.machine_changes[0].pool, "apps");
        assert_eq!(c.machine_changes[0].machine_size, "Standard_D8s_v5");
    }

    #[test]
    fn restore_replaces_the_form() {
        let choices = Choices { target: "1.30.1".into(), ..Choices::default() };
        let form = Form { input: "z".into(), choices, ..Form::default() };
        let s = state().reduce(Action::Restore(Box::new(form.clone())));
        assert_eq!(s.form, form);
        assert_eq!(s.analysed, Some(form));
    }
}
