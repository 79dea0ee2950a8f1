#!/usr/bin/env bash
# Cross-check of our DER codec against asn1play (pycrate), in both directions, for every
# type in proto's registry:
#  1. pycrate encodes random values built from the spec's ASN.1 schema as pycrate compiled it
#     (gen_values.py); our codec must decode them and re-encode the same octets;
#  2. pycrate decodes our encodings (those re-encodings, plus hand-built samples of every
#     type from the test suite) and must re-encode the same octets; our JSON component names
#     must be pycrate's (check_corpus.py);
#  3. pycrate mutates the values it decoded and encodes them; our codec must decode those too.
# Known divergences (tools/crosscheck/known-divergences.json) are reported, not failed.
# Needs the venv from .ci/run (or PY=/path/to/python with asn1play installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
COUNT=${COUNT:-8}
SEED=${SEED:-$(date +%s)}
MODULES=${MODULES:-"RSPDefinitions SGP32Definitions PEDefinitions SGP32Definitions-v1.0 SGP32Definitions-v1.3"}
KNOWN=tools/crosscheck/known-divergences.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# asn1play prints a git warning on import; keep stderr otherwise intact.
py() { "$PY" "$@" 2> >(grep -v 'not a git repository' >&2); }

# `--workspace`, not `-p proto`: features resolved for the whole workspace, as the README's
# test command resolves them, so after it nothing is rebuilt (with `-p proto` it rebuilt
# 43 crates after the tests' build).
cargo build -q --workspace --example crosscheck
bin=target/debug/examples/crosscheck
"$bin" --list >"$work/types.txt"
echo "seed $SEED, $COUNT random values per type, $(wc -l <"$work/types.txt") types"

status=0
present=""
for m in $MODULES; do
  grep "^$m " "$work/types.txt" | cut -d' ' -f2 >"$work/$m.names" || true
  if [ -s "$work/$m.names" ]; then
    present="$present $m"
    py tools/crosscheck/gen_values.py "$m" "$SEED" "$COUNT" <"$work/$m.names" >"$work/theirs-$m.jsonl"
  fi
done
[ -n "$present" ] || { echo "no types registered"; exit 0; }

echo "== 1. pycrate's random encodings, decoded and re-encoded by us"
"$bin" "$work"/theirs-*.jsonl --write-ours "$work/ours.jsonl" --known "$KNOWN" || status=1

echo "== 2. our encodings (re-encodings and samples), checked by pycrate"
: >"$work/samples.jsonl"
# The corpus modules of proto's test binary (crates/proto/tests/it/sgp2*/…corpus.rs), each
# run alone: they all write to RSP_CORPUS_OUT.
for t in sgp22::corpus sgp32::corpus sgp32::v1_0_corpus sgp32::v1_3_corpus; do
  out="$work/samples-${t//::/_}.jsonl"
  RSP_CORPUS_OUT="$out" cargo test -q -p proto --test it -- --exact "$t::write_corpus_for_crosscheck" >/dev/null
  cat "$out" >>"$work/samples.jsonl"
done
for m in $present; do
  py tools/crosscheck/check_corpus.py --module "$m" --seed "$SEED" \
    --emit "$work/mutated-$m.jsonl" "$work/ours.jsonl" "$work/samples.jsonl" | grep -v '^note ' || status=1
done

echo "== 3. pycrate's mutations of those values, decoded and re-encoded by us"
"$bin" "$work"/mutated-*.jsonl --known "$KNOWN" | grep -v '^SKIP' || status=1
exit $status
