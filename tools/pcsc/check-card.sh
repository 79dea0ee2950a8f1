#!/usr/bin/env bash
# Check that the software eUICC is reachable as a real card through PC/SC.
#
# On a Debian machine: installs what is missing (pcscd, vsmartcard-vpcd, libpcsclite-dev,
# swig; pyscard from PyPI into a venv), starts pcscd in the background if it is not running
# (it loads the vpcd reader driver, which listens on 127.0.0.1:35963), starts the card
# (which connects to vpcd), and runs check_card.py: SELECT ISD-R on a logical channel,
# GetEID, GetEUICCInfo2, GetProfilesInfo over STORE DATA / GET RESPONSE. Exits non-zero on
# any failure. Processes it started are stopped on exit.
#
# Usage:
#   tools/pcsc/check-card.sh [CARD_COMMAND [ARGS...]]
#
# CARD_COMMAND starts a card that serves vpcd, e.g.
#   tools/pcsc/check-card.sh target/debug/examples/vpcd_demo vpcd
# Without it: "$RSP_LAB" euicc --state "$RSP_LAB_STATE" vpcd (RSP_LAB_STATE defaults to a
# fresh temporary file).
#
# Environment:
#   RSP_LAB          path of the rsp-lab binary (used when no CARD_COMMAND is given)
#   RSP_LAB_STATE    eUICC state file for that command
#   PCSC_VENV        venv for pyscard (default /var/tmp/rsp-lab-pcsc-venv)
#   CHECK_TIMEOUT    seconds to wait for the card to appear (default 30)
#   CHECK_BLOCK      STORE DATA block size (default 120, as lpac)
#   LOG_DIR          where pcscd and card logs go (default: a temporary directory)
#   CHECK_PY         the check to run instead of check_card.py (e.g. check_uicc.py), with
#   CHECK_ARGS       its arguments (besides --timeout)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${PCSC_VENV:-/var/tmp/rsp-lab-pcsc-venv}
timeout=${CHECK_TIMEOUT:-30}
block=${CHECK_BLOCK:-120}
log_dir=${LOG_DIR:-$(mktemp -d /tmp/rsp-lab-check-card.XXXXXX)}
mkdir -p "$log_dir"

say() { printf 'check-card.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- what to start as the card -------------------------------------------------------------
if [ "$#" -gt 0 ]; then
    card_cmd=("$@")
elif [ -n "${RSP_LAB:-}" ]; then
    state=${RSP_LAB_STATE:-$log_dir/euicc-state.json}
    card_cmd=("$RSP_LAB" euicc --state "$state" vpcd)
else
    die "give the card command as arguments, or set RSP_LAB"
fi

# --- packages ------------------------------------------------------------------------------
missing=()
for pkg in pcscd vsmartcard-vpcd libpcsclite-dev swig; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
# pyscard may have to be built: a compiler and Python headers; and a venv module
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    python3 -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
        || missing+=(python3-dev)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]}; run as root or install them"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log_dir/apt.log" 2>&1 \
        || { cat "$log_dir/apt.log" >&2; die "apt-get install failed"; }
fi

if ! "$venv/bin/python" -c 'import smartcard, cryptography' 2>/dev/null; then
    say "installing pyscard and cryptography (the network side's AES) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'pyscard>=2.0,<3' cryptography >"$log_dir/pip.log" 2>&1 \
        || { cat "$log_dir/pip.log" >&2; die "pip install pyscard failed"; }
fi

# --- processes we start, stopped on exit ----------------------------------------------------
pcscd_pid=""
card_pid=""
cleanup() {
    local rc=$?
    if [ -n "$card_pid" ] && kill -0 "$card_pid" 2>/dev/null; then
        kill "$card_pid" 2>/dev/null || true
        wait "$card_pid" 2>/dev/null || true
    fi
    if [ -n "$pcscd_pid" ] && kill -0 "$pcscd_pid" 2>/dev/null; then
        kill "$pcscd_pid" 2>/dev/null || true
        wait "$pcscd_pid" 2>/dev/null || true
    fi
    if [ "$rc" != 0 ]; then
        say "failed; logs in $log_dir"
        for f in "$log_dir"/card.log "$log_dir"/pcscd.log; do
            [ -s "$f" ] && { say "--- last lines of $f"; tail -n 40 "$f" >&2; }
        done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- pcscd -----------------------------------------------------------------------------------
# running = its socket answers (a stale socket from a dead pcscd does not)
pcscd_running() {
    [ -S /run/pcscd/pcscd.comm ] &&
        "$venv/bin/python" -c 'from smartcard.System import readers; readers()' >/dev/null 2>&1
}
if pcscd_running; then
    say "pcscd is running already; it has the vpcd reader only if it was started after" \
        "vsmartcard-vpcd was installed"
else
    # vpcd's two slots listen on 127.0.0.1:35963 and 35964 (/etc/reader.conf.d/vpcd), inside
    # the kernel's ephemeral range: a client socket (or one in TIME_WAIT after the many
    # connections of an earlier step) on either port makes pcscd drop both readers
    # ("Address already in use" in its log). As root, those ports are kept out of the
    # ephemeral range; .ci/run does it before its first step.
    if [ "$(id -u)" = 0 ]; then
        sysctl -qw net.ipv4.ip_local_reserved_ports=35963-35964 2>/dev/null ||
            say "could not reserve ports 35963-35964 (sysctl); vpcd may find them taken"
    fi
    say "starting pcscd (foreground, debug) in the background; log $log_dir/pcscd.log"
    pcscd --foreground --debug >"$log_dir/pcscd.log" 2>&1 &
    pcscd_pid=$!
    for _ in $(seq 1 50); do
        [ -S /run/pcscd/pcscd.comm ] && break
        kill -0 "$pcscd_pid" 2>/dev/null || die "pcscd exited; see $log_dir/pcscd.log"
        sleep 0.1
    done
    [ -S /run/pcscd/pcscd.comm ] || die "pcscd socket did not appear"
fi

# --- the card --------------------------------------------------------------------------------
say "starting the card: ${card_cmd[*]}; log $log_dir/card.log"
"${card_cmd[@]}" >"$log_dir/card.log" 2>&1 &
card_pid=$!

# --- the check -------------------------------------------------------------------------------
set +e
if [ -n "${CHECK_PY:-}" ]; then
    # shellcheck disable=SC2086
    "$venv/bin/python" "$here/$CHECK_PY" --timeout "$timeout" ${CHECK_ARGS:-}
else
    "$venv/bin/python" "$here/check_card.py" --timeout "$timeout" --block "$block"
fi
rc=$?
set -e
kill -0 "$card_pid" 2>/dev/null || say "the card process is gone (see $log_dir/card.log)"
exit "$rc"
