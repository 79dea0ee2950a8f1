//! Writing the ledger one day at a time: contracts on deployment (home → visited operator,
//! and home → SM-DP+/eIM operator for the download limit), each roaming day's attach and
//! data checked against the contract, downloads checked by the SM-DP+/eIM operator,
//! subscription operations on the day they were seen, injected cases refused and flagged on
//! their day (the log's heads published at once, so the home operator has the flag the same
//! day), usage records and tree heads at the end of each 30-day window.
//!
//! [`Writer`] is fed by the live run ([`super::live`]) as each day ends; [`write`](fn@write) replays
//! the facts of a finished history through it (the synthetic fleets of the unit tests).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use ledger::directory::{Directory, PartnerInfo};
use ledger::entry::{Contract, Flag, Record, Subscription, Usage};
use ledger::exchange::{Ledger, Partner};
use ledger::money::Micros;
use ledger::policy::{Attempt, Policy, Service, Violation, charge, check};
use ledger::store::Store;
use proto::crypto::SigningKey;

use super::error::LedgerRunError;
use super::facts::{DeviceFacts, Facts, OperationFacts};
use super::fraud::{Case, FraudKind, Network, plan};
use super::report::{CaseOutcome, LedgerReport};
use super::usage::{
    DEVICE_TAC, DOWNLOAD_FEE, DayState, DayTracker, RATES, device_policy, downloads_in, honest_kb,
};
use super::{HOME, LedgerOptions, RSP};
use crate::devices::device::HistoryEntry;
use crate::world::countries::COUNTRIES;
use crate::world::rng::SimRng;

/// Days per settlement window (usage records and tree heads).
pub const WINDOW: u32 = ledger::settle::WINDOW_DAYS;
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
fn clear(dir: &Path) -> Result<(), LedgerRunError> {
    std::fs::create_dir_all(dir).map_err(|source| LedgerRunError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    if let Ok(old) = Directory::load(dir) {
        for p in old.partners.iter().filter(|p| !p.database.contains("://")) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("{}{suffix}", p.database)));
            }
        }
    }
    Ok(())
}

