//! One simulated device: its eUICC and IPA (the real ones, in memory), where it is deployed,
//! and what happened to it. Each simulated day it attaches to the network of its country
//! (the network model decides home or roaming from the enabled profile's IMSI) and, on
//! arrival, on a change of attach, every few days and while the eIM has work for it, polls
//! the eIM with the serving network (ESipa.GetEimPackage with rPLMN) and carries out what
//! comes back: downloads, enables with rollback allowed, deletions.

use std::sync::Arc;
use std::sync::atomic::AtomicU32;

use eim::Fleet;
use euicc_sim::Euicc;
use ipa::{Ipa, IpaError, PollOutcome, RollbackCause};
use lpa::fault::LOST_ANSWER;
use proto::der::Asn1;
use serde::Serialize;

use crate::devices::route::{Personal, Route};
use crate::servers::observe::Work;
use crate::world::World;
use crate::world::countries::{Country, Operator};
use crate::world::network::{Attach, Serving};
use crate::world::outage::Role;

/// Polls (and waits for an order) in one session before the device pauses until the next
/// day; a localization with a rollback and a retry takes about ten.
const MAX_POLLS: usize = 48;
/// Lost answers in one session before the device gives up until its next poll day.
const MAX_LOST: u32 = 6;

/// What the device does each day needs from the lab.
pub struct DayContext {
    pub world: Arc<World>,
    pub fleet: Fleet,
    pub poll_interval_days: u32,
}

/// One event in a device's life.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HistoryEntry {
    pub day: u32,
    /// One of the lab's event names (a constant: a fleet keeps many entries).
    pub event: &'static str,
    pub detail: String,
}

/// What happened to a device.
#[derive(Clone, Debug, Default)]
pub struct DeviceLog {
    pub history: Vec<HistoryEntry>,
    /// Profile downloads and rollbacks seen by the device (the report takes the eIM's
    /// count, which includes those whose answer the device lost).
    pub attempts: u32,
    pub rollbacks: u32,
    /// Of the rollbacks, those after an enable whose result could not reach the eIM.
    pub rollbacks_eim_unreachable: u32,
    pub polls: u64,
    /// First day of the current stay on a foreign IMSI.
    pub foreign_since: Option<u32>,
    pub last_attach: Option<Attach>,
    /// The last session ended with work left (or lost answers): poll again tomorrow.
    pub pending: bool,
    /// Polls per instance of the eIM (several instances over PostgreSQL).
    pub instance_polls: Vec<u64>,
    /// A multi-IMSI SIM is on its pre-loaded local IMSI.
    pub on_preloaded_imsi: bool,
    /// Days attached on a home IMSI and on a foreign one (the day's first attach).
    pub home_days: u32,
    pub roaming_days: u32,
    pub counted_day: Option<u32>,
}

/// A device of the fleet.
pub struct SimDevice {
    pub index: usize,
    pub eid: String,
    pub country: &'static Country,
    pub deploy_day: u32,
    /// The visited network while on a foreign IMSI.
    pub partner: Operator,
    pub bootstrap_iccid: String,
    pub ipa: Ipa<Euicc>,
    /// Answers the device lost (ESipa and ES9+; injected faults).
    pub lost: Arc<AtomicU32>,
    pub log: DeviceLog,
    /// The instances of the roles; one on a given day (`SimDevice::route_for`).
    pub routes: Arc<[Route]>,
    pub personal: Personal,
    /// The session paused for an ES2+ order ([`SimDevice::session`]).
    pub open: Option<OpenSession>,
}

/// Where a paused session stands.
#[derive(Clone, Copy, Debug)]
pub struct OpenSession {
    /// The instance of the roles it polls.
    instance: usize,
    /// Polls made (and waits for an order), against [`MAX_POLLS`].
    polls: usize,
    /// Answers lost, against [`MAX_LOST`].
    lost: u32,
    /// The round's question found a package for the device ([`SimDevice::answered`]): its
    /// next poll goes out without asking again.
    answered: bool,
}

