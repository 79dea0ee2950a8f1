//! The order of the IPA's ES10 calls against our eIM and SM-DP+, seen by a card that
//! records every ES10 request before the eUICC answers it. Where an independent suite tests
//! the order its test is named: osmocom's osmo-ttcn3-hacks `ipad/IPAd_Tests.ttcn` checks the
//! request octets an IPAd sends (`f_es10x_init`, `f_proc_cmn_mtl_auth`).

use std::time::Duration;

use eim::EimHandle;
use euicc_sim::{Es10Error, Es10Processor, Euicc, Sgp32Version};
use ipa::{CardError, Ipa, IpaCard, IpaError, PollOutcome};
use proto::sgp32::StateChangeCause;
use sm_dp::Template;
use tests::Lab;
use tests::lab_eim::{self, Api};

const LOCAL_A: &str = "8949449999999990023";
/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

/// The device's eUICC, every ES10 request kept in order.
struct Recording {
    euicc: Euicc,
    requests: Vec<Vec<u8>>,
}

impl Es10Processor for Recording {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        self.try_process_es10(request).unwrap_or_default()
    }

    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        self.requests.push(request.to_vec());
        self.euicc.try_process_es10(request)
    }

    fn reset(&mut self) {
        self.euicc.reset()
    }
}

impl IpaCard for Recording {
    fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, CardError> {
        Ok(self.try_process_es10(request)?)
    }

    fn pending_state_change(&self) -> Option<StateChangeCause> {
        IpaCard::pending_state_change(&self.euicc)
    }

    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        IpaCard::clear_state_change(&mut self.euicc)
    }
}

/// The tag of each request, in hex (`BF2E` …).
fn tags(requests: &[Vec<u8>]) -> Vec<String> {
    requests
        .iter()
        .map(|r| hex::encode_upper(&r[..r.len().min(2)]))
        .collect()
}

