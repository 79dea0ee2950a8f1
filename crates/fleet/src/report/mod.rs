//! The lab's report: per device, per country and fleet-wide, in the JSON shape users script
//! against (`--report FILE`) and as a terminal table.

pub mod checks;
pub mod gaps;
pub mod html;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::devices::device::HistoryEntry;
use crate::report::checks::Check;

/// How a device is served at the end.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ServingReport {
    Home,
    Roaming,
}

/// One device at the end of the run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DeviceReport {
    pub eid: String,
    pub country: String,
    pub enabled_iccid: Option<String>,
    pub enabled_profile_type: Option<String>,
    pub fallback_iccid: Option<String>,
    pub serving: ServingReport,
    pub attached: bool,
    pub localized: bool,
    pub attempts: u32,
    pub rollbacks: u32,
    /// Set when the device needs attention (no working attach, repeated failures).
    pub attention: Option<String>,
    pub history: Vec<HistoryEntry>,
    /// Seconds on the eIM's clock from the localization decision (the policy queued the
    /// operation) to its end (the enable result of a profile that attached); wall-clock
    /// seconds when it ends the same simulated day.
    #[serde(skip)]
    pub localize_seconds: Option<f64>,
    /// Exposure without localization: on the bootstrap IMSI for its whole stay, the device
    /// would be resident longer than the country allows at the end of the run …
    #[serde(skip)]
    pub exposed_before: bool,
    /// … and as the run ended: still on a foreign IMSI, resident longer than allowed.
    #[serde(skip)]
    pub exposed_after: bool,
    /// The simulated days `[from, until)` on which the device was exposed (resident on a
    /// foreign IMSI longer than allowed), if any: from the day its stay went over the
    /// limit to the day it was localized (or the end of the run).
    #[serde(skip)]
    pub exposed_days: Option<(u32, u32)>,
    /// The first day it would have been exposed without localization (on the bootstrap
    /// IMSI for its whole stay), if within the run.
    #[serde(skip)]
    pub exposed_without_from: Option<u32>,
    /// Days attached on a home IMSI and on a foreign one (for the cost model).
    #[serde(skip)]
    pub home_days: u32,
    #[serde(skip)]
    pub roaming_days: u32,
    /// The field quirks the device had (`demo --quirks`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quirks: Vec<&'static str>,
}

/// One simulated day of the fleet.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct DayReport {
    pub day: u32,
    /// Devices whose local profile attached that day (`localized` in their history).
    pub localized: u32,
    /// Rollbacks the devices reported that day (`rolled-back` in their history).
    pub rolled_back: u32,
    /// Devices exposed that day, per country (countries with none are left out).
    pub exposed: BTreeMap<String, u32>,
    /// … and how many would have been without localization.
    pub exposed_without: BTreeMap<String, u32>,
}

/// How many localizations took up to `upper_s` seconds (more than the bucket before);
/// `label` names the upper bound.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LatencyBucket {
    /// Upper bound in seconds on the eIM's clock; `None`: the rest.
    pub upper_s: Option<f64>,
    pub label: &'static str,
    pub count: u32,
}

/// Counts for one country (or the fleet).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct CountryReport {
    pub devices: u32,
    pub localized: u32,
    pub roaming: u32,
    pub rolled_back: u32,
    pub failed: u32,
    pub p50_localize_s: Option<f64>,
    pub p99_localize_s: Option<f64>,
    pub exposed_before: u32,
    pub exposed_after: u32,
}

/// The options a report was made with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunInfo {
    pub seed: u64,
    pub devices: u32,
    pub countries: Vec<&'static str>,
    pub days: u32,
    pub attach_failure_rate: f64,
    pub drop_rate: f64,
    /// With several instances of the roles: the polls each eIM instance served (the SM-DP+
    /// instance of the same number served those devices' downloads that day).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_polls: Vec<u64>,
    /// The ES9+ URL of the SM-DP+ when it was outside the lab (`--smdp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smdp_outside: Option<String>,
}

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    pub devices: Vec<DeviceReport>,
    pub countries: BTreeMap<String, CountryReport>,
    pub totals: CountryReport,
    /// The guarantees checked against the end state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guarantees: Vec<Check>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunInfo>,
    /// Per simulated day: localizations, rollbacks, exposure per country.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub daily: Vec<DayReport>,
    /// The distribution of the localization times (`p50_localize_s` … of the countries).
    pub localize_latency: Vec<LatencyBucket>,
    /// Rollbacks by what made the devices roll back, in a run with
    /// `--eim-unreachable-after-enable` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollbacks_by_cause: Option<RollbacksByCause>,
    /// Per field quirk mixed into the fleet (`--quirks`): its devices and how they fared;
    /// absent without quirks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quirks: Vec<QuirkReport>,
    /// What went over the air and over ES2, in a run through SGP.02 (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sgp02: Option<crate::run::outcome::Sgp02Facts>,
    /// What the devices' ESipa clients put on the wire, in a run through the eIM (absent
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esipa_wire: Option<EsipaWire>,
}

