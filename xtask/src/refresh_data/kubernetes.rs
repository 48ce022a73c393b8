//! The Kubernetes release catalog: every minor from 1.19 with its newest
//! patch and end of life.
//!
//! - Newest patch: the highest of `eol.yaml`'s final patch, the newest
//!   release tag in the release data and the kubernetes.io page's "Latest
//!   patch release".
//! - End of life: `eol.yaml` (the official record of ended lines), else the
//!   kubernetes.io page, else endoflife.date.
//! - `as_of`: the catalog is complete up to the day that every line still
//!   supported on the newest date any source describes is known for. A line is
//!   known up to the newest date of the sources that list its patches (the
//!   release data: its newest tag; a release page: its latest patch's date).

use super::text::{first_date, json_str, json_string_list, versions_in};
use std::collections::BTreeMap;

/// The oldest minor in the catalog (the first with a year of patch support).
const FIRST_MINOR: u32 = 19;

pub(super) struct Inputs {
    pub(super) eol_yaml: String,
    pub(super) release_data: String,
    pub(super) endoflife_md: String,
    pub(super) release_pages: String,
}

#[derive(Default)]
struct Line {
    newest_patch: Option<u32>,
    /// End of life from eol.yaml, the release page and endoflife.date.
    eol: [Option<String>; 3],
    known_through: Option<String>,
}

impl Line {
    fn patch(&mut self, p: u32) {
        self.newest_patch = self.newest_patch.max(Some(p));
    }

    fn known(&mut self, date: &str) {
        self.known_through = self.known_through.clone().max(Some(date.to_string()));
    }

    fn end_of_life(&self) -> Option<&String> {
        self.eol.iter().flatten().next()
    }
}

/// `1.22` → 22.
fn minor_of(s: &str) -> Option<u32> {
    s.trim().strip_prefix("1.")?.parse().ok()
}

fn from_eol_yaml(text: &str, lines: &mut BTreeMap<u32, Line>) -> Result<(), String> {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| format!("eol.yaml: {e}"))?;
    let branches = doc["branches"].as_sequence().ok_or("eol.yaml: no branches")?;
    // A line can have several entries (patches after the end of life): the
    // one with the highest final patch holds the date that counts.
    let mut best: BTreeMap<u32, u32> = BTreeMap::new();
    for b in branches {
        let (Some(m), Some(fin), Some(date)) =
            (b["release"].as_str().and_then(minor_of), b["finalPatchRelease"].as_str(), b["endOfLifeDate"].as_str())
        else {
            return Err(format!("eol.yaml: an entry lacks release, finalPatchRelease or endOfLifeDate: {b:?}"));
        };
        let &[(1, fm, p)] = versions_in(fin).as_slice() else { return Err(format!("eol.yaml: `{fin}`")) };
        if fm != m {
            return Err(format!("eol.yaml: {fin} is not in 1.{m}"));
        }
        let line = lines.entry(m).or_default();
        line.patch(p);
        if best.get(&m).is_none_or(|&b| p > b) {
            best.insert(m, p);
            line.eol[0] = Some(date.to_string());
        }
    }
    Ok(())
}

fn from_release_data(text: &str, lines: &mut BTreeMap<u32, Line>) -> Result<(), String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("release data: {e}"))?;
    let versions = doc["versions"].as_object().ok_or("release data: no versions")?;
    let newest_date = versions.values().filter_map(|v| v["date"].as_str()).max().ok_or("release data: no dates")?;
    for name in versions.keys() {
        if let &[(1, m, p)] = versions_in(name).as_slice() {
            let line = lines.entry(m).or_default();
            line.patch(p);
            line.known(newest_date);
        }
    }
    Ok(())
}

/// The text after the first line that is `label` (or starts `- label`).
fn after<'a>(page: &'a str, label: &str) -> Option<&'a str> {
    let at = page.find(label)?;
    Some(&page[at + label.len()..])
}

