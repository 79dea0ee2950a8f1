//! Why an ES3 function was refused (SGP.02 5.4), one variant per condition, each with the
//! status code of SGP.02 5.1.6 it is answered with ([`Es3Error::code`]).

use crate::es4::Es4Error;
use crate::status::{
    EID_INVALID, EID_UNKNOWN, PROFILE_ICCID_INVALID_TRANSITION, PROFILE_ICCID_NOT_ALLOWED,
    PROFILE_ICCID_UNKNOWN, StatusCode,
};
use crate::store::StoreError;
use soap::status::codes::{
    PROFILE_ICCID_ALREADY_IN_USE, PROTOCOL_FORMAT_INVALID, SECURITY_DOMAIN_AID_UNKNOWN,
};

/// 8.2.1 / 2.1: a malformed ICCID (SGP.22 5.2.6 pair, subject of the `Iccid` part).
const ICCID_INVALID: StatusCode = StatusCode::new("8.2.1", "2.1");
/// 8.3.1 / 1.2: the security domain is not the requester's (an ISD-P of another SM-DP).
/// **Unconfirmed**: the ISD-P subject of SGP.02 5.1.6.1 with the reason "Not Allowed
/// (Authorisation)".
const SECURITY_DOMAIN_NOT_ALLOWED: StatusCode = StatusCode::new("8.3.1", "1.2");
/// 8.1 / 3.8: the eUICC cannot take another ISD-P (memory, or every ISD-P AID of Annex H
/// taken). **Unconfirmed**: the eUICC subject with the reason "Refused".
const EUICC_REFUSED: StatusCode = StatusCode::new("8.1", "3.8");

/// An ES3 refusal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Es3Error {
    /// `8.1.1` / `3.9`: no EIS has this EID.
    #[error("EID {0} is unknown")]
    UnknownEid(String),
    /// `8.1.1` / `2.1`: a malformed EID.
    #[error("malformed EID")]
    InvalidEid,
    /// `8.2.1` / `2.1`: a malformed ICCID.
    #[error("malformed ICCID")]
    InvalidIccid,
    /// `8.2.1` / `3.9`: the EIS has no such profile.
    #[error("ICCID {0} is unknown on this eUICC")]
    UnknownProfile(String),
    /// `8.2.1` / `1.2`: the profile was not downloaded by the requesting SM-DP.
    #[error("profile {0} is another SM-DP's")]
    NotSmdpsProfile(String),
    /// `8.2.1` / `3.3`: CreateISDP for an ICCID the eUICC already has (SGP.02 3.1.1).
    #[error("profile {0} is already on this eUICC")]
    IccidInUse(String),
    /// `8.2.1` / `3.5`: ProfileDownloadCompleted for a profile not in `Created`.
    #[error("profile {0} is not waiting for its download")]
    NotCreated(String),
    /// `8.1` / `3.8`: no room for another ISD-P (RequiredMemory above the EIS's free
    /// memory, or no ISD-P AID left).
    #[error("the eUICC has no room for another ISD-P")]
    NoRoom,
    /// `8.3.1` / `3.9`: `sd-aid` names neither the ISD-R nor an ISD-P of the EIS.
    #[error("no security domain {0} on this eUICC")]
    UnknownSecurityDomain(String),
    /// `8.3.1` / `1.2`: `sd-aid` names an ISD-P of another SM-DP's profile.
    #[error("security domain {0} is another SM-DP's")]
    SecurityDomainNotAllowed(String),
    /// `1.3.1` / `2.1`: `Data` is not a command script the SM-SR can relay, or larger than
    /// [`super::MAX_SEND_DATA`].
    #[error("Data refused: {0}")]
    InvalidData(&'static str),
    /// A condition ES4 shares (POL2, the profile's state, the fall-back profile), with
    /// the ES4 code.
    #[error(transparent)]
    Shared(Es4Error),
    /// The database failed (no status code: an internal error).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Es4Error> for Es3Error {
    fn from(e: Es4Error) -> Es3Error {
        match e {
            Es4Error::UnknownEid(eid) => Es3Error::UnknownEid(eid),
            Es4Error::Store(s) => Es3Error::Store(s),
            e => Es3Error::Shared(e),
        }
    }
}

impl Es3Error {
    /// The SGP.02 status code of the refusal; `None` for an internal failure.
    pub fn code(&self) -> Option<StatusCode> {
        Some(match self {
            Es3Error::UnknownEid(_) => EID_UNKNOWN,
            Es3Error::InvalidEid => EID_INVALID,
            Es3Error::InvalidIccid => ICCID_INVALID,
            Es3Error::UnknownProfile(_) => PROFILE_ICCID_UNKNOWN,
            Es3Error::NotSmdpsProfile(_) => PROFILE_ICCID_NOT_ALLOWED,
            Es3Error::IccidInUse(_) => PROFILE_ICCID_ALREADY_IN_USE,
            Es3Error::NotCreated(_) => PROFILE_ICCID_INVALID_TRANSITION,
            Es3Error::NoRoom => EUICC_REFUSED,
            Es3Error::UnknownSecurityDomain(_) => SECURITY_DOMAIN_AID_UNKNOWN,
            Es3Error::SecurityDomainNotAllowed(_) => SECURITY_DOMAIN_NOT_ALLOWED,
            Es3Error::InvalidData(_) => PROTOCOL_FORMAT_INVALID,
            Es3Error::Shared(e) => return e.code(),
            Es3Error::Store(_) => return None,
        })
    }
}
