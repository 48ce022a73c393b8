//! `skewplan plan --out-dir`: what is written, with which modes, never over
//! an existing file; and the written script runs with its files next to it.

use skewplan_testkit::fixtures_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

fn skewplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_skewplan")).args(args).env("SKEWPLAN_TODAY", "2026-10-01").output().unwrap()
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skewplan-out-dir-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `(file name, mode)` of every file in `dir`, sorted.
fn listing(dir: &Path) -> Vec<(String, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out: Vec<(String, u32)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().permissions().mode() & 0o777)
        })
        .collect();
    out.sort();
    out
}

fn stdout_paths(out: &std::process::Output, dir: &Path) -> Vec<String> {
    let text = String::from_utf8_lossy(&out.stdout);
    let prefix = format!("{}/", dir.display());
    let mut names: Vec<String> = text.lines().map(|l| l.strip_prefix(&prefix).unwrap_or(l).to_string()).collect();
    names.sort();
    names
}

fn plan_into(fixture: &str, name: &str, extra: &[&str]) -> (PathBuf, std::process::Output) {
    let dir = fresh_dir(name);
    let input = fixtures_dir().join(fixture);
    let mut args = vec!["plan", input.to_str().unwrap(), "--out-dir", dir.to_str().unwrap()];
    args.extend(extra);
    let out = skewplan(&args);
    (dir, out)
}

#[test]
fn an_aks_plan_writes_the_script_runbook_and_json() {
    let (dir, out) = plan_into("aks-managed-cluster/rest-api-specs_2025-08-01_ManagedClustersGet.json", "aks", &[]);
    let files = listing(&dir);
    let expected = [("skewplan-plan.json", 0o644), ("skewplan-runbook.md", 0o644), ("skewplan-upgrade.sh", 0o755)];
    assert_eq!(files, expected.map(|(n, m)| (n.to_string(), m)), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout_paths(&out, &dir), files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    // Never over an existing file, unless --force.
    let again = plan_into_existing(&dir, "aks-managed-cluster/rest-api-specs_2025-08-01_ManagedClustersGet.json", &[]);
    assert_eq!(again.status.code(), Some(2));
    let message = String::from_utf8_lossy(&again.stderr);
    assert!(message.contains("exists; pass --force to overwrite it"), "{message}");
    let forced =
        plan_into_existing(&dir, "aks-managed-cluster/rest-api-specs_2025-08-01_ManagedClustersGet.json", &["--force"]);
    assert!(forced.status.code() != Some(2), "{}", String::from_utf8_lossy(&forced.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

fn plan_into_existing(dir: &Path, fixture: &str, extra: &[&str]) -> std::process::Output {
    let input = fixtures_dir().join(fixture);
    let mut args = vec!["plan", input.to_str().unwrap(), "--out-dir", dir.to_str().unwrap()];
    args.extend(extra);
    skewplan(&args)
}

#[test]
fn an_aks_engine_plan_writes_its_api_models_owner_only_and_says_so() {
    let (dir, out) = plan_into("aks-engine/examples_kubernetes-releases_kubernetes1.21.json", "aks-engine", &[]);
    let files = listing(&dir);
    let sensitive: Vec<&(String, u32)> = files.iter().filter(|(n, _)| n.starts_with("apimodel")).collect();
    assert!(!sensitive.is_empty(), "{files:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, mode) in sensitive {
        assert_eq!(*mode, 0o600, "{name}");
        assert!(stderr.contains(&format!("skewplan: {name} holds your credentials: written owner-only")), "{stderr}");
    }
    assert_eq!(stdout_paths(&out, &dir), files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the written script where it was written, with kubectl stubbed.
fn run_script(dir: &Path) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg("kubectl() { if [ -p /dev/stdin ]; then cat >/dev/null; fi; }\nsource ./skewplan-upgrade.sh")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_cluster_api_script_runs_with_the_patch_files_next_to_it() {
    let (dir, out) = plan_into("cluster-api/capi_docker_simple-cluster_v1beta1_v1.33.0.yaml", "capi", &[]);
    let files = listing(&dir);
    let patches: Vec<&String> = files.iter().map(|(n, _)| n).filter(|n| n.ends_with(".yaml")).collect();
    assert!(patches.len() >= 2, "{files:?}");
    assert_eq!(stdout_paths(&out, &dir), files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    let before: Vec<String> = patches.iter().map(|p| std::fs::read_to_string(dir.join(p)).unwrap()).collect();
    // The script, run where it was written with kubectl stubbed, finds its
    // files and leaves them as they are.
    let run = run_script(&dir);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("differs from the planned file"), "{stderr}");
    let after: Vec<String> = patches.iter().map(|p| std::fs::read_to_string(dir.join(p)).unwrap()).collect();
    assert_eq!(before, after);
    // An edited file is used as it is, with a warning.
    std::fs::write(dir.join(patches[0]), "edited\n").unwrap();
    let run = run_script(&dir);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(&format!("skewplan: using {} as it is; it differs from the planned file", patches[0])),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.join(patches[0])).unwrap(), "edited\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_the_man_page_come_from_the_same_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = skewplan(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("out-dir") && text.contains("force-upgrade-until"), "{shell}: {text}");
        if shell != "powershell" {
            assert!(text.contains("aks-conservative") && text.contains("control-plane-first"), "{shell}: {text}");
        }
    }
    let man = skewplan(&["manpage"]);
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(text.starts_with(".ie \\n(.g .ds Aq \\(aq") || text.contains(".TH skewplan"), "{text}");
    assert!(text.contains("completions"), "{text}");
}
