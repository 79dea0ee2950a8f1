# Sourced by tools/peers/osmo-smdpp.sh and tools/conform/osmo-smdpp.sh: osmo-smdpp
# (pySim's SM-DP+, unchanged) started on 127.0.0.1 for a run.
#
#   osmo_smdpp_start WORK
#
# Prepares pySim (tools/peers/pysim-venv.sh, PYSIM_DIR), makes WORK/smdpp: osmo-smdpp's
# code linked, its profile folder (smdpp-data/upp) linked, and certificates valid today
# from ../shared/peers/generate_smdpp_certs_valid.py (an SGP.26 layout with its own CI,
# DPauth, DPpb, DPtls, EUM and eUICC); starts it on a free port (or PORT) with
# smdpp_loopback.py and waits until it listens; stops it when the shell exits.
# Sets: py (pySim's python), certs (the SGP.26 folder), port, host (the name in its TLS
# certificate), smdpp_pid. Needs `root` (the repository), `say` and `die`.

osmo_smdpp_start() {
  local work=$1 shared pysim src run
  shared=$(cd "$root/.." && pwd)/shared/peers
  [ -f "$shared/generate_smdpp_certs_valid.py" ] || die "$shared is missing (../shared/peers)"
  pysim=$("$root/tools/peers/pysim-venv.sh" ${PYSIM_DIR:+"$PYSIM_DIR"})
  py=$pysim/venv/bin/python
  src=$pysim/peers/pysim
  run=$work/smdpp
  mkdir -p "$run/smdpp-data"
  for f in osmo-smdpp.py pySim; do ln -sfn "$src/$f" "$run/$f"; done
  ln -sfn "$src/smdpp-data/upp" "$run/smdpp-data/upp"
  if [ ! -f "$run/smdpp-data/generated/eUICC/CERT_EUICC_ECDSA_NIST.der" ]; then
    (cd "$run" && "$py" "$shared/generate_smdpp_certs_valid.py" >"$work/certs.log" 2>&1) \
      || { cat "$work/certs.log" >&2; die "generate_smdpp_certs_valid.py failed"; }
  fi
  certs=$run/smdpp-data/generated
  # osmo-smdpp makes its TLS DH parameters itself when missing (minutes on a busy 2-core
  # machine); DSA-style parameters are made in a second and serve as well (the ES9+
  # suites are ECDHE anyway)
  if [ ! -f "$certs/dhparam2048.pem" ] && command -v openssl >/dev/null 2>&1; then
    openssl dhparam -dsaparam -out "$certs/dhparam2048.pem" 2048 2>/dev/null || rm -f "$certs/dhparam2048.pem"
  fi
  port=${PORT:-$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  host=testsmdpplus1.example.com   # osmo-smdpp's HOSTNAME, the name in its TLS certificate
  (cd "$run" && exec "$py" "$shared/smdpp_loopback.py" -p "$port" -c generated) \
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
  say "osmo-smdpp on 127.0.0.1:$port (log $work/osmo-smdpp.log)"
}
