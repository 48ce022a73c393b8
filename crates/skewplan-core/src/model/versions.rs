//! What a provider offers: versions from a pasted upgrade profile or
//! version list, or from the embedded data.

use crate::version::KubeVersion;

/// What a pasted `az aks get-upgrades` / `get-versions` (or equivalent)
/// says may be installed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionList {
    /// Every version named, sorted, without duplicates.
    pub versions: Vec<OfferedVersion>,
    /// The version the profile says the cluster or pool runs now.
    pub current: Option<KubeVersion>,
    /// `latestNodeImageVersion` of a node-pool upgrade profile.
    pub latest_node_image: Option<String>,
    /// The region the list is for, when it says.
    pub location: Option<String>,
}

impl VersionList {
    /// Adds a version, keeping the list sorted; a version named twice is
    /// preview (or LTS-only) only when every mention says so.
    pub fn offer(&mut self, version: KubeVersion, preview: bool, lts_only: bool) {
        match self.versions.binary_search_by(|o| o.version.cmp(&version)) {
            Ok(i) => {
                let o = &mut self.versions[i];
                o.preview &= preview;
                o.lts_only &= lts_only;
            }
            Err(i) => self.versions.insert(i, OfferedVersion { version, preview, lts_only }),
        }
    }
}

/// A version a provider offers, from a pasted upgrade profile or version list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferedVersion {
    /// The version offered.
    pub version: KubeVersion,
    /// Offered as a preview only.
    pub preview: bool,
    /// Offered only with the Long Term Support plan.
    pub lts_only: bool,
}
