//! The command line: every subcommand, flag and value, from which `--help`,
//! the shell completions and the man page are all generated.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use skewplan_core::catalog::Date;
use skewplan_core::model::MaxSurge;
use skewplan_core::plan::{Strategy, UpgradeOverrideUntil};
use skewplan_core::Policy;
use std::str::FromStr;

/// `--policy`: its values listed in `--help` (and `aks-current`, another name
/// for `aks`, accepted).
fn policy_values() -> impl TypedValueParser<Value = Policy> {
    let values = Policy::ALL.map(|p| match p {
        Policy::Aks => PossibleValue::new(p.id()).alias("aks-current"),
        _ => PossibleValue::new(p.id()),
    });
    PossibleValuesParser::new(values).try_map(|s| Policy::from_str(&s))
}

/// `--strategy`: its values listed in `--help`.
fn strategy_values() -> impl TypedValueParser<Value = Strategy> {
    PossibleValuesParser::new(Strategy::ALL.map(|s| PossibleValue::new(s.id()))).try_map(|s| Strategy::from_str(&s))
}

pub(crate) fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=').map(|(a, b)| (a.to_string(), b.to_string())).ok_or_else(|| format!("`{s}` is not POOL=VALUE"))
}

const EXAMPLES: &str = "\
Examples:
  az aks show -g rg -n prod -o json | skewplan plan - --to 1.33.5
  skewplan plan cluster.json --to latest --strategy lockstep --format script > upgrade.sh
  skewplan plan nodes.json --control-plane-version 1.30.6 --to 1.31.14
  skewplan plan capi.yaml --policy upstream --format json
  skewplan plan cluster.json --to 1.23 --workloads manifests.yaml --workloads pdb.txt
  skewplan check cluster.json --format json";

#[derive(Parser)]
#[command(name = "skewplan", version, about = "Plan Kubernetes upgrades that keep version skew valid at every step.", after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Plan an upgrade: ordered steps, commands and files.
    Plan(Box<PlanArgs>),
    /// Report rule violations only (exit 0 clean, 1 violations, 2 unusable input).
    Check(CheckArgs),
    /// Print a shell completion script (source it from your shell's startup file).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff); `cargo xtask man` writes it to target/man/skewplan.1.
    #[command(hide = true)]
    Manpage,
}

#[derive(clap::Args)]
pub(crate) struct InputArgs {
    /// The input file (az / aks-engine / Cluster API / kubectl output); `-` reads stdin.
    pub(crate) input: String,
    /// The control plane's version, for inputs that don't name it (node lists, node-pool lists).
    #[arg(long, value_name = "VERSION")]
    pub(crate) control_plane_version: Option<String>,
    /// The rules to plan by (default: the one that fits the provider; aks-current is another name for aks).
    #[arg(long, value_parser = policy_values())]
    pub(crate) policy: Option<Policy>,
    /// Workload manifests, `kubectl get -o json|yaml` output, `kubectl get pdb -A` (JSON, YAML or the table) or
    /// `kubectl get --raw /metrics` lines (repeatable; `-` reads stdin): a hop that stops serving an API they use is
    /// blocked, and disruption budgets that allow no disruption are named on every step that drains nodes.
    #[arg(long, value_name = "FILE")]
    pub(crate) workloads: Vec<String>,
}

#[derive(clap::Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Target version, a minor such as 1.31 for its newest allowed patch, or `latest` for the newest allowed.
    #[arg(long, default_value = "latest", value_name = "VERSION")]
    pub(crate) to: String,
    /// How pools follow the control plane.
    #[arg(long, value_parser = strategy_values(), default_value = "fewest-reimages")]
    pub(crate) strategy: Strategy,
    /// A version list (`az aks get-versions` / `get-upgrades` output) that restricts targets and hops.
    #[arg(long, value_name = "FILE")]
    pub(crate) versions: Option<String>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub(crate) format: PlanFormat,
    /// Max surge for every pool (`33%` or a node count).
    #[arg(long, value_parser = MaxSurge::from_str)]
    pub(crate) max_surge: Option<MaxSurge>,
    /// Minutes to replace one node, for the time estimate.
    #[arg(long, default_value_t = 10)]
    pub(crate) minutes_per_node: u64,
    /// Also upgrade the node image of pools the plan does not reimage (AKS).
    #[arg(long)]
    pub(crate) node_image: bool,
    /// A pool the plan must not touch (repeatable).
    #[arg(long, value_name = "POOL")]
    pub(crate) leave_alone: Vec<String>,
    /// New machine size for a pool: POOL=SIZE (AKS VM size or Cluster API instance type; a Cluster API control
    /// plane is named by its object or `control-plane`; repeatable).
    #[arg(long, value_name = "POOL=SIZE", value_parser = parse_pair)]
    pub(crate) machine_size: Vec<(String, String)>,
    /// New machine image for a Cluster API pool or control plane (its object's name or `control-plane`):
    /// POOL=IMAGE (repeatable).
    #[arg(long, value_name = "POOL=IMAGE", value_parser = parse_pair)]
    pub(crate) machine_image: Vec<(String, String)>,
    /// aks-engine: upgrade the whole cluster per hop (`aks-engine upgrade` without
    /// `--control-plane-only`). By default each hop upgrades the control plane alone, and each
    /// scale-set pool follows with `aks-engine update` and a roll of its nodes, as aks-engine recommends.
    #[arg(long)]
    pub(crate) aks_engine_whole_cluster: bool,
    /// aks-engine: the default now (kept so existing command lines still work).
    #[arg(long, hide = true)]
    pub(crate) aks_engine_control_plane_only: bool,
    /// AKS: upgrade even though deprecated APIs were used, until this RFC 3339 time
    /// (adds `--enable-force-upgrade --upgrade-override-until`).
    #[arg(long, value_name = "TIME", value_parser = UpgradeOverrideUntil::from_str)]
    pub(crate) force_upgrade_until: Option<UpgradeOverrideUntil>,
    /// Today's date, to judge the age of the embedded version data (default: $SKEWPLAN_TODAY, else the system date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::from_str)]
    pub(crate) today: Option<Date>,
    /// Write the script (executable), the runbook, the plan JSON and every file of the plan into DIR
    /// and list the paths written, instead of printing one format. The script uses the files it finds
    /// next to it (in the directory it runs in) and writes those that are missing, so it runs alike
    /// from DIR and from standard output. Files holding credentials are written owner-only.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<std::path::PathBuf>,
    /// With --out-dir: overwrite files that exist.
    #[arg(long, requires = "out_dir")]
    pub(crate) force: bool,
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PlanFormat {
    Text,
    Json,
    Markdown,
    Script,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
}
