#!/usr/bin/env bash
# rsp-lab's own LPA and IPA driving a card in a PC/SC reader (`--reader`): the software eUICC
# served to pcscd through vsmartcard-vpcd, reached by `rsp-lab lpa --reader` and
# `rsp-lab ipa --reader` exactly as a real eUICC in a USB reader would be.
#
# Starts the SM-DP+ (`rsp-lab smdp serve`) and the eIM (`rsp-lab eim serve`) on loopback,
# makes an IoT eUICC from the eIM's configuration, serves it to vpcd, then through the reader:
#   1. lpa list (no profiles), and the EID matches the state file's;
#   2. lpa download of an ES2+ order with an Activation Code, then list (the ICCID is there);
#   3. ipa run --once: first contact with the eIM (the eIM asks for the eUICC's data);
#   4. an enable of the downloaded profile queued at the eIM, ipa run --once executes it,
#      the eIM's operation is done and lpa list shows the profile enabled;
#   5. clear errors: a reader that does not exist, and the card gone from the reader;
#   6. bad card answers (bad_card.py, a card served to vpcd that misbehaves): SELECT ISD-R
#      refused with 6A82, STORE DATA refused with 6985, a response without a status word,
#      and the card leaving in the middle of a command; each ends in its own clear error;
#   7. `rsp-lab recovery run` with the IPA through the reader as the device under test:
#      two shipped scenarios (a rollback with the eIM unreachable, a stale counter) pass.
# Exits non-zero on any failure. pcscd is started unless it runs already; processes it
# started are stopped on exit. Without pcscd or vsmartcard-vpcd installed, and not root to
# install them, it prints a notice and exits 0.
#
# Usage: RSP_LAB=target/debug/rsp-lab tools/pcsc/check-lpa-reader.sh
# Environment: READER (default "Virtual PCD 00 00", vpcd's first slot), CHECK_TIMEOUT
# (seconds to wait for the card in the reader, default 30).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 'check-lpa-reader.sh: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
[ -n "${RSP_LAB:-}" ] || die "set RSP_LAB to the rsp-lab binary"
RSP_LAB=$(cd "$(dirname "$RSP_LAB")" && pwd)/$(basename "$RSP_LAB")
reader=${READER:-Virtual PCD 00 00}
timeout=${CHECK_TIMEOUT:-30}

missing=()
for pkg in pcscd vsmartcard-vpcd; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        say "notice: ${missing[*]} not installed and not root: the PC/SC reader check is skipped"
        exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/rsp-lab-lpa-reader.XXXXXX)
pids=()
cleanup() {
    local rc=$? p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ "$rc" = 0 ]; then
        rm -rf "$work"
    else
        say "files and logs in $work"
        for f in card.log smdp.log eim.log pcscd.log; do
            [ -s "$work/$f" ] && { say "--- last lines of $f"; tail -n 15 "$work/$f" >&2; }
        done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    local port=$1 pid=$2
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || die "the process behind port $port exited"
        sleep 0.1
    done
    die "nothing listens on port $port"
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# --- the servers ---------------------------------------------------------------------------
es9=$(free_port); es2=$(free_port); esipa=$(free_port); api_port=$(free_port)
"$RSP_LAB" certs generate --out pki >/dev/null
"$RSP_LAB" smdp inventory add --data smdp --type global --count 2 \
    --iccid-start 8949010000000000016 --imsi-start 901400000000001 >/dev/null
"$RSP_LAB" smdp serve --data smdp --pki pki --es9-listen "127.0.0.1:$es9" \
    --es2-listen "127.0.0.1:$es2" >smdp.log 2>&1 &
pids+=($!)
wait_port "$es9" "${pids[-1]}"
"$RSP_LAB" eim serve --data eim --pki pki --esipa-listen "127.0.0.1:$esipa" \
    --api-listen "127.0.0.1:$api_port" >eim.log 2>&1 &
