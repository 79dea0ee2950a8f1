#!/usr/bin/env bash
# `rsp-lab conform smdp` against osmo-smdpp (pySim's SM-DP+, unchanged), its verdicts
# compared with tools/conform/osmo-smdpp-expected.json: each case that does not pass there
# is listed with the SGP.22 clause and the reason, and the script fails when a verdict
# differs from the list either way (check-expected.py). The runner knows nothing of the
# peer: the same catalogue and checks as against rsp-lab's own SM-DP+.
#
# osmo-smdpp is a copy of pySim installed beforehand (RSP_PYSIM, RSP_PYSIM_PYTHON; skipped
# with a notice without it), started by tools/peers/osmo-smdpp-serve.sh as for
# osmo-smdpp.sh, with certificates of a PKI that `rsp-lab certs generate` makes (the
# runner's eUICC is that SGP.26 folder). It has no ES2+ here; its Matching IDs name the
# profile files of smdpp-data/upp, so one serves every case (--reuse-matching-id).
#
# Usage: RSP_PYSIM=/path/to/pysim tools/conform/osmo-smdpp.sh [WORK]
# Environment: RSP_PYSIM, RSP_PYSIM_PYTHON (default python3), RSP_LAB (default
# target/debug/rsp-lab, built if missing), PORT (default: a free one)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'conform/osmo-smdpp.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

. "$root/tools/peers/osmo-smdpp-serve.sh"
osmo_smdpp_wanted || exit 0
rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: the tests' features (HACKING.md)
fi
work=${1:-$(mktemp -d /tmp/rsp-lab-conform-osmo.XXXXXX)}
mkdir -p "$work"; work=$(cd "$work" && pwd)

osmo_smdpp_start "$work"

# the runner fails on the cases osmo-smdpp fails; the list decides
"$rsp_lab" conform smdp --es9 "https://$host" --credentials "$certs" \
  --resolve "$host:443:127.0.0.1:$port" \
  --matching-id TS48V2-SAIP2-1-BERTLV-UNIQUE --reuse-matching-id --timeout 60 \
  --out "$work/evidence" --json "$work/results.json" --junit "$work/results.xml" || true
[ -s "$work/results.json" ] || die "the runner wrote no results"
python3 tools/conform/check-expected.py "$work/results.json" tools/conform/osmo-smdpp-expected.json
