//! A message inside the SMSC, from submit_sm until its final state.

use std::time::Instant;

use time::OffsetDateTime;
use tokio::sync::OwnedSemaphorePermit;

use crate::pdu::ShortMessage;

/// An accepted message: the deliver_sm body to send, and what its receipt needs.
#[derive(Debug)]
pub(crate) struct Message {
    /// The message_id given in submit_sm_resp.
    pub(crate) id: String,
    /// The deliver_sm body (SMPP 3.4 4.6.1).
    pub(crate) deliver: ShortMessage,
    /// The submit_sm's registered_delivery (5.2.17); zero for receipts themselves.
    pub(crate) registered_delivery: u8,
    /// When submit_sm arrived.
    pub(crate) submitted: OffsetDateTime,
    /// When it stops being deliverable.
    pub(crate) expires: Instant,
    /// Held while the message lives: the submitting session's window and the SMSC's total.
    pub(crate) _permits: Vec<OwnedSemaphorePermit>,
}

impl Message {
    /// The address it is routed by.
    pub(crate) fn destination(&self) -> &str {
        &self.deliver.destination_addr
    }
}

/// The deliver_sm body for a submit_sm (SMPP 3.4 4.6.1): the time fields, the replace flag
/// and sm_default_msg_id are unused in deliver_sm; registered_delivery is cleared, as this
/// SMSC asks no acknowledgement of the recipient. Addresses, esm_class, protocol_id,
/// data_coding, the user data and the optional parameters pass unchanged.
pub(crate) fn deliver_body(submit: &ShortMessage) -> ShortMessage {
    ShortMessage {
        schedule_delivery_time: String::new(),
        validity_period: String::new(),
        registered_delivery: 0,
        replace_if_present_flag: 0,
        sm_default_msg_id: 0,
        ..submit.clone()
    }
}
