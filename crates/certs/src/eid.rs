//! EIDs under an EUM's prefix, on top of [`proto::ids::Eid`] (the one owner of the EID's
//! form and its SGP.29 / ISO/IEC 7064 MOD 97-10 check digits).
//!
//! The lab makes eUICC EIDs as `prefix ‖ serial (zero padded) ‖ check digits`, the prefix
//! being the EIN prefix that the EUM certificate's name constraints permit (SGP.22
//! §4.5.2.1.0.2).

use proto::ids::{EID_DIGITS, Eid};
use thiserror::Error;

/// Number of digits in an EID.
pub const EID_LEN: usize = EID_DIGITS;

/// Why a string is not an EID (or cannot become one).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EidError {
    /// Not 32 digits with valid check digits (or a prefix not of decimal digits).
    #[error("EID {eid:?}: {source}")]
    Invalid {
        eid: String,
        #[source]
        source: proto::ids::EidError,
    },
    #[error("EID prefix {prefix:?} leaves no room for serial {serial}")]
    SerialTooLarge { prefix: String, serial: u64 },
}

fn invalid(eid: &str) -> impl FnOnce(proto::ids::EidError) -> EidError + '_ {
    move |source| EidError::Invalid {
        eid: eid.to_string(),
        source,
    }
}

/// The two check digits for the first 30 digits of an EID.
pub fn eid_check_digits(first30: &str) -> Result<String, EidError> {
    let check = Eid::compute_check_digits(first30).map_err(invalid(first30))?;
    Ok(format!("{check:02}"))
}

/// Checks length, digits and check digits of a 32-digit EID.
pub fn validate_eid(eid: &str) -> Result<(), EidError> {
    Eid::parse(eid).map(drop).map_err(invalid(eid))
}

/// Whether `eid` is a well-formed EID with correct check digits.
pub fn is_valid_eid(eid: &str) -> bool {
    validate_eid(eid).is_ok()
}

/// Completes 30 digits with their check digits.
pub fn eid_with_check_digits(first30: &str) -> Result<String, EidError> {
    Eid::from_prefix(first30)
        .map(|e| e.as_str().to_string())
        .map_err(invalid(first30))
}

/// The EID number `serial` under `prefix`: `prefix ‖ serial zero-padded to 30 digits ‖ check`.
pub fn eid_from_prefix(prefix: &str, serial: u64) -> Result<String, EidError> {
    let too_large = || EidError::SerialTooLarge {
        prefix: prefix.to_string(),
        serial,
    };
    let room = (EID_LEN - 2)
        .checked_sub(prefix.len())
        .ok_or_else(too_large)?;
    let digits = serial.to_string();
    if digits.len() > room {
        return Err(too_large());
    }
    eid_with_check_digits(&format!("{prefix}{serial:0room$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp29_eid_check_digits_of_the_sgp26_test_eid() {
        // The SGP.26 test eUICC's EID.
        assert!(is_valid_eid("89049032123451234512345678901235"));
        assert_eq!(
            eid_check_digits("890490321234512345123456789012").as_deref(),
            Ok("35")
        );
        assert!(matches!(
            validate_eid("89049032123451234512345678901234"),
            Err(EidError::Invalid {
                source: proto::ids::EidError::CheckDigits {
                    expected: 35,
                    found: 34
                },
                ..
            })
        ));
        assert!(!is_valid_eid("8904903212345123451234567890123"));
        assert!(!is_valid_eid("8904903212345123451234567890123A"));
    }

    #[test]
    fn sgp29_eids_from_a_prefix_are_valid_and_distinct() {
        let a = eid_from_prefix("89049032", 0).unwrap();
        let b = eid_from_prefix("89049032", 999).unwrap();
        assert!(a.starts_with("89049032") && is_valid_eid(&a));
        assert!(b.starts_with("89049032") && is_valid_eid(&b));
        assert_ne!(a, b);
        assert!(eid_from_prefix("8904903212345123451234567890", 1000).is_err());
        assert!(eid_from_prefix("8904903A", 1).is_err());
    }
}
