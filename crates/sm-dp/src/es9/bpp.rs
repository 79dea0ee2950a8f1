//! ES9+.GetBoundProfilePackage (SGP.22 5.6.2): verify euiccSignature2 over the received
//! euiccSigned2 ‖ smdpSignature2 TLV, match the transaction IDs, check the order (expiry,
//! confirmation code with its retry limit), apply the rebinding rules, and bind.
//!
//! Rebinding: once a BPP is bound, the order keeps it with the otPK.EUICC.ECKA it is bound to
//! (offered again as bppEuiccOtpk in smdpSigned2 of a later session). The same key gets the
//! same package: the stored bytes within the session that bound it, and the same segments
//! under a fresh InitialiseSecureChannel (new transactionId, new smdpSign) in a later
//! session. Another key is refused with bppRebindingRefused unless the policy allows
//! rebinding.

use proto::bpp::{BindRequest, ProfileSource, bind_profile_package, protect_profile};
use proto::crypto::{BspKeys, PublicKey, hash_cc::hash_cc_with_stored};
use proto::der::{Asn1, Preserved};
use proto::sgp22::{
    BoundProfilePackage, ConfigureISDPRequest, DpProprietaryData, InitialiseSecureChannelRequest,
    PrepareDownloadResponse, StoreMetadataRequest,
};

use super::{Es9Error, open_session, verify_euicc_signature};
use crate::context::Context;
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    Order, OrderStatus, Session, SessionStep, StoreError, Tx, now_ms, orders, profiles,
    random_bytes, sessions,
};

