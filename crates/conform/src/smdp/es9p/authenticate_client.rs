//! ES9+.AuthenticateClient (SGP.22 5.6.3; SGP.23 4.3.14): the SM-DP+ checks the eUICC's
//! certificate chain and euiccSignature1 over the octets received, the serverChallenge it
//! gave, the transaction, the Matching ID and the EID its order is bound to.

use proto::crypto::SignatureError;
use proto::der::{Asn1, Preserved};
use proto::json::StatusCode;
use proto::sgp22::{
    AuthenticateResponseOk, CancelSessionReason, Certificate, CtxParams1, EuiccSigned1,
    ServerSigned1, StoreMetadataRequest,
};

use super::case;
use crate::Stop;
use crate::smdp::card::EuiccSource;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+.AuthenticateClient";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nominal",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_01_Nominal"),
        clause: "SGP.22 5.6.3",
        checks: "with a released order's Matching ID: Executed-Success, profileMetadata a StoreMetadataRequest, smdpSigned2 of this session; the eUICC accepts smdpCertificate and smdpSignature2 (ES10b.PrepareDownload)",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 unknown transaction ID",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_UnknownTransactionId"),
        clause: "SGP.22 5.6.3",
        checks: "a transactionId no session has is refused with 8.10.1/3.9",
        run: unknown_transaction_id,
    },
    case! {
        group: GROUP,
        title: "#03 signed transaction ID of no session",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_Mismatched_Transaction_ID"),
        clause: "SGP.22 5.6.3",
        checks: "euiccSigned1 signed by the eUICC for the session's serverChallenge and a released order's Matching ID, but carrying another transactionId than the session's (the request's), is refused with 8.10.1/3.9",
        run: mismatched_transaction_id,
    },
    case! {
        group: GROUP,
        title: "#04 euiccSigned1 altered after signing",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_InvalidSignature"),
        clause: "SGP.22 5.6.3",
        checks: "euiccSignature1 over other octets than the euiccSigned1 received (its deviceInfo's TAC changed) is refused with 8.1/6.1",
        run: signed_octets_altered,
    },
    case! {
        group: GROUP,
        title: "#05 euiccSignature1 altered",
        test_case: None,
        clause: "SGP.22 5.6.3",
        checks: "euiccSignature1 with one bit flipped is refused with 8.1/6.1",
        run: signature_altered,
    },
    case! {
        group: GROUP,
        title: "#06 replayed serverChallenge",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_InvalidServerChallenge"),
        clause: "SGP.22 5.6.3",
        checks: "euiccSigned1 signed by the eUICC but echoing the serverChallenge of an earlier session is refused with 8.1/6.1",
        run: replayed_server_challenge,
    },
    case! {
        group: GROUP,
        title: "#07 invalid EUM certificate",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_01_InvalidEUMCert"),
        clause: "SGP.22 5.6.3",
        checks: "an EUM certificate whose signature does not verify under the CI is refused with 8.1.2/6.1",
        run: invalid_eum_certificate,
    },
    case! {
        group: GROUP,
        title: "#08 invalid eUICC certificate",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_03_InvalidEUICCCert"),
        clause: "SGP.22 5.6.3",
        checks: "an eUICC certificate whose signature does not verify under the EUM is refused with 8.1.3/6.1",
        run: invalid_euicc_certificate,
    },
    case! {
        group: GROUP,
        title: "#09 chain under an unknown CI",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_07_UnknownCIKey"),
        clause: "SGP.22 5.6.3",
        checks: "an eUICC and EUM certificate chain of another CI, euiccSigned1 signed with that eUICC's key, is refused with 8.11.1/3.9",
        run: unknown_ci,
    },
    case! {
        group: GROUP,
        title: "#10 unknown Matching ID",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_12_InvalidMatchingID_ActivationCode"),
        clause: "SGP.22 5.6.3",
        checks: "a Matching ID of no order is refused with 8.2.6/3.8",
        run: unknown_matching_id,
    },
    case! {
        group: GROUP,
        title: "#11 order bound to another EID",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_20_UnmatchedEID_ActivationCode"),
        clause: "SGP.22 5.6.3",
        checks: "the Matching ID of an order for another EID (placed over ES2+) is refused with 8.1.1/3.8",
        run: other_eid_case,
    },
    case! {
        group: GROUP,
        title: "#12 profile not released",
        test_case: Some("TC_SM_DP_ES9_AuthenticateClientNIST_Error_ProfileNotReleased"),
        clause: "SGP.22 5.6.3",
        checks: "the Matching ID of an order confirmed without release (ES2+ ConfirmOrder releaseFlag false) is refused with 8.2/1.2",
        run: profile_not_released,
    },
    case! {
        group: GROUP,
        title: "#13 replayed after the session ended",
        test_case: None,
        clause: "SGP.22 5.6.3, 5.6.5",
        checks: "the AuthenticateClient request of a session that succeeded and was then ended by ES9+.CancelSession, sent again unchanged, is refused with 8.10.1/3.9",
        run: replayed_after_cancel,
    },
];

