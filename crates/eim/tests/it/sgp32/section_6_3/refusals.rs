//! Refusals on ESipa (SGP.32 v1.2 6.3.2.6, 6.3.2.7) and on the operator API, each with the
//! spec's own answer, nothing lost across a restart, never an HTTP 500.

use eim_testkit as support;

use proto::der::Asn1;
use proto::sgp32::{
    EimPackageError, EimPackageResult, EuiccPackageResult, GetEimPackageResponse,
    ProvideEimPackageResultError, ProvideEimPackageResultResponse,
};
use serde_json::json;
use support::euicc::forge;
use support::{Api, Lab, TestEuicc, b64, status_code};

/// Another EID under the lab EUM's prefix.
fn other_eid() -> String {
    proto::ids::Eid::from_prefix("890490321234512345123456789013")
        .unwrap()
        .as_str()
        .to_string()
}

async fn package(lab: &Lab, e: &TestEuicc) -> proto::sgp32::EuiccPackageRequest {
    match lab.ipa.poll_eid(e.eid_bcd()).await {
        GetEimPackageResponse::EuiccPackageRequest(r) => r,
        other => panic!("no eUICC Package: {other:?}"),
    }
}

fn undefined() -> ProvideEimPackageResultResponse {
    ProvideEimPackageResultResponse::ProvideEimPackageResultError(
        ProvideEimPackageResultError::UndefinedError,
    )
}

#[tokio::test]
async fn sgp32_6_3_2_6_unknown_invalid_and_missing_eids() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    assert_eq!(
        lab.ipa.poll_eid(e.eid_bcd()).await,
        GetEimPackageResponse::EimPackageError(EimPackageError::EidNotFound)
    );
    let mut bad = e.eid_bcd();
    bad[15] ^= 0x01; // wrong check digits
    assert_eq!(
        lab.ipa.poll_eid(bad).await,
        GetEimPackageResponse::EimPackageError(EimPackageError::InvalidEid)
    );
    // BF4F without eidValue.
    let (s, body) = lab.ipa.raw(vec![0xBF, 0x4F, 0x00]).await;
    assert_eq!(s, 200);
    assert_eq!(
        proto::sgp32::EsipaMessageFromEimToIpa::from_der(&body).unwrap(),
        proto::sgp32::EsipaMessageFromEimToIpa::GetEimPackageResponse(
            GetEimPackageResponse::EimPackageError(EimPackageError::MissingEid)
        )
    );
    let v = lab.ipa.json("getEimPackage", json!({})).await;
    assert_eq!(v["eimPackageError"], 4, "{v}");
    let v = lab
        .ipa
        .json("getEimPackage", json!({"eidValue": other_eid()}))
        .await;
    assert_eq!(v["eimPackageError"], 2, "{v}");
    // ProvideEimPackageResult for an unknown EID.
    let mut e2 = TestEuicc::issue(&lab.pki, &other_eid(), 1);
    let r = e2.result(1, None, vec![]);
    assert_eq!(
        lab.ipa
            .provide(Some(e2.eid_bcd()), EimPackageResult::EuiccPackageResult(r))
            .await,
        ProvideEimPackageResultResponse::ProvideEimPackageResultError(
            ProvideEimPackageResultError::EidNotFound
        )
    );
}

