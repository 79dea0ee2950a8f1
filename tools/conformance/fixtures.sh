#!/usr/bin/env bash
# The SM-DP+'s state the suite assumes, made through the product's own interfaces: the
# inventory CLI and ES2+ (DownloadOrder, ConfirmOrder) over mutual TLS, as an operator
# would. The result is a data directory that run.sh copies for every test case.
#
#   fixtures.sh RSP_LAB WORK TEMPLATE_DIR
#
# WORK holds what run.sh laid out: creds/ (the SM-DP+'s credentials), operator/ (the
# operator PKI), smdp.toml, suite/ (the suite's sources). What each matching ID stands for
# comes from the suite's test cases (smdpp_Tests.ttcn: the comments beside each ID).
set -euo pipefail
rsp_lab=${1:?rsp-lab binary}; work=${2:?work folder}; out=${3:?template folder}
es2_port=$(sed -n 's/^es2_listen = "127.0.0.1:\([0-9]*\)"/\1/p' "$work/smdp.toml")
fqdn=testsmdpplus1.example.com
# The suite's eUICC (sgp26/eUICC: the EID of its CERT.EUICC) and an EID with valid check
# digits (ISO/IEC 7812 mod 97, SGP.02 / SGP.22 EID format) that is not the suite's.
eid_suite=89049032123451234512345678901235
eid_other=89049032123451234512345678999981

rm -rf "$out"; mkdir -p "$out"
# ES2Plus_Tests orders ICCIDs 89000000000000001010.. (its c_iccid_test_N) of type Test; the
# fixtures order profiles of a type of their own, so those stay available.
"$rsp_lab" smdp inventory add --type Test --count 400 --iccid-start 89000000000000001010 \
  --imsi-start 001010000000001 --operator test.operator.com --data "$out" >/dev/null
"$rsp_lab" smdp inventory add --type Fixture --count 40 --iccid-start 89000000000000900005 \
  --imsi-start 001010000900001 --operator test.operator.com --data "$out" >/dev/null
# A profile type carrying Profile Policy Rule 1 (SGP.22 2.9.1): AuthenticateClient_Error_15
# presents an eUICC whose forbiddenProfilePolicyRules holds PPR1 (8.2.5/4.3, no eligible
# profile).
"$rsp_lab" smdp inventory add --type PPR1 --count 2 --iccid-start 89000000000000950000 \
  --imsi-start 001010000950001 --operator test.operator.com --data "$out" >/dev/null
"$rsp_lab" smdp inventory rules --type PPR1 --ppr ppr1 --data "$out"
# The orders of the default SM-DP+ use case (below): a type of their own, with the Test
# profiles' icon.
"$rsp_lab" smdp inventory add --type Default --count 10 --iccid-start 89000000000000960009 \
  --imsi-start 001010000960001 --operator test.operator.com --data "$out" >/dev/null
# The profiles the suite orders (type Test) carry an icon near SGP.22 5.5.3's limit of 1024
# octets, so that their StoreMetadataRequest no longer fits one 1020-octet segment and is
# split over two '88' segments (2.5.5), as GetBoundProfilePackage_PPK_MetadataSplit
# expects of its profile. The icon: a 21x21 PNG of noise (incompressible), made here.
python3 - "$work/icon.png" <<'PY'
import random, struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rng = random.Random(23)
side = 21
rows = b"".join(b"\0" + bytes(rng.randrange(256) for _ in range(side * 2)) for _ in range(side))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 4, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
assert 900 <= len(png) <= 1024, len(png)
open(sys.argv[1], "wb").write(png)
PY
"$rsp_lab" smdp inventory icon --type Test --file "$work/icon.png" --data "$out"
"$rsp_lab" smdp inventory icon --type Default --file "$work/icon.png" --data "$out"

"$rsp_lab" smdp serve --data "$out" --credentials "$work/creds" --config "$work/smdp.toml" \
  >"$work/fixtures-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
