//! ES9+.GetBoundProfilePackage (SGP.22 5.6.2): verify euiccSignature2 over the received
//! euiccSigned2 ‖ smdpSignature2 TLV, match the transaction IDs, check the order (expiry,
//! confirmation code with its retry limit), apply the rebinding rules, and bind.
//!
//! Rebinding: once a BPP is bound, the order keeps it with the otPK.EUICC.ECKA it is bound to
//! (offered again as bppEuiccOtpk in smdpSigned2 of a later session). The same key gets the
//! same package: the stored bytes within the session that bound it, and the same segments
//! under a fresh InitialiseSecureChannel (new transactionId, new smdpSign) in a later
//! session. Another key (the eUICC no longer holds the first one) gets a new binding under a
//! fresh otPK.DP.ECKA when the policy allows rebinding (the default), else
//! bppRebindingRefused (8.2/3.7, "BPP not available for a new binding").
//!
//! One read gives the session, the order and (when a package must be bound) the profile
//! package; the signature check and the binding run off the runtime with no transaction
//! open; one write keeps the package and moves session and profile, re-checking that the
//! order is still open and the session still usable.

use proto::bpp::{BindRequest, ProfileSource, bind_profile_package, protect_profile};
use proto::crypto::{BspKeys, PublicKey, hash_cc::hash_cc_with_stored};
use proto::der::{Asn1, Preserved};
use proto::sgp22::{
    BoundProfilePackage, ConfigureISDPRequest, DpProprietaryData, InitialiseSecureChannelRequest,
    PrepareDownloadResponse, PrepareDownloadResponseOk, StoreMetadataRequest,
};

use super::{Es9Error, Work, crypto, usable_session, verify_euicc_signature};
use crate::context::{Context, Ctx};
use crate::credentials::CiCredentials;
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    Order, OrderStatus, Profile, SessionStep, Tx, now_ms, orders, profiles, random_bytes, sessions,
};

/// What one read gives.
struct Facts {
    session: sessions::Authenticated,
    order: Order,
    profile: Profile,
    /// The personalized package, when no stored BPP can be reused.
    package: Option<Vec<u8>>,
}

/// What the checks decided.
enum Outcome {
    /// The package (DER) for the eUICC.
    Package(Vec<u8>),
    /// A wrong confirmation code, to be counted.
    WrongCode,
}

/// Runs GetBoundProfilePackage; returns the BPP as DER.
pub(crate) async fn get_bound_profile_package(
    ctx: &Ctx,
    transaction_id: &[u8],
    response: &PrepareDownloadResponse,
) -> Result<Vec<u8>, Es9Error> {
    let ok = match response {
        PrepareDownloadResponse::DownloadResponseOk(ok) => ok.clone(),
        PrepareDownloadResponse::DownloadResponseError(e) => {
            return Err(Es9Error::EuiccVerification(format!(
                "the eUICC refused PrepareDownload: {:?}",
                e.download_error_code
            )));
        }
    };
    let tid = transaction_id.to_vec();
    let otpk = ok.euicc_signed2.euicc_otpk.clone();
    let facts = ctx
        .store
        .read_inline(move |tx| read_facts(tx, &tid, &otpk))
        .await?;
    let worker = ctx.clone();
    let tid = transaction_id.to_vec();
    let work = Work::Package(facts.package.as_ref().map_or(0, Vec::len));
    let (outcome, facts) = crypto(work, move || {
        let outcome = check_and_bind(&worker, &facts, &ok, &tid)?;
        Ok((outcome, facts))
    })
    .await?;
    let order = facts.order.clone();
    let writer = ctx.clone();
    let tid = transaction_id.to_vec();
    let euicc_otpk = response_otpk(response);
    let der = match outcome {
        Outcome::WrongCode => {
            let refusal = ctx
                .store
                .write(move |tx| count_wrong_code(&writer, tx, &facts))
                .await?;
            ctx.wake_outbox();
            return Err(refusal);
        }
        Outcome::Package(der) => der,
    };
    let stored = der.clone();
    ctx.store
        .write(move |tx| record(&writer, tx, &facts, &stored, &euicc_otpk, &tid))
        .await?;
    ctx.wake_outbox();
    tracing::info!(eid = %order.eid.as_deref().unwrap_or("-"), iccid = %order.iccid, bytes = der.len(), "bound profile package delivered");
    Ok(der)
}

