//! The page: input → detected cluster and findings → target and options →
//! the plan. Components display what `skewplan_core::api::run` computes.

use crate::browser;
use crate::chart::Chart;
use crate::examples::EXAMPLES;
use crate::share;
use crate::state::{Action, Field, PageState};
use gloo::timers::callback::Timeout;
use skewplan_core::api::{run, Outcome};
use skewplan_core::input::{InputError, Severity};
use skewplan_core::model::{Cluster, PoolDetails};
use skewplan_core::plan::Strategy;
use skewplan_core::{Plan, Policy};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The product's one-line purpose, shown under its name.
pub const TAGLINE: &str =
    "Plan Kubernetes upgrades that keep version skew valid at every step — in your browser, nothing leaves the page.";

/// Milliseconds of quiet typing before the input is analysed again.
const TYPING_PAUSE_MS: u32 = 300;

type Dispatch = UseReducerDispatcher<PageState>;

/// One analysis of the form, shared by the components that show it; equal
/// only to itself, so components re-render exactly when it is recomputed.
#[derive(Clone)]
struct Analysis(Rc<(Outcome, Rc<crate::state::Form>)>);

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Analysis {
    fn outcome(&self) -> &Outcome {
        &self.0 .0
    }

    fn form(&self) -> &Rc<crate::state::Form> {
        &self.0 .1
    }
}

fn set(dispatch: &Dispatch, f: impl Fn(String) -> Field + 'static) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        let value = if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
            i.value()
        } else if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
            s.value()
        } else if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
            t.value()
        } else {
            return;
        };
        dispatch.dispatch(Action::Set(f(value)));
    })
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(PageState::default);
    let dispatch = state.dispatcher();
    let embed = use_memo((), |_| browser::embed_mode());

    // A share link restores the page once, on load.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let fragment = browser::fragment();
            if fragment.starts_with(share::PREFIX) {
                match share::decode(&fragment) {
                    Ok(form) => dispatch.dispatch(Action::Restore(form)),
                    Err(e) => dispatch.dispatch(Action::Notice(Some(e))),
                }
            }
        });
    }
    // Typing is analysed after a pause.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.form.input.clone(), move |_| {
            let timer = Timeout::new(TYPING_PAUSE_MS, move || dispatch.dispatch(Action::Analyse));
            move || drop(timer)
        });
    }
    let outcome: Rc<Option<Analysis>> = use_memo(state.analysed.clone(), |analysed| {
        analysed
            .as_ref()
            .filter(|f| !f.input.trim().is_empty())
            .map(|form| Analysis(Rc::new((run(&form.input, &form.choices()), Rc::new(form.clone())))))
    });

    let body = html! {
        <main id="main">
            <InputSection state={state.clone()} />
            if let Some(analysis) = outcome.as_ref() {
                <Results analysis={analysis.clone()} dispatch={dispatch.clone()} />
            }
        </main>
    };
    if *embed {
        return html! { <div class="embed">{ body }</div> };
    }
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to the planner" }</a>
            <header class="app-header">
                <h1>{ "Skewplan" }</h1>
                <p class="tagline">{ TAGLINE }</p>
            </header>
            { body }
            <footer>{ "Skewplan runs entirely in this page: no server, no credentials, no network requests." }</footer>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct InputProps {
    state: UseReducerHandle<PageState>,
}

