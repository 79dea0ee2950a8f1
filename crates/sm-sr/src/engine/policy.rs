//! The localization policy applied to the fleet: a device seen in a country for long enough
//! on a foreign IMSI (its enabled profile is not a local one for that country) gets a
//! localize operation with the profile types configured for that country. The rule and the
//! decision are the lead's [`crate::policy`]; residency comes from the serving networks the
//! device reported (rPLMN → MCC → country, [`crate::mcc`]), on the eIM's clock.

use crate::clock::DAY_MS;
use crate::context::{Context, Ctx};
use crate::policy::{Decision, decide};
use crate::store::{Device, Operation, OperationState, Tx, devices, operations};

use super::{EngineError, OperationRequest, POLICY_REQUESTER, queue_in};

/// Why a device was or was not sent to localization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A localize operation was queued.
    Queued(String),
    /// Nothing to do, and why.
    Skip(&'static str),
}

/// Whole days of residency in the current country at `now`.
pub fn residency_days(device: &Device, now: i64) -> Option<u32> {
    let since = device.country_since?;
    let days = now.saturating_sub(since).max(0) / DAY_MS;
    Some(u32::try_from(days).unwrap_or(u32::MAX))
}

/// Decides for one device inside `tx`, queuing a localization when due.
pub(crate) fn verdict_in(
    ctx: &Context,
    tx: &mut Tx,
    device: &Device,
    now: i64,
) -> Result<(Verdict, Option<Operation>), EngineError> {
    let Some(country) = device.last_country.clone() else {
        return Ok((Verdict::Skip("no known country"), None));
    };
    if device.localized_country.as_deref() == Some(country.as_str()) {
        return Ok((Verdict::Skip("already on a local profile"), None));
    }
    let Some(days) = residency_days(device, now) else {
        return Ok((Verdict::Skip("no residency"), None));
    };
    let rule = ctx.localization.policy.rule(&country);
    if decide(&rule, days) != Decision::LocalizeNow {
        return Ok((Verdict::Skip("the country rule says keep roaming"), None));
    }
    if !ctx.localization.targets.contains_key(&country) {
        return Ok((
            Verdict::Skip("no profile types configured for the country"),
            None,
        ));
    }
    if operations::has_open_localization(tx, &device.eid)? {
        return Ok((Verdict::Skip("a localization is under way"), None));
    }
    let previous = operations::localizations(tx, &device.eid, &country)?;
    let max_failed = ctx.localization.max_failed as usize;
    let failed_in_a_row = previous
        .iter()
        .take_while(|o| o.state != OperationState::Done)
        .count();
    if max_failed > 0 && failed_in_a_row >= max_failed {
        return Ok((
            Verdict::Skip("localization failed too often: the device needs an operator"),
            None,
        ));
    }
    if let Some(last) = previous.first() {
        let retry_ms = i64::from(ctx.localization.retry_after_days).saturating_mul(DAY_MS);
        let ended = last.finished_at.unwrap_or(last.updated_at);
        if last.state != OperationState::Done && now.saturating_sub(ended) < retry_ms {
            return Ok((Verdict::Skip("the last localization failed recently"), None));
        }
    }
    let op = queue_in(
        ctx,
        tx,
        device,
        POLICY_REQUESTER,
        &OperationRequest::Localize {
            country: Some(country),
            targets: Vec::new(),
        },
    )?;
    Ok((Verdict::Queued(op.id.clone()), Some(op)))
}

/// [`verdict_in`], returning only a queued operation.
pub(crate) fn evaluate_in(
    ctx: &Context,
    tx: &mut Tx,
    device: &Device,
    now: i64,
) -> Result<Option<Operation>, EngineError> {
    Ok(verdict_in(ctx, tx, device, now)?.1)
}

/// Evaluates every device of `caller` (every device: `None`) at `now` (the lab calls this
/// once per simulated day, an operator through the API); returns the operations queued.
/// One transaction for the fleet: the device rows are read once, and only devices the
/// country rule sends to localization cost further queries.
pub(crate) async fn evaluate_all(
    ctx: &Ctx,
    caller: Option<&str>,
    now: i64,
) -> Result<Vec<Operation>, EngineError> {
    let (c, caller) = (ctx.clone(), caller.map(str::to_string));
    let out = ctx
        .store
        .write(move |tx| {
            let mut out = Vec::new();
            for d in devices::list(tx, caller.as_deref())? {
                if let Some(op) = evaluate_in(&c, tx, &d, now)? {
                    out.push(op);
                }
            }
            Ok::<_, EngineError>(out)
        })
        .await?;
    if !out.is_empty() {
        ctx.wakeup.notify_one();
    }
    Ok(out)
}
