//! Random names through the shell quoting and the renderers: a quoted
//! value is read back by a POSIX shell tokenizer as exactly one word equal
//! to the value, and a hostile pool name never appears in a command.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skewplan_core::input::parse;
use skewplan_core::plan::{plan, PlanRequest};
use skewplan_core::render::{render, shell::quote};

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else { return };
    if name.contains('\0') || name.len() > 200 {
        return;
    }
    let quoted = quote(name);
    let words = shlex::split(&quoted).expect("a quoted value splits");
    assert_eq!(words, vec![name.to_string()], "quoted as {quoted}");

    let text = format!(
        r#"{{"name": {n}, "resourceGroup": {n}, "kubernetesVersion": "1.32.9", "currentKubernetesVersion": "1.32.9", "provisioningState": "Succeeded", "agentPoolProfiles": [{{"name": {n}, "mode": "User", "count": 2, "orchestratorVersion": "1.31.13", "currentOrchestratorVersion": "1.31.13", "provisioningState": "Succeeded"}}]}}"#,
        n = serde_json_string(name)
    );
    let Ok(parsed) = parse(&text) else { return };
    let Some(cluster) = parsed.clusters.first() else { return };
    let p = plan(cluster, &PlanRequest::default());
    let r = render(&parsed, cluster, &p);
    for step in &r.steps {
        for c in &step.commands {
            let words = shlex::split(c).expect("every command splits into words");
            // A name is either valid for AKS (and then a word of its own) or
            // replaced by a variable.
            let valid = !name.is_empty()
                && name.len() <= 12
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            // Values follow their flags; a rejected name is never one of them.
            if !valid {
                for pair in words.windows(2) {
                    let value_flag = matches!(
                        pair[0].as_str(),
                        "--name" | "--cluster-name" | "--nodepool-name" | "--resource-group" | "--selector"
                    );
                    // `"$VAR"` is a variable the script defines, not the name.
                    let variable = c.contains(&format!("\"{}\"", pair[1])) && pair[1].starts_with('$');
                    assert!(!(value_flag && pair[1] == name && !variable), "{name:?} reached {c}");
                }
            }
        }
    }
});

fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
