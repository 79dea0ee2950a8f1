"""The dashboard and the HTML report as a person sees them, in headless chromium.

Usage: check_web.py --log DEMO_LOG --pki DIR --report JSON --html FILE [--screenshots DIR]

DEMO_LOG is the output of a running `rsp-lab demo --serve --report JSON --html FILE`. The
dashboard is opened as soon as the run prints its URL, while the campaign runs; once the run
is over the page, never reloaded, must have refreshed itself to the JSON report's numbers.
Then it asserts on the rendered DOM: the dashboard's counts per country are the JSON
report's, a device page shows what the report and the operator API say of it, a verb
clicked in the page is queued (the operator API sees it); the HTML report's table,
guarantees and charts are the JSON report's and it fetched nothing; no console error,
exception, failed request or HTTP error anywhere.
"""

import argparse
import json
import os
import ssl
import sys
import http.client
import re
import time

from cdp import Browser

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def operator_api(addr, pki, path):
    """GET on the operator API with operator1's client certificate (mutual TLS)."""
    ctx = ssl.create_default_context(
        cafile=os.path.join(pki, "CertificateIssuer", "CERT_CI_ECDSA_NIST.pem")
    )
    ctx.check_hostname = False  # a loopback port of the run; the chain is still verified
    op = os.path.join(pki, "Operators", "operator1")
    ctx.load_cert_chain(
        os.path.join(op, "CERT_OPERATOR_TLS_NIST.pem"), os.path.join(op, "SK_OPERATOR_TLS_NIST.pem")
    )
    host, port = addr.rsplit(":", 1)
    c = http.client.HTTPSConnection(host, int(port), context=ctx, timeout=20)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200:
        raise SystemExit(f"operator API {path}: {r.status} {body[:200]!r}")
    return json.loads(body)


COUNTRY_ROWS = """Object.fromEntries([...document.querySelectorAll('#countries tr[data-country]')]
  .map(r => [r.dataset.country, Object.fromEntries([...r.querySelectorAll('[data-k]')]
  .map(td => [td.dataset.k, td.textContent.trim()]))]))"""


