//! The security level of EXTERNAL AUTHENTICATE P1 (GP Amendment D 5.1, 7.1.2.1) and the
//! `i` parameter of INITIALIZE UPDATE's response (Amd D 5.1, Table 5-1).

use crate::Scp03Error;

/// The security level: which of C-MAC, C-DECRYPTION, R-MAC, R-ENCRYPTION protect the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityLevel(u8);

impl SecurityLevel {
    /// C-MAC (`01`).
    pub const C_MAC: u8 = 0x01;
    /// C-DECRYPTION (`02`), only with C-MAC.
    pub const C_DECRYPTION: u8 = 0x02;
    /// R-MAC (`10`).
    pub const R_MAC: u8 = 0x10;
    /// R-ENCRYPTION (`20`), only with C-DECRYPTION and R-MAC.
    pub const R_ENCRYPTION: u8 = 0x20;
    /// Everything: the level SGP.02 4.1.3.3 asks of SCP03t (`33`).
    pub const FULL: SecurityLevel = SecurityLevel(0x33);

    /// The level from its octet: `01`, `03`, `11`, `13` or `33` (Amd D 5.1: C-DEC needs C-MAC,
    /// R-ENC needs C-DEC and R-MAC). `00` (no protection) is refused: the sessions of this
    /// crate always carry C-MAC.
    pub fn from_byte(b: u8) -> Result<Self, Scp03Error> {
        match b {
            0x01 | 0x03 | 0x11 | 0x13 | 0x33 => Ok(SecurityLevel(b)),
            _ => Err(Scp03Error::SecurityLevel(b)),
        }
    }

    /// The octet.
    pub fn byte(self) -> u8 {
        self.0
    }

    /// Whether command data is encrypted.
    pub fn c_decryption(self) -> bool {
        self.0 & Self::C_DECRYPTION != 0
    }

    /// Whether responses carry an R-MAC.
    pub fn r_mac(self) -> bool {
        self.0 & Self::R_MAC != 0
    }

    /// Whether response data is encrypted.
    pub fn r_encryption(self) -> bool {
        self.0 & Self::R_ENCRYPTION != 0
    }
}

/// The `i` parameter (Amd D 5.1, Table 5-1).
///
/// ```text
/// b1      0 = S8 mode, 1 = S16 mode (v1.1.1)
/// b5 (10) 0 = random card challenge, 1 = pseudo-random card challenge
/// b6 (20) 1 = R-MAC support
/// b7 (40) 1 = R-ENCRYPTION support (with R-MAC)
/// ```
/// `70` (pseudo-random, R-MAC, R-ENC, S8) is the value SGP.02 4.1.3.3 requires of the ISD-P
/// and the value pySim's vectors show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IParameter(pub u8);

impl IParameter {
    /// The ISD-P's value.
    pub const SGP02: IParameter = IParameter(0x70);

    /// S16 mode: 16-octet challenges, cryptograms and MACs.
    pub fn s16(self) -> bool {
        self.0 & 0x01 != 0
    }

    /// The card challenge is pseudo-random and the response carries the sequence counter.
    pub fn pseudo_random(self) -> bool {
        self.0 & 0x10 != 0
    }

    /// Whether the card supports R-MAC.
    pub fn r_mac(self) -> bool {
        self.0 & 0x20 != 0
    }

    /// Whether the card supports R-ENCRYPTION.
    pub fn r_encryption(self) -> bool {
        self.0 & 0x40 != 0
    }

    /// Refuses a level the card does not support.
    pub fn allows(self, level: SecurityLevel) -> Result<(), Scp03Error> {
        if (level.r_mac() && !self.r_mac()) || (level.r_encryption() && !self.r_encryption()) {
            return Err(Scp03Error::SecurityLevel(level.byte()));
        }
        Ok(())
    }

    /// The length of challenges, cryptograms and MACs: 8 (S8) or 16 (S16).
    pub fn block_len(self) -> usize {
        if self.s16() { 16 } else { 8 }
    }
}
