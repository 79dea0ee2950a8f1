//! The Response Status Codes of the PoR (ETSI TS 102 225 5.2.1, Table 5).

/// A PoR status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum PorStatus {
    /// `00` PoR OK.
    #[error("00 PoR OK")]
    Ok,
    /// `01` RC/CC/DS failed.
    #[error("01 RC/CC/DS failed")]
    IntegrityFailed,
    /// `02` CNTR low.
    #[error("02 CNTR low")]
    CounterLow,
    /// `03` CNTR high.
    #[error("03 CNTR high")]
    CounterHigh,
    /// `04` CNTR blocked.
    #[error("04 CNTR blocked")]
    CounterBlocked,
    /// `05` ciphering error.
    #[error("05 ciphering error")]
    CipheringError,
    /// `06` unidentified security error.
    #[error("06 unidentified security error")]
    UnidentifiedSecurityError,
    /// `07` insufficient memory to process the incoming message.
    #[error("07 insufficient memory")]
    InsufficientMemory,
    /// `08` more time needed to process the command packet.
    #[error("08 more time needed")]
    MoreTimeNeeded,
    /// `09` TAR unknown.
    #[error("09 TAR unknown")]
    TarUnknown,
    /// `0A` insufficient security level.
    #[error("0A insufficient security level")]
    InsufficientSecurityLevel,
    /// `0B` the actual response data is sent in an SMS-SUBMIT (3GPP TS 31.115).
    #[error("0B actual response sent as SMS-SUBMIT")]
    ResponseViaSmsSubmit,
    /// `0C` the actual response data is sent over USSD (3GPP TS 31.115).
    #[error("0C actual response sent over USSD")]
    ResponseViaUssd,
}

impl PorStatus {
    /// The status octet.
    pub fn code(self) -> u8 {
        match self {
            PorStatus::Ok => 0x00,
            PorStatus::IntegrityFailed => 0x01,
            PorStatus::CounterLow => 0x02,
            PorStatus::CounterHigh => 0x03,
            PorStatus::CounterBlocked => 0x04,
            PorStatus::CipheringError => 0x05,
            PorStatus::UnidentifiedSecurityError => 0x06,
            PorStatus::InsufficientMemory => 0x07,
            PorStatus::MoreTimeNeeded => 0x08,
            PorStatus::TarUnknown => 0x09,
            PorStatus::InsufficientSecurityLevel => 0x0A,
            PorStatus::ResponseViaSmsSubmit => 0x0B,
            PorStatus::ResponseViaUssd => 0x0C,
        }
    }

    /// The status of an octet; `None` for the reserved values `0D`–`FF`.
    pub fn from_code(code: u8) -> Option<Self> {
        const ALL: [PorStatus; 13] = [
            PorStatus::Ok,
            PorStatus::IntegrityFailed,
            PorStatus::CounterLow,
            PorStatus::CounterHigh,
            PorStatus::CounterBlocked,
            PorStatus::CipheringError,
            PorStatus::UnidentifiedSecurityError,
            PorStatus::InsufficientMemory,
            PorStatus::MoreTimeNeeded,
            PorStatus::TarUnknown,
            PorStatus::InsufficientSecurityLevel,
            PorStatus::ResponseViaSmsSubmit,
            PorStatus::ResponseViaUssd,
        ];
        ALL.get(usize::from(code)).copied()
    }

    /// Whether the command was refused by the security checks (`01`–`06`, `09`, `0A`):
    /// the receiver could not, or must not, use the command's keys for the answer, so
    /// such a PoR goes back without ciphering or checksum.
    pub fn is_security_refusal(self) -> bool {
        matches!(
            self,
            PorStatus::IntegrityFailed
                | PorStatus::CounterLow
                | PorStatus::CounterHigh
                | PorStatus::CounterBlocked
                | PorStatus::CipheringError
                | PorStatus::UnidentifiedSecurityError
                | PorStatus::TarUnknown
                | PorStatus::InsufficientSecurityLevel
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_reserved_codes_are_refused() {
        for code in 0x00..=0x0C {
            let status = PorStatus::from_code(code).expect("defined");
            assert_eq!(status.code(), code);
        }
        assert_eq!(PorStatus::from_code(0x0D), None);
        assert_eq!(PorStatus::from_code(0xFF), None);
        assert_eq!(PorStatus::from_code(0x09), Some(PorStatus::TarUnknown));
    }
}
