//! ES9+ messages an honest LPA never sends, against the real SM-DP+ over TLS (SGP.22 5.6,
//! 6.5): replayed requests captured from a completed download, a transaction ID that is not
//! the session's, and malformed JSON or DER. Each gets a `Failed` answer with the
//! specification's status code, never an HTTP 500.

use std::path::Path;

use lpa::{DownloadRequest, HttpAnswer};
use proto::ids::SmdpAddress;
use proto::json::es9p::{
    Es9Function, InitiateAuthenticationRequest, InitiateAuthenticationResponse,
};
use proto::json::{ResponseError, StatusCode, decode_response};
use serde_json::Value;
use sm_dp::{ProfileState, Template};
use tests::{FQDN, Lab};

const ICCID0: &str = "8949449999999990023";

/// The body of the traced request of a function.
fn traced_request(dir: &Path, function: &str) -> Vec<u8> {
    let suffix = format!("-{function}-req.json");
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(&suffix))
        .unwrap_or_else(|| panic!("{function} request traced"));
    std::fs::read(entry).unwrap()
}

/// The answer's status code, checking it is a spec refusal and not a server crash.
fn refusal(answer: &HttpAnswer) -> (String, String) {
    assert_ne!(
        answer.status,
        500,
        "HTTP 500: {:?}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_ne!(answer.status, 204, "accepted");
    match decode_response::<Value>(&answer.body) {
        Err(ResponseError::Failed(s)) => {
            let d = s.status_code_data.expect("statusCodeData");
            (d.subject_code, d.reason_code)
        }
        other => panic!(
            "HTTP {} {other:?}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ),
    }
}

fn code(c: StatusCode) -> (String, String) {
    (c.subject.to_string(), c.reason.to_string())
}

/// A lab, one completed download with its trace, and a device LPA.
async fn after_download() -> (Lab, tests::TestEuicc, std::path::PathBuf) {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, None).await;
    let trace = lab.dir.path().join("trace");
    let mut options = lab.lpa_options();
    options.es9.trace_dir = Some(trace.clone());
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();
    device.lpa(options).download(&request).await.unwrap();
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    (lab, device, trace)
}

#[tokio::test]
async fn sgp22_5_6_replayed_requests_of_a_finished_session_are_refused_8_10_1_3_9() {
    let (lab, device, trace) = after_download().await;
    let lpa = device.lpa(lab.lpa_options());
    let es9 = lpa.es9().unwrap();
    for (function, f) in [
        ("authenticateClient", Es9Function::AuthenticateClient),
        (
            "getBoundProfilePackage",
            Es9Function::GetBoundProfilePackage,
        ),
    ] {
        let answer = es9
            .post(FQDN, f, traced_request(&trace, function))
            .await
            .unwrap();
        assert_eq!(
            refusal(&answer),
            code(StatusCode::TRANSACTION_ID_UNKNOWN),
            "{function}"
        );
    }
    // nothing moved: the profile stays installed once
    assert_eq!(lab.profile(ICCID0).await.state, ProfileState::Installed);
}

#[tokio::test]
async fn sgp22_5_6_3_foreign_and_unknown_transaction_ids_are_refused() {
    let (lab, device, trace) = after_download().await;
    let mut lpa = device.lpa(lab.lpa_options());
    // a fresh session of the same eUICC
    let challenge = lpa.es10().get_euicc_challenge().unwrap();
    let info1 = lpa.es10().get_euicc_info1().unwrap();
    let es9 = lpa.es9().unwrap();
    let init: InitiateAuthenticationResponse = es9
        .call(
            FQDN,
            Es9Function::InitiateAuthentication,
            &InitiateAuthenticationRequest {
                header: None,
                euicc_challenge: challenge.to_vec(),
                euicc_info1: info1.raw,
                smdp_address: SmdpAddress::parse(FQDN).unwrap(),
            },
        )
        .await
        .unwrap();
    // the old session's signed answer under the new session's transaction ID
    let mut old: Value =
        serde_json::from_slice(&traced_request(&trace, "authenticateClient")).unwrap();
    old["transactionId"] = Value::String(init.transaction_id.to_hex());
    let answer = es9
        .post(
            FQDN,
            Es9Function::AuthenticateClient,
            serde_json::to_vec(&old).unwrap(),
        )
        .await
        .unwrap();
    let got = refusal(&answer);
    assert!(
        got == code(StatusCode::TRANSACTION_ID_UNKNOWN)
            || got == code(StatusCode::EUICC_VERIFICATION_FAILED),
        "{got:?}"
    );
    // a transaction ID the SM-DP+ never gave
    old["transactionId"] = Value::String("0102030405060708090A0B0C0D0E0F10".into());
    let answer = es9
        .post(
            FQDN,
            Es9Function::AuthenticateClient,
            serde_json::to_vec(&old).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(refusal(&answer), code(StatusCode::TRANSACTION_ID_UNKNOWN));
}

#[tokio::test]
async fn sgp22_6_5_malformed_json_and_der_get_a_spec_error_never_500() {
    let (lab, device, _) = after_download().await;
    let mut lpa = device.lpa(lab.lpa_options());
    let challenge = lpa.es10().get_euicc_challenge().unwrap();
    let info1 = lpa.es10().get_euicc_info1().unwrap();
    let es9 = lpa.es9().unwrap();
    let init: InitiateAuthenticationResponse = es9
        .call(
            FQDN,
            Es9Function::InitiateAuthentication,
            &InitiateAuthenticationRequest {
                header: None,
                euicc_challenge: challenge.to_vec(),
                euicc_info1: info1.raw.clone(),
                smdp_address: SmdpAddress::parse(FQDN).unwrap(),
            },
        )
        .await
        .unwrap();
    let tid = init.transaction_id.to_hex();

    let not_json: [&[u8]; 5] = [b"", b"{", b"[]", b"\xFF\xFE", b"{\"transactionId\": 5}"];
    for function in Es9Function::ALL {
        for body in not_json {
            let answer = es9.post(FQDN, function, body.to_vec()).await.unwrap();
            refusal(&answer);
        }
    }
    // well-formed JSON carrying DER that is not what it should be
    let garbage = [
        "AAECAw==", // 00 01 02 03
        "vzgA",     // BF 38 00: an empty AuthenticateServerResponse
        "vzgBAA==", // BF 38 01 00
        "MIIBAA==", // a SEQUENCE announcing more than it holds
        "not base64 at all",
    ];
    for g in garbage {
        for (f, member) in [
            (
                Es9Function::AuthenticateClient,
                "authenticateServerResponse",
            ),
            (
                Es9Function::GetBoundProfilePackage,
                "prepareDownloadResponse",
            ),
            (Es9Function::CancelSession, "cancelSessionResponse"),
        ] {
            let body = serde_json::json!({ "transactionId": tid, member: g });
            let answer = es9
                .post(FQDN, f, serde_json::to_vec(&body).unwrap())
                .await
                .unwrap();
            refusal(&answer);
        }
        let body = serde_json::json!({ "pendingNotification": g });
        let answer = es9
            .post(
                FQDN,
                Es9Function::HandleNotification,
                serde_json::to_vec(&body).unwrap(),
            )
            .await
            .unwrap();
        refusal(&answer);
        let mut info = info1.raw.clone();
        info.truncate(info.len() / 2);
        let body = serde_json::json!({
            "euiccChallenge": proto::json::base64::encode(&challenge),
            "euiccInfo1": if g.starts_with("not") { g.to_string() } else { proto::json::base64::encode(&info) },
            "smdpAddress": FQDN,
        });
        let answer = es9
            .post(
                FQDN,
                Es9Function::InitiateAuthentication,
                serde_json::to_vec(&body).unwrap(),
            )
            .await
            .unwrap();
        refusal(&answer);
    }
    drop(lpa);
    // the SM-DP+ serves the next download as before
    let (iccid, mid) = lab.order("lab", None, None).await;
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();
    device
        .lpa(lab.lpa_options())
        .download(&request)
        .await
        .unwrap();
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}
