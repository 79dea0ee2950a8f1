//! Package delivery to a polling device (ESipa.GetEimPackage, SGP.32 v1.2 5.14.5, 6.3.2.6).
//!
//! The poll first records what the device reports (serving network, state changes), then
//! hands out the head of its queue. A package already delivered without a result is
//! delivered again with the same octets (same counterValue, same signature): a lost answer
//! never makes the eIM sign the same operations twice. A queued eUICC Package gets the next
//! counterValue and its eimSignature in the transaction that marks it sent; the answer is
//! built only after that commit.

use proto::der::{Asn1, DecodeError};
use proto::ids::{Eid, EidError, Plmn};
use proto::sgp32::{EimPackageError, EuiccPackage, StateChangeCause};
use serde_json::json;

use super::request::{CompletionError, with_transaction_id};
use super::{EngineError, OperationRequest, finish, policy, queue_internal, seen};
use crate::context::{Context, Ctx};
use crate::esep;
use crate::mcc::country_of_plmn;
use crate::store::{
    Device, OperationState, Package, PackageKind, PackageState, StoreError, Tx, devices, events,
    operations, packages,
};

/// What a device reports when it polls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Poll {
    pub eid: [u8; 16],
    pub notify_state_change: bool,
    pub state_change_cause: Option<StateChangeCause>,
    pub r_plmn: Option<[u8; 3]>,
}

/// The answer to a poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollOutcome {
    /// A package: its kind and the DER of the request (BF51, BF52 or BF54).
    Package {
        kind: PackageKind,
        der: Vec<u8>,
    },
    Error(EimPackageError),
}

/// The EID of an `Octet16`, or the eimPackageError for it.
pub fn eid_of(octets: &[u8; 16]) -> Result<Eid, EimPackageError> {
    let eid = Eid::from_bcd(octets).map_err(|_| EimPackageError::InvalidEid)?;
    if !eid.has_valid_check_digits() {
        return Err(EimPackageError::InvalidEid);
    }
    Ok(eid)
}

