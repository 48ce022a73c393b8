//! Idempotent, prompt-free installation of everything the build and the
//! tests need. Each piece is checked first and installed only when missing or
//! at the wrong version.

use crate::{cmd, output, read_or_empty, root, run};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread;

/// trunk 0.22 needs a newer rustc than the machines have.
const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian packages for browser tests and script linting.
const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "shellcheck"];

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// What building and serving the app needs.
    Build,
    /// Building plus the browser and linters the tests use.
    Everything,
}

pub(crate) fn all(needs: Needs) -> Result<(), String> {
    wasm_target()?;
    npm_tools()?;
    cargo_tools()?;
    if needs == Needs::Everything {
        apt_packages()?;
        kubectl()?;
        azure_cli()?;
    }
    // trunk runs offline, so every crate must be in the local registry first.
    run(cmd("cargo").args(["fetch", "--quiet"]))
}

fn wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("setup: adding the {WASM_TARGET} target");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The exact `wasm-bindgen` version in Cargo.lock: the CLI must match it.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = read_or_empty(&root().join("Cargo.lock"));
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version; run `cargo generate-lockfile`".into())
}

fn cargo_tools() -> Result<(), String> {
    let bindgen = locked_wasm_bindgen()?;
    let have_trunk = output(cmd("trunk").arg("--version")).unwrap_or_default();
    let have_bindgen = output(cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    let need_trunk = have_trunk.trim() != format!("trunk {TRUNK_VERSION}");
    let need_bindgen = have_bindgen.split_whitespace().nth(1) != Some(bindgen.as_str());
    // Installed side by side: the two builds take most of a cold set-up.
    let trunk = need_trunk.then(|| {
        thread::spawn(|| {
            println!("setup: installing trunk {TRUNK_VERSION} (several minutes, once)");
            run(cmd("cargo")
                .args(["install", "trunk", "--version", &format!("={TRUNK_VERSION}"), "--locked", "--force"])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
        })
    });
    let bindgen_job = need_bindgen.then(|| {
        let version = bindgen.clone();
        thread::spawn(move || {
            println!("setup: installing wasm-bindgen-cli {version} (matches Cargo.lock)");
            // `--locked` fails for this crate: its lock pins an unavailable crate.
            run(cmd("cargo")
                .args(["install", "wasm-bindgen-cli", "--version", &format!("={version}"), "--force"])
                .env("CARGO_PROFILE_RELEASE_LTO", "false")
                .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"))
        })
    });
    for job in [trunk, bindgen_job].into_iter().flatten() {
        job.join().map_err(|_| "an install thread panicked".to_string())??;
    }
    Ok(())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

fn apt(args: &[&str]) -> Result<(), String> {
    let mut c = if is_root() {
        Command::new("apt-get")
    } else {
        let mut s = Command::new("sudo");
        s.arg("apt-get");
        s
    };
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut c)
}

fn apt_installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.contains("install ok installed"))
}

fn apt_packages() -> Result<(), String> {
    let missing: Vec<&str> = APT_PACKAGES.iter().copied().filter(|p| !apt_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("setup: installing Debian packages {}", missing.join(" "));
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    if apt(&install).is_err() {
        // dpkg can stop half-way on a fresh machine; repair and retry once.
        apt(&["-f", "install", "-y", "-q"])?;
        apt(&install)?;
    }
    Ok(())
}

/// npm dev dependencies: wasm-opt (binaryen) and playwright-core.
fn npm_tools() -> Result<(), String> {
    if output(Command::new("npm").arg("--version")).is_none() {
        println!("setup: installing Node.js and npm");
        apt(&["update", "-q"])?;
        apt(&["install", "-y", "-q", "nodejs", "npm"])?;
    }
    let lock = root().join("package-lock.json");
    let stamp = root().join("node_modules/.skewplan-package-lock.json");
    if same_file_contents(&lock, &stamp) && root().join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    println!("setup: npm ci (wasm-opt, playwright-core)");
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))?;
    fs::copy(&lock, &stamp).map_err(|e| format!("could not write {}: {e}", stamp.display()))?;
    Ok(())
}

fn same_file_contents(a: &Path, b: &Path) -> bool {
    matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

/// kubectl for the patch checks: any kubectl on PATH, else Debian's.
fn kubectl() -> Result<(), String> {
    if output(cmd("kubectl").args(["version", "--client"])).is_some() {
        return Ok(());
    }
    println!("setup: installing kubectl (Debian kubernetes-client)");
    apt(&["install", "-y", "-q", "--no-install-recommends", "kubernetes-client"])
}

/// The Azure CLI in its own venv, used offline by tools/check_az.sh to
/// check every generated `az` line with the real argument parser.
fn azure_cli() -> Result<(), String> {
    let home = std::env::var("HOME").unwrap_or_default();
    let venv = std::env::var("AZ_VENV").unwrap_or_else(|_| format!("{home}/.cache/az-venv"));
    let python = Path::new(&venv).join("bin/python");
    if output(Command::new(&python).args(["-c", "import azure.cli.core"])).is_some() {
        return Ok(());
    }
    println!("setup: installing the Azure CLI into {venv} for command checks (about 2 minutes, once)");
    run(cmd("bash").arg(root().join("tools/check_az.sh")).arg("--setup"))
}
