//! ES9+.GetBoundProfilePackage (SGP.22 5.6.2; SGP.23 4.3.13): the SM-DP+ checks
//! euiccSignature2 over the octets received, the transaction and the Confirmation Code
//! (with its retry limit), then binds the profile for the eUICC's one-time key, or gives a
//! retry of the same order the package bound before.

use proto::der::{Asn1, Preserved};
use proto::json::StatusCode;
use proto::json::es9p::{AuthenticateClientResponse, GetBoundProfilePackageResponse};
use proto::sgp22::{CancelSessionReason, SmdpSigned2};

use super::case;
use crate::Stop;
use crate::error::ensure;
use crate::smdp::es9p::authenticate_client::tidy;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+.GetBoundProfilePackage";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nominal",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_01_Nominal"),
        clause: "SGP.22 5.6.2",
        checks: "Executed-Success with a bound profile package of this session that the eUICC installs (ES10b.LoadBoundProfilePackage ends in a successful ProfileInstallationResult)",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 euiccSignature2 altered",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Error_InvalidSignature"),
        clause: "SGP.22 5.6.2",
        checks: "euiccSignature2 with one bit flipped is refused with 8.1/6.1",
        run: signature_altered,
    },
    case! {
        group: GROUP,
        title: "#03 unknown transaction ID",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Error_UnknownTransactionIdJSON"),
        clause: "SGP.22 5.6.2",
        checks: "a transactionId no session has, with a valid prepareDownloadResponse, is refused with 8.10.1/3.9",
        run: unknown_transaction_id,
    },
    case! {
        group: GROUP,
        title: "#04 refused confirmation code",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Error_RefusedConfirmationCode"),
        clause: "SGP.22 5.6.2",
        checks: "for an order with a Confirmation Code (placed over ES2+), smdpSigned2 sets ccRequiredFlag and a hashCc of another code is refused with 8.2.7/3.8",
        run: refused_confirmation_code,
    },
    case! {
        group: GROUP,
        title: "#05 session cancelled, then continued",
        test_case: None,
        clause: "SGP.22 5.6.5",
        checks: "after ES9+.CancelSession of the session, its GetBoundProfilePackage is refused with 8.10.1/3.9",
        run: cancelled_then_continued,
    },
    case! {
        group: GROUP,
        title: "#06 missing confirmation code",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Error_MissingConfirmationCode"),
        clause: "SGP.22 5.6.2",
        checks: "for an order with a Confirmation Code (placed over ES2+), euiccSigned2 signed by the eUICC without hashCc is refused with 8.2.7/2.2",
        run: missing_confirmation_code,
    },
    case! {
        group: GROUP,
        title: "#07 confirmation code retry limit",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Error_ConfirmationCodeRetriesExceeded"),
        clause: "SGP.22 5.6.2",
        checks: "for an order with a Confirmation Code (placed over ES2+), wrong codes, one per session, are refused with 8.2.7/3.8 until one is refused with 8.2.7/6.4 (within 10 tries); the order has then ended: the right code gets no package",
        run: confirmation_code_retry_limit,
    },
    case! {
        group: GROUP,
        title: "#08 retry in a new session",
        test_case: Some("TC_SM_DP_ES9_GetBoundProfilePackageNIST_Retry_01_SameOTPK_SENC_NoCC"),
        clause: "SGP.22 5.6.3, 5.6.2, 3.1.3",
        checks: "a bound profile package that never reached the eUICC: a new session of the same order gets a package the eUICC installs; smdpSigned2 offers, if anything, the first session's otPK.EUICC.ECKA as bppEuiccOtpk",
        run: retry_in_new_session,
    },
];

/// The Confirmation Code of the orders, and a wrong one.
const CONFIRMATION_CODE: &str = "12345678";
const WRONG_CODE: &str = "87654321";

/// Wrong codes tried before the case stops waiting for the limit: SGP.22 5.6.2 has one,
/// its number is the SM-DP+'s.
const CC_TRIES: usize = 10;

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    flow::download(ctx, &matching_id).await?;
    Ok(())
}

async fn signature_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let (mut ok, _) = flow::prepare_download(ctx, &client, None)?;
    ok.euicc_signature2 = flow::flip_last(&ok.euicc_signature2);
    let pdr = flow::prepare_download_response(ok);
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.refused(StatusCode::EUICC_VERIFICATION_FAILED)
}

async fn unknown_transaction_id(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (_, client) = flow::authenticated(ctx, &matching_id).await?;
    let (_, pdr) = flow::prepare_download(ctx, &client, None)?;
    let tid = flow::unknown_transaction_id()?;
    let answer = flow::get_bound_profile_package(ctx, &tid, &pdr).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}

