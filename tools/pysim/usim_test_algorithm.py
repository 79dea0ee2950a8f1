#!/usr/bin/env python3
"""The network side of the USIM test algorithm (3GPP TS 34.108 8.1.2), which TS.48 test
profiles run (PE-AKAParameter algorithmID 3), with the same f1/f2345/f5star shape as
tools/pcsc/milenage.py:

    XDOUT = K xor RAND                       CDOUT = SQN || AMF
    MAC-A = MAC-S = XDOUT[bits 0..63] xor CDOUT
    RES = XDOUT (n = 128 bits)               AK = AK* = XDOUT[bits 24..71]
    CK = XDOUT cyclically shifted left by 8 bits, IK by 16 bits
"""


class TestAlgorithm:
    def __init__(self, k):
        if len(k) != 16:
            raise ValueError("K has 16 bytes")
        self.k = k

    def _xdout(self, rand):
        return bytes(a ^ b for a, b in zip(self.k, rand))

    def f1(self, rand, sqn, amf):
        mac = bytes(a ^ b for a, b in zip(self._xdout(rand)[:8], sqn + amf))
        return mac, mac

    def f2345(self, rand):
        x = self._xdout(rand)
        return x, x[1:] + x[:1], x[2:] + x[:2], x[3:9]

    def f5star(self, rand):
        return self._xdout(rand)[3:9]


def self_test():
    """K 000102…0F, RAND 34…34, SQN 000000000001, AMF 8000 (the published XOR vector)."""
    t = TestAlgorithm(bytes(range(16)))
    rand = bytes([0x34] * 16)
    mac_a, _ = t.f1(rand, bytes.fromhex("000000000001"), bytes.fromhex("8000"))
    res, ck, ik, ak = t.f2345(rand)
    assert mac_a.hex() == "3435363730 30b233".replace(" ", "")
    assert res.hex() == "34353637303132333c3d3e3f38393a3b"
    assert ck.hex() == "35363730313233 3c3d3e3f38393a3b34".replace(" ", "")
    assert ik.hex() == "363730313233 3c3d3e3f38393a3b3435".replace(" ", "")
    assert ak.hex() == "37303132333c"
    return "MAC-A %s RES %s" % (mac_a.hex(), res.hex())


if __name__ == "__main__":
    print(self_test())
