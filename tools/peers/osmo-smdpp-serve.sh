# Sourced by tools/peers/osmo-smdpp.sh and tools/conform/osmo-smdpp.sh: osmo-smdpp (pySim's
# SM-DP+, unchanged, from a copy installed beforehand as pySim's README describes) started
# on this machine for a run. It downloads, builds and patches nothing.
#
#   osmo_smdpp_wanted || exit 0     # prints the skip notice when RSP_PYSIM is unset
#   osmo_smdpp_start WORK
#
# Makes WORK/pki with `rsp-lab certs generate` (CI, EUM, eUICC, DPauth, DPpb and a DP TLS
# certificate for osmo-smdpp's fixed name testsmdpplus1.example.com, all valid today) and
# WORK/smdpp/smdpp-data: the certificate folder osmo-smdpp reads (`-c rsp-lab`: the CI
# certificate alone in CertificateIssuer, DPauth, DPpb, DPtls) and osmo-smdpp's own profile
# folder (smdpp-data/upp, linked). Starts `osmo-smdpp.py -p PORT -c rsp-lab` in WORK/smdpp
# on a free port (or PORT) and waits until it listens; stops it when the shell exits.
# osmo-smdpp's TLS endpoint listens on every address of the machine (it ignores -H with
# TLS); nothing here sends it traffic other than over 127.0.0.1.
# Sets: py (pySim's Python), pysim (its folder), certs (the SGP.26 folder), port, host (the
# name in its TLS certificate), smdpp_pid. Needs `rsp_lab`, `say` and `die`.
# Environment: RSP_PYSIM (pySim's folder), RSP_PYSIM_PYTHON (the Python with pySim's
# requirements and its `smdpp` extra, default python3), PORT.

osmo_smdpp_wanted() {
  if [ -z "${RSP_PYSIM:-}" ]; then
    echo "$(basename "$0"): skipped: RSP_PYSIM is not set (pySim's folder with osmo-smdpp.py, installed by hand; docs/guide/src/conformance.md)"
    return 1
  fi
}

osmo_smdpp_start() {
  local work=$1 run
  pysim=$(cd "$RSP_PYSIM" && pwd)
  [ -f "$pysim/osmo-smdpp.py" ] || die "RSP_PYSIM=$RSP_PYSIM holds no osmo-smdpp.py"
  py=${RSP_PYSIM_PYTHON:-$(command -v python3)}
  "$py" -c 'import klein, asn1tools, smartcard' 2>/dev/null \
    || die "$py lacks pySim's requirements with its smdpp extra (set RSP_PYSIM_PYTHON)"
  host=testsmdpplus1.example.com   # osmo-smdpp's HOSTNAME, the name its TLS certificate must carry
  certs=$work/pki
  if [ ! -f "$certs/DPtls/CERT_S_SM_DP_TLS_NIST.der" ]; then
    "$rsp_lab" certs generate --out "$certs" --smdp-fqdn "$host" >"$work/certs.log" 2>&1 \
      || { cat "$work/certs.log" >&2; die "certs generate failed"; }
  fi
  run=$work/smdpp
  local data=$run/smdpp-data/rsp-lab
  mkdir -p "$data/CertificateIssuer"
  ln -sfn "$pysim/smdpp-data/upp" "$run/smdpp-data/upp"
  # osmo-smdpp takes every file of CertificateIssuer for a CI certificate: the CI's alone
  cp "$certs/CertificateIssuer/CERT_CI_ECDSA_NIST.der" "$data/CertificateIssuer/"
  local d
  for d in DPauth DPpb DPtls; do ln -sfn "$certs/$d" "$data/$d"; done
  # osmo-smdpp makes its TLS DH parameters itself when missing, which is slow;
  # DSA-style parameters are made in a second and serve as well (ECDHE is
  # negotiated anyway)
  if [ ! -f "$data/dhparam2048.pem" ] && command -v openssl >/dev/null 2>&1; then
    openssl dhparam -dsaparam -out "$data/dhparam2048.pem" 2048 2>/dev/null || rm -f "$data/dhparam2048.pem"
  fi
  port=${PORT:-$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  (cd "$run" && exec "$py" "$pysim/osmo-smdpp.py" -p "$port" -c rsp-lab) \
    >"$work/osmo-smdpp.log" 2>&1 &
  smdpp_pid=$!
  trap 'kill "$smdpp_pid" 2>/dev/null || true; wait "$smdpp_pid" 2>/dev/null || true' EXIT
  local _
  for _ in $(seq 1 360); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$smdpp_pid" 2>/dev/null || { cat "$work/osmo-smdpp.log" >&2; die "osmo-smdpp exited"; }
    sleep 0.5
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
    || { cat "$work/osmo-smdpp.log" >&2; die "osmo-smdpp does not listen on $port"; }
  say "osmo-smdpp on port $port (log $work/osmo-smdpp.log)"
}
