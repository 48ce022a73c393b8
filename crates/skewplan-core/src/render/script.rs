//! One runnable bash script: `set -euo pipefail`, variables at the top, each
//! step echoed with its reason, files written before the commands that use
//! them.

use super::shell::quote;
use super::{from_and_target, File, Rendered};
use crate::model::Cluster;
use crate::plan::Plan;
use std::fmt::Write;

const EOF_MARK: &str = "SKEWPLAN_FILE_END";

pub fn script(cluster: &Cluster, plan: &Plan, rendered: &Rendered) -> String {
    let mut s = String::new();
    header(&mut s, cluster, plan, rendered);
    // Step titles are single-quoted on purpose: names from the input must
    // print as they are and never expand.
    s.push_str("# shellcheck disable=SC2016\nset -euo pipefail\n\n");
    variables(&mut s, rendered);
    s.push_str("\nstep() { printf '\\n==> Step %s: %s\\n' \"$1\" \"$2\"; }\n");
    if rendered.files.iter().any(|f| !f.sensitive) {
        s.push_str(FILE_FUNCTION);
    }
    s.push('\n');
    for n in &rendered.notes {
        let _ = writeln!(s, "# note: {}", one_line(&n.message));
    }
    if !rendered.preflight.is_empty() {
        s.push_str("echo '==> Before starting: what the provider offers now'\n");
        for c in &rendered.preflight {
            let _ = writeln!(s, "{c}");
        }
    }
    for (i, step) in plan.steps.iter().enumerate() {
        let out = rendered.steps.get(i).cloned().unwrap_or_default();
        let _ = writeln!(
            s,
            "\nstep {} {}",
            i + 1,
            quote(&format!("{} {}: {}", step.action.id(), step.subject, step.reason))
        );
        for name in &out.files {
            if let Some(f) = rendered.files.iter().find(|f| &f.name == name) {
                write_file(&mut s, f);
            }
        }
        for note in &out.notes {
            let _ = writeln!(s, "# {}", one_line(note));
        }
        for c in &out.commands {
            let _ = writeln!(s, "{c}");
        }
    }
    s.push_str("\necho\necho 'Skewplan: all steps done.'\n");
    s
}

/// The comment lines at the top: what the plan does, with what, how long.
fn header(s: &mut String, cluster: &Cluster, plan: &Plan, rendered: &Rendered) {
    let (from, target) = from_and_target(plan);
    s.push_str("#!/usr/bin/env bash\n");
    let _ = writeln!(
        s,
        "# Skewplan upgrade plan: {} -> {} ({} policy, {} strategy)",
        from, target, plan.policy, plan.strategy
    );
    let _ = writeln!(s, "# Cluster: {}", one_line(&cluster.name));
    let _ = writeln!(
        s,
        "# Uses: {}. Read the runbook before running; each step waits for the previous one.",
        rendered.tool
    );
    let _ = writeln!(
        s,
        "# Estimate: {} operations, {} node reimages, about {} minutes.",
        plan.estimate.operations, plan.estimate.node_reimages, plan.estimate.minutes
    );
    for f in plan.findings.iter().filter(|f| f.rule.id == crate::rules::VERSION_DATA_STALE.id) {
        let _ = writeln!(s, "# WARNING {}: {}", f.rule, one_line(&f.message));
    }
    if let Some(b) = &plan.blocked {
        let _ = writeln!(
            s,
            "# STOPS SHORT of the target: {} ({}): {}",
            b.rule,
            one_line(&b.subject.to_string()),
            one_line(&b.message)
        );
    }
}

/// The variables: values from the input, or checks that the user set them.
fn variables(s: &mut String, rendered: &Rendered) {
    for v in &rendered.variables {
        let _ = writeln!(s, "# {}", one_line(&v.description));
        if v.from_environment {
            let _ = writeln!(s, ": \"${{{0}:?set {0} in the environment}}\"", v.name);
        } else {
            match &v.value {
                Some(value) => {
                    let _ = writeln!(s, "{}={}", v.name, quote(value));
                }
                None => {
                    let _ = writeln!(s, "{}=\"${{{}:-}}\"", v.name, v.name);
                    let _ = writeln!(s, ": \"${{{0}:?set {0} (the input gave no usable value)}}\"", v.name);
                }
            }
        }
    }
}

/// Defines `skewplan_file NAME CONTENT`: a file next to the script (in the
/// directory it runs in) is used as it is, with a warning when it differs
/// from the planned one; a missing one is written. So the script runs alike
/// from `skewplan plan --out-dir` (files on disk) and from standard output.
const FILE_FUNCTION: &str = "skewplan_file() { if [ -e \"$1\" ]; then [ \"$(cat -- \"$1\")\" = \"$2\" ] || echo \"skewplan: using $1 as it is; it differs from the planned file\" >&2; else printf '%s\\n' \"$2\" > \"$1\"; fi; }\n";

/// A step's file, carried by a here-document and handed to `skewplan_file`
/// before the commands that use it; files with credentials are only named.
fn write_file(s: &mut String, f: &File) {
    if f.sensitive {
        let _ = writeln!(
            s,
            "# {} is a separate download (it holds your credentials); it is not written here",
            one_line(&f.name)
        );
        return;
    }
    if f.content.contains(EOF_MARK) {
        return;
    }
    let _ = writeln!(
        s,
        "planned=$(cat <<'{EOF_MARK}'\n{}{}{EOF_MARK}\n)\nskewplan_file {} \"$planned\"",
        f.content,
        if f.content.ends_with('\n') { "" } else { "\n" },
        quote(&f.name)
    );
}

/// Text for a comment: one line, no control characters.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