async fn refused_confirmation_code(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = ctx.card.eid().to_string();
    let matching_id = ctx.order(Some(&eid), Some(CONFIRMATION_CODE)).await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let signed = SmdpSigned2::from_der(&client.smdp_signed2)
        .map_err(|e| Stop::fail(format!("smdpSigned2: {e}")))?;
    ensure(signed.cc_required_flag, || {
        "authenticateClient: ccRequiredFlag false for an order with a Confirmation Code".into()
    })?;
    let (_, pdr) = flow::prepare_download(ctx, &client, Some(WRONG_CODE))?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.refused(StatusCode::CONFIRMATION_CODE_REFUSED)
}

async fn cancelled_then_continued(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let (_, pdr) = flow::prepare_download(ctx, &client, None)?;
    let cancel = flow::cancel_on_card(ctx, session.tid(), CancelSessionReason::Postponed)?;
    let answer = flow::cancel_session(ctx, session.tid(), &cancel).await?;
    answer.success::<serde_json::Value>()?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}

async fn missing_confirmation_code(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = ctx.card.eid().to_string();
    let matching_id = ctx.order(Some(&eid), Some(CONFIRMATION_CODE)).await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    // the eUICC signs a hashCc; the device's answer leaves it out, signed again
    let (mut ok, _) = flow::prepare_download(ctx, &client, Some(CONFIRMATION_CODE))?;
    let mut signed2 = ok.euicc_signed2.value().clone();
    signed2.hash_cc = None;
    let signed2 = Preserved::new(signed2);
    // euiccSignature2 covers euiccSigned2 and the smdpSignature2 TLV (SGP.22 5.7.5)
    let mut covered = signed2.raw().to_vec();
    covered.extend(flow::signature_tlv(&client.smdp_signature2)?);
    ok.euicc_signature2 = ctx
        .card
        .credentials()
        .sign(&covered)
        .map_err(|e| Stop::fail(format!("signing euiccSigned2: {e}")))?;
    ok.euicc_signed2 = signed2;
    let pdr = flow::prepare_download_response(ok);
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.refused(StatusCode::CONFIRMATION_CODE_MISSING)
}

async fn confirmation_code_retry_limit(ctx: &mut Ctx) -> Result<(), Stop> {
    let eid = ctx.card.eid().to_string();
    let matching_id = ctx.order(Some(&eid), Some(CONFIRMATION_CODE)).await?;
    for n in 1..=CC_TRIES {
        let (session, client) = flow::authenticated(ctx, &matching_id).await?;
        let (_, pdr) = flow::prepare_download(ctx, &client, Some(WRONG_CODE))?;
        let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
        if answer
            .refused(StatusCode::CONFIRMATION_CODE_RETRIES_EXCEEDED)
            .is_ok()
        {
            return order_ended(ctx, &matching_id).await;
        }
        answer
            .refused(StatusCode::CONFIRMATION_CODE_REFUSED)
            .map_err(|e| Stop::fail(format!("wrong code {n}: {e}")))?;
        tidy(ctx, &session).await;
    }
    Err(Stop::fail(format!(
        "{CC_TRIES} wrong confirmation codes, each refused with 8.2.7/3.8: no retry limit (8.2.7/6.4)"
    )))
}

/// After the retry limit the order has ended (SGP.22 5.6.2): a session with the right
/// Confirmation Code is refused, at AuthenticateClient or at GetBoundProfilePackage.
async fn order_ended(ctx: &mut Ctx, matching_id: &str) -> Result<(), Stop> {
    let session = flow::initiate(ctx).await?;
    let (_, asr) = flow::authenticate_server(ctx, &session, Some(matching_id))?;
    let answer = flow::authenticate_client(ctx, session.tid(), &asr).await?;
    if answer.not_executed().is_ok() {
        return Ok(());
    }
    let client: AuthenticateClientResponse = answer.success()?;
    let (_, pdr) = flow::prepare_download(ctx, &client, Some(CONFIRMATION_CODE))?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer
        .not_executed()
        .map_err(|e| Stop::fail(format!("after the retry limit, the right code: {e}")))
}

async fn retry_in_new_session(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let (first, pdr) = flow::prepare_download(ctx, &client, None)?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.success::<GetBoundProfilePackageResponse>()?;
    // the package is lost on its way to the eUICC: the device starts again (SGP.22 3.1.3)
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let signed = SmdpSigned2::from_der(&client.smdp_signed2)
        .map_err(|e| Stop::fail(format!("smdpSigned2: {e}")))?;
    let first_key = &first.euicc_signed2.euicc_otpk;
    ensure(
        signed
            .bpp_euicc_otpk
            .as_ref()
            .is_none_or(|k| k == first_key),
        || "authenticateClient: bppEuiccOtpk is not the first session's otPK.EUICC.ECKA".into(),
    )?;
    let (_, pdr) = flow::prepare_download(ctx, &client, None)?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    let bpp: GetBoundProfilePackageResponse = answer.success()?;
    flow::load(ctx, &bpp.bound_profile_package).map(|_| ())
}
