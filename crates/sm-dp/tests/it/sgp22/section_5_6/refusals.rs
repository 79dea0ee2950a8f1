//! ES9+ refusals (SGP.22 5.6): each condition answered with its subject and reason codes,
//! and nothing moved by a refused call. The bindings' own refusals (malformed or mutated
//! requests) are in sgp22_6_binding_refusals.rs.

use crate::support;

use std::time::Duration;

use proto::crypto::EckaKeyPair;
use proto::der::{Asn1, Preserved};
use proto::sgp22::{
    AuthenticateResponseOk, AuthenticateServerResponse, CancelSessionReason, NotificationEvent,
    PendingNotification, PrepareDownloadResponse,
};
use proto::sgp22::{PprIds, StoreMetadataRequest};
use serde_json::json;
use sm_dp::{OrderSelector, OrderTerms, OrderTermsError, Ppr, ProfileState};
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
    assert_eq!(
        code(&r),
        codes("8.1.1", "3.8"),
        "no Matching ID and no order for this EID: the EID is refused"
    );

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
    // Long enough for the authentication to finish on a loaded machine, and waited out.
    let lab = Lab::start_with(|c| c.policy.order_ttl = Duration::from_secs(3)).await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let otpk = EckaKeyPair::generate().unwrap();
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert_eq!(code(&r), codes("8.8.5", "4.10"));
    let r = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.8.5", "4.10"));
    lab.smdp.shutdown().await;
}

/// An order's own terms, set by the SM-DP+'s operator (`rsp-lab smdp order set`): a
/// validity already over is "8.8.5/4.10", a cap of one download attempt allows one
/// AuthenticateClient and answers the next with "8.8.5/6.4" (SGP.22 5.6.3).
#[tokio::test]
async fn sgp22_5_6_3_an_orders_own_validity_and_attempt_cap_apply() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let view = lab.smdp.view();
    let (_, expired) = lab.order("lab-type", None, None).await;
    let terms = OrderTerms {
        valid_until: Some(1_577_836_800_000),
        max_attempts: None,
    };
    view.set_order_terms(&OrderSelector::MatchingId(expired.clone()), &terms)
        .await
        .unwrap();
    let r = lab
        .authenticate(&lab.euicc, Some(&expired))
        .await
        .unwrap_err();
    assert_eq!(code(&r), codes("8.8.5", "4.10"));

    let (iccid, once) = lab.order("lab-type", None, None).await;
    let terms = OrderTerms {
        valid_until: None,
        max_attempts: Some(1),
    };
    let order = view
        .set_order_terms(&OrderSelector::Iccid(iccid), &terms)
        .await
        .unwrap();
    assert_eq!(order.max_attempts, Some(1));
    lab.authenticate(&lab.euicc, Some(&once)).await.unwrap();
    let r = lab.authenticate(&lab.euicc, Some(&once)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.8.5", "6.4"));
    assert!(matches!(
        view.set_order_terms(
            &OrderSelector::MatchingId("NO-SUCH-ORDER".into()),
            &OrderTerms::default()
        )
        .await,
        Err(OrderTermsError::NoOpenOrder(_))
    ));
    lab.smdp.shutdown().await;
}

/// SGP.22 5.6.3 eligibility: a profile type whose profiles carry PPR1 is not eligible for an
/// eUICC whose EUICCInfo2 forbids PPR1 ("8.2.5/4.3"); an eUICC that forbids nothing gets
/// it, with ppr1 in the profile's metadata.
#[tokio::test]
async fn sgp22_5_6_3_a_profile_with_a_forbidden_ppr_is_not_eligible() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    lab.smdp
        .view()
        .set_profile_policy_rules("lab-type", &[Ppr::Ppr1])
        .await
        .unwrap();
    let (_, mid) = lab.order("lab-type", None, None).await;
    let mut strict = TestEuicc::of(&lab.pki);
    strict.forbidden_ppr = vec![PprIds::PPR1];
    let r = lab.authenticate(&strict, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&r), codes("8.2.5", "4.3"));
    let (_, ac) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let metadata = StoreMetadataRequest::from_der(&unb64(&ac["profileMetadata"])).unwrap();
    assert!(metadata.profile_policy_rules.unwrap().has(PprIds::PPR1));
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
async fn sgp22_5_6_2_the_same_otpk_gets_the_same_package() {
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

    lab.smdp.shutdown().await;
}

