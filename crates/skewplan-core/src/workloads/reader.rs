//! One workload file's text to `Workloads`: the kind of text is told from
//! its content (the deprecated-API metric, the `kubectl get pdb` table,
//! JSON, or YAML with one or more documents).

use super::doc::Doc;
use super::lines::{json_lines, yaml_item_lines, yaml_segments};
use super::objects::collect;
use super::{tables, Place, WorkloadError, Workloads};
use crate::input::{documents, InputError};

/// Reads one file (`name` is how messages and findings name it).
pub fn read(name: &str, text: &str) -> Result<Workloads, WorkloadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut w = Workloads { files: vec![name.to_string()], ..Workloads::default() };
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(first) = first else {
        return Err(WorkloadError { file: name.into(), line: 1, message: "the file is empty".into() });
    };
    if tables::is_metrics(text) {
        tables::read_metrics(name, text, &mut w);
    } else if tables::is_budget_table(first) {
        tables::read_budget_table(name, text, &mut w)?;
    } else if first.starts_with('{') || first.starts_with('[') {
        read_json(name, text, &mut w)?;
    } else {
        read_yaml(name, text, &mut w)?;
    }
    Ok(w)
}

/// Reads several texts, named `workloads` (one) or `workloads-1`, `-2`, ...
/// (the page's and the JavaScript API's inputs); empty texts are left out.
pub fn read_all(texts: &[String]) -> Result<Workloads, WorkloadError> {
    let mut all = Workloads::default();
    let given: Vec<&String> = texts.iter().filter(|t| !t.trim().is_empty()).collect();
    for (i, text) in given.iter().enumerate() {
        let name = if given.len() == 1 { "workloads".to_string() } else { format!("workloads-{}", i + 1) };
        all.merge(read(&name, text)?);
    }
    Ok(all)
}

fn read_json(name: &str, text: &str, w: &mut Workloads) -> Result<(), WorkloadError> {
    let docs = documents(text).map_err(|e| error(name, 0, &e))?;
    let (tops, items) = json_lines(text);
    for (i, doc) in docs.iter().enumerate() {
        let at = Place { file: name.into(), line: tops.get(i).copied().unwrap_or(1), template: None };
        collect(Doc(doc), &at, items.get(i).map_or(&[], Vec::as_slice), w);
    }
    Ok(())
}

fn read_yaml(name: &str, text: &str, w: &mut Workloads) -> Result<(), WorkloadError> {
    for segment in yaml_segments(text) {
        let offset = segment.first_line - 1;
        let values = documents(segment.text).map_err(|e| error(name, offset, &e))?;
        // The document's own first line, past comments and blank lines.
        let lead = segment.text.lines().take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#')).count();
        let at = Place {
            file: name.into(),
            line: segment.first_line + lead,
            template: segment.template.map(str::to_string),
        };
        for value in &values {
            let doc = Doc(value);
            let item_lines: Vec<usize> = match doc.items() {
                Some(_) => yaml_item_lines(segment.text).into_iter().map(|l| l + offset).collect(),
                None => Vec::new(),
            };
            collect(doc, &at, &item_lines, w);
        }
    }
    Ok(())
}

/// A reading error at the whole file's line (`offset` lines before the
/// document).
fn error(name: &str, offset: usize, e: &InputError) -> WorkloadError {
    match e {
        InputError::Syntax { syntax, line, column, message, hint } => {
            let note = hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
            WorkloadError {
                file: name.into(),
                line: line + offset,
                message: format!("{syntax} syntax error at column {column}: {message}{note}"),
            }
        }
        InputError::Paste { problems, .. } => {
            let line = problems
                .iter()
                .map(|p| match p {
                    crate::input::PasteProblem::CommandLine { line, .. }
                    | crate::input::PasteProblem::Elided { line, .. } => *line,
                })
                .min()
                .unwrap_or(1);
            WorkloadError { file: name.into(), line: line + offset, message: e.to_string() }
        }
        other => WorkloadError { file: name.into(), line: offset + 1, message: other.to_string() },
    }
}
