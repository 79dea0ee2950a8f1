//! SCP03t (SGP.02 4.1.3.3): SCP03 with its commands and responses as TLVs, carried to the
//! ISD-P inside ES3.SendData / ES5 and relayed by the SM-SR.
//!
//! The layouts below are those of the lab's SGP.02 map (5.4), from one SM-DP implementation;
//! the SGP.02 text was not at hand, so each is \[unconfirmed\].
//!
//! ```text
//! command                                     response
//! 84 0A  KVN | key id | host challenge (8)    84 L  INITIALIZE UPDATE response data
//! 85 11  level | host cryptogram | C-MAC      85 L  [R-MAC over nothing]
//! 86 L   segment' | C-MAC                     86 L  [response data'] | R-MAC
//! error                                       9F xx L  status word (xx = the command's tag)
//! ```
//! C-MAC input: chaining value | tag | BER length(value) | value without its MAC.
//! R-MAC input: chaining value | response data' (no status word).

pub mod card;
pub mod host;
pub mod segment;
pub mod tlv;

/// The INITIALIZE UPDATE command and response tag.
pub const TAG_INITIALIZE_UPDATE: u8 = 0x84;
/// The EXTERNAL AUTHENTICATE command and response tag.
pub const TAG_EXTERNAL_AUTHENTICATE: u8 = 0x85;
/// The tag of a protected profile package segment and of its response.
pub const TAG_PROFILE_ELEMENT: u8 = 0x86;
/// The first octet of an error response's two-octet tag: `9F` and the command's tag
/// \[unconfirmed\].
pub const ERROR_TAG_PREFIX: u8 = 0x9F;

/// The error response to a command `tag`: `9F tag 02 SW1 SW2` \[unconfirmed\].
pub fn error_response(tag: u8, sw: u16) -> Vec<u8> {
    let mut out = vec![ERROR_TAG_PREFIX, tag, 0x02];
    out.extend(sw.to_be_bytes());
    out
}

/// Reads a response TLV: its value when the tag is `expected`, the status word of an error
/// TLV as [`crate::Scp03Error::ErrorStatus`], anything else malformed.
pub(crate) fn expect_response(expected: u8, tlv: &[u8]) -> Result<&[u8], crate::Scp03Error> {
    match tlv::read_one(tlv)? {
        (tag, value) if tag == u16::from(expected) => Ok(value),
        (tag, value) if tag >> 8 == u16::from(ERROR_TAG_PREFIX) => {
            let sw = match value {
                [a, b] => u16::from_be_bytes([*a, *b]),
                [a] => u16::from(*a),
                _ => 0x6F00,
            };
            Err(crate::Scp03Error::ErrorStatus(sw))
        }
        _ => Err(crate::Scp03Error::Malformed("SCP03t response tag")),
    }
}
