//! Build helper for Skewplan: `cargo xtask <setup|serve|test|dist|refresh-data>`.
//!
//! Every command installs what it needs first (idempotently, without prompts),
//! so README's two commands work on a fresh Debian machine with only Rust.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

mod crd_skeleton;
mod module;
mod refresh_data;
mod setup;
mod size;
mod suites;
mod types;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup            install the toolchain the app and its tests need
  serve            build and serve the app on http://127.0.0.1:8080/
  test             run every check and test suite; ends with `N passed, N failed`
  dist [URL]       release build into dist/ (URL: public sub-path, e.g. /tools/skewplan/)
  dist --module    the JavaScript API as an ES module package in dist-module/skewplan/
  dist --single-file  dist/ and the one-file page dist-single/skewplan.html (works from file://)
  size [--check]   size report of dist/ (each file raw and gzipped); --check fails over size-budget.txt
  bench            benchmarks: parse, check, plan and render natively, and in headless Chromium
  types [--check]  write docs/skewplan.d.ts from docs/*.schema.json; --check fails when it differs
  refresh-data     regenerate the embedded version data from crates/skewplan-core/data/sources/
  crd-skeleton CRD.yaml|- VERSION
                   print the schema skeleton (field paths and types) of a CRD's served version
  man              write the CLI's man page to target/man/skewplan.1 (from its argument definitions)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(setup::Needs::Everything),
        Some("serve") => serve(),
        Some("test") => suites::run_all(),
        Some("dist") if args.iter().any(|a| a == "--module") => module::build(),
        Some("dist") if args.iter().any(|a| a == "--single-file") => dist(None).and_then(|()| single_file()),
        Some("dist") => dist(args.get(1).map(String::as_str)),
        Some("size") => size::run(args.iter().any(|a| a == "--check")),
        Some("bench") => bench(),
        Some("types") => types::run(args.iter().any(|a| a == "--check")),
        Some("refresh-data") => refresh_data::run(),
        Some("crd-skeleton") => crd_skeleton::run(&args[1..]),
        Some("man") => man(),
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder holding the top-level Cargo.toml).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// PATH with the project's npm tools (wasm-opt) and cargo's bin folder first.
pub fn tool_path() -> OsString {
    let mut dirs = vec![root().join("node_modules/.bin")];
    if let Some(home) = env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| home().map(|h| h.join(".cargo"))) {
        dirs.push(home.join("bin"));
    }
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("PATH entries are valid")
}

fn home() -> Option<PathBuf> {
    env::var_os("HOME").map(PathBuf::from)
}

/// A command run from the workspace root with the project's tool PATH and
/// trunk kept offline.
/// The man page, rendered by the CLI from the same definitions as `--help`.
fn man() -> Result<(), String> {
    let out = cmd("cargo")
        .args(["run", "--quiet", "-p", "skewplan-cli", "--", "manpage"])
        .output()
        .map_err(|e| format!("cargo run: {e}"))?;
    if !out.status.success() {
        return Err(format!("skewplan manpage failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let dir = std::path::Path::new("target/man");
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("skewplan.1");
    std::fs::write(&path, &out.stdout).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{}", path.display());
    Ok(())
}

pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_OFFLINE", "true")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .stdin(Stdio::null());
    c
}

/// Runs a command, inheriting its output; Err names the command on failure.
pub fn run(c: &mut Command) -> Result<(), String> {
    let status = c.status().map_err(|e| format!("could not start {}: {e}", describe(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(c)))
    }
}

/// Runs a command and returns its standard output when it succeeds.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a command, echoing its standard output line by line to ours and
/// handing each line to `on_line`. Returns whether it succeeded.
pub fn run_streaming(c: &mut Command, mut on_line: impl FnMut(&str)) -> bool {
    c.stdout(Stdio::piped());
    let mut child = match c.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("could not start {}: {e}", describe(c));
            return false;
        }
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            on_line(&line);
        }
    }
    child.wait().map(|s| s.success()).unwrap_or(false)
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    format!("`{s}`")
}

fn serve() -> Result<(), String> {
    setup::all(setup::Needs::Build)?;
    println!("\nSkewplan: building, then serving at http://127.0.0.1:8080/ (Ctrl-C stops)\n");
    run(cmd("trunk").args(["serve", "--release", "--no-autoreload", "--address", "127.0.0.1", "--port", "8080"]))
}

fn dist(public_url: Option<&str>) -> Result<(), String> {
    setup::all(setup::Needs::Build)?;
    let mut c = cmd("trunk");
    c.args(["build", "--release"]);
    if let Some(url) = public_url {
        c.args(["--public-url", url]);
    }
    run(&mut c)?;
    let types = root().join(types::OUTPUT);
    fs::copy(&types, root().join("dist/skewplan.d.ts")).map_err(|e| format!("{}: {e}", types.display()))?;
    println!("dist/ is ready{}", public_url.map(|u| format!(" for {u}")).unwrap_or_default());
    Ok(())
}

/// Where `dist --single-file` writes the one-file page.
pub fn single_file_path() -> PathBuf {
    root().join("dist-single/skewplan.html")
}

/// The one-file page from dist/: stylesheet, scripts and both wasm modules
/// inline, under a CSP of hashes (tools/single-file.mjs).
pub fn single_file_command() -> Command {
    let mut c = cmd("node");
    c.arg(root().join("tools/single-file.mjs")).arg(root().join("dist")).arg(single_file_path());
    c
}

fn single_file() -> Result<(), String> {
    run(&mut single_file_command())
}

/// Native criterion benchmarks, then the browser benchmark on a release build.
fn bench() -> Result<(), String> {
    setup::all(setup::Needs::Everything)?;
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    run(cmd("cargo").args(["bench", "-p", "skewplan-core", "--bench", "core", "--", "--noplot"]))?;
    run(cmd("trunk").args(["build", "--release"]))?;
    run(cmd("node").arg(root().join("tests/bench/browser.mjs")).env("SKEWPLAN_DIST", root().join("dist")))
}

/// Reads a file to a string, or "" when it does not exist.
pub fn read_or_empty(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}
