//! The SM-DS side of ES2+ (SGP.22 5.3.2, 5.3.4): an order confirmed with an `smdsAddress`
//! has its Event registered at that SM-DS (ES12.RegisterEvent, 5.9.1) when its profile is
//! released — at ConfirmOrder with `releaseFlag`, else at ReleaseProfile — before the
//! order's transaction, so that a refusal leaves the order as it was: an SM-DS that cannot
//! be reached is 8.9/5.1, one that refuses the Event 8.9/4.2 (the SM-DS registration
//! failed). [`crate::es12`] deletes the Event when the order ends.

use proto::json::es12::Es12Function;

use super::Es2Error;
use crate::context::Ctx;
use crate::es12::{Es12Failure, delete_request, register_request};

/// Registers the Event (`eid`, `event_id`: the order's Matching ID) at `smds_address`.
pub(crate) async fn register_event(
    ctx: &Ctx,
    smds_address: &str,
    eid: &str,
    event_id: &str,
) -> Result<(), Es2Error> {
    let request = register_request(&ctx.address, eid, event_id);
    let body = serde_json::to_string(&request).map_err(|e| Es2Error::Internal(e.to_string()))?;
    let result = ctx
        .es12
        .call(
            smds_address,
            Es12Function::RegisterEvent,
            body,
            ctx.trace.as_ref(),
        )
        .await;
    match result {
        Ok(()) => {
            tracing::info!(smds = smds_address, eid, "event registered at the SM-DS");
            ctx.events_registered
                .store(true, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        }
        Err(Es12Failure::Unreachable(why)) => {
            Err(Es2Error::SmdsInaccessible(smds_address.to_string(), why))
        }
        Err(e @ (Es12Failure::Refused(_) | Es12Failure::Answer(_))) => Err(Es2Error::SmdsRefused(
            smds_address.to_string(),
            e.to_string(),
        )),
    }
}

/// Deletes an Event registered for an order whose confirmation then failed to commit, so
/// that the SM-DS does not send devices to an order that does not exist. Best effort: the
/// operator's call fails either way, and an Event the SM-DS keeps is aged out there.
pub(crate) async fn withdraw_event(ctx: &Ctx, smds_address: &str, eid: &str, event_id: &str) {
    let Ok(body) = serde_json::to_string(&delete_request(eid, event_id)) else {
        return;
    };
    if let Err(e) = ctx
        .es12
        .call(
            smds_address,
            Es12Function::DeleteEvent,
            body,
            ctx.trace.as_ref(),
        )
        .await
    {
        tracing::warn!(smds = smds_address, error = %e, "event of an unconfirmed order not withdrawn");
    }
}
