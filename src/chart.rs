//! The version chart: every component's version after each step, with the
//! window the policy allows shaded, drawn as SVG.

use skewplan_core::{KubeVersion, Plan};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub plan: Rc<Plan>,
}

const W: f64 = 720.0;
const H: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// A version as a height: its minor, plus its patch as a fraction.
fn level(v: &KubeVersion) -> f64 {
    v.minor() as f64 + (v.patch().unwrap_or(0).min(99) as f64) / 100.0
}

/// Series of (step index, version) for the control plane and each pool.
fn series(plan: &Plan) -> Vec<(String, Vec<(usize, f64)>)> {
    let Some(initial) = &plan.initial else { return Vec::new() };
    let mut out: Vec<(String, Vec<(usize, f64)>)> = Vec::new();
    let mut push = |name: &str, x: usize, y: f64| match out.iter_mut().find(|(n, _)| n == name) {
        Some((_, pts)) => pts.push((x, y)),
        None => out.push((name.to_string(), vec![(x, y)])),
    };
    push("control plane", 0, level(&initial.control_plane));
    for (name, v) in &initial.pools {
        push(name, 0, level(v));
    }
    for (i, step) in plan.steps.iter().enumerate() {
        push("control plane", i + 1, level(&step.after.control_plane));
        for (name, v) in &step.after.pools {
            push(name, i + 1, level(v));
        }
    }
    out
}

#[component]
pub fn Chart(props: &ChartProps) -> Html {
    let plan = &props.plan;
    let all = series(plan);
    let Some(initial) = &plan.initial else { return html! {} };
    let steps = plan.steps.len().max(1);
    let cps: Vec<&KubeVersion> =
        std::iter::once(&initial.control_plane).chain(plan.steps.iter().map(|s| &s.after.control_plane)).collect();
    let windows: Vec<f64> = cps.iter().map(|cp| plan.policy.window(cp, cp) as f64).collect();
    let ys: Vec<f64> = all.iter().flat_map(|(_, p)| p.iter().map(|(_, y)| *y)).collect();
    let lo = ys
        .iter()
        .cloned()
        .fold(f64::MAX, f64::min)
        .min(cps.iter().map(|c| level(c) - 3.0).fold(f64::MAX, f64::min))
        .floor();
    let hi = ys.iter().cloned().fold(f64::MIN, f64::max).floor() + 1.0;
    let x = |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / steps as f64;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (hi - v) / (hi - lo).max(1.0);

    // The allowed window at each step: from (control plane minor − window)
    // to the control plane's version.
    let mut band = String::new();
    for (i, cp) in cps.iter().enumerate() {
        let x0 = x(i);
        let x1 = if i + 1 < cps.len() { x(i + 1) } else { x(i) + 8.0 };
        let top = level(cp);
        let bottom = cp.minor() as f64 - windows[i];
        band.push_str(&format!("M{x0:.1},{:.1}H{x1:.1}V{:.1}H{x0:.1}Z", y(top), y(bottom)));
    }

    let mut gridlines = Vec::new();
    let mut m = lo.ceil() as i64;
    while (m as f64) <= hi {
        gridlines.push(html! {
            <g class="grid">
                <line x1={format!("{LEFT}")} x2={format!("{}", W - RIGHT)} y1={format!("{:.1}", y(m as f64))} y2={format!("{:.1}", y(m as f64))} />
                <text x={format!("{}", LEFT - 6.0)} y={format!("{:.1}", y(m as f64) + 4.0)} text-anchor="end">{ format!("1.{m}") }</text>
            </g>
        });
        m += 1;
    }
    let lines = all.iter().enumerate().map(|(i, (name, pts))| {
        let mut d = String::new();
        for (j, (sx, sy)) in pts.iter().enumerate() {
            if j == 0 {
                d.push_str(&format!("M{:.1},{:.1}", x(*sx), y(*sy)));
            } else {
                d.push_str(&format!("H{:.1}V{:.1}", x(*sx), y(*sy)));
            }
        }
        let class = if i == 0 { "series cp".to_string() } else { format!("series s{}", (i - 1) % 8) };
        html! { <path class={class} d={d}><title>{ name.clone() }</title></path> }
    });
    let legend = all.iter().enumerate().map(|(i, (name, _))| {
        let class = if i == 0 { "key cp".to_string() } else { format!("key s{}", (i - 1) % 8) };
        html! { <li><span class={class} aria-hidden="true"></span>{ name.clone() }</li> }
    });
    let ticks = (0..=plan.steps.len()).map(|i| {
        html! { <text class="tick" x={format!("{:.1}", x(i))} y={format!("{}", H - BOTTOM + 16.0)} text-anchor="middle">{ if i == 0 { "now".to_string() } else { i.to_string() } }</text> }
    });
    let desc = format!(
        "Versions of the control plane and {} pool(s) over {} step(s); the shaded band is the skew window the {} policy allows at each step.",
        all.len().saturating_sub(1),
        plan.steps.len(),
        plan.policy
    );
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="chart-title chart-desc">
                <title id="chart-title">{ "Versions across the steps" }</title>
                <desc id="chart-desc">{ desc.clone() }</desc>
                <path class="window" d={band} />
                { for gridlines }
                { for lines }
                { for ticks }
                <text class="axis-label" x={format!("{}", (W + LEFT) / 2.0)} y={format!("{}", H - 6.0)} text-anchor="middle">{ "step" }</text>
            </svg>
            <figcaption>
                <ul class="legend">{ for legend }<li><span class="key window" aria-hidden="true"></span>{ "allowed skew window" }</li></ul>
            </figcaption>
        </figure>
    }
}
