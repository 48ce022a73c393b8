//! The AKS version data: the minors AKS offers on the data's date, how
//! (generally available, preview, or only with long-term support) and the
//! patch versions the sources name for them.
//!
//! - `as_of`: the older of the newest release notes and the calendar's date.
//! - Minors and support: the release calendar. The calendar gives months, so
//!   a phase starts on the first day of its month and a minor leaves standard
//!   support (or LTS) on the first day of its end-of-life month: on the data's
//!   date a minor whose end of life is that month counts as ended (AKS made
//!   1.33 LTS-only on 2026-07-17, in its end-of-life month).
//! - Patches: the eastus `kubernetesVersions` recording, plus every patch the
//!   release notes announce after it. The sources do not say which older
//!   patches AKS has withdrawn since the recording.

use super::text::{calendar_start, first_date, is_date, json_str, json_string_list, table_cells, versions_in, Version};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Inputs {
    pub(super) calendar: String,
    pub(super) release_notes: String,
    pub(super) recording: String,
    /// The day of the recording (`YYYY-MM-DD`).
    pub(super) recorded_on: String,
}

pub(super) struct Generated {
    pub(super) as_of: String,
    pub(super) text: String,
}

/// One minor's calendar cells, as written.
#[derive(Default, Clone)]
struct Calendar {
    preview: String,
    ga: String,
    end_of_life: String,
    lts_end_of_life: String,
}

impl Calendar {
    /// How AKS offers the minor on `day`, or `None` (not yet, or ended).
    fn support(&self, day: &str) -> Option<&'static str> {
        let starts = |cell: &str| calendar_start(cell);
        let reached = |cell: &str| starts(cell).is_some_and(|d| d.as_str() <= day);
        if !reached(&self.preview) && !reached(&self.ga) {
            None
        } else if !reached(&self.ga) {
            Some("preview")
        } else if !reached(&self.end_of_life) {
            Some("ga")
        } else if starts(&self.lts_end_of_life).is_some_and(|d| d.as_str() > day) {
            Some("lts-only")
        } else {
            None
        }
    }
}

/// The page's `ms.date: MM/DD/YYYY` as `YYYY-MM-DD`.
fn page_date(md: &str) -> Result<String, String> {
    let raw = md.lines().find_map(|l| l.strip_prefix("ms.date:")).ok_or("calendar: no ms.date")?.trim();
    let parts: Vec<&str> = raw.split('/').collect();
    let date = match parts.as_slice() {
        [m, d, y] => format!("{y}-{m}-{d}"),
        _ => String::new(),
    };
    if is_date(&date) {
        Ok(date)
    } else {
        Err(format!("calendar: ms.date `{raw}`"))
    }
}

/// Both calendar tables, merged by minor.
fn calendar(md: &str) -> Result<BTreeMap<u32, Calendar>, String> {
    let mut rows: BTreeMap<u32, Calendar> = BTreeMap::new();
    let mut header: Vec<String> = Vec::new();
    for cells in md.lines().filter_map(table_cells) {
        if cells.first().map(String::as_str) == Some("Kubernetes version") {
            header = cells;
            continue;
        }
        let Some(minor) = cells.first().and_then(|c| c.strip_prefix("1.")).and_then(|m| m.parse::<u32>().ok()) else {
            continue;
        };
        let row = rows.entry(minor).or_default();
        for (name, cell) in header.iter().zip(&cells) {
            let slot = match name.as_str() {
                "AKS preview" => &mut row.preview,
                "AKS GA" => &mut row.ga,
                "End of life" => &mut row.end_of_life,
                "LTS End of life" => &mut row.lts_end_of_life,
                _ => continue,
            };
            *slot = cell.clone();
        }
    }
    if rows.is_empty() {
        return Err("calendar: no table rows".into());
    }
    Ok(rows)
}