#[tokio::test]
async fn sgp32_6_1_malformed_messages_get_spec_errors_never_500() {
    let lab = Lab::start().await;
    for body in [
        vec![],
        vec![0x30, 0x03, 0x01],
        vec![0xFF; 40],
        vec![0xBF, 0x99, 0x01, 0x00],
    ] {
        let (s, b) = lab.ipa.raw(body.clone()).await;
        assert_eq!(s, 400, "{body:02X?}");
        let why = String::from_utf8(b).unwrap();
        assert!(
            why.ends_with('\n') && why.len() > 10,
            "a reason in one line: {why:?}"
        );
    }
    // A truncated ProvideEimPackageResult names its function: its error value.
    let (s, b) = lab.ipa.raw(vec![0xBF, 0x50, 0x05, 0x5A, 0x10, 0x00]).await;
    assert_eq!(s, 200);
    assert_eq!(
        proto::sgp32::EsipaMessageFromEimToIpa::from_der(&b).unwrap(),
        proto::sgp32::EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(undefined())
    );
    let (s, b) = lab.ipa.raw(vec![0xBF, 0x3B, 0x02, 0x80, 0x00]).await;
    assert_eq!(
        s, 200,
        "AuthenticateClient with a broken body: its error value"
    );
    assert!(matches!(
        proto::sgp32::EsipaMessageFromEimToIpa::from_der(&b).unwrap(),
        proto::sgp32::EsipaMessageFromEimToIpa::AuthenticateClientResponseEsipa(
            proto::sgp32::AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(_)
        )
    ));
    // JSON: not JSON, a missing member, a bad member.
    let r = lab
        .ipa
        .http
        .post(format!(
            "{}/gsma/rsp2/esipa/provideEimPackageResult",
            lab.ipa.base
        ))
        .header("content-type", "application/json")
        .header("X-Admin-Protocol", "gsma/rsp/v2.1.0")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(status_code(&v), ("1.3.1".into(), "2.1".into()), "{v}");
    let v = lab.ipa.json("provideEimPackageResult", json!({})).await;
    assert_eq!(status_code(&v), ("1.3.1".into(), "2.2".into()), "{v}");
    let v = lab
        .ipa
        .json(
            "provideEimPackageResult",
            json!({"eimPackageResult": b64(&[0x05, 0x00])}),
        )
        .await;
    assert_eq!(status_code(&v), ("1.3.1".into(), "2.1".into()), "{v}");
    // No X-Admin-Protocol.
    let r = lab
        .ipa
        .http
        .post(format!("{}/gsma/rsp2/esipa/getEimPackage", lab.ipa.base))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(status_code(&v), ("1.3.2".into(), "3.1".into()), "{v}");
}

#[tokio::test]
async fn sgp32_2_11_2_1_a_result_with_a_bad_signature_is_refused_and_nothing_is_lost() {
    let mut lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let req = package(&lab, &e).await;
    let genuine = e.execute(&req);
    let forged = forge(&genuine);
    assert_eq!(
        lab.ipa
            .provide(
                Some(e.eid_bcd()),
                EimPackageResult::EuiccPackageResult(forged)
            )
            .await,
        undefined(),
        "not acknowledged: the IPA keeps the result"
    );
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "sent", "{v}");
    assert_eq!(v["packages"][0]["state"], "sent");
    assert_eq!(v["packages"][0]["flag"], "bad-signature");
    // A forged euiccSignEPE: the eUICC's replayError for the same counter, signed by another
    // key. Refused like the forged EPR; had it been taken, the operation would be in error.
    let replay = e.execute(&req);
    let EuiccPackageResult::EuiccPackageErrorSigned(genuine_epe) = &replay else {
        panic!("a replayed counter gives a signed eUICC package error: {replay:?}");
    };
    let forged_epe = forge(&replay);
    let EuiccPackageResult::EuiccPackageErrorSigned(f) = &forged_epe else {
        panic!("{forged_epe:?}");
    };
    assert_eq!(
        f.euicc_package_error_data_signed.raw(),
        genuine_epe.euicc_package_error_data_signed.raw(),
        "only the signature differs"
    );
    assert_ne!(f.euicc_sign_epe, genuine_epe.euicc_sign_epe);
    assert_eq!(
        lab.ipa
            .provide(
                Some(e.eid_bcd()),
                EimPackageResult::EuiccPackageResult(forged_epe)
            )
            .await,
        undefined(),
        "a forged EPE is refused as a forged EPR is"
    );
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "sent", "{v}");
    assert!(v["error"].is_null(), "{v}");
    assert_eq!(v["packages"][0]["state"], "sent");
    assert_eq!(v["packages"][0]["flag"], "bad-signature");
    // A wrong association token breaks the signature too.
    let mut wrong = TestEuicc::of(&lab.pki, 8);
    wrong.seq = 100;
    let r = wrong.result(
        1,
        req.euicc_package_signed.eim_transaction_id.clone(),
        vec![],
    );
    assert_eq!(
        lab.ipa
            .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(r))
            .await,
        undefined()
    );
    lab.restart(|_| {}).await;
    // The package is still pending: a re-poll gets it again, the genuine result settles it.
    let again = package(&lab, &e).await;
    assert_eq!(again.to_der(), req.to_der());
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(genuine),
        )
        .await;
    assert!(
        matches!(ack, ProvideEimPackageResultResponse::EimAcknowledgements(_)),
        "{ack:?}"
    );
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "done", "{v}");
    assert!(v["packages"][0]["flag"].is_null());
}

