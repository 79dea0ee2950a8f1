#!/usr/bin/env bash
# rsp-lab's LPA and software eUICC against osmo-smdpp (pySim's SM-DP+, unchanged).
#
# Takes a copy of pySim installed beforehand (RSP_PYSIM, RSP_PYSIM_PYTHON; skipped with a
# notice without it) and starts osmo-smdpp with certificates of a PKI that `rsp-lab certs
# generate` makes, and osmo-smdpp's own profile folder (tools/peers/osmo-smdpp-serve.sh).
# Then, for each TS.48 profile, with rsp-lab's own CLI and a software eUICC made from the
# same PKI (its eUICC chain leads to the CI osmo-smdpp trusts; it trusts that CI for
# osmo-smdpp's DPauth/DPpb, and the LPA trusts it for DPtls):
#   download (matching ID = the file name in smdpp-data/upp; the installation result is
#   delivered by the download), enable, disable, delete (notifications left pending), then
#   notifications process: the enable, disable and delete notifications delivered.
# Prints a PASS/FAIL table per profile; exits non-zero on any failure.
#
# The profiles under osmo-smdpp's own names share one ICCID, so each is deleted before the
# next is downloaded.
#
# Usage: RSP_PYSIM=/path/to/pysim tools/peers/osmo-smdpp.sh [MATCHING_ID...]
#   without arguments: the 18 profiles under osmo-smdpp's names (TS48v*_*.der in
#   smdpp-data/upp); PROFILES=unique for the 18 TS48V*-UNIQUE ones, PROFILES=all for both.
# Environment:
#   RSP_PYSIM        pySim's folder (osmo-smdpp.py, smdpp-data/upp)
#   RSP_PYSIM_PYTHON the Python with pySim's requirements and its smdpp extra (default python3)
#   RSP_LAB          the rsp-lab binary (default target/debug/rsp-lab, built if missing)
#   WORK_DIR         run folder: osmo-smdpp's data, eUICC state, logs (default: a temporary one)
#   PORT             osmo-smdpp's port (default: a free one)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf 'osmo-smdpp.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

. "$root/tools/peers/osmo-smdpp-serve.sh"
osmo_smdpp_wanted || exit 0

rsp_lab=${RSP_LAB:-$root/target/debug/rsp-lab}
if [ ! -x "$rsp_lab" ]; then
  say "building rsp-lab"
  cargo build -q --workspace --bin rsp-lab   # --workspace: features as the tests resolve them (HACKING.md)
fi

work=${WORK_DIR:-$(mktemp -d /tmp/rsp-lab-osmo-smdpp.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)

osmo_smdpp_start "$work"

# --- the eUICC: the SGP.26 folder osmo-smdpp was given (eUICC, EUM, CI) ---------------------
state=$work/euicc.json
rm -f "$state"
"$rsp_lab" euicc --state "$state" init --credentials "$certs" >"$work/init.log" 2>&1 \
  || { cat "$work/init.log" >&2; die "euicc init failed"; }
# ES9+ goes to the SM-DP+ address (port 443 by default) and to the notification address
# osmo-smdpp puts in the metadata (the same name): both to osmo-smdpp's port
lpa=("$rsp_lab" lpa --state "$state" --resolve "$host:443:127.0.0.1:$port" --timeout 60 --json)

# --- the profiles -------------------------------------------------------------------------
if [ "$#" -gt 0 ]; then
  profiles=("$@")
else
  case ${PROFILES:-osmo} in
    osmo) pattern='TS48v*_*.der' ;;
    unique) pattern='TS48V*-UNIQUE.der' ;;
    all) pattern='TS48*.der' ;;
    *) die "PROFILES is osmo, unique or all" ;;
  esac
  profiles=()
  for f in "$work"/smdpp/smdpp-data/upp/$pattern; do
    [ -f "$f" ] && profiles+=("$(basename "$f" .der)")
  done
fi
[ "${#profiles[@]}" -gt 0 ] || die "no profiles in $work/smdpp/smdpp-data/upp"

# jq-free checks of the LPA's JSON
check() { "$py" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$2"; }

# One step: runs the LPA, keeps its output, and checks it; prints PASS or FAIL.
step() {
  local name=$1 cond=$2; shift 2
  local out=$work/$id.$name.json
  # each ES9+ request has --timeout; the whole step a bound of its own, so no peer hangs CI
  if timeout 300 "${lpa[@]}" "$@" >"$out" 2>"$work/$id.$name.log" && check "$cond" "$out"; then
    echo PASS
  else
    echo FAIL
  fi
}

failed=0
rows=()
for id in "${profiles[@]}"; do
  dl=$(step download "d['iccid'] and d['profile_name']=='$id' and [n['operation'] for n in d['notifications'] if n['delivery']['result']=='accepted'][:1]==['install']" \
        download --smdp "$host" --matching-id "$id")
  iccid=""
  [ "$dl" = PASS ] && iccid=$("$py" -c "import json,sys; print(json.load(open(sys.argv[1]))['iccid'])" "$work/$id.download.json")
  en=FAIL; di=FAIL; de=FAIL; no=FAIL
  if [ -n "$iccid" ]; then
    en=$(step enable "d['operation']=='enable' and d['iccid']=='$iccid'" --no-notifications enable "$iccid")
    di=$(step disable "d['operation']=='disable' and d['iccid']=='$iccid'" --no-notifications disable "$iccid")
    de=$(step delete "d['operation']=='delete' and d['iccid']=='$iccid'" --no-notifications delete "$iccid")
    no=$(step notifications "sorted(n['operation'] for n in d if n['delivery']['result']=='accepted' and n['iccid']=='$iccid')==['delete','disable','enable']" \
          notifications process)
  fi
  row="$dl $en $di $de $no"
  case $row in *FAIL*) verdict=FAIL; failed=$((failed + 1)) ;; *) verdict=PASS ;; esac
  rows+=("$(printf '%-36s %-8s %-6s %-7s %-6s %-13s %s' "$id" $row "$verdict")")
  if [ "$verdict" = FAIL ]; then
    for l in "$work/$id".*.log; do
      [ -s "$l" ] && say "$(basename "$l"): $(tail -n 3 "$l" | tr '\n' ' ')"
    done
    # leave the card clean for the next profile (the same ICCID)
    [ -n "$iccid" ] && { "${lpa[@]}" --no-notifications disable "$iccid" >/dev/null 2>&1 || true
                         "${lpa[@]}" --no-notifications delete "$iccid" >/dev/null 2>&1 || true
                         "${lpa[@]}" notifications process >/dev/null 2>&1 || true; }
  fi
done

printf '%-36s %-8s %-6s %-7s %-6s %-13s %s\n' "matching ID" download enable disable delete notifications result
printf '%s\n' "${rows[@]}"
total=${#profiles[@]}
echo "osmo-smdpp: $((total - failed))/$total profiles PASS (logs and outputs in $work)"
[ "$failed" -eq 0 ]
