#!/usr/bin/env python3
"""Builds the fuzz seed corpus from message traces and reference profile packages.

    seed.py TRACE_DIR REFERENCE_DIR OUT_DIR

TRACE_DIR holds files written by `--trace-dir` (`<time>-<seq>-<interface>-<function>-
<req|resp>.<json|der|empty>`, any depth); REFERENCE_DIR is ../shared/reference (TS.48
profile packages, SGP.26 certificates), read here and never copied into git. Each target
gets its inputs in OUT_DIR/<target>/, named by their SHA-1, prefixed the way the target
reads them: the selector octet of `fuzz/selectors/<target>.txt`, the `FFFF` of der_registry's
detection mode, the 2-byte frame lengths of the multi-message targets.
"""

import base64
import binascii
import hashlib
import json
import re
import sys
from pathlib import Path

FUZZ_DIR = Path(__file__).resolve().parents[2] / "fuzz"
ISD_R_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")
# ES10 requests with no content: GetEUICCChallenge, EUICCInfo1/2, ProfilesInfo,
# configured addresses, RetrieveNotificationsList, GetEID (tag list 5A), GetRAT.
SIMPLE_ES10 = ["bf2e00", "bf2000", "bf2200", "bf2d00", "bf3c00", "bf2b00", "bf3e035c015a", "bf4300"]
TRACE_NAME = re.compile(r"^[0-9TZ.]+-\d+-(?P<iface>[A-Za-z0-9.]+)-(?P<func>[A-Za-z0-9_.]+)-(?P<dir>req|resp)\.(?P<ext>json|der|empty)$")


def selectors(target):
    lines = (FUZZ_DIR / "selectors" / f"{target}.txt").read_text().splitlines()
    names = [l.strip() for l in lines if l.strip() and not l.strip().startswith("#")]
    return {name: i for i, name in enumerate(names)}


class Corpus:
    def __init__(self, out):
        self.out = Path(out)
        self.counts = {}

    def add(self, target, data):
        d = self.out / target
        d.mkdir(parents=True, exist_ok=True)
        path = d / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def tlv_end(data, at=0):
    """End offset of the DER TLV at `at`, or None (definite lengths only)."""
    if at >= len(data):
        return None
    i = at + 1
    if data[at] & 0x1F == 0x1F:
        while i < len(data) and data[i] & 0x80:
            i += 1
        i += 1
    if i >= len(data):
        return None
    first = data[i]
    i += 1
    if first < 0x80:
        length = first
    elif first == 0x80 or first > 0x84:
        return None
    else:
        n = first & 0x7F
        if i + n > len(data):
            return None
        length = int.from_bytes(data[i:i + n], "big")
        i += n
    end = i + length
    return end if end <= len(data) else None


def is_single_tlv(data):
    return len(data) >= 2 and tlv_end(data) == len(data)


def children(data):
    """Every TLV in `data` and, recursively, inside its constructed TLVs."""
    out = []

    def walk(buf):
        at = 0
        while at < len(buf):
            end = tlv_end(buf, at)
            if end is None:
                return
            tlv = buf[at:end]
            out.append(tlv)
            if tlv[0] & 0x20:
                walk(tlv[header_len(tlv):])
            at = end

    walk(data)
    return out


def header_len(tlv):
    i = 1
    if tlv[0] & 0x1F == 0x1F:
        while tlv[i] & 0x80:
            i += 1
        i += 1
    first = tlv[i]
    return i + 1 + (first & 0x7F if first > 0x80 else 0)


def wrap(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        octets = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(octets)]) + octets
    return tag + length + value


def frame(*messages):
    return b"".join(len(m).to_bytes(2, "big") + m for m in messages)


def store_data(request, channel=0):
    """The STORE DATA blocks that carry one ES10 request (SGP.22 5.7.2), then GET RESPONSE."""
    blocks = [request[i:i + 255] for i in range(0, len(request), 255)] or [b""]
    apdus = []
    for n, block in enumerate(blocks):
        p1 = 0x91 if n == len(blocks) - 1 else 0x11
        apdus.append(bytes([0x80 | channel, 0xE2, p1, n & 0xFF, len(block)]) + block)
    apdus.append(bytes([channel, 0xC0, 0x00, 0x00, 0x00]))
    return apdus


def select_isd_r(channel=0):
    return bytes([channel, 0xA4, 0x04, 0x00, len(ISD_R_AID)]) + ISD_R_AID + b"\x00"


def stdio_session(requests):
    def line(func, param):
        p = "null" if param is None else json.dumps(param)
        return f'{{"type":"apdu","payload":{{"func":"{func}","param":{p}}}}}'

    lines = [line("connect", None), line("logic_channel_open", ISD_R_AID.hex().upper())]
    for r in requests:
        for apdu in store_data(r, channel=1):
            lines.append(line("transmit", apdu.hex().upper()))
    lines += [line("logic_channel_close", "01"), '{"type":"lpa","payload":{"code":0}}', line("disconnect", None)]
    return ("\n".join(lines) + "\n").encode()


def bpp_pieces(bpp):
    """The BPP cut as SGP.22 2.5.5 has the LPA send it (ES10b.LoadBoundProfilePackage)."""
    h = header_len(bpp)
    inner = [tlv for tlv in top_level(bpp[h:])]
    if not inner:
        return [bpp]
    pieces = [bpp[:h] + inner[0]]
    for tlv in inner[1:]:
        tag = tlv[0]
        if tag in (0xA1, 0xA3):
            hl = header_len(tlv)
            pieces.append(tlv[:hl])
            pieces.extend(top_level(tlv[hl:]))
        else:
            pieces.append(tlv)
    return pieces


