//! The page: header, input area and (as the core grows) findings and plan.

use crate::state::{Action, PageState};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The product's one-line purpose, shown under its name.
pub const TAGLINE: &str =
    "Plan Kubernetes upgrades that keep version skew valid at every step — in your browser, nothing leaves the page.";

#[component]
pub fn App() -> Html {
    let state = use_reducer(PageState::default);

    let on_input = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::SetInput(area.value()));
        })
    };

    html! {
        <>
            <header class="app-header">
                <h1>{ "Skewplan" }</h1>
                <p class="tagline">{ TAGLINE }</p>
            </header>
            <main>
                <section aria-labelledby="input-heading">
                    <h2 id="input-heading">{ "Your cluster" }</h2>
                    <label for="cluster-input">{ "Paste cluster output" }</label>
                    <p class="hint" id="cluster-input-hint">
                        { "az aks show / az aks nodepool list JSON, an aks-engine apimodel.json, Cluster API YAML or kubectl get nodes -o json." }
                    </p>
                    <textarea
                        id="cluster-input"
                        aria-describedby="cluster-input-hint"
                        spellcheck="false"
                        autocomplete="off"
                        value={state.input.clone()}
                        oninput={on_input}
                    />
                </section>
            </main>
            <footer>{ "Skewplan runs entirely in this page: no server, no credentials, no network requests." }</footer>
        </>
    }
}
