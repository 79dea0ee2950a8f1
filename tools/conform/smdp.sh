#!/usr/bin/env bash
# `rsp-lab conform smdp` against `rsp-lab smdp serve` started as a process of its own: a lab
# PKI, an inventory of one Profile Type, the server on two free loopback ports, and the
# runner placing its orders over ES2+ as operator1. Every case must pass (the runner's
# exit status); the results are left in WORK as results.json, results.xml (JUnit) and the
# evidence directory.
#
# Usage: tools/conform/smdp.sh [WORK]
# Environment: RSP_LAB (default target/debug/rsp-lab, built if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'conform/smdp.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: the tests' features (HACKING.md)
fi
work=${1:-$(mktemp -d /tmp/rsp-lab-conform.XXXXXX)}
rm -rf "$work"; mkdir -p "$work"; work=$(cd "$work" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
es9_port=$(free_port); es2_port=$(free_port)
fqdn=smdp.rsp-lab.test   # the DPtls certificate's dNSName of `certs generate`

"$rsp_lab" certs generate --out "$work/pki" >/dev/null
"$rsp_lab" smdp inventory add --type conform --count 40 --iccid-start 8949010000000000016 \
  --imsi-start 901400000000001 --data "$work/smdp" >/dev/null
"$rsp_lab" smdp serve --data "$work/smdp" --pki "$work/pki" \
  --es9-listen "127.0.0.1:$es9_port" --es2-listen "127.0.0.1:$es2_port" >"$work/smdp.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$es2_port") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/smdp.log" >&2; die "smdp serve exited"; }
  sleep 0.1
done

# the runner's exit status is the step's: non-zero when a case fails
"$rsp_lab" conform smdp --es9 "https://$fqdn" --pki "$work/pki" \
  --resolve "$fqdn:443:127.0.0.1:$es9_port" --resolve "$fqdn:$es2_port:127.0.0.1:$es2_port" \
  --es2 "https://$fqdn:$es2_port" --operator operator1 --profile-type conform \
  --out "$work/evidence" --json "$work/results.json" --junit "$work/results.xml"
n_a=$(python3 -c 'import json,sys; print(sum(c["verdict"]=="not-applicable" for c in json.load(open(sys.argv[1]))["cases"]))' "$work/results.json")
# with ES2+ every case can run against our server: one left aside is a defect too
[ "$n_a" = 0 ] || die "$n_a cases were not applicable against our own SM-DP+"
say "every case passed (results in $work)"
