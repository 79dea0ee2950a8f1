//! The steps of a download as a device makes them (SGP.22 3.1.2, 3.1.3): each ES10b call to
//! the case's eUICC and each ES9+ call to the SM-DP+, the nominal path checked on the way
//! (`Stop::Fail` when the server's answer would stop a real device), so a case takes the
//! path up to the step it alters.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lpa::{authenticate_server_request, lbpp_pieces, signature_value};
use proto::crypto::hash_cc;
use proto::der::{Asn1, Preserved};
use proto::ids::{MatchingId, SmdpAddress, TransactionId};
use proto::json::es9p::{
    AuthenticateClientResponse, Es9Function, GetBoundProfilePackageResponse,
    InitiateAuthenticationResponse,
};
use proto::sgp22::{
    AuthenticateResponseOk, AuthenticateServerResponse, CancelSessionReason, CancelSessionRequest,
    CancelSessionResponse, Certificate, FinalResult, GetEuiccChallengeRequest,
    GetEuiccChallengeResponse, GetEuiccInfo1Request, PrepareDownloadRequest,
    PrepareDownloadResponse, PrepareDownloadResponseOk, ProfileInstallationResult, SmdpSigned2,
};
use serde_json::{Value, json};

use super::{Answer, Ctx};
use crate::Stop;
use crate::error::ensure;

/// Base64 of `bytes` (the binding's encoding of ASN.1 members, SGP.22 6.5.2).
pub(crate) fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// `bytes` with the lowest bit of its last octet flipped (a signature or certificate
/// altered in its last octet keeps its DER structure).
pub(crate) fn flip_last(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if let Some(last) = out.last_mut() {
        *last ^= 0x01;
    }
    out
}

/// The `5F37` TLV of a signature an SM-DP+ sent as the TLV or bare (what the eUICC's
/// euiccSignature2 covers after euiccSigned2, SGP.22 5.7.5).
pub(crate) fn signature_tlv(sent: &[u8]) -> Result<Vec<u8>, Stop> {
    signature_value("authenticateClient", "smdpSignature2", sent)
        .map(|value| proto::crypto::signature_tlv(&value))
        .map_err(|e| Stop::fail(e.to_string()))
}

/// A transaction ID no server handed out: 16 random octets.
pub(crate) fn unknown_transaction_id() -> Result<TransactionId, Stop> {
    let mut octets = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut octets)
        .map_err(|_| Stop::fail("no random octets"))?;
    TransactionId::new(&octets).map_err(|e| Stop::fail(e.to_string()))
}

/// What a device asks InitiateAuthentication with (SGP.22 5.6.1).
pub(crate) struct Hello {
    pub(crate) challenge: [u8; 16],
    pub(crate) euicc_info1: Vec<u8>,
}

/// An open session: the InitiateAuthentication answer, checked.
pub(crate) struct Session {
    pub(crate) init: InitiateAuthenticationResponse,
    pub(crate) hello: Hello,
}

impl Session {
    pub(crate) fn tid(&self) -> &TransactionId {
        &self.init.transaction_id
    }
}

/// ES10b.GetEUICCChallenge and GetEUICCInfo1.
pub(crate) fn hello(ctx: &mut Ctx) -> Result<Hello, Stop> {
    let (challenge, _): (GetEuiccChallengeResponse, _) = ctx.card.call(
        &mut ctx.ev,
        "GetEUICCChallenge",
        &GetEuiccChallengeRequest {},
    )?;
    let info1 = ctx.card.raw(
        &mut ctx.ev,
        "GetEUICCInfo1",
        &GetEuiccInfo1Request {}.to_der(),
    )?;
    Ok(Hello {
        challenge: challenge.euicc_challenge,
        euicc_info1: info1,
    })
}

