use proptest::prelude::*;
use proto::ids::TransactionId;
use proto::json::es9p::*;
use proto::json::{EmptyResponse, ResponseError, StatusCode, decode, decode_response};

use super::round_trip;

const TID: &str = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";

#[test]
fn sgp22_6_5_2_6_initiate_authentication_request() {
    let r: InitiateAuthenticationRequest = round_trip(
        r#"{"euiccChallenge":"AAECAwQFBgcICQoLDA0ODw==","euiccInfo1":"vyAIggMCBQABAgME",
            "smdpAddress":"testsmdpplus1.example.com","futureLpaCapability":"AQ=="}"#,
    );
    assert_eq!(r.header, None);
    assert_eq!(r.euicc_challenge, (0u8..16).collect::<Vec<u8>>());
    assert_eq!(r.euicc_info1[..2], [0xBF, 0x20]);
    assert!(r.smdp_address.matches("TESTSMDPPLUS1.example.com"));
}

#[test]
fn sgp22_6_5_2_6_initiate_authentication_request_with_header() {
    let r: InitiateAuthenticationRequest = round_trip(
        r#"{"header":{"functionRequesterIdentifier":"lpa","functionCallIdentifier":"1"},
            "euiccChallenge":"AAECAwQFBgcICQoLDA0ODw==","euiccInfo1":"vyAIggMCBQABAgME",
            "smdpAddress":"smdp.example.com:8443"}"#,
    );
    assert_eq!(r.header.unwrap().function_call_identifier, "1");
}

#[test]
fn sgp22_6_5_2_6_initiate_authentication_response() {
    let r: InitiateAuthenticationResponse = round_trip(&format!(
        r#"{{"header":{{"functionExecutionStatus":{{"status":"Executed-Success"}}}},
            "transactionId":"{TID}","serverSigned1":"MAOAAQE=",
            "serverSignature1":"XzdAEREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREQ==",
            "euiccCiPKIdToBeUsed":"BBT19fX19fX19fX19fX19fX19fX19Q==","serverCertificate":"MIIB",
            "futureOtherCertsInChain":"MIIB"}}"#
    ));
    assert_eq!(r.transaction_id, TransactionId::from_hex(TID).unwrap());
    assert_eq!(r.server_signature1[..3], [0x5F, 0x37, 0x40]);
    assert_eq!(r.euicc_ci_pkid_to_be_used[..2], [0x04, 0x14]);
}

#[test]
fn sgp22_6_5_2_8_authenticate_client_request_and_response() {
    let req: AuthenticateClientRequest = round_trip(&format!(
        r#"{{"transactionId":"{TID}","authenticateServerResponse":"vzgDgAGq"}}"#
    ));
    assert_eq!(
        req.authenticate_server_response,
        [0xBF, 0x38, 0x03, 0x80, 0x01, 0xAA]
    );
    let resp: AuthenticateClientResponse = round_trip(&format!(
        r#"{{"header":{{"functionExecutionStatus":{{"status":"Executed-Success"}}}},
            "transactionId":"{TID}","profileMetadata":"vyUMWgqYlESZmZmZCSDz",
            "smdpSigned2":"MAaAAQEBAf8=","smdpSignature2":"XzdAEREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREREQ==",
            "smdpCertificate":"MIIB"}}"#
    ));
    assert_eq!(resp.profile_metadata[..2], [0xBF, 0x25]);
}

#[test]
fn sgp22_6_5_2_7_get_bound_profile_package_request_and_response() {
    let req: GetBoundProfilePackageRequest = round_trip(&format!(
        r#"{{"transactionId":"{TID}","prepareDownloadResponse":"MAOAAQE="}}"#
    ));
    assert_eq!(req.transaction_id.as_bytes().len(), 16);
    let resp: GetBoundProfilePackageResponse = round_trip(&format!(
        r#"{{"header":{{"functionExecutionStatus":{{"status":"Executed-Success"}}}},
            "transactionId":"{TID}","boundProfilePackage":"vzYDgAGq"}}"#
    ));
    assert_eq!(resp.bound_profile_package[..2], [0xBF, 0x36]);
}

