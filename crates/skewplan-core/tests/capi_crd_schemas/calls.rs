//! The kubectl calls a plan's script makes: the script runs in bash with a
//! kubectl stub that records each call's arguments (commands in `$(…)`
//! and pipelines too); the patch files are the ones the script's heredocs
//! wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

/// kubectl as a shell function (no process per call). Each call is
/// recorded in one write, after its input has ended, so that the stages of
/// a pipeline are recorded in their order.
const STUB: &str = r#"kubectl() {
  if [ ! -t 0 ]; then cat > /dev/null; fi
  local rec="" a
  for a in "$@"; do rec+="$a"$'\037'; done
  printf '%s\036' "$rec" >> "$KUBECTL_RECORD"
  case "$*" in *"--output=jsonpath="*) echo 3 ;; esac
}
"#;

/// A fresh, empty directory under the target directory.
pub(crate) fn workdir(name: &str) -> PathBuf {
    let dir = skewplan_testkit::workspace_root().join("target/capi-crd-schemas").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `script` in `dir`; the arguments of every kubectl call, in order.
pub(crate) fn run(dir: &Path, script: &str) -> Vec<Vec<String>> {
    std::fs::write(dir.join("kubectl-stub.sh"), STUB).unwrap();
    std::fs::write(dir.join("plan.sh"), script).unwrap();
    let record = dir.join("kubectl.record");
    let out = Command::new("bash")
        .args(["-c", ". ./kubectl-stub.sh && . ./plan.sh"])
        .current_dir(dir)
        .env("KUBECTL_RECORD", &record)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}: the script failed with kubectl stubbed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&record).unwrap_or_default();
    text.split('\u{1e}')
        .filter(|c| !c.is_empty())
        .map(|c| c.split('\u{1f}').filter(|a| !a.is_empty()).map(str::to_string).collect())
        .collect()
}

/// The value of `--flag=VALUE` or `--flag VALUE` in `args`.
pub(crate) fn flag<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let eq = format!("{flag}=");
    args.iter().enumerate().find_map(|(i, a)| {
        if let Some(v) = a.strip_prefix(&eq) {
            Some(v)
        } else if a == flag {
            args.get(i + 1).map(String::as_str)
        } else {
            None
        }
    })
}

/// The positional arguments (not flags, nor a flag's separate value).
pub(crate) fn positional(args: &[String]) -> Vec<&str> {
    const WITH_VALUE: &[&str] =
        &["--namespace", "-n", "--patch-file", "--patch", "-p", "--type", "--output", "-o", "--for", "-f", "--timeout"];
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if WITH_VALUE.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') {
            out.push(a.as_str());
        }
    }
    out
}
