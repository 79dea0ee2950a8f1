//! The outcome of an SGP.02 function (SGP.02 5.1.6, FunctionExecutionStatus): a status
//! and, when it failed, a subject code naming what failed and a reason code saying why.
//!
//! The code tables of SGP.02 5.1.6.1 (subjects) and 5.1.6.2 (reasons) were not at hand as
//! text; the pairs used here are those the function descriptions of SGP.02 5.5 (ES4) give
//! as far as two implementations and the SGP.22 tables derived from SGP.02 agree:
//! subjects `8.1` eUICC, `8.1.1` EID, `8.2` Profile, `8.2.1` Profile ICCID, `8.2.2` POL1,
//! `8.3.1` ISD-P, `8.7` SM-SR; reasons `1.2` Not Allowed (Authorisation), `2.1` Invalid,
//! `3.3` Already in use, `3.5` Invalid transition, `3.7` Unavailable, `3.8` Refused,
//! `3.9` Unknown, `4.2` Execution error, `6.4` Expired.

use serde::Serialize;

/// FunctionExecutionStatus/Status (SGP.02 5.1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Status {
    /// `Executed-Success`.
    #[serde(rename = "Executed-Success")]
    ExecutedSuccess,
    /// `Executed-WithWarning`.
    #[serde(rename = "Executed-WithWarning")]
    ExecutedWithWarning,
    /// `Failed`.
    #[serde(rename = "Failed")]
    Failed,
    /// `Expired`.
    #[serde(rename = "Expired")]
    Expired,
}

/// A subject code and a reason code (SGP.02 5.1.6, StatusCodeData).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StatusCode {
    /// What failed, e.g. `8.2.1` Profile ICCID.
    pub subject: &'static str,
    /// Why, e.g. `3.9` Unknown.
    pub reason: &'static str,
}

impl StatusCode {
    /// `subject` / `reason`.
    pub const fn new(subject: &'static str, reason: &'static str) -> StatusCode {
        StatusCode { subject, reason }
    }
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.subject, self.reason)
    }
}

/// Subject `8.1` eUICC.
pub const EUICC: &str = "8.1";
/// Subject `8.1.1` EID.
pub const EID: &str = "8.1.1";
/// Subject `8.2` Profile.
pub const PROFILE: &str = "8.2";
/// Subject `8.2.1` Profile ICCID.
pub const PROFILE_ICCID: &str = "8.2.1";
/// Subject `8.2.2` POL1 (the card's policy refused).
pub const POL1: &str = "8.2.2";
/// Subject `8.3.1` ISD-P.
pub const ISD_P: &str = "8.3.1";
/// Subject `8.7` SM-SR.
pub const SM_SR: &str = "8.7";

/// Reason `1.2` Not Allowed (Authorisation).
pub const NOT_ALLOWED: &str = "1.2";
/// Reason `2.1` Invalid.
pub const INVALID: &str = "2.1";
/// Reason `3.3` Already in use.
pub const ALREADY_IN_USE: &str = "3.3";
/// Reason `3.5` Invalid transition (the profile is not in the state the function needs).
pub const INVALID_TRANSITION: &str = "3.5";
/// Reason `3.7` Unavailable.
pub const UNAVAILABLE: &str = "3.7";
/// Reason `3.8` Refused.
pub const REFUSED: &str = "3.8";
/// Reason `3.9` Unknown.
pub const UNKNOWN: &str = "3.9";
/// Reason `4.2` Execution error.
pub const EXECUTION_ERROR: &str = "4.2";
/// Reason `6.4` Expired (the validity period ran out).
pub const EXPIRED: &str = "6.4";
