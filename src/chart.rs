//! The version chart: every component's version after each step, with the
//! window the policy allows shaded, drawn as SVG.

use crate::analysis::Analysis;
use skewplan_engine::view::ChartData;
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

type Series = Vec<(String, Vec<(usize, f64)>)>;

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
fn band(window: &[(f64, f64)], s: &Scale) -> String {
    let mut band = String::new();
    for (i, (cp, bottom)) in window.iter().enumerate() {
        let x0 = s.x(i);
        let x1 = if i + 1 < window.len() { s.x(i + 1) } else { s.x(i) + 8.0 };
        band.push_str(&format!("M{x0:.1},{:.1}H{x1:.1}V{:.1}H{x0:.1}Z", s.y(*cp), s.y(*bottom)));
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

fn ticks(steps: usize, s: &Scale) -> Html {
    html! {
        { for (0..=steps).map(|i| {
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

/// A dashed line after the last step, labelled with the blocked hop.
fn blocked_marker(chart: &ChartData, s: &Scale) -> Html {
    let Some(hop) = &chart.blocked_hop else { return html! {} };
    let x = s.x(chart.steps);
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
    let Some((plan, chart)) = props.analysis.plan().and_then(|p| Some((p, p.chart.as_ref()?))) else {
        return html! {};
    };
    let all = &chart.series;
    let ys = all.iter().flat_map(|(_, p)| p.iter().map(|(_, y)| *y));
    let lowest_window = chart.window.iter().map(|(cp, _)| cp - 3.0).fold(f64::MAX, f64::min);
    let lo = ys.clone().fold(f64::MAX, f64::min).min(lowest_window).floor();
    let hi = ys.fold(f64::MIN, f64::max).floor() + 1.0;
    let scale = Scale { steps: chart.steps.max(1), lo, hi };
    let desc = format!(
        "Versions of the control plane and {} pool(s) over {} step(s); the shaded band is the skew window the {} \
         policy allows at each step.",
        all.len().saturating_sub(1),
        chart.steps,
        plan.policy
    );
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="chart-title chart-desc">
                <title id="chart-title">{ "Versions across the steps" }</title>
                <desc id="chart-desc">{ desc }</desc>
                <path class="window" d={band(&chart.window, &scale)} />
                { gridlines(&scale) }
                { lines(all, &scale) }
                { ticks(chart.steps, &scale) }
                { blocked_marker(chart, &scale) }
                <text class="axis-label" x={format!("{}", (W + LEFT) / 2.0)} y={format!("{}", H - 6.0)}
                    text-anchor="middle">
                    { "step" }
                </text>
            </svg>
            <figcaption>{ legend(all) }</figcaption>
        </figure>
    }
}
