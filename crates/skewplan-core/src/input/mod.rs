//! Reading what users paste: the format is detected from content (never from
//! a file name) and every format becomes the same domain model.

mod aks;
mod aks_engine;
mod aks_pool;
mod aks_versions;
mod arm;
mod capi;
mod capi_managed;
mod capi_topology;
mod cursor;
mod detect;
mod eks_gke;
mod error;
mod format;
mod kubernetes;
mod noise;
mod secrets;
mod table;
mod table_az;
mod table_kinds;
mod table_nodes;
mod terraform;
mod terraform_resource;
mod text;
pub mod yaml;

pub use error::{Diagnostic, InputError, PasteProblem, Severity, Syntax, Tried};
pub use format::{Format, PASTE_HINT};
pub use text::MAX_INPUT_BYTES;

use crate::model::{Cluster, ControlPlane, VersionList};
use crate::path::FieldPath;
use crate::secret::Secrets;
use crate::version::KubeVersion;
use detect::Content;
use error::Diags;

/// Facts the user supplies that the input can't carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The control plane's version, for inputs that don't name it (a node
    /// list of a managed cluster, a node-pool list).
    pub control_plane_version: Option<KubeVersion>,
}

impl ParseOptions {
    /// The control plane of an input that does not name its version (a pool
    /// on its own): the version the user gave, or an error at `path` saying
    /// `what_to_paste` when none was given.
    pub(crate) fn control_plane(&self, path: &FieldPath, diags: &mut Diags, what_to_paste: &str) -> ControlPlane {
        let mut cp = ControlPlane::new(path.clone());
        cp.version = self.control_plane_version.clone();
        if cp.version.is_none() {
            diags.error(path, what_to_paste);
        }
        cp
    }
}

/// A readable input: what it is, the clusters and versions it describes,
/// and every problem found in its content.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// What the input was read as.
    pub format: Format,
    /// JSON, YAML or text.
    pub syntax: Syntax,
    /// Every cluster the input describes.
    pub clusters: Vec<Cluster>,
    /// Versions offered, when an upgrade profile or version list was pasted.
    pub versions: Option<VersionList>,
    /// Every problem found in the content, located.
    pub diagnostics: Vec<Diagnostic>,
    /// What the input could not show (a terminal table shows some fields
    /// only), stated with every plan.
    pub not_shown: Vec<String>,
    /// Secret values found in the input (never serialised).
    pub secrets: Secrets,
    /// The pasted text, for files that must reproduce the user's document
    /// (an updated aks-engine API model). Never serialised or printed.
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
    let secrets = text::read_documents(text).map(|(_, docs)| secrets::collect(&docs)).unwrap_or_default();
    crate::secret::redact_lines(&secrets.redact(text))
}

/// The text of raw bytes (a file): UTF-8 without a byte-order mark, or why not.
pub fn decode(bytes: &[u8]) -> Result<&str, InputError> {
    text::decode(bytes)
}

/// The JSON values of a text (JSON, or YAML with one or more documents),
/// with the same syntax errors as a cluster paste.
pub(crate) fn documents(text: &str) -> Result<Vec<serde_json::Value>, InputError> {
    text::read_documents(text).map(|(_, docs)| docs.into_iter().map(|d| d.value).collect())
}

/// Reads raw bytes (a dropped file): checks UTF-8 first.
pub fn parse_bytes(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, InputError> {
    parse_with(text::decode(bytes)?, options)
}

/// Reads a paste with facts the user supplied.
pub fn parse_with(text: &str, options: &ParseOptions) -> Result<Parsed, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: text.len(), limit: MAX_INPUT_BYTES });
    }
    let cleaned = noise::strip(text)?;
    let mut diags = Diags::default();
    let (syntax, content, secrets) = match table::read(&cleaned.text, options, &mut diags)? {
        Some(content) => (Syntax::Table, content, Secrets::default()),
        None => {
            let (syntax, docs) = text::read_documents(&cleaned.text)?;
            let secrets = secrets::collect(&docs);
            (syntax, detect::detect(syntax, &docs, options, &mut diags)?, secrets)
        }
    };
    noise::note(&cleaned.skipped, &mut diags);
    let not_shown = diags.not_shown;
    let mut diagnostics = diags.items;
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    Ok(Parsed {
        format: content.format,
        syntax,
        clusters: content.clusters,
        versions: content.versions,
        diagnostics,
        not_shown,
        secrets,
        raw: RawText(text.to_string()),
    })
}