#[component]
fn InputSection(props: &InputProps) -> Html {
    let state = &props.state;
    let dispatch = state.dispatcher();
    let on_input = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetInput(area.value()));
        })
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                if let Some((_, _, text)) = EXAMPLES.get(i) {
                    dispatch.dispatch(Action::LoadExample(text.to_string()));
                }
            }
            select.set_value("");
        })
    };
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let read_file = {
        let dispatch = dispatch.clone();
        let reader = reader.clone();
        Rc::new(move |file: web_sys::File| {
            let dispatch = dispatch.clone();
            let file = gloo::file::File::from(file);
            let task = gloo::file::callbacks::read_as_bytes(&file, move |bytes| match bytes {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => dispatch.dispatch(Action::LoadExample(text)),
                    Err(e) => dispatch.dispatch(Action::Notice(Some(format!(
                        "The file is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again.",
                        e.utf8_error().valid_up_to()
                    )))),
                },
                Err(e) => dispatch.dispatch(Action::Notice(Some(format!("The file could not be read: {e}")))),
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_pick = {
        let read_file = read_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let read_file = read_file.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                e.prevent_default();
                read_file(file);
            }
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_clear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ClearInput))
    };
    html! {
        <section class="panel" aria-labelledby="input-heading">
            <h2 id="input-heading">{ "Your cluster" }</h2>
            <div class="input-tools">
                <label for="example-select" class="inline">{ "Try an example" }</label>
                <select id="example-select" onchange={on_example}>
                    <option value="" selected=true>{ "Choose…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, (label, provider, _))| html! {
                        <option value={i.to_string()} data-provider={*provider}>{ *label }</option>
                    }) }
                </select>
                <label class="file-button">
                    { "Open a file…" }
                    <input type="file" id="file-input" class="visually-hidden" accept=".json,.yaml,.yml,.txt,application/json,text/yaml" onchange={on_pick} />
                </label>
                <button type="button" onclick={on_clear}>{ "Clear" }</button>
            </div>
            <label for="cluster-input">{ "Paste cluster output" }</label>
            <p class="hint" id="cluster-input-hint">
                { "az aks show / az aks nodepool list JSON, an aks-engine apimodel.json, Cluster API YAML or kubectl get nodes -o json. You can also drop a file here." }
            </p>
            <textarea
                id="cluster-input"
                aria-describedby="cluster-input-hint input-status"
                spellcheck="false"
                autocomplete="off"
                value={state.form.input.clone()}
                oninput={on_input}
                ondrop={on_drop}
                ondragover={on_drag_over}
            />
            if let Some(notice) = &state.notice {
                <p class="status error" role="alert">{ notice.clone() }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    analysis: Analysis,
    dispatch: Dispatch,
}

fn input_error(e: &InputError) -> Html {
    let place = match e {
        InputError::Syntax { line, column, .. } if *line > 0 => Some(format!("Line {line}, column {column}")),
        InputError::Paste { problems, .. } => problems.first().map(|p| match p {
            skewplan_core::input::PasteProblem::CommandLine { line, .. } => format!("Line {line}"),
            skewplan_core::input::PasteProblem::Elided { line, column } => format!("Line {line}, column {column}"),
        }),
        _ => None,
    };
    html! {
        <div id="input-status" class="status error" role="alert">
            if let Some(p) = place { <strong class="where">{ p }{ ": " }</strong> }
            { e.to_string() }
        </div>
    }
}