def top_level(buf):
    out, at = [], 0
    while at < len(buf):
        end = tlv_end(buf, at)
        if end is None:
            break
        out.append(buf[at:end])
        at = end
    return out


def base64_members(value):
    """Every string in a JSON value that is base64 of one DER TLV, with its member name."""
    found = []

    def walk(v, name):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, name)
        elif isinstance(v, str) and len(v) >= 4:
            try:
                raw = base64.b64decode(v, validate=True)
            except (binascii.Error, ValueError):
                return
            if is_single_tlv(raw):
                found.append((name, raw))

    walk(value, "")
    return found


class Seeder:
    def __init__(self, out):
        self.c = Corpus(out)
        self.json_sel = selectors("json_bindings")
        self.smdp_sel = selectors("smdp_bodies")
        self.eim_sel = selectors("eim_bodies")
        self.es10 = {bytes.fromhex(h) for h in SIMPLE_ES10}
        self.bpps = []

    def der(self, raw):
        self.c.add("der_registry", b"\xff\xff" + raw)
        self.c.add("der_reader", raw)
        for tlv in children(raw):
            if tlv[:2] == b"\xbf\x36":
                self.bpps.append(tlv)
            # eUICC Packages and other ES10b requests an eIM sends through the IPA
            if tlv[:2] in (b"\xbf\x51", b"\xbf\x52", b"\xbf\x53"):
                self.es10.add(tlv)

    def trace(self, path):
        m = TRACE_NAME.match(path.name)
        if not m:
            return
        iface, func, direction, ext = m["iface"], m["func"], m["dir"], m["ext"]
        body = path.read_bytes()
        if ext == "json":
            key = f"{iface}/{func}/{direction}"
            if key in self.json_sel:
                self.c.add("json_bindings", bytes([self.json_sel[key]]) + body)
            if direction == "req":
                for table, target in ((self.smdp_sel, "smdp_bodies"), (self.eim_sel, "eim_bodies")):
                    if f"{iface}/{func}" in table:
                        self.c.add(target, bytes([table[f"{iface}/{func}"]]) + body)
            if direction == "req" and iface == "es9p":
                # The IPA speaks ESipa's ASN.1 binding only; ES9+ bodies of the same function
                # carry the same members and seed the ESipa JSON binding.
                if f"esipa/{func}/req" in self.json_sel:
                    self.c.add("json_bindings", bytes([self.json_sel[f"esipa/{func}/req"]]) + body)
                if f"esipa/{func}" in self.eim_sel:
                    self.c.add("eim_bodies", bytes([self.eim_sel[f"esipa/{func}"]]) + body)
            try:
                members = base64_members(json.loads(body))
            except ValueError:
                return
            for name, raw in members:
                self.der(raw)
                if name == "boundProfilePackage":
                    self.bpps.append(raw)
        elif ext == "der":
            self.der(body)
            if direction == "req" and iface == "asn1":
                self.c.add("smdp_bodies", bytes([self.smdp_sel["asn1"]]) + body)
            if direction == "req" and iface == "esipa":
                self.c.add("eim_bodies", bytes([self.eim_sel["esipa/asn1"]]) + body)
                # ESipa requests relayed to the SM-DP+ share their tags with ES9+'s; in `A2`
                # they seed the ES9+ ASN.1 binding, which the demo does not use.
                if body[:2] in (b"\xbf\x39", b"\xbf\x3b", b"\xbf\x3a", b"\xbf\x41", b"\xbf\x3d"):
                    self.c.add("smdp_bodies", bytes([self.smdp_sel["asn1"]]) + wrap(b"\xa2", body))

    def reference(self, ref):
        for pkg in sorted((ref / "ts48").glob("*.der")):
            data = pkg.read_bytes()
            self.c.add("saip_package", data)
            self.c.add("der_reader", data)
            for pe in top_level(data):
                self.c.add("der_registry", b"\xff\xff" + pe)
        for cert in sorted((ref / "sgp26-test-certs").rglob("*.der")):
            self.c.add("der_reader", cert.read_bytes())

    def finish(self):
        for bpp in self.bpps:
            pieces = bpp_pieces(bpp)
            self.c.add("bpp_stream", b"\x00" + bpp)
            self.c.add("bpp_stream", b"\x07" + bpp)
            for mode in (0, 1):
                self.c.add("es10_request", bytes([mode]) + frame(*pieces[:8]))
        for r in sorted(self.es10):
            apdus = [select_isd_r()] + store_data(r)
            self.c.add("es10_request", b"\x00" + frame(r))
            self.c.add("es10_request", b"\x01" + frame(r))
            self.c.add("card_transmit", b"\x00" + frame(*apdus))
            self.c.add("card_transmit", b"\x01" + frame(*apdus))
            for apdu in apdus:
                self.c.add("apdu_command", apdu)
        self.c.add("stdio_driver", stdio_session(sorted(self.es10)[:4]))
        return self.c.counts


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    trace, ref, out = (Path(a) for a in sys.argv[1:])
    s = Seeder(out)
    if trace.is_dir():
        for path in sorted(trace.rglob("*")):
            if path.is_file():
                s.trace(path)
    if ref.is_dir():
        s.reference(ref)
    else:
        print(f"notice: {ref} not found, no reference seeds", file=sys.stderr)
    for target, n in sorted(s.finish().items()):
        print(f"{target}: {n} new seeds")


if __name__ == "__main__":
    main()
