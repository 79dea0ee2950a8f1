#!/usr/bin/env python3
"""Cross-checks the ESipa ASN.1 messages of a trace directory against asn1play (pycrate).

`rsp-lab eim serve --trace-dir DIR` (and the eim crate's tests) write every ESipa body as
`<time>-<seq>-esipa-<function>-<req|resp>.<der|json>`. This helper turns the DER ones into a
corpus for check_corpus.py: requests as EsipaMessageFromIpaToEim, responses as
EsipaMessageFromEimToIpa (SGP32Definitions, SGP.32 v1.2 6.3), and runs it.

Usage: PY check_trace.py TRACE_DIR [--out CORPUS.jsonl]
Exit status: check_corpus.py's (0 when every message re-encodes identically in pycrate);
2 when the directory holds no ESipa DER message.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

NAME = re.compile(r"-esipa-[A-Za-z]+-(req|resp)\.der$")
TYPES = {"req": "EsipaMessageFromIpaToEim", "resp": "EsipaMessageFromEimToIpa"}


def corpus(trace_dir):
    out = []
    for name in sorted(os.listdir(trace_dir)):
        m = NAME.search(name)
        if not m:
            continue
        with open(os.path.join(trace_dir, name), "rb") as f:
            der = f.read()
        if der:
            out.append({"module": "SGP32Definitions", "type": TYPES[m.group(1)], "der": der.hex(), "file": name})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace_dir")
    ap.add_argument("--out", help="keep the corpus here")
    args = ap.parse_args()
    lines = corpus(args.trace_dir)
    if not lines:
        print(f"no ESipa DER message in {args.trace_dir}")
        return 2
    path = args.out or tempfile.mkstemp(suffix=".jsonl")[1]
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print(f"{len(lines)} ESipa messages from {args.trace_dir}")
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run([sys.executable, os.path.join(here, "check_corpus.py"), "--module", "SGP32Definitions", path])
    if not args.out:
        os.unlink(path)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
