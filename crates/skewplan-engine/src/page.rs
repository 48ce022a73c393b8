//! Builds the page's view of an analysis ([`crate::view::Page`]) from the
//! core's `api::Outcome`: every text the page shows is written here.

use crate::chart;
use crate::view::{
    AlternativeView, BlockedView, ClusterView, Detected, FindingView, InputProblem, Page, PlanView, Row, StepView,
    WorkloadsView,
};
use skewplan_core::api::Outcome;
use skewplan_core::input::{InputError, PasteProblem, Severity};
use skewplan_core::model::{Cluster, PoolDetails};
use skewplan_core::plan::Step;
use skewplan_core::render::{step_versions, Rendered, Variable};
use skewplan_core::{Finding, Parsed, Plan, Subject};

/// The page's view of `outcome`.
pub(crate) fn page(outcome: &Outcome) -> Page {
    let parsed = match &outcome.parsed {
        Err(e) => {
            let needs_yaml = matches!(e, InputError::YamlNotLoaded);
            return Page { input_error: Some(input_problem(e)), needs_yaml, ..page_choices(outcome) };
        }
        Ok(p) => p,
    };
    let selected = outcome.selected();
    let findings = selected.map(|(_, _, s)| s.plan.findings.as_slice()).unwrap_or_default();
    let cluster = parsed.clusters.get(outcome.request.cluster);
    Page {
        detected: Some(detected(parsed)),
        cluster: cluster.map(|c| cluster_view(c, findings)),
        plan: selected.map(|(_, _, s)| plan_view(&s.plan, &s.rendered)),
        ..page_choices(outcome)
    }
}

fn page_choices(outcome: &Outcome) -> Page {
    let choice_errors: Vec<(String, String)> =
        outcome.choice_errors.iter().map(|e| (e.field.to_string(), e.message.clone())).collect();
    let workloads_error = choice_errors.iter().any(|(field, _)| field == "workloads");
    Page { choice_errors, workloads_error, ..Page::default() }
}

fn input_problem(e: &InputError) -> InputProblem {
    let place = match e {
        InputError::Syntax { line, column, .. } if *line > 0 => Some(format!("Line {line}, column {column}")),
        InputError::Paste { problems, .. } => problems.first().map(|p| match p {
            PasteProblem::CommandLine { line, .. } => format!("Line {line}"),
            PasteProblem::Elided { line, column } => format!("Line {line}, column {column}"),
        }),
        _ => None,
    };
    InputProblem { place, message: e.to_string() }
}

fn detected(parsed: &Parsed) -> Detected {
    let label = |c: &Cluster| {
        let version = c.control_plane.version.as_ref().map(ToString::to_string).unwrap_or_default();
        format!("{} ({version})", c.name)
    };
    Detected {
        format: parsed.format.id().to_string(),
        title: parsed.format.title().to_string(),
        clusters: parsed.clusters.iter().map(label).collect(),
        diagnostics: parsed.diagnostics.iter().map(|d| (d.severity, d.path.to_string(), d.message.clone())).collect(),
        usable: !parsed.diagnostics.iter().any(|d| d.severity == Severity::Error),
    }
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".into())
}

fn badges(findings: &[Finding], subjects: &[Subject]) -> Vec<(Severity, String, String)> {
    let about = subjects.iter().flat_map(|s| findings.iter().filter(move |f| f.subject == *s));
    about.map(|f| (f.severity, f.rule.id.to_string(), f.message.clone())).collect()
}

fn cluster_view(c: &Cluster, findings: &[Finding]) -> ClusterView {
    let version = |v: Option<String>| v.unwrap_or_else(|| "unknown".into());
    let cp = &c.control_plane;
    let control_plane = Row {
        name: "control plane".into(),
        cells: vec![
            "—".to_string(),
            version(cp.version.as_ref().map(ToString::to_string)),
            or_dash(cp.replicas.map(|r| r.to_string())),
            or_dash(cp.machine_size.clone()),
            cp.state.to_string(),
        ],
        badges: badges(findings, &[Subject::ControlPlane, Subject::Cluster]),
    };
    let pools = c.pools.iter().map(|p| {
        let kind = match &p.details {
            PoolDetails::ClusterApi { object_kind, .. } => object_kind.clone(),
            _ => p.mode.name().to_lowercase(),
        };
        let autoscale = p.autoscale.map(|(a, b)| format!(" ({a}–{b})")).unwrap_or_default();
        let cells = vec![
            kind,
            version(p.version.as_ref().map(ToString::to_string)),
            or_dash(p.count.map(|n| n.to_string())) + &autoscale,
            or_dash(p.machine_size.clone()),
            p.state.to_string(),
        ];
        Row { name: p.name.clone(), cells, badges: badges(findings, &[Subject::pool(&p.name)]) }
    });
    let name = if c.name.is_empty() { "Cluster" } else { &c.name };
    ClusterView {
        caption: format!("{name} ({})", c.provider.id()),
        provider: c.provider.id().to_string(),
        control_plane_version_unknown: cp.version.is_none(),
        rows: std::iter::once(control_plane).chain(pools).collect(),
        findings: findings.iter().map(finding).collect(),
    }
}

