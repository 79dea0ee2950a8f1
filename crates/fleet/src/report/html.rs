//! The lab's report as one self-contained HTML file (`rsp-lab demo --html FILE`): inline
//! SVG charts drawn by [`charts`] (no script, no external asset) of exposure per
//! country over the simulated days, localizations and rollbacks per day and the latency
//! distribution of localizations, then the per-country table and the guarantees — all
//! from the same [`Report`] as the JSON (`--report`).

use std::fmt::Write;

use charts::{Series, esc};

use crate::report::{CountryReport, Report};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1000px;\
color:#222}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:\
collapse}th,td{border:1px solid #ccc;padding:.25em .6em;font-size:.9em}td{text-align:right}\
thead th{background:#eef2f7}.pass{color:#2ca02c;font-weight:bold}.fail{color:#d62728;\
font-weight:bold}td.detail{text-align:left}.tiles{display:flex;gap:1em;flex-wrap:wrap}\
.tile{border:1px solid #ddd;border-radius:6px;padding:.5em 1em}.tile .n{font-size:1.6em;\
font-weight:bold}svg{max-width:100%;height:auto}";

fn country_row(out: &mut String, name: &str, r: &CountryReport, total: bool) {
    let tag = if total { "th" } else { "td" };
    let _ = write!(out, "<tr data-country=\"{n}\"><th>{n}</th>", n = esc(name));
    for (key, value) in r.cells() {
        let _ = write!(out, "<{tag} data-k=\"{key}\">{}</{tag}>", esc(&value));
    }
    out.push_str("</tr>");
}

fn table(r: &Report) -> String {
    let mut out = String::from(
        "<table id=\"countries\"><thead><tr><th>country</th><th>devices</th><th>localized</th>\
         <th>roaming</th><th>rolled back</th><th>failed</th><th>p50 s</th><th>p99 s</th>\
         <th>exposed before</th><th>exposed after</th></tr></thead><tbody>",
    );
    for (c, row) in &r.countries {
        country_row(&mut out, c, row, false);
    }
    country_row(&mut out, "total", &r.totals, true);
    out.push_str("</tbody></table>");
    out
}

fn guarantees(r: &Report) -> String {
    let mut out = String::from(
        "<table id=\"guarantees\"><thead><tr><th>result</th><th>guarantee</th><th>detail</th>\
         </tr></thead><tbody>",
    );
    for c in &r.guarantees {
        let (class, word) = if c.passed {
            ("pass", "PASS")
        } else {
            ("fail", "FAIL")
        };
        let _ = write!(
            out,
            "<tr><td class=\"{class}\">{word}</td><td class=\"detail\">{}</td>\
             <td class=\"detail\">{}</td></tr>",
            esc(c.guarantee),
            esc(&c.detail)
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// One line per country that had exposure (`pick` of each day).
fn per_country(
    r: &Report,
    suffix: &str,
    pick: fn(&crate::report::DayReport) -> &std::collections::BTreeMap<String, u32>,
) -> Vec<Series> {
    r.countries
        .keys()
        .filter(|c| r.daily.iter().any(|d| pick(d).contains_key(*c)))
        .map(|c| Series {
            name: format!("{c}{suffix}"),
            points: r
                .daily
                .iter()
                .map(|d| {
                    let n = pick(d).get(c).copied().unwrap_or(0);
                    (f64::from(d.day), f64::from(n))
                })
                .collect(),
        })
        .collect()
}

fn exposure(r: &Report) -> String {
    let mut series = per_country(r, "", |d| &d.exposed);
    if series.is_empty() {
        series.push(Series {
            name: "every country".into(),
            points: r.daily.iter().map(|d| (f64::from(d.day), 0.0)).collect(),
        });
    }
    let with = charts::lines(
        "exposure-chart",
        "Devices exposed per country with localization (on a foreign IMSI longer than allowed)",
        "simulated day",
        &series,
    );
    let without = charts::lines(
        "exposure-without-chart",
        "Devices that would be exposed per country without localization",
        "simulated day",
        &per_country(r, " without", |d| &d.exposed_without),
    );
    format!("<h3>With localization</h3>{with}<h3>Without localization</h3>{without}")
}

fn per_day(r: &Report) -> String {
    let pick = |name: &str, f: fn(&crate::report::DayReport) -> u32| Series {
        name: name.into(),
        points: r
            .daily
            .iter()
            .map(|d| (f64::from(d.day), f64::from(f(d))))
            .collect(),
    };
    charts::lines(
        "daily-chart",
        "Localizations and rollbacks per day",
        "simulated day",
        &[
            pick("localizations", |d| d.localized),
            pick("rollbacks", |d| d.rolled_back),
        ],
    )
}

fn latency(r: &Report) -> String {
    let labels: Vec<String> = r
        .localize_latency
        .iter()
        .map(|b| b.label.to_string())
        .collect();
    let series = Series {
        name: "localizations".into(),
        points: r
            .localize_latency
            .iter()
            .enumerate()
            .map(|(i, b)| (i as f64, f64::from(b.count)))
            .collect(),
    };
    charts::bars(
        "latency-chart",
        "Time from the decision to the attached local profile",
        "on the eIM's clock",
        &labels,
        &[series],
    )
}

/// What went over the air and over ES2 in a run through SGP.02.
fn over_the_air(r: &Report) -> String {
    let Some(f) = &r.sgp02 else {
        return String::new();
    };
    let mut tiles =
        String::from("<h2>Over the air: SGP.02 through the SM-SR</h2><div class=\"tiles\">");
    for (k, label, n) in [
        ("sms_mt", "short messages to the cards", f.sms_mt),
        ("sms_mo", "short messages from the cards", f.sms_mo),
        ("sms_lost", "lost on the radio", f.sms_lost),
        ("sms_octets", "octets of user data", f.sms_octets),
        ("orders", "ES2 DownloadProfile accepted", f.orders),
        (
            "rolled_back",
            "enables rolled back by the card",
            f.enables_rolled_back,
        ),
    ] {
        let _ = write!(
            tiles,
            "<div class=\"tile\"><div class=\"n\" data-sgp02=\"{k}\">{n}</div>{label}</div>"
        );
    }
    tiles.push_str("</div>");
    if f.smsr_restarts > 0 {
        let _ = write!(
            tiles,
            "<p>The SM-SR was started again {} time(s) after its outages.</p>",
            f.smsr_restarts
        );
    }
    tiles
}

/// What the devices' ESipa clients put on the wire, in a run through the eIM.
fn esipa_wire(r: &Report) -> String {
    let Some(w) = &r.esipa_wire else {
        return String::new();
    };
    let binding = match w.binding {
        "coap" => "CoAP on DTLS",
        "https+coap" => "HTTPS and CoAP on DTLS (a mixed fleet)",
        _ => "HTTPS",
    };
    let mut tiles = format!("<h2>ESipa on the wire: {binding}</h2><div class=\"tiles\">");
    let per_poll = format!("{:.0}", w.octets_per_poll);
    for (k, label, n) in [
        ("polls", "polls", w.polls.to_string()),
        (
            "octets_sent",
            "octets sent by the devices",
            w.octets_sent.to_string(),
        ),
        (
            "octets_received",
            "octets they received",
            w.octets_received.to_string(),
        ),
        ("octets_per_poll", "octets per poll, both ways", per_poll),
        (
            "handshakes",
            "TLS/DTLS handshakes",
            w.handshakes.to_string(),
        ),
        ("datagrams", "datagrams (CoAP)", w.datagrams.to_string()),
        (
            "retransmissions",
            "retransmissions (CoAP)",
            w.retransmissions.to_string(),
        ),
        (
            "lost",
            "datagrams the networks lost (CoAP)",
            w.lost.to_string(),
        ),
    ] {
        let _ = write!(
            tiles,
            "<div class=\"tile\"><div class=\"n\" data-esipa=\"{k}\">{n}</div>{label}</div>"
        );
    }
    tiles.push_str("</div><p>TLS or DTLS records, handshakes included; TCP, UDP and IP headers not counted. Over CoAP each country's network loses a share of the datagrams each way (the lab's model); TCP hides losses from HTTPS.</p>");
    tiles
}

/// The whole page.
pub fn render(r: &Report) -> String {
    let t = &r.totals;
    let run = r.run.as_ref().map_or_else(String::new, |i| {
        format!(
            "<p id=\"run\">{} devices in {}, {} simulated days, seed {}, {}% of local profiles \
             cannot attach, {}% of answers lost.</p>",
            i.devices,
            esc(&i.countries.join(", ")),
            i.days,
            i.seed,
            i.attach_failure_rate * 100.0,
            i.drop_rate * 100.0
        )
    });
    let passed = r.guarantees.iter().filter(|c| c.passed).count();
    let mut tiles = String::from("<div class=\"tiles\">");
    for (k, label, n) in [
        ("devices", "devices", t.devices as usize),
        ("localized", "localized", t.localized as usize),
        (
            "exposed_before",
            "exposed without localization",
            t.exposed_before as usize,
        ),
        ("exposed_after", "exposed with it", t.exposed_after as usize),
        ("guarantees", "guarantees held", passed),
    ] {
        let _ = write!(
            tiles,
            "<div class=\"tile\"><div class=\"n\" data-total=\"{k}\">{n}</div>{label}</div>"
        );
    }
    tiles.push_str("</div>");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>rsp-lab localization report</title><style>{STYLE}</style></head><body>\
         <h1>rsp-lab localization report</h1>{run}{tiles}{air}{wire}\
         <h2>Permanent-roaming exposure over the run</h2>{exposure}\
         <h2>Localizations and rollbacks per day</h2>{per_day}\
         <h2>How long localizations took</h2>{latency}\
         <h2>Per country</h2>{table}<h2>Guarantees</h2>{guarantees}</body></html>\n",
        air = over_the_air(r),
        wire = esipa_wire(r),
        exposure = exposure(r),
        per_day = per_day(r),
        latency = latency(r),
        table = table(r),
        guarantees = guarantees(r),
    )
}
