#!/usr/bin/env python3
"""The software eUICC through PC/SC as a modem, a SIM reader and an IPA see it.

With an IoT eUICC holding two profiles (tools/pcsc/check-uicc.sh makes it) and an eIM that
has an enable of the second profile queued for it:

1. modem: TERMINAL CAPABILITY, TERMINAL PROFILE (with REFRESH);
2. SIM reader: SELECT MF and EF.ICCID by file ID, READ BINARY; EF.DIR record 1 for the
   USIM's AID, SELECT it, the PIN1 state, EF.IMSI, EF.AD (MNC length);
3. modem: AUTHENTICATE (3G context) checked against MILENAGE computed here (milenage.py,
   itself checked against TS 35.208 test set 1), then the same challenge again, which must
   end in a synchronisation failure whose AUTS carries the SQN just used;
4. IPA: MANAGE CHANNEL, SELECT ISD-R (P2 '04'), ES10c.GetEID, ESipa.GetEimPackage over
   HTTPS, ES10b.LoadEuiccPackage, ESipa.ProvideEimPackageResult: the profile swap over the
   air;
5. modem: '91XX', FETCH the REFRESH ('09', eUICC profile state change), TERMINAL RESPONSE,
   card reset; then 2. and 3. again, now with the second profile's identities and keys.

Usage: check_uicc.py --subscribers FILE --eim HOST:PORT --eim-name NAME --ca FILE
"""

import argparse
import json
import os
import socket
import ssl
import sys

from smartcard.CardConnection import CardConnection
from smartcard.Exceptions import CardConnectionException

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_card import (  # noqa: E402
    CheckFailed,
    Lpa,
    children,
    hexs,
    parse_tlv,
    run_steps,
    wait_for_card,
)
import milenage  # noqa: E402


def bcd_swapped(data):
    """Digits of swapped BCD, 'F' padding dropped."""
    out = ""
    for b in data:
        for nibble in (b & 0x0F, b >> 4):
            if nibble != 0xF:
                out += "%X" % nibble
    return out


def imsi_digits(ef_imsi):
    """IMSI from EF.IMSI (TS 31.102 4.2.2): length, parity nibble, digits."""
    n = ef_imsi[0]
    digits = bcd_swapped(ef_imsi[1 : 1 + n])
    return digits[1:]  # the first nibble is the parity indication


class Terminal(Lpa):
    """A modem / SIM reader on the basic channel (Lpa gives transmit and GET RESPONSE)."""

    def ok(self, apdu, name):
        data, sw = self.transmit(apdu)
        data, sw = self.collect(data, sw, apdu[0] & 0x03)
        if sw != 0x9000:
            raise CheckFailed("%s: SW %04X" % (name, sw))
        return data

    def select_fid(self, fid, name):
        fcp = self.ok([0x00, 0xA4, 0x00, 0x04, 0x02] + list(fid), "SELECT " + name)
        tag, _, used = parse_tlv(fcp)
        if tag != b"\x62" or used != len(fcp):
            raise CheckFailed("SELECT %s: not one FCP template (62): %s" % (name, hexs(fcp)))
        return dict(children(parse_tlv(fcp)[1]))


def read_identities(t, expected):
    """SIM reader: ICCID, USIM AID, PIN state, IMSI, MNC length; checked against `expected`."""
    t.select_fid(b"\x3F\x00", "MF")
    t.select_fid(b"\x2F\xE2", "EF.ICCID")
    iccid = bcd_swapped(t.ok([0x00, 0xB0, 0x00, 0x00, 0x0A], "READ BINARY EF.ICCID"))
    if iccid != expected["iccid"]:
        raise CheckFailed("ICCID %s, the enabled profile is %s" % (iccid, expected["iccid"]))
    fcp = t.select_fid(b"\x2F\x00", "EF.DIR")
    record_len = int.from_bytes(fcp[b"\x82"][2:4], "big")
    record = t.ok([0x00, 0xB2, 0x01, 0x04, record_len], "READ RECORD EF.DIR")
    app = dict(children(parse_tlv(record)[1]))
    aid = app[b"\x4F"]
    if aid[:7] != bytes.fromhex("A0000000871002"):
        raise CheckFailed("EF.DIR record 1 is not the USIM: %s" % hexs(record))
    t.ok([0x00, 0xA4, 0x04, 0x04, len(aid)] + list(aid), "SELECT USIM")
    data, sw = t.transmit([0x00, 0x20, 0x00, 0x01])
    pin = "disabled or verified" if sw == 0x9000 else "enabled, %d tries" % (sw & 0x0F)
    if sw >> 4 == 0x63C:
        # the lab's minimal profile: PIN1 '1234'
        t.ok([0x00, 0x20, 0x00, 0x01, 0x08] + list(b"1234") + [0xFF] * 4, "VERIFY PIN1")
    t.select_fid(b"\x6F\x07", "EF.IMSI")
    imsi = imsi_digits(t.ok([0x00, 0xB0, 0x00, 0x00, 0x09], "READ BINARY EF.IMSI"))
    if imsi != expected["imsi"]:
        raise CheckFailed("IMSI %s, expected %s" % (imsi, expected["imsi"]))
    ad = t.ok([0x00, 0xB0, 0x83, 0x00, 0x04], "READ BINARY EF.AD by SFI")
    return "ICCID %s, USIM %s, PIN1 %s, IMSI %s (MNC of %d digits)" % (
        iccid, hexs(aid), pin, imsi, ad[3] & 0x0F)


