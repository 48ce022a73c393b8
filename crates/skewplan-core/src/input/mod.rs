//! Reading what users paste: the format is detected from content (never from
//! a file name) and every format becomes the same domain model.

mod aks;
mod aks_engine;
mod arm;
mod capi;
mod cursor;
mod eks_gke;
mod error;
mod kubernetes;
mod text;

pub use error::{Diagnostic, InputError, PasteProblem, Severity, Syntax, Tried};
pub use text::MAX_INPUT_BYTES;

use crate::model::{Cluster, VersionList};
use crate::path::FieldPath;
use crate::secret::{is_secret_key, looks_like_key_material, Secrets};
use crate::version::KubeVersion;
use cursor::At;
use error::Diags;
use serde::Serialize;
use serde_json::Value;

/// The input formats Skewplan recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    AksCluster,
    AksClusterList,
    AksNodePool,
    AksNodePoolList,
    AksUpgradeProfile,
    AksNodePoolUpgradeProfile,
    AksNodePoolVersions,
    AksVersions,
    AksEngineApimodel,
    ArmTemplate,
    ClusterApi,
    KonvoyV1,
    KubectlNodes,
    EksCluster,
    EksNodegroup,
    GkeCluster,
    GkeNodePool,
}

impl Format {
    /// The stable id used in the plan JSON (`input.format`).
    pub fn id(self) -> &'static str {
        match self {
            Format::AksCluster => "aks-cluster",
            Format::AksClusterList => "aks-cluster-list",
            Format::AksNodePool => "aks-node-pool",
            Format::AksNodePoolList => "aks-node-pool-list",
            Format::AksUpgradeProfile => "aks-upgrade-profile",
            Format::AksNodePoolUpgradeProfile => "aks-node-pool-upgrade-profile",
            Format::AksNodePoolVersions => "aks-node-pool-versions",
            Format::AksVersions => "aks-versions",
            Format::AksEngineApimodel => "aks-engine-apimodel",
            Format::ArmTemplate => "arm-template",
            Format::ClusterApi => "cluster-api",
            Format::KonvoyV1 => "konvoy-v1",
            Format::KubectlNodes => "kubectl-nodes",
            Format::EksCluster => "eks-cluster",
            Format::EksNodegroup => "eks-nodegroup",
            Format::GkeCluster => "gke-cluster",
            Format::GkeNodePool => "gke-node-pool",
        }
    }

    /// What a user calls it.
    pub fn title(self) -> &'static str {
        match self {
            Format::AksCluster => "AKS managed cluster (az aks show)",
            Format::AksClusterList => "AKS managed cluster list (az aks list)",
            Format::AksNodePool => "AKS node pool (az aks nodepool show)",
            Format::AksNodePoolList => "AKS node pool list (az aks nodepool list)",
            Format::AksUpgradeProfile => "AKS upgrade profile (az aks get-upgrades)",
            Format::AksNodePoolUpgradeProfile => "AKS node pool upgrade profile (az aks nodepool get-upgrades)",
            Format::AksNodePoolVersions => "AKS node pool available versions",
            Format::AksVersions => "AKS version list (az aks get-versions)",
            Format::AksEngineApimodel => "aks-engine API model (apimodel.json)",
            Format::ArmTemplate => "ARM template",
            Format::ClusterApi => "Cluster API objects",
            Format::KonvoyV1 => "Konvoy v1 cluster.yaml",
            Format::KubectlNodes => "node list (kubectl get nodes -o json)",
            Format::EksCluster => "EKS cluster (aws eks describe-cluster)",
            Format::EksNodegroup => "EKS node group (aws eks describe-nodegroup)",
            Format::GkeCluster => "GKE cluster (gcloud container clusters describe)",
            Format::GkeNodePool => "GKE node pool (gcloud container node-pools describe)",
        }
    }

    /// True for formats that list versions rather than describe a cluster.
    pub fn is_version_list(self) -> bool {
        matches!(
            self,
            Format::AksUpgradeProfile
                | Format::AksNodePoolUpgradeProfile
                | Format::AksNodePoolVersions
                | Format::AksVersions
        )
    }
}

/// Facts the user supplies that the input can't carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The control plane's version, for inputs that don't name it (a node
    /// list of a managed cluster, a node-pool list).
    pub control_plane_version: Option<KubeVersion>,
}

