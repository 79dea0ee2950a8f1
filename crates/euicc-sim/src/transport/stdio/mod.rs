//! The stdio APDU bridge: the protocol of lpac's `stdio` APDU driver (`LPAC_APDU=stdio`).
//!
//! Each message is one line of JSON (ndjson). The LPA writes requests, the card side answers
//! each with exactly one reply:
//!
//! ```text
//! request  {"type":"apdu","payload":{"func":F,"param":P}}
//! reply    {"type":"apdu","payload":{"ecode":N}}            or
//!          {"type":"apdu","payload":{"ecode":N,"data":"<hex>"}}
//!
//! F                    P                       reply
//! connect              null                    ecode 0
//! logic_channel_open   AID, hex                ecode = channel number (MANAGE CHANNEL + SELECT)
//! transmit             C-APDU, hex             ecode 0, data = R-APDU with SW1 SW2, hex
//! logic_channel_close  channel number, 1 byte  ecode 0
//! disconnect           null                    ecode 0
//! ```
//!
//! `ecode` below zero reports a failure (lpac returns it as its driver error). Lines that
//! are not `"type":"apdu"` messages (lpac's own `lpa`/`progress` output, `http` messages of
//! its stdio HTTP driver, anything else) are passed through unchanged to a separate writer.
//! Facts checked against estkme-group/lpac `driver/apdu/stdio.c` and
//! `docs/backends/stdio-schema.json`: lpac sends `"param":null` for connect/disconnect,
//! hex with upper-case digits, lines ending in `\n` (older versions `\r\n`); it reads
//! `ecode` as a number and `data` as a hex string, and ignores the reply to
//! `logic_channel_close` and `disconnect`.

mod bridge;
mod message;
mod spawn;

pub use bridge::{StdioBridge, serve};
pub use message::{ApduReply, ApduRequest, Func, Line, parse_line};
pub use spawn::spawn;
