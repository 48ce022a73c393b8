//! Everything decided before the first step: the state now, the target and
//! the control-plane hops, or why no plan can be made.

use super::offer::Offer;
use super::{Blocked, PlanRequest, Target};
use crate::model::{Cluster, Provider, ResourceState};
use crate::rules::limits::{AKS_ENGINE_NEWEST_MINOR, MAX_PLANNED_POOLS};
use crate::rules::{self, aks_engine_limit, aks_engine_masters_on_scale_set, Policy, VersionState};
use crate::subject::Subject;
use crate::version::KubeVersion;

/// Where a plan starts and the way it goes.
pub(super) struct Prepared {
    pub(super) initial: VersionState,
    pub(super) target: KubeVersion,
    /// A first whole-cluster upgrade that skips minors where AKS allows it.
    pub(super) jump: Option<Jump>,
    /// The control plane's versions, one minor each, ending at the target.
    pub(super) hops: Vec<KubeVersion>,
}

/// One upgrade over several minors, which AKS allows only from a version out
/// of support to a supported one, and from one long-term-support version to
/// another (<https://learn.microsoft.com/azure/aks/supported-kubernetes-versions>,
/// "Unsupported recovery path"; <https://learn.microsoft.com/azure/aks/upgrade-aks-faq>).
pub(super) struct Jump {
    pub(super) to: KubeVersion,
    pub(super) why: &'static str,
}

/// Why no plan can be made, with what was known by then.
pub(super) struct Stopped {
    pub(super) blocked: Blocked,
    pub(super) initial: Option<VersionState>,
    pub(super) target: Option<KubeVersion>,
}

pub(super) fn prepare(
    cluster: &Cluster,
    request: &PlanRequest,
    policy: Policy,
    offer: &Offer,
) -> Result<Prepared, Box<Stopped>> {
    let initial =
        initial_state(cluster).map_err(|blocked| Box::new(Stopped { blocked, initial: None, target: None }))?;
    let target = choose_target(cluster, &request.target, &initial.control_plane, offer);
    let known = |blocked| Box::new(Stopped { blocked, initial: Some(initial.clone()), target: Some(target.clone()) });
    check_target(cluster, policy, &initial, &target, offer).map_err(known)?;
    let aks = cluster.provider == Provider::Aks && policy.is_aks();
    // A control plane already moving starts where its operation ends.
    let start = moving_to(cluster).filter(|r| **r > initial.control_plane).unwrap_or(&initial.control_plane);
    let jump = jump(aks, start, &target, offer).map_err(known)?;
    let from = jump.as_ref().map_or(start, |j| &j.to);
    let hops = hops(from, &target, offer).map_err(known)?;
    if cluster.provider == Provider::ClusterApi {
        distribution_hops(cluster, &hops).map_err(known)?;
    }
    Ok(Prepared { initial, target, jump, hops })
}

/// The versions now; every one must be known.
fn initial_state(cluster: &Cluster) -> Result<VersionState, Blocked> {
    let Some(cp) = cluster.control_plane.version.clone() else {
        let message = "the control plane's version is unknown, so no plan can be made";
        return Err(Blocked::new(&rules::VERSION_KNOWN, Subject::ControlPlane, message));
    };
    if cluster.pools.len() > MAX_PLANNED_POOLS {
        let message = format!("the input has {} pools; a plan covers at most {MAX_PLANNED_POOLS}", cluster.pools.len());
        return Err(Blocked::new(&rules::SIZE_LIMIT, Subject::Cluster, message));
    }
    let mut pools = std::collections::BTreeMap::new();
    for p in &cluster.pools {
        let Some(v) = &p.version else {
            let message = format!("pool `{}` has no readable version", p.name);
            return Err(Blocked::new(&rules::VERSION_KNOWN, Subject::pool(&p.name), message));
        };
        pools.insert(p.name.clone(), v.clone());
    }
    Ok(VersionState { control_plane: cp, pools })
}

/// The requested version, or the newest offered (within aks-engine's limit).
fn choose_target(cluster: &Cluster, target: &Target, cp: &KubeVersion, offer: &Offer) -> KubeVersion {
    match target {
        Target::Version(v) => v.clone(),
        // The newest allowed patch of that minor (the control plane's own
        // version when it already runs a newer patch of it); none offered:
        // the minor itself, which `check_target` refuses.
        Target::NewestOf(minor) => match offer.newest_of_minor(minor) {
            Some(v) if cp.same_minor(&v) => v.max(cp.clone()),
            Some(v) => v,
            None if cp.same_minor(minor) => cp.clone(),
            None => minor.clone(),
        },
        Target::Latest => {
            let newest = offer.newest().unwrap_or_else(|| cp.clone());
            let newest = match aks_engine_limit(cluster) {
                Some(l) if newest.minor() > l => {
                    offer.newest_of_minor(&KubeVersion::new(1, l, 0)).unwrap_or_else(|| cp.clone())
                }
                _ => newest,
            };
            newest.max(cp.clone())
        }
    }
}

