//! Remote file management applications (TCA eUICC Profile Package v3.3.1, `PE-RFM`; ETSI
//! TS 102 226 for access domains and TARs).

use super::header::PEHeader;
use crate::der::Asn1;

/// An RFM instance. Its components are tagged by hand, so AUTOMATIC TAGS does not apply;
/// `rfm-header` and `tarList` share `[0]` and are told apart by position.
///
/// ```text
/// PE-RFM ::= SEQUENCE {
///     rfm-header [0] PEHeader,
///     instanceAID [APPLICATION 15] ApplicationIdentifier,
///     securityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
///     tarList [0] SEQUENCE (SIZE (1..MAX)) OF OCTET STRING (SIZE(3)) OPTIONAL,
///     minimumSecurityLevel [1] OCTET STRING (SIZE (1)),
///     uiccAccessDomain OCTET STRING,
///     uiccAdminAccessDomain OCTET STRING,
///     adfRFMAccess ADFRFMAccess OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "PE-RFM")]
pub struct PERFM {
    #[asn1(tag = 0, name = "rfm-header")]
    pub header: PEHeader,
    #[asn1(tag = "application 15", name = "instanceAID")]
    pub instance_aid: Vec<u8>,
    #[asn1(tag = "application 15", name = "securityDomainAID")]
    pub security_domain_aid: Option<Vec<u8>>,
    #[asn1(tag = 0)]
    pub tar_list: Option<Vec<[u8; 3]>>,
    #[asn1(tag = 1)]
    pub minimum_security_level: [u8; 1],
    pub uicc_access_domain: Vec<u8>,
    pub uicc_admin_access_domain: Vec<u8>,
    #[asn1(name = "adfRFMAccess")]
    pub adf_rfm_access: Option<ADFRFMAccess>,
}

/// The ADF selected by default in RFM scripts, with its access domains.
///
/// ```text
/// ADFRFMAccess ::= SEQUENCE {
///     adfAID ApplicationIdentifier,
///     adfAccessDomain OCTET STRING,
///     adfAdminAccessDomain OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "ADFRFMAccess")]
pub struct ADFRFMAccess {
    #[asn1(name = "adfAID")]
    pub adf_aid: Vec<u8>,
    pub adf_access_domain: Vec<u8>,
    pub adf_admin_access_domain: Vec<u8>,
}
