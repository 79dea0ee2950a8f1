//! Judging the device from what reached the servers: the eIM's view of the device, its
//! operations and history, the SM-DP+'s profiles, and the device's polls counted by the
//! eIM's metrics (`eim_polls_total`; the runner's eIM serves this one device).

use std::net::SocketAddr;
use std::time::Duration;

use eim::Fleet;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::scenario::{Check, Expect, ProfileType};
use super::servers::Servers;

/// What one look at the servers found.
pub enum Look {
    /// The expectation holds: what was seen.
    Holds(String),
    /// Not yet: what is seen so far.
    NotYet(String),
    /// It can no longer hold (an operation ended otherwise): why.
    Never(String),
}

/// What an expectation is judged against.
pub struct Seen<'a> {
    pub servers: &'a Servers,
    pub eid: &'a str,
    /// The ICCIDs ordered of each type, oldest first.
    pub iccid_of: &'a dyn Fn(ProfileType) -> Option<String>,
    /// The last operation queued and the polls counted when it was.
    pub last_operation: Option<(&'a str, u64)>,
}

/// The longest metrics page read.
const MAX_METRICS: usize = 1 << 20;

/// The polls the eIM has answered (any outcome), from its metrics.
pub async fn polls(metrics: Option<SocketAddr>) -> Option<u64> {
    let addr = metrics?;
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(b"GET /metrics HTTP/1.0\r\nHost: metrics\r\n\r\n")
        .await
        .ok()?;
    let mut page = Vec::new();
    s.take(MAX_METRICS as u64)
        .read_to_end(&mut page)
        .await
        .ok()?;
    let text = String::from_utf8_lossy(&page);
    Some(
        text.lines()
            .filter(|l| l.starts_with("eim_polls_total{"))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .map(|v| v as u64)
            .sum(),
    )
}

/// One look for `e`.
pub async fn look(e: &Expect, at: &Seen<'_>) -> Look {
    let fleet = at.servers.eim.fleet();
    match e.check {
        Check::Operation => operation(e, at, &fleet).await,
        Check::Enabled => enabled(e, at, &fleet).await,
        Check::Rollback => event(&fleet, at.eid, "rollback", Some("ok")).await,
        Check::Event => {
            let kind = e.kind.as_deref().unwrap_or_default();
            event(&fleet, at.eid, kind, e.contains.as_deref()).await
        }
        Check::Smdp => smdp(e, at).await,
    }
}

async fn operation(e: &Expect, at: &Seen<'_>, fleet: &Fleet) -> Look {
    let Some((id, polls_then)) = at.last_operation else {
        return Look::Never("no operation was queued before this step".into());
    };
    let op = match fleet.operation(id).await {
        Ok(v) => v.operation,
        Err(err) => return Look::NotYet(format!("operation {id}: {err}")),
    };
    let state = op.state.as_str();
    let said = |op: &eim::Operation| {
        let mut s = format!("operation {} ({}) {}", op.id, op.kind, op.state.as_str());
        if let Some(err) = &op.error {
            s += &format!(": {err}");
        }
        s
    };
    if !op.state.is_final() {
        return Look::NotYet(said(&op));
    }
    let wanted = e.state.as_deref().unwrap_or("done");
    if state != wanted {
        return Look::Never(format!("{}, expected {wanted}", said(&op)));
    }
    if let Some(text) = &e.contains {
        let found = op
            .error
            .as_deref()
            .is_some_and(|x| x.contains(text.as_str()))
            || op
                .result
                .as_ref()
                .is_some_and(|r| r.to_string().contains(text.as_str()));
        if !found {
            return Look::Never(format!(
                "{}, without {text:?} in its error or result",
                said(&op)
            ));
        }
    }
    let polls = polls(at.servers.eim.metrics_addr())
        .await
        .map(|now| now.saturating_sub(polls_then));
    match (e.within_polls, polls) {
        (Some(max), Some(n)) if n > max => {
            Look::Never(format!("{} after {n} polls, more than {max}", said(&op)))
        }
        (_, Some(n)) => Look::Holds(format!("{} after {n} polls", said(&op))),
        (_, None) => Look::Holds(said(&op)),
    }
}

async fn enabled(e: &Expect, at: &Seen<'_>, fleet: &Fleet) -> Look {
    let Some(t) = e.profile else {
        return Look::Never("no profile named".into());
    };
    let Some(iccid) = (at.iccid_of)(t) else {
        return Look::Never(format!("no {} profile was given to the device", t.as_str()));
    };
    let device = match fleet.device(at.eid).await {
        Ok(d) => d.device,
        Err(err) => return Look::NotYet(err.to_string()),
    };
    match device.enabled_iccid {
        Some(x) if x == iccid => {
            Look::Holds(format!("the eIM knows {} {iccid} enabled", t.as_str()))
        }
        other => Look::NotYet(format!(
            "the eIM knows {} enabled, not {} {iccid}",
            other.as_deref().unwrap_or("nothing"),
            t.as_str()
        )),
    }
}

async fn event(fleet: &Fleet, eid: &str, kind: &str, contains: Option<&str>) -> Look {
    let history = match fleet.history(eid, 500).await {
        Ok(h) => h,
        Err(err) => return Look::NotYet(err.to_string()),
    };
    let found = history
        .events
        .iter()
        .find(|ev| ev.kind == kind && contains.is_none_or(|c| ev.detail.to_string().contains(c)));
    match found {
        Some(ev) => Look::Holds(format!("the eIM's history: {} {}", ev.kind, ev.detail)),
        None => Look::NotYet(format!(
            "no {kind} entry{} in the eIM's history of {eid}",
            contains.map(|c| format!(" with {c:?}")).unwrap_or_default()
        )),
    }
}

async fn smdp(e: &Expect, at: &Seen<'_>) -> Look {
    let (Some(t), Some(kind)) = (e.profile, e.kind.as_deref()) else {
        return Look::Never("no profile or kind named".into());
    };
    let Some(iccid) = (at.iccid_of)(t) else {
        return Look::Never(format!("no {} profile was ordered", t.as_str()));
    };
    match at.servers.smdp.view().profile(&iccid).await {
        Ok(Some(p)) if p.state.as_str() == kind => {
            Look::Holds(format!("the SM-DP+ holds {iccid} {kind}"))
        }
        Ok(Some(p)) => Look::NotYet(format!("the SM-DP+ holds {iccid} {}", p.state.as_str())),
        Ok(None) => Look::Never(format!("the SM-DP+ has no profile {iccid}")),
        Err(err) => Look::NotYet(err.to_string()),
    }
}

/// How often the servers are looked at while waiting.
pub const LOOK_EVERY: Duration = Duration::from_millis(200);

/// The device's history at the eIM, its operations and profiles, as evidence.
pub async fn evidence(servers: &Servers, eid: &str) -> Value {
    let fleet = servers.eim.fleet();
    let device = fleet.device(eid).await.ok();
    let history = fleet.history(eid, 1000).await.ok();
    let operations = fleet.operations(eid).await.ok();
    serde_json::json!({
        "device": device,
        "operations": operations,
        "history": history,
    })
}
