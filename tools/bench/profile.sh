#!/usr/bin/env bash
# Where a benchmark's CPU goes, by thread and by function, with call stacks:
#   tools/bench/profile.sh [RSP_LAB_ARGS ...]
# e.g. tools/bench/profile.sh bench download --concurrency 64 --downloads 2048 --profile F
#      tools/bench/profile.sh bench fleet --sizes 10000
# (default: bench fleet --sizes 1000). Builds rsp-lab with frame pointers and line tables
# into target/profiling (a first build takes about 6 minutes on 2 cores; the release
# binary is left alone), records it with `perf record -g` (FREQ samples/s, default 499),
# and prints each thread's share of the samples (the roles' threads carry their names:
# smdp-db-w0 is the SM-DP+'s SQLite writer, bench-client the devices' runtime, ...) and
# the functions of this workspace, SQLite and the kernel's system calls with the share of
# samples under them (inclusive). libc has no frame pointers: malloc and memmove show as
# leaves whose callers are unknown. The recording stays in target/profiling/perf.data for
# `perf report -i`. Last, each sample counted once by layer (the roles' code, the HTTP/TLS
# exchanges of each side, the database threads, ...). The tables are tools/bench/layers.py's.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v perf >/dev/null || {
  echo "perf is not installed (Debian: apt-get install linux-perf)" >&2
  exit 1
}
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(bench fleet --sizes 1000)
out=target/profiling
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only RUSTFLAGS="-C force-frame-pointers=yes" \
  cargo build --release -q --bin rsp-lab --target-dir "$out"
perf record -q -F "${FREQ:-499}" -g -o "$out/perf.data" \
  "$out/release/rsp-lab" "${args[@]}" >"$out/run.txt" 2>/dev/null
perf script -i "$out/perf.data" -F comm,ip,sym 2>/dev/null | python3 tools/bench/layers.py "${TOP:-60}"