/// `(release date, patch)` for every patch the release notes announce.
fn announced(notes: &str) -> Result<Vec<(String, Version)>, String> {
    let mut date = None;
    let mut found = Vec::new();
    for line in notes.lines() {
        if line.starts_with("## Release") {
            date = Some(first_date(line).ok_or(format!("release notes: no date in `{line}`"))?);
            continue;
        }
        let lower = line.to_lowercase();
        if lower.contains("patch version") && lower.contains("available") {
            let day = date.clone().ok_or("release notes: a line before the first release heading")?;
            found.extend(versions_in(line).into_iter().map(|v| (day.clone(), v)));
        }
    }
    Ok(found)
}

/// Patch versions per minor in the `kubernetesVersions` recording.
fn recorded(json: &str) -> Result<Vec<Version>, String> {
    let doc: Value = serde_json::from_str(json).map_err(|e| format!("recording: {e}"))?;
    let values = doc["values"].as_array().ok_or("recording: no values")?;
    let names = values.iter().filter_map(|v| v["patchVersions"].as_object()).flat_map(|p| p.keys());
    Ok(names.flat_map(|n| versions_in(n)).collect())
}

fn minor_json(minor: u32, support: &str, cal: &Calendar, patches: &BTreeSet<u32>) -> String {
    let list: Vec<String> = patches.iter().map(|p| json_str(&format!("1.{minor}.{p}"))).collect();
    let fields = [
        format!("\"minor\": \"1.{minor}\""),
        format!("\"support\": {}", json_str(support)),
        format!("\"aks_preview\": {}", json_str(&cal.preview)),
        format!("\"aks_ga\": {}", json_str(&cal.ga)),
        format!("\"end_of_life\": {}", json_str(&cal.end_of_life)),
        format!("\"lts_end_of_life\": {}", json_str(&cal.lts_end_of_life)),
        format!("\"patches\": [{}]", list.join(", ")),
    ];
    format!("    {{\n      {}\n    }}", fields.join(",\n      "))
}

/// The AKS data file's text and date.
pub(super) fn generate(i: &Inputs, sources: &[String]) -> Result<Generated, String> {
    let calendar_date = page_date(&i.calendar)?;
    let notes = announced(&i.release_notes)?;
    let newest_notes = notes.iter().map(|(d, _)| d.clone()).max().ok_or("release notes: no patch announced")?;
    let as_of = newest_notes.min(calendar_date);
    let mut patches: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    let after_recording = notes.iter().filter(|(d, _)| *d > i.recorded_on && *d <= as_of).map(|(_, v)| *v);
    for (major, minor, patch) in recorded(&i.recording)?.into_iter().chain(after_recording) {
        if major == 1 {
            patches.entry(minor).or_default().insert(patch);
        }
    }
    let mut minors = Vec::new();
    for (minor, cal) in calendar(&i.calendar)? {
        let Some(support) = cal.support(&as_of) else { continue };
        let none = BTreeSet::new();
        minors.push(minor_json(minor, support, &cal, patches.get(&minor).unwrap_or(&none)));
    }
    let text = format!(
        "{{\n  \"as_of\": {},\n{},\n  \"minors\": [\n{}\n  ]\n}}\n",
        json_str(&as_of),
        json_string_list("sources", sources),
        minors.join(",\n")
    );
    Ok(Generated { as_of, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(preview: &str, ga: &str, eol: &str, lts: &str) -> Calendar {
        Calendar { preview: preview.into(), ga: ga.into(), end_of_life: eol.into(), lts_end_of_life: lts.into() }
    }

    #[test]
    fn support_follows_the_calendar_months() {
        let c = cal("Sep 2026", "Oct 2026", "Oct 2027", "Oct 2028");
        assert_eq!(c.support("2026-08-31"), None);
        assert_eq!(c.support("2026-09-01"), Some("preview"));
        assert_eq!(c.support("2026-10-01"), Some("ga"));
        assert_eq!(c.support("2027-10-01"), Some("lts-only"));
        assert_eq!(c.support("2028-10-01"), None);
        assert_eq!(cal("Jun 2024", "Jul 2024", "Aug 22, 2025", "").support("2025-08-22"), None);
    }
}
