//! The page's view of every fixture's analysis: it survives the JSON the
//! page reads it from, and it says what the core's outcome says (the page
//! shows nothing the planner did not compute).

use skewplan_core::api::{plan_document, run_choices, Choices, Outcome};
use skewplan_engine::view::Page;
use skewplan_engine::{analyse, output, Request};
use skewplan_testkit::fixture_files;

fn request(text: &str, choices: &Choices) -> String {
    Request::json(text, choices)
}

fn choice_sets() -> Vec<Choices> {
    vec![
        Choices::default(),
        Choices { strategy: "lockstep".into(), node_image: true, ..Choices::default() },
        Choices { target: "1.31".into(), today: "2026-12-01".into(), ..Choices::default() },
        Choices { max_surge: "x".into(), ..Choices::default() },
    ]
}

/// Where the view and the outcome disagree, described; empty when they agree.
fn disagreements(page: &Page, outcome: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            out.push(what.to_string());
        }
    };
    match &outcome.parsed {
        Err(e) => check(page.input_error.as_ref().is_some_and(|p| p.message == e.to_string()), "input error"),
        Ok(parsed) => {
            let detected = page.detected.as_ref();
            check(detected.is_some_and(|d| d.clusters.len() == parsed.clusters.len()), "cluster count");
            check(detected.is_some_and(|d| d.diagnostics.len() == parsed.diagnostics.len()), "diagnostics");
            let cluster = parsed.clusters.get(outcome.request.cluster);
            check(page.cluster.as_ref().map(|c| c.rows.len()) == cluster.map(|c| c.pools.len() + 1), "rows");
        }
    }
    check(page.choice_errors.len() == outcome.choice_errors.len(), "choice errors");
    match (&page.plan, &outcome.selected) {
        (None, None) => {}
        (Some(view), Some(sel)) => {
            check(view.steps.len() == sel.plan.steps.len(), "steps");
            check(view.files.len() == sel.rendered.files.len(), "files");
            check(view.strategy == sel.plan.strategy.id(), "strategy");
            check(view.blocked.is_some() == sel.plan.blocked.is_some(), "blocked");
            let commands: Vec<&String> = view.steps.iter().flat_map(|s| &s.commands).collect();
            let rendered: Vec<&String> = sel.rendered.steps.iter().flat_map(|s| &s.commands).collect();
            check(commands == rendered, "commands");
            let findings = page.cluster.as_ref().map_or(0, |c| c.findings.len());
            check(findings == sel.plan.findings.len(), "findings");
            let chart = view.chart.as_ref().map_or(0, |c| c.window.len());
            check(chart == sel.plan.initial.as_ref().map_or(0, |_| sel.plan.steps.len() + 1), "chart window");
        }
        _ => check(false, "plan present"),
    }
    out
}

#[test]
fn every_fixture_s_view_reads_back_and_agrees_with_the_outcome() {
    let (mut checked, mut planned) = (0, 0);
    for (name, bytes) in fixture_files() {
        let text = String::from_utf8_lossy(&bytes);
        for choices in choice_sets() {
            let answer = analyse(&request(&text, &choices));
            let page: Page = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{name}: unreadable view: {e}"));
            assert_eq!(serde_json::to_string(&page).unwrap(), answer, "{name}: the view changes when read back");
            let outcome = run_choices(&text, &choices);
            let wrong = disagreements(&page, &outcome);
            assert!(wrong.is_empty(), "{name} with {choices:?}: the view disagrees on {wrong:?}");
            checked += 1;
            planned += usize::from(page.plan.is_some());
        }
    }
    println!("{checked} views checked, {planned} with a plan");
    assert!(checked > 400 && planned > 100, "{checked} views, {planned} plans: too few to mean anything");
}

#[test]
fn outputs_are_the_core_s_and_a_bad_request_is_an_error() {
    let (_, bytes) = fixture_files().into_iter().find(|(n, _)| n.ends_with(".json") && n.contains("aks")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let choices = Choices::default();
    let req = request(&text, &choices);
    let outcome = run_choices(&text, &choices);
    assert_eq!(output("script", &req), outcome.script());
    assert_eq!(output("runbook", &req), outcome.runbook());
    let pretty = outcome.plan_json().map(|v| serde_json::to_string_pretty(&v).unwrap());
    assert_eq!(output("plan", &req), pretty);
    assert_eq!(output("plan-document", &req), Some(plan_document(&text, &choices).to_string()));
    assert_eq!(output("nothing", &req), None);
    assert_eq!(output("script", "not json"), None);
    let bad: serde_json::Value = serde_json::from_str(&analyse("{\"input\": 3}")).unwrap();
    assert!(bad["error"].as_str().is_some_and(|e| e.contains("unreadable")), "{bad}");
}
