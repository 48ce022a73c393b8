//! The `skewplan` command: each case in `tests/cmd/` runs the real binary
//! and compares its output and exit code.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
