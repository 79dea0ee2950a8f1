//! ESipa over CoAP on DTLS with libcoap's `coap-client` (Debian `libcoap3-bin`, an
//! independent CoAP/DTLS implementation) as the IPA's transport: the eUICC Package exchange
//! of SGP.32 v1.2 5.14.5/5.14.6 in the ASN.1 binding's messages, POSTed to
//! `/gsma/rsp2/asn1` with the device's PSK; a device without the key gets no answer.
//! Skipped with a notice where the tool is missing (CI installs it).

use std::path::Path;

use eim_testkit as support;
use proto::der::Asn1;
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse, ProvideEimPackageResult, ProvideEimPackageResultResponse,
    SequenceNumber,
};
use serde_json::json;
use support::{Lab, TestEuicc};

const TOOL: &str = "coap-client-openssl";
const IDENTITY: &str = "device-7";
/// The device's PSK (libcoap's `-k` takes the key's octets as text).
const KEY: &str = "coap-psk-device7";

fn installed() -> bool {
    let found = std::process::Command::new(TOOL).arg("-h").output().is_ok();
    if !found {
        eprintln!("notice: no {TOOL} (Debian libcoap3-bin); the CoAP test is skipped");
    }
    found
}

/// POSTs `message` over coaps:// with the PSK `(identity, key)`; the answer, if any.
async fn post(
    dir: &Path,
    url: &str,
    (identity, key): (&str, &str),
    message: &EsipaMessageFromIpaToEim,
) -> Option<EsipaMessageFromEimToIpa> {
    let (input, output) = (dir.join("in.der"), dir.join("out.der"));
    std::fs::write(&input, message.to_der()).unwrap();
    let _ = std::fs::remove_file(&output);
    let args = [
        "-m",
        "post",
        "-B",
        "5",
        "-b",
        "256",
        "-u",
        identity,
        "-k",
        key,
        "-f",
        &input.display().to_string(),
        "-o",
        &output.display().to_string(),
        url,
    ];
    tokio::process::Command::new(TOOL)
        .args(args)
        .output()
        .await
        .expect("coap-client runs");
    let answer = std::fs::read(&output).ok()?;
    Some(EsipaMessageFromEimToIpa::from_der(&answer).expect("an ESipa answer"))
}

#[tokio::test]
async fn sgp32_esipa_over_coap_dtls_carries_the_package_exchange() {
    if !installed() {
        return;
    }
    let psks = [(IDENTITY.as_bytes().to_vec(), KEY.as_bytes().to_vec())].into();
    let lab = Lab::start_with(|c| {
        c.esipa_coap = Some(eim::EsipaCoap {
            listen: "127.0.0.1:0".parse().unwrap(),
            psks,
        })
    })
    .await;
    let addr = lab.eim().esipa_coap_addr().expect("CoAP listens");
    let url = format!("coaps://{addr}/gsma/rsp2/asn1");
    let dir = tempfile::tempdir().unwrap();
    let psk = (IDENTITY, KEY);

    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let poll = EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
        eid_value: e.eid_bcd(),
        ..GetEimPackageRequest::default()
    });
    let Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(
        GetEimPackageResponse::EuiccPackageRequest(req),
    )) = post(dir.path(), &url, psk, &poll).await
    else {
        panic!("no eUICC Package over CoAP");
    };
    assert!(e.eim_signature_ok(&req), "signed with CERT.EIM.ECDSA");
    let result = e.execute(&req);
    let provide = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: Some(e.eid_bcd()),
        eim_package_result: EimPackageResult::EuiccPackageResult(result),
    });
    let ack = post(dir.path(), &url, psk, &provide).await;
    assert_eq!(
        ack,
        Some(EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(
            ProvideEimPackageResultResponse::EimAcknowledgements(
                proto::sgp32::EimAcknowledgements(vec![SequenceNumber(e.seq)])
            )
        ))
    );
    assert_eq!(lab.api.operation(&op).await["state"], "done");

    // another key for the same identity: the handshake fails, nothing is answered
    let wrong = (IDENTITY, "another-key-0000");
    assert_eq!(post(dir.path(), &url, wrong, &poll).await, None);
}
