#!/usr/bin/env python3
"""Turns the suite's per-case verdicts into a Markdown table and JUnit XML, and judges them.

    report.py RESULTS.tsv DIVERGENCES.md OUT_DIR

RESULTS.tsv: one line per case, `case <TAB> verdict <TAB> seconds <TAB> first reason`.
DIVERGENCES.md: the cases that are known not to pass; each is a table row whose first cell
holds the case's name in backquotes (`smdpp_Tests.TC_...`), with the clause that makes the
suite wrong. The run is good when every case that does not pass is listed there and every
listed case that ran does not pass (a listed case that passes is a stale entry: remove it).
Exit status 0 when good, 1 otherwise. Standard library only.
"""

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

CASE_IN_ROW = re.compile(r"^\|\s*`((?:smdpp_Tests|ES2Plus_Tests)\.TC_[A-Za-z0-9_]+)`")


def read_results(path):
    rows = []
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        parts += [""] * (4 - len(parts))
        case, verdict, seconds, reason = parts[:4]
        rows.append({"case": case, "verdict": verdict, "seconds": seconds, "reason": reason})
    return rows


def read_divergences(path):
    listed = {}
    for line in Path(path).read_text().splitlines():
        m = CASE_IN_ROW.match(line)
        if m:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            listed[m.group(1)] = cells[1] if len(cells) > 1 else ""
    return listed


def markdown(rows, listed):
    counts = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    out = [
        "# osmocom SGP.23 SM-DP+ suite against rsp-lab",
        "",
        f"{len(rows)} cases: {summary}.",
        "",
        "| # | case | verdict | s | divergence or first reason |",
        "|---|---|---|---|---|",
    ]
    for i, r in enumerate(rows, 1):
        note = listed.get(r["case"], "") if r["verdict"] != "pass" else ""
        if r["verdict"] != "pass" and not note:
            note = "NOT LISTED: " + r["reason"]
        note = note.replace("|", "\\|")
        out.append(f"| {i} | `{r['case']}` | {r['verdict']} | {r['seconds']} | {note} |")
    return "\n".join(out) + "\n"


def junit(rows, listed):
    failures = sum(1 for r in rows if r["verdict"] != "pass" and r["case"] not in listed)
    skipped = sum(1 for r in rows if r["verdict"] != "pass" and r["case"] in listed)
    total = sum(float(r["seconds"] or 0) for r in rows)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuite name="osmocom-smdpp-sgp23" tests="{len(rows)}" failures="{failures}" '
        f'skipped="{skipped}" time="{total:.1f}">',
    ]
    for r in rows:
        module, _, name = r["case"].partition(".")
        out.append(
            f"  <testcase classname={quoteattr(module)} name={quoteattr(name)} "
            f'time="{float(r["seconds"] or 0):.1f}">'
        )
        if r["verdict"] != "pass":
            if r["case"] in listed:
                out.append(f"    <skipped message={quoteattr('divergence: ' + listed[r['case']])}/>")
            else:
                out.append(
                    f"    <failure message={quoteattr(r['verdict'])}>{escape(r['reason'])}</failure>"
                )
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    rows = read_results(sys.argv[1])
    listed = read_divergences(sys.argv[2])
    out = Path(sys.argv[3])
    (out / "results.md").write_text(markdown(rows, listed))
    (out / "junit.xml").write_text(junit(rows, listed))

    ran = {r["case"] for r in rows}
    unlisted = [r for r in rows if r["verdict"] != "pass" and r["case"] not in listed]
    stale = [r["case"] for r in rows if r["verdict"] == "pass" and r["case"] in listed]
    passing = sum(1 for r in rows if r["verdict"] == "pass")
    print(f"conformance: {len(rows)} cases, {passing} pass, "
          f"{len(rows) - passing - len(unlisted)} listed in divergences, "
          f"{len(unlisted)} not listed; tables in {out}/results.md and junit.xml")
    for r in unlisted:
        print(f"  not passing and not listed: {r['case']}: {r['verdict']}: {r['reason'][:200]}")
    for case in stale:
        print(f"  listed in divergences but passes: {case}")
    missing = [c for c in listed if c not in ran]
    if missing and len(ran) > 100:
        for case in missing:
            print(f"  listed in divergences but not run: {case}")
    sys.exit(0 if not unlisted and not stale else 1)


if __name__ == "__main__":
    main()
