//! SGP.32 v1.0 IPAs at the eIM's ESipa edge, octet by octet (the v1.0 forms of 6.3.2.6,
//! 6.3.2.7 and 2.11.2.2 as `proto::sgp32::v1_0` has them): v1.0 polls get v1.0 answers, v1.0
//! results without EID or eimTransactionId are the device's that polled on the same TLS
//! connection, refusals are HTTP errors a v1.0 IPA cannot take for success, and a poll that
//! does not tell its generation is answered in the one learnt, else the eUICC's declared.

use eim_testkit as support;

use proto::der::{Asn1, Null};
use proto::sgp22::NotificationEvent;
use proto::sgp32::v1_0 as v10;
use proto::sgp32::{
    EimPackageResultErrorCode, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse, IoTSpecificInfo,
};
use serde_json::json;
use support::euicc::Profile;
use support::{Ipa, Lab, TestEuicc};

/// 262-01.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];
const LOCAL_ICCID: &str = "8949010000000000025";

/// A fresh TLS connection to the eIM's ESipa (a client of its own).
fn connection(lab: &Lab) -> Ipa {
    Ipa::new(&lab.pki, lab.eim().esipa_addr())
}

/// Sends a v1.0 message: the HTTP status and the v1.0 answer, if any.
async fn send(ipa: &Ipa, m: v10::EsipaMessageFromIpaToEim) -> (u16, Vec<u8>) {
    ipa.raw(m.to_der()).await
}

async fn poll(ipa: &Ipa, eid: [u8; 16], r_plmn: Option<[u8; 3]>) -> v10::GetEimPackageResponse {
    let (status, body) = send(
        ipa,
        v10::EsipaMessageFromIpaToEim::GetEimPackageRequest(v10::GetEimPackageRequest {
            eid_value: eid,
            notify_state_change: None,
            r_plmn,
        }),
    )
    .await;
    assert_eq!(status, 200);
    match v10::EsipaMessageFromEimToIpa::from_der(&body) {
        Ok(v10::EsipaMessageFromEimToIpa::GetEimPackageResponse(r)) => r,
        other => panic!("not a v1.0 GetEimPackageResponse: {other:?}"),
    }
}

/// ProvideEimPackageResult in v1.0: the status and, for 200, the acknowledgements.
async fn provide(ipa: &Ipa, r: v10::ProvideEimPackageResult) -> (u16, Option<Vec<i64>>) {
    let (status, body) = send(
        ipa,
        v10::EsipaMessageFromIpaToEim::ProvideEimPackageResult(r),
    )
    .await;
    if status != 200 {
        // At most a line of text saying why: nothing a v1.0 IPA could read as a message.
        assert!(
            body.is_empty() || std::str::from_utf8(&body).is_ok_and(|t| t.ends_with('\n')),
            "a refusal has no body a v1.0 IPA could misread: {body:02X?}"
        );
        return (status, None);
    }
    match v10::EsipaMessageFromEimToIpa::from_der(&body) {
        Ok(v10::EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(a)) => (
            status,
            Some(
                a.eim_acknowledgements
                    .map(|a| a.0.iter().map(|s| s.0).collect())
                    .unwrap_or_default(),
            ),
        ),
        other => panic!(
            "not a v1.0 ProvideEimPackageResultResponse: {other:?} {}",
            hex::encode(&body)
        ),
    }
}

/// v1.0 eUICC data with the eUICC's declared SGP.32 version `iot_version`.
fn euicc_data(iot_version: [u8; 3]) -> v10::ProvideEimPackageResult {
    v10::ProvideEimPackageResult::IpaEuiccDataResponse(v10::IpaEuiccDataResponse::IpaEuiccData(
        v10::IpaEuiccData {
            default_smdp_address: Some("smdp.v10.example".into()),
            euicc_info2: Some(v10::SGP32EUICCInfo2 {
                iot_specific_info: Some(IoTSpecificInfo {
                    iot_version: vec![iot_version],
                    ..Default::default()
                }),
                ..Default::default()
            }),
            notifications_list: Some(
                v10::SGP32RetrieveNotificationsListResponse::NotificationList(Vec::new()),
            ),
            ..Default::default()
        },
    ))
}