/// Ends the session at both ends (postponed: the order stays downloadable); what the
/// SM-DP+ answers is not this case's subject.
pub(crate) async fn tidy(ctx: &mut Ctx, session: &flow::Session) {
    if let Ok(raw) = flow::cancel_on_card(ctx, session.tid(), CancelSessionReason::Postponed) {
        let _ = flow::cancel_session(ctx, session.tid(), &raw).await;
    }
}

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    StoreMetadataRequest::from_der(&client.profile_metadata)
        .map_err(|e| Stop::fail(format!("profileMetadata: {e}")))?;
    flow::prepare_download(ctx, &client, None)?;
    tidy(ctx, &session).await;
    Ok(())
}

/// A session and the eUICC's AuthenticateResponseOk for it, without a Matching ID (the
/// refusals checked come before the order is looked up).
async fn signed(ctx: &mut Ctx) -> Result<(flow::Session, AuthenticateResponseOk, Vec<u8>), Stop> {
    signed_for(ctx, None).await
}

/// As [`signed`], with `matching_id` in ctxParams1.
async fn signed_for(
    ctx: &mut Ctx,
    matching_id: Option<&str>,
) -> Result<(flow::Session, AuthenticateResponseOk, Vec<u8>), Stop> {
    let session = flow::initiate(ctx).await?;
    let (ok, raw) = flow::authenticate_server(ctx, &session, matching_id)?;
    Ok((session, ok, raw))
}

async fn unknown_transaction_id(ctx: &mut Ctx) -> Result<(), Stop> {
    let (_, _, asr) = signed(ctx).await?;
    let tid = flow::unknown_transaction_id()?;
    let answer = flow::authenticate_client(ctx, &tid, &asr).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}

async fn mismatched_transaction_id(ctx: &mut Ctx) -> Result<(), Stop> {
    // a released order's Matching ID: the transactionId is the only fault
    let matching_id = ctx.matching_id().await?;
    let (session, ok, _) = signed_for(ctx, Some(&matching_id)).await?;
    let mut signed1 = ok.euicc_signed1.value().clone();
    signed1.transaction_id = flow::unknown_transaction_id()?.as_bytes().to_vec();
    let creds = ctx.card.credentials();
    let ok = resigned(ok, signed1, |m| creds.sign(m))?;
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}

async fn signed_octets_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, mut ok, _) = signed(ctx).await?;
    let mut signed1 = ok.euicc_signed1.value().clone();
    match &mut signed1.ctx_params1 {
        CtxParams1::CtxParamsForCommonAuthentication(p) => p.device_info.tac[3] ^= 0x01,
        CtxParams1::Unknown(_) => return Err(Stop::fail("the eUICC signed an unknown ctxParams1")),
    }
    ok.euicc_signed1 = Preserved::new(signed1);
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EUICC_VERIFICATION_FAILED)
}

async fn signature_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, mut ok, _) = signed(ctx).await?;
    ok.euicc_signature1 = flow::flip_last(&ok.euicc_signature1);
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EUICC_VERIFICATION_FAILED)
}

/// `ok` with `signed1` signed by `sign` in place of the eUICC's euiccSigned1.
fn resigned(
    mut ok: AuthenticateResponseOk,
    signed1: EuiccSigned1,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, SignatureError>,
) -> Result<AuthenticateResponseOk, Stop> {
    let signed1 = Preserved::new(signed1);
    ok.euicc_signature1 =
        sign(signed1.raw()).map_err(|e| Stop::fail(format!("signing euiccSigned1: {e}")))?;
    ok.euicc_signed1 = signed1;
    Ok(ok)
}

