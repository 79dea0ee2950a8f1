use proto::json::{
    EmptyResponse, ExecutionStatus, RequestHeader, ResponseHeader, StatusCode, StatusCodeData,
    decode, reason_name, subject_name,
};

use super::round_trip;

#[test]
fn sgp22_6_5_1_3_request_header_members() {
    let h: RequestHeader = round_trip(
        r#"{"functionRequesterIdentifier":"operator-1","functionCallIdentifier":"FCI-1-1"}"#,
    );
    assert_eq!(h, RequestHeader::new("operator-1", "FCI-1-1"));
}

#[test]
fn sgp22_6_5_1_4_success_header_has_no_status_code_data() {
    let text = r#"{"header":{"functionExecutionStatus":{"status":"Executed-Success"}}}"#;
    let r: EmptyResponse = round_trip(text);
    assert_eq!(r, EmptyResponse::success());
    assert!(r.header.is_executed());
}

#[test]
fn sgp22_6_5_1_4_failed_header_carries_subject_and_reason_codes() {
    let text = r#"{"header":{"functionExecutionStatus":{"status":"Failed","statusCodeData":{
        "subjectCode":"8.2.6","reasonCode":"3.8","message":"Refused"}}}}"#;
    let r: EmptyResponse = round_trip(text);
    assert_eq!(
        r,
        EmptyResponse::failed(StatusCode::MATCHING_ID_REFUSED, "Refused")
    );
    let data = r.header.status_code_data().unwrap();
    assert!(data.is(StatusCode::MATCHING_ID_REFUSED));
    assert!(!r.header.is_executed());
}

#[test]
fn sgp22_6_5_1_4_all_four_statuses_and_subject_identifier() {
    for (status, text) in [
        (ExecutionStatus::ExecutedSuccess, "Executed-Success"),
        (ExecutionStatus::ExecutedWithWarning, "Executed-WithWarning"),
        (ExecutionStatus::Failed, "Failed"),
        (ExecutionStatus::Expired, "Expired"),
    ] {
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            format!("\"{text}\"")
        );
    }
    assert!(decode::<ExecutionStatus>(br#""Executed""#).is_err());
    let h = ResponseHeader::with(
        ExecutionStatus::Expired,
        Some(
            StatusCodeData::from(StatusCode::DOWNLOAD_ORDER_EXPIRED)
                .with_subject_identifier("8949449999999990023"),
        ),
    );
    let text = serde_json::to_string(&h).unwrap();
    assert_eq!(
        text,
        r#"{"functionExecutionStatus":{"status":"Expired","statusCodeData":{"subjectCode":"8.8.5","reasonCode":"4.10","subjectIdentifier":"8949449999999990023"}}}"#
    );
}

#[test]
fn sgp22_6_5_1_4_unknown_members_in_the_header_are_ignored() {
    let text = br#"{"header":{"functionExecutionStatus":{"status":"Executed-Success",
        "futureFlag":true},"futureHeader":1},"futureTop":[1,2]}"#;
    let r: EmptyResponse = decode(text).unwrap();
    assert_eq!(r, EmptyResponse::success());
}

#[test]
fn sgp22_5_2_6_status_codes_name_subject_and_reason() {
    assert_eq!(
        StatusCode::MATCHING_ID_REFUSED.to_string(),
        "8.2.6/3.8 (Matching ID - Refused)"
    );
    assert_eq!(
        StatusCode::TRANSACTION_ID_UNKNOWN.to_string(),
        "8.10.1/3.9 (TransactionId - Unknown)"
    );
    assert_eq!(subject_name("8.11.1"), Some("CI Public Key"));
    assert_eq!(
        reason_name("6.4"),
        Some("Maximum Number of Retries Exceeded")
    );
    assert_eq!(subject_name("9.9"), None);
    // Every catalogued pair names a known subject and reason.
    for code in [
        StatusCode::SMDP_ADDRESS_REFUSED,
        StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED,
        StatusCode::SVN_UNSUPPORTED,
        StatusCode::SMDP_CERTIFICATE_UNAVAILABLE,
        StatusCode::EUM_CERTIFICATE_VERIFICATION_FAILED,
        StatusCode::EUM_CERTIFICATE_EXPIRED,
        StatusCode::EUICC_CERTIFICATE_VERIFICATION_FAILED,
        StatusCode::EUICC_CERTIFICATE_EXPIRED,
        StatusCode::EUICC_VERIFICATION_FAILED,
        StatusCode::EID_REFUSED,
        StatusCode::PROFILE_TYPE_STOPPED_ON_WARNING,
        StatusCode::CI_PUBLIC_KEY_UNKNOWN,
        StatusCode::PROFILE_NOT_ALLOWED,
        StatusCode::DOWNLOAD_ORDER_RETRIES_EXCEEDED,
        StatusCode::EUICC_INSUFFICIENT_MEMORY,
        StatusCode::CONFIRMATION_CODE_MISSING,
        StatusCode::CONFIRMATION_CODE_REFUSED,
        StatusCode::CONFIRMATION_CODE_RETRIES_EXCEEDED,
        StatusCode::BPP_REBINDING_REFUSED,
        StatusCode::SMDP_INVALID_ASSOCIATION,
        StatusCode::EID_MISSING,
        StatusCode::EID_UNKNOWN,
        StatusCode::EID_INVALID_ASSOCIATION,
        StatusCode::EID_INVALID,
        StatusCode::EID_NOT_ALLOWED,
        StatusCode::PROFILE_ICCID_NOT_ALLOWED,
        StatusCode::PROFILE_ICCID_MISSING,
        StatusCode::PROFILE_ICCID_ALREADY_IN_USE,
        StatusCode::PROFILE_ICCID_INVALID_TRANSITION,
        StatusCode::PROFILE_ICCID_UNAVAILABLE,
        StatusCode::PROFILE_ICCID_UNKNOWN,
        StatusCode::PROFILE_ICCID_INVALID_ASSOCIATION,
        StatusCode::PROFILE_TYPE_NOT_ALLOWED,
        StatusCode::PROFILE_TYPE_UNAVAILABLE,
        StatusCode::PROFILE_TYPE_REFUSED,
        StatusCode::PROFILE_TYPE_UNKNOWN,
        StatusCode::MATCHING_ID_INVALID,
        StatusCode::MATCHING_ID_MISSING,
        StatusCode::MATCHING_ID_ALREADY_IN_USE,
        StatusCode::MATCHING_ID_INVALID_ASSOCIATION,
        StatusCode::SMDS_EXECUTION_ERROR,
        StatusCode::SMDS_INACCESSIBLE,
        StatusCode::EVENT_RECORD_ALREADY_IN_USE,
        StatusCode::SMDP_ADDRESS_UNKNOWN,
        StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING,
        StatusCode::PROTOCOL_FORMAT_INVALID,
        StatusCode::PROTOCOL_VERSION_UNSUPPORTED,
        StatusCode::FUNCTION_REQUESTER_UNKNOWN,
        StatusCode::FUNCTION_EXECUTION_ERROR,
    ] {
        assert!(code.subject_name().is_some(), "{code:?}");
        assert!(code.reason_name().is_some(), "{code:?}");
    }
}
