//! Device information the LPA passes in ctxParams1 (SGP.22 4.2 and 5.7.13).

use super::common::{CatSupportedClasses, EuiccFormFactorType, Octet4, Octet8, VersionType};
use crate::der::Asn1;

/// The device hosting the eUICC: TAC, radio capabilities, IMEI (SGP.22 4.2).
///
/// ```text
/// DeviceInfo ::= SEQUENCE {
///    tac Octet4, deviceCapabilities DeviceCapabilities, imei Octet8 OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct DeviceInfo {
    pub tac: Octet4,
    pub device_capabilities: DeviceCapabilities,
    pub imei: Option<Octet8>,
}

/// Highest fully supported release per radio technology (SGP.22 4.2); every component
/// is OPTIONAL.
///
/// ```text
/// DeviceCapabilities ::= SEQUENCE {
///    gsmSupportedRelease VersionType OPTIONAL, utranSupportedRelease VersionType OPTIONAL,
///    cdma2000onexSupportedRelease VersionType OPTIONAL,
///    cdma2000hrpdSupportedRelease VersionType OPTIONAL,
///    cdma2000ehrpdSupportedRelease VersionType OPTIONAL,
///    eutranEpcSupportedRelease VersionType OPTIONAL,
///    contactlessSupportedRelease VersionType OPTIONAL,
///    rspCrlSupportedVersion VersionType OPTIONAL,
///    nrEpcSupportedRelease VersionType OPTIONAL, nr5gcSupportedRelease VersionType OPTIONAL,
///    eutran5gcSupportedRelease VersionType OPTIONAL, lpaSvn VersionType OPTIONAL,
///    catSupportedClasses CatSupportedClasses OPTIONAL,
///    euiccFormFactorType EuiccFormFactorType OPTIONAL,
///    deviceAdditionalFeatureSupport DeviceAdditionalFeatureSupport OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct DeviceCapabilities {
    pub gsm_supported_release: Option<VersionType>,
    pub utran_supported_release: Option<VersionType>,
    #[asn1(name = "cdma2000onexSupportedRelease")]
    pub cdma2000onex_supported_release: Option<VersionType>,
    #[asn1(name = "cdma2000hrpdSupportedRelease")]
    pub cdma2000hrpd_supported_release: Option<VersionType>,
    #[asn1(name = "cdma2000ehrpdSupportedRelease")]
    pub cdma2000ehrpd_supported_release: Option<VersionType>,
    pub eutran_epc_supported_release: Option<VersionType>,
    pub contactless_supported_release: Option<VersionType>,
    pub rsp_crl_supported_version: Option<VersionType>,
    pub nr_epc_supported_release: Option<VersionType>,
    #[asn1(name = "nr5gcSupportedRelease")]
    pub nr5gc_supported_release: Option<VersionType>,
    #[asn1(name = "eutran5gcSupportedRelease")]
    pub eutran5gc_supported_release: Option<VersionType>,
    pub lpa_svn: Option<VersionType>,
    pub cat_supported_classes: Option<CatSupportedClasses>,
    pub euicc_form_factor_type: Option<EuiccFormFactorType>,
    pub device_additional_feature_support: Option<DeviceAdditionalFeatureSupport>,
}

/// Additional device features (SGP.22 4.2).
///
/// ```text
/// DeviceAdditionalFeatureSupport ::= SEQUENCE { naiSupport VersionType OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct DeviceAdditionalFeatureSupport {
    pub nai_support: Option<VersionType>,
}
