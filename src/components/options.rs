//! "Target and options": the target version, policy, strategy, surge, time
//! per node, node images, machine changes and a pasted version list.

use super::field::{on_value, FormField};
use crate::analysis::Analysis;
use crate::state::{Field, Form};
use skewplan_core::plan::Strategy;
use skewplan_core::Policy;
use skewplan_engine::view::PlanView as Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct OptionsProps {
    pub analysis: Analysis,
    pub onset: Callback<Field>,
}

fn policy_select(form: &Form, plan: &Plan, onset: &Callback<Field>) -> Html {
    let onchange = on_value(&onset.reform(Field::Policy));
    html! {
        <div class="field">
            <label for="policy">{ "Policy" }</label>
            <select id="policy" {onchange}>
                <option value="" selected={form.choices.policy.is_empty()}>
                    { format!("fits the input ({})", plan.policy) }
                </option>
                { for Policy::ALL.iter().map(|p| html! {
                    <option value={p.id()} selected={form.choices.policy == p.id()}>{ p.id() }</option>
                }) }
            </select>
        </div>
    }
}

fn strategy_radios(plan: &Plan, onset: &Callback<Field>) -> Html {
    let radio = |s: &Strategy| {
        let id = format!("strategy-{}", s.id());
        let value = s.id();
        let onchange = onset.reform(move |_: Event| Field::Strategy(value.to_string()));
        html! {
            <label class="radio" for={id.clone()}>
                <input type="radio" name="strategy" {id} value={s.id()} checked={plan.strategy == s.id()} {onchange} />
                { s.id() }
            </label>
        }
    };
    html! {
        <fieldset class="field">
            <legend>{ "Strategy" }</legend>
            { for Strategy::ALL.iter().map(radio) }
        </fieldset>
    }
}

fn node_image_box(form: &Form, onset: &Callback<Field>) -> Html {
    let onchange = onset.reform(|e: Event| Field::NodeImage(e.target_unchecked_into::<HtmlInputElement>().checked()));
    html! {
        <div class="field">
            <label class="checkbox" for="node-image">
                <input id="node-image" type="checkbox" checked={form.choices.node_image} {onchange} />
                { "Refresh node images of pools already at the target" }
            </label>
        </div>
    }
}

#[component]
pub(crate) fn Options(props: &OptionsProps) -> Html {
    let (Some(plan), Some(cluster)) = (props.analysis.plan(), props.analysis.cluster()) else { return html! {} };
    let form = props.analysis.form();
    let onset = &props.onset;
    let target = &plan.target;
    let target_hint =
        format!("Empty or \"latest\": the newest allowed, now {target}. Versions from {}.", plan.versions_from);
    html! {
        <section class="panel" aria-labelledby="options-heading">
            <h2 id="options-heading">{ "Target and options" }</h2>
            <div class="options">
                <FormField id="target" label="Target version" inputmode="decimal"
                    placeholder={format!("latest ({target})")} value={form.choices.target.clone()} hint={target_hint}
                    onchange={onset.reform(Field::Target)} />
                { policy_select(form, plan, onset) }
                { strategy_radios(plan, onset) }
                <FormField id="max-surge" label="Max surge (every pool)" placeholder="pool setting"
                    value={form.choices.max_surge.clone()} onchange={onset.reform(Field::MaxSurge)} />
                <FormField id="minutes" label="Minutes per node" kind="number" min="1" max="1440" placeholder="10"
                    value={form.choices.minutes_per_node.map(|m| m.to_string()).unwrap_or_default()} onchange={onset.reform(Field::MinutesPerNode)} />
                if cluster.provider == "aks" { { node_image_box(form, onset) } }
            </div>
            <details>
                <summary>{ "More: machine changes and a version list" }</summary>
                <FormField id="machine-sizes" label="Machine size changes, one per line: pool=size" multiline=true
                    placeholder="web=Standard_D8ds_v5" value={form.machine_sizes.clone()}
                    onchange={onset.reform(Field::MachineSizes)} />
                <FormField id="versions" label="Versions your region offers (az aks get-versions -o json), optional"
                    multiline=true value={form.choices.versions.clone()} onchange={onset.reform(Field::Versions)} />
                if cluster.provider == "aks" {
                    <FormField id="force-upgrade-until"
                        label="Upgrade despite deprecated API use until (RFC 3339 time), optional"
                        placeholder="2026-12-03T18:00:00Z" value={form.choices.force_upgrade_until.clone()}
                        onchange={onset.reform(Field::ForceUpgradeUntil)} />
                }
            </details>
        </section>
    }
}
