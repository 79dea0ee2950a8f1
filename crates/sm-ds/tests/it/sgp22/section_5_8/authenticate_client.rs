//! SGP.22 5.8.2 ES11.AuthenticateClient: the eUICC authenticated as in ES9+, its events
//! answered.

use proto::der::{Asn1, Preserved};
use proto::sgp22::{
    AuthenticateClientErrorEs11 as E, AuthenticateClientResponseEs11 as R,
    AuthenticateServerResponse, InitiateAuthenticationResponse,
};
use serde_json::json;

use crate::support::device::{Device, authenticate, discover, initiate};
use crate::support::{EID, Lab, SMDP, executed, is};

/// A registered event is found by the device that polls (a real eUICC signing
/// AuthenticateServer), with its event ID and SM-DP+ address.
#[tokio::test]
async fn sgp22_5_8_2_a_registered_event_is_found() {
    let lab = Lab::start().await;
    assert!(executed(
        &lab.smdp().register(EID, SMDP, "MATCHING-1").await
    ));
    let mut device = Device::new();
    let R::AuthenticateClientOk(ok) = discover(&lab.lpa(), &mut device).await else {
        panic!("refused");
    };
    assert_eq!(ok.event_entries.len(), 1);
    assert_eq!(ok.event_entries[0].event_id, "MATCHING-1");
    assert_eq!(ok.event_entries[0].rsp_server_address, SMDP);
    lab.smds.shutdown().await;
}

/// An EID without events gets an empty eventEntries, not an error: the eUICC asked
/// whether anything waits for it.
#[tokio::test]
async fn sgp22_5_8_2_an_unknown_eid_gets_no_entries() {
    let lab = Lab::start().await;
    let mut device = Device::new();
    let R::AuthenticateClientOk(ok) = discover(&lab.lpa(), &mut device).await else {
        panic!("refused");
    };
    assert!(ok.event_entries.is_empty());
    lab.smds.shutdown().await;
}

/// A transactionId is answered once: the same AuthenticateClient again is
/// invalidTransactionId (8.10.1/3.9), as is one never issued.
#[tokio::test]
async fn sgp22_5_8_2_a_replayed_transaction_is_refused() {
    let lab = Lab::start().await;
    let lpa = lab.lpa();
    let mut device = Device::new();
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
        initiate(&lpa, &mut device, "smds.rsp-lab.test").await
    else {
        panic!("refused");
    };
    let asr = device.authenticate_server(&ok);
    assert!(matches!(
        authenticate(&lpa, &ok.transaction_id, asr.clone()).await,
        R::AuthenticateClientOk(_)
    ));
    assert_eq!(
        authenticate(&lpa, &ok.transaction_id, asr.clone()).await,
        R::AuthenticateClientError(E::InvalidTransactionId)
    );
    assert_eq!(
        authenticate(&lpa, &[0x42; 16], asr).await,
        R::AuthenticateClientError(E::InvalidTransactionId)
    );
    lab.smds.shutdown().await;
}

/// euiccSigned1 altered after the eUICC signed it: euiccSignature1 does not verify over the
/// received octets, euiccSignatureInvalid (8.1/6.1 in JSON).
#[tokio::test]
async fn sgp22_5_8_2_a_bad_euicc_signature_is_refused() {
    let lab = Lab::start().await;
    let lpa = lab.lpa();
    let mut device = Device::new();
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
        initiate(&lpa, &mut device, "smds.rsp-lab.test").await
    else {
        panic!("refused");
    };
    let AuthenticateServerResponse::AuthenticateResponseOk(mut signed) =
        device.authenticate_server(&ok)
    else {
        panic!("the eUICC refused the SM-DS");
    };
    let mut last = signed.euicc_signature1.pop().unwrap();
    last ^= 0x01;
    signed.euicc_signature1.push(last);
    let tampered = AuthenticateServerResponse::AuthenticateResponseOk(signed.clone());
    assert_eq!(
        authenticate(&lpa, &ok.transaction_id, tampered).await,
        R::AuthenticateClientError(E::EuiccSignatureInvalid)
    );
    // The same over JSON, for a fresh session: 8.1/6.1.
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok2) =
        initiate(&lpa, &mut device, "smds.rsp-lab.test").await
    else {
        panic!("refused");
    };
    let AuthenticateServerResponse::AuthenticateResponseOk(mut s2) =
        device.authenticate_server(&ok2)
    else {
        panic!("the eUICC refused the SM-DS");
    };
    let mut inner = s2.euicc_signed1.value().clone();
    inner.server_address = "changed.test".into();
    s2.euicc_signed1 = Preserved::new(inner);
    let body = AuthenticateServerResponse::AuthenticateResponseOk(s2).to_der();
    let b64 = |b: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(b)
    };
    let v = lpa
        .json(
            "/gsma/rsp2/es9plus/authenticateClient",
            json!({"transactionId": hex::encode_upper(&ok2.transaction_id), "authenticateServerResponse": b64(&body)}),
        )
        .await;
    assert!(is(&v, "8.1", "6.1"), "{v}");
    lab.smds.shutdown().await;
}

