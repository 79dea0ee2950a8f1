//! Why an ES2+ function was refused (SGP.22 5.3), one variant per condition, each mapped to
//! its subject and reason codes.

use proto::json::StatusCode;

use crate::store::StoreError;

/// A refused ES2+ call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es2Error {
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("mandatory element missing: {0}")]
    MissingElement(String),
    #[error("X-Admin-Protocol {0:?} is not supported")]
    ProtocolVersion(String),
    /// No usable operator certificate on the TLS connection.
    #[error("function requester not identified: {0}")]
    RequesterUnknown(String),
    #[error("EID invalid: {0}")]
    EidInvalid(String),
    /// The order needs an EID the request lacks: ConfirmOrder with an empty Matching ID
    /// (SGP.22 5.3.2), CancelOrder of an order given an EID (5.3.3).
    #[error("EID missing: the order needs its EID")]
    EidMissing,
    #[error("a different EID is associated with this profile")]
    EidInvalidAssociation,
    /// The SM-DP+ refuses to order more for this EID (the `eid_limit` module).
    #[error("EID refused: {0}")]
    EidRefused(String),
    #[error("ICCID or profile type missing")]
    IccidMissing,
    #[error("ICCID unknown")]
    IccidUnknown,
    #[error("ICCID belongs to another operator")]
    IccidNotAllowed,
    /// SGP.22 5.3.1 DownloadOrder: "8.2.1 Profile ICCID / 3.3 Already in Use: the Profile
    /// identified by the provided ICCID is not available" (already ordered, downloaded or
    /// withdrawn).
    #[error("profile already in use")]
    IccidAlreadyInUse,
    #[error("profile state does not allow this: {0}")]
    InvalidTransition(String),
    #[error("profile type unknown")]
    ProfileTypeUnknown,
    #[error("profile type belongs to another operator")]
    ProfileTypeNotAllowed,
    #[error("no more profiles of this type")]
    ProfileTypeUnavailable,
    #[error("profile type does not match the ICCID's profile")]
    ProfileTypeRefused,
    #[error("Matching ID invalid: {0}")]
    MatchingIdInvalid(String),
    #[error("Matching ID already in use")]
    MatchingIdInUse,
    #[error("a different Matching ID is associated with this profile")]
    MatchingIdInvalidAssociation,
    /// The SM-DS of ConfirmOrder's smdsAddress (or of ReleaseProfile's order) cannot be
    /// reached (SGP.22 5.3.2: 8.9/5.1).
    #[error("SM-DS {0} is not reachable: {1}")]
    SmdsInaccessible(String, String),
    /// The SM-DS refused ES12.RegisterEvent (SGP.22 5.3.2: 8.9/4.2, the SM-DS registration
    /// failed).
    #[error("SM-DS {0} refused the event: {1}")]
    SmdsRefused(String, String),
    /// The storage failed; the wire carries the same text as [`Es2Error::Internal`].
    #[error("internal error: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Es2Error {
    /// Subject and reason codes (SGP.22 5.3.x tables as listed in `proto::json::StatusCode`).
    pub fn status_code(&self) -> StatusCode {
        match self {
            Es2Error::Malformed(_) => StatusCode::PROTOCOL_FORMAT_INVALID,
            Es2Error::MissingElement(_) => StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING,
            Es2Error::ProtocolVersion(_) => StatusCode::PROTOCOL_VERSION_UNSUPPORTED,
            Es2Error::RequesterUnknown(_) => StatusCode::FUNCTION_REQUESTER_UNKNOWN,
            Es2Error::EidInvalid(_) => StatusCode::EID_INVALID,
            Es2Error::EidMissing => StatusCode::EID_MISSING,
            Es2Error::EidInvalidAssociation => StatusCode::EID_INVALID_ASSOCIATION,
            Es2Error::EidRefused(_) => StatusCode::EID_REFUSED,
            Es2Error::IccidMissing => StatusCode::PROFILE_ICCID_MISSING,
            Es2Error::IccidUnknown => StatusCode::PROFILE_ICCID_UNKNOWN,
            Es2Error::IccidNotAllowed => StatusCode::PROFILE_ICCID_NOT_ALLOWED,
            Es2Error::IccidAlreadyInUse => StatusCode::PROFILE_ICCID_ALREADY_IN_USE,
            Es2Error::InvalidTransition(_) => StatusCode::PROFILE_ICCID_INVALID_TRANSITION,
            Es2Error::ProfileTypeUnknown => StatusCode::PROFILE_TYPE_UNKNOWN,
            Es2Error::ProfileTypeNotAllowed => StatusCode::PROFILE_TYPE_NOT_ALLOWED,
            Es2Error::ProfileTypeUnavailable => StatusCode::PROFILE_TYPE_UNAVAILABLE,
            Es2Error::ProfileTypeRefused => StatusCode::PROFILE_TYPE_REFUSED,
            Es2Error::MatchingIdInvalid(_) => StatusCode::MATCHING_ID_INVALID,
            Es2Error::MatchingIdInUse => StatusCode::MATCHING_ID_ALREADY_IN_USE,
            Es2Error::MatchingIdInvalidAssociation => StatusCode::MATCHING_ID_INVALID_ASSOCIATION,
            Es2Error::SmdsInaccessible(..) => StatusCode::SMDS_INACCESSIBLE,
            Es2Error::SmdsRefused(..) => StatusCode::SMDS_EXECUTION_ERROR,
            Es2Error::Store(_) | Es2Error::Internal(_) => StatusCode::FUNCTION_EXECUTION_ERROR,
        }
    }
}
