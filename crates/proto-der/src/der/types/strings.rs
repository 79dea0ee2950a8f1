//! Character strings (X.680 41) and time types, kept as text.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, Tag};

impl Asn1 for String {
    const TAG: Option<Tag> = Some(Tag::UTF8_STRING);
    const NAME: &'static str = "UTF8String";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_bytes())
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        String::from_utf8(tlv.expect_primitive()?.to_vec())
            .map_err(|_| DecodeError::invalid(tlv.offset, "UTF8String is not valid UTF-8"))
    }
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

macro_rules! restricted_string {
    ($(#[$doc:meta] $name:ident, $tag:expr, $asn:literal, $ok:expr;)*) => {$(
        #[$doc]
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub String);

        impl $name {
            /// Whether every character is allowed by the type.
            pub fn is_valid(s: &str) -> bool {
                let ok: fn(char) -> bool = $ok;
                s.chars().all(ok)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Asn1 for $name {
            const TAG: Option<Tag> = Some($tag);
            const NAME: &'static str = $asn;
            fn encode_contents(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self.0.as_bytes())
            }
            fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
                let v = tlv.expect_primitive()?;
                match std::str::from_utf8(v) {
                    Ok(s) if Self::is_valid(s) => Ok($name(s.to_string())),
                    _ => Err(DecodeError::invalid(
                        tlv.offset,
                        concat!("characters not allowed in ", $asn),
                    )),
                }
            }
            fn to_json(&self) -> Value {
                Value::String(self.0.clone())
            }
        }
    )*};
}

restricted_string! {
    /// IA5String: ASCII.
    Ia5String, Tag::IA5_STRING, "IA5String", |c| c.is_ascii();
    /// PrintableString (X.680 41.4).
    PrintableString, Tag::PRINTABLE_STRING, "PrintableString",
        |c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c);
    /// NumericString: digits and space.
    NumericString, Tag::NUMERIC_STRING, "NumericString", |c| c.is_ascii_digit() || c == ' ';
    /// VisibleString: printable ASCII.
    VisibleString, Tag::VISIBLE_STRING, "VisibleString", |c| (' '..='~').contains(&c);
    /// UTCTime, kept as its text (YYMMDDhhmmssZ).
    UtcTime, Tag::UTC_TIME, "UTCTime", |c| c.is_ascii_digit() || "Z+-".contains(c);
    /// GeneralizedTime, kept as its text (YYYYMMDDhhmmssZ).
    GeneralizedTime, Tag::GENERALIZED_TIME, "GeneralizedTime",
        |c| c.is_ascii_digit() || "Z+-.,".contains(c);
}
