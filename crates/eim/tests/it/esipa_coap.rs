//! ESipa over CoAP on DTLS with independent CoAP/DTLS implementations as the IPA's transport:
//! libcoap's `coap-client` (Debian `libcoap3-bin`, OpenSSL's DTLS) and aiocoap (PyPI, with
//! DTLSSocket's tinydtls; `tools/coap/aiocoap_post.py`). Each carries the eUICC Package
//! exchange of SGP.32 v1.2 5.14.5/5.14.6 in the ASN.1 binding's messages, POSTed to
//! `/gsma/rsp2/asn1` with the device's PSK, in 16-octet blocks both ways (RFC 7959); a device
//! without the key gets no answer. A tool that is missing skips its test with a notice,
//! except aiocoap in CI (`CI=true`), which the CI's venv has.

use std::path::{Path, PathBuf};

use eim_testkit as support;
use proto::der::Asn1;
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse, ProvideEimPackageResult, ProvideEimPackageResultResponse,
    SequenceNumber,
};
use serde_json::json;
use support::{Lab, TestEuicc};

const IDENTITY: &str = "device-7";
/// The device's PSK (both tools take the key's octets as text).
const KEY: &str = "coap-psk-device7";
/// 16-octet blocks (SZX 0), the smallest RFC 7959 has.
const SZX: u8 = 0;

/// An independent CoAP/DTLS client.
enum Client {
    /// libcoap's `coap-client-openssl`.
    Libcoap,
    /// aiocoap run by this Python.
    Aiocoap(PathBuf),
}

const LIBCOAP: &str = "coap-client-openssl";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn libcoap() -> Option<Client> {
    let found = std::process::Command::new(LIBCOAP)
        .arg("-h")
        .output()
        .is_ok();
    if !found {
        eprintln!("notice: no {LIBCOAP} (Debian libcoap3-bin); its CoAP test is skipped");
    }
    found.then_some(Client::Libcoap)
}

/// A Python that imports aiocoap with DTLSSocket (`$RSP_PYTHON`, else the workspace's
/// `.venv`); in CI its absence is a failure.
fn aiocoap() -> Option<Client> {
    let mut tried: Vec<PathBuf> = std::env::var_os("RSP_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    tried.push(workspace().join(".venv/bin/python"));
    let found = tried.iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", "import aiocoap, DTLSSocket"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let message = format!(
            "no Python with aiocoap and DTLSSocket (tried {tried:?}; set RSP_PYTHON, or pip \
             install -r tools/coap/requirements.txt)"
        );
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("notice: {message}; its CoAP test is skipped");
    }
    found.cloned().map(Client::Aiocoap)
}

impl Client {
    /// POSTs `message` over coaps:// with the PSK `(identity, key)`; the answer, if any.
    async fn post(
        &self,
        dir: &Path,
        url: &str,
        (identity, key): (&str, &str),
        message: &EsipaMessageFromIpaToEim,
    ) -> Option<EsipaMessageFromEimToIpa> {
        let (input, output) = (dir.join("in.der"), dir.join("out.der"));
        std::fs::write(&input, message.to_der()).unwrap();
        let _ = std::fs::remove_file(&output);
        let (input, output) = (input.display().to_string(), output.display().to_string());
        let size = (16usize << SZX).to_string();
        let mut command = match self {
            Client::Libcoap => {
                let mut c = tokio::process::Command::new(LIBCOAP);
                c.args([
                    "-m", "post", "-B", "5", "-b", &size, "-u", identity, "-k", key,
                ]);
                c.args(["-f", &input, "-o", &output, url]);
                c
            }
            Client::Aiocoap(python) => {
                let mut c = tokio::process::Command::new(python);
                c.arg(workspace().join("tools/coap/aiocoap_post.py"));
                c.args([
                    url,
                    identity,
                    key,
                    &input,
                    &output,
                    "--block-szx",
                    &SZX.to_string(),
                ]);
                // tinydtls reports no failed handshake: a wrong key waits out the bound
                if key != KEY {
                    c.args(["--timeout", "5"]);
                }
                c
            }
        };
        let run = command.output().await.expect("the CoAP client runs");
        let answer = std::fs::read(&output).ok();
        if answer.is_none() {
            eprintln!("no answer: {}", String::from_utf8_lossy(&run.stderr));
        }
        Some(EsipaMessageFromEimToIpa::from_der(&answer?).expect("an ESipa answer"))
    }
}

/// The package exchange through `client`: a queued operation reaches the eUICC signed, its
/// result is acknowledged and the operation is done; a wrong key gets no answer.
async fn package_exchange_through(client: Client) {
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
    )) = client.post(dir.path(), &url, psk, &poll).await
    else {
        panic!("no eUICC Package over CoAP");
    };
    assert!(e.eim_signature_ok(&req), "signed with CERT.EIM.ECDSA");
    let result = e.execute(&req);
    let provide = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: Some(e.eid_bcd()),
        eim_package_result: EimPackageResult::EuiccPackageResult(result),
    });
    let ack = client.post(dir.path(), &url, psk, &provide).await;
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
    assert_eq!(client.post(dir.path(), &url, wrong, &poll).await, None);
}

#[tokio::test]
async fn libcoap_carries_the_package_exchange_over_coap_dtls() {
    if let Some(client) = libcoap() {
        package_exchange_through(client).await;
    }
}

#[tokio::test]
async fn aiocoap_carries_the_package_exchange_over_coap_dtls() {
    if let Some(client) = aiocoap() {
        package_exchange_through(client).await;
    }
}
