//! The expanded remote command format ES5 uses (SGP.02 2.4.3; ETSI TS 102 226 5.2.1,
//! 5.2.2), coded by [`ota::script`]: commands go out definite-length (`AA`), responses are
//! read in either form (`AB`, or `AF 80 … 00 00` over HTTPS) into what the SM-SR decides
//! on, a [`CardResponse`].

use ota::script::{CommandScript, ResponseScript, ResponseTlv, ScriptForm};

pub use ota::script::ScriptError;

/// The definite-length command script (`AA L { 22 L C-APDU }*`) of `apdus`, in order.
pub fn command_script(apdus: &[Vec<u8>]) -> Result<Vec<u8>, ScriptError> {
    CommandScript::of_apdus(ScriptForm::Definite, apdus.iter().cloned()).encode()
}

/// How many C-APDUs a stored command script holds (0 when it does not read).
pub fn apdu_count(script: &[u8]) -> usize {
    CommandScript::parse(script).map_or(0, |s| s.apdus().count())
}

/// Whether a stored command is SCP03t TLVs for an ISD-P (SGP.02 4.1.3.3) rather than a
/// command script: its first tag is `84`–`87`, where a script starts `AA` or `AE`.
pub fn is_scp03t(command: &[u8]) -> bool {
    matches!(command.first(), Some(0x84..=0x87))
}

/// One R-APDU: its data and status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RApdu {
    /// The response data.
    pub data: Vec<u8>,
    /// SW1 SW2.
    pub sw: u16,
}

/// A card's response script, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardResponse {
    /// How many C-APDUs the card executed (`80 01 n`; 0 when absent).
    pub executed: u8,
    /// The R-APDUs it returned (TS 102 226 5.2.2: the last one at least).
    pub responses: Vec<RApdu>,
    /// The Bad format code, when the card could not read the script.
    pub bad_format: Option<u8>,
}

impl CardResponse {
    /// Reads a response script (TS 102 226 5.2.2).
    pub fn parse(bytes: &[u8]) -> Result<CardResponse, ScriptError> {
        let script = ResponseScript::parse(bytes)?;
        let mut out = CardResponse {
            executed: 0,
            responses: Vec::new(),
            bad_format: None,
        };
        for item in script.items {
            match item {
                ResponseTlv::NumberOfCommands(n) => out.executed = n,
                ResponseTlv::RApdu(mut r) => {
                    let sw = r.split_off(r.len().saturating_sub(2));
                    let sw = match sw.as_slice() {
                        [a, b] => u16::from_be_bytes([*a, *b]),
                        _ => return Err(ScriptError::ValueLength(0x23)),
                    };
                    out.responses.push(RApdu { data: r, sw });
                }
                ResponseTlv::BadFormat(b) => out.bad_format = Some(b.code()),
                _ => {}
            }
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
        let s =
            command_script(&[vec![0x80, 0xCA, 0xFF, 0x21, 0x00], vec![0, 0xA4, 4, 0, 0]]).unwrap();
        assert_eq!(hex::encode_upper(&s), "AA0E220580CAFF2100220500A4040000");
        assert_eq!(apdu_count(&s), 2);
    }

    #[test]
    fn response_reads_both_forms_and_refuses_bad_input() {
        let r = CardResponse::parse(&hex::decode("AB0C8001022302900023030169E1").unwrap()).unwrap();
        assert_eq!((r.executed, r.last_sw()), (2, Some(0x69E1)));
        assert_eq!(r.responses[1].data, vec![0x01]);
        assert!(!r.succeeded(2));
        let r = CardResponse::parse(&hex::decode("AF80800101230290000000").unwrap()).unwrap();
        assert!(r.succeeded(1));
        assert!(
            CardResponse::parse(&hex::decode("AB0A800102230190002303019000").unwrap()).is_err()
        );
        assert!(CardResponse::parse(&[0xAA, 0x00]).is_err());
        assert!(CardResponse::parse(&[0xAB, 0x02, 0x23, 0x00]).is_err());
    }
}
