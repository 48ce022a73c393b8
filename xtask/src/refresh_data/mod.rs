//! `cargo xtask refresh-data`: writes the core's embedded version data
//! (`crates/skewplan-core/data/kubernetes-releases.json` and
//! `aks-versions-<date>.json`, and the API table `deprecated-apis.json`) from the local copies of public sources in
//! `crates/skewplan-core/data/sources/` (listed in its `SOURCES.md`).
//!
//! The generator is a pure function from the sources' text to the data files'
//! text, so a test can check that it reproduces the committed files byte for
//! byte. Each file's `as_of` is the date its sources describe, never the date
//! of the run.

mod aks;
mod apis;
mod kubernetes;
mod text;

use std::fs;
use std::path::{Path, PathBuf};

/// The folder of the embedded data.
pub(crate) fn data_dir() -> PathBuf {
    crate::root().join("crates/skewplan-core/data")
}

/// One generated data file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DataFile {
    /// The file name in the data folder.
    pub(crate) name: String,
    pub(crate) text: String,
}

/// Reads a source file, naming it when it can't be read.
fn read(sources: &Path, name: &str) -> Result<String, String> {
    fs::read_to_string(sources.join(name)).map_err(|e| format!("{}: {e}", sources.join(name).display()))
}

/// The data files the sources in `sources` give.
pub(crate) fn generate(sources: &Path) -> Result<Vec<DataFile>, String> {
    let listed = text::source_rows(&read(sources, "SOURCES.md")?)?;
    let of = |prefix: &str| -> Vec<String> {
        listed.iter().filter(|r| r.file.starts_with(prefix)).map(text::SourceRow::describe).collect()
    };
    let catalog = kubernetes::Inputs {
        eol_yaml: read(sources, "kubernetes/eol.yaml")?,
        release_data: read(sources, "kubernetes/release-data-kubernetes.json")?,
        endoflife_md: read(sources, "kubernetes/endoflife-date-kubernetes.md")?,
        release_pages: read(sources, "kubernetes/kubernetes.io-releases.txt")?,
    };
    let recording = "aks/kubernetesVersions_eastus_2025-11-07.json";
    let recorded_on = listed
        .iter()
        .find(|r| r.file == recording)
        .map(|r| r.describes.clone())
        .ok_or_else(|| format!("SOURCES.md does not list {recording}"))?;
    let aks = aks::Inputs {
        calendar: read(sources, "aks/supported-kubernetes-versions.md")?,
        release_notes: read(sources, "aks/CHANGELOG-kubernetes-versions.md")?,
        recording: read(sources, recording)?,
        recorded_on,
    };
    let aks = aks::generate(&aks, &of("aks/"))?;
    let pluto = "workloads/pluto-versions.yaml";
    let apis_as_of = listed
        .iter()
        .find(|r| r.file == pluto)
        .map(|r| r.describes.clone())
        .ok_or_else(|| format!("SOURCES.md does not list {pluto}"))?;
    let apis = apis::generate(
        &read(sources, pluto)?,
        &read(sources, "workloads/deprecation-guide-additions.yaml")?,
        &apis_as_of,
        &of("workloads/"),
    )?;
    Ok(vec![
        DataFile { name: "kubernetes-releases.json".into(), text: kubernetes::generate(&catalog, &of("kubernetes/"))? },
        DataFile { name: format!("aks-versions-{}.json", aks.as_of), text: aks.text },
        DataFile { name: "deprecated-apis.json".into(), text: apis },
    ])
}

/// Regenerates the data files and removes AKS data files of other dates.
pub(crate) fn run() -> Result<(), String> {
    let dir = data_dir();
    let files = generate(&dir.join("sources"))?;
    let keep: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for entry in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("aks-versions-") && name.ends_with(".json") && !keep.contains(&name.as_str()) {
            fs::remove_file(entry.path()).map_err(|e| format!("{name}: {e}"))?;
            println!("removed {name}");
        }
    }
    for f in &files {
        let path = dir.join(&f.name);
        let unchanged = fs::read_to_string(&path).is_ok_and(|old| old == f.text);
        fs::write(&path, &f.text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{} {}", if unchanged { "unchanged" } else { "wrote" }, f.name);
    }
    if files.iter().any(|f| f.name.starts_with("aks-versions-")) {
        println!("if the AKS file's name changed, update AKS_VERSIONS in crates/skewplan-core/src/catalog.rs");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed data files are exactly what the sources give.
    #[test]
    fn the_generator_reproduces_the_committed_data_files() {
        let dir = data_dir();
        let files = generate(&dir.join("sources")).unwrap();
        assert_eq!(files.len(), 3);
        for f in files {
            let committed = fs::read_to_string(dir.join(&f.name))
                .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask refresh-data`)", f.name));
            assert!(committed == f.text, "{} differs from what `cargo xtask refresh-data` writes", f.name);
        }
        let aks_files = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("aks-versions-"))
            .count();
        assert_eq!(aks_files, 1, "one AKS data file");
    }

    #[test]
    fn the_catalog_is_dated_by_its_sources_not_by_the_run() {
        let files = generate(&data_dir().join("sources")).unwrap();
        assert!(files[0].text.contains("\"as_of\": \"2026-08-20\""), "{}", &files[0].text[..80]);
        assert_eq!(files[1].name, "aks-versions-2026-07-17.json");
    }
}