#[tokio::test]
async fn sgp32_v1_0_6_3_2_6_a_v1_0_poll_gets_v1_0_answers() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let ipa = connection(&lab);

    // v1.0 knows no eidNotFound: an unknown EID is undefinedError.
    let mut stranger = e.eid_bcd();
    stranger[15] ^= 0x01;
    assert_eq!(
        poll(&ipa, stranger, Some(GERMANY)).await,
        v10::GetEimPackageResponse::EimPackageError(v10::EimPackageError::UndefinedError)
    );

    // A data request in v1.0's tags, without eimTransactionId.
    let op = lab
        .api
        .queue(
            &e.eid,
            json!({"type": "euiccData", "tags": ["81", "A0", "BF22"]}),
        )
        .await;
    let v10::GetEimPackageResponse::IpaEuiccDataRequest(r) =
        poll(&ipa, e.eid_bcd(), Some(GERMANY)).await
    else {
        panic!("a data request")
    };
    assert_eq!(
        r.tag_list,
        [0x80, 0xBF, 0x2B, 0xBF, 0x22],
        "defaultSmdpAddress 80, notifications BF2B"
    );
    assert_eq!(r.search_criteria, None);
    let as_v1_2 = proto::sgp32::IpaEuiccDataRequest::from_der(&r.to_der()).unwrap();
    assert_eq!(
        as_v1_2.eim_transaction_id, None,
        "no eimTransactionId in v1.0"
    );

    // The answer names neither EID nor transaction: it settles the request polled for on
    // this connection; the v1.0 empty answer is BF50 00.
    let (status, body) = ipa
        .raw(v10::EsipaMessageFromIpaToEim::ProvideEimPackageResult(euicc_data([1, 0, 0])).to_der())
        .await;
    assert_eq!((status, hex::encode(&body)), (200, "bf5000".to_string()));
    assert_eq!(lab.api.operation(&op).await["state"], "done");
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["defaultSmdpAddress"], "smdp.v10.example", "{d}");
}

/// The issue's `missingEid`: a v1.0 result that names no package, on a connection no device
/// polled on, cannot be attributed; the refusal is an HTTP error (v1.2's error value reads
/// as an empty success in v1.0). On the polling connection the same result is taken.
#[tokio::test]
async fn sgp32_v1_0_6_3_2_7_a_result_without_eid_is_the_polling_connections() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "euiccData"})).await;
    let polled = connection(&lab);
    assert!(matches!(
        poll(&polled, e.eid_bcd(), Some(GERMANY)).await,
        v10::GetEimPackageResponse::IpaEuiccDataRequest(_)
    ));
    let other = connection(&lab);
    assert_eq!(provide(&other, euicc_data([1, 0, 0])).await, (400, None));
    assert_eq!(
        lab.api.operation(&op).await["state"],
        "sent",
        "nothing settled"
    );
    assert_eq!(
        provide(&polled, euicc_data([1, 0, 0])).await,
        (200, Some(vec![]))
    );
    assert_eq!(lab.api.operation(&op).await["state"], "done");

    // The IPA's own error (a bare INTEGER in v1.0) fails the package delivered on its
    // connection.
    let op = lab.api.queue(&e.eid, json!({"type": "euiccData"})).await;
    poll(&polled, e.eid_bcd(), Some(GERMANY)).await;
    let error =
        v10::ProvideEimPackageResult::EimPackageError(EimPackageResultErrorCode::UnknownPackage);
    assert_eq!(provide(&polled, error).await, (200, Some(vec![])));
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "error", "{v}");
}

