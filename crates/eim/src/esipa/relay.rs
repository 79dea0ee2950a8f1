//! Indirect profile download (SGP.32 v1.2 5.14.1–5.14.4, 6.3.2.1–6.3.2.5): the eIM relays
//! the IPA's InitiateAuthentication, AuthenticateClient, GetBoundProfilePackage and
//! CancelSession to the SM-DP+ over ES9+ (JSON binding), rebuilding compact forms first and
//! remembering per transactionId what it needs to rebuild the next ones.
//!
//! Refusals carry both forms: the ESipa error value (ASN.1 binding) and an SGP.22 status
//! code (JSON binding); a refusal of the SM-DP+ keeps the SM-DP+'s code.

use proto::der::{Asn1, Leniency, Preserved, RawSequence, Tag, Tlv};
use proto::ids::{ActivationCode, TransactionId};
use proto::json::es9p::{self as j, Es9Function};
use proto::json::{FunctionExecutionStatus, ResponseError, StatusCode, StatusCodeData};
use proto::sgp22::{BoundProfilePackage, Certificate, ServerSigned1, SmdpSigned2};
use proto::sgp32::{
    AuthenticateClientOkDPEsipa, AuthenticateClientRequestEsipa, CancelSessionRequestEsipa,
    GetBoundProfilePackageOkEsipa, GetBoundProfilePackageRequestEsipa,
    InitiateAuthenticationErrorEsipa, InitiateAuthenticationOkEsipa,
    InitiateAuthenticationRequestEsipa, ProfileDownloadData, ProfileDownloadTriggerRequest,
    SGP32AuthenticateServerResponse, SGP32StoreMetadataRequest,
};
use serde::de::DeserializeOwned;

use crate::compact::{self, DeviceData};
use crate::context::Context;
use crate::engine::EngineError;
use crate::engine::profiles::iccid_text;
use crate::smdp::es9p::Es9CallError;
use crate::store::{Device, PackageKind, RelaySession, StoreError, devices, packages, relay};

/// A refused relay step: the ESipa error value and the status code of the JSON binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RelayError {
    pub value: i64,
    pub status: StatusCodeData,
    /// The SM-DP+ gave no answer (no connection, the connection ended, an HTTP 5xx): the
    /// IPA is answered 502 Bad Gateway, a gateway's answer when the server behind it failed
    /// (RFC 9110 15.6.3), and tries again as after a lost answer of a direct download
    /// (SGP.22 v2.5 3.1.3), instead of ending its download on an error value the SM-DP+
    /// never gave.
    pub unanswered: bool,
}

impl RelayError {
    fn local(value: i64, code: StatusCode, message: impl Into<String>) -> RelayError {
        RelayError {
            value,
            status: StatusCodeData::from(code).with_message(message),
            unanswered: false,
        }
    }
}

impl From<EngineError> for RelayError {
    fn from(e: EngineError) -> Self {
        tracing::error!(error = %e, "relay failed");
        RelayError::local(127, StatusCode::FUNCTION_EXECUTION_ERROR, e.to_string())
    }
}

impl From<StoreError> for RelayError {
    fn from(e: StoreError) -> Self {
        RelayError::from(EngineError::from(e))
    }
}

/// The SM-DP+'s answer: the decoded body, or its refusal mapped by `map`.
async fn call<Req: serde::Serialize, Resp: DeserializeOwned>(
    ctx: &Context,
    address: &str,
    f: Es9Function,
    body: &Req,
    map: fn(&str, &str) -> i64,
) -> Result<Resp, RelayError> {
    let (_, bytes) = ctx.smdp.es9.call(address, f, body).await.map_err(|e| {
        let unanswered = match &e {
            Es9CallError::Transport(_) => true,
            Es9CallError::Status(code) => *code >= 500,
        };
        tracing::warn!(function = f.name(), error = %e, "relay: the SM-DP+ gave no answer");
        RelayError {
            unanswered,
            ..RelayError::local(127, StatusCode::FUNCTION_EXECUTION_ERROR, e.to_string())
        }
    })?;
    proto::json::decode_response::<Resp>(&bytes).map_err(|e| match e {
        ResponseError::Failed(FunctionExecutionStatus {
            status_code_data: Some(d),
            ..
        }) => RelayError {
            value: map(&d.subject_code, &d.reason_code),
            status: d,
            unanswered: false,
        },
        other => RelayError::local(127, StatusCode::FUNCTION_EXECUTION_ERROR, other.to_string()),
    })
}

