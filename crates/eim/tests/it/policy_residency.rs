//! The localization policy on the eIM's clock: residency comes from the rPLMN a device
//! reports in GetEimPackage (MCC → country), the country rule decides when, and the
//! configured profile types make the localize operation. The lab advances the clock by
//! simulated days.

use eim_testkit as support;

use std::collections::BTreeMap;

use eim::{OperationRequest, Target};
use support::{Lab, TestEuicc};

fn eid(n: u64) -> String {
    proto::ids::Eid::from_prefix(&format!("8904903212345123451234567{n:05}"))
        .unwrap()
        .as_str()
        .to_string()
}

async fn report(lab: &Lab, e: &TestEuicc, plmn: [u8; 3]) {
    lab.ipa.poll_from(e.eid_bcd(), plmn).await;
}

fn targets() -> BTreeMap<String, Vec<Target>> {
    ["CN", "TR", "FR"]
        .into_iter()
        .map(|c| {
            (
                c.to_string(),
                vec![Target {
                    profile_type: format!("{}-local", c.to_lowercase()),
                    operator: None,
                }],
            )
        })
        .collect()
}

#[tokio::test]
async fn policy_localizes_by_country_rule_and_residency_days() {
    let lab = Lab::start_with(|c| c.localization.targets = targets()).await;
    let cn = TestEuicc::issue(&lab.pki, &eid(1), 1);
    let tr = TestEuicc::issue(&lab.pki, &eid(2), 1);
    let fr = TestEuicc::issue(&lab.pki, &eid(3), 1);
    let br = TestEuicc::issue(&lab.pki, &eid(4), 1);
    for e in [&cn, &tr, &fr, &br] {
        lab.register(e).await;
    }
    // China 460-00, Türkiye 286-01, France 208-01, Brazil 724-05.
    report(&lab, &cn, [0x64, 0xF0, 0x00]).await;
    report(&lab, &tr, [0x82, 0xF6, 0x10]).await;
    report(&lab, &fr, [0x02, 0xF8, 0x10]).await;
    report(&lab, &br, [0x27, 0xF4, 0x50]).await;
    let fleet = lab.fleet();
    // Day 0: China forbids permanent roaming, localize now; Brazil too, but no profile type
    // is configured for it; Türkiye waits 90 days; France never.
    let queued = fleet.evaluate_policy().await.unwrap();
    let eids: Vec<&str> = queued.iter().map(|o| o.eid.as_str()).collect();
    assert_eq!(eids, vec![cn.eid.as_str()]);
    assert_eq!(queued[0].country.as_deref(), Some("CN"));
    assert_eq!(queued[0].requester, "policy");
    // Running again queues nothing new: one localization at a time.
    let again = fleet.evaluate_policy().await.unwrap();
    assert!(
        again.is_empty(),
        "{again:?} {:?}",
        fleet.operations(&cn.eid).await.unwrap()
    );
    lab.clock.advance_days(89);
    report(&lab, &tr, [0x82, 0xF6, 0x10]).await;
    // (China's localization failed for want of an SM-DP+ and is retried after a week.)
    let queued = fleet.evaluate_policy().await.unwrap();
    assert!(
        queued.iter().all(|o| o.eid != tr.eid),
        "day 89 in Türkiye: wait"
    );
    lab.clock.advance_days(1);
    let queued = fleet.evaluate_policy().await.unwrap();
    let eids: Vec<&str> = queued.iter().map(|o| o.eid.as_str()).collect();
    assert_eq!(eids, vec![tr.eid.as_str()], "day 90 in Türkiye: localize");
    let v = fleet.device(&tr.eid).await.unwrap();
    assert_eq!(v.residency_days, Some(90));
    assert_eq!(v.device.last_country.as_deref(), Some("TR"));
    // France: years later, still roaming.
    lab.clock.advance_days(2000);
    let queued = fleet.evaluate_policy().await.unwrap();
    assert!(queued.iter().all(|o| o.eid != fr.eid && o.eid != br.eid));
}