pids+=($!)
wait_port "$api_port" "${pids[-1]}"
ci=pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem
api=(curl -sS --fail-with-body --cert pki/Operators/operator1/CERT_OPERATOR_TLS_NIST.pem
     --key pki/Operators/operator1/SK_OPERATOR_TLS_NIST.pem --cacert "$ci"
     --resolve "eim.rsp-lab.test:$api_port:127.0.0.1")
base="https://eim.rsp-lab.test:$api_port"
"${api[@]}" "$base/v1/eim" | json_field eimConfigurationData >eim.b64

# --- the card ------------------------------------------------------------------------------
"$RSP_LAB" euicc --state euicc.json init --pki pki --eim-config eim.b64 >/dev/null
eid=$("$RSP_LAB" euicc --state euicc.json info --json | json_field eid)
"${api[@]}" -H 'content-type: application/json' -d "{\"eid\":\"$eid\"}" "$base/v1/devices" >/dev/null

# shellcheck source=tools/pcsc/pcscd.sh
. "$here/pcscd.sh"
start_pcscd
"$RSP_LAB" euicc --state euicc.json vpcd >card.log 2>&1 &
card_pid=$!
pids+=("$card_pid")

lpa=("$RSP_LAB" lpa --reader "$reader")
# 1. the card appears in the reader; the LPA lists it through PC/SC
listed=""
for _ in $(seq 1 "$((timeout * 2))"); do
    if listed=$("${lpa[@]}" list 2>lpa-list.err); then break; fi
    kill -0 "$card_pid" 2>/dev/null || die "the card process exited"
    sleep 0.5
    listed=""
done
[ -n "$listed" ] || die "no card in reader \"$reader\": $(cat lpa-list.err)"
[ "$listed" = "no profiles" ] || die "a new eUICC lists: $listed"
say "lpa --reader list: $listed"

# 2. a download from the SM-DP+ through the reader
es2_args=(--pki pki --smdp "https://smdp.rsp-lab.test:$es2" --resolve "127.0.0.1:$es2")
iccid=$("$RSP_LAB" es2 "${es2_args[@]}" download-order --eid "$eid" --profile-type global | json_field iccid)
mid=$("$RSP_LAB" es2 "${es2_args[@]}" confirm-order --iccid "$iccid" --eid "$eid" | json_field matchingId)
"${lpa[@]}" --ca "$ci" --resolve "smdp.rsp-lab.test:443:127.0.0.1:$es9" --json \
    download --ac "LPA:1\$smdp.rsp-lab.test\$$mid" >download.json \
    || die "lpa --reader download"
grep -q "$iccid" download.json || die "the download's report has no ICCID $iccid: $(cat download.json)"
"${lpa[@]}" list | grep -q "^$iccid  disabled" || die "lpa --reader list does not show $iccid disabled"
say "lpa --reader download: $iccid installed"

# 3. and 4. the IPA through the reader: first contact, then an enable from the eIM
ipa=("$RSP_LAB" ipa --reader "$reader" run --once --ca "$ci"
     --resolve "eim.rsp-lab.test:$esipa:127.0.0.1")
"${ipa[@]}" >ipa-first.log 2>&1 || { cat ipa-first.log >&2; die "ipa --reader run (first contact)"; }
op=$("${api[@]}" -H 'content-type: application/json' \
    -d "{\"type\":\"enable\",\"iccid\":\"$iccid\",\"rollback\":false}" \
    "$base/v1/devices/$eid/operations" | json_field id)
"${ipa[@]}" >ipa-enable.log 2>&1 || { cat ipa-enable.log >&2; die "ipa --reader run (enable)"; }
state=$("${api[@]}" "$base/v1/operations/$op" | json_field state)
[ "$state" = done ] || die "the eIM's enable operation is $state, not done: $(cat ipa-enable.log)"
"${lpa[@]}" list | grep -q "^$iccid  enabled" || die "lpa --reader list does not show $iccid enabled"
say "ipa --reader run: the eIM's enable of $iccid is done"

