//! `rsp-lab compare --delivery eim,smds,sgp02`: the same fleet, seed and faults localized
//! by the eIM (SGP.32), by discovery at the root SM-DS (SGP.22) and through the SGP.02
//! SM-DP and SM-SR over SMS, side by side: how many devices ended local, how long it took
//! from their arrival, how often each device asked a server, the over-the-air operations,
//! the short messages, the cost per device, and what failed.

use std::fmt::Write;

use serde::Serialize;

use crate::compare::usage_of;
use crate::report::Report;
use crate::run::outcome::DemoOutcome;
use crate::run::outcome::{DiscoveryFacts, Sgp02Facts};
use crate::world::cost::{Cost, CostModel};
use crate::world::outage::Delivery;
use crate::world::strategy::Strategy;

/// What any localization run comes to, whatever reached the devices: the figures
/// `compare --delivery` and `compare --esipa` share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Localized {
    pub devices: u32,
    /// Devices on a local profile at the end.
    pub localized: u32,
    /// Days from arrival to the first local attach, over the devices localized: median
    /// and 90th percentile.
    pub days_to_localize_p50: Option<u32>,
    pub days_to_localize_p90: Option<u32>,
    /// Polls of the eIM (eim) or event retrievals at the SM-DS (smds), per device.
    pub polls_per_device: f64,
    pub downloads: u64,
    pub rollbacks: u64,
    /// Answers the devices lost (injected faults); through SGP.02, short messages lost.
    pub lost_answers: u64,
    pub guarantees_held: bool,
}

impl Localized {
    /// Reads the outcome of a run.
    pub fn of(outcome: &DemoOutcome) -> Localized {
        let r = &outcome.report;
        let days = days_to_localize(r);
        let devices = u32::try_from(r.devices.len()).unwrap_or(u32::MAX);
        Localized {
            devices,
            localized: r.devices.iter().filter(|d| d.localized).count() as u32,
            days_to_localize_p50: quantile(&days, 0.5),
            days_to_localize_p90: quantile(&days, 0.9),
            polls_per_device: outcome.counts.polls as f64 / f64::from(devices.max(1)),
            downloads: outcome.counts.downloads,
            rollbacks: outcome.counts.rollbacks,
            lost_answers: outcome.counts.lost_answers,
            guarantees_held: outcome.passed(),
        }
    }
}

/// One delivery's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryResult {
    pub delivery: Delivery,
    #[serde(flatten)]
    pub localized: Localized,
    /// Downloads, enables, deletions and rollbacks the devices went through.
    pub ota_operations: u64,
    /// Devices that need attention at the end (no attach, exposed).
    pub attention: u32,
    /// Short messages over the air (to and from the devices), and their user data octets:
    /// SGP.02's bearer; none for the eIM's and discovery's, which reach the devices over IP.
    pub sms: u64,
    pub sms_octets: u64,
    /// The cost per device per month by the cost model (the eUICC, data, fees, downloads
    /// and OTA operations, and the short messages at `[bearers] sms`).
    pub cost_per_device_month: f64,
    /// With discovery: the SM-DS's and the operator's side, and the outages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovery: Option<DiscoveryFacts>,
    /// Through SGP.02: the short messages, ES2 and the outages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sgp02: Option<Sgp02Facts>,
}

const OTA_EVENTS: [&str; 4] = ["downloaded", "enabled", "deleted", "rolled-back"];

/// The `q`-quantile of sorted `v` (nearest rank).
pub(crate) fn quantile(v: &[u32], q: f64) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// Days from arrival to the first local attach of each device localized.
pub(crate) fn days_to_localize(report: &Report) -> Vec<u32> {
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
    /// Reads the outcome of a run of `days` days, priced by `model`.
    pub fn of(
        delivery: Delivery,
        outcome: &DemoOutcome,
        model: &CostModel,
        run_days: u32,
    ) -> DeliveryResult {
        let r = &outcome.report;
        let localized = Localized::of(outcome);
        let devices = localized.devices;
        let ota = (r.devices.iter())
            .flat_map(|d| &d.history)
            .filter(|h| OTA_EVENTS.contains(&h.event))
            .count() as u64;
        let sms = outcome.sgp02.as_ref().map_or(0, |f| f.sms_mt + f.sms_mo);
        let sms_each = sms as f64 / f64::from(devices.max(1));
        let costs: Vec<Cost> = (r.devices.iter())
            .map(|d| {
                let mut c = model.per_device_month(Strategy::Localize, &usage_of(d), run_days);
                let s = model.sms_per_month(sms_each, run_days);
                c.operations += s;
                c.total += s;
                c
            })
            .collect();
        let cost = Cost::mean(&costs);
        DeliveryResult {
            delivery,
            localized,
            ota_operations: ota,
            attention: r.devices.iter().filter(|d| d.attention.is_some()).count() as u32,
            sms,
            sms_octets: outcome.sgp02.as_ref().map_or(0, |f| f.sms_octets),
            cost_per_device_month: cost.total,
            discovery: outcome.discovery.clone(),
            sgp02: outcome.sgp02.clone(),
        }
    }
}

