//! The roaming ledger of a lab run (`rsp-lab demo --ledger DIR`, seed 002): the home
//! operator of the bootstrap profile, every visited operator and the SM-DP+/eIM operator
//! each keep their own database in `DIR`; per partner pair one log (the [`ledger`] crate)
//! holding the device contracts, the visited network's usage records, the subscription
//! operations that moved devices, and the flags raised when a network refused
//! out-of-policy use — including the cases `--fraud-rate` injects.
//!
//! - [`facts`]: the devices and the subscription operations the roles ended.
//! - [`usage`]: roaming days and the honest usage model; the contract's assumptions.
//! - [`fraud`]: injected cases. [`write`](mod@write): the day-by-day writing of the ledger;
//!   [`live`]: fed by the run as each day ends, download bursts sent to the real SM-DP+.
//! - [`report`]: the report section (JSON and text).

pub mod error;
pub mod facts;
pub mod fraud;
pub mod live;
pub mod report;
pub mod usage;
pub mod write;

use std::path::PathBuf;

/// Options of the ledger of a run.
#[derive(Clone, Debug)]
pub struct LedgerOptions {
    /// The partners' databases and `partners.json` (recreated each run).
    pub dir: PathBuf,
    /// Share of devices with one injected out-of-policy case (0 to 1).
    pub fraud_rate: f64,
}

/// The home operator: the one of the bootstrap profile.
pub const HOME: &str = crate::world::countries::BOOTSTRAP_OPERATOR.name;
/// The SM-DP+/eIM operator.
pub const RSP: &str = "rsp-lab SM-DP+ and eIM";

#[cfg(test)]
mod tests;
