//! Amounts in micro-USD (integers, so that sums are exact) and their display.

/// Micro-USD.
pub type Micros = u64;

/// One US dollar.
pub const USD: Micros = 1_000_000;

/// `$12.34`.
pub fn usd(m: Micros) -> String {
    let cents = (m + 5_000) / 10_000;
    format!("${}.{:02}", cents / 100, cents % 100)
}
