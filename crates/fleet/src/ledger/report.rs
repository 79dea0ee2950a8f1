//! The ledger section of the report: partners and logs, the verification, settlement per
//! partner pair against the clearing-house cost, and the injected cases caught.

use ledger::exchange::Ledger;
use ledger::money::{Micros, usd};
use ledger::settle::{CLEARING_HOUSE_PER_ROAMER_MONTH, PairSettlement, settle};
use ledger::verify::Verification;
use serde::Serialize;

use super::fraud::{FraudKind, KINDS};
use super::{HOME, LedgerOptions, RSP};

/// What became of one injected case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseOutcome {
    pub eid: String,
    pub kind: FraudKind,
    pub day: u32,
    /// The network that saw it.
    pub network: String,
    pub country: String,
    /// Refused by the network.
    pub caught: bool,
    /// Refused before anything chargeable was served.
    pub stopped: bool,
    /// The flag was in the home operator's copy of the log the same day.
    pub reported_at_once: bool,
    pub violation: Option<String>,
    pub charges_avoided: Micros,
    pub charges_served: Micros,
    /// A download burst sent to the real SM-DP+: the DownloadOrders it refused (8.1.1/3.8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused_by_smdp: Option<u32>,
}

/// One kind of case, summed.
#[derive(Clone, Debug, Serialize)]
pub struct KindRow {
    pub kind: FraudKind,
    pub injected: u64,
    pub caught: u64,
    pub charges_avoided: Micros,
}

/// The fraud part of the section.
#[derive(Clone, Debug, Serialize)]
pub struct FraudSummary {
    pub rate: f64,
    pub injected: u64,
    pub caught: u64,
    pub stopped: u64,
    pub reported_at_once: u64,
    /// Uses of the honest fleet checked against the contracts.
    pub honest_checks: u64,
    /// Honest uses refused (false alarms).
    pub false_alarms: u64,
    pub charges_avoided: Micros,
    /// ES2+ DownloadOrders of injected bursts the run's SM-DP+ refused (the lab's count of
    /// its answers), and the SM-DP+'s own count from its metrics (a live run).
    pub refused_orders: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smdp_refused_orders: Option<u64>,
    pub by_kind: Vec<KindRow>,
    pub cases: Vec<CaseOutcome>,
}

/// What `verify` found, summed.
#[derive(Clone, Debug, Serialize, Default)]
pub struct VerifySummary {
    pub logs: usize,
    pub entries: u64,
    pub signatures: u64,
    pub heads: u64,
    pub problems: usize,
}

/// The ledger section.
#[derive(Clone, Debug, Serialize)]
pub struct LedgerReport {
    pub dir: String,
    pub partners: usize,
    pub logs: usize,
    pub entries: u64,
    pub verification: VerifySummary,
    /// One row per home/visited pair.
    pub settlement: Vec<PairSettlement>,
    pub settled_total: Micros,
    pub clearing_house_total: Micros,
    /// Per roaming device and 30-day window.
    pub clearing_house_per_roamer_month: Micros,
    /// `clearing_house_total` less `settled_total` (0 when settling costs more).
    pub saving: Micros,
    pub fraud: FraudSummary,
    pub assumptions: Vec<&'static str>,
}

const ASSUMPTIONS: &[&str] = &[
    "clearing house: $6 per roamer (seed 002), read as per year like the cost model: $0.50 per roaming device and 30-day window",
    "rates: IoT data $0.01/MB, voice $0.05/min (lab assumptions)",
    "device policy: data only, 100 MB per 30 days, the deployment country, 5 downloads a day (lab assumptions)",
    "honest usage: 0.5-3 MB per roaming day, a quarter when throttled (lab assumption)",
    "a refused download costs $1 avoided (lab assumption)",
];

impl LedgerReport {
    /// Settles every home/visited log and sums the cases.
    pub fn build(
        ledger: &Ledger,
        options: &LedgerOptions,
        cases: Vec<CaseOutcome>,
        honest_checks: u64,
        false_alarms: u64,
    ) -> LedgerReport {
        let mut settlement = Vec::new();
        let mut entries = 0u64;
        let mut partners = std::collections::BTreeSet::new();
        for (log, pair) in ledger.logs() {
            partners.extend(pair.iter().cloned());
            let held = ledger.entries(log, HOME);
            entries += ledger.entries(log, &pair[0]).len() as u64;
            if pair.iter().any(|p| p == HOME) && !pair.iter().any(|p| p == RSP) {
                settlement.push(settle(log, &held));
            }
        }
        let by_kind = KINDS
            .iter()
            .map(|&kind| {
                let of: Vec<&CaseOutcome> = cases.iter().filter(|c| c.kind == kind).collect();
                KindRow {
                    kind,
                    injected: of.len() as u64,
                    caught: of.iter().filter(|c| c.caught).count() as u64,
                    charges_avoided: of.iter().map(|c| c.charges_avoided).sum(),
                }
            })
            .collect();
        let count = |f: fn(&CaseOutcome) -> bool| cases.iter().filter(|c| f(c)).count() as u64;
        let fraud = FraudSummary {
            rate: options.fraud_rate,
            injected: cases.len() as u64,
            caught: count(|c| c.caught),
            stopped: count(|c| c.stopped),
            reported_at_once: count(|c| c.reported_at_once),
            honest_checks,
            false_alarms,
            charges_avoided: cases.iter().map(|c| c.charges_avoided).sum(),
            refused_orders: 0,
            smdp_refused_orders: None,
            by_kind,
            cases,
        };
        let settled_total: Micros = settlement.iter().map(|s| s.amount).sum();
        let clearing_house_total: Micros = settlement.iter().map(|s| s.clearing_house_cost).sum();
        LedgerReport {
            dir: options.dir.display().to_string(),
            partners: partners.len(),
            logs: ledger.logs().len(),
            entries,
            settled_total,
            clearing_house_total,
            clearing_house_per_roamer_month: CLEARING_HOUSE_PER_ROAMER_MONTH,
            saving: clearing_house_total.saturating_sub(settled_total),
            settlement,
            verification: VerifySummary::default(),
            fraud,
            assumptions: ASSUMPTIONS.to_vec(),
        }
    }

