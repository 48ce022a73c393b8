//! Kubernetes version parsing: no panic; what parses displays and re-parses
//! to an equal version.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skewplan_core::version::{KubeVersion, Precision};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for precision in [Precision::Patch, Precision::MinorAllowed] {
        if let Ok(v) = KubeVersion::parse_with(text, precision) {
            let again = KubeVersion::parse_with(&v.display_full(), precision).expect("display re-parses");
            assert_eq!(v, again);
            assert_eq!(v.cmp(&again), std::cmp::Ordering::Equal);
        }
    }
});
