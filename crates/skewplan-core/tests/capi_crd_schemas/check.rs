//! Checks each recorded kubectl call against the CRDs.

use crate::calls::{flag, positional};
use crate::conditions;
use crate::crd::{self, Seg, Served};
use serde_json::Value;
use std::path::Path;

/// What the plans reach that no skeleton here describes, each with why:
/// counted and reported as unchecked, not failed. An entry is a resource as
/// kubectl takes it (its calls), or `Kind PATH` (the paths under PATH of
/// that kind).
pub(crate) const UNCHECKED: &[(&str, &str)] = &[
    (
        "AzureASOManagedControlPlane .spec.resources[]",
        "embedded Azure Service Operator resources: CAPZ's schema keeps their unknown fields \
         (x-kubernetes-preserve-unknown-fields), their own schema is ASO's CRD (see the managedclustersagentpool entry)",
    ),
    (
        "AzureASOManagedMachinePool .spec.resources[]",
        "embedded Azure Service Operator resources: CAPZ's schema keeps their unknown fields \
         (x-kubernetes-preserve-unknown-fields), their own schema is ASO's CRD (see the managedclustersagentpool entry)",
    ),
    (
        "managedclustersagentpool.containerservice.azure.com",
        "Azure Service Operator's CRD could not be obtained: CAPZ v1.26.0 installs ASO v2.18.0 from its release asset \
     (config/aso/kustomization.yaml: azureserviceoperator_v2.18.0.yaml), which is not in a repository, and ASO's \
     repository snapshot is larger than the look-up tool brings",
    ),
];

#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) calls: usize,
    pub(crate) patches: usize,
    pub(crate) waits: usize,
    pub(crate) conditions: usize,
    pub(crate) reads: usize,
    /// Field paths × the schema versions each was checked in.
    pub(crate) paths: usize,
}

pub(crate) struct Checker<'a> {
    crds: &'a [(Served, Vec<String>)],
    pub(crate) counts: Counts,
    pub(crate) failures: Vec<String>,
    /// Field paths checked, per `file kind version`.
    pub(crate) used: std::collections::BTreeMap<String, usize>,
    /// Calls on each [`UNCHECKED`] resource.
    pub(crate) unchecked: std::collections::BTreeMap<&'static str, usize>,
}

fn is_version(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('v') else { return false };
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    digits.len() < rest.len()
        && (digits.is_empty()
            || ["alpha", "beta"].iter().any(|t| {
                digits.strip_prefix(t).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            }))
}

impl<'a> Checker<'a> {
    pub(crate) fn new(crds: &'a [(Served, Vec<String>)]) -> Self {
        Checker {
            crds,
            counts: Counts::default(),
            failures: Vec::new(),
            used: Default::default(),
            unchecked: Default::default(),
        }
    }

