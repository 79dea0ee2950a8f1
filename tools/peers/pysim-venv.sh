#!/usr/bin/env bash
# Prepares pySim (../shared/peers/pysim) to run unchanged: a writable copy of the peers folder
# (pip builds its local dependencies in place) and a virtual environment with its
# requirements. Idempotent; prints the folder it prepared, which holds:
#   venv/            python with pySim's requirements (pyscard, asn1tools fork, klein, Twisted…)
#   peers/pysim/     pySim-read.py, pySim-shell.py, osmo-smdpp.py, contrib/
#   peers/*.py       the helper scripts beside pySim in ../shared/peers
# Usage: tools/peers/pysim-venv.sh [DIR]      (DIR defaults to .peers/pysim in the checkout)
# Needs: python3-venv, swig, libpcsclite-dev, a C compiler (installed by .ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$root/.." && pwd)/shared/peers
[ -d "$shared/pysim" ] || { echo "pysim-venv: $shared/pysim is missing (../shared/peers)" >&2; exit 1; }
dir=${1:-$root/.peers/pysim}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
stamp="$dir/.ready"
if [ ! -f "$stamp" ] || [ "$shared/pysim-requirements.txt" -nt "$stamp" ]; then
  rm -rf "$dir/peers"
  cp -r "$shared" "$dir/peers"
  chmod -R u+w "$dir/peers"
  [ -x "$dir/venv/bin/python" ] || python3 -m venv "$dir/venv"
  (cd "$dir/peers" && "$dir/venv/bin/pip" install --quiet --disable-pip-version-check \
      -r pysim-requirements.txt) >&2
  touch "$stamp"
fi
echo "$dir"
