//! The eIM configuration data the eIM hands out for ES10b.AddInitialEim (SGP.32 v1.2
//! 2.11.1.1.1), by the library ([`eim::Fleet::eim_configuration`]) and the operator API
//! (`GET /v1/eim`): `indirectProfileDownload` is present only when the eIM is configured
//! for downloads through it; by default devices download from the SM-DP+ themselves.

use eim_testkit as support;

use proto::der::{Asn1, Null};
use proto::sgp32::EimConfigurationData;
use support::{Lab, unb64};

/// The configuration data as `GET /v1/eim` serves it, and the flag next to it.
async fn served(lab: &Lab) -> (EimConfigurationData, serde_json::Value) {
    let (status, v) = lab.api.get("/v1/eim").await;
    assert_eq!(status, 200, "{v}");
    let der = unb64(&v["eimConfigurationData"]);
    let data = EimConfigurationData::from_der(&der).expect("EimConfigurationData");
    assert_eq!(data.to_der(), der, "DER round trip");
    (data, v["indirectProfileDownload"].clone())
}

#[tokio::test]
async fn sgp32_2_11_1_1_1_direct_download_by_default() {
    let lab = Lab::start().await;
    let data = lab.fleet().eim_configuration(0);
    assert_eq!(data.indirect_profile_download, None);
    assert_eq!(data.counter_value, Some(0));
    let (served_data, flag) = served(&lab).await;
    assert_eq!(served_data, data);
    assert_eq!(flag, false);
    lab.eim_shutdown().await;
}

#[tokio::test]
async fn sgp32_2_11_1_1_1_indirect_download_when_configured() {
    let lab = Lab::start_with(|c| c.indirect_profile_download = true).await;
    let data = lab.fleet().eim_configuration(0);
    assert_eq!(data.indirect_profile_download, Some(Null));
    let (served_data, flag) = served(&lab).await;
    assert_eq!(served_data, data);
    assert_eq!(flag, true);
    // indirectProfileDownload [9] NULL: the last component, '89 00'.
    assert!(served_data.to_der().ends_with(&[0x89, 0x00]));
    lab.eim_shutdown().await;
}
