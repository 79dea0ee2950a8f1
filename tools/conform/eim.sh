#!/usr/bin/env bash
# `rsp-lab conform eim` against `rsp-lab eim serve` (the eIM) started as a process of its
# own, with `rsp-lab smdp serve` behind it for the downloads it relays: a lab PKI, the
# SM-DP+ on two free loopback ports (ES9+, ES2+) with two profiles, the eIM on two more
# (ESipa, operator API) with indirectProfileDownload in its configuration, an order placed
# and released over ES2+ (`rsp-lab es2`) for the indirect download's Activation Code, and
# the runner registering its EID and queueing its operations over the operator API as
# operator1. Every case must pass (the runner's exit status); the results are left in WORK
# as results.json, results.xml (JUnit) and the evidence directory.
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
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
es9_port=$(free_port); es2_port=$(free_port); esipa_port=$(free_port); api_port=$(free_port)
fqdn=eim.rsp-lab.test    # the eIM TLS certificate's dNSName of `certs generate`
smdp=smdp.rsp-lab.test   # the SM-DP+'s

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap stop EXIT
wait_port() { # PORT PID LOG
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; die "a server exited ($3)"; }
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$1 ($3)"
}

"$rsp_lab" certs generate --out "$work/pki" >/dev/null
"$rsp_lab" smdp inventory add --data "$work/smdp" --type conform --count 2 \
  --iccid-start 8949010000000000016 --imsi-start 901400000000001 >/dev/null
"$rsp_lab" smdp serve --data "$work/smdp" --pki "$work/pki" \
  --es9-listen "127.0.0.1:$es9_port" --es2-listen "127.0.0.1:$es2_port" >"$work/smdp.log" 2>&1 &
pids+=($!)
wait_port "$es2_port" "${pids[-1]}" "$work/smdp.log"
cat >"$work/eim.toml" <<TOML
indirect_profile_download = true
[smdp]
es9_url = "https://$smdp:$es9_port"
resolve = { "$smdp" = "127.0.0.1:$es9_port" }
TOML
"$rsp_lab" eim serve --data "$work/eim" --pki "$work/pki" --config "$work/eim.toml" \
  --esipa-listen "127.0.0.1:$esipa_port" --api-listen "127.0.0.1:$api_port" >"$work/eim.log" 2>&1 &
pids+=($!)
wait_port "$api_port" "${pids[-1]}" "$work/eim.log"

# a released order for any EID: the indirect download's Activation Code
es2=("$rsp_lab" es2 --pki "$work/pki" --smdp "https://$smdp:$es2_port" --resolve "127.0.0.1:$es2_port")
iccid=$("${es2[@]}" download-order --profile-type conform | json_field iccid)
matching_id=$("${es2[@]}" confirm-order --iccid "$iccid" | json_field matchingId)

# the runner's exit status is the step's: non-zero when a case fails
"$rsp_lab" conform eim --esipa "https://$fqdn:$esipa_port" --pki "$work/pki" \
  --resolve "$fqdn:$esipa_port:127.0.0.1:$esipa_port" --resolve "$fqdn:$api_port:127.0.0.1:$api_port" \
  --operator-api "https://$fqdn:$api_port" --activation-code "1\$$smdp\$$matching_id" \
  --out "$work/evidence" --json "$work/results.json" --junit "$work/results.xml"
n_a=$(python3 -c 'import json,sys; print(sum(c["verdict"]=="not-applicable" for c in json.load(open(sys.argv[1]))["cases"]))' "$work/results.json")
[ "$n_a" = 0 ] || die "$n_a cases were not applicable against our own eIM"
say "every case passed (results in $work)"