/// What a session's polls left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Left {
    /// The eIM has nothing more for the device.
    Nothing,
    /// Its localization waits for its ES2+ order.
    Order,
    /// The last poll brought nothing; what the eIM still holds for the device is asked
    /// for the whole round at once ([`SessionEnd::Asking`]).
    Asking,
    /// The session gave up with work left (an eIM error, lost answers, its poll budget).
    GaveUp,
}

/// How [`SimDevice::session`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// Nothing more today (the device attached again).
    Done,
    /// Paused until the lab places the localization's ES2+ order.
    Ordering,
    /// Paused after a poll that brought nothing: the lab asks the eIM what it still holds
    /// for the round's devices in one read ([`eim::Fleet::work_of`]) and hands each its
    /// answer ([`SimDevice::answered`]). Asking after every such poll, device by device,
    /// cost a read transaction and two thread hand-offs each time, for an answer that is
    /// nearly always "nothing".
    Asking,
    /// The eIM holds a package for the device again: it polls on in the next round.
    Polling,
}

fn attach_event(a: Attach) -> &'static str {
    match a {
        // A degraded carrier throttles its own subscribers too (scenarios).
        Attach::Attached {
            throttled: true, ..
        } => "throttled",
        Attach::Attached {
            serving: Serving::Home,
            ..
        } => "attached-home",
        Attach::Attached { .. } => "attached-roaming",
        Attach::RoamingBlocked => "roaming-blocked",
        Attach::ProfileRejected => "attach-rejected",
    }
}

/// A poll failure in words that do not depend on the run (no port numbers).
fn failure(e: &IpaError) -> String {
    match e {
        IpaError::Connection {
            function, detail, ..
        } if detail == LOST_ANSWER => format!("answer to {function} lost"),
        IpaError::Connection { function, .. } => format!("{function}: connection failed"),
        IpaError::Http {
            function, status, ..
        } => format!("{function}: HTTP {status}"),
        other => other.to_string(),
    }
}

/// What a device's attach depends on besides its eUICC: where it is and on what.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    pub country: &'static Country,
    /// The visited network while on a foreign IMSI.
    pub partner: Operator,
    pub bootstrap_iccid: &'a str,
}

/// ICCID of the enabled profile, as the eUICC holds it.
pub fn enabled_iccid(card: &Euicc) -> Option<String> {
    card.state().enabled_profile().map(|p| p.iccid.clone())
}

/// The network the device is registered on: its own operator's with a local profile, the
/// roaming partner's otherwise.
pub fn serving_operator(card: &Euicc, site: Site<'_>, world: &World) -> Operator {
    serving_operator_of(&enabled_iccid(card).unwrap_or_default(), site, world)
}

/// [`serving_operator`] with the enabled profile's ICCID.
pub fn serving_operator_of(enabled: &str, site: Site<'_>, world: &World) -> Operator {
    if let Some(op) = world.preloaded_operator(enabled, site.country) {
        return op;
    }
    match world.profile(enabled) {
        Some(p) if site.country.is_home_mcc(&p.mcc) => p.operator,
        _ => site.partner,
    }
}

impl DeviceLog {
    pub fn note(&mut self, day: u32, event: &'static str, detail: String) {
        self.history.push(HistoryEntry { day, event, detail });
    }

    /// Days on a foreign IMSI at `day`.
    pub fn foreign_days(&self, day: u32) -> u32 {
        self.foreign_since
            .map_or(0, |since| day.saturating_sub(since))
    }

    /// Attaches with the enabled profile of `card`; records a change. Returns the attach
    /// and whether it changed. Every device attaches every simulated day: the attach itself
    /// reads the enabled ICCID in place, and copies it only for a change's history entry.
    pub fn attach(
        &mut self,
        card: &Euicc,
        site: Site<'_>,
        day: u32,
        world: &World,
    ) -> (Attach, bool) {
        let enabled = card
            .state()
            .enabled_profile()
            .map_or("", |p| p.iccid.as_str());
        self.attach_with(enabled, site, day, world)
    }