/// A readable input: what it is, the clusters and versions it describes,
/// and every problem found in its content.
#[derive(Clone, Debug, Serialize)]
pub struct Parsed {
    pub format: Format,
    pub syntax: Syntax,
    pub clusters: Vec<Cluster>,
    /// Versions offered, when an upgrade profile or version list was pasted.
    pub versions: Option<VersionList>,
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values found in the input (never serialised).
    #[serde(skip)]
    pub secrets: Secrets,
    /// The pasted text, for files that must reproduce the user's document
    /// (an updated aks-engine API model). Never serialised or printed.
    #[serde(skip)]
    raw: RawText,
}

/// The pasted text; its `Debug` shows only its length.
#[derive(Clone, Default)]
struct RawText(String);

impl std::fmt::Debug for RawText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawText({} bytes)", self.0.len())
    }
}

impl Parsed {
    /// True when no content error stops planning.
    pub fn is_usable(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The text as pasted (it may hold secrets: only the user's own
    /// downloadable copy of their document is made from it).
    pub fn raw_text(&self) -> &str {
        &self.raw.0
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

/// Reads a paste.
pub fn parse(text: &str) -> Result<Parsed, InputError> {
    parse_with(text, &ParseOptions::default())
}

/// The text with every secret removed, for a share link: values the parser
/// recognised as secrets, then any line whose field name marks a secret
/// (so that a paste that does not parse is covered too).
pub fn redact_for_sharing(text: &str) -> String {
    // Secrets of any readable document count, even one of no known format.
    let mut secrets = Secrets::default();
    if let Ok((_, docs)) = text::read_documents(text) {
        for d in &docs {
            collect_secrets(&d.value, &d.root, &mut secrets, 0);
        }
    }
    crate::secret::redact_lines(&secrets.redact(text))
}

/// The text of raw bytes (a file): UTF-8 without a byte-order mark, or why not.
pub fn decode(bytes: &[u8]) -> Result<&str, InputError> {
    text::decode(bytes)
}

/// Reads raw bytes (a dropped file): checks UTF-8 first.
pub fn parse_bytes(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, InputError> {
    parse_with(text::decode(bytes)?, options)
}

/// Reads a paste with facts the user supplied.
pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Parsed, InputError> {
    let (syntax, docs) = text::read_documents(text)?;
    let mut secrets = Secrets::default();
    for d in &docs {
        collect_secrets(&d.value, &d.root, &mut secrets, 0);
    }
    let mut diags = Diags::default();
    let content = detect(syntax, &docs, options, &mut diags)?;
    let mut diagnostics = diags.items;
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    Ok(Parsed {
        format: content.format,
        syntax,
        clusters: content.clusters,
        versions: content.versions,
        diagnostics,
        secrets,
        raw: RawText(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
    })
}

/// What detection found in the documents.
pub(crate) struct Content {
    pub format: Format,
    pub clusters: Vec<Cluster>,
    pub versions: Option<VersionList>,
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

fn detect(
    syntax: Syntax,
    docs: &[text::Document],
    options: &ParseOptions,
    diags: &mut Diags,
) -> Result<Content, InputError> {
    let roots: Vec<At> = docs.iter().map(|d| unwrap_envelope(At::new(&d.value, d.root.clone()))).collect();

    // Kubernetes objects (Cluster API, node lists, Konvoy) are read together
    // across documents.
    if roots.iter().any(|r| is_kubernetes_object(r.value)) {
        return kubernetes::detect(syntax, &roots, options, diags);
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
fn merge(syntax: Syntax, found: Vec<Content>, tried: Vec<Tried>) -> Result<Content, InputError> {
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

/// Walks the whole input and records every secret value: fields whose name
/// marks a secret, PEM key material anywhere, and the data of Kubernetes
/// Secrets and kubeconfigs.
fn collect_secrets(v: &Value, path: &FieldPath, out: &mut Secrets, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(map) => {
            let is_k8s_secret = map.get("kind").and_then(Value::as_str) == Some("Secret");
            for (k, child) in map {
                let p = path.key(k);
                let secret_here = is_secret_key(k) || (is_k8s_secret && (k == "data" || k == "stringData"));
                if secret_here {
                    collect_all_strings(child, &p, out, depth + 1);
                } else {
                    collect_secrets(child, &p, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_secrets(child, &path.index(i), out, depth + 1);
            }
        }
        Value::String(s) if looks_like_key_material(s) => out.add(path.to_string(), s),
        _ => {}
    }
}

fn collect_all_strings(v: &Value, path: &FieldPath, out: &mut Secrets, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::String(s) => out.add(path.to_string(), s),
        Value::Object(map) => {
            for (k, child) in map {
                collect_all_strings(child, &path.key(k), out, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_all_strings(child, &path.index(i), out, depth + 1);
            }
        }
        _ => {}
    }
}
