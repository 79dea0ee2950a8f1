//! ES9+.AuthenticateClient (SGP.22 5.6.3): authenticate the eUICC (CI of the session, chain
//! CI → EUM → eUICC with the EID inside the EUM's prefix, euiccSignature1 over the received
//! euiccSigned1, the echoed serverChallenge), find the order (Matching ID or EID), check it,
//! and sign smdpSigned2 with SK.DPpb.ECDSA over smdpSigned2 ‖ euiccSignature1 TLV.
//!
//! In four steps, none of which holds a transaction while it computes: the eUICC's chain
//! and signature are checked off the runtime; one read gives the session, the order and its
//! profile; the eligibility is decided and smdpSigned2 signed off the runtime; one write
//! records the authenticated session and the download attempt, re-checking under the row
//! locks that the session is still at its first step and the order still open for this
//! eUICC (another instance may have moved either in between).

use proto::der::{Asn1, Preserved};
use proto::json::StatusCode;
use proto::sgp22::{
    AuthenticateClientOk, AuthenticateResponseOk, AuthenticateServerResponse, Certificate,
    CtxParams1, Iccid, NotificationConfigurationInformation, NotificationEvent, OperatorId,
    ProfileClass, SmdpSigned2, StoreMetadataRequest,
};

use certs::auth::ClientRefusal;

use super::{Es9Error, Work, crypto, usable_session};
use crate::context::{Context, Ctx};
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    Order, OrderStatus, Profile, ProfileType, Session, SessionStep, StoreError, Tx, duration_ms,
    now_ms, orders, profiles, sessions,
};

/// The eUICC as its verified certificates describe it.
type Euicc = certs::auth::AuthenticatedEuicc;

/// What one read gives: the session and, when one matches, the order with its profile.
struct Facts {
    session: Session,
    order: Option<(Order, Profile, ProfileType)>,
}

/// Runs AuthenticateClient for `transaction_id`.
pub(crate) async fn authenticate_client(
    ctx: &Ctx,
    transaction_id: &[u8],
    response: &AuthenticateServerResponse,
) -> Result<AuthenticateClientOk, Es9Error> {
    let ok = accepted(ctx, transaction_id, response).await?;
    let checker = ctx.clone();
    let signed = ok.clone();
    let euicc = crypto(Work::Fixed, move || verify_euicc(&checker, &signed)).await?;

    let matching_id = match &ok.euicc_signed1.ctx_params1 {
        CtxParams1::CtxParamsForCommonAuthentication(_) => matching_id_of(&ok),
        CtxParams1::Unknown(_) => return Err(Es9Error::MatchingIdRefused),
    };
    let (tid, eid) = (transaction_id.to_vec(), euicc.eid.clone());
    let facts = ctx
        .store
        .read_inline(move |tx| read_facts(tx, &tid, matching_id.as_deref(), &eid))
        .await?;

    let session = usable_session(
        Some(facts.session),
        transaction_id,
        &[SessionStep::Initiated],
    )?;
    let Session::Initiated(initiated) = session else {
        return Err(Es9Error::TransactionIdUnknown(hex::encode(transaction_id)));
    };
    check_session(&ok, &initiated, &euicc, transaction_id)?;
    let (order, profile, ptype) = open_order(ctx, facts.order, &ok, &euicc.eid).await?;

    let metadata = store_metadata(ctx, &order.iccid, &profile.imsi, &ptype)?;
    let signed2 = Preserved::new(SmdpSigned2 {
        transaction_id: transaction_id.to_vec(),
        cc_required_flag: order.cc_hash.is_some(),
        bpp_euicc_otpk: order.bpp_euicc_otpk.clone(),
    });
    let mut to_sign = signed2.raw().to_vec();
    to_sign.extend(crate::http::signature_tlv(&ok.euicc_signature1));
    let signature2 = sign_with_dp_pb(ctx, &initiated.ci_pkid, to_sign).await?;
    let dp_pb_cert = ctx
        .creds
        .signing_for(&initiated.ci_pkid)
        .map(|s| s.dp_pb_cert.clone())
        .unwrap_or_default();

    let authenticated = sessions::Authenticated {
        initiated: sessions::Initiated {
            expires_at: now_ms() + duration_ms(ctx.policy.session_ttl),
            ..initiated
        },
        eid: euicc.eid.clone(),
        euicc_cert: ok.euicc_certificate.as_bytes().to_vec(),
        eum_cert: ok.eum_certificate.as_bytes().to_vec(),
        euicc_info2: ok.euicc_signed1.euicc_info2.to_der(),
        order_id: order.id.clone(),
        profile_metadata: metadata.to_der(),
        smdp_signed2: signed2.raw().to_vec(),
        smdp_signature2: signature2.as_raw().to_vec(),
    };
    let writer = ctx.clone();
    let (o, t) = (order.clone(), ptype.name.clone());
    ctx.store
        .write(move |tx| record(&writer, tx, &authenticated, &o, &t))
        .await?;
    ctx.wake_outbox();
    ctx.metrics.download_started();
    tracing::info!(eid = %euicc.eid, iccid = %order.iccid, "eUICC authenticated for a download");

    Ok(AuthenticateClientOk {
        transaction_id: transaction_id.to_vec(),
        profile_meta_data: metadata,
        smdp_signed2: signed2,
        smdp_signature2: signature2.as_raw().to_vec(),
        smdp_certificate: Certificate(proto::der::RawSequence(dp_pb_cert)),
    })
}

