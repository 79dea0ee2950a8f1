//! Indirect profile download relayed by the eIM (SGP.32 v1.2 5.14.1–5.14.4, 5.14.7) to the
//! real SM-DP+ over ES9+: compact AuthenticateServer, PrepareDownload, installation result
//! and cancellation answers are rebuilt by the eIM, and the SM-DP+ accepts the eUICC's
//! signatures over the rebuilt octets.

use eim_testkit as support;

use std::time::Duration;

use proto::der::Asn1;
use proto::ids::ActivationCode;
use proto::sgp32::{
    AuthenticateClientErrorEsipa, AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa,
    EimAcknowledgements, EimPackageResult, EsipaMessageFromEimToIpa as Out,
    EsipaMessageFromIpaToEim as In, GetBoundProfilePackageRequestEsipa,
    GetBoundProfilePackageResponseEsipa, GetEimPackageRequest, GetEimPackageResponse,
    HandleNotificationEsipa, InitiateAuthenticationErrorEsipa, InitiateAuthenticationOkEsipa,
    InitiateAuthenticationRequestEsipa, InitiateAuthenticationResponseEsipa, IpaEuiccData,
    IpaEuiccDataResponse, ProfileDownloadData, ProfileDownloadTriggerRequest,
    ProvideEimPackageResultResponse, SGP32PendingNotification, SequenceNumber,
};
use serde_json::json;
use sm_dp::SmDpHandle;
use support::{Lab, TestEuicc, b64, executed, status_code, unb64};
use tests::eim_smdp::lab;

async fn next(lab: &Lab, e: &TestEuicc) -> GetEimPackageResponse {
    for _ in 0..100 {
        let r = lab
            .ipa
            .poll(GetEimPackageRequest {
                eid_value: e.eid_bcd(),
                ..GetEimPackageRequest::default()
            })
            .await;
        if !matches!(r, GetEimPackageResponse::EimPackageError(_)) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing queued")
}

async fn trigger(lab: &Lab, e: &TestEuicc) -> (ProfileDownloadTriggerRequest, String) {
    lab.api
        .queue(&e.eid, json!({"type": "localize", "country": "DE"}))
        .await;
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) = next(lab, e).await else {
        panic!("expected a trigger")
    };
    let Some(ProfileDownloadData::ActivationCode(ac)) = &t.profile_download_data else {
        panic!()
    };
    let m = ActivationCode::parse(ac).unwrap().matching_id.unwrap();
    (t.clone(), m.as_str().to_string())
}

async fn initiate(
    lab: &Lab,
    req: InitiateAuthenticationRequestEsipa,
) -> InitiateAuthenticationResponseEsipa {
    match lab
        .ipa
        .send(&In::InitiateAuthenticationRequestEsipa(req))
        .await
    {
        Some(Out::InitiateAuthenticationResponseEsipa(r)) => r,
        other => panic!("{other:?}"),
    }
}

async fn smdp_state(dp: &SmDpHandle, iccid: &str) -> sm_dp::ProfileState {
    dp.view().profile(iccid).await.unwrap().unwrap().state
}

