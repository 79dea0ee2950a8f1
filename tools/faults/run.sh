#!/usr/bin/env bash
# The fault matrix as one command, with a Markdown summary (the guide's "Reliability" chapter,
# docs/guide/src/reliability.md):
#   kill -9 windows     the SM-DP+ and the eIM as child processes aborting before each ES9+ /
#                       ESipa function and between its commit and its answer, restarted, the
#                       device finishing (crates/lab/tests/it/fault_matrix.rs)
#   disk full           SQLite capped mid-run: refused with 1.6/4.2, nothing lost, resumes
#                       (crates/storage/tests/it/durability.rs, crates/sm-dp/tests/it/storage_faults.rs)
#   database down       PostgreSQL stopped and started under a running SM-DP+
#                       (crates/sm-dp/tests/it/database_outage.rs; needs Debian's postgresql)
#   flood               unauthenticated sessions swept (crates/sm-dp/tests/it/retention.rs)
#   lost answers,       the localization lab with 5 % of answers lost after the server
#   clock skew          acted, 20 % of local profiles not attaching, and the eIM on a clock
#                       up to 180 days ahead of the SM-DP+ and the devices: guarantees hold
# Usage: tools/faults/run.sh [OUT.md]
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/dev/stdout}
rows=()
run() {
  local name=$1; shift
  local t0=$SECONDS
  if "$@" >/tmp/rsp-lab-faults.log 2>&1; then
    rows+=("| $name | PASS | $((SECONDS - t0)) s |")
  else
    rows+=("| $name | FAIL | $((SECONDS - t0)) s |")
    tail -n 30 /tmp/rsp-lab-faults.log >&2
  fi
}
run "SM-DP+ killed before/after each ES9+ function (8 cases)" \
  cargo test -q -p lab --test it fault_matrix::sgp22_download_survives
run "eIM killed before/after GetEimPackage and ProvideEimPackageResult (4 cases)" \
  cargo test -q -p lab --test it fault_matrix::sgp32_esipa_exchange_survives
run "SQLite full mid-transaction, then room again: stored == acknowledged" \
  cargo test -q -p storage --test it durability::
run "SM-DP+ database full mid-ordering: 1.6/4.2, no profile twice, restart" \
  cargo test -q -p sm-dp --test it storage_faults::
run "PostgreSQL stopped and started under the SM-DP+" \
  cargo test -q -p sm-dp --test it database_outage::
run "unauthenticated InitiateAuthentication flood swept" \
  cargo test -q -p sm-dp --test it retention::
demo_dir=$(mktemp -d)
run "lab: 1,000 devices, 5 % answers lost, 20 % local profiles failing, eIM clock ahead" \
  cargo run -q --release -p lab -- demo --data "$demo_dir" --drop-rate 0.05 --attach-failure-rate 0.2
rm -rf "$demo_dir"
{
  echo "| fault | outcome | time |"
  echo "|---|---|---:|"
  printf '%s\n' "${rows[@]}"
} >"$out"
! printf '%s\n' "${rows[@]}" | grep -q FAIL