/// SGP.22 5.6.2: the eUICC retries after CancelSession (postponed) without the key the first
/// package was bound to. By default the SM-DP+ binds again, under a fresh otPK.DP.ECKA,
/// and the eUICC opens the profile; with rebinding off it is 8.2/3.7 ("BPP not available
/// for a new binding").
#[tokio::test]
async fn sgp22_5_6_2_a_retry_with_a_new_otpk_is_bound_again() {
    for allow in [true, false] {
        let lab = Lab::start_with(|c| {
            if !allow {
                c.policy.allow_rebinding = false;
            }
        })
        .await;
        lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
        let (iccid, mid) = lab.order("lab-type", None, None).await;
        let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
        let first_key = EckaKeyPair::generate().unwrap();
        let first = lab.get_bpp(&lab.euicc, &d, &first_key, None).await;
        let first =
            proto::sgp22::BoundProfilePackage::from_der(&unb64(&first["boundProfilePackage"]))
                .unwrap();
        let later = lab
            .euicc
            .cancel(&d, lab.smdp.oid(), CancelSessionReason::Postponed);
        let r = lab.es9.cancel_session(&d.transaction_id, &later).await;
        assert!(executed(&r), "{r}");

        let (d2, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
        let new_key = EckaKeyPair::generate().unwrap();
        let r = lab.get_bpp(&lab.euicc, &d2, &new_key, None).await;
        if !allow {
            assert_eq!(code(&r), codes("8.2", "3.7"));
            lab.smdp.shutdown().await;
            continue;
        }
        assert!(executed(&r), "{r}");
        let der = unb64(&r["boundProfilePackage"]);
        let again = proto::sgp22::BoundProfilePackage::from_der(&der).unwrap();
        assert_ne!(
            first.initialise_secure_channel_request.smdp_otpk,
            again.initialise_secure_channel_request.smdp_otpk
        );
        let (_, profile) = lab.euicc.open_bpp(&d2, &new_key, &der);
        assert_eq!(profile, lab.package(&iccid).await);
        lab.smdp.shutdown().await;
    }
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
    // Signed for another SM-DP+.
    let wrong = lab
        .euicc
        .cancel(&d, "2.999.99", CancelSessionReason::Postponed);
    let r = lab.es9.cancel_session(&d.transaction_id, &wrong).await;
    assert_eq!(code(&r), codes("8.8", "3.10"));
    let later = lab
        .euicc
        .cancel(&d, lab.smdp.oid(), CancelSessionReason::Postponed);
    let r = lab.es9.cancel_session(&d.transaction_id, &later).await;
    assert!(executed(&r), "{r}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);
    let r = lab.es9.cancel_session(&d.transaction_id, &later).await;
    assert_eq!(code(&r), codes("8.10.1", "3.9"), "the session is closed");

    // The order survived: a new session, then the end user says no.
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let no = lab
        .euicc
        .cancel(&d, lab.smdp.oid(), CancelSessionReason::EndUserRejection);
    let r = lab.es9.cancel_session(&d.transaction_id, &no).await;
    assert!(executed(&r));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Error);
    let e = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    assert_eq!(code(&e), codes("8.2.6", "3.8"));
    lab.smdp.shutdown().await;
}

/// InitiateAuthentication, then AuthenticateClient with the eUICC's response altered by
/// `alter` (given the eUICC, to sign again when it changes signed data).
async fn authenticate_altered(
    lab: &Lab,
    euicc: &TestEuicc,
    matching_id: &str,
    alter: impl FnOnce(&TestEuicc, &mut AuthenticateResponseOk),
) -> serde_json::Value {
    let init = lab.es9.initiate(euicc, FQDN).await;
    assert!(executed(&init), "{init}");
    let (asr, _) = euicc.authenticate_server(
        &unb64(&init["serverSigned1"]),
        &sig_value(&unb64(&init["serverSignature1"])),
        &unb64(&init["serverCertificate"]),
        Some(matching_id),
    );
    let AuthenticateServerResponse::AuthenticateResponseOk(mut ok) = asr else {
        panic!("the test eUICC answers Ok");
    };
    alter(euicc, &mut ok);
    lab.es9
        .call(
            "authenticateClient",
            json!({
                "transactionId": init["transactionId"],
                "authenticateServerResponse":
                    b64(&AuthenticateServerResponse::AuthenticateResponseOk(ok).to_der()),
            }),
        )
        .await
}

/// The profile's state and history, to show a refusal moved nothing.
async fn snapshot(lab: &Lab, iccid: &str) -> (ProfileState, Vec<ProfileState>) {
    (lab.profile(iccid).await.state, lab.history(iccid).await)
}

#[tokio::test]
async fn sgp22_5_6_3_a_flipped_euicc_signature1_is_refused_and_moves_nothing() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let before = snapshot(&lab, &iccid).await;
    let r = authenticate_altered(&lab, &lab.euicc, &mid, |_, ok| {
        ok.euicc_signature1[10] ^= 0x01;
    })
    .await;
    assert_eq!(code(&r), codes("8.1", "6.1"), "eUICC verification failed");
    assert_eq!(snapshot(&lab, &iccid).await, before);
    // The order was neither bound nor consumed: the genuine eUICC still downloads.
    assert!(lab.authenticate(&lab.euicc, Some(&mid)).await.is_ok());
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_a_wrong_server_challenge_in_euicc_signed1_is_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let before = snapshot(&lab, &iccid).await;
    // Validly signed by the eUICC, but over another serverChallenge (a replayed response).
    let r = authenticate_altered(&lab, &lab.euicc, &mid, |euicc, ok| {
        let mut signed = ok.euicc_signed1.value().clone();
        signed.server_challenge[0] ^= 0xFF;
        let signed = Preserved::new(signed);
        ok.euicc_signature1 = euicc.key.sign(signed.raw()).unwrap().as_raw().to_vec();
        ok.euicc_signed1 = signed;
    })
    .await;
    assert_eq!(code(&r), codes("8.1", "6.1"), "eUICC verification failed");
    assert_eq!(snapshot(&lab, &iccid).await, before);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_an_eid_outside_the_eum_permitted_prefix_is_refused() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    // An order without EID, so only the certificate chain can refuse the eUICC.
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let before = snapshot(&lab, &iccid).await;
    let eid = certs::eid::eid_from_prefix("89033023", 42).unwrap();
    let eum = lab.pki.require(certs::CertRole::Eum).unwrap();
    let issued = certs::CertIssuer::new(eum)
        .unwrap()
        .issue_euicc_ignoring_prefix(&eid)
        .unwrap();
    let key = issued.credential.key().unwrap().clone();
    let outsider = TestEuicc {
        eid,
        key: proto::crypto::SigningKey::new(key).unwrap(),
        cert: issued.credential.cert_der.clone(),
        eum: eum.cert_der.clone(),
        ci_ski: lab.euicc.ci_ski.clone(),
        forbidden_ppr: Vec::new(),
    };
    let r = lab.authenticate(&outsider, Some(&mid)).await.unwrap_err();
    // SGP.22 5.6.3: the eUICC certificate is invalid (euiccCertificateInvalid).
    assert_eq!(code(&r), codes("8.1.3", "6.1"));
    assert_eq!(snapshot(&lab, &iccid).await, before);
    let order = lab
        .smdp
        .view()
        .order_by_matching_id(&mid)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.eid, None, "the order was not bound to the outsider");
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_2_a_flipped_euicc_signature2_is_refused_and_moves_nothing() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let before = snapshot(&lab, &iccid).await;
    let otpk = EckaKeyPair::generate().unwrap();
    let PrepareDownloadResponse::DownloadResponseOk(mut pdr) =
        lab.euicc.prepare_download(&d, &otpk, None)
    else {
        panic!("the test eUICC answers Ok");
    };
    pdr.euicc_signature2[20] ^= 0x80;
    let r = lab
        .es9
        .call(
            "getBoundProfilePackage",
            json!({
                "transactionId": hex::encode_upper(&d.transaction_id),
                "prepareDownloadResponse":
                    b64(&PrepareDownloadResponse::DownloadResponseOk(pdr).to_der()),
            }),
        )
        .await;
    assert_eq!(code(&r), codes("8.1", "6.1"), "eUICC verification failed");
    assert_eq!(snapshot(&lab, &iccid).await, before);
    assert_eq!(before.0, ProfileState::Released, "not Downloaded");
    // Nothing was bound: the genuine PrepareDownloadResponse still gets the package.
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert!(executed(&r), "{r}");
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_3_the_download_retry_limit_refuses_a_second_attempt() {
    let lab = Lab::start_with(|c| c.policy.max_download_attempts = 1).await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    assert!(lab.authenticate(&lab.euicc, Some(&mid)).await.is_ok());
    let before = snapshot(&lab, &iccid).await;
    let r = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap_err();
    // Download order / maximum number of retries exceeded.
    assert_eq!(code(&r), codes("8.8.5", "6.4"));
    assert_eq!(snapshot(&lab, &iccid).await, before);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_4_notifications_with_a_bad_signature_get_204_and_move_nothing() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = EckaKeyPair::generate().unwrap();
    assert!(executed(&lab.get_bpp(&lab.euicc, &d, &otpk, None).await));
    let notify = |n: PendingNotification| {
        let es9 = &lab.es9;
        async move {
            es9.call(
                "handleNotification",
                json!({"pendingNotification": b64(&n.to_der())}),
            )
            .await
        }
    };

    // A Profile Installation Result whose euiccSignPIR does not verify.
    let PendingNotification::ProfileInstallationResult(mut pir) =
        lab.euicc.pir(&d, lab.smdp.oid(), &iccid, FQDN, 1, true)
    else {
        panic!("a PIR");
    };
    pir.euicc_sign_pir.0[5] ^= 0x01;
    let before = snapshot(&lab, &iccid).await;
    assert_eq!(before.0, ProfileState::Downloaded);
    let r = notify(PendingNotification::ProfileInstallationResult(pir)).await;
    assert!(r.is_null(), "acknowledged with 204");
    assert_eq!(snapshot(&lab, &iccid).await, before);

    // The genuine PIR installs; then an enable notification with a bad signature.
    let r = notify(lab.euicc.pir(&d, lab.smdp.oid(), &iccid, FQDN, 1, true)).await;
    assert!(r.is_null());
    let before = snapshot(&lab, &iccid).await;
    assert_eq!(before.0, ProfileState::Installed);
    let PendingNotification::OtherSignedNotification(mut enable) =
        lab.euicc
            .other_notification(NotificationEvent::NOTIFICATION_ENABLE, &iccid, FQDN, 2)
    else {
        panic!("an other signed notification");
    };
    enable.euicc_notification_signature[7] ^= 0x01;
    let r = notify(PendingNotification::OtherSignedNotification(enable)).await;
    assert!(r.is_null(), "acknowledged with 204");
    assert_eq!(snapshot(&lab, &iccid).await, before);
    lab.smdp.shutdown().await;
}