fn response_otpk(r: &PrepareDownloadResponse) -> Vec<u8> {
    match r {
        PrepareDownloadResponse::DownloadResponseOk(ok) => ok.euicc_signed2.euicc_otpk.clone(),
        PrepareDownloadResponse::DownloadResponseError(_) => Vec::new(),
    }
}

fn read_facts(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
    euicc_otpk: &[u8],
) -> Result<Facts, Es9Error> {
    let session = usable_session(
        sessions::get(tx, transaction_id)?,
        transaction_id,
        &[SessionStep::Authenticated, SessionStep::Bound],
    )?;
    let session = session
        .authenticated()
        .cloned()
        .ok_or_else(|| Es9Error::TransactionIdUnknown(hex::encode(transaction_id)))?;
    let order = orders::by_id(tx, &session.order_id)?
        .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
    let profile = profiles::profile(tx, &order.iccid)?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    let reusable = order.bpp.is_some() && order.bpp_euicc_otpk.as_deref() == Some(euicc_otpk);
    let package = if reusable {
        None
    } else {
        profiles::package(tx, &order.iccid)?
    };
    Ok(Facts {
        session,
        order,
        profile,
        package,
    })
}

/// The checks of SGP.22 5.6.2 and the package, all without the database.
fn check_and_bind(
    ctx: &Context,
    f: &Facts,
    ok: &PrepareDownloadResponseOk,
    transaction_id: &[u8],
) -> Result<Outcome, Es9Error> {
    let signed2 = &ok.euicc_signed2;
    let mut covered = signed2.raw().to_vec();
    covered.extend(crate::http::signature_tlv(&f.session.smdp_signature2));
    verify_euicc_signature(&f.session.euicc_cert, &covered, &ok.euicc_signature2)?;
    if signed2.transaction_id != transaction_id {
        return Err(Es9Error::TransactionIdUnknown(
            "the transactionId signed by the eUICC differs".into(),
        ));
    }
    let order = &f.order;
    let limit = i64::from(ctx.policy.cc_retry_limit);
    if order.status != OrderStatus::Open {
        return Err(if order.cc_attempts >= limit && order.cc_hash.is_some() {
            Es9Error::ConfirmationCodeRetriesExceeded
        } else {
            Es9Error::ProfileNotReleased
        });
    }
    if order.is_expired(now_ms()) {
        return Err(Es9Error::OrderExpired);
    }
    if let Some(stored) = order.cc_hash.as_deref() {
        if order.cc_attempts >= limit {
            return Err(Es9Error::ConfirmationCodeRetriesExceeded);
        }
        let Some(received) = signed2.hash_cc.as_ref() else {
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
        if diff != 0 {
            return Ok(Outcome::WrongCode);
        }
    }
    let euicc_otpk = &signed2.euicc_otpk;
    let der = match (&order.bpp, &order.bpp_euicc_otpk) {
        (Some(bpp), Some(bound_to)) if bound_to == euicc_otpk => {
            if order.bpp_transaction_id.as_deref() == Some(transaction_id) {
                bpp.clone()
            } else {
                rebind_for_session(ctx, f, bpp, transaction_id, euicc_otpk)?
            }
        }
        (Some(_), _) if !ctx.policy.allow_rebinding => return Err(Es9Error::BppRebindingRefused),
        _ => bind(ctx, f, euicc_otpk)?,
    };
    Ok(Outcome::Package(der))
}

/// SGP.22 5.6.2: a wrong confirmation code counts towards the retry limit, after which the
/// order is unusable. The count is committed with the refusal.
fn count_wrong_code(ctx: &Context, tx: &mut Tx<'_>, f: &Facts) -> Result<Es9Error, Es9Error> {
    let order = &f.order;
    let eid = &f.session.eid;
    let attempts = orders::count_cc_failure(tx, &order.id)?;
    let refusal = if attempts >= i64::from(ctx.policy.cc_retry_limit) {
        orders::set_status(tx, &order.id, OrderStatus::Failed)?;
        crate::es12::queue_deletion(tx, order)?;
        profiles::set_state(
            tx,
            &order.iccid,
            ProfileState::Error,
            Some(eid),
            Some("confirmation code retries exceeded"),
        )?;
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
            profile_type: &f.profile.profile_type,
            point: NotificationPoint::ConfirmationFailure,
            failure: Some((refusal.status_code(), refusal.to_string())),
            result_data: None,
        },
    )?;
    tracing::info!(iccid = %order.iccid, attempts, "wrong confirmation code");
    Ok(refusal)
}

