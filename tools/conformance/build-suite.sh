#!/usr/bin/env bash
# Builds osmocom's TTCN-3 SM-DP+ suite (smdpp_Tests + ES2Plus_Tests) from
# ../shared/conformance with Debian's eclipse-titan. Idempotent: the build is kept in
# DIR (default .peers/ttcn3 in the checkout, ignored by git) and redone when the sources in
# ../shared are newer. Prints DIR; the suite is DIR/hacks/_build/smdpp/smdpp_Tests.
#
# The suite is built as shipped plus one patch of its own folder,
# ../shared/conformance/smdpp-es2-handle-fix.patch: its ES9+ test cases provision a profile
# over ES2+ through a client handle they never create, so without it they would order
# nothing and test an empty matching ID (tools/conformance/divergences.md, "Suite defects").
# Needs: eclipse-titan libcurl4-openssl-dev libssl-dev libsctp-dev pkg-config (.ci/run
# installs them). About 6 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$(cd "$root/.." && pwd)/shared/conformance
[ -d "$src/osmo-ttcn3-hacks/smdpp" ] || { echo "build-suite: $src is missing (../shared/conformance)" >&2; exit 1; }
command -v ttcn3_compiler >/dev/null || command -v compiler >/dev/null \
  || { echo "build-suite: eclipse-titan is not installed" >&2; exit 1; }
dir=${1:-$root/.peers/ttcn3}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin="$dir/hacks/_build/smdpp/smdpp_Tests"
newest=$(find "$src" -newer "$bin" -print -quit 2>/dev/null || true)
if [ ! -x "$bin" ] || [ -n "$newest" ]; then
  rm -rf "$dir/hacks"
  cp -r "$src/osmo-ttcn3-hacks" "$dir/hacks"
  chmod -R u+w "$dir/hacks"
  (cd "$dir/hacks" && patch -s -p1 < "$src/smdpp-es2-handle-fix.patch")
  (cd "$dir/hacks" && touch .make.deps && make -s PARALLEL_MAKE=-j2 smdpp) >"$dir/build.log" 2>&1 \
    || { tail -40 "$dir/build.log" >&2; echo "build-suite: the build failed ($dir/build.log)" >&2; exit 1; }
  [ -x "$bin" ] || { echo "build-suite: no $bin after the build" >&2; exit 1; }
fi
echo "$dir"