def authenticate(t, sub, sqn):
    """AUTHENTICATE in the 3G context with a challenge computed here; then the replay."""
    m = milenage.Milenage(bytes.fromhex(sub["ki"]), bytes.fromhex(sub["opc"]))
    rand = os.urandom(16)
    sqn_b = sqn.to_bytes(6, "big")
    amf = b"\x80\x00"
    mac_a, _ = m.f1(rand, sqn_b, amf)
    xres, ck, ik, ak = m.f2345(rand)
    autn = bytes(a ^ b for a, b in zip(sqn_b, ak)) + amf + mac_a
    apdu = [0x00, 0x88, 0x00, 0x81, 0x22, 0x10] + list(rand) + [0x10] + list(autn) + [0x00]
    answer = t.ok(apdu, "AUTHENTICATE")
    if answer[:2] != b"\xDB\x08" or answer[2:10] != xres:
        raise CheckFailed("RES: %s, the network expects %s" % (hexs(answer), hexs(xres)))
    if answer[10:27] != b"\x10" + ck or answer[27:44] != b"\x10" + ik:
        raise CheckFailed("CK/IK differ from the network's: %s" % hexs(answer))
    replay = t.ok(apdu, "AUTHENTICATE replayed")
    if replay[:2] != b"\xDC\x0E":
        raise CheckFailed("a replayed challenge is not a synchronisation failure: %s" % hexs(replay))
    sqn_ms = bytes(a ^ b for a, b in zip(replay[2:8], m.f5star(rand)))
    _, mac_s = m.f1(rand, sqn_ms, b"\x00\x00")
    if sqn_ms != sqn_b or replay[8:16] != mac_s:
        raise CheckFailed("AUTS: SQN_MS %s, MAC-S %s" % (hexs(sqn_ms), hexs(replay[8:16])))
    return "RES %s matches; replay -> AUTS with SQN_MS %s" % (hexs(xres), hexs(sqn_ms))


def esipa(eim, name, ca, body):
    """One ESipa request over the ASN.1 binding (SGP.32 6.1); returns the response body."""
    host, port = eim.rsplit(":", 1)
    ctx = ssl.create_default_context(cafile=ca)
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname=name) as s:
            head = (
                "POST /gsma/rsp2/asn1 HTTP/1.1\r\nHost: %s\r\n"
                "Content-Type: application/x-gsma-rsp-asn1\r\n"
                "X-Admin-Protocol: gsma/rsp/v2.1.0\r\nUser-Agent: gsma-rsp-ipad\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (name, len(body))
            )
            s.sendall(head.encode() + body)
            response = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                response += chunk
    header, _, payload = response.partition(b"\r\n\r\n")
    status = header.split(b"\r\n")[0]
    if b" 200 " not in status + b" ":
        raise CheckFailed("ESipa: %s" % status.decode(errors="replace"))
    return payload


def swap_over_the_air(t, args):
    """The IPA: GetEimPackage, LoadEuiccPackage over the card's logical channel, result."""
    ipa = Lpa(t.c, 120)
    ipa.open_channel()
    cla = ipa.channel
    aid = bytes.fromhex("A0000005591010FFFFFFFF8900000100")
    data, sw = ipa.transmit([cla, 0xA4, 0x04, 0x04, 0x10] + list(aid) + [0x00])
    data, sw = ipa.collect(data, sw, cla)
    if sw != 0x9000 or data[:1] != b"\x6F":
        raise CheckFailed("SELECT ISD-R with P2 04: %s SW %04X" % (hexs(data), sw))
    eid = dict(children(parse_tlv(ipa.es10(bytes.fromhex("BF3E035C015A")))[1]))[b"\x5A"]
    request = b"\xBF\x4F\x12\x5A\x10" + eid
    answer = esipa(args.eim, args.eim_name, args.ca, request)
    tag, inner, _ = parse_tlv(answer)
    if tag != b"\xBF\x4F":
        raise CheckFailed("GetEimPackage answer: %s" % hexs(answer[:16]))
    package_tag, _, used = parse_tlv(inner)
    if package_tag != b"\xBF\x51":
        raise CheckFailed("no eUICC Package for this EID: %s" % hexs(inner[:16]))
    # the last STORE DATA block ends with 91XX: the eUICC asks for a REFRESH
    blocks = [inner[i : i + 120] for i in range(0, used, 120)]
    result = b""
    for n, block in enumerate(blocks):
        p1 = 0x91 if n == len(blocks) - 1 else 0x11
        data, sw = ipa.transmit([0x80 | cla, 0xE2, p1, n, len(block)] + list(block))
        data, sw = ipa.collect(data, sw, 0x80 | cla)
        if sw != 0x9000 and sw >> 8 != 0x91:
            raise CheckFailed("LoadEuiccPackage block %d: SW %04X" % (n, sw))
        result += data
    if result[:2] != b"\xBF\x51":
        raise CheckFailed("EuiccPackageResult: %s" % hexs(result[:16]))
    provide = b"\x5A\x10" + eid + result
    body = b"\xBF\x50" + der_length(len(provide)) + provide
    esipa(args.eim, args.eim_name, args.ca, body)
    # closing the channel is answered 91XX too while the REFRESH waits
    data, close_sw = ipa.transmit([0x00, 0x70, 0x80, cla])
    if close_sw != 0x9000 and close_sw >> 8 != 0x91:
        raise CheckFailed("MANAGE CHANNEL close: SW %04X" % close_sw)
    return "eUICC package of %d bytes executed; SW after it %04X" % (used, sw)


