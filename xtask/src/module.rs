//! `cargo xtask dist --module`: the JavaScript API as an ES module package
//! for pages that embed Skewplan without an iframe, in `dist-module/skewplan/`:
//!
//! - `skewplan.js`: `export default init` and `plan`, `check`, `version`
//!   (wasm-bindgen's `--target web` glue);
//! - `skewplan_bg.wasm`: the web crate's library, without the app's `main`
//!   (nothing is mounted on the page), optimised with wasm-opt;
//! - `skewplan.d.ts`: the API's TypeScript definitions (`docs/skewplan.d.ts`);
//! - `package.json`.

use crate::{cmd, root, run, setup, types};
use std::fs;
use std::path::PathBuf;

/// Where the package is written.
pub(crate) fn out_dir() -> PathBuf {
    root().join("dist-module/skewplan")
}

/// The wasm features rustc's wasm32 target emits by default, for wasm-opt.
const FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn package_json() -> String {
    let manifest = serde_json::json!({
        "name": "skewplan",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "Skewplan's JavaScript API: plan Kubernetes upgrades in the browser (WebAssembly)",
        "license": "MIT OR Apache-2.0",
        "type": "module",
        "main": "skewplan.js",
        "module": "skewplan.js",
        "types": "skewplan.d.ts",
        "exports": { ".": { "types": "./skewplan.d.ts", "default": "./skewplan.js" } },
        "files": ["skewplan.js", "skewplan_bg.wasm", "skewplan.d.ts"],
        "sideEffects": false,
    });
    serde_json::to_string_pretty(&manifest).expect("a JSON value serialises") + "\n"
}

pub(crate) fn build() -> Result<(), String> {
    setup::all(setup::Needs::Build)?;
    types::run(true)?;
    // A failed build leaves no package behind to be tested by mistake.
    let out = out_dir();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let target = "wasm32-unknown-unknown";
    run(cmd("cargo")
        .args(["rustc", "--release", "--target", target, "-p", "skewplan-web", "--lib", "--features", "yaml"])
        .args(["--crate-type", "cdylib"]))?;
    let wasm = root().join(format!("target/{target}/release/skewplan_web.wasm"));
    run(cmd("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-name", "skewplan", "--out-dir"])
        .arg(&out)
        .arg(&wasm))?;
    let bg = out.join("skewplan_bg.wasm");
    run(cmd("wasm-opt").arg("-Oz").args(FEATURES).arg(&bg).arg("-o").arg(&bg))?;
    let copy = |from: PathBuf, to: &str| fs::copy(&from, out.join(to)).map_err(|e| format!("{}: {e}", from.display()));
    copy(root().join(types::OUTPUT), "skewplan.d.ts")?;
    fs::write(out.join("package.json"), package_json()).map_err(|e| format!("package.json: {e}"))?;
    println!("dist-module/skewplan/ is ready: import init, {{ plan, check, version }} from './skewplan/skewplan.js'");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_package_points_at_its_files() {
        let manifest: serde_json::Value = serde_json::from_str(&super::package_json()).unwrap();
        assert_eq!(manifest["types"], "skewplan.d.ts");
        assert_eq!(manifest["exports"]["."]["default"], "./skewplan.js");
        assert_eq!(manifest["type"], "module");
    }
}
