//! The page: input → detected cluster and findings → target and options →
//! the plan. The root holds the page state and hands each component the data
//! it shows and typed callbacks; components display what
//! `skewplan_core::api::run` computes.

use crate::analysis::Analysed;
use crate::browser;
use crate::components::input::InputSection;
use crate::components::results::Results;
use crate::components::workloads_input::WorkloadsSection;
use crate::share;
use crate::state::{Action, Field, Form, PageState};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// The product's one-line purpose, shown under its name.
pub const TAGLINE: &str =
    "Plan Kubernetes upgrades that keep version skew valid at every step — in your browser, nothing leaves the page.";

/// Milliseconds of quiet typing before the input is analysed again.
const TYPING_PAUSE_MS: u32 = 300;

/// The callbacks the components are given, made once from the dispatcher.
#[derive(Clone, PartialEq)]
struct Handlers {
    oninput: Callback<String>,
    onpaste: Callback<String>,
    onreplace: Callback<String>,
    onclear: Callback<()>,
    onnotice: Callback<String>,
    onset: Callback<Field>,
    onrestore: Callback<Form>,
}

impl Handlers {
    fn new(dispatch: &UseReducerDispatcher<PageState>) -> Self {
        let actions = dispatch.to_callback();
        Handlers {
            oninput: actions.reform(Action::SetInput),
            onpaste: actions.reform(Action::Paste),
            onreplace: actions.reform(Action::ReplaceInput),
            onclear: actions.reform(|()| Action::ClearInput),
            onnotice: actions.reform(|message| Action::Notice(Some(message))),
            onset: actions.reform(Action::Set),
            onrestore: actions.reform(|form| Action::Restore(Box::new(form))),
        }
    }
}

/// Restores the page from a share link in the URL, if there is one.
fn restore_from_link(handlers: &Handlers) {
    let fragment = browser::fragment();
    if !fragment.starts_with(share::PREFIX) {
        return;
    }
    let (onrestore, onnotice) = (handlers.onrestore.clone(), handlers.onnotice.clone());
    wasm_bindgen_futures::spawn_local(async move {
        match share::decode(&fragment).await {
            Ok(form) => onrestore.emit(form),
            Err(e) => onnotice.emit(e),
        }
    });
}

/// While the planner loads, or if its answer can't be read, a line says so
/// (a failed load is the input's notice instead).
fn status(analysed: &Analysed, notice: bool) -> Html {
    match analysed {
        Analysed::Waiting if !notice => html! { <p class="status" role="status">{ "Loading the planner…" }</p> },
        Analysed::Failed(message) => html! { <p class="status error" role="alert">{ message }</p> },
        _ => html! {},
    }
}

/// The analysis of the form as last analysed. It loads the planner (a wasm
/// module of its own) when there is something to analyse, and the YAML
/// reader when a paste needs it, then analyses again; the callback starts
/// loading the planner early (focus on the page).
#[hook]
fn use_analysis(state: &UseReducerHandle<PageState>) -> (Rc<Analysed>, Callback<()>) {
    let analysed = use_memo((state.analysed.clone(), state.yaml_loaded, state.engine_loaded), |(form, _, _)| {
        Analysed::new(form.as_ref())
    });
    let load_engine = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| {
            let dispatch = dispatch.clone();
            if !crate::engine::ready() {
                wasm_bindgen_futures::spawn_local(async move {
                    dispatch.dispatch(match crate::engine::load().await {
                        Ok(()) => Action::EngineLoaded,
                        Err(e) => Action::Notice(Some(e)),
                    })
                });
            }
        })
    };
    {
        // Every form analysed while the planner is missing tries again.
        let load_engine = load_engine.clone();
        let waiting = matches!(*analysed, Analysed::Waiting);
        use_effect_with((waiting, state.analysed.clone()), move |(waiting, _)| {
            if *waiting {
                load_engine.emit(());
            }
        });
    }
    // A YAML paste loads the YAML reader, then is analysed again.
    {
        let dispatch = state.dispatcher();
        let needs_yaml = analysed.analysis().is_some_and(|a| a.needs_yaml());
        use_effect_with(needs_yaml, move |needs| {
            if *needs {
                wasm_bindgen_futures::spawn_local(async move {
                    dispatch.dispatch(match crate::yaml::load().await {
                        Ok(()) => Action::YamlLoaded,
                        Err(e) => Action::Notice(Some(e)),
                    })
                });
            }
        });
    }

    (analysed, load_engine)
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(PageState::default);
    let handlers = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| Handlers::new(&dispatch))
    };
    let embed = use_memo((), |_| browser::embed_mode());
    // A share link restores the page once, on load.
    {
        let handlers = handlers.clone();
        use_effect_with((), move |_| restore_from_link(&handlers));
    }
    // Typing is analysed after a pause.
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.form.input.clone(), move |_| {
            let timer = Timeout::new(TYPING_PAUSE_MS, move || dispatch.dispatch(Action::Analyse));
            move || drop(timer)
        });
    }
    let (analysed, load_engine) = use_analysis(&state);

    let body = html! {
        <main id="main" onfocusin={load_engine.reform(|_| ())}>
            <InputSection input={state.form.input.clone()} notice={state.notice.clone()}
                oninput={handlers.oninput.clone()} onpaste={handlers.onpaste.clone()} onreplace={handlers.onreplace.clone()}
                onclear={handlers.onclear.clone()} onnotice={handlers.onnotice.clone()} />
            <WorkloadsSection workloads={state.form.choices.workloads.clone()}
                onchange={handlers.onset.reform(Field::Workloads)} onnotice={handlers.onnotice.clone()} />
            { status(&analysed, state.notice.is_some()) }
            if let Some(analysis) = analysed.analysis() {
                <Results analysis={analysis.clone()} onset={handlers.onset.clone()} />
            }
        </main>
    };
    if *embed {
        return html! { <div class="embed">{ body }</div> };
    }
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to the planner" }</a>
            <header class="app-header">
                <h1>{ "Skewplan" }</h1>
                <p class="tagline">{ TAGLINE }</p>
            </header>
            { body }
            <footer>{ "Skewplan runs entirely in this page: no server, no credentials, no network requests." }</footer>
        </>
    }
}
