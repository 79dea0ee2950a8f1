//! ESipa JSON bodies (SGP.32 v1.2 6.4.1.x; IPA ↔ eIM, `/gsma/rsp2/esipa/<function>`).
//!
//! Member names and encodings as osmo-ttcn3-hacks `esipa_Types_JSON.ttcn` has them (no other
//! public implementation of the JSON binding was found: onomondo-eim answers the JSON paths
//! with 501 and serves the ASN.1 binding only): DER as base64, `transactionId` and
//! `eimTransactionId` as hex, `eidValue` as the hex of its octets (= the 32 digits), `rPlmn`
//! as the hex of its 3 octets, NULL flags as booleans, INTEGER errors as numbers. A CHOICE at
//! the top of a message becomes one member named after the chosen alternative.
//!
//! ```text
//! initiateAuthentication  {header, euiccChallenge, euiccInfo1?, smdpAddress?, eimTransactionId?}
//!      -> {header, transactionId?, serverSigned1, serverSignature1,
//!          euiccCiPKIdentifierToBeUsed, serverCertificate, matchingId?, ctxParams1?}
//! authenticateClient      {header, transactionId, authenticateServerResponse}
//!      -> {header, transactionId?, profileMetadata?, smdpSigned2, smdpSignature2,
//!          smdpCertificate, hashCc?}
//! getBoundProfilePackage  {header, transactionId, prepareDownloadResponse}
//!      -> {header, transactionId?, boundProfilePackage}
//! getEimPackage           {header, eidValue, notifyStateChange?, stateChangeCause?, rPlmn?}
//!      -> {header, euiccPackageRequest | ipaEuiccDataRequest |
//!          profileDownloadTriggerRequest | eimPackageError}
//! provideEimPackageResult {header, eidValue?, eimPackageResult} -> {header, eimAcknowledgements?}
//! handleNotification      {header, pendingNotification | provideEimPackageResult} -> {header}
//! cancelSession           {header, transactionId, cancelSessionResponse} -> {header}
//! transferEimPackage (eIM -> IPA; UNVERIFIED, by analogy with getEimPackage)
//!      {header, euiccPackageRequest | ipaEuiccDataRequest | eimAcknowledgements |
//!       profileDownloadTriggerRequest}
//!      -> {header, euiccPackageResult | ePRAndNotifications | ipaEuiccDataResponse |
//!          eimPackageReceived | eimPackageError}
//! ```
//!
//! Not modelled: the `authenticateClientOkDSEsipa` alternative of AuthenticateClient (no
//! public JSON form found). The request header is optional on input for tolerance.

use serde::{Deserialize, Serialize};

use super::choice::json_choice;
use super::header::{RequestHeader, ResponseHeader};
use super::http::ESIPA_PATH_PREFIX;
use crate::ids::{Eid, Plmn, SmdpAddress, TransactionId};

/// The ESipa functions of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EsipaFunction {
    InitiateAuthentication,
    AuthenticateClient,
    GetBoundProfilePackage,
    TransferEimPackage,
    GetEimPackage,
    ProvideEimPackageResult,
    HandleNotification,
    CancelSession,
}

impl EsipaFunction {
    /// Every function.
    pub const ALL: [EsipaFunction; 8] = [
        EsipaFunction::InitiateAuthentication,
        EsipaFunction::AuthenticateClient,
        EsipaFunction::GetBoundProfilePackage,
        EsipaFunction::TransferEimPackage,
        EsipaFunction::GetEimPackage,
        EsipaFunction::ProvideEimPackageResult,
        EsipaFunction::HandleNotification,
        EsipaFunction::CancelSession,
    ];

