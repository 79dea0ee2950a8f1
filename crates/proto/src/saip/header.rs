//! The profile header, the PE header shared by all other PEs, and the end PE
//! (TCA eUICC Profile Package v3.3.1, `PEDefinitions`).

use crate::der::{Asn1, BitString, Null, Oid};

/// Header carried by every PE except the profile header: its identification number for
/// error reports (`PEStatus.identification`) and whether the eUICC must support it.
///
/// ```text
/// PEHeader ::= SEQUENCE {
///     mandated NULL OPTIONAL,
///     identification UInt15
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PEHeader")]
pub struct PEHeader {
    pub mandated: Option<Null>,
    pub identification: u16,
}

impl PEHeader {
    /// A mandated PE with the given identification number.
    pub fn mandated(identification: u16) -> Self {
        PEHeader {
            mandated: Some(Null),
            identification,
        }
    }
}

/// The first PE of every package: version, profile type, ICCID and what the eUICC must
/// support to install the profile.
///
/// `iccid` holds the ICCID digits in plain BCD, first digit in the high nibble, padded with
/// `F` (TS.48 profiles: `8949449999999990023F` for ICCID 8949449999999990023) — unlike
/// EF.ICCID, whose nibbles are swapped.
///
/// ```text
/// ProfileHeader ::= SEQUENCE {
///     major-version UInt8,
///     minor-version UInt8,
///     profileType UTF8String (SIZE (1..100)) OPTIONAL,
///     iccid OCTET STRING (SIZE (10)),
///     pol OCTET STRING OPTIONAL,
///     eUICC-Mandatory-services ServicesList,
///     eUICC-Mandatory-GFSTEList SEQUENCE OF OBJECT IDENTIFIER,
///     connectivityParameters OCTET STRING OPTIONAL,
///     eUICC-Mandatory-AIDs SEQUENCE OF SEQUENCE {
///         aid ApplicationIdentifier,
///         version OCTET STRING (SIZE(2))
///     } OPTIONAL,
///     iotOptions IotOptions OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "ProfileHeader")]
pub struct ProfileHeader {
    #[asn1(name = "major-version")]
    pub major_version: u16,
    #[asn1(name = "minor-version")]
    pub minor_version: u16,
    pub profile_type: Option<String>,
    pub iccid: [u8; 10],
    pub pol: Option<Vec<u8>>,
    #[asn1(name = "eUICC-Mandatory-services")]
    pub euicc_mandatory_services: ServicesList,
    #[asn1(name = "eUICC-Mandatory-GFSTEList")]
    pub euicc_mandatory_gfste_list: Vec<Oid>,
    pub connectivity_parameters: Option<Vec<u8>>,
    #[asn1(name = "eUICC-Mandatory-AIDs")]
    pub euicc_mandatory_aids: Option<Vec<MandatoryAid>>,
    pub iot_options: Option<IotOptions>,
}

/// One entry of `eUICC-Mandatory-AIDs`: an application the eUICC must already hold.
///
/// ```text
/// SEQUENCE { aid ApplicationIdentifier, version OCTET STRING (SIZE(2)) }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct MandatoryAid {
    pub aid: Vec<u8>,
    pub version: [u8; 2],
}

/// Options of an IoT minimal profile.
///
/// ```text
/// IotOptions ::= SEQUENCE {
///     pix OCTET STRING (SIZE (7..11))
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "IotOptions")]
pub struct IotOptions {
    pub pix: Vec<u8>,
}