fn map_initiate(s: &str, r: &str) -> i64 {
    match (s, r) {
        ("8.8.1", _) => 1,
        ("8.8.3", _) => 2,
        ("8.8.2", _) | ("8.8.4", _) => 3,
        _ => 127,
    }
}

fn map_authenticate(s: &str, r: &str) -> i64 {
    match (s, r) {
        ("8.1.2", "6.1") => 1,
        ("8.1.2", "6.3") => 2,
        ("8.1.3", "6.1") => 3,
        ("8.1.3", "6.3") => 4,
        ("8.1", "6.1") => 5,
        ("8.2.6", _) => 6,
        ("8.1.1", _) => 7,
        ("8.2.5", _) | ("8.2", _) => 8,
        ("8.11.1", _) => 9,
        ("8.10.1", _) => 10,
        ("8.1", "4.8") => 11,
        ("8.2.8", _) => 50,
        _ => 127,
    }
}

fn map_bpp(s: &str, r: &str) -> i64 {
    match (s, r) {
        ("8.1", "6.1") => 1,
        ("8.2.7", "2.2") => 2,
        ("8.2.7", "3.8") => 3,
        ("8.2.7", "6.4") => 4,
        ("8.2", "3.7") | ("8.2.10", _) => 5,
        ("8.8.5", _) => 6,
        ("8.2.9", _) => 50,
        ("8.10.1", _) => 95,
        _ => 127,
    }
}

fn map_cancel(s: &str, r: &str) -> i64 {
    match (s, r) {
        ("8.10.1", _) => 1,
        ("8.1", "6.1") | ("8.8", _) => 2,
        _ => 127,
    }
}

/// The value of a TLV (`5F37 40 ...` → the 64 octets; `04 14 ...` → the 20 octets), or the
/// bytes as they are when they are no single TLV of that tag.
fn tlv_value(bytes: &[u8], tag: Tag) -> Vec<u8> {
    match Tlv::parse_single(bytes) {
        Ok(t) if t.tag == tag => t.value().to_vec(),
        _ => bytes.to_vec(),
    }
}

/// The SM-DP+ address and device of a trigger, by its eimTransactionId.
async fn trigger_of(
    ctx: &Context,
    tid: &[u8],
) -> Result<Option<(String, Option<String>)>, StoreError> {
    let t = tid.to_vec();
    let p = ctx
        .store
        .read(move |tx| packages::by_transaction(tx, &t))
        .await?;
    Ok(p.filter(|p| p.kind == PackageKind::DownloadTrigger)
        .map(|p| {
            let address = ProfileDownloadTriggerRequest::from_der(&p.body)
                .ok()
                .and_then(|r| match r.profile_download_data {
                    Some(ProfileDownloadData::ActivationCode(ac)) => ActivationCode::parse(&ac)
                        .ok()
                        .map(|a| a.smdp_address.as_str().to_string()),
                    _ => None,
                });
            (address.unwrap_or_default(), Some(p.eid))
        }))
}

async fn device(ctx: &Context, eid: Option<&str>) -> Result<Option<Device>, StoreError> {
    let Some(eid) = eid.map(str::to_string) else {
        return Ok(None);
    };
    ctx.store.read(move |tx| devices::get(tx, &eid)).await
}

async fn session(ctx: &Context, tid: &[u8]) -> Result<Option<RelaySession>, StoreError> {
    let tid = tid.to_vec();
    ctx.store.read(move |tx| relay::get(tx, &tid)).await
}

async fn save(ctx: &Context, s: &RelaySession) -> Result<(), StoreError> {
    let s = s.clone();
    ctx.store.write(move |tx| relay::put(tx, &s)).await
}

