//! What a terminal adds around a tool's output: the command line and its
//! prompt (`$ az aks show …`, `PS C:\> …`, `user@host:~$ kubectl …`), a bare
//! prompt after the output, and the messages az and kubectl print to stderr
//! (`WARNING:`, `ERROR:`, `Warning:`, klog lines). They are skipped, line
//! numbers kept (a skipped line becomes empty), and each is noted.

use super::error::{Diags, InputError};
use crate::path::FieldPath;
use crate::text::truncate;

/// Tools whose command lines are recognised after a plain `$ `, `# `, `% `
/// or `> ` prompt, or with no prompt at all.
const TOOLS: &[&str] = &[
    "az",
    "az.cmd",
    "kubectl",
    "kubectl.exe",
    "k",
    "oc",
    "aks-engine",
    "aws",
    "gcloud",
    "clusterctl",
    "konvoy",
    "eksctl",
    "terraform",
    "helm",
    "sudo",
];

/// A skipped line and what it was.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Skipped {
    pub line: usize,
    pub kind: Kind,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(crate) enum Kind {
    Command,
    Prompt,
    Message,
}

/// The text with terminal noise blanked out, and what was skipped.
pub(crate) struct Cleaned {
    pub text: String,
    pub skipped: Vec<Skipped>,
}

/// Blanks the noise: at the start of the paste and after each command line
/// (a session of several commands), prompts, command lines and stderr
/// messages; anywhere, a command line after a prompt; at the end, bare
/// prompts. A paste that holds nothing else is refused with what it held.
pub(crate) fn strip(text: &str) -> Result<Cleaned, InputError> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut skipped = Vec::new();
    let mut in_noise = true;
    for (i, line) in lines.iter_mut().enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let kind = if in_noise { noise_kind(content, true) } else { noise_kind(content, false) };
        match kind {
            Some(kind) => {
                skipped.push(Skipped { line: i + 1, kind, text: truncate(content.trim(), 100) });
                in_noise = true;
                *line = ending(line);
            }
            None if content.trim().is_empty() => {}
            None => in_noise = false,
        }
    }
    // Bare prompts after the output (the terminal waiting for the next command).
    for (i, line) in lines.iter_mut().enumerate().rev() {
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        if skipped.iter().any(|s| s.line == i + 1) {
            continue;
        }
        match prompt(content) {
            Some("") => {
                skipped.push(Skipped { line: i + 1, kind: Kind::Prompt, text: truncate(content, 100) });
                *line = ending(line);
            }
            _ => break,
        }
    }
    skipped.sort_by_key(|s| s.line);
    let text: String = lines.concat();
    if !skipped.is_empty() && text.trim().is_empty() {
        return Err(only_noise(&skipped));
    }
    Ok(Cleaned { text, skipped })
}

/// The line ending of a line (kept so that line numbers stay right).
fn ending(line: &str) -> &'static str {
    if line.ends_with("\r\n") {
        "\r\n"
    } else if line.ends_with('\n') {
        "\n"
    } else {
        ""
    }
}

fn only_noise(skipped: &[Skipped]) -> InputError {
    if let Some(error) = skipped.iter().find(|s| s.kind == Kind::Message && is_error_message(&s.text)) {
        return InputError::NotACluster {
            what: format!("an error message (line {}: `{}`)", error.line, error.text),
            advice: "the command failed and printed no output; fix what the message says, run it again and paste what it prints.".into(),
        };
    }
    let what = match skipped.iter().find(|s| s.kind == Kind::Command) {
        Some(c) => format!("only the command line `{}` (line {})", c.text, c.line),
        None => "only a terminal prompt".into(),
    };
    InputError::NotACluster {
        what,
        advice: "paste what the command printed, for example `az aks show -g RG -n NAME -o json`.".into(),
    }
}

fn is_error_message(text: &str) -> bool {
    ["ERROR:", "error:", "Error from server"].iter().any(|p| text.starts_with(p))
        || (is_klog(text) && text.starts_with('E'))
}

/// Notes what was skipped, at the line it was on.
pub(crate) fn note(skipped: &[Skipped], diags: &mut Diags) {
    for s in skipped {
        let what = match s.kind {
            Kind::Command => "the command line",
            Kind::Prompt => "a terminal prompt",
            Kind::Message => "a message the tool printed besides its output",
        };
        diags.info(&FieldPath::place(s.line, 1, ""), format!("skipped {what}: `{}`", s.text));
    }
}

/// What a line of noise is. `at_start`: the line is in a run of noise (the
/// start of the paste, or after a command line), where stderr messages and a
/// command line without a prompt are expected.
fn noise_kind(line: &str, at_start: bool) -> Option<Kind> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(rest) = prompt(t) {
        return Some(if rest.is_empty() { Kind::Prompt } else { Kind::Command });
    }
    if !at_start {
        return None;
    }
    if is_message(t) {
        return Some(Kind::Message);
    }
    let mut words = t.split_whitespace();
    let tool = words.next()?;
    (TOOLS.contains(&tool) && words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')))
        .then_some(Kind::Command)
}