/// Services the eUICC must support for the profile; each present NULL marks one.
///
/// ```text
/// ServicesList ::= SEQUENCE {
///     contactless NULL OPTIONAL, usim NULL OPTIONAL, isim NULL OPTIONAL,
///     csim NULL OPTIONAL, milenage NULL OPTIONAL, tuak128 NULL OPTIONAL,
///     cave NULL OPTIONAL, gba-usim NULL OPTIONAL, gba-isim NULL OPTIONAL,
///     mbms NULL OPTIONAL, eap NULL OPTIONAL, javacard NULL OPTIONAL,
///     multos NULL OPTIONAL, multiple-usim NULL OPTIONAL, multiple-isim NULL OPTIONAL,
///     multiple-csim NULL OPTIONAL, tuak256 NULL OPTIONAL,
///     usim-test-algorithm NULL OPTIONAL, ber-tlv NULL OPTIONAL, dfLink NULL OPTIONAL,
///     cat-tp NULL OPTIONAL, get-identity NULL OPTIONAL, profile-a-x25519 NULL OPTIONAL,
///     profile-b-p256 NULL OPTIONAL, suciCalculatorApi NULL OPTIONAL,
///     dns-resolution NULL OPTIONAL, scp11ac NULL OPTIONAL,
///     scp11c-authorization-mechanism NULL OPTIONAL, s16mode NULL OPTIONAL,
///     eaka NULL OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "ServicesList")]
pub struct ServicesList {
    pub contactless: Option<Null>,
    pub usim: Option<Null>,
    pub isim: Option<Null>,
    pub csim: Option<Null>,
    pub milenage: Option<Null>,
    pub tuak128: Option<Null>,
    pub cave: Option<Null>,
    #[asn1(name = "gba-usim")]
    pub gba_usim: Option<Null>,
    #[asn1(name = "gba-isim")]
    pub gba_isim: Option<Null>,
    pub mbms: Option<Null>,
    pub eap: Option<Null>,
    pub javacard: Option<Null>,
    pub multos: Option<Null>,
    #[asn1(name = "multiple-usim")]
    pub multiple_usim: Option<Null>,
    #[asn1(name = "multiple-isim")]
    pub multiple_isim: Option<Null>,
    #[asn1(name = "multiple-csim")]
    pub multiple_csim: Option<Null>,
    pub tuak256: Option<Null>,
    #[asn1(name = "usim-test-algorithm")]
    pub usim_test_algorithm: Option<Null>,
    #[asn1(name = "ber-tlv")]
    pub ber_tlv: Option<Null>,
    pub df_link: Option<Null>,
    #[asn1(name = "cat-tp")]
    pub cat_tp: Option<Null>,
    #[asn1(name = "get-identity")]
    pub get_identity: Option<Null>,
    #[asn1(name = "profile-a-x25519")]
    pub profile_a_x25519: Option<Null>,
    #[asn1(name = "profile-b-p256")]
    pub profile_b_p256: Option<Null>,
    pub suci_calculator_api: Option<Null>,
    #[asn1(name = "dns-resolution")]
    pub dns_resolution: Option<Null>,
    pub scp11ac: Option<Null>,
    #[asn1(name = "scp11c-authorization-mechanism")]
    pub scp11c_authorization_mechanism: Option<Null>,
    pub s16mode: Option<Null>,
    pub eaka: Option<Null>,
}

/// The last PE of every package.
///
/// ```text
/// PE-End ::= SEQUENCE {
///     end-header PEHeader
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-End")]
pub struct PEEnd {
    #[asn1(name = "end-header")]
    pub header: PEHeader,
}

/// Placeholder of the reserved `rfu1`..`rfu5` alternatives of `ProfileElement`.
///
/// ```text
/// PE-Dummy ::= SEQUENCE {
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-Dummy")]
pub struct PEDummy {}

/// What a UICC supports, as exported to the RSP specifications for eligibility checks
/// (SGP.22 `EUICCInfo2.uiccCapability`).
///
/// ```text
/// UICCCapability ::= BIT STRING {
///     contactlessSupport(0), usimSupport(1), isimSupport(2), csimSupport(3),
///     akaMilenage(4), akaCave(5), akaTuak128(6), akaTuak256(7), usimTestAlgorithm(8),
///     rfu2(9), gbaAuthenUsim(10), gbaAuthenISim(11), mbmsAuthenUsim(12), eapClient(13),
///     javacard(14), multos(15), multipleUsimSupport(16), multipleIsimSupport(17),
///     multipleCsimSupport(18), berTlvFileSupport(19), dfLinkSupport(20), catTp(21),
///     getIdentity(22), profile-a-x25519(23), profile-b-p256(24), suciCalculatorApi(25),
///     dns-resolution(26), scp11ac(27), scp11c-authorization-mechanism(28), s16mode(29),
///     eaka(30), iotminimal(31)
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(name = "UICCCapability")]
pub struct UICCCapability(pub BitString);

impl UICCCapability {
    pub const CONTACTLESS_SUPPORT: usize = 0;
    pub const USIM_SUPPORT: usize = 1;
    pub const ISIM_SUPPORT: usize = 2;
    pub const CSIM_SUPPORT: usize = 3;
    pub const AKA_MILENAGE: usize = 4;
    pub const AKA_CAVE: usize = 5;
    pub const AKA_TUAK128: usize = 6;
    pub const AKA_TUAK256: usize = 7;
    pub const USIM_TEST_ALGORITHM: usize = 8;
    pub const GBA_AUTHEN_USIM: usize = 10;
    pub const GBA_AUTHEN_ISIM: usize = 11;
    pub const MBMS_AUTHEN_USIM: usize = 12;
    pub const EAP_CLIENT: usize = 13;
    pub const JAVACARD: usize = 14;
    pub const MULTOS: usize = 15;
    pub const MULTIPLE_USIM_SUPPORT: usize = 16;
    pub const MULTIPLE_ISIM_SUPPORT: usize = 17;
    pub const MULTIPLE_CSIM_SUPPORT: usize = 18;
    pub const BER_TLV_FILE_SUPPORT: usize = 19;
    pub const DF_LINK_SUPPORT: usize = 20;
    pub const CAT_TP: usize = 21;
    pub const GET_IDENTITY: usize = 22;
    pub const PROFILE_A_X25519: usize = 23;
    pub const PROFILE_B_P256: usize = 24;
    pub const SUCI_CALCULATOR_API: usize = 25;
    pub const DNS_RESOLUTION: usize = 26;
    pub const SCP11AC: usize = 27;
    pub const SCP11C_AUTHORIZATION_MECHANISM: usize = 28;
    pub const S16MODE: usize = 29;
    pub const EAKA: usize = 30;
    pub const IOT_MINIMAL: usize = 31;
}
