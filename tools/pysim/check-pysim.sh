#!/usr/bin/env bash
# pySim, unpatched, against the software eUICC through pcscd + vsmartcard-vpcd.
#
# Takes a copy of pySim installed beforehand as pySim's own README describes (its source
# folder and a Python with its requirements); it downloads, builds and patches nothing.
# Makes the eIM and an IoT eUICC with two profiles as tools/pcsc/check-uicc.sh does
# (tools/pcsc/uicc-fixture.sh), serves the card to vpcd with pcscd (tools/pcsc/check-card.sh)
# and runs check_pysim.py: pySim-read.py and pySim-shell.py as a user runs them, each check
# PASS or FAIL, then the profile swapped over the air by the eIM and pySim's reads again.
# Exits non-zero on any failure.
#
# Usage: RSP_PYSIM=/path/to/pysim [RSP_PYSIM_PYTHON=/path/to/python] \
#        RSP_LAB=target/debug/rsp-lab UICC_FIXTURE=target/debug/examples/uicc_fixture \
#        tools/pysim/check-pysim.sh
# Environment:
#   RSP_PYSIM         pySim's folder (pySim-read.py, pySim-shell.py); without it the check is
#                     skipped with a notice and exits 0
#   RSP_PYSIM_PYTHON  the Python that has pySim's requirements (default: python3)
# Debian packages: pcscd vsmartcard-vpcd libpcsclite-dev swig python3-venv python3-dev gcc
# (check-card.sh installs them when run as root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf 'check-pysim.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [ -z "${RSP_PYSIM:-}" ]; then
  echo "check-pysim.sh: skipped: RSP_PYSIM is not set (pySim's folder, installed by hand; docs/guide/src/conformance.md)"
  exit 0
fi
pysim=$(cd "$RSP_PYSIM" && pwd)
[ -f "$pysim/pySim-read.py" ] || die "RSP_PYSIM=$RSP_PYSIM holds no pySim-read.py"
python=${RSP_PYSIM_PYTHON:-$(command -v python3)}
"$python" -c 'import smartcard, cmd2, construct' 2>/dev/null \
  || die "$python lacks pySim's requirements (set RSP_PYSIM_PYTHON to the Python pySim was installed for)"
say "pySim in $pysim, run by $python"

# the first profile keeps TS.48's own algorithm (the TS 34.108 test algorithm), the second
# runs MILENAGE: pySim's AUTHENTICATE meets both
UICC_FIXTURE_ARGS=${UICC_FIXTURE_ARGS:---first-algorithm keep}
# shellcheck source=../pcsc/uicc-fixture.sh
FIXTURE_NAME=check-pysim . "$root/tools/pcsc/uicc-fixture.sh"

CHECK_PY=../pysim/check_pysim.py \
CHECK_ARGS="--pysim $pysim --python $python --eid $eid --subscribers $work/subscribers.json --eim 127.0.0.1:$esipa_port --ca $work/pki/CertificateIssuer/CERT_CI_ECDSA_NIST.pem --work $work" \
LOG_DIR="$work/pcsc" \
    "$root/tools/pcsc/check-card.sh" "$RSP_LAB" euicc --state "$work/euicc.json" vpcd