    /// The function name as it appears in the path.
    pub fn name(self) -> &'static str {
        match self {
            EsipaFunction::InitiateAuthentication => "initiateAuthentication",
            EsipaFunction::AuthenticateClient => "authenticateClient",
            EsipaFunction::GetBoundProfilePackage => "getBoundProfilePackage",
            EsipaFunction::TransferEimPackage => "transferEimPackage",
            EsipaFunction::GetEimPackage => "getEimPackage",
            EsipaFunction::ProvideEimPackageResult => "provideEimPackageResult",
            EsipaFunction::HandleNotification => "handleNotification",
            EsipaFunction::CancelSession => "cancelSession",
        }
    }

    /// `/gsma/rsp2/esipa/<name>`.
    pub fn path(self) -> String {
        format!("{ESIPA_PATH_PREFIX}{}", self.name())
    }

    /// The function served at `path`, if any.
    pub fn from_path(path: &str) -> Option<EsipaFunction> {
        let name = path.strip_prefix(ESIPA_PATH_PREFIX)?;
        EsipaFunction::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// ESipa.InitiateAuthentication request body (SGP.32 6.4.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateAuthenticationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    #[serde(with = "super::base64")]
    pub euicc_challenge: Vec<u8>,
    /// `EUICCInfo1`, DER.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub euicc_info1: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smdp_address: Option<SmdpAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eim_transaction_id: Option<TransactionId>,
}

/// ESipa.InitiateAuthentication response body (SGP.32 6.4.1.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateAuthenticationResponse {
    pub header: ResponseHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<TransactionId>,
    #[serde(with = "super::base64")]
    pub server_signed1: Vec<u8>,
    #[serde(with = "super::base64")]
    pub server_signature1: Vec<u8>,
    /// Note the member name differs from ES9+'s `euiccCiPKIdToBeUsed`.
    #[serde(rename = "euiccCiPKIdentifierToBeUsed", with = "super::base64")]
    pub euicc_ci_pk_identifier_to_be_used: Vec<u8>,
    #[serde(with = "super::base64")]
    pub server_certificate: Vec<u8>,
    /// `UTF8String` in the ASN.1; text here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matching_id: Option<String>,
    /// `CtxParams1`, DER.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub ctx_params1: Option<Vec<u8>>,
}

/// ESipa.AuthenticateClient request body (SGP.32 6.4.1.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticateClientRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `AuthenticateServerResponse`, possibly compact, DER.
    #[serde(with = "super::base64")]
    pub authenticate_server_response: Vec<u8>,
}

/// ESipa.AuthenticateClient response body, `authenticateClientOkDPEsipa` (SGP.32 6.4.1.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticateClientResponse {
    pub header: ResponseHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<TransactionId>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub profile_metadata: Option<Vec<u8>>,
    #[serde(with = "super::base64")]
    pub smdp_signed2: Vec<u8>,
    #[serde(with = "super::base64")]
    pub smdp_signature2: Vec<u8>,
    #[serde(with = "super::base64")]
    pub smdp_certificate: Vec<u8>,
    /// `Octet32`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub hash_cc: Option<Vec<u8>>,
}

/// ESipa.GetBoundProfilePackage request body (SGP.32 6.4.1.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBoundProfilePackageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `PrepareDownloadResponse`, possibly compact, DER.
    #[serde(with = "super::base64")]
    pub prepare_download_response: Vec<u8>,
}

/// ESipa.GetBoundProfilePackage response body (SGP.32 6.4.1.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBoundProfilePackageResponse {
    pub header: ResponseHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<TransactionId>,
    #[serde(with = "super::base64")]
    pub bound_profile_package: Vec<u8>,
}

/// ESipa.GetEimPackage request body (SGP.32 6.4.1.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetEimPackageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub eid_value: Eid,
    /// `notifyStateChange NULL OPTIONAL` as a boolean: `true` means present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_state_change: Option<bool>,
    /// `StateChangeCause` number (otherEim 0 … deviceChange 6, undefined 127).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_change_cause: Option<i64>,
    /// `rPLMN`: hex of the TS 24.008 coding.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::plmn_hex::option"
    )]
    pub r_plmn: Option<Plmn>,
}

json_choice! {
    /// The alternative an ESipa.GetEimPackage response carries (SGP.32 6.4.1.5).
    pub enum EimPackage {
        /// `EuiccPackageRequest` (BF51), DER.
        EuiccPackageRequest(Vec<u8>) = "euiccPackageRequest" as bytes,
        /// `IpaEuiccDataRequest` (BF52), DER.
        IpaEuiccDataRequest(Vec<u8>) = "ipaEuiccDataRequest" as bytes,
        /// `ProfileDownloadTriggerRequest` (BF54), DER.
        ProfileDownloadTriggerRequest(Vec<u8>) = "profileDownloadTriggerRequest" as bytes,
        /// `eimPackageError` (noEimPackageAvailable 1, eidNotFound 2, invalidEid 3,
        /// missingEid 4, undefinedError 127).
        EimPackageError(i64) = "eimPackageError" as int,
    }
}

