#!/usr/bin/env bash
# lpac (unchanged, built beforehand as its own documentation describes) against rsp-lab:
# rsp-lab's SM-DP+ with a generated lab PKI and orders made over ES2+ (`rsp-lab es2`),
# rsp-lab's software eUICC offered to lpac over lpac's stdio APDU driver (`rsp-lab euicc
# stdio --spawn lpac ...`), then over PC/SC (pcscd + vsmartcard-vpcd, `rsp-lab euicc vpcd`,
# LPAC_APDU=pcsc). On each transport: chip info (the EID), profile download with an
# Activation Code, download with a Confirmation Code, profile enable, disable, delete (with
# the profile list after each), notification list (the install, enable, disable and delete
# notifications), notification process (all, removed), notification list (empty); then
# profile discovery at rsp-lab's SM-DS (`rsp-lab smds serve`, the order's Event registered
# there by the SM-DP+ over ES12) and the download of the profile it points to.
# Every step is asserted on lpac's JSON output (tools/peers/lpac_check.py); exits non-zero
# on any failure, after printing a PASS/FAIL table.
#
# TLS: lpac's curl driver sets CURLOPT_SSL_VERIFYPEER and CURLOPT_SSL_VERIFYHOST to 0 (lpac
# driver/http/curl.c), with no option or variable to turn verification on, so it takes the
# SM-DP+'s DPtls certificate without checking it: there is no CA to hand it. It connects to
# https://<SM-DP+ address>/..., so the SM-DP+ is served with the address localhost:PORT.
#
# Usage: RSP_LPAC=/path/to/lpac tools/peers/lpac.sh [stdio|pcsc|both]      (default both)
# Environment:
#   RSP_LPAC    the lpac executable; without it the check is skipped with a notice and exits 0
#               (nothing is downloaded or built here)
#   RSP_LAB     the rsp-lab binary (default target/debug/rsp-lab, built if missing)
#   WORK_DIR    PKI, SM-DP+ data, eUICC state, outputs and logs (default: a temporary one)
# Needs for PC/SC: pcscd and vsmartcard-vpcd (pcscd is started here unless it runs already).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'lpac.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
mode=${1:-both}
case $mode in stdio | pcsc | both) ;; *) die "usage: $0 [stdio|pcsc|both]" ;; esac

if [ -z "${RSP_LPAC:-}" ]; then
  echo "lpac.sh: skipped: RSP_LPAC is not set (the lpac executable, built by hand; docs/guide/src/conformance.md)"
  exit 0
fi
lpac=$(realpath "$RSP_LPAC")
[ -x "$lpac" ] || die "RSP_LPAC=$RSP_LPAC is not an executable"
rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: features as the tests resolve them (HACKING.md)
fi
check=("$(command -v python3)" "$root/tools/peers/lpac_check.py")

work=${WORK_DIR:-$(mktemp -d /tmp/rsp-lab-lpac.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 300); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "the process behind $port exited"; }
    sleep 0.2
  done
  die "nothing listens on $port"
}

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- rsp-lab's SM-DP+ -----------------------------------------------------------------------
es9=$(free_port)
es2=$(free_port)
address=localhost:$es9
if [ ! -d "$work/pki" ]; then
  "$rsp_lab" certs generate --out "$work/pki" >"$work/certs.log" 2>&1 \
    || { cat "$work/certs.log" >&2; die "certs generate failed"; }
fi
rm -rf "$work/smdp"
"$rsp_lab" smdp inventory add --data "$work/smdp" --type global --count 8 \
  --iccid-start 8949010000000000016 --imsi-start 901400000000001 >"$work/inventory.log" 2>&1 \
  || { cat "$work/inventory.log" >&2; die "inventory add failed"; }
# The SM-DS: ES11 for lpac at localhost:PORT (as the SM-DP+), ES12 for the SM-DP+, which
# reaches it as smds.rsp-lab.test (its DS TLS certificate's name) through [smds] resolve.
es11=$(free_port)
es12=$(free_port)
smds_address=localhost:$es11
rm -rf "$work/smds"
# lpac reaches the SM-DP+ as localhost:PORT, which is not the name in its DP TLS certificate
# that the SM-DS holds it to by default
printf '[policy]\nown_address_only = false\n' >"$work/smds.toml"
"$rsp_lab" smds serve --data "$work/smds" --pki "$work/pki" --address "$smds_address" \
  --config "$work/smds.toml" \
  --es11-listen "127.0.0.1:$es11" --es12-listen "127.0.0.1:$es12" >"$work/smds.log" 2>&1 &
