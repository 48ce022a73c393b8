//! Every generated AKS script, run from its first line to its last through
//! the REAL Azure CLI command handlers against a stub AKS that holds the
//! pasted cluster (tools/az_stateful.sh): no `az` call may fail, no prompt
//! may appear, and the stub's cluster must end in the plan's final state.
//!
//! The matrix: every AKS fixture that plans × strategy × `--node-image` on
//! and off × surge (none, `--max-surge 33%`, the pool's own) × machine change
//! (none, the first pool to another VM size) × policy (`aks`,
//! `aks-current`) × target (four minors above the control plane, or the
//! newest offered when that is nearer, so every policy's skew window is
//! crossed; and the control plane's own version, where only node images,
//! failed and busy states and machine changes are left to do), with the
//! synthetic wide version list
//! `tests/data/aks-versions-wide.SYNTHETIC.json`. Identical scripts (same
//! paste, same script, same expected end) run once. Where the paste does not
//! say whether the cluster is a legacy one (maxAgentPools, pool types), the
//! script also runs against a legacy cluster: it must be right for both.
//!
//! A script fails when an `az` call fails or prompts, when it waits for a
//! resource on which nothing runs (the previous command already blocked), when
//! an upgrade does nothing (same version, not failed), or when the stub's
//! cluster does not end in the plan's final state (versions, pools, node
//! images). `tools/check_az.sh --deep` also checks every distinct `az` line.
//!
//! The Azure CLI venv is needed (`tools/check_az.sh --setup`); without it
//! the tests skip, unless `SKEWPLAN_REQUIRE_TOOLS=1` (then they fail).

use serde_json::{json, Value};
use skewplan_core::catalog::Catalog;
use skewplan_core::input::{parse_bytes, ParseOptions};
use skewplan_core::model::Provider;
use skewplan_testkit::{fixture_files, fixtures_dir, read_for_planning, workspace_root};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const STRATEGIES: [&str; 3] = ["fewest-reimages", "lockstep", "control-plane-first"];
const POLICIES: [&str; 2] = ["aks", "aks-current"];
const NEW_SIZE: &str = "Standard_D8s_v5";

