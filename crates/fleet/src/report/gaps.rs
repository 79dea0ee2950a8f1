//! Connectivity gaps, read from a device's timeline: every profile switch on the eUICC (an
//! enable, a rollback, a fallback) is a managed gap of 30–120 s (seed 001), every switch
//! of a multi-IMSI SIM between its IMSIs a gap of seconds, and a day the device could not
//! attach (roaming blocked, profile rejected) an outage until it attached again. The
//! switch durations are drawn from the seed, the device and the event, so a run repeats.

use serde::Serialize;

use crate::devices::device::HistoryEntry;
use crate::world::rng::SimRng;
use crate::world::strategy::Strategies;

/// Keeps the gap draws apart from the other uses of the seed.
const GAP_STREAM: u64 = 0x6A90_0000_0000_0000;
const DAY_S: u64 = 86_400;

/// What caused a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapCause {
    EuiccSwitch,
    ImsiSwitch,
    Outage,
}

/// One gap in a device's connectivity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub day: u32,
    pub seconds: u64,
    pub cause: GapCause,
}

fn draw(rng: &mut SimRng, [lo, hi]: [u32; 2]) -> u64 {
    u64::from(lo) + rng.below(u64::from(hi - lo) + 1)
}

fn key(eid: &str) -> u64 {
    eid.bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
}

/// The gaps of one device whose timeline is `history`, for a run of `days` days.
pub fn gaps(seed: u64, eid: &str, history: &[HistoryEntry], days: u32, s: &Strategies) -> Vec<Gap> {
    let mut rng = SimRng::new(seed).fork(GAP_STREAM ^ key(eid));
    let mut out = Vec::new();
    let mut down_since: Option<u32> = None;
    for h in history {
        let switch = match h.event {
            "enabled" | "rolled-back" | "fallback" => Some(GapCause::EuiccSwitch),
            "imsi-switched" => Some(GapCause::ImsiSwitch),
            _ => None,
        };
        match switch {
            Some(cause) => {
                let range = match cause {
                    GapCause::ImsiSwitch => s.multi_imsi_gap_s,
                    _ => s.euicc_gap_s,
                };
                out.push(Gap {
                    day: h.day,
                    seconds: draw(&mut rng, range),
                    cause,
                });
            }
            None => match h.event {
                "roaming-blocked" | "attach-rejected" => {
                    down_since = down_since.or(Some(h.day));
                }
                "attached-home" | "attached-roaming" | "throttled" => {
                    if let Some(since) = down_since.take() {
                        out.push(outage(since, h.day));
                    }
                }
                _ => {}
            },
        }
    }
    if let Some(since) = down_since {
        out.push(outage(since, days));
    }
    out.retain(|g| g.seconds > 0);
    out
}

/// Down from `since` until `until` (whole simulated days).
fn outage(since: u32, until: u32) -> Gap {
    Gap {
        day: since,
        seconds: u64::from(until.saturating_sub(since)) * DAY_S,
        cause: GapCause::Outage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(day: u32, event: &'static str) -> HistoryEntry {
        HistoryEntry {
            day,
            event,
            detail: String::new(),
        }
    }

    #[test]
    fn switches_take_their_modelled_durations_and_outages_whole_days() {
        let s = Strategies::shipped();
        let history = [
            h(0, "deployed"),
            h(0, "imsi-switched"),
            h(3, "enabled"),
            h(3, "rolled-back"),
            h(10, "roaming-blocked"),
            h(14, "attached-home"),
            h(20, "roaming-blocked"),
        ];
        let g = gaps(7, "E1", &history, 30, &s);
        assert_eq!(g.len(), 5);
        assert_eq!(g[0].cause, GapCause::ImsiSwitch);
        assert!((2..=10).contains(&g[0].seconds), "{g:?}");
        for e in &g[1..3] {
            assert_eq!(e.cause, GapCause::EuiccSwitch);
            assert!((30..=120).contains(&e.seconds), "{g:?}");
        }
        assert_eq!((g[3].day, g[3].seconds), (10, 4 * DAY_S));
        assert_eq!((g[4].day, g[4].seconds), (20, 10 * DAY_S), "until the end");
        assert_eq!(
            g,
            gaps(7, "E1", &history, 30, &s),
            "the same seed, the same gaps"
        );
    }
}
