//! `skewplan`: the command-line front end of the Skewplan core.
//!
//! Exit codes: 0 done (plan reaches the target / no violation), 1 the plan
//! stops short or the cluster violates a rule, 2 the input or the arguments
//! can't be used (the reason on stderr).

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use skewplan_core::api::{request_from, Choices, MachineChangeChoice};
use skewplan_core::input::{decode, parse_bytes, ParseOptions, Parsed, Severity};
use skewplan_core::model::MaxSurge;
use skewplan_core::plan::{plan, PlanRequest, Strategy};
use skewplan_core::render::{check_json, check_text, plan_json, plan_text, render, runbook, script};
use skewplan_core::{check, Policy};
use std::io::{Read, Write};
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  az aks show -g rg -n prod -o json | skewplan plan - --to 1.33.5
  skewplan plan cluster.json --to latest --strategy lockstep --format script > upgrade.sh
  skewplan plan nodes.json --control-plane-version 1.30.6 --to 1.31.14
  skewplan plan capi.yaml --policy upstream --format json
  skewplan check cluster.json --format json";

#[derive(Parser)]
#[command(name = "skewplan", version, about = "Plan Kubernetes upgrades that keep version skew valid at every step.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan an upgrade: ordered steps, commands and files.
    Plan(PlanArgs),
    /// Report rule violations only (exit 0 clean, 1 violations, 2 unusable input).
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct InputArgs {
    /// The input file (az / aks-engine / Cluster API / kubectl output); `-` reads stdin.
    input: String,
    /// The control plane's version, for inputs that don't name it (node lists, node-pool lists).
    #[arg(long, value_name = "VERSION")]
    control_plane_version: Option<String>,
    /// Policy: aks, aks-current, upstream, capi, aks-engine (default: the one that fits the provider).
    #[arg(long, value_parser = parse_policy)]
    policy: Option<Policy>,
}

#[derive(clap::Args)]
struct PlanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Target version, or `latest` for the newest allowed.
    #[arg(long, default_value = "latest", value_name = "VERSION")]
    to: String,
    #[arg(long, value_parser = parse_strategy, default_value = "fewest-reimages")]
    strategy: Strategy,
    /// A version list (`az aks get-versions` / `get-upgrades` output) that restricts targets and hops.
    #[arg(long, value_name = "FILE")]
    versions: Option<String>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// Max surge for every pool (`33%` or a node count).
    #[arg(long, value_parser = parse_surge)]
    max_surge: Option<MaxSurge>,
    /// Minutes to replace one node, for the time estimate.
    #[arg(long, default_value_t = 10)]
    minutes_per_node: u64,
    /// Also upgrade the node image of pools the plan does not reimage (AKS).
    #[arg(long)]
    node_image: bool,
    /// A pool the plan must not touch (repeatable).
    #[arg(long, value_name = "POOL")]
    leave_alone: Vec<String>,
    /// New machine size for a pool: POOL=SIZE (AKS VM size or Cluster API instance type; repeatable).
    #[arg(long, value_name = "POOL=SIZE", value_parser = parse_pair)]
    machine_size: Vec<(String, String)>,
    /// New machine image for a Cluster API pool: POOL=AMI (repeatable).
    #[arg(long, value_name = "POOL=IMAGE", value_parser = parse_pair)]
    machine_image: Vec<(String, String)>,
    /// aks-engine: upgrade the control plane alone, then `aks-engine update` each scale-set pool.
    #[arg(long)]
    aks_engine_control_plane_only: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    Text,
    Json,
    Markdown,
    Script,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn parse_policy(s: &str) -> Result<Policy, String> {
    Policy::parse(s).ok_or_else(|| format!("unknown policy `{s}`: use aks, aks-current, upstream, capi or aks-engine"))
}

fn parse_strategy(s: &str) -> Result<Strategy, String> {
    Strategy::parse(s)
        .ok_or_else(|| format!("unknown strategy `{s}`: use fewest-reimages, lockstep or control-plane-first"))
}

