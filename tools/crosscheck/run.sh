#!/usr/bin/env bash
# Cross-check of our DER codec against asn1play (pycrate), in both directions:
#  1. pycrate encodes random values of every type we implement (built from the spec's ASN.1
#     schema as pycrate compiled it); we decode them and must re-encode the same octets;
#  2. pycrate decodes our encodings and must re-encode the same octets.
# Needs the venv from .ci/run (or PY=/path/to/python with asn1play installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
COUNT=${COUNT:-8}
SEED=${SEED:-$(date +%s)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q -p proto --example crosscheck
bin=target/debug/examples/crosscheck
"$bin" --list >"$work/types.txt"
echo "seed $SEED, $COUNT values per type, $(wc -l <"$work/types.txt") types"

status=0
for m in RSPDefinitions SGP32Definitions PEDefinitions; do
  grep "^$m " "$work/types.txt" | cut -d' ' -f2 >"$work/$m.names" || true
  [ -s "$work/$m.names" ] || continue
  "$PY" tools/crosscheck/gen_values.py "$m" "$SEED" "$COUNT" <"$work/$m.names" >"$work/theirs-$m.jsonl"
done
shopt -s nullglob
corpora=("$work"/theirs-*.jsonl)
if [ ${#corpora[@]} -eq 0 ]; then
  echo "no types registered yet"
  exit 0
fi
"$bin" "${corpora[@]}" --write-ours "$work/ours.jsonl" || status=1
for m in RSPDefinitions SGP32Definitions PEDefinitions; do
  [ -s "$work/$m.names" ] || continue
  "$PY" tools/crosscheck/check_ours.py "$m" <"$work/ours.jsonl" || status=1
done
exit $status
