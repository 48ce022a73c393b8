//! The real inputs under `tests/fixtures/real/`, and how the tests read one
//! for planning.

use skewplan_core::input::{parse_bytes, ParseOptions, Parsed};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures/real")
}

/// The folder of workload manifests (`--workloads` inputs, not cluster
/// descriptions): left out of [`fixture_files`].
pub(crate) const WORKLOADS_DIR: &str = "workloads";

/// Every cluster-input fixture as (path relative to the fixtures folder
/// with `/` separators, bytes), sorted by that path.
pub fn fixture_files() -> Vec<(String, Vec<u8>)> {
    let base = fixtures_dir();
    let mut out = Vec::new();
    let mut dirs = vec![base.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path != base.join(WORKLOADS_DIR) {
                    dirs.push(path);
                }
            } else {
                let rel = path.strip_prefix(&base).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))));
            }
        }
    }
    out.sort();
    out
}

/// One fixture's text.
pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A fixture read for planning, or `None` when it can't be read or used.
/// Inputs that don't name the control plane's version (node lists, pool
/// lists) get the newest pool's version as the control plane's, as a user
/// would give it.
pub fn read_for_planning(bytes: &[u8]) -> Option<Parsed> {
    let first = parse_bytes(bytes, &ParseOptions::default()).ok()?;
    let parsed = if first.clusters.iter().any(|c| c.control_plane.version.is_none()) {
        let newest_pool = first.clusters.iter().flat_map(|c| c.pools.iter().filter_map(|p| p.version.clone())).max();
        parse_bytes(bytes, &ParseOptions { control_plane_version: newest_pool })
            .expect("an input read once reads again with the control-plane version given")
    } else {
        first
    };
    parsed.is_usable().then_some(parsed)
}
