//! What a run produced: the report and the guarantees, where the time went, the traffic,
//! and what the ledger, the discovery path and the SGP.02 path add when they ran.

use std::time::Duration;

use serde::Serialize;

use crate::ledger::report::LedgerReport;
use crate::report::checks::Check;
use crate::report::{Report, RunInfo};
use crate::run::day_parts::DayParts;
use crate::servers::Servers;
use crate::world::outage::Outage;

/// Where the time went (wall clock).
#[derive(Clone, Debug, Default)]
pub struct Timing {
    pub setup: Duration,
    pub deploy: Duration,
    pub days: Duration,
    pub drain: Duration,
    pub checks: Duration,
    pub total: Duration,
    /// The days' time, part by part.
    pub day_parts: DayParts,
}

/// Traffic and events of the run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub polls: u64,
    pub downloads: u64,
    pub rollbacks: u64,
    /// Of the rollbacks, those after an enable whose result could not reach the eIM.
    pub rollbacks_eim_unreachable: u64,
    pub lost_answers: u64,
}

/// What a run produced.
pub struct DemoOutcome {
    pub report: Report,
    pub info: RunInfo,
    pub checks: Vec<Check>,
    pub timing: Timing,
    pub counts: Counts,
    /// `name → address` of the listeners, for the terminal.
    pub endpoints: Vec<(&'static str, String)>,
    /// The servers, still running, when [`crate::run::options::DemoOptions::keep_serving`] asked for them.
    pub servers: Option<Servers>,
    /// The roaming ledger of the run, written as it went (with `options.ledger` only).
    pub ledger: Option<LedgerReport>,
    /// What the SM-DS, the operator and the outages did, in a run by discovery.
    pub discovery: Option<DiscoveryFacts>,
    /// What went over the air and over ES2, in a run through SGP.02.
    pub sgp02: Option<Sgp02Facts>,
}

impl DemoOutcome {
    /// Whether every guarantee held.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }
}

/// What the SM-DS, the operator and the outages did in a run by discovery.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DiscoveryFacts {
    /// Event retrievals the devices asked the root SM-DS for, and those unanswered.
    pub smds_polls: u64,
    pub smds_unanswered: u64,
    pub orders: u64,
    pub order_failures: u64,
    pub confirm_failures: u64,
    /// Orders cancelled at the end of the run (their devices never found them).
    pub cancelled: u64,
    pub outages: Vec<Outage>,
}

/// What went over the air and over ES2 in a run through SGP.02.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sgp02Facts {
    /// Short messages to the cards (lost ones included) and from them, as the radios
    /// counted them; those lost; their TP-User-Data octets both ways.
    pub sms_mt: u64,
    pub sms_mo: u64,
    pub sms_lost: u64,
    pub sms_octets: u64,
    /// ES2 requests the operator sent, and messages the SM-DP sent to its endpoint
    /// (responses and notifications).
    pub es2_requests: u64,
    pub es2_received: u64,
    /// DownloadProfile requests accepted, and those refused or unanswered.
    pub orders: u64,
    pub order_failures: u64,
    /// DownloadProfile responses: done (downloaded and enabled) and failed.
    pub downloads_done: u64,
    pub downloads_failed: u64,
    /// Of the failed ones, enables the card rolled back (the profile found no network).
    pub enables_rolled_back: u64,
    /// Profiles left by a rolled-back enable that the operator deleted.
    pub deletes: u64,
    /// ES2 notifications received.
    pub notifications: u64,
    /// Times the SM-SR was started again after an outage.
    pub smsr_restarts: u32,
    pub outages: Vec<Outage>,
}
