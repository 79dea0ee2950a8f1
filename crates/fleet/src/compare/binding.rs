//! `rsp-lab compare --esipa https,coap`: the same fleet, seed and faults localized by the
//! eIM with the devices on ESipa's HTTPS binding and on its CoAP binding (SGP.32), side by
//! side: the outcome (devices localized, days to localize, polls, downloads, rollbacks,
//! lost answers) and what each binding put on the wire (octets per poll, handshakes,
//! datagrams, the datagrams the countries' networks lost and the messages sent again).

use std::fmt::Write;

use serde::Serialize;

use crate::compare::delivery::{days_to_localize, or_dash, quantile};
use crate::report::EsipaWire;
use crate::run::outcome::DemoOutcome;

/// One binding's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingResult {
    /// `https` or `coap`.
    pub binding: &'static str,
    pub devices: u32,
    /// Devices on a local profile at the end.
    pub localized: u32,
    /// Days from arrival to the first local attach: median and 90th percentile.
    pub days_to_localize_p50: Option<u32>,
    pub days_to_localize_p90: Option<u32>,
    pub polls_per_device: f64,
    pub downloads: u64,
    pub rollbacks: u64,
    /// Answers the devices lost (injected faults).
    pub lost_answers: u64,
    /// What the devices' clients put on the wire and took from it.
    pub wire: Option<EsipaWire>,
    pub guarantees_held: bool,
}

impl BindingResult {
    /// Reads the outcome of the run over `binding`.
    pub fn of(binding: &'static str, outcome: &DemoOutcome) -> BindingResult {
        let r = &outcome.report;
        let days = days_to_localize(r);
        let devices = u32::try_from(r.devices.len()).unwrap_or(u32::MAX);
        BindingResult {
            binding,
            devices,
            localized: r.devices.iter().filter(|d| d.localized).count() as u32,
            days_to_localize_p50: quantile(&days, 0.5),
            days_to_localize_p90: quantile(&days, 0.9),
            polls_per_device: outcome.counts.polls as f64 / f64::from(devices.max(1)),
            downloads: outcome.counts.downloads,
            rollbacks: outcome.counts.rollbacks,
            lost_answers: outcome.counts.lost_answers,
            wire: r.esipa_wire.clone(),
            guarantees_held: outcome.passed(),
        }
    }
}

type Row = (&'static str, fn(&BindingResult) -> String);

fn wire(r: &BindingResult, read: fn(&EsipaWire) -> String) -> String {
    r.wire.as_ref().map_or_else(|| "-".into(), read)
}

const ROWS: [Row; 15] = [
    ("devices", |r| r.devices.to_string()),
    ("localized", |r| r.localized.to_string()),
    ("days to local p50", |r| or_dash(r.days_to_localize_p50)),
    ("days to local p90", |r| or_dash(r.days_to_localize_p90)),
    ("polls per device", |r| format!("{:.1}", r.polls_per_device)),
    ("downloads", |r| r.downloads.to_string()),
    ("rollbacks", |r| r.rollbacks.to_string()),
    ("answers lost", |r| r.lost_answers.to_string()),
    ("octets per poll", |r| {
        wire(r, |w| format!("{:.0}", w.octets_per_poll))
    }),
    ("octets, both ways", |r| {
        wire(r, |w| (w.octets_sent + w.octets_received).to_string())
    }),
    ("handshakes", |r| wire(r, |w| w.handshakes.to_string())),
    ("datagrams", |r| wire(r, |w| w.datagrams.to_string())),
    ("datagrams lost", |r| wire(r, |w| w.lost.to_string())),
    ("sent again", |r| wire(r, |w| w.retransmissions.to_string())),
    ("guarantees", |r| {
        if r.guarantees_held { "held" } else { "FAILED" }.into()
    }),
];

/// The bindings side by side.
pub fn table(results: &[BindingResult]) -> String {
    let mut out = String::new();
    let _ = write!(out, "{:<20}", "ESipa binding");
    for r in results {
        let _ = write!(out, " {:>10}", r.binding);
    }
    out.push('\n');
    for (label, read) in ROWS {
        let _ = write!(out, "{label:<20}");
        for r in results {
            let _ = write!(out, " {:>10}", read(r));
        }
        out.push('\n');
    }
    out
}
