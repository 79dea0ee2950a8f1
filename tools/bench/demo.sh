#!/usr/bin/env bash
# Benchmark of the main job: `rsp-lab demo` with the defaults (1,000 devices, 12 countries,
# 180 days), release build, each run in a fresh data directory (PKI generated, databases
# created). Prints each run's wall-clock time and the median. Extra arguments go to the demo.
#   tools/bench/demo.sh [RUNS] [-- demo options...]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
shift || true
[ "${1:-}" = "--" ] && shift
cargo build --release -q -p lab
bin=target/release/rsp-lab
times=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  t0=$(date +%s.%N)
  "$bin" demo --data "$dir/data" "$@" >"$dir/out.txt"
  t1=$(date +%s.%N)
  t=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')
  times+=("$t")
  printf 'run %d: %.1f s  (%s)\n' "$i" "$t" "$(tail -n 2 "$dir/out.txt" | head -n 1)"
  rm -rf "$dir"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median of %d runs: %.1f s on %s cores (%s)\n' "$runs" "$median" "$(nproc)" "$(uname -m)"
