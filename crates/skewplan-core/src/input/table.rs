//! Tables a terminal printed: `kubectl get nodes [-o wide] [--show-labels]
//! [-L …]` and `az aks show|list|nodepool list|get-upgrades -o table`.
//! Columns are found from the header (both tools align every cell under its
//! header: kubectl through a tabwriter, az through knack's table output). A
//! table is turned into the JSON its `-o json` counterpart would hold for the
//! columns shown, read by that format's own reader, and every diagnostic is
//! moved back to the line and column of the cell it came from.

use super::error::{Diags, InputError, Syntax};
use super::table_kinds::{classify, Kind};
use super::{detect, table_az, table_nodes, Content, ParseOptions};
use crate::model::Cluster;
use crate::path::FieldPath;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A column: its header and the 0-based character where its cells start.
pub(crate) struct Column {
    pub name: String,
    pub start: usize,
}

/// A row: its 1-based line, and each cell's text and 1-based column.
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<(String, usize)>,
}

pub(crate) struct Table {
    pub kind: Kind,
    pub header_line: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The cell under `header` in `row` (trimmed; `None` when the table has
    /// no such column), and where it is.
    pub(crate) fn cell<'r>(&self, row: &'r Row, header: &str) -> Option<(&'r str, FieldPath)> {
        let j = self.columns.iter().position(|c| c.name == header)?;
        let (text, column) = &row.cells[j];
        Some((text.as_str(), FieldPath::place(row.line, *column, header)))
    }

    pub(crate) fn has(&self, header: &str) -> bool {
        self.columns.iter().any(|c| c.name == header)
    }

    /// Where the header is, for notes about the whole table.
    pub(crate) fn place(&self) -> FieldPath {
        FieldPath::place(self.header_line, 1, "")
    }
}

/// Reads the paste as tables, or `None` when its first line is no table
/// header Skewplan knows (it is then read as JSON or YAML).
pub(crate) fn read(text: &str, options: &ParseOptions, diags: &mut Diags) -> Result<Option<Content>, InputError> {
    // Most pastes are JSON or YAML: look at the first line before splitting all.
    let Some(first) = text.lines().position(|l| !l.trim().is_empty()) else { return Ok(None) };
    if text.lines().nth(first).and_then(classify).is_none() {
        return Ok(None);
    }
    let lines: Vec<&str> = text.lines().collect();
    let tables = sections(&lines, first)?;
    let mut found = Vec::new();
    let nodes: Vec<&Table> = tables.iter().filter(|t| t.kind == Kind::KubectlNodes).collect();
    if !nodes.is_empty() {
        found.push(table_nodes::read(&nodes, options, diags));
    }
    found.extend(table_az::read(&tables, options, diags));
    detect::merge(Syntax::Table, found, Vec::new()).map(Some)
}

/// Splits the lines into tables: a header, az's line of dashes, then rows
/// up to a blank line or the next header.
fn sections(lines: &[&str], first: usize) -> Result<Vec<Table>, InputError> {
    let mut tables: Vec<Table> = Vec::new();
    let mut i = first;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        let Some(kind) = classify(line) else {
            return Err(located(
                i + 1,
                1,
                "this line is neither a row of the table above nor the header of a table Skewplan reads",
                None,
            ));
        };
        if let Kind::Refused { what, advice } = kind {
            let advice = format!("{advice} {}.", super::table_kinds::readable());
            return Err(InputError::NotACluster { what: format!("{what} (the table at line {})", i + 1), advice });
        }
        let header_line = i + 1;
        let mut columns = header_columns(line);
        i += 1;
        if let Some(dashes) = lines.get(i).filter(|l| is_rule(l)) {
            columns = rule_columns(dashes, &columns);
            i += 1;
        }
        let mut table = Table { kind, header_line, columns, rows: Vec::new() };
        while let Some(row) = lines.get(i).filter(|l| !l.trim().is_empty() && classify(l).is_none()) {
            table.rows.push(Row { line: i + 1, cells: split_row(row, &table.columns, i + 1)? });
            i += 1;
        }
        if table.rows.is_empty() {
            let hint = "the table has a header and no rows: the command matched nothing, or the paste was cut off";
            return Err(located(table.header_line, 1, "no rows under the header", Some(hint)));
        }
        tables.push(table);
    }
    Ok(tables)
}

pub(crate) fn located(line: usize, column: usize, message: &str, hint: Option<&str>) -> InputError {
    InputError::Syntax {
        syntax: Syntax::Table,
        line,
        column,
        message: message.to_string(),
        hint: hint.map(str::to_string),
    }
}

/// The header's words and where each starts.
fn header_columns(line: &str) -> Vec<Column> {
    let mut columns = Vec::new();
    let mut prev_space = true;
    for (i, c) in line.chars().enumerate() {
        if !c.is_whitespace() && prev_space {
            columns.push(Column { name: String::new(), start: i });
        }
        if !c.is_whitespace() {
            if let Some(col) = columns.last_mut() {
                col.name.push(c);
            }
        }
        prev_space = c.is_whitespace();
    }
    columns
}

/// az's rule under the header: dashes and spaces only.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("--") && t.chars().all(|c| c == '-' || c == ' ')
}