/// The open order the eUICC may download (by its Matching ID, or by EID without one), its
/// profile and type; an ineligible one is refused, and the refusal recorded.
async fn open_order(
    ctx: &Ctx,
    found: Option<(Order, Profile, ProfileType)>,
    ok: &AuthenticateResponseOk,
    eid: &str,
) -> Result<(Order, Profile, ProfileType), Es9Error> {
    let by_eid = matching_id_of(ok).is_none();
    let (order, profile, ptype) = found
        .filter(|(o, _, _)| o.status == OrderStatus::Open)
        .ok_or(if by_eid {
            Es9Error::EidRefused
        } else {
            Es9Error::MatchingIdRefused
        })?;
    let info2 = &ok.euicc_signed1.euicc_info2;
    if let Err(refusal) = eligible(ctx, &order, profile.state, eid).and_then(|()| {
        crate::ppr::check(ptype.profile_policy_rules, info2)
            .map_err(|f| Es9Error::NoEligibleProfile(f.to_string()))
    }) {
        refuse(ctx, order, ptype, eid.to_string(), &refusal).await?;
        return Err(refusal);
    }
    Ok((order, profile, ptype))
}

/// The eUICC's AuthenticateResponseOk; an AuthenticateResponseError (the eUICC refused
/// the server) ends the session.
async fn accepted(
    ctx: &Ctx,
    transaction_id: &[u8],
    response: &AuthenticateServerResponse,
) -> Result<AuthenticateResponseOk, Es9Error> {
    match response {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => Ok(ok.clone()),
        AuthenticateServerResponse::AuthenticateResponseError(e) => {
            let tid = transaction_id.to_vec();
            ctx.store.write(move |tx| sessions::close(tx, &tid)).await?;
            Err(Es9Error::EuiccVerification(format!(
                "the eUICC refused the server: {:?}",
                e.authenticate_error_code
            )))
        }
    }
}

/// smdpSignature2: `to_sign` signed with the DPpb key of the session's CI.
async fn sign_with_dp_pb(
    ctx: &Ctx,
    ci_pkid: &[u8],
    to_sign: Vec<u8>,
) -> Result<proto::crypto::Signature, Es9Error> {
    let signer = ctx.clone();
    let ci = ci_pkid.to_vec();
    crypto(Work::Fixed, move || {
        signer
            .creds
            .signing_for(&ci)
            .ok_or_else(|| Es9Error::Internal("the session's CI has no DPpb".into()))?
            .dp_pb_key
            .sign(&to_sign)
            .map_err(|e| Es9Error::Internal(format!("signing smdpSigned2: {e}")))
    })
    .await
}

/// The Matching ID the eUICC sent, `None` when absent or empty: the download is then by EID
/// (the default SM-DP+ or SM-DS use case, SGP.22 5.6.3), and an EID without a pending order
/// is refused as such ("8.1.1 EID / 3.8 Refused", SGP.23's un-matched EID for the default
/// SM-DP+), where an unknown Matching ID is "8.2.6 Matching ID / 3.8 Refused".
fn matching_id_of(ok: &AuthenticateResponseOk) -> Option<String> {
    match &ok.euicc_signed1.ctx_params1 {
        CtxParams1::CtxParamsForCommonAuthentication(c) => {
            c.matching_id.clone().filter(|m| !m.is_empty())
        }
        CtxParams1::Unknown(_) => None,
    }
}

/// The eUICC's chain to one of the trusted CIs and euiccSignature1 over the received
/// euiccSigned1 ([`certs::auth::authenticate_euicc`]).
fn verify_euicc(ctx: &Context, ok: &AuthenticateResponseOk) -> Result<Euicc, Es9Error> {
    certs::auth::authenticate_euicc(&ctx.creds.cis, ok, time::OffsetDateTime::now_utc())
        .map_err(|e| refusal(e.into()))
}

