//! The `skewplan` command: each case in `tests/cmd/` runs the real binary
//! and compares its output and exit code.

/// "Today" for every case (a case may pass `--today`), so no output changes
/// with the calendar. Within 90 days of both embedded data files' dates.
const TODAY: &str = "2026-10-01";

#[test]
fn cli_cases() {
    trycmd::TestCases::new().env("SKEWPLAN_TODAY", TODAY).case("tests/cmd/*.toml");
}
