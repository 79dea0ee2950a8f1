#!/usr/bin/env python3
"""Writes the small hand-made seed set committed in fuzz/seeds/<target>/ (our own inputs,
no reference data): a few valid messages per target, so a fresh clone fuzzes from
something before tools/fuzz/seed.sh has built the full corpus.

    tools/fuzz/own_seeds.py            rewrites fuzz/seeds
"""

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed as S  # noqa: E402

OUT = S.FUZZ_DIR / "seeds"
CHALLENGE = "00112233445566778899aabbccddeeff"
EID = "89049032123451234512345678901235"


def tlv(tag, value):
    n = len(value)
    length = bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else b"\x82" + n.to_bytes(2, "big")
    return tag + length + value


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    c = S.Corpus(OUT)
    sel = {t: S.selectors(t) for t in ("json_bindings", "smdp_bodies", "eim_bodies")}
    # der_registry (detection mode) and der_reader: small messages, long lengths, high tags
    for h in ["bf2e00", f"bf2e128010{CHALLENGE}", "bf2d00", "bf2000", "bf3e035c015a", "bf2b00"]:
        c.add("der_registry", b"\xff\xff" + bytes.fromhex(h))
    for h in ["3003020105", "bf3603a00100", "5f3700", "30083006a004800201ff", "9f7f00"]:
        c.add("der_reader", bytes.fromhex(h))
    c.add("der_reader", tlv(b"\x04", bytes(200)))
    # apdu_command: cases 1-4, short and extended
    for h in ["00700080", "00c0000000", "80e2910003bf2e00",
              "00a4040010a0000005591010ffffffff890000010000", "00c00000000100",
              "80e291000000030102030000"]:
        c.add("apdu_command", bytes.fromhex(h))
    # card_transmit, es10_request: SELECT ISD-R and simple ES10 requests
    c.add("card_transmit", b"\x00" + S.frame(S.select_isd_r(), *S.store_data(bytes.fromhex("bf2e00"))))
    c.add("card_transmit", b"\x01" + S.frame(bytes.fromhex("0070000001"), S.select_isd_r(1),
                                             *S.store_data(bytes.fromhex("bf2200"), 1)))
    for h in ["bf2e00", "bf2200", "bf2d00"]:
        for mode in (b"\x00", b"\x01"):
            c.add("es10_request", mode + S.frame(bytes.fromhex(h)))
    c.add("stdio_driver", S.stdio_session([bytes.fromhex("bf2e00")]))
    # bpp_stream: a tiny package of the shape of SGP.22 2.5.4 (BF23, A0 87, A1 88, A3 86)
    body = (tlv(b"\xbf\x23", b"\x82\x01\x01") + tlv(b"\xa0", tlv(b"\x87", b"\x01" * 24))
            + tlv(b"\xa1", tlv(b"\x88", b"\x02" * 10)) + tlv(b"\xa3", tlv(b"\x86", b"\x04" * 40)))
    c.add("bpp_stream", b"\x03" + tlv(b"\xbf\x36", body))
    # JSON bodies: member names of SGP.22 6.5 and SGP.32 6.4, values made up
    header = {"functionRequesterIdentifier": "fuzz", "functionCallIdentifier": "1"}
    bodies = {
        "es9p/initiateAuthentication/req": {"euiccChallenge": "ABEiM0RVZneImaq7zN3u/w==",
                                            "euiccInfo1": "vyAA", "smdpAddress": "smdp.example"},
        "es9p/cancelSession/resp": {"header": {"functionExecutionStatus": {
            "status": "Failed", "statusCodeData": {"subjectCode": "8.10.1", "reasonCode": "3.9"}}}},
        "es2p/downloadOrder/req": {"header": header, "eid": EID, "profileType": "lab"},
        "esipa/getEimPackage/req": {"eidValue": EID},
    }
    for name, body in bodies.items():
        c.add("json_bindings", bytes([sel["json_bindings"][name]]) + json.dumps(body).encode())
    for target, name, body in [
        ("smdp_bodies", "es9p/initiateAuthentication", bodies["es9p/initiateAuthentication/req"]),
        ("smdp_bodies", "es2p/downloadOrder", bodies["es2p/downloadOrder/req"]),
        ("eim_bodies", "esipa/getEimPackage", bodies["esipa/getEimPackage/req"]),
    ]:
        c.add(target, bytes([sel[target][name]]) + json.dumps(body).encode())
    # ASN.1 bindings: HandleNotification (A2 BF3D) and GetEimPackageRequest (BF4F)
    c.add("smdp_bodies", bytes([sel["smdp_bodies"]["asn1"]]) + bytes.fromhex("a20bbf3d08a0068004deadbeef"))
    c.add("eim_bodies", bytes([sel["eim_bodies"]["esipa/asn1"]]) + bytes.fromhex("bf4f125a10" + EID))
    print(c.counts)


if __name__ == "__main__":
    main()
