#!/usr/bin/env python3
"""A card that misbehaves, served to vsmartcard-vpcd, for check-lpa-reader.sh: what rsp-lab's
LPA prints when a card in a PC/SC reader answers wrongly or leaves in the middle.

vpcd's protocol (as rsp-lab's crates/euicc-sim/src/transport/vpcd): every message is a 2-byte
big-endian length and that many bytes; one byte from vpcd is a control (00 off, 01 on,
02 reset, 04 get ATR, answered with the ATR), anything longer a command APDU answered with
the response APDU.

Modes (the first argument):
  select-refused   SELECT of the ISD-R answers 6A82 (application not found)
  store-refused    STORE DATA answers 6985 (conditions of use not satisfied)
  truncated        STORE DATA answers one byte, no status word
  vanish           the card closes its connection at the first STORE DATA (a card pulled
                   out mid-operation); the file given as second argument is created then

TERMINAL CAPABILITY and MANAGE CHANNEL (channel 1) are answered as a card does. The card
connects to 127.0.0.1:35963 (VPCD_PORT to change) and serves until vpcd closes or it is
killed.
"""

import os
import socket
import sys
import time

# rsp-lab's card's ATR (crates/euicc-sim/src/apdu/atr.rs): T=0, TCK correct
ATR = bytes.fromhex("3B9F96801FC78031E073FE211B635253508301900097")


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def send(sock, payload):
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def answer(mode, apdu):
    """The response APDU, or None to vanish."""
    ins = apdu[1]
    if ins == 0xAA:  # TERMINAL CAPABILITY
        return bytes.fromhex("9000")
    if ins == 0x70:  # MANAGE CHANNEL: open gives channel 1, close is fine
        return bytes.fromhex("019000") if apdu[2] == 0 else bytes.fromhex("9000")
    if ins == 0xA4:  # SELECT
        return bytes.fromhex("6A82" if mode == "select-refused" else "9000")
    if ins == 0xE2:  # STORE DATA
        if mode == "store-refused":
            return bytes.fromhex("6985")
        if mode == "truncated":
            return bytes.fromhex("90")
        if mode == "vanish":
            return None
    return bytes.fromhex("6D00")


def main():
    mode = sys.argv[1]
    marker = sys.argv[2] if len(sys.argv) > 2 else None
    port = int(os.environ.get("VPCD_PORT", "35963"))
    for _ in range(100):
        try:
            sock = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"bad_card.py: vpcd does not listen on {port}")
    with sock:
        while True:
            header = read_exact(sock, 2)
            if header is None:
                return
            message = read_exact(sock, int.from_bytes(header, "big"))
            if message is None:
                return
            if len(message) == 1:
                if message[0] == 0x04:
                    send(sock, ATR)
                continue
            response = answer(mode, message)
            if response is None:
                if marker:
                    open(marker, "w").close()
                return
            send(sock, response)


if __name__ == "__main__":
    main()
