//! Universal types and generic wrappers (X.680 clauses 18–41 as used by the GSMA modules).

mod bitstring;
pub(crate) mod integer;
mod octets;
mod oid;
mod preserved;
mod raw;
mod seqof;
mod simple;
mod strings;

pub use bitstring::BitString;
pub use oid::{Oid, OidParseError};
pub use preserved::Preserved;
pub use raw::{RawSequence, RawTlv};
pub use seqof::SetOf;
pub use simple::Null;
pub use strings::{
    GeneralizedTime, Ia5String, NumericString, PrintableString, UtcTime, VisibleString,
};

/// Hex (upper case) as used for OCTET STRINGs in JSON output.
pub fn hex_upper(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
}
