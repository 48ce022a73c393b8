//! Component tests, run in headless Chromium by `wasm-bindgen-test`.
#![cfg(target_arch = "wasm32")]

use skewplan_core::api::Choices;
use skewplan_core::input::redact_for_sharing;
use skewplan_web::share;
use skewplan_web::state::Form;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and returns that element.
fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("create div");
    gloo::utils::body().append_child(&root).expect("append root");
    yew::Renderer::<skewplan_web::app::App>::with_root(root.clone()).render();
    root
}

/// Waits until `ready` holds, checking every 20 ms for at most 5 s (the
/// page analyses typing after a 300 ms pause).
async fn settle(root: &Element, what: &str, ready: impl Fn(&Element) -> bool) {
    for _ in 0..250 {
        if ready(root) {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the page did not show {what}; it shows: {}", root.inner_html());
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).and_then(|e| e.text_content()).unwrap_or_default()
}

fn pick_example(root: &Element, index: &str) {
    let select: HtmlSelectElement = find(root, "#example-select").unwrap().dyn_into().unwrap();
    select.set_value(index);
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn shell_shows_name_purpose_and_labelled_input() {
    let root = mount();
    settle(&root, "the header", |r| find(r, "h1").is_some()).await;
    assert_eq!(text(&root, "h1"), "Skewplan");
    assert_eq!(text(&root, ".tagline"), skewplan_web::app::TAGLINE);
    assert_eq!(text(&root, "label[for=cluster-input]"), "Paste cluster output");
    let area: HtmlTextAreaElement = find(&root, "#cluster-input").unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), "");
}

#[wasm_bindgen_test]
async fn an_example_shows_the_cluster_and_its_plan() {
    let root = mount();
    settle(&root, "the example list", |r| find(r, "#example-select").is_some()).await;
    pick_example(&root, "0");
    settle(&root, "the plan", |r| find(r, ".steps .step").is_some()).await;
    assert_eq!(find(&root, ".format").unwrap().get_attribute("data-format").as_deref(), Some("aks-cluster"));
    assert_eq!(
        find(&root, ".steps .step").unwrap().get_attribute("data-action").as_deref(),
        Some("upgrade-control-plane")
    );
    assert!(text(&root, "table.cluster").contains("web"), "the pool table lists the pools");
    assert!(find(&root, ".chart svg").is_some(), "the chart is drawn");

    // Choosing another strategy re-plans at once.
    let before = text(&root, ".summary");
    let lockstep: HtmlInputElement = find(&root, "#strategy-lockstep").unwrap().dyn_into().unwrap();
    lockstep.set_checked(true);
    lockstep.dispatch_event(&Event::new("change").unwrap()).unwrap();
    settle(&root, "the lockstep plan", |r| text(r, ".summary").contains("lockstep")).await;
    assert_ne!(text(&root, ".summary"), before);
}

#[wasm_bindgen_test]
async fn a_broken_paste_shows_where_and_keeps_the_text() {
    let root = mount();
    settle(&root, "the input", |r| find(r, "#cluster-input").is_some()).await;
    let area: HtmlTextAreaElement = find(&root, "#cluster-input").unwrap().dyn_into().unwrap();
    let broken = "{\n  \"name\": \"prod\",\n  \"kubernetesVersion\": \"1.30.1\"\n  \"agentPoolProfiles\": []\n}";
    area.set_value(broken);
    area.dispatch_event(&InputEvent::new("input").unwrap()).unwrap();
    settle(&root, "the syntax error", |r| find(r, "#input-status.error").is_some()).await;
    assert_eq!(text(&root, "#input-status .where"), "Line 4, column 3: ");
    assert_eq!(area.value(), broken, "the pasted text is kept");
}

