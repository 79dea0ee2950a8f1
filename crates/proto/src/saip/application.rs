//! Java Card load files and application instances (TCA eUICC Profile Package v3.3.1,
//! `PE-Application`, 8.7; GlobalPlatform Card Specification for the coding of the
//! parameters).

use super::header::PEHeader;
use crate::der::Asn1;

/// ```text
/// PE-Application ::= SEQUENCE {
///     app-Header PEHeader,
///     loadBlock ApplicationLoadPackage OPTIONAL,
///     instanceList SEQUENCE (SIZE (1..MAX)) OF ApplicationInstance OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-Application")]
pub struct PEApplication {
    #[asn1(name = "app-Header")]
    pub header: PEHeader,
    pub load_block: Option<ApplicationLoadPackage>,
    pub instance_list: Option<Vec<ApplicationInstance>>,
}

/// An executable load file with its load parameters.
///
/// ```text
/// ApplicationLoadPackage ::= SEQUENCE {
///     loadPackageAID [APPLICATION 15] ApplicationIdentifier,
///     securityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
///     nonVolatileCodeLimitC6 [PRIVATE 6] OCTET STRING OPTIONAL,
///     volatileDataLimitC7 [PRIVATE 7] OCTET STRING OPTIONAL,
///     nonVolatileDataLimitC8 [PRIVATE 8] OCTET STRING OPTIONAL,
///     hashValue [PRIVATE 1] OCTET STRING OPTIONAL,
///     loadBlockObject [PRIVATE 4] OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "ApplicationLoadPackage")]
pub struct ApplicationLoadPackage {
    #[asn1(tag = "application 15", name = "loadPackageAID")]
    pub load_package_aid: Vec<u8>,
    #[asn1(tag = "application 15", name = "securityDomainAID")]
    pub security_domain_aid: Option<Vec<u8>>,
    #[asn1(tag = "private 6", name = "nonVolatileCodeLimitC6")]
    pub non_volatile_code_limit_c6: Option<Vec<u8>>,
    #[asn1(tag = "private 7", name = "volatileDataLimitC7")]
    pub volatile_data_limit_c7: Option<Vec<u8>>,
    #[asn1(tag = "private 8", name = "nonVolatileDataLimitC8")]
    pub non_volatile_data_limit_c8: Option<Vec<u8>>,
    #[asn1(tag = "private 1")]
    pub hash_value: Option<Vec<u8>>,
    #[asn1(tag = "private 4")]
    pub load_block_object: Vec<u8>,
}

/// An application instance to install (also the instance of a security domain).
///
/// ```text
/// ApplicationInstance ::= SEQUENCE {
///     applicationLoadPackageAID [APPLICATION 15] ApplicationIdentifier,
///     classAID [APPLICATION 15] ApplicationIdentifier,
///     instanceAID [APPLICATION 15] ApplicationIdentifier,
///     extraditeSecurityDomainAID [APPLICATION 15] ApplicationIdentifier OPTIONAL,
///     applicationPrivileges [2] OCTET STRING,
///     lifeCycleState [3] OCTET STRING (SIZE(1)) DEFAULT '07'H,
///     applicationSpecificParametersC9 [PRIVATE 9] OCTET STRING,
///     systemSpecificParameters [PRIVATE 15] ApplicationSystemParameters OPTIONAL,
///     applicationParameters [PRIVATE 10] UICCApplicationParameters OPTIONAL,
///     processData SEQUENCE (SIZE (1..MAX)) OF OCTET STRING OPTIONAL,
///     controlReferenceTemplate [16] ControlReferenceTemplate OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "ApplicationInstance")]
pub struct ApplicationInstance {
    #[asn1(tag = "application 15", name = "applicationLoadPackageAID")]
    pub application_load_package_aid: Vec<u8>,
    #[asn1(tag = "application 15", name = "classAID")]
    pub class_aid: Vec<u8>,
    #[asn1(tag = "application 15", name = "instanceAID")]
    pub instance_aid: Vec<u8>,
    #[asn1(tag = "application 15", name = "extraditeSecurityDomainAID")]
    pub extradite_security_domain_aid: Option<Vec<u8>>,
    #[asn1(tag = 2)]
    pub application_privileges: Vec<u8>,
    /// DEFAULT '07'H (GlobalPlatform SELECTABLE).
    #[asn1(tag = 3)]
    pub life_cycle_state: Option<[u8; 1]>,
    #[asn1(tag = "private 9", name = "applicationSpecificParametersC9")]
    pub application_specific_parameters_c9: Vec<u8>,
    #[asn1(tag = "private 15")]
    pub system_specific_parameters: Option<ApplicationSystemParameters>,
    #[asn1(tag = "private 10")]
    pub application_parameters: Option<UICCApplicationParameters>,
    pub process_data: Option<Vec<Vec<u8>>>,
    #[asn1(tag = 16)]
    pub control_reference_template: Option<ControlReferenceTemplate>,
}

