#!/usr/bin/env bash
# Runs every fuzz target for N seconds each (default 60), corpus seeded from
# the real fixtures. Needs cargo-fuzz (`cargo install cargo-fuzz`).
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(input version plan render)
mkdir -p corpus/input corpus/version corpus/plan corpus/render
# Seed: every real fixture, and every version string found in them (awk, not
# head, reads to the end, so pipefail sees no SIGPIPE).
find ../tests/fixtures/real -type f ! -name SOURCES.md -exec cp {} corpus/input/ \;
grep -rhoE '"?v?[0-9]+\.[0-9]+(\.[0-9]+)?(-[A-Za-z0-9.+-]+)?"?' ../tests/fixtures/real | tr -d '"' | sort -u | awk 'NR <= 500' |
  while read -r v; do printf '%s' "$v" > "corpus/version/$(printf '%s' "$v" | md5sum | cut -c1-16)"; done
# libFuzzer needs the sanitizer flags of a nightly compiler; RUSTC_BOOTSTRAP
# lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  echo "== fuzz target $t for ${seconds}s"
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=1048576 -rss_limit_mb=4096 -timeout=10 2>&1 | tail -n 15
done
