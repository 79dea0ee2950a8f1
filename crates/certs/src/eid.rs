//! EID check digits (SGP.29; ISO/IEC 7064 MOD 97-10) and EIDs under an EUM's prefix.
//!
//! An EID is 32 decimal digits; the last two are check digits chosen so that the whole
//! number modulo 97 equals 1 (the IBAN scheme). The lab makes eUICC EIDs as
//! `prefix ‖ serial (zero padded) ‖ check digits`, the prefix being the EIN prefix that the
//! EUM certificate's name constraints permit (SGP.22 §4.5.2.1.0.2).

use thiserror::Error;

/// Number of digits in an EID.
pub const EID_LEN: usize = 32;

/// Why a string is not an EID (or cannot become one).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EidError {
    #[error("an EID has {expected} digits, got {found}")]
    Length { expected: usize, found: usize },
    #[error("an EID is decimal digits only: {0:?}")]
    NotDecimal(String),
    #[error("EID {0} has wrong check digits (ISO/IEC 7064 MOD 97-10)")]
    CheckDigits(String),
    #[error("EID prefix {prefix:?} leaves no room for serial {serial}")]
    SerialTooLarge { prefix: String, serial: u64 },
}

fn mod97(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0u32, |acc, d| (acc * 10 + u32::from(d - b'0')) % 97)
}

fn check_decimal(s: &str) -> Result<(), EidError> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(EidError::NotDecimal(s.to_string()))
    }
}

/// The two check digits for the first 30 digits of an EID.
pub fn eid_check_digits(first30: &str) -> Result<String, EidError> {
    if first30.len() != EID_LEN - 2 {
        return Err(EidError::Length {
            expected: EID_LEN - 2,
            found: first30.len(),
        });
    }
    check_decimal(first30)?;
    let r = mod97(&format!("{first30}00"));
    Ok(format!("{:02}", 98 - r))
}

/// Checks length, digits and check digits of a 32-digit EID.
pub fn validate_eid(eid: &str) -> Result<(), EidError> {
    if eid.len() != EID_LEN {
        return Err(EidError::Length {
            expected: EID_LEN,
            found: eid.len(),
        });
    }
    check_decimal(eid)?;
    if mod97(eid) == 1 {
        Ok(())
    } else {
        Err(EidError::CheckDigits(eid.to_string()))
    }
}

/// Whether `eid` is a well-formed EID with correct check digits.
pub fn is_valid_eid(eid: &str) -> bool {
    validate_eid(eid).is_ok()
}

/// Completes 30 digits with their check digits.
pub fn eid_with_check_digits(first30: &str) -> Result<String, EidError> {
    let check = eid_check_digits(first30)?;
    Ok(format!("{first30}{check}"))
}

/// The EID number `serial` under `prefix`: `prefix ‖ serial zero-padded to 30 digits ‖ check`.
pub fn eid_from_prefix(prefix: &str, serial: u64) -> Result<String, EidError> {
    check_decimal(prefix)?;
    let room = (EID_LEN - 2)
        .checked_sub(prefix.len())
        .ok_or(EidError::Length {
            expected: EID_LEN - 2,
            found: prefix.len(),
        })?;
    let digits = serial.to_string();
    if digits.len() > room {
        return Err(EidError::SerialTooLarge {
            prefix: prefix.to_string(),
            serial,
        });
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
        assert_eq!(
            validate_eid("89049032123451234512345678901234"),
            Err(EidError::CheckDigits(
                "89049032123451234512345678901234".into()
            ))
        );
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
    }
}
