//! ES10b.GetEUICCInfo (SGP.22 5.7.8): what the eUICC tells the LPA and the SM-DP+ about
//! itself, in two sizes.

use super::common::{SubjectKeyIdentifier, UICCCapability, VersionType, named_bits};
use super::metadata::PprIds;
use crate::der::Asn1;

/// Request for EUICCInfo1 (SGP.22 5.7.8).
///
/// ```text
/// GetEuiccInfo1Request ::= [32] SEQUENCE { } -- Tag 'BF20'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 32, extensible)]
pub struct GetEuiccInfo1Request {}

/// The small eUICC information sent in ES9+.InitiateAuthentication (SGP.22 5.7.8).
///
/// ```text
/// EUICCInfo1 ::= [32] SEQUENCE { -- Tag 'BF20'
///    svn [2] VersionType,
///    euiccCiPKIdListForVerification [9] SEQUENCE OF SubjectKeyIdentifier,
///    euiccCiPKIdListForSigning [10] SEQUENCE OF SubjectKeyIdentifier }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 32, extensible, name = "EUICCInfo1")]
pub struct EUICCInfo1 {
    #[asn1(tag = 2)]
    pub svn: VersionType,
    #[asn1(tag = 9, name = "euiccCiPKIdListForVerification")]
    pub euicc_ci_pkid_list_for_verification: Vec<SubjectKeyIdentifier>,
    #[asn1(tag = 10, name = "euiccCiPKIdListForSigning")]
    pub euicc_ci_pkid_list_for_signing: Vec<SubjectKeyIdentifier>,
}

/// Request for EUICCInfo2 (SGP.22 5.7.8).
///
/// ```text
/// GetEuiccInfo2Request ::= [34] SEQUENCE { } -- Tag 'BF22'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 34, extensible)]
pub struct GetEuiccInfo2Request {}

/// The full eUICC information, signed inside euiccSigned1 (SGP.22 5.7.8).
///
/// ```text
/// EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
///    profileVersion [1] VersionType, svn [2] VersionType, euiccFirmwareVer [3] VersionType,
///    extCardResource [4] OCTET STRING, uiccCapability [5] UICCCapability,
///    ts102241Version [6] VersionType OPTIONAL,
///    globalplatformVersion [7] VersionType OPTIONAL,
///    rspCapability [8] RspCapability,
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
///    additionalEuiccProfilePackageVersions [15] SEQUENCE OF VersionType OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 34, extensible, name = "EUICCInfo2")]
pub struct EUICCInfo2 {
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
    #[asn1(tag = 11)]
    pub euicc_category: Option<EuiccCategory>,
    #[asn1(tag = 25)]
    pub forbidden_profile_policy_rules: Option<PprIds>,
    pub pp_version: VersionType,
    /// Spelt with one `c` in the ASN.1.
    pub sas_acreditation_number: String,
    #[asn1(tag = 12)]
    pub certification_data_object: Option<CertificationDataObject>,
    #[asn1(tag = 13)]
    pub tre_properties: Option<TreProperties>,
    #[asn1(tag = 14)]
    pub tre_product_reference: Option<String>,
    #[asn1(tag = 15)]
    pub additional_euicc_profile_package_versions: Option<Vec<VersionType>>,
}

/// `EUICCInfo2.euiccCategory` (SGP.22 5.7.8).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "euiccCategory")]
pub enum EuiccCategory {
    #[asn1(value = 0)]
    Other,
    #[asn1(value = 1)]
    BasicEuicc,
    #[asn1(value = 2)]
    MediumEuicc,
    #[asn1(value = 3)]
    ContactlessEuicc,
    #[asn1(other)]
    Unknown(i64),
}

named_bits! {
    /// `EUICCInfo2.treProperties`: the tamper-resistant element hosting the eUICC
    /// (SGP.22 5.7.8).
    TreProperties {
        IS_DISCRETE = 0,
        IS_INTEGRATED = 1,
        /// Remote memory protected as described in SGP.21.
        USES_REMOTE_MEMORY = 2,
    }
}

named_bits! {
    /// RSP features of the eUICC (SGP.22 5.7.8).
    ///
    /// ```text
    /// RspCapability ::= BIT STRING { additionalProfile(0), crlSupport(1), rpmSupport(2),
    ///    testProfileSupport(3), deviceInfoExtensibilitySupport(4),
    ///    serviceSpecificDataSupport(5) }
    /// ```
    RspCapability {
        ADDITIONAL_PROFILE = 0,
        CRL_SUPPORT = 1,
        RPM_SUPPORT = 2,
        TEST_PROFILE_SUPPORT = 3,
        DEVICE_INFO_EXTENSIBILITY_SUPPORT = 4,
        SERVICE_SPECIFIC_DATA_SUPPORT = 5,
    }
}

/// GlobalPlatform DLOA references of the eUICC platform (SGP.22 5.7.8).
///
/// ```text
/// CertificationDataObject ::= SEQUENCE {
///    platformLabel UTF8String, discoveryBaseURL UTF8String }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct CertificationDataObject {
    pub platform_label: String,
    #[asn1(name = "discoveryBaseURL")]
    pub discovery_base_url: String,
}

named_bits! {
    /// Certificate formats of the eUICC (SGP.22 5.7.8; not referenced by other types of
    /// the v2.5 module).
    ///
    /// ```text
    /// CertificateInfo ::= BIT STRING { reserved(0), certSigningX509(1), rfu2(2), rfu3(3),
    ///    reserved2(4), certVerificationX509(5) }
    /// ```
    CertificateInfo {
        RESERVED = 0,
        CERT_SIGNING_X509 = 1,
        RFU2 = 2,
        RFU3 = 3,
        RESERVED2 = 4,
        CERT_VERIFICATION_X509 = 5,
    }
}
