#!/usr/bin/env bash
# Runs osmocom's SGP.23 SM-DP+ suite (smdpp_Tests and ES2Plus_Tests, 137 test cases) against
# `rsp-lab smdp serve`, one freshly started SM-DP+ per test case, and writes a per-case table.
#
#   RSP_TTCN3_SMDPP=/path/to/osmo-ttcn3-hacks/_build/smdpp RSP_LAB=target/debug/rsp-lab \
#     tools/conformance/run.sh [OUT] [CASE ...]
#
# RSP_TTCN3_SMDPP names the suite's build directory (the one holding the smdpp_Tests
# executable), built beforehand by hand as osmo-ttcn3-hacks documents it; Eclipse Titan's
# ttcn3_start must be on PATH (Debian: eclipse-titan). Without RSP_TTCN3_SMDPP the run is
# skipped with a notice and exits 0; nothing is downloaded, built or patched here.
#
# OUT (default target/conformance) receives results.tsv, results.md, junit.xml and one folder
# per case (the suite's console and log, the server's log and traced bodies). The exit status
# is 0 when every case that does not pass is listed in tools/conformance/divergences.md, and
# every case listed there does not pass (see report.py). With CASE names only those run.
#
# Set-up, all at run time and outside the repository: the SM-DP+'s credentials are the
# suite's own SGP.26 set (both CIs, DPauth, DPpb, DPtls for both curves); ES2+ clients
# authenticate with an operator certificate from a PKI that `rsp-lab certs generate` makes
# (the suite's own MNO certificate expired on 2026-08-04); the data every case starts from
# is made by fixtures.sh. The suite reaches the SM-DP+ by the name of its TLS certificate,
# testsmdpplus1.example.com, which must resolve to 127.0.0.1: as root the script adds the
# line to /etc/hosts.
set -euo pipefail
if [ -z "${RSP_TTCN3_SMDPP:-}" ]; then
  echo "conformance: skipped: RSP_TTCN3_SMDPP is not set (the build directory of osmocom's smdpp suite, built by hand; docs/guide/src/conformance.md)"
  exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rsp_lab=$(realpath "${RSP_LAB:-$root/target/debug/rsp-lab}")
[ -x "$rsp_lab" ] || { echo "conformance: no rsp-lab binary at $rsp_lab (set RSP_LAB)" >&2; exit 1; }
out=${1:-$root/target/conformance}
shift || true
mkdir -p "$out"; out=$(cd "$out" && pwd)
fqdn=testsmdpplus1.example.com
es9_port=${CONFORMANCE_ES9_PORT:-9000}
es2_port=$((es9_port + 2))

# 1. the suite: its build directory links the sources of smdpp/, where its data folders are
build=$(cd "$RSP_TTCN3_SMDPP" && pwd)
[ -x "$build/smdpp_Tests" ] || { echo "conformance: no smdpp_Tests executable in $build (RSP_TTCN3_SMDPP)" >&2; exit 1; }
suite=$(dirname "$(readlink -f "$build/smdpp_Tests.ttcn")")
[ -d "$suite/sgp26" ] || suite=$(cd "$build/../../smdpp" && pwd)
[ -d "$suite/sgp26" ] || { echo "conformance: no sgp26 folder beside the suite's sources ($suite)" >&2; exit 1; }
command -v ttcn3_start >/dev/null || { echo "conformance: ttcn3_start is not on PATH (Eclipse Titan)" >&2; exit 1; }
titan_lib=$(dirname "$(readlink -f "$(command -v ttcn3_start)")")/../lib/titan
[ -d "$titan_lib" ] || titan_lib=/usr/lib/titan

# 2. name resolution for the certificate's name
if ! getent hosts "$fqdn" | grep -q '^127\.0\.0\.1'; then
  if [ -w /etc/hosts ]; then
    echo "127.0.0.1 $fqdn" >>/etc/hosts
  else
    echo "conformance: $fqdn must resolve to 127.0.0.1 (add it to /etc/hosts)" >&2; exit 1
  fi
