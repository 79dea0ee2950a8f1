#!/usr/bin/env python3
"""Checks one lpac run's output (lpac prints one JSON object a line; the last of type "lpa"
is its result: payload.code 0 and message "success" when the command succeeded).

Usage: lpac_check.py FILE CHECK [ARG...]
  ok                          the command succeeded
  eid EID                     chip info: the card's EID
  installed ICCID             profile download: the installation result names ICCID
  iccid-in ICCID              profile list: ICCID is listed
  iccid-gone ICCID            profile list: ICCID is not listed
  state ICCID STATE           profile list: ICCID is in STATE (enabled/disabled)
  notifications ICCID OP...   notification list: ICCID has exactly these operations pending
  no-notifications            notification list: nothing pending
  discovered ADDRESS          profile discovery: the SM-DS named the RSP server ADDRESS
Prints what it found on failure; exit status 0 when the check holds.
"""
import json
import sys


def result(path):
    found = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if obj.get("type") == "lpa":
                found = obj.get("payload")
    return found


def main(argv):
    path, check, args = argv[1], argv[2], argv[3:]
    payload = result(path)
    if payload is None:
        print(f"{path}: no lpac result line", file=sys.stderr)
        return 1
    if payload.get("code") != 0:
        print(f"{path}: lpac failed: {json.dumps(payload)}", file=sys.stderr)
        return 1
    data = payload.get("data")
    if check == "ok":
        return 0
    if check == "eid":
        ok = isinstance(data, dict) and data.get("eidValue") == args[0]
    elif check == "installed":
        ok = isinstance(data, dict) and data.get("iccid") == args[0]
    elif check in ("iccid-in", "iccid-gone", "state"):
        listed = {p.get("iccid"): p for p in (data or [])}
        if check == "iccid-in":
            ok = args[0] in listed
        elif check == "iccid-gone":
            ok = args[0] not in listed
        else:
            ok = listed.get(args[0], {}).get("profileState") == args[1]
    elif check == "notifications":
        ops = sorted(n.get("profileManagementOperation") for n in (data or [])
                     if n.get("iccid") == args[0])
        ok = ops == sorted(args[1:])
    elif check == "no-notifications":
        ok = not data
    elif check == "discovered":
        ok = isinstance(data, list) and args[0] in data
    else:
        print(f"unknown check {check}", file=sys.stderr)
        return 2
    if not ok:
        print(f"{path}: {check} {' '.join(args)} does not hold: {json.dumps(data)}",
              file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
