//! A mixed fleet: one eIM localizes an SGP.32 v1.0, a v1.2 and a v1.3 device side by
//! side. Each IPA speaks its own generation on the wire (v1.0: results without EID or
//! eimTransactionId, the notification list at `[43]`; v1.3: v1.2's octets); the eIM tells
//! them apart per request (v1.3 by the eUICC's declared `iotVersion`) and settles all the
//! same way: profile downloaded through the SM-DP+, enabled with rollback allowed, the
//! signed result verified and acknowledged, the device recorded as localized.
//!
//! All on loopback with real TLS; the three roles meet only on the wire.

use euicc_sim::Sgp32Version;
use euicc_sim::state::ProfileStatus;
use ipa::PollOutcome;
use serde_json::json;
use sm_dp::Template;
use tests::Lab;
use tests::lab_eim::{self, Api, BOOTSTRAP};

/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];
const LOCAL: &str = "8949449999999990031";

#[tokio::test]
async fn sgp32_v1_0_v1_2_and_v1_3_devices_are_localized_by_one_eim() {
    let lab = Lab::start().await;
    lab.inventory("de-local", Template::Minimal, 3, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |c| {
        c.localization.targets = lab_eim::german_targets(&["de-local"]);
    })
    .await;
    let api = Api::new(&lab, &eim);

    for (n, version) in [
        (1, Sgp32Version::V1_0),
        (2, Sgp32Version::V1_2),
        (3, Sgp32Version::V1_3),
    ] {
        let euicc = lab_eim::iot_device_numbered(&lab, &eim, version, n);
        api.register(&euicc, true).await;
        let eid = euicc.eid().to_string();
        let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, version, None);

        // The eIM learns the eUICC's data first: its EUICCInfo2 declares the version.
        let (status, v) = api
            .call(
                "POST",
                &format!("/v1/devices/{eid}/operations"),
                Some(json!({"type": "euiccData"})),
            )
            .await;
        assert_eq!(status, 202, "{v}");
        let op = v["id"].as_str().expect("operation id").to_string();
        let (settled, _) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
        assert_eq!(settled["state"], "done", "{version:?}: {settled}");

        let (status, v) = api
            .call(
                "POST",
                &format!("/v1/devices/{eid}/operations"),
                Some(json!({"type": "localize", "country": "DE"})),
            )
            .await;
        assert_eq!(status, 202, "{v}");
        let op = v["id"].as_str().expect("operation id").to_string();
        let (settled, outcomes) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
        assert_eq!(settled["state"], "done", "{version:?}: {settled}");
        let iccid = settled["result"]["iccid"]
            .as_str()
            .expect("the localized ICCID")
            .to_string();
        assert!(
            outcomes
                .iter()
                .any(|o| matches!(o, PollOutcome::Package(_))),
            "{version:?}: the device executed a package: {outcomes:?}"
        );

        // The card holds the local profile enabled and the bootstrap as fallback.
        let card = ipa.card().state();
        let local = card.profile_by_iccid(&iccid).expect("downloaded");
        assert_eq!(local.state, ProfileStatus::Enabled, "{version:?}");
        assert!(
            card.profile_by_iccid(BOOTSTRAP)
                .expect("bootstrap")
                .fallback_attribute
        );
        // Every result was acknowledged, so the eUICC removed them.
        assert!(card.iot.package_results.is_empty(), "{version:?}");

        // The eIM's record agrees, and it learnt the generation the device speaks.
        let (_, d) = api.call("GET", &format!("/v1/devices/{eid}"), None).await;
        assert_eq!(d["enabledIccid"], iccid.as_str(), "{version:?}: {d}");
        assert_eq!(d["localizedCountry"], "DE", "{version:?}: {d}");
        assert_eq!(d["sgp32Version"], version.to_string(), "{d}");
    }
    eim.shutdown().await;
}
