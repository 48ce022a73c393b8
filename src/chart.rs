//! The version chart: every component's version after each step, with the
//! window the policy allows shaded, drawn as SVG.

use crate::analysis::Analysis;
use skewplan_core::{KubeVersion, Plan};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct ChartProps {
    pub analysis: Analysis,
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

type Series = Vec<(String, Vec<(usize, f64)>)>;

/// Series of (step index, version) for the control plane and each pool: a
/// point where a version changes, and one where its line ends (the last
/// step, or the step before its pool is deleted). Built from what each step
/// changes, so it costs pools + steps, not pools × steps.
fn series(plan: &Plan) -> Series {
    let Some(initial) = &plan.initial else { return Vec::new() };
    let mut lines = Lines::default();
    lines.set("control plane", 0, Some(level(&initial.control_plane)));
    for (name, v) in &initial.pools {
        lines.set(name, 0, Some(level(v)));
    }
    for (i, step) in plan.steps.iter().enumerate() {
        if let Some(cp) = &step.change.control_plane {
            lines.set("control plane", i + 1, Some(level(cp)));
        }
        for (name, v) in &step.change.pools {
            lines.set(name, i + 1, v.as_ref().map(level));
        }
    }
    lines.finish(plan.steps.len())
}

/// The series being drawn, with each one's current level (`None` once its
/// pool is gone).
#[derive(Default)]
struct Lines {
    out: Series,
    now: Vec<Option<f64>>,
    index: std::collections::HashMap<String, usize>,
}

impl Lines {
    fn set(&mut self, name: &str, x: usize, y: Option<f64>) {
        let Some(&i) = self.index.get(name) else {
            if let Some(y) = y {
                self.index.insert(name.to_string(), self.out.len());
                self.out.push((name.to_string(), vec![(x, y)]));
                self.now.push(Some(y));
            }
            return;
        };
        match (self.now[i], y) {
            (Some(was), Some(y)) if was == y => {}
            (Some(was), None) => self.close(i, x.saturating_sub(1), was),
            (_, Some(y)) => self.out[i].1.push((x, y)),
            (None, None) => {}
        }
        self.now[i] = y;
    }

    /// Extends series `i` to step `x` at level `y`.
    fn close(&mut self, i: usize, x: usize, y: f64) {
        let points = &mut self.out[i].1;
        if points.last().is_some_and(|(last, _)| *last < x) {
            points.push((x, y));
        }
    }

    fn finish(mut self, steps: usize) -> Series {
        for i in 0..self.out.len() {
            if let Some(y) = self.now[i] {
                self.close(i, steps, y);
            }
        }
        self.out
    }
}

/// Where things go: steps along x, versions (as levels) up y.
struct Scale {
    steps: usize,
    lo: f64,
    hi: f64,
}

impl Scale {
    fn x(&self, i: usize) -> f64 {
        LEFT + (W - LEFT - RIGHT) * i as f64 / self.steps as f64
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (H - TOP - BOTTOM) * (self.hi - v) / (self.hi - self.lo).max(1.0)
    }
}

/// The allowed window at each step: from (control plane minor − window) to
/// the control plane's version.
fn band(plan: &Plan, cps: &[&KubeVersion], s: &Scale) -> String {
    let mut band = String::new();
    for (i, cp) in cps.iter().enumerate() {
        let x0 = s.x(i);
        let x1 = if i + 1 < cps.len() { s.x(i + 1) } else { s.x(i) + 8.0 };
        let bottom = cp.minor() as f64 - plan.policy.window(cp, cp) as f64;
        band.push_str(&format!("M{x0:.1},{:.1}H{x1:.1}V{:.1}H{x0:.1}Z", s.y(level(cp)), s.y(bottom)));
    }
    band
}

/// A line and a label for each minor version in view.
fn gridlines(s: &Scale) -> Html {
    let minors = (s.lo.ceil() as i64..).take_while(|m| (*m as f64) <= s.hi);
    html! {
        { for minors.map(|m| {
            let y = s.y(m as f64);
            html! {
                <g class="grid">
                    <line x1={format!("{LEFT}")} x2={format!("{}", W - RIGHT)}
                        y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                    <text x={format!("{}", LEFT - 6.0)} y={format!("{:.1}", y + 4.0)} text-anchor="end">
                        { format!("1.{m}") }
                    </text>
                </g>
            }
        }) }
    }
}

/// The CSS class suffix of the `i`th series: the control plane, then eight pool colours.
fn colour(i: usize) -> String {
    if i == 0 {
        "cp".to_string()
    } else {
        format!("s{}", (i - 1) % 8)
    }
}

fn lines(all: &Series, s: &Scale) -> Html {
    html! {
        { for all.iter().enumerate().map(|(i, (name, pts))| {
            let mut d = String::new();
            for (j, (sx, sy)) in pts.iter().enumerate() {
                let op = if j == 0 { format!("M{:.1},", s.x(*sx)) } else { format!("H{:.1}V", s.x(*sx)) };
                d.push_str(&format!("{op}{:.1}", s.y(*sy)));
            }
            html! { <path class={format!("series {}", colour(i))} {d}><title>{ name.clone() }</title></path> }
        }) }
    }
}

fn ticks(plan: &Plan, s: &Scale) -> Html {
    html! {
        { for (0..=plan.steps.len()).map(|i| {
            let label = if i == 0 { "now".to_string() } else { i.to_string() };
            html! {
                <text class="tick" x={format!("{:.1}", s.x(i))} y={format!("{}", H - BOTTOM + 16.0)}
                    text-anchor="middle">
                    { label }
                </text>
            }
        }) }
    }
}

fn legend(all: &Series) -> Html {
    html! {
        <ul class="legend">
            { for all.iter().enumerate().map(|(i, (name, _))| html! {
                <li><span class={format!("key {}", colour(i))} aria-hidden="true"></span>{ name.clone() }</li>
            }) }
            <li><span class="key window" aria-hidden="true"></span>{ "allowed skew window" }</li>
        </ul>
    }
}

/// The control-plane minor whose hop the workloads block (the plan stops
/// before it), if any.
pub(crate) fn blocked_hop(plan: &Plan) -> Option<String> {
    let report = plan.workloads.as_ref()?;
    report.findings.iter().find(|f| f.blocks && !f.steps.is_empty()).and_then(|f| f.hop.clone())
}

/// A dashed line after the last step, labelled with the blocked hop.
fn blocked_marker(plan: &Plan, s: &Scale) -> Html {
    let Some(hop) = blocked_hop(plan) else { return html! {} };
    let x = s.x(plan.steps.len());
    html! {
        <g class="blocked-hop" data-hop={hop.clone()}>
            <line x1={format!("{x}")} x2={format!("{x}")} y1={format!("{}", s.y(s.hi))} y2={format!("{}", s.y(s.lo))}
                stroke-dasharray="4 3" />
            <text x={format!("{}", x - 4.0)} y={format!("{}", s.y(s.hi) + 12.0)} text-anchor="end">
                { format!("hop to {hop} blocked") }
            </text>
        </g>
    }
}

#[component]
pub(crate) fn Chart(props: &ChartProps) -> Html {
    let Some(plan) = props.analysis.plan() else { return html! {} };
    let Some(initial) = &plan.initial else { return html! {} };
    let all = series(plan);
    let cps: Vec<&KubeVersion> = std::iter::once(&initial.control_plane)
        .chain(plan.steps.iter().scan(&initial.control_plane, |cp, s| {
            *cp = s.change.control_plane.as_ref().unwrap_or(cp);
            Some(*cp)
        }))
        .collect();
    let ys = all.iter().flat_map(|(_, p)| p.iter().map(|(_, y)| *y));
    let lowest_window = cps.iter().map(|c| level(c) - 3.0).fold(f64::MAX, f64::min);
    let lo = ys.clone().fold(f64::MAX, f64::min).min(lowest_window).floor();
    let hi = ys.fold(f64::MIN, f64::max).floor() + 1.0;
    let scale = Scale { steps: plan.steps.len().max(1), lo, hi };
    let desc = format!(
        "Versions of the control plane and {} pool(s) over {} step(s); the shaded band is the skew window the {} \
         policy allows at each step.",
        all.len().saturating_sub(1),
        plan.steps.len(),
        plan.policy
    );
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="chart-title chart-desc">
                <title id="chart-title">{ "Versions across the steps" }</title>
                <desc id="chart-desc">{ desc }</desc>
                <path class="window" d={band(plan, &cps, &scale)} />
                { gridlines(&scale) }
                { lines(&all, &scale) }
                { ticks(plan, &scale) }
                { blocked_marker(plan, &scale) }
                <text class="axis-label" x={format!("{}", (W + LEFT) / 2.0)} y={format!("{}", H - 6.0)}
                    text-anchor="middle">
                    { "step" }
                </text>
            </svg>
            <figcaption>{ legend(&all) }</figcaption>
        </figure>
    }
}