fn require_tools() -> bool {
    std::env::var("SKEWPLAN_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// Whether the Azure CLI venv is there; skips (or fails) the test if not.
fn venv_present() -> bool {
    let venv = std::env::var("AZ_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/az-venv"));
    if venv.join("bin/python").exists() {
        return true;
    }
    assert!(!require_tools(), "the Azure CLI venv is missing: tools/check_az.sh --setup");
    eprintln!("SKIPPED az-stateful: no Azure CLI venv at {} (tools/check_az.sh --setup)", venv.display());
    false
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("skewplan-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A valid stand-in for a variable the user would set (as generated.rs).
fn placeholder(name: &str) -> &'static str {
    match name {
        "RESOURCE_GROUP" => "rg-skewplan",
        "CLUSTER" => "cluster1",
        n if n.starts_with("VM_SIZE_") => "Standard_D4s_v5",
        _ => "stand1",
    }
}

/// An AKS fixture, with the inputs its surge variants plan from.
struct Fixture {
    rel: String,
    control_plane_flag: Option<String>,
    first_pool: String,
    first_pool_size: Option<String>,
    /// The two targets: four minors up (or the newest), and the current version.
    targets: [String; 2],
    /// (surge label, input file, extra flags)
    surges: Vec<(&'static str, PathBuf, Vec<String>)>,
}

/// The input without any pool's own `maxSurge` (the "none" surge variant).
fn without_surge(value: &mut Value) -> bool {
    let mut removed = false;
    match value {
        Value::Object(map) => {
            removed |= map.remove("maxSurge").is_some_and(|v| !v.is_null());
            for v in map.values_mut() {
                removed |= without_surge(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| removed |= without_surge(v)),
        _ => {}
    }
    removed
}

/// Every version the list offers (the keys of its `patchVersions`).
fn offered(versions: &Path) -> Vec<(u64, u64, u64)> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(versions).unwrap()).unwrap();
    let mut out = Vec::new();
    for minor in doc["values"].as_array().unwrap() {
        for v in minor["patchVersions"].as_object().unwrap().keys() {
            let n: Vec<u64> = v.split('.').map(|x| x.parse().unwrap()).collect();
            out.push((n[0], n[1], n[2]));
        }
    }
    out.sort();
    out
}

/// The offered version four minors above `current`, or the newest offered.
fn four_minors_up(current: &str, offered: &[(u64, u64, u64)]) -> String {
    let minor: u64 = current.split('.').nth(1).unwrap().parse().unwrap();
    let pick = offered.iter().filter(|v| v.1 <= minor + 4).max().or(offered.last()).unwrap();
    format!("{}.{}.{}", pick.0, pick.1, pick.2)
}

fn aks_fixtures(work: &Path, offered: &[(u64, u64, u64)]) -> Vec<Fixture> {
    let mut out = Vec::new();
    for (rel, bytes) in fixture_files() {
        // Terminal tables show versions as `1.28` and no surge or state; their
        // plans are compared with their JSON's in the core's table tests.
        if rel.ends_with(".table.txt") {
            continue;
        }
        let Some(parsed) = read_for_planning(&bytes) else { continue };
        let [cluster] = parsed.clusters.as_slice() else { continue };
        // A cluster managed with Terraform is upgraded with terraform apply,
        // not these az scripts.
        if cluster.provider != Provider::Aks || cluster.terraform().is_some() {
            continue;
        }
        let path = fixtures_dir().join(&rel);
        let given = parse_bytes(&bytes, &ParseOptions::default()).ok();
        let needs_cp = given.is_none_or(|g| g.clusters.iter().any(|c| c.control_plane.version.is_none()));
        let current = cluster.control_plane.version.as_ref().unwrap().to_string();
        let control_plane_flag = needs_cp.then(|| current.clone());
        // A table of the cluster alone (`az aks show -o table`) names no pool.
        let Some(first) = cluster.pools.first() else { continue };
        let mut none = path.clone();
        if let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) {
            if without_surge(&mut doc) {
                none = work.join(format!("{}.no-surge.json", rel.replace('/', "__")));
                std::fs::write(&none, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            }
        }
        let surge_flag = vec!["--max-surge".to_string(), "33%".to_string()];
        out.push(Fixture {
            rel,
            control_plane_flag,
            first_pool: first.name.clone(),
            first_pool_size: first.machine_size.clone(),
            targets: [four_minors_up(&current, offered), current],
            surges: vec![("none", none, vec![]), ("33%", path.clone(), surge_flag), ("own", path, vec![])],
        });
    }
    out
}

/// One cell of the matrix: its name and the `skewplan plan` arguments.
struct Cell {
    name: String,
    input: PathBuf,
    control_plane: Option<String>,
    args: Vec<String>,
}

/// One matrix choice: strategy, target, node images, surge (index into the
/// fixture's variants), machine change, policy.
type Choice<'a> = (&'a str, &'a str, bool, usize, Option<&'a str>, &'a str);

fn cell(f: &Fixture, versions: &Path, (strategy, target, image, surge, machine, policy): Choice) -> Cell {
    let (surge_label, input, surge_flags) = &f.surges[surge];
    let mut args: Vec<String> = vec!["--to".into(), target.into(), "--versions".into(), versions.display().to_string()];
    args.extend(["--strategy".into(), strategy.into(), "--policy".into(), policy.into()]);
    args.extend(surge_flags.iter().cloned());
    if image {
        args.push("--node-image".into());
    }
    if let Some(m) = machine {
        args.extend(["--machine-size".into(), m.into()]);
    }
    if let Some(cp) = &f.control_plane_flag {
        args.extend(["--control-plane-version".into(), cp.clone()]);
    }
    let image = if image { "node-image" } else { "no node-image" };
    let machine = machine.unwrap_or("none");
    let name =
        format!("{} [to {target}, {strategy}, {image}, surge {surge_label}, machine {machine}, {policy}]", f.rel);
    Cell { name, input: input.clone(), control_plane: f.control_plane_flag.clone(), args }
}

fn cells(fixtures: &[Fixture], versions: &Path) -> Vec<Cell> {
    let mut out = Vec::new();
    for f in fixtures {
        let size = if f.first_pool_size.as_deref() == Some(NEW_SIZE) { "Standard_E8s_v5" } else { NEW_SIZE };
        let change = format!("{}={size}", f.first_pool);
        for strategy in STRATEGIES {
            for target in &f.targets {
                for image in [false, true] {
                    for surge in 0..f.surges.len() {
                        for machine in [None, Some(change.as_str())] {
                            for policy in POLICIES {
                                out.push(cell(f, versions, (strategy, target, image, surge, machine, policy)));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn skewplan(input: &Path, args: &[String], format: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_skewplan"))
        .arg("plan")
        .arg(input)
        .args(args)
        .args(["--format", format])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The harness jobs (one per distinct script) and, per job, its cells.
struct Jobs {
    lines: Vec<String>,
    cells_of: Vec<Vec<String>>,
    problems: Vec<String>,
    blocked: usize,
}

fn build_jobs(cells: &[Cell], work: &Path, versions: &Path) -> Jobs {
    let mut jobs = Jobs { lines: Vec::new(), cells_of: Vec::new(), problems: Vec::new(), blocked: 0 };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for cell in cells {
        let (code, plan_text, err) = skewplan(&cell.input, &cell.args, "json");
        if code == 2 {
            jobs.problems.push(format!("{}: skewplan plan failed: {}", cell.name, err.trim()));
            continue;
        }
        let plan: Value = serde_json::from_str(&plan_text).unwrap();
        let plan = if plan.is_array() { plan[0].clone() } else { plan };
        jobs.blocked += usize::from(!plan["blocked"].is_null());
        let (_, script, _) = skewplan(&cell.input, &cell.args, "script");
        let ends: Vec<&Value> = plan["steps"].as_array().unwrap().iter().map(|s| &s["after"]).collect();
        let key =
            format!("{}\n{:?}\n{script}\n{}{}", cell.input.display(), cell.control_plane, plan["initial"], json!(ends));
        if let Some(&i) = seen.get(&key) {
            jobs.cells_of[i].push(cell.name.clone());
            continue;
        }
        let i = jobs.lines.len();
        seen.insert(key, i);
        let dir = work.join(format!("job-{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("upgrade.sh"), &script).unwrap();
        std::fs::write(dir.join("plan.json"), serde_json::to_string_pretty(&plan).unwrap()).unwrap();
        let mut job = json!({
            "id": i.to_string(), "script": dir.join("upgrade.sh"), "plan": dir.join("plan.json"),
            "cluster": cell.input, "versions": versions, "workdir": dir, "also_legacy": true, "env": {},
        });
        if let Some(cp) = &cell.control_plane {
            job["control_plane_version"] = json!(cp);
        }
        for v in plan["variables"].as_array().unwrap().iter().filter(|v| v["value"].is_null()) {
            let name = v["name"].as_str().unwrap();
            job["env"][name] = json!(placeholder(name));
            match name {
                "CLUSTER" => job["name"] = json!(placeholder(name)),
                "RESOURCE_GROUP" => job["resource_group"] = json!(placeholder(name)),
                _ => {}
            }
        }
        jobs.lines.push(job.to_string());
        jobs.cells_of.push(vec![cell.name.clone()]);
    }
    jobs
}

/// Runs tools/az_stateful.sh over the jobs, in `AZ_STATEFUL_WORKERS`
/// processes (default 2, one Python process each); summaries by job id.
fn run_harness(work: &Path, lines: &[String]) -> BTreeMap<String, Vec<Value>> {
    let workers: usize = std::env::var("AZ_STATEFUL_WORKERS").ok().and_then(|w| w.parse().ok()).unwrap_or(2).max(1);
    let mut children = Vec::new();
    for w in 0..workers.min(lines.len().max(1)) {
        let mine: Vec<&str> = lines.iter().skip(w).step_by(workers).map(String::as_str).collect();
        let file = work.join(format!("jobs-{w}.jsonl"));
        std::fs::write(&file, mine.join("\n") + "\n").unwrap();
        // Each worker writes to its own files: pipes read one after the
        // other would make the second worker wait for the first.
        let out = work.join(format!("summaries-{w}.jsonl"));
        let err = work.join(format!("stderr-{w}.txt"));
        let child = Command::new("bash")
            .arg(workspace_root().join("tools/az_stateful.sh"))
            .arg("batch")
            .arg(&file)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        children.push((child, out, err));
    }
    let mut by_id: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut all = String::new();
    for (mut child, out, err) in children {
        let status = child.wait().unwrap();
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "az_stateful.sh failed to run: {}",
            std::fs::read_to_string(&err).unwrap_or_default()
        );
        for line in std::fs::read_to_string(&out).unwrap().lines().filter(|l| l.starts_with('{')) {
            all.push_str(line);
            all.push('\n');
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap_or_default().split('#').next().unwrap().to_string();
            by_id.entry(id).or_default().push(v);
        }
    }
    std::fs::write(work.join("summaries.jsonl"), all).unwrap();
    by_id
}

#[derive(Default)]
struct Tally {
    scripts: usize,
    rejected: usize,
    prompts: usize,
    mismatches: usize,
    needless_waits: usize,
    no_ops: usize,
    other: usize,
    /// Scripts that stopped at a `skewplan: stop:` check where the paste did
    /// not say whether the cluster is a legacy one (designed).
    guard_stops: usize,
    az_lines: BTreeSet<String>,
    /// (kind, problem)
    problems: Vec<(String, String)>,
    kinds: BTreeMap<String, usize>,
}

/// The kind of an az failure, for the report: the first words of its message.
fn kind_of(message: &str) -> String {
    let m = message.trim_start_matches("ERROR: ");
    let cut = m.find(['.', ':']).map(|i| i.min(90)).unwrap_or(m.len().min(90));
    m[..cut].to_string()
}

impl Tally {
    fn add(&mut self, summary: &Value, cells: &[String]) {
        self.scripts += 1;
        let world = summary["world"].as_str().unwrap_or("as pasted");
        let label = format!(
            "{}{}{}",
            cells[0],
            if cells.len() > 1 { format!(" (+{} identical cells)", cells.len() - 1) } else { String::new() },
            if world == "as pasted" { String::new() } else { format!(" [cluster: {world}]") }
        );
        for c in summary["commands"].as_array().into_iter().flatten() {
            self.az_lines.insert(c["command"].as_str().unwrap().to_string());
        }
        if let Some(e) = summary["harness_error"].as_str() {
            self.other += 1;
            self.problems.push(("other".into(), format!("{label}: harness error: {e}")));
            return;
        }
        for e in summary["errors"].as_array().into_iter().flatten() {
            self.rejected += 1;
            let kind = format!("rejected: {}", kind_of(e["message"].as_str().unwrap()));
            *self.kinds.entry(kind.clone()).or_default() += 1;
            let text = format!(
                "{label}: line {}: `{}`: {}",
                e["line"],
                e["command"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            );
            self.problems.push((kind, text));
        }
        for p in summary["prompts"].as_array().into_iter().flatten() {
            self.prompts += 1;
            *self.kinds.entry("prompt".into()).or_default() += 1;
            let text = format!(
                "{label}: line {}: `{}` prompts: {}",
                p["line"],
                p["command"].as_str().unwrap(),
                p["prompt"].as_str().unwrap()
            );
            self.problems.push(("prompt".into(), text));
        }
        for (key, kind) in [("needless_waits", "needless wait"), ("no_ops", "no-op upgrade")] {
            for e in summary[key].as_array().into_iter().flatten() {
                if key == "needless_waits" {
                    self.needless_waits += 1;
                } else {
                    self.no_ops += 1;
                }
                *self.kinds.entry(kind.into()).or_default() += 1;
                let text = format!(
                    "{label}: line {}: `{}`: {kind}: {}",
                    e["line"],
                    e["command"].as_str().unwrap(),
                    e["message"].as_str().unwrap()
                );
                self.problems.push((kind.into(), text));
            }
        }
        // Where the paste does not say whether the cluster is a legacy one, the
        // script checks first and stops with a `skewplan: stop:` message: that
        // is the designed outcome there, not a failure.
        let assumed = summary["world"].as_str().is_some_and(|w| w.starts_with("legacy (assumed"));
        let guard_stop = assumed
            && summary["exit"] == 1
            && summary["errors"].as_array().is_none_or(|e| e.is_empty())
            && summary["output_tail"].as_str().is_some_and(|t| t.contains("skewplan: stop:"));
        if guard_stop {
            self.guard_stops += 1;
            return;
        }
        let stopped = !summary["errors"].as_array().is_none_or(|e| e.is_empty());
        let mism: Vec<&str> =
            summary["mismatches"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !mism.is_empty() && !stopped {
            self.mismatches += 1;
            *self.kinds.entry("final-state mismatch".into()).or_default() += 1;
            let text =
                format!("{label}: the stub's cluster does not end in the plan's final state: {}", mism.join("; "));
            self.problems.push(("final-state mismatch".into(), text));
        }
        let init: Vec<&str> =
            summary["initial_mismatches"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let unmodelled: Vec<&str> =
            summary["unmodelled"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let failed_quietly = !stopped && (summary["exit"] != 0 || summary["timed_out"] == true);
        if !init.is_empty() || !unmodelled.is_empty() || failed_quietly {
            self.other += 1;
            *self.kinds.entry("other".into()).or_default() += 1;
            let text = format!(
                "{label}: initial state read differently: {init:?}; calls the stub does not model: {unmodelled:?}; exit {} {}",
                summary["exit"],
                summary["output_tail"].as_str().unwrap_or_default()
            );
            self.problems.push(("other".into(), text));
        }
    }
}

/// The problems ordered so that the first ones show every kind.
fn round_robin(problems: Vec<(String, String)>) -> Vec<String> {
    let mut by_kind: BTreeMap<String, std::collections::VecDeque<String>> = BTreeMap::new();
    for (kind, p) in problems {
        by_kind.entry(kind).or_default().push_back(p);
    }
    let mut out = Vec::new();
    while by_kind.values().any(|q| !q.is_empty()) {
        for q in by_kind.values_mut() {
            out.extend(q.pop_front());
        }
    }
    out
}

/// `tools/check_az.sh --deep` over the distinct az lines: the REJECTED ones.
fn check_az_deep(work: &Path, lines: &BTreeSet<String>) -> Vec<String> {
    let file = work.join("az-lines.txt");
    std::fs::write(&file, lines.iter().cloned().collect::<Vec<_>>().join("\n") + "\n").unwrap();
    let out =
        Command::new("bash").arg(workspace_root().join("tools/check_az.sh")).arg("--deep").arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("check_az.sh --deep: {}", report.lines().last().unwrap_or_default());
    let lines: Vec<&str> = report.lines().collect();
    let mut rejected = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("REJECTED") {
            rejected
                .push(format!("check_az.sh --deep: {l} {}", lines.get(i + 1).map(|d| d.trim()).unwrap_or_default()));
        }
    }
    rejected
}

/// The synthetic list offers every minor of the catalog.
fn assert_versions_cover_the_catalog(versions: &Path) {
    let text = std::fs::read_to_string(versions).unwrap();
    for m in &Catalog::embedded().minors {
        let minor = format!("\"{}.{}\"", m.newest_patch.major(), m.newest_patch.minor());
        assert!(text.contains(&minor), "{} does not offer the catalog's minor {minor}: add it", versions.display());
    }
}

#[test]
fn every_aks_script_runs_clean_through_the_real_az_handlers() {
    if !venv_present() {
        return;
    }
    let work = tempdir("az-stateful");
    let versions = data("aks-versions-wide.SYNTHETIC.json");
    assert_versions_cover_the_catalog(&versions);
    let fixtures = aks_fixtures(&work, &offered(&versions));
    assert!(fixtures.len() >= 10, "only {} AKS fixtures plan", fixtures.len());
    let cells = cells(&fixtures, &versions);
    let started = Instant::now();
    let jobs = build_jobs(&cells, &work, &versions);
    let planned = started.elapsed();
    let started = Instant::now();
    let results = run_harness(&work, &jobs.lines);
    let ran = started.elapsed();
    let mut tally = Tally::default();
    tally.problems.extend(jobs.problems.iter().map(|p| ("other".to_string(), p.clone())));
    tally.other += jobs.problems.len();
    for (i, cells) in jobs.cells_of.iter().enumerate() {
        match results.get(&i.to_string()) {
            Some(summaries) => summaries.iter().for_each(|s| tally.add(s, cells)),
            None => {
                tally.other += 1;
                tally.problems.push(("other".into(), format!("{}: the harness gave no summary", cells[0])));
            }
        }
    }
    let deep = check_az_deep(&work, &tally.az_lines);
    eprintln!(
        "az-stateful: {} scripts, {} distinct az lines, {} rejected, {} prompts, {} final-state mismatches",
        tally.scripts,
        tally.az_lines.len(),
        tally.rejected,
        tally.prompts,
        tally.mismatches
    );
    eprintln!(
        "az-stateful: {} fixtures, {} matrix cells ({} plans stop short), {} distinct scripts; {} stop at a check on an assumed legacy cluster; {} needless waits, {} no-op upgrades, {} other problems, {} lines check_az.sh --deep rejects; planning {:.1}s, harness {:.1}s",
        fixtures.len(),
        cells.len(),
        jobs.blocked,
        jobs.lines.len(),
        tally.guard_stops,
        tally.needless_waits,
        tally.no_ops,
        tally.other,
        deep.len(),
        planned.as_secs_f64(),
        ran.as_secs_f64()
    );
    for (kind, n) in &tally.kinds {
        eprintln!("  {n:5}  {kind}");
    }
    eprintln!("az-stateful: every script, plan and summary: {}", work.display());
    let mut problems: Vec<(String, String)> = deep.into_iter().map(|p| ("check_az.sh --deep".to_string(), p)).collect();
    problems.extend(tally.problems);
    let problems = round_robin(problems);
    assert!(
        problems.is_empty(),
        "{} problems; the first 20:\n{}",
        problems.len(),
        problems.iter().take(20).map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n")
    );
}

/// The harness itself: a script az refuses, a script that prompts, a busy
/// pool written to without waiting, and a good script, all hand-written
/// against synthetic clusters (tests/data/az_stateful/).
#[test]
fn the_harness_fails_refused_prompting_and_racing_scripts_and_passes_a_good_one() {
    if !venv_present() {
        return;
    }
    let dir = data("az_stateful");
    let work = tempdir("az-stateful-self");
    let job = |id: &str, cluster: &str, plan: Option<&str>| {
        let mut j = json!({"id": id, "script": dir.join(format!("{id}.sh")), "cluster": dir.join(cluster),
            "versions": data("aks-versions-wide.SYNTHETIC.json"), "workdir": work.join(id)});
        if let Some(p) = plan {
            j["plan"] = json!(dir.join(p));
        }
        j.to_string()
    };
    let lines = [
        job("conflicting-flags", "cluster-modern.SYNTHETIC.json", None),
        job("legacy-prompt", "cluster-legacy.SYNTHETIC.json", Some("legacy-prompt.plan.json")),
        job("busy-no-wait", "cluster-modern.SYNTHETIC.json", None),
        job("good", "cluster-modern.SYNTHETIC.json", Some("good.plan.json")),
    ];
    let results = run_harness(&work, &lines);
    let get =
        |id: &str| results.get(id).and_then(|v| v.first()).cloned().unwrap_or_else(|| panic!("no summary for {id}"));

    let s = get("conflicting-flags");
    assert_eq!(s["ok"], false, "{s:#}");
    assert!(s["errors"][0]["message"].as_str().unwrap().contains("Conflicting flags"), "{s:#}");
    assert_eq!(s["errors"][0]["line"], 4, "{s:#}");
    assert_eq!(s["commands"].as_array().unwrap().len(), 1, "set -e stops the script at the refused line: {s:#}");

    let s = get("legacy-prompt");
    assert_eq!(s["ok"], false, "{s:#}");
    let prompts: Vec<&str> = s["prompts"].as_array().unwrap().iter().map(|p| p["prompt"].as_str().unwrap()).collect();
    assert!(prompts.iter().any(|p| p.contains("Legacy clusters do not support control plane only upgrade")), "{s:#}");
    assert_eq!(s["final"]["pools"]["nodepool1"], "1.31.14", "answered yes, every pool is upgraded: {s:#}");
    assert!(!s["mismatches"].as_array().unwrap().is_empty(), "the plan kept the pool at 1.30.14: {s:#}");

    let s = get("busy-no-wait");
    assert_eq!(s["ok"], false, "{s:#}");
    assert!(s["errors"][0]["message"].as_str().unwrap().contains("OperationNotAllowed"), "{s:#}");

    let s = get("good");
    assert_eq!(s["ok"], true, "{s:#}");
    assert_eq!(s["final"]["control_plane"], "1.31.14", "{s:#}");
    assert_eq!(s["final"]["pools"], json!({"nodepool1": "1.31.14", "user2": "1.31.14"}), "{s:#}");
    assert_eq!(s["commands"].as_array().unwrap().len(), 6, "{s:#}");
    assert_eq!(s["kubectl"].as_array().unwrap().len(), 1, "{s:#}");
}