/// A localization's download relayed by the eIM up to the Bound Profile Package, with
/// compact AuthenticateServer and PrepareDownload answers; the transactionId and the ICCID.
async fn relayed_download(lab: &Lab, dp: &SmDpHandle, e: &mut TestEuicc) -> (Vec<u8>, String) {
    // The eIM learns EUICCInfo1/2 (to rebuild compact forms and fill euiccInfo1).
    lab.api
        .queue(
            &e.eid,
            json!({"type": "euiccData", "tags": ["BF20", "BF22"]}),
        )
        .await;
    let GetEimPackageResponse::IpaEuiccDataRequest(d) = next(lab, e).await else {
        panic!("expected a data request")
    };
    assert_eq!(d.tag_list, vec![0xBF, 0x20, 0xBF, 0x22]);
    let r = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(
                IpaEuiccData {
                    euicc_info1: Some(e.euicc_info1()),
                    euicc_info2: Some(e.euicc_info2()),
                    eim_transaction_id: d.eim_transaction_id.clone(),
                    ..IpaEuiccData::default()
                },
            )),
        )
        .await;
    assert!(
        matches!(r, ProvideEimPackageResultResponse::EmptyResponse(_)),
        "{r:?}"
    );

    let (t, matching_id) = trigger(lab, e).await;
    // InitiateAuthentication without smdpAddress or euiccInfo1: the eIM knows both.
    let InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok) = initiate(
        lab,
        InitiateAuthenticationRequestEsipa {
            euicc_challenge: [7; 16],
            smdp_address: None,
            euicc_info1: None,
            eim_transaction_id: t.eim_transaction_id.clone(),
        },
    )
    .await
    else {
        panic!("InitiateAuthentication refused")
    };
    let InitiateAuthenticationOkEsipa {
        transaction_id,
        server_signed1,
        server_signature1,
        server_certificate,
        ..
    } = ok;
    let tid = transaction_id.expect("transactionId");
    assert_eq!(server_signed1.euicc_challenge, [7; 16]);
    // Compact AuthenticateServer answer, certificates left out.
    let asr = e.authenticate_server(
        server_signed1.raw(),
        &server_signature1,
        server_certificate.0.as_bytes(),
        &matching_id,
        true,
    );
    let Some(Out::AuthenticateClientResponseEsipa(
        AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(ac),
    )) = lab
        .ipa
        .send(&In::AuthenticateClientRequestEsipa(
            AuthenticateClientRequestEsipa {
                transaction_id: tid.clone(),
                authenticate_server_response: asr,
            },
        ))
        .await
    else {
        panic!("AuthenticateClient refused")
    };
    let iccid = support::euicc::digits(&ac.profile_meta_data.as_ref().unwrap().iccid);
    // Compact PrepareDownload answer.
    let pdr = e.prepare_download(&tid, &ac.smdp_signature2, true);
    let Some(Out::GetBoundProfilePackageResponseEsipa(
        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(bpp),
    )) = lab
        .ipa
        .send(&In::GetBoundProfilePackageRequestEsipa(
            GetBoundProfilePackageRequestEsipa {
                transaction_id: tid.clone(),
                prepare_download_response: pdr,
            },
        ))
        .await
    else {
        panic!("GetBoundProfilePackage refused")
    };
    assert!(!bpp.bound_profile_package.to_der().is_empty());
    assert_eq!(
        smdp_state(dp, &iccid).await,
        sm_dp::ProfileState::Downloaded
    );
    (tid, iccid)
}

