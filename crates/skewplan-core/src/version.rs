//! Kubernetes versions as a type: parsed once, compared numerically, never as
//! strings.
//!
//! Accepted forms: `1.28.3`, `v1.28.3`, minor-only `1.28` where the source
//! allows it, pre-releases (`1.29.0-rc.1`, `v1.30.0-alpha.2`) and provider
//! builds (`v1.29.0-eks-1-29-4`, `1.34.8-gke.1278000`, `v1.21.2-13+d2965f0db10712`).
//! A provider build of 1.29.0 is 1.29.0 for skew purposes, not a pre-release.

use crate::text::truncate;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// Whether a source may give a version without its patch number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// `MAJOR.MINOR.PATCH` is required.
    Patch,
    /// `MAJOR.MINOR` is accepted too (aks-engine `orchestratorRelease`, AKS
    /// `kubernetesVersion` on clusters that follow the newest patch).
    MinorAllowed,
}

/// A Kubernetes version.
#[derive(Clone, Debug)]
pub struct KubeVersion {
    major: u64,
    minor: u64,
    patch: Option<u64>,
    /// Upstream pre-release (`alpha.N`, `beta.N`, `rc.N`); empty when none.
    pre: semver::Prerelease,
    /// A provider's build suffix, kept for display only (`eks-1-29-4`,
    /// `gke.1278000`, `13+d2965f0db10712`).
    provider_build: Option<String>,
}

/// Why a text is not a Kubernetes version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a Kubernetes version: {reason}")]
pub struct VersionError {
    /// The text as found (truncated when very long).
    pub text: String,
    /// What was expected, in words.
    pub reason: String,
}

const MAX_COMPONENT: u64 = 1_000_000;

impl KubeVersion {
    /// A release version `major.minor.patch`.
    pub fn new(major: u64, minor: u64, patch: u64) -> Self {
        KubeVersion { major, minor, patch: Some(patch), pre: semver::Prerelease::EMPTY, provider_build: None }
    }

    /// Parses a version that must have a patch number.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        Self::parse_with(text, Precision::Patch)
    }

    /// Parses a version, accepting `MAJOR.MINOR` when `precision` allows it.
    pub fn parse_with(text: &str, precision: Precision) -> Result<Self, VersionError> {
        let err = |reason: &str| VersionError { text: truncate(text, 60), reason: reason.to_string() };
        let expected = match precision {
            Precision::Patch => "expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)",
            Precision::MinorAllowed => "expected MAJOR.MINOR.PATCH such as 1.28.3, or MAJOR.MINOR such as 1.28",
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(err("the value is empty; expected a version such as 1.28.3"));
        }
        let body = trimmed.strip_prefix('v').unwrap_or(trimmed);
        // Split the numeric core from any suffix at the first `-` or `+`.
        let core_end = body.find(['-', '+']).unwrap_or(body.len());
        let (core, suffix) = body.split_at(core_end);
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return Err(err(expected));
        }
        let mut nums = [0u64; 3];
        for (i, part) in parts.iter().enumerate() {
            nums[i] = parse_component(part).ok_or_else(|| err(expected))?;
        }
        let patch = if parts.len() == 3 {
            Some(nums[2])
        } else if precision == Precision::MinorAllowed && suffix.is_empty() {
            None
        } else {
            return Err(err(expected));
        };
        let (pre, provider_build) = classify_suffix(suffix).ok_or_else(|| {
            err("the part after the version number is neither a pre-release (alpha.N, beta.N, rc.N) nor a provider build")
        })?;
        Ok(KubeVersion { major: nums[0], minor: nums[1], patch, pre, provider_build })
    }

    pub fn major(&self) -> u64 {
        self.major
    }

    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch number; `None` for a minor-only version such as `1.28`.
    pub fn patch(&self) -> Option<u64> {
        self.patch
    }

    /// True for upstream pre-releases (`1.29.0-rc.1`), false for provider builds.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// True when only `MAJOR.MINOR` was given.
    pub fn is_minor_only(&self) -> bool {
        self.patch.is_none()
    }

    /// The provider's build suffix, if any (`eks-1-29-4`).
    pub fn provider_build(&self) -> Option<&str> {
        self.provider_build.as_deref()
    }

    /// `other`'s minor minus this one's, when both share a major version.
    /// Positive when `other` is newer.
    pub fn minors_to(&self, other: &KubeVersion) -> Option<i64> {
        (self.major == other.major).then(|| other.minor as i64 - self.minor as i64)
    }

    /// Same major and minor.
    pub fn same_minor(&self, other: &KubeVersion) -> bool {
        self.major == other.major && self.minor == other.minor
    }

    /// The `MAJOR.MINOR` this version belongs to.
    pub fn minor_version(&self) -> KubeVersion {
        KubeVersion {
            major: self.major,
            minor: self.minor,
            patch: None,
            pre: semver::Prerelease::EMPTY,
            provider_build: None,
        }
    }

    /// `MAJOR.MINOR+1.0`: the first release of the next minor.
    pub fn next_minor(&self) -> KubeVersion {
        KubeVersion::new(self.major, self.minor + 1, 0)
    }
}

