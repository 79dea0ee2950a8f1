//! GSMA SGP.32 **v1.3** `SGP32Definitions`: what v1.3 adds to v1.2. Registry module name
//! `SGP32Definitions-v1.3`.
//!
//! No text of v1.3 is in `../shared/reference`; the additions below are those two
//! independent readings of the v1.3 module agree on (an ASN.1 compilation of the module,
//! which prints each definition, and an eIM whose codec inventories its 129 types), each
//! checked here against X.680. Every addition is an OPTIONAL component, a CHOICE
//! alternative or a type of its own, so v1.2 reads v1.3's octets of the other types
//! unchanged and (EXTENSIBILITY IMPLIED) skips what v1.3 added:
//!
//! - `TransferEimPackageResponse` gains `eimPackageReceivedWithCid [96]` (`BF60`) and
//!   `eimPackageErrorWithCid [97]` (`BF61`): the IPA's answer to a pushed package, naming
//!   the package by its eimTransactionId, else by the EID. They are alternatives of the
//!   model's [`TransferEimPackageResponse`](crate::sgp32::TransferEimPackageResponse).
//! - `EuiccPackageErrorUnsigned` gains `euiccPackageUnsignedErrorCode [15]
//!   EuiccPackageUnsignedErrorCode OPTIONAL` ({sizeOverflow(15), undefinedError(127)}): why
//!   a package the eUICC could not sign an answer for was refused. A component of the
//!   model's [`EuiccPackageErrorUnsigned`].
//! - `UpdateMetadataRequest` (`BF2A`): SGP.22's, with `fallbackAllowed [103]`.
//!
//! Tagging (X.680 25.3): the two `...WithCid` SEQUENCEs have no textually tagged
//! component (the tags inside `correlationId` belong to the CHOICE's alternatives), so
//! automatic tagging applies: `correlationId` is `[0]`, explicit because it is an untagged
//! CHOICE (X.680 31.2.7 c), and `eimPackageError` is `[1]` (`81`).

use crate::asn1_type::{Module, TypeEntry, entry};
use crate::der::Asn1;
use crate::sgp22::{IconType, Octet16, PprIds, TransactionId, VendorSpecificExtension};
use crate::sgp32::{
    EimPackageResultErrorCode, EuiccPackageErrorUnsigned, EuiccPackageUnsignedErrorCode,
};

/// Which package an IPA's answer is about (SGP.32 v1.3 6.3.2.x, `correlationId`).
///
/// ```text
/// correlationId CHOICE {
///    eimTransactionId [0] TransactionId, -- if received in the EimPackage
///    eidValue [APPLICATION 26] Octet16 -- otherwise }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "correlationId")]
pub enum CorrelationId {
    #[asn1(tag = 0)]
    EimTransactionId(TransactionId),
    #[asn1(tag = "application 26")]
    EidValue(Octet16),
}

/// The IPA received a pushed eIM Package; the result follows (SGP.32 v1.3).
///
/// ```text
/// EimPackageReceivedWithCid ::= SEQUENCE { correlationId CHOICE { ... } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct EimPackageReceivedWithCid {
    pub correlation_id: Option<CorrelationId>,
}

/// The IPA could not process a pushed eIM Package (SGP.32 v1.3).
///
/// ```text
/// EimPackageErrorWithCid ::= SEQUENCE { correlationId CHOICE { ... } OPTIONAL,
///    eimPackageError EimPackageResultErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct EimPackageErrorWithCid {
    pub correlation_id: Option<CorrelationId>,
    pub eim_package_error: EimPackageResultErrorCode,
}

/// SGP.32's UpdateMetadata request: SGP.22's with the Profile Owner's `fallbackAllowed`
/// (SGP.32 v1.3).
///
/// ```text
/// UpdateMetadataRequest ::= [42] SEQUENCE { -- Tag 'BF2A'
///    serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL,
///    profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, iconType [19] IconType OPTIONAL,
///    icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
///    profilePolicyRules [25] PprIds OPTIONAL,
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL,
///    fallbackAllowed [103] BOOLEAN OPTIONAL -- Tag '9F67' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 42, extensible, name = "UpdateMetadataRequest")]
pub struct SGP32UpdateMetadataRequest {
    #[asn1(tag = 17)]
    pub service_provider_name: Option<String>,
    #[asn1(tag = 18)]
    pub profile_name: Option<String>,
    #[asn1(tag = 19)]
    pub icon_type: Option<IconType>,
    #[asn1(tag = 20)]
    pub icon: Option<Vec<u8>>,
    #[asn1(tag = 25)]
    pub profile_policy_rules: Option<PprIds>,
    #[asn1(tag = 34)]
    pub service_specific_data_stored_in_euicc: Option<VendorSpecificExtension>,
    #[asn1(tag = 103)]
    pub fallback_allowed: Option<bool>,
}

const fn t<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32V1_3, false)
}

const fn m<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32V1_3, true)
}

/// The types v1.3 adds or changes, under their v1.3 names.
pub const TYPES: &[TypeEntry] = &[
    t::<EimPackageReceivedWithCid>(),
    t::<EimPackageErrorWithCid>(),
    t::<EuiccPackageUnsignedErrorCode>(),
    t::<EuiccPackageErrorUnsigned>(),
    m::<SGP32UpdateMetadataRequest>(),
];
