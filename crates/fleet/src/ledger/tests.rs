//! The ledger of a small synthetic fleet (no servers: the facts a run leaves, written into
//! real SQLite databases with real signatures): honest fleets raise no flag, every injected
//! case is caught, stopped, flagged and reported, and the ledger verifies.

use super::facts::{DeviceFacts, Facts, OperationFacts};
use super::fraud::KINDS;
use super::report::LedgerReport;
use super::write::write;
use super::{HOME, LedgerOptions};
use crate::devices::device::HistoryEntry;
use crate::world::countries::country;

fn h(day: u32, event: &'static str) -> HistoryEntry {
    HistoryEntry {
        day,
        event,
        detail: String::new(),
    }
}

/// 40 devices in four countries; every other one localizes after a few days (with two
/// downloads that day, one failed), the rest roam to the end.
fn fleet() -> Facts {
    let codes = ["DE", "BR", "US", "IN"];
    let mut f = Facts::default();
    for i in 0..40usize {
        let c = country(codes[i % codes.len()]).unwrap();
        let deploy = (i % 7) as u32;
        let mut history = vec![h(deploy, "deployed"), h(deploy, "attached-roaming")];
        let eid = format!("8904903200000000000000000000{i:04}");
        if i % 2 == 0 {
            let day = deploy + 3 + (i % 5) as u32;
            history.extend([
                h(day, "download-failed"),
                h(day, "downloaded"),
                h(day, "localized"),
                h(day, "attached-home"),
            ]);
            f.operations.push(OperationFacts {
                eid: eid.clone(),
                kind: "installation-result",
                reference: format!("89{i:017}"),
                iccid: Some(format!("89{i:017}")),
                outcome: "applied".into(),
                signed_der: Some(vec![0xBF, 0x37, 0x00]),
                operator: Some(c.operators[1]),
            });
        }
        f.devices.push(DeviceFacts {
            index: i,
            eid,
            country: c,
            deploy_day: deploy,
            partner: c.operators[i % 2],
            bootstrap_iccid: format!("8988{i:015}"),
            history,
        });
    }
    f
}

async fn ledger_of(rate: f64) -> (LedgerReport, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let options = LedgerOptions {
        dir: dir.path().join("ledger"),
        fraud_rate: rate,
    };
    let r = write(&fleet(), &options, 7, 90).await.unwrap();
    assert_eq!(r.verification.problems, 0);
    assert_eq!(r.verification.signatures, 2 * r.entries);
    (r, dir)
}

#[tokio::test]
async fn an_honest_fleet_raises_no_flag_and_settles_its_roaming() {
    let (r, _dir) = ledger_of(0.0).await;
    let f = &r.fraud;
    assert_eq!((f.injected, f.caught, f.false_alarms), (0, 0, 0));
    assert!(f.honest_checks > 1000, "{} checks", f.honest_checks);
    assert!(r.settlement.iter().all(|s| s.flags == 0 && s.disputes == 0));
    // Every device roamed at least on its arrival day: each is a roamer of its partner.
    let roamers: u64 = r.settlement.iter().map(|s| s.roamers).sum();
    assert_eq!(roamers, 40);
    // Each device's roaming falls in one or two 30-day windows: $0.50 per roamer-month.
    let months: u64 = r.settlement.iter().map(|s| s.roamer_months).sum();
    assert!((40..=80).contains(&months), "{months} roamer-months");
    assert_eq!(r.clearing_house_total, months * 500_000);
    assert!(r.settled_total > 0);
    assert!(r.settlement.iter().all(|s| s.home == HOME));
}

#[tokio::test]
async fn every_injected_case_is_caught_stopped_and_reported_at_once() {
    let (r, _dir) = ledger_of(1.0).await;
    let f = &r.fraud;
    // One case drawn per device at rate 1; it happens on the first roaming day at least
    // its offset after deployment, never for a device that is home by then.
    assert!(
        f.injected >= 20 && f.injected <= 40,
        "{} injected",
        f.injected
    );
    assert_eq!(f.caught, f.injected);
    assert_eq!(f.stopped, f.injected);
    assert_eq!(f.reported_at_once, f.injected);
    assert_eq!(f.false_alarms, 0);
    assert!(f.charges_avoided > 0);
    assert!(
        f.cases
            .iter()
            .all(|c| c.charges_served == 0 && c.charges_avoided > 0)
    );
    // Every kind is drawn in a fleet of 40 and each is named by its own violation.
    for k in KINDS {
        let row = f.by_kind.iter().find(|r| r.kind == k).unwrap();
        assert!(row.injected > 0, "{k:?} never drawn");
        assert_eq!(row.caught, row.injected);
    }
    let flags: u64 = r.settlement.iter().map(|s| s.flags).sum();
    let bursts = f
        .by_kind
        .iter()
        .find(|r| r.kind == super::fraud::FraudKind::DownloadBurst);
    // Flags of the visited networks are in their logs with the home operator; download
    // bursts in the SM-DP+/eIM operator's.
    assert_eq!(flags + bursts.map_or(0, |b| b.injected), f.injected);
}

#[tokio::test]
async fn some_of_the_fleet_at_a_lower_rate() {
    let (r, _dir) = ledger_of(0.2).await;
    let f = &r.fraud;
    assert!(f.injected > 0 && f.injected < 20, "{}", f.injected);
    assert_eq!(f.caught, f.injected);
    assert_eq!(f.false_alarms, 0);
}
