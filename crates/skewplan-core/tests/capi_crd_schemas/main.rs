//! Every field a Cluster API plan patches, waits on or reads, and every
//! condition it waits for, checked against the schema of the API version
//! the command reaches, as the real CRDs define it (the schema skeletons in
//! tests/fixtures/crd-skeletons/, sources in its SOURCES.md),
//! for every Cluster API input (the real fixtures and the synthetic ones
//! below) × every strategy × machine changes (none, size, image, both).
//!
//! A resource given as `kind.version.group` reaches that version; one given
//! as `kind.group` reaches whatever version the management cluster prefers,
//! so its fields must exist in every version the releases there serve.

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
    for (rel, text) in inputs::managed_templates() {
        let parsed = read_for_planning(text.as_bytes()).unwrap_or_else(|| panic!("{rel} does not read"));
        out.push((rel, parsed));
    }
    for (name, text) in inputs::synthetic() {
        let parsed = read_for_planning(text.as_bytes()).unwrap_or_else(|| panic!("{name} does not read"));
        out.push((format!("synthetic/{name}"), parsed));
    }
    out
}

/// The folder of the schema skeletons.
fn skeletons() -> std::path::PathBuf {
    workspace_root().join("tests/fixtures/crd-skeletons")
}

/// Every skeleton SOURCES.md lists is there, and every one there is listed,
/// with the source file's commit and SHA-256 and the command that writes it.
#[test]
fn the_skeletons_are_the_ones_sources_md_lists() {
    let dir = skeletons();
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).unwrap();
    let mut listed = std::collections::BTreeSet::new();
    for row in sources.lines().filter(|l| l.starts_with("| `")) {
        let row = row.replace("\\|", "\u{1}");
        let cells: Vec<String> = row.split('|').map(|c| c.trim().trim_matches('`').replace('\u{1}', "|")).collect();
        let [file, _kind, version, _paths, repo, tag, commit, path, sha, command] = &cells[1..11] else {
            panic!("SOURCES.md: a row without ten cells: {row}")
        };
        assert!(
            dir.join(file).is_file(),
            "tests/fixtures/crd-skeletons/{file} is missing: write it with `{command}` in a clone of https://github.com/{repo}"
        );
        let hex = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
        assert!(hex(commit, 40) && hex(sha, 64), "{file}: commit {commit}, SHA-256 {sha}");
        let writes =
            format!("show {tag}:{path} | cargo xtask crd-skeleton - {version} > tests/fixtures/crd-skeletons/{file}");
        assert!(command.ends_with(&writes), "{file}: the command `{command}` does not write it");
        listed.insert(file.to_string());
    }
    let on_disk: std::collections::BTreeSet<String> = crd::load(&dir).into_iter().map(|(s, _)| s.file).collect();
    assert_eq!(on_disk, listed, "the skeletons and SOURCES.md differ");
    assert!(listed.len() >= 21, "only {} skeletons", listed.len());
}

#[test]
fn every_cluster_api_patch_wait_and_read_fits_the_real_crd_schemas() {
    let crds = crd::load(&skeletons());
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
        "{plans} plans: {} kubectl calls; {} patches, {} waits ({} on conditions), {} jsonpath reads; {} field paths checked against {} schema skeletons (served versions of {} CRD releases); {} failures",
        c.calls,
        c.patches,
        c.waits,
        c.conditions,
        c.reads,
        c.paths,
        crds.len(),
        crds.iter().map(|(s, _)| s.file.replacen(&format!(".{}.", s.version), ".", 1)).collect::<std::collections::BTreeSet<_>>().len(),
        checker.failures.len()
    );
    for (version, n) in &checker.used {
        eprintln!("  {n:>6} paths in {version}");
    }
    // What is not checked, said; and each such entry still needed.
    for (resource, why) in check::UNCHECKED {
        let n = checker.unchecked.get(resource).copied().unwrap_or_default();
        eprintln!("  {n:>6} not checked ({resource}): {why}");
        assert!(n > 0, "no command reaches {resource}: remove it from check::UNCHECKED");
    }
    assert!(plans >= 100 && c.patches >= 100 && c.waits >= 100, "too little was checked: {c:?}");
    assert!(
        checker.failures.is_empty(),
        "{} failures, {} distinct:\n{}",
        checker.failures.len(),
        checker.distinct().len(),
        checker.distinct().join("\n")
    );
    // Every skeleton (served version of a CRD release) is reached by some command.
    for (s, _) in &crds {
        let key = format!("{} {} {}", s.file, s.kind, s.version);
        assert!(checker.used.contains_key(&key), "no command reaches {key}");
    }
}