    pub fn with_verification(mut self, v: &Verification) -> LedgerReport {
        self.verification = VerifySummary {
            logs: v.logs.len(),
            entries: v.entries,
            signatures: v.signatures,
            heads: v.heads,
            problems: v.problems(),
        };
        self
    }

    /// The section for the terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let v = &self.verification;
        out += &format!(
            "roaming ledger in {}: {} partners, {} logs (one per partner pair, a copy at each), \
             {} entries\n",
            self.dir, self.partners, self.logs, self.entries
        );
        out += &format!(
            "  verified: {} entry signatures, {} tree heads, both copies of {} logs: {}\n",
            v.signatures,
            v.heads,
            v.logs,
            if v.problems == 0 {
                "consistent".to_string()
            } else {
                format!(
                    "{} PROBLEMS (rsp-lab ledger verify {})",
                    v.problems, self.dir
                )
            }
        );
        out += &format!(
            "\nsettlement with {HOME} (at the contracts' rates; clearing house {} per roamer-month, \
             seed 002's $6 per roamer read per year):\n",
            usd(self.clearing_house_per_roamer_month)
        );
        out += &format!(
            "  {:<20} {:>8} {:>8} {:>9} {:>12} {:>15} {:>6} {:>16}\n",
            "visited operator",
            "roamers",
            "months",
            "data MB",
            "owed",
            "clearing house",
            "flags",
            "charges avoided"
        );
        for s in &self.settlement {
            out += &format!(
                "  {:<20} {:>8} {:>8} {:>9} {:>12} {:>15} {:>6} {:>16}\n",
                s.visited_or_peer(),
                s.roamers,
                s.roamer_months,
                s.data_mb,
                usd(s.amount),
                usd(s.clearing_house_cost),
                s.flags,
                usd(s.charges_avoided)
            );
        }
        out += &format!(
            "  {:<20} {:>8} {:>8} {:>9} {:>12} {:>15}  saving {}\n",
            "total",
            self.settlement.iter().map(|s| s.roamers).sum::<u64>(),
            self.settlement.iter().map(|s| s.roamer_months).sum::<u64>(),
            self.settlement.iter().map(|s| s.data_mb).sum::<u64>(),
            usd(self.settled_total),
            usd(self.clearing_house_total),
            usd(self.saving)
        );
        out += &self.fraud_text();
        out
    }

    fn fraud_text(&self) -> String {
        let f = &self.fraud;
        let mut out = format!(
            "\nout-of-policy use (--fraud-rate {}): {} injected, {} caught, {} stopped before \
             any charge, {} reported to {HOME} the same day; {} false alarms on {} checks of \
             the honest fleet; charges avoided {}\n",
            f.rate,
            f.injected,
            f.caught,
            f.stopped,
            f.reported_at_once,
            f.false_alarms,
            f.honest_checks,
            usd(f.charges_avoided)
        );
        if let Some(n) = f.smdp_refused_orders {
            out += &format!(
                "  download bursts went to the real SM-DP+: {} DownloadOrders refused \
                 (8.1.1/3.8, limit {} open orders per EID); its own count: {n}\n",
                f.refused_orders,
                crate::servers::EID_ORDER_LIMIT
            );
        }
        if f.injected > 0 {
            for k in f.by_kind.iter().filter(|k| k.injected > 0) {
                out += &format!(
                    "  {:<36} {:>4} injected {:>4} caught {:>12} avoided\n",
                    k.kind.describe(),
                    k.injected,
                    k.caught,
                    usd(k.charges_avoided)
                );
            }
        }
        out
    }
}

/// The visited side of a settlement row (the peer when no usage was recorded yet).
trait Peer {
    fn visited_or_peer(&self) -> String;
}

impl Peer for PairSettlement {
    fn visited_or_peer(&self) -> String {
        if !self.visited.is_empty() {
            return self.visited.clone();
        }
        self.log
            .split('|')
            .find(|p| *p != HOME)
            .unwrap_or_default()
            .to_string()
    }
}