/// A registered fleet device of `eim` and its IPA on a recording card.
async fn device(lab: &Lab, eim: &EimHandle, api: &Api) -> (String, Ipa<Recording>) {
    let euicc = lab_eim::iot_device(lab, eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let card = Recording {
        euicc,
        requests: Vec::new(),
    };
    (
        eid,
        lab_eim::iot_ipa(lab, eim, card, Sgp32Version::V1_2, None),
    )
}

/// A device localized to Germany, its eIM still running.
struct Localized {
    eim: EimHandle,
    api: Api,
    eid: String,
    ipa: Ipa<Recording>,
    /// The ES10 requests of the download's poll.
    requests: Vec<Vec<u8>>,
}

/// Localizes the device to Germany and polls until its download is done; the ES10 requests
/// of the download's poll.
async fn localized(lab: &Lab, indirect: bool) -> Vec<Vec<u8>> {
    let done = localize(lab, indirect).await;
    done.eim.shutdown().await;
    done.requests
}

/// Localizes the device to Germany and polls until its download is done.
async fn localize(lab: &Lab, indirect: bool) -> Localized {
    lab.inventory("de-local-a", Template::Minimal, 1, LOCAL_A)
        .await;
    let eim = lab_eim::start_eim(lab, |c| {
        c.indirect_profile_download = indirect;
        c.localization.targets = lab_eim::german_targets(&["de-local-a"]);
    })
    .await;
    let api = Api::new(lab, &eim);
    let (eid, mut ipa) = device(lab, &eim, &api).await;
    assert_eq!(ipa.eim().indirect_profile_download, indirect);
    api.queue(
        &eid,
        serde_json::json!({"type": "localize", "country": "DE"}),
    )
    .await;
    for _ in 0..200 {
        ipa.card_mut().requests.clear();
        let outcome = ipa.poll(Some(GERMANY)).await.expect("poll");
        if let PollOutcome::Download(d) = outcome {
            assert_eq!(d.installed_iccid.as_deref(), Some(LOCAL_A), "{d:?}");
            assert_eq!(d.indirect, indirect);
            let requests = std::mem::take(&mut ipa.card_mut().requests);
            return Localized {
                eim,
                api,
                eid,
                ipa,
                requests,
            };
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no download")
}

/// SGP.22 v2.5 3.0.1 steps 1-4 (run by SGP.32 v1.2 3.2.3): EUICCInfo1, then the challenge,
/// and nothing between the challenge and AuthenticateServer (IPAd_Tests
/// `f_proc_cmn_mtl_auth`: `BF2000` then `BF2E00`).
fn assert_info1_then_challenge(requests: &[Vec<u8>]) {
    let tags = tags(requests);
    let challenge = tags
        .iter()
        .position(|t| t == "BF2E")
        .unwrap_or_else(|| panic!("no GetEUICCChallenge in {tags:?}"));
    assert!(challenge > 0, "{tags:?}");
    assert_eq!(requests[challenge - 1], [0xBF, 0x20, 0x00], "{tags:?}");
    assert_eq!(requests[challenge], [0xBF, 0x2E, 0x00], "{tags:?}");
    assert_eq!(
        tags[challenge + 1],
        "BF38",
        "AuthenticateServer next: {tags:?}"
    );
    assert_eq!(tags.iter().filter(|t| *t == "BF2E").count(), 1, "{tags:?}");
}

#[tokio::test]
async fn start_up_reads_eid_eim_configuration_then_pending_notifications() {
    let lab = Lab::start().await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let (_, mut ipa) = device(&lab, &eim, &api).await;
    assert_eq!(
        ipa.poll(Some(GERMANY)).await.expect("poll"),
        PollOutcome::NoPackage
    );
    let requests = &ipa.card().requests;
    // IPAd_Tests `f_es10x_init`: ES10c.GetEID, ES10b.GetEimConfigurationData, then
    // ES10b.RetrieveNotificationsList without search criteria (SGP.32 v1.2 3.7 step 1);
    // the eUICC Package Results not yet acknowledged (5.9.11 euiccPackageResults) after.
    let expected: [&[u8]; 4] = [
        &[0xBF, 0x3E, 0x03, 0x5C, 0x01, 0x5A],
        &[0xBF, 0x55, 0x00],
        &[0xBF, 0x2B, 0x00],
        &[0xBF, 0x2B, 0x04, 0xA0, 0x02, 0x82, 0x00],
    ];
    let got: Vec<&[u8]> = requests.iter().map(Vec::as_slice).collect();
    assert_eq!(got, expected, "{:?}", tags(requests));
    eim.shutdown().await;
}

#[tokio::test]
async fn indirect_download_reads_euicc_info1_before_the_challenge() {
    let lab = Lab::start().await;
    let requests = localized(&lab, true).await;
    assert_info1_then_challenge(&requests);
}

#[tokio::test]
async fn direct_download_reads_euicc_info1_before_the_challenge() {
    let lab = Lab::start().await;
    let requests = localized(&lab, false).await;
    assert_info1_then_challenge(&requests);
}

/// SGP.32 v1.2 3.3.1 (IPAd_Tests `TC_proc_euicc_pkg_dwnld_exec`): ES10b.LoadEuiccPackage
/// (steps 3-8), ES10b.RetrieveNotificationsList (step 9), ESipa.ProvideEimPackageResult
/// (10-14), ES10b.RemoveNotificationFromList per acknowledged seqNumber (15-17), and no
/// other ES10 call in the cycle.
#[tokio::test]
async fn an_euicc_package_ends_with_the_removal_of_what_the_eim_acknowledged() {
    let lab = Lab::start().await;
    let mut done = localize(&lab, true).await;
    let request = serde_json::json!({
        "type": "enable", "iccid": lab_eim::BOOTSTRAP, "rollback": false
    });
    done.api.queue(&done.eid, request).await;
    // the localization's own enable of the local profile may come first: every package's
    // cycle is checked, until the one asked for here
    let ipa = &mut done.ipa;
    let mut packages = 0;
    for _ in 0..200 {
        ipa.card_mut().requests.clear();
        let package = match ipa.poll(Some(GERMANY)).await.expect("poll") {
            PollOutcome::Package(p) => p,
            PollOutcome::NoPackage => {
                tokio::time::sleep(Duration::from_millis(25)).await;
                continue;
            }
            other => panic!("{other:?}"),
        };
        packages += 1;
        let removed = &package.delivery.removed;
        assert!(!removed.is_empty(), "the eIM acknowledged: {package:?}");
        let mut expected = vec!["BF51".to_string(), "BF2B".to_string()];
        expected.extend(removed.iter().map(|_| "BF30".to_string()));
        assert_eq!(tags(&ipa.card().requests), expected);
        if package.enabled_by_package.as_deref() == Some(lab_eim::BOOTSTRAP) {
            break;
        }
    }
    assert!(packages > 0 && packages <= 2, "{packages} packages");
    let enabled = ipa.enabled_iccid().expect("ES10c.GetProfilesInfo");
    assert_eq!(enabled.as_deref(), Some(lab_eim::BOOTSTRAP));
    done.eim.shutdown().await;
}