/// A signed result with its notifications in v1.0's `BF2B` list (v1.2 refused it:
/// "mandatory field notificationList is missing"), on a connection of its own: the package's
/// transactionId it echoes names the device.
#[tokio::test]
async fn sgp32_v1_0_6_3_2_7_results_with_a_v1_0_notification_list_are_acknowledged() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    e.profiles.push(Profile {
        iccid: LOCAL_ICCID.into(),
        enabled: false,
        fallback: false,
    });
    lab.register(&e).await;
    let op = lab
        .api
        .queue(
            &e.eid,
            json!({"type": "enable", "iccid": LOCAL_ICCID, "rollback": false}),
        )
        .await;
    let v10::GetEimPackageResponse::EuiccPackageRequest(req) =
        poll(&connection(&lab), e.eid_bcd(), Some(GERMANY)).await
    else {
        panic!("an eUICC Package")
    };
    let req = req.to_v1_2().unwrap();
    assert!(
        e.eim_signature_ok(&req),
        "the eIM's signed octets, unchanged"
    );
    let result = v10::EuiccPackageResult::from_v1_2(&e.execute(&req)).unwrap();
    let result_seq = e.seq;
    let notification = e.notification(
        NotificationEvent::NOTIFICATION_ENABLE,
        LOCAL_ICCID,
        "smdp.example.com",
    );
    let message = v10::ProvideEimPackageResult::EprAndNotifications(v10::EprAndNotifications {
        euicc_package_result: result,
        notification_list: v10::SGP32RetrieveNotificationsListResponse::NotificationList(vec![
            proto::sgp32::SGP32PendingNotification::OtherSignedNotification(notification),
        ]),
    });
    let der = v10::EsipaMessageFromIpaToEim::ProvideEimPackageResult(message.clone()).to_der();
    assert!(
        EsipaMessageFromIpaToEim::from_der(&der).is_err(),
        "v1.2 cannot read it"
    );
    let (status, acks) = provide(&connection(&lab), message).await;
    assert_eq!(status, 200);
    assert_eq!(acks, Some(vec![result_seq, e.seq]));
    assert_eq!(lab.api.operation(&op).await["state"], "done");
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], LOCAL_ICCID, "{d}");
}

/// A result the eIM refuses (a forged signature) gets 400 from v1.0's view, where v1.2 gets
/// its error value; the genuine result is taken afterwards.
#[tokio::test]
async fn sgp32_v1_0_6_3_2_7_refusals_are_http_errors() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let ipa = connection(&lab);
    let v10::GetEimPackageResponse::EuiccPackageRequest(req) =
        poll(&ipa, e.eid_bcd(), Some(GERMANY)).await
    else {
        panic!("an eUICC Package")
    };
    let genuine = e.execute(&req.to_v1_2().unwrap());
    let forged = support::euicc::forge(&genuine);
    let v10_of = |r| {
        v10::ProvideEimPackageResult::EuiccPackageResult(
            v10::EuiccPackageResult::from_v1_2(r).unwrap(),
        )
    };
    assert_eq!(provide(&ipa, v10_of(&forged)).await, (400, None));
    assert_eq!(lab.api.operation(&op).await["state"], "sent");
    assert_eq!(
        provide(&ipa, v10_of(&genuine)).await,
        (200, Some(vec![e.seq]))
    );
    assert_eq!(lab.api.operation(&op).await["state"], "done");
}

