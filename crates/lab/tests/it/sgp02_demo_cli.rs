//! `rsp-lab demo --delivery sgp02` and `rsp-lab compare --delivery eim,smds,sgp02` as a user
//! runs them: a fleet of M2M eUICCs localized through the SGP.02 SM-DP and the SM-SR over
//! the lab's SMSC (SGP.02 3.1, 3.2), with short messages lost on the radio, local
//! profiles that cannot attach (rolled back by the card, 3.2.2, then deleted by the
//! operator) and the SM-SR stopped for some days; the guarantees hold, the same seed gives
//! the same run, and the comparison counts the short messages and prices them.

use crate::common::*;

use serde_json::Value;

/// A run through SGP.02: CN and BR localize on arrival, DE after 30 days; a third of the
/// local profiles cannot attach, 2 % of the MT short messages are lost, the SM-SR is down
/// on days 2 to 6.
fn sgp02_run(dir: &std::path::Path, report: &str) -> String {
    ok(
        dir,
        &[
            "demo",
            "--delivery",
            "sgp02",
            "--devices",
            "18",
            "--countries",
            "CN,DE,BR",
            "--days",
            "45",
            "--seed",
            "3",
            "--attach-failure-rate",
            "0.3",
            "--drop-rate",
            "0.02",
            "--outage",
            "smsr:2-6",
            "--report",
            report,
            "--html",
            &format!("{report}.html"),
        ],
    )
}

fn events(device: &Value) -> Vec<(u64, String)> {
    device["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            let day = h["day"].as_u64().expect("day");
            (day, h["event"].as_str().expect("event").to_string())
        })
        .collect()
}

/// The number printed just before `label` in `out`.
fn number_before(out: &str, label: &str) -> u64 {
    let at = out
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {out}"));
    out[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a number before {label} in {out}"))
}

#[test]
fn sgp02_3_1_m2m_devices_are_localized_through_the_sm_sr_through_its_faults() {
    let dir = tempfile::tempdir().unwrap();
    let out = sgp02_run(dir.path(), "a.json");
    assert!(
        out.contains("delivery: ES2 orders to the SGP.02 SM-DP"),
        "{out}"
    );
    assert!(!out.contains("FAIL"), "{out}");
    assert!(
        out.contains("PASS  the SM-SR's EIS of every eUICC is what the eUICC holds"),
        "{out}"
    );
    // Every fault was felt and recovered from.
    assert!(number_before(&out, " lost on the radio") > 0, "{out}");
    assert!(
        number_before(&out, " enables rolled back by the card") > 0,
        "{out}"
    );
    assert!(number_before(&out, " profiles then deleted") > 0, "{out}");
    assert!(out.contains("SM-SR started again 1 time(s)"), "{out}");
    // The HTML report shows what went over the air.
    let html = std::fs::read_to_string(dir.path().join("a.json.html")).unwrap();
    let lost = number_before(&out, " lost on the radio");
    assert!(
        html.contains(&format!("data-sgp02=\"sms_lost\">{lost}<")),
        "the lost short messages in the HTML report"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
    let devices = report["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 18);
    let localized: Vec<&Value> = devices.iter().filter(|d| d["localized"] == true).collect();
    assert!(localized.len() >= 12, "{} localized", localized.len());
    for d in &localized {
        let e = events(d);
        let ordered = e.iter().position(|(_, x)| x == "ordered");
        let local = e.iter().position(|(_, x)| x == "localized");
        assert!(
            matches!((ordered, local), (Some(o), Some(l)) if o < l),
            "an ES2 order before the local attach: {e:?}"
        );
    }
    // Nothing was downloaded while the SM-SR was down (days 2 to 6).
    for d in devices {
        for (day, event) in events(d) {
            if event == "downloaded" {
                assert!(
                    !(2..=6).contains(&day),
                    "a download on day {day} of the outage"
                );
            }
        }
    }
    // The same seed and faults give the same run.
    sgp02_run(dir.path(), "b.json");
    let again: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("b.json")).unwrap()).unwrap();
    let histories = |r: &Value| -> Vec<Vec<(u64, String)>> {
        r["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(events)
            .collect()
    };
    assert_eq!(histories(&report), histories(&again));
}

#[test]
fn compare_sets_sgp02_beside_the_eim_and_discovery_with_its_short_messages_priced() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "compare",
            "--delivery",
            "eim,smds,sgp02",
            "--devices",
            "12",
            "--countries",
            "CN,TR",
            "--days",
            "30",
            "--outage",
            "smsr:0-3",
            "--report",
            "c.json",
        ],
    );
    assert!(out.contains("note: eim: smsr is not in its path"), "{out}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("c.json")).unwrap()).unwrap();
    let d = report["deliveries"].as_array().expect("deliveries");
    let names: Vec<&str> = d.iter().map(|r| r["delivery"].as_str().unwrap()).collect();
    assert_eq!(names, ["eim", "smds", "sgp02"]);
    for r in d {
        assert_eq!(r["guarantees_held"], true, "{r}");
        assert!(r["localized"].as_u64().unwrap() > 0, "{r}");
    }
    let sms = |r: &Value| r["sms"].as_u64().unwrap();
    assert_eq!((sms(&d[0]), sms(&d[1])), (0, 0), "no SMS over IP");
    assert!(sms(&d[2]) > 0);
    assert!(d[2]["sms_octets"].as_u64().unwrap() > 0);
    // The short messages are priced: the SGP.02 fleet pays them on top of the rest.
    let cost = |r: &Value| r["cost_per_device_month"].as_f64().unwrap();
    assert!(cost(&d[2]) > 0.0 && cost(&d[0]) > 0.0, "{d:?}");
    // The SM-SR was down for the first four days: devices that arrived then were
    // localized after it came back.
    assert_eq!(d[2]["sgp02"]["smsr_restarts"], 1);
    assert!(out.contains("USD/device/month"), "{out}");
}

#[test]
fn sgp02_refuses_what_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let refused: [(&str, &str); 3] = [
        (
            "--delivery sgp02 --strategy roaming",
            "--delivery sgp02 runs the localize strategy",
        ),
        ("--outage smsr:1-2", "no SM-SR in its path"),
        ("--delivery sgp02 --outage smds:1-2", "no SM-DS in its path"),
    ];
    for (options, why) in refused {
        let mut args = vec!["demo", "--days", "3"];
        args.extend(options.split(' '));
        assert_one_line_error(&rsp_lab(dir.path(), &args), why);
    }
}