fn parse_surge(s: &str) -> Result<MaxSurge, String> {
    MaxSurge::parse(s)
        .ok_or_else(|| format!("`{s}` is not a surge: use a node count such as 1 or a percentage such as 33%"))
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=').map(|(a, b)| (a.to_string(), b.to_string())).ok_or_else(|| format!("`{s}` is not POOL=VALUE"))
}

fn read_input(path: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("could not read standard input")?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("could not read {path}"))?;
    }
    Ok(bytes)
}

/// The web form's and the JavaScript API's choices, from the flags, so that
/// every front end turns them into a request the same way.
fn choices_of(args: &InputArgs) -> Choices {
    Choices {
        control_plane_version: args.control_plane_version.clone().unwrap_or_default(),
        policy: args.policy.map(|p| p.id().to_string()).unwrap_or_default(),
        ..Choices::default()
    }
}

/// The parse options and plan request for `choices`; a bad choice is
/// reported under its flag's name.
fn request(choices: &Choices, versions_path: Option<&str>) -> Result<(ParseOptions, PlanRequest)> {
    let mut errors = Vec::new();
    let prepared = request_from(choices, &mut errors);
    if let Some(e) = errors.first() {
        let flag = match e.field {
            "target" => "--to".to_string(),
            "versions" => format!("--versions {}", versions_path.unwrap_or_default()),
            field => format!("--{}", field.replace('_', "-")),
        };
        bail!("{flag}: {}", e.message);
    }
    Ok(prepared)
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
    let versions = match &args.versions {
        Some(path) => {
            let bytes = read_input(path)?;
            decode(&bytes).map_err(|e| anyhow!("--versions {path}: {e}"))?.to_string()
        }
        None => String::new(),
    };
    let mut machine_changes: Vec<MachineChangeChoice> = Vec::new();
    for (pool, size) in &args.machine_size {
        machine_changes.push(MachineChangeChoice {
            pool: pool.clone(),
            machine_size: size.clone(),
            machine_image: String::new(),
        });
    }
    for (pool, image) in &args.machine_image {
        match machine_changes.iter_mut().find(|m| &m.pool == pool) {
            Some(m) => m.machine_image = image.clone(),
            None => machine_changes.push(MachineChangeChoice {
                pool: pool.clone(),
                machine_size: String::new(),
                machine_image: image.clone(),
            }),
        }
    }
    let choices = Choices {
        target: args.to.clone(),
        strategy: args.strategy.id().to_string(),
        versions,
        max_surge: args.max_surge.map(|s| s.to_string()).unwrap_or_default(),
        minutes_per_node: Some(args.minutes_per_node),
        node_image: args.node_image,
        leave_alone: args.leave_alone.clone(),
        machine_changes,
        ..choices_of(&args.input)
    };
    let (parse_options, mut request) = request(&choices, args.versions.as_deref())?;
    request.options.aks_engine_control_plane_only = args.aks_engine_control_plane_only;
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

fn run_check(args: &CheckArgs, out: &mut impl Write) -> Result<bool> {
    let (parse_options, _) = request(&choices_of(&args.input), None)?;
    let parsed = load(&args.input, &parse_options)?;
    let results: Vec<_> = parsed
        .clusters
        .iter()
        .map(|c| (c, check(c, args.input.policy.unwrap_or_else(|| Policy::for_provider(c.provider)))))
        .collect();
    let clean = results.iter().all(|(_, f)| f.iter().all(|f| f.severity != Severity::Error));
    match args.format {
        CheckFormat::Text => write!(out, "{}", check_text(&parsed, &results))?,
        CheckFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&check_json(&parsed, &results))?)?,
    }
    Ok(clean)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Command::Plan(args) => run_plan(args, &mut stdout),
        Command::Check(args) => run_check(args, &mut stdout),
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
