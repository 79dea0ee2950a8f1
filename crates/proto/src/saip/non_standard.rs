//! Proprietary content identified by its issuer (TCA eUICC Profile Package v3.3.1,
//! `PE-NonStandard`).

use super::header::PEHeader;
use crate::der::{Asn1, Oid};

/// ```text
/// PE-NonStandard ::= SEQUENCE {
///     nonStandard-header PEHeader,
///     issuerID OBJECT IDENTIFIER,
///     content OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-NonStandard")]
pub struct PENonStandard {
    #[asn1(name = "nonStandard-header")]
    pub header: PEHeader,
    #[asn1(name = "issuerID")]
    pub issuer_id: Oid,
    pub content: Vec<u8>,
}
