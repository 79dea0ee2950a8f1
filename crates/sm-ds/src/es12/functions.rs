//! ES12.RegisterEvent (SGP.22 5.9.1) and ES12.DeleteEvent (5.9.2), each one short write.

use proto::json::es12::{DeleteEventRequest, RegisterEventRequest};

use super::Es12Error;
use super::caller::{Registrant, owns_address};
use crate::context::Ctx;
use crate::store::events::{self, Event, Registered};
use crate::store::outbox::{self, Forward};

/// Longest event ID and RSP server address accepted (an Event Record is bounded).
const MAX_TEXT: usize = 255;

fn eid(text: &str) -> Result<String, Es12Error> {
    proto::ids::Eid::parse(text)
        .map(|e| e.to_string())
        .map_err(|e| Es12Error::EidInvalid(e.to_string()))
}

fn bounded(what: &str, text: &str) -> Result<(), Es12Error> {
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(Es12Error::malformed(format!(
            "{what} must have 1 to {MAX_TEXT} octets"
        )));
    }
    Ok(())
}

/// RegisterEvent: checks the EID, the lengths and (for an SM-DP+ under
/// `Policy::own_address_only`) that the address is the caller's; stores the Event Record
/// unless the caller has it already (8.9.5/3.3) or the EID is full (8.1.1/3.8). At an
/// alternative SM-DS, an event whose forwarding indicator is set is queued for the root in
/// the same transaction (ES15, SGP.22 5.10).
pub(crate) async fn register_event(
    ctx: &Ctx,
    who: &Registrant,
    req: RegisterEventRequest,
) -> Result<Event, Es12Error> {
    let eid = eid(&req.eid)?;
    bounded("eventId", &req.event_id)?;
    bounded("rspServerAddress", &req.rsp_server_address)?;
    proto::ids::SmdpAddress::parse(&req.rsp_server_address)
        .map_err(|e| Es12Error::malformed(format!("rspServerAddress: {e}")))?;
    if ctx.policy.own_address_only && !who.is_smds && !owns_address(who, &req.rsp_server_address) {
        return Err(Es12Error::AddressRefused(req.rsp_server_address));
    }
    let event = Event {
        eid,
        registrant: who.id.clone(),
        event_id: req.event_id,
        rsp_server_address: req.rsp_server_address,
        forwarding: req.forwarding_indicator,
    };
    let max = ctx.policy.max_events_per_eid;
    let stored = event.clone();
    let forward = ctx.forwards && event.forwarding;
    let registered = ctx
        .store
        .write(move |tx| {
            let r = events::register(tx, &stored, max)?;
            if r == Registered::Stored && forward {
                let address = stored.rsp_server_address.clone();
                let f = Forward::Register {
                    rsp_server_address: address,
                };
                outbox::queue(tx, &stored.eid, &stored.event_id, &f)?;
            }
            Ok::<_, Es12Error>(r)
        })
        .await?;
    match registered {
        Registered::Stored => {
            if forward {
                ctx.wake_outbox();
            }
            Ok(event)
        }
        Registered::Duplicate => Err(Es12Error::EventAlreadyInUse),
        Registered::EidFull => Err(Es12Error::EidFull(event.eid)),
    }
}

/// DeleteEvent: deletes the caller's Event Record, or answers 8.9.5/3.9; one that was
/// forwarded to the root is deleted there too (ES15).
pub(crate) async fn delete_event(
    ctx: &Ctx,
    who: &Registrant,
    req: DeleteEventRequest,
) -> Result<(), Es12Error> {
    let eid = eid(&req.eid)?;
    bounded("eventId", &req.event_id)?;
    let registrant = who.id.clone();
    let forwards = ctx.forwards;
    let deleted = ctx
        .store
        .write(move |tx| {
            let found = events::delete(tx, &eid, &registrant, &req.event_id)?;
            if forwards && found == Some(true) {
                outbox::queue(tx, &eid, &req.event_id, &Forward::Delete)?;
            }
            Ok::<_, Es12Error>(found)
        })
        .await?;
    match deleted {
        None => Err(Es12Error::EventUnknown),
        Some(forwarded) => {
            if forwarded {
                ctx.wake_outbox();
            }
            Ok(())
        }
    }
}