    /// [`DeviceLog::attach`] with the enabled profile's ICCID as the network saw it (an
    /// M2M device's modem reports it while the card stays in the modem).
    pub fn attach_with(
        &mut self,
        enabled: &str,
        site: Site<'_>,
        day: u32,
        world: &World,
    ) -> (Attach, bool) {
        let standing = world.standing(enabled, site.country);
        let local = standing.is_local(site.country);
        let was_local = self.last_attach.is_some() && self.foreign_since.is_none();
        if local {
            self.foreign_since = None;
        } else if self.foreign_since.is_none() {
            self.foreign_since = Some(day);
        }
        let a = world.attach_in(site.country, enabled, &standing, self.foreign_days(day));
        let preloaded = standing.preloaded().is_some();
        let changed = self.last_attach != Some(a);
        if preloaded != self.on_preloaded_imsi {
            // The multi-IMSI SIM moved between its local and its international IMSI.
            self.on_preloaded_imsi = preloaded;
            let to = if preloaded { "local" } else { "international" };
            self.note(day, "imsi-switched", format!("to the {to} IMSI"));
        }
        if changed {
            let op = serving_operator_of(enabled, site, world);
            let kind = world
                .profile(enabled)
                .map_or("unknown", |p| p.profile_type.as_str())
                .to_string();
            if local && !was_local && a.is_attached() && !preloaded {
                self.note(
                    day,
                    "localized",
                    format!(
                        "{enabled} ({kind}) on {}, bootstrap {} kept as fallback",
                        op.name, site.bootstrap_iccid
                    ),
                );
            }
            self.note(
                day,
                attach_event(a),
                format!("{enabled} ({kind}) via {} {}-{}", op.name, op.mcc, op.mnc),
            );
        }
        if self.counted_day != Some(day) {
            self.counted_day = Some(day);
            match a {
                Attach::Attached {
                    serving: Serving::Home,
                    ..
                } => self.home_days += 1,
                Attach::Attached { .. } => self.roaming_days += 1,
                _ => {}
            }
        }
        self.last_attach = Some(a);
        (a, changed)
    }
}

impl SimDevice {
    fn note(&mut self, day: u32, event: &'static str, detail: String) {
        self.log.note(day, event, detail);
    }