/// The InitiateAuthentication body for `hello` naming `smdp_address`.
pub(crate) fn initiate_body(hello: &Hello, smdp_address: &str) -> Vec<u8> {
    let body = json!({
        "euiccChallenge": b64(&hello.challenge),
        "euiccInfo1": b64(&hello.euicc_info1),
        "smdpAddress": smdp_address,
    });
    body.to_string().into_bytes()
}

/// POSTs a JSON body to `function`.
pub(crate) async fn post(
    ctx: &mut Ctx,
    function: Es9Function,
    body: Value,
) -> Result<Answer, Stop> {
    let shared = ctx.shared.clone();
    shared
        .wire
        .post(
            &mut ctx.ev,
            &shared.options.address,
            function,
            body.to_string().into_bytes(),
        )
        .await
}

/// POSTs raw octets to `function` with the LPA's headers.
pub(crate) async fn post_bytes(
    ctx: &mut Ctx,
    function: Es9Function,
    body: Vec<u8>,
) -> Result<Answer, Stop> {
    let shared = ctx.shared.clone();
    shared
        .wire
        .post(&mut ctx.ev, &shared.options.address, function, body)
        .await
}

/// InitiateAuthentication with `hello`: the answer, whatever it is.
pub(crate) async fn initiate_with(
    ctx: &mut Ctx,
    hello: &Hello,
    smdp_address: &str,
) -> Result<Answer, Stop> {
    let body = initiate_body(hello, smdp_address);
    post_bytes(ctx, Es9Function::InitiateAuthentication, body).await
}

/// A nominal InitiateAuthentication: Executed-Success with the members SGP.22 5.6.1 lists.
pub(crate) async fn initiate(ctx: &mut Ctx) -> Result<Session, Stop> {
    let hello = hello(ctx)?;
    let address = ctx.smdp_address().to_string();
    let answer = initiate_with(ctx, &hello, &address).await?;
    let init: InitiateAuthenticationResponse = answer.success()?;
    Ok(Session { init, hello })
}

/// ES10b.AuthenticateServer over the session's answer with `matching_id` in ctxParams1
/// (SGP.22 5.7.13): the eUICC's AuthenticateResponseOk and its octets. The LPA's checks
/// (5.6.1: transactionId, serverAddress, euiccChallenge) and the eUICC's (the CI, the
/// serverCertificate's chain, serverSignature1) hold, or the case fails.
pub(crate) fn authenticate_server(
    ctx: &mut Ctx,
    session: &Session,
    matching_id: Option<&str>,
) -> Result<(AuthenticateResponseOk, Vec<u8>), Stop> {
    let address = SmdpAddress::parse(ctx.smdp_address())
        .map_err(|e| Stop::fail(format!("smdpAddress: {e}")))?;
    let matching_id = matching_id
        .map(MatchingId::parse)
        .transpose()
        .map_err(|e| Stop::fail(format!("matching ID: {e}")))?;
    let request = authenticate_server_request(
        &session.init,
        &address,
        &session.hello.challenge,
        matching_id.as_ref(),
        &ctx.card.device,
    )
    .map_err(|e| Stop::fail(e.to_string()))?;
    let (answer, raw): (AuthenticateServerResponse, _) =
        ctx.card.call(&mut ctx.ev, "AuthenticateServer", &request)?;
    match answer {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => Ok((ok, raw)),
        AuthenticateServerResponse::AuthenticateResponseError(e) => Err(Stop::fail(format!(
            "the eUICC refused the SM-DP+'s InitiateAuthentication answer (ES10b.AuthenticateServer {:?}): serverCertificate, serverSignature1 or euiccCiPKIdToBeUsed is wrong",
            e.authenticate_error_code
        ))),
    }
}

/// The AuthenticateServerResponse octets of `ok` (after a case altered it).
pub(crate) fn authenticate_server_response(ok: AuthenticateResponseOk) -> Vec<u8> {
    AuthenticateServerResponse::AuthenticateResponseOk(ok).to_der()
}

