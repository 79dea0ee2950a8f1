//! The visited network's usage model: on which days a device is served as a roamer (from
//! the network model's attach history) and how much data an honest device of the fleet
//! uses on such a day.

use ledger::money::Micros;
use ledger::money::Rates;
use ledger::policy::{Policy, Service};

use super::facts::DeviceFacts;
use crate::devices::device::HistoryEntry;
use crate::world::rng::SimRng;

/// Data an honest device uses on a roaming day: 0.5 to 3 MB (assumption: a telemetry
/// device reporting a few times an hour), a quarter of it when throttled.
pub const DAILY_KB_MIN: u64 = 512;
pub const DAILY_KB_SPAN: u64 = 2560;

/// The device type every device of the lab's fleet is declared as (assumption: one
/// IoT module model; a TAC is the first 8 digits of the IMEI).
pub const DEVICE_TAC: &str = "35922110";

/// The policy the home operator gives every device (assumptions: data only, 100 MB per
/// 30 days, the one country it is deployed in, at most 5 downloads a day).
pub fn device_policy(country: &str) -> Policy {
    Policy {
        services: vec![Service::Data],
        data_allowance_mb: 100,
        tac: DEVICE_TAC.into(),
        countries: vec![country.into()],
        max_downloads_per_day: 5,
    }
}

/// Wholesale rates (assumptions: IoT data at $0.01 per MB, voice at $0.05 per minute).
pub const RATES: Rates = Rates {
    data_per_mb: 10_000,
    voice_per_minute: 50_000,
};

/// What one profile download costs the home operator at the SM-DP+ (assumption: $1).
pub const DOWNLOAD_FEE: Micros = 1_000_000;

/// How a device is served on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayState {
    /// Not deployed yet, or no attach.
    Out,
    /// On its own (local) operator's network: no roaming partner involved.
    Home,
    Roaming {
        throttled: bool,
    },
}

/// Follows one device's days from the network model's record, one day at a time (the live
/// ledger reads each day as it ends; [`day_states`] replays a whole history).
#[derive(Clone, Debug)]
pub struct DayTracker {
    current: DayState,
    /// On a foreign IMSI (the bootstrap, unless a multi-IMSI SIM's local IMSI serves).
    foreign: bool,
}

impl Default for DayTracker {
    fn default() -> Self {
        DayTracker {
            current: DayState::Out,
            foreign: true,
        }
    }
}

impl DayTracker {
    /// The state of a day from its events: roaming when the device started it roaming or
    /// attached as a roamer during it. A `throttled` attach is roaming only on a foreign
    /// IMSI (a degraded carrier throttles its own subscribers too).
    pub fn day<'a>(&mut self, events: impl IntoIterator<Item = &'a HistoryEntry>) -> DayState {
        let mut roamed = matches!(self.current, DayState::Roaming { .. }).then_some(self.current);
        for e in events {
            let state = match e.event {
                "attached-roaming" => {
                    self.foreign = true;
                    Some(DayState::Roaming { throttled: false })
                }
                "throttled" if self.foreign => Some(DayState::Roaming { throttled: true }),
                "throttled" | "attached-home" => {
                    self.foreign = false;
                    Some(DayState::Home)
                }
                "roaming-blocked" | "attach-rejected" => Some(DayState::Out),
                "localized" => {
                    self.foreign = false;
                    None
                }
                "fallback" | "rolled-back" => {
                    self.foreign = true;
                    None
                }
                "imsi-switched" => {
                    self.foreign = !e.detail.contains("local");
                    None
                }
                _ => None,
            };
            if let Some(s) = state {
                self.current = s;
                if matches!(s, DayState::Roaming { .. }) && roamed.is_none() {
                    roamed = Some(s);
                }
            }
        }
        roamed.unwrap_or(self.current)
    }
}

/// The state of each of the `days` days of a whole history.
pub fn day_states(d: &DeviceFacts, days: u32) -> Vec<DayState> {
    let mut t = DayTracker::default();
    (0..days)
        .map(|day| t.day(d.history.iter().filter(|e| e.day == day)))
        .collect()
}

/// Profile downloads among a day's events (downloaded or failed).
pub fn downloads_in<'a>(events: impl IntoIterator<Item = &'a HistoryEntry>) -> u32 {
    events
        .into_iter()
        .filter(|e| matches!(e.event, "downloaded" | "download-failed"))
        .count() as u32
}

/// The data an honest device uses on a roaming day.
pub fn honest_kb(rng: &mut SimRng, throttled: bool) -> u64 {
    let kb = DAILY_KB_MIN + rng.below(DAILY_KB_SPAN);
    if throttled { kb / 4 } else { kb }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::device::HistoryEntry;
    use crate::world::countries::country;

    #[test]
    fn a_device_roams_from_its_attach_until_it_is_home_on_a_local_profile() {
        let de = country("DE").unwrap();
        let h = |day, event: &'static str| HistoryEntry {
            day,
            event,
            detail: String::new(),
        };
        let d = DeviceFacts {
            index: 0,
            eid: "e".into(),
            country: de,
            deploy_day: 1,
            partner: de.operators[0],
            bootstrap_iccid: "i".into(),
            history: vec![
                h(1, "deployed"),
                h(1, "attached-roaming"),
                h(3, "downloaded"),
                h(3, "localized"),
                h(3, "attached-home"),
            ],
        };
        let s = day_states(&d, 5);
        let r = DayState::Roaming { throttled: false };
        assert_eq!(s, [DayState::Out, r, r, r, DayState::Home]);
        let downloads: Vec<u32> = (0..5)
            .map(|day| downloads_in(d.history.iter().filter(|e| e.day == day)))
            .collect();
        assert_eq!(downloads, [0, 0, 0, 1, 0]);
    }

    #[test]
    fn a_degraded_carrier_throttling_its_own_subscriber_is_not_roaming() {
        let h = |day, event: &'static str, detail: &str| HistoryEntry {
            day,
            event,
            detail: detail.into(),
        };
        let mut t = DayTracker::default();
        let r = |throttled| DayState::Roaming { throttled };
        assert_eq!(t.day(&[h(0, "attached-roaming", "")]), r(false));
        assert_eq!(
            t.day(&[h(1, "throttled", "")]),
            r(false),
            "it started the day so"
        );
        assert_eq!(t.day(&[]), r(true));
        let localized = [h(3, "localized", ""), h(3, "throttled", "")];
        assert_eq!(t.day(&localized), r(true), "it started the day roaming");
        assert_eq!(t.day(&[]), DayState::Home, "throttled at home");
        assert_eq!(
            t.day(&[h(4, "fallback", ""), h(4, "attached-roaming", "")]),
            r(false)
        );
        let mut m = DayTracker::default();
        let local = [
            h(0, "imsi-switched", "to the local IMSI"),
            h(0, "throttled", ""),
        ];
        assert_eq!(m.day(&local), DayState::Home);
    }
}