/// ESipa.InitiateAuthentication relayed as ES9+.InitiateAuthentication (SGP.32 v1.2 5.14.1):
/// the download trigger it answers (by eimTransactionId), the SM-DP+ and euiccInfo1 to use,
/// the SM-DP+'s answer, and the relay session kept for the steps that follow.
pub(crate) async fn initiate_authentication(
    ctx: &Context,
    req: &InitiateAuthenticationRequestEsipa,
) -> Result<InitiateAuthenticationOkEsipa, RelayError> {
    let trigger = match &req.eim_transaction_id {
        Some(t) => Some(trigger_of(ctx, t).await?.ok_or_else(|| {
            RelayError::local(
                initiate_value(InitiateAuthenticationErrorEsipa::InvalidEimTransactionId),
                StatusCode::TRANSACTION_ID_UNKNOWN,
                "eimTransactionId names no download trigger of this eIM",
            )
        })?),
        None => None,
    };
    let eid = trigger.as_ref().and_then(|t| t.1.clone());
    let dev = device(ctx, eid.as_deref()).await?;
    let from_trigger = trigger.map(|t| t.0).filter(|a| !a.is_empty());
    let address = smdp_address(req, from_trigger, dev.as_ref())?;
    let body = j::InitiateAuthenticationRequest {
        header: None,
        euicc_challenge: req.euicc_challenge.to_vec(),
        euicc_info1: euicc_info1(req, dev.as_ref())?,
        smdp_address: proto::ids::SmdpAddress::parse(&address)
            .map_err(|e| RelayError::local(1, StatusCode::SMDP_ADDRESS_REFUSED, e.to_string()))?,
    };
    let r: j::InitiateAuthenticationResponse = call(
        ctx,
        &address,
        Es9Function::InitiateAuthentication,
        &body,
        map_initiate,
    )
    .await?;
    let server_signed1 = Preserved::<ServerSigned1>::from_der(&r.server_signed1).map_err(|e| {
        RelayError::local(
            127,
            StatusCode::FUNCTION_EXECUTION_ERROR,
            format!("SM-DP+ serverSigned1: {e}"),
        )
    })?;
    let smdp_oid = certs::verify::facts::CertFacts::parse(&r.server_certificate)
        .ok()
        .and_then(|f| f.registered_ids.first().cloned());
    let now = ctx.now();
    save(
        ctx,
        &RelaySession {
            transaction_id: r.transaction_id.as_bytes().to_vec(),
            eid,
            smdp_address: address,
            eim_transaction_id: req.eim_transaction_id.clone(),
            server_challenge: Some(server_signed1.server_challenge.to_vec()),
            smdp_oid,
            ctx_params1: None,
            iccid: None,
            bpp_euicc_otpk: None,
            state: "initiated".into(),
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    Ok(InitiateAuthenticationOkEsipa {
        transaction_id: Some(r.transaction_id.as_bytes().to_vec()),
        server_signed1,
        server_signature1: tlv_value(&r.server_signature1, Tag::application(55, false)),
        euicc_ci_pk_identifier_to_be_used: tlv_value(
            &r.euicc_ci_pkid_to_be_used,
            Tag::OCTET_STRING,
        ),
        server_certificate: Certificate(RawSequence(r.server_certificate)),
        matching_id: None,
        ctx_params1: None,
    })
}

/// The SM-DP+ to authenticate with: the one the IPA names (which must be the triggered one,
/// when there is a trigger), else the triggered one, else the device's default SM-DP+.
fn smdp_address(
    req: &InitiateAuthenticationRequestEsipa,
    from_trigger: Option<String>,
    dev: Option<&Device>,
) -> Result<String, RelayError> {
    match (&req.smdp_address, from_trigger) {
        (Some(given), Some(ordered)) if !given.eq_ignore_ascii_case(&ordered) => {
            Err(RelayError::local(
                initiate_value(InitiateAuthenticationErrorEsipa::SmdpAddressMismatch),
                StatusCode::SMDP_ADDRESS_REFUSED,
                format!("smdpAddress {given:?} is not the triggered SM-DP+ {ordered:?}"),
            ))
        }
        (Some(given), _) => Ok(given.clone()),
        (None, Some(ordered)) => Ok(ordered),
        (None, None) => dev
            .and_then(|d| d.default_smdp_address.clone())
            .ok_or_else(|| {
                RelayError::local(
                    initiate_value(InitiateAuthenticationErrorEsipa::InvalidDpAddress),
                    StatusCode::SMDP_ADDRESS_UNKNOWN,
                    "no smdpAddress given and none known for the download",
                )
            }),
    }
}

/// euiccInfo1 as the IPA sent it, else as the eIM has it (an IPA may leave it out, SGP.32
/// v1.2 5.14.1).
fn euicc_info1(
    req: &InitiateAuthenticationRequestEsipa,
    dev: Option<&Device>,
) -> Result<Vec<u8>, RelayError> {
    match (&req.euicc_info1, dev.and_then(|d| d.euicc_info1.clone())) {
        (Some(i), _) => Ok(i.to_der()),
        (None, Some(stored)) => Ok(stored),
        (None, None) => Err(RelayError::local(
            127,
            StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING,
            "euiccInfo1 left out and not known to the eIM",
        )),
    }
}

fn initiate_value(e: InitiateAuthenticationErrorEsipa) -> i64 {
    match e {
        InitiateAuthenticationErrorEsipa::InvalidDpAddress => 1,
        InitiateAuthenticationErrorEsipa::EuiccVersionNotSupportedByDp => 2,
        InitiateAuthenticationErrorEsipa::CiPkIdNotSupported => 3,
        InitiateAuthenticationErrorEsipa::SmdpAddressMismatch => 50,
        InitiateAuthenticationErrorEsipa::SmdpOidMismatch => 51,
        InitiateAuthenticationErrorEsipa::InvalidEimTransactionId => 52,
        InitiateAuthenticationErrorEsipa::UndefinedError => 127,
        InitiateAuthenticationErrorEsipa::Other(v) => v,
    }
}

fn unknown_transaction(value: i64) -> RelayError {
    RelayError::local(
        value,
        StatusCode::TRANSACTION_ID_UNKNOWN,
        "no download relayed by this eIM has this transactionId",
    )
}

fn device_data(d: Option<&Device>) -> DeviceData<'_> {
    DeviceData {
        euicc_cert: d.and_then(|d| d.euicc_cert.as_deref()),
        eum_cert: d.and_then(|d| d.eum_cert.as_deref()),
        euicc_info2: d.and_then(|d| d.euicc_info2.as_deref()),
    }
}

/// ESipa.AuthenticateClient relayed as ES9+.AuthenticateClient (SGP.32 v1.2 5.14.3).
pub(crate) async fn authenticate_client(
    ctx: &Context,
    req: &AuthenticateClientRequestEsipa,
) -> Result<AuthenticateClientOkDPEsipa, RelayError> {
    let invalid_tid = || unknown_transaction(10);
    let Some(mut s) = session(ctx, &req.transaction_id).await? else {
        return Err(invalid_tid());
    };
    if s.state != "initiated" {
        return Err(invalid_tid());
    }
    // The eUICC's certificate names the device when the trigger did not.
    if s.eid.is_none() {
        if let SGP32AuthenticateServerResponse::AuthenticateResponseOk(ok) =
            &req.authenticate_server_response
        {
            s.eid = certs::verify::facts::CertFacts::parse(ok.euicc_certificate.0.as_bytes())
                .ok()
                .and_then(|f| f.subject_serial_number().map(str::to_string));
        }
    }
    let dev = device(ctx, s.eid.as_deref()).await?;
    let asr = compact::authenticate_server_response(
        &req.authenticate_server_response,
        &s,
        &device_data(dev.as_ref()),
    )
    .map_err(|e| RelayError::local(127, e.status_code(), e.to_string()))?;
    let body = j::AuthenticateClientRequest {
        header: None,
        transaction_id: tid(&req.transaction_id)?,
        authenticate_server_response: asr,
    };
    let r: j::AuthenticateClientResponse = call(
        ctx,
        &s.smdp_address,
        Es9Function::AuthenticateClient,
        &body,
        map_authenticate,
    )
    .await?;
    let bad = |what: &str, e: String| {
        RelayError::local(
            127,
            StatusCode::FUNCTION_EXECUTION_ERROR,
            format!("SM-DP+ {what}: {e}"),
        )
    };
    let smdp_signed2 = Preserved::<SmdpSigned2>::from_der(&r.smdp_signed2)
        .map_err(|e| bad("smdpSigned2", e.to_string()))?;
    let metadata = relayed_metadata(&r.profile_metadata);
    s.iccid = metadata.as_ref().map(|m| iccid_text(&m.iccid));
    s.bpp_euicc_otpk = smdp_signed2.bpp_euicc_otpk.clone();
    s.state = "authenticated".into();
    s.updated_at = ctx.now();
    save(ctx, &s).await?;
    Ok(AuthenticateClientOkDPEsipa {
        transaction_id: Some(r.transaction_id.as_bytes().to_vec()),
        profile_meta_data: metadata,
        smdp_signed2,
        smdp_signature2: tlv_value(&r.smdp_signature2, Tag::application(55, false)),
        smdp_certificate: Certificate(RawSequence(r.smdp_certificate)),
        hash_cc: None,
    })
}

fn tid(t: &[u8]) -> Result<TransactionId, RelayError> {
    TransactionId::new(t)
        .map_err(|e| RelayError::local(127, StatusCode::PROTOCOL_FORMAT_INVALID, e.to_string()))
}

/// ESipa.GetBoundProfilePackage relayed as ES9+.GetBoundProfilePackage (SGP.32 v1.2 5.14.4).
pub(crate) async fn get_bound_profile_package(
    ctx: &Context,
    req: &GetBoundProfilePackageRequestEsipa,
) -> Result<GetBoundProfilePackageOkEsipa, RelayError> {
    let invalid_tid = || unknown_transaction(95);
    let Some(mut s) = session(ctx, &req.transaction_id).await? else {
        return Err(invalid_tid());
    };
    if s.state != "authenticated" && s.state != "bound" {
        return Err(invalid_tid());
    }
    let pdr = compact::prepare_download_response(&req.prepare_download_response, &s)
        .map_err(|e| RelayError::local(127, e.status_code(), e.to_string()))?;
    let body = j::GetBoundProfilePackageRequest {
        header: None,
        transaction_id: tid(&req.transaction_id)?,
        prepare_download_response: pdr,
    };
    let r: j::GetBoundProfilePackageResponse = call(
        ctx,
        &s.smdp_address,
        Es9Function::GetBoundProfilePackage,
        &body,
        map_bpp,
    )
    .await?;
    let bpp = BoundProfilePackage::from_der(&r.bound_profile_package).map_err(|e| {
        RelayError::local(
            127,
            StatusCode::FUNCTION_EXECUTION_ERROR,
            format!("SM-DP+ boundProfilePackage: {e}"),
        )
    })?;
    s.state = "bound".into();
    s.updated_at = ctx.now();
    save(ctx, &s).await?;
    Ok(GetBoundProfilePackageOkEsipa {
        transaction_id: Some(r.transaction_id.as_bytes().to_vec()),
        bound_profile_package: bpp,
    })
}

/// ESipa.CancelSession relayed as ES9+.CancelSession (SGP.32 v1.2 5.14).
pub(crate) async fn cancel_session(
    ctx: &Context,
    req: &CancelSessionRequestEsipa,
) -> Result<(), RelayError> {
    let Some(mut s) = session(ctx, &req.transaction_id).await? else {
        return Err(unknown_transaction(1));
    };
    let csr = compact::cancel_session_response(&req.cancel_session_response, &s)
        .map_err(|e| RelayError::local(127, e.status_code(), e.to_string()))?;
    let body = j::CancelSessionRequest {
        header: None,
        transaction_id: tid(&req.transaction_id)?,
        cancel_session_response: csr,
    };
    let _: proto::json::EmptyResponse = call(
        ctx,
        &s.smdp_address,
        Es9Function::CancelSession,
        &body,
        map_cancel,
    )
    .await?;
    s.state = "cancelled".into();
    s.updated_at = ctx.now();
    save(ctx, &s).await?;
    Ok(())
}

/// The profile metadata of AuthenticateClient as the eIM relays it to the IPA. It is shown,
/// not signed (SGP.22 5.6.3; the eUICC gets its own copy in the bound profile package), so
/// an SM-DP+ that encodes a DEFAULT value (`profileClass operational`) is taken as the LPA
/// and the eUICC take it; the relayed copy is DER. Metadata that is not even BER is left
/// out, the download going on without it.
fn relayed_metadata(der: &[u8]) -> Option<SGP32StoreMetadataRequest> {
    SGP32StoreMetadataRequest::from_der_with(der, Leniency::ENCODED_DEFAULTS).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::sgp22::ProfileClass;

    /// StoreMetadataRequest (BF25) with iccid, serviceProviderName, profileName and
    /// `profileClass` given, as some SM-DP+s send it.
    fn metadata(profile_class: u8) -> Vec<u8> {
        let mut body = vec![0x5A, 0x0A];
        body.extend([0x98, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0xF6]);
        body.extend([0x91, 0x02, b'O', b'p', 0x92, 0x01, b'P']);
        body.extend([0x95, 0x01, profile_class]);
        let mut der = vec![0xBF, 0x25, body.len() as u8];
        der.extend(body);
        der
    }

    #[test]
    fn sgp22_5_6_3_metadata_with_its_default_encoded_is_relayed_in_der() {
        let sent = metadata(2);
        assert!(
            SGP32StoreMetadataRequest::from_der(&sent).is_err(),
            "not DER"
        );
        let relayed = relayed_metadata(&sent).expect("relayed");
        assert_eq!(relayed.profile_class, ProfileClass::Operational);
        let der = relayed.to_der();
        assert_eq!(der.len(), sent.len() - 3, "the default left out");
        assert_eq!(SGP32StoreMetadataRequest::from_der(&der).unwrap(), relayed);
    }

    #[test]
    fn sgp22_5_6_3_metadata_of_a_test_profile_keeps_its_class() {
        let relayed = relayed_metadata(&metadata(0)).expect("relayed");
        assert_eq!(relayed.profile_class, ProfileClass::Test);
    }
}
