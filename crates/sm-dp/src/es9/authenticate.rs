//! ES9+.AuthenticateClient (SGP.22 5.6.3): authenticate the eUICC (CI of the session, chain
//! CI → EUM → eUICC with the EID inside the EUM's prefix, euiccSignature1 over the received
//! euiccSigned1, the echoed serverChallenge), find the order (Matching ID or EID), check it,
//! and sign smdpSigned2 with SK.DPpb.ECDSA over smdpSigned2 ‖ euiccSignature1 TLV.

use proto::der::{Asn1, Preserved};
use proto::json::StatusCode;
use proto::sgp22::{
    AuthenticateClientOk, AuthenticateServerResponse, Certificate, CtxParams1, Iccid,
    NotificationConfigurationInformation, NotificationEvent, OperatorId, ProfileClass, SmdpSigned2,
    StoreMetadataRequest,
};

use super::{Es9Error, open_session, verify_with};
use crate::context::Context;
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    Order, OrderStatus, ProfileType, SessionStep, StoreError, Tx, now_ms, orders, profiles,
    sessions,
};

/// Runs AuthenticateClient for `transaction_id`.
pub(crate) async fn authenticate_client(
    ctx: &Context,
    transaction_id: &[u8],
    response: &AuthenticateServerResponse,
) -> Result<AuthenticateClientOk, Es9Error> {
    let mut tx = ctx.store.begin().await?;
    let mut session = open_session(&mut tx, transaction_id, &[SessionStep::Initiated]).await?;
    let ok = match response {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => ok,
        AuthenticateServerResponse::AuthenticateResponseError(e) => {
            sessions::close(&mut tx, transaction_id).await?;
            tx.commit().await.map_err(StoreError::from)?;
            return Err(Es9Error::EuiccVerification(format!(
                "the eUICC refused the server: {:?}",
                e.authenticate_error_code
            )));
        }
    };
    let signed1 = &ok.euicc_signed1;

    // The chain must end at the CI chosen in InitiateAuthentication.
    let anchor = ctx
        .creds
        .ci(&session.ci_pkid)
        .cloned()
        .ok_or(Es9Error::CiPkUnknown)?;
    let euicc = certs::verify_euicc_chain(
        std::slice::from_ref(&anchor),
        ok.eum_certificate.as_bytes(),
        ok.euicc_certificate.as_bytes(),
        Some(time::OffsetDateTime::now_utc()),
    )
    .map_err(|e| match e {
        certs::ChainError::UnknownCi { .. } => Es9Error::CiPkUnknown,
        other => Es9Error::Chain {
            kind: other.authenticate_client_error(),
            detail: other.to_string(),
        },
    })?;
    let key = proto::crypto::PublicKey::from_uncompressed_point(&euicc.public_key)
        .map_err(|e| Es9Error::Internal(format!("eUICC key: {e}")))?;
    verify_with(&key, signed1.raw(), &ok.euicc_signature1)?;
    if signed1.transaction_id != transaction_id {
        return Err(Es9Error::TransactionIdUnknown(
            "the transactionId signed by the eUICC differs".into(),
        ));
    }
    if signed1.server_challenge[..] != session.server_challenge[..] {
        return Err(Es9Error::EuiccVerification(
            "serverChallenge differs".into(),
        ));
    }
    if !signed1
        .server_address
        .eq_ignore_ascii_case(&session.server_address)
    {
        return Err(Es9Error::EuiccVerification("serverAddress differs".into()));
    }

    let matching_id = match &signed1.ctx_params1 {
        CtxParams1::CtxParamsForCommonAuthentication(c) => c.matching_id.clone(),
        CtxParams1::Unknown(_) => return Err(Es9Error::MatchingIdRefused),
    };
    let order = match matching_id.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => orders::by_matching_id(&mut tx, m).await?,
        None => orders::open_for_eid_without_matching_id(&mut tx, &euicc.eid).await?,
    }
    .filter(|o| o.status == OrderStatus::Open)
    .ok_or(Es9Error::MatchingIdRefused)?;
    let profile = profiles::profile(&mut tx, &order.iccid)
        .await?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    let ptype = profiles::profile_type(&mut tx, &profile.profile_type)
        .await?
        .ok_or_else(|| Es9Error::Internal("profile without type".into()))?;

    if let Err(refusal) = eligible(ctx, &order, profile.state, &euicc.eid) {
        report(ctx, &mut tx, &order, &ptype, Some(&euicc.eid), &refusal).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Err(refusal);
    }

    let metadata = store_metadata(ctx, &order.iccid, &profile.imsi, &ptype)?;
    let signed2 = Preserved::new(SmdpSigned2 {
        transaction_id: transaction_id.to_vec(),
        cc_required_flag: order.cc_hash.is_some(),
        bpp_euicc_otpk: order.bpp_euicc_otpk.clone(),
    });
    let mut to_sign = signed2.raw().to_vec();
    to_sign.extend(crate::http::signature_tlv(&ok.euicc_signature1));
    let signature2 = ctx
        .creds
        .dp_pb_key
        .sign(&to_sign)
        .map_err(|e| Es9Error::Internal(format!("signing smdpSigned2: {e}")))?;

    session.eid = Some(euicc.eid.clone());
    session.euicc_cert = Some(ok.euicc_certificate.as_bytes().to_vec());
    session.eum_cert = Some(ok.eum_certificate.as_bytes().to_vec());
    session.euicc_info2 = Some(signed1.euicc_info2.to_der());
    session.order_id = Some(order.id.clone());
    session.profile_metadata = Some(metadata.to_der());
    session.smdp_signed2 = Some(signed2.raw().to_vec());
    session.smdp_signature2 = Some(signature2.as_raw().to_vec());
    sessions::authenticated(&mut tx, &session).await?;
    orders::count_download_attempt(&mut tx, &order.id).await?;
    if order.eid.is_none() {
        // From now on the order belongs to this eUICC (SGP.22 5.6.3: the EID is associated
        // with the profile once the eUICC is authenticated).
        orders::bind_eid(&mut tx, &order.id, &euicc.eid).await?;
    }
    queue(
        ctx,
        &mut tx,
        Progress {
            operator: &order.operator,
            eid: Some(&euicc.eid),
            iccid: &order.iccid,
            profile_type: &ptype.name,
            point: NotificationPoint::EligibilityCheck,
            failure: None,
            result_data: None,
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    ctx.outbox_wakeup.notify_one();
    tracing::info!(eid = %euicc.eid, iccid = %order.iccid, "eUICC authenticated for a download");

    Ok(AuthenticateClientOk {
        transaction_id: transaction_id.to_vec(),
        profile_meta_data: metadata,
        smdp_signed2: signed2,
        smdp_signature2: signature2.as_raw().to_vec(),
        smdp_certificate: Certificate(proto::der::RawSequence(ctx.creds.dp_pb_cert.clone())),
    })
}

/// The order checks of SGP.22 5.6.3: EID binding, release, expiry, download attempts.
fn eligible(ctx: &Context, order: &Order, state: ProfileState, eid: &str) -> Result<(), Es9Error> {
    if order.eid.as_deref().is_some_and(|e| e != eid) {
        return Err(Es9Error::EidRefused);
    }
    match state {
        ProfileState::Released | ProfileState::Downloaded => {}
        ProfileState::Allocated | ProfileState::Linked | ProfileState::Confirmed => {
            return Err(Es9Error::ProfileNotReleased);
        }
        _ => return Err(Es9Error::MatchingIdRefused),
    }
    if order.is_expired(now_ms()) {
        return Err(Es9Error::OrderExpired);
    }
    if order.download_attempts >= i64::from(ctx.policy.max_download_attempts) {
        return Err(Es9Error::DownloadRetriesExceeded);
    }
    Ok(())
}

/// Tells the operator that the eligibility check refused the download.
async fn report(
    ctx: &Context,
    tx: &mut Tx,
    order: &Order,
    ptype: &ProfileType,
    eid: Option<&str>,
    refusal: &Es9Error,
) -> Result<(), StoreError> {
    let code: StatusCode = refusal.status_code();
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid,
            iccid: &order.iccid,
            profile_type: &ptype.name,
            point: NotificationPoint::EligibilityCheck,
            failure: Some((code, refusal.to_string())),
            result_data: None,
        },
    )
    .await
}

