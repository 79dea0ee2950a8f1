//! SGP.02 5.5 (ES4.Handle*Notification): a profile an operator did not ask to change is
//! notified to it, POSTed to its `[operators.<MNO-ID>] notify_url` over HTTPS with the
//! SM-SR's client certificate, and kept and tried again until the operator answers 2xx.

use std::time::Duration;

use sm_sr::es5::NotificationType;
use soap::envelope::Envelope;
use soap::es4::Es4Callback;

use super::es4_async::{WITHIN, free_port, requester_on};
use super::notification::{card_answers, notification};
use crate::support::{AID2, EID, Lab, P1, P2, tls_host};

/// Operator A enables P2: P1, which it did not name, is disabled by the card.
async fn p1_disabled_by_p2(lab: &Lab) {
    lab.enable_p2().await;
    card_answers(lab, "9000").await;
    let n = notification(NotificationType::ProfileChangeSucceeded, 1, AID2);
    lab.smsr.default_notification(EID, &n).await.unwrap();
}

/// The notifications owed to operators (ES4).
async fn owed_es4(lab: &Lab) -> Vec<sm_sr::MnoNotification> {
    let owed = lab.smsr.owed_notifications().await.unwrap();
    owed.into_iter()
        .filter(|n| n.interface == sm_sr::NotifyInterface::Es4)
        .collect()
}

/// Waits (within [`WITHIN`]) until the notifications owed to operators satisfy `want`.
async fn owed_reach(lab: &Lab, want: impl Fn(&[sm_sr::MnoNotification]) -> bool) {
    let wait = async {
        loop {
            if want(&owed_es4(lab).await) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WITHIN, wait)
        .await
        .expect("owed notifications");
}

fn assert_p1_disabled(body: &str) {
    let env = Envelope::decode(body.as_bytes()).unwrap();
    assert_eq!(
        env.addressing.from.as_ref().map(|f| f.address.as_str()),
        Some("smsr-test")
    );
    let Ok(Es4Callback::ProfileDisabled(n)) = Es4Callback::decode(&env) else {
        panic!("not a HandleProfileDisabledNotification: {body}");
    };
    assert_eq!((n.eid.as_ref(), n.iccid.as_ref()), (EID, P1));
    assert!(n.completion_timestamp.ends_with('Z'), "{body}");
}

#[tokio::test]
async fn the_operator_receives_its_notification_over_https() {
    let addr = free_port();
    let url = format!("https://{}:{}/cb", tls_host(), addr.port());
    let mut mno = requester_on(addr).await;
    let lab = Lab::with_operator_endpoint("mno-a", &url).await;
    p1_disabled_by_p2(&lab).await;
    let body = tokio::time::timeout(WITHIN, mno.bodies.recv()).await;
    assert_p1_disabled(&body.expect("the notification").unwrap());
    owed_reach(&lab, <[_]>::is_empty).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_operator_down_gets_its_notification_when_it_comes_up() {
    let addr = free_port();
    let url = format!("https://{}:{}/cb", tls_host(), addr.port());
    let lab = Lab::with_operator_endpoint("mno-a", &url).await;
    p1_disabled_by_p2(&lab).await;
    owed_reach(&lab, |o| o.len() == 1 && o[0].attempts >= 2).await;
    let mut mno = requester_on(addr).await;
    let body = tokio::time::timeout(WITHIN, mno.bodies.recv()).await;
    assert_p1_disabled(&body.expect("the notification").unwrap());
    owed_reach(&lab, <[_]>::is_empty).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_operator_without_an_endpoint_is_not_called_and_stays_owed() {
    let addr = free_port();
    let url = format!("https://{}:{}/cb", tls_host(), addr.port());
    let lab = Lab::with_operator_endpoint("mno-b", &url).await;
    p1_disabled_by_p2(&lab).await;
    let owed = owed_es4(&lab).await;
    assert_eq!((owed.len(), owed[0].recipient.as_str()), (1, "mno-a"));
    let lab = lab.restart().await;
    let owed = owed_es4(&lab).await;
    assert_eq!(owed[0].attempts, 0, "never tried: mno-a has no notify_url");
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn sgp02_5_4_the_sm_dp_of_the_profile_receives_its_es3_notification() {
    let addr = free_port();
    let url = format!("https://{}:{}/cb", tls_host(), addr.port());
    let mut dp = requester_on(addr).await;
    let lab = Lab::with_smdp_endpoint("dp", &url).await;
    p1_disabled_by_p2(&lab).await;
    // The SM-DP downloaded both: P1 disabled, and P2 enabled by its operator (who asked,
    // and has the response; the SM-DP did not).
    let mut told = Vec::new();
    for _ in 0..2 {
        let body = tokio::time::timeout(WITHIN, dp.bodies.recv()).await;
        let body = body.expect("the notification").unwrap();
        let env = Envelope::decode(body.as_bytes()).unwrap();
        told.push(match soap::es3::Es3Callback::decode(&env) {
            Ok(soap::es3::Es3Callback::ProfileDisabled(n)) => ("disabled", n),
            Ok(soap::es3::Es3Callback::ProfileEnabled(n)) => ("enabled", n),
            _ => panic!("not an ES3 profile notification: {body}"),
        });
    }
    told.sort_by(|a, b| a.0.cmp(b.0));
    let told: Vec<_> = told
        .iter()
        .map(|(f, n)| (*f, n.eid.as_ref(), n.iccid.as_ref()))
        .collect();
    assert_eq!(told, [("disabled", EID, P1), ("enabled", EID, P2)]);
    // Delivered: only the operator's (no endpoint) stays owed.
    let wait = async {
        loop {
            let owed = lab.smsr.owed_notifications().await.unwrap();
            if owed
                .iter()
                .all(|n| n.interface == sm_sr::NotifyInterface::Es4)
            {
                return owed.len();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    let left = tokio::time::timeout(WITHIN, wait)
        .await
        .expect("ES3 delivered");
    assert_eq!(left, 1);
    lab.smsr.shutdown().await;
}
