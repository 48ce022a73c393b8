//! Where a value came from in the input: a field path such as
//! `agentPoolProfiles[2].orchestratorVersion`, optionally inside the N-th
//! document of a multi-document paste.

use serde::{Serialize, Serializer};
use std::fmt;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Segment {
    Key(String),
    Index(usize),
    /// A place in pasted text that is not a document (a terminal table):
    /// a 1-based line and column and what stands there (a column header).
    Place {
        line: usize,
        column: usize,
        label: String,
    },
}

/// One step of a path, pointing at its parent: extending a path is one
/// allocation and cloning one is a reference count, however deep the
/// document.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Node {
    parent: Option<Rc<Node>>,
    segment: Segment,
}

/// A path to a value inside the pasted input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FieldPath {
    /// Index of the document in a multi-document paste (YAML `---` or
    /// concatenated JSON); `None` for a single document.
    document: Option<usize>,
    last: Option<Rc<Node>>,
}

impl FieldPath {
    /// The root of a single document.
    pub fn root() -> Self {
        FieldPath::default()
    }

    /// The root of document `index` (0-based) of a multi-document paste.
    pub fn document(index: usize) -> Self {
        FieldPath { document: Some(index), last: None }
    }

    /// A place in pasted text that has no field paths (a table): line and
    /// column (1-based) and what stands there, such as the column's header.
    pub fn place(line: usize, column: usize, label: &str) -> Self {
        FieldPath::root().push(Segment::Place { line, column, label: label.to_string() })
    }

    fn push(&self, segment: Segment) -> Self {
        FieldPath { document: self.document, last: Some(Rc::new(Node { parent: self.last.clone(), segment })) }
    }

    /// This path with an object key appended.
    pub fn key(&self, key: &str) -> Self {
        self.push(Segment::Key(key.to_string()))
    }

    /// This path with an array index appended.
    pub fn index(&self, index: usize) -> Self {
        self.push(Segment::Index(index))
    }

    fn segments(&self) -> Vec<&Segment> {
        let mut out = Vec::new();
        let mut cur = self.last.as_deref();
        while let Some(n) = cur {
            out.push(&n.segment);
            cur = n.parent.as_deref();
        }
        out.reverse();
        out
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let segments = self.segments();
        if let Some(d) = self.document {
            write!(f, "document {}", d + 1)?;
            if !segments.is_empty() {
                f.write_str(": ")?;
            }
        } else if segments.is_empty() {
            return f.write_str("(top level)");
        }
        let mut first = true;
        for s in segments {
            match s {
                Segment::Key(k) => {
                    let plain = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "_-$@".contains(c));
                    if plain {
                        if !first {
                            f.write_str(".")?;
                        }
                        f.write_str(k)?;
                    } else {
                        write!(f, "[{k:?}]")?;
                    }
                }
                Segment::Index(i) => write!(f, "[{i}]")?,
                Segment::Place { line, column, label } if label.is_empty() => {
                    write!(f, "line {line}, column {column}")?
                }
                Segment::Place { line, column, label } => write!(f, "line {line}, column {column} ({label})")?,
            }
            first = false;
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_the_input_is_written() {
        let p = FieldPath::root().key("properties").key("agentPoolProfiles").index(2).key("orchestratorVersion");
        assert_eq!(p.to_string(), "properties.agentPoolProfiles[2].orchestratorVersion");
        let p = FieldPath::document(1).key("spec").key("template").key("spec").key("version");
        assert_eq!(p.to_string(), "document 2: spec.template.spec.version");
        let p = FieldPath::root().index(0).key("metadata").key("labels").key("kubernetes.azure.com/agentpool");
        assert_eq!(p.to_string(), "[0].metadata.labels[\"kubernetes.azure.com/agentpool\"]");
        assert_eq!(FieldPath::root().to_string(), "(top level)");
        assert_eq!(FieldPath::place(4, 21, "VERSION").to_string(), "line 4, column 21 (VERSION)");
        assert_eq!(FieldPath::place(2, 1, "").to_string(), "line 2, column 1");
    }
}
