#!/usr/bin/env python3
"""Compares a `rsp-lab conform --json` result with a peer's expected verdicts.

  check-expected.py RESULTS.json EXPECTED.json

EXPECTED lists, by case name, the verdict a case gets against the peer with the clause and
the reason; a case not listed must pass. Exit status 1 when a verdict differs, or when
EXPECTED names a case the run did not have (a renamed case leaves no stale entry).
"""
import json
import sys


def main():
    results = json.load(open(sys.argv[1]))["cases"]
    expected = json.load(open(sys.argv[2]))["cases"]
    seen, wrong = set(), []
    for case in results:
        name = case["name"]
        seen.add(name)
        want = expected.get(name, {}).get("verdict", "pass")
        if case["verdict"] != want:
            wrong.append(f"{name}: {case['verdict']} where {want} is expected ({case['detail']})")
    for name in expected:
        if name not in seen:
            wrong.append(f"{name}: listed in {sys.argv[2]} but not run")
    listed = sum(1 for c in results if c["name"] in expected)
    print(f"{len(results)} cases, {listed} with a listed verdict, {len(wrong)} differing")
    for line in wrong:
        print("  " + line)
    sys.exit(1 if wrong else 0)


main()
