//! What can be wrong with a paste, in words a tired on-call engineer can act
//! on: where (line and column, or field path), what was found, what to do.

use crate::path::FieldPath;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Json,
    Yaml,
    /// A table a terminal printed (`kubectl get nodes`, `az … -o table`).
    Table,
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Json => "JSON",
            Syntax::Yaml => "YAML",
            Syntax::Table => "table",
        })
    }
}

/// A sign that the text was copied from documentation or a terminal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PasteProblem {
    /// The shell command was pasted along with its output.
    CommandLine { line: usize, command: String },
    /// `...`, `…` or `[...]` stands where content was left out.
    Elided { line: usize, column: usize },
}

/// A format that was tried, and why it did not fit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tried {
    pub format: &'static str,
    pub missing: &'static str,
}

/// Why a paste could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum InputError {
    #[error(
        "The input is empty: paste the JSON or YAML your cluster tool printed, for example the output of `az aks show -g RG -n NAME -o json`."
    )]
    Empty,
    #[error(
        "The input is not UTF-8 text: invalid byte at offset {offset} (line {line}, column {column}). Save the tool's output as UTF-8 and paste it again."
    )]
    NotUtf8 { offset: usize, line: usize, column: usize },
    #[error("The input is {bytes} bytes, more than the {limit} bytes Skewplan reads: paste one cluster's output.")]
    TooLarge { bytes: usize, limit: usize },
    #[error("{}", syntax_message(*syntax, *line, *column, message, hint.as_deref()))]
    Syntax { syntax: Syntax, line: usize, column: usize, message: String, hint: Option<String> },
    #[error("{}", paste_message(*syntax, problems))]
    Paste { syntax: Syntax, problems: Vec<PasteProblem> },
    #[error("{}", unknown_message(*syntax, tried))]
    UnknownFormat { syntax: Syntax, tried: Vec<Tried> },
    #[error("This is {what}, which describes no cluster to plan: {advice}")]
    NotACluster { what: String, advice: String },
    /// The web page loads its YAML reader on first need; until it is there
    /// (or when it can't be fetched) YAML can't be read.
    #[error(
        "The YAML reader is not loaded yet: the page fetches it from its own site the first time a paste is YAML. Try again in a moment, or paste the tool's JSON output (`-o json`)."
    )]
    YamlNotLoaded,
}

fn syntax_message(syntax: Syntax, line: usize, column: usize, message: &str, hint: Option<&str>) -> String {
    let place = if line == 0 {
        format!("{syntax} error")
    } else {
        format!("{syntax} syntax error at line {line}, column {column}")
    };
    let note = hint.map(|h| format!(" Note: {h}.")).unwrap_or_default();
    format!("{place}: {message}.{note}")
}

fn paste_message(syntax: Syntax, problems: &[PasteProblem]) -> String {
    let mut parts = Vec::new();
    let mut elided = Vec::new();
    for p in problems {
        match p {
            PasteProblem::CommandLine { line, command } => {
                parts.push(format!("line {line} is the command line `{command}`, not its output"))
            }
            PasteProblem::Elided { line, column } => elided.push(format!("line {line}, column {column}")),
        }
    }
    if !elided.is_empty() {
        let shown = elided.len().min(5);
        let more = if elided.len() > shown { format!(" and {} more", elided.len() - shown) } else { String::new() };
        parts.push(format!(
            "`...` stands for left-out content at {}{more}, so the {syntax} is incomplete",
            elided[..shown].join("; ")
        ));
    }
    format!(
        "This looks copied from documentation or a terminal rather than the tool's output: {}. Run the command and paste its complete output.",
        parts.join("; ")
    )
}

fn unknown_message(syntax: Syntax, tried: &[Tried]) -> String {
    let list: Vec<String> = tried.iter().map(|t| format!("{} (needs {})", t.format, t.missing)).collect();
    format!("The input is valid {syntax} but matches no format Skewplan reads. Tried: {}.", list.join("; "))
}

pub use crate::severity::Severity;

/// A problem with the content of a readable input, at a field path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: FieldPath,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.severity, self.path, self.message)
    }
}

/// Collects diagnostics while a document is read.
#[derive(Default, Debug)]
pub(crate) struct Diags {
    pub items: Vec<Diagnostic>,
    /// What the input could not show and the plan had to take as given or
    /// leave out (a table's missing columns); every output states it.
    pub not_shown: Vec<String>,
}

impl Diags {
    pub(super) fn error(&mut self, path: &FieldPath, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    pub(super) fn warn(&mut self, path: &FieldPath, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    pub(super) fn info(&mut self, path: &FieldPath, message: impl Into<String>) {
        self.push(Severity::Info, path, message.into());
    }

    fn push(&mut self, severity: Severity, path: &FieldPath, message: String) {
        const LIMIT: usize = 200;
        if self.items.len() < LIMIT {
            self.items.push(Diagnostic { severity, path: path.clone(), message });
        } else if self.items.len() == LIMIT {
            self.items.push(Diagnostic {
                severity: Severity::Warning,
                path: FieldPath::root(),
                message: "more problems were found and not listed".into(),
            });
        }
    }
}
