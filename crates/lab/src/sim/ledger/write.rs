//! Writing the ledger of a run, day by day: contracts on deployment (home → visited
//! operator, and home → SM-DP+/eIM operator for the download limit), each roaming day's
//! attach and data checked against the contract, downloads checked by the SM-DP+/eIM
//! operator, subscription operations on the day the device moved, injected cases refused
//! and flagged (the log's heads published at once, so the home operator has the flag the
//! same day), usage records and tree heads at the end of each 30-day window.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use ledger::directory::{Directory, PartnerInfo};
use ledger::entry::{Contract, Flag, Record, Subscription, Usage};
use ledger::exchange::{Ledger, Partner};
use ledger::money::Micros;
use ledger::policy::{Attempt, Policy, Service, Violation, charge, check};
use ledger::store::Store;
use proto::crypto::SigningKey;

use super::super::rng::SimRng;
use super::facts::Facts;
use super::fraud::{Case, FraudKind, Network, inject};
use super::report::{CaseOutcome, LedgerReport};
use super::usage::{
    DEVICE_TAC, DOWNLOAD_FEE, DayState, RATES, day_states, device_policy, downloads_per_day,
    honest_kb,
};
use super::{HOME, LedgerOptions, RSP};

/// Days per settlement window (usage records and tree heads).
pub const WINDOW: u32 = 30;
const DAY_MS: u64 = 86_400_000;

/// A file name for a partner's database.
fn file_name(id: &str) -> String {
    let slug: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.db", slug.trim_matches('-'))
}

/// Removes the databases of a previous ledger in `dir` (only those `partners.json` lists).
fn clear(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if let Ok(old) = Directory::load(dir) {
        for p in old.partners.iter().filter(|p| !p.database.contains("://")) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("{}{suffix}", p.database)));
            }
        }
    }
    Ok(())
}

