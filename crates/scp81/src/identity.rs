//! The PSK identity an SGP.02 eUICC presents in the PSK-TLS handshake of SCP81.
//!
//! SGP.02 2.4.4 (Table 4) defines it as the UTF-8 hexadecimal string of a TLV run that
//! names the key: its format, the eUICC, the security domain holding the key, and the
//! key's identifier and version (two implementations agree on this layout, bagyenda/njiwa's
//! `RamHttp.makePskId`, citing SGP.02 v4.1 Table 4, and the eUICC.tech SGP.02 notes):
//!
//! ```text
//! 80 01 02        PSK identity format (SGP.02)
//! 81 10 <EID>     EID, 16 bytes
//! 4F 10 <AID>     AID of the security domain holding the key (the ISD-R)
//! 82 01 <KeyID>   key identifier
//! 83 01 <KVN>     key version number (SCP81 keys: 40 to 4F, SGP.02 2.2.5.1)
//! ```
//!
//! The SM-SR looks the TLS-PSK key up by EID, KVN and key identifier.

use std::fmt;

use thiserror::Error;

use crate::aid::{Aid, AidError};
use crate::tlv::{self, Reader, TlvError};

/// The value of the format TLV `80` (SGP.02 2.4.4 Table 4).
pub const PSK_IDENTITY_FORMAT: u8 = 0x02;

/// The longest identity text read, in octets: the layout above is 45 bytes, 90 hexadecimal
/// characters; anything much longer is not an SGP.02 identity.
pub const MAX_IDENTITY_TEXT: usize = 128;

const TAG_FORMAT: u8 = 0x80;
const TAG_EID: u8 = 0x81;
const TAG_AID: u8 = 0x4F;
const TAG_KEY_ID: u8 = 0x82;
const TAG_KVN: u8 = 0x83;

/// An EID: 16 bytes, 32 decimal digits.
pub type Eid = [u8; 16];

/// The SGP.02 PSK identity (2.4.4 Table 4).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PskIdentity {
    /// The eUICC's EID.
    pub eid: Eid,
    /// The security domain holding the TLS-PSK key (the ISD-R).
    pub security_domain: Aid,
    /// The key identifier within the key set.
    pub key_id: u8,
    /// The key set's version number.
    pub kvn: u8,
}

