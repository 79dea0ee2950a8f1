"""Decodes our encodings with pycrate and checks that pycrate re-encodes them byte for byte:
the other half of the cross-check.

usage: check_ours.py MODULE < ours.jsonl   (lines {"module","type","der"}; other modules skipped)
Exit status 1 if any line fails.
"""

import json
import sys

from pycrate_modules import get_type, load


def main():
    module = sys.argv[1]
    mod = load(module)
    checked = failed = 0
    for line in sys.stdin:
        rec = json.loads(line)
        if rec.get("module") != module or "der" not in rec:
            continue
        der = bytes.fromhex(rec["der"])
        try:
            t = get_type(mod, rec["type"])
        except KeyError:
            print(f"SKIP {module}.{rec['type']}: not in pycrate's module")
            continue
        checked += 1
        try:
            t.from_der(der)
            again = t.to_der()
        except Exception as e:
            failed += 1
            print(f"FAIL {module}.{rec['type']}: pycrate cannot decode our encoding {der.hex()}: {e}")
            continue
        if again != der:
            failed += 1
            print(f"FAIL {module}.{rec['type']}: pycrate re-encodes differently\n  ours   {der.hex()}\n  theirs {again.hex()}")
    print(f"{module}: {checked} encodings of ours checked by pycrate, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
