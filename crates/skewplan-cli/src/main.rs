//! `skewplan`: the command-line front end of the Skewplan core.
//!
//! Exit codes: 0 done (plan reaches the target / no violation), 1 the plan
//! stops short or the cluster violates a rule, 2 the input or the arguments
//! can't be used (the reason on stderr).

use anyhow::{anyhow, bail, Context, Result};
use args::{CheckArgs, CheckFormat, Cli, Command, InputArgs, PlanArgs, PlanFormat};
use clap::{CommandFactory, Parser};
use skewplan_core::api::{minutes_per_node, parse_versions, MachineChangeChoice};
use skewplan_core::catalog::Date;
use skewplan_core::input::{decode, parse_bytes, ParseOptions, Parsed, Severity};
use skewplan_core::plan::{plan, PlanOptions, PlanRequest, Target};
use skewplan_core::render::{check_json, check_text, plan_json, plan_text, render, runbook, script};
use skewplan_core::{check, Policy};
use std::fmt::Display;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::str::FromStr;

mod args;
mod out_dir;
mod workloads;
use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) fn read_input(path: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("could not read standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("could not read {path}"))?;
    }
    Ok(bytes)
}

/// A flag's value through its type's `FromStr` (the messages the page and
/// the JavaScript API give too), reported under the flag's name.
fn flag<T>(name: &str, text: &str) -> Result<T>
where
    T: FromStr,
    T::Err: Display,
{
    text.parse().map_err(|e| anyhow!("{name}: {e}"))
}

fn parse_options(args: &InputArgs) -> Result<ParseOptions> {
    let control_plane_version =
        args.control_plane_version.as_deref().map(|v| flag("--control-plane-version", v.trim())).transpose()?;
    Ok(ParseOptions { control_plane_version })
}

/// The machine changes of `--machine-size` and `--machine-image`, per pool.
fn machine_changes(args: &PlanArgs) -> Vec<MachineChangeChoice> {
    let mut changes: Vec<MachineChangeChoice> = Vec::new();
    for (pool, size) in &args.machine_size {
        changes.push(MachineChangeChoice { pool: pool.clone(), machine_size: size.clone(), ..Default::default() });
    }
    for (pool, image) in &args.machine_image {
        match changes.iter_mut().find(|m| &m.pool == pool) {
            Some(m) => m.machine_image = image.clone(),
            None => changes.push(MachineChangeChoice {
                pool: pool.clone(),
                machine_image: image.clone(),
                ..Default::default()
            }),
        }
    }
    changes
}

/// `--today`, else `SKEWPLAN_TODAY`, else the system's date (UTC).
fn today(given: Option<Date>) -> Result<Date> {
    if let Some(d) = given {
        return Ok(d);
    }
    if let Ok(text) = std::env::var("SKEWPLAN_TODAY") {
        return flag("SKEWPLAN_TODAY", &text);
    }
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).context("the system clock is before 1970")?.as_secs();
    Ok(Date::from_days_since_epoch(i64::try_from(seconds / 86_400)?))
}

/// The plan request, typed from the flags.
fn plan_request(args: &PlanArgs) -> Result<PlanRequest> {
    let target: Target = flag("--to", &args.to)?;
    let versions = match &args.versions {
        Some(path) => {
            let bytes = read_input(path)?;
            let text = decode(&bytes).map_err(|e| anyhow!("--versions {path}: {e}"))?;
            let text = text.trim();
            let list = (!text.is_empty()).then(|| parse_versions(text)).transpose();
            list.map_err(|e| anyhow!("--versions {path}: {e}"))?
        }
        None => None,
    };
    let options = PlanOptions {
        max_surge: args.max_surge,
        minutes_per_node: minutes_per_node(Some(args.minutes_per_node)),
        node_image_upgrade: args.node_image,
        leave_alone: args.leave_alone.iter().cloned().collect(),
        machine_changes: machine_changes(args).iter().filter_map(MachineChangeChoice::change).collect(),
        aks_engine_whole_cluster: args.aks_engine_whole_cluster,
        force_upgrade_until: args.force_upgrade_until.clone(),
    };
    let today = Some(today(args.today)?);
    let workloads = workloads::load(&args.input.workloads, &args.input.input)?;
    Ok(PlanRequest { target, policy: args.input.policy, strategy: args.strategy, versions, options, today, workloads })
}

/// Reads and parses the input; content errors make it unusable.
fn load(args: &InputArgs, options: &ParseOptions) -> Result<Parsed> {
    let bytes = read_input(&args.input)?;
    let parsed = parse_bytes(&bytes, options).map_err(|e| anyhow!("{e}"))?;
    if !parsed.is_usable() {
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        bail!("{} can't be planned:\n{}", parsed.format.title(), errors.join("\n"));
    }
    Ok(parsed)
}

