//! The ESipa ASN.1 binding: every message from the IPA to the eIM and back is one
//! alternative of two CHOICEs, each keeping its own tag (SGP.32 v1.2 6.3.2).

use super::esipa_auth::{
    AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa,
    InitiateAuthenticationRequestEsipa, InitiateAuthenticationResponseEsipa,
};
use super::esipa_download::{
    CancelSessionRequestEsipa, CancelSessionResponseEsipa, GetBoundProfilePackageRequestEsipa,
    GetBoundProfilePackageResponseEsipa, HandleNotificationEsipa,
};
use super::esipa_eim_package::{
    GetEimPackageRequest, GetEimPackageResponse, ProvideEimPackageResult,
    ProvideEimPackageResultResponse, TransferEimPackageRequest, TransferEimPackageResponse,
};
use crate::der::{Asn1, RawTlv};

/// A message from the IPA to the eIM (SGP.32 v1.2 6.3.2). Messages of later versions
/// decode as `Unknown` with their octets kept.
///
/// ```text
/// EsipaMessageFromIpaToEim ::= CHOICE {
///    initiateAuthenticationRequestEsipa [57] InitiateAuthenticationRequestEsipa, -- 'BF39'
///    authenticateClientRequestEsipa [59] AuthenticateClientRequestEsipa, -- 'BF3B'
///    getBoundProfilePackageRequestEsipa [58] GetBoundProfilePackageRequestEsipa, -- 'BF3A'
///    cancelSessionRequestEsipa [65] CancelSessionRequestEsipa, -- 'BF41'
///    handleNotificationEsipa [61] HandleNotificationEsipa, -- 'BF3D'
///    transferEimPackageResponse [78] TransferEimPackageResponse, -- 'BF4E'
///    getEimPackageRequest [79] GetEimPackageRequest, -- 'BF4F'
///    provideEimPackageResult [80] ProvideEimPackageResult -- 'BF50' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum EsipaMessageFromIpaToEim {
    #[asn1(tag = 57)]
    InitiateAuthenticationRequestEsipa(InitiateAuthenticationRequestEsipa),
    #[asn1(tag = 59)]
    AuthenticateClientRequestEsipa(AuthenticateClientRequestEsipa),
    #[asn1(tag = 58)]
    GetBoundProfilePackageRequestEsipa(GetBoundProfilePackageRequestEsipa),
    #[asn1(tag = 65)]
    CancelSessionRequestEsipa(CancelSessionRequestEsipa),
    #[asn1(tag = 61)]
    HandleNotificationEsipa(HandleNotificationEsipa),
    #[asn1(tag = 78)]
    TransferEimPackageResponse(TransferEimPackageResponse),
    #[asn1(tag = 79)]
    GetEimPackageRequest(GetEimPackageRequest),
    #[asn1(tag = 80)]
    ProvideEimPackageResult(ProvideEimPackageResult),
    /// A message of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// A message from the eIM to the IPA (SGP.32 v1.2 6.3.2). Messages of later versions
/// decode as `Unknown` with their octets kept.
///
/// ```text
/// EsipaMessageFromEimToIpa ::= CHOICE {
///    initiateAuthenticationResponseEsipa [57] InitiateAuthenticationResponseEsipa,
///    authenticateClientResponseEsipa [59] AuthenticateClientResponseEsipa,
///    getBoundProfilePackageResponseEsipa [58] GetBoundProfilePackageResponseEsipa,
///    cancelSessionResponseEsipa [65] CancelSessionResponseEsipa,
///    transferEimPackageRequest [78] TransferEimPackageRequest, -- 'BF4E'
///    getEimPackageResponse [79] GetEimPackageResponse, -- 'BF4F'
///    provideEimPackageResultResponse [80] ProvideEimPackageResultResponse -- 'BF50' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum EsipaMessageFromEimToIpa {
    #[asn1(tag = 57)]
    InitiateAuthenticationResponseEsipa(InitiateAuthenticationResponseEsipa),
    #[asn1(tag = 59)]
    AuthenticateClientResponseEsipa(AuthenticateClientResponseEsipa),
    #[asn1(tag = 58)]
    GetBoundProfilePackageResponseEsipa(GetBoundProfilePackageResponseEsipa),
    #[asn1(tag = 65)]
    CancelSessionResponseEsipa(CancelSessionResponseEsipa),
    #[asn1(tag = 78)]
    TransferEimPackageRequest(TransferEimPackageRequest),
    #[asn1(tag = 79)]
    GetEimPackageResponse(GetEimPackageResponse),
    #[asn1(tag = 80)]
    ProvideEimPackageResultResponse(ProvideEimPackageResultResponse),
    /// A message of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}
