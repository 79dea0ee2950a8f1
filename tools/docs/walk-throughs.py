#!/usr/bin/env python3
"""The user guide's walk-throughs, run as they are written.

  tools/docs/walk-throughs.py [--rsp-lab PATH] [--keep DIR]

A fenced block of the guide (docs/guide/src) right after a line `<!-- ci: run -->` is a
walk-through. Each runs with bash (`set -e`, `pipefail`), the `rsp-lab` binary first on
PATH, in one scratch directory that the walk-throughs share in the order of SUMMARY.md (the
eIM's uses the PKI the SM-DP+'s made). After a line that starts a server in the background
(`... &`) the run waits until that process listens, or has connected to a server (a device
bound to the SMSC), as a reader would; at the block's end
its background processes are stopped. A walk-through fails when any command in it fails.

Every other `rsp-lab` command of the guide is parsed by the binary's own command-line
definitions in a test (`guide_commands` in crates/lab), so none is left unchecked.

Exit status 1 with one line per failed walk-through.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide" / "src"
RUN_MARK = "<!-- ci: run -->"
FENCE = re.compile(r"^```(\S*)\s*$")


def chapters():
    """The guide's pages in SUMMARY.md's order (walk-throughs build on earlier ones)."""
    summary = (GUIDE / "SUMMARY.md").read_text()
    seen = []
    for target in re.findall(r"\]\(([^)#]+\.md)\)", summary):
        path = GUIDE / target
        if path.name != "cli.md" and path not in seen and path.exists():
            seen.append(path)
    return seen


def blocks(path):
    """(line number, marked runnable, lines) of each fenced block of a page."""
    lines = path.read_text().splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        marked = start > 0 and lines[start - 1].strip() == RUN_MARK
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        out.append((start + 1, marked, m.group(1), lines[i + 1 : j]))
        i = j + 1
    return out


def logical_lines(lines):
    """Joins continuation lines (`\\` at the end) into one."""
    out, buf = [], ""
    for line in lines:
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        out.append(buf + line)
        buf = ""
    if buf:
        out.append(buf)
    return out


def code_of(line):
    """The line without a trailing `# comment` (outside quotes)."""
    in_single = in_double = False
    for k, c in enumerate(line):
        if c == "'" and not in_double:
            in_single = not in_single
        elif c == '"' and not in_single:
            in_double = not in_double
        elif c == "#" and not in_single and not in_double and (k == 0 or line[k - 1].isspace()):
            line = line[:k]
            break
    return line.rstrip()


WAIT_LISTEN = r"""
__rsp_wait_listen() {  # until process $1 listens or is connected over TCP (30 s at most)
  local pid=$1 i
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { echo "the background server (pid $pid) exited" >&2; return 1; }
    ss -ltnpH 2>/dev/null | grep -q "pid=$pid," && { sleep 0.3; return 0; }
    ss -tnpH state established 2>/dev/null | grep -q "pid=$pid," && { sleep 0.3; return 0; }
    sleep 0.1
  done
  echo "the background server (pid $pid) did not listen within 30 s" >&2; return 1
}
# `|| true`: a walk-through without background jobs calls `kill` without a PID, which fails,
# and errexit applies inside the trap (the walk-through would end with status 2).
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
set -eo pipefail
"""


def run_walk_through(rsp_lab, lines, work, log):
    script = [WAIT_LISTEN]
    for line in logical_lines(lines):
        script.append(line)
        if code_of(line).endswith("&"):
            script.append("__rsp_wait_listen $!")
    env = dict(os.environ)
    env["PATH"] = f"{Path(rsp_lab).resolve().parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("RUST_LOG", None)
    r = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log.write(r.stdout + r.stderr)
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()[-5:]
        return f"exit status {r.returncode}: " + " | ".join(tail)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rsp-lab", default=os.environ.get("RSP_LAB", str(ROOT / "target/debug/rsp-lab")))
    ap.add_argument("--keep", help="run the walk-throughs in DIR and keep it")
    a = ap.parse_args()
    rsp_lab = str(Path(a.rsp_lab).resolve())
    if not os.access(rsp_lab, os.X_OK):
        sys.exit(f"{rsp_lab}: no rsp-lab binary (build it, or give --rsp-lab)")
    for tool in ("bash", "jq", "curl", "ss"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed by the walk-throughs")

    work = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="rsp-lab-guide-"))
    work.mkdir(parents=True, exist_ok=True)
    log = open(work / "walk-throughs.log", "w")
    failures, ran = [], 0
    for page in chapters():
        rel = page.relative_to(ROOT)
        for lineno, marked, _lang, lines in blocks(page):
            if not marked:
                continue
            t0 = time.time()
            err = run_walk_through(rsp_lab, lines, work, log)
            ran += 1
            print(f"ran the walk-through at {rel}:{lineno} ({time.time() - t0:.1f} s)")
            if err:
                failures.append(f"{rel}:{lineno}: {err}")
    log.close()
    for f in failures:
        print(f"FAIL {f}")
    print(f"guide walk-throughs: {ran} run, {len(failures)} failed")
    if failures:
        print(f"their output: {work / 'walk-throughs.log'}")
    if ran == 0:
        failures.append(f"no block marked {RUN_MARK!r} in the guide")
        print(failures[-1])
    if not a.keep and not failures:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
