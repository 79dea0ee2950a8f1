#!/usr/bin/env bash
# The standard benchmark set of rsp-lab, release build, as one Markdown report:
#   crypto    the cryptography of one download per side, timed on one core: the ceiling;
#   download  complete downloads against the SM-DP+ (the GSMA TS.48 V2 profile when
#             ../shared/reference is there, else the built-in minimal one), concurrency
#             1,4,16,64,256, median of RUNS runs per level; then at concurrency 64 against
#             `rsp-lab smdp serve` in a process of its own (`bench download --smdp`), its
#             CPU read from that process;
#   poll      ESipa polls against the eIM, idle and with a package, concurrency 1,16,64;
#   fleet     the localization lab at 1,000 and 10,000 devices, RUNS times (FLEET=
#             "10000,100000" measures the growth to 100,000 devices: about 12 minutes and
#             1.8 GiB per run on 2 cores).
# Usage: tools/bench/run.sh [OUT.md]   (RUNS=3 by default; QUICK=1 for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/dev/stdout}
runs=${RUNS:-3}
fleet=${FLEET:-1000,10000}
downloads=256 polls=4000 days=180
if [ "${QUICK:-0}" = 1 ]; then
  runs=1 fleet=200 downloads=32 polls=400 days=30
fi
cargo build --release -q -p lab
bin=target/release/rsp-lab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile=()
ts48=../shared/reference/ts48/TS48V2-SAIP2-1-NOBERTLV-UNIQUE.der
[ -f "$ts48" ] && profile=(--profile "$ts48")

