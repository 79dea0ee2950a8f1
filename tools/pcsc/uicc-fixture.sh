# Sourced by check-uicc.sh and ../pysim/check-pysim.sh: the eIM (`rsp-lab eim serve`) on
# loopback and an IoT eUICC with two profiles (the uicc_fixture example: TS.48 packages
# personalized with MILENAGE keys when ../shared/reference/ts48 is there, the lab's minimal
# profile otherwise), registered with the eIM, which has an enable of the second profile
# queued. Expects RSP_LAB and UICC_FIXTURE (checked here, made absolute), root, say and die;
# UICC_FIXTURE_ARGS adds to the example's arguments, FIXTURE_NAME names the work folder.
# Sets work, esipa_port, api, base, eid, second and op; the eIM is stopped on exit, the
# work folder kept when the caller fails.
[ -n "${RSP_LAB:-}" ] || die "set RSP_LAB to the rsp-lab binary"
[ -n "${UICC_FIXTURE:-}" ] || die "set UICC_FIXTURE to the uicc_fixture example binary"
command -v curl >/dev/null || die "curl is needed for the eIM's operator API"
absolute() { printf '%s/%s' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")"; }
RSP_LAB=$(absolute "$RSP_LAB")
UICC_FIXTURE=$(absolute "$UICC_FIXTURE")

work=$(mktemp -d "/tmp/rsp-lab-${FIXTURE_NAME:-uicc}.XXXXXX")
eim_pid=""
cleanup() {
    local rc=$?
    if [ -n "$eim_pid" ] && kill -0 "$eim_pid" 2>/dev/null; then
        kill "$eim_pid" 2>/dev/null || true
        wait "$eim_pid" 2>/dev/null || true
    fi
    if [ "$rc" = 0 ]; then
        rm -rf "$work"
    else
        say "failed; files in $work"
        tail -n 20 "$work/eim.log" >&2 || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
esipa_port=$(free_port)
api_port=$(free_port)

cd "$work"
"$RSP_LAB" certs generate --out pki >/dev/null
"$RSP_LAB" eim serve --data eim --pki pki \
    --esipa-listen "127.0.0.1:$esipa_port" --api-listen "127.0.0.1:$api_port" \
    >eim.log 2>&1 &
eim_pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break
    kill -0 "$eim_pid" 2>/dev/null || die "eim serve exited"
    sleep 0.1
done

api=(curl -sS --fail-with-body --cert pki/Operators/operator1/CERT_OPERATOR_TLS_NIST.pem
     --key pki/Operators/operator1/SK_OPERATOR_TLS_NIST.pem
     --cacert pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem
     --resolve "eim.rsp-lab.test:$api_port:127.0.0.1")
base="https://eim.rsp-lab.test:$api_port"
# eimConfigurationData (base64 of DER) as the eUICC's manufacturer installs it
"${api[@]}" "$base/v1/eim" | python3 -c '
import base64, json, sys
sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["eimConfigurationData"]))' >eim.der

template=()
# UICC_TEMPLATE: the package to personalize (default a TS.48 file; "minimal": the lab's own)
ts48=${UICC_TEMPLATE:-$root/../shared/reference/ts48/TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der}
if [ -f "$ts48" ]; then
    template=(--template "$ts48")
elif [ "$ts48" != minimal ]; then
    say "notice: $ts48 absent; the profiles are the lab's minimal profile"
fi
# UICC_FIXTURE_ARGS: more arguments, e.g. "--first-algorithm keep"
# shellcheck disable=SC2086
"$UICC_FIXTURE" --pki pki --eim-config eim.der --state euicc.json \
    --subscribers subscribers.json "${template[@]}" ${UICC_FIXTURE_ARGS:-}
eid=$("$RSP_LAB" euicc --state euicc.json info --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["eid"])')
second=$(python3 -c 'import json; print([s["iccid"] for s in json.load(open("subscribers.json")) if not s["enabled"]][0])')
"${api[@]}" -H 'content-type: application/json' -d "{\"eid\":\"$eid\"}" "$base/v1/devices" >/dev/null
# first contact (the eIM asks for the eUICC's data) by the device's own IPA, before the
# card is served; the swap itself goes through the PC/SC IPA of check_uicc.py
"$RSP_LAB" ipa --state euicc.json run --once --resolve "eim.rsp-lab.test:$esipa_port:127.0.0.1" >ipa.log
op=$("${api[@]}" -H 'content-type: application/json' \
    -d "{\"type\":\"enable\",\"iccid\":\"$second\",\"rollback\":false}" \
    "$base/v1/devices/$eid/operations" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
say "eUICC $eid registered; enable of $second queued at the eIM"

