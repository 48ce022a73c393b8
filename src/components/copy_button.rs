//! A button that copies a text and says whether it could.

use crate::browser;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct CopyProps {
    pub text: AttrValue,
    /// What the button copies, for screen readers.
    pub label: AttrValue,
}

#[component]
pub(crate) fn CopyButton(props: &CopyProps) -> Html {
    let done = use_state(|| None::<bool>);
    let onclick = {
        let text = props.text.to_string();
        let done = done.clone();
        Callback::from(move |_| {
            let text = text.clone();
            let done = done.clone();
            wasm_bindgen_futures::spawn_local(async move {
                done.set(Some(browser::copy(text).await.is_ok()));
            });
        })
    };
    let label = match *done {
        Some(true) => "Copied",
        Some(false) => "Copy failed",
        None => "Copy",
    };
    html! { <button type="button" class="copy" aria-label={props.label.clone()} {onclick}>{ label }</button> }
}