/// The ES9+ error of a refused authentication. An EID failing its check digits is
/// SGP.23's un-matched EID for the default SM-DP+: 8.1.1/3.8.
fn refusal(r: ClientRefusal) -> Es9Error {
    match r {
        ClientRefusal::CiPkUnknown => Es9Error::CiPkUnknown,
        ClientRefusal::InvalidEid(_) => Es9Error::EidRefused,
        ClientRefusal::Chain { kind, detail } => Es9Error::Chain { kind, detail },
        ClientRefusal::EuiccVerification(d) => Es9Error::EuiccVerification(d),
        ClientRefusal::TransactionIdUnknown(d) => Es9Error::TransactionIdUnknown(d),
    }
}

/// What euiccSigned1 must echo of the session (SGP.22 5.6.3), and the session's CI.
fn check_session(
    ok: &AuthenticateResponseOk,
    s: &sessions::Initiated,
    euicc: &Euicc,
    transaction_id: &[u8],
) -> Result<(), Es9Error> {
    let facts = certs::auth::SessionFacts {
        transaction_id,
        server_challenge: &s.server_challenge,
        server_address: &s.server_address,
        ci_ski: &s.ci_pkid,
    };
    certs::auth::check_echo(ok, euicc, &facts).map_err(|e| refusal(e.into()))
}

fn read_facts(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
    matching_id: Option<&str>,
    eid: &str,
) -> Result<Facts, Es9Error> {
    let session = sessions::get(tx, transaction_id)?
        .ok_or_else(|| Es9Error::TransactionIdUnknown(hex::encode(transaction_id)))?;
    let order = match matching_id.filter(|m| !m.is_empty()) {
        Some(m) => orders::by_matching_id(tx, m)?,
        None => orders::open_for_eid_without_matching_id(tx, eid)?,
    };
    let order = match order {
        Some(o) => {
            let profile = profiles::profile(tx, &o.iccid)?
                .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
            let ptype = profiles::profile_type(tx, &profile.profile_type)?
                .ok_or_else(|| Es9Error::Internal("profile without type".into()))?;
            Some((o, profile, ptype))
        }
        None => None,
    };
    Ok(Facts { session, order })
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
    if order.attempts_used_up(i64::from(ctx.policy.max_download_attempts)) {
        return Err(Es9Error::DownloadRetriesExceeded);
    }
    Ok(())
}

/// The authenticated session, the download attempt and the operator's progress report, in
/// one transaction; refused when the session or the order moved since they were read.
fn record(
    ctx: &Context,
    tx: &mut Tx<'_>,
    s: &sessions::Authenticated,
    order: &Order,
    profile_type: &str,
) -> Result<(), Es9Error> {
    if !sessions::authenticate(tx, s)? {
        return Err(Es9Error::TransactionIdUnknown(hex::encode(
            &s.initiated.transaction_id,
        )));
    }
    let max = i64::from(ctx.policy.max_download_attempts);
    if !orders::start_download_attempt(tx, &order.id, &s.eid, max)? {
        return Err(Es9Error::MatchingIdRefused);
    }
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid: Some(&s.eid),
            iccid: &order.iccid,
            profile_type,
            point: NotificationPoint::EligibilityCheck,
            failure: None,
            result_data: None,
        },
    )?;
    Ok(())
}

/// Tells the operator that the eligibility check refused the download.
async fn refuse(
    ctx: &Ctx,
    order: Order,
    ptype: ProfileType,
    eid: String,
    refusal: &Es9Error,
) -> Result<(), StoreError> {
    let code: StatusCode = refusal.status_code();
    let message = refusal.to_string();
    let writer = ctx.clone();
    ctx.store
        .write(move |tx| {
            queue(
                &writer,
                tx,
                Progress {
                    operator: &order.operator,
                    eid: Some(&eid),
                    iccid: &order.iccid,
                    profile_type: &ptype.name,
                    point: NotificationPoint::EligibilityCheck,
                    failure: Some((code, message.clone())),
                    result_data: None,
                },
            )
        })
        .await?;
    ctx.wake_outbox();
    Ok(())
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
        icon_type: ptype
            .icon
            .as_ref()
            .map(|(t, _)| crate::icon::icon_type_from(*t)),
        icon: ptype.icon.as_ref().map(|(_, i)| i.clone()),
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
        profile_policy_rules: crate::ppr::ppr_ids(ptype.profile_policy_rules),
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SGP.23's un-matched EID for the default SM-DP+ presents EID ...1299, whose check
    /// digits fail: 8.1.1/3.8, not an invalid eUICC certificate (8.1.3/6.1).
    #[test]
    fn an_eid_failing_its_check_digits_is_refused_as_an_eid() {
        let e = refusal(
            certs::auth::EuiccAuthError::Chain(certs::ChainError::InvalidEid {
                eid: "89049032123451234512345678901299".into(),
            })
            .into(),
        );
        assert_eq!(e.status_code(), StatusCode::EID_REFUSED);
    }
}
