//! Injected out-of-policy use (`rsp-lab demo --fraud-rate R`), seed 002's example cases:
//! a SIM taken out of its IoT device and used for calls or streaming, in a phone (another
//! TAC), beyond the data allowance, in a country the device was never deployed to, and a
//! burst of profile downloads for one EID.

use ledger::policy::{Attempt, Service};
use serde::Serialize;

use super::facts::DeviceFacts;
use super::usage::DayState;
use crate::world::countries::{COUNTRIES, Operator};
use crate::world::rng::SimRng;

/// The kinds of injected cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FraudKind {
    Voice,
    Streaming,
    BeyondAllowance,
    ForeignTac,
    UndeployedCountry,
    DownloadBurst,
}

pub const KINDS: [FraudKind; 6] = [
    FraudKind::Voice,
    FraudKind::Streaming,
    FraudKind::BeyondAllowance,
    FraudKind::ForeignTac,
    FraudKind::UndeployedCountry,
    FraudKind::DownloadBurst,
];

impl FraudKind {
    pub fn describe(self) -> &'static str {
        match self {
            FraudKind::Voice => "voice on a data-only IoT SIM",
            FraudKind::Streaming => "streaming on a data-only IoT SIM",
            FraudKind::BeyondAllowance => "data beyond the allowance",
            FraudKind::ForeignTac => "SIM in another device type (TAC)",
            FraudKind::UndeployedCountry => "use in a country never deployed to",
            FraudKind::DownloadBurst => "burst of downloads for one EID",
        }
    }
}

/// Where the attempts of a case arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    /// A visited operator's network.
    Visited(Operator),
    /// The SM-DP+/eIM operator (downloads).
    Rsp,
}

/// One injected case: attempts in order, the first refusal stops the rest. It happens on
/// the first day, `offset` days or more after the device's deployment, on which the device
/// roams (a SIM taken from a roaming IoT device; the visited network sees it).
#[derive(Clone, Debug)]
pub struct Case {
    pub eid: String,
    pub index: usize,
    pub kind: FraudKind,
    /// Days after deployment before which it does not happen.
    pub offset: u32,
    /// The day it happened (set when it does).
    pub day: u32,
    pub network: Network,
    /// Country the attempts are made in.
    pub country: &'static str,
    pub attempts: Vec<Attempt>,
}

/// A phone's TAC (a SIM moved from the IoT module into a handset).
const PHONE_TAC: &str = "35332811";

fn session(service: Service, kb: u64, minutes: u64) -> Attempt {
    Attempt::Session {
        service,
        kb,
        minutes,
    }
}

/// Days after deployment a case is drawn within (it happens on the first roaming day from
/// then on, or never when the device no longer roams).
pub const OFFSET_DAYS: u64 = 14;

impl Case {
    /// Whether it happens on `day`, a day the device is in `state`.
    pub fn due(&self, deploy_day: u32, day: u32, state: DayState) -> bool {
        day >= deploy_day + self.offset && matches!(state, DayState::Roaming { .. })
    }
}

/// Draws the cases for `devices`, before the run: each device at most one, with
/// probability `rate`.
pub fn plan(devices: &[DeviceFacts], rate: f64, seed: u64, allowance_kb: u64) -> Vec<Case> {
    let root = SimRng::new(seed ^ 0x0F4A_0D00_5EED_0002);
    let mut out = Vec::new();
    for d in devices {
        let mut rng = root.fork(d.index as u64);
        if rate <= 0.0 || !rng.chance(rate) {
            continue;
        }
        let offset = rng.below(OFFSET_DAYS) as u32;
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let gb = 1024 * 1024;
        let home = d.country.code;
        let attach = |country: &str, tac: &str| Attempt::Attach {
            country: country.into(),
            tac: tac.into(),
        };
        let tac = super::usage::DEVICE_TAC;
        let (network, country, attempts) = match kind {
            FraudKind::Voice => {
                let minutes = 30 + rng.below(150);
                let a = vec![attach(home, tac), session(Service::Voice, 0, minutes)];
                (Network::Visited(d.partner), home, a)
            }
            FraudKind::Streaming => {
                let kb = gb + rng.below(3 * gb);
                let a = vec![attach(home, tac), session(Service::Streaming, kb, 0)];
                (Network::Visited(d.partner), home, a)
            }
            FraudKind::BeyondAllowance => {
                let kb = allowance_kb + gb + rng.below(3 * gb);
                let a = vec![attach(home, tac), session(Service::Data, kb, 0)];
                (Network::Visited(d.partner), home, a)
            }
            FraudKind::ForeignTac => {
                let a = vec![
                    attach(home, PHONE_TAC),
                    session(Service::Data, gb, 0),
                    session(Service::Voice, 0, 60),
                ];
                (Network::Visited(d.partner), home, a)
            }
            FraudKind::UndeployedCountry => {
                let others: Vec<_> = COUNTRIES.iter().filter(|c| c.code != home).collect();
                let c = others[rng.below(others.len() as u64) as usize];
                let a = vec![attach(c.code, tac), session(Service::Data, gb, 0)];
                (Network::Visited(c.operators[0]), c.code, a)
            }
            FraudKind::DownloadBurst => {
                let count = 20 + rng.below(30) as u32;
                (Network::Rsp, home, vec![Attempt::Downloads { count }])
            }
        };
        out.push(Case {
            eid: d.eid.clone(),
            index: d.index,
            kind,
            offset,
            day: 0,
            network,
            country,
            attempts,
        });
    }
    out
}