/// The profile's metadata (SGP.22 5.5.3): ICCID, names and class of its type, the owner's
/// PLMN from the IMSI, and this SM-DP+ as the receiver of enable, disable and delete
/// notifications (the installation result always comes back to the SM-DP+).
pub(crate) fn store_metadata(
    ctx: &Context,
    iccid: &str,
    imsi: &str,
    ptype: &ProfileType,
) -> Result<StoreMetadataRequest, Es9Error> {
    let iccid = proto::ids::Iccid::parse_lenient(iccid)
        .map_err(|e| Es9Error::Internal(format!("stored ICCID: {e}")))?;
    let profile_owner = proto::ids::Imsi::parse(imsi)
        .ok()
        .and_then(|i| i.plmn_by_mcc().ok())
        .map(|p| OperatorId {
            mcc_mnc: p.to_bytes(),
            gid1: None,
            gid2: None,
        });
    let class = match ptype.profile_class {
        0 => ProfileClass::Test,
        1 => ProfileClass::Provisioning,
        _ => ProfileClass::Operational,
    };
    Ok(StoreMetadataRequest {
        iccid: Iccid(iccid.to_swapped_bcd()),
        service_provider_name: ptype.service_provider_name.clone(),
        profile_name: ptype.profile_name.clone(),
        icon_type: None,
        icon: None,
        profile_class: class,
        notification_configuration_info: Some(vec![NotificationConfigurationInformation {
            profile_management_operation: NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_ENABLE,
                NotificationEvent::NOTIFICATION_DISABLE,
                NotificationEvent::NOTIFICATION_DELETE,
            ]),
            notification_address: ctx.address.clone(),
        }]),
        profile_owner,
        profile_policy_rules: None,
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    })
}
