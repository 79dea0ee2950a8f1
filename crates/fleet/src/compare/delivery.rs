//! `rsp-lab compare --delivery eim,smds`: the same fleet, seed and faults localized by the
//! eIM (SGP.32) and by discovery at the root SM-DS (SGP.22), side by side: how many devices
//! ended local, how long it took from their arrival, how often each device asked a server,
//! the over-the-air operations, and what failed.

use std::fmt::Write;

use serde::Serialize;

use crate::report::Report;
use crate::run::outcome::DemoOutcome;
use crate::run::outcome::DiscoveryFacts;
use crate::world::outage::Delivery;

/// One delivery's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryResult {
    pub delivery: Delivery,
    pub devices: u32,
    /// Devices on a local profile at the end.
    pub localized: u32,
    /// Days from arrival to the first local attach, over the devices localized: median
    /// and 90th percentile.
    pub days_to_localize_p50: Option<u32>,
    pub days_to_localize_p90: Option<u32>,
    /// Polls of the eIM (eim) or event retrievals at the SM-DS (smds), per device.
    pub polls_per_device: f64,
    /// Downloads, enables, deletions and rollbacks the devices went through.
    pub ota_operations: u64,
    pub downloads: u64,
    pub rollbacks: u64,
    /// Devices that need attention at the end (no attach, exposed).
    pub attention: u32,
    /// Answers the devices lost (injected faults).
    pub lost_answers: u64,
    pub guarantees_held: bool,
    /// With discovery: the SM-DS's and the operator's side, and the outages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery: Option<DiscoveryFacts>,
}

const OTA_EVENTS: [&str; 4] = ["downloaded", "enabled", "deleted", "rolled-back"];

/// The `q`-quantile of sorted `v` (nearest rank).
fn quantile(v: &[u32], q: f64) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// Days from arrival to the first local attach of each device localized.
fn days_to_localize(report: &Report) -> Vec<u32> {
    let mut days: Vec<u32> = (report.devices.iter())
        .filter_map(|d| {
            let arrived = d.history.iter().find(|h| h.event == "deployed")?.day;
            let local = d.history.iter().find(|h| h.event == "localized")?.day;
            Some(local.saturating_sub(arrived))
        })
        .collect();
    days.sort_unstable();
    days
}

impl DeliveryResult {
    /// Reads a run's outcome.
    pub fn of(delivery: Delivery, outcome: &DemoOutcome) -> DeliveryResult {
        let r = &outcome.report;
        let days = days_to_localize(r);
        let devices = u32::try_from(r.devices.len()).unwrap_or(u32::MAX);
        let ota = (r.devices.iter())
            .flat_map(|d| &d.history)
            .filter(|h| OTA_EVENTS.contains(&h.event))
            .count() as u64;
        DeliveryResult {
            delivery,
            devices,
            localized: r.devices.iter().filter(|d| d.localized).count() as u32,
            days_to_localize_p50: quantile(&days, 0.5),
            days_to_localize_p90: quantile(&days, 0.9),
            polls_per_device: outcome.counts.polls as f64 / f64::from(devices.max(1)),
            ota_operations: ota,
            downloads: outcome.counts.downloads,
            rollbacks: outcome.counts.rollbacks,
            attention: r.devices.iter().filter(|d| d.attention.is_some()).count() as u32,
            lost_answers: outcome.counts.lost_answers,
            guarantees_held: outcome.passed(),
            discovery: outcome.discovery.clone(),
        }
    }
}

type Row = (&'static str, fn(&DeliveryResult) -> String);

fn or_dash(v: Option<u32>) -> String {
    v.map_or_else(|| "-".into(), |d| d.to_string())
}

const ROWS: [Row; 11] = [
    ("devices", |r| r.devices.to_string()),
    ("localized", |r| r.localized.to_string()),
    ("days to local p50", |r| or_dash(r.days_to_localize_p50)),
    ("days to local p90", |r| or_dash(r.days_to_localize_p90)),
    ("polls per device", |r| format!("{:.1}", r.polls_per_device)),
    ("OTA operations", |r| r.ota_operations.to_string()),
    ("downloads", |r| r.downloads.to_string()),
    ("rollbacks", |r| r.rollbacks.to_string()),
    ("attention", |r| r.attention.to_string()),
    ("answers lost", |r| r.lost_answers.to_string()),
    ("guarantees", |r| {
        if r.guarantees_held { "held" } else { "FAILED" }.into()
    }),
];

/// The deliveries side by side, then what the servers' outages did to discovery.
pub fn table(results: &[DeliveryResult]) -> String {
    let mut out = String::new();
    let _ = write!(out, "{:<20}", "delivery");
    for r in results {
        let _ = write!(out, " {:>10}", r.delivery.name());
    }
    out.push('\n');
    for (label, read) in ROWS {
        let _ = write!(out, "{label:<20}");
        for r in results {
            let _ = write!(out, " {:>10}", read(r));
        }
        out.push('\n');
    }
    for r in results {
        if let Some(f) = &r.discovery {
            let _ = writeln!(out, "\n{}:", r.delivery.name());
            out.push_str(&facts_text(f));
        }
    }
    out
}

/// What the SM-DS and the operator did, and the outages (one line each).
pub fn facts_text(f: &DiscoveryFacts) -> String {
    let mut out = format!(
        "  SM-DS: {} event retrievals, {} unanswered\n  operator: {} orders, {} \
         DownloadOrders and {} ConfirmOrders failed (tried again), {} cancelled at the end\n",
        f.smds_polls,
        f.smds_unanswered,
        f.orders,
        f.order_failures,
        f.confirm_failures,
        f.cancelled
    );
    for o in &f.outages {
        let _ = writeln!(out, "  outage: {}", o.label());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_take_the_nearest_rank() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3], 0.9), Some(3));
        let v = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(quantile(&v, 0.5), Some(4));
        assert_eq!(quantile(&v, 0.9), Some(8));
    }
}
