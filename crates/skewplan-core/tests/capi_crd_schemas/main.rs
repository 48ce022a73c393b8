//! Every field a Cluster API plan patches, waits on or reads, and every
//! condition it waits for, checked against the real CRDs of the API version
//! the command reaches (tests/fixtures/crds/, sources in its SOURCES.md),
//! for every Cluster API input (the real fixtures and the synthetic ones
//! below) × every strategy × machine changes (none, size, image, both).
//!
//! A resource given as `kind.version.group` reaches that version; one given
//! as `kind.group` reaches whatever version the management cluster prefers,
//! so its fields must exist in every version the vendored releases serve.

mod calls;
mod check;
mod conditions;
mod crd;
mod inputs;

use skewplan_core::input::Parsed;
use skewplan_core::model::Provider;
use skewplan_core::plan::{plan, MachineChange, PlanRequest, Strategy};
use skewplan_core::render::{render, script};
use skewplan_core::Cluster;
use skewplan_testkit::{fixture_files, read_for_planning, two_minors_ahead, workspace_root};

/// Two minors ahead (every upstream version offered), so the plan has
/// several hops, pool steps and, with changes, new templates.
fn request(cluster: &Cluster, strategy: Strategy, changes: Vec<MachineChange>) -> PlanRequest {
    let mut req = two_minors_ahead(cluster);
    req.strategy = strategy;
    req.options.machine_changes = changes;
    req
}

/// The Cluster API inputs: the real fixtures and the synthetic ones.
fn inputs() -> Vec<(String, Parsed)> {
    let mut out = Vec::new();
    for (rel, bytes) in fixture_files() {
        let Some(parsed) = read_for_planning(&bytes) else { continue };
        if parsed.clusters.iter().any(|c| c.provider == Provider::ClusterApi) {
            out.push((format!("real/{rel}"), parsed));
        }
    }
    for (name, text) in inputs::synthetic() {
        let parsed = read_for_planning(text.as_bytes()).unwrap_or_else(|| panic!("{name} does not read"));
        out.push((format!("synthetic/{name}"), parsed));
    }
    out
}

/// Every CRD file SOURCES.md lists is there, and every one there is listed.
#[test]
fn the_vendored_crds_are_the_ones_sources_md_lists() {
    let dir = workspace_root().join("tests/fixtures/crds");
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).unwrap();
    let mut listed = std::collections::BTreeSet::new();
    for row in sources.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
        let (file, repo, tag, path) = (cells[1], cells[2], cells[3], cells[5]);
        assert!(
            dir.join(file).is_file(),
            "tests/fixtures/crds/{file} is missing: it is `git show {tag}:{path}` in https://github.com/{repo}"
        );
        listed.insert(file.to_string());
    }
    let on_disk: std::collections::BTreeSet<String> = crd::load(&dir).into_iter().map(|(s, _)| s.file).collect();
    assert_eq!(on_disk, listed, "the CRD files and SOURCES.md differ");
    assert!(listed.len() >= 15, "only {} CRD files", listed.len());
}

#[test]
fn every_cluster_api_patch_wait_and_read_fits_the_real_crd_schemas() {
    let crds = crd::load(&workspace_root().join("tests/fixtures/crds"));
    let mut checker = check::Checker::new(&crds);
    let mut plans = 0;
    for (name, parsed) in inputs() {
        for (index, cluster) in parsed.clusters.iter().enumerate() {
            if cluster.provider != Provider::ClusterApi {
                continue;
            }
            for strategy in Strategy::ALL {
                for (variant, changes) in inputs::machine_changes(cluster) {
                    let case = format!("{name}#{index}/{}/{variant}", strategy.id());
                    let req = request(cluster, strategy, changes);
                    let p = plan(cluster, &req);
                    let rendered = render(&parsed, cluster, &p);
                    let text = script(cluster, &p, &rendered);
                    let dir = calls::workdir(&format!("case-{plans:04}"));
                    let calls = calls::run(&dir, &text);
                    checker.calls(&case, &dir, &calls);
                    plans += 1;
                }
            }
        }
    }
    let c = &checker.counts;
    eprintln!(
        "{plans} plans: {} kubectl calls; {} patches, {} waits ({} on conditions), {} jsonpath reads; {} field paths checked against {} schema versions of {} CRD files; {} failures",
        c.calls,
        c.patches,
        c.waits,
        c.conditions,
        c.reads,
        c.paths,
        crds.len(),
        crds.iter().map(|(s, _)| &s.file).collect::<std::collections::BTreeSet<_>>().len(),
        checker.failures.len()
    );
    for (version, n) in &checker.used {
        eprintln!("  {n:>6} paths in {version}");
    }
    // Every served version of every vendored CRD is reached by some command.
    for (s, _) in &crds {
        let key = format!("{} {} {}", s.file, s.kind, s.version);
        assert!(checker.used.contains_key(&key), "no command reaches {key}");
    }
    assert!(plans >= 100 && c.patches >= 100 && c.waits >= 100, "too little was checked: {c:?}");
    assert!(
        checker.failures.is_empty(),
        "{} failures, {} distinct:\n{}",
        checker.failures.len(),
        checker.distinct().len(),
        checker.distinct().join("\n")
    );
}
