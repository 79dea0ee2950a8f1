//! `rsp-lab compare --esipa https,coap`: the same fleet, seed and faults localized by the
//! eIM with the devices on ESipa's HTTPS binding and on its CoAP binding (SGP.32), side by
//! side: the outcome (devices localized, days to localize, polls, downloads, rollbacks,
//! lost answers) and what each binding put on the wire (octets per poll, handshakes,
//! datagrams, the datagrams the countries' networks lost and the messages sent again).

use serde::Serialize;

use crate::compare::delivery::{Line, Localized, held, or_dash, side_by_side};
use crate::report::EsipaWire;
use crate::run::outcome::DemoOutcome;

/// One binding's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BindingResult {
    /// `https` or `coap`.
    pub binding: &'static str,
    #[serde(flatten)]
    pub localized: Localized,
    /// What the devices' clients put on the wire and took from it.
    pub wire: Option<EsipaWire>,
}

impl BindingResult {
    /// Reads the outcome of the run over `binding`.
    pub fn of(binding: &'static str, outcome: &DemoOutcome) -> BindingResult {
        BindingResult {
            binding,
            localized: Localized::of(outcome),
            wire: outcome.report.esipa_wire.clone(),
        }
    }
}

type Row = Line<BindingResult>;

fn wire(r: &BindingResult, read: fn(&EsipaWire) -> String) -> String {
    r.wire.as_ref().map_or_else(|| "-".into(), read)
}

const ROWS: [Row; 15] = [
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
    ("downloads", |r| r.localized.downloads.to_string()),
    ("rollbacks", |r| r.localized.rollbacks.to_string()),
    ("answers lost", |r| r.localized.lost_answers.to_string()),
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
    ("guarantees", |r| held(r.localized.guarantees_held)),
];

/// The bindings side by side.
pub fn table(results: &[BindingResult]) -> String {
    side_by_side("ESipa binding", |r| r.binding, &ROWS, results)
}
