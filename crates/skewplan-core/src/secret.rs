//! Secrets found in the input: held so that they can be stripped from what
//! is shared, never printed, serialised or displayed.

use std::collections::BTreeSet;
use std::fmt;

/// The secret values found in one input, and where they were.
///
/// `Debug` shows only how many there are; there is no `Display` and no
/// `Serialize`, so a secret cannot reach a plan, a command or a log by
/// accident.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    values: BTreeSet<String>,
    paths: BTreeSet<String>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.values.len())
    }
}

impl Secrets {
    /// Records a secret value found at `path`. Empty values and obvious
    /// placeholders are not secrets and are ignored.
    pub fn add(&mut self, path: String, value: &str) {
        let v = value.trim();
        if v.len() < 4 || is_placeholder(v) {
            return;
        }
        self.values.insert(v.to_string());
        self.paths.insert(path);
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// The field paths that held secrets (safe to show: paths, not values).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(String::as_str)
    }

    /// `text` with every secret value replaced by `REDACTED`.
    pub fn redact(&self, text: &str) -> String {
        // Longest first, so a secret containing another is replaced whole.
        let mut values: Vec<&String> = self.values.iter().collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let mut out = text.to_string();
        for v in values {
            out = out.replace(v.as_str(), "REDACTED");
        }
        out
    }
}

fn is_placeholder(v: &str) -> bool {
    v.starts_with("${")
        || v.starts_with("[parameters(")
        || v.starts_with('<')
        || v.eq_ignore_ascii_case("null")
        || v.eq_ignore_ascii_case("redacted")
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
}

/// Field names whose values are secrets wherever they appear (compared in
/// lower case, without `-` and `_`).
pub(crate) fn is_secret_key(key: &str) -> bool {
    // Every key of the input passes here: a short ASCII one (nearly all) is
    // normalised on the stack, without allocating.
    let mut buf = [0u8; 64];
    let owned: String;
    let k: &str = if key.is_ascii() && key.len() <= buf.len() {
        let mut n = 0;
        for b in key.bytes().filter(|b| *b != b'-' && *b != b'_') {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        std::str::from_utf8(&buf[..n]).unwrap_or("")
    } else {
        owned = key.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect();
        &owned
    };
    const EXACT: &[&str] = &["secret", "password", "token", "certificateauthority", "cacert", "cert"];
    const ENDS: &[&str] = &[
        "secret",
        "password",
        "privatekey",
        "certificate",
        "clientkey",
        "accesskey",
        "apikey",
        "token",
        "connectionstring",
        "certificatedata",
        "certificateauthoritydata",
        // Terraform's azurerm_kubernetes_cluster: kube_config_raw and
        // kube_admin_config_raw hold a whole kubeconfig with its client key.
        "configraw",
    ];
    // `keyData` alone is an SSH public key; `client-key-data` is private.
    let private_key_data = k.ends_with("keydata") && k != "keydata";
    EXACT.contains(&k) || ENDS.iter().any(|e| k.ends_with(e)) || k.contains("privatekey") || private_key_data
}

/// True for text that is PEM-armoured key or certificate material.
pub(crate) fn looks_like_key_material(value: &str) -> bool {
    value.contains("-----BEGIN") || value.starts_with("LS0tLS1CRUdJTi")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_values_and_redact_replaces_them() {
        let mut s = Secrets::default();
        s.add("servicePrincipalProfile.secret".into(), "hunter2-very-secret");
        s.add("x".into(), "${AZURE_CLIENT_SECRET}");
        assert_eq!(format!("{s:?}"), "Secrets(1 redacted)");
        assert_eq!(s.redact("a hunter2-very-secret b"), "a REDACTED b");
        assert_eq!(s.paths().collect::<Vec<_>>(), vec!["servicePrincipalProfile.secret"]);
    }

    #[test]
    fn secret_keys() {
        let secret = [
            "secret",
            "clientSecret",
            "adminPassword",
            "caPrivateKey",
            "client-key-data",
            "client-certificate-data",
            "certificate-authority-data",
            "certificateAuthority",
            "apiServerCertificate",
            "token",
            "bearerToken",
        ];
        for k in secret {
            assert!(is_secret_key(k), "{k} should be secret");
        }
        let not_secret = [
            "clientId",
            "name",
            "orchestratorVersion",
            "keyVaultID",
            "tokenEndpoint",
            "key",
            "keyData",
            "certificateAuthorityDomainConfig",
            "rbacSecretOfficerSps",
        ];
        for k in not_secret {
            assert!(!is_secret_key(k), "{k} should not be secret");
        }
    }
}

/// Removes secrets from text that may not parse (a share link of a broken
/// paste): every JSON `"key": "value"` pair and every YAML `key: value`
/// line whose field name marks a secret, and every PEM block, become
/// `REDACTED`.
pub fn redact_lines(text: &str) -> String {
    redact_yaml_lines(&redact_json_pairs(text))
}

/// The end (exclusive, byte index) of the JSON string starting at `start`
/// (a `"`), or `None` when it does not close.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// `"secret": "x"` → `"secret": "REDACTED"` wherever it stands, compact or
/// pretty-printed, whether or not the whole text parses.
fn redact_json_pairs(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let Some(key_end) = string_end(bytes, i) else { break };
        let key = &text[i + 1..key_end - 1];
        let mut j = key_end;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b':' && is_secret_key(key) {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'"' {
                if let Some(value_end) = string_end(bytes, j) {
                    out.push_str(&text[copied..j]);
                    out.push_str("\"REDACTED\"");
                    copied = value_end;
                    i = value_end;
                    continue;
                }
            }
        }
        i = key_end;
    }
    out.push_str(&text[copied..]);
    out
}

