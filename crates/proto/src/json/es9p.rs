//! ES9+ JSON bodies (SGP.22 6.5.2.6–6.5.2.10; LPA ↔ SM-DP+, `/gsma/rsp2/es9plus/<function>`).
//!
//! DER objects travel as base64 (`Vec<u8>` here: the typed ASN.1 lives in `sgp22`), the
//! TransactionID as hex. Member names as pySim `es9p.py` and osmo-ttcn3-hacks
//! `es9p_Types_JSON.ttcn` spell them. Unknown members are ignored. The request header is
//! optional on ES9+ (LPAs such as lpac send none; pySim and the TTCN-3 suite send one).
//!
//! ```text
//! initiateAuthentication  {euiccChallenge, euiccInfo1, smdpAddress}
//!                      -> {header, transactionId, serverSigned1, serverSignature1,
//!                          euiccCiPKIdToBeUsed, serverCertificate}
//! authenticateClient      {transactionId, authenticateServerResponse}
//!                      -> {header, transactionId, profileMetadata, smdpSigned2,
//!                          smdpSignature2, smdpCertificate}
//! getBoundProfilePackage  {transactionId, prepareDownloadResponse}
//!                      -> {header, transactionId, boundProfilePackage}
//! handleNotification      {pendingNotification}                -> 204, no body
//! cancelSession           {transactionId, cancelSessionResponse} -> {header}
//! ```

use serde::{Deserialize, Serialize};

use super::header::{RequestHeader, ResponseHeader};
use super::http::ES9PLUS_PATH_PREFIX;
use crate::ids::{SmdpAddress, TransactionId, TransactionIdError};

/// The ES9+ functions of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Es9Function {
    InitiateAuthentication,
    AuthenticateClient,
    GetBoundProfilePackage,
    HandleNotification,
    CancelSession,
}

impl Es9Function {
    /// Every function.
    pub const ALL: [Es9Function; 5] = [
        Es9Function::InitiateAuthentication,
        Es9Function::AuthenticateClient,
        Es9Function::GetBoundProfilePackage,
        Es9Function::HandleNotification,
        Es9Function::CancelSession,
    ];

    /// The function name as it appears in the path.
    pub fn name(self) -> &'static str {
        match self {
            Es9Function::InitiateAuthentication => "initiateAuthentication",
            Es9Function::AuthenticateClient => "authenticateClient",
            Es9Function::GetBoundProfilePackage => "getBoundProfilePackage",
            Es9Function::HandleNotification => "handleNotification",
            Es9Function::CancelSession => "cancelSession",
        }
    }

    /// `/gsma/rsp2/es9plus/<name>`.
    pub fn path(self) -> String {
        format!("{ES9PLUS_PATH_PREFIX}{}", self.name())
    }

    /// The function served at `path`, if any.
    pub fn from_path(path: &str) -> Option<Es9Function> {
        let name = path.strip_prefix(ES9PLUS_PATH_PREFIX)?;
        Es9Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// ES9+.InitiateAuthentication request body (SGP.22 5.6.1, 6.5.2.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateAuthenticationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    /// The eUICC's 16-octet challenge.
    #[serde(with = "super::base64")]
    pub euicc_challenge: Vec<u8>,
    /// `EUICCInfo1` (BF20), DER.
    #[serde(with = "super::base64")]
    pub euicc_info1: Vec<u8>,
    pub smdp_address: SmdpAddress,
}

/// ES9+.InitiateAuthentication response body (SGP.22 5.6.1, 6.5.2.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateAuthenticationResponse {
    pub header: ResponseHeader,
    pub transaction_id: TransactionId,
    /// `ServerSigned1`, DER.
    #[serde(with = "super::base64")]
    pub server_signed1: Vec<u8>,
    /// The whole `5F37` TLV (tag, length, r‖s), as osmo-smdpp sends it.
    #[serde(with = "super::base64")]
    pub server_signature1: Vec<u8>,
    /// `SubjectKeyIdentifier` as DER (`04 14` + 20 octets), as observed in the field.
    #[serde(rename = "euiccCiPKIdToBeUsed", with = "super::base64")]
    pub euicc_ci_pkid_to_be_used: Vec<u8>,
    /// CERT.DPauth.ECDSA, DER.
    #[serde(with = "super::base64")]
    pub server_certificate: Vec<u8>,
}

