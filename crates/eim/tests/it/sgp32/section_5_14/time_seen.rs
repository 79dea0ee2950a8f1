//! The time a device was last seen (SGP.32 v1.2 5.14.5): a poll that brings nothing is
//! answered without the eIM's writer and its time seen written in a batch
//! (`eim::engine::seen`); the time is shown at once and kept across a restart.

use eim_testkit as support;

use eim::Clock;
use proto::sgp32::{EimPackageError, GetEimPackageResponse};
use support::{Lab, TestEuicc};

#[tokio::test]
async fn sgp32_5_14_5_the_time_an_idle_device_was_seen_is_shown_and_kept_across_a_restart() {
    // An idle poll is answered without the writer; the time seen is written in batches and
    // at shutdown, and shown at once.
    let mut lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let last_seen = |d: &serde_json::Value| d["lastSeen"].as_i64();
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(last_seen(&d), None, "never polled: {d}");

    let first = lab.clock.now_ms();
    for _ in 0..2 {
        assert_eq!(
            lab.ipa.poll_eid(e.eid_bcd()).await,
            GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
        );
    }
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(last_seen(&d), Some(first), "{d}");

    lab.clock.advance_days(3);
    let later = lab.clock.now_ms();
    lab.ipa.poll_eid(e.eid_bcd()).await;
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(last_seen(&d), Some(later), "{d}");
    let page = lab.fleet().device_page(&Default::default()).await.unwrap();
    assert_eq!(page.rows[0].last_seen, Some(later), "the device list too");

    lab.restart(|_| {}).await;
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(last_seen(&d), Some(later), "written at shutdown: {d}");
}