/// System parameters of an install command (GlobalPlatform tag `EF` contents).
///
/// ```text
/// ApplicationSystemParameters ::= SEQUENCE {
///     volatileMemoryQuotaC7 [PRIVATE 7] OCTET STRING (SIZE (2..4)) OPTIONAL,
///     nonVolatileMemoryQuotaC8 [PRIVATE 8] OCTET STRING (SIZE (2..4)) OPTIONAL,
///     globalServiceParameters [PRIVATE 11] OCTET STRING OPTIONAL,
///     implicitSelectionParameter [PRIVATE 15] OCTET STRING OPTIONAL,
///     volatileReservedMemory [PRIVATE 23] OCTET STRING (SIZE (2..4)) OPTIONAL,
///     nonVolatileReservedMemory [PRIVATE 24] OCTET STRING (SIZE (2..4)) OPTIONAL,
///     ts102226SIMFileAccessToolkitParameter [PRIVATE 10] OCTET STRING OPTIONAL,
///     ts102226AdditionalContactlessParameters [0] TS102226AdditionalContactlessParameters OPTIONAL,
///     contactlessProtocolParameters [PRIVATE 25] OCTET STRING OPTIONAL,
///     userInteractionContactlessParameters [PRIVATE 26] OCTET STRING OPTIONAL,
///     cumulativeGrantedVolatileMemory [2] OCTET STRING (SIZE (2..4)) OPTIONAL,
///     cumulativeGrantedNonVolatileMemory [3] OCTET STRING (SIZE (2..4)) OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "ApplicationSystemParameters")]
pub struct ApplicationSystemParameters {
    #[asn1(tag = "private 7", name = "volatileMemoryQuotaC7")]
    pub volatile_memory_quota_c7: Option<Vec<u8>>,
    #[asn1(tag = "private 8", name = "nonVolatileMemoryQuotaC8")]
    pub non_volatile_memory_quota_c8: Option<Vec<u8>>,
    #[asn1(tag = "private 11")]
    pub global_service_parameters: Option<Vec<u8>>,
    #[asn1(tag = "private 15")]
    pub implicit_selection_parameter: Option<Vec<u8>>,
    #[asn1(tag = "private 23")]
    pub volatile_reserved_memory: Option<Vec<u8>>,
    #[asn1(tag = "private 24")]
    pub non_volatile_reserved_memory: Option<Vec<u8>>,
    #[asn1(tag = "private 10", name = "ts102226SIMFileAccessToolkitParameter")]
    pub ts102226_sim_file_access_toolkit_parameter: Option<Vec<u8>>,
    #[asn1(tag = 0, name = "ts102226AdditionalContactlessParameters")]
    pub ts102226_additional_contactless_parameters: Option<TS102226AdditionalContactlessParameters>,
    #[asn1(tag = "private 25")]
    pub contactless_protocol_parameters: Option<Vec<u8>>,
    #[asn1(tag = "private 26")]
    pub user_interaction_contactless_parameters: Option<Vec<u8>>,
    #[asn1(tag = 2)]
    pub cumulative_granted_volatile_memory: Option<Vec<u8>>,
    #[asn1(tag = 3)]
    pub cumulative_granted_non_volatile_memory: Option<Vec<u8>>,
}

/// UICC parameters of an install command (ETSI TS 102 226 8.2.1.3.2).
///
/// ```text
/// UICCApplicationParameters ::= SEQUENCE {
///     uiccToolkitApplicationSpecificParametersField [0] OCTET STRING OPTIONAL,
///     uiccAccessApplicationSpecificParametersField [1] OCTET STRING OPTIONAL,
///     uiccAdministrativeAccessApplicationSpecificParametersField [2] OCTET STRING OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "UICCApplicationParameters")]
pub struct UICCApplicationParameters {
    #[asn1(tag = 0)]
    pub uicc_toolkit_application_specific_parameters_field: Option<Vec<u8>>,
    #[asn1(tag = 1)]
    pub uicc_access_application_specific_parameters_field: Option<Vec<u8>>,
    #[asn1(tag = 2)]
    pub uicc_administrative_access_application_specific_parameters_field: Option<Vec<u8>>,
}

/// ```text
/// TS102226AdditionalContactlessParameters ::= SEQUENCE {
///     protocolParameterData OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(
    automatic,
    extensible,
    name = "TS102226AdditionalContactlessParameters"
)]
pub struct TS102226AdditionalContactlessParameters {
    pub protocol_parameter_data: Vec<u8>,
}

/// ```text
/// ControlReferenceTemplate ::= SEQUENCE {
///     applicationProviderIdentifier [APPLICATION 32] OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "ControlReferenceTemplate")]
pub struct ControlReferenceTemplate {
    #[asn1(tag = "application 32")]
    pub application_provider_identifier: Vec<u8>,
}
