//! Which format a paste is: envelopes are unwrapped, Kubernetes objects are
//! read together, and every other document goes to the first reader that
//! recognises it; the documents' clusters and version lists are merged.

use super::cursor::At;
use super::error::{Diags, InputError, Syntax, Tried};
use super::text::Document;
use super::{aks, aks_engine, arm, eks_gke, kubernetes, terraform, Format, ParseOptions};
use crate::model::{Cluster, VersionList};
use serde_json::Value;

/// What detection found in the documents.
pub(crate) struct Content {
    pub format: Format,
    pub clusters: Vec<Cluster>,
    pub versions: Option<VersionList>,
}

impl Content {
    /// Clusters of `format`, with no version list.
    pub(super) fn clusters(format: Format, clusters: Vec<Cluster>) -> Self {
        Content { format, clusters, versions: None }
    }
}

/// A document after unwrapping REST example envelopes
/// (`responses.200.body`) and list envelopes (`{"value": [...]}`).
fn unwrap_envelope<'a>(doc: At<'a>) -> At<'a> {
    let mut cur = doc;
    if cur.has("responses") && cur.has("parameters") {
        if let Some(body) = cur.dig(&["responses", "200", "body"]) {
            cur = body;
        }
    }
    if cur.value.as_object().is_some_and(|o| o.len() <= 2 && o.contains_key("value")) {
        if let Some(v) = cur.get("value").filter(|v| v.value.is_array()) {
            cur = v;
        }
    }
    cur
}

/// An object with `apiVersion` and `kind`, or a node printed without them
/// (some dumps of a single node carry only `metadata`, `spec` and `status`).
fn is_kubernetes_object(v: &Value) -> bool {
    (v.get("apiVersion").is_some_and(Value::is_string) && v.get("kind").is_some_and(Value::is_string))
        || (v.get("metadata").is_some() && v.get("status").and_then(|s| s.get("nodeInfo")).is_some())
}

pub(crate) fn detect(
    syntax: Syntax,
    docs: &[Document],
    options: &ParseOptions,
    diags: &mut Diags,
) -> Result<Content, InputError> {
    let roots: Vec<At> = docs.iter().map(|d| unwrap_envelope(At::new(&d.value, d.root.clone()))).collect();

    // Kubernetes objects (Cluster API, node lists, Konvoy) are read together
    // across documents.
    if roots.iter().any(|r| is_kubernetes_object(r.value)) {
        return kubernetes::detect(&roots, options, diags);
    }

    let mut found: Vec<Content> = Vec::new();
    let mut arm_parameters: Vec<At> = Vec::new();
    let mut templates: Vec<At> = Vec::new();
    let mut tried: Vec<Tried> = Vec::new();
    for root in &roots {
        if arm::is_parameters_file(root) {
            arm_parameters.push(root.clone());
            continue;
        }
        if terraform::is_raw_state(root) {
            return Err(terraform::refuse_raw_state());
        }
        if terraform::is_terraform(root) {
            found.push(terraform::read(root, diags)?);
            continue;
        }
        if arm::is_template(root) {
            templates.push(root.clone());
            continue;
        }
        match classify(root, options, diags)? {
            Classified::Content(c) => found.push(c),
            Classified::Unknown(t) => tried = t,
        }
    }
    for t in &templates {
        found.push(arm::read(t, &arm_parameters, diags)?);
    }
    if found.is_empty() && !arm_parameters.is_empty() {
        return Err(InputError::NotACluster {
            what: "an ARM parameters file".into(),
            advice: "paste it together with the template it is for (both documents, one after the other), or paste the running cluster's `az aks show -o json` output.".into(),
        });
    }
    merge(syntax, found, tried)
}

/// Combines the documents of one paste: clusters from one source, plus any
/// version lists (an `az aks show` pasted with its `az aks get-upgrades`).
pub(super) fn merge(syntax: Syntax, found: Vec<Content>, tried: Vec<Tried>) -> Result<Content, InputError> {
    let mut format = None;
    let mut clusters = Vec::new();
    let mut versions: Option<VersionList> = None;
    let mut version_format = None;
    for c in found {
        if c.format.is_version_list() {
            version_format.get_or_insert(c.format);
        } else {
            format.get_or_insert(c.format);
        }
        clusters.extend(c.clusters);
        if let Some(v) = c.versions {
            match &mut versions {
                None => versions = Some(v),
                Some(all) => {
                    for o in v.versions {
                        all.offer(o.version, o.preview, o.lts_only);
                    }
                    all.current = all.current.take().or(v.current);
                    all.latest_node_image = all.latest_node_image.take().or(v.latest_node_image);
                    all.location = all.location.take().or(v.location);
                }
            }
        }
    }
    match format.or(version_format) {
        Some(format) => Ok(Content { format, clusters, versions }),
        None => Err(InputError::UnknownFormat { syntax, tried: if tried.is_empty() { all_tried() } else { tried } }),
    }
}

pub(crate) enum Classified {
    Content(Content),
    Unknown(Vec<Tried>),
}

fn all_tried() -> Vec<Tried> {
    vec![
        Tried { format: Format::AksCluster.title(), missing: "`kubernetesVersion` and `agentPoolProfiles`" },
        Tried {
            format: Format::AksNodePoolList.title(),
            missing: "pools with `name` and `orchestratorVersion` or `vmSize`",
        },
        Tried { format: Format::AksUpgradeProfile.title(), missing: "`controlPlaneProfile` or `upgrades`" },
        Tried { format: Format::AksVersions.title(), missing: "`values[].patchVersions` or `orchestrators`" },
        Tried { format: Format::AksEngineApimodel.title(), missing: "`properties.orchestratorProfile`" },
        Tried { format: Format::ArmTemplate.title(), missing: "`$schema` and `resources`" },
        Tried { format: Format::ClusterApi.title(), missing: "objects with `apiVersion` and `kind`" },
        Tried { format: Format::KubectlNodes.title(), missing: "`items` of kind Node" },
        Tried { format: Format::EksCluster.title(), missing: "`cluster.version` or `nodegroup`" },
        Tried { format: Format::GkeCluster.title(), missing: "`currentMasterVersion` or `nodePools`" },
        Tried {
            format: Format::TerraformPlan.title(),
            missing: "`format_version` with `resource_changes` or `values`",
        },
    ]
}

fn classify(root: &At, options: &ParseOptions, diags: &mut Diags) -> Result<Classified, InputError> {
    if let Some(c) = aks_engine::detect(root, diags)? {
        return Ok(Classified::Content(c));
    }
    if let Some(c) = aks::detect(root, options, diags) {
        return Ok(Classified::Content(c));
    }
    if let Some(c) = eks_gke::detect(root, options, diags)? {
        return Ok(Classified::Content(c));
    }
    Ok(Classified::Unknown(all_tried()))
}
