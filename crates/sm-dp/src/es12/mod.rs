//! The SM-DP+'s side of ES12 (SGP.22 5.9): the Event of an order the operator confirmed
//! with an `smdsAddress` (ES2+.ConfirmOrder, 5.3.2) is registered at that SM-DS
//! (ES12.RegisterEvent, 5.9.1) once the profile is released, so that the eUICC finds it
//! there without an activation code; the Event is deleted (ES12.DeleteEvent, 5.9.2) when
//! the order ends — the profile installed, or the order cancelled.
//!
//! - Registration is part of the operator's call: it runs before the order's transaction
//!   (a network call holds no transaction open), and an SM-DS that cannot be reached or
//!   refuses ends the call with 8.9/5.1 or 8.9/4.2 and the order unchanged.
//! - Deletion is queued in the outbox in the transaction that ends the order (installed,
//!   failed or cancelled), and the outbox worker sends it, within its poll interval, until
//!   the SM-DS accepts it (or answers that the Event is already gone), so an SM-DS that is
//!   down delays a deletion and loses none.
//!
//! The Event ID is the order's Matching ID (SGP.22 3.1.2: the eUICC presents it back as the
//! Matching ID of the download); the RSP server address is this SM-DP+'s. The forwarding
//! indicator is set, so that an alternative SM-DS cascades the Event to the root SM-DS
//! (ES15, 5.10) for devices that poll only the root; a root SM-DS has nowhere to forward it.

mod client;

pub(crate) use client::{Es12Client, Es12Failure};

use proto::json::RequestHeader;
use proto::json::es12::{DeleteEventRequest, RegisterEventRequest};

use crate::store::orders::Order;
use crate::store::outbox::{self, OutboxKind};
use crate::store::{StoreError, Tx};

/// The function requester identifier the SM-DP+ sends (SGP.22 6.5.1.3).
const REQUESTER: &str = "rsp-lab SM-DP+";

/// ES12.RegisterEvent for `eid` and `event_id` at this SM-DP+ (`smdp_address`).
pub(crate) fn register_request(
    smdp_address: &str,
    eid: &str,
    event_id: &str,
) -> RegisterEventRequest {
    RegisterEventRequest {
        header: RequestHeader::new(REQUESTER, event_id),
        eid: eid.to_string(),
        rsp_server_address: smdp_address.to_string(),
        event_id: event_id.to_string(),
        forwarding_indicator: true,
    }
}

/// ES12.DeleteEvent for `eid` and `event_id`.
pub(crate) fn delete_request(eid: &str, event_id: &str) -> DeleteEventRequest {
    DeleteEventRequest {
        header: RequestHeader::new(REQUESTER, event_id),
        eid: eid.to_string(),
        event_id: event_id.to_string(),
    }
}

/// Queues ES12.DeleteEvent for `order`'s Event, if one is registered: the order named an
/// SM-DS and its profile was released (registration happens at release). Run in the
/// transaction that ends the order.
pub(crate) fn queue_deletion(tx: &mut Tx<'_>, order: &Order) -> Result<bool, StoreError> {
    let (Some(smds), Some(eid), Some(event_id), true) = (
        order.smds_address.as_deref(),
        order.eid.as_deref(),
        order.matching_id.as_deref(),
        order.released,
    ) else {
        return Ok(false);
    };
    let body = serde_json::to_string(&delete_request(eid, event_id))
        .map_err(|e| StoreError::Corrupt(format!("DeleteEvent body: {e}")))?;
    outbox::push_kind(tx, OutboxKind::DeleteEvent, smds, &body)?;
    Ok(true)
}