/// AuthenticateClient with `transaction_id` and the AuthenticateServerResponse octets.
pub(crate) async fn authenticate_client(
    ctx: &mut Ctx,
    transaction_id: &TransactionId,
    authenticate_server_response: &[u8],
) -> Result<Answer, Stop> {
    post(
        ctx,
        Es9Function::AuthenticateClient,
        json!({
            "transactionId": transaction_id.to_hex(),
            "authenticateServerResponse": b64(authenticate_server_response),
        }),
    )
    .await
}

/// An authenticated session: InitiateAuthentication, AuthenticateServer and a nominal
/// AuthenticateClient (SGP.22 5.6.3: Executed-Success, smdpSigned2 of this session).
pub(crate) async fn authenticated(
    ctx: &mut Ctx,
    matching_id: &str,
) -> Result<(Session, AuthenticateClientResponse), Stop> {
    let session = initiate(ctx).await?;
    let (_, asr) = authenticate_server(ctx, &session, Some(matching_id))?;
    let answer = authenticate_client(ctx, session.tid(), &asr).await?;
    let client: AuthenticateClientResponse = answer.success()?;
    ensure(client.transaction_id == *session.tid(), || {
        format!(
            "authenticateClient: transactionId {} is not the session's {}",
            client.transaction_id,
            session.tid()
        )
    })?;
    Ok((session, client))
}

/// ES10b.PrepareDownload over the AuthenticateClient answer (SGP.22 5.7.5), with the
/// Hashed Confirmation Code of `confirmation_code` when given; the eUICC's
/// PrepareDownloadResponseOk and its octets. The eUICC's checks (smdpCertificate,
/// smdpSignature2, the transaction) hold, or the case fails.
pub(crate) fn prepare_download(
    ctx: &mut Ctx,
    client: &AuthenticateClientResponse,
    confirmation_code: Option<&str>,
) -> Result<(PrepareDownloadResponseOk, Vec<u8>), Stop> {
    const F: &str = "authenticateClient";
    let signed = Preserved::<SmdpSigned2>::from_der(&client.smdp_signed2)
        .map_err(|e| Stop::fail(format!("{F}: smdpSigned2: {e}")))?;
    let tid = client.transaction_id.as_bytes();
    ensure(signed.transaction_id == tid, || {
        format!("{F}: smdpSigned2 carries another transactionId")
    })?;
    let hash = confirmation_code.map(|cc| hash_cc(cc.as_bytes(), tid));
    let request = PrepareDownloadRequest {
        smdp_signed2: signed,
        smdp_signature2: signature_value(F, "smdpSignature2", &client.smdp_signature2)
            .map_err(|e| Stop::fail(e.to_string()))?,
        hash_cc: hash,
        smdp_certificate: Certificate::from_der(&client.smdp_certificate)
            .map_err(|e| Stop::fail(format!("{F}: smdpCertificate: {e}")))?,
    };
    let (answer, raw): (PrepareDownloadResponse, _) =
        ctx.card.call(&mut ctx.ev, "PrepareDownload", &request)?;
    match answer {
        PrepareDownloadResponse::DownloadResponseOk(ok) => Ok((ok, raw)),
        PrepareDownloadResponse::DownloadResponseError(e) => Err(Stop::fail(format!(
            "the eUICC refused the SM-DP+'s AuthenticateClient answer (ES10b.PrepareDownload {:?}): smdpCertificate or smdpSignature2 is wrong",
            e.download_error_code
        ))),
    }
}

/// The PrepareDownloadResponse octets of `ok` (after a case altered it).
pub(crate) fn prepare_download_response(ok: PrepareDownloadResponseOk) -> Vec<u8> {
    PrepareDownloadResponse::DownloadResponseOk(ok).to_der()
}

