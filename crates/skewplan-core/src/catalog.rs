//! The versions Skewplan knows without being told: every Kubernetes minor
//! with its newest patch and end of life, and the versions AKS offers. Each
//! file is dated by its sources, not by the build (`data/README.md`;
//! `cargo xtask refresh-data` writes them from `data/sources/`). A pasted
//! version list replaces them.

use crate::model::VersionList;
use crate::version::KubeVersion;
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

const RELEASES: &str = include_str!("../data/kubernetes-releases.json");
const AKS_VERSIONS: &str = include_str!("../data/aks-versions-2026-07-17.json");

/// Embedded version data more than this many days older than the request's
/// `today` is stale: a plan made from it says so (`plan.version-data-stale`).
pub const STALE_AFTER_DAYS: i64 = 90;

/// A calendar day, written `YYYY-MM-DD` (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The day, when it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (a clock's reading, for front ends).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// How many days `self` is after `earlier` (negative when before).
    pub fn days_after(self, earlier: Date) -> i64 {
        self.days_since_epoch() - earlier.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `YYYY-MM-DD`, such as `2026-12-01`.
impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        let t = s.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let shaped = t.len() == 10
            && matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        let date = match parts.as_slice() {
            [y, m, d] if shaped => y.parse().ok().zip(m.parse().ok()).zip(d.parse().ok()),
            _ => None,
        };
        date.and_then(|((y, m), d)| Date::new(y, m, d))
            .ok_or_else(|| format!("`{t}` is not a date: use YYYY-MM-DD such as 2026-12-01"))
    }
}

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
    /// The day up to which the catalog is complete.
    pub as_of: Date,
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

fn embedded_date(text: &str) -> Date {
    text.parse().expect("embedded as_of is a date")
}

/// Reads embedded JSON data. The data is checked by this crate's tests, so a
/// failure here is a build defect, not a user error.
fn embedded_json<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("embedded {name} is invalid: {e}"))
}

impl Catalog {
    /// The embedded catalog of upstream releases.
    pub fn embedded() -> Catalog {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(|| Catalog::from_raw(embedded_json("kubernetes-releases.json", RELEASES))).clone()
    }

    fn from_raw(raw: RawCatalog) -> Catalog {
        let minors = raw
            .minors
            .into_iter()
            .map(|m| MinorRelease {
                minor: KubeVersion::parse_with(&m.minor, crate::Precision::MinorAllowed).expect("catalog minor"),
                newest_patch: KubeVersion::parse(&m.newest_patch).expect("catalog patch"),
                end_of_life: m.end_of_life,
            })
            .collect();
        Catalog { as_of: embedded_date(&raw.as_of), minors }
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

/// The versions AKS offers, as the embedded AKS data describes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AksVersions {
    /// The day the data describes.
    pub as_of: Date,
    pub list: VersionList,
}

#[derive(Deserialize)]
struct RawAks {
    as_of: String,
    minors: Vec<RawAksMinor>,
}

#[derive(Deserialize)]
struct RawAksMinor {
    /// `ga`, `preview` or `lts-only`.
    support: String,
    patches: Vec<String>,
}

impl AksVersions {
    /// The embedded AKS data.
    pub fn embedded() -> AksVersions {
        static AKS: std::sync::OnceLock<AksVersions> = std::sync::OnceLock::new();
        AKS.get_or_init(|| AksVersions::from_raw(embedded_json("AKS version data", AKS_VERSIONS))).clone()
    }

    fn from_raw(raw: RawAks) -> AksVersions {
        let mut list = VersionList::default();
        for m in raw.minors {
            let (preview, lts_only) = match m.support.as_str() {
                "ga" => (false, false),
                "preview" => (true, false),
                "lts-only" => (false, true),
                other => panic!("embedded AKS data: unknown support `{other}`"),
            };
            for p in &m.patches {
                list.offer(KubeVersion::parse(p).expect("AKS patch"), preview, lts_only);
            }
        }
        AksVersions { as_of: embedded_date(&raw.as_of), list }
    }
}

/// The embedded AKS version list.
pub fn aks_default_versions() -> VersionList {
    AksVersions::embedded().list
}

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
            assert!(m.end_of_life.parse::<Date>().is_ok(), "{}", m.minor);
        }
        assert_eq!(c.newest().unwrap().to_string(), "1.37.1");
        assert_eq!(c.as_of.to_string(), "2026-08-20");
    }

    #[test]
    fn aks_list_has_the_calendar_minors_of_its_date() {
        let aks = AksVersions::embedded();
        assert_eq!(aks.as_of.to_string(), "2026-07-17");
        let usable = |lts: bool| {
            aks.list.versions.iter().filter(move |o| !o.preview && (lts || !o.lts_only)).map(|o| o.version.to_string())
        };
        assert_eq!(usable(false).next_back().as_deref(), Some("1.36.2"));
        assert_eq!(usable(false).next().as_deref(), Some("1.34.0"), "1.33 and older are LTS-only");
        assert_eq!(usable(true).next().as_deref(), Some("1.31.1"), "1.30 left LTS in July 2026");
        assert!(aks.list.versions.iter().all(|o| !o.preview), "1.37's preview starts in September");
    }

    #[test]
    fn dates_parse_strictly_and_count_days() {
        let d = |s: &str| s.parse::<Date>();
        assert_eq!(d("2026-12-01").unwrap().to_string(), "2026-12-01");
        assert_eq!(d(" 2024-02-29 ").unwrap().to_string(), "2024-02-29");
        for bad in ["2026-02-29", "2026-13-01", "2026-12-1", "26-12-01", "2026/12/01", "today", "", "2026-1a-01"] {
            assert_eq!(
                d(bad).unwrap_err(),
                format!("`{}` is not a date: use YYYY-MM-DD such as 2026-12-01", bad.trim())
            );
        }
        assert_eq!(d("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(d("2026-12-01").unwrap().days_after(d("2026-07-17").unwrap()), 137);
        assert_eq!(d("2025-03-01").unwrap().days_after(d("2024-02-28").unwrap()), 367);
        for days in [-800_000, -1, 0, 59, 20_788, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(20_788).to_string(), "2026-12-01");
    }
}
