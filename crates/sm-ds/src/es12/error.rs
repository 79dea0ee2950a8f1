//! Why an ES12 (or ES15) call was refused (SGP.22 5.9, 5.10), each mapped to its JSON status
//! code (`header.functionExecutionStatus`, SGP.22 6.5).

use proto::json::{RequestError, StatusCode};

use crate::store::StoreError;

/// A refused ES12 call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es12Error {
    /// The request's form: body, member, headers (1.3.1, 1.3.2).
    #[error(transparent)]
    Request(#[from] RequestError),
    /// No client certificate, or not a CERT.DP.TLS / CERT.DS.TLS under a trusted CI: the
    /// function requester is unknown (1.1 / 1.1).
    #[error("function requester unknown: {0}")]
    RequesterUnknown(String),
    /// The EID is not 32 digits with valid check digits (8.1.1 / 2.1).
    #[error("EID invalid: {0}")]
    EidInvalid(String),
    /// The EID holds `Policy::max_events_per_eid` events already (8.1.1 / 3.8): a flood of
    /// registrations for one EID ends here, and the database stays bounded.
    #[error("EID {0} holds the maximum number of events")]
    EidFull(String),
    /// An SM-DP+ registered an event naming another server than its own (8.8.1 / 3.8).
    #[error("RSP server address {0:?} refused")]
    AddressRefused(String),
    /// 5.9.1: the caller registered this event ID for this EID already (8.9.5 / 3.3).
    #[error("Event Record already in use")]
    EventAlreadyInUse,
    /// 5.9.2: no Event Record of the caller with this EID and event ID (8.9.5 / 3.9). An
    /// event registered by another SM-DP+ is unknown to this caller as well: a foreign
    /// SM-DP+ learns nothing of it and cannot delete it.
    #[error("Event Record unknown")]
    EventUnknown,
    /// The storage failed.
    #[error("internal error: {0}")]
    Store(#[from] StoreError),
}

impl Es12Error {
    /// A malformed request (1.3.1 / 2.1).
    pub fn malformed(why: impl Into<String>) -> Es12Error {
        Es12Error::Request(RequestError::Malformed(why.into()))
    }

    /// The JSON binding's subject and reason codes.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Es12Error::Request(r) => r.status_code(),
            Es12Error::RequesterUnknown(_) => StatusCode::FUNCTION_REQUESTER_UNKNOWN,
            Es12Error::EidInvalid(_) => StatusCode::EID_INVALID,
            Es12Error::EidFull(_) => StatusCode::EID_REFUSED,
            Es12Error::AddressRefused(_) => StatusCode::SMDP_ADDRESS_REFUSED,
            Es12Error::EventAlreadyInUse => StatusCode::EVENT_RECORD_ALREADY_IN_USE,
            Es12Error::EventUnknown => StatusCode::EVENT_RECORD_UNKNOWN,
            Es12Error::Store(_) => StatusCode::FUNCTION_EXECUTION_ERROR,
        }
    }
}