def der_length(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def refresh(t):
    """The modem: 91XX, FETCH, REFRESH in mode '09', TERMINAL RESPONSE, reset."""
    data, sw = t.transmit([0x80, 0xF2, 0x00, 0x0C, 0x00])
    if sw >> 8 != 0x91:
        raise CheckFailed("STATUS after the swap: SW %04X, no proactive command" % sw)
    command = t.ok([0x80, 0x12, 0x00, 0x00, sw & 0xFF], "FETCH")
    details = dict(children(parse_tlv(command)[1])).get(b"\x81", b"")
    if details[1:] != b"\x01\x09":
        raise CheckFailed("not a REFRESH '09': %s" % hexs(command))
    response = b"\x81\x03" + details + b"\x82\x02\x82\x81\x83\x01\x00"
    t.ok([0x80, 0x14, 0x00, 0x00, len(response)] + list(response), "TERMINAL RESPONSE")
    try:
        t.c.reconnect(disposition=0x00000001)  # SCARD_RESET_CARD
    except (AttributeError, TypeError):
        t.c.disconnect()
        t.c.connect(CardConnection.T0_protocol | CardConnection.T1_protocol)
    return "REFRESH %s fetched and answered; card reset" % hexs(command)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reader", default="Virtual PCD")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--subscribers", required=True, help="JSON from the uicc_fixture example")
    ap.add_argument("--eim", required=True, help="ESipa address HOST:PORT")
    ap.add_argument("--eim-name", default="eim.rsp-lab.test", help="TLS name of the eIM")
    ap.add_argument("--ca", required=True, help="CA certificate of the eIM's TLS chain")
    args = ap.parse_args()
    with open(args.subscribers) as f:
        subs = json.load(f)
    first = next(s for s in subs if s["enabled"])
    second = next(s for s in subs if not s["enabled"])

    state = {}

    def connect():
        reader, connection = wait_for_card(args.reader, args.timeout)
        state["t"] = Terminal(connection, 120)
        return "%s, ATR %s" % (reader, hexs(connection.getATR()))

    def terminal():
        t = state["t"]
        t.ok([0x80, 0xAA, 0x00, 0x00, 0x05, 0xA9, 0x03, 0x83, 0x01, 0x07], "TERMINAL CAPABILITY")
        t.ok([0x80, 0x10, 0x00, 0x00, 0x03, 0x01, 0xFF, 0xFF], "TERMINAL PROFILE")
        return ""

    steps = [
        ("network MILENAGE against TS 35.208 test set 1", lambda: milenage.self_test()),
        ("connect via PC/SC", connect),
        ("TERMINAL CAPABILITY and TERMINAL PROFILE", terminal),
        ("SIM reader: ICCID and IMSI of the enabled profile", lambda: read_identities(state["t"], first)),
        ("modem: AUTHENTICATE with the first profile's keys", lambda: authenticate(state["t"], first, 0x20)),
        ("IPA: the eIM swaps the profile over the air", lambda: swap_over_the_air(state["t"], args)),
        ("modem: REFRESH and reset", lambda: refresh(state["t"])),
        ("SIM reader: ICCID and IMSI after the swap", lambda: read_identities(state["t"], second)),
        ("modem: AUTHENTICATE with the second profile's keys", lambda: authenticate(state["t"], second, 0x40)),
    ]
    def connection():
        return state["t"].c if "t" in state else None

    errors = (CheckFailed, CardConnectionException, AssertionError, OSError, KeyError)
    return run_steps("check-uicc", steps, connection, errors)


if __name__ == "__main__":
    sys.exit(main())
