//! `--workloads FILE` (repeatable, `-` for stdin): the workload files read
//! into one `Workloads`, and what `check` adds for them.

use anyhow::{anyhow, bail, Result};
use skewplan_core::input::decode;
use skewplan_core::model::Cluster;
use skewplan_core::render::workload_lines;
use skewplan_core::workloads::{assess_now, read, WorkloadReport, Workloads};
use skewplan_core::{Policy, Severity};

/// Reads every `--workloads` file (`-`: standard input, once).
pub(crate) fn load(paths: &[String], input: &str) -> Result<Workloads> {
    let mut all = Workloads::default();
    if paths.iter().filter(|p| *p == "-").count() + usize::from(input == "-") > 1 {
        bail!("only one of the input and the --workloads files can be standard input (`-`)");
    }
    for path in paths {
        let bytes = crate::read_input(path)?;
        let text = decode(&bytes).map_err(|e| anyhow!("--workloads {path}: {e}"))?;
        let name = if path == "-" { "stdin" } else { path.as_str() };
        all.merge(read(name, text).map_err(|e| anyhow!("--workloads {e}"))?);
    }
    Ok(all)
}

/// The workloads judged against a cluster's running control plane.
pub(crate) fn check(w: &Workloads, cluster: &Cluster, policy: Option<Policy>) -> Option<WorkloadReport> {
    if w.is_empty() {
        return None;
    }
    let cp = cluster.control_plane.version.as_ref()?;
    let aks = matches!(
        policy.unwrap_or_else(|| Policy::for_provider(cluster.provider)),
        Policy::Aks | Policy::AksConservative
    );
    Some(assess_now(w, cp, aks))
}

/// True when no finding is an error.
pub(crate) fn clean(report: &Option<WorkloadReport>) -> bool {
    report.as_ref().is_none_or(|r| r.findings.iter().all(|f| f.severity() != Severity::Error))
}

/// The text `check` prints for one cluster's workloads.
pub(crate) fn text(report: &WorkloadReport) -> String {
    let mut s = String::from("Workloads:\n");
    for line in workload_lines(report) {
        s.push_str(&format!("  {line}\n"));
    }
    s
}
