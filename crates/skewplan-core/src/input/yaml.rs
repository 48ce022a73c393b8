//! YAML documents to JSON values. With the `yaml` feature (the default: the
//! CLI, the tests, the module package) the reader is linked in. The web page
//! links the core without it, to keep the first load small, and registers a
//! reader with [`set_reader`] that calls a second wasm module, built from
//! this same [`read`] and loaded only when a paste needs YAML.

use serde_json::Value;
use std::sync::OnceLock;

/// A YAML syntax error: the parser's message (with its position, which the
/// caller removes) and the 1-based line and column (0 when unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Why YAML text gave no documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// No reader is linked in or registered (yet).
    NotLoaded,
    Syntax(YamlError),
}

/// A YAML reader: the text's documents, empty documents left out.
pub type Reader = fn(&str) -> Result<Vec<Value>, Unread>;

static READER: OnceLock<Reader> = OnceLock::new();

/// Registers the reader the core uses when it is built without the `yaml`
/// feature. The first registration stays; returns whether this one did.
pub fn set_reader(reader: Reader) -> bool {
    READER.set(reader).is_ok()
}

/// The documents of `text`, with the linked-in reader, else the registered one.
pub(crate) fn documents(text: &str) -> Result<Vec<Value>, Unread> {
    #[cfg(feature = "yaml")]
    {
        read(text).map_err(Unread::Syntax)
    }
    #[cfg(not(feature = "yaml"))]
    {
        READER.get().map_or(Err(Unread::NotLoaded), |reader| reader(text))
    }
}

/// Reads every document of `text` with serde_yaml_ng (its alias-expansion
/// and nesting limits included); empty documents are left out.
#[cfg(feature = "yaml")]
pub fn read(text: &str) -> Result<Vec<Value>, YamlError> {
    use serde::Deserialize;
    let mut docs = Vec::new();
    for de in serde_yaml_ng::Deserializer::from_str(text) {
        match Value::deserialize(de) {
            Ok(Value::Null) => {}
            Ok(value) => docs.push(value),
            Err(e) => {
                let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
                return Err(YamlError { line, column, message: e.to_string() });
            }
        }
    }
    Ok(docs)
}
