//! `skewplan`: the command-line front end of the Skewplan core.
//!
//! Exit codes: 0 done (plan reaches the target / no violation), 1 the plan
//! stops short or the cluster violates a rule, 2 the input or the arguments
//! can't be used (the reason on stderr).

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use skewplan_core::api::{minutes_per_node, parse_versions, MachineChangeChoice};
use skewplan_core::catalog::Date;
use skewplan_core::input::{decode, parse_bytes, ParseOptions, Parsed, Severity};
use skewplan_core::model::MaxSurge;
use skewplan_core::plan::{plan, PlanOptions, PlanRequest, Strategy, Target, UpgradeOverrideUntil};
use skewplan_core::render::{check_json, check_text, plan_json, plan_text, render, runbook, script};
use skewplan_core::{check, Policy};
use std::fmt::Display;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

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
    /// Policy: aks, aks-conservative, upstream, capi, aks-engine (default: the one that fits the provider;
    /// aks-current is another name for aks).
    #[arg(long, value_parser = Policy::from_str)]
    policy: Option<Policy>,
}

#[derive(clap::Args)]
struct PlanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Target version, or `latest` for the newest allowed.
    #[arg(long, default_value = "latest", value_name = "VERSION")]
    to: String,
    #[arg(long, value_parser = Strategy::from_str, default_value = "fewest-reimages")]
    strategy: Strategy,
    /// A version list (`az aks get-versions` / `get-upgrades` output) that restricts targets and hops.
    #[arg(long, value_name = "FILE")]
    versions: Option<String>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// Max surge for every pool (`33%` or a node count).
    #[arg(long, value_parser = MaxSurge::from_str)]
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
    /// New machine size for a pool: POOL=SIZE (AKS VM size or Cluster API instance type; a Cluster API control plane is named by its object or `control-plane`; repeatable).
    #[arg(long, value_name = "POOL=SIZE", value_parser = parse_pair)]
    machine_size: Vec<(String, String)>,
    /// New machine image for a Cluster API pool or control plane (its object's name or `control-plane`): POOL=IMAGE (repeatable).
    #[arg(long, value_name = "POOL=IMAGE", value_parser = parse_pair)]
    machine_image: Vec<(String, String)>,
    /// aks-engine: upgrade the control plane alone, then `aks-engine update` each scale-set pool.
    #[arg(long)]
    aks_engine_control_plane_only: bool,
    /// AKS: upgrade even though deprecated APIs were used, until this RFC 3339 time
    /// (adds `--enable-force-upgrade --upgrade-override-until`).
    #[arg(long, value_name = "TIME", value_parser = UpgradeOverrideUntil::from_str)]
    force_upgrade_until: Option<UpgradeOverrideUntil>,
    /// Today's date, to judge the age of the embedded version data (default: $SKEWPLAN_TODAY, else the system date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::from_str)]
    today: Option<Date>,
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
        aks_engine_control_plane_only: args.aks_engine_control_plane_only,
        force_upgrade_until: args.force_upgrade_until.clone(),
    };
    let today = Some(today(args.today)?);
    Ok(PlanRequest { target, policy: args.input.policy, strategy: args.strategy, versions, options, today })
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
    let parsed = load(&args.input, &parse_options(&args.input)?)?;
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
