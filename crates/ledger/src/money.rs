//! Amounts in micro-USD (integers, so that sums are exact), their display, and the rates
//! of a contract.

use serde::{Deserialize, Serialize};

/// Micro-USD.
pub type Micros = u64;

/// One US dollar.
pub const USD: Micros = 1_000_000;

/// `$12.34`.
pub fn usd(m: Micros) -> String {
    let cents = (m + 5_000) / 10_000;
    format!("${}.{:02}", cents / 100, cents % 100)
}

/// Wholesale roaming rates of a contract (micro-USD).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub data_per_mb: Micros,
    pub voice_per_minute: Micros,
}