    /// Where the device is and on what.
    pub fn site(&self) -> Site<'_> {
        Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        }
    }

    /// ICCID of the enabled profile, as the eUICC holds it.
    pub fn enabled_iccid(&self) -> Option<String> {
        enabled_iccid(self.ipa.card())
    }

    /// ICCIDs of every profile on the eUICC.
    fn profile_iccids(&self) -> Vec<String> {
        self.ipa
            .card()
            .state()
            .profiles
            .iter()
            .map(|p| p.iccid.clone())
            .collect()
    }

    /// The network the device is registered on.
    fn serving_operator(&self, world: &World) -> Operator {
        serving_operator(self.ipa.card(), self.site(), world)
    }

    /// Days on a foreign IMSI at `day`.
    pub fn foreign_days(&self, day: u32) -> u32 {
        self.log.foreign_days(day)
    }

    /// Attaches with the enabled profile; records a change ([`DeviceLog::attach`]).
    pub fn attach(&mut self, day: u32, world: &World) -> (Attach, bool) {
        let site = Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        };
        self.log.attach(self.ipa.card(), site, day, world)
    }

    /// The part of a simulated day before its session: arrival, the morning's attach (with
    /// the fallback when the enabled profile is rejected). Whether the device polls the eIM
    /// today: on arrival, every `poll_interval_days`, on a change of attach, and while work
    /// was left from an earlier session; never without a network.
    pub fn morning(&mut self, day: u32, ctx: &DayContext) -> bool {
        if day < self.deploy_day {
            return false;
        }
        let arrival = day == self.deploy_day;
        if arrival {
            self.note(
                day,
                "deployed",
                format!(
                    "in {} with bootstrap {} enabled and fallback",
                    self.country.name, self.bootstrap_iccid
                ),
            );
        }
        let (mut attach, mut changed) = self.attach(day, &ctx.world);
        if attach == Attach::ProfileRejected && self.fall_back(day) {
            (attach, changed) = self.attach(day, &ctx.world);
        }
        if !attach.is_attached() {
            // No network, no eIM: the device waits.
            return false;
        }
        let periodic = (day - self.deploy_day) % ctx.poll_interval_days.max(1) == 0;
        arrival || periodic || changed || self.log.pending
    }

    /// The enabled profile no longer registers: the IPA has the eUICC enable its Fallback
    /// Profile (ES10b.ExecuteFallbackMechanism, SGP.32 v1.2 5.9.20), the bootstrap, whose
    /// next poll tells the eIM. `false` when there is nothing to fall back to.
    fn fall_back(&mut self, day: u32) -> bool {
        if self.enabled_iccid().as_deref() == Some(self.bootstrap_iccid.as_str()) {
            return false;
        }
        match self.ipa.recover_network() {
            Ok(r) => {
                let ok = self.enabled_iccid().as_deref() == Some(self.bootstrap_iccid.as_str());
                let result = format!("{r:?}");
                self.note(
                    day,
                    "fallback",
                    format!("to {}: {result}", self.bootstrap_iccid),
                );
                if ok {
                    self.log.pending = true;
                }
                ok
            }
            Err(e) => {
                self.note(day, "fallback-failed", e.to_string());
                false
            }
        }
    }

    /// Points the device at instance `(index + day) % instances` of each role for the day's
    /// session (the same instance as before when there is one); returns it.
    fn route_for(&mut self, day: u32) -> usize {
        let n = self.routes.len();
        if n <= 1 {
            return 0;
        }
        let k = (self.index + day as usize) % n;
        let route = self.routes[k].clone();
        self.ipa
            .reroute(self.personal.client(&route), self.personal.url(&route));
        for r in self.ipa.options_mut().lpa.es9.resolve.iter_mut() {
            r.addr = route.es9;
        }
        k
    }

    /// Polls until the eIM has nothing more for the device (or the session gives up), then
    /// attaches again with what the session left enabled: [`SessionEnd::Done`]. When the
    /// device's localization waits for its ES2+ order the session pauses instead
    /// ([`SessionEnd::Ordering`]): the lab places the order and calls this again, which goes
    /// on where the session stopped (the same instance, the same budget of polls).
    ///
    /// The first poll reports the serving network (the eIM may decide to localize on it);
    /// after that the device polls only while a package waits for it. How many polls a
    /// session makes therefore never depends on how fast the eIM's worker is, and neither
    /// do the device's fault draws: the run repeats with its seed.
    pub async fn session(&mut self, day: u32, ctx: &DayContext) -> SessionEnd {
        let mut open = match self.open.take() {
            Some(open) => open,
            None => OpenSession {
                instance: self.route_for(day),
                polls: 0,
                lost: 0,
                answered: false,
            },
        };
        let left = self.session_polls(day, ctx, &mut open).await;
        self.pause_or_end(day, left, open, &ctx.world)
    }

    /// Goes on with a session paused at [`SessionEnd::Asking`], given what the eIM holds
    /// for the device (its answer to the round's question): the same as the question
    /// asked inside the session would have led to. The device polls again in the next
    /// round ([`SessionEnd::Polling`]), waits for its order, or ends its session.
    pub fn answered(
        &mut self,
        day: u32,
        work: Result<Work, &eim::EngineError>,
        world: &World,
    ) -> SessionEnd {
        let Some(mut open) = self.open.take() else {
            return SessionEnd::Done;
        };
        let left = match work {
            Ok(Work::None) => Left::Nothing,
            Ok(Work::Ordering) => Left::Order,
            Ok(Work::Packages) => {
                open.answered = true;
                self.open = Some(open);
                return SessionEnd::Polling;
            }
            Err(e) => {
                tracing::warn!(eid = %self.eid, error = %e, "eIM database");
                Left::GaveUp
            }
        };
        self.pause_or_end(day, left, open, world)
    }

    /// Keeps a session that waits (for its order, for the round's question) and ends one
    /// that does not: the device attaches again with what it left enabled.
    fn pause_or_end(
        &mut self,
        day: u32,
        left: Left,
        open: OpenSession,
        world: &World,
    ) -> SessionEnd {
        match left {
            Left::Order => {
                self.open = Some(open);
                SessionEnd::Ordering
            }
            Left::Asking => {
                self.open = Some(open);
                SessionEnd::Asking
            }
            left => {
                self.log.pending = left == Left::GaveUp;
                self.attach(day, world);
                SessionEnd::Done
            }
        }
    }

    /// Ends a paused session whose ES2+ order could not be placed: the device tries again
    /// on its next day.
    pub fn abandon_session(&mut self, day: u32, world: &World) {
        if self.open.take().is_some() {
            self.log.pending = true;
            self.attach(day, world);
        }
    }

    /// The polls of a session, until what [`Left`] says. Before each poll but the first
    /// the device asks the eIM whether it still holds work for it (a question that counts
    /// against [`MAX_POLLS`]); after a poll that brought nothing the question is the
    /// round's ([`Left::Asking`]), counted here all the same.
    async fn session_polls(&mut self, day: u32, ctx: &DayContext, open: &mut OpenSession) -> Left {
        let mut answered = std::mem::take(&mut open.answered);
        loop {
            if !std::mem::take(&mut answered) {
                if open.polls >= MAX_POLLS {
                    break;
                }
                open.polls += 1;
                if open.polls > 1 {
                    match ctx.fleet.work(&self.eid).await {
                        Ok(Work::None) => return Left::Nothing,
                        Ok(Work::Packages) => {}
                        Ok(Work::Ordering) => return Left::Order,
                        Err(e) => {
                            tracing::warn!(eid = %self.eid, error = %e, "eIM database");
                            break;
                        }
                    }
                }
            }
            let rplmn = self.serving_operator(&ctx.world).plmn().to_bytes();
            let before = self.profile_iccids();
            let enabled_before = self.enabled_iccid();
            self.log.polls += 1;
            if let Some(n) = self.log.instance_polls.get_mut(open.instance) {
                *n += 1;
            }
            match self.ipa.poll(Some(rplmn)).await {
                Ok(PollOutcome::NoPackage) => {
                    if open.polls >= MAX_POLLS {
                        break;
                    }
                    open.polls += 1;
                    return Left::Asking;
                }
                Ok(PollOutcome::EimError(e)) => {
                    self.note(day, "eim-error", e.to_json().to_string());
                    break;
                }
                Ok(outcome) => self.record(day, &outcome, &before, enabled_before, &ctx.world),
                Err(e) => {
                    open.lost += 1;
                    self.note(day, "connection-lost", failure(&e));
                    self.record_unseen(day, &before, enabled_before, &ctx.world);
                    if open.lost >= MAX_LOST {
                        break;
                    }
                }
            }
        }
        Left::GaveUp
    }

    /// After a poll that failed midway: what changed on the eUICC all the same (a profile
    /// installed or enabled before the answer to its result was lost).
    fn record_unseen(
        &mut self,
        day: u32,
        before: &[String],
        enabled_before: Option<String>,
        world: &World,
    ) {
        let after = self.profile_iccids();
        for new in after.iter().filter(|i| !before.contains(i)) {
            let t = world
                .profile(new)
                .map_or("unknown", |p| p.profile_type.as_str())
                .to_string();
            self.note(
                day,
                "downloaded",
                format!("{new} ({t}); the answer to its result was lost"),
            );
        }
        let enabled = self.enabled_iccid();
        if enabled != enabled_before {
            let i = enabled.unwrap_or_default();
            self.note(
                day,
                "enabled",
                format!("{i}; the answer to its result was lost"),
            );
        }
    }

    /// Records what a poll brought.
    fn record(
        &mut self,
        day: u32,
        outcome: &PollOutcome,
        before: &[String],
        enabled_before: Option<String>,
        world: &World,
    ) {
        let type_of = |i: &str| {
            world
                .profile(i)
                .map_or("unknown", |p| p.profile_type.as_str())
                .to_string()
        };
        match outcome {
            PollOutcome::Download(d) => {
                self.log.attempts += 1;
                let how = if d.indirect {
                    "through the eIM"
                } else {
                    "from the SM-DP+"
                };
                match &d.installed_iccid {
                    Some(i) => {
                        let t = type_of(i);
                        self.note(day, "downloaded", format!("{i} ({t}) {how}"));
                    }
                    None => self.note(
                        day,
                        "download-failed",
                        d.result
                            .profile_download_trigger_result_data
                            .to_json()
                            .to_string(),
                    ),
                }
            }
            PollOutcome::Package(p) => {
                let enabled = self.enabled_iccid();
                if let Some(r) = &p.rollback {
                    self.log.rollbacks += 1;
                    let why = match r.cause {
                        RollbackCause::EimUnreachable { .. } => {
                            self.log.rollbacks_eim_unreachable += 1;
                            "could not reach the eIM"
                        }
                        _ => "did not attach",
                    };
                    self.note(
                        day,
                        "rolled-back",
                        format!(
                            "{} {why}; back to {}",
                            r.failed_iccid,
                            enabled.clone().unwrap_or_default()
                        ),
                    );
                } else if enabled != enabled_before {
                    let i = enabled.clone().unwrap_or_default();
                    let t = type_of(&i);
                    self.note(day, "enabled", format!("{i} ({t}), rollback allowed"));
                }
                let after = self.profile_iccids();
                for gone in before.iter().filter(|i| !after.contains(i)) {
                    let t = type_of(gone);
                    self.note(day, "deleted", format!("{gone} ({t})"));
                }
            }
            PollOutcome::EuiccData(_) => self.note(day, "euicc-data", "sent to the eIM".into()),
            PollOutcome::NoPackage | PollOutcome::EimError(_) => {}
        }
    }
}