/// Opens a database and makes a key for every partner; writes `partners.json`.
async fn partners(dir: &Path, ids: &BTreeSet<(String, &'static str)>) -> Result<Ledger, String> {
    clear(dir)?;
    let mut directory = Directory::default();
    let mut out = Vec::new();
    for (id, role) in ids {
        let key = SigningKey::generate().map_err(|e| e.to_string())?;
        let database = file_name(id);
        let store = Store::open(&storage::sqlite_url(&dir.join(&database)))
            .await
            .map_err(|e| format!("{id}: {e}"))?;
        directory.partners.push(PartnerInfo {
            id: id.clone(),
            role: (*role).into(),
            database,
            public_key: hex::encode(key.public_key().as_uncompressed_point()),
        });
        out.push(Partner::new(id, key, store));
    }
    directory.save(dir)?;
    Ok(Ledger::new(out))
}

/// The state of the writing.
struct Writer<'a> {
    ledger: Ledger,
    facts: &'a Facts,
    /// `(network, EID)` → the policy that network holds for the device.
    policies: HashMap<(String, String), Policy>,
    states: Vec<Vec<DayState>>,
    downloads: Vec<Vec<u32>>,
    /// Data served in the current window and not billed yet, per device.
    window_kb: Vec<u64>,
    window_minutes: Vec<u64>,
    honest_checks: u64,
    false_alarms: u64,
    rng: SimRng,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Writer<'_> {
    fn network_id(n: Network) -> String {
        match n {
            Network::Visited(op) => op.name.to_string(),
            Network::Rsp => RSP.to_string(),
        }
    }

    /// The network decides on one use of a device under the contract it holds (none: the
    /// device was never deployed where this network is).
    fn decide(
        &self,
        network: &str,
        eid: &str,
        country: &str,
        used_kb: u64,
        a: &Attempt,
    ) -> Result<(), Violation> {
        match self.policies.get(&(network.to_string(), eid.to_string())) {
            Some(p) => check(p, used_kb, a),
            None => Err(Violation::CountryNotDeployed {
                country: country.into(),
            }),
        }
    }

    /// Writes a flag into the network's log with the home operator and publishes the log
    /// at once; true when the home operator holds it right after, proved included (RFC
    /// 9162 inclusion proof) in the head the network just signed.
    fn flag(
        &mut self,
        network: &str,
        eid: &str,
        day: u32,
        violation: Violation,
        avoided: Micros,
    ) -> Result<bool, String> {
        let record = Record::Flag(Flag {
            device: eid.into(),
            violation,
            charge_avoided: avoided,
            reported_to: HOME.into(),
        });
        let seq = self
            .ledger
            .append(network, HOME, day, record)
            .map_err(err)?;
        let log = ledger::log_id(network, HOME);
        self.ledger
            .publish(&log, u64::from(day) * DAY_MS + 1)
            .map_err(err)?;
        Ok(self.ledger.included(network, HOME, seq))
    }

    fn contracts(&mut self, day: u32) -> Result<(), String> {
        for d in self.facts.devices.iter().filter(|d| d.deploy_day == day) {
            let policy = device_policy(d.country.code);
            let contract = Contract {
                device: d.eid.clone(),
                iccid: d.bootstrap_iccid.clone(),
                policy: policy.clone(),
                rates: RATES,
            };
            for network in [d.partner.name, RSP] {
                self.ledger
                    .append(HOME, network, day, Record::Contract(contract.clone()))
                    .map_err(err)?;
                self.policies
                    .insert((network.to_string(), d.eid.clone()), policy.clone());
            }
        }
        Ok(())
    }

    /// The honest fleet's day: each roaming device attaches and uses data with its
    /// visited network, each download is checked by the SM-DP+/eIM operator.
    fn honest_day(&mut self, day: u32) -> Result<(), String> {
        for (i, d) in self.facts.devices.iter().enumerate() {
            let mut uses: Vec<(String, Attempt)> = Vec::new();
            if let Some(DayState::Roaming { throttled }) = self.states[i].get(day as usize) {
                let attach = Attempt::Attach {
                    country: d.country.code.into(),
                    tac: DEVICE_TAC.into(),
                };
                let kb = honest_kb(&mut self.rng, *throttled);
                let session = Attempt::Session {
                    service: Service::Data,
                    kb,
                    minutes: 0,
                };
                uses.push((d.partner.name.into(), attach));
                uses.push((d.partner.name.into(), session));
            }
            let n = self.downloads[i].get(day as usize).copied().unwrap_or(0);
            if n > 0 {
                uses.push((RSP.into(), Attempt::Downloads { count: n }));
            }
            for (network, a) in uses {
                self.honest_checks += 1;
                match self.decide(&network, &d.eid, d.country.code, self.window_kb[i], &a) {
                    Ok(()) => {
                        if let Attempt::Session { kb, .. } = a {
                            self.window_kb[i] += kb;
                        }
                    }
                    Err(v) => {
                        self.false_alarms += 1;
                        let avoided = charge(&RATES, &a);
                        self.flag(&network, &d.eid, day, v, avoided)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs an injected case: attempts in order until the first refusal.
    fn case(&mut self, c: &Case) -> Result<CaseOutcome, String> {
        let network = Self::network_id(c.network);
        let i = self
            .facts
            .devices
            .iter()
            .position(|d| d.index == c.index)
            .unwrap_or(0);
        let mut out = CaseOutcome {
            eid: c.eid.clone(),
            kind: c.kind,
            day: c.day,
            network: network.clone(),
            country: c.country.into(),
            caught: false,
            stopped: false,
            reported_at_once: false,
            violation: None,
            charges_avoided: 0,
            charges_served: 0,
        };
        for (k, a) in c.attempts.iter().enumerate() {
            match self.decide(&network, &c.eid, c.country, self.window_kb[i], a) {
                Ok(()) => {
                    out.charges_served += charge(&RATES, a);
                    if let Attempt::Session { kb, minutes, .. } = a {
                        self.window_kb[i] += kb;
                        self.window_minutes[i] += minutes;
                    }
                }
                Err(v) => {
                    let rest = &c.attempts[k..];
                    let mut avoided: Micros = rest.iter().map(|a| charge(&RATES, a)).sum();
                    if let (FraudKind::DownloadBurst, Attempt::Downloads { count }) = (c.kind, a) {
                        avoided += u64::from(*count) * DOWNLOAD_FEE;
                    }
                    out.caught = true;
                    out.stopped = out.charges_served == 0;
                    out.violation = Some(v.name().to_string());
                    out.charges_avoided = avoided;
                    out.reported_at_once = self.flag(&network, &c.eid, c.day, v, avoided)?;
                    break;
                }
            }
        }
        Ok(out)
    }

    /// The usage records of the window, from each visited operator to the home operator.
    fn bill(&mut self, from_day: u32, to_day: u32) -> Result<(), String> {
        for (i, d) in self.facts.devices.iter().enumerate() {
            let (kb, minutes) = (self.window_kb[i], self.window_minutes[i]);
            if kb == 0 && minutes == 0 {
                continue;
            }
            let service = if minutes > 0 {
                Service::Voice
            } else {
                Service::Data
            };
            let price = charge(
                &RATES,
                &Attempt::Session {
                    service,
                    kb,
                    minutes,
                },
            );
            let usage = Usage {
                device: d.eid.clone(),
                service,
                from_day,
                to_day,
                data_kb: kb,
                minutes,
                charge: price,
            };
            self.ledger
                .append(d.partner.name, HOME, to_day, Record::Usage(usage))
                .map_err(err)?;
            self.window_kb[i] = 0;
            self.window_minutes[i] = 0;
        }
        Ok(())
    }

    /// The subscription operations of devices that moved on `day`.
    fn subscriptions(&mut self, ops: &[(u32, usize)], day: u32) -> Result<(), String> {
        for &(_, k) in ops.iter().filter(|(d, _)| *d == day) {
            let o = &self.facts.operations[k];
            let record = Record::Subscription(Subscription {
                device: o.eid.clone(),
                kind: o.kind.into(),
                reference: o.reference.clone(),
                iccid: o.iccid.clone(),
                outcome: o.outcome.clone(),
                signed_der: o.signed_der.as_ref().map(hex::encode),
            });
            self.ledger
                .append(RSP, HOME, day, record.clone())
                .map_err(err)?;
            if let Some(op) = o.operator {
                self.ledger.append(RSP, op.name, day, record).map_err(err)?;
            }
        }
        Ok(())
    }
}

/// The day each operation is written: the day its device was localized, or the last day.
fn operation_days(facts: &Facts, days: u32) -> Vec<(u32, usize)> {
    let moved: HashMap<&str, u32> = facts
        .devices
        .iter()
        .filter_map(|d| {
            let day = d.history.iter().find(|e| e.event == "localized")?.day;
            Some((d.eid.as_str(), day))
        })
        .collect();
    (0..facts.operations.len())
        .map(|k| {
            let eid = facts.operations[k].eid.as_str();
            (moved.get(eid).copied().unwrap_or(days - 1).min(days - 1), k)
        })
        .collect()
}

/// Every partner of the ledger of this run.
fn partner_ids(facts: &Facts, cases: &[Case]) -> BTreeSet<(String, &'static str)> {
    let mut ids: BTreeSet<(String, &'static str)> = BTreeSet::new();
    ids.insert((HOME.into(), "home"));
    ids.insert((RSP.into(), "rsp"));
    for d in &facts.devices {
        ids.insert((d.partner.name.into(), "visited"));
    }
    for op in facts.operations.iter().filter_map(|o| o.operator) {
        ids.insert((op.name.into(), "visited"));
    }
    for c in cases {
        if let Network::Visited(op) = c.network {
            ids.insert((op.name.into(), "visited"));
        }
    }
    ids
}

/// Writes the ledger of a run of `days` days into `options.dir`, verifies it and settles.
pub async fn write(
    facts: &Facts,
    options: &LedgerOptions,
    seed: u64,
    days: u32,
) -> Result<LedgerReport, String> {
    let days = days.max(1);
    let states: Vec<Vec<DayState>> = facts.devices.iter().map(|d| day_states(d, days)).collect();
    let allowance_kb = device_policy("").data_allowance_mb * 1024;
    let cases = inject(
        &facts.devices,
        &states,
        options.fraud_rate,
        seed,
        allowance_kb,
    );
    let ledger = partners(&options.dir, &partner_ids(facts, &cases)).await?;
    let n = facts.devices.len();
    let mut w = Writer {
        ledger,
        facts,
        policies: HashMap::new(),
        downloads: facts
            .devices
            .iter()
            .map(|d| downloads_per_day(d, days))
            .collect(),
        states,
        window_kb: vec![0; n],
        window_minutes: vec![0; n],
        honest_checks: 0,
        false_alarms: 0,
        rng: SimRng::new(seed ^ 0x05A6_E000_1ED6_E200),
    };
    let ops = operation_days(facts, days);
    let mut by_day: BTreeMap<u32, Vec<&Case>> = BTreeMap::new();
    for c in &cases {
        by_day.entry(c.day).or_default().push(c);
    }
    let mut outcomes = Vec::with_capacity(cases.len());
    let mut window_start = 0;
    for day in 0..days {
        w.contracts(day)?;
        w.honest_day(day)?;
        w.subscriptions(&ops, day)?;
        for c in by_day.remove(&day).unwrap_or_default() {
            outcomes.push(w.case(c)?);
        }
        if (day + 1) % WINDOW == 0 || day + 1 == days {
            w.bill(window_start, day)?;
            w.ledger
                .publish_all(u64::from(day + 1) * DAY_MS)
                .map_err(err)?;
            w.ledger.flush().await.map_err(err)?;
            window_start = day + 1;
        }
    }
    let report = LedgerReport::build(
        &w.ledger,
        options,
        outcomes,
        w.honest_checks,
        w.false_alarms,
    );
    w.ledger.close().await;
    let verification = ledger::verify_dir(&options.dir).await?;
    Ok(report.with_verification(&verification))
}
