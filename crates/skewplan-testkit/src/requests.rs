//! Plan requests the fixture-wide tests share.

use skewplan_core::catalog::Catalog;
use skewplan_core::model::VersionList;
use skewplan_core::plan::{PlanRequest, Target};
use skewplan_core::Cluster;

/// A request with every upstream minor's newest patch offered (and the
/// control plane's own version), targeting the newest patch two minors
/// above the control plane (at most 1.37), so that a plan has several hops
/// and pool steps. The control plane's version must be known.
pub fn two_minors_ahead(cluster: &Cluster) -> PlanRequest {
    let catalog = Catalog::embedded();
    let cp = cluster.control_plane.version.clone().expect("a control-plane version");
    let mut all = VersionList::default();
    for m in &catalog.minors {
        all.offer(m.newest_patch.clone(), false, false);
    }
    all.offer(cp.clone(), false, false);
    let target = catalog
        .minors
        .iter()
        .map(|m| m.newest_patch.clone())
        .find(|v| v.minor() == (cp.minor() + 2).min(37))
        .unwrap_or(cp);
    PlanRequest { target: Target::Version(target), versions: Some(all), ..PlanRequest::default() }
}
