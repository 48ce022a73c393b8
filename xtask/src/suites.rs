//! `cargo xtask test`: every check and test suite in order, then one closing
//! line `N passed, N failed` counting the tests of every suite (a check such
//! as fmt or clippy counts as one).

use crate::{cmd, root, run_streaming, setup};
use std::process::Command;

/// What one suite reported.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Reads counts from a test runner's closing lines:
    /// cargo / wasm-bindgen-test-runner `test result: ok. 5 passed; 0 failed; …`
    /// and node's TAP reporter `# pass 5` / `# fail 0`.
    fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                if let (Some(n), Some(what)) = (words.next(), words.next()) {
                    match (n.parse::<u64>(), what) {
                        (Ok(n), "passed") => self.passed += n,
                        (Ok(n), "failed") => self.failed += n,
                        _ => {}
                    }
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            self.passed += n.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            self.failed += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
}

struct Suite {
    name: &'static str,
    /// A check (fmt, clippy, build) counts as one test; a test suite counts
    /// the tests its runner reports.
    is_check: bool,
    /// Run in order; the suite fails when any of them fails.
    commands: fn() -> Vec<Command>,
    /// Suites that must have passed for this one to run.
    needs: &'static [&'static str],
}

fn tool(mut c: Command, args: &[&str]) -> Command {
    c.args(args);
    c
}

fn cargo(args: &[&str]) -> Command {
    let mut c = cmd("cargo");
    c.args(args);
    c
}

/// The app with its browser tests, the core's library (its
/// dev-dependencies such as proptest are native-only) and the planner
/// module as the page builds it.
fn clippy_wasm() -> Vec<Command> {
    let lint = |package: &str, targets: &str| {
        cargo(&["clippy", "--target", "wasm32-unknown-unknown", "-p", package, targets, "--", "-D", "warnings"])
    };
    let engine = cargo(&[
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "skewplan-engine",
        "--features",
        "exports",
        "--",
        "-D",
        "warnings",
    ]);
    vec![lint("skewplan-web", "--all-targets"), lint("skewplan-core", "--lib"), engine]
}

/// The fuzz targets are a workspace of their own (`fuzz/`, run by
/// `fuzz/run.sh` with cargo-fuzz): they must keep compiling against the core
/// even when nobody fuzzes.
fn fuzz_targets() -> Vec<Command> {
    vec![
        cargo(&["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"]),
        cargo(&["clippy", "--manifest-path", "fuzz/Cargo.toml", "--bins", "--", "-D", "warnings"]),
    ]
}

fn suites() -> Vec<Suite> {
    vec![
        Suite {
            name: "cargo fmt --check",
            is_check: true,
            commands: || vec![cargo(&["fmt", "--all", "--check"])],
            needs: &[],
        },
        Suite {
            name: "clippy (native)",
            is_check: true,
            commands: || vec![cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])],
            needs: &[],
        },
        Suite { name: "clippy (wasm32)", is_check: true, commands: clippy_wasm, needs: &[] },
        Suite { name: "fuzz targets (fmt, clippy)", is_check: true, commands: fuzz_targets, needs: &[] },
        Suite { name: "native tests", is_check: false, commands: native_tests, needs: &[] },
        Suite { name: "wasm tests (headless Chromium)", is_check: false, commands: wasm_tests, needs: &[] },
        Suite { name: "trunk build --release", is_check: true, commands: trunk_builds, needs: &[] },
        Suite { name: "size budget", is_check: true, commands: size_check, needs: &["trunk build --release"] },
        Suite {
            name: "dist --single-file",
            is_check: true,
            commands: || vec![crate::single_file_command()],
            needs: &["trunk build --release"],
        },
        Suite {
            name: "TypeScript (tsc --noEmit)",
            is_check: true,
            commands: || vec![tool(cmd("tsc"), &["--noEmit", "-p", "tests/types"])],
            needs: &[],
        },
        Suite {
            name: "dist --module",
            is_check: true,
            commands: || vec![cargo(&["xtask", "dist", "--module"])],
            needs: &[],
        },
        Suite {
            name: "end-to-end (playwright-core)",
            is_check: false,
            commands: e2e,
            needs: &["trunk build --release", "dist --single-file"],
        },
    ]
}