type Row = Line<DeliveryResult>;

pub(crate) fn or_dash(v: Option<u32>) -> String {
    v.map_or_else(|| "-".into(), |d| d.to_string())
}

const ROWS: [Row; 14] = [
    ("devices", |r| r.localized.devices.to_string()),
    ("localized", |r| r.localized.localized.to_string()),
    ("days to local p50", |r| {
        or_dash(r.localized.days_to_localize_p50)
    }),
    ("days to local p90", |r| {
        or_dash(r.localized.days_to_localize_p90)
    }),
    ("polls per device", |r| {
        format!("{:.1}", r.localized.polls_per_device)
    }),
    ("OTA operations", |r| r.ota_operations.to_string()),
    ("downloads", |r| r.localized.downloads.to_string()),
    ("rollbacks", |r| r.localized.rollbacks.to_string()),
    ("attention", |r| r.attention.to_string()),
    ("answers lost", |r| r.localized.lost_answers.to_string()),
    ("SMS", |r| r.sms.to_string()),
    ("SMS octets", |r| r.sms_octets.to_string()),
    ("USD/device/month", |r| {
        format!("{:.3}", r.cost_per_device_month)
    }),
    ("guarantees", |r| held(r.localized.guarantees_held)),
];

/// A row of a side-by-side table: its label and how it reads one result.
pub(crate) type Line<T> = (&'static str, fn(&T) -> String);

/// `results` side by side under `head`, one column each named by `name`, one line per row.
pub(crate) fn side_by_side<T>(
    head: &str,
    name: fn(&T) -> &str,
    rows: &[Line<T>],
    results: &[T],
) -> String {
    let mut out = String::new();
    let _ = write!(out, "{head:<20}");
    for r in results {
        let _ = write!(out, " {:>10}", name(r));
    }
    out.push('\n');
    for (label, read) in rows {
        let _ = write!(out, "{label:<20}");
        for r in results {
            let _ = write!(out, " {:>10}", read(r));
        }
        out.push('\n');
    }
    out
}

/// `held` or `FAILED`.
pub(crate) fn held(guarantees_held: bool) -> String {
    if guarantees_held { "held" } else { "FAILED" }.into()
}

/// The deliveries side by side, then what the servers' outages did to discovery.
pub fn table(results: &[DeliveryResult]) -> String {
    let mut out = side_by_side("delivery", |r| r.delivery.name(), &ROWS, results);
    for r in results {
        if let Some(f) = &r.discovery {
            let _ = writeln!(out, "\n{}:", r.delivery.name());
            out.push_str(&facts_text(f));
        }
        if let Some(f) = &r.sgp02 {
            let _ = writeln!(out, "\n{}:", r.delivery.name());
            out.push_str(&sgp02_text(f));
        }
    }
    out
}

/// What went over the air and over ES2 in a run through SGP.02, and the outages.
pub fn sgp02_text(f: &Sgp02Facts) -> String {
    let mut out = format!(
        "  SMS: {} to the cards ({} lost on the radio), {} from them, {} octets of user data\n  \
         operator: {} DownloadProfile accepted, {} refused or unanswered; {} done, {} failed \
         ({} enables rolled back by the card, {} profiles then deleted); {} ES2 requests, {} \
         messages back ({} notifications)\n",
        f.sms_mt,
        f.sms_lost,
        f.sms_mo,
        f.sms_octets,
        f.orders,
        f.order_failures,
        f.downloads_done,
        f.downloads_failed,
        f.enables_rolled_back,
        f.deletes,
        f.es2_requests,
        f.es2_received,
        f.notifications
    );
    if f.smsr_restarts > 0 {
        let _ = writeln!(out, "  SM-SR started again {} time(s)", f.smsr_restarts);
    }
    for o in &f.outages {
        let _ = writeln!(out, "  outage: {}", o.label());
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
