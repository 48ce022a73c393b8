//! The versions a plan may move to: a pasted list, the embedded AKS list, or
//! the embedded Kubernetes release catalog; and whether embedded data is too
//! old on the request's `today`.

use crate::catalog::{AksVersions, Catalog, Date, STALE_AFTER_DAYS};
use crate::model::{Cluster, OfferedVersion, VersionList};
use crate::rules::{self, Finding, Policy};
use crate::subject::Subject;
use crate::version::KubeVersion;

/// Which embedded data a plan uses, and the day it describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Embedded {
    Aks(Date),
    Catalog(Date),
}

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
    /// `None` for a pasted list.
    embedded: Option<Embedded>,
}

impl Offer {
    /// The versions for `cluster`: the pasted list, else the embedded AKS list
    /// under an AKS policy (the policy, not the input's kind, decides: a node
    /// list planned with `--policy aks` uses AKS's versions), else the
    /// Kubernetes release catalog.
    pub(super) fn for_cluster(cluster: &Cluster, policy: Policy, pasted: Option<&VersionList>) -> Offer {
        let lts = cluster.aks_settings().and_then(|a| a.support_plan.as_deref()) == Some("AKSLongTermSupport");
        if let Some(list) = pasted {
            let from = "the pasted version list".into();
            return Offer { list: list.clone(), from, exact: true, lts, embedded: None };
        }
        // A ClusterClass that lists its versions: Cluster API's webhook
        // accepts only these, and the topology controller picks the newest
        // of each minor on the way (exp/topology/desiredstate/upgrade_plan.go,
        // GetUpgradePlanFromClusterClassVersions).
        if let Some(t) = cluster.topology_upgrade().filter(|t| !t.class_versions.is_empty()) {
            let versions = t
                .class_versions
                .iter()
                .filter_map(|v| KubeVersion::parse(v).ok())
                .map(|version| OfferedVersion { version, preview: false, lts_only: false })
                .collect();
            let list = VersionList { versions, ..VersionList::default() };
            let from = format!("ClusterClass `{}` spec.kubernetesVersions", t.class.as_deref().unwrap_or_default());
            return Offer { list, from, exact: true, lts, embedded: None };
        }
        if let Some((versions, from)) = rules::aks_engine_allow_list(cluster) {
            let versions = versions
                .iter()
                .filter_map(|v| KubeVersion::parse(v).ok())
                .map(|version| OfferedVersion { version, preview: false, lts_only: false })
                .collect();
            let list = VersionList { versions, ..VersionList::default() };
            return Offer { list, from: from.into(), exact: true, lts, embedded: None };
        }
        match policy.is_aks() {
            true => {
                let aks = AksVersions::embedded();
                Offer {
                    from: format!("the embedded AKS version list of {}", aks.as_of),
                    list: aks.list,
                    exact: true,
                    lts,
                    embedded: Some(Embedded::Aks(aks.as_of)),
                }
            }
            false => {
                let c = Catalog::embedded();
                Offer {
                    list: c.upstream_versions(),
                    from: format!("the embedded Kubernetes release catalog as of {}", c.as_of),
                    exact: false,
                    lts,
                    embedded: Some(Embedded::Catalog(c.as_of)),
                }
            }
        }
    }

    /// A warning when the plan uses embedded data more than
    /// [`STALE_AFTER_DAYS`] older than `today`; none without a `today`.
    /// The user pasted the list (it speaks for this cluster now).
    pub(super) fn pasted(&self) -> bool {
        self.embedded.is_none()
    }

    pub(super) fn staleness(&self, today: Option<Date>) -> Option<Finding> {
        let (today, embedded) = (today?, self.embedded?);
        let (Embedded::Aks(as_of) | Embedded::Catalog(as_of)) = embedded;
        let age = today.days_after(as_of);
        if age <= STALE_AFTER_DAYS {
            return None;
        }
        let message = match embedded {
            Embedded::Aks(_) => format!(
                "the embedded AKS version data describes {as_of}, {age} days before today ({today}): AKS may offer newer versions now and may have withdrawn some of these, so the target and hops may be wrong; give this cluster's `az aks get-upgrades -o json` as the version list"
            ),
            Embedded::Catalog(_) => format!(
                "the embedded Kubernetes release catalog describes {as_of}, {age} days before today ({today}): newer patches and minors may exist, so the target and hops may be wrong; give a current version list"
            ),
        };
        Some(Finding::new(&rules::VERSION_DATA_STALE, Subject::Cluster, message))
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
        self.pasted() && self.list.current.as_ref() == Some(cp)
    }

    pub(super) fn newest(&self) -> Option<KubeVersion> {
        self.list.versions.iter().filter(|o| self.usable(o)).map(|o| o.version.clone()).max()
    }
}