/// az's `WARNING:`/`ERROR:`, kubectl's `Warning:`/`error:`, and klog lines
/// (`W1201 10:00:00.000000 …`, `E1201 …`).
fn is_message(t: &str) -> bool {
    ["WARNING:", "ERROR:", "Warning:", "error:", "Error from server"].iter().any(|p| t.starts_with(p)) || is_klog(t)
}

fn is_klog(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() > 14
        && matches!(b[0], b'I' | b'W' | b'E' | b'F')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && b[6..8].iter().all(u8::is_ascii_digit)
        && b[8] == b':'
}

/// After a shell prompt, the command typed (empty for a bare prompt).
fn prompt(t: &str) -> Option<&str> {
    for p in ["$", "#", "%", ">", "❯", "PS>"] {
        if t == p {
            return Some("");
        }
    }
    if let Some(rest) = t.strip_prefix("$ ").or_else(|| t.strip_prefix("PS> ")) {
        return known_tool(rest.trim());
    }
    for p in ["# ", "% ", "> ", "❯ "] {
        if let Some(rest) = t.strip_prefix(p) {
            return known_tool(rest.trim());
        }
    }
    rich_prompt(t)
}

fn known_tool(rest: &str) -> Option<&str> {
    let tool = rest.split_whitespace().next()?;
    TOOLS.contains(&tool).then_some(rest)
}

/// `PS C:\Users\me> …`, `C:\> …`, `user@host:~/dir$ …`, `[user@host dir]$ …`,
/// `root@host:/# …`, `user@host ~ % …`: any command after such a prompt.
fn rich_prompt(t: &str) -> Option<&str> {
    if let Some(rest) = t.strip_prefix("PS ") {
        let end = rest.find('>')?;
        let path = &rest[..end];
        return (path.contains(['\\', '/', ':', '~'])).then(|| rest[end + 1..].trim());
    }
    let b = t.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
        let end = t.find('>')?;
        return Some(t[end + 1..].trim());
    }
    let end = t.find(['$', '#', '%'])?;
    let head = &t[..end];
    let user_host = match head.strip_prefix('[') {
        Some(inner) => inner.strip_suffix(']')?.split_whitespace().next()?,
        None if head.contains(' ') => head.split(' ').next().filter(|_| head.trim_end().ends_with('~'))?,
        None => head.split(':').next()?,
    };
    let (user, host) = user_host.split_once('@')?;
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    (word(user) && word(host)).then(|| t[end + 1..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_are_recognised() {
        assert_eq!(prompt("$ az aks show -g rg -n c"), Some("az aks show -g rg -n c"));
        assert_eq!(prompt("$ echo hi"), None);
        assert_eq!(prompt("azureuser@Azure:~$ az aks nodepool list -o table"), Some("az aks nodepool list -o table"));
        assert_eq!(prompt("user@host:~/src$ kubectl get nodes -o json"), Some("kubectl get nodes -o json"));
        assert_eq!(prompt("[ec2-user@ip-10-0-0-1 ~]$ kubectl get nodes"), Some("kubectl get nodes"));
        assert_eq!(prompt("root@box:/# kubectl get nodes"), Some("kubectl get nodes"));
        assert_eq!(prompt("PS C:\\Users\\me> az aks show"), Some("az aks show"));
        assert_eq!(prompt("C:\\> az aks show"), Some("az aks show"));
        assert_eq!(prompt("user@host:~$"), Some(""));
        assert_eq!(prompt("\"email\": \"me@corp.com$\","), None);
        assert_eq!(prompt("owner: me@corp.com # the owner"), None);
        assert_eq!(prompt("# a YAML comment"), None);
        assert_eq!(prompt("apiVersion: v1"), None);
    }

    #[test]
    fn noise_is_blanked_and_lines_are_kept() {
        let text = "PS C:\\> az aks show -g rg -n c -o json\nWARNING: The behavior of this command has been altered\n{\n  \"x\": 1\n}\nPS C:\\>\n";
        let cleaned = strip(text).unwrap();
        assert_eq!(cleaned.text, "\n\n{\n  \"x\": 1\n}\n\n");
        let kinds: Vec<(usize, Kind)> = cleaned.skipped.iter().map(|s| (s.line, s.kind)).collect();
        assert_eq!(kinds, [(1, Kind::Command), (2, Kind::Message), (6, Kind::Prompt)]);
    }

    #[test]
    fn stderr_lines_inside_the_output_are_content() {
        let text = "description: |\n  x\nWARNING: y\n";
        assert!(strip(text).unwrap().skipped.is_empty());
    }

    #[test]
    fn an_error_alone_is_refused_with_its_text() {
        let err =
            strip("$ az aks show -g rg -n c\nERROR: (ResourceNotFound) The Resource was not found.\n").err().unwrap();
        assert!(err.to_string().contains("line 2: `ERROR: (ResourceNotFound)"), "{err}");
        let err = strip("kubectl get nodes -o json\n").err().unwrap();
        assert!(err.to_string().contains("only the command line `kubectl get nodes -o json` (line 1)"), "{err}");
    }
}
