#!/usr/bin/env python3
"""Talk to the software eUICC through PC/SC (pcscd + vpcd) as an LPA would.

Waits for a card in the vpcd reader, then: MANAGE CHANNEL open, SELECT ISD-R on that
channel, ES10c.GetEID (BF3E), ES10b.GetEUICCInfo2 (BF22), ES10c.GetProfilesInfo (BF2D),
each as STORE DATA blocks (P1 11/91, P2 block number) collected with GET RESPONSE while the
card answers 61XX (SGP.22 section 5.7, GlobalPlatform Card Specification 11.11), then
MANAGE CHANNEL close. Checks status words and response tags; exits 1 on any failure.

Usage: check_card.py [--reader SUBSTRING] [--timeout SECONDS] [--block SIZE]
"""

import argparse
import sys
import time

from smartcard.CardConnection import CardConnection
from smartcard.Exceptions import CardConnectionException, NoCardException
from smartcard.System import readers

ISD_R_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")


class CheckFailed(Exception):
    pass


def hexs(b):
    return bytes(b).hex().upper()


def parse_tlv(data):
    """Returns (tag bytes, value, bytes used) of the first BER-TLV in data."""
    if len(data) < 2:
        raise CheckFailed("TLV too short: %s" % hexs(data))
    i = 1
    if data[0] & 0x1F == 0x1F:
        while i < len(data) and data[i] & 0x80:
            i += 1
        i += 1
    tag = bytes(data[:i])
    if i >= len(data):
        raise CheckFailed("TLV without length: %s" % hexs(data))
    first = data[i]
    i += 1
    if first < 0x80:
        length = first
    elif first in (0x81, 0x82, 0x83):
        n = first & 0x7F
        if i + n > len(data):
            raise CheckFailed("TLV length truncated: %s" % hexs(data))
        length = int.from_bytes(bytes(data[i : i + n]), "big")
        i += n
    else:
        raise CheckFailed("TLV length form %02X not allowed in DER" % first)
    if i + length > len(data):
        raise CheckFailed("TLV value truncated: %s" % hexs(data))
    return tag, bytes(data[i : i + length]), i + length


def children(value):
    out = []
    while value:
        tag, inner, used = parse_tlv(value)
        out.append((tag, inner))
        value = value[used:]
    return out


class Lpa:
    def __init__(self, connection, block):
        self.c = connection
        self.block = block
        self.channel = 0

    def transmit(self, apdu):
        data, sw1, sw2 = self.c.transmit(list(apdu))
        return bytes(data), (sw1 << 8) | sw2

    def collect(self, data, sw, cla):
        """Reads 61XX remainders with GET RESPONSE; returns (data, final SW)."""
        out = bytearray(data)
        rounds = 0
        while sw >> 8 == 0x61:
            rounds += 1
            if rounds > 1000:
                raise CheckFailed("endless 61XX")
            data, sw = self.transmit([cla, 0xC0, 0x00, 0x00, sw & 0xFF])
            out += data
        return bytes(out), sw

    def open_channel(self):
        data, sw = self.transmit([0x00, 0x70, 0x00, 0x00, 0x01])
        data, sw = self.collect(data, sw, 0x00)
        if sw != 0x9000 or len(data) != 1 or not 1 <= data[0] <= 3:
            raise CheckFailed("MANAGE CHANNEL open: %s SW %04X" % (hexs(data), sw))
        self.channel = data[0]
        return self.channel

    def select_isd_r(self):
        cla = self.channel
        data, sw = self.transmit([cla, 0xA4, 0x04, 0x00, len(ISD_R_AID)] + list(ISD_R_AID) + [0x00])
        data, sw = self.collect(data, sw, cla)
        if sw != 0x9000:
            raise CheckFailed("SELECT ISD-R: SW %04X" % sw)
        tag, fci, used = parse_tlv(data)
        if tag != b"\x6F" or used != len(data):
            raise CheckFailed("SELECT ISD-R: not one FCI template (6F): %s" % hexs(data))
        aids = [v for t, v in children(fci) if t == b"\x84"]
        if aids != [ISD_R_AID]:
            raise CheckFailed("SELECT ISD-R: FCI does not carry the ISD-R AID: %s" % hexs(data))
        return data

    def es10(self, request):
        cla = 0x80 | self.channel
        blocks = [request[i : i + self.block] for i in range(0, len(request), self.block)]
        response = b""
        for n, block in enumerate(blocks):
            p1 = 0x91 if n == len(blocks) - 1 else 0x11
            data, sw = self.transmit([cla, 0xE2, p1, n, len(block)] + list(block))
            data, sw = self.collect(data, sw, cla)
            if sw != 0x9000:
                raise CheckFailed(
                    "STORE DATA block %d of %s: SW %04X" % (n, hexs(request[:4]), sw)
                )
            response += data
        return response

    def close_channel(self):
        data, sw = self.transmit([0x00, 0x70, 0x80, self.channel])
        if sw != 0x9000:
            raise CheckFailed("MANAGE CHANNEL close: SW %04X" % sw)


