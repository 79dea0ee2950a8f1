//! Settlement per partner pair, computed from the entries of their log (seed 002: partners
//! settle directly from the shared record instead of paying a clearing house).
//!
//! Every usage record is priced again at the rates of the device's contract in the same
//! log; a record whose stated charge differs is counted as a dispute and settled at the
//! contract's price.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::entry::{Entry, Record};
use crate::money::{Micros, USD};
use crate::policy::{Attempt, charge};

/// The clearing-house cost per roamer today, from seed 002 ("about $6 per roamer"). The seed
/// does not give the period; read as per year, as the lab's cost model reads it
/// (`crates/lab/models/cost-model.toml`, `roamer_month = 0.50`): an assumption.
pub const CLEARING_HOUSE_PER_ROAMER: Micros = 6 * USD;

/// [`CLEARING_HOUSE_PER_ROAMER`] spread over the months of a year: what a clearing house
/// takes for one roaming device in one 30-day settlement window.
pub const CLEARING_HOUSE_PER_ROAMER_MONTH: Micros = CLEARING_HOUSE_PER_ROAMER / 12;

/// Days of a settlement window: a device with usage in `[30k, 30k + 30)` is one roamer-month.
pub const WINDOW_DAYS: u32 = 30;

/// What one partner pair settles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PairSettlement {
    pub log: String,
    /// The contracts' author: the operator that pays.
    pub home: String,
    /// The usage records' author: the operator that is paid.
    pub visited: String,
    pub contracts: u64,
    /// Distinct devices with usage.
    pub roamers: u64,
    /// Distinct (device, settlement window) pairs with usage: the roamer-months a clearing
    /// house would bill.
    pub roamer_months: u64,
    pub data_mb: u64,
    pub minutes: u64,
    /// Owed by `home` to `visited`, at the contracts' rates.
    pub amount: Micros,
    /// Usage records whose stated charge is not the contract's price.
    pub disputes: u64,
    pub flags: u64,
    /// What the refused out-of-policy use would have cost the home operator.
    pub charges_avoided: Micros,
    /// [`CLEARING_HOUSE_PER_ROAMER_MONTH`] × roamer-months.
    pub clearing_house_cost: Micros,
}

/// Settles one log from its entries (in log order).
pub fn settle(log: &str, entries: &[Entry]) -> PairSettlement {
    let mut s = PairSettlement {
        log: log.into(),
        ..PairSettlement::default()
    };
    let mut rates = BTreeMap::new();
    let mut roamers = BTreeSet::new();
    let mut roamer_months = BTreeSet::new();
    let mut kb = 0u64;
    for e in entries {
        match &e.record {
            Record::Contract(c) => {
                s.home = e.author.clone();
                s.contracts += 1;
                rates.insert(c.device.clone(), c.rates);
            }
            Record::Usage(u) => {
                s.visited = e.author.clone();
                let price = rates.get(&u.device).map_or(0, |r| {
                    charge(
                        r,
                        &Attempt::Session {
                            service: u.service,
                            kb: u.data_kb,
                            minutes: u.minutes,
                        },
                    )
                });
                s.disputes += u64::from(price != u.charge);
                s.amount += price;
                kb += u.data_kb;
                s.minutes += u.minutes;
                if u.data_kb > 0 || u.minutes > 0 {
                    roamers.insert(u.device.clone());
                    roamer_months.insert((u.device.clone(), u.from_day / WINDOW_DAYS));
                }
            }
            Record::Flag(f) => {
                s.flags += 1;
                s.charges_avoided += f.charge_avoided;
            }
            Record::Subscription(_) => {}
        }
    }
    s.roamers = roamers.len() as u64;
    s.roamer_months = roamer_months.len() as u64;
    s.data_mb = kb / 1024;
    s.clearing_house_cost = s.roamer_months * CLEARING_HOUSE_PER_ROAMER_MONTH;
    s
}