/// GetBoundProfilePackage with `transaction_id` and the PrepareDownloadResponse octets.
pub(crate) async fn get_bound_profile_package(
    ctx: &mut Ctx,
    transaction_id: &TransactionId,
    prepare_download_response: &[u8],
) -> Result<Answer, Stop> {
    post(
        ctx,
        Es9Function::GetBoundProfilePackage,
        json!({
            "transactionId": transaction_id.to_hex(),
            "prepareDownloadResponse": b64(prepare_download_response),
        }),
    )
    .await
}

/// A whole download up to the installed profile: the ProfileInstallationResult's octets,
/// its finalResult a success (SGP.22 3.1.3, 5.7.6).
pub(crate) async fn download(ctx: &mut Ctx, matching_id: &str) -> Result<Vec<u8>, Stop> {
    let (session, client) = authenticated(ctx, matching_id).await?;
    let (_, pdr) = prepare_download(ctx, &client, None)?;
    let answer = get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    let bpp: GetBoundProfilePackageResponse = answer.success()?;
    ensure(bpp.transaction_id == *session.tid(), || {
        "getBoundProfilePackage: another transactionId".into()
    })?;
    load(ctx, &bpp.bound_profile_package)
}

/// ES10b.LoadBoundProfilePackage in the LPA's pieces (SGP.22 5.7.6): the
/// ProfileInstallationResult's octets, which must report success.
pub(crate) fn load(ctx: &mut Ctx, bpp: &[u8]) -> Result<Vec<u8>, Stop> {
    let pieces = lbpp_pieces(bpp).map_err(|e| Stop::fail(format!("boundProfilePackage: {e}")))?;
    let mut result = Vec::new();
    for piece in pieces {
        let answer = ctx
            .card
            .raw(&mut ctx.ev, "LoadBoundProfilePackage", &piece)?;
        if !answer.is_empty() {
            result = answer;
        }
    }
    let pir = ProfileInstallationResult::from_der(&result).map_err(|e| {
        Stop::fail(format!(
            "no ProfileInstallationResult after the last piece: {e}"
        ))
    })?;
    match &pir.profile_installation_result_data.value().final_result {
        FinalResult::SuccessResult(_) => Ok(result),
        FinalResult::ErrorResult(e) => Err(Stop::fail(format!(
            "the eUICC refused the bound profile package: {:?} in {:?}",
            e.error_reason, e.bpp_command_id
        ))),
    }
}

/// ES10b.CancelSession (SGP.22 5.7.14) for the session with `reason`: the signed
/// CancelSessionResponse's octets.
pub(crate) fn cancel_on_card(
    ctx: &mut Ctx,
    transaction_id: &TransactionId,
    reason: CancelSessionReason,
) -> Result<Vec<u8>, Stop> {
    let request = CancelSessionRequest {
        transaction_id: transaction_id.as_bytes().to_vec(),
        reason,
    };
    let (answer, raw): (CancelSessionResponse, _) =
        ctx.card.call(&mut ctx.ev, "CancelSession", &request)?;
    match answer {
        CancelSessionResponse::CancelSessionResponseOk(_) => Ok(raw),
        other => Err(Stop::fail(format!(
            "ES10b.CancelSession: the eUICC refused: {other:?}"
        ))),
    }
}

/// ES9+.CancelSession with `transaction_id` and the CancelSessionResponse octets.
pub(crate) async fn cancel_session(
    ctx: &mut Ctx,
    transaction_id: &TransactionId,
    cancel_session_response: &[u8],
) -> Result<Answer, Stop> {
    post(
        ctx,
        Es9Function::CancelSession,
        json!({
            "transactionId": transaction_id.to_hex(),
            "cancelSessionResponse": b64(cancel_session_response),
        }),
    )
    .await
}

/// ES9+.HandleNotification with a pending notification's octets.
pub(crate) async fn handle_notification(
    ctx: &mut Ctx,
    notification: &[u8],
) -> Result<Answer, Stop> {
    post(
        ctx,
        Es9Function::HandleNotification,
        json!({ "pendingNotification": b64(notification) }),
    )
    .await
}
