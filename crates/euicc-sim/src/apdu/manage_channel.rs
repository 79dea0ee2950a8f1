//! MANAGE CHANNEL (ISO/IEC 7816-4; GPCS v2.3 §11.7; ETSI TS 102 221 §11.1.17).
//!
//! ```text
//! CLA '00'-'03' (the channel the command is sent on)  INS '70'
//! open:  P1 '00'  P2 '00'   the card assigns the lowest free channel, returns it (1 byte, Le '01')
//!        P1 '00'  P2 '01'-'03'  the terminal names the channel to open; no response data
//! close: P1 '80'  P2 '01'-'03'  the channel to close
//! ```
//!
//! Refusals: a data field, `6700`; no free channel, `6A81` (function not supported, ETSI TS
//! 102 221 §11.1.17); a channel number above 3, `6881`; opening a channel that is open,
//! closing the basic channel or a channel that is not open, another P1, `6A86`.

use super::channel::Channels;
use super::class::MAX_CHANNEL;
use super::command::CommandApdu;
use super::status::StatusWord;

const P1_OPEN: u8 = 0x00;
const P1_CLOSE: u8 = 0x80;

/// Handles MANAGE CHANNEL sent on channel `from`; returns the response data.
pub fn manage_channel(
    channels: &mut Channels,
    from: u8,
    cmd: &CommandApdu<'_>,
) -> Result<Vec<u8>, StatusWord> {
    if !cmd.data.is_empty() {
        return Err(StatusWord::WRONG_LENGTH);
    }
    match (cmd.p1, cmd.p2) {
        (P1_OPEN, 0) => {
            let n = channels
                .next_free()
                .ok_or(StatusWord::FUNCTION_NOT_SUPPORTED)?;
            if channels.open(n, from) {
                Ok(vec![n])
            } else {
                Err(StatusWord::FUNCTION_NOT_SUPPORTED)
            }
        }
        (P1_OPEN | P1_CLOSE, n) if n > MAX_CHANNEL => {
            Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED)
        }
        (P1_OPEN, n) => {
            if channels.open(n, from) {
                Ok(Vec::new())
            } else {
                Err(StatusWord::INCORRECT_P1_P2)
            }
        }
        (P1_CLOSE, n) => {
            if channels.close(n) {
                Ok(Vec::new())
            } else {
                Err(StatusWord::INCORRECT_P1_P2)
            }
        }
        _ => Err(StatusWord::INCORRECT_P1_P2),
    }
}