fn from_release_pages(text: &str, lines: &mut BTreeMap<u32, Line>) -> Result<(), String> {
    for page in text.split("==> ").filter(|p| !p.trim().is_empty()) {
        let title = after(page, "Kubernetes 1.").ok_or("release page: no `Kubernetes 1.NN` title")?;
        let m: u32 = title
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .map_err(|_| "release page: title")?;
        let latest = after(page, "Latest patch release").ok_or("release page: no latest patch release")?;
        let &[(1, pm, p), ..] = versions_in(latest).as_slice() else {
            return Err(format!("release page 1.{m}: latest patch"));
        };
        let released = first_date(latest).ok_or(format!("release page 1.{m}: no release date"))?;
        let eol =
            after(page, "End Of Life Date").and_then(first_date).ok_or(format!("release page 1.{m}: end of life"))?;
        if pm != m {
            return Err(format!("release page 1.{m}: latest patch 1.{pm}.{p}"));
        }
        let line = lines.entry(m).or_default();
        line.patch(p);
        line.known(&released);
        line.eol[1] = Some(eol);
    }
    Ok(())
}

fn from_endoflife_md(text: &str, lines: &mut BTreeMap<u32, Line>) -> Result<(), String> {
    let front = text.split("---").nth(1).ok_or("endoflife.date: no front matter")?;
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(front).map_err(|e| format!("endoflife.date: {e}"))?;
    for r in doc["releases"].as_sequence().ok_or("endoflife.date: no releases")? {
        let m = r["releaseCycle"].as_str().and_then(minor_of).ok_or("endoflife.date: releaseCycle")?;
        let eol = r["eol"].as_str().filter(|d| super::text::is_date(d)).ok_or(format!("endoflife.date 1.{m}: eol"))?;
        if let Some(line) = lines.get_mut(&m) {
            line.eol[2] = Some(eol.to_string());
        }
    }
    Ok(())
}

/// `as_of`: the oldest "known through" date of the lines still supported on
/// the newest date any source describes.
fn as_of(lines: &BTreeMap<u32, Line>) -> Result<String, String> {
    let newest = lines.values().filter_map(|l| l.known_through.clone()).max().ok_or("no dated source")?;
    lines
        .values()
        .filter(|l| l.end_of_life().is_some_and(|e| *e >= newest))
        .map(|l| l.known_through.clone().unwrap_or_default())
        .min()
        .ok_or_else(|| "no line is supported on the sources' newest date".to_string())
}

/// The text of `kubernetes-releases.json`.
pub(super) fn generate(i: &Inputs, sources: &[String]) -> Result<String, String> {
    let mut lines = BTreeMap::new();
    from_eol_yaml(&i.eol_yaml, &mut lines)?;
    from_release_data(&i.release_data, &mut lines)?;
    from_release_pages(&i.release_pages, &mut lines)?;
    from_endoflife_md(&i.endoflife_md, &mut lines)?;
    lines.retain(|m, _| *m >= FIRST_MINOR);
    let as_of = as_of(&lines)?;
    let mut rows = Vec::new();
    for (m, line) in &lines {
        let patch = line.newest_patch.ok_or(format!("1.{m}: no patch"))?;
        let eol = line.end_of_life().ok_or(format!("1.{m}: no end of life"))?;
        rows.push(format!(
            "    {{\"minor\": \"1.{m}\", \"newest_patch\": \"1.{m}.{patch}\", \"end_of_life\": {}}}",
            json_str(eol)
        ));
    }
    if lines.keys().copied().ne(FIRST_MINOR..FIRST_MINOR + lines.len() as u32) {
        return Err("the catalog's minors are not consecutive".into());
    }
    Ok(format!(
        "{{\n  \"as_of\": {},\n{},\n  \"minors\": [\n{}\n  ]\n}}\n",
        json_str(&as_of),
        json_string_list("sources", sources),
        rows.join(",\n")
    ))
}
