#!/usr/bin/env bash
# `rsp-lab conform smdp` against osmo-smdpp (pySim's SM-DP+, unchanged), its verdicts
# compared with tools/conform/osmo-smdpp-expected.json: each case that does not pass there
# is listed with the SGP.22 clause and the reason, and the script fails when a verdict
# differs from the list either way (check-expected.py). The runner knows nothing of the
# peer: the same catalogue and checks as against rsp-lab's own SM-DP+.
#
# osmo-smdpp is started by tools/peers/osmo-smdpp-serve.sh, as for osmo-smdpp.sh: pySim's venv
# (tools/peers/pysim-venv.sh), certificates valid today from generate_smdpp_certs_valid.py
# (its own CI, DPauth, DPpb, DPtls, EUM and eUICC; the runner's eUICC is that SGP.26
# folder), on 127.0.0.1 (smdpp_loopback.py). It has no ES2+ here; its Matching IDs name
# the profile files of smdpp-data/upp, so one serves every case (--reuse-matching-id).
#
# Usage: tools/conform/osmo-smdpp.sh [WORK]
# Environment: RSP_LAB (default target/debug/rsp-lab, built if missing), PYSIM_DIR (the
# folder pysim-venv.sh prepares, default .peers/pysim), PORT (default: a free one)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'conform/osmo-smdpp.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

. "$root/tools/peers/osmo-smdpp-serve.sh"
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
