//! Browser side effects: downloads, the clipboard, files, the URL. Components call
//! these from event handlers and effects, never from reducers.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `content` as a file download named `name`.
pub(crate) fn download(name: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("visually-hidden");
    gloo::utils::body().append_child(&a)?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Copies `text` to the clipboard; resolves when the browser has it.
pub(crate) async fn copy(text: String) -> Result<(), JsValue> {
    let clipboard = gloo::utils::window().navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.map(|_| ())
}

/// The bytes of a picked or dropped file.
pub(crate) async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, JsValue> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A browser error in a few words, for a message next to a control.
pub(crate) fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the browser refused".to_string())
}

/// The page's fragment (`#...`), if any.
pub(crate) fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// True when the page was opened with `?embed`.
pub(crate) fn embed_mode() -> bool {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed="))
}

/// The page URL without its fragment, for share links.
pub(crate) fn base_url() -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// A global of the page (`globalThis.name`), unless undefined or null.
pub(crate) fn global(name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Calls the page's module loader `loader` (a global function returning a
/// promise, defined by index.html or the one-file build) and waits for it.
pub(crate) async fn load_module(loader: &str) -> Result<(), String> {
    let f: js_sys::Function =
        global(loader).and_then(|f| f.dyn_into().ok()).ok_or_else(|| format!("this page has no `{loader}`"))?;
    let promise: js_sys::Promise = f.call0(&JsValue::NULL).and_then(|p| p.dyn_into()).map_err(|e| describe(&e))?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(|e| describe(&e))
}
