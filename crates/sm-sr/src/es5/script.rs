//! The expanded remote command format ES5 uses (SGP.02 2.4.3; ETSI TS 102 226 5.2.1, 5.2.2),
//! definite-length coding:
//!
//! ```text
//! Command Scripting template   AA L { 22 L C-APDU }*
//! Response Scripting template  AB L { 80 01 n (C-APDUs executed) | 23 L R-APDU (data | SW)* |
//!                                     90 01 bad format }
//! ```

use super::tlv::{self, TlvError};

/// TS 102 226 5.2.1: Command Scripting template, definite length.
pub const COMMAND_SCRIPT: u8 = 0xAA;
/// TS 102 226 5.2.1: C-APDU TLV.
pub const C_APDU: u8 = 0x22;
/// TS 102 226 5.2.2: Response Scripting template, definite length.
pub const RESPONSE_SCRIPT: u8 = 0xAB;
/// TS 102 226 5.2.2: Number of executed C-APDUs.
pub const EXECUTED: u8 = 0x80;
/// TS 102 226 5.2.2: R-APDU TLV.
pub const R_APDU: u8 = 0x23;
/// TS 102 226 5.2.2: Bad format TLV.
pub const BAD_FORMAT: u8 = 0x90;

/// The command script of `apdus`, in order.
pub fn command_script(apdus: &[Vec<u8>]) -> Vec<u8> {
    let mut body = Vec::new();
    for a in apdus {
        tlv::put(&mut body, C_APDU, a);
    }
    let mut out = Vec::with_capacity(body.len() + 4);
    tlv::put(&mut out, COMMAND_SCRIPT, &body);
    out
}

/// One R-APDU: its data and status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RApdu {
    /// The response data.
    pub data: Vec<u8>,
    /// SW1 SW2.
    pub sw: u16,
}

/// A response script, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseScript {
    /// How many C-APDUs the card executed.
    pub executed: u8,
    /// The R-APDUs it returned (TS 102 226 5.2.2: the last one at least).
    pub responses: Vec<RApdu>,
    /// The Bad format code, when the card could not read the script (`01` unknown tag,
    /// `02` wrong length, `03` length missing).
    pub bad_format: Option<u8>,
}

/// Why a response script was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// Not TLVs.
    #[error(transparent)]
    Tlv(#[from] TlvError),
    /// The outer tag is not `AB`.
    #[error("not a response script (tag {0:#04x})")]
    NotResponse(u8),
    /// No "number of executed C-APDUs", or an R-APDU shorter than its status word.
    #[error("malformed response script")]
    Malformed,
}

impl ResponseScript {
    /// Reads a definite-length response script; trailing bytes after it are refused.
    pub fn parse(bytes: &[u8]) -> Result<ResponseScript, ScriptError> {
        let (tag, body, rest) = tlv::next(bytes)?;
        if tag != RESPONSE_SCRIPT {
            return Err(ScriptError::NotResponse(tag));
        }
        if !rest.is_empty() {
            return Err(ScriptError::Malformed);
        }
        let mut out = ResponseScript {
            executed: 0,
            responses: Vec::new(),
            bad_format: None,
        };
        let mut counted = false;
        for (tag, value) in tlv::all(body)? {
            match (tag, value) {
                (EXECUTED, [n]) => (out.executed, counted) = (*n, true),
                (R_APDU, [data @ .., sw1, sw2]) => out.responses.push(RApdu {
                    data: data.to_vec(),
                    sw: u16::from_be_bytes([*sw1, *sw2]),
                }),
                (BAD_FORMAT, [code]) => out.bad_format = Some(*code),
                (EXECUTED | R_APDU | BAD_FORMAT, _) => return Err(ScriptError::Malformed),
                _ => {}
            }
        }
        if !counted {
            return Err(ScriptError::Malformed);
        }
        Ok(out)
    }

    /// The status word of the last R-APDU.
    pub fn last_sw(&self) -> Option<u16> {
        self.responses.last().map(|r| r.sw)
    }

    /// Whether all `expected` C-APDUs ran and the last ended `9000`.
    pub fn succeeded(&self, expected: usize) -> bool {
        self.bad_format.is_none()
            && usize::from(self.executed) == expected
            && self.last_sw() == Some(0x9000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_script_wraps_each_apdu() {
        let s = command_script(&[vec![0x80, 0xCA, 0xFF, 0x21, 0x00], vec![0x00, 0xA4]]);
        assert_eq!(hex::encode_upper(s), "AA0B220580CAFF2100220200A4");
    }

    #[test]
    fn response_script_reads_and_refuses_bad_input() {
        let r = ResponseScript::parse(&hex::decode("AB0A800102230190002303019000").unwrap());
        assert!(r.is_err(), "length 0A but 12 octets follow");
        let r =
            ResponseScript::parse(&hex::decode("AB0C8001022302900023030169E1").unwrap()).unwrap();
        assert_eq!((r.executed, r.last_sw()), (2, Some(0x69E1)));
        assert_eq!(r.responses[1].data, vec![0x01]);
        assert!(!r.succeeded(2));
        assert_eq!(
            ResponseScript::parse(&[0xAA, 0x00]),
            Err(ScriptError::NotResponse(0xAA))
        );
        assert_eq!(
            ResponseScript::parse(&[0xAB, 0x02, 0x23, 0x00]),
            Err(ScriptError::Malformed)
        );
    }
}
