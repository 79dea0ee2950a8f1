//! The card-terminal side of OTA over SMS: the SMS-PP data download ENVELOPE that hands
//! an SMS-DELIVER to the UICC (3GPP TS 31.111 7.1.1; ETSI TS 102 223 7.1.1), and the
//! proactive command SEND SHORT MESSAGE by which the UICC sends an SMS-SUBMIT, e.g. a PoR
//! or a notification (ETSI TS 102 223 6.4.10, 3GPP TS 31.111 6.4.10).
//!
//! ```text
//! ENVELOPE   D1 L { 82 02 83 81 | [06 L TON/NPI + BCD SC address] | 8B L SMS-DELIVER }
//! proactive  D0 L { 81 03 nn 13 qq | 82 02 81 83 | [05 L alpha] | [06 L address] |
//!                   8B L SMS-SUBMIT }
//! ```
//!
//! Tags are COMPREHENSION-TLV tags (ETSI TS 102 223 7.2 / 8): the comprehension-required
//! bit (b8) is ignored when matching; an unknown element with it set is refused, one
//! without it is skipped.

mod send_sm;
mod sms_pp;
mod tlv;

pub use send_sm::{COMMAND_SEND_SHORT_MESSAGE, SendShortMessage};
pub use sms_pp::SmsPpDownload;
pub use tlv::EnvelopeError;

/// Device identity: the UICC (ETSI TS 102 223 8.7).
pub const DEVICE_UICC: u8 = 0x81;
/// Device identity: the terminal.
pub const DEVICE_TERMINAL: u8 = 0x82;
/// Device identity: the network.
pub const DEVICE_NETWORK: u8 = 0x83;