#[test]
fn sgp22_6_5_2_9_handle_notification_request() {
    let r: HandleNotificationRequest = round_trip(r#"{"pendingNotification":"vzcCgAA="}"#);
    assert_eq!(r.pending_notification, [0xBF, 0x37, 0x02, 0x80, 0x00]);
}

#[test]
fn sgp22_6_5_2_10_cancel_session_request_and_header_only_response() {
    let r: CancelSessionRequest = round_trip(&format!(
        r#"{{"transactionId":"{TID}","cancelSessionResponse":"v0ECgAE="}}"#
    ));
    assert_eq!(r.cancel_session_response[..2], [0xBF, 0x41]);
    // osmo-smdpp once echoed transactionId in the answer: tolerated.
    let resp: EmptyResponse = decode_response(
        format!(
            r#"{{"header":{{"functionExecutionStatus":{{"status":"Executed-Success"}}}},
                "transactionId":"{TID}"}}"#
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(resp, EmptyResponse::success());
}

#[test]
fn sgp22_5_6_3_failed_response_comes_back_with_its_status_code() {
    let body = br#"{"header":{"functionExecutionStatus":{"status":"Failed",
        "statusCodeData":{"subjectCode":"8.10.1","reasonCode":"3.9","message":"Unknown"}}}}"#;
    match decode_response::<AuthenticateClientResponse>(body) {
        Err(ResponseError::Failed(status)) => {
            assert!(
                status
                    .status_code_data
                    .unwrap()
                    .is(StatusCode::TRANSACTION_ID_UNKNOWN)
            );
        }
        other => panic!("expected Failed, got {other:?}"),
    }
    let text = serde_json::to_string(&EmptyResponse::failed(
        StatusCode::SMDP_ADDRESS_REFUSED,
        "Invalid SM-DP+ Address",
    ))
    .unwrap();
    assert_eq!(
        text,
        r#"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{"subjectCode":"8.8.1","reasonCode":"3.8","message":"Invalid SM-DP+ Address"}}}}"#
    );
}

#[test]
fn sgp22_6_5_2_malformed_members_are_named_in_the_error() {
    let bad_b64 = format!(r#"{{"transactionId":"{TID}","prepareDownloadResponse":"M@O="}}"#);
    let e = decode::<GetBoundProfilePackageRequest>(bad_b64.as_bytes()).unwrap_err();
    assert_eq!(e.member(), Some("prepareDownloadResponse"));
    let bad_hex = r#"{"transactionId":"0A1","prepareDownloadResponse":"MAOAAQE="}"#;
    let e = decode::<GetBoundProfilePackageRequest>(bad_hex.as_bytes()).unwrap_err();
    assert_eq!(e.member(), Some("transactionId"));
    let missing = r#"{"transactionId":"0A"}"#;
    let e = decode::<GetBoundProfilePackageRequest>(missing.as_bytes()).unwrap_err();
    assert!(e.message.contains("prepareDownloadResponse"), "{e}");
    let bad_address = r#"{"euiccChallenge":"AA==","euiccInfo1":"AA==","smdpAddress":"a b"}"#;
    let e = decode::<InitiateAuthenticationRequest>(bad_address.as_bytes()).unwrap_err();
    assert_eq!(e.member(), Some("smdpAddress"));
    let e = decode::<HandleNotificationRequest>(b"not json").unwrap_err();
    assert_eq!(e.member(), None);
    let e = decode::<HandleNotificationRequest>(b"[1]").unwrap_err();
    assert_eq!(e.member(), None);
    // Executed response missing its output data.
    let e = decode_response::<GetBoundProfilePackageResponse>(
        br#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}}}"#,
    )
    .unwrap_err();
    assert!(matches!(e, ResponseError::Json(_)));
}

#[test]
fn sgp22_6_5_2_base64_input_is_lenient_about_padding_and_line_breaks() {
    let r: HandleNotificationRequest = decode(br#"{"pendingNotification":"vzcC\r\ngAA"}"#).unwrap();
    assert_eq!(r.pending_notification, [0xBF, 0x37, 0x02, 0x80, 0x00]);
}

proptest! {
    #[test]
    fn sgp22_6_5_2_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode::<InitiateAuthenticationRequest>(&bytes);
        let _ = decode_response::<InitiateAuthenticationResponse>(&bytes);
        let _ = decode_response::<AuthenticateClientResponse>(&bytes);
        let _ = decode::<CancelSessionRequest>(&bytes);
    }

    #[test]
    fn sgp22_6_5_2_wrong_member_values_never_panic(
        tid in ".{0,40}", b64 in "[A-Za-z0-9+/=@ \r\n]{0,40}",
    ) {
        let text = serde_json::json!({
            "header": {"functionExecutionStatus": {"status": "Executed-Success"}},
            "transactionId": tid, "boundProfilePackage": b64,
        })
        .to_string();
        let _ = decode_response::<GetBoundProfilePackageResponse>(text.as_bytes());
    }

    #[test]
    fn sgp22_6_5_2_every_body_round_trips(
        tid in proptest::collection::vec(any::<u8>(), 1..=16),
        der in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let r = GetBoundProfilePackageRequest {
            header: None,
            transaction_id: TransactionId::new(&tid).unwrap(),
            prepare_download_response: der,
        };
        let text = proto::json::encode(&r).unwrap();
        prop_assert_eq!(decode::<GetBoundProfilePackageRequest>(&text).unwrap(), r);
    }
}