# The SM-DP+ as a child process with an inventory of `downloads` profiles, benchmarked at
# concurrency 64 with its own CPU time; writes external-$1.json.
external() {
  local dir="$work/external-$1" ports es9 es2 pid template=()
  mkdir -p "$dir"
  [ -f "$ts48" ] && template=(--template "$(realpath "$ts48")")
  (cd "$dir" && "$root/$bin" certs generate --out pki >/dev/null &&
    "$root/$bin" smdp inventory add --type bench --count "$downloads" --iccid-start 8949449999000000002 \
      --imsi-start 001010000000001 --data smdp "${template[@]}" >/dev/null)
  ports=$(python3 -c 'import socket
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  es9=$(echo "$ports" | sed -n 1p) es2=$(echo "$ports" | sed -n 2p)
  (cd "$dir" && exec "$root/$bin" smdp serve --data smdp --pki pki --es9-listen "127.0.0.1:$es9" \
    --es2-listen "127.0.0.1:$es2" 2>"$dir/serve.log" >/dev/null) &
  pid=$!
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$es2") 2>/dev/null && break
    sleep 0.1
  done
  (cd "$dir" && "$root/$bin" bench download --smdp "https://smdp.rsp-lab.test:$es9" \
    --es2 "https://smdp.rsp-lab.test:$es2" --pki pki --es9-resolve "127.0.0.1:$es9" \
    --es2-resolve "127.0.0.1:$es2" --smdp-pid "$pid" --concurrency 64 --downloads "$downloads" \
    --json) >"$work/external-$1.json"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
root=$(pwd)

for i in $(seq 1 "$runs"); do
  "$bin" bench crypto "${profile[@]}" --json >"$work/crypto-$i.json"
  "$bin" bench download --concurrency 1,4,16,64,256 --downloads "$downloads" "${profile[@]}" --json >"$work/download-$i.json"
  external "$i"
  "$bin" bench poll --devices 256 --concurrency 1,16,64 --polls "$polls" --json >"$work/poll-$i.json"
  "$bin" bench fleet --sizes "$fleet" --days "$days" --json >"$work/fleet-$i.json"
done

python3 - "$work" "$runs" >"$out" <<'PY'
import json, os, platform, statistics, subprocess, sys, datetime
work, runs = sys.argv[1], int(sys.argv[2])
def load(kind):
    return [json.load(open(os.path.join(work, f"{kind}-{i}.json"))) for i in range(1, runs + 1)]
def med(values):
    return statistics.median(values)
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print(f"Measured {datetime.date.today()} at {rev} on {os.cpu_count()} cores ({cpu}), release build, "
      f"median of {runs} run(s) per figure.\n")
c = load("crypto")
cores = os.cpu_count() or 1
both = med([r["both_sides_ceiling_per_core"] for r in c])
print(f"**The ceiling** (`bench crypto`: the cryptography of one download, timed on one core): "
      f"{med([r['smdp']['ms_per_download'] for r in c]):.3f} ms on the SM-DP+ and "
      f"{med([r['device']['ms_per_download'] for r in c]):.3f} ms on the eUICC with its LPA per download, "
      f"so at most {med([r['smdp_ceiling_per_core'] for r in c]):.0f} downloads/s per core for the SM-DP+ alone "
      f"and {both * cores:.0f}/s on these {cores} cores with both sides on them.\n")
d = load("download")
print(f"**bench download** ({d[0]['profile']}, {d[0]['profile_bytes']} octets; both sides on the machine)\n")
print("| concurrency | downloads/s | p50 ms | p99 ms | server CPU ms/download | client CPU ms/download | errors |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for i, lvl in enumerate(d[0]["levels"]):
    ls = [r["levels"][i] for r in d]
    print(f"| {lvl['concurrency']} | {med([l['downloads_per_s'] for l in ls]):.0f} | "
          f"{med([l['download']['p50_ms'] for l in ls]):.1f} | {med([l['download']['p99_ms'] for l in ls]):.1f} | "
          f"{med([l['server_cpu_ms_per_download'] for l in ls]):.2f} | {med([l['client_cpu_ms_per_download'] for l in ls]):.2f} | "
          f"{sum(l['errors'] for l in ls)} |")
e = load("external")
ls = [r["levels"][0] for r in e]
print(f"\nThe same at concurrency 64 against `rsp-lab smdp serve` in a process of its own "
      f"(`bench download --smdp … --smdp-pid`; server CPU: that whole process): "
      f"{med([l['downloads_per_s'] for l in ls]):.0f} downloads/s, p50 {med([l['download']['p50_ms'] for l in ls]):.1f} ms, "
      f"p99 {med([l['download']['p99_ms'] for l in ls]):.1f} ms, server CPU {med([l['server_cpu_ms_per_download'] for l in ls]):.2f} ms "
      f"and client CPU {med([l['client_cpu_ms_per_download'] for l in ls]):.2f} ms per download, "
      f"{sum(l['errors'] for l in ls)} errors.")
p = load("poll")
print(f"\n**bench poll** ({p[0]['devices']} devices, one shared keep-alive HTTPS client)\n")
print("| kind | concurrency | polls/s | p50 ms | p99 ms | server CPU ms/poll | client CPU ms/poll | errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for i, lvl in enumerate(p[0]["levels"]):
    ls = [r["levels"][i] for r in p]
    print(f"| {lvl['kind']} | {lvl['concurrency']} | {med([l['polls_per_s'] for l in ls]):.0f} | "
          f"{med([l['poll']['p50_ms'] for l in ls]):.2f} | {med([l['poll']['p99_ms'] for l in ls]):.2f} | "
          f"{med([l['server_cpu_ms_per_poll'] for l in ls]):.3f} | {med([l['client_cpu_ms_per_poll'] for l in ls]):.3f} | "
          f"{sum(l['errors'] for l in ls)} |")
f = load("fleet")
print(f"\n**bench fleet** (`rsp-lab demo` defaults otherwise; growth: each run's own ratio, median, and the ratio of the sizes' median times)\n")
print("| devices | days | wall s | deploy s | days s | checks s | CPU s | cores busy | polls | downloads | peak MiB | KiB/device | DB KiB/device | growth, median of the runs' own | growth of the median times | guarantees |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
previous = None
for i, first in enumerate(f[0]["runs"]):
    rs = [x["runs"][i] for x in f]
    m = lambda key: med([r[key] for r in rs])
    per_run = "-" if first["growth"] is None else f"{med([r['growth'] for r in rs]):.2f}"
    of_medians = "-"
    if previous is not None:
        of_medians = f"{(m('wall_s') / previous[1]) / (first['devices'] / previous[0]):.2f}"
    previous = (first["devices"], m("wall_s"))
    passed = all(r["guarantees_passed"] for r in rs)
    print(f"| {first['devices']} | {first['days']} | {m('wall_s'):.1f} | {m('deploy_s'):.1f} | {m('days_s'):.1f} | {m('checks_s'):.2f} | "
          f"{m('cpu_s'):.1f} | {m('cores_busy'):.2f} | "
          f"{first['polls']} | {first['downloads']} | {m('peak_rss_mib'):.0f} | {m('rss_per_device_kib'):.1f} | "
          f"{m('db_per_device_kib'):.1f} | {per_run} | {of_medians} | {'PASS' if passed else 'FAIL'} |")
print("\n**the days by part** (medians; CPU of the whole process while the part ran)\n")
print("| devices | part | wall s | CPU s | cores busy |")
print("|---:|---|---:|---:|---:|")
for i, first in enumerate(f[0]["runs"]):
    for j, part in enumerate(first["day_parts"]):
        ps = [x["runs"][i]["day_parts"][j] for x in f]
        print(f"| {first['devices']} | {part['part']} | {med([q['wall_s'] for q in ps]):.1f} | "
              f"{med([q['cpu_s'] for q in ps]):.1f} | {med([q['cores_busy'] for q in ps]):.2f} |")
PY
