//! Shell words: every value that reaches a command passes through [`Word`],
//! which quotes it (or names a variable). Commands are built from words only,
//! never by formatting raw input into a string.

use std::fmt;

/// One shell word, safe to paste into bash as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word(String);

impl Word {
    /// A fixed word of the program (a command or a flag). Only plain
    /// characters are allowed, so a literal can never smuggle shell syntax.
    pub fn lit(s: &'static str) -> Word {
        debug_assert!(
            s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,|>&".contains(c)),
            "literal word with shell syntax: {s}"
        );
        Word(s.to_string())
    }

    /// Any value, quoted for the shell (single quotes when needed).
    pub fn value(s: &str) -> Word {
        Word(quote(s))
    }

    /// A reference to a script variable, `"$NAME"`.
    pub fn var(name: &str) -> Word {
        debug_assert!(name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
        Word(format!("\"${name}\""))
    }

    /// `--flag=value` as one word, the value quoted.
    pub fn flag_value(flag: &'static str, value: &str) -> Word {
        Word(format!("{}={}", Word::lit(flag).0, quote(value)))
    }

    /// A fixed prefix glued to a word: `agentpool=np1`, `agentpool="$POOL_1"`.
    pub fn glued(prefix: &'static str, w: &Word) -> Word {
        Word(format!("{}{}", Word::lit(prefix).0, w.0))
    }

    /// `"$(COMMAND)"`: the output of `command`, read when the line runs.
    /// The command's words are already quoted, so the substitution is safe.
    pub fn output_of(command: &CommandLine) -> Word {
        Word(format!("\"$({command})\""))
    }

    /// Two words written together as one (`--for=jsonpath=…` followed by
    /// `"$(…)"`); each is already safe, so the joined word is too.
    pub fn joined(self, next: Word) -> Word {
        Word(self.0 + &next.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Quotes `s` for bash: plain words stay as they are; anything else is
/// single-quoted, with embedded single quotes closed, escaped and reopened.
pub fn quote(s: &str) -> String {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if plain {
        return s.to_string();
    }
    // shlex quotes for POSIX shells; it refuses only NUL bytes, which no
    // validated value contains, and those are dropped rather than passed on.
    let cleaned: String = s.chars().filter(|c| *c != '\0').collect();
    match shlex::try_quote(&cleaned) {
        Ok(q) => q.into_owned(),
        Err(_) => "''".to_string(),
    }
}

/// A command line: words joined by spaces.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CommandLine(Vec<Word>);

impl CommandLine {
    pub fn new(program: &'static str) -> Self {
        CommandLine(vec![Word::lit(program)])
    }

    pub fn lit(mut self, s: &'static str) -> Self {
        self.0.push(Word::lit(s));
        self
    }

    pub fn word(mut self, w: Word) -> Self {
        self.0.push(w);
        self
    }

    /// `--flag value`.
    pub fn opt(self, flag: &'static str, value: Word) -> Self {
        self.lit(flag).word(value)
    }

    /// `--flag value` when there is a value.
    pub fn opt_if(self, flag: &'static str, value: Option<Word>) -> Self {
        match value {
            Some(v) => self.opt(flag, v),
            None => self,
        }
    }

    /// Continues with a pipe into another command.
    pub fn pipe(mut self, next: CommandLine) -> Self {
        self.0.push(Word::lit("|"));
        self.0.extend(next.0);
        self
    }

    /// `test "$(COMMAND)" = EXPECTED || { echo MESSAGE >&2; exit 1; }`: a
    /// check that stops the script unless `command` prints `expected`. The
    /// command's words are already quoted, so the substitution is safe.
    pub fn require_output(command: &CommandLine, expected: &'static str, message: &str) -> Self {
        let raw = |s: String| Word(s);
        CommandLine(vec![
            Word::lit("test"),
            raw(format!("\"$({command})\"")),
            Word::lit("="),
            Word::lit(expected),
            Word::lit("||"),
            raw("{ echo".into()),
            Word::value(message),
            raw(">&2; exit 1; }".into()),
        ])
    }
}

impl fmt::Display for CommandLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = self.0.iter().map(Word::as_str).collect();
        f.write_str(&words.join(" "))
    }
}

/// Naming rules of the providers, for values taken from the input.
pub mod names {
    fn all(s: &str, f: impl Fn(char) -> bool) -> bool {
        s.chars().all(f)
    }

    /// AKS cluster: 1–63 letters, digits, `-` and `_`, starting and ending
    /// with a letter or digit.
    pub fn aks_cluster(s: &str) -> bool {
        (1..=63).contains(&s.len())
            && all(s, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.ends_with(|c: char| c.is_ascii_alphanumeric())
    }

    /// Azure resource group: 1–90 letters, digits, `-`, `_`, `.`, `(`, `)`,
    /// not ending with `.`.
    pub fn resource_group(s: &str) -> bool {
        (1..=90).contains(&s.len()) && all(s, |c| c.is_alphanumeric() || "-_.()".contains(c)) && !s.ends_with('.')
    }

    /// AKS node pool: lowercase letters and digits, starting with a letter,
    /// at most 12 characters (6 for Windows pools).
    pub fn aks_pool(s: &str, windows: bool) -> bool {
        let max = if windows { 6 } else { 12 };
        (1..=max).contains(&s.len())
            && all(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
    }

    /// Azure VM size such as `Standard_D4s_v5`.
    pub fn vm_size(s: &str) -> bool {
        (1..=64).contains(&s.len()) && all(s, |c| c.is_ascii_alphanumeric() || c == '_') && s.contains('_')
    }

    /// Azure region such as `westeurope`.
    pub fn location(s: &str) -> bool {
        (1..=40).contains(&s.len()) && all(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }

    /// Kubernetes object name (DNS-1123 subdomain).
    pub fn kube_name(s: &str) -> bool {
        (1..=253).contains(&s.len())
            && all(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.ends_with(|c: char| c.is_ascii_alphanumeric())
    }

    /// Kubernetes namespace (DNS-1123 label).
    pub fn namespace(s: &str) -> bool {
        s.len() <= 63 && kube_name(s) && !s.contains('.')
    }

    /// AWS AMI id.
    pub fn ami(s: &str) -> bool {
        s.strip_prefix("ami-").is_some_and(|h| (8..=17).contains(&h.len()) && all(h, |c| c.is_ascii_hexdigit()))
    }

    /// Cloud instance type such as `m5.large` or `e2-medium`.
    pub fn instance_type(s: &str) -> bool {
        (1..=64).contains(&s.len()) && all(s, |c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
    }

    /// A relative file path of plain characters.
    pub fn file_name(s: &str) -> bool {
        (1..=200).contains(&s.len())
            && all(s, |c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            && !s.starts_with('/')
            && !s.contains("..")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_are_quoted_into_one_inert_word() {
        let cases = [
            ("np1", "np1"),
            ("np1$(touch x)", "'np1$(touch x)'"),
            ("a'b", "\"a'b\""),
            ("a'$(x)`y`", "\"a'\"'$(x)`y`'"),
            ("", "''"),
            ("x; rm -rf /", "'x; rm -rf /'"),
            ("new\nline", "'new\nline'"),
        ];
        for (value, quoted) in cases {
            assert_eq!(quote(value), quoted, "{value:?}");
        }
        assert_eq!(Word::var("CLUSTER").as_str(), "\"$CLUSTER\"");
        let c = CommandLine::new("az").lit("aks").opt("--name", Word::value("a b"));
        assert_eq!(c.to_string(), "az aks --name 'a b'");
    }

    /// Whatever the value, bash reads the quoted word back as exactly that
    /// value and runs nothing.
    #[test]
    fn bash_reads_quoted_values_back_unchanged() {
        let samples = [
            "np1$(touch /tmp/skewplan-pwned)",
            "a'b\"c",
            "`id`",
            "x; rm -rf /",
            "tab\there",
            "new\nline",
            "$HOME",
            "!event",
            "*glob?",
            "back\\slash",
            "ünïcödé",
            "",
        ];
        let mut script = String::new();
        for s in samples {
            script.push_str(&format!("printf '%s\\0' {}\n", quote(s)));
        }
        let out = std::process::Command::new("bash").arg("-c").arg(&script).output().expect("bash runs");
        let got: Vec<String> = String::from_utf8(out.stdout).unwrap().split('\0').map(str::to_string).collect();
        assert_eq!(&got[..samples.len()], &samples.map(str::to_string));
    }

    #[test]
    fn naming_rules() {
        let linux_pool = |s: &str| names::aks_pool(s, false);
        let windows_pool = |s: &str| names::aks_pool(s, true);
        // (rule, values it accepts, values it rejects)
        type Rule<'a> = &'a dyn Fn(&str) -> bool;
        let cases: [(Rule, &[&str], &[&str]); 8] = [
            (&linux_pool, &["nodepool1"], &["np1$(touch x)", "Nodepool1"]),
            (&windows_pool, &[], &["npwin12"]),
            (&names::aks_cluster, &["my-AKS_cluster1"], &["-bad"]),
            (&names::resource_group, &["MC_rg(1).x"], &["rg."]),
            (&names::vm_size, &["Standard_D4s_v5"], &["Standard D4"]),
            (&names::kube_name, &["prod-md-0"], &["${CLUSTER_NAME}-md-0"]),
            (&names::ami, &["ami-0123456789abcdef0"], &["ami-example-identifier"]),
            (&names::file_name, &["_output/mycluster/apimodel.json"], &["../etc/passwd"]),
        ];
        for (rule, accepted, rejected) in cases {
            for value in accepted {
                assert!(rule(value), "{value} is accepted");
            }
            for value in rejected {
                assert!(!rule(value), "{value} is rejected");
            }
        }
    }
}
