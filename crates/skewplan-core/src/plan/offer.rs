//! The versions a plan may move to: a pasted list, the embedded AKS list, or
//! the embedded Kubernetes release catalog.

use crate::catalog::{self, Catalog};
use crate::model::{Cluster, OfferedVersion, VersionList};
use crate::rules::Policy;
use crate::version::KubeVersion;

pub(super) struct Offer {
    list: VersionList,
    /// Where the versions came from, for messages and `versions_from`.
    pub(super) from: String,
    /// Only versions in the list (pasted or AKS), or any patch up to the
    /// newest known (upstream catalog).
    exact: bool,
    /// The cluster is on AKS's long-term support plan (LTS-only versions
    /// are allowed).
    pub(super) lts: bool,
    /// The user pasted the list (it speaks for this cluster now).
    pub(super) pasted: bool,
}

impl Offer {
    /// The versions for `cluster`: the pasted list, else the embedded AKS list
    /// under an AKS policy (the policy, not the input's kind, decides: a node
    /// list planned with `--policy aks` uses AKS's versions), else the
    /// Kubernetes release catalog.
    pub(super) fn for_cluster(cluster: &Cluster, policy: Policy, pasted: Option<&VersionList>) -> Offer {
        let lts = cluster.aks_settings().and_then(|a| a.support_plan.as_deref()) == Some("AKSLongTermSupport");
        if let Some(list) = pasted {
            return Offer {
                list: list.clone(),
                from: "the pasted version list".into(),
                exact: true,
                lts,
                pasted: true,
            };
        }
        match policy.is_aks() {
            true => Offer {
                list: catalog::aks_default_versions(),
                from: format!("the embedded AKS version list of {}", catalog::AKS_VERSIONS_AS_OF),
                exact: true,
                lts,
                pasted: false,
            },
            false => {
                let c = Catalog::embedded();
                Offer {
                    list: c.upstream_versions(),
                    from: format!("the embedded Kubernetes release catalog as of {}", c.as_of),
                    exact: false,
                    lts,
                    pasted: false,
                }
            }
        }
    }

    fn usable(&self, o: &OfferedVersion) -> bool {
        !o.preview && (!o.lts_only || self.lts)
    }

    /// Is `v` a version the plan may install?
    pub(super) fn allows(&self, v: &KubeVersion) -> bool {
        if self.exact {
            self.list.versions.iter().any(|o| &o.version == v && self.usable(o))
        } else {
            self.list.versions.iter().any(|o| o.version.same_minor(v) && v <= &o.version) && !v.is_prerelease()
        }
    }

    /// The newest allowed patch of `minor`'s minor.
    pub(super) fn newest_of_minor(&self, minor: &KubeVersion) -> Option<KubeVersion> {
        self.list
            .versions
            .iter()
            .filter(|o| o.version.same_minor(minor) && self.usable(o))
            .map(|o| o.version.clone())
            .max()
    }

    /// The lowest minor above `cp` and up to `target` that is offered, as its
    /// newest allowed patch (the target itself when it is of that minor).
    pub(super) fn oldest_minor_above(&self, cp: &KubeVersion, target: &KubeVersion) -> Option<KubeVersion> {
        let minor = self
            .list
            .versions
            .iter()
            .filter(|o| self.usable(o) && o.version.major() == cp.major())
            .map(|o| o.version.minor())
            .filter(|m| *m > cp.minor() && *m <= target.minor())
            .min()?;
        if minor == target.minor() {
            return Some(target.clone());
        }
        self.newest_of_minor(&KubeVersion::new(cp.major(), minor, 0))
    }

    /// The list is this cluster's own upgrade profile (`az aks get-upgrades`
    /// for the version it runs): every version in it is a direct upgrade.
    pub(super) fn is_profile_for(&self, cp: &KubeVersion) -> bool {
        self.pasted && self.list.current.as_ref() == Some(cp)
    }

    pub(super) fn newest(&self) -> Option<KubeVersion> {
        self.list.versions.iter().filter(|o| self.usable(o)).map(|o| o.version.clone()).max()
    }
}
