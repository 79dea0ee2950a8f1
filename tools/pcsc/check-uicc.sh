#!/usr/bin/env bash
# The software eUICC as a whole UICC through PC/SC, as a modem, a SIM reader and an IPA
# see it (check_uicc.py), with the profile swapped over the air by the eIM.
#
# Starts `rsp-lab eim serve` (the eIM) on loopback, makes an IoT eUICC with two profiles
# pre-loaded (the uicc_fixture example: TS.48 packages personalized with MILENAGE keys when
# ../shared/reference/ts48 is there, the lab's minimal profile otherwise), registers it
# with the eIM, queues an enable of the second profile, serves the card to vpcd and runs
# check_uicc.py through tools/pcsc/check-card.sh (which installs pcscd, vsmartcard-vpcd,
# pyscard and starts pcscd when needed). Processes it started are stopped on exit.
#
# Usage: RSP_LAB=target/debug/rsp-lab UICC_FIXTURE=target/debug/examples/uicc_fixture \
#        tools/pcsc/check-uicc.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf 'check-uicc.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# shellcheck source=uicc-fixture.sh
FIXTURE_NAME=check-uicc . "$here/uicc-fixture.sh"

CHECK_PY=check_uicc.py \
CHECK_ARGS="--subscribers $work/subscribers.json --eim 127.0.0.1:$esipa_port --ca $work/pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem" \
LOG_DIR="$work/pcsc" \
    "$here/check-card.sh" "$RSP_LAB" euicc --state "$work/euicc.json" vpcd

# the eIM has the signed result of the enable the PC/SC IPA relayed
state=$("${api[@]}" "$base/v1/operations/$op" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
[ "$state" = done ] || die "the eIM's enable operation is $state, not done"
say "the eIM's enable operation is done"