pids+=($!)
wait_port "$es12" "${pids[-1]}" "$work/smds.log"
printf '[smds]\nresolve = { "smds.rsp-lab.test" = "127.0.0.1:%s" }\n' "$es12" >"$work/smdp.toml"
say "SM-DS $smds_address (ES12 127.0.0.1:$es12; log $work/smds.log)"

"$rsp_lab" smdp serve --data "$work/smdp" --pki "$work/pki" --address "$address" \
  --config "$work/smdp.toml" \
  --es9-listen "127.0.0.1:$es9" --es2-listen "127.0.0.1:$es2" >"$work/smdp.log" 2>&1 &
pids+=($!)
wait_port "$es9" "${pids[-1]}" "$work/smdp.log"
wait_port "$es2" "${pids[-1]}" "$work/smdp.log"
say "SM-DP+ $address (ES2+ 127.0.0.1:$es2; log $work/smdp.log)"

state=$work/euicc.json
rm -f "$state"
"$rsp_lab" euicc --state "$state" init --pki "$work/pki" >"$work/init.log" 2>&1 \
  || { cat "$work/init.log" >&2; die "euicc init failed"; }
eid=$("$rsp_lab" euicc --state "$state" info --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["eid"])')
es2_args=(--pki "$work/pki" --smdp "https://smdp.rsp-lab.test:$es2" --resolve "127.0.0.1:$es2")
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# An order for the eUICC (ES2+ DownloadOrder + ConfirmOrder): "ICCID MATCHING_ID".
order() {
  local iccid mid
  iccid=$("$rsp_lab" es2 "${es2_args[@]}" download-order --eid "$eid" --profile-type global \
    2>>"$work/es2.log" | json_field iccid)
  mid=$("$rsp_lab" es2 "${es2_args[@]}" confirm-order --iccid "$iccid" --eid "$eid" "$@" \
    2>>"$work/es2.log" | json_field matchingId)
  echo "$iccid $mid"
}

# --- the steps, on one transport ------------------------------------------------------------
rows=()
failed=0
lpac_env=(env LPAC_HTTP=curl)
run_lpac() { # transport name check-args... -- lpac-args...
  local transport=$1 name=$2; shift 2
  local checks=()
  while [ "$1" != -- ]; do checks+=("$1"); shift; done
  shift
  local out=$work/$transport.$name.out
  local rc=0
  if [ "$transport" = stdio ]; then
    timeout 120 "${lpac_env[@]}" "$rsp_lab" euicc --state "$state" stdio --spawn "$lpac" "$@" \
      >"$out" 2>"$work/$transport.$name.log" || rc=$?
  else
    timeout 120 "${lpac_env[@]}" LPAC_APDU=pcsc "$lpac" "$@" >"$out" 2>"$work/$transport.$name.log" || rc=$?
  fi
  local verdict=PASS
  if [ "$rc" != 0 ] || ! "${check[@]}" "$out" "${checks[@]}" 2>>"$work/$transport.$name.log"; then
    verdict=FAIL
    failed=$((failed + 1))
    say "$transport $name FAILED (exit $rc): $(tail -n 3 "$work/$transport.$name.log" | tr '\n' ' ')"
  fi
  rows+=("$(printf '%-6s %-28s %s' "$transport" "$name" "$verdict")")
}

