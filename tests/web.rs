//! Component tests, run in headless Chromium by `wasm-bindgen-test`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and returns that element.
fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create div");
    gloo::utils::body().append_child(&root).expect("append root");
    yew::Renderer::<skewplan_web::app::App>::with_root(root.clone()).render();
    root
}

/// Lets Yew's scheduler run until `ready` holds (bounded number of turns).
async fn settle(root: &Element, ready: impl Fn(&Element) -> bool) {
    for _ in 0..50 {
        if ready(root) {
            return;
        }
        yew::platform::time::sleep(Duration::ZERO).await;
    }
    panic!("the page did not reach the expected state; it shows: {}", root.inner_html());
}

#[wasm_bindgen_test]
async fn shell_shows_name_purpose_and_labelled_input() {
    let root = mount();
    settle(&root, |r| r.query_selector("h1").ok().flatten().is_some()).await;
    let h1 = root.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "Skewplan");
    let tagline = root.query_selector(".tagline").unwrap().unwrap();
    assert_eq!(tagline.text_content().unwrap(), skewplan_web::app::TAGLINE);
    let label = root.query_selector("label[for=cluster-input]").unwrap().unwrap();
    assert_eq!(label.text_content().unwrap(), "Paste cluster output");
    let area = root.query_selector("#cluster-input").unwrap().unwrap().dyn_into::<HtmlTextAreaElement>().unwrap();
    assert_eq!(area.value(), "");
}
