//! Share links: the form (input text with secrets removed, target, options)
//! as JSON, raw-deflated and base64url-encoded into the URL fragment, which
//! browsers never send to a server.

use crate::deflate;
use crate::state::Form;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment prefix of a share link.
pub const PREFIX: &str = "#s=";
/// Largest decompressed state a link may carry.
const MAX_STATE_BYTES: usize = 4 * 1024 * 1024;

/// `#s=...` for `form`, secrets removed from its input first.
pub async fn encode(form: &Form) -> Result<String, String> {
    let packed = deflate::compress(&state_json(form))
        .await
        .map_err(|_| "this browser could not compress the page state".to_string())?;
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed)))
}

/// The form a share link carries, or why it can't be read.
pub async fn decode(fragment: &str) -> Result<Form, String> {
    let packed = unpack(fragment)?;
    let json = deflate::decompress(&packed, MAX_STATE_BYTES)
        .await
        .map_err(|_| "the share link is damaged or too large".to_string())?;
    read_state(&json)
}

/// What a link carries before compression: the form as JSON, with secrets
/// removed from the input and the version list.
pub fn state_json(form: &Form) -> Vec<u8> {
    let mut clean = form.clone();
    clean.input = skewplan_core::input::redact_for_sharing(&form.input);
    clean.choices.versions = skewplan_core::input::redact_for_sharing(&form.choices.versions);
    serde_json::to_vec(&clean).unwrap_or_default()
}

/// The compressed bytes of a link.
fn unpack(fragment: &str) -> Result<Vec<u8>, String> {
    let data = fragment.strip_prefix(PREFIX).ok_or("not a Skewplan share link")?;
    URL_SAFE_NO_PAD.decode(data.trim()).map_err(|_| "the share link is damaged (not base64)".to_string())
}

fn read_state(json: &[u8]) -> Result<Form, String> {
    serde_json::from_slice(json).map_err(|e| format!("the share link holds no readable state: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use skewplan_core::api::Choices;

    #[test]
    fn the_state_carries_the_form_without_secrets() {
        let form = Form {
            input: concat!(
                "{\"name\": \"prod\", ",
                "\"servicePrincipalProfile\": {\"clientId\": \"x\", \"secret\": \"PLANTED-s3cr3t\"}}"
            )
            .into(),
            choices: Choices {
                versions: "{\"secret\": \"PLANTED-v3rs10ns\"}".into(),
                target: "1.30.14".into(),
                strategy: "lockstep".into(),
                minutes_per_node: Some(12),
                ..Choices::default()
            },
            ..Form::default()
        };
        let json = state_json(&form);
        assert!(!String::from_utf8_lossy(&json).contains("PLANTED"));
        let back = read_state(&json).unwrap();
        assert_eq!(back.choices.target, "1.30.14");
        assert_eq!(back.choices.strategy, "lockstep");
        assert_eq!(back.choices.minutes_per_node, Some(12));
        assert!(!back.input.contains("PLANTED-s3cr3t"));
        assert!(back.input.contains("\"secret\": \"REDACTED\""));
        assert!(!back.choices.versions.contains("PLANTED-v3rs10ns"));
        // Links made before the form held the core's choices wrote minutes as text.
        let old = read_state(br#"{"input": "x", "minutes_per_node": "15", "target": "1.31"}"#).unwrap();
        assert_eq!((old.choices.minutes_per_node, old.choices.target.as_str()), (Some(15), "1.31"));
    }

    #[test]
    fn damaged_links_say_so() {
        assert_eq!(unpack("#s=!!!"), Err("the share link is damaged (not base64)".into()));
        assert_eq!(unpack("#other"), Err("not a Skewplan share link".into()));
        assert_eq!(unpack("#s=AAAA"), Ok(vec![0, 0, 0]));
        assert!(read_state(b"[1]").unwrap_err().starts_with("the share link holds no readable state: "));
    }
}
