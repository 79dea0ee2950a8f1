#!/usr/bin/env bash
# `rsp-lab conform eim` against `rsp-lab smsr serve` (the eIM) started as a process of its
# own: a lab PKI, the eIM on two free loopback ports (ESipa, operator API), and the runner
# registering its EID and queueing its operation over the operator API as operator1.
# Every case must pass (the runner's exit status); the results are left in WORK as
# results.json, results.xml (JUnit) and the evidence directory.
#
# Usage: tools/conform/eim.sh [WORK]
# Environment: RSP_LAB (default target/debug/rsp-lab, built if missing)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'conform/eim.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: the tests' features (HACKING.md)
fi
work=${1:-$(mktemp -d /tmp/rsp-lab-conform-eim.XXXXXX)}
rm -rf "$work"; mkdir -p "$work"; work=$(cd "$work" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
esipa_port=$(free_port); api_port=$(free_port)
fqdn=eim.rsp-lab.test   # the eIM TLS certificate's dNSName of `certs generate`

"$rsp_lab" certs generate --out "$work/pki" >/dev/null
"$rsp_lab" smsr serve --data "$work/eim" --pki "$work/pki" \
  --esipa-listen "127.0.0.1:$esipa_port" --api-listen "127.0.0.1:$api_port" >"$work/eim.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/eim.log" >&2; die "smsr serve exited"; }
  sleep 0.1
done

# the runner's exit status is the step's: non-zero when a case fails
"$rsp_lab" conform eim --esipa "https://$fqdn:$esipa_port" --pki "$work/pki" \
  --resolve "$fqdn:$esipa_port:127.0.0.1:$esipa_port" --resolve "$fqdn:$api_port:127.0.0.1:$api_port" \
  --operator-api "https://$fqdn:$api_port" \
  --out "$work/evidence" --json "$work/results.json" --junit "$work/results.xml"
n_a=$(python3 -c 'import json,sys; print(sum(c["verdict"]=="not-applicable" for c in json.load(open(sys.argv[1]))["cases"]))' "$work/results.json")
[ "$n_a" = 0 ] || die "$n_a cases were not applicable against our own eIM"
say "every case passed (results in $work)"
