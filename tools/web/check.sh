#!/usr/bin/env bash
# The fleet dashboard and the HTML report in a real (headless) browser: runs a small demo
# with --serve --report --html while tools/web/check_web.py drives Debian's chromium over the
# DevTools protocol: the dashboard during the run and after it (the demo keeps it up), the
# operator API and the HTML file (see that script for what is asserted). Stops the demo with
# SIGINT, as Ctrl-C would.
#
#   tools/web/check.sh                      # the checks
#   tools/web/check.sh --screenshots DIR    # … and the README's PNGs into DIR
#
# Needs chromium and a Python with websocket-client (PY=..., default .venv/bin/python, see
# tools/web/requirements.txt; Pillow too makes the screenshots small); RSP_LAB=path/to/rsp-lab
# (default: cargo build -p lab).
# DEMO="--devices N --days N ..." changes the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
DEMO=${DEMO:---devices 240 --days 90 --attach-failure-rate 0.2}
shots=()
if [ "${1:-}" = "--screenshots" ]; then
  shots=(--screenshots "$2")
fi
if [ -z "${RSP_LAB:-}" ]; then
  cargo build -q -p lab
  RSP_LAB=target/debug/rsp-lab
fi
work=$(mktemp -d)
demo_pid=
cleanup() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -INT "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck disable=SC2086 # DEMO is a list of options
"$RSP_LAB" demo $DEMO --data "$work/data" --report "$work/report.json" --html "$work/report.html" \
  --serve --web-listen 127.0.0.1:0 >"$work/demo.log" 2>&1 &
demo_pid=$!
"$PY" tools/web/check_web.py --log "$work/demo.log" --pki "$work/data/pki" \
  --report "$work/report.json" --html "$work/report.html" "${shots[@]}" || {
  cat "$work/demo.log"
  exit 1
}

kill -INT "$demo_pid"
wait "$demo_pid" || { echo "the demo did not stop cleanly on SIGINT"; exit 1; }
demo_pid=
echo "the demo stopped on SIGINT"
