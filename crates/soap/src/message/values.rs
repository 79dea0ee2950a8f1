//! [`Value`] for the XML Schema simple types the binding uses, the identifiers, and raw
//! elements kept as received.

use proto::ids::{Eid, Iccid};

use super::{MessageError, Value};
use crate::xml::Element;

/// `xs:string`, white space preserved (XML Schema Part 2 3.2.1).
impl Value for String {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, self.clone())
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Ok(el.text.clone())
    }
}

/// `xs:boolean` (XML Schema Part 2 3.2.2: `true`, `false`, `1`, `0`).
impl Value for bool {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, if *self { "true" } else { "false" })
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        match el.trimmed_text() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(MessageError::invalid(el)),
        }
    }
}

macro_rules! integer_value {
    ($($t:ty),*) => {$(
        /// A non-negative XML Schema integer in the type's range.
        impl Value for $t {
            fn write(&self, name: &str) -> Element {
                Element::with_text(name, self.to_string())
            }

            fn read(el: &Element) -> Result<Self, MessageError> {
                let text = el.trimmed_text();
                let digits = text.strip_prefix('+').unwrap_or(text);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(MessageError::invalid(el));
                }
                digits.parse().map_err(|_| MessageError::invalid(el))
            }
        }
    )*};
}

integer_value!(u8, u32, u64);

/// The EID as 32 digits (SGP.02 2.2.2); the check digits are the receiver's to judge.
impl Value for Eid {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, self.as_str())
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Eid::parse_lenient(el.trimmed_text()).map_err(|_| MessageError::invalid(el))
    }
}

/// The ICCID as 18 to 20 digits (ITU-T E.118); the Luhn digit is the receiver's to judge.
impl Value for Iccid {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, self.to_string())
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Iccid::parse_lenient(el.trimmed_text()).map_err(|_| MessageError::invalid(el))
    }
}

/// Octets written as `xs:hexBinary` (XML Schema Part 2 3.2.15): upper case on output, either
/// case on input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Hex(pub Vec<u8>);

impl Hex {
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Hex {
    fn from(v: Vec<u8>) -> Hex {
        Hex(v)
    }
}

impl From<&[u8]> for Hex {
    fn from(v: &[u8]) -> Hex {
        Hex(v.to_vec())
    }
}

impl Value for Hex {
    fn write(&self, name: &str) -> Element {
        Element::with_text(name, hex::encode_upper(&self.0))
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        hex::decode(el.trimmed_text())
            .map(Hex)
            .map_err(|_| MessageError::invalid(el))
    }
}

/// An element kept as received (the EIS's XML Signature, which this binding carries but does
/// not verify); written back under its own namespace with the part's name.
impl Value for Element {
    fn write(&self, name: &str) -> Element {
        Element {
            name: name.to_owned(),
            ..self.clone()
        }
    }

    fn read(el: &Element) -> Result<Self, MessageError> {
        Ok(el.clone())
    }
}
