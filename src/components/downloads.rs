//! The plan's downloads and its share link (the page state in the URL
//! fragment, secrets removed, shown in a field and copied). A failure is
//! said next to the control that met it.

use super::download_button::DownloadButton;
use crate::analysis::{Analysis, Export};
use crate::browser;
use crate::share;
use crate::state::Form;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct DownloadsProps {
    pub analysis: Analysis,
}

/// The link for `form`, or why there is none.
async fn make_link(form: &Form) -> Result<String, String> {
    let fragment = share::encode(form).await.map_err(|e| format!("No share link: {e}"))?;
    Ok(format!("{}{fragment}", browser::base_url()))
}

/// Makes the link, shows it in `link` and copies it; says in `failure` what went wrong.
async fn share_and_copy(form: &Form, link: UseStateHandle<String>, failure: UseStateHandle<Option<String>>) {
    match make_link(form).await {
        Ok(url) => {
            link.set(url.clone());
            let copied = browser::copy(url).await;
            failure
                .set(copied.err().map(|e| format!("Copying failed ({}); copy the link below.", browser::describe(&e))));
        }
        Err(e) => failure.set(Some(e)),
    }
}

#[component]
pub(crate) fn Downloads(props: &DownloadsProps) -> Html {
    let link = use_state(String::new);
    let failure = use_state(|| None::<String>);
    let on_share = {
        let (analysis, link, failure) = (props.analysis.clone(), link.clone(), failure.clone());
        Callback::from(move |_: MouseEvent| {
            let (analysis, link, failure) = (analysis.clone(), link.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move { share_and_copy(analysis.form(), link, failure).await });
        })
    };
    let download = |what: Export| html! { <DownloadButton analysis={props.analysis.clone()} {what} /> };
    html! {
        <>
            <div class="downloads">
                { download(Export::Script) }
                { download(Export::Runbook) }
                { download(Export::Json) }
                <button type="button" class="share" onclick={on_share}>{ "Copy share link" }</button>
                if let Some(message) = &*failure {
                    <span class="control-error" role="alert">{ message.clone() }</span>
                }
            </div>
            if !link.is_empty() {
                <p class="share-link">
                    <label for="share-url">{ "Share link (secrets removed)" }</label>
                    <input id="share-url" type="text" readonly=true value={(*link).clone()} />
                </p>
            }
        </>
    }
}
