//! The size report of `dist/` and the size budget: the gzipped total of what
//! the first visit loads (wasm + JS + CSS + HTML at the top of `dist/`) must
//! stay within `size-budget.txt`. Files in folders (the planner in
//! `engine/`, the YAML reader in `yaml/`) are loaded on demand and listed,
//! not counted.

use crate::root;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::Write;
use std::path::Path;

pub(crate) struct Entry {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

pub(crate) fn measure(dist: &Path) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    walk(dist, "", &mut out).map_err(|e| format!("{}: {e} (build it with `cargo xtask dist`)", dist.display()))?;
    Ok(out)
}

/// The files under `dir/sub`, files first, then each folder's, by name.
fn walk(dir: &Path, sub: &str, out: &mut Vec<Entry>) -> std::io::Result<()> {
    let mut paths: Vec<_> = fs::read_dir(dir.join(sub))?.flatten().map(|e| e.path()).collect();
    paths.sort_by_key(|p| (p.is_dir(), p.clone()));
    for p in paths {
        let name = format!("{sub}{}", p.file_name().unwrap_or_default().to_string_lossy());
        if p.is_dir() {
            walk(dir, &format!("{name}/"), out)?;
        } else {
            let bytes = fs::read(&p)?;
            out.push(Entry { name, raw: bytes.len() as u64, gzip: gzip_len(&bytes) });
        }
    }
    Ok(())
}

/// Counted against the budget: what a visitor downloads to run the app
/// (`sw.js` included: the first visit fetches it too).
pub(crate) fn counted(e: &Entry) -> bool {
    !e.name.contains('/') && [".wasm", ".js", ".css", ".html"].iter().any(|x| e.name.ends_with(x))
}

pub(crate) fn report(entries: &[Entry]) -> String {
    let mut s = format!("{:<48} {:>10} {:>10}\n", "file", "bytes", "gzip");
    for e in entries {
        s.push_str(&format!("{:<48} {:>10} {:>10}\n", e.name, e.raw, e.gzip));
    }
    let (raw, gz) = entries.iter().filter(|e| counted(e)).fold((0, 0), |(r, g), e| (r + e.raw, g + e.gzip));
    s.push_str(&format!("{:<48} {:>10} {:>10}\n", "first load (wasm + js + css + html)", raw, gz));
    for (dir, what) in [("engine/", "the planner"), ("yaml/", "the YAML reader")] {
        let (raw, gz) =
            entries.iter().filter(|e| e.name.starts_with(dir)).fold((0, 0), |(r, g), e| (r + e.raw, g + e.gzip));
        s.push_str(&format!("{:<48} {:>10} {:>10}\n", format!("on demand: {what} ({dir})"), raw, gz));
    }
    s
}

pub(crate) fn budget() -> Result<u64, String> {
    let text = fs::read_to_string(root().join("size-budget.txt")).map_err(|e| format!("size-budget.txt: {e}"))?;
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| "size-budget.txt names no byte count".to_string())
}

/// `cargo xtask size`: the report; with `--check`, fails over budget.
pub(crate) fn run(check: bool) -> Result<(), String> {
    let entries = measure(&root().join("dist"))?;
    print!("{}", report(&entries));
    let total: u64 = entries.iter().filter(|e| counted(e)).map(|e| e.gzip).sum();
    let limit = budget()?;
    println!(
        "budget: {limit} bytes gzipped (size-budget.txt); used {total} ({:.1}%)",
        total as f64 * 100.0 / limit as f64
    );
    if check && total > limit {
        return Err(format!(
            "the gzipped first load (wasm + js + css + html) is {total} bytes, over the budget of {limit} bytes in size-budget.txt"
        ));
    }
    Ok(())
}
