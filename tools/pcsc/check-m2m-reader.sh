#!/usr/bin/env bash
# An SGP.02 M2M eUICC in a PC/SC reader, managed over the air: the software M2M eUICC served
# to pcscd through vsmartcard-vpcd, `rsp-lab m2m-device --reader` as the device around it,
# `rsp-lab smsc serve` as the SMSC and `rsp-lab smsr serve` as the SM-SR. Through the reader:
#   1. an operator's ES4 EnableProfile: the SM-SR's secured SMS reaches the card as SMS-PP
#      data download, the card answers REFRESH, the device warm-resets the card through
#      PC/SC (SCardReconnect with a reset), reads the new IMSI, attaches with the new profile,
#      and the card's Default Notification brings the SM-SR's EIS to the local profile enabled;
#   2. a DisableProfile: the card falls back to the bootstrap profile, the same way back;
#   3. the card gone from the reader: the device ends with a clear error.
# Exits non-zero on any failure. Without pcscd or vsmartcard-vpcd installed, and not root to
# install them, it prints a notice and exits 0.
#
# Usage: RSP_LAB=target/debug/rsp-lab tools/pcsc/check-m2m-reader.sh
# Environment: READER (default "Virtual PCD 00 00", vpcd's first slot), CHECK_TIMEOUT
# (seconds to wait for each step, default 30).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 'check-m2m-reader.sh: %s\n' "$*" >&2; }
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
        say "notice: ${missing[*]} not installed and not root: the M2M reader check is skipped"
        exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/rsp-lab-m2m-reader.XXXXXX)
pids=()
cleanup() {
    local rc=$? p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ "$rc" = 0 ]; then
        rm -rf "$work"
    else
        say "files and logs in $work"
        for f in card.log device.log smsc.log smsr.log pcscd.log; do
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

# --- the card and what the SM-SR knows of it -----------------------------------------------
bootstrap=8949449999999990023 local_iccid=8949449999999990031
k=000102030405060708090a0b0c0d0e0f
"$RSP_LAB" certs generate --out pki >/dev/null
"$RSP_LAB" profile personalize --iccid "$bootstrap" --imsi 001010000000001 --ki "$k" --opc "$k" \
    --out bootstrap.der >/dev/null
"$RSP_LAB" profile personalize --iccid "$local_iccid" --imsi 262010000000002 --ki "$k" --opc "$k" \
    --out local.der >/dev/null
"$RSP_LAB" euicc --state m2m.json init --pki pki --m2m --smsr-address 447700900123 \
    --profile bootstrap.der --profile local.der >/dev/null
"$RSP_LAB" euicc --state m2m.json eis >eis.json
eid=$(python3 -c 'import json; print(json.load(open("eis.json"))["eid"])')
cat >network.toml <<'TOML'
[[subscriber]]
imsi = "001010000000001"
msisdn = "4915550001"

[[subscriber]]
imsi = "262010000000002"
msisdn = "4915550002"
TOML

# --- the servers ---------------------------------------------------------------------------
smpp=$(free_port); es4=$(free_port)
cat >smsr.toml <<TOML
sms_address = "447700900123"

[smsc]
address = "127.0.0.1:$smpp"
system_id = "smsr"
password = "smsr"
TOML
"$RSP_LAB" smsr register --data smsr --eis eis.json --mno operator1 \
    --msisdn "$bootstrap=4915550001" --msisdn "$local_iccid=4915550002" >/dev/null
"$RSP_LAB" smsc serve --listen "127.0.0.1:$smpp" --account device:device --account smsr:smsr \
    >smsc.log 2>&1 &
pids+=($!)
wait_port "$smpp" "${pids[-1]}"
"$RSP_LAB" smsr serve --data smsr --pki pki --config smsr.toml --es4-listen "127.0.0.1:$es4" \
    >smsr.log 2>&1 &
pids+=($!)
wait_port "$es4" "${pids[-1]}"

# shellcheck source=tools/pcsc/pcscd.sh
. "$here/pcscd.sh"
start_pcscd
"$RSP_LAB" euicc --state m2m.json vpcd >card.log 2>&1 &
card_pid=$!
pids+=("$card_pid")
# the device starts once the card is in the reader (vpcd takes a moment to connect)
device_pid=""
for _ in $(seq 1 "$((timeout * 2))"); do
    "$RSP_LAB" m2m-device --reader "$reader" --smsc "127.0.0.1:$smpp" --network network.toml \
        >device.log 2>&1 &
    device_pid=$!
    sleep 0.5
    kill -0 "$device_pid" 2>/dev/null && break
    wait "$device_pid" 2>/dev/null || true
    grep -q "no card in reader" device.log || die "the device exited: $(tail -n 5 device.log)"
    kill -0 "$card_pid" 2>/dev/null || die "the card process exited"
    device_pid=""
done
[ -n "$device_pid" ] || die "no card in reader \"$reader\": $(tail -n 1 device.log)"
pids+=("$device_pid")

es4_args=(--pki pki --operator operator1 --url "https://smsr.rsp-lab.test:$es4/gsma/smsr/ES4"
          --resolve "127.0.0.1:$es4")
until_state() { # "ICCID State" as GetEIS prints it
    for _ in $(seq 1 "$((timeout * 5))"); do
        "$RSP_LAB" smsr es4 "${es4_args[@]}" get-eis --eid "$eid" >eis.txt 2>&1 \
            && grep -q "^$1" eis.txt && return 0
        kill -0 "$device_pid" 2>/dev/null || die "the device exited: $(tail -n 5 device.log)"
        sleep 0.2
    done
    die "the EIS never showed \"$1\": $(cat eis.txt)"
}

# 1. the device binds as the bootstrap profile's MSISDN once it has read the card
for _ in $(seq 1 "$((timeout * 5))"); do
    grep -q 4915550001 device.log && break
    kill -0 "$device_pid" 2>/dev/null || die "the device exited: $(tail -n 5 device.log)"
    sleep 0.2
done
grep -q 4915550001 device.log || die "the device never attached with the bootstrap profile"
"$RSP_LAB" smsr es4 "${es4_args[@]}" enable --eid "$eid" --iccid "$local_iccid" >/dev/null
until_state "$local_iccid Enabled"
grep -q "imsi=\"262010000000002\" attached=true" device.log || die "the device did not attach with the local profile"
say "enable over SMS through the reader: $local_iccid enabled, the card reset through PC/SC"

# 2. and back to the bootstrap profile
"$RSP_LAB" smsr es4 "${es4_args[@]}" disable --eid "$eid" --iccid "$local_iccid" >/dev/null
until_state "$bootstrap Enabled"
say "disable over SMS through the reader: back on $bootstrap"

# 3. the card leaves the reader: the device stops with an error, not a hang
kill "$card_pid"
wait "$card_pid" 2>/dev/null || true
for _ in $(seq 1 "$((timeout * 5))"); do
    kill -0 "$device_pid" 2>/dev/null || break
    sleep 0.2
done
if kill -0 "$device_pid" 2>/dev/null; then die "the device runs on without its card"; fi
rc=0; wait "$device_pid" || rc=$?
[ "$rc" != 0 ] || die "the device exited 0 without its card"
grep -qE "PC/SC|card" device.log || die "the device's error does not name the card: $(tail -n 3 device.log)"
say "the card gone: the device exited $rc: $(tail -n 1 device.log)"
say "passed"