#[tokio::test]
async fn sgp32_2_11_2_1_results_for_unknown_counters_and_other_eids_are_refused() {
    let lab = Lab::start().await;
    let mut a = TestEuicc::of(&lab.pki, 7);
    let mut b = TestEuicc::issue(&lab.pki, &other_eid(), 11);
    lab.register(&a).await;
    lab.register(&b).await;
    lab.api.queue(&a.eid, json!({"type": "listProfiles"})).await;
    // B polls: A's package is not for B.
    assert_eq!(
        lab.ipa.poll_eid(b.eid_bcd()).await,
        GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
    );
    let req = package(&lab, &a).await;
    let counter = req.euicc_package_signed.counter_value;
    // A result with a counter no package carried.
    let r = a.result(counter + 40, None, vec![]);
    assert_eq!(
        lab.ipa
            .provide(Some(a.eid_bcd()), EimPackageResult::EuiccPackageResult(r))
            .await,
        undefined()
    );
    // B claims A's package (its own signature, A's counter): no such package of B's.
    let r = b.result(
        counter,
        req.euicc_package_signed.eim_transaction_id.clone(),
        vec![],
    );
    assert_eq!(
        lab.ipa
            .provide(Some(b.eid_bcd()), EimPackageResult::EuiccPackageResult(r))
            .await,
        undefined()
    );
    // A's genuine result presented under B's EID: B's certificate does not verify it.
    let genuine = a.execute(&req);
    let b_pkg_op = lab.api.queue(&b.eid, json!({"type": "listProfiles"})).await;
    let b_req = package(&lab, &b).await;
    assert_eq!(
        b_req.euicc_package_signed.counter_value, counter,
        "counters are per EID"
    );
    assert_eq!(
        lab.ipa
            .provide(
                Some(b.eid_bcd()),
                EimPackageResult::EuiccPackageResult(genuine.clone())
            )
            .await,
        undefined()
    );
    assert_eq!(lab.api.operation(&b_pkg_op).await["state"], "sent");
    // Each settles with its own.
    assert!(matches!(
        lab.ipa
            .provide(
                Some(a.eid_bcd()),
                EimPackageResult::EuiccPackageResult(genuine)
            )
            .await,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
    let rb = b.execute(&b_req);
    assert!(matches!(
        lab.ipa
            .provide(Some(b.eid_bcd()), EimPackageResult::EuiccPackageResult(rb))
            .await,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
    assert_eq!(lab.api.operation(&b_pkg_op).await["state"], "done");
}

#[tokio::test]
async fn sgp32_2_11_2_1_replay_errors_on_a_redelivered_package_fetch_the_stored_results() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let req = package(&lab, &e).await;
    let _lost = e.execute(&req); // executed, result lost on the way
    let again = package(&lab, &e).await; // re-delivered, same counter
    let replay = e.execute(&again);
    assert!(matches!(
        replay,
        EuiccPackageResult::EuiccPackageErrorSigned(_)
    ));
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(replay),
        )
        .await;
    assert_eq!(
        ack,
        ProvideEimPackageResultResponse::EmptyResponse(Default::default())
    );
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "error", "{v}");
    assert!(v["error"].as_str().unwrap().contains("replayError"), "{v}");
    // The eIM asks for the stored results (IpaEuiccDataRequest with tag A2).
    match lab.ipa.poll_eid(e.eid_bcd()).await {
        GetEimPackageResponse::IpaEuiccDataRequest(r) => assert_eq!(r.tag_list, vec![0xA2]),
        other => panic!("expected an eUICC data request: {other:?}"),
    }
}

#[tokio::test]
async fn operator_api_refuses_clients_without_an_operator_certificate() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    // No client certificate: the TLS handshake fails.
    let anonymous = Api::new(&lab.pki, None, lab.eim().api_addr());
    assert!(
        anonymous
            .http
            .get(format!("{}/v1/devices", anonymous.base))
            .send()
            .await
            .is_err()
    );
    // A certificate from another CA (the SM-DP+'s TLS one): refused in the handshake too.
    let euicc = lab.pki.require(certs::CertRole::DpTls).unwrap();
    let stranger = Api::new(
        &lab.pki,
        Some(infra::tls::Identity {
            chain: vec![euicc.cert_der.clone()],
            key_pem: euicc
                .key()
                .unwrap()
                .to_sec1_pem()
                .unwrap()
                .as_bytes()
                .to_vec(),
        }),
        lab.eim().api_addr(),
    );
    assert!(
        stranger
            .http
            .get(format!("{}/v1/devices", stranger.base))
            .send()
            .await
            .is_err()
    );
    // Another operator sees none of operator1's devices.
    let op2 = Api::new(
        &lab.pki,
        Some(support::operator_identity(&lab.pki, "operator2")),
        lab.eim().api_addr(),
    );
    let (s, v) = op2.get("/v1/devices").await;
    assert_eq!((s, v), (200, json!([])));
    let (s, v) = op2.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(s, 404, "{v}");
    assert_eq!(v["error"]["code"], "unknownDevice");
    let (s, _) = op2
        .post(
            &format!("/v1/devices/{}/operations", e.eid),
            json!({"type": "listProfiles"}),
        )
        .await;
    assert_eq!(s, 404);
    // The OpenAPI document is served.
    let r = lab
        .api
        .http
        .get(format!("{}/openapi.yaml", lab.api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().starts_with("openapi: 3"));
}

#[tokio::test]
async fn operator_api_validates_registrations_and_requests() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    let other = TestEuicc::issue(&lab.pki, &other_eid(), 1);
    // The certificate is another EID's.
    let (s, v) = lab
        .api
        .post(
            "/v1/devices",
            json!({"eid": e.eid, "euiccCertificate": b64(&other.cert), "eumCertificate": b64(&e.eum)}),
        )
        .await;
    assert_eq!(s, 400, "{v}");
    let (s, _) = lab.api.post("/v1/devices", json!({"eid": "1234"})).await;
    assert_eq!(s, 400);
    let (s, _) = lab
        .api
        .post("/v1/devices", json!({"eid": e.eid, "colour": 1}))
        .await;
    assert_eq!(s, 400, "unknown members are refused");
    lab.register(&e).await;
    let (s, v) = lab.api.post("/v1/devices", json!({"eid": e.eid})).await;
    assert_eq!((s, v["error"]["code"].as_str()), (409, Some("conflict")));
    for bad in [
        json!({"type": "enable", "iccid": "12"}),
        json!({"type": "reboot"}),
        json!({"type": "download", "activationCode": "2$x$y"}),
        json!({"type": "localize", "country": "DE"}),
    ] {
        let (s, v) = lab
            .api
            .post(&format!("/v1/devices/{}/operations", e.eid), bad.clone())
            .await;
        assert_eq!(s, 400, "{bad} -> {v}");
    }
    let (s, _) = lab.api.get("/v1/operations/nope").await;
    assert_eq!(s, 404);
    // A queued operation can be cancelled, a delivered one cannot.
    let op = lab.api.queue(&e.eid, json!({"type": "getRat"})).await;
    let (s, v) = lab
        .api
        .post(&format!("/v1/operations/{op}/cancel"), json!({}))
        .await;
    assert_eq!((s, v["state"].as_str()), (200, Some("cancelled")), "{v}");
    let op = lab.api.queue(&e.eid, json!({"type": "getRat"})).await;
    let _ = lab.ipa.poll_eid(e.eid_bcd()).await;
    let (s, _) = lab
        .api
        .post(&format!("/v1/operations/{op}/cancel"), json!({}))
        .await;
    assert_eq!(s, 409);
}

