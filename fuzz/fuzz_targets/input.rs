//! Any bytes through format detection and every format's reader: no panic,
//! no hang, and a readable result or a clear error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skewplan_core::input::{parse_bytes, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let options = ParseOptions { control_plane_version: Some(skewplan_core::KubeVersion::new(1, 28, 3)) };
    match parse_bytes(data, &options) {
        Ok(parsed) => {
            // Reading back what was found must not panic either.
            for c in &parsed.clusters {
                for p in &c.pools {
                    let _ = p.source.to_string();
                }
            }
            for d in &parsed.diagnostics {
                let _ = d.to_string();
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
