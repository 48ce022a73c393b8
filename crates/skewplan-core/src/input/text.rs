//! From pasted text to JSON values: JSON (one value or several concatenated)
//! or YAML (one or more documents), with syntax errors that name the line and
//! column, and recognisable paste mistakes (elided `...`) explained. Terminal noise
//! (command lines, prompts, stderr messages) is removed before, in `noise`.

use super::error::{InputError, PasteProblem, Syntax};
use crate::path::FieldPath;
use serde_json::Value;

/// One parsed document and the root of its field paths.
pub(crate) struct Document {
    pub value: Value,
    pub root: FieldPath,
}

/// Largest input accepted, in bytes. Real cluster outputs are far smaller;
/// this keeps a runaway paste from freezing the page.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Reads raw bytes: checks UTF-8 (naming the byte offset when invalid) and
/// removes a byte-order mark.
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, InputError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let offset = e.valid_up_to();
            let before = &bytes[..offset];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            Err(InputError::NotUtf8 { offset, line, column })
        }
    }
}

pub(crate) fn read_documents(text: &str) -> Result<(Syntax, Vec<Document>), InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes: text.len(), limit: MAX_INPUT_BYTES });
    }
    let first = text.trim_start().chars().next();
    let Some(first) = first else {
        return Err(InputError::Empty);
    };
    let syntax = if first == '{' || first == '[' { Syntax::Json } else { Syntax::Yaml };
    let result = match syntax {
        Syntax::Json => read_json(text),
        Syntax::Yaml | Syntax::Table => read_yaml(text),
    };
    match result {
        Ok(docs) if docs.is_empty() => Err(InputError::Empty),
        Ok(docs) => Ok((syntax, docs)),
        // Only a paste that does not parse is searched for elisions.
        Err(err) => {
            let problems = elisions(text);
            if problems.is_empty() {
                Err(err)
            } else {
                Err(InputError::Paste { syntax, problems })
            }
        }
    }
}

fn read_json(text: &str) -> Result<Vec<Document>, InputError> {
    let mut docs = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    loop {
        match stream.next() {
            None => break,
            Some(Ok(value)) => docs.push(value),
            Some(Err(e)) => {
                let after_value = !docs.is_empty();
                let cut_off = e.is_eof().then(|| {
                    "the text ends before the JSON does: the paste looks cut off; copy the whole output".to_string()
                });
                return Err(InputError::Syntax {
                    syntax: Syntax::Json,
                    line: e.line(),
                    column: e.column(),
                    message: without_position(e.to_string(), Syntax::Json),
                    hint: cut_off.or_else(|| {
                        after_value.then(|| {
                            "one complete JSON value ends before this point: the text looks cut out of a larger \
                             document; paste one whole document"
                                .to_string()
                        })
                    }),
                });
            }
        }
    }
    Ok(number_documents(docs))
}

/// A parser's message without the position it appends (" at line L column
/// C"), which is reported separately. serde_json ends its message with the
/// position; a YAML message may name a second position after the first,
/// and the description is what stands before the first.
fn without_position(message: String, syntax: Syntax) -> String {
    let end = match syntax {
        Syntax::Json => message.rfind(" at line "),
        Syntax::Yaml | Syntax::Table => message.find(" at line "),
    };
    match end {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn read_yaml(text: &str) -> Result<Vec<Document>, InputError> {
    match super::yaml::documents(text) {
        Ok(values) => Ok(number_documents(values)),
        Err(super::yaml::Unread::NotLoaded) => Err(InputError::YamlNotLoaded),
        Err(super::yaml::Unread::Syntax(e)) => {
            let message = without_position(e.message, Syntax::Yaml);
            let hint = if message.contains("repetition limit") || message.contains("recursion limit") {
                Some(
                    "the document expands or nests beyond what any cluster description needs (YAML alias \
                     expansion or nesting limit); it was not read further"
                        .to_string(),
                )
            } else {
                None
            };
            Err(InputError::Syntax { syntax: Syntax::Yaml, line: e.line, column: e.column, message, hint })
        }
    }
}

fn number_documents(values: Vec<Value>) -> Vec<Document> {
    let many = values.len() > 1;
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| Document { value, root: if many { FieldPath::document(i) } else { FieldPath::root() } })
        .collect()
}

/// `...` / `[...]` elisions: content left out of a paste from documentation.
/// Lines and columns are 1-based.
fn elisions(text: &str) -> Vec<PasteProblem> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| elision_column(line).map(|column| PasteProblem::Elided { line: i + 1, column }))
        .collect()
}

/// The 1-based column of `...`, `…` or `[...]` outside a quoted string.
fn elision_column(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = line.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if *c == '\\' {
                escaped = true;
            } else if *c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '…' => return Some(i + 1),
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                // A YAML document end marker is `...` alone at column 1.
                if i == 0 && line.trim_end() == "..." {
                    return None;
                }
                return Some(i + 1);
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_are_found_outside_strings_only() {
        assert_eq!(elision_column("  ...,"), Some(3));
        assert_eq!(elision_column("[...]"), Some(2));
        assert_eq!(elision_column("  \"id\": \"a...b\","), None);
        assert_eq!(elision_column("..."), None);
        assert_eq!(elision_column("  \"x\": 1 …"), Some(10));
    }
}
