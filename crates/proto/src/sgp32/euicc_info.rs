//! ES10b.GetEUICCInfo of an IoT eUICC: EUICCInfo2 with the active IPA mode and the IoT
//! specific information (SGP.32 v1.2 5.9.2).

use crate::der::{Asn1, Null};
use crate::sgp22::{
    CertificationDataObject, EuiccCategory, PprIds, RspCapability, SubjectKeyIdentifier,
    TreProperties, UICCCapability, VersionType,
};

/// EUICCInfo2 of an IoT eUICC (SGP.32 v1.2 5.9.2): SGP.22's components, then `[16]` to
/// `[20]`. `ipaMode` and `iotSpecificInfo` are mandatory within SGP.32 although OPTIONAL
/// in the module.
///
/// ```text
/// SGP32-EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
///    profileVersion [1] VersionType, svn [2] VersionType, euiccFirmwareVer [3] VersionType,
///    extCardResource [4] OCTET STRING, uiccCapability [5] UICCCapability,
///    ts102241Version [6] VersionType OPTIONAL,
///    globalplatformVersion [7] VersionType OPTIONAL, rspCapability [8] RspCapability,
///    euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
///    euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier,
///    euiccCategory [11] INTEGER { other(0), basicEuicc(1), mediumEuicc(2),
///       contactlessEuicc(3) } OPTIONAL,
///    forbiddenProfilePolicyRules [25] PprIds OPTIONAL, -- Tag '99'
///    ppVersion VersionType, sasAcreditationNumber UTF8String (SIZE(0..64)),
///    certificationDataObject [12] CertificationDataObject OPTIONAL,
///    treProperties [13] BIT STRING { isDiscrete(0), isIntegrated(1),
///       usesRemoteMemory(2) } OPTIONAL,
///    treProductReference [14] UTF8String OPTIONAL,
///    additionalEuiccProfilePackageVersions [15] SEQUENCE OF VersionType OPTIONAL,
///    ipaMode [16] IpaMode OPTIONAL, -- active IPA, mandatory within SGP.32
///    euiccCiPKIdListForSigningV3 [17] SEQUENCE OF SubjectKeyIdentifier OPTIONAL,
///    additionalEuiccInfo [18] OCTET STRING (SIZE(0..32)) OPTIONAL,
///    highestSvn [19] VersionType OPTIONAL,
///    iotSpecificInfo [20] IoTSpecificInfo OPTIONAL -- mandatory within SGP.32 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 34, extensible, name = "SGP32-EUICCInfo2")]
pub struct SGP32EUICCInfo2 {
    #[asn1(tag = 1)]
    pub profile_version: VersionType,
    #[asn1(tag = 2)]
    pub svn: VersionType,
    #[asn1(tag = 3)]
    pub euicc_firmware_ver: VersionType,
    #[asn1(tag = 4)]
    pub ext_card_resource: Vec<u8>,
    #[asn1(tag = 5)]
    pub uicc_capability: UICCCapability,
    #[asn1(tag = 6)]
    pub ts102241_version: Option<VersionType>,
    #[asn1(tag = 7)]
    pub globalplatform_version: Option<VersionType>,
    #[asn1(tag = 8)]
    pub rsp_capability: RspCapability,
    #[asn1(tag = 9, name = "euiccCiPKIdListForVerification")]
    pub euicc_ci_pkid_list_for_verification: Vec<SubjectKeyIdentifier>,
    #[asn1(tag = 10, name = "euiccCiPKIdListForSigning")]
    pub euicc_ci_pkid_list_for_signing: Vec<SubjectKeyIdentifier>,
    /// The same named numbers as SGP.22's, so its type is reused.
    #[asn1(tag = 11)]
    pub euicc_category: Option<EuiccCategory>,
    #[asn1(tag = 25)]
    pub forbidden_profile_policy_rules: Option<PprIds>,
    pub pp_version: VersionType,
    /// Spelt with one `c` in the ASN.1.
    pub sas_acreditation_number: String,
    #[asn1(tag = 12)]
    pub certification_data_object: Option<CertificationDataObject>,
    /// The same named bits as SGP.22's, so its type is reused.
    #[asn1(tag = 13)]
    pub tre_properties: Option<TreProperties>,
    #[asn1(tag = 14)]
    pub tre_product_reference: Option<String>,
    #[asn1(tag = 15)]
    pub additional_euicc_profile_package_versions: Option<Vec<VersionType>>,
    #[asn1(tag = 16)]
    pub ipa_mode: Option<IpaMode>,
    /// Not used by SGP.32 v1.2.
    #[asn1(tag = 17, name = "euiccCiPKIdListForSigningV3")]
    pub euicc_ci_pkid_list_for_signing_v3: Option<Vec<SubjectKeyIdentifier>>,
    /// Not used by SGP.32 v1.2.
    #[asn1(tag = 18)]
    pub additional_euicc_info: Option<Vec<u8>>,
    /// Not used by SGP.32 v1.2.
    #[asn1(tag = 19)]
    pub highest_svn: Option<VersionType>,
    #[asn1(tag = 20, name = "iotSpecificInfo")]
    pub iot_specific_info: Option<IoTSpecificInfo>,
}

/// What makes the eUICC an IoT eUICC (SGP.32 v1.2 5.9.2).
///
/// ```text
/// IoTSpecificInfo ::= SEQUENCE {
///    iotVersion [0] SEQUENCE OF VersionType, -- SGP.32 version(s), at least one
///    ecallSupported [1] NULL OPTIONAL, -- the Emergency Mechanism
///    fallbackSupported [2] NULL OPTIONAL -- the Fallback Mechanism }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "IoTSpecificInfo")]
pub struct IoTSpecificInfo {
    #[asn1(tag = 0)]
    pub iot_version: Vec<VersionType>,
    #[asn1(tag = 1)]
    pub ecall_supported: Option<Null>,
    #[asn1(tag = 2)]
    pub fallback_supported: Option<Null>,
}

/// Which IPA is active (SGP.32 v1.2 5.9.2).
///
/// ```text
/// IpaMode ::= INTEGER { ipad(0), -- IPAd is active
///    ipae(1) -- IPAe is active }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum IpaMode {
    #[asn1(value = 0)]
    Ipad,
    #[asn1(value = 1)]
    Ipae,
    #[asn1(other)]
    Other(i64),
}