"$work/waitport" "$es2_port"

es2() { # FUNCTION JSON -> answer on stdout
  curl -sS --max-time 20 --resolve "$fqdn:$es2_port:127.0.0.1" \
    --cacert "$work/creds/CertificateIssuer/CERT_CI_ECDSA_NIST.pem" \
    --cert "$work/operator/Operators/test.operator.com/CERT_OPERATOR_TLS_NIST.pem" \
    --key "$work/operator/Operators/test.operator.com/SK_OPERATOR_TLS_NIST.pem" \
    -H 'Content-Type: application/json;charset=UTF-8' -H 'X-Admin-Protocol: gsma/rsp/v2.5.0' \
    -d "$2" "https://$fqdn:$es2_port/gsma/rsp2/es2plus/$1"
}
header='"header":{"functionRequesterIdentifier":"test.operator.com","functionCallIdentifier":"fixture"}'
field() { python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }
# order MATCHING_ID EID CC RELEASE [TYPE]: DownloadOrder of a profile of TYPE (default
# Fixture), then ConfirmOrder
order() {
  local mid=$1 eid=$2 cc=$3 release=$4 type=${5:-Fixture} e="" answer confirm
  local iccid
  [ -n "$eid" ] && e=",\"eid\":\"$eid\""
  answer=$(es2 downloadOrder "{$header,\"profileType\":\"$type\"$e}")
  grep -q '"Executed-Success"' <<<"$answer" || { echo "fixtures: DownloadOrder for $mid: $answer" >&2; exit 1; }
  iccid=$(field iccid <<<"$answer")
  confirm="{$header,\"iccid\":\"$iccid\",\"matchingId\":\"$mid\",\"releaseFlag\":$release$e"
  [ -n "$cc" ] && confirm="$confirm,\"confirmationCode\":\"$cc\""
  answer=$(es2 confirmOrder "$confirm}")
  grep -q '"Executed-Success"' <<<"$answer" || { echo "fixtures: ConfirmOrder $mid: $answer" >&2; exit 1; }
  printf '%-20s %s eid=%s cc=%s released=%s\n' "${mid:-(default SM-DP+)}" "$iccid" "${eid:--}" "${cc:--}" "$release"
}

# The default SM-DP+ use case (SGP.22 3.1.2): orders bound to the suite's EID, no matching
# ID. The suite's ES9+ cases meant to order their own profile of type Test over ES2+ first;
# at the measured commit that provisioning fails (its ES2+ handle is never created: see
# divergences.md), so they download one of these, which carry the Test profiles' icon.
for _ in 1 2 3; do order "" "$eid_suite" "" true Default; done
order TEST123 "" 12345678 true
order AC_NOT_RELEASED "" 87654321 false
order AC_WITH_CC "" 11223344 true
order AC_NO_CC "" "" true
order AC_RESTRICTED_EID "$eid_other" "" true
order AC_OTHER_EID "$eid_other" "" true
order MATCHING_ID_1 "$eid_suite" "" true
order CC_REQUIRED_TEST "" 12345678 true
order EVENT_001 "" 55667788 true
order UNMATCHED_EVENT "$eid_other" 99887766 true
order EVENT_NORMAL "" "" true
order EVENT_RESTRICTED "$eid_other" "" true
order MATCHING_ID_EVENT "$eid_suite" "" true
order AC_PPR1 "" "" true PPR1
order AC_EXPIRED "" "" true
order AC_MAX_RETRIES "" "" true
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
# An order past its validity (8.8.5/4.10) and one whose download attempts are used up
# (8.8.5/6.4): the operator's own terms of an order, set after ConfirmOrder.
"$rsp_lab" smdp order set --data "$out" --matching-id AC_EXPIRED --valid-until 2020-01-01T00:00:00Z
"$rsp_lab" smdp order set --data "$out" --matching-id AC_MAX_RETRIES --max-attempts 0
