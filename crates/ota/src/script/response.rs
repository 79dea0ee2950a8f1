//! The response script (ETSI TS 102 226 5.2.2).

use super::{Script, ScriptError, parse_items, push_tlv, wrap};

const TAG_DEFINITE: u8 = 0xAB;
const TAG_INDEFINITE: u8 = 0xAF;
const TAG_EXECUTED: u8 = 0x80;
const TAG_R_APDU: u8 = 0x23;
const TAG_IMMEDIATE_ACTION_RESPONSE: u8 = 0x81;
const TAG_BAD_FORMAT: u8 = 0x90;

/// The bad-format codes (ETSI TS 102 226 5.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BadFormat {
    /// `01`: unknown tag.
    UnknownTag,
    /// `02`: wrong length.
    WrongLength,
    /// `03`: length missing.
    LengthMissing,
    /// Any other (reserved) value.
    Other(u8),
}

impl BadFormat {
    /// The code octet.
    pub fn code(self) -> u8 {
        match self {
            BadFormat::UnknownTag => 0x01,
            BadFormat::WrongLength => 0x02,
            BadFormat::LengthMissing => 0x03,
            BadFormat::Other(code) => code,
        }
    }

    fn from_code(code: u8) -> Self {
        match code {
            0x01 => BadFormat::UnknownTag,
            0x02 => BadFormat::WrongLength,
            0x03 => BadFormat::LengthMissing,
            other => BadFormat::Other(other),
        }
    }
}

/// One TLV of a response script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseTlv {
    /// `80 01 n`: the number of C-APDUs executed.
    NumberOfCommands(u8),
    /// `23`: an R-APDU (response data and the two status octets).
    RApdu(Vec<u8>),
    /// `81`: the response to an immediate action.
    ImmediateActionResponse(Vec<u8>),
    /// `90 01`: the script could not be parsed.
    BadFormat(BadFormat),
}

/// A response script: definite (`AB`) or indefinite (`AF 80 … 00 00`).
pub type ResponseScript = Script<ResponseTlv>;

impl Script<ResponseTlv> {
    /// The R-APDUs in order.
    pub fn r_apdus(&self) -> impl Iterator<Item = &[u8]> {
        self.items.iter().filter_map(|item| match item {
            ResponseTlv::RApdu(r) => Some(r.as_slice()),
            _ => None,
        })
    }

    /// The status word of the last R-APDU.
    pub fn last_status_word(&self) -> Option<[u8; 2]> {
        let last = self.r_apdus().last()?;
        last.get(last.len().checked_sub(2)?..)?.try_into().ok()
    }

    /// The script's octets.
    pub fn encode(&self) -> Result<Vec<u8>, ScriptError> {
        let mut content = Vec::new();
        for item in &self.items {
            match item {
                ResponseTlv::NumberOfCommands(n) => push_tlv(&mut content, TAG_EXECUTED, &[*n])?,
                ResponseTlv::RApdu(r) => push_tlv(&mut content, TAG_R_APDU, r)?,
                ResponseTlv::ImmediateActionResponse(r) => {
                    push_tlv(&mut content, TAG_IMMEDIATE_ACTION_RESPONSE, r)?
                }
                ResponseTlv::BadFormat(b) => push_tlv(&mut content, TAG_BAD_FORMAT, &[b.code()])?,
            }
        }
        wrap(self.form, TAG_DEFINITE, TAG_INDEFINITE, &content)
    }

    /// Parses a response script.
    pub fn parse(bytes: &[u8]) -> Result<Self, ScriptError> {
        let (form, raw) = parse_items(bytes, TAG_DEFINITE, TAG_INDEFINITE)?;
        let items = raw
            .into_iter()
            .map(|(tag, value)| match (tag, value) {
                (TAG_EXECUTED, &[n]) => Ok(ResponseTlv::NumberOfCommands(n)),
                (TAG_R_APDU, r) if r.len() >= 2 => Ok(ResponseTlv::RApdu(r.to_vec())),
                (TAG_IMMEDIATE_ACTION_RESPONSE, r) => {
                    Ok(ResponseTlv::ImmediateActionResponse(r.to_vec()))
                }
                (TAG_BAD_FORMAT, &[code]) => Ok(ResponseTlv::BadFormat(BadFormat::from_code(code))),
                (TAG_EXECUTED | TAG_R_APDU | TAG_BAD_FORMAT, _) => {
                    Err(ScriptError::ValueLength(tag))
                }
                (other, _) => Err(ScriptError::UnexpectedTag(other)),
            })
            .collect::<Result<_, _>>()?;
        Ok(ResponseScript { form, items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::ScriptForm;

    #[test]
    fn indefinite_response_round_trips() {
        // SGP02-MAP 3.3: "AF80 [80 01 n] 23 L R-APDU … 0000".
        let bytes = hex::decode("af80800101230e0000ffff7f2002000000000090000000").expect("hex");
        let script = ResponseScript::parse(&bytes).expect("valid");
        assert_eq!(script.form, ScriptForm::Indefinite);
        assert_eq!(script.items[0], ResponseTlv::NumberOfCommands(1));
        assert_eq!(script.last_status_word(), Some([0x90, 0x00]));
        assert_eq!(script.encode().expect("fits"), bytes);
    }

    #[test]
    fn bad_format_and_definite_forms_round_trip() {
        let script = ResponseScript {
            form: ScriptForm::Definite,
            items: vec![
                ResponseTlv::NumberOfCommands(0),
                ResponseTlv::BadFormat(BadFormat::UnknownTag),
            ],
        };
        let bytes = script.encode().expect("fits");
        assert_eq!(hex::encode(&bytes), "ab06800100900101");
        assert_eq!(ResponseScript::parse(&bytes), Ok(script));
        assert_eq!(
            ResponseScript::parse(&bytes).map(|s| s.last_status_word()),
            Ok(None)
        );
    }

    #[test]
    fn malformed_responses_are_refused() {
        for (bytes, expected) in [
            ("ab03800201", ScriptError::Truncated),
            ("ab0480020101", ScriptError::ValueLength(0x80)),
            ("ab03230190", ScriptError::ValueLength(0x23)),
            ("ab022200", ScriptError::UnexpectedTag(0x22)),
            ("aa00", ScriptError::NotAScript(0xAA)),
        ] {
            let parsed = ResponseScript::parse(&hex::decode(bytes).expect("hex"));
            assert_eq!(parsed, Err(expected), "{bytes}");
        }
    }
}