fi

# 3. work folder: credentials, operator PKI, configuration, the run directory
work=$out/work
rm -rf "$work"; mkdir -p "$work"
cat >"$work/waitport" <<'EOF'
#!/usr/bin/env bash
# waitport PORT: until something listens on 127.0.0.1:PORT (30 s at most)
for _ in $(seq 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && exit 0
  sleep 0.1
done
echo "nothing listens on 127.0.0.1:$1 after 30 s" >&2; exit 1
EOF
chmod +x "$work/waitport"
"$rsp_lab" certs generate --out "$work/operator" --operator test.operator.com --smdp-fqdn "$fqdn" >/dev/null
creds=$work/creds
mkdir -p "$creds/DPtls" "$creds/Operators"
cp -r "$suite/sgp26/CertificateIssuer" "$suite/sgp26/DPauth" "$suite/sgp26/DPpb" "$creds/"
chmod -R u+w "$creds"
# one SM-DP+ (SM-DP+ 1): the SM-DP+ 2 files and the CI's private key stay out
rm -f "$creds"/DPauth/*DP2* "$creds"/DPpb/*DP2* "$creds"/CertificateIssuer/SK_* "$creds"/CertificateIssuer/*.cnf
# CERT.DP.TLS per curve under SGP.26's names; the suite ships the renewed ones as *_VARO_*
for curve in NIST BRP; do
  if [ -f "$suite/sgp26/DPtls/CERT_S_SM_DP_VARO_TLS_$curve.der" ]; then
    cp "$suite/sgp26/DPtls/CERT_S_SM_DP_VARO_TLS_$curve.der" "$creds/DPtls/CERT_S_SM_DP_TLS_$curve.der"
    openssl x509 -inform der -in "$creds/DPtls/CERT_S_SM_DP_TLS_$curve.der" -out "$creds/DPtls/CERT_S_SM_DP_TLS_$curve.pem"
    cp "$suite/sgp26/DPtls/SK_S_SM_DP_TLS_$curve.pem" "$creds/DPtls/"
  fi
done
chmod 600 "$creds"/*/SK_*
cp "$work/operator/Operators/CERT_OPERATOR_CA_NIST."* "$creds/Operators/"
cat >"$work/smdp.toml" <<EOF
address = "$fqdn"
es9_listen = "127.0.0.1:$es9_port"
es2_listen = "127.0.0.1:$es2_port"
operator_ca = "$work/operator/Operators/CERT_OPERATOR_CA_NIST.pem"
EOF
echo "== fixtures"
"$here/fixtures.sh" "$rsp_lab" "$work" "$work/template" | tee "$work/fixtures.txt"

run=$work/run
mkdir -p "$run/logs"
for d in sgp26 InvalidTestCases test_certs; do ln -sfn "$suite/$d" "$run/$d"; done
cat >"$run/suite.cfg" <<EOF
[ORDERED_INCLUDE]
"$suite/smdpp_Tests.default"

[LOGGING]
LogFile := "logs/%e-%c-%h-%r-%p.%s"
SourceInfoFormat := Single
LogSourceInfo := Yes
LogEventTypes := Subcategories
LogEntityName := Yes
FileMask := LOG_ALL | TTCN_DEBUG | TTCN_MATCHING
ConsoleMask := ERROR | WARNING | TESTCASE | USER | VERDICTOP

[MODULE_PARAMETERS]
smdpp_Tests.mp_es9plus_server_port_nist := $es9_port
smdpp_Tests.mp_es9plus_server_port_brp := $es9_port
smdpp_Tests.mp_es2plus_server_port := $es2_port
smdpp_Tests.mp_es2plus_client_cert_path := "$work/operator/Operators/test.operator.com/CERT_OPERATOR_TLS_NIST.pem"
smdpp_Tests.mp_es2plus_client_key_path := "$work/operator/Operators/test.operator.com/SK_OPERATOR_TLS_NIST.pem"
EOF

# The suite's brainpool cases need a client that offers brainpoolP256r1: built on Debian's
# curl and OpenSSL 3.0, its ClientHello lists only x25519, P-256, x448, P-521, P-384 and the
# ffdhe groups, and a server may not answer with a certificate on a curve the client did not
# offer (RFC 8422 5.1). The suite has no setting for it, so its client's OpenSSL is told
# the groups for those cases alone (divergences.md, "Suite defects").
cat >"$run/brainpool-client.cnf" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_module
[ssl_module]
system_default = groups
[groups]
Groups = brainpoolP256r1:P-256
EOF

# 4. the cases, in the order of the two control parts
if [ $# -gt 0 ]; then
  printf '%s\n' "$@" >"$work/cases.txt"
else
  { sed -n '/^control/,$p' "$suite/smdpp_Tests.ttcn" | grep -o 'execute(TC_[A-Za-z0-9_]*' | sed 's/execute(/smdpp_Tests./'
    sed -n '/^control/,$p' "$suite/ES2Plus_Tests.ttcn" | grep -o 'execute(TC_[A-Za-z0-9_]*' | sed 's/execute(/ES2Plus_Tests./'
  } >"$work/cases.txt"
fi

# 5. one fresh SM-DP+ per case
export LD_LIBRARY_PATH=$build:$titan_lib
server=""
stop_server() { [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }; server=""; }
trap stop_server EXIT
: >"$out/results.tsv"
n=0; total=$(wc -l <"$work/cases.txt")
echo "== $total test cases"
while read -r case; do
  [ -n "$case" ] || continue
  n=$((n + 1)); dir=$out/cases/$(printf %03d "$n")-${case#*.}
  rm -rf "$dir"; mkdir -p "$dir"
  cp -r "$work/template" "$dir/data"
  "$rsp_lab" smdp serve --data "$dir/data" --credentials "$creds" --config "$work/smdp.toml" \
    --trace-dir "$dir/trace" >"$dir/server.log" 2>&1 &
  server=$!
  "$work/waitport" "$es9_port" && "$work/waitport" "$es2_port"
  rm -f "$run"/logs/*
  started=$(date +%s.%N)
  client_conf=""
  case $case in *BRP*) client_conf=$run/brainpool-client.cnf ;; esac
  (cd "$run" && env ${client_conf:+OPENSSL_CONF=$client_conf} \
    timeout 200 ttcn3_start "$build/smdpp_Tests" "$run/suite.cfg" "$case") >"$dir/console.log" 2>&1 || true
  took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  stop_server
  cp "$run"/logs/* "$dir/" 2>/dev/null || true
  rm -rf "$dir/data"
  # the executor's closing line: "Test case X finished. Verdict: V[ reason: R]"
  closing=$(grep -m1 "Test case ${case#*.} finished. Verdict:" "$dir/console.log" || true)
  verdict=$(sed -n 's/.*finished\. Verdict: \([a-z]*\).*/\1/p' <<<"$closing")
  reason=$(sed -n 's/.*finished\. Verdict: [a-z]* reason: //p' <<<"$closing" | tr '\t' ' ' | cut -c1-400)
  [ -n "$reason" ] || reason=$(grep -m1 -E 'Dynamic test case error|setverdict\((fail|inconc|error)\)' \
    "$dir/console.log" | tr '\t' ' ' | cut -c1-400 || true)
  printf '%s\t%s\t%s\t%s\n' "$case" "${verdict:-none}" "$took" "$reason" >>"$out/results.tsv"
  printf '%3d/%d %-70s %s\n' "$n" "$total" "$case" "${verdict:-none}"
done <"$work/cases.txt"

# 6. the tables, and the judgement against the divergences
python3 "$here/report.py" "$out/results.tsv" "$here/divergences.md" "$out"
