#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (one process each, no -jobs; JOBS of them at a time, 1 by
# default) and prints a Markdown table: executions, crashes, corpus size and coverage
# features per target.
#
#   tools/fuzz/run.sh [-t SECONDS | -r RUNS] [TARGET...]     default: -t 30, every target
#
# Builds with the nightly toolchain (cargo fuzz build -O -a: release with debug assertions
# and overflow checks; FUZZ_PROFILE=dev: -D -a, unoptimized, which builds in about a quarter
# of the time and runs several times slower: CI's 10 s smoke run) once, then runs each
# binary with fuzz/corpus/<target> as its corpus
# (grown in place; tools/fuzz/seed.sh fills it) and fuzz/seeds/<target> as read-only seeds.
# A crash, leak, timeout or out-of-memory input is saved to fuzz/artifacts/<target>/ and
# counted; the script exits non-zero if any target found one.
#
# Environment: SANITIZER (none by default: the code under test is safe Rust, and what is
# looked for — panics, overflows, unbounded allocation, hangs — needs no sanitizer; set
# `address` for ASan), TOOLCHAIN (nightly), FUZZ_ARGS (more libFuzzer flags), FUZZ_LOG_DIR
# (where each target's log goes; a temporary directory by default), JOBS (targets run at once:
# each libFuzzer process keeps one core busy, so CI on 2 cores runs 2).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=(-max_total_time=30)
while getopts "t:r:" opt; do
  case $opt in
    t) mode=(-max_total_time="$OPTARG") ;;
    r) mode=(-runs="$OPTARG") ;;
    *) echo "usage: $0 [-t SECONDS | -r RUNS] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

toolchain=${TOOLCHAIN:-nightly}
sanitizer=${SANITIZER:-none}
case ${FUZZ_PROFILE:-release} in
  release) build=(-O -a) out=release ;;
  dev) build=(-D -a) out=debug ;;
  *) echo "FUZZ_PROFILE is release or dev, not $FUZZ_PROFILE" >&2; exit 2 ;;
esac
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# A failed link prints the linker's whole command line (tens of kB on one line) before the
# linker's own message; lines are cut to 400 characters so that message stays readable in
# logs that fold or truncate long lines.
cargo "+$toolchain" fuzz build "${build[@]}" -s "$sanitizer" 2>&1 | cut -c1-400 >&2
bin_dir=fuzz/target/$(rustc "+$toolchain" -vV | sed -n 's/^host: //p')/$out

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo "+$toolchain" fuzz list)

logs=${FUZZ_LOG_DIR:-$(mktemp -d)}
mkdir -p "$logs"
found=0
at_once=${JOBS:-1}

# One target's run; its table row goes to $logs/$t.row.
run_target() {
  local t=$1
  local corpus=fuzz/corpus/$t artifacts=fuzz/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  local seeds=()
  [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
  local before
  before=$(find "$artifacts" -type f | wc -l)
  local log=$logs/$t.log
  # shellcheck disable=SC2086
  "$bin_dir/$t" "${mode[@]}" -print_final_stats=1 -rss_limit_mb=2048 -timeout=20 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} "$corpus" "${seeds[@]}" >"$log" 2>&1 || true
  local crashes execs rate status cov ft size
  crashes=$(( $(find "$artifacts" -type f | wc -l) - before ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  status=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  size=$(find "$corpus" -type f | wc -l)
  echo "| $t | ${execs:-?} | ${rate:-?} | $crashes | $size | ${cov:-?} | ${ft:-?} |" >"$logs/$t.row"
}

for t in "${targets[@]}"; do
  rm -f "$logs/$t.row"
  while [ "$(jobs -rp | wc -l)" -ge "$at_once" ]; do wait -n || true; done
  run_target "$t" &
done
wait || true

echo "| target | executions | exec/s | crashes | corpus | coverage (edges) | features |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for t in "${targets[@]}"; do
  if [ -f "$logs/$t.row" ]; then
    row=$(cat "$logs/$t.row")
    # the crashes column: a target that found something fails the run
    [ "$(cut -d'|' -f5 <<<"$row" | tr -d ' ')" = 0 ] || found=1
    echo "$row"
  else
    echo "| $t | run failed, see $logs/$t.log | | | | | |"
    found=1
  fi
done
echo
echo "logs: $logs"
exit "$found"