/// What the devices' ESipa clients put on the wire and took from it over the run: TLS or
/// DTLS records (handshakes included; TCP/UDP/IP headers not counted), the polls and the
/// eUICC Package exchanges they carried (downloads go over ES9+, not counted here).
/// Measured, not drawn from the seed: the connections opened, and so the handshakes' octets,
/// depend on how the devices' sessions overlapped in time.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct EsipaWire {
    /// `https`, `coap`, or `https+coap` for a mixed fleet.
    pub binding: &'static str,
    pub polls: u64,
    pub octets_sent: u64,
    pub octets_received: u64,
    /// Both ways, per poll.
    pub octets_per_poll: f64,
    /// CoAP: datagrams both ways, and confirmable messages sent again (RFC 7252 4.2).
    pub datagrams: u64,
    pub retransmissions: u64,
    /// TLS connections opened (HTTPS), or DTLS handshakes (CoAP), and of these the DTLS
    /// ones that resumed a session.
    pub handshakes: u64,
    pub resumed: u64,
    /// CoAP: datagrams the network model lost, either way (each country's
    /// `datagram_loss`).
    pub lost: u64,
}

impl EsipaWire {
    /// From the wire counts of the clients the devices' came from, over `polls` polls.
    pub fn of(binding: &'static str, wire: ipa::Wire, polls: u64) -> EsipaWire {
        let sent = wire.https_octets_sent + wire.coap.octets_sent;
        let received = wire.https_octets_received + wire.coap.octets_received;
        EsipaWire {
            binding,
            polls,
            octets_sent: sent,
            octets_received: received,
            octets_per_poll: (sent + received) as f64 / polls.max(1) as f64,
            datagrams: wire.coap.datagrams_sent + wire.coap.datagrams_received,
            retransmissions: wire.coap.retransmissions,
            handshakes: wire.https_connections + wire.dtls_handshakes.0,
            resumed: wire.dtls_handshakes.1,
            lost: wire.coap.lost,
        }
    }
}

/// How the devices with one field quirk fared ([`lpa::quirks::Quirk`]).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QuirkReport {
    pub quirk: &'static str,
    /// Where the behaviour is documented.
    pub citation: &'static str,
    pub devices: u64,
    /// Of those, on a local profile at the end.
    pub localized: u64,
    /// Of those, needing attention at the end.
    pub attention: u64,
}

impl QuirkReport {
    /// One entry per quirk some device had, in [`lpa::quirks::Quirk::ALL`]'s order.
    pub fn of(devices: &[DeviceReport]) -> Vec<QuirkReport> {
        lpa::quirks::Quirk::ALL
            .iter()
            .filter_map(|q| {
                let with: Vec<&DeviceReport> = devices
                    .iter()
                    .filter(|d| d.quirks.contains(&q.name()))
                    .collect();
                (!with.is_empty()).then(|| QuirkReport {
                    quirk: q.name(),
                    citation: q.citation(),
                    devices: with.len() as u64,
                    localized: with.iter().filter(|d| d.localized).count() as u64,
                    attention: with.iter().filter(|d| d.attention.is_some()).count() as u64,
                })
            })
            .collect()
    }
}

/// Rollbacks by cause (SGP.32 v1.2 5.9.16: the new profile does not attach, or its result
/// cannot reach the eIM).
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct RollbacksByCause {
    pub no_attach: u64,
    pub eim_unreachable: u64,
}

