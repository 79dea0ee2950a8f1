//! `Fleet::snapshot`, the whole-fleet read the lab checks its end state with: every device
//! with what the eIM learnt from its polls, read without the certificate and EUICCInfo
//! octets (about 2 KiB per device a 100,000-device check does not need), which stay
//! stored.

use eim_testkit as support;

use support::{Lab, TestEuicc};

fn eid(n: u64) -> String {
    proto::ids::Eid::from_prefix(&format!("8904903212345123451234567{n:05}"))
        .unwrap()
        .as_str()
        .to_string()
}

#[tokio::test]
async fn the_snapshot_has_every_device_and_what_it_reported_but_not_its_octets() {
    let lab = Lab::start().await;
    let polled = TestEuicc::issue(&lab.pki, &eid(1), 1);
    let silent = TestEuicc::issue(&lab.pki, &eid(2), 1);
    for e in [&polled, &silent] {
        lab.register(e).await;
    }
    // France 208-01.
    lab.ipa
        .poll_from(polled.eid_bcd(), [0x02, 0xF8, 0x10])
        .await;

    let fleet = lab.fleet();
    let snapshot = fleet.snapshot().await.unwrap();
    let eids: Vec<&str> = snapshot.iter().map(|s| s.device.eid.as_str()).collect();
    let mut expected = vec![polled.eid.as_str(), silent.eid.as_str()];
    expected.sort();
    assert_eq!(eids, expected);
    for s in &snapshot {
        assert_eq!(s.device.euicc_cert, None, "{}", s.device.eid);
        assert_eq!(s.device.eum_cert, None, "{}", s.device.eid);
        let stored = fleet.device(&s.device.eid).await.unwrap();
        assert!(
            stored.has_certificates,
            "{}: certificates lost",
            s.device.eid
        );
        assert_eq!(s.device.last_country, stored.device.last_country);
        assert_eq!(s.device.enabled_iccid, stored.device.enabled_iccid);
    }
    let polled_row = snapshot
        .iter()
        .find(|s| s.device.eid == polled.eid)
        .unwrap();
    assert_eq!(polled_row.device.last_country.as_deref(), Some("FR"));
    assert_eq!(polled_row.device.last_plmn.as_deref(), Some("208-01"));

    // Page by page: each device once, in EID order, then an empty page.
    let first = fleet.snapshot_page(None, 1).await.unwrap();
    let second = fleet
        .snapshot_page(Some(&first[0].device.eid), 1)
        .await
        .unwrap();
    let rest = fleet
        .snapshot_page(Some(&second[0].device.eid), 1)
        .await
        .unwrap();
    assert_eq!(
        [first[0].device.eid.as_str(), second[0].device.eid.as_str()],
        expected[..]
    );
    assert!(rest.is_empty(), "{rest:?}");
    assert_eq!(second[0], snapshot[1]);
}
