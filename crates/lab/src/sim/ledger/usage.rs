//! The visited network's usage model: on which days a device is served as a roamer (from
//! the network model's attach history) and how much data an honest device of the fleet
//! uses on such a day.

use ledger::entry::Rates;
use ledger::money::Micros;
use ledger::policy::{Policy, Service};

use super::super::rng::SimRng;
use super::facts::DeviceFacts;

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

fn state_of(event: &str) -> Option<DayState> {
    match event {
        "attached-roaming" => Some(DayState::Roaming { throttled: false }),
        "throttled" => Some(DayState::Roaming { throttled: true }),
        "attached-home" => Some(DayState::Home),
        "roaming-blocked" | "attach-rejected" => Some(DayState::Out),
        _ => None,
    }
}

/// The state of each of the `days` days: a day counts as roaming when the device started
/// it roaming or attached as a roamer during it.
pub fn day_states(d: &DeviceFacts, days: u32) -> Vec<DayState> {
    let mut out = vec![DayState::Out; days as usize];
    let mut current = DayState::Out;
    let mut events = d.history.iter().peekable();
    for (day, slot) in out.iter_mut().enumerate() {
        let day = day as u32;
        let mut roamed = matches!(current, DayState::Roaming { .. }).then_some(current);
        while let Some(e) = events.next_if(|e| e.day <= day) {
            if let Some(s) = state_of(&e.event) {
                current = s;
                if matches!(s, DayState::Roaming { .. }) && roamed.is_none() {
                    roamed = Some(s);
                }
            }
        }
        *slot = roamed.unwrap_or(current);
    }
    out
}

/// Profile downloads the device went through on each day (downloaded or failed).
pub fn downloads_per_day(d: &DeviceFacts, days: u32) -> Vec<u32> {
    let mut out = vec![0u32; days as usize];
    for e in &d.history {
        if matches!(e.event.as_str(), "downloaded" | "download-failed") {
            if let Some(n) = out.get_mut(e.day as usize) {
                *n += 1;
            }
        }
    }
    out
}

/// The data an honest device uses on a roaming day.
pub fn honest_kb(rng: &mut SimRng, throttled: bool) -> u64 {
    let kb = DAILY_KB_MIN + rng.below(DAILY_KB_SPAN);
    if throttled { kb / 4 } else { kb }
}

#[cfg(test)]
mod tests {
    use super::super::super::countries::country;
    use super::super::super::report::HistoryEntry;
    use super::*;

    #[test]
    fn a_device_roams_from_its_attach_until_it_is_home_on_a_local_profile() {
        let de = country("DE").unwrap();
        let h = |day, event: &str| HistoryEntry {
            day,
            event: event.into(),
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
        assert_eq!(downloads_per_day(&d, 5), [0, 0, 0, 1, 0]);
    }
}