    /// The schema versions a resource argument reaches: `kind.version.group`
    /// that version, `kind.group` every version served.
    fn reached(&self, resource: &str) -> Result<Vec<&'a Served>, String> {
        let (name, rest) = resource.split_once('.').ok_or_else(|| format!("{resource}: no group"))?;
        let (version, group) = match rest.split_once('.') {
            Some((v, g)) if is_version(v) => (Some(v), g),
            _ => (None, rest),
        };
        let found: Vec<&Served> = self
            .crds
            .iter()
            .filter(|(s, aliases)| s.group == group && aliases.iter().any(|a| a == name))
            .filter(|(s, _)| version.is_none_or(|v| s.version == v))
            .map(|(s, _)| s)
            .collect();
        if found.is_empty() {
            return Err(format!("no vendored CRD serves {resource}"));
        }
        Ok(found)
    }

    /// The failures without their case, each once, with how many cases
    /// had it and the first of them.
    pub(crate) fn distinct(&self) -> Vec<String> {
        let mut seen: std::collections::BTreeMap<String, (usize, String)> = Default::default();
        for f in &self.failures {
            let (case, msg) = f.split_once(": ").unwrap_or(("", f));
            // Names differ between inputs; the message without them.
            let e = seen.entry(msg.to_string()).or_insert((0, case.to_string()));
            e.0 += 1;
        }
        seen.into_iter().map(|(msg, (n, case))| format!("{n}x (first {case}): {msg}")).collect()
    }

    fn fail(&mut self, case: &str, msg: String) {
        self.failures.push(format!("{case}: {msg}"));
    }

    /// Checks `path` in every reached schema; `value` (for a patch) must fit.
    fn path(&mut self, case: &str, what: &str, reached: &[&Served], path: &[Seg], value: Option<&Value>) {
        for s in reached {
            // Reached, even when none of its paths is checked (listed then
            // with 0 paths).
            let used = self.used.entry(format!("{} {} {}", s.file, s.kind, s.version)).or_default();
            let shown = crd::show(path);
            let embedded = UNCHECKED.iter().find(|(key, _)| {
                key.split_once(' ').is_some_and(|(kind, under)| kind == s.kind && shown.starts_with(under))
            });
            if let Some((key, _)) = embedded {
                *self.unchecked.entry(key).or_default() += 1;
                continue;
            }
            *used += 1;
            self.counts.paths += 1;
            let at = format!("{what} on {} {}/{} ({})", s.kind, s.group, s.version, s.file);
            match crd::lookup(&s.schema, path) {
                Ok(node) => {
                    if let Some(v) = value {
                        if let Err(e) = crd::value_fits(node, v) {
                            self.fail(case, format!("{at}: {}: {e}", crd::show(path)));
                        }
                    }
                }
                Err(e) => self.fail(case, format!("{at}: {e}")),
            }
        }
    }

    fn jsonpath(&mut self, case: &str, what: &str, reached: &[&Served], expr: &str) {
        self.counts.reads += 1;
        match crd::jsonpath(expr) {
            Ok(path) => self.path(case, what, reached, &path, None),
            Err(e) => self.fail(case, format!("{what}: {e}")),
        }
    }

    fn body(&mut self, case: &str, what: &str, reached: &[&Served], text: &str) {
        self.counts.patches += 1;
        let body: Value = match serde_yaml_ng::from_str(text) {
            Ok(b) => b,
            Err(e) => return self.fail(case, format!("{what}: not YAML: {e}")),
        };
        for s in reached {
            let want = format!("{}/{}", s.group, s.version);
            if let Some(api) = body.get("apiVersion").filter(|a| **a != Value::String(want.clone())) {
                self.fail(case, format!("{what}: apiVersion {api} where the command reaches {want} ({})", s.file));
            }
            if let Some(kind) = body.get("kind").filter(|k| **k != Value::String(s.kind.clone())) {
                self.fail(case, format!("{what}: kind {kind} on a {}", s.kind));
            }
        }
        for (path, value) in crd::patch_paths(&body) {
            if matches!(path.as_slice(), [Seg::Key(k)] if k == "apiVersion" || k == "kind") {
                continue;
            }
            self.path(case, what, reached, &path, Some(&value));
        }
    }

    fn condition(&mut self, case: &str, what: &str, reached: &[&Served], cond: &str) {
        self.counts.conditions += 1;
        let ty = cond.split('=').next().unwrap_or_default();
        let path = [Seg::Key("status".into()), Seg::Key("conditions".into()), Seg::Item, Seg::Key("type".into())];
        self.path(case, what, reached, &path, None);
        for s in reached {
            match conditions::of(&s.kind, &s.version) {
                Some(types) if types.contains(&ty) => {}
                Some(_) => self.fail(
                    case,
                    format!("{what}: a {} {} has no condition {ty} in status.conditions", s.kind, s.version),
                ),
                None => self.fail(case, format!("{what}: no condition table for {} {}", s.kind, s.version)),
            }
        }
    }

    /// Checks one script's kubectl calls; patch files are read from `dir`.
    pub(crate) fn calls(&mut self, case: &str, dir: &Path, calls: &[Vec<String>]) {
        // The object a `kubectl get -o yaml` put into a pipeline.
        let mut piped: Option<Vec<&'a Served>> = None;
        for args in calls {
            self.counts.calls += 1;
            let pos = positional(args);
            let line = args.join(" ");
            let local = args.iter().any(|a| a == "--local" || a == "--local=true");
            let reached = match (pos.first().copied(), pos.get(1), local) {
                (Some("patch"), _, true) => match &piped {
                    Some(r) => r.clone(),
                    None => {
                        self.fail(case, format!("`kubectl {line}`: a local patch of nothing read before"));
                        continue;
                    }
                },
                (Some("get" | "wait" | "patch"), Some(res), _) if UNCHECKED.iter().any(|(r, _)| r == res) => {
                    let (r, _) = UNCHECKED.iter().find(|(r, _)| r == res).unwrap();
                    *self.unchecked.entry(r).or_default() += 1;
                    continue;
                }
                (Some("get" | "wait" | "patch"), Some(res), _) if !res.contains(',') => match self.reached(res) {
                    Ok(r) => r,
                    Err(e) => {
                        self.fail(case, format!("`kubectl {line}`: {e}"));
                        continue;
                    }
                },
                _ => continue,
            };
            let what = format!("`kubectl {line}`");
            match pos[0] {
                "get" => {
                    if let Some(expr) = flag(args, "--output").or_else(|| flag(args, "-o")) {
                        if let Some(e) = expr.strip_prefix("jsonpath=") {
                            self.jsonpath(case, &what, &reached, e);
                        } else if expr == "yaml" {
                            piped = Some(reached.clone());
                        }
                    }
                }
                "wait" => {
                    self.counts.waits += 1;
                    match flag(args, "--for") {
                        Some(f) if f.starts_with("jsonpath=") => {
                            let e = &f["jsonpath=".len()..];
                            let end = e.find('}').map_or(e.len(), |i| i + 1);
                            self.jsonpath(case, &what, &reached, &e[..end]);
                        }
                        Some(f) if f.starts_with("condition=") => {
                            self.condition(case, &what, &reached, &f["condition=".len()..]);
                        }
                        other => self.fail(case, format!("{what}: a wait for {other:?}")),
                    }
                }
                _ => {
                    let text = match (flag(args, "--patch-file"), flag(args, "--patch").or_else(|| flag(args, "-p"))) {
                        (Some(f), _) => {
                            std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{case}: {what}: {f}: {e}"))
                        }
                        (None, Some(p)) => p.to_string(),
                        (None, None) => {
                            self.fail(case, format!("{what}: a patch without a body"));
                            continue;
                        }
                    };
                    self.body(case, &what, &reached, &text);
                }
            }
        }
    }
}
