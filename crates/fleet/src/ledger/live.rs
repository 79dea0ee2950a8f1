//! The ledger written while the run goes on: at the end of each simulated day, the day's
//! attach and usage from the network model's record, the subscription operations the real
//! SM-DP+ and eIM ended that day, and the injected cases of the day. A visited network's
//! refusal (voice or streaming on a data-only SIM, data beyond the allowance, another TAC,
//! an undeployed country) is decided by the network model and flagged that day; a download
//! burst is real: ES2+ DownloadOrders for the EID sent to the run's SM-DP+, which refuses
//! them beyond its limit of open orders per EID (8.1.1/3.8, `sm_dp` `es2p::eid_limit`); the
//! SM-DP+/eIM operator cancels the orders it accepted, flags the case in its log with the
//! home operator and publishes the log's head at once.

use std::collections::HashMap;
use std::net::SocketAddr;

use ledger::policy::Attempt;
use proto::ids::Eid;
use proto::json::es2p::FinalProfileStatusIndicator;
use proto::json::{ResponseError, StatusCode};
use sm_dp::{Es2Client, Es2ClientError, Es2ClientOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::LedgerOptions;
use super::error::LedgerRunError;
use super::facts::{DeviceFacts, OperationFacts, Seen};
use super::fraud::Case;
use super::report::LedgerReport;
use super::write::Writer;
use crate::devices::device::{DayContext, SimDevice, place_order};
use crate::servers::{EID_ORDER_LIMIT, FIRST_OPERATOR, SMDP_FQDN, Servers};
use crate::world::inventory::TypePlan;

/// Where download bursts are sent: the run's SM-DP+ over ES2+, as the operator that owns
/// each country's first local profile type.
struct Bursts {
    es2: Es2Client,
    /// Country code → the profile type a burst orders.
    types: HashMap<&'static str, String>,
    metrics: Option<SocketAddr>,
}

/// What the SM-DP+ did with one burst.
struct BurstAnswer {
    sent: u32,
    refused: u32,
}

fn refused_by_limit(e: &Es2ClientError) -> bool {
    matches!(e, Es2ClientError::Response(ResponseError::Failed(s))
        if s.status_code_data.as_ref().is_some_and(|d| d.is(StatusCode::EID_REFUSED)))
}

impl Bursts {
    fn new(servers: &Servers, types: &[TypePlan]) -> Result<Bursts, LedgerRunError> {
        let url = format!("https://{SMDP_FQDN}:{}", servers.smdp_addrs().1.port());
        let mut o = Es2ClientOptions::from_pki(&servers.pki, FIRST_OPERATOR, &url)?;
        o.resolve = Some(servers.smdp_addrs().1);
        let mut by_country = HashMap::new();
        for t in types.iter().filter(|t| t.owner == FIRST_OPERATOR) {
            if let Some(c) = t.country {
                by_country.entry(c).or_insert_with(|| t.name.clone());
            }
        }
        Ok(Bursts {
            es2: Es2Client::new(&o)?,
            types: by_country,
            metrics: servers.own_smdp().and_then(sm_dp::SmDpHandle::metrics_addr),
        })
    }

    /// Sends the case's DownloadOrders for its EID, then cancels those accepted (their
    /// profiles go back to the inventory, nothing was downloaded).
    async fn send(&self, c: &Case) -> Result<BurstAnswer, LedgerRunError> {
        let count = match c.attempts.first() {
            Some(Attempt::Downloads { count }) => *count,
            _ => 0,
        };
        let eid = Eid::parse(&c.eid)?;
        let ptype = self.types.get(c.country).cloned();
        let (mut accepted, mut refused) = (Vec::new(), 0);
        for _ in 0..count {
            match self
                .es2
                .download_order(Some(eid.clone()), None, ptype.clone())
                .await
            {
                Ok(r) => accepted.push(r.iccid),
                Err(e) if refused_by_limit(&e) => refused += 1,
                Err(e) => tracing::warn!(eid = %c.eid, error = %e, "burst order"),
            }
        }
        for iccid in accepted {
            let final_state = FinalProfileStatusIndicator::Available;
            if let Err(e) = self
                .es2
                .cancel_order(iccid, Some(eid.clone()), None, final_state)
                .await
            {
                tracing::warn!(eid = %c.eid, error = %e, "cancelling a burst order");
            }
        }
        Ok(BurstAnswer {
            sent: count,
            refused,
        })
    }
}

/// The DownloadOrders the SM-DP+ refused for an EID beyond its limit, as its own metrics
/// count them (`smdp_requests_total{function="downloadOrder",code="8.1.1/3.8"}`).
pub async fn smdp_refusals(metrics: SocketAddr) -> Result<u64, LedgerRunError> {
    let mut s = tokio::net::TcpStream::connect(metrics)
        .await
        .map_err(LedgerRunError::MetricsConnect)?;
    let request = format!("GET /metrics HTTP/1.0\r\nHost: {metrics}\r\n\r\n");
    s.write_all(request.as_bytes())
        .await
        .map_err(LedgerRunError::MetricsExchange)?;
    let mut text = String::new();
    s.read_to_string(&mut text)
        .await
        .map_err(LedgerRunError::MetricsExchange)?;
    let total = text
        .lines()
        .filter(|l| {
            l.starts_with("smdp_requests_total{")
                && l.contains("function=\"downloadOrder\"")
                && l.contains("code=\"8.1.1/3.8\"")
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>();
    Ok(total as u64)
}

/// The ledger of a run, written as the run goes.
pub struct LiveLedger {
    writer: Writer,
    options: LedgerOptions,
    /// Per device (in the writer's order): how many of its history entries were read.
    read: Vec<usize>,
    seen: Seen,
    bursts: Bursts,
    /// DownloadOrders the SM-DP+ refused during the run, by the lab's count.
    pub refused_orders: u64,
}

/// OTA events after which the eIM or the SM-DP+ may have ended an operation.
const OTA: [&str; 7] = [
    "downloaded",
    "download-failed",
    "enabled",
    "rolled-back",
    "deleted",
    "localized",
    "fallback",
];

impl LiveLedger {
    /// Opens the partners' databases for the fleet of `devices`.
    pub async fn open(
        devices: &[&SimDevice],
        options: &LedgerOptions,
        seed: u64,
        servers: &Servers,
        types: &[TypePlan],
    ) -> Result<LiveLedger, LedgerRunError> {
        let mut facts: Vec<DeviceFacts> = devices.iter().map(|d| DeviceFacts::of(d)).collect();
        facts.sort_by_key(|d| d.index);
        Ok(LiveLedger {
            read: vec![0; facts.len()],
            writer: Writer::open(facts, options, seed, true).await?,
            options: options.clone(),
            seen: Seen::default(),
            bursts: Bursts::new(servers, types)?,
            refused_orders: 0,
        })
    }

    /// Writes `day`, which just ended (`last`: the run's last day, after its drain, when
    /// every operation is written whatever its state).
    pub async fn day(
        &mut self,
        day: u32,
        devices: &[&SimDevice],
        ctx: &DayContext,
        smdp: &sm_dp::SmDpView,
        last: bool,
    ) -> Result<(), LedgerRunError> {
        let mut by_index: Vec<&SimDevice> = devices.to_vec();
        by_index.sort_by_key(|d| d.index);
        let world = &ctx.world;
        let mut ops: Vec<OperationFacts> = Vec::new();
        let mut active = last;
        for (i, d) in by_index.iter().enumerate() {
            let new = &d.log.history[self.read[i].min(d.log.history.len())..];
            if last || new.iter().any(|e| OTA.contains(&e.event)) {
                active = true;
                ops.extend(self.seen.eim(world, &ctx.fleet, &d.eid, last).await?);
            }
        }
        if active {
            let mut smdp_ops = self.seen.smdp(world, smdp, last).await?;
            smdp_ops.append(&mut ops);
            ops = smdp_ops;
        }
        let read = &self.read;
        let events = |i: usize| {
            let h = &by_index[i].log.history;
            h[read[i].min(h.len())..].iter().filter(|e| e.day <= day)
        };
        let bursts = self.writer.day(day, events, &ops)?;
        for (i, d) in by_index.iter().enumerate() {
            self.read[i] = d.log.history.len();
        }
        for c in bursts {
            place_order(ctx, &c.eid, None, None).await;
            let a = self.bursts.send(&c).await?;
            self.refused_orders += u64::from(a.refused);
            self.writer
                .burst_answered(&c, a.sent, a.refused, EID_ORDER_LIMIT)?;
        }
        self.writer.end_of_day(day, last).await
    }

    /// Settles, closes and verifies; the SM-DP+'s own count of refused orders is checked
    /// against the lab's.
    pub async fn finish(self) -> Result<LedgerReport, LedgerRunError> {
        let metrics = self.bursts.metrics;
        let refused = self.refused_orders;
        let mut report = self.writer.finish(&self.options).await?;
        if let Some(addr) = metrics {
            report.fraud.smdp_refused_orders = Some(smdp_refusals(addr).await?);
        }
        report.fraud.refused_orders = refused;
        Ok(report)
    }
}
