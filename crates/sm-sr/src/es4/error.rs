//! Why an ES4 function was refused (SGP.02 5.5), one variant per condition, each with the
//! status code it is answered with ([`Es4Error::code`], table in [`crate::status`]).

use crate::eis::ProfileState;
use crate::status::{
    EID_INVALID, EID_REFUSED, EID_UNKNOWN, POL2_REFUSED, PROFILE_ICCID_INVALID_TRANSITION,
    PROFILE_ICCID_NOT_ALLOWED, PROFILE_ICCID_REFUSED, PROFILE_ICCID_UNKNOWN, StatusCode,
};
use crate::store::StoreError;

/// An ES4 refusal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Es4Error {
    /// `8.1.1` EID / `3.9` Unknown: no EIS has this EID.
    #[error("EID {0} is unknown")]
    UnknownEid(String),
    /// `8.2.1` Profile ICCID / `3.9` Unknown: the EIS has no such profile.
    #[error("ICCID {0} is unknown on this eUICC")]
    UnknownProfile(String),
    /// `8.2.1` / `1.2` Not Allowed (Authorisation): the requester does not own the profile.
    #[error("the requester does not own profile {0}")]
    NotOwner(String),
    /// `8.2.3` POL2 / `3.8` Refused: a POL2 rule of this profile (the target, or the
    /// enabled one an enable would disable) says `Not-Allowed` (SGP.02 3.2, 3.4, 3.5).
    #[error("POL2 of profile {0} does not allow it")]
    Pol2Refused(String),
    /// `8.2.1` / `3.5` Invalid transition: the profile is not in the state the function
    /// needs (enable: Disabled; disable: Enabled; delete: Disabled or Created).
    #[error("profile {iccid} is {state:?}")]
    WrongState {
        /// The profile.
        iccid: String,
        /// Its state.
        state: ProfileState,
    },
    /// `8.2.1` / `3.8` Refused: the profile holds the Fall-Back Attribute, which cannot be
    /// disabled or deleted (SGP.02 3.16).
    #[error("profile {0} holds the Fall-Back Attribute")]
    FallBackProfile(String),
    /// `8.1.1` / `2.1` Invalid: a malformed EID or ICCID.
    #[error("malformed {0}")]
    Invalid(&'static str),
    /// `8.1.1` EID / `3.8` Refused ([`EID_REFUSED`]): the eUICC is being handed over to
    /// another SM-SR (SGP.02 3.8: SM-SR1 locks it until the change ends).
    #[error("eUICC {0} is being handed over to another SM-SR")]
    Locked(String),
    /// A command script over the size limits of TS 102 226 (no status code: internal).
    #[error(transparent)]
    Script(#[from] crate::es5::ScriptError),
    /// The database failed (no status code: an internal error).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Es4Error {
    /// The SGP.02 status code of the refusal; `None` for an internal failure.
    pub fn code(&self) -> Option<StatusCode> {
        Some(match self {
            Es4Error::UnknownEid(_) => EID_UNKNOWN,
            Es4Error::UnknownProfile(_) => PROFILE_ICCID_UNKNOWN,
            Es4Error::NotOwner(_) => PROFILE_ICCID_NOT_ALLOWED,
            Es4Error::Pol2Refused(_) => POL2_REFUSED,
            Es4Error::WrongState { .. } => PROFILE_ICCID_INVALID_TRANSITION,
            Es4Error::FallBackProfile(_) => PROFILE_ICCID_REFUSED,
            Es4Error::Invalid(_) => EID_INVALID,
            Es4Error::Locked(_) => EID_REFUSED,
            Es4Error::Store(_) | Es4Error::Script(_) => return None,
        })
    }

    /// The SubjectIdentifier sent with the code (the EID or ICCID at stake).
    pub fn subject_identifier(&self) -> Option<&str> {
        match self {
            Es4Error::UnknownEid(s)
            | Es4Error::Locked(s)
            | Es4Error::UnknownProfile(s)
            | Es4Error::NotOwner(s)
            | Es4Error::Pol2Refused(s)
            | Es4Error::FallBackProfile(s)
            | Es4Error::WrongState { iccid: s, .. } => Some(s),
            _ => None,
        }
    }
}
