//! The size report of `dist/` and the size budget: the gzipped total of
//! wasm + JS + CSS must stay within `size-budget.txt`.

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
    let mut names: Vec<_> = fs::read_dir(dist)
        .map_err(|e| format!("{}: {e} (build it with `cargo xtask dist`)", dist.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names.into_iter().filter(|p| p.is_file()) {
        let bytes = fs::read(&p).map_err(|e| e.to_string())?;
        out.push(Entry {
            name: p.file_name().unwrap_or_default().to_string_lossy().into_owned(),
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
        });
    }
    Ok(out)
}

/// Counted against the budget: what a visitor downloads to run the app.
pub(crate) fn counted(e: &Entry) -> bool {
    [".wasm", ".js", ".css"].iter().any(|x| e.name.ends_with(x))
}

pub(crate) fn report(entries: &[Entry]) -> String {
    let mut s = format!("{:<48} {:>10} {:>10}\n", "file", "bytes", "gzip");
    for e in entries {
        s.push_str(&format!("{:<48} {:>10} {:>10}\n", e.name, e.raw, e.gzip));
    }
    let (raw, gz) = entries.iter().filter(|e| counted(e)).fold((0, 0), |(r, g), e| (r + e.raw, g + e.gzip));
    s.push_str(&format!("{:<48} {:>10} {:>10}\n", "wasm + js + css", raw, gz));
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
            "the gzipped wasm + js + css is {total} bytes, over the budget of {limit} bytes in size-budget.txt"
        ));
    }
    Ok(())
}