/// The target must be reachable: supported, offered, and no downgrade.
fn check_target(
    cluster: &Cluster,
    policy: Policy,
    initial: &VersionState,
    target: &KubeVersion,
    offer: &Offer,
) -> Result<(), Blocked> {
    if aks_engine_limit(cluster).is_some_and(|l| target.minor() > l) {
        let message =
            format!("aks-engine supports Kubernetes up to 1.{AKS_ENGINE_NEWEST_MINOR}; {target} is beyond it");
        return Err(Blocked::new(&rules::AKS_ENGINE_MAX_VERSION, Subject::Cluster, message));
    }
    if aks_engine_masters_on_scale_set(cluster) {
        let message = "aks-engine can't upgrade masters that run in a VM scale set";
        return Err(Blocked::new(&rules::AKS_ENGINE_VMSS_MASTERS, Subject::ControlPlane, message));
    }
    if cluster.provider == Provider::ClusterApi {
        capi_version_form(cluster, target)?;
    }
    already_moving_past(cluster, policy, target)?;
    if let Some((name, v)) = initial.pools.iter().find(|(_, v)| *v > target) {
        let message = format!("pool `{name}` runs {v}, above the target {target}; nothing is downgraded");
        return Err(Blocked::new(policy.no_downgrade_rule(), Subject::pool(name), message));
    }
    let cp = &initial.control_plane;
    if cp > target {
        let message = format!("the control plane runs {cp}, above the target {target}; nothing is downgraded");
        return Err(Blocked::new(policy.no_downgrade_rule(), Subject::ControlPlane, message));
    }
    if target.patch().is_none() && target != &initial.control_plane {
        let message = format!("no version of {target} is offered by {}", offer.from);
        return Err(Blocked::new(&rules::VERSION_AVAILABLE, Subject::Cluster, message));
    }
    if target != cp && !offer.allows(target) {
        let message = format!("{target} is not offered by {}", offer.from);
        return Err(Blocked::new(&rules::VERSION_AVAILABLE, Subject::Cluster, message));
    }
    Ok(())
}

/// The version a busy control plane is moving to, if the input says.
fn moving_to(cluster: &Cluster) -> Option<&KubeVersion> {
    let cp = &cluster.control_plane;
    cp.requested_version.as_ref().filter(|_| matches!(cp.state, ResourceState::Busy(_)))
}

/// A busy control plane or pool already on its way above the target: the
/// plan would have to downgrade it.
fn already_moving_past(cluster: &Cluster, policy: Policy, target: &KubeVersion) -> Result<(), Blocked> {
    let moving = |state: &ResourceState, now: Option<&KubeVersion>, requested: Option<&KubeVersion>| {
        let busy = matches!(state, ResourceState::Busy(_));
        requested.filter(|r| busy && Some(*r) > now && *r > target).cloned()
    };
    let cp = &cluster.control_plane;
    if let Some(r) = moving(&cp.state, cp.version.as_ref(), cp.requested_version.as_ref()) {
        let message =
            format!("the control plane is already moving to {r}, above the target {target}; nothing is downgraded");
        return Err(Blocked::new(policy.no_downgrade_rule(), Subject::ControlPlane, message));
    }
    for p in &cluster.pools {
        if let Some(r) = moving(&p.state, p.version.as_ref(), p.requested_version.as_ref()) {
            let message =
                format!("pool `{}` is already moving to {r}, above the target {target}; nothing is downgraded", p.name);
            return Err(Blocked::new(policy.no_downgrade_rule(), Subject::pool(&p.name), message));
        }
    }
    Ok(())
}

/// Where AKS takes the control plane over several minors at once: from a
/// version whose next minor it no longer offers (out of support) to the
/// oldest minor it offers, or from LTS to LTS when the cluster's own upgrade
/// profile offers the target's minor. Without a pasted list that speaks for
/// the cluster, the offer is asked for.
fn jump(aks: bool, cp: &KubeVersion, target: &KubeVersion, offer: &Offer) -> Result<Option<Jump>, Blocked> {
    if !aks || target.minor() <= cp.minor() + 1 {
        return Ok(None);
    }
    let next = KubeVersion::new(cp.major(), cp.minor() + 1, 0);
    if offer.newest_of_minor(&next).is_some() {
        let lts_skip = offer.lts && offer.is_profile_for(cp) && target.minor() > next.minor();
        let direct = offer.newest_of_minor(target).filter(|_| lts_skip);
        let why = "AKS upgrades a long-term-support cluster straight to the next long-term-support minor its upgrade profile offers";
        return Ok(direct.map(|_| Jump { to: target.clone(), why }));
    }
    let Some(to) = offer.oldest_minor_above(cp, target) else { return Ok(None) };
    if !offer.pasted() {
        let message = format!(
            "{} is not offered by {}: if {cp} is out of AKS support, AKS offers the cluster one upgrade to the oldest minor it supports (its recovery path); paste this cluster's `az aks get-upgrades -o json` to plan it",
            next.minor_version(),
            offer.from
        );
        return Err(Blocked::new(&rules::VERSION_AVAILABLE, Subject::ControlPlane, message));
    }
    let why = "AKS's recovery path for a cluster out of support: one whole-cluster upgrade to the oldest minor it offers (minors may be skipped only this way, and not with --control-plane-only)";
    Ok(Some(Jump { to, why }))
}

