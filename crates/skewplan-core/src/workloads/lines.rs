//! Where each document and each list item starts, so that every object keeps
//! its file line: YAML documents split at `---`, Helm's `# Source:` comments,
//! and the items of a `List` in JSON or YAML.

/// One YAML document of a multi-document text.
pub(super) struct Segment<'a> {
    pub text: &'a str,
    /// The 1-based line of the segment's first line in the whole text.
    pub first_line: usize,
    /// The Helm template it came from (`# Source: chart/templates/x.yaml`).
    pub template: Option<&'a str>,
}

/// Splits a YAML text at its `---` lines.
pub(super) fn yaml_segments(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut start = 0usize;
    let mut first_line = 1usize;
    let mut offset = 0usize;
    for (line_no, line) in (1usize..).zip(text.split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") {
            push(&mut segments, &text[start..offset], first_line);
            start = offset + line.len();
            first_line = line_no + 1;
        }
        offset += line.len();
    }
    push(&mut segments, &text[start..], first_line);
    segments
}

fn push<'a>(segments: &mut Vec<Segment<'a>>, text: &'a str, first_line: usize) {
    let template = text.lines().find_map(|l| l.trim_start().strip_prefix("# Source: ")).map(str::trim);
    let blank = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    });
    if !blank {
        segments.push(Segment { text, first_line, template });
    }
}

/// The 1-based lines (within `text`) where the items of a YAML `List`
/// start: the `- ` entries under the top-level `items:` key.
pub(super) fn yaml_item_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut in_items = false;
    let mut indent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("items:") {
            in_items = true;
            continue;
        }
        if !in_items || line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if lead == 0 && !line.starts_with('-') {
            break;
        }
        if line[lead..].starts_with("- ") || line[lead..].trim_end() == "-" {
            match indent {
                None => {
                    indent = Some(lead);
                    lines.push(i + 1);
                }
                Some(n) if n == lead => lines.push(i + 1),
                _ => {}
            }
        }
    }
    lines
}

/// The 1-based lines where each JSON value of `text` starts, and, for a
/// value that is an object with an `items` array (a `List`) or that is an
/// array, where each of its elements starts.
pub(super) fn json_lines(text: &str) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut tops = Vec::new();
    let mut items: Vec<Vec<usize>> = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    let mut key = String::new();
    let mut last_string = String::new();
    let mut items_depth: Option<usize> = None;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if depth == 1 {
                last_string.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                last_string.clear();
            }
            ':' if depth == 1 => key = std::mem::take(&mut last_string),
            '{' | '[' => {
                if depth == 0 {
                    tops.push(line);
                    items.push(Vec::new());
                    if c == '[' {
                        items_depth = Some(1);
                    }
                } else if depth == 1 && c == '[' && key == "items" {
                    items_depth = Some(2);
                } else if Some(depth) == items_depth {
                    if let Some(list) = items.last_mut() {
                        list.push(line);
                    }
                }
                depth += 1;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if items_depth == Some(depth + 1) && c == ']' {
                    items_depth = None;
                }
                if depth == 1 {
                    key.clear();
                }
            }
            _ => {}
        }
    }
    (tops, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_their_first_line_and_helm_source() {
        let text = "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: A\n---\n# Source: c/templates/empty.yaml\n---\nkind: B\n";
        let s = yaml_segments(text);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].first_line, s[0].template), (2, Some("c/templates/a.yaml")));
        assert_eq!((s[1].first_line, s[1].template), (8, None));
    }

    #[test]
    fn list_items_are_found_in_json_and_yaml() {
        let json =
            "{\n \"kind\": \"List\",\n \"items\": [\n  {\"a\": [1, {\"b\": 2}]},\n  {\n   \"c\": \"]\"\n  }\n ]\n}\n";
        assert_eq!(json_lines(json), (vec![1], vec![vec![4, 5]]));
        assert_eq!(json_lines("[{}, {}]\n{}").1, vec![vec![1, 1], vec![]]);
        let yaml = "apiVersion: v1\nitems:\n- apiVersion: a\n  list:\n  - x\n- apiVersion: b\nkind: List\n";
        assert_eq!(yaml_item_lines(yaml), vec![3, 6]);
    }
}