/// ESipa.GetEimPackage response body (SGP.32 6.4.1.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetEimPackageResponse {
    pub header: ResponseHeader,
    #[serde(flatten)]
    pub package: EimPackage,
}

/// ESipa.ProvideEimPackageResult request body (SGP.32 6.4.1.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvideEimPackageResultRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eid_value: Option<Eid>,
    /// `EimPackageResult` (a CHOICE), DER.
    #[serde(with = "super::base64")]
    pub eim_package_result: Vec<u8>,
}

/// ESipa.ProvideEimPackageResult response body (SGP.32 6.4.1.6); without
/// `eimAcknowledgements` it is the `emptyResponse` alternative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvideEimPackageResultResponse {
    pub header: ResponseHeader,
    /// `EimAcknowledgements` (BF53), DER.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::base64::option"
    )]
    pub eim_acknowledgements: Option<Vec<u8>>,
}

json_choice! {
    /// What an ESipa.HandleNotification request carries (SGP.32 6.4.1.7).
    pub enum EsipaNotification {
        /// `PendingNotification`, possibly compact, DER.
        PendingNotification(Vec<u8>) = "pendingNotification" as bytes,
        /// `ProvideEimPackageResult` (BF50), DER.
        ProvideEimPackageResult(Vec<u8>) = "provideEimPackageResult" as bytes,
    }
}

/// ESipa.HandleNotification request body (SGP.32 6.4.1.7); the answer is a header only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandleNotificationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    #[serde(flatten)]
    pub notification: EsipaNotification,
}

/// ESipa.CancelSession request body (SGP.32 6.4.1.8); the answer is a header only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelSessionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `CancelSessionResponse`, possibly compact, DER.
    #[serde(with = "super::base64")]
    pub cancel_session_response: Vec<u8>,
}

json_choice! {
    /// What an eIM pushes with ESipa.TransferEimPackage (SGP.32 6.4.1.4,
    /// `TransferEimPackageRequest` alternatives). **Unverified JSON form.**
    pub enum TransferredPackage {
        /// `EuiccPackageRequest` (BF51), DER.
        EuiccPackageRequest(Vec<u8>) = "euiccPackageRequest" as bytes,
        /// `IpaEuiccDataRequest` (BF52), DER.
        IpaEuiccDataRequest(Vec<u8>) = "ipaEuiccDataRequest" as bytes,
        /// `EimAcknowledgements` (BF53), DER.
        EimAcknowledgements(Vec<u8>) = "eimAcknowledgements" as bytes,
        /// `ProfileDownloadTriggerRequest` (BF54), DER.
        ProfileDownloadTriggerRequest(Vec<u8>) = "profileDownloadTriggerRequest" as bytes,
    }
}

/// ESipa.TransferEimPackage request body, eIM → IPA (SGP.32 6.4.1.4). **Unverified JSON
/// form**: one member per `TransferEimPackageRequest` alternative, as GetEimPackage does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferEimPackageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    #[serde(flatten)]
    pub package: TransferredPackage,
}

json_choice! {
    /// What the IPA answers to ESipa.TransferEimPackage (`TransferEimPackageResponse`
    /// alternatives). **Unverified JSON form.**
    pub enum TransferResult {
        /// `EuiccPackageResult` (BF51), DER.
        EuiccPackageResult(Vec<u8>) = "euiccPackageResult" as bytes,
        /// The `ePRAndNotifications` SEQUENCE, DER.
        EprAndNotifications(Vec<u8>) = "ePRAndNotifications" as bytes,
        /// `IpaEuiccDataResponse` (BF52), DER.
        IpaEuiccDataResponse(Vec<u8>) = "ipaEuiccDataResponse" as bytes,
        /// `eimPackageReceived NULL` (as `true`).
        EimPackageReceived = "eimPackageReceived" as flag,
        /// `eimPackageError` (invalidPackageFormat 1, unknownPackage 2, undefinedError 127).
        EimPackageError(i64) = "eimPackageError" as int,
    }
}

/// ESipa.TransferEimPackage response body, IPA → eIM (SGP.32 6.4.1.4). **Unverified JSON
/// form.**
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferEimPackageResponse {
    pub header: ResponseHeader,
    #[serde(flatten)]
    pub result: TransferResult,
}
