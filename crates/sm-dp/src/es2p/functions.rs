//! The four operator-called ES2+ functions (SGP.22 5.3.1–5.3.4) over the store.

use proto::json::ResponseHeader;
use proto::json::es2p::{
    CancelOrderRequest, ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest,
    DownloadOrderResponse, FinalProfileStatusIndicator, ReleaseProfileRequest,
};
use sha2::{Digest, Sha256};

use super::Es2Error;
use crate::context::{Context, Ctx};
use crate::state::ProfileState;
use crate::store::{
    Order, OrderStatus, Profile, StoreError, Tx, duration_ms, now_ms, orders, profiles,
    random_bytes,
};

/// Runs `f` in one write transaction with the context, the operator and the request.
async fn in_transaction<R, T>(
    ctx: &Ctx,
    operator: &str,
    req: R,
    f: fn(&Context, &mut Tx<'_>, &str, &R) -> Result<T, Es2Error>,
) -> Result<T, Es2Error>
where
    R: Send + 'static,
    T: Send + 'static,
{
    let (ctx, operator) = (ctx.clone(), operator.to_string());
    ctx.store
        .clone()
        .write(move |tx| f(&ctx, tx, &operator, &req))
        .await
}

/// The profile with this ICCID, if it is the operator's.
fn own_profile(tx: &mut Tx<'_>, operator: &str, iccid: &str) -> Result<Profile, Es2Error> {
    let p = profiles::profile(tx, iccid)?.ok_or(Es2Error::IccidUnknown)?;
    let t = profiles::profile_type(tx, &p.profile_type)?
        .ok_or_else(|| Es2Error::Internal("profile without type".into()))?;
    if t.operator != operator {
        return Err(Es2Error::IccidNotAllowed);
    }
    Ok(p)
}

/// The open order of an operator's profile.
fn own_order(tx: &mut Tx<'_>, operator: &str, iccid: &str) -> Result<(Profile, Order), Es2Error> {
    let p = own_profile(tx, operator, iccid)?;
    let o = orders::open_for_iccid(tx, iccid)?.ok_or_else(|| {
        Es2Error::InvalidTransition(format!("no open order, profile is {}", p.state))
    })?;
    Ok((p, o))
}

/// ES2+.DownloadOrder (SGP.22 5.3.1): reserve a profile, by ICCID or by profile type, for an
/// EID or not yet.
pub(crate) async fn download_order(
    ctx: &Ctx,
    operator: &str,
    req: DownloadOrderRequest,
) -> Result<DownloadOrderResponse, Es2Error> {
    in_transaction(ctx, operator, req, download_order_tx).await
}

fn download_order_tx(
    ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &DownloadOrderRequest,
) -> Result<DownloadOrderResponse, Es2Error> {
    if let Some(eid) = &req.eid {
        super::eid_limit::check(tx, eid.as_str(), ctx.policy.max_open_orders_per_eid)?;
    }
    let profile = match (&req.iccid, &req.profile_type) {
        (Some(iccid), ptype) => {
            let p = own_profile(tx, operator, iccid.as_str())?;
            if ptype.as_deref().is_some_and(|t| t != p.profile_type) {
                return Err(Es2Error::ProfileTypeRefused);
            }
            if p.state != ProfileState::Available {
                return Err(Es2Error::IccidAlreadyInUse);
            }
            p
        }
        (None, Some(ptype)) => {
            let t = profiles::profile_type(tx, ptype)?.ok_or(Es2Error::ProfileTypeUnknown)?;
            if t.operator != operator {
                return Err(Es2Error::ProfileTypeNotAllowed);
            }
            profiles::first_available(tx, ptype)?.ok_or(Es2Error::ProfileTypeUnavailable)?
        }
        (None, None) => return Err(Es2Error::IccidMissing),
    };
    let eid = req.eid.as_ref().map(|e| e.as_str().to_string());
    let state = if eid.is_some() {
        ProfileState::Linked
    } else {
        ProfileState::Allocated
    };
    // A concurrent order (PostgreSQL, several instances) may have taken the profile since
    // it was read: the conditional update settles it.
    let claimed = profiles::claim(
        tx,
        &profile.iccid,
        ProfileState::Available,
        state,
        eid.as_deref(),
        &format!("DownloadOrder by {operator}"),
    )?;
    if !claimed {
        return Err(if req.iccid.is_some() {
            Es2Error::IccidAlreadyInUse
        } else {
            Es2Error::ProfileTypeUnavailable
        });
    }
    orders::create(tx, &profile.iccid, operator, eid.as_deref())?;
    let iccid = proto::ids::Iccid::parse_lenient(&profile.iccid)
        .map_err(|e| Es2Error::Internal(e.to_string()))?;
    Ok(DownloadOrderResponse {
        header: ResponseHeader::success(),
        iccid,
    })
}

/// A fresh Matching ID: four groups of five from an alphabet without look-alikes
/// (`0-9 A-Z` less `O`, `I`), the AC_Token form seen in the field.
fn new_matching_id() -> Result<String, StoreError> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let bytes = random_bytes::<20>()?;
    let mut out = String::with_capacity(23);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
    }
    Ok(out)
}