sequence() {
  local t=$1 first second iccid1 mid1 iccid2 mid2
  local cc=CC$RANDOM$RANDOM
  read -r iccid1 mid1 < <(order)
  read -r iccid2 mid2 < <(order --confirmation-code "$cc")
  [ -n "$mid1" ] && [ -n "$mid2" ] || die "ES2+ orders failed: $(tail -n 5 "$work/es2.log")"
  run_lpac "$t" "chip info" eid "$eid" -- chip info
  run_lpac "$t" "download (activation code)" installed "$iccid1" -- \
    profile download -a "LPA:1\$$address\$$mid1"
  run_lpac "$t" "download (confirmation code)" installed "$iccid2" -- \
    profile download -a "LPA:1\$$address\$$mid2\$\$1" -c "$cc"
  run_lpac "$t" "profile list" iccid-in "$iccid2" -- profile list
  run_lpac "$t" "enable" ok -- profile enable "$iccid1"
  run_lpac "$t" "profile list (enabled)" state "$iccid1" enabled -- profile list
  run_lpac "$t" "disable" ok -- profile disable "$iccid1"
  run_lpac "$t" "profile list (disabled)" state "$iccid1" disabled -- profile list
  run_lpac "$t" "delete" ok -- profile delete "$iccid1"
  run_lpac "$t" "profile list (deleted)" iccid-gone "$iccid1" -- profile list
  # lpac's download leaves the installation result on the card for `notification process`
  # to deliver (the SM-DP+ logs it applied then), so it is listed too
  run_lpac "$t" "notification list" notifications "$iccid1" install enable disable delete -- \
    notification list
  run_lpac "$t" "notification process" ok -- notification process -a -r
  run_lpac "$t" "notification list (empty)" no-notifications -- notification list
  # the card keeps the confirmation-code profile; leave no profile for the next transport
  run_lpac "$t" "delete (second profile)" ok -- profile delete "$iccid2"
  run_lpac "$t" "notification process (again)" ok -- notification process -a -r
  # SGP.22 3.1.2 with an SM-DS: the operator names it in ConfirmOrder, the SM-DP+ registers
  # the Event there (ES12), lpac finds the SM-DP+ at the SM-DS (ES11). lpac keeps only the
  # RSP server address of each event (euicc/es9p.c drops the eventId), so the download
  # gives it the Event ID, which is the order's Matching ID, by hand.
  local iccid3 mid3
  read -r iccid3 mid3 < <(order --smds-address smds.rsp-lab.test)
  [ -n "$mid3" ] || die "ES2+ order with an SM-DS failed: $(tail -n 5 "$work/es2.log")"
  run_lpac "$t" "profile discovery (SM-DS)" discovered "$address" -- \
    profile discovery -s "$smds_address"
  run_lpac "$t" "download (discovered event)" installed "$iccid3" -- \
    profile download -s "$address" -m "$mid3"
  run_lpac "$t" "delete (discovered profile)" ok -- profile delete "$iccid3"
  run_lpac "$t" "notification process (third)" ok -- notification process -a -r
}

if [ "$mode" != pcsc ]; then
  sequence stdio
fi

if [ "$mode" != stdio ]; then
  # pcscd with the vpcd driver (vsmartcard-vpcd listens on 127.0.0.1:35963 inside pcscd)
  # a running pcscd is used as it is (it has the vpcd reader if it was started after
  # vsmartcard-vpcd was installed); a socket left by a stopped one is not a running pcscd
  if ! { [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null; }; then
    command -v pcscd >/dev/null || die "pcscd is not installed (pcscd, vsmartcard-vpcd)"
    pcscd --foreground --debug >"$work/pcscd.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
    [ -S /run/pcscd/pcscd.comm ] || die "pcscd did not start (log $work/pcscd.log)"
  fi
  "$rsp_lab" euicc --state "$state" vpcd >"$work/vpcd.log" 2>&1 &
  pids+=($!)
  card_up=0
  for _ in $(seq 1 100); do
    # our card, not another one on the same vpcd port (pcscd and vpcd are per machine)
    if LPAC_APDU=pcsc timeout 20 "$lpac" chip info 2>/dev/null | grep -q "\"eidValue\":\"$eid\""; then
      card_up=1
      break
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.3
  done
  if [ "$card_up" = 1 ]; then
    sequence pcsc
  else
    say "the card did not appear as a PC/SC reader (logs $work/vpcd.log, $work/pcscd.log)"
    rows+=("$(printf '%-6s %-28s %s' pcsc "card as a PC/SC reader" FAIL)")
    failed=$((failed + 1))
  fi
fi

printf '%-6s %-28s %s\n' transport step result
printf '%s\n' "${rows[@]}"
echo "lpac: $((${#rows[@]} - failed))/${#rows[@]} steps PASS (outputs and logs in $work)"
[ "$failed" -eq 0 ]