/// The lpac-style JSON flow: InitiateAuthentication and AuthenticateClient on the ES9+
/// paths of the SM-DS host, eventEntries with rspServerAddress.
#[tokio::test]
async fn sgp22_6_5_es11_json_binding_as_lpac_posts_it() {
    let lab = Lab::start().await;
    assert!(executed(&lab.smdp().register(EID, SMDP, "EV").await));
    let lpa = lab.lpa();
    let mut device = Device::new();
    let (challenge, info1) = device.challenge_and_info1();
    let b64 = |b: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(b)
    };
    let unb64 = |v: &serde_json::Value| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
    };
    let init = lpa
        .json(
            "/gsma/rsp2/es9plus/initiateAuthentication",
            json!({"euiccChallenge": b64(&challenge), "euiccInfo1": b64(&info1.to_der()), "smdpAddress": "smds.rsp-lab.test"}),
        )
        .await;
    assert!(executed(&init), "{init}");
    let sig_tlv = unb64(&init["serverSignature1"]);
    let pkid_tlv = unb64(&init["euiccCiPKIdToBeUsed"]);
    let ok = proto::sgp22::InitiateAuthenticationOkEs9 {
        transaction_id: hex::decode(init["transactionId"].as_str().unwrap()).unwrap(),
        server_signed1: Preserved::from_der(&unb64(&init["serverSigned1"])).unwrap(),
        server_signature1: sig_tlv[3..].to_vec(),
        euicc_ci_pkid_to_be_used: pkid_tlv[2..].to_vec(),
        server_certificate: proto::sgp22::Certificate::from_der(&unb64(&init["serverCertificate"]))
            .unwrap(),
    };
    let asr = device.authenticate_server(&ok);
    let v = lpa
        .json(
            "/gsma/rsp2/es9plus/authenticateClient",
            json!({"transactionId": init["transactionId"], "authenticateServerResponse": b64(&asr.to_der())}),
        )
        .await;
    assert!(executed(&v), "{v}");
    assert_eq!(v["eventEntries"][0]["rspServerAddress"], SMDP);
    assert_eq!(v["eventEntries"][0]["eventId"], "EV");
    lab.smds.shutdown().await;
}

/// Malformed input never panics the server: garbage, truncated DER and wrong content types
/// get an answer (400 or the binding's refusal), and the server keeps serving.
#[tokio::test]
async fn malformed_es11_input_is_answered_not_fatal() {
    let lab = Lab::start().await;
    let lpa = lab.lpa();
    for body in [
        vec![],
        vec![0xA2],
        vec![0xA2, 0x84, 0xFF, 0xFF, 0xFF, 0xFF],
        vec![0x30, 0x00],
        b"{}".to_vec(),
    ] {
        let (status, _) = lpa.asn1(body).await;
        assert!(status == 200 || status == 400, "{status}");
    }
    for body in [
        "",
        "{",
        "{\"euiccChallenge\": 5}",
        "{\"euiccChallenge\":\"AAAA\",\"euiccInfo1\":\"AAAA\",\"smdpAddress\":\"smds.rsp-lab.test\"}",
    ] {
        let v = lpa
            .json(
                "/gsma/rsp2/es9plus/initiateAuthentication",
                serde_json::from_str(body).unwrap_or(json!(body)),
            )
            .await;
        assert!(!executed(&v), "{v}");
    }
    let mut device = Device::new();
    assert!(matches!(
        discover(&lpa, &mut device).await,
        R::AuthenticateClientOk(_)
    ));
    lab.smds.shutdown().await;
}