/// ES2+.ConfirmOrder (SGP.22 5.3.2): EID, Matching ID (given or generated; empty for a
/// download by EID alone), confirmation code (kept as SHA-256), release. With an
/// `smdsAddress` the order's Event is registered at that SM-DS (the `smds` module) before
/// the order's transaction when the profile is released now, else at ReleaseProfile.
pub(crate) async fn confirm_order(
    ctx: &Ctx,
    operator: &str,
    req: ConfirmOrderRequest,
) -> Result<ConfirmOrderResponse, Es2Error> {
    let Some(smds) = req.smds_address.clone() else {
        return in_transaction(ctx, operator, req, confirm_order_tx).await;
    };
    // The checks of the transaction below, and the Event ID (the Matching ID, generated
    // now when none is given) that both the SM-DS and the order will hold.
    let (req, eid, event_id) = in_transaction(ctx, operator, req, plan_event).await?;
    if !req.release_flag {
        return in_transaction(ctx, operator, req, confirm_order_tx).await;
    }
    super::smds::register_event(ctx, smds.as_str(), &eid, &event_id).await?;
    let confirmed = in_transaction(ctx, operator, req, confirm_order_tx).await;
    if confirmed.is_err() {
        super::smds::withdraw_event(ctx, smds.as_str(), &eid, &event_id).await;
    }
    confirmed
}

/// The order as ConfirmOrder would confirm it, with an Event: it needs an EID and an
/// Event ID, which is the Matching ID (generated when none or an empty one is given: the
/// eUICC presents the Event ID back as its Matching ID). Writes nothing.
fn plan_event(
    _ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ConfirmOrderRequest,
) -> Result<(ConfirmOrderRequest, String, String), Es2Error> {
    let (_, order) = confirmable(tx, operator, req)?;
    let eid = confirmed_eid(order.eid.as_deref(), req)?.ok_or(Es2Error::EidMissing)?;
    let mut req = req.clone();
    if req.matching_id.as_deref().is_none_or(str::is_empty) {
        req.matching_id = Some(new_matching_id()?);
    }
    let event_id = confirmed_matching_id(tx, &req, true)?
        .ok_or_else(|| Es2Error::Internal("no Event ID".into()))?;
    Ok((req, eid, event_id))
}

/// The operator's order of `req.iccid`, in a state ConfirmOrder takes.
fn confirmable(
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ConfirmOrderRequest,
) -> Result<(Profile, Order), Es2Error> {
    let (profile, order) = own_order(tx, operator, req.iccid.as_str())?;
    if !matches!(
        profile.state,
        ProfileState::Allocated | ProfileState::Linked
    ) {
        return Err(Es2Error::InvalidTransition(format!(
            "profile is {}",
            profile.state
        )));
    }
    Ok((profile, order))
}