fn finding(f: &Finding) -> FindingView {
    FindingView {
        severity: f.severity,
        rule: f.rule.id.to_string(),
        subject: f.subject.to_string(),
        message: f.message.clone(),
        fix: f.rule.fix.to_string(),
        source: f.rule.source.to_string(),
        error_code: f.rule.error_code.map(str::to_string),
    }
}

fn summary(plan: &Plan) -> String {
    format!(
        "{} → {}: {} operations, {} node reimages, about {} minutes ({}).",
        plan.initial.as_ref().map(|i| i.control_plane.to_string()).unwrap_or_default(),
        plan.target.as_ref().map(ToString::to_string).unwrap_or_default(),
        plan.estimate.operations,
        plan.estimate.node_reimages,
        plan.estimate.minutes,
        plan.strategy
    )
}

fn variable(v: &Variable) -> (String, String, String) {
    let value = match (&v.value, v.from_environment) {
        (_, true) => "from the environment".to_string(),
        (Some(x), _) => x.clone(),
        (None, _) => "set it before running".to_string(),
    };
    (v.name.clone(), v.description.clone(), value)
}

fn blocked(plan: &Plan) -> Option<BlockedView> {
    let b = plan.blocked.as_ref()?;
    let by_workloads = b.rule.id == skewplan_core::rules::WORKLOADS_API_REMOVED.id;
    Some(BlockedView {
        rule: b.rule.id.to_string(),
        subject: b.subject.to_string(),
        message: b.message.clone(),
        workloads_hop: by_workloads.then(|| chart::workloads_hop(plan).unwrap_or_default()),
    })
}

fn workloads(plan: &Plan) -> Option<WorkloadsView> {
    let report = plan.workloads.as_ref()?;
    let findings = report.findings.iter().map(|f| {
        let hop = f.hop.clone().unwrap_or_default();
        (f.severity(), f.rule.id.to_string(), hop, f.message.clone(), f.rule.fix.to_string())
    });
    Some(WorkloadsView {
        objects_read: report.objects_read,
        api_data_as_of: report.api_data_as_of.clone(),
        findings: findings.collect(),
    })
}

fn steps(plan: &Plan, rendered: &Rendered) -> Vec<StepView> {
    let has_file = |name: &&String| rendered.files.iter().any(|f| &f.name == *name);
    let step = |(i, s): (usize, &Step)| {
        let out = rendered.steps.get(i);
        StepView {
            action: s.action.id().to_string(),
            subject: s.subject.to_string(),
            versions: step_versions(s, "→").map(|v| format!(" {v}")).unwrap_or_default(),
            reason: s.reason.clone(),
            notes: out.map(|o| o.notes.clone()).unwrap_or_default(),
            commands: out.map(|o| o.commands.clone()).unwrap_or_default(),
            files: out.map(|o| o.files.iter().filter(has_file).cloned().collect()).unwrap_or_default(),
        }
    };
    plan.steps.iter().enumerate().map(step).collect()
}

fn plan_view(plan: &Plan, rendered: &Rendered) -> PlanView {
    let alternative = |a: &skewplan_core::plan::Alternative| AlternativeView {
        strategy: a.strategy.id().to_string(),
        operations: a.estimate.operations,
        node_reimages: a.estimate.node_reimages,
        minutes: a.estimate.minutes,
        reaches_target: a.blocked.is_none(),
    };
    PlanView {
        summary: summary(plan),
        target: plan.target.as_ref().map(ToString::to_string).unwrap_or_default(),
        versions_from: plan.versions_from.clone(),
        policy: plan.policy.to_string(),
        strategy: plan.strategy.id().to_string(),
        blocked: blocked(plan),
        workloads: workloads(plan),
        alternatives: plan.alternatives.iter().map(alternative).collect(),
        variables: rendered.variables.iter().map(variable).collect(),
        preflight: rendered.preflight.clone(),
        steps: steps(plan, rendered),
        notes: rendered.notes.iter().map(|n| (n.severity, n.message.clone())).collect(),
        files: rendered.files.iter().map(|f| (f.name.clone(), f.content.clone())).collect(),
        chart: chart::data(plan),
    }
}