#[tokio::test]
async fn policy_residency_restarts_when_the_device_changes_country() {
    let lab = Lab::start_with(|c| c.localization.targets = targets()).await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    report(&lab, &e, [0x82, 0xF6, 0x10]).await; // TR
    lab.clock.advance_days(60);
    report(&lab, &e, [0x82, 0xF6, 0x20]).await; // TR, another network
    lab.clock.advance_days(20);
    report(&lab, &e, [0x02, 0xF8, 0x10]).await; // FR
    lab.clock.advance_days(20);
    report(&lab, &e, [0x82, 0xF6, 0x10]).await; // back in TR: residency starts again
    let v = lab.fleet().device(&e.eid).await.unwrap();
    assert_eq!(v.residency_days, Some(0));
    assert_eq!(v.locations.len(), 4, "{:?}", v.locations);
    lab.clock.advance_days(89);
    assert!(lab.fleet().evaluate_policy().await.unwrap().is_empty());
}

/// Runs the engine until operation `id` ends in error (no SM-DP+ is configured, so every
/// order fails).
async fn run_until_error(lab: &Lab, id: &str) {
    for _ in 0..100 {
        lab.fleet().run_engine().await.unwrap();
        let op = lab.fleet().operation(id).await.unwrap();
        if op.operation.state == eim::OperationState::Error {
            assert!(op.operation.error.unwrap().contains("no ES2+ client"));
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("operation {id} did not end in error");
}

#[tokio::test]
async fn policy_on_poll_when_enabled_and_retry_after_a_failure() {
    let lab = Lab::start_with(|c| {
        c.localization.targets = targets();
        c.localization.enabled = true;
        c.localization.retry_after_days = 3;
        c.localization.max_failed = 2;
    })
    .await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    // The poll itself queues the localization (enabled), China: at once.
    report(&lab, &e, [0x64, 0xF0, 0x00]).await;
    let ops = lab.fleet().operations(&e.eid).await.unwrap();
    let loc: Vec<_> = ops.iter().filter(|o| o.kind == "localize").collect();
    assert_eq!(loc.len(), 1);
    // No SM-DP+ is configured: the order fails and the operation ends in error.
    run_until_error(&lab, &loc[0].id).await;
    // Not again before retry_after_days, then again.
    lab.clock.advance_days(2);
    assert!(lab.fleet().evaluate_policy().await.unwrap().is_empty());
    lab.clock.advance_days(2);
    let again = lab.fleet().evaluate_policy().await.unwrap();
    assert_eq!(again.len(), 1);
    // The second failure in a row is the last the policy tries (max_failed = 2).
    run_until_error(&lab, &again[0].id).await;
    lab.clock.advance_days(30);
    assert!(lab.fleet().evaluate_policy().await.unwrap().is_empty());
    // The operator can still localize by hand.
    let r = lab
        .fleet()
        .queue(
            &e.eid,
            &OperationRequest::Localize {
                country: Some("CN".into()),
                targets: vec![],
            },
        )
        .await;
    assert!(r.is_ok(), "{r:?}");
}

#[tokio::test]
async fn policy_on_poll_localizes_a_device_that_reports_nothing_new() {
    // A poll that reports the same network is answered on a reader unless the policy finds
    // a localization due: the 90th day in Türkiye must still queue it from the poll.
    let lab = Lab::start_with(|c| {
        c.localization.targets = targets();
        c.localization.enabled = true;
    })
    .await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let localizations = || async {
        let ops = lab.fleet().operations(&e.eid).await.unwrap();
        ops.into_iter().filter(|o| o.kind == "localize").count()
    };
    report(&lab, &e, [0x82, 0xF6, 0x10]).await; // TR: residency starts
    lab.clock.advance_days(89);
    report(&lab, &e, [0x82, 0xF6, 0x10]).await;
    assert_eq!(localizations().await, 0, "day 89 in Türkiye: wait");
    lab.clock.advance_days(1);
    report(&lab, &e, [0x82, 0xF6, 0x10]).await;
    assert_eq!(localizations().await, 1, "day 90, same network: localize");
    let v = lab.fleet().device(&e.eid).await.unwrap();
    assert_eq!(
        v.locations.len(),
        1,
        "one network reported: {:?}",
        v.locations
    );
}
