//! One device of a run by discovery: its eUICC (an IoT eUICC without an eIM, rootDsAddress
//! the lab's root SM-DS, the bootstrap pre-loaded, enabled and holding the Fallback
//! Attribute) and the SGP.22 LPAd on it. Each simulated day it attaches to the network of
//! its country; on arrival, on a change of attach, every `poll_interval_days` and while
//! something was left undone it asks the root SM-DS for events (SGP.22 3.6.3) and, for each
//! event, downloads the profile with the EventID as Matching ID (3.1.3), enables it
//! (ES10c.EnableProfile, 5.7.16) and checks that it attaches; a profile that does not is
//! given up: the bootstrap enabled again and the new profile deleted (5.7.18), both
//! notified to the SM-DP+ (3.5).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use euicc_sim::apdu::Card;
use euicc_sim::{Es10Processor, Euicc};
use lpa::{DiscoveredEvent, Lpa, LpaError, LpaOptions};
use proto::der::Asn1;
use proto::sgp32::{ExecuteFallbackMechanismRequest, ExecuteFallbackMechanismResponse};

use crate::devices::device::{DeviceLog, Site, enabled_iccid};
use crate::world::World;
use crate::world::countries::{Country, Operator};
use crate::world::network::Attach;

/// A device of the fleet with an LPAd.
pub struct Lpad {
    pub index: usize,
    pub eid: String,
    pub country: &'static Country,
    pub deploy_day: u32,
    pub partner: Operator,
    pub bootstrap_iccid: String,
    pub euicc: Euicc,
    pub lpa: LpaOptions,
    /// Answers the device lost (ES11 and ES9+; injected faults).
    pub lost: Arc<AtomicU32>,
    pub log: DeviceLog,
    /// Event retrievals it asked the SM-DS for, and those that got no answer.
    pub smds_polls: u64,
    pub smds_failures: u64,
}

/// An LPA failure in words that do not depend on the run (no port numbers).
fn failure(e: &LpaError) -> String {
    match e {
        LpaError::Connection {
            function, detail, ..
        } if detail == lpa::fault::LOST_ANSWER => {
            format!("answer to {function} lost")
        }
        LpaError::Connection { function, .. } => format!("{function}: connection failed"),
        other => other.to_string(),
    }
}

impl Lpad {
    /// Where the device is and on what.
    pub fn site(&self) -> Site<'_> {
        Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        }
    }

    fn note(&mut self, day: u32, event: &'static str, detail: String) {
        self.log.note(day, event, detail);
    }

    /// Attaches with the enabled profile ([`DeviceLog::attach`]).
    pub fn attach(&mut self, day: u32, world: &World) -> (Attach, bool) {
        let site = Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        };
        self.log.attach(&self.euicc, site, day, world)
    }

    /// Arrival and the morning's attach (with the fallback when the enabled profile is
    /// rejected). Whether the device asks the SM-DS today: on arrival, every
    /// `poll_interval_days`, on a change of attach, and while something was left undone;
    /// never without a network.
    pub fn morning(&mut self, day: u32, poll_interval_days: u32, world: &World) -> bool {
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
        let (mut attach, mut changed) = self.attach(day, world);
        if attach == Attach::ProfileRejected && self.fall_back(day) {
            (attach, changed) = self.attach(day, world);
        }
        if !attach.is_attached() {
            return false;
        }
        let periodic = (day - self.deploy_day) % poll_interval_days.max(1) == 0;
        arrival || periodic || changed || self.log.pending
    }

    /// ES10b.ExecuteFallbackMechanism (SGP.32 v1.2 5.9.20): the eUICC enables the profile
    /// with the Fallback Attribute, the bootstrap.
    fn fall_back(&mut self, day: u32) -> bool {
        if enabled_iccid(&self.euicc).as_deref() == Some(self.bootstrap_iccid.as_str()) {
            return false;
        }
        let request = ExecuteFallbackMechanismRequest {
            refresh_flag: false,
        };
        let answer = self
            .euicc
            .try_process_es10(&request.to_der())
            .map_err(|e| e.to_string())
            .and_then(|der| {
                ExecuteFallbackMechanismResponse::from_der(&der).map_err(|e| e.to_string())
            });
        match answer {
            Ok(r) => {
                let ok =
                    enabled_iccid(&self.euicc).as_deref() == Some(self.bootstrap_iccid.as_str());
                let bootstrap = self.bootstrap_iccid.clone();
                let result = format!("{:?}", r.execute_fallback_mechanism_result);
                self.note(day, "fallback", format!("to {bootstrap}: {result}"));
                if ok {
                    self.log.pending = true;
                }
                ok
            }
            Err(e) => {
                self.note(day, "fallback-failed", e);
                false
            }
        }
    }

    /// The day's session: pending notifications, event retrieval at the root SM-DS, each
    /// event's download, enable and attach check; then the attach with what it left
    /// enabled.
    pub async fn session(&mut self, day: u32, world: &World) {
        self.smds_polls += 1;
        self.log.polls += 1;
        let pending = self.lpa_session(day, world).await;
        self.log.pending = pending;
        self.attach(day, world);
    }

    /// The LPA's part of a session; whether something was left undone.
    async fn lpa_session(&mut self, day: u32, world: &World) -> bool {
        let options = self.lpa.clone();
        let (country, bootstrap) = (self.country, self.bootstrap_iccid.clone());
        let mut s = Session::default();
        {
            let mut lpa = match Lpa::open(Card::new(&mut self.euicc), options) {
                Ok(lpa) => lpa,
                Err(e) => {
                    self.note(day, "lpa-failed", e.to_string());
                    return true;
                }
            };
            // Notifications left on the eUICC by an earlier session (SGP.22 3.5).
            if lpa.list_notifications().is_ok_and(|l| !l.is_empty())
                && lpa.process_notifications().await.is_err()
            {
                s.undone = true;
            }
            let found = match lpa.discover(None).await {
                Ok(r) => r.events,
                Err(e) => {
                    s.unanswered += 1;
                    s.notes.push(("smds-unreachable", failure(&e)));
                    Vec::new()
                }
            };
            s.undone |= s.unanswered > 0;
            for event in found {
                s.take(&mut lpa, &event, world, country, &bootstrap).await;
            }
        }
        for (event, detail) in s.notes {
            self.note(day, event, detail);
        }
        self.log.attempts += s.attempts;
        self.log.rollbacks += s.rollbacks;
        self.smds_failures += s.unanswered;
        s.undone
    }

    /// Answers this device lost.
    pub fn lost_answers(&self) -> u32 {
        self.lost.load(Ordering::Relaxed)
    }
}

