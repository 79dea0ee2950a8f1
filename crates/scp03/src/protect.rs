//! Wrapping and unwrapping one message on an open session, the same for an APDU and for an
//! SCP03t TLV: only the octets the C-MAC covers ahead of the data differ ([`Framing`]).
//!
//! ```text
//! command:  data' = C-DEC ? AES-CBC(S-ENC, ICV, data | 80 00…) : data     (Amd D 6.2.6)
//!           C-MAC over chaining value | header(len(data') + MAC length) | data'  (6.2.4)
//! response: data' = R-ENC and data not empty ? AES-CBC(S-ENC, ICV', data | 80 00…) : data
//!           R-MAC over chaining value | data' | trailer (the SW for an APDU)    (6.2.5, 6.2.7)
//! ```

use crate::Scp03Error;
use crate::apdu::CLA_SECURE_MESSAGING;
use crate::channel::Channel;

/// What the C-MAC covers ahead of the (possibly encrypted) data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// An APDU: CLA with the secure messaging bit and logical channel zero, INS, P1, P2, Lc
    /// (Amd D 6.2.4).
    Apdu {
        /// CLA as sent before wrapping.
        cla: u8,
        /// INS.
        ins: u8,
        /// P1.
        p1: u8,
        /// P2.
        p2: u8,
    },
    /// An SCP03t command TLV: tag and BER length of the value with its C-MAC (SGP.02
    /// 4.1.3.3) \[unconfirmed: from the SGP.02 map 5.4\].
    Tlv {
        /// The command tag.
        tag: u8,
    },
}

impl Framing {
    /// The octets the C-MAC covers ahead of the data, for a value of `len` octets.
    pub(crate) fn header(self, len: usize) -> Result<Vec<u8>, Scp03Error> {
        match self {
            Framing::Apdu { cla, ins, p1, p2 } => {
                let lc = u8::try_from(len).map_err(|_| Scp03Error::TooLong(len, 255))?;
                Ok(vec![(cla & 0xF0) | CLA_SECURE_MESSAGING, ins, p1, p2, lc])
            }
            Framing::Tlv { tag } => {
                let mut out = vec![tag];
                crate::scp03t::tlv::push_length(&mut out, len)?;
                Ok(out)
            }
        }
    }
}

/// A command on the wire: the MACed header (the APDU's, or the TLV's) and the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sealed {
    pub(crate) header: Vec<u8>,
    pub(crate) value: Vec<u8>,
}

impl Channel {
    /// Host side: encrypts (when asked and the level has C-DEC) and MACs one command.
    /// `encrypt` is false only for EXTERNAL AUTHENTICATE, which does not step the counter.
    pub(crate) fn seal_command(
        &mut self,
        framing: Framing,
        data: &[u8],
        encrypt: bool,
    ) -> Result<Sealed, Scp03Error> {
        if encrypt {
            self.next_command()?;
        }
        let mut value = if encrypt && self.level().c_decryption() && !data.is_empty() {
            self.encrypt_command(data)?
        } else {
            data.to_vec()
        };
        let header = framing.header(value.len() + self.mac_len())?;
        let mac = self.c_mac(&[&header, &value]);
        value.extend_from_slice(&mac);
        Ok(Sealed { header, value })
    }

    /// Card side: checks the C-MAC of `value` (data' | MAC) and decrypts when asked.
    pub(crate) fn open_command(
        &mut self,
        framing: Framing,
        value: &[u8],
        decrypt: bool,
    ) -> Result<Vec<u8>, Scp03Error> {
        if decrypt {
            self.next_command()?;
        }
        let split = value
            .len()
            .checked_sub(self.mac_len())
            .ok_or(Scp03Error::Mac)?;
        let (data, mac) = value.split_at(split);
        let header = framing.header(value.len())?;
        self.verify_c_mac(&[&header, data], mac)?;
        if decrypt && self.level().c_decryption() && !data.is_empty() {
            self.decrypt_command(data)
        } else {
            Ok(data.to_vec())
        }
    }

    /// Card side: encrypts (R-ENC) and MACs (R-MAC) response data as the level asks.
    pub(crate) fn seal_response(&self, data: &[u8], trailer: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        if !self.level().r_mac() {
            return Ok(data.to_vec());
        }
        let mut value = if self.level().r_encryption() && !data.is_empty() {
            self.encrypt_response(data)?
        } else {
            data.to_vec()
        };
        let mac = self.r_mac(&[&value, trailer]);
        value.extend_from_slice(&mac);
        Ok(value)
    }

    /// Host side: checks the R-MAC and decrypts as the level asks.
    pub(crate) fn open_response(
        &self,
        value: &[u8],
        trailer: &[u8],
    ) -> Result<Vec<u8>, Scp03Error> {
        if !self.level().r_mac() {
            return Ok(value.to_vec());
        }
        let split = value
            .len()
            .checked_sub(self.mac_len())
            .ok_or(Scp03Error::Mac)?;
        let (data, mac) = value.split_at(split);
        self.verify_r_mac(&[data, trailer], mac)?;
        if self.level().r_encryption() && !data.is_empty() {
            self.decrypt_response(data)
        } else {
            Ok(data.to_vec())
        }
    }
}
