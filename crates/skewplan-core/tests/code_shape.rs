//! The shape the code keeps (ARCHITECTURE.md): no source file over 400 lines
//! and no function over 80, in every crate's `src` and the web app.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 400;
const MAX_FUNCTION_LINES: usize = 80;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(first line, length, name)` of every function whose body closes at the
/// indentation it opened at (how rustfmt writes them).
fn functions(text: &str) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature = ["pub ", "pub(crate) ", "pub(super) ", "const ", "async "]
            .iter()
            .fold(trimmed, |t, prefix| t.strip_prefix(prefix).unwrap_or(t));
        let Some(rest) = signature.strip_prefix("fn ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let Some(open) =
            (i..lines.len()).find(|&j| lines[j].trim_end().ends_with('{') || lines[j].trim_end().ends_with(';'))
        else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue; // a declaration without a body
        }
        let close = format!("{}}}", " ".repeat(indent));
        if let Some(end) = (open + 1..lines.len()).find(|&j| lines[j].starts_with(&close)) {
            out.push((i + 1, end - i + 1, name));
        }
    }
    out
}

#[test]
fn files_and_functions_stay_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        sources(&krate.unwrap().path().join("src"), &mut files);
    }
    assert!(files.len() > 30, "found only {} source files under {}", files.len(), root.display());
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let shown = path.strip_prefix(&root).unwrap_or(path).display().to_string();
        let count = text.lines().count();
        if count > MAX_FILE_LINES {
            problems.push(format!("{shown}: {count} lines (at most {MAX_FILE_LINES})"));
        }
        for (line, length, name) in functions(&text) {
            if length > MAX_FUNCTION_LINES {
                problems.push(format!("{shown}:{line}: fn {name} is {length} lines (at most {MAX_FUNCTION_LINES})"));
            }
        }
    }
    assert!(problems.is_empty(), "split these:\n{}", problems.join("\n"));
}

#[test]
fn the_function_measure_sees_nested_and_multi_line_signatures() {
    let text = "fn a() {\n    x();\n}\n\nimpl T {\n    pub(crate) fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n    fn c();\n}\n";
    assert_eq!(functions(text), vec![(1, 3, "a".to_string()), (6, 5, "b".to_string())]);
}
