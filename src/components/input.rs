//! "Your cluster": the paste area, the examples, opening or dropping a file.

use crate::browser;
use crate::examples::EXAMPLES;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Every readable kind, by the command that prints it (the core keeps it
/// complete).
const HINT: &str = skewplan_core::input::PASTE_HINT;
const FILE_TYPES: &str = ".json,.yaml,.yml,.txt,application/json,text/yaml";

#[derive(Properties, PartialEq)]
pub(crate) struct InputProps {
    /// The text in the paste area.
    pub input: AttrValue,
    /// A message about the input that is not a parse error.
    pub notice: Option<AttrValue>,
    /// Typing changed the text (analysed after a pause).
    pub oninput: Callback<String>,
    /// A paste changed the text (analysed at once).
    pub onpaste: Callback<String>,
    /// An example or a file replaces the text and starts the form over.
    pub onreplace: Callback<String>,
    pub onclear: Callback<()>,
    /// A file could not be read.
    pub onnotice: Callback<String>,
}

/// Reads `file` as text with the core's decoder (BOM removed, invalid UTF-8
/// reported with its line and column) and passes it on.
fn read_file(file: web_sys::File, onreplace: Callback<String>, onnotice: Callback<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        match browser::read_bytes(&file).await {
            Ok(bytes) => match skewplan_core::input::decode(&bytes) {
                Ok(text) => onreplace.emit(text.to_string()),
                Err(e) => onnotice.emit(e.to_string()),
            },
            Err(e) => onnotice.emit(format!("The file could not be read: {}", browser::describe(&e))),
        }
    });
}

/// The "Try an example" list. It goes back to "Choose…" when it loses focus,
/// not on each change: arrow keys on the closed list then step through the
/// examples (resetting on change sent every arrow press back to the first).
fn examples(onreplace: &Callback<String>) -> Html {
    let onreplace = onreplace.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some((_, _, text)) = select.value().parse::<usize>().ok().and_then(|i| EXAMPLES.get(i)) {
            onreplace.emit(text.to_string());
        }
    });
    let onblur = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlSelectElement>().set_value(""));
    html! {
        <>
            <label for="example-select" class="inline">{ "Try an example" }</label>
            <select id="example-select" {onchange} {onblur}>
                <option value="" selected=true>{ "Choose…" }</option>
                { for EXAMPLES.iter().enumerate().map(|(i, (label, provider, _))| html! {
                    <option value={i.to_string()} data-provider={*provider}>{ *label }</option>
                }) }
            </select>
        </>
    }
}

#[component]
pub(crate) fn InputSection(props: &InputProps) -> Html {
    let read = {
        let (onreplace, onnotice) = (props.onreplace.clone(), props.onnotice.clone());
        move |file| read_file(file, onreplace.clone(), onnotice.clone())
    };
    let on_pick = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read(file);
            }
            input.set_value("");
        })
    };
    let on_drop = Callback::from(move |e: DragEvent| {
        if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            e.prevent_default();
            read(file);
        }
    });
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_input = {
        let (typed, pasted) = (props.oninput.clone(), props.onpaste.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if e.input_type() == "insertFromPaste" {
                pasted.emit(text);
            } else {
                typed.emit(text);
            }
        })
    };
    let on_clear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="panel" aria-labelledby="input-heading">
            <h2 id="input-heading">{ "Your cluster" }</h2>
            <div class="input-tools">
                { examples(&props.onreplace) }
                <label class="file-button">
                    { "Open a file…" }
                    <input type="file" id="file-input" class="visually-hidden" accept={FILE_TYPES} onchange={on_pick} />
                </label>
                <button type="button" aria-label="Clear the cluster input" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <label for="cluster-input">{ "Paste cluster output" }</label>
            <p class="hint" id="cluster-input-hint">{ HINT }</p>
            <textarea
                id="cluster-input"
                aria-describedby="cluster-input-hint input-status"
                spellcheck="false"
                autocomplete="off"
                value={props.input.clone()}
                oninput={on_input}
                ondrop={on_drop}
                ondragover={on_drag_over}
            />
            if let Some(notice) = &props.notice {
                <p class="status error" role="alert">{ notice.clone() }</p>
            }
        </section>
    }
}