/// Why a PSK identity is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// Longer than [`MAX_IDENTITY_TEXT`] octets.
    #[error("PSK identity of {0} octets, longer than {MAX_IDENTITY_TEXT}")]
    TooLong(usize),
    /// Not a hexadecimal string of whole bytes.
    #[error("PSK identity is not a hexadecimal string")]
    NotHex,
    /// The TLVs do not decode.
    #[error("PSK identity TLVs: {0}")]
    Tlv(#[from] TlvError),
    /// A TLV missing, out of its place, or of the wrong length.
    #[error("PSK identity: expected tag {tag:#04x} of its length at position {position}")]
    Layout {
        /// The tag expected.
        tag: u8,
        /// Its position in Table 4 (0 = the format).
        position: usize,
    },
    /// The format TLV does not say `02`.
    #[error("PSK identity format {0:#04x}, not 02")]
    Format(u8),
    /// The AID TLV does not hold an AID.
    #[error("PSK identity AID: {0}")]
    Aid(#[from] AidError),
    /// Octets after the key version number.
    #[error("PSK identity has data after the key version number")]
    Trailing,
}

impl PskIdentity {
    /// The identity of the ISD-R key `kvn`/`key_id` of the eUICC `eid`.
    pub fn isd_r(eid: Eid, kvn: u8, key_id: u8) -> PskIdentity {
        PskIdentity {
            eid,
            security_domain: Aid::isd_r(),
            key_id,
            kvn,
        }
    }

    /// The TLV run of Table 4.
    pub fn to_tlv(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(48);
        tlv::put(&mut out, TAG_FORMAT, &[PSK_IDENTITY_FORMAT]);
        tlv::put(&mut out, TAG_EID, &self.eid);
        tlv::put(&mut out, TAG_AID, self.security_domain.as_bytes());
        tlv::put(&mut out, TAG_KEY_ID, &[self.key_id]);
        tlv::put(&mut out, TAG_KVN, &[self.kvn]);
        out
    }

    /// The identity as sent in the handshake: the TLV run as upper-case hexadecimal.
    pub fn to_text(&self) -> String {
        hex::encode_upper(self.to_tlv())
    }

    /// Reads the identity from the handshake's octets (hexadecimal, either case).
    pub fn parse(text: &[u8]) -> Result<PskIdentity, IdentityError> {
        if text.len() > MAX_IDENTITY_TEXT {
            return Err(IdentityError::TooLong(text.len()));
        }
        let tlvs = hex::decode(text).map_err(|_| IdentityError::NotHex)?;
        PskIdentity::from_tlv(&tlvs)
    }

    /// Reads the TLV run of Table 4, in its order, with nothing after it.
    pub fn from_tlv(data: &[u8]) -> Result<PskIdentity, IdentityError> {
        let mut r = Reader::new(data);
        let mut field = |position: usize, tag: u8, len: Option<usize>| match r.next_tlv()? {
            Some(t) if t.tag == tag && len.is_none_or(|l| l == t.value.len()) => Ok(t.value),
            _ => Err(IdentityError::Layout { tag, position }),
        };
        let format = field(0, TAG_FORMAT, Some(1))?;
        let eid = field(1, TAG_EID, Some(16))?;
        let aid = field(2, TAG_AID, None)?;
        let key_id = field(3, TAG_KEY_ID, Some(1))?;
        let kvn = field(4, TAG_KVN, Some(1))?;
        if format != [PSK_IDENTITY_FORMAT] {
            return Err(IdentityError::Format(format.first().copied().unwrap_or(0)));
        }
        let identity = PskIdentity {
            eid: eid.try_into().map_err(|_| IdentityError::Layout {
                tag: TAG_EID,
                position: 1,
            })?,
            security_domain: Aid::new(aid)?,
            key_id: key_id.first().copied().unwrap_or(0),
            kvn: kvn.first().copied().unwrap_or(0),
        };
        if r.next_tlv()?.is_some() {
            return Err(IdentityError::Trailing);
        }
        Ok(identity)
    }
}

impl fmt::Debug for PskIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PskIdentity")
            .field("eid", &hex::encode_upper(self.eid))
            .field("security_domain", &self.security_domain)
            .field("key_id", &self.key_id)
            .field("kvn", &self.kvn)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EID: Eid = [
        0x89, 0x04, 0x90, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12,
        0x34,
    ];

    /// Table 4 for the ISD-R's SCP81 key 40/01, written out by hand.
    const TEXT: &str = "800102\
        811089049032000000000000000000001234\
        4F10A0000005591010FFFFFFFF8900000100\
        820101\
        830140";

    #[test]
    fn builds_the_table_4_text() {
        let id = PskIdentity::isd_r(EID, 0x40, 0x01);
        assert_eq!(id.to_text(), TEXT);
        assert_eq!(id.to_text().len(), 90);
        assert_eq!(PskIdentity::parse(TEXT.as_bytes()), Ok(id.clone()));
        assert_eq!(PskIdentity::parse(TEXT.to_lowercase().as_bytes()), Ok(id));
    }

    #[test]
    fn refuses_what_table_4_does_not_allow() {
        let bad = |t: &str| PskIdentity::parse(t.as_bytes()).unwrap_err();
        assert_eq!(
            bad(&TEXT.replacen("800102", "800101", 1)),
            IdentityError::Format(1)
        );
        assert_eq!(bad(&TEXT[..TEXT.len() - 1]), IdentityError::NotHex);
        assert_eq!(
            bad(&format!("{TEXT}00")),
            IdentityError::Tlv(TlvError::Truncated(46))
        );
        assert_eq!(bad(&format!("{TEXT}8000")), IdentityError::Trailing);
        assert_eq!(
            bad(&TEXT.replacen("830140", "", 1)),
            IdentityError::Layout {
                tag: TAG_KVN,
                position: 4
            }
        );
        // key identifier and version swapped
        let swapped = TEXT.replacen("820101830140", "830140820101", 1);
        assert_eq!(
            bad(&swapped),
            IdentityError::Layout {
                tag: TAG_KEY_ID,
                position: 3
            }
        );
        let short_eid = TEXT.replacen("8110890490", "810F", 1);
        assert_eq!(
            bad(&short_eid),
            IdentityError::Layout {
                tag: TAG_EID,
                position: 1
            }
        );
        assert_eq!(bad(&"0".repeat(130)), IdentityError::TooLong(130));
        assert_eq!(
            bad("4F0100"),
            IdentityError::Layout {
                tag: TAG_FORMAT,
                position: 0
            }
        );
    }
}
