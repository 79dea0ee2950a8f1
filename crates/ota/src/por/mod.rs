//! The response packet, or Proof of Receipt (ETSI TS 102 225 5.2.1), as carried in an SMS
//! (3GPP TS 31.115, the response packet): the Response Packet Identifier is the UDH
//! element `71 00`, and for SMS the RC/CC/DS also covers the UDH.
//!
//! ```text
//! UDHL=02 | 71 | 00 | RPL(2) | RHL(1) | TAR(3) |
//!     [ciphered if SPI2 b5:  CNTR(5) | PCNTR(1) | status(1) | RC/CC/DS | data | padding ]
//! RHL = 10 + len(RC/CC/DS); the PoR echoes the command's CNTR and uses its KIc and KID.
//! RC/CC/DS over UDH | RPL | RHL | TAR | CNTR | PCNTR | status | data | padding
//! ```

mod open;
mod secure;
mod status;

pub use open::{OpenedPor, PorError, open_por};
pub use secure::secure_por;
pub use status::PorStatus;

/// The user data header of a single-SMS PoR: UDHL 2, the RPI element `71` with no data.
pub const POR_UDH: [u8; 3] = [0x02, 0x71, 0x00];

/// The length of RHL..TAR.
pub(crate) const POR_CLEAR_HEADER_LEN: usize = 4;
