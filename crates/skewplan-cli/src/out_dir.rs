//! `skewplan plan --out-dir DIR`: the script, the runbook, the plan JSON and
//! every file of the plan, written next to each other.

use anyhow::{bail, Context, Result};
use skewplan_core::render::File;
use std::path::{Path, PathBuf};

/// What `--out-dir` writes: names as the page's downloads call them.
pub(crate) struct Output {
    pub(crate) name: String,
    pub(crate) content: String,
    /// Unix mode: 0o755 for the script, 0o600 for files with credentials.
    pub(crate) mode: u32,
}

/// The outputs of one plan.
pub(crate) fn outputs(script: String, runbook: String, json: String, files: &[File]) -> Vec<Output> {
    let mut out = vec![
        Output { name: "skewplan-upgrade.sh".into(), content: script, mode: 0o755 },
        Output { name: "skewplan-runbook.md".into(), content: runbook, mode: 0o644 },
        Output { name: "skewplan-plan.json".into(), content: json, mode: 0o644 },
    ];
    for f in files {
        let mode = if f.sensitive { 0o600 } else { 0o644 };
        out.push(Output { name: f.name.clone(), content: f.content.clone(), mode });
    }
    out
}

/// Writes `outputs` into `dir` (made if missing) and returns the paths
/// written. An existing file stops everything before anything is written,
/// unless `force`.
pub(crate) fn write(dir: &Path, outputs: &[Output], force: bool) -> Result<Vec<PathBuf>> {
    for o in outputs {
        // File names come from the plan (checked by the renderers), never paths.
        if o.name.is_empty() || o.name.contains('/') || o.name.contains('\\') || o.name.starts_with('.') {
            bail!("refusing to write `{}`: not a plain file name", o.name);
        }
        let path = dir.join(&o.name);
        if path.exists() && !force {
            bail!("{} exists; pass --force to overwrite it", path.display());
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let mut written = Vec::new();
    for o in outputs {
        let path = dir.join(&o.name);
        std::fs::write(&path, &o.content).with_context(|| format!("could not write {}", path.display()))?;
        set_mode(&path, o.mode)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("could not set the mode of {}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    Ok(())
}
