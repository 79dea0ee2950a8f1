//! ES9+ refusals (SGP.22 5.6, SPEC-MAP 1.3): each condition answered with its subject and
//! reason codes (JSON) or its error value (ASN.1); malformed input never gets a 500.

mod support;

use std::time::Duration;

use proto::crypto::EckaKeyPair;
use proto::der::Asn1;
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON};
use proto::sgp22::{
    AuthenticateClientErrorEs9, AuthenticateClientRequest, AuthenticateClientResponseEs9,
    CancelSessionReason, GetBoundProfilePackageError, GetBoundProfilePackageRequest,
    GetBoundProfilePackageResponse, RemoteProfileProvisioningRequest as Req,
    RemoteProfileProvisioningResponse as Resp,
};
use serde_json::json;
use sm_dp::ProfileState;
use support::*;

const ICCID0: &str = "8949449999999990023";

fn codes(s: &str, r: &str) -> (String, String) {
    (s.to_string(), r.to_string())
}

#[tokio::test]
async fn sgp22_5_6_1_foreign_address_and_unknown_ci_are_refused() {
    let lab = Lab::start().await;
    let r = lab.es9.initiate(&lab.euicc, "other.example").await;
    assert_eq!(code(&r), codes("8.8.1", "3.8"));
    // The address matches case-insensitively.
    assert!(executed(
        &lab.es9.initiate(&lab.euicc, &FQDN.to_uppercase()).await
    ));

    // An eUICC of another PKI offers only its own CI.
    let other = TestEuicc::of(&pki());
    let r = lab.es9.initiate(&other, FQDN).await;
    assert_eq!(code(&r), codes("8.8.2", "3.1"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_chain_from_an_unknown_ci_is_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    // Claims our CI in EUICCInfo1 but presents a chain from another CI.
    let foreign = pki();
    let mut liar = TestEuicc::of(&foreign);
    liar.ci_ski = lab.euicc.ci_ski.clone();
    let r = lab.authenticate(&liar, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.11.1", "3.9"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_unknown_matching_id_and_eid_mismatch_are_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let r = lab
        .authenticate(&lab.euicc, Some("NO-SUCH-ORDER"))
        .await
        .unwrap_err();
    assert_eq!(code(&r), codes("8.2.6", "3.8"));
    let r = lab.authenticate(&lab.euicc, None).await.unwrap_err();
    assert_eq!(code(&r), codes("8.2.6", "3.8"), "no order for this EID");

    let (iccid, mid) = lab.order("lab-type", Some(&lab.euicc.eid), None).await;
    let other = TestEuicc::issue(
        &lab.pki,
        &certs::eid::eid_from_prefix("89049032", 77).unwrap(),
    );
    let r = lab.authenticate(&other, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.1.1", "3.8"));
    // The operator hears of the refused eligibility check.
    let got = lab.inbox.wait_for(1).await;
    assert_eq!(got[0]["notificationPointId"], 1);
    assert_eq!(got[0]["notificationPointStatus"]["status"], "Failed");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    // An order without EID belongs to the first eUICC that authenticates for it.
    let (_, open_mid) = lab.order("lab-type", None, None).await;
    assert!(lab.authenticate(&lab.euicc, Some(&open_mid)).await.is_ok());
    let r = lab.authenticate(&other, Some(&open_mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.1.1", "3.8"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_an_order_confirmed_but_not_released_is_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let r = lab
        .es2
        .download_order(None, None, Some("lab-type".into()))
        .await
        .unwrap();
    let mut c = sm_dp::ConfirmOrder::new(r.iccid.clone());
    c.release_flag = false;
    let mid = lab.es2.confirm_order(c).await.unwrap().matching_id;
    let e = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&e), codes("8.2", "1.2"));
    lab.es2.release_profile(r.iccid).await.unwrap();
    assert!(lab.authenticate(&lab.euicc, Some(&mid)).await.is_ok());
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_2_an_expired_order_is_refused() {
    let lab = Lab::start_with(|c| c.policy.order_ttl = Duration::from_millis(600)).await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let otpk = EckaKeyPair::generate().unwrap();
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert_eq!(code(&r), codes("8.8.5", "4.10"));
    let r = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.8.5", "4.10"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_2_confirmation_code_missing_refused_then_retries_exceeded() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, Some("1234")).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    assert!(d.smdp_signed2.as_ref().unwrap().cc_required_flag);
    let otpk = EckaKeyPair::generate().unwrap();
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert_eq!(code(&r), codes("8.2.7", "2.2"));
    for _ in 0..2 {
        let r = lab.get_bpp(&lab.euicc, &d, &otpk, Some("9999")).await;
        assert_eq!(code(&r), codes("8.2.7", "3.8"));
    }
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, Some("9999")).await;
    assert_eq!(code(&r), codes("8.2.7", "6.4"), "third wrong code of three");
    // Now even the right code is too late: the order is unusable.
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, Some("1234")).await;
    assert_eq!(code(&r), codes("8.2.7", "6.4"));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Error);
    let got = lab.inbox.wait_for(4).await;
    assert_eq!(lab.inbox.points(), vec![1, 2, 2, 2]);
    assert_eq!(
        got[3]["notificationPointStatus"]["statusCodeData"]["reasonCode"],
        "6.4"
    );
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_2_the_right_confirmation_code_downloads() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, Some("1234")).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = EckaKeyPair::generate().unwrap();
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, Some("1234")).await;
    assert!(executed(&r), "{r}");
    let (_, profile) = lab
        .euicc
        .open_bpp(&d, &otpk, &unb64(&r["boundProfilePackage"]));
    assert_eq!(profile, lab.package(&iccid).await);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_2_rebinding_same_otpk_same_package_other_otpk_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = EckaKeyPair::generate().unwrap();
    let first = unb64(&lab.get_bpp(&lab.euicc, &d, &otpk, None).await["boundProfilePackage"]);
    let again = unb64(&lab.get_bpp(&lab.euicc, &d, &otpk, None).await["boundProfilePackage"]);
    assert_eq!(first, again, "same session, same key: same bytes");

    // A new session: smdpSigned2 offers the bound key; the same key gets the same segments.
    let (d2, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    assert_eq!(
        d2.smdp_signed2.as_ref().unwrap().bpp_euicc_otpk.as_deref(),
        Some(&otpk.public_key().as_uncompressed_point()[..])
    );
    let r = lab.get_bpp(&lab.euicc, &d2, &otpk, None).await;
    let third = unb64(&r["boundProfilePackage"]);
    let a = proto::sgp22::BoundProfilePackage::from_der(&first).unwrap();
    let b = proto::sgp22::BoundProfilePackage::from_der(&third).unwrap();
    assert_eq!(a.sequence_of86, b.sequence_of86);
    assert_eq!(
        a.initialise_secure_channel_request.smdp_otpk,
        b.initialise_secure_channel_request.smdp_otpk
    );
    let (_, profile) = lab.euicc.open_bpp(&d2, &otpk, &third);
    assert_eq!(profile, lab.package(&iccid).await);

    let (d3, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let r = lab
        .get_bpp(&lab.euicc, &d3, &EckaKeyPair::generate().unwrap(), None)
        .await;
    assert_eq!(code(&r), codes("8.2.10", "3.9"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_transaction_ids_unknown_replayed_or_foreign_are_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    let init = lab.es9.initiate(&lab.euicc, FQDN).await;
    let (asr, _) = lab.euicc.authenticate_server(
        &unb64(&init["serverSigned1"]),
        &sig_value(&unb64(&init["serverSignature1"])),
        &unb64(&init["serverCertificate"]),
        Some(&mid),
    );
    // Unknown transaction ID.
    let r = lab
        .es9
        .call(
            "authenticateClient",
            json!({"transactionId": "00112233", "authenticateServerResponse": b64(&asr.to_der())}),
        )
        .await;
    assert_eq!(code(&r), codes("8.10.1", "3.9"));
    // Foreign: the response signed for this session, sent under another open session.
    let other = lab.es9.initiate(&lab.euicc, FQDN).await;
    let r = lab
        .es9
        .call("authenticateClient", json!({"transactionId": other["transactionId"], "authenticateServerResponse": b64(&asr.to_der())}))
        .await;
    assert_eq!(
        code(&r),
        codes("8.10.1", "3.9"),
        "signed for another session: {r}"
    );
    // The right session works, once.
    let body = json!({"transactionId": init["transactionId"], "authenticateServerResponse": b64(&asr.to_der())});
    assert!(executed(
        &lab.es9.call("authenticateClient", body.clone()).await
    ));
    let r = lab.es9.call("authenticateClient", body).await;
    assert_eq!(code(&r), codes("8.10.1", "3.9"), "replayed");
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_5_cancel_session_ends_the_order_or_keeps_it() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let tid = hex::encode_upper(&d.transaction_id);
    // Signed for another SM-DP+.
    let wrong = lab
        .euicc
        .cancel(&d, "2.999.99", CancelSessionReason::Postponed);
    let r = lab
        .es9
        .call(
            "cancelSession",
            json!({"transactionId": tid, "cancelSessionResponse": b64(&wrong.to_der())}),
        )
        .await;
    assert_eq!(code(&r), codes("8.8", "3.10"));
    let later = lab
        .euicc
        .cancel(&d, lab.smdp.oid(), CancelSessionReason::Postponed);
    let r = lab
        .es9
        .call(
            "cancelSession",
            json!({"transactionId": tid, "cancelSessionResponse": b64(&later.to_der())}),
        )
        .await;
    assert!(executed(&r), "{r}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);
    let r = lab
        .es9
        .call(
            "cancelSession",
            json!({"transactionId": tid, "cancelSessionResponse": b64(&later.to_der())}),
        )
        .await;
    assert_eq!(code(&r), codes("8.10.1", "3.9"), "the session is closed");

    // The order survived: a new session, then the end user says no.
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let no = lab
        .euicc
        .cancel(&d, lab.smdp.oid(), CancelSessionReason::EndUserRejection);
    let r = lab
        .es9
        .call("cancelSession", json!({"transactionId": hex::encode_upper(&d.transaction_id), "cancelSessionResponse": b64(&no.to_der())}))
        .await;
    assert!(executed(&r));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Error);
    let e = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&e), codes("8.2.6", "3.8"));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_6_5_malformed_json_base64_and_der_get_spec_errors_never_500() {
    let lab = Lab::start().await;
    let path = "/gsma/rsp2/es9plus/initiateAuthentication";
    let cases: Vec<(Vec<u8>, (&str, &str))> = vec![
        (b"{not json".to_vec(), ("1.3.1", "2.1")),
        (b"[]".to_vec(), ("1.3.1", "2.1")),
        (br#"{"euiccChallenge":"AAAA","smdpAddress":"x"}"#.to_vec(), ("1.3.1", "2.2")),
        (
            serde_json::to_vec(&json!({"euiccChallenge": "!!!", "euiccInfo1": "AAAA", "smdpAddress": FQDN})).unwrap(),
            ("1.3.1", "2.1"),
        ),
        (
            serde_json::to_vec(&json!({"euiccChallenge": b64(&[1; 16]), "euiccInfo1": b64(&[0xBF, 0x20, 0x05, 1]), "smdpAddress": FQDN})).unwrap(),
            ("1.3.1", "2.1"),
        ),
        (
            serde_json::to_vec(&json!({"euiccChallenge": b64(&[1; 3]), "euiccInfo1": b64(&lab.euicc.info1().to_der()), "smdpAddress": FQDN})).unwrap(),
            ("1.3.1", "2.1"),
        ),
    ];
    for (body, want) in cases {
        let (status, bytes) = lab
            .es9
            .raw(path, CONTENT_TYPE_JSON, Some(ADMIN_PROTOCOL_SGP22), body)
            .await;
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(code(&v), codes(want.0, want.1), "{v}");
    }
    for f in [
        "authenticateClient",
        "getBoundProfilePackage",
        "handleNotification",
        "cancelSession",
    ] {
        let body = json!({"transactionId": "ZZ", "authenticateServerResponse": "", "prepareDownloadResponse": "%%", "pendingNotification": b64(&[0x30, 0x80]), "cancelSessionResponse": "AA=="});
        let (status, bytes) = lab
            .es9
            .raw(
                &format!("/gsma/rsp2/es9plus/{f}"),
                CONTENT_TYPE_JSON,
                Some(ADMIN_PROTOCOL_SGP22),
                serde_json::to_vec(&body).unwrap(),
            )
            .await;
        assert_eq!(status, 200, "{f}");
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(code(&v).0, "1.3.1", "{f}: {v}");
    }
    // Wrong protocol version and content type.
    let body = serde_json::to_vec(&json!({})).unwrap();
    let (_, bytes) = lab
        .es9
        .raw(
            path,
            CONTENT_TYPE_JSON,
            Some("gsma/rsp/v3.0.0"),
            body.clone(),
        )
        .await;
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(code(&v), codes("1.3.2", "3.1"));
    let (_, bytes) = lab
        .es9
        .raw(path, CONTENT_TYPE_JSON, None, body.clone())
        .await;
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(code(&v), codes("1.3.2", "3.1"));
    let (_, bytes) = lab
        .es9
        .raw(path, "text/plain", Some(ADMIN_PROTOCOL_SGP22), body)
        .await;
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(code(&v), codes("1.3.1", "2.1"));
    // Oversized bodies are cut off, not buffered.
    let (status, _) = lab
        .es9
        .raw(
            path,
            CONTENT_TYPE_JSON,
            Some(ADMIN_PROTOCOL_SGP22),
            vec![b' '; 3 * 1024 * 1024],
        )
        .await;
    assert_eq!(status, 413);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_6_6_asn1_binding_refusals_are_error_values_and_garbage_is_400() {
    let lab = Lab::start().await;
    for garbage in [
        vec![],
        vec![0xA2],
        vec![0xA2, 0x03, 0xBF, 0x39, 0x05],
        vec![0x30, 0x00],
    ] {
        let (status, body) = lab.es9.asn1(garbage).await;
        assert_eq!((status, body.len()), (400, 0));
    }
    // A GetBoundProfilePackage request whose content is broken: the function's own error.
    let (status, body) = lab
        .es9
        .asn1(vec![0xA2, 0x05, 0xBF, 0x3A, 0x02, 0x80, 0x00])
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        Resp::from_der(&body).unwrap(),
        Resp::GetBoundProfilePackageResponse(
            GetBoundProfilePackageResponse::GetBoundProfilePackageError(
                GetBoundProfilePackageError::UndefinedError
            )
        )
    );
    // An unknown transaction: AuthenticateClient's invalidTransactionId.
    let init = lab.es9.initiate(&lab.euicc, FQDN).await;
    let (asr, d) = lab.euicc.authenticate_server(
        &unb64(&init["serverSigned1"]),
        &sig_value(&unb64(&init["serverSignature1"])),
        &unb64(&init["serverCertificate"]),
        Some("NOPE"),
    );
    let req = Req::AuthenticateClientRequest(AuthenticateClientRequest {
        transaction_id: vec![1, 2, 3],
        authenticate_server_response: asr.clone(),
    });
    let (_, body) = lab.es9.asn1(req.to_der()).await;
    assert_eq!(
        Resp::from_der(&body).unwrap(),
        Resp::AuthenticateClientResponseEs9(
            AuthenticateClientResponseEs9::AuthenticateClientError(
                AuthenticateClientErrorEs9::InvalidTransactionId
            )
        )
    );
    let req = Req::AuthenticateClientRequest(AuthenticateClientRequest {
        transaction_id: d.transaction_id.clone(),
        authenticate_server_response: asr,
    });
    let (_, body) = lab.es9.asn1(req.to_der()).await;
    assert_eq!(
        Resp::from_der(&body).unwrap(),
        Resp::AuthenticateClientResponseEs9(
            AuthenticateClientResponseEs9::AuthenticateClientError(
                AuthenticateClientErrorEs9::MatchingIdRefused
            )
        )
    );
    let req = Req::GetBoundProfilePackageRequest(GetBoundProfilePackageRequest {
        transaction_id: vec![9; 16],
        prepare_download_response: lab.euicc.prepare_download(
            &d,
            &EckaKeyPair::generate().unwrap(),
            None,
        ),
    });
    let (_, body) = lab.es9.asn1(req.to_der()).await;
    assert_eq!(
        Resp::from_der(&body).unwrap(),
        Resp::GetBoundProfilePackageResponse(
            GetBoundProfilePackageResponse::GetBoundProfilePackageError(
                GetBoundProfilePackageError::InvalidTransactionId
            )
        )
    );
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_6_mutated_requests_never_get_a_500() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    let init = lab.es9.initiate(&lab.euicc, FQDN).await;
    let (asr, d) = lab.euicc.authenticate_server(
        &unb64(&init["serverSigned1"]),
        &sig_value(&unb64(&init["serverSignature1"])),
        &unb64(&init["serverCertificate"]),
        Some(&mid),
    );
    let valid = Req::AuthenticateClientRequest(AuthenticateClientRequest {
        transaction_id: d.transaction_id.clone(),
        authenticate_server_response: asr,
    })
    .to_der();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..60 {
        let mut m = valid.clone();
        for _ in 0..1 + next() % 3 {
            let at = (next() as usize) % m.len();
            m[at] ^= 1 << (next() % 8);
        }
        if round % 7 == 0 {
            m.truncate((next() as usize) % m.len());
        }
        let (status, _) = lab.es9.asn1(m.clone()).await;
        assert!(
            status == 200 || status == 400,
            "HTTP {status} for a mutated request"
        );
        let v = lab
            .es9
            .call(
                "authenticateClient",
                json!({"transactionId": hex::encode(&d.transaction_id), "authenticateServerResponse": b64(&m)}),
            )
            .await;
        assert_eq!(v["header"]["functionExecutionStatus"]["status"], "Failed");
    }
    lab.smdp.shutdown().await;
}