/// Control-plane hops: the newest allowed patch of each minor in between,
/// then the target.
fn hops(cp: &KubeVersion, target: &KubeVersion, offer: &Offer) -> Result<Vec<KubeVersion>, Blocked> {
    let mut hops = Vec::new();
    for minor in cp.minor() + 1..target.minor() {
        let m = KubeVersion::new(cp.major(), minor, 0);
        let Some(v) = offer.newest_of_minor(&m) else {
            let message = format!(
                "no version of {} is offered by {}, and the control plane can't skip it",
                m.minor_version(),
                offer.from
            );
            return Err(Blocked::new(&rules::VERSION_AVAILABLE, Subject::ControlPlane, message));
        };
        hops.push(v);
    }
    if target != cp {
        hops.push(target.clone());
    }
    Ok(hops)
}

/// Cluster API versions in a provider's form: an EKS Anywhere cluster (an
/// `-eks-` build or EKS Distro images) is upgraded by eksctl anywhere; a
/// provider suffix (`+rke2r1`, `+k3s1`) is never dropped by a patch, so the
/// target must carry one too.
fn capi_version_form(cluster: &Cluster, target: &KubeVersion) -> Result<(), Blocked> {
    let cp = &cluster.control_plane;
    let Some(version) = cp.version.as_ref() else { return Ok(()) };
    let build = version.provider_build();
    let eks_build = build.is_some_and(|b| b.starts_with("eks-") || b.contains("-eks-"));
    let eks_images = cp.image_repository().is_some_and(|r| r.contains("eks-distro"));
    if eks_build || eks_images {
        let message = format!(
            "the control plane runs v{} from EKS Distro: upgrade this EKS Anywhere cluster with `eksctl anywhere upgrade cluster`, not with Cluster API patches",
            version.display_full()
        );
        return Err(Blocked::new(&rules::CAPI_EKS_ANYWHERE, Subject::ControlPlane, message));
    }
    if let (Some(b), None) = (build, target.provider_build()) {
        if b.contains("vmware") {
            let message = format!(
                "the control plane runs the Tanzu Kubernetes release v{}: a patch to v{target} would drop its build; give the target as the version of a Tanzu Kubernetes release that `kubectl get tkr` lists as compatible (for example v1.26.5+vmware.2-fips.1-tkg.1; its TKr name v1.26.5---vmware.2-fips.1-tkg.1 is read too)",
                version.display_full()
            );
            return Err(Blocked::new(&rules::CAPI_VERSION_SUFFIX, Subject::ControlPlane, message));
        }
        let message = format!(
            "the control plane runs v{} (provider build `{b}`): a patch to v{target} would drop it; give the target in the same form (for example v{target}{})",
            version.display_full(),
            if b.starts_with('+') { b.to_string() } else { format!("-{b}") }
        );
        return Err(Blocked::new(&rules::CAPI_VERSION_SUFFIX, Subject::ControlPlane, message));
    }
    Ok(())
}

/// A control plane on a distribution's own build (`+rke2r1`, `+k3s1`,
/// `+vmware.N-…-tkg.N`) can't be given an intermediate minor made from an
/// upstream release: that version would drop the build.
fn distribution_hops(cluster: &Cluster, hops: &[KubeVersion]) -> Result<(), Blocked> {
    let Some(build) = cluster.control_plane.version.as_ref().and_then(|v| v.provider_build()) else { return Ok(()) };
    let Some(hop) = hops.iter().find(|h| h.provider_build().is_none()) else { return Ok(()) };
    let example = if build.contains("vmware") {
        "a Tanzu Kubernetes release of that minor, listed by `kubectl get tkr`"
    } else {
        "the distribution's release of that minor"
    };
    let message = format!(
        "the control plane runs a distribution build (`{build}`) and the way to the target passes through {}, whose build Skewplan can't know: upgrade one minor at a time, giving each target in the distribution's form ({example})",
        hop.minor_version()
    );
    Err(Blocked::new(&rules::CAPI_DISTRIBUTION_HOPS, Subject::ControlPlane, message))
}