/// The delivered package kept with the order, the session bound, the profile Downloaded.
fn record(
    ctx: &Context,
    tx: &mut Tx<'_>,
    f: &Facts,
    der: &[u8],
    euicc_otpk: &[u8],
    transaction_id: &[u8],
) -> Result<(), Es9Error> {
    let order = &f.order;
    if !orders::store_bpp(tx, &order.id, der, euicc_otpk, transaction_id)? {
        return Err(Es9Error::ProfileNotReleased);
    }
    if !sessions::bind(tx, transaction_id, euicc_otpk)? {
        return Err(Es9Error::TransactionIdUnknown(hex::encode(transaction_id)));
    }
    let eid = &f.session.eid;
    if profiles::claim(
        tx,
        &order.iccid,
        ProfileState::Released,
        ProfileState::Downloaded,
        Some(eid),
        "bound profile package delivered",
    )? {
        queue(
            ctx,
            tx,
            Progress {
                operator: &order.operator,
                eid: Some(eid),
                iccid: &order.iccid,
                profile_type: &f.profile.profile_type,
                point: NotificationPoint::BppDownload,
                failure: None,
                result_data: None,
            },
        )?;
    }
    Ok(())
}

/// DPpb of the session's CI (chosen in InitiateAuthentication).
fn session_signing<'a>(ctx: &'a Context, f: &Facts) -> Result<&'a CiCredentials, Es9Error> {
    ctx.creds
        .signing_for(&f.session.initiated.ci_pkid)
        .ok_or_else(|| Es9Error::Internal("the session's CI has no DPpb".into()))
}

/// Binds the order's profile for this session (SGP.22 5.5): ConfigureISDP with the SM-DP+
/// OID, the StoreMetadata sent in AuthenticateClient, and the personalized package,
/// protected under fresh PPK keys first when the policy asks for it.
fn bind(ctx: &Context, f: &Facts, euicc_otpk: &[u8]) -> Result<Vec<u8>, Es9Error> {
    let package = f
        .package
        .as_deref()
        .ok_or_else(|| Es9Error::Internal("profile package missing".into()))?;
    let metadata = StoreMetadataRequest::from_der(&f.session.profile_metadata)
        .map_err(|e| Es9Error::Internal(format!("stored metadata: {e}")))?;
    let signing = session_signing(ctx, f)?;
    // otPK.EUICC.ECKA is on the curve of CERT.DPpb.ECDSA (SGP.22 3.1.3).
    let otpk = PublicKey::from_uncompressed_point_on(signing.curve, euicc_otpk)
        .map_err(|e| Es9Error::Malformed(format!("euiccOtpk: {e}")))?;
    let eid_bcd = proto::ids::Eid::parse_lenient(&f.session.eid)
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
        segments = protect_profile(&ppk, package)
            .map_err(|e| Es9Error::Internal(format!("protecting the profile: {e}")))?;
        ProfileSource::Protected {
            keys: &ppk,
            segments: &segments,
        }
    } else {
        ProfileSource::Unprotected(package)
    };
    let bound = bind_profile_package(&BindRequest {
        transaction_id: &f.session.initiated.transaction_id,
        host_id: &ctx.policy.host_id,
        eid: &eid_bcd,
        euicc_otpk: &otpk,
        dp_pb_key: &signing.dp_pb_key,
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
    f: &Facts,
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
    isc.smdp_sign = session_signing(ctx, f)?
        .dp_pb_key
        .sign(&signed)
        .map_err(|e| Es9Error::Internal(format!("smdpSign: {e}")))?
        .as_raw()
        .to_vec();
    bpp.initialise_secure_channel_request = Preserved::new(isc);
    Ok(bpp.to_der())
}