fn parse_component(part: &str) -> Option<u64> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0')) {
        return None;
    }
    part.parse::<u64>().ok().filter(|n| *n <= MAX_COMPONENT)
}

/// Splits what follows the numbers into an upstream pre-release or a provider
/// build. Returns `None` when the suffix is malformed.
fn classify_suffix(suffix: &str) -> Option<(semver::Prerelease, Option<String>)> {
    if suffix.is_empty() {
        return Some((semver::Prerelease::EMPTY, None));
    }
    // A Tanzu Kubernetes release's name writes the `+` of its version as
    // `---` (a Kubernetes name can't hold `+`): `v1.25.7---vmware.3-fips.1-tkg.1`
    // is version `v1.25.7+vmware.3-fips.1-tkg.1`. It is read as the version.
    // <https://docs.vmware.com/en/VMware-vSphere/8.0/vsphere-with-tanzu-tkg/GUID-DC249425-2460-4432-A435-4BDFE1F4F5EA.html>
    if let Some(tkr) = suffix.strip_prefix("---") {
        return classify_suffix(&format!("+{tkr}")).filter(|(pre, _)| pre.is_empty());
    }
    let rest = &suffix[1..];
    // A suffix starts with a letter or digit: `1.30.9-+` is malformed.
    if !rest.starts_with(|c: char| c.is_ascii_alphanumeric())
        || rest.len() > 128
        || !rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.+_".contains(&b))
    {
        return None;
    }
    if suffix.starts_with('-') {
        // `alpha.1`, `beta.0`, `rc.2` (optionally followed by git build data).
        let pre_part = rest.split('+').next().unwrap_or(rest);
        let mut fields = pre_part.split('.');
        let tag = fields.next().unwrap_or("");
        let number = fields.next();
        let is_upstream = matches!(tag, "alpha" | "beta" | "rc")
            && fields.next().is_none()
            && number.is_none_or(|n| parse_component(n).is_some());
        if is_upstream {
            let pre = semver::Prerelease::new(pre_part).ok()?;
            let build = rest.find('+').map(|i| rest[i..].to_string());
            return Some((pre, build));
        }
    }
    // Build metadata (`+...`) keeps its `+`, so that it displays as given.
    let build = if suffix.starts_with('+') { suffix.to_string() } else { rest.to_string() };
    Some((semver::Prerelease::EMPTY, Some(build)))
}

impl PartialEq for KubeVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for KubeVersion {}

impl PartialOrd for KubeVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KubeVersion {
    /// Numeric order; a pre-release sorts before its release; a minor-only
    /// version sorts before every patch of that minor; provider builds are
    /// equal to their upstream version.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch)).then_with(|| {
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            }
        })
    }
}

impl std::hash::Hash for KubeVersion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.major, self.minor, self.patch, self.pre.as_str()).hash(state);
    }
}

impl fmt::Display for KubeVersion {
    /// `1.28.3`, `1.28`, `1.29.0-rc.1`; without the provider build (see
    /// [`KubeVersion::display_full`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(p) = self.patch {
            write!(f, ".{p}")?;
        }
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        Ok(())
    }
}

impl KubeVersion {
    /// The version as the provider printed it, without a leading `v`.
    pub fn display_full(&self) -> String {
        match &self.provider_build {
            Some(b) if b.starts_with('+') => format!("{self}{b}"),
            Some(b) if self.pre.is_empty() => format!("{self}-{b}"),
            Some(b) => format!("{self}{b}"),
            None => self.to_string(),
        }
    }
}

impl Serialize for KubeVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::str::FromStr for KubeVersion {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KubeVersion::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> KubeVersion {
        KubeVersion::parse(s).unwrap()
    }

