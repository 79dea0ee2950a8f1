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
# `perf report -i`. Last, each sample counted once by layer (tools/bench/layers.py: the
# roles' code, the HTTP/TLS exchanges of each side, the database threads, ...).
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
perf script -i "$out/perf.data" -F comm,ip,sym 2>/dev/null | python3 -c '
import collections, re, sys
ours = re.compile(r"^(<)?(storage|infra|proto|certs|euicc_sim|sm_dp|sm_sr|lab|ledger)::|^sqlite3|^__x64_sys_")
threads, inclusive, total, stack, thread = collections.Counter(), collections.Counter(), 0, [], None
def flush():
    global total
    if thread is None:
        return
    total += 1
    threads[re.sub(r"\d+$", "N", thread)] += 1
    for f in {re.sub(r"::\{\{closure\}\}", "", f) for f in stack if ours.search(f)}:
        inclusive[f] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); stack, thread = [], None
    elif line[0] not in " \t":
        thread = line.split()[0]
    else:
        parts = line.split(None, 1)
        if len(parts) == 2:
            stack.append(parts[1].strip())
flush()
if total == 0:
    sys.exit("no samples")
print(f"{total} samples\n\nby thread:")
for name, n in threads.most_common(12):
    print(f"{100 * n / total:6.2f} %  {name}")
print("\nby function (samples under it):")
for name, n in inclusive.most_common(int(sys.argv[1])):
    print(f"{100 * n / total:6.2f} %  {name[:140]}")
' "${TOP:-60}"
perf script -i "$out/perf.data" -F comm,ip,sym 2>/dev/null | python3 tools/bench/layers.py
