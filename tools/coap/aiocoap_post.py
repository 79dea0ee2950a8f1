#!/usr/bin/env python3
"""POST a file over coaps:// with a PSK using aiocoap (PyPI, with DTLSSocket/tinydtls) and
write the response payload to a file: the independent CoAP/DTLS client of the eIM's tests.

usage: aiocoap_post.py URL IDENTITY KEY IN OUT [--block-szx N] [--timeout S]

Exit status 0 with OUT written when a 2.xx answer came; 2 when the answer was an error code
(printed); 3 when no answer came (handshake refused, timeout).
"""
import argparse
import asyncio
import sys
import warnings

import aiocoap
from aiocoap import optiontypes


async def main() -> int:
    # aiocoap calls a caller-set Block1 size deprecated; it is still the way to set it per request
    warnings.simplefilter("ignore", DeprecationWarning)
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("identity")
    p.add_argument("key")
    p.add_argument("infile")
    p.add_argument("outfile")
    p.add_argument("--block-szx", type=int, default=None,
                   help="block size exponent: 16 << N octets per block (0 = 16 octets)")
    p.add_argument("--timeout", type=float, default=30,
                   help="seconds to wait for the answer")
    a = p.parse_args()
    payload = open(a.infile, "rb").read()
    ctx = await aiocoap.Context.create_client_context()
    ctx.client_credentials.load_from_dict({
        a.url: {"dtls": {"psk": {"ascii": a.key}, "client-identity": {"ascii": a.identity}}},
    })
    request = aiocoap.Message(code=aiocoap.POST, uri=a.url, payload=payload)
    if a.block_szx is not None:
        # The request body in blocks of this size (aiocoap takes the first Block1 option as
        # the size to use), and the same size asked for the answer's blocks (RFC 7959 2.4).
        request.opt.block1 = optiontypes.BlockOption.BlockwiseTuple(0, False, a.block_szx)
        request.opt.block2 = optiontypes.BlockOption.BlockwiseTuple(0, False, a.block_szx)
    try:
        response = await asyncio.wait_for(ctx.request(request).response, timeout=a.timeout)
    except Exception as e:  # noqa: BLE001 - any failure to get an answer is "no answer"
        print(f"no answer: {e!r}", file=sys.stderr)
        return 3
    finally:
        await ctx.shutdown()
    if not response.code.is_successful():
        print(f"answer {response.code}", file=sys.stderr)
        return 2
    open(a.outfile, "wb").write(response.payload)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