/// Runs GetBoundProfilePackage; returns the BPP as DER.
pub(crate) async fn get_bound_profile_package(
    ctx: &Context,
    transaction_id: &[u8],
    response: &PrepareDownloadResponse,
) -> Result<Vec<u8>, Es9Error> {
    let mut tx = ctx.store.begin().await?;
    let session = open_session(
        &mut tx,
        transaction_id,
        &[SessionStep::Authenticated, SessionStep::Bound],
    )
    .await?;
    let ok = match response {
        PrepareDownloadResponse::DownloadResponseOk(ok) => ok,
        PrepareDownloadResponse::DownloadResponseError(e) => {
            return Err(Es9Error::EuiccVerification(format!(
                "the eUICC refused PrepareDownload: {:?}",
                e.download_error_code
            )));
        }
    };
    let (Some(cert), Some(smdp_signature2), Some(order_id), Some(eid)) = (
        session.euicc_cert.as_deref(),
        session.smdp_signature2.as_deref(),
        session.order_id.as_deref(),
        session.eid.as_deref(),
    ) else {
        return Err(Es9Error::Internal(
            "authenticated session incomplete".into(),
        ));
    };
    let signed2 = &ok.euicc_signed2;
    let mut covered = signed2.raw().to_vec();
    covered.extend(crate::http::signature_tlv(smdp_signature2));
    verify_euicc_signature(cert, &covered, &ok.euicc_signature2)?;
    if signed2.transaction_id != transaction_id {
        return Err(Es9Error::TransactionIdUnknown(
            "the transactionId signed by the eUICC differs".into(),
        ));
    }

    let order = orders::by_id(&mut tx, order_id)
        .await?
        .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
    let profile = profiles::profile(&mut tx, &order.iccid)
        .await?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    let ptype = profile.profile_type.clone();
    if order.status != OrderStatus::Open {
        return Err(
            if order.cc_attempts >= i64::from(ctx.policy.cc_retry_limit) && order.cc_hash.is_some()
            {
                Es9Error::ConfirmationCodeRetriesExceeded
            } else {
                Es9Error::ProfileNotReleased
            },
        );
    }
    if order.is_expired(now_ms()) {
        return Err(Es9Error::OrderExpired);
    }
    if let Err(e) = check_confirmation_code(
        ctx,
        &mut tx,
        &order,
        &ptype,
        eid,
        transaction_id,
        signed2.hash_cc.as_ref(),
    )
    .await
    {
        tx.commit().await.map_err(StoreError::from)?;
        ctx.outbox_wakeup.notify_one();
        return Err(e);
    }

    let euicc_otpk = &signed2.euicc_otpk;
    let der = match (&order.bpp, &order.bpp_euicc_otpk) {
        (Some(bpp), Some(bound_to)) if bound_to == euicc_otpk => {
            if order.bpp_transaction_id.as_deref() == Some(transaction_id) {
                bpp.clone()
            } else {
                rebind_for_session(ctx, bpp, transaction_id, euicc_otpk)?
            }
        }
        (Some(_), _) if !ctx.policy.allow_rebinding => return Err(Es9Error::BppRebindingRefused),
        _ => bind(ctx, &mut tx, &session, &order, eid, euicc_otpk).await?,
    };

    orders::store_bpp(&mut tx, &order.id, &der, euicc_otpk, transaction_id).await?;
    sessions::bound(&mut tx, transaction_id, euicc_otpk).await?;
    if profile.state != ProfileState::Downloaded {
        profiles::set_state(
            &mut tx,
            &order.iccid,
            ProfileState::Downloaded,
            Some(eid),
            Some("bound profile package delivered"),
        )
        .await?;
        queue(
            ctx,
            &mut tx,
            Progress {
                operator: &order.operator,
                eid: Some(eid),
                iccid: &order.iccid,
                profile_type: &ptype,
                point: NotificationPoint::BppDownload,
                failure: None,
                result_data: None,
            },
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    ctx.outbox_wakeup.notify_one();
    tracing::info!(eid, iccid = %order.iccid, bytes = der.len(), "bound profile package delivered");
    Ok(der)
}

/// SGP.22 5.6.2: hashCc = SHA256(SHA256(CC) ‖ transactionId) when the order has a code; a
/// wrong one counts towards the retry limit, after which the order is unusable. The count
/// is committed with the refusal.
async fn check_confirmation_code(
    ctx: &Context,
    tx: &mut Tx,
    order: &Order,
    profile_type: &str,
    eid: &str,
    transaction_id: &[u8],
    hash_cc: Option<&[u8; 32]>,
) -> Result<(), Es9Error> {
    let Some(stored) = order.cc_hash.as_deref() else {
        return Ok(());
    };
    let limit = i64::from(ctx.policy.cc_retry_limit);
    if order.cc_attempts >= limit {
        return Err(Es9Error::ConfirmationCodeRetriesExceeded);
    }
    let Some(received) = hash_cc else {
        return Err(Es9Error::ConfirmationCodeMissing);
    };
    let stored: [u8; 32] = stored
        .try_into()
        .map_err(|_| Es9Error::Internal("stored confirmation code hash".into()))?;
    let expected = hash_cc_with_stored(&stored, transaction_id);
    // Compared without an early exit, so timing tells nothing about the stored hash.
    let diff = expected
        .iter()
        .zip(received.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if diff == 0 {
        return Ok(());
    }
    let attempts = orders::count_cc_failure(tx, &order.id).await?;
    let refusal = if attempts >= limit {
        orders::set_status(tx, &order.id, OrderStatus::Failed).await?;
        profiles::set_state(
            tx,
            &order.iccid,
            ProfileState::Error,
            Some(eid),
            Some("confirmation code retries exceeded"),
        )
        .await?;
        Es9Error::ConfirmationCodeRetriesExceeded
    } else {
        Es9Error::ConfirmationCodeRefused
    };
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid: Some(eid),
            iccid: &order.iccid,
            profile_type,
            point: NotificationPoint::ConfirmationFailure,
            failure: Some((refusal.status_code(), refusal.to_string())),
            result_data: None,
        },
    )
    .await?;
    tracing::info!(iccid = %order.iccid, attempts, "wrong confirmation code");
    Err(refusal)
}

/// Binds the order's profile for this session (SGP.22 5.5): ConfigureISDP with the SM-DP+
/// OID, the StoreMetadata sent in AuthenticateClient, and the personalized package,
/// protected under fresh PPK keys first when the policy asks for it.
async fn bind(
    ctx: &Context,
    tx: &mut Tx,
    session: &Session,
    order: &Order,
    eid: &str,
    euicc_otpk: &[u8],
) -> Result<Vec<u8>, Es9Error> {
    let package = profiles::package(tx, &order.iccid)
        .await?
        .ok_or_else(|| Es9Error::Internal("profile package missing".into()))?;
    let metadata = session
        .profile_metadata
        .as_deref()
        .ok_or_else(|| Es9Error::Internal("session without metadata".into()))
        .and_then(|m| {
            StoreMetadataRequest::from_der(m)
                .map_err(|e| Es9Error::Internal(format!("stored metadata: {e}")))
        })?;
    let otpk = PublicKey::from_uncompressed_point(euicc_otpk)
        .map_err(|e| Es9Error::Malformed(format!("euiccOtpk: {e}")))?;
    let eid_bcd = proto::ids::Eid::parse_lenient(eid)
        .map_err(|e| Es9Error::Internal(format!("stored EID: {e}")))?
        .to_bcd();
    let dp_oid = ctx
        .oid
        .parse()
        .map_err(|e| Es9Error::Internal(format!("SM-DP+ OID: {e}")))?;
    let configure = ConfigureISDPRequest {
        dp_proprietary_data: Some(DpProprietaryData { dp_oid }),
    };
    let ppk;
    let segments;
    let profile = if ctx.policy.protected_profiles {
        ppk = BspKeys::new(random_bytes()?, random_bytes()?, random_bytes()?);
        segments = protect_profile(&ppk, &package)
            .map_err(|e| Es9Error::Internal(format!("protecting the profile: {e}")))?;
        ProfileSource::Protected {
            keys: &ppk,
            segments: &segments,
        }
    } else {
        ProfileSource::Unprotected(&package)
    };
    let bound = bind_profile_package(&BindRequest {
        transaction_id: &session.transaction_id,
        host_id: &ctx.policy.host_id,
        eid: &eid_bcd,
        euicc_otpk: &otpk,
        dp_pb_key: &ctx.creds.dp_pb_key,
        configure_isdp: &configure,
        store_metadata: &metadata,
        profile,
    })
    .map_err(|e| Es9Error::Internal(format!("binding: {e}")))?;
    Ok(bound.package.to_der())
}

/// The stored package with a new InitialiseSecureChannel for another session: same
/// otPK.DP.ECKA and segments, this transactionId, smdpSign over the new data objects and the
/// same otPK.EUICC.ECKA.
fn rebind_for_session(
    ctx: &Context,
    stored: &[u8],
    transaction_id: &[u8],
    euicc_otpk: &[u8],
) -> Result<Vec<u8>, Es9Error> {
    let corrupt = |e: proto::der::DecodeError| Es9Error::Internal(format!("stored BPP: {e}"));
    let mut bpp = BoundProfilePackage::from_der(stored).map_err(corrupt)?;
    let mut isc: InitialiseSecureChannelRequest =
        bpp.initialise_secure_channel_request.value().clone();
    isc.transaction_id = transaction_id.to_vec();
    isc.smdp_sign = Vec::new();
    let signed =
        InitialiseSecureChannelRequest::signed_data(&isc.to_der(), euicc_otpk).map_err(corrupt)?;
    isc.smdp_sign = ctx
        .creds
        .dp_pb_key
        .sign(&signed)
        .map_err(|e| Es9Error::Internal(format!("smdpSign: {e}")))?
        .as_raw()
        .to_vec();
    bpp.initialise_secure_channel_request = Preserved::new(isc);
    Ok(bpp.to_der())
}
