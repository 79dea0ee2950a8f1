use proptest::prelude::*;
use proto::json::es2p::*;
use proto::json::{EmptyResponse, ExecutionStatus, decode};

use super::round_trip;

const HEADER: &str =
    r#""header":{"functionRequesterIdentifier":"op-lab","functionCallIdentifier":"FCI-7"}"#;
const OK: &str = r#""header":{"functionExecutionStatus":{"status":"Executed-Success"}}"#;

#[test]
fn sgp22_5_3_1_download_order() {
    let r: DownloadOrderRequest = round_trip(&format!(
        r#"{{{HEADER},"eid":"89049032123451234512345678901235","iccid":"8949449999999990023",
            "profileType":"lab-generic","futureHint":1}}"#
    ));
    assert_eq!(r.header.function_requester_identifier, "op-lab");
    assert!(r.eid.unwrap().has_valid_check_digits());
    let r: DownloadOrderRequest = round_trip(&format!(r#"{{{HEADER},"profileType":"lab"}}"#));
    assert_eq!((r.eid, r.iccid), (None, None));
    let resp: DownloadOrderResponse =
        round_trip(&format!(r#"{{{OK},"iccid":"8949449999999990023"}}"#));
    assert_eq!(resp.iccid.as_str(), "8949449999999990023");
}

#[test]
fn sgp22_5_3_1_iccid_with_f_padding_is_accepted() {
    let r: DownloadOrderRequest =
        decode(format!(r#"{{{HEADER},"iccid":"8949449999999990023F"}}"#).as_bytes()).unwrap();
    assert_eq!(r.iccid.unwrap().as_str(), "8949449999999990023");
}

#[test]
fn sgp22_5_3_2_confirm_order() {
    let r: ConfirmOrderRequest = round_trip(&format!(
        r#"{{{HEADER},"iccid":"8949449999999990023","eid":"89049032123451234512345678901235",
            "matchingId":"04386-AGYFT-A74Y8-3F815","confirmationCode":"12345678",
            "smdsAddress":"lpa.ds.example.com","releaseFlag":true}}"#
    ));
    assert!(r.release_flag);
    assert_eq!(r.smds_address.unwrap().as_str(), "lpa.ds.example.com");
    let resp: ConfirmOrderResponse = round_trip(&format!(
        r#"{{{OK},"eid":"89049032123451234512345678901235","matchingId":"ABC-123",
            "smdpAddress":"testsmdpplus1.example.com"}}"#
    ));
    assert_eq!(resp.matching_id, "ABC-123");
    assert!(
        decode::<ConfirmOrderRequest>(
            format!(r#"{{{HEADER},"iccid":"8949449999999990023"}}"#).as_bytes()
        )
        .unwrap_err()
        .message
        .contains("releaseFlag")
    );
}

#[test]
fn sgp22_5_3_3_cancel_order() {
    let r: CancelOrderRequest = round_trip(&format!(
        r#"{{{HEADER},"iccid":"8949449999999990023","matchingId":"ABC-123",
            "finalProfileStatusIndicator":"Unavailable"}}"#
    ));
    assert_eq!(
        r.final_profile_status_indicator,
        FinalProfileStatusIndicator::Unavailable
    );
    let e = decode::<CancelOrderRequest>(
        format!(
            r#"{{{HEADER},"iccid":"8949449999999990023","finalProfileStatusIndicator":"Gone"}}"#
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.member(), Some("finalProfileStatusIndicator"));
    let _: EmptyResponse = round_trip(&format!("{{{OK}}}"));
}

#[test]
fn sgp22_5_3_4_release_profile() {
    let r: ReleaseProfileRequest =
        round_trip(&format!(r#"{{{HEADER},"iccid":"8949449999999990023"}}"#));
    assert_eq!(r.iccid.as_str(), "8949449999999990023");
    let e = decode::<ReleaseProfileRequest>(br#"{"iccid":"8949449999999990023"}"#).unwrap_err();
    assert!(e.message.contains("header"), "{e}");
}

#[test]
fn sgp22_5_3_5_handle_download_progress_info() {
    let r: HandleDownloadProgressInfoRequest = round_trip(&format!(
        r#"{{{HEADER},"eid":"89049032123451234512345678901235","iccid":"8949449999999990023",
            "profileType":"lab-generic","timestamp":"2026-05-01T10:20:30Z",
            "notificationPointId":4,
            "notificationPointStatus":{{"status":"Failed","statusCodeData":{{
                "subjectCode":"8.1","reasonCode":"6.1","message":"eUICC signature is invalid"}}}},
            "resultData":"vzcCgAA="}}"#
    ));
    assert_eq!(r.notification_point_id, 4);
    assert_eq!(r.notification_point_status.status, ExecutionStatus::Failed);
    assert_eq!(r.result_data.unwrap()[..2], [0xBF, 0x37]);
}

#[test]
fn sgp22_5_3_malformed_identifiers_are_named_in_the_error() {
    let e = decode::<DownloadOrderRequest>(
        format!(r#"{{{HEADER},"eid":"8904903212345123451234567890123X"}}"#).as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.member(), Some("eid"));
    let e = decode::<DownloadOrderRequest>(format!(r#"{{{HEADER},"iccid":12}}"#).as_bytes())
        .unwrap_err();
    assert_eq!(e.member(), Some("iccid"));
    // A wrong EID check digit is not a parse failure: the SM-DP+ answers "EID - Invalid".
    let r: DownloadOrderRequest =
        decode(format!(r#"{{{HEADER},"eid":"89049032123451234512345678901234"}}"#).as_bytes())
            .unwrap();
    assert!(!r.eid.unwrap().has_valid_check_digits());
}

proptest! {
    #[test]
    fn sgp22_5_3_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode::<ConfirmOrderRequest>(&bytes);
        let _ = decode::<HandleDownloadProgressInfoRequest>(&bytes);
        let _ = proto::json::decode_response::<ConfirmOrderResponse>(&bytes);
    }
}
