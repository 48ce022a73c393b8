//! The two line-based inputs: `kubectl get pdb [-A]` as its plain table,
//! and the API server's `apiserver_requested_deprecated_apis` metric lines
//! (`kubectl get --raw /metrics`), which show the deprecated APIs clients
//! really call.
//! <https://kubernetes.io/docs/reference/using-api/deprecation-policy/#rest-resources-aka-api-objects>

use super::budgets::int_or_percent;
use super::{ApiUsage, Budget, Place, WorkloadError, Workloads};
use serde_json::Value;

const METRIC: &str = "apiserver_requested_deprecated_apis";

/// True for `/metrics` text that has the deprecated-API metric (or is
/// Prometheus text at all: other metrics are ignored).
pub(super) fn is_metrics(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .any(|l| l.starts_with(METRIC) || l.starts_with("# HELP ") || l.starts_with("# TYPE "))
}

/// The header of `kubectl get pdb`.
pub(super) fn is_budget_table(first_line: &str) -> bool {
    (first_line.starts_with("NAMESPACE ") || first_line.starts_with("NAME "))
        && first_line.contains("ALLOWED DISRUPTIONS")
}

/// Reads the metric's samples; other lines are left alone.
pub(super) fn read_metrics(name: &str, text: &str, w: &mut Workloads) {
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix(METRIC) else { continue };
        let Some(labels) = rest.strip_prefix('{').and_then(|r| r.split_once('}')).map(|(l, _)| l) else { continue };
        let label = |key: &str| {
            labels.split(',').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        let (Some(version), Some(resource)) = (label("version"), label("resource")) else { continue };
        w.usage.push(ApiUsage {
            group: label("group").unwrap_or_default(),
            version,
            resource,
            removed_release: label("removed_release").unwrap_or_default(),
            at: Place { file: name.into(), line: i + 1, template: None },
        });
    }
}

/// Reads `kubectl get pdb` (with or without `-A`): each row is one budget.
pub(super) fn read_budget_table(name: &str, text: &str, w: &mut Workloads) -> Result<(), WorkloadError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else { return Ok(()) };
    let columns: Vec<&str> = header.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    let index = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(name_at), Some(min_at), Some(max_at), Some(allowed_at)) =
        (index("NAME"), index("MIN AVAILABLE"), index("MAX UNAVAILABLE"), index("ALLOWED DISRUPTIONS"))
    else {
        let message =
            "the header is not that of `kubectl get pdb` (NAME, MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS)";
        return Err(WorkloadError { file: name.into(), line: 1, message: message.into() });
    };
    let namespace_at = index("NAMESPACE");
    for (i, line) in lines {
        let cells: Vec<&str> = line.split_whitespace().collect();
        if cells.len() != columns.len() {
            let message = format!("expected {} columns as in the header, found {}", columns.len(), cells.len());
            return Err(WorkloadError { file: name.into(), line: i + 1, message });
        }
        let cell = |at: usize| Value::String(cells[at].to_string());
        let allowed = cells[allowed_at].parse().map_err(|_| WorkloadError {
            file: name.into(),
            line: i + 1,
            message: format!("ALLOWED DISRUPTIONS is `{}`, not a whole number", cells[allowed_at]),
        })?;
        w.objects_read += 1;
        *w.kinds.entry("PodDisruptionBudget".into()).or_default() += 1;
        w.budgets.push(Budget {
            namespace: namespace_at.map(|n| cells[n].to_string()),
            name: cells[name_at].to_string(),
            at: Place { file: name.into(), line: i + 1, template: None },
            min_available: int_or_percent(&cell(min_at)),
            max_unavailable: int_or_percent(&cell(max_at)),
            disruptions_allowed: Some(allowed),
            expected_pods: None,
            selector: Default::default(),
        });
    }
    Ok(())
}