#[tokio::test]
async fn sgp32_6_1_mutated_messages_never_get_a_server_error() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let req = package(&lab, &e).await;
    let result = e.execute(&req);
    let samples = [
        proto::sgp32::EsipaMessageFromIpaToEim::GetEimPackageRequest(
            proto::sgp32::GetEimPackageRequest {
                eid_value: e.eid_bcd(),
                r_plmn: Some([0x62, 0xF2, 0x10]),
                ..Default::default()
            },
        )
        .to_der(),
        proto::sgp32::EsipaMessageFromIpaToEim::ProvideEimPackageResult(
            proto::sgp32::ProvideEimPackageResult {
                eid_value: Some(e.eid_bcd()),
                eim_package_result: EimPackageResult::EuiccPackageResult(result),
            },
        )
        .to_der(),
    ];
    for sample in samples {
        for i in 0..sample.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut m = sample.clone();
                m[i] ^= flip;
                let (s, _) = lab.ipa.raw(m).await;
                assert!(
                    matches!(s, 200 | 204 | 400),
                    "byte {i} ^ {flip:02X}: HTTP {s}"
                );
            }
            let (s, _) = lab.ipa.raw(sample[..i].to_vec()).await;
            assert!(matches!(s, 200 | 204 | 400), "truncated at {i}: HTTP {s}");
        }
    }
}