/// What one LPA session did: the notes for the device's history (written once the
/// session lets go of the eUICC), its downloads and rollbacks, the SM-DS's silences, and
/// whether something was left undone.
#[derive(Default)]
struct Session {
    notes: Vec<(&'static str, String)>,
    undone: bool,
    attempts: u32,
    rollbacks: u32,
    unanswered: u64,
}

impl Session {
    /// One event found at the SM-DS: the profile it announces downloaded (SGP.22 3.1.3),
    /// enabled (5.7.16) and, when it cannot attach in `country`, given up for `bootstrap`.
    async fn take<C: lpa::CardChannel>(
        &mut self,
        lpa: &mut Lpa<C>,
        event: &DiscoveredEvent,
        world: &World,
        country: &'static Country,
        bootstrap: &str,
    ) {
        let Some(iccid) = self.download(lpa, event).await else {
            return;
        };
        self.attempts += 1;
        let kind = type_of(world, &iccid);
        self.notes
            .push(("downloaded", format!("{iccid} ({kind}) found at the SM-DS")));
        if let Err(e) = lpa.enable(&iccid).await {
            if !enabled_now(lpa, &iccid) {
                self.undone = true;
                self.notes.push(("enable-failed", failure(&e)));
                return;
            }
        }
        self.notes.push(("enabled", format!("{iccid} ({kind})")));
        if world.attach(country, &iccid, 0).is_attached() {
            return;
        }
        self.roll_back(lpa, &iccid, &kind, bootstrap).await;
    }

    /// The download `event` announces; the profile it installed, if any.
    async fn download<C: lpa::CardChannel>(
        &mut self,
        lpa: &mut Lpa<C>,
        event: &DiscoveredEvent,
    ) -> Option<String> {
        let before = profile_iccids(lpa);
        let outcome = match event.download_request() {
            Ok(request) => lpa.download(&request).await.map(|r| r.iccid),
            Err(e) => Err(e),
        };
        // A download whose last answer was lost may have installed the profile.
        match outcome {
            Ok(Some(i)) => Some(i),
            Ok(None) => None,
            Err(e) => {
                let new = (profile_iccids(lpa).into_iter()).find(|i| !before.contains(i));
                if new.is_none() {
                    self.undone = true;
                    self.notes.push(("download-failed", failure(&e)));
                }
                new
            }
        }
    }

    /// The new profile cannot attach: back to the bootstrap, the profile deleted (SGP.22
    /// 5.7.18).
    async fn roll_back<C: lpa::CardChannel>(
        &mut self,
        lpa: &mut Lpa<C>,
        iccid: &str,
        kind: &str,
        bootstrap: &str,
    ) {
        self.rollbacks += 1;
        let back = lpa.enable(bootstrap).await;
        let deleted = lpa.delete(iccid).await;
        self.notes.push((
            "rolled-back",
            format!("{iccid} did not attach; back to {bootstrap}"),
        ));
        if back.is_err() || deleted.is_err() {
            self.undone = true;
        }
        if deleted.is_ok() || !profile_iccids(lpa).iter().any(|i| i == iccid) {
            self.notes.push(("deleted", format!("{iccid} ({kind})")));
        }
    }
}

fn type_of(world: &World, iccid: &str) -> String {
    world
        .profile(iccid)
        .map_or("unknown", |p| p.profile_type.as_str())
        .to_string()
}

/// ICCIDs on the eUICC (ES10c.GetProfilesInfo); none when the card cannot say.
fn profile_iccids<C: lpa::CardChannel>(lpa: &mut Lpa<C>) -> Vec<String> {
    lpa.list_profiles()
        .map(|l| l.into_iter().filter_map(|p| p.iccid).collect())
        .unwrap_or_default()
}

/// Whether `iccid` is the enabled profile (an enable whose notification's answer was lost
/// still enabled it).
fn enabled_now<C: lpa::CardChannel>(lpa: &mut Lpa<C>, iccid: &str) -> bool {
    lpa.list_profiles().is_ok_and(|l| {
        l.iter()
            .any(|p| p.iccid.as_deref() == Some(iccid) && p.state == "enabled")
    })
}
