//! Small text readers the generators share: the sources table, Markdown
//! table rows, versions in prose and the calendar's dates.

/// One row of `SOURCES.md`'s table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SourceRow {
    pub(super) file: String,
    pub(super) source: String,
    pub(super) commit: String,
    /// `YYYY-MM-DD`.
    pub(super) describes: String,
    pub(super) used_for: String,
}

impl SourceRow {
    /// The row as one line of a data file's `sources`.
    pub(super) fn describe(&self) -> String {
        let commit = if self.commit.len() >= 8 { format!(" @ {}", &self.commit[..8]) } else { String::new() };
        format!("{}{commit}, describes {}: {}", self.source, self.describes, self.used_for)
    }
}

/// The cells of a Markdown table row (`| a | b |`), trimmed, or `None` for
/// other lines and separator rows.
pub(super) fn table_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    (!cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))).then_some(cells)
}

/// The rows of `SOURCES.md`'s table (after its header row).
pub(super) fn source_rows(md: &str) -> Result<Vec<SourceRow>, String> {
    let mut rows = Vec::new();
    for cells in md.lines().filter_map(table_cells).skip(1) {
        let [file, source, commit, describes, used_for] =
            <[String; 5]>::try_from(cells).map_err(|c| format!("SOURCES.md: a row has {} cells, not 5", c.len()))?;
        if !is_date(&describes) {
            return Err(format!("SOURCES.md: `{describes}` is not a YYYY-MM-DD date"));
        }
        let unquote = |s: &str| s.trim_matches('`').to_string();
        rows.push(SourceRow { file: unquote(&file), source, commit: unquote(&commit), describes, used_for });
    }
    Ok(rows)
}

/// `YYYY-MM-DD`.
pub(super) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// `(major, minor, patch)`.
pub(super) type Version = (u32, u32, u32);

/// Every `MAJOR.MINOR.PATCH` in `text` that stands alone (not part of a
/// longer token such as `1.30.101-akslts` or a file name).
pub(super) fn versions_in(text: &str) -> Vec<Version> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < b.len() && (b[end].is_ascii_digit() || b[end] == b'.') {
            end += 1;
        }
        let token = &text[i..end];
        let standalone = end == b.len() || !(b[end].is_ascii_alphanumeric() || b[end] == b'-' || b[end] == b'_');
        let parts: Vec<&str> = token.split('.').collect();
        if standalone && parts.len() == 3 && parts.iter().all(|p| !p.is_empty()) {
            if let (Ok(a), Ok(m), Ok(p)) = (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
                found.push((a, m, p));
            }
        }
        i = end;
    }
    found
}

/// The first `YYYY-MM-DD` in `text`.
pub(super) fn first_date(text: &str) -> Option<String> {
    (0..text.len().saturating_sub(9))
        .filter(|&i| text.is_char_boundary(i) && text.is_char_boundary(i + 10))
        .map(|i| &text[i..i + 10])
        .find(|s| is_date(s))
        .map(str::to_string)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The day a calendar cell starts: `Mar 2026` is 2026-03-01 (the calendar
/// gives months), `Aug 22, 2025` is 2025-08-22. `None` for anything else.
pub(super) fn calendar_start(cell: &str) -> Option<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    let month = |w: &str| MONTHS.iter().position(|m| *m == w).map(|i| i + 1);
    let year = |w: &str| w.parse::<u32>().ok().filter(|y| (2000..3000).contains(y));
    match words.as_slice() {
        [m, y] => Some(format!("{:04}-{:02}-01", year(y)?, month(m)?)),
        [m, d, y] => {
            let day: u32 = d.trim_end_matches(',').parse().ok().filter(|d| (1..=31).contains(d))?;
            Some(format!("{:04}-{:02}-{day:02}", year(y)?, month(m)?))
        }
        _ => None,
    }
}

/// A JSON string literal.
pub(super) fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// `"key": [` + one string per line + `]`, indented for the data files.
pub(super) fn json_string_list(key: &str, items: &[String]) -> String {
    let lines: Vec<String> = items.iter().map(|i| format!("    {}", json_str(i))).collect();
    format!("  {}: [\n{}\n  ]", json_str(key), lines.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_in_prose_skip_longer_tokens() {
        let line = "* patch versions [1.35.4](https://x/CHANGELOG-1.35.md), `1.34.7`, 1.30.101-akslts and v1.2.3.4.";
        assert_eq!(versions_in(line), vec![(1, 35, 4), (1, 34, 7)]);
    }

    #[test]
    fn calendar_cells_give_their_first_day() {
        assert_eq!(calendar_start("Mar 2026").as_deref(), Some("2026-03-01"));
        assert_eq!(calendar_start("Nov 1, 2025").as_deref(), Some("2025-11-01"));
        assert_eq!(calendar_start("Until 1.36 GA"), None);
    }

    #[test]
    fn sources_table_rows_are_read_with_their_dates() {
        let md = "| file | source | commit | describes | used for |\n|---|---|---|---|---|\n| `a/b.json` | org/repo `p` | `0123456789ab` | 2026-01-02 | x |\n";
        let rows = source_rows(md).unwrap();
        assert_eq!(rows[0].file, "a/b.json");
        assert_eq!(rows[0].describe(), "org/repo `p` @ 01234567, describes 2026-01-02: x");
        assert!(source_rows(&md.replace("2026-01-02", "soon")).is_err());
    }
}