/// Bucket bounds of [`Report::localize_latency`].
const LATENCY_BUCKETS: &[(Option<f64>, &str)] = &[
    (Some(0.1), "0.1 s"),
    (Some(0.2), "0.2 s"),
    (Some(0.5), "0.5 s"),
    (Some(1.0), "1 s"),
    (Some(2.0), "2 s"),
    (Some(5.0), "5 s"),
    (Some(60.0), "1 min"),
    (Some(3600.0), "1 h"),
    (Some(86_400.0), "1 day"),
    (Some(7.0 * 86_400.0), "1 week"),
    (None, "more"),
];

fn latency(devices: &[DeviceReport]) -> Vec<LatencyBucket> {
    let mut out: Vec<LatencyBucket> = LATENCY_BUCKETS
        .iter()
        .map(|(upper_s, label)| LatencyBucket {
            upper_s: *upper_s,
            label,
            count: 0,
        })
        .collect();
    for t in devices.iter().filter_map(|d| d.localize_seconds) {
        let i = out
            .iter()
            .position(|b| b.upper_s.is_none_or(|u| t <= u))
            .unwrap_or(out.len() - 1);
        out[i].count += 1;
    }
    out
}

/// The per-day series of `days` simulated days from the devices' histories.
pub fn daily(devices: &[DeviceReport], days: u32) -> Vec<DayReport> {
    let mut out: Vec<DayReport> = (0..days)
        .map(|day| DayReport {
            day,
            ..DayReport::default()
        })
        .collect();
    for d in devices {
        for h in &d.history {
            let Some(r) = out.get_mut(h.day as usize) else {
                continue;
            };
            match h.event {
                "localized" => r.localized += 1,
                "rolled-back" => r.rolled_back += 1,
                _ => {}
            }
        }
        if let Some((from, until)) = d.exposed_days {
            for r in out.iter_mut().take(until as usize).skip(from as usize) {
                *r.exposed.entry(d.country.clone()).or_default() += 1;
            }
        }
        if let Some(from) = d.exposed_without_from {
            for r in out.iter_mut().skip(from as usize) {
                *r.exposed_without.entry(d.country.clone()).or_default() += 1;
            }
        }
    }
    out
}

/// The `q` quantile (0..=1) of `values` by the nearest-rank method; `None` when empty.
pub fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = (q * v.len() as f64).ceil().max(1.0) as usize;
    Some(v[rank.min(v.len()) - 1])
}

fn aggregate<'a>(devices: impl Iterator<Item = &'a DeviceReport>) -> CountryReport {
    let mut r = CountryReport::default();
    let mut times = Vec::new();
    for d in devices {
        r.devices += 1;
        r.localized += u32::from(d.localized);
        r.roaming += u32::from(d.serving == ServingReport::Roaming);
        r.rolled_back += u32::from(d.rollbacks > 0);
        r.failed += u32::from(d.attention.is_some());
        r.exposed_before += u32::from(d.exposed_before);
        r.exposed_after += u32::from(d.exposed_after);
        if let Some(t) = d.localize_seconds {
            times.push(t);
        }
    }
    r.p50_localize_s = quantile(&times, 0.5);
    r.p99_localize_s = quantile(&times, 0.99);
    r
}