/// The JSON/stored name of a state change cause.
pub fn cause_name(c: StateChangeCause) -> String {
    match c.to_json() {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Serves one poll. A poll that changes nothing but the time the device was seen is
/// answered from a short read on the calling thread ([`quiet_in`]); otherwise one write
/// transaction records the report, runs the policy and hands out the head of the queue
/// (signing a first delivery with the next counterValue).
///
/// `also` is read in the transaction that serves the poll, so that what the ESipa edge
/// needs to know of the device besides (the SGP.32 generation its answer is encoded in)
/// costs no transaction of its own; `None` for a poll refused before any transaction (an
/// invalid EID).
pub(crate) async fn poll<A, F>(
    ctx: &Ctx,
    p: &Poll,
    also: F,
) -> Result<(PollOutcome, Option<A>), EngineError>
where
    F: Fn(&mut Tx<'_>) -> Result<A, StoreError> + Clone + Send + 'static,
    A: Send + 'static,
{
    let eid = match eid_of(&p.eid) {
        Ok(e) => e,
        Err(e) => return Ok((PollOutcome::Error(e), None)),
    };
    if !p.notify_state_change && p.state_change_cause.is_none() {
        let (c, q, e, now, read) = (ctx.clone(), p.clone(), eid.clone(), ctx.now(), also.clone());
        let quiet = ctx
            .store
            .read_inline(move |tx| match quiet_in(&c, tx, e.as_str(), &q, now)? {
                Some(outcome) => Ok(Some((outcome, read(tx)?))),
                None => Ok::<_, EngineError>(None),
            })
            .await?;
        if let Some((outcome, read)) = quiet {
            let idle = outcome == PollOutcome::Error(EimPackageError::NoEimPackageAvailable);
            if idle && ctx.seen.note(eid.as_str(), now) {
                seen::write_soon(ctx);
            }
            return Ok((outcome, Some(read)));
        }
    }
    let (c, p) = (ctx.clone(), p.clone());
    let (outcome, read) = ctx
        .store
        .write(move |tx| {
            let outcome = poll_in(&c, tx, eid.as_str(), &p)?;
            Ok::<_, EngineError>((outcome, also(tx)?))
        })
        .await?;
    Ok((outcome, Some(read)))
}

/// A poll answered from a read ([`storage::Db::read_inline`], a few index lookups on the
/// calling thread): `Some` when it changes nothing but the time the device was
/// seen (no new network, no localization due, nothing to deliver); `None` sends it to the
/// writer, which serves it from the start.
fn quiet_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    eid: &str,
    p: &Poll,
    now: i64,
) -> Result<Option<PollOutcome>, EngineError> {
    let Some(device) = devices::get_without_octets(tx, eid)? else {
        tracing::info!(eid = %eid, "poll from an unknown EID");
        return Ok(Some(PollOutcome::Error(EimPackageError::EidNotFound)));
    };
    let reported = reported_network(p);
    let plmn = reported.as_ref().map(|(p, c)| (p.as_str(), c.as_deref()));
    if !devices::same_network(&device, plmn) {
        return Ok(None);
    }
    if ctx.localization.enabled
        && matches!(
            policy::due_in(ctx, tx, &device, now)?,
            policy::Due::Localize { .. }
        )
    {
        return Ok(None);
    }
    // Whether anything waits is one statement without a row (the writer then takes the
    // head of the queue itself).
    if packages::has_any_pending(tx, &device.eid)? {
        return Ok(None);
    }
    Ok(Some(PollOutcome::Error(
        EimPackageError::NoEimPackageAvailable,
    )))
}

/// The serving network a poll reports, as `MCC-MNC` and its country.
fn reported_network(p: &Poll) -> Option<(String, Option<String>)> {
    let plmn = p.r_plmn.and_then(|b| Plmn::from_bytes(&b).ok())?;
    Some((
        format!("{}-{}", plmn.mcc(), plmn.mnc()),
        country_of_plmn(&plmn).map(str::to_string),
    ))
}

fn poll_in(
    ctx: &Context,
    tx: &mut Tx<'_>,
    eid: &str,
    p: &Poll,
) -> Result<PollOutcome, EngineError> {
    let now = ctx.now();
    let Some(mut device) = devices::get_without_octets(tx, eid)? else {
        tracing::info!(eid = %eid, "poll from an unknown EID");
        return Ok(PollOutcome::Error(EimPackageError::EidNotFound));
    };
    record_report(ctx, tx, &mut device, p, now)?;
    if ctx.localization.enabled && policy::evaluate_in(ctx, tx, &device, now)?.is_some() {
        ctx.wakeup.notify_one();
    }
    loop {
        let Some(pkg) = packages::next_for_delivery(tx, &device.eid)? else {
            return Ok(PollOutcome::Error(EimPackageError::NoEimPackageAvailable));
        };
        if pkg.state == PackageState::Sent
            && pkg.deliveries >= i64::from(ctx.delivery.max_deliveries)
        {
            give_up(ctx, tx, &pkg, now)?;
            continue;
        }
        if let Some(der) = deliver(ctx, tx, &device, &pkg, now)? {
            return Ok(PollOutcome::Package {
                kind: pkg.kind,
                der,
            });
        }
    }
}

/// Records the serving network and state changes a poll reports, in the database and in
/// `device` (which the rest of the poll reads instead of the row).
fn record_report(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &mut Device,
    p: &Poll,
    now: i64,
) -> Result<(), EngineError> {
    let reported = reported_network(p);
    let changed = devices::record_seen(
        tx,
        device,
        reported.as_ref().map(|(p, c)| (p.as_str(), c.as_deref())),
        now,
    )?;
    if let (true, Some((plmn, country))) = (changed, &reported) {
        events::add_location(tx, &device.eid, plmn, country.as_deref(), now)?;
        events::add(
            tx,
            &device.eid,
            "network",
            json!({"rPLMN": plmn, "country": country}),
            now,
        )?;
    }
    if p.notify_state_change || p.state_change_cause.is_some() {
        let cause = p.state_change_cause.map(cause_name);
        let cause_text = cause.as_deref().unwrap_or("unspecified");
        devices::set(
            tx,
            &device.eid,
            devices::Field::LastStateChange,
            Some(cause_text),
            now,
        )?;
        device.last_state_change = Some(cause_text.to_string());
        events::add(
            tx,
            &device.eid,
            "state-change",
            json!({"notifyStateChange": p.notify_state_change, "stateChangeCause": cause}),
            now,
        )?;
        if p.state_change_cause == Some(StateChangeCause::Fallback) {
            // The fallback profile is enabled now: the device is no longer localized.
            devices::set(tx, &device.eid, devices::Field::LocalizedCountry, None, now)?;
            device.localized_country = None;
        }
        queue_internal(ctx, tx, device, &OperationRequest::ListProfiles)?;
    }
    Ok(())
}

/// Builds (first delivery) or re-reads the octets of a package and records the delivery.
/// `None` when the package cannot be delivered (it is failed, or left the queue meanwhile)
/// and the next one should be tried.
fn deliver(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    pkg: &Package,
    now: i64,
) -> Result<Option<Vec<u8>>, EngineError> {
    let first = pkg.state == PackageState::Queued;
    let der = if first {
        if !packages::claim(tx, &pkg.id)? {
            // Another poll took it first: deliver what it recorded.
            return match packages::get(tx, &pkg.id)? {
                Some(p) if p.state == PackageState::Sent && p.der.is_some() => {
                    packages::mark_redelivered(tx, &p.id, now)?;
                    Ok(p.der)
                }
                _ => Ok(None),
            };
        }
        if packages::another_sent(tx, &device.eid, &pkg.id)? {
            // Another instance delivered the package ahead of this one meanwhile: that one
            // is the head of the queue, delivered again on the next turn of the loop.
            packages::unclaim(tx, &pkg.id)?;
            return Ok(None);
        }
        match build(ctx, tx, device, pkg, now)? {
            Ok((counter, der)) => {
                packages::mark_delivered(tx, &pkg.id, counter, &der, now)?;
                events::add(
                    tx,
                    &device.eid,
                    "package-sent",
                    json!({"package": pkg.id, "kind": pkg.kind, "counterValue": counter,
                           "eimTransactionId": hex::encode_upper(&pkg.eim_transaction_id)}),
                    now,
                )?;
                der
            }
            Err(problem) => {
                tracing::error!(package = %pkg.id, %problem, "package cannot be built");
                fail_package(tx, pkg, "unbuildable", &problem.to_string(), now)?;
                return Ok(None);
            }
        }
    } else {
        let Some(der) = pkg.der.clone() else {
            fail_package(tx, pkg, "unbuildable", "delivered without octets", now)?;
            return Ok(None);
        };
        packages::mark_redelivered(tx, &pkg.id, now)?;
        der
    };
    if let Some(op_id) = &pkg.operation_id {
        if let Some(mut op) = operations::get(tx, op_id)? {
            if op.state == OperationState::Queued {
                op.state = OperationState::Sent;
                op.sent_at = Some(now);
                op.updated_at = now;
                operations::save(tx, &op)?;
            }
        }
    }
    Ok(Some(der))
}

/// A package's counterValue (eUICC Packages) and octets as first delivered.
type Built = (Option<i64>, Vec<u8>);

/// Why a package's message could not be built at its first delivery: the package and its
/// operation fail with this text (flag `unbuildable`).
#[derive(Debug, thiserror::Error)]
enum Unbuildable {
    /// The stored eUICC Package does not decode.
    #[error("stored package: {0}")]
    Package(DecodeError),
    /// The device's stored EID does not parse.
    #[error("stored EID: {0}")]
    Eid(EidError),
    /// The eIM's key could not sign the eUICC Package.
    #[error(transparent)]
    Sign(#[from] esep::SignPackageError),
    /// A trigger or data request could not take its eimTransactionId.
    #[error(transparent)]
    Completion(#[from] CompletionError),
}

/// The message of a package at its first delivery.
fn build(
    ctx: &Context,
    tx: &mut Tx<'_>,
    device: &Device,
    pkg: &Package,
    now: i64,
) -> Result<Result<Built, Unbuildable>, StoreError> {
    match pkg.kind {
        PackageKind::EuiccPackage => {
            let package = match EuiccPackage::from_der(&pkg.body) {
                Ok(p) => p,
                Err(e) => return Ok(Err(Unbuildable::Package(e))),
            };
            let eid = match Eid::parse(&device.eid) {
                Ok(e) => e.to_bcd(),
                Err(e) => return Ok(Err(Unbuildable::Eid(e))),
            };
            let allocated = devices::allocate_counter(tx, &device.eid, now)?;
            let (counter, break_signature) =
                crate::faults::package(ctx, tx, &device.eid, allocated, now)?;
            Ok(esep::sign_package(
                &ctx.creds,
                &device.eim_id,
                eid,
                counter,
                pkg.eim_transaction_id.clone(),
                package,
                device.association_token,
            )
            .map(|mut r| {
                if break_signature {
                    if let Some(last) = r.eim_signature.last_mut() {
                        *last ^= 0x01;
                    }
                }
                // The package keeps the counter allocated to it: a stale one signed in
                // its place (a fault) is another package's, and the result is matched by
                // its eimTransactionId (`results::package_of`).
                (Some(allocated), r.to_der())
            })
            .map_err(Unbuildable::from))
        }
        PackageKind::DownloadTrigger | PackageKind::IpaEuiccData => {
            Ok(
                with_transaction_id(pkg.kind, &pkg.body, &pkg.eim_transaction_id)
                    .map(|d| (None, d))
                    .map_err(Unbuildable::from),
            )
        }
    }
}

/// A package delivered `max_deliveries` times without a result is given up.
fn give_up(ctx: &Context, tx: &mut Tx<'_>, pkg: &Package, now: i64) -> Result<(), EngineError> {
    tracing::info!(package = %pkg.id, deliveries = pkg.deliveries, "package unanswered");
    fail_package(
        tx,
        pkg,
        "unanswered",
        &format!("no result after {} deliveries", ctx.delivery.max_deliveries),
        now,
    )
    .map_err(EngineError::from)
}

/// Fails a package and its operation.
pub(crate) fn fail_package(
    tx: &mut Tx<'_>,
    pkg: &Package,
    flag: &str,
    why: &str,
    now: i64,
) -> Result<(), StoreError> {
    packages::set_state(tx, &pkg.id, PackageState::Failed)?;
    packages::set_flag(tx, &pkg.id, Some(flag))?;
    if let Some(op_id) = &pkg.operation_id {
        if let Some(mut op) = operations::get(tx, op_id)? {
            if !op.state.is_final() {
                finish(
                    &mut op,
                    OperationState::Error,
                    None,
                    Some(why.to_string()),
                    now,
                );
                operations::save(tx, &op)?;
            }
        }
    }
    events::add(
        tx,
        &pkg.eid,
        "package-failed",
        json!({"package": pkg.id, "flag": flag, "reason": why}),
        now,
    )
}
