//! The IPA polling the eIM over CoAP on DTLS (SGP.32's CoAP binding of ESipa): an eUICC
//! Package delivered, executed by the software eUICC and acknowledged, with the device's
//! PSK and with the eIM's certificate; a device with another key polls nothing.

use std::time::Duration;

use certs::CertRole;
use eim::{EimHandle, EsipaCoap};
use euicc_sim::{Euicc, Sgp32Version};
use infra::tls::ServerTrust;
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions, PollOutcome};
use serde_json::json;
use tests::Lab;
use tests::lab_eim::{self, Api};

const IDENTITY: &[u8] = b"device-coap-1";
const KEY: &[u8] = b"0123456789abcdef";

/// An eIM serving ESipa over CoAP/DTLS too, knowing the device's PSK.
async fn eim(lab: &Lab) -> EimHandle {
    lab_eim::start_eim(lab, |c| {
        c.esipa_coap = Some(EsipaCoap {
            listen: "127.0.0.1:0".parse().unwrap(),
            psks: [(IDENTITY.to_vec(), KEY.to_vec())].into(),
        });
    })
    .await
}

/// The device's IPA, polling `coaps://<eIM host>:<port>` with `psk` (or the eIM's
/// certificate, chaining to the lab CI, without).
fn ipa(
    lab: &Lab,
    eim: &EimHandle,
    euicc: Euicc,
    psk: Option<&[u8]>,
    timeout: Duration,
) -> Ipa<Euicc> {
    let ci = lab.pki.require(CertRole::Ci).expect("CI").cert_der.clone();
    let host = lab_eim::eim_host(eim);
    let addr = eim.esipa_coap_addr().expect("CoAP listens");
    let esipa = EsipaOptions {
        resolve: vec![(host.clone(), addr)],
        timeout,
        psk: psk.map(|k| (IDENTITY.to_vec(), k.to_vec())),
        ..EsipaOptions::new(ServerTrust::roots(vec![ci]))
    };
    let mut lpa = lab.lpa_options();
    lpa.process_notifications = false;
    let options = IpaOptions {
        lpa,
        eim_url: Some(format!("coaps://{host}:{}", addr.port())),
        sgp32: Sgp32Version::V1_2,
        ..IpaOptions::default()
    };
    Ipa::new(euicc, EsipaClient::new(&esipa).expect("client"), options).expect("IPA")
}

/// Queues listProfiles for the device and polls once: the package's outcome.
async fn one_package(
    api: &Api,
    eid: &str,
    ipa: &mut Ipa<Euicc>,
) -> Result<PollOutcome, ipa::IpaError> {
    let op = api.queue(eid, json!({"type": "listProfiles"})).await;
    let outcome = ipa.poll(None).await;
    if outcome.is_ok() {
        assert_eq!(api.operation(&op).await["state"], "done");
    }
    outcome
}

#[tokio::test]
async fn the_ipa_polls_over_coap_dtls_with_its_psk_and_with_the_eims_certificate() {
    let lab = Lab::start().await;
    let eim = eim(&lab).await;
    let api = Api::new(&lab, &eim);
    for (n, psk) in [(1, Some(KEY)), (2, None)] {
        let euicc = lab_eim::iot_device_numbered(&lab, &eim, Sgp32Version::V1_2, n);
        api.register(&euicc, true).await;
        let eid = euicc.eid().to_string();
        let mut ipa = ipa(&lab, &eim, euicc, psk, Duration::from_secs(20));
        let Ok(PollOutcome::Package(p)) = one_package(&api, &eid, &mut ipa).await else {
            panic!("no package over CoAP (PSK: {})", psk.is_some());
        };
        assert_eq!(p.delivery.removed, p.delivery.acknowledged, "{p:?}");
        assert!(
            !p.delivery.acknowledged.is_empty(),
            "the result acknowledged"
        );
        assert_eq!(ipa.poll(None).await.unwrap(), PollOutcome::NoPackage);
    }
    eim.shutdown().await;
}

#[tokio::test]
async fn a_device_with_another_key_gets_nothing() {
    let lab = Lab::start().await;
    let eim = eim(&lab).await;
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    // the handshake gets no answer (DTLS drops what does not authenticate): the IPA gives
    // up after its ESipa timeout
    let key = Some(b"fedcba9876543210".as_slice());
    let mut ipa = ipa(&lab, &eim, euicc, key, Duration::from_secs(3));
    let failed = one_package(&api, &eid, &mut ipa).await;
    assert!(
        matches!(failed, Err(ipa::IpaError::Connection { .. })),
        "{failed:?}"
    );
    eim.shutdown().await;
}
