//! SGP.22 5.9.1 ES12.RegisterEvent: over mutual TLS, the SM-DP+ named by its CERT.DP.TLS.

use crate::support::{EID, Lab, SMDP, code, executed, is};

/// A registered event is stored once; registering it again is "8.9.5 Event Record / 3.3
/// Already in use".
#[tokio::test]
async fn sgp22_5_9_1_register_then_duplicate_is_already_in_use() {
    let lab = Lab::start().await;
    let dp = lab.smdp();
    let v = dp.register(EID, SMDP, "EVENT-1").await;
    assert!(executed(&v), "{v}");
    let again = dp.register(EID, SMDP, "EVENT-1").await;
    assert!(is(&again, "8.9.5", "3.3"), "{again}");
    assert_eq!(lab.smds.event_count().await.unwrap(), 1);
    lab.smds.shutdown().await;
}

/// A malformed EID (check digits) is "8.1.1 EID / 2.1 Invalid"; a missing member
/// "1.3.1 / 2.2"; a body that is not JSON "1.3.1 / 2.1"; nothing is stored.
#[tokio::test]
async fn sgp22_5_9_1_malformed_requests_are_refused_with_their_codes() {
    let lab = Lab::start().await;
    let dp = lab.smdp();
    let bad_eid = dp
        .register("89049032123451234512345678901234", SMDP, "E")
        .await;
    assert!(is(&bad_eid, "8.1.1", "2.1"), "{bad_eid}");
    let missing = dp
        .json(
            "/gsma/rsp2/es12/registerEvent",
            serde_json::json!({"header": {"functionRequesterIdentifier": "t", "functionCallIdentifier": "1"}, "eid": EID}),
        )
        .await;
    assert!(is(&missing, "1.3.1", "2.2"), "{missing}");
    let (status, body) = dp
        .post(
            "/gsma/rsp2/es12/registerEvent",
            "application/json",
            b"{not json".to_vec(),
        )
        .await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(is(&v, "1.3.1", "2.1"), "{v}");
    let long = "x".repeat(300);
    let v = dp.register(EID, SMDP, &long).await;
    assert!(is(&v, "1.3.1", "2.1"), "{v}");
    assert_eq!(lab.smds.event_count().await.unwrap(), 0);
    lab.smds.shutdown().await;
}

/// An SM-DP+ registers events that send eUICCs to itself: another host is "8.8.1 SM-DP+
/// Address / 3.8 Refused" (an SM-DS forwarding over ES15 may name any SM-DP+).
#[tokio::test]
async fn sgp22_5_9_1_an_smdp_names_only_its_own_address() {
    let lab = Lab::start().await;
    let v = lab.smdp().register(EID, "elsewhere.test", "E").await;
    assert!(is(&v, "8.8.1", "3.8"), "{v}");
    let v = lab
        .smdp()
        .register(EID, "SMDP.rsp-lab.test:8443", "E")
        .await;
    assert!(executed(&v), "{v}");
    let v = lab
        .alternative_smds()
        .register(EID, "elsewhere.test", "E")
        .await;
    assert!(executed(&v), "{v}");
    lab.smds.shutdown().await;
}

/// A flood of registrations for one EID stops at `max_events_per_eid` with "8.1.1 EID /
/// 3.8 Refused": the table stays bounded; other EIDs are unaffected.
#[tokio::test]
async fn a_flood_of_registrations_for_one_eid_is_capped() {
    let lab = Lab::start_with(|c| c.policy.max_events_per_eid = 3).await;
    let dp = lab.smdp();
    for i in 0..3 {
        assert!(executed(&dp.register(EID, SMDP, &format!("E{i}")).await));
    }
    for i in 3..10 {
        let v = dp.register(EID, SMDP, &format!("E{i}")).await;
        assert_eq!(code(&v), ("8.1.1".into(), "3.8".into()), "{v}");
    }
    let other = "89049032000000000000000000000163";
    assert!(executed(&dp.register(other, SMDP, "E0").await));
    assert_eq!(lab.smds.event_count().await.unwrap(), 4);
    lab.smds.shutdown().await;
}

/// Without a client certificate the TLS handshake of the ES12 listener fails (mutual TLS):
/// nobody registers anonymously.
#[tokio::test]
async fn es12_needs_a_client_certificate() {
    let lab = Lab::start().await;
    let anonymous = crate::support::Client::anonymous(lab.smds.es12_addr());
    assert!(
        anonymous
            .try_post("/gsma/rsp2/es12/registerEvent")
            .await
            .is_err()
    );
    lab.smds.shutdown().await;
}