impl CountryReport {
    /// The columns of the table, by JSON name, as shown (seconds to the millisecond, `-`
    /// when none): the terminal table and the HTML report print the same cells.
    pub fn cells(&self) -> [(&'static str, String); 9] {
        let secs = |v: Option<f64>| v.map(|s| format!("{s:.3}")).unwrap_or_else(|| "-".into());
        [
            ("devices", self.devices.to_string()),
            ("localized", self.localized.to_string()),
            ("roaming", self.roaming.to_string()),
            ("rolled_back", self.rolled_back.to_string()),
            ("failed", self.failed.to_string()),
            ("p50_localize_s", secs(self.p50_localize_s)),
            ("p99_localize_s", secs(self.p99_localize_s)),
            ("exposed_before", self.exposed_before.to_string()),
            ("exposed_after", self.exposed_after.to_string()),
        ]
    }
}

impl Report {
    /// Builds the per-country and fleet-wide counts from the devices.
    pub fn new(devices: Vec<DeviceReport>) -> Report {
        let mut codes: Vec<&str> = devices.iter().map(|d| d.country.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let countries = codes
            .iter()
            .map(|c| {
                (
                    c.to_string(),
                    aggregate(devices.iter().filter(|d| d.country == *c)),
                )
            })
            .collect();
        let totals = aggregate(devices.iter());
        Report {
            localize_latency: latency(&devices),
            quirks: QuirkReport::of(&devices),
            devices,
            countries,
            totals,
            guarantees: Vec::new(),
            run: None,
            daily: Vec::new(),
            sgp02: None,
            esipa_wire: None,
            rollbacks_by_cause: None,
        }
    }

    /// The per-country table for the terminal.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<8} {:>7} {:>9} {:>7} {:>11} {:>6} {:>8} {:>8} {:>14} {:>13}",
            "country",
            "devices",
            "localized",
            "roaming",
            "rolled back",
            "failed",
            "p50 s",
            "p99 s",
            "exposed before",
            "exposed after"
        );
        let rows = self
            .countries
            .iter()
            .map(|(c, r)| (c.as_str(), r))
            .chain(std::iter::once(("total", &self.totals)));
        for (name, r) in rows {
            let [a, b, c, d, e, f, g, h, i] = r.cells().map(|(_, v)| v);
            let _ = writeln!(
                out,
                "{name:<8} {a:>7} {b:>9} {c:>7} {d:>11} {e:>6} {f:>8} {g:>8} {h:>14} {i:>13}"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(country: &str, localized: bool, secs: Option<f64>) -> DeviceReport {
        DeviceReport {
            eid: "89049032123451234512345678901235".into(),
            country: country.into(),
            enabled_iccid: None,
            enabled_profile_type: None,
            fallback_iccid: None,
            serving: if localized {
                ServingReport::Home
            } else {
                ServingReport::Roaming
            },
            attached: true,
            localized,
            attempts: u32::from(localized),
            rollbacks: 0,
            attention: None,
            history: Vec::new(),
            localize_seconds: secs,
            exposed_before: country == "CN",
            exposed_after: country == "CN" && !localized,
            exposed_days: (country == "CN" && !localized).then_some((0, 2)),
            exposed_without_from: (country == "CN").then_some(1),
            home_days: 0,
            roaming_days: 0,
            quirks: Vec::new(),
        }
    }

    #[test]
    fn nearest_rank_quantiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), Some(50.0));
        assert_eq!(quantile(&v, 0.99), Some(99.0));
        assert_eq!(quantile(&[3.0], 0.99), Some(3.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn counts_per_country_and_totals_in_the_documented_json_shape() {
        let r = Report::new(vec![
            device("CN", true, Some(0.2)),
            device("CN", false, None),
            device("AU", false, None),
        ]);
        assert_eq!(r.countries["CN"].devices, 2);
        assert_eq!(r.countries["CN"].localized, 1);
        assert_eq!(r.countries["CN"].exposed_before, 2);
        assert_eq!(r.countries["CN"].exposed_after, 1);
        assert_eq!(r.totals.devices, 3);
        assert_eq!(r.totals.roaming, 2);
        let json = serde_json::to_value(&r).unwrap();
        for key in ["devices", "countries", "totals"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        let d = &json["devices"][0];
        for key in [
            "eid",
            "country",
            "enabled_iccid",
            "enabled_profile_type",
            "fallback_iccid",
            "serving",
            "attached",
            "localized",
            "attempts",
            "rollbacks",
            "history",
        ] {
            assert!(d.get(key).is_some(), "device.{key}");
        }
        assert_eq!(d["serving"], "home");
        let c = &json["countries"]["CN"];
        for key in [
            "devices",
            "localized",
            "roaming",
            "rolled_back",
            "failed",
            "p50_localize_s",
            "p99_localize_s",
            "exposed_before",
            "exposed_after",
        ] {
            assert!(c.get(key).is_some(), "country.{key}");
        }
        assert!(r.table().contains("total"));
        assert_eq!(
            r.localize_latency[1].count, 1,
            "0.2 s is in the 0.1–0.2 s bucket"
        );
        let days = daily(&r.devices, 3);
        assert_eq!(days[1].exposed["CN"], 1);
        assert!(days[2].exposed.is_empty());
        assert_eq!(days[0].exposed_without.get("CN"), None);
        assert_eq!(days[2].exposed_without["CN"], 2);
    }
}