/// Column starts from az's rule (one run of dashes per column), when it has
/// one run per header word.
fn rule_columns(rule: &str, header: &[Column]) -> Vec<Column> {
    let runs = header_columns(rule);
    if runs.len() != header.len() {
        return header.iter().map(|c| Column { name: c.name.clone(), start: c.start }).collect();
    }
    header.iter().zip(runs).map(|(h, r)| Column { name: h.name.clone(), start: r.start }).collect()
}

/// The cells of a row: cut at the columns' starts when every cell lines up
/// under its header, else split at runs of two or more spaces (or tabs) when
/// that gives one cell per column.
fn split_row(line: &str, columns: &[Column], number: usize) -> Result<Vec<(String, usize)>, InputError> {
    let chars: Vec<char> = line.chars().collect();
    let mut cells = Vec::new();
    let mut misaligned = None;
    for (j, col) in columns.iter().enumerate() {
        let end = columns.get(j + 1).map_or(chars.len(), |c| c.start).min(chars.len());
        if col.start >= chars.len() {
            cells.push((String::new(), col.start + 1));
            continue;
        }
        if col.start > 0 && !chars[col.start - 1].is_whitespace() {
            misaligned = Some(col.start + 1);
            break;
        }
        cells.push((chars[col.start..end].iter().collect::<String>().trim().to_string(), col.start + 1));
    }
    let Some(column) = misaligned else { return Ok(cells) };
    let gaps = split_at_gaps(&chars);
    if gaps.len() == columns.len() {
        return Ok(gaps);
    }
    Err(located(
        number,
        column,
        &format!("the row does not line up with the header's {} columns", columns.len()),
        Some("paste the table as the terminal printed it, with its spacing"),
    ))
}

fn split_at_gaps(chars: &[char]) -> Vec<(String, usize)> {
    let mut cells: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && !(chars[i] == '\t' || chars[i] == ' ' && chars.get(i + 1).is_some_and(|c| c.is_whitespace()))
        {
            i += 1;
        }
        cells.push((chars[start..i].iter().collect::<String>().trim().to_string(), start + 1));
    }
    cells
}

/// The JSON a table stands for, and where each value of it came from.
#[derive(Default)]
pub(crate) struct Synth {
    places: HashMap<FieldPath, FieldPath>,
}

impl Synth {
    /// Sets `keys` under `object` (creating objects on the way) to `value`
    /// when it is some, and records that the path from `root` came from
    /// `place` either way (so that "missing" is reported at the cell).
    pub(crate) fn put(
        &mut self,
        object: &mut Map<String, Value>,
        root: &FieldPath,
        keys: &[&str],
        value: Option<Value>,
        place: &FieldPath,
    ) {
        let path = keys.iter().fold(root.clone(), |p, k| p.key(k));
        self.places.insert(path, place.clone());
        let Some(value) = value else { return };
        let Some((last, parents)) = keys.split_last() else { return };
        let mut cur = object;
        for k in parents {
            let entry = cur.entry((*k).to_string()).or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(next) = entry else { return };
            cur = next;
        }
        cur.insert((*last).to_string(), value);
    }

    /// Records that `path` stands for `place`.
    pub(crate) fn at(&mut self, path: FieldPath, place: FieldPath) {
        self.places.insert(path, place);
    }

    fn moved(&self, path: &mut FieldPath) {
        if let Some(p) = self.places.get(path) {
            *path = p.clone();
        }
    }

    /// Moves the diagnostics found while reading the JSON back to the
    /// table's cells.
    pub(crate) fn relocate_diagnostics(&self, scratch: Diags, diags: &mut Diags) {
        for mut d in scratch.items {
            self.moved(&mut d.path);
            diags.items.push(d);
        }
        diags.not_shown.extend(scratch.not_shown);
    }

    /// Moves the sources of clusters read from the JSON back to the table.
    pub(crate) fn relocate_clusters(&self, clusters: &mut [Cluster]) {
        for c in clusters {
            self.moved(&mut c.source);
            self.moved(&mut c.control_plane.source);
            for p in &mut c.pools {
                self.moved(&mut p.source);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_under_their_headers() {
        let header = header_columns("NAME     STATUS   OS-IMAGE             VERSION");
        let row = split_row("node-1   Ready    Ubuntu 22.04.4 LTS   v1.29.4", &header, 2).unwrap();
        let texts: Vec<&str> = row.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["node-1", "Ready", "Ubuntu 22.04.4 LTS", "v1.29.4"]);
        assert_eq!(row[3].1, 40);
    }

    #[test]
    fn a_row_that_does_not_line_up_is_split_at_wide_gaps_or_located() {
        let header = header_columns("NAME     STATUS   VERSION");
        let row = split_row("node-1  Ready  v1.29.4", &header, 2).unwrap();
        assert_eq!(row.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["node-1", "Ready", "v1.29.4"]);
        let err = split_row("node-1 Ready v1.29.4 x", &header, 7).err().unwrap();
        assert_eq!(
            err.to_string(),
            "table syntax error at line 7, column 10: the row does not line up with the header's 3 columns. Note: paste the table as the terminal printed it, with its spacing."
        );
    }
}
