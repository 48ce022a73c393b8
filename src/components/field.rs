//! One labelled form field: a text input or a small textarea, with an
//! optional hint, reporting its value when it changes.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The value of the input, select or textarea an event came from.
pub(crate) fn event_value(e: &Event) -> Option<String> {
    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
        Some(i.value())
    } else if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
        Some(s.value())
    } else {
        e.target_dyn_into::<HtmlTextAreaElement>().map(|t| t.value())
    }
}

/// A `change` handler that passes the control's value to `on`.
pub(crate) fn on_value(on: &Callback<String>) -> Callback<Event> {
    let on = on.clone();
    Callback::from(move |e: Event| {
        if let Some(value) = event_value(&e) {
            on.emit(value);
        }
    })
}

#[derive(Properties, PartialEq)]
pub(crate) struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// A small textarea instead of a one-line input.
    #[prop_or_default]
    pub multiline: bool,
    /// The input's `type`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
    /// Shown under the control, which names it as its description.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub onchange: Callback<String>,
}

#[component]
pub(crate) fn FormField(props: &FieldProps) -> Html {
    let hint_id = props.hint.as_ref().map(|_| AttrValue::from(format!("{}-hint", props.id)));
    let onchange = on_value(&props.onchange);
    let control = if props.multiline {
        html! {
            <textarea id={props.id.clone()} class="small" placeholder={props.placeholder.clone()}
                value={props.value.clone()} {onchange} />
        }
    } else {
        html! {
            <input id={props.id.clone()} type={props.kind.clone()} inputmode={props.inputmode.clone()}
                min={props.min.clone()} max={props.max.clone()} placeholder={props.placeholder.clone()}
                value={props.value.clone()} aria-describedby={hint_id.clone()} {onchange} />
        }
    };
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            { control }
            if let (Some(hint), Some(id)) = (&props.hint, hint_id) {
                <p class="hint" {id}>{ hint.clone() }</p>
            }
        </div>
    }
}