# 5. clear errors, exit status 1
expect_error() { # what expected-text (extended regular expression) command...
    local what=$1 text=$2 rc=0; shift 2
    "$@" >/dev/null 2>error.txt || rc=$?
    [ "$rc" != 0 ] || die "$what: no error"
    grep -qE "$text" error.txt || die "$what: $(cat error.txt)"
    say "$what: $(cat error.txt)"
}
expect_error "an unknown reader" "PC/SC: no reader \"No Such Reader\" among 0: \"" \
    "$RSP_LAB" lpa --reader "No Such Reader" list
# the card leaves the reader: while vpcd notices, a command meets a card that stopped
# answering; afterwards the reader is empty
kill "$card_pid"
wait "$card_pid" 2>/dev/null || true
expect_error "the card gone" \
    "PC/SC: (no card in reader|the card in reader \"$reader\" was removed)" "${lpa[@]}" list

# 6. cards that answer wrongly; while the previous card leaves the reader, a command meets
# no card or a card that stopped answering, and is tried again
bad_card() { # mode expected-text (extended regular expression)
    local mode=$1 text=$2 pid rc
    rm -f vanished
    python3 "$here/bad_card.py" "$mode" "$work/vanished" >"bad-$mode.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 "$((timeout * 2))"); do
        rc=0
        "${lpa[@]}" list >/dev/null 2>error.txt || rc=$?
        [ "$rc" != 0 ] || die "bad card $mode: no error"
        ! grep -q panicked error.txt || die "bad card $mode: $(cat error.txt)"
        if grep -qE "$text" error.txt && { [ "$mode" != vanish ] || [ -e vanished ]; }; then
            say "bad card $mode: $(cat error.txt)"
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            return 0
        fi
        grep -qE "no card in reader|was removed or stopped answering" error.txt \
            || die "bad card $mode: $(cat error.txt)"
        sleep 0.5
    done
    die "bad card $mode: $(cat error.txt)"
}
bad_card select-refused "SELECT ISD-R with 6A82 \(application not found\)"
bad_card store-refused "STORE DATA with 6985 \(conditions of use not satisfied\)"
bad_card truncated "STORE DATA with 1 octets, no status word"
bad_card vanish "the card in reader \"$reader\" was removed or stopped answering"

# 7. recovery scenarios through the reader: `rsp-lab recovery run` plays the servers' side
# and starts the device under test as a command, as a tester's would be: a card holding
# the runner's eIM configuration (made once, kept from one scenario to the next as a real
# card keeps its profiles and counter), served to vpcd, and rsp-lab's IPA driving it
# through the reader. The runner stops the command's whole process group after each.
rec_eid=89049032123451234512345678901235   # the lab PKI's own eUICC
q() { printf '%q' "$1"; }
device="[ -e rec-card.json ] || $(q "$RSP_LAB") euicc --state rec-card.json init --pki rec/pki \
    --eim-config \"\$RSP_EIM_CONFIG\" >/dev/null || exit 1
$(q "$RSP_LAB") euicc --state rec-card.json vpcd >>rec-card.log 2>&1 &
until $(q "$RSP_LAB") lpa --reader $(q "$reader") list >/dev/null 2>&1; do sleep 0.5; done
$(q "$RSP_LAB") ipa --reader $(q "$reader") run --eim \"\$RSP_ESIPA_URL\" --ca \"\$RSP_CA\" \
    --resolve \"\$RSP_RESOLVE_EIM\" --resolve \"\$RSP_RESOLVE_SMDP\" --interval 1 --rollback-after 3"
"$RSP_LAB" recovery run rollback-eim-unreachable stale-counter --data rec --out rec-out \
    --eid "$rec_eid" --device-command "$device" --time-scale 2 --json rec.json \
    >recovery.log 2>&1 || { cat recovery.log >&2; die "recovery scenarios through the reader"; }
python3 - rec.json <<'PY' || die "recovery scenarios through the reader: $(cat recovery.log)"
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
assert len(cases) == 2 and all(c["verdict"] == "pass" for c in cases), cases
PY
say "recovery run through the reader: rollback-eim-unreachable and stale-counter pass"
say "passed"