/// Every partner a run can involve: the home operator, the SM-DP+/eIM operator and every
/// modelled operator (visited networks, and the networks of an undeployed country).
fn partner_ids() -> BTreeSet<(String, &'static str)> {
    let mut ids: BTreeSet<(String, &'static str)> = BTreeSet::new();
    ids.insert((HOME.into(), "home"));
    ids.insert((RSP.into(), "rsp"));
    for op in COUNTRIES.iter().flat_map(|c| c.operators) {
        ids.insert((op.name.into(), "visited"));
    }
    ids
}

/// Opens a database and makes a key for every partner; writes `partners.json`.
async fn partners(dir: &Path) -> Result<Ledger, LedgerRunError> {
    clear(dir)?;
    let mut directory = Directory::default();
    let mut out = Vec::new();
    for (id, role) in partner_ids() {
        let key = SigningKey::generate()?;
        let database = file_name(&id);
        let store = Store::open(&storage::sqlite_url(&dir.join(&database)))
            .await
            .map_err(|source| LedgerRunError::Open {
                partner: id.clone(),
                source,
            })?;
        directory.partners.push(PartnerInfo {
            id: id.clone(),
            role: role.into(),
            database,
            public_key: hex::encode(key.public_key().as_uncompressed_point()),
        });
        out.push(Partner::new(&id, key, store));
    }
    directory.save(dir).map_err(LedgerRunError::Partners)?;
    Ok(Ledger::new(out))
}

/// The state of the writing.
pub struct Writer {
    ledger: Ledger,
    devices: Vec<DeviceFacts>,
    /// `(network, EID)` → the policy that network holds for the device.
    policies: HashMap<(String, String), Policy>,
    trackers: Vec<DayTracker>,
    /// The case drawn for each device, until it happens.
    pending: Vec<Option<Case>>,
    /// Download bursts are sent to the real SM-DP+ by the caller ([`Writer::day`] hands
    /// them out) instead of being decided here.
    bursts_outside: bool,
    outcomes: Vec<CaseOutcome>,
    /// Data served in the current window and not billed yet, per device.
    window_kb: Vec<u64>,
    window_minutes: Vec<u64>,
    window_start: u32,
    honest_checks: u64,
    false_alarms: u64,
    rng: SimRng,
}

impl Writer {
    /// A fresh ledger in `options.dir` for `devices`, with the cases of
    /// `options.fraud_rate` drawn.
    pub async fn open(
        devices: Vec<DeviceFacts>,
        options: &LedgerOptions,
        seed: u64,
        bursts_outside: bool,
    ) -> Result<Writer, LedgerRunError> {
        let allowance_kb = device_policy("").data_allowance_mb * 1024;
        let mut pending: Vec<Option<Case>> = vec![None; devices.len()];
        for c in plan(&devices, options.fraud_rate, seed, allowance_kb) {
            if let Some(i) = devices.iter().position(|d| d.index == c.index) {
                pending[i] = Some(c);
            }
        }
        let n = devices.len();
        Ok(Writer {
            ledger: partners(&options.dir).await?,
            devices,
            policies: HashMap::new(),
            trackers: vec![DayTracker::default(); n],
            pending,
            bursts_outside,
            outcomes: Vec::new(),
            window_kb: vec![0; n],
            window_minutes: vec![0; n],
            window_start: 0,
            honest_checks: 0,
            false_alarms: 0,
            rng: SimRng::new(seed ^ 0x05A6_E000_1ED6_E200),
        })
    }

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
    ) -> Result<bool, LedgerRunError> {
        let record = Record::Flag(Flag {
            device: eid.into(),
            violation,
            charge_avoided: avoided,
            reported_to: HOME.into(),
        });
        let seq = self.ledger.append(network, HOME, day, record)?;
        let log = ledger::log_id(network, HOME);
        self.ledger.publish(&log, u64::from(day) * DAY_MS + 1)?;
        Ok(self.ledger.included(network, HOME, seq))
    }

    fn contracts(&mut self, day: u32) -> Result<(), LedgerRunError> {
        for d in self.devices.iter().filter(|d| d.deploy_day == day) {
            let policy = device_policy(d.country.code);
            let contract = Contract {
                device: d.eid.clone(),
                iccid: d.bootstrap_iccid.clone(),
                policy: policy.clone(),
                rates: RATES,
            };
            for network in [d.partner.name, RSP] {
                self.ledger
                    .append(HOME, network, day, Record::Contract(contract.clone()))?;
                self.policies
                    .insert((network.to_string(), d.eid.clone()), policy.clone());
            }
        }
        Ok(())
    }

    /// The honest fleet's day: each roaming device attaches and uses data with its
    /// visited network, each day's downloads are checked by the SM-DP+/eIM operator.
    fn honest_day(
        &mut self,
        day: u32,
        states: &[DayState],
        downloads: &[u32],
    ) -> Result<(), LedgerRunError> {
        for i in 0..self.devices.len() {
            let d = &self.devices[i];
            let (eid, code, partner) = (d.eid.clone(), d.country.code, d.partner.name);
            let mut uses: Vec<(&str, Attempt)> = Vec::new();
            if let DayState::Roaming { throttled } = states[i] {
                let attach = Attempt::Attach {
                    country: code.into(),
                    tac: DEVICE_TAC.into(),
                };
                let session = Attempt::Session {
                    service: Service::Data,
                    kb: honest_kb(&mut self.rng, throttled),
                    minutes: 0,
                };
                uses.push((partner, attach));
                uses.push((partner, session));
            }
            if downloads[i] > 0 {
                uses.push((
                    RSP,
                    Attempt::Downloads {
                        count: downloads[i],
                    },
                ));
            }
            for (network, a) in uses {
                self.honest_checks += 1;
                match self.decide(network, &eid, code, self.window_kb[i], &a) {
                    Ok(()) => {
                        if let Attempt::Session { kb, .. } = a {
                            self.window_kb[i] += kb;
                        }
                    }
                    Err(v) => {
                        self.false_alarms += 1;
                        let avoided = charge(&RATES, &a);
                        self.flag(network, &eid, day, v, avoided)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn outcome(&self, c: &Case, network: String) -> CaseOutcome {
        CaseOutcome {
            eid: c.eid.clone(),
            kind: c.kind,
            day: c.day,
            network,
            country: c.country.into(),
            caught: false,
            stopped: false,
            reported_at_once: false,
            violation: None,
            charges_avoided: 0,
            charges_served: 0,
            refused_by_smdp: None,
        }
    }

    /// Runs an injected case through the network's contract check: attempts in order until
    /// the first refusal.
    fn case(&mut self, i: usize, c: &Case) -> Result<CaseOutcome, LedgerRunError> {
        let network = Self::network_id(c.network);
        let mut out = self.outcome(c, network.clone());
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

    /// A download burst the real SM-DP+ answered: `refused` of `sent` DownloadOrders were
    /// refused (its limit of `limit` open orders per EID), the others cancelled by the
    /// SM-DP+/eIM operator before any download. Flagged in its log with the home operator
    /// on the day.
    pub fn burst_answered(
        &mut self,
        c: &Case,
        sent: u32,
        refused: u32,
        limit: u32,
    ) -> Result<(), LedgerRunError> {
        let mut out = self.outcome(c, RSP.into());
        out.refused_by_smdp = Some(refused);
        if refused > 0 {
            let v = Violation::DownloadBurst { count: sent, limit };
            let avoided = u64::from(sent) * DOWNLOAD_FEE;
            out.caught = true;
            out.stopped = true;
            out.violation = Some(v.name().to_string());
            out.charges_avoided = avoided;
            out.reported_at_once = self.flag(RSP, &c.eid, c.day, v, avoided)?;
        }
        self.outcomes.push(out);
        Ok(())
    }

    /// The usage records of the window, from each visited operator to the home operator.
    fn bill(&mut self, to_day: u32) -> Result<(), LedgerRunError> {
        let from_day = self.window_start;
        for (i, d) in self.devices.iter().enumerate() {
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
                .append(d.partner.name, HOME, to_day, Record::Usage(usage))?;
            self.window_kb[i] = 0;
            self.window_minutes[i] = 0;
        }
        self.window_start = to_day + 1;
        Ok(())
    }

    /// Subscription operations seen on `day`, into the SM-DP+/eIM operator's logs with the
    /// home operator and with the device's new operator.
    fn subscriptions(&mut self, day: u32, ops: &[OperationFacts]) -> Result<(), LedgerRunError> {
        for o in ops {
            let record = Record::Subscription(Subscription {
                device: o.eid.clone(),
                kind: o.kind.into(),
                reference: o.reference.clone(),
                iccid: o.iccid.clone(),
                outcome: o.outcome.clone(),
                signed_der: o.signed_der.as_ref().map(hex::encode),
            });
            self.ledger.append(RSP, HOME, day, record.clone())?;
            if let Some(op) = o.operator {
                self.ledger.append(RSP, op.name, day, record)?;
            }
        }
        Ok(())
    }

    /// One day of the ledger: `events(i)` are device `i`'s events of the day (the network
    /// model's record), `ops` the subscription operations seen that day. Returns the
    /// download bursts due that day when they go to the real SM-DP+ (the caller sends them
    /// and reports with [`Writer::burst_answered`]).
    pub fn day<'a, F, I>(
        &mut self,
        day: u32,
        events: F,
        ops: &[OperationFacts],
    ) -> Result<Vec<Case>, LedgerRunError>
    where
        F: Fn(usize) -> I,
        I: IntoIterator<Item = &'a HistoryEntry>,
    {
        self.contracts(day)?;
        let mut states = Vec::with_capacity(self.devices.len());
        let mut downloads = Vec::with_capacity(self.devices.len());
        for i in 0..self.devices.len() {
            let today: Vec<&HistoryEntry> = events(i).into_iter().collect();
            states.push(self.trackers[i].day(today.iter().copied()));
            downloads.push(downloads_in(today));
        }
        self.honest_day(day, &states, &downloads)?;
        self.subscriptions(day, ops)?;
        let mut outside = Vec::new();
        for (i, state) in states.iter().enumerate() {
            let deploy = self.devices[i].deploy_day;
            let due = self.pending[i]
                .as_ref()
                .is_some_and(|c| c.due(deploy, day, *state));
            let Some(mut c) = self.pending[i].take_if(|_| due) else {
                continue;
            };
            c.day = day;
            if c.kind == FraudKind::DownloadBurst && self.bursts_outside {
                outside.push(c);
            } else {
                let o = self.case(i, &c)?;
                self.outcomes.push(o);
            }
        }
        Ok(outside)
    }

    /// Ends `day`: at the end of a window (or of the run) the usage records, every log's
    /// heads and the partners' databases.
    pub async fn end_of_day(&mut self, day: u32, last: bool) -> Result<(), LedgerRunError> {
        if (day + 1) % WINDOW == 0 || last {
            self.bill(day)?;
            self.ledger.publish_all(u64::from(day + 1) * DAY_MS)?;
            self.ledger.flush().await?;
        }
        Ok(())
    }

    /// Settles, closes the databases and verifies what they hold.
    pub async fn finish(self, options: &LedgerOptions) -> Result<LedgerReport, LedgerRunError> {
        let report = LedgerReport::build(
            &self.ledger,
            options,
            self.outcomes,
            self.honest_checks,
            self.false_alarms,
        );
        self.ledger.close().await;
        let verification = ledger::verify_dir(&options.dir)
            .await
            .map_err(LedgerRunError::Verify)?;
        Ok(report.with_verification(&verification))
    }
}

/// The day each operation is written in a replay: the day its device was localized, or
/// the last day.
fn operation_days(facts: &Facts, days: u32) -> Vec<u32> {
    let moved: HashMap<&str, u32> = facts
        .devices
        .iter()
        .filter_map(|d| {
            let day = d.history.iter().find(|e| e.event == "localized")?.day;
            Some((d.eid.as_str(), day))
        })
        .collect();
    facts
        .operations
        .iter()
        .map(|o| {
            moved
                .get(o.eid.as_str())
                .copied()
                .unwrap_or(days - 1)
                .min(days - 1)
        })
        .collect()
}

/// Replays the facts of a finished run of `days` days into a ledger in `options.dir`,
/// verifies it and settles (download bursts decided by the contract check).
pub async fn write(
    facts: &Facts,
    options: &LedgerOptions,
    seed: u64,
    days: u32,
) -> Result<LedgerReport, LedgerRunError> {
    let days = days.max(1);
    let mut w = Writer::open(facts.devices.clone(), options, seed, false).await?;
    let op_days = operation_days(facts, days);
    for day in 0..days {
        let ops: Vec<OperationFacts> = facts
            .operations
            .iter()
            .zip(&op_days)
            .filter(|(_, d)| **d == day)
            .map(|(o, _)| o.clone())
            .collect();
        let events = |i: usize| {
            facts.devices[i]
                .history
                .iter()
                .filter(move |e| e.day == day)
        };
        w.day(day, events, &ops)?;
        w.end_of_day(day, day + 1 == days).await?;
    }
    w.finish(options).await
}
