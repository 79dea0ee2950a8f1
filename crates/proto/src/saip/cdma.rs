//! CDMA authentication parameters for a CSIM (TCA eUICC Profile Package v3.3.1,
//! `PE-CDMAParameter`; coding of the data per 3GPP2 C.S0016).

use super::header::PEHeader;
use crate::der::Asn1;

/// ```text
/// PE-CDMAParameter ::= SEQUENCE {
///     cdma-header PEHeader,
///     authenticationKey OCTET STRING (SIZE(8)),
///     ssd OCTET STRING (SIZE (16)) OPTIONAL,
///     hrpdAccessAuthenticationData OCTET STRING (SIZE (2..32)) OPTIONAL,
///     simpleIPAuthenticationData OCTET STRING (SIZE (3..483)) OPTIONAL,
///     mobileIPAuthenticationData OCTET STRING (SIZE (5..957)) OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-CDMAParameter")]
pub struct PECDMAParameter {
    #[asn1(name = "cdma-header")]
    pub header: PEHeader,
    /// The A-key for CAVE.
    pub authentication_key: [u8; 8],
    /// Shared secret data A (octets 1–8) and B (9–16).
    pub ssd: Option<[u8; 16]>,
    pub hrpd_access_authentication_data: Option<Vec<u8>>,
    #[asn1(name = "simpleIPAuthenticationData")]
    pub simple_ip_authentication_data: Option<Vec<u8>>,
    #[asn1(name = "mobileIPAuthenticationData")]
    pub mobile_ip_authentication_data: Option<Vec<u8>>,
}