def expect_tag(name, response, tag):
    got, value, used = parse_tlv(response)
    if got != tag:
        raise CheckFailed("%s: response tag %s, expected %s" % (name, hexs(got), hexs(tag)))
    if used != len(response):
        raise CheckFailed("%s: %d bytes after the response TLV" % (name, len(response) - used))
    return value


def wait_for_card(reader_part, timeout):
    deadline = time.monotonic() + timeout
    last = "no reader yet"
    while time.monotonic() < deadline:
        try:
            matching = [r for r in readers() if reader_part in str(r)]
        except Exception as e:  # pcscd not ready: smartcard raises several kinds
            matching, last = [], "pcscd: %s" % e
        for reader in matching:
            connection = reader.createConnection()
            try:
                connection.connect(CardConnection.T0_protocol | CardConnection.T1_protocol)
                return reader, connection
            except (NoCardException, CardConnectionException) as e:
                last = "%s: %s" % (reader, e)
        if not matching and not last.startswith("pcscd"):
            last = "no reader matching %r among %s" % (reader_part, readers())
        time.sleep(0.5)
    raise CheckFailed("no card within %ss (%s)" % (timeout, last))


def run_steps(label, steps, connection, errors=(CheckFailed, CardConnectionException)):
    """Runs (name, fn) steps in order, printing PASS/FAIL lines; a failure skips the rest
    (they depend on it) and counts them failed. Disconnects `connection()` if there is one.
    Returns the exit status."""
    passed = failed = 0
    for i, (name, fn) in enumerate(steps):
        try:
            detail = fn()
            passed += 1
            print("PASS %s%s" % (name, ": " + detail if detail else ""), flush=True)
        except errors as e:
            failed += len(steps) - i
            print("FAIL %s: %s" % (name, e), flush=True)
            break
    c = connection()
    if c is not None:
        try:
            c.disconnect()
        except Exception:
            pass
    print("%s: %d passed, %d failed" % (label, passed, failed), flush=True)
    return 0 if failed == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", default="Virtual PCD", help="substring of the reader name")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the card")
    ap.add_argument("--block", type=int, default=120, help="STORE DATA block size (6..255)")
    args = ap.parse_args()

    state = {}

    def connect():
        reader, connection = wait_for_card(args.reader, args.timeout)
        state["lpa"] = Lpa(connection, args.block)
        protocol = {CardConnection.T0_protocol: "T=0", CardConnection.T1_protocol: "T=1"}.get(
            connection.getProtocol(), str(connection.getProtocol())
        )
        return "%s, ATR %s, %s" % (reader, hexs(connection.getATR()), protocol)

    def open_channel():
        return "channel %d" % state["lpa"].open_channel()

    def select():
        return "FCI %s" % hexs(state["lpa"].select_isd_r())

    def get_eid():
        value = expect_tag("GetEID", state["lpa"].es10(bytes.fromhex("BF3E035C015A")), b"\xBF\x3E")
        eid = [v for t, v in children(value) if t == b"\x5A"]
        if len(eid) != 1 or len(eid[0]) != 16:
            raise CheckFailed("GetEID: no 16-byte eidValue (5A) in %s" % hexs(value))
        return "EID %s" % hexs(eid[0])

    def get_euicc_info2():
        response = state["lpa"].es10(bytes.fromhex("BF2200"))
        value = expect_tag("GetEUICCInfo2", response, b"\xBF\x22")
        tags = [hexs(t) for t, _ in children(value)]
        if "81" not in tags:
            raise CheckFailed("GetEUICCInfo2: no profileVersion (81) in %s" % hexs(value))
        return "%d bytes, %d fields" % (len(response), len(tags))

    def get_profiles_info():
        response = state["lpa"].es10(bytes.fromhex("BF2D00"))
        value = expect_tag("GetProfilesInfo", response, b"\xBF\x2D")
        kids = children(value)
        if len(kids) != 1 or kids[0][0] not in (b"\xA0", b"\x81"):
            raise CheckFailed("GetProfilesInfo: neither profileInfoListOk (A0) nor error (81)")
        if kids[0][0] == b"\x81":
            return "profileInfoListError %s" % hexs(kids[0][1])
        profiles = [v for t, v in children(kids[0][1]) if t == b"\xE3"]
        return "%d profile(s)" % len(profiles)

    def close_channel():
        state["lpa"].close_channel()
        return ""

    steps = [
        ("connect via PC/SC", connect),
        ("MANAGE CHANNEL open", open_channel),
        ("SELECT ISD-R", select),
        ("ES10c.GetEID (BF3E)", get_eid),
        ("ES10b.GetEUICCInfo2 (BF22)", get_euicc_info2),
        ("ES10c.GetProfilesInfo (BF2D)", get_profiles_info),
        ("MANAGE CHANNEL close", close_channel),
    ]
    def connection():
        return state["lpa"].c if "lpa" in state else None

    return run_steps("check-card", steps, connection)


if __name__ == "__main__":
    sys.exit(main())