/// A poll that does not tell its generation (no rPLMN: the same octets in both) is answered
/// in the connection's generation, else the one learnt from the device's telling messages,
/// else the one its eUICC declares in EUICCInfo2.
#[tokio::test]
async fn sgp32_v1_0_5_9_2_a_poll_that_does_not_tell_is_answered_in_the_devices_generation() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let data_request = |tags: &[&str]| json!({"type": "euiccData", "tags": tags});
    let tag_list = |r: GetEimPackageResponse| match r {
        GetEimPackageResponse::IpaEuiccDataRequest(r) => r.tag_list,
        other => panic!("{other:?}"),
    };

    // Nothing known: v1.2. The v1.0 eUICC data (only BF22, octets both read) is taken by the
    // connection, and declares SGP.32 1.0.0.
    lab.api.queue(&e.eid, data_request(&["BF22"])).await;
    let first = connection(&lab);
    assert_eq!(tag_list(first.poll_eid(e.eid_bcd()).await), [0xBF, 0x22]);
    let only_info2 = v10::ProvideEimPackageResult::IpaEuiccDataResponse(
        v10::IpaEuiccDataResponse::IpaEuiccData(v10::IpaEuiccData {
            euicc_info2: Some(v10::SGP32EUICCInfo2 {
                iot_specific_info: Some(IoTSpecificInfo {
                    iot_version: vec![[1, 0, 0]],
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
    );
    let (status, body) = first
        .raw(v10::EsipaMessageFromIpaToEim::ProvideEimPackageResult(only_info2).to_der())
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        hex::encode(body),
        "bf50023000",
        "v1.2's empty response: the connection's generation"
    );

    // The declared version: a new connection's poll is answered in v1.0 (80, not 81).
    lab.api.queue(&e.eid, data_request(&["81"])).await;
    assert!(matches!(
        poll(&connection(&lab), e.eid_bcd(), None).await,
        v10::GetEimPackageResponse::IpaEuiccDataRequest(r) if r.tag_list == [0x80]
    ));

    // Learnt beats declared: a v1.2 result with eidValue says the IPA speaks v1.2 now.
    let conn = connection(&lab);
    assert!(matches!(
        poll(&conn, e.eid_bcd(), Some(GERMANY)).await,
        v10::GetEimPackageResponse::IpaEuiccDataRequest(_)
    ));
    let ack = conn
        .provide(
            Some(e.eid_bcd()),
            proto::sgp32::EimPackageResult::IpaEuiccDataResponse(
                proto::sgp32::IpaEuiccDataResponse::IpaEuiccData(Default::default()),
            ),
        )
        .await;
    assert_eq!(
        ack,
        proto::sgp32::ProvideEimPackageResultResponse::EmptyResponse(Default::default())
    );
    lab.api.queue(&e.eid, data_request(&["81"])).await;
    assert_eq!(
        tag_list(connection(&lab).poll_eid(e.eid_bcd()).await),
        [0x81]
    );

    // A telling v1.0 poll (rPLMN at [1]) is learnt in turn.
    lab.api.queue(&e.eid, data_request(&["81"])).await;
    assert!(matches!(
        poll(&connection(&lab), e.eid_bcd(), Some(GERMANY)).await,
        v10::GetEimPackageResponse::IpaEuiccDataRequest(r) if r.tag_list == [0x80]
    ));
    let quiet = GetEimPackageRequest {
        eid_value: e.eid_bcd(),
        notify_state_change: Some(Null),
        ..GetEimPackageRequest::default()
    };
    let (_, body) = connection(&lab)
        .raw(EsipaMessageFromIpaToEim::GetEimPackageRequest(quiet).to_der())
        .await;
    assert!(matches!(
        v10::EsipaMessageFromEimToIpa::from_der(&body),
        Ok(v10::EsipaMessageFromEimToIpa::GetEimPackageResponse(
            v10::GetEimPackageResponse::IpaEuiccDataRequest(r)
        )) if r.tag_list == [0x80]
    ));
}

/// The JSON binding: a v1.0 result in `eimPackageResult` (the alternative's DER, as v1.2's)
/// is read as v1.0 and attributed by the connection.
#[tokio::test]
async fn sgp32_v1_0_6_4_json_results_in_v1_0_octets() {
    let lab = Lab::start().await;
    let e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab
        .api
        .queue(&e.eid, json!({"type": "euiccData", "tags": ["81"]}))
        .await;
    let ipa = connection(&lab);
    let v = ipa
        .json(
            "getEimPackage",
            json!({"eidValue": e.eid, "rPlmn": "62F210"}),
        )
        .await;
    assert!(support::executed(&v), "{v}");
    // Answered in v1.2: nothing told v1.0 yet.
    let der = support::unb64(&v["ipaEuiccDataRequest"]);
    assert_eq!(
        proto::sgp32::IpaEuiccDataRequest::from_der(&der)
            .unwrap()
            .tag_list,
        [0x81]
    );
    let v10::ProvideEimPackageResult::IpaEuiccDataResponse(data) = euicc_data([1, 0, 0]) else {
        unreachable!()
    };
    let v = ipa
        .json(
            "provideEimPackageResult",
            json!({"eimPackageResult": support::b64(&data.to_der())}),
        )
        .await;
    assert!(support::executed(&v), "{v}");
    assert_eq!(lab.api.operation(&op).await["state"], "done");
}