fn redact_yaml_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_pem = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        if body.contains("-----BEGIN") {
            in_pem = !body.contains("-----END");
            // Keep the field name when there is one: `"key": "REDACTED",`.
            let begin = body.find("-----BEGIN").unwrap_or(0);
            let redacted = match body[..begin].rfind(':') {
                Some(colon) => {
                    let quoted = body[colon + 1..].trim_start().starts_with('"');
                    let comma = if body.trim_end().ends_with(',') { "," } else { "" };
                    format!("{}: {}{comma}", &body[..colon], if quoted { "\"REDACTED\"" } else { "REDACTED" })
                }
                None => "REDACTED".into(),
            };
            out.push_str(&redacted);
            out.push_str(ending);
            continue;
        }
        if in_pem {
            if body.contains("-----END") {
                in_pem = false;
            }
            continue;
        }
        match redact_after_key(body) {
            Some(r) => out.push_str(&r),
            None => out.push_str(body),
        }
        out.push_str(ending);
    }
    out
}

/// `"clientSecret": "x",` → `"clientSecret": "REDACTED",` (JSON or YAML).
fn redact_after_key(line: &str) -> Option<String> {
    let colon = line.find(':')?;
    let key = line[..colon].trim().trim_start_matches("- ").trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || !is_secret_key(key) {
        return None;
    }
    let rest = line[colon + 1..].trim();
    if rest.is_empty() || rest == "{" || rest == "[" || rest == "|" || rest == ">" {
        return None;
    }
    let comma = if rest.ends_with(',') { "," } else { "" };
    let quoted = rest.starts_with('"');
    Some(format!("{}: {}{comma}", &line[..colon], if quoted { "\"REDACTED\"" } else { "REDACTED" }))
}

#[cfg(test)]
mod redact_tests {
    use super::redact_lines;

    #[test]
    fn compact_json_is_redacted_pair_by_pair() {
        let text = r#"{"name": "prod", "servicePrincipalProfile": {"clientId": "x", "secret": "s3\"cr3t"}, "password":"p", "x": 1"#;
        assert_eq!(
            redact_lines(text),
            r#"{"name": "prod", "servicePrincipalProfile": {"clientId": "x", "secret": "REDACTED"}, "password":"REDACTED", "x": 1"#
        );
    }

    #[test]
    fn secret_lines_and_pem_blocks_are_redacted() {
        let text = "{\n  \"clientId\": \"abc\",\n  \"secret\": \"hunter2\",\n  \"key\": \"-----BEGIN RSA PRIVATE KEY-----\\nAAA\\n-----END RSA PRIVATE KEY-----\"\n}\n";
        assert_eq!(
            redact_lines(text),
            "{\n  \"clientId\": \"abc\",\n  \"secret\": \"REDACTED\",\n  \"key\": \"REDACTED\"\n}\n"
        );
        let yaml =
            "adminPassword: p4ss\ndata: |\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nname: x\n";
        assert_eq!(redact_lines(yaml), "adminPassword: REDACTED\ndata: |\nREDACTED\nname: x\n");
    }
}
