//! IoT ES10b functions about eIMs and eUICC certificates: AddInitialEim,
//! GetEimConfigurationData and GetCerts (SGP.32 v1.2 5.9.4, 5.9.18, 5.9.10).

use super::eim_config::EimConfigurationData;
use crate::der::{Asn1, Null};
use crate::sgp22::{Certificate, SubjectKeyIdentifier};

/// ES10b.AddInitialEim request (SGP.32 v1.2 5.9.4): the first eIM(s), added at
/// manufacturing or before any eIM is associated.
///
/// ```text
/// AddInitialEimRequest ::= [87] SEQUENCE { -- Tag 'BF57'
///    eimConfigurationDataList [0] SEQUENCE OF EimConfigurationData }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 87, extensible)]
pub struct AddInitialEimRequest {
    #[asn1(tag = 0)]
    pub eim_configuration_data_list: Vec<EimConfigurationData>,
}

/// ES10b.AddInitialEim response (SGP.32 v1.2 5.9.4): per eIM an association token (when
/// the eUICC generated one) or `addOk`, in the order of the request.
///
/// ```text
/// AddInitialEimResponse ::= [87] CHOICE { -- Tag 'BF57'
///    addInitialEimOk SEQUENCE OF CHOICE { associationToken [4] INTEGER, addOk NULL },
///    addInitialEimError INTEGER { insufficientMemory(1), associatedEimAlreadyExists(2),
///       ciPKUnknown(3), invalidAssociationToken(5), counterValueOutOfRange(6),
///       commandError(7), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 87, automatic)]
pub enum AddInitialEimResponse {
    AddInitialEimOk(Vec<AddInitialEimOkItem>),
    AddInitialEimError(AddInitialEimError),
}

/// One element of `AddInitialEimResponse.addInitialEimOk` (SGP.32 v1.2 5.9.4).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "addInitialEimOk.item")]
pub enum AddInitialEimOkItem {
    #[asn1(tag = 4)]
    AssociationToken(i64),
    AddOk(Null),
}

/// `AddInitialEimResponse.addInitialEimError` (SGP.32 v1.2 5.9.4).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "addInitialEimError")]
pub enum AddInitialEimError {
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 2)]
    AssociatedEimAlreadyExists,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 3)]
    CiPkUnknown,
    #[asn1(value = 5)]
    InvalidAssociationToken,
    #[asn1(value = 6)]
    CounterValueOutOfRange,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.GetEimConfigurationData request (SGP.32 v1.2 5.9.18). Automatic tagging gives
/// the untagged CHOICE `[0]`, which wraps it: `BF55 A0 80 ..`.
///
/// ```text
/// GetEimConfigurationDataRequest ::= [85] SEQUENCE { -- Tag 'BF55'
///    searchCriteria CHOICE { eimId [0] UTF8String (SIZE(1..128)) } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 85, automatic, extensible)]
pub struct GetEimConfigurationDataRequest {
    pub search_criteria: Option<EimSearchCriteria>,
}

/// `GetEimConfigurationDataRequest.searchCriteria` (SGP.32 v1.2 5.9.18).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteria")]
pub enum EimSearchCriteria {
    #[asn1(tag = 0)]
    EimId(String),
}

/// ES10b.GetEimConfigurationData response (SGP.32 v1.2 5.9.18).
///
/// ```text
/// GetEimConfigurationDataResponse ::= [85] SEQUENCE { -- Tag 'BF55'
///    eimConfigurationDataList [0] SEQUENCE OF EimConfigurationData }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 85, extensible)]
pub struct GetEimConfigurationDataResponse {
    #[asn1(tag = 0)]
    pub eim_configuration_data_list: Vec<EimConfigurationData>,
}

/// ES10b.GetCerts request (SGP.32 v1.2 5.9.10).
///
/// ```text
/// GetCertsRequest ::= [86] SEQUENCE { -- Tag 'BF56'
///    euiccCiPKId SubjectKeyIdentifier OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 86, automatic, extensible)]
pub struct GetCertsRequest {
    #[asn1(name = "euiccCiPKId")]
    pub euicc_ci_pkid: Option<SubjectKeyIdentifier>,
}

/// ES10b.GetCerts response (SGP.32 v1.2 5.9.10).
///
/// ```text
/// GetCertsResponse ::= [86] CHOICE { -- Tag 'BF56'
///    certs SEQUENCE { eumCertificate [5] Certificate, euiccCertificate [6] Certificate },
///    getCertsError INTEGER {invalidCiPKId(1), undfinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 86, automatic)]
pub enum GetCertsResponse {
    Certs(EuiccCerts),
    GetCertsError(GetCertsError),
}

/// `GetCertsResponse.certs` (SGP.32 v1.2 5.9.10): `A5` and `A6` as in IpaEuiccData.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "certs")]
pub struct EuiccCerts {
    #[asn1(tag = 5)]
    pub eum_certificate: Certificate,
    #[asn1(tag = 6)]
    pub euicc_certificate: Certificate,
}

/// `GetCertsResponse.getCertsError` (SGP.32 v1.2 5.9.10).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "getCertsError")]
pub enum GetCertsError {
    #[asn1(name = "invalidCiPKId")]
    #[asn1(value = 1)]
    InvalidCiPkId,
    /// Spelt `undfinedError` in the module.
    #[asn1(name = "undfinedError")]
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
