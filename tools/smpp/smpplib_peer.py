"""An SMPP 3.4 peer built on the PyPI package smpplib, for the SMSC's interop test.

Binds to the SMSC as a transceiver, submits one binary short message (UDHI, PID 7F,
DCS F6) to a destination, and waits until it has both the submit_sm_resp and one
deliver_sm; prints what it saw as `key=value` lines, then unbinds.

usage: smpplib_peer.py HOST PORT SYSTEM_ID PASSWORD OWN_ADDRESS DESTINATION HEX_USER_DATA
"""

import sys
import warnings

import smpplib.client
import smpplib.consts


def main(argv):
    host, port, system_id, password, own, destination, user_data = argv[1:8]
    warnings.simplefilter("ignore", DeprecationWarning)
    client = smpplib.client.Client(host, int(port), timeout=10, allow_unknown_opt_params=True)
    seen = {}

    def sent(pdu, **_):
        seen["submit_status"] = pdu.status
        seen["message_id"] = pdu.message_id.decode("ascii")

    def received(pdu, **_):
        seen["deliver_source"] = pdu.source_addr.decode("ascii")
        seen["deliver_esm_class"] = pdu.esm_class
        seen["deliver_protocol_id"] = pdu.protocol_id
        seen["deliver_data_coding"] = pdu.data_coding
        seen["deliver_short_message"] = pdu.short_message.hex()
        return smpplib.consts.SMPP_ESME_ROK

    client.set_message_sent_handler(sent)
    client.set_message_received_handler(received)
    client.connect()
    client.bind_transceiver(system_id=system_id, password=password, address_range=own)
    client.send_message(
        source_addr_ton=1,
        source_addr_npi=1,
        source_addr=own,
        dest_addr_ton=1,
        dest_addr_npi=1,
        destination_addr=destination,
        esm_class=0x40,
        protocol_id=0x7F,
        data_coding=0xF6,
        short_message=bytes.fromhex(user_data),
    )
    while "message_id" not in seen or "deliver_short_message" not in seen:
        client.read_once()
    unbind = client.unbind()
    seen["unbind_status"] = unbind.status
    client.disconnect()
    for key, value in seen.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
