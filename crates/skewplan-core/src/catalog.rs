//! The versions Skewplan knows without being told: every Kubernetes minor
//! with its newest patch and end of life, and an AKS region's version list.
//! A pasted version list replaces them.

use crate::input::{parse, Format};
use crate::model::VersionList;
use crate::version::KubeVersion;
use serde::Deserialize;

const RELEASES: &str = include_str!("../data/kubernetes-releases.json");
const AKS_VERSIONS: &str = include_str!("../data/aks-versions-eastus-2025-11-07.json");

/// One Kubernetes minor release line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MinorRelease {
    pub minor: KubeVersion,
    pub newest_patch: KubeVersion,
    /// `YYYY-MM-DD`.
    pub end_of_life: String,
}

/// The upstream release catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    pub as_of: String,
    pub minors: Vec<MinorRelease>,
}

#[derive(Deserialize)]
struct RawCatalog {
    as_of: String,
    minors: Vec<RawMinor>,
}

#[derive(Deserialize)]
struct RawMinor {
    minor: String,
    newest_patch: String,
    end_of_life: String,
}

impl Catalog {
    /// The embedded catalog. Its data is checked by this crate's tests, so a
    /// failure here is a build defect, not a user error.
    pub fn embedded() -> Catalog {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(Catalog::load).clone()
    }

    fn load() -> Catalog {
        let raw: RawCatalog = serde_json::from_str(RELEASES).expect("embedded kubernetes-releases.json is valid");
        let minors = raw
            .minors
            .into_iter()
            .map(|m| MinorRelease {
                minor: KubeVersion::parse_with(&m.minor, crate::Precision::MinorAllowed).expect("catalog minor"),
                newest_patch: KubeVersion::parse(&m.newest_patch).expect("catalog patch"),
                end_of_life: m.end_of_life,
            })
            .collect();
        Catalog { as_of: raw.as_of, minors }
    }

    /// The newest patch of every minor, as a version list.
    pub fn upstream_versions(&self) -> VersionList {
        let mut list = VersionList::default();
        for m in &self.minors {
            list.offer(m.newest_patch.clone(), false, false);
        }
        list
    }

    pub fn newest(&self) -> Option<&KubeVersion> {
        self.minors.last().map(|m| &m.newest_patch)
    }
}

/// The embedded AKS version list (eastus, 2025-11-07).
pub fn aks_default_versions() -> VersionList {
    static LIST: std::sync::OnceLock<VersionList> = std::sync::OnceLock::new();
    LIST.get_or_init(load_aks_versions).clone()
}

fn load_aks_versions() -> VersionList {
    let parsed = parse(AKS_VERSIONS).expect("embedded AKS version list parses");
    debug_assert_eq!(parsed.format, Format::AksVersions);
    parsed.versions.expect("embedded AKS version list has versions")
}

/// When the embedded AKS list was taken.
pub const AKS_VERSIONS_AS_OF: &str = "2025-11-07 (eastus)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_minor_from_1_19_to_1_37_is_present_in_order() {
        let c = Catalog::embedded();
        let minors: Vec<String> = c.minors.iter().map(|m| m.minor.to_string()).collect();
        let expected: Vec<String> = (19..=37).map(|m| format!("1.{m}")).collect();
        assert_eq!(minors, expected);
        for m in &c.minors {
            assert!(m.newest_patch.same_minor(&m.minor), "{}", m.minor);
            assert_eq!(m.end_of_life.len(), 10, "{}", m.minor);
        }
        assert_eq!(c.newest().unwrap().to_string(), "1.37.1");
        assert_eq!(c.as_of, "2026-11-21");
    }

    #[test]
    fn aks_default_list_covers_1_28_to_1_34() {
        let list = aks_default_versions();
        let newest_ga =
            list.versions.iter().filter(|o| !o.preview && !o.lts_only).map(|o| o.version.to_string()).next_back();
        assert_eq!(newest_ga.as_deref(), Some("1.33.5"));
        assert!(list.versions.iter().any(|o| o.version.to_string() == "1.34.0" && o.preview));
    }
}