def wait_for(log, pattern, seconds=600):
    """The first match of `pattern` in the demo's output, waiting for it."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        with open(log) as f:
            m = re.search(pattern, f.read(), re.M)
        if m:
            return m
        time.sleep(0.2)
    raise SystemExit(f"{log}: no {pattern!r}")


def during_the_run(b, args):
    """Opens the dashboard when the run prints its URL; returns it once the run is over."""
    args.url = wait_for(args.log, r"^dashboard: (http://\S+)$").group(1)
    b.navigate(args.url)
    check(b.eval("location.pathname + location.search") == "/", "the token URL lands on / without the token")
    check(b.eval("document.cookie") == "", "the access cookie is HttpOnly (not visible to scripts)")
    first = b.eval("document.querySelector('[data-total=devices]').textContent.trim()")
    args.api = wait_for(args.log, r"^serving: .*operator API ([0-9.:]+),").group(1)
    over = b.eval("Date.now()")
    print(f"      the run showed {first} devices when the page opened; the run is over now")
    deadline = time.time() + 20
    while time.time() < deadline:
        b.pump(0.5)
        if b.eval(f"Number(document.getElementById('overview').dataset.refreshed || 0) > {over}"):
            break
    check(b.eval(f"Number(document.getElementById('overview').dataset.refreshed || 0) > {over}"),
          "the overview refreshed itself after the run, without a reload")


def dashboard(b, args, report, shots):
    base = args.url.split("/?token=")[0]
    rows = b.eval(COUNTRY_ROWS)
    for cc, r in report["countries"].items():
        got = rows.get(cc, {})
        for key, want in (("devices", r["devices"]), ("localized", r["localized"]),
                          ("home", r["localized"]), ("roaming", r["roaming"])):
            check(got.get(key) == str(want), f"dashboard {cc} {key}: {got.get(key)} == report {want}")
    total = b.eval("document.querySelector('[data-total=devices]').textContent.trim()")
    check(total == str(report["totals"]["devices"]), f"dashboard total devices {total}")
    exposed = b.eval("document.querySelector('[data-total=exposed]').textContent.trim()")
    check(exposed == str(report["totals"]["exposed_after"]),
          f"dashboard exposure now {exposed} == report exposed_after {report['totals']['exposed_after']}")
    check(b.eval("document.querySelectorAll('#exposure-chart polyline').length") >= 1,
          "the exposure-over-time chart is drawn")
    check(b.eval("!document.getElementById('live').hidden"), "the live indicator shows")
    if shots:
        b.screenshot(os.path.join(shots, "dashboard.png"))

    cn = next(iter(report["countries"]))
    b.navigate(f"{base}/devices?country={cn}")
    n = report["countries"][cn]["devices"]
    check(b.eval("document.getElementById('total').textContent") == str(n), f"device list: {n} in {cn}")
    check(b.eval("document.querySelectorAll('#devices tbody tr').length") == min(n, 50),
          "device list: one page of rows")
    b.navigate(f"{base}/devices?country={cn}&state=home")
    check(b.eval("document.getElementById('total').textContent") == str(report["countries"][cn]["localized"]),
          f"device list: the home filter finds the report's localized devices of {cn}")

    d = next((d for d in report["devices"] if d["localized"] and d["fallback_iccid"]), report["devices"][0])
    eid = d["eid"]
    b.navigate(f"{base}/devices/{eid}")
    shown = b.eval("document.querySelector('dd[data-k=enabled]').textContent.trim()")
    api = operator_api(args.api, args.pki, f"/v1/devices/{eid}")
    check(shown == d["enabled_iccid"] == api.get("enabledIccid"),
          f"device page enabled ICCID {shown} == report == operator API")
    fb = b.eval("document.querySelector('dd[data-k=fallback]').textContent.trim()")
    check(fb == d["fallback_iccid"] == api.get("fallbackIccid"), f"device page fallback ICCID {fb}")
    if shots:
        b.resize(1100, 900)
        b.screenshot(os.path.join(shots, "device.png"))
        b.resize(1280, 900)
    has_button = b.eval("!!document.querySelector('button[data-verb=fallback]')")
    check(has_button, "a Set fallback button on the non-fallback profile")
    if has_button:
        before = len(operator_api(args.api, args.pki, f"/v1/devices/{eid}/operations"))
        start = len(b.events)
        b.eval("document.querySelector('button[data-verb=fallback]').click()")
        while not any(e["method"] == "Page.loadEventFired" for e in b.events[start:]):
            b.pump(0.2)
        b.pump(0.3)
        queued = b.eval("new URLSearchParams(location.search).get('queued')")
        ops = operator_api(args.api, args.pki, f"/v1/devices/{eid}/operations")
        check(len(ops) == before + 1 and ops[-1]["id"] == queued and ops[-1]["kind"] == "setFallback",
              f"the clicked verb is queued through the engine: operator API shows {queued}")
        check(b.eval("!!document.getElementById('queued')"), "the page says it was queued")


def html_report(b, args, report, shots):
    start = len(b.events)
    b.navigate("file://" + os.path.abspath(args.html))
    elsewhere = [
        e["params"]["request"]["url"]
        for e in b.events[start:]
        if e["method"] == "Network.requestWillBeSent"
        and not e["params"]["request"]["url"].startswith(("file:", "data:"))
    ]
    check(not elsewhere, f"the HTML report fetched nothing from elsewhere {elsewhere}")
    check(b.eval("document.querySelectorAll('script, link[rel=stylesheet], img').length") == 0,
          "the HTML report has no script, external style or image")
    rows = b.eval(COUNTRY_ROWS)
    for key in ("devices", "localized", "roaming", "rolled_back", "failed", "exposed_before", "exposed_after"):
        want = str(report["totals"][key])
        check(rows["total"][key] == want, f"report total {key}: {rows['total'][key]} == JSON {want}")
    for cc, r in report["countries"].items():
        check(rows[cc]["devices"] == str(r["devices"]), f"report {cc} devices")
    g = report.get("guarantees", [])
    check(b.eval("document.querySelectorAll('#guarantees tbody tr').length") == len(g), "every guarantee listed")
    check(b.eval("document.querySelectorAll('#guarantees td.pass').length") == sum(1 for c in g if c["passed"]),
          "the guarantees that held are marked PASS")
    for chart in ("exposure-chart", "exposure-without-chart", "daily-chart", "latency-chart"):
        check(b.eval(f"!!document.querySelector('svg#{chart}')"), f"chart {chart} drawn")
    bars = b.eval("[...document.querySelectorAll('#latency-chart rect.bar')].reduce((s, r) => s + parseFloat(r.dataset.value), 0)")
    want = sum(x["count"] for x in report["localize_latency"])
    check(bars == want, f"latency bars sum to the JSON's {want} localizations")
    check(b.eval("document.querySelectorAll('#daily-chart polyline').length") == 2, "localizations and rollbacks per day")
    wire = report.get("esipa_wire")
    check(wire is not None, "the report says what ESipa put on the wire")
    for key in ("polls", "octets_sent", "octets_received", "handshakes", "datagrams", "retransmissions", "lost"):
        shown = b.eval(f"document.querySelector('[data-esipa={key}]').textContent.trim()")
        check(shown == str(wire[key]), f"report ESipa {key}: {shown} == JSON {wire[key]}")
    if shots:
        b.resize(1040, 900)
        b.screenshot(os.path.join(shots, "report.png"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True)
    p.add_argument("--pki", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--html", required=True)
    p.add_argument("--screenshots")
    args = p.parse_args()
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    b = Browser()
    try:
        during_the_run(b, args)
        with open(args.report) as f:
            report = json.load(f)
        dashboard(b, args, report, args.screenshots)
        html_report(b, args, report, args.screenshots)
        problems = b.problems()
        for pr in problems:
            print("      " + pr)
        check(not problems, "no console error, exception, failed request or HTTP error")
    finally:
        b.close()
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