/// Places the ES2+ orders of `eid`'s localization (the eIM holds them for the lab,
/// [`eim::config::Delivery::hold_orders`]), so that the orders of one country reach the
/// SM-DP+ in the lab's device order; an order the SM-DP+ refused moves to the next profile
/// type, which is ordered too. `false` when the device still waits for one after a minute
/// (an order in back-off after failed calls). With `turn`, the orders are leased at once and
/// their first DownloadOrder waits until `turn` is notified (the device before this one got
/// its profile, or ended); `allocated`, when given, is notified as soon as this device's
/// profile is allocated, before the order's confirmation ([`eim::Fleet::place_leased`]).
pub(crate) async fn place_order(
    ctx: &DayContext,
    eid: &str,
    mut turn: Option<&tokio::sync::Notify>,
    allocated: Option<&tokio::sync::Notify>,
) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let leased = match ctx.fleet.lease_orders(eid).await {
            Ok(leased) => leased,
            Err(e) => {
                tracing::warn!(eid = %eid, error = %e, "leasing an ES2+ order");
                Vec::new()
            }
        };
        let placed = leased.len();
        if let (true, Some(t)) = (placed > 0, turn) {
            t.notified().await;
            turn = None;
        }
        for order in leased {
            ctx.fleet.place_leased(order, allocated).await;
        }
        if ctx.world.down(Role::Smdp) {
            // The SM-DP+ cannot be reached today (an outage of the run): the order waits in
            // the eIM's back-off, and the device's session ends until its next day.
            return !matches!(ctx.fleet.work(eid).await, Ok(Work::Ordering) | Err(_));
        }
        match ctx.fleet.work(eid).await {
            Ok(Work::Ordering) if std::time::Instant::now() < deadline => {
                if placed == 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
            }
            Ok(Work::Ordering) | Err(_) => return false,
            Ok(_) => return true,
        }
    }
}