fn confirm_order_tx(
    ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ConfirmOrderRequest,
) -> Result<ConfirmOrderResponse, Es2Error> {
    let (profile, order) = confirmable(tx, operator, req)?;
    let eid = confirmed_eid(order.eid.as_deref(), req)?;
    let matching_id = confirmed_matching_id(tx, req, eid.is_some())?;
    if let Some(smds_address) = &req.smds_address {
        // SGP.22 5.3.2: an Event is registered for the EID, so the order needs one.
        eid.as_deref().ok_or(Es2Error::EidMissing)?;
        orders::set_smds_address(tx, &order.id, smds_address.as_str())?;
    }
    let cc_hash = req
        .confirmation_code
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| Sha256::digest(c.as_bytes()).to_vec());
    let expires_at = now_ms() + duration_ms(ctx.policy.order_ttl);
    orders::confirm(
        tx,
        &order.id,
        eid.as_deref(),
        matching_id.as_deref(),
        cc_hash.as_deref(),
        req.release_flag,
        expires_at,
    )?;
    let state = if req.release_flag {
        ProfileState::Released
    } else {
        ProfileState::Confirmed
    };
    profiles::set_state(
        tx,
        &profile.iccid,
        state,
        eid.as_deref(),
        Some("ConfirmOrder"),
    )?;
    let eid = eid
        .map(|e| proto::ids::Eid::parse_lenient(&e))
        .transpose()
        .map_err(|e| Es2Error::Internal(e.to_string()))?;
    let smdp_address = proto::ids::SmdpAddress::parse(&ctx.address).ok();
    Ok(ConfirmOrderResponse {
        header: ResponseHeader::success(),
        eid,
        matching_id: matching_id.unwrap_or_default(),
        smdp_address,
    })
}

/// The EID of a confirmed order: the one DownloadOrder bound, which ConfirmOrder may repeat
/// but not change (`eidInvalidAssociation`), else the one ConfirmOrder gives.
fn confirmed_eid(
    bound: Option<&str>,
    req: &ConfirmOrderRequest,
) -> Result<Option<String>, Es2Error> {
    match (bound, &req.eid) {
        (Some(bound), Some(given)) if bound != given.as_str() => {
            Err(Es2Error::EidInvalidAssociation)
        }
        (Some(bound), _) => Ok(Some(bound.to_string())),
        (None, given) => Ok(given.as_ref().map(|e| e.as_str().to_string())),
    }
}

/// The Matching ID of a confirmed order (SGP.22 5.3.2): the one given (unique among
/// orders), none when given empty (a download by EID, which needs the EID), or a new one.
fn confirmed_matching_id(
    tx: &mut Tx<'_>,
    req: &ConfirmOrderRequest,
    has_eid: bool,
) -> Result<Option<String>, Es2Error> {
    match req.matching_id.as_deref() {
        Some("") if !has_eid => Err(Es2Error::EidMissing),
        Some("") => Ok(None),
        Some(m) => {
            super::matching_id::check(m)?;
            if orders::by_matching_id(tx, m)?.is_some() {
                return Err(Es2Error::MatchingIdInUse);
            }
            Ok(Some(m.to_string()))
        }
        None => Ok(Some(new_matching_id()?)),
    }
}

/// ES2+.CancelOrder (SGP.22 5.3.3): end the order before the download; the profile becomes
/// Available again or Unavailable.
pub(crate) async fn cancel_order(
    ctx: &Ctx,
    operator: &str,
    req: CancelOrderRequest,
) -> Result<(), Es2Error> {
    in_transaction(ctx, operator, req, cancel_order_tx).await?;
    // The order's Event, if it had one, is to be deleted (SGP.22 5.9.2).
    ctx.wake_outbox();
    Ok(())
}

fn cancel_order_tx(
    _ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &CancelOrderRequest,
) -> Result<(), Es2Error> {
    let (profile, order) = own_order(tx, operator, req.iccid.as_str())?;
    cancelling_eid(&order, req)?;
    if req
        .matching_id
        .as_deref()
        .is_some_and(|m| order.matching_id.as_deref() != Some(m))
    {
        return Err(Es2Error::MatchingIdInvalidAssociation);
    }
    // A package that left the SM-DP+ (Downloaded) without an installation result may sit
    // on an eUICC: the order can end, but the profile is never handed out again.
    let delivered = profile.state == ProfileState::Downloaded;
    if profile.state.is_on_euicc() && !delivered {
        return Err(Es2Error::InvalidTransition(format!(
            "profile is {}",
            profile.state
        )));
    }
    orders::set_status(tx, &order.id, OrderStatus::Cancelled)?;
    crate::es12::queue_deletion(tx, &order)?;
    let (state, detail) = match (req.final_profile_status_indicator, delivered) {
        (_, true) => (
            ProfileState::Unavailable,
            "CancelOrder after its package was delivered: not handed out again",
        ),
        (FinalProfileStatusIndicator::Available, false) => (ProfileState::Available, "CancelOrder"),
        (FinalProfileStatusIndicator::Unavailable, false) => {
            (ProfileState::Unavailable, "CancelOrder")
        }
    };
    profiles::set_state(tx, &profile.iccid, state, None, Some(detail))?;
    Ok(())
}