/// Core, CLI and app-state tests; the generated-command checks must find
/// shellcheck, kubectl and the Azure CLI (set-up installed them).
fn native_tests() -> Vec<Command> {
    // --no-fail-fast: every test binary runs and is counted.
    let mut c = cargo(&["test", "--workspace", "--no-fail-fast"]);
    c.env("SKEWPLAN_REQUIRE_TOOLS", "1");
    vec![c]
}

fn wasm_tests() -> Vec<Command> {
    let mut c = cargo(&[
        "test",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "skewplan-web",
        // The planner linked in: the tests have no page to load its module.
        "--features",
        "linked",
        "--test",
        "web",
        "--test",
        "jsapi",
    ]);
    c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    vec![c]
}

fn size_check() -> Vec<Command> {
    vec![cargo(&["xtask", "size", "--check"])]
}

fn e2e() -> Vec<Command> {
    let mut c = cmd("node");
    c.args(["--test", "--test-reporter=tap", "--test-concurrency=1"]).arg(root().join("tests/e2e"));
    c.env("SKEWPLAN_DIST", root().join("dist"));
    c.env("SKEWPLAN_DIST_SUBPATH", root().join("dist-subpath"));
    c.env("SKEWPLAN_MODULE", crate::module::out_dir());
    c.env("SKEWPLAN_SINGLE", crate::single_file_path());
    vec![c]
}

/// The site as shipped (relative paths, any host or sub-path), and a build
/// pinned to the sub-path `/tools/skewplan/` for the end-to-end test.
fn trunk_builds() -> Vec<Command> {
    let mut site = cmd("trunk");
    site.args(["build", "--release"]);
    let mut sub = cmd("trunk");
    sub.args(["build", "--release", "--public-url", "/tools/skewplan/", "--dist", "dist-subpath"]);
    vec![site, sub]
}

pub(crate) fn run_all() -> Result<(), String> {
    setup::all(setup::Needs::Everything)?;
    let mut results: Vec<(&'static str, bool, Tally)> = Vec::new();
    for suite in suites() {
        let blocked_by =
            suite.needs.iter().find(|need| results.iter().any(|(name, ok, _)| name == *need && !ok)).copied();
        println!("\n==> {}", suite.name);
        let mut tally = Tally::default();
        let ok = match blocked_by {
            Some(need) => {
                println!("not run: `{need}` failed");
                false
            }
            None => {
                // Every command runs, even after one fails, so all problems show.
                let mut ok = true;
                for mut c in (suite.commands)() {
                    ok &= run_streaming(&mut c, |line| tally.read(line));
                }
                ok
            }
        };
        if suite.is_check {
            tally = Tally { passed: u64::from(ok), failed: u64::from(!ok) };
        } else if !ok && tally.failed == 0 {
            // Did not compile or crashed before reporting: count it as a failure.
            tally.failed = 1;
        }
        results.push((suite.name, ok, tally));
    }

    println!("\n==> summary");
    let (mut passed, mut failed) = (0, 0);
    for (name, ok, tally) in &results {
        println!(
            "{:<34} {:>6} passed {:>4} failed  {}",
            name,
            tally.passed,
            tally.failed,
            if *ok { "ok" } else { "FAILED" }
        );
        passed += tally.passed;
        failed += tally.failed;
    }
    println!("{passed} passed, {failed} failed");
    if results.iter().all(|(_, ok, _)| *ok) {
        Ok(())
    } else {
        Err(format!("{} suite(s) failed", results.iter().filter(|(_, ok, _)| !ok).count()))
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn reads_cargo_and_tap_closing_lines() {
        let mut t = Tally::default();
        t.read("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        t.read("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out");
        t.read("# pass 4");
        t.read("# fail 1");
        t.read("running 5 tests");
        assert_eq!((t.passed, t.failed), (19, 3));
    }
}
