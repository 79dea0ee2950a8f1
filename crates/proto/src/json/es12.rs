//! ES12 JSON bodies (SGP.22 5.9, 6.5.2.13–6.5.2.14; SM-DP+ → SM-DS, and an alternative SM-DS
//! → the root SM-DS over ES15, 5.10; `/gsma/rsp2/es12/<function>`, mutually authenticated
//! TLS), and the ES11 AuthenticateClient answer (SGP.22 5.8.2), whose request is ES9+'s.
//!
//! ```text
//! registerEvent  {header, eid, rspServerAddress, eventId, forwardingIndicator} -> {header}
//! deleteEvent    {header, eid, eventId}                                        -> {header}
//! ES11 authenticateClient -> {header, transactionId, eventEntries [{eventId, rspServerAddress}]}
//! ```
//!
//! The EID is kept as text so the SM-DS answers a malformed one with its own code (8.1.1 /
//! 2.1) instead of a parse failure's.

use serde::{Deserialize, Serialize};

use super::header::{RequestHeader, ResponseHeader};
use super::http::ES12_PATH_PREFIX;
use crate::ids::TransactionId;

/// The ES12 functions of the JSON binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Es12Function {
    RegisterEvent,
    DeleteEvent,
}

impl Es12Function {
    /// Both functions.
    pub const ALL: [Es12Function; 2] = [Es12Function::RegisterEvent, Es12Function::DeleteEvent];

    /// The function name as it appears in the path.
    pub fn name(self) -> &'static str {
        match self {
            Es12Function::RegisterEvent => "registerEvent",
            Es12Function::DeleteEvent => "deleteEvent",
        }
    }

    /// `/gsma/rsp2/es12/<name>`.
    pub fn path(self) -> String {
        format!("{ES12_PATH_PREFIX}{}", self.name())
    }
}

/// ES12.RegisterEvent request body (SGP.22 5.9.1, 6.5.2.13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterEventRequest {
    pub header: RequestHeader,
    /// The EID the event is for, 32 decimal digits.
    pub eid: String,
    /// The RSP server (SM-DP+) the eUICC is to contact.
    pub rsp_server_address: String,
    /// The event's identifier (the Matching ID of the order, SGP.22 3.1.1).
    pub event_id: String,
    /// Whether the alternative SM-DS is to register the event at the root SM-DS too (ES15).
    pub forwarding_indicator: bool,
}

/// ES12.DeleteEvent request body (SGP.22 5.9.2, 6.5.2.14).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteEventRequest {
    pub header: RequestHeader,
    pub eid: String,
    pub event_id: String,
}

/// One entry of ES11.AuthenticateClient's answer (SGP.22 5.8.2, `EventEntries`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventEntry {
    pub event_id: String,
    pub rsp_server_address: String,
}

/// ES11.AuthenticateClient response body (SGP.22 5.8.2): the eUICC's events, empty when the
/// SM-DS holds none for its EID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticateClientResponseEs11 {
    pub header: ResponseHeader,
    pub transaction_id: TransactionId,
    pub event_entries: Vec<EventEntry>,
}