/// PSMO failures reach the operator: the eUICC's signed result (ES10b.LoadEuiccPackage,
/// SGP.32 v1.2 5.9.1; EuiccResultData, 2.11.2.1) carries enableResult / deleteResult codes
/// of SGP.22 v2.5 5.7.16 / 5.7.18. An enable of an ICCID the eUICC does not have and a delete
/// of the enabled profile each end `error`, naming the eUICC's result code.
#[tokio::test]
async fn sgp32_2_11_2_1_psmo_failure_codes_reach_the_operator() {
    const ABSENT_ICCID: &str = "8949010000000000991";
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let enable = lab
        .api
        .queue(&e.eid, json!({"type": "enable", "iccid": ABSENT_ICCID}))
        .await;
    let delete = lab
        .api
        .queue(
            &e.eid,
            json!({"type": "delete", "iccid": support::euicc::BOOTSTRAP_ICCID}),
        )
        .await;
    // The device polls and reports until nothing is left for it.
    let mut rounds = 0;
    while let GetEimPackageResponse::EuiccPackageRequest(req) = lab.ipa.poll_eid(e.eid_bcd()).await
    {
        rounds += 1;
        assert!(rounds <= 2, "one package per operation at most");
        let result = e.execute(&req);
        let ack = lab
            .ipa
            .provide(
                Some(e.eid_bcd()),
                EimPackageResult::EuiccPackageResult(result),
            )
            .await;
        assert!(
            matches!(ack, ProvideEimPackageResultResponse::EimAcknowledgements(_)),
            "a signed result with failed PSMOs is still acknowledged: {ack:?}"
        );
    }
    assert!(rounds >= 1);
    for (op, field, code) in [
        (&enable, "enableResult", "iccidOrAidNotFound"),
        (&delete, "deleteResult", "profileNotInDisabledState"),
    ] {
        let v = lab.api.operation(op).await;
        assert_eq!(v["state"], "error", "{v}");
        let error = v["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(&format!("{field}: {code}")),
            "error names {field}: {code}: {v}"
        );
        assert!(v["result"]["euiccPackageResultSigned"].is_object(), "{v}");
    }
    // Nothing changed on the eUICC: the bootstrap profile is still there and enabled.
    assert_eq!(e.profiles.len(), 1);
    assert!(e.profiles[0].enabled);
}

/// Issue 11: a body over the listener's limit gets the interface's own refusal, not a
/// plain-text 413 — ESipa's error value (ASN.1), a `Failed` header 1.3.1/2.1 (JSON), the
/// operator API's JSON error `bodyTooLarge` with 413.
#[tokio::test]
async fn oversized_bodies_get_each_interfaces_own_refusal() {
    let lab = Lab::start().await;
    // ASN.1: a ProvideEimPackageResult (BF50) of 300 KiB, over ESipa's 256 KiB.
    let mut big = vec![0xBF, 0x50, 0x83, 0x04, 0xB0, 0x00];
    big.resize(6 + 300 * 1024, 0);
    let (s, b) = lab.ipa.raw(big).await;
    assert_eq!(s, 200);
    assert_eq!(
        proto::sgp32::EsipaMessageFromEimToIpa::from_der(&b).unwrap(),
        proto::sgp32::EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(undefined())
    );
    // JSON binding.
    let r = lab
        .ipa
        .http
        .post(format!(
            "{}/gsma/rsp2/esipa/provideEimPackageResult",
            lab.ipa.base
        ))
        .header("content-type", "application/json")
        .header("X-Admin-Protocol", "gsma/rsp/v2.1.0")
        .body(vec![b' '; 300 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(status_code(&v), ("1.3.1".into(), "2.1".into()), "{v}");
    // Operator API: 2 MiB, over its 1 MiB.
    let (s, v) = lab
        .api
        .post("/v1/devices", json!({"eid": "x".repeat(2 * 1024 * 1024)}))
        .await;
    assert_eq!(s, 413, "{v}");
    assert_eq!(v["error"]["code"], "bodyTooLarge", "{v}");
    // The eIM still serves after all of it.
    let (s, _) = lab.api.get("/v1/devices").await;
    assert_eq!(s, 200);
}
