#!/usr/bin/env python3
"""Where a profile's samples go, by layer: each sample counted once.

Reads `perf script -F comm,ip,sym` on stdin; for a recording kept in
target/profiling/perf.data:
    perf script -i target/profiling/perf.data -F comm,ip,sym | python3 tools/bench/layers.py
With a number N as argument (tools/bench/profile.sh passes TOP, default 60) it first prints
the samples by thread and the N functions of this workspace, SQLite and the system calls
with the most samples under them.

A sample on a database thread (`*-db-*`) counts for that thread. On any other thread it
counts for the innermost frame of this workspace's crates: the role's code (eim, sm_dp),
the devices (euicc_sim), the lab, storage (SQLite run on the caller's thread), proto
(ASN.1), certs, or infra, whose server side (`infra::serve`) and client side
(`infra::keep_alive`, `infra::client`) are the HTTP/TLS exchanges. Without such a frame,
hyper's client or server frames still name the side; P-256 assembly (ring and aws-lc keep
no frame pointers there, so its callers are not recorded) counts apart; the rest is the
runtime and the kernel outside any request (the scheduler, epoll, wake-ups, receives).
"""

import collections
import re
import sys

CRATES = "storage|infra|proto|certs|euicc_sim|sm_dp|eim|lab|ledger|rsp_lab"
OURS = re.compile(rf"^<?({CRATES})::")
NAMES = {
    "eim": "the eIM's code",
    "sm_dp": "the SM-DP+'s code",
    "euicc_sim": "the devices (eUICC, IPA, LPA)",
    "lab": "the lab's simulation",
    "ledger": "the lab's simulation",
    "rsp_lab": "the lab's simulation",
    "storage": "SQLite on the caller's thread (storage)",
    "proto": "ASN.1 and crypto wrappers (proto)",
    "certs": "certificates (certs)",
}
P256 = re.compile(r"ecp_nistz256|p256_|bignum_|nistz256|montj")
DB_THREADS = {"w": "writer", "r": "reader", "c": "checkpointer"}
SERVER = "HTTP/TLS exchanges, server side"
CLIENT = "HTTP/TLS exchanges, client side"


def layer(thread, stack):
    role, db, kind = thread.partition("-db-")
    if db:
        kind = re.sub(r"\d+$", "", kind)
        return f"database thread: {role} {DB_THREADS.get(kind, kind)}"
    for frame in stack:
        m = OURS.match(frame)
        if not m:
            continue
        crate = m.group(1)
        if crate == "infra":
            if "infra::serve" in frame:
                return SERVER
            if "infra::keep_alive" in frame or "infra::client" in frame:
                return CLIENT
            continue
        return NAMES[crate]
    if any("hyper::client" in f for f in stack):
        return CLIENT
    if any("hyper::server" in f or "hyper::proto::h1::role::Server" in f for f in stack):
        return SERVER
    if stack and P256.search(stack[0]) and len(stack) <= 3:
        return "P-256 assembly (callers not recorded)"
    return "runtime and kernel outside a request (scheduler, epoll, wake-ups)"


def samples(stream):
    """Each sample of `perf script -F comm,ip,sym` output: (thread, frames leaf first)."""
    thread, stack = None, []
    for line in stream:
        if not line.strip():
            if thread is not None:
                yield thread, stack
            thread, stack = None, []
        elif line[0] not in " \t":
            thread = line.split()[0]
        else:
            parts = line.split(None, 1)
            if len(parts) == 2:
                stack.append(parts[1].strip())
    if thread is not None:
        yield thread, stack


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    ours = re.compile(rf"^<?({CRATES})::|^sqlite3|^__x64_sys_")
    threads, inclusive, layers = (collections.Counter() for _ in range(3))
    total = 0
    for thread, stack in samples(sys.stdin):
        total += 1
        threads[re.sub(r"\d+$", "N", thread)] += 1
        for f in {re.sub(r"::\{\{closure\}\}", "", f) for f in stack if ours.search(f)}:
            inclusive[f] += 1
        if stack:
            layers[layer(thread, stack)] += 1
    if total == 0:
        sys.exit("no samples")
    if top:
        print(f"{total} samples\n\nby thread:")
        for name, n in threads.most_common(12):
            print(f"{100 * n / total:6.2f} %  {name}")
        print("\nby function (samples under it):")
        for name, n in inclusive.most_common(top):
            print(f"{100 * n / total:6.2f} %  {name[:140]}")
        print()
    print("by layer (each sample once):")
    for name, n in layers.most_common():
        print(f"{100 * n / total:6.2f} %  {name}")


if __name__ == "__main__":
    main()
