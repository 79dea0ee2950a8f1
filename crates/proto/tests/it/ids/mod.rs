//! Identifiers against the specs that define them (SGP.29, E.118, TS 31.102, TS 24.008,
//! SGP.22 4.1 and 5.6.1), with property tests: every valid value round-trips through its wire
//! and text forms, and arbitrary input is refused with an error, never a panic.

mod activation_code;
mod eid;
mod iccid;
mod imsi;
mod matching_id;
mod plmn;
mod smdp_address;
mod transaction_id;