impl InitiateAuthenticationRequest {
    /// euiccChallenge as the 16 octets it must be, or what is wrong with it.
    pub fn challenge(&self) -> Result<[u8; 16], String> {
        self.euicc_challenge.as_slice().try_into().map_err(|_| {
            format!(
                "euiccChallenge has {} octets, 16 expected",
                self.euicc_challenge.len()
            )
        })
    }
}

impl InitiateAuthenticationResponse {
    /// The JSON form of a successful InitiateAuthentication (ES9+ or ES11): the signature as
    /// its `5F37` TLV and euiccCiPKIdToBeUsed as an OCTET STRING TLV, as LPAs expect them.
    pub fn success(
        ok: &crate::sgp22::InitiateAuthenticationOkEs9,
    ) -> Result<InitiateAuthenticationResponse, TransactionIdError> {
        let mut pkid = Vec::new();
        crate::der::write_tlv(
            crate::der::Tag::OCTET_STRING,
            &ok.euicc_ci_pkid_to_be_used,
            &mut pkid,
        );
        Ok(InitiateAuthenticationResponse {
            header: ResponseHeader::success(),
            transaction_id: TransactionId::new(&ok.transaction_id)?,
            server_signed1: ok.server_signed1.raw().to_vec(),
            server_signature1: crate::crypto::signature_tlv(&ok.server_signature1),
            euicc_ci_pkid_to_be_used: pkid,
            server_certificate: ok.server_certificate.as_bytes().to_vec(),
        })
    }
}

/// ES9+.AuthenticateClient request body (SGP.22 5.6.3, 6.5.2.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticateClientRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `AuthenticateServerResponse` (BF38), DER.
    #[serde(with = "super::base64")]
    pub authenticate_server_response: Vec<u8>,
}

/// ES9+.AuthenticateClient response body (SGP.22 5.6.3, 6.5.2.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticateClientResponse {
    pub header: ResponseHeader,
    pub transaction_id: TransactionId,
    /// `StoreMetadataRequest` (BF25), DER.
    #[serde(with = "super::base64")]
    pub profile_metadata: Vec<u8>,
    /// `SmdpSigned2`, DER.
    #[serde(with = "super::base64")]
    pub smdp_signed2: Vec<u8>,
    /// The whole `5F37` TLV.
    #[serde(with = "super::base64")]
    pub smdp_signature2: Vec<u8>,
    /// CERT.DPpb.ECDSA, DER.
    #[serde(with = "super::base64")]
    pub smdp_certificate: Vec<u8>,
}

/// ES9+.GetBoundProfilePackage request body (SGP.22 5.6.2, 6.5.2.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBoundProfilePackageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `PrepareDownloadResponse` (BF21), DER.
    #[serde(with = "super::base64")]
    pub prepare_download_response: Vec<u8>,
}

/// ES9+.GetBoundProfilePackage response body (SGP.22 5.6.2, 6.5.2.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetBoundProfilePackageResponse {
    pub header: ResponseHeader,
    pub transaction_id: TransactionId,
    /// `BoundProfilePackage` (BF36), DER.
    #[serde(with = "super::base64")]
    pub bound_profile_package: Vec<u8>,
}

/// ES9+.HandleNotification request body (SGP.22 5.6.4, 6.5.2.9). The answer is HTTP 204
/// with an empty body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandleNotificationRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    /// `PendingNotification` (BF37 or `30` OtherSignedNotification), DER.
    #[serde(with = "super::base64")]
    pub pending_notification: Vec<u8>,
}

/// ES9+.CancelSession request body (SGP.22 5.6.5, 6.5.2.10). The answer is a header only
/// ([`super::EmptyResponse`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelSessionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<RequestHeader>,
    pub transaction_id: TransactionId,
    /// `CancelSessionResponse` (BF41), DER.
    #[serde(with = "super::base64")]
    pub cancel_session_response: Vec<u8>,
}
