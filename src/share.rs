//! Share links: the form (input text with secrets removed, target, options)
//! as JSON, deflated and base64url-encoded into the URL fragment, which
//! browsers never send to a server.

use crate::state::Form;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment prefix of a share link.
pub const PREFIX: &str = "#s=";
/// Largest decompressed state a link may carry.
const MAX_STATE_BYTES: usize = 4 * 1024 * 1024;

/// `#s=...` for `form`, secrets removed from its input first.
pub fn encode(form: &Form) -> String {
    let mut clean = form.clone();
    clean.input = skewplan_core::input::redact_for_sharing(&form.input);
    clean.versions = skewplan_core::input::redact_for_sharing(&form.versions);
    let json = serde_json::to_vec(&clean).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The form a share link carries, or why it can't be read.
pub fn decode(fragment: &str) -> Result<Form, String> {
    let data = fragment.strip_prefix(PREFIX).ok_or("not a Skewplan share link")?;
    let packed =
        URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| "the share link is damaged (not base64)".to_string())?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_STATE_BYTES)
        .map_err(|_| "the share link is damaged or too large".to_string())?;
    serde_json::from_slice(&json).map_err(|e| format!("the share link holds no readable state: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_without_secrets() {
        let form = Form {
            input: "{\"name\": \"prod\", \"servicePrincipalProfile\": {\"clientId\": \"x\", \"secret\": \"PLANTED-s3cr3t\"}}".into(),
            target: "1.30.14".into(),
            strategy: "lockstep".into(),
            ..Form::default()
        };
        let link = encode(&form);
        assert!(link.starts_with("#s="));
        assert!(!link.contains("PLANTED"));
        let back = decode(&link).unwrap();
        assert_eq!(back.target, "1.30.14");
        assert_eq!(back.strategy, "lockstep");
        assert!(!back.input.contains("PLANTED-s3cr3t"));
        assert!(back.input.contains("\"secret\": \"REDACTED\""));
    }

    #[test]
    fn damaged_links_say_so() {
        assert_eq!(decode("#s=!!!"), Err("the share link is damaged (not base64)".into()));
        assert_eq!(decode("#s=AAAA"), Err("the share link is damaged or too large".into()));
        assert_eq!(decode("#other"), Err("not a Skewplan share link".into()));
    }
}
