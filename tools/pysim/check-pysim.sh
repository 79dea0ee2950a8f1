#!/usr/bin/env bash
# pySim, unpatched, against the software eUICC through pcscd + vsmartcard-vpcd.
#
# Prepares pySim (tools/peers/pysim-venv.sh, from ../shared/peers), makes the eIM and an
# IoT eUICC with two profiles as tools/pcsc/check-uicc.sh does (tools/pcsc/uicc-fixture.sh),
# serves the card to vpcd with pcscd (tools/pcsc/check-card.sh) and runs check_pysim.py:
# pySim-read.py and pySim-shell.py as a user runs them, each check PASS or FAIL, then the
# profile swapped over the air by the eIM and pySim's reads again. Exits non-zero on any
# failure.
#
# Usage: RSP_LAB=target/debug/rsp-lab UICC_FIXTURE=target/debug/examples/uicc_fixture \
#        tools/pysim/check-pysim.sh [PYSIM_DIR]
# PYSIM_DIR: where pySim's venv is prepared (default .peers/pysim in the checkout).
# Debian packages: pcscd vsmartcard-vpcd libpcsclite-dev swig python3-venv python3-dev gcc
# curl (check-card.sh installs the first ones when run as root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf 'check-pysim.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

pysim=$("$root/tools/peers/pysim-venv.sh" "$@")
say "pySim prepared in $pysim"

# the first profile keeps TS.48's own algorithm (the TS 34.108 test algorithm), the second
# runs MILENAGE: pySim's AUTHENTICATE meets both
UICC_FIXTURE_ARGS=${UICC_FIXTURE_ARGS:---first-algorithm keep}
# shellcheck source=../pcsc/uicc-fixture.sh
FIXTURE_NAME=check-pysim . "$root/tools/pcsc/uicc-fixture.sh"

PCSC_VENV="$pysim/venv" \
CHECK_PY=../pysim/check_pysim.py \
CHECK_ARGS="--pysim $pysim/peers/pysim --eid $eid --subscribers $work/subscribers.json --eim 127.0.0.1:$esipa_port --ca $work/pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem --work $work" \
LOG_DIR="$work/pcsc" \
    "$root/tools/pcsc/check-card.sh" "$RSP_LAB" euicc --state "$work/euicc.json" vpcd