#[component]
fn Results(props: &ResultsProps) -> Html {
    let outcome = props.analysis.outcome();
    let dispatch = &props.dispatch;
    let form = props.analysis.form();
    let parsed = match &outcome.parsed {
        Err(e) => return input_error(e),
        Ok(p) => p,
    };
    let cluster = parsed.clusters.get(form.cluster);
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let needs_cp = cluster.is_some_and(|c| c.control_plane.version.is_none()) || !form.control_plane_version.is_empty();
    html! {
        <>
            <section class="panel" aria-labelledby="detected-heading">
                <h2 id="detected-heading">{ "Detected" }</h2>
                <p id="input-status" class="status ok" role="status">
                    <span class="format" data-format={parsed.format.id()}>{ parsed.format.title() }</span>
                    { format!(" — {} cluster(s)", parsed.clusters.len()) }
                </p>
                if parsed.clusters.len() > 1 {
                    <label for="cluster-select">{ "Cluster" }</label>
                    <select id="cluster-select" onchange={set(dispatch, |v| Field::Cluster(v.parse().unwrap_or(0)))}>
                        { for parsed.clusters.iter().enumerate().map(|(i, c)| html! {
                            <option value={i.to_string()} selected={i == form.cluster}>{ format!("{} ({})", c.name, c.control_plane.version.as_ref().map(ToString::to_string).unwrap_or_default()) }</option>
                        }) }
                    </select>
                }
                if needs_cp {
                    <div class="field">
                        <label for="cp-version">{ "Control-plane version" }</label>
                        <input id="cp-version" type="text" inputmode="decimal" placeholder="1.30.6" value={form.control_plane_version.clone()}
                            aria-describedby="cp-version-hint" onchange={set(dispatch, Field::ControlPlaneVersion)} />
                        <p class="hint" id="cp-version-hint">{ "This input does not name the control plane's version; `kubectl version` prints it as Server Version." }</p>
                    </div>
                }
                if !parsed.diagnostics.is_empty() {
                    <ul class="diagnostics">
                        { for parsed.diagnostics.iter().map(|d| html! {
                            <li class={classes!("diag", severity_class(d.severity))}>
                                <code class="path">{ d.path.to_string() }</code>{ ": " }{ d.message.clone() }
                            </li>
                        }) }
                    </ul>
                }
                if let (Some(c), Some(sel)) = (cluster, outcome.selected.as_ref()) {
                    <ClusterTable cluster={Rc::new(c.clone())} findings={Rc::new(sel.findings.clone())} />
                }
                for e in outcome.choice_errors.iter() {
                    <p class="status error" role="alert">{ format!("{}: {}", e.field.replace('_', " "), e.message) }</p>
                }
            </section>
            if errors.is_empty() {
                if let (Some(c), Some(sel)) = (cluster, outcome.selected.as_ref()) {
                    <Options form={form.clone()} dispatch={dispatch.clone()} plan={Rc::new(sel.plan.clone())} provider={c.provider.as_str()} />
                    <PlanView analysis={props.analysis.clone()} />
                }
            }
        </>
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[derive(Properties, PartialEq)]
struct ClusterTableProps {
    cluster: Rc<Cluster>,
    findings: Rc<Vec<skewplan_core::Finding>>,
}

#[component]
fn ClusterTable(props: &ClusterTableProps) -> Html {
    let c = &props.cluster;
    let findings_for = |subject: &str| props.findings.iter().filter(|f| f.subject == subject).collect::<Vec<_>>();
    let marks = |subject: &str| {
        let fs = findings_for(subject);
        html! { <>{ for fs.iter().map(|f| html! { <span class={classes!("badge", severity_class(f.severity))} title={f.message.clone()}>{ f.rule }</span> }) }</> }
    };
    let cp = &c.control_plane;
    html! {
        <>
            <div class="table-wrap" role="region" aria-label="Cluster components" tabindex="0">
                <table class="cluster">
                    <caption>{ format!("{} ({})", if c.name.is_empty() { "Cluster" } else { &c.name }, c.provider.as_str()) }</caption>
                    <thead><tr><th scope="col">{ "Component" }</th><th scope="col">{ "Mode" }</th><th scope="col">{ "Version" }</th><th scope="col">{ "Nodes" }</th><th scope="col">{ "Size" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Findings" }</th></tr></thead>
                    <tbody>
                        <tr>
                            <th scope="row">{ "control plane" }</th><td>{ "—" }</td>
                            <td>{ cp.version.as_ref().map(ToString::to_string).unwrap_or_else(|| "unknown".into()) }</td>
                            <td>{ cp.replicas.map(|r| r.to_string()).unwrap_or_else(|| "—".into()) }</td>
                            <td>{ cp.machine_size.clone().unwrap_or_else(|| "—".into()) }</td>
                            <td>{ cp.state.describe() }</td>
                            <td>{ marks("control-plane") }{ marks("cluster") }</td>
                        </tr>
                        { for c.pools.iter().map(|p| {
                            let kind = match &p.details { PoolDetails::ClusterApi { object_kind, .. } => object_kind.clone(), _ => format!("{:?}", p.mode).to_lowercase() };
                            html! {
                                <tr>
                                    <th scope="row">{ p.name.clone() }</th>
                                    <td>{ kind }</td>
                                    <td>{ p.version.as_ref().map(ToString::to_string).unwrap_or_else(|| "unknown".into()) }</td>
                                    <td>{ p.count.map(|n| n.to_string()).unwrap_or_else(|| "—".into()) }{ p.autoscale.map(|(a, b)| format!(" ({a}–{b})")).unwrap_or_default() }</td>
                                    <td>{ p.machine_size.clone().unwrap_or_else(|| "—".into()) }</td>
                                    <td>{ p.state.describe() }</td>
                                    <td>{ marks(&format!("pool/{}", p.name)) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if !props.findings.is_empty() {
                <h3>{ "Findings" }</h3>
                <ul class="findings">
                    { for props.findings.iter().map(|f| html! {
                        <li class={classes!("finding", severity_class(f.severity))}>
                            <span class="sev">{ f.severity_word() }</span>{ " " }<code>{ f.rule }</code>{ " " }<span class="subject">{ f.subject.clone() }</span>{ ": " }{ f.message.clone() }
                            <div class="fix">{ "Fix: " }{ f.fix }</div>
                            <div class="source">{ "Source: " }{ f.source }{ f.error_code.map(|c| format!(" (pre-empts {c})")).unwrap_or_default() }</div>
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OptionsProps {
    form: Rc<crate::state::Form>,
    dispatch: Dispatch,
    plan: Rc<Plan>,
    provider: &'static str,
}

#[component]
fn Options(props: &OptionsProps) -> Html {
    let form = &props.form;
    let dispatch = &props.dispatch;
    let target = props.plan.target.as_ref().map(ToString::to_string).unwrap_or_default();
    html! {
        <section class="panel" aria-labelledby="options-heading">
            <h2 id="options-heading">{ "Target and options" }</h2>
            <div class="options">
                <div class="field">
                    <label for="target">{ "Target version" }</label>
                    <input id="target" type="text" inputmode="decimal" placeholder={format!("latest ({target})")} value={form.target.clone()}
                        aria-describedby="target-hint" onchange={set(dispatch, Field::Target)} />
                    <p class="hint" id="target-hint">{ format!("Empty or \"latest\": the newest allowed, now {target}. Versions from {}.", props.plan.versions_from) }</p>
                </div>
                <div class="field">
                    <label for="policy">{ "Policy" }</label>
                    <select id="policy" onchange={set(dispatch, Field::Policy)}>
                        <option value="" selected={form.policy.is_empty()}>{ format!("fits the input ({})", props.plan.policy) }</option>
                        { for Policy::ALL.iter().map(|p| html! { <option value={p.id()} selected={form.policy == p.id()}>{ p.id() }</option> }) }
                    </select>
                </div>
                <fieldset class="field">
                    <legend>{ "Strategy" }</legend>
                    { for Strategy::ALL.iter().map(|s| {
                        let id = format!("strategy-{}", s.id());
                        let checked = props.plan.strategy == *s;
                        let dispatch = dispatch.clone();
                        let value = s.id().to_string();
                        let onchange = Callback::from(move |_| dispatch.dispatch(Action::Set(Field::Strategy(value.clone()))));
                        html! { <label class="radio" for={id.clone()}><input type="radio" name="strategy" id={id} value={s.id()} checked={checked} {onchange} />{ s.id() }</label> }
                    }) }
                </fieldset>
                <div class="field">
                    <label for="max-surge">{ "Max surge (every pool)" }</label>
                    <input id="max-surge" type="text" placeholder="pool setting" value={form.max_surge.clone()} onchange={set(dispatch, Field::MaxSurge)} />
                </div>
                <div class="field">
                    <label for="minutes">{ "Minutes per node" }</label>
                    <input id="minutes" type="number" min="1" max="1440" placeholder="10" value={form.minutes_per_node.clone()} onchange={set(dispatch, Field::MinutesPerNode)} />
                </div>
                if props.provider == "aks" {
                    <div class="field">
                        <label class="checkbox" for="node-image">
                            <input id="node-image" type="checkbox" checked={form.node_image}
                                onchange={{ let d = dispatch.clone(); Callback::from(move |e: Event| { let i: HtmlInputElement = e.target_unchecked_into(); d.dispatch(Action::Set(Field::NodeImage(i.checked()))); }) }} />
                            { "Refresh node images of pools already at the target" }
                        </label>
                    </div>
                }
            </div>
            <details>
                <summary>{ "More: machine changes and a version list" }</summary>
                <div class="field">
                    <label for="machine-sizes">{ "Machine size changes, one per line: pool=size" }</label>
                    <textarea id="machine-sizes" class="small" placeholder="web=Standard_D8ds_v5" value={form.machine_sizes.clone()} onchange={set(dispatch, Field::MachineSizes)} />
                </div>
                <div class="field">
                    <label for="versions">{ "Versions your region offers (az aks get-versions -o json), optional" }</label>
                    <textarea id="versions" class="small" value={form.versions.clone()} onchange={set(dispatch, Field::Versions)} />
                </div>
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PlanProps {
    analysis: Analysis,
}

/// A button that copies `text` and says so.
#[derive(Properties, PartialEq)]
struct CopyProps {
    text: AttrValue,
    label: AttrValue,
}

#[component]
fn CopyButton(props: &CopyProps) -> Html {
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
        Some(true) => "Copied".to_string(),
        Some(false) => "Copy failed".to_string(),
        None => "Copy".to_string(),
    };
    html! { <button type="button" class="copy" aria-label={props.label.clone()} {onclick}>{ label }</button> }
}

fn download_button(label: &str, name: String, mime: &'static str, content: String) -> Html {
    let onclick = Callback::from(move |_| {
        let _ = browser::download(&name, mime, &content);
    });
    html! { <button type="button" class="download" {onclick}>{ label.to_string() }</button> }
}

#[component]
fn PlanView(props: &PlanProps) -> Html {
    let outcome = props.analysis.outcome();
    let choices = props.analysis.form().choices();
    let share_link = use_state(String::new);
    let Some(sel) = outcome.selected.as_ref() else { return html! {} };
    let plan = &sel.plan;
    let rendered = &sel.rendered;
    let json =
        outcome.plan_json(&choices).map(|v| serde_json::to_string_pretty(&v).unwrap_or_default()).unwrap_or_default();
    let script = outcome.script(&choices).unwrap_or_default();
    let runbook = outcome.runbook(&choices).unwrap_or_default();
    let on_share = {
        let form = props.analysis.form().clone();
        let share_link = share_link.clone();
        Callback::from(move |_| {
            let link = format!("{}{}", browser::base_url(), share::encode(&form));
            share_link.set(link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = browser::copy(link).await;
            });
        })
    };
    html! {
        <section class="panel" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{ "Plan" }</h2>
            <p class="summary">
                { format!("{} → {}: {} operations, {} node reimages, about {} minutes ({}).",
                    plan.initial.as_ref().map(|i| i.control_plane.to_string()).unwrap_or_default(),
                    plan.target.as_ref().map(ToString::to_string).unwrap_or_default(),
                    plan.estimate.operations, plan.estimate.node_reimages, plan.estimate.minutes, plan.strategy) }
            </p>
            if let Some(b) = &plan.blocked {
                <p class="status error blocked" role="alert"><strong>{ "Stops short of the target: " }</strong><code>{ b.rule }</code>{ format!(" on {}: {}", b.subject, b.message) }</p>
            }
            <div class="table-wrap" role="region" aria-label="Strategies compared" tabindex="0">
                <table class="strategies">
                    <caption>{ "The three strategies" }</caption>
                    <thead><tr><th scope="col">{ "Strategy" }</th><th scope="col">{ "Operations" }</th><th scope="col">{ "Node reimages" }</th><th scope="col">{ "Minutes" }</th><th scope="col">{ "Reaches target" }</th></tr></thead>
                    <tbody>
                        { for plan.alternatives.iter().map(|a| html! {
                            <tr class={classes!((a.strategy == plan.strategy).then_some("chosen"))}>
                                <th scope="row">{ a.strategy.id() }</th>
                                <td>{ a.estimate.operations }</td><td>{ a.estimate.node_reimages }</td><td>{ a.estimate.minutes }</td>
                                <td>{ if a.blocked.is_some() { "no" } else { "yes" } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <Chart plan={Rc::new(plan.clone())} />
            <div class="downloads">
                { download_button("Download script", "skewplan-upgrade.sh".into(), "text/x-shellscript", script) }
                { download_button("Download runbook", "skewplan-runbook.md".into(), "text/markdown", runbook) }
                { download_button("Download JSON", "skewplan-plan.json".into(), "application/json", json) }
                <button type="button" class="share" onclick={on_share}>{ "Copy share link" }</button>
            </div>
            if !share_link.is_empty() {
                <p class="share-link"><label for="share-url">{ "Share link (secrets removed)" }</label><input id="share-url" type="text" readonly=true value={(*share_link).clone()} /></p>
            }
            if !rendered.variables.is_empty() {
                <h3>{ "Variables" }</h3>
                <ul class="variables">
                    { for rendered.variables.iter().map(|v| html! {
                        <li><code>{ v.name.clone() }</code>{ " — " }{ v.description.clone() }{ ": " }
                            { match (&v.value, v.from_environment) { (_, true) => "from the environment".to_string(), (Some(x), _) => x.clone(), (None, _) => "set it before running".to_string() } }
                        </li>
                    }) }
                </ul>
            }
            if !rendered.preflight.is_empty() {
                <div class="commands"><pre><code>{ rendered.preflight.join("\n") }</code></pre><CopyButton text={rendered.preflight.join("\n")} label="Copy the checks to run first" /></div>
            }
            <ol class="steps">
                { for plan.steps.iter().enumerate().map(|(i, s)| {
                    let out = rendered.steps.get(i).cloned().unwrap_or_default();
                    let versions = match (&s.from, &s.to) { (Some(f), Some(t)) => format!(" {f} → {t}"), (None, Some(t)) => format!(" → {t}"), _ => String::new() };
                    html! {
                        <li class="step" data-action={s.action.id()}>
                            <h3><span class="action">{ s.action.id() }</span>{ " " }<span class="subject">{ s.subject.clone() }</span>{ versions }</h3>
                            <p class="reason">{ s.reason.clone() }</p>
                            { for out.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
                            { for out.commands.iter().enumerate().map(|(j, c)| html! {
                                <div class="commands">
                                    <pre><code>{ c.clone() }</code></pre>
                                    <CopyButton text={c.clone()} label={format!("Copy command {} of step {}", j + 1, i + 1)} />
                                </div>
                            }) }
                            { for out.files.iter().filter_map(|name| rendered.files.iter().find(|f| &f.name == name)).map(|f| {
                                let label = format!("Download {}", f.name);
                                download_button(&label, f.name.clone(), if f.name.ends_with(".json") { "application/json" } else { "application/yaml" }, f.content.clone())
                            }) }
                        </li>
                    }
                }) }
            </ol>
            if plan.steps.is_empty() && plan.blocked.is_none() {
                <p class="status ok">{ "Nothing to do: everything already runs the target." }</p>
            }
            if !rendered.notes.is_empty() {
                <ul class="notes">{ for rendered.notes.iter().map(|n| html! { <li class={severity_class(n.severity)}>{ n.message.clone() }</li> }) }</ul>
            }
        </section>
    }
}