/// The EID of a CancelOrder against its order (SGP.22 5.3.3). Its input table makes `eid`
/// conditional on the EID having been given in ES2+.DownloadOrder or ES2+.ConfirmOrder. An
/// order the operator gave an EID is refused without it (8.1.1 EID / 2.2 Mandatory Element
/// Missing, the EID's pair of 5.3.2 for an EID the order needs), and with another one
/// (8.1.1 EID / 3.10 Invalid Association). An order whose EID came from the eUICC that
/// downloaded (an order by Matching ID) asks for none: its operator never had one to give.
fn cancelling_eid(order: &Order, req: &CancelOrderRequest) -> Result<(), Es2Error> {
    match (&req.eid, order.eid.as_deref()) {
        (Some(given), bound) if bound != Some(given.as_str()) => {
            Err(Es2Error::EidInvalidAssociation)
        }
        (None, Some(_)) if order.eid_by_operator => Err(Es2Error::EidMissing),
        _ => Ok(()),
    }
}

/// ES2+.ReleaseProfile (SGP.22 5.3.4): a confirmed profile becomes downloadable; an order
/// confirmed with an `smdsAddress` has its Event registered first (the `smds` module).
pub(crate) async fn release_profile(
    ctx: &Ctx,
    operator: &str,
    req: ReleaseProfileRequest,
) -> Result<(), Es2Error> {
    let order = in_transaction(ctx, operator, req.clone(), releasable_tx).await?;
    let event = match (&order.smds_address, &order.eid, &order.matching_id) {
        (Some(smds), Some(eid), Some(event_id)) => Some((smds, eid, event_id)),
        _ => None,
    };
    if let Some((smds, eid, event_id)) = event {
        super::smds::register_event(ctx, smds, eid, event_id).await?;
    }
    let released = in_transaction(ctx, operator, req, release_profile_tx).await;
    if let (Err(_), Some((smds, eid, event_id))) = (&released, event) {
        super::smds::withdraw_event(ctx, smds, eid, event_id).await;
    }
    released
}

/// The operator's confirmed order of `req.iccid`, which ReleaseProfile takes.
fn releasable(
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ReleaseProfileRequest,
) -> Result<(Profile, Order), Es2Error> {
    let (profile, order) = own_order(tx, operator, req.iccid.as_str())?;
    if profile.state != ProfileState::Confirmed {
        return Err(Es2Error::InvalidTransition(format!(
            "profile is {}",
            profile.state
        )));
    }
    Ok((profile, order))
}

fn releasable_tx(
    _ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ReleaseProfileRequest,
) -> Result<Order, Es2Error> {
    Ok(releasable(tx, operator, req)?.1)
}

fn release_profile_tx(
    _ctx: &Context,
    tx: &mut Tx<'_>,
    operator: &str,
    req: &ReleaseProfileRequest,
) -> Result<(), Es2Error> {
    let (profile, order) = releasable(tx, operator, req)?;
    orders::release(tx, &order.id)?;
    profiles::set_state(
        tx,
        &profile.iccid,
        ProfileState::Released,
        profile.eid.as_deref(),
        Some("ReleaseProfile"),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_matching_ids_are_valid_and_differ() {
        let a = new_matching_id().unwrap();
        let b = new_matching_id().unwrap();
        assert_eq!(a.len(), 23);
        assert!(proto::ids::MatchingId::parse(&a).is_ok());
        assert_ne!(a, b);
    }
}