/// A share link made before links were compressed by the browser (with
/// miniz_oxide at level 9): links already handed out must keep opening.
const OLD_LINK: &str = concat!(
    "#s=NU9NS8QwEP0rMuBtKdYiaMGD2D14W1Q8FUJMx3XYNAmTpKhL_7uTze7tvcf7mDkCuZAT9HAcwekZR-ivRgjspxE2gg75E9lhwviBHMm7amibrm",
    "3arnoi8kIGd0zOUNB2x_6L7KlKWo0ldOllqsE50iVkGFMVX7fD0_P7dhhhXWEDSfMey02ycts8iBK8JfMriuCYWCfcF2a9OcSEQVTjXWJvVbDaoVrq",
    "rTVwJrGyWf-omGVAaNddF4Vclv9UQFbOT1h9BSmadTEmzigTNssYQ39TWsw3yVCkPyzFOoT4-Ja0mzRPariParmD9R8",
);

/// The form `OLD_LINK` was made from (its input had a secret in it).
fn old_link_form() -> Form {
    Form {
        input: concat!(
            "{\"name\": \"prod\", \"kubernetesVersion\": \"1.31.13\", ",
            "\"servicePrincipalProfile\": {\"clientId\": \"msi\", \"secret\": \"PLANTED-old-link\"}}"
        )
        .into(),
        choices: Choices {
            target: "1.32.9".into(),
            strategy: "lockstep".into(),
            max_surge: "33%".into(),
            node_image: true,
            ..Choices::default()
        },
        machine_sizes: "apps=Standard_D8s_v5".into(),
    }
}

/// `form` as a link carries it: secrets removed from the input and the version list.
fn shared(form: &Form) -> Form {
    let choices = Choices { versions: redact_for_sharing(&form.choices.versions), ..form.choices.clone() };
    Form { input: redact_for_sharing(&form.input), choices, ..form.clone() }
}

#[wasm_bindgen_test]
async fn an_old_share_link_still_opens() {
    let back = share::decode(OLD_LINK).await.expect("the old link opens");
    assert_eq!(back, shared(&old_link_form()));
    assert!(!back.input.contains("PLANTED"));
    assert!(back.input.contains("\"secret\": \"REDACTED\""));
}

#[wasm_bindgen_test]
async fn an_old_share_link_restores_the_page() {
    let location = gloo::utils::window().location();
    location.set_hash(OLD_LINK).unwrap();
    let root = mount();
    let expected = shared(&old_link_form()).input;
    let restored = |r: &Element| {
        find(r, "#cluster-input")
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
            .is_some_and(|a| a.value() == expected)
    };
    settle(&root, "the restored input", restored).await;
    location.set_hash("").unwrap();
}

#[wasm_bindgen_test]
async fn share_links_round_trip_without_secrets() {
    let old = old_link_form();
    let choices = Choices {
        versions: "{\"values\": [], \"secret\": \"PLANTED-versions\"}".into(),
        cluster: 2,
        policy: "upstream".into(),
        ..old.choices.clone()
    };
    let form = Form { choices, ..old };
    let link = share::encode(&form).await.expect("a link");
    assert!(link.starts_with("#s="), "{link}");
    let back = share::decode(&link).await.expect("the link opens");
    assert_eq!(back, shared(&form));
    assert!(!back.input.contains("PLANTED") && !back.choices.versions.contains("PLANTED"));
}

#[wasm_bindgen_test]
async fn damaged_or_oversized_links_say_so() {
    let damaged = Err("the share link is damaged or too large".to_string());
    assert_eq!(share::decode("#s=AAAA").await, damaged);
    assert_eq!(share::decode("#s=!!!").await, Err("the share link is damaged (not base64)".to_string()));
    // 5 MiB of state compresses to a short link but opens to more than the 4 MiB a link may carry.
    let huge = Form { input: " ".repeat(5 * 1024 * 1024), ..Form::default() };
    let link = share::encode(&huge).await.expect("a link");
    assert!(link.len() < 20_000, "{} characters", link.len());
    assert_eq!(share::decode(&link).await, damaged);
}
