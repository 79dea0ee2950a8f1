//! Identifiers of remote SIM provisioning, each with validation, its wire form and, where it
//! travels in JSON, its JSON form.
//!
//! | type | spec | wire form |
//! |---|---|---|
//! | [`Eid`] | SGP.29, SGP.02 2.2.2 | 16 octets plain BCD; MOD 97-10 check digits |
//! | [`Iccid`] | ITU-T E.118, TS 102 221 13.2 | 10 octets swapped BCD, `F` padding; Luhn |
//! | [`Imsi`] | TS 23.003 2.2, TS 31.102 4.2.2 | EF.IMSI: length, parity nibble, swapped BCD |
//! | [`Plmn`] | TS 24.008 10.5.1.3 | 3 octets, MNC digit 3 = `F` when 2 digits |
//! | [`TransactionId`] | SGP.22 5.6.1 | 1..16 octets; hex in JSON |
//! | [`MatchingId`] | SGP.22 4.1 | text |
//! | [`SmdpAddress`] | SGP.22 4.1, 5.6.1 | `FQDN[:port]` |
//! | [`ActivationCode`] | SGP.22 4.1 | `LPA:1$addr$token[$oid[$1]]` |

mod activation_code;
mod bcd;
mod eid;
mod iccid;
mod imsi;
mod matching_id;
mod plmn;
mod smdp_address;
mod transaction_id;

pub use activation_code::{AC_FORMAT, ActivationCode, ActivationCodeError, DELIMITER, QR_PREFIX};
pub use eid::{EID_DIGITS, EID_OCTETS, Eid, EidError};
pub use iccid::{ICCID_MAX_DIGITS, ICCID_MIN_DIGITS, ICCID_OCTETS, Iccid, IccidError};
pub use imsi::{
    EF_IMSI_OCTETS, IMSI_MAX_DIGITS, IMSI_MIN_DIGITS, Imsi, ImsiError, mcc_has_three_digit_mnc,
    mnc_length_by_mcc,
};
pub use matching_id::{MATCHING_ID_MAX_CHARS, MatchingId, MatchingIdError};
pub use plmn::{MncLength, Plmn, PlmnError};
pub use smdp_address::{FQDN_MAX_CHARS, SmdpAddress, SmdpAddressError};
pub use transaction_id::{TRANSACTION_ID_MAX_OCTETS, TransactionId, TransactionIdError};
