//! "Your workloads" (optional): a second paste area and several files at
//! once (manifests, Helm output, `kubectl get` output, `kubectl get pdb -A`,
//! deprecated-API metric lines). The plan then stops before a hop that
//! would stop serving an API they use.

use crate::browser;
use web_sys::{FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

const HINT: &str = "Optional: manifests or helm template output, kubectl get … -A -o yaml, kubectl get pdb -A, or \
                    kubectl get --raw /metrics. Drop or open several files at once.";

#[derive(Properties, PartialEq)]
pub(crate) struct WorkloadsProps {
    /// The pasted text first, then one text per file added.
    pub workloads: Vec<String>,
    pub onchange: Callback<Vec<String>>,
    /// A file could not be read.
    pub onnotice: Callback<String>,
}

/// Reads every file of `files` as text and emits `current` with them added.
fn read_files(files: FileList, current: Vec<String>, onchange: Callback<Vec<String>>, onnotice: Callback<String>) {
    let list: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut next = if current.is_empty() { vec![String::new()] } else { current };
        for file in list {
            match browser::read_bytes(&file).await {
                Ok(bytes) => match skewplan_core::input::decode(&bytes) {
                    Ok(text) => next.push(text.to_string()),
                    Err(e) => onnotice.emit(format!("{}: {e}", file.name())),
                },
                Err(e) => onnotice.emit(format!("{} could not be read: {}", file.name(), browser::describe(&e))),
            }
        }
        onchange.emit(next);
    });
}

#[component]
pub(crate) fn WorkloadsSection(props: &WorkloadsProps) -> Html {
    let pasted = props.workloads.first().cloned().unwrap_or_default();
    let files: Vec<String> = props.workloads.iter().skip(1).cloned().collect();
    let add = {
        let (current, onchange, onnotice) = (props.workloads.clone(), props.onchange.clone(), props.onnotice.clone());
        move |list: FileList| read_files(list, current.clone(), onchange.clone(), onnotice.clone())
    };
    let on_pick = {
        let add = add.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                add(list);
            }
            input.set_value("");
        })
    };
    let on_drop = Callback::from(move |e: DragEvent| {
        if let Some(list) = e.data_transfer().and_then(|d| d.files()).filter(|f| f.length() > 0) {
            e.prevent_default();
            add(list);
        }
    });
    let on_input = {
        let (files, onchange) = (files.clone(), props.onchange.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            onchange.emit(std::iter::once(text).chain(files.iter().cloned()).collect());
        })
    };
    let on_clear = props.onchange.reform(|_: MouseEvent| Vec::new());
    html! {
        <section class="panel" aria-labelledby="workloads-heading">
            <h2 id="workloads-heading">{ "Your workloads" }</h2>
            <div class="input-tools">
                <label class="file-button">
                    { "Open files…" }
                    <input type="file" id="workloads-files" class="visually-hidden" multiple=true onchange={on_pick}
                        accept=".json,.yaml,.yml,.txt" />
                </label>
                <button type="button" id="workloads-clear" aria-label="Clear the workloads" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <label for="workloads-input">{ "Paste workload manifests" }</label>
            <p class="hint" id="workloads-hint">{ HINT }</p>
            <textarea id="workloads-input" aria-describedby="workloads-hint" spellcheck="false" autocomplete="off"
                value={pasted} oninput={on_input} ondrop={on_drop} ondragover={Callback::from(|e: DragEvent| e.prevent_default())} />
            if !files.is_empty() {
                <p class="hint" id="workloads-files-added">
                    { format!("{} file(s) added (named workloads-2 on, after the pasted text, in the findings)", files.len()) }
                </p>
            }
        </section>
    }
}