/// Runs the engine until the SM-DP+ shows `iccid` in `state`.
async fn until_smdp_state(lab: &Lab, dp: &SmDpHandle, iccid: &str, state: sm_dp::ProfileState) {
    for _ in 0..100 {
        lab.fleet().run_engine().await.unwrap();
        if smdp_state(dp, iccid).await == state {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(smdp_state(dp, iccid).await, state);
}

/// The device's notifications as (event, forward state) once every one is forwarded, or
/// as they stand after 5 s; with the history they were read from.
async fn until_forwarded(lab: &Lab, eid: &str) -> (Vec<(String, String)>, serde_json::Value) {
    let mut states = Vec::new();
    let mut h = serde_json::Value::Null;
    for _ in 0..100 {
        h = lab.api.get(&format!("/v1/devices/{eid}/history")).await.1;
        states = h["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["event"].as_str().unwrap().to_string(),
                    n["forwardState"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>();
        if !states.is_empty() && states.iter().all(|(_, s)| s == "forwarded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (states, h)
}

#[tokio::test]
async fn sgp32_5_14_compact_forms_are_rebuilt_and_accepted_by_the_smdp() {
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let (tid, iccid) = relayed_download(&lab, &dp, &mut e).await;
    // Compact installation result through HandleNotification: rebuilt, verified,
    // forwarded to the SM-DP+, which records the installation.
    let pir = e.compact_installation(&tid, &iccid, dp.address(), dp.oid());
    let none = lab
        .ipa
        .send(&In::HandleNotificationEsipa(
            HandleNotificationEsipa::PendingNotification(
                SGP32PendingNotification::CompactProfileInstallationResult(pir),
            ),
        ))
        .await;
    assert!(none.is_none(), "204");
    until_smdp_state(&lab, &dp, &iccid, sm_dp::ProfileState::Installed).await;
    // The SM-DP+ records the installation before the eIM's worker records its answer (its
    // own transaction, after the call returns): wait for that too.
    let (forwarded, h) = until_forwarded(&lab, &e.eid).await;
    assert_eq!(
        forwarded,
        [("install".to_string(), "forwarded".to_string())],
        "{h}"
    );
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert!(
        d["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["iccid"] == iccid),
        "{d}"
    );
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

/// The notifications of a relayed download handed over together, the enable listed before
/// the installation result, reach the SM-DP+ in the eUICC's order: installed, then enabled
/// (the SM-DP+ does not take an enable before the installation).
#[tokio::test]
async fn sgp32_5_14_7_notifications_received_together_are_forwarded_in_seq_number_order() {
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let (tid, iccid) = relayed_download(&lab, &dp, &mut e).await;
    let pir = e.compact_installation(&tid, &iccid, dp.address(), dp.oid());
    let pir_seq = e.seq;
    let enable = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_ENABLE,
        &iccid,
        dp.address(),
    );
    let enable_seq = e.seq;
    let r = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(
                IpaEuiccData {
                    notifications_list: Some(vec![
                        SGP32PendingNotification::OtherSignedNotification(enable),
                        SGP32PendingNotification::CompactProfileInstallationResult(pir),
                    ]),
                    ..IpaEuiccData::default()
                },
            )),
        )
        .await;
    assert_eq!(
        r,
        ProvideEimPackageResultResponse::EimAcknowledgements(EimAcknowledgements(vec![
            SequenceNumber(enable_seq),
            SequenceNumber(pir_seq)
        ]))
    );
    until_smdp_state(&lab, &dp, &iccid, sm_dp::ProfileState::Enabled).await;
    // The SM-DP+ has both; the eIM records each as forwarded once the SM-DP+ answered.
    let want = [("install", "forwarded"), ("enable", "forwarded")];
    let (forwarded, h) = until_forwarded(&lab, &e.eid).await;
    let forwarded: Vec<(&str, &str)> = forwarded
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    assert_eq!(forwarded, want, "{h}");
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

#[tokio::test]
async fn sgp32_6_4_json_relay_and_compact_cancel_session() {
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let (t, matching_id) = trigger(&lab, &e).await;
    let v = lab
        .ipa
        .json(
            "initiateAuthentication",
            json!({
                "euiccChallenge": b64(&[3; 16]),
                "euiccInfo1": b64(&e.euicc_info1().to_der()),
                "smdpAddress": dp.address(),
                "eimTransactionId": hex::encode_upper(t.eim_transaction_id.clone().unwrap()),
            }),
        )
        .await;
    assert!(executed(&v), "{v}");
    let sig_tlv = unb64(&v["serverSignature1"]);
    let sig = proto::der::Tlv::parse_single(&sig_tlv)
        .unwrap()
        .value()
        .to_vec();
    let asr = e.authenticate_server(
        &unb64(&v["serverSigned1"]),
        &sig,
        &unb64(&v["serverCertificate"]),
        &matching_id,
        false,
    );
    let tid = v["transactionId"].as_str().unwrap().to_string();
    let v = lab
        .ipa
        .json(
            "authenticateClient",
            json!({"transactionId": tid, "authenticateServerResponse": b64(&asr.to_der())}),
        )
        .await;
    assert!(executed(&v), "{v}");
    let tid_bytes = hex::decode(&tid).unwrap();
    let csr = e.compact_cancel(&tid_bytes, dp.oid());
    let v = lab
        .ipa
        .json(
            "cancelSession",
            json!({"transactionId": tid, "cancelSessionResponse": b64(&csr.to_der())}),
        )
        .await;
    assert!(
        executed(&v),
        "the SM-DP+ accepted the rebuilt cancellation: {v}"
    );
    // The session is over: GetBoundProfilePackage on it is refused.
    let pdr = e.prepare_download(&tid_bytes, &[0; 64], false);
    let v = lab
        .ipa
        .json(
            "getBoundProfilePackage",
            json!({"transactionId": tid, "prepareDownloadResponse": b64(&pdr.to_der())}),
        )
        .await;
    assert_eq!(status_code(&v), ("8.10.1".into(), "3.9".into()), "{v}");
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

#[tokio::test]
async fn sgp32_6_3_2_1_relay_refusals_carry_the_esipa_error_values() {
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let (t, _) = trigger(&lab, &e).await;
    let r = initiate(
        &lab,
        InitiateAuthenticationRequestEsipa {
            euicc_challenge: [1; 16],
            smdp_address: None,
            euicc_info1: Some(e.euicc_info1()),
            eim_transaction_id: Some(vec![0xEE; 8]),
        },
    )
    .await;
    assert_eq!(
        r.to_der(),
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
            InitiateAuthenticationErrorEsipa::InvalidEimTransactionId
        )
        .to_der()
    );
    let r = initiate(
        &lab,
        InitiateAuthenticationRequestEsipa {
            euicc_challenge: [1; 16],
            smdp_address: Some("other-smdp.example".into()),
            euicc_info1: Some(e.euicc_info1()),
            eim_transaction_id: t.eim_transaction_id.clone(),
        },
    )
    .await;
    assert_eq!(
        r.to_der(),
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
            InitiateAuthenticationErrorEsipa::SmdpAddressMismatch
        )
        .to_der()
    );
    // The SM-DP+ refuses an address that is not its own: invalidDpAddress.
    let r = initiate(
        &lab,
        InitiateAuthenticationRequestEsipa {
            euicc_challenge: [1; 16],
            smdp_address: Some("wrong.rsp-lab.test".into()),
            euicc_info1: Some(e.euicc_info1()),
            eim_transaction_id: None,
        },
    )
    .await;
    assert_eq!(
        r.to_der(),
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
            InitiateAuthenticationErrorEsipa::InvalidDpAddress
        )
        .to_der()
    );
    let r = lab
        .ipa
        .send(&In::AuthenticateClientRequestEsipa(
            AuthenticateClientRequestEsipa {
                transaction_id: vec![0xAB; 16],
                authenticate_server_response:
                    proto::sgp32::SGP32AuthenticateServerResponse::AuthenticateResponseError(
                        proto::sgp22::AuthenticateResponseError {
                            transaction_id: vec![0xAB; 16],
                            authenticate_error_code:
                                proto::sgp22::AuthenticateErrorCode::UndefinedError,
                        },
                    ),
            },
        ))
        .await;
    assert_eq!(
        r.map(|m| m.to_der()),
        Some(
            Out::AuthenticateClientResponseEsipa(
                AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
                    AuthenticateClientErrorEsipa::InvalidTransactionId
                )
            )
            .to_der()
        )
    );
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

/// The SM-DP+'s count of TLS handshakes on its ES9+ listener (`GET /metrics`).
async fn es9_handshakes(dp: &SmDpHandle) -> f64 {
    let metrics = dp.metrics_addr().expect("metrics listener");
    tests::metrics::smdp_tls_handshakes(metrics, "es9plus").await
}

/// Relayed calls arriving all at once (IPAs starting their downloads together) open no
/// more ES9+ connections than the eIM has relay calls in flight: the others wait for one of
/// those connections. Each call in flight otherwise takes a connection of its own, which
/// adds to the SM-DP+'s `max_connections` the devices' own direct downloads use too.
#[tokio::test]
async fn relayed_calls_at_once_share_a_bounded_set_of_es9_connections() {
    const CALLS: usize = 3 * eim::smdp::ES9_CALLS_AT_ONCE;
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    let e = TestEuicc::of(&lab.pki, 7);
    let before = es9_handshakes(&dp).await;
    let mut relays = tokio::task::JoinSet::new();
    for n in 0..CALLS {
        let ipa = support::Ipa {
            http: lab.ipa.http.clone(),
            base: lab.ipa.base.clone(),
        };
        let req = In::InitiateAuthenticationRequestEsipa(InitiateAuthenticationRequestEsipa {
            euicc_challenge: [n as u8; 16],
            smdp_address: Some(dp.address().to_string()),
            euicc_info1: Some(e.euicc_info1()),
            eim_transaction_id: None,
        });
        relays.spawn(async move { ipa.send(&req).await });
    }
    let mut sessions = std::collections::BTreeSet::new();
    while let Some(answer) = relays.join_next().await {
        match answer.expect("task") {
            Some(Out::InitiateAuthenticationResponseEsipa(
                InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok),
            )) => sessions.insert(ok.transaction_id.expect("transactionId")),
            other => panic!("{other:?}"),
        };
    }
    assert_eq!(
        sessions.len(),
        CALLS,
        "each relayed call a session of its own"
    );
    let opened = es9_handshakes(&dp).await - before;
    assert!(
        (1.0..=eim::smdp::ES9_CALLS_AT_ONCE as f64).contains(&opened),
        "{CALLS} relayed calls at once over {opened} connections"
    );
    lab.eim_shutdown().await;
    dp.shutdown().await;
}