fn run_plan(args: &PlanArgs, out: &mut impl Write) -> Result<bool> {
    let parse_options = parse_options(&args.input)?;
    let mut request = plan_request(args)?;
    let parsed = load(&args.input, &parse_options)?;
    if parsed.clusters.is_empty() {
        bail!(
            "{} lists versions but no cluster: pass it with --versions, together with a cluster's output",
            parsed.format.title()
        );
    }
    if request.versions.is_none() {
        // An upgrade profile pasted together with the cluster.
        request.versions = parsed.versions.clone();
    }
    if let Some(dir) = &args.out_dir {
        return write_out_dir(&parsed, &request, dir, args.force, out);
    }
    let mut all_reach = true;
    let mut docs = Vec::new();
    for (i, cluster) in parsed.clusters.iter().enumerate() {
        let p = plan(cluster, &request);
        all_reach &= p.blocked.is_none();
        let rendered = render(&parsed, cluster, &p);
        match args.format {
            PlanFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", plan_text(cluster, &p, &rendered))?;
            }
            PlanFormat::Markdown => {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                write!(out, "{}", runbook(cluster, &p, &rendered))?;
            }
            PlanFormat::Script => {
                if i > 0 {
                    bail!("an input with several clusters gives one script per cluster: use --format json or markdown, or one cluster's output");
                }
                write!(out, "{}", script(cluster, &p, &rendered))?;
            }
            PlanFormat::Json => docs.push(plan_json(&parsed, cluster, &p, &rendered)),
        }
    }
    if matches!(args.format, PlanFormat::Json) {
        let value = if docs.len() == 1 { docs.remove(0) } else { serde_json::Value::Array(docs) };
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    }
    Ok(all_reach)
}

/// `--out-dir`: every output of the one cluster's plan, written to `dir`.
fn write_out_dir(
    parsed: &Parsed,
    request: &PlanRequest,
    dir: &std::path::Path,
    force: bool,
    out: &mut impl Write,
) -> Result<bool> {
    let [cluster] = parsed.clusters.as_slice() else {
        bail!("--out-dir writes one cluster's plan: give one cluster's output");
    };
    let p = plan(cluster, request);
    let rendered = render(parsed, cluster, &p);
    let json = serde_json::to_string_pretty(&plan_json(parsed, cluster, &p, &rendered))? + "\n";
    let outputs =
        out_dir::outputs(script(cluster, &p, &rendered), runbook(cluster, &p, &rendered), json, &rendered.files);
    let written = out_dir::write(dir, &outputs, force)?;
    for f in rendered.files.iter().filter(|f| f.sensitive) {
        eprintln!("skewplan: {} holds your credentials: written owner-only; keep it out of version control", f.name);
    }
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(p.blocked.is_none())
}

fn run_check(args: &CheckArgs, out: &mut impl Write) -> Result<bool> {
    let loaded = workloads::load(&args.input.workloads, &args.input.input)?;
    let parsed = load(&args.input, &parse_options(&args.input)?)?;
    let results: Vec<_> = parsed
        .clusters
        .iter()
        .map(|c| (c, check(c, args.input.policy.unwrap_or_else(|| Policy::for_cluster(c)))))
        .collect();
    let reports: Vec<_> = parsed.clusters.iter().map(|c| workloads::check(&loaded, c, args.input.policy)).collect();
    let clean = results.iter().all(|(_, f)| f.iter().all(|f| f.severity != Severity::Error))
        && reports.iter().all(workloads::clean);
    match args.format {
        CheckFormat::Text => {
            write!(out, "{}", check_text(&parsed, &results))?;
            for r in reports.iter().flatten() {
                write!(out, "{}", workloads::text(r))?;
            }
        }
        CheckFormat::Json => {
            let mut doc = check_json(&parsed, &results);
            for (i, r) in reports.iter().enumerate() {
                if let (Some(r), Some(entry)) = (r, doc["clusters"].get_mut(i)) {
                    entry["workloads"] = skewplan_core::render::workload_report_json(r);
                }
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
    }
    Ok(clean)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Command::Plan(args) => run_plan(args, &mut stdout),
        Command::Check(args) => run_check(args, &mut stdout),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "skewplan", &mut stdout);
            Ok(true)
        }
        Command::Manpage => {
            clap_mangen::Man::new(Cli::command()).render(&mut stdout).map(|()| true).map_err(Into::into)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let _ = stdout.flush();
            eprintln!("skewplan: {e:#}");
            ExitCode::from(2)
        }
    }
}
