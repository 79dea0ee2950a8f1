//! The secured command packet (ETSI TS 102 225 5.1.1) as carried in an SMS (3GPP TS 31.115,
//! the command packet in a single short message): the Command Packet Identifier is the UDH
//! element `70 00`, the command header identifier is empty, and the packet proper runs from
//! CPL to the end.
//!
//! ```text
//! CPL(2) | CHL(1) | SPI(2) | KIc(1) | KID(1) | TAR(3) |
//!     [ciphered if SPI1 b3:  CNTR(5) | PCNTR(1) | RC/CC/DS | secured data | padding ]
//! CHL = 13 + len(RC/CC/DS); CPL counts the octets after itself.
//! RC/CC/DS over CPL | CHL | SPI | KIc | KID | TAR | CNTR | PCNTR | secured data | padding
//! ```

mod open;
mod secure;

pub use open::{ApplicationKeys, KeyStore, OpenError, OpenedCommand, PacketError, open};
pub use secure::{SecureError, secure};

use crate::keys::{KeyIdentifier, KeySet};
use crate::spi::{Integrity, Spi};

/// A Toolkit Application Reference (ETSI TS 101 220 D), e.g. the ISD-R's `00 00 01`.
pub type Tar = [u8; 3];

/// The largest secured packet accepted (CPL..end): what 255 concatenated 8-bit SMS can
/// carry (255 × 134 octets, 3GPP TS 23.040 9.2.3.24.1).
pub const MAX_PACKET_LEN: usize = 255 * 134;

/// The length of CHL..TAR, the part of the header that is never ciphered.
pub(crate) const CLEAR_HEADER_LEN: usize = 8;

/// The header fields of a command packet that select its keys and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommandHeader {
    /// The security parameters.
    pub spi: Spi,
    /// The ciphering key identifier.
    pub kic: KeyIdentifier,
    /// The checksum (or CRC) key identifier.
    pub kid: KeyIdentifier,
    /// The receiving application.
    pub tar: Tar,
}

impl CommandHeader {
    /// A header addressing `tar` with the key identifiers of `keys`; when SPI1 asks for a
    /// redundancy check the KID names CRC-32 under the same key version.
    pub fn for_keys(spi: Spi, keys: &KeySet, tar: Tar) -> Self {
        let kid = if spi.integrity() == Integrity::Rc {
            KeyIdentifier(keys.kvn() << 4 | 0b0101)
        } else {
            keys.kid_identifier()
        };
        CommandHeader {
            spi,
            kic: keys.kic_identifier(),
            kid,
            tar,
        }
    }
}
