//! A button that builds a download when it is clicked, and says so next to
//! itself when the browser refuses it.

use crate::analysis::{Analysis, Export};
use crate::browser;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct DownloadProps {
    pub analysis: Analysis,
    pub what: Export,
}

/// Builds `what` and offers it as a file; what to tell the user when that failed.
fn save(analysis: &Analysis, what: &Export) -> Option<String> {
    let result = match analysis.export(what) {
        Some(content) => browser::download(what.file_name(), what.mime(), &content),
        None => Err("there is no plan to download".into()),
    };
    result.err().map(|e| format!("Download failed: {}", browser::describe(&e)))
}

#[component]
pub(crate) fn DownloadButton(props: &DownloadProps) -> Html {
    let failure = use_state(|| None::<String>);
    let onclick = {
        let (analysis, what, failure) = (props.analysis.clone(), props.what.clone(), failure.clone());
        Callback::from(move |_: MouseEvent| failure.set(save(&analysis, &what)))
    };
    html! {
        <>
            <button type="button" class="download" {onclick}>{ props.what.label() }</button>
            if let Some(message) = &*failure {
                <span class="control-error" role="alert">{ message.clone() }</span>
            }
        </>
    }
}
