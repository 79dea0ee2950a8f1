//! Requests the ISD-R refuses without a response: they end with a status word only.
//!
//! ES10x functions travel in GlobalPlatform STORE DATA commands (SGP.22 5.7.2, GlobalPlatform
//! Card Specification 11.11). A request the ISD-R cannot take as an ES10 function at all has
//! no response object to carry a result code, so the card answers with a status word from the
//! STORE DATA list: `6A80` (incorrect values in the command data) for data that is not the
//! DER of a known request, `6A88` (referenced data not found) for a tag that names no
//! function this eUICC implements, and `6985` (conditions of use not satisfied, ISO/IEC
//! 7816-4 5.6) for a Bound Profile Package piece outside a download session, `6F00` when the
//! eUICC fails internally (its random generator). Everything
//! SGP.22 defines a result value for is answered with that value instead.

use proto::der::{DecodeError, Tag};

/// Why a request has no response data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es10Error {
    /// Not a DER TLV, or the request of a known function does not decode (`6A80`).
    #[error("malformed ES10 request: {0}")]
    Malformed(DecodeError),
    /// No ES10 function has this tag (`6A88`).
    #[error("no ES10 function has tag {0}")]
    UnknownFunction(Tag),
    /// An ES10 function this eUICC does not offer, e.g. ES10b.LoadCRL without `crlSupport`
    /// (`6A88`).
    #[error("ES10 function {0} is not supported by this eUICC")]
    NotSupported(&'static str),
    /// A Bound Profile Package piece without a prepared download session (`6985`).
    #[error("no download session for a Bound Profile Package piece")]
    NoSession,
    /// The eUICC failed internally, e.g. its random generator (`6F00`, no precise
    /// diagnosis).
    #[error("internal failure: {0}")]
    Internal(&'static str),
    /// A processor that relays the request to another card (a reader, a modem) passes on
    /// the status word that card ended the STORE DATA chain with, `6F00` when it could not
    /// be reached.
    #[error("the card behind answered status word {0:04X}")]
    Relayed(u16),
}

impl Es10Error {
    /// `6A80`: incorrect values in the command data.
    pub const SW_INCORRECT_DATA: u16 = 0x6A80;
    /// `6A88`: referenced data not found.
    pub const SW_REFERENCED_DATA_NOT_FOUND: u16 = 0x6A88;
    /// `6985`: conditions of use not satisfied.
    pub const SW_CONDITIONS_NOT_SATISFIED: u16 = 0x6985;
    /// `6F00`: no precise diagnosis.
    pub const SW_NO_PRECISE_DIAGNOSIS: u16 = 0x6F00;

    /// The status word that ends the STORE DATA command carrying the request.
    pub fn status_word(&self) -> u16 {
        match self {
            Es10Error::Malformed(_) => Self::SW_INCORRECT_DATA,
            Es10Error::UnknownFunction(_) | Es10Error::NotSupported(_) => {
                Self::SW_REFERENCED_DATA_NOT_FOUND
            }
            Es10Error::NoSession => Self::SW_CONDITIONS_NOT_SATISFIED,
            Es10Error::Internal(_) => Self::SW_NO_PRECISE_DIAGNOSIS,
            Es10Error::Relayed(sw) => *sw,
        }
    }
}

impl From<DecodeError> for Es10Error {
    fn from(e: DecodeError) -> Self {
        Es10Error::Malformed(e)
    }
}
