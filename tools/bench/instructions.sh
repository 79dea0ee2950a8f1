#!/usr/bin/env bash
# Instructions a fleet run costs, counted by valgrind's callgrind: the same binary and seed
# give the same count within 0.1 %, while wall and CPU time drift by 20-30 % within the hour
# on the 2-core VMs, so a change of a few percent can be compared only this way.
#   tools/bench/instructions.sh [SIZE] [BIN ...]
# SIZE devices (default 200; 1,000 takes about 5 minutes per binary), each BIN in turn
# (default: target/release/rsp-lab, built first). Prints per binary the instructions, the
# polls and downloads (they must match between binaries), and the instructions per poll.
# What it does not count: the kernel (system calls, page copies, task switches), which
# `bench fleet`'s CPU column includes. ring runs its portable P-256 code under valgrind
# (no ADX), so elliptic-curve work weighs about three times what it does natively.
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-200}
shift || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release -q -p lab
  bins=(target/release/rsp-lab)
fi
command -v valgrind >/dev/null || {
  echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-40s %16s %8s %9s %12s\n' binary instructions polls downloads "per poll"
for bin in "${bins[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
    "$bin" bench fleet --sizes "$size" --json >"$work/fleet.json" 2>"$work/valgrind.txt"
  refs=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$work/valgrind.txt" | tr -d ,)
  if [ -z "$refs" ]; then
    echo "$bin: valgrind reported no instruction count; its output:" >&2
    tail -20 "$work/valgrind.txt" >&2
    exit 1
  fi
  python3 - "$bin" "$refs" "$work/fleet.json" <<'PY'
import json, sys
bin, refs, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
run = json.load(open(path))["runs"][0]
if not run["guarantees_passed"]:
    sys.exit(f"{bin}: the run's guarantees failed")
print(f"{bin:40s} {refs:16,d} {run['polls']:8d} {run['downloads']:9d} {refs / run['polls']:12,.0f}")
PY
done
