//! The version chart's data: each component's version after each step and
//! the window the policy allows; the page draws it (`src/chart.rs`).

use crate::view::ChartData;
use skewplan_core::{KubeVersion, Plan};
use std::collections::HashMap;

/// A version as a height: its minor, plus its patch as a fraction.
fn level(v: &KubeVersion) -> f64 {
    v.minor() as f64 + (v.patch().unwrap_or(0).min(99) as f64) / 100.0
}

type Series = Vec<(String, Vec<(usize, f64)>)>;

/// The chart of `plan`; none when its start is unknown.
pub(crate) fn data(plan: &Plan) -> Option<ChartData> {
    let initial = plan.initial.as_ref()?;
    let cps = std::iter::once(&initial.control_plane).chain(plan.steps.iter().scan(&initial.control_plane, |cp, s| {
        *cp = s.change.control_plane.as_ref().unwrap_or(cp);
        Some(*cp)
    }));
    let window = cps.map(|cp| (level(cp), cp.minor() as f64 - plan.policy.window(cp, cp) as f64)).collect();
    Some(ChartData { series: series(plan), window, steps: plan.steps.len(), blocked_hop: workloads_hop(plan) })
}

/// The control-plane minor whose hop the workloads block (the plan stops
/// before it), if any.
pub(crate) fn workloads_hop(plan: &Plan) -> Option<String> {
    let report = plan.workloads.as_ref()?;
    report.findings.iter().find(|f| f.blocks && !f.steps.is_empty()).and_then(|f| f.hop.clone())
}

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
    index: HashMap<String, usize>,
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
