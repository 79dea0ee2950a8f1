#!/usr/bin/env bash
# Builds the fuzz seed corpus (fuzz/corpus/<target>/, not committed) from generated data:
# the message traces of a small `rsp-lab demo --trace-dir` run (every ES9+, ES2+ and ESipa
# body on both bindings), the TS.48 profile packages and SGP.26 certificates of
# ../shared/reference (read in place, never copied into git), and ES10 requests and APDU
# sessions built around them (tools/fuzz/seed.py).
#
#   tools/fuzz/seed.sh [OUT_DIR]          default fuzz/corpus
#   TRACE_DIR=dir tools/fuzz/seed.sh      use traces already written (skips the demo run)
#   RSP_LAB=path tools/fuzz/seed.sh       run this rsp-lab binary instead of building one
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-fuzz/corpus}
ref=${REFERENCE_DIR:-../shared/reference}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

trace=${TRACE_DIR:-}
if [ -z "$trace" ]; then
  # RSP_LAB: a binary built already (CI passes the one its tests built, which a
  # `cargo build -p lab` would rebuild with that package's features alone)
  lab=${RSP_LAB:-}
  [ -n "$lab" ] || { cargo build -q -p lab; lab=target/debug/rsp-lab; }
  trace="$work/trace"
  # a few devices over a few days reach every ESipa, ES9+ and ES2+ function
  "$lab" demo --devices 6 --days 6 --data "$work/data" \
    --report "$work/report.json" --trace-dir "$trace" >/dev/null
fi
echo "traces: $(find "$trace" -type f | wc -l) files"
python3 tools/fuzz/seed.py "$trace" "$ref" "$out"