    #[test]
    fn parses_every_form_in_the_fixtures() {
        // (input, precision, display, display_full, prerelease)
        let table: &[(&str, Precision, &str, &str, bool)] = &[
            ("1.28.3", Precision::Patch, "1.28.3", "1.28.3", false),
            ("v1.28.3", Precision::Patch, "1.28.3", "1.28.3", false),
            ("1.28", Precision::MinorAllowed, "1.28", "1.28", false),
            ("1.9.11", Precision::Patch, "1.9.11", "1.9.11", false),
            ("1.29.0-rc.1", Precision::Patch, "1.29.0-rc.1", "1.29.0-rc.1", true),
            ("v1.37.0-rc.1", Precision::Patch, "1.37.0-rc.1", "1.37.0-rc.1", true),
            ("v1.30.0-alpha.2", Precision::Patch, "1.30.0-alpha.2", "1.30.0-alpha.2", true),
            ("v1.29.0-eks-1-29-4", Precision::Patch, "1.29.0", "1.29.0-eks-1-29-4", false),
            ("v1.19.8-eks-1-19-4", Precision::Patch, "1.19.8", "1.19.8-eks-1-19-4", false),
            ("1.34.8-gke.1278000", Precision::Patch, "1.34.8", "1.34.8-gke.1278000", false),
            ("1.30.5-gke.1014001", Precision::Patch, "1.30.5", "1.30.5-gke.1014001", false),
            ("v1.10.7-gke.2", Precision::Patch, "1.10.7", "1.10.7-gke.2", false),
            ("v1.21.2-13+d2965f0db10712", Precision::Patch, "1.21.2", "1.21.2-13+d2965f0db10712", false),
            ("v1.31.13-eks-113cf36", Precision::Patch, "1.31.13", "1.31.13-eks-113cf36", false),
            ("v1.18.19", Precision::Patch, "1.18.19", "1.18.19", false),
            // Found by fuzzing: build metadata after `+` is not a pre-release.
            ("0.1.1+beta.1", Precision::Patch, "0.1.1", "0.1.1+beta.1", false),
            // Tanzu Kubernetes releases: the version, and the TKr name form.
            ("v1.26.5+vmware.2-fips.1-tkg.1", Precision::Patch, "1.26.5", "1.26.5+vmware.2-fips.1-tkg.1", false),
            ("v1.25.7---vmware.3-fips.1-tkg.1", Precision::Patch, "1.25.7", "1.25.7+vmware.3-fips.1-tkg.1", false),
            ("v1.30.4+rke2r1", Precision::Patch, "1.30.4", "1.30.4+rke2r1", false),
        ];
        for (text, precision, display, full, pre) in table {
            let parsed = KubeVersion::parse_with(text, *precision).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed.to_string(), *display, "{text}");
            assert_eq!(parsed.display_full(), *full, "{text}");
            assert_eq!(parsed.is_prerelease(), *pre, "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_version_with_exact_messages() {
        let table: &[(&str, Precision, &str)] = &[
            ("1.2x.3", Precision::Patch, "`1.2x.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
            ("1.28", Precision::Patch, "`1.28` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
            ("x.xx.xx", Precision::Patch, "`x.xx.xx` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
            ("", Precision::Patch, "`` is not a Kubernetes version: the value is empty; expected a version such as 1.28.3"),
            ("1.28.3.4", Precision::MinorAllowed, "`1.28.3.4` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3, or MAJOR.MINOR such as 1.28"),
            ("01.28.3", Precision::Patch, "`01.28.3` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
            ("1.28.3-", Precision::Patch, "`1.28.3-` is not a Kubernetes version: the part after the version number is neither a pre-release (alpha.N, beta.N, rc.N) nor a provider build"),
            ("1.30.9-+", Precision::Patch, "`1.30.9-+` is not a Kubernetes version: the part after the version number is neither a pre-release (alpha.N, beta.N, rc.N) nor a provider build"),
            ("1.28.3-a b", Precision::Patch, "`1.28.3-a b` is not a Kubernetes version: the part after the version number is neither a pre-release (alpha.N, beta.N, rc.N) nor a provider build"),
            ("<kubernetes-version>", Precision::Patch, "`<kubernetes-version>` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
            ("99999999999999999999.1.1", Precision::Patch, "`99999999999999999999.1.1` is not a Kubernetes version: expected MAJOR.MINOR.PATCH such as 1.28.3 (a leading v is allowed)"),
        ];
        for (text, precision, message) in table {
            let err = KubeVersion::parse_with(text, *precision).unwrap_err();
            assert_eq!(err.to_string(), *message);
        }
    }

    #[test]
    fn orders_numerically_not_as_strings() {
        assert!(v("1.9.11") < v("1.10.0"));
        assert!(v("1.28.10") > v("1.28.9"));
        assert!(v("1.29.0-rc.1") < v("1.29.0"));
        assert!(v("1.29.0-alpha.2") < v("1.29.0-beta.0"));
        assert!(v("1.28.15") < v("1.29.0-rc.1"));
        assert_eq!(v("v1.29.0-eks-1-29-4"), v("1.29.0"));
        let minor_only = KubeVersion::parse_with("1.28", Precision::MinorAllowed).unwrap();
        assert!(minor_only < v("1.28.0"));
        assert!(minor_only > v("1.27.99"));
    }

    #[test]
    fn minor_distance_and_helpers() {
        assert_eq!(v("1.26.6").minors_to(&v("1.29.4")), Some(3));
        assert_eq!(v("1.29.4").minors_to(&v("1.26.6")), Some(-3));
        assert_eq!(v("1.29.4").minors_to(&v("2.0.0")), None);
        assert!(v("1.29.4").same_minor(&v("1.29.0-rc.1")));
        assert_eq!(v("1.29.4").next_minor().to_string(), "1.30.0");
        assert_eq!(v("1.29.4").minor_version().to_string(), "1.29");
        assert_eq!(serde_json::to_string(&v("v1.29.0-eks-1-29-4")).unwrap(), "\"1.29.0\"");
    }
}
