//! Security domains of the profile (MNO-SD, SSDs) with their keys and personalization data
//! (TCA eUICC Profile Package v3.3.1, `PE-SecurityDomain`, 8.6; key coding per
//! GlobalPlatform Card Specification 11.1.9).

use super::application::ApplicationInstance;
use super::header::PEHeader;
use crate::der::Asn1;

/// ```text
/// PE-SecurityDomain ::= SEQUENCE {
///     sd-Header PEHeader,
///     instance ApplicationInstance,
///     keyList SEQUENCE (SIZE (1..MAX)) OF KeyObject OPTIONAL,
///     sdPersoData SEQUENCE (SIZE (1..MAX)) OF OCTET STRING OPTIONAL,
///     openPersoData SEQUENCE {
///         restrictParameter [PRIVATE 25] OCTET STRING (SIZE(1)) OPTIONAL,
///         contactlessProtocolParameters OCTET STRING OPTIONAL
///     } OPTIONAL,
///     catTpParameters SEQUENCE {
///         catTpMaxSduSize UInt16,
///         catTpMaxPduSize UInt16
///     } OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-SecurityDomain")]
pub struct PESecurityDomain {
    #[asn1(name = "sd-Header")]
    pub header: PEHeader,
    pub instance: ApplicationInstance,
    pub key_list: Option<Vec<KeyObject>>,
    pub sd_perso_data: Option<Vec<Vec<u8>>>,
    pub open_perso_data: Option<OpenPersoData>,
    pub cat_tp_parameters: Option<CatTpParameters>,
}

/// Parameters of the OPEN for the domain (8.6.6). One component is tagged, so AUTOMATIC
/// TAGS does not apply and `contactlessProtocolParameters` is a plain OCTET STRING.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "openPersoData")]
pub struct OpenPersoData {
    #[asn1(tag = "private 25")]
    pub restrict_parameter: Option<[u8; 1]>,
    pub contactless_protocol_parameters: Option<Vec<u8>>,
}

/// CAT_TP limits (8.6.7).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "catTpParameters")]
pub struct CatTpParameters {
    pub cat_tp_max_sdu_size: u16,
    pub cat_tp_max_pdu_size: u16,
}

/// A key of the domain (8.6.3).
///
/// ```text
/// KeyObject ::= SEQUENCE {
///     keyUsageQualifier [21] OCTET STRING (SIZE (1..2)),
///     keyAccess [22] OCTET STRING (SIZE (1)) DEFAULT '00'H,
///     keyIdentifier [2] OCTET STRING (SIZE (1)),
///     keyVersionNumber [3] OCTET STRING (SIZE (1)),
///     keyCounterValue [5] OCTET STRING OPTIONAL,
///     keyComponents SEQUENCE (SIZE (1..MAX)) OF SEQUENCE {
///         keyType [0] OCTET STRING,
///         keyData [6] OCTET STRING,
///         macLength [7] UInt8 DEFAULT 8
///     }
/// }
/// ```
/// (Versions before 3.3.1 spell the last component `keyCompontents`; the tag is the same.)
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "KeyObject")]
pub struct KeyObject {
    #[asn1(tag = 21)]
    pub key_usage_qualifier: Vec<u8>,
    /// DEFAULT '00'H.
    #[asn1(tag = 22)]
    pub key_access: Option<[u8; 1]>,
    #[asn1(tag = 2)]
    pub key_identifier: [u8; 1],
    #[asn1(tag = 3)]
    pub key_version_number: [u8; 1],
    #[asn1(tag = 5)]
    pub key_counter_value: Option<Vec<u8>>,
    pub key_components: Vec<KeyComponent>,
}

/// One component of a key.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "keyComponents")]
pub struct KeyComponent {
    /// GlobalPlatform key type (`88` AES, `80` DES …).
    #[asn1(tag = 0)]
    pub key_type: Vec<u8>,
    #[asn1(tag = 6)]
    pub key_data: Vec<u8>,
    /// DEFAULT 8.
    #[asn1(tag = 7)]
    pub mac_length: Option<u16>,
}