async fn replayed_server_challenge(ctx: &mut Ctx) -> Result<(), Stop> {
    let earlier = flow::initiate(ctx).await?;
    let earlier = ServerSigned1::from_der(&earlier.init.server_signed1)
        .map_err(|e| Stop::fail(format!("serverSigned1: {e}")))?
        .server_challenge;
    let (session, ok, _) = signed(ctx).await?;
    let mut signed1 = ok.euicc_signed1.value().clone();
    signed1.server_challenge = earlier;
    let creds = ctx.card.credentials();
    let ok = resigned(ok, signed1, |m| creds.sign(m))?;
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EUICC_VERIFICATION_FAILED)
}

fn certificate(octets: &[u8], what: &str) -> Result<Certificate, Stop> {
    Certificate::from_der(octets).map_err(|e| Stop::fail(format!("{what}: {e}")))
}

async fn invalid_eum_certificate(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, mut ok, _) = signed(ctx).await?;
    ok.eum_certificate = certificate(
        &flow::flip_last(&ok.eum_certificate.to_der()),
        "altered EUM certificate",
    )?;
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EUM_CERTIFICATE_VERIFICATION_FAILED)
}

async fn invalid_euicc_certificate(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, mut ok, _) = signed(ctx).await?;
    ok.euicc_certificate = certificate(
        &flow::flip_last(&ok.euicc_certificate.to_der()),
        "altered eUICC certificate",
    )?;
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EUICC_CERTIFICATE_VERIFICATION_FAILED)
}

async fn unknown_ci(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, ok, _) = signed(ctx).await?;
    let foreign = EuiccSource::foreign()?;
    let signed1 = ok.euicc_signed1.value().clone();
    let mut ok = resigned(ok, signed1, |m| foreign.sign(m))?;
    ok.euicc_certificate = certificate(foreign.euicc_certificate(), "foreign eUICC certificate")?;
    ok.eum_certificate = certificate(foreign.eum_certificate(), "foreign EUM certificate")?;
    let asr = flow::authenticate_server_response(ok);
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::CI_PUBLIC_KEY_UNKNOWN)
}

async fn unknown_matching_id(ctx: &mut Ctx) -> Result<(), Stop> {
    let session = flow::initiate(ctx).await?;
    let tid = flow::unknown_transaction_id()?;
    let matching_id = format!("CONFORM-{}", &tid.to_hex()[..12]);
    let (_, asr) = flow::authenticate_server(ctx, &session, Some(&matching_id))?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::MATCHING_ID_REFUSED)
}

/// An EID of the card's EUM (its first 25 digits) that is not the card's.
fn other_eid(eid: &str) -> Result<String, Stop> {
    let digits: Vec<char> = eid.chars().collect();
    if digits.len() != 32 {
        return Err(Stop::fail(format!("EID {eid} is not 32 digits")));
    }
    let mut first30: String = digits[..30].iter().collect();
    let last = if digits[29] == '9' { '0' } else { '9' };
    first30.replace_range(29..30, &last.to_string());
    certs::eid::eid_with_check_digits(&first30).map_err(|e| Stop::fail(e.to_string()))
}

async fn other_eid_case(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = other_eid(ctx.card.eid())?;
    let matching_id = ctx.order(Some(&eid), None).await?;
    let session = flow::initiate(ctx).await?;
    let (_, asr) = flow::authenticate_server(ctx, &session, Some(&matching_id))?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::EID_REFUSED)
}

async fn profile_not_released(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.order_released(None, None, false).await?;
    let session = flow::initiate(ctx).await?;
    let (_, asr) = flow::authenticate_server(ctx, &session, Some(&matching_id))?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::PROFILE_NOT_ALLOWED)
}

async fn replayed_after_cancel(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let session = flow::initiate(ctx).await?;
    let (_, asr) = flow::authenticate_server(ctx, &session, Some(&matching_id))?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.success::<serde_json::Value>()?;
    let cancel = flow::cancel_on_card(ctx, session.tid(), CancelSessionReason::Postponed)?;
    let answer = flow::cancel_session(ctx, session.tid(), &cancel).await?;
    answer.success::<serde_json::Value>()?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}
