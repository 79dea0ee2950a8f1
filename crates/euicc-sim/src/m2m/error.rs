//! Why the ISD-R refuses an ES5 command, one variant per status word (GPCS v2.3 11.1.3 and
//! the command tables of 11.2–11.11; SGP.02 v4.2 4.1.1 for `69E1`).

use crate::apdu::StatusWord;

/// A refused ISD-R command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IsdrError {
    /// `6700`: data field missing or of the wrong length.
    #[error("wrong length")]
    WrongLength,
    /// `6A80`: incorrect values in the command data (malformed TLV or DGI, a duplicate
    /// AID, an AID outside the ISD-P range).
    #[error("incorrect values in the command data")]
    IncorrectData,
    /// `6A84`: not enough memory space (CreateISDP quota).
    #[error("not enough memory space")]
    NotEnoughMemory,
    /// `6A86`: incorrect P1 P2.
    #[error("incorrect P1 P2")]
    IncorrectP1P2,
    /// `6A88`: referenced data not found (an unknown ISD-P, load file, notification).
    #[error("referenced data not found")]
    ReferencedDataNotFound,
    /// `6985`: conditions of use not satisfied (the ISD-P's state forbids the command;
    /// the enabled or fall-back profile).
    #[error("conditions of use not satisfied")]
    ConditionsNotSatisfied,
    /// `69E1`: POL1 of the profile prevents the action (SGP.02 4.1.1.2, 4.1.1.3, 4.1.1.9).
    #[error("POL1 prevents this action")]
    Pol1,
    /// `6982`: security status not satisfied (a certificate or signature of key
    /// establishment that does not verify).
    #[error("security status not satisfied")]
    SecurityStatus,
    /// `6D00`: not an instruction of the ISD-R.
    #[error("instruction not supported")]
    InsNotSupported,
    /// `6E00`: not the GlobalPlatform class.
    #[error("class not supported")]
    ClaNotSupported,
    /// `6581`: memory failure (the state file could not be written).
    #[error("memory failure")]
    MemoryFailure,
}

impl IsdrError {
    /// The status word.
    pub fn status_word(self) -> StatusWord {
        StatusWord(match self {
            IsdrError::WrongLength => 0x6700,
            IsdrError::IncorrectData => 0x6A80,
            IsdrError::NotEnoughMemory => 0x6A84,
            IsdrError::IncorrectP1P2 => 0x6A86,
            IsdrError::ReferencedDataNotFound => 0x6A88,
            IsdrError::ConditionsNotSatisfied => 0x6985,
            IsdrError::Pol1 => 0x69E1,
            IsdrError::SecurityStatus => 0x6982,
            IsdrError::InsNotSupported => 0x6D00,
            IsdrError::ClaNotSupported => 0x6E00,
            IsdrError::MemoryFailure => 0x6581,
        })
    }
}

impl From<std::io::Error> for IsdrError {
    fn from(_: std::io::Error) -> Self {
        IsdrError::MemoryFailure
    }
}

impl From<certs::gp::tlv::TlvError> for IsdrError {
    fn from(_: certs::gp::tlv::TlvError) -> Self {
        IsdrError::IncorrectData
    }
}
