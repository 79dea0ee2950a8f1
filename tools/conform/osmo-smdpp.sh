#!/usr/bin/env bash
# `rsp-lab conform smdp` against osmo-smdpp (pySim's SM-DP+, unchanged), its verdicts
# compared with tools/conform/osmo-smdpp-expected.json: each case that does not pass there
# is listed with the SGP.22 clause and the reason, and the script fails when a verdict
# differs from the list either way (check-expected.py). The runner knows nothing of the
# peer: the same catalogue and checks as against rsp-lab's own SM-DP+.
#
# osmo-smdpp is set up as tools/peers/osmo-smdpp.sh sets it up: pySim's venv
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

shared=$(cd "$root/.." && pwd)/shared/peers
[ -f "$shared/generate_smdpp_certs_valid.py" ] || die "$shared is missing (../shared/peers)"
pysim=$(tools/peers/pysim-venv.sh ${PYSIM_DIR:+"$PYSIM_DIR"})
py=$pysim/venv/bin/python
src=$pysim/peers/pysim
rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: the tests' features (HACKING.md)
fi
work=${1:-$(mktemp -d /tmp/rsp-lab-conform-osmo.XXXXXX)}
mkdir -p "$work"; work=$(cd "$work" && pwd)

run=$work/smdpp
mkdir -p "$run/smdpp-data"
for f in osmo-smdpp.py pySim; do ln -sfn "$src/$f" "$run/$f"; done
ln -sfn "$src/smdpp-data/upp" "$run/smdpp-data/upp"
if [ ! -f "$run/smdpp-data/generated/eUICC/CERT_EUICC_ECDSA_NIST.der" ]; then
  (cd "$run" && "$py" "$shared/generate_smdpp_certs_valid.py" >"$work/certs.log" 2>&1) \
    || { cat "$work/certs.log" >&2; die "generate_smdpp_certs_valid.py failed"; }
fi
certs=$run/smdpp-data/generated
# DSA-style DH parameters in a second, instead of osmo-smdpp's own (minutes)
if [ ! -f "$certs/dhparam2048.pem" ] && command -v openssl >/dev/null 2>&1; then
  openssl dhparam -dsaparam -out "$certs/dhparam2048.pem" 2048 2>/dev/null || rm -f "$certs/dhparam2048.pem"
fi

port=${PORT:-$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
host=testsmdpplus1.example.com   # osmo-smdpp's HOSTNAME, the name in its TLS certificate
(cd "$run" && exec "$py" "$shared/smdpp_loopback.py" -p "$port" -c generated) \
  >"$work/osmo-smdpp.log" 2>&1 &
smdpp_pid=$!
trap 'kill "$smdpp_pid" 2>/dev/null || true; wait "$smdpp_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 360); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$smdpp_pid" 2>/dev/null || { cat "$work/osmo-smdpp.log" >&2; die "osmo-smdpp exited"; }
  sleep 0.5
done
say "osmo-smdpp on 127.0.0.1:$port (log $work/osmo-smdpp.log)"

# the runner fails on the cases osmo-smdpp fails; the list decides
"$rsp_lab" conform smdp --es9 "https://$host" --credentials "$certs" \
  --resolve "$host:443:127.0.0.1:$port" \
  --matching-id TS48V2-SAIP2-1-BERTLV-UNIQUE --reuse-matching-id --timeout 60 \
  --out "$work/evidence" --json "$work/results.json" --junit "$work/results.xml" || true
[ -s "$work/results.json" ] || die "the runner wrote no results"
python3 tools/conform/check-expected.py "$work/results.json" tools/conform/osmo-smdpp-expected.json
